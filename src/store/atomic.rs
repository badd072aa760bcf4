//! Writing a file so that a crash at any instant leaves either the old or the new content, and
//! cleaning up the temporary files that a crash in the middle of a write leaves behind.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The temporary file of a write to `NAME` is `.NAME.XXXXXX.cjm-tmp` in the folder of `NAME`,
/// `XXXXXX` being [`TEMP_RANDOM_LEN`] random ASCII letters and digits.
const TEMP_SUFFIX: &str = ".cjm-tmp";
/// How many random characters a temporary file's name holds.
const TEMP_RANDOM_LEN: usize = 6;

/// Writes `bytes` to `path` through a temporary file in the same folder: write, fsync, rename
/// over the target, fsync the folder. An existing file keeps its permissions (and its owner and
/// group where the system allows it); a new one is private to the user (0600). A symlink stays
/// a symlink: the link is followed to its final target, the temporary file is made in the
/// target's folder and renamed over the target, so the rename never crosses file systems and
/// the link itself is not touched.
///
/// An error means the file was not replaced: it holds what it held before, and the error's
/// message says why and says so (disk full, a file size limit, a read-only or missing folder,
/// permissions). The error keeps the [`io::ErrorKind`] of its cause.
///
/// Special cases:
/// - a target that exists and is not a regular file (a FIFO, a terminal, `/dev/null`, a
///   socket), or one of the process's open files (`/dev/stdout`, `/dev/fd/N`), is written
///   straight into: opened for appending, as a shell's `>>` would, so that it stays what it is;
/// - a folder is refused ([`io::ErrorKind::IsADirectory`]);
/// - a regular file without any write permission bit (mode 0444) is refused with a
///   [`io::ErrorKind::PermissionDenied`] error saying "FILE is read-only". The check is on
///   the mode bits, so it holds for root too, who could otherwise replace it;
/// - a regular file this user may not write (another user's 0644 file in a shared folder) is
///   refused too, although the folder would let a rename replace it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes, streamed: the content is never whole in memory.
pub fn write_atomic_with(
    path: &Path,
    mut write: impl FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!(
                    "{} is a folder, not a file: name a file to write",
                    path.display()
                ),
            ));
        }
        if !meta.is_file() || is_descriptor_path(path) {
            return write_into(path, write);
        }
        if meta.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{} is read-only: make it writable (chmod u+w) to replace it, or choose \
                     another file",
                    path.display()
                ),
            ));
        }
    }
    let target = resolve_symlink(path)?;
    let dir = folder_of(&target);
    let existing = fs::metadata(&target).ok();
    let failed =
        |step: Step, error: io::Error| explain(path, &dir, existing.is_some(), step, error);
    if existing.is_some() {
        // Opening for writing (without truncating) asks the kernel whether this user may write
        // the file, which the mode bits alone do not tell (owner, group, ACLs).
        fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(|e| failed(Step::Probe, e))?;
    }
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(target.file_name().unwrap_or_default()))
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM_LEN)
        .tempfile_in(&dir)
        .map_err(|e| failed(Step::Create, e))?;
    write(&mut temp).map_err(|e| failed(Step::Write, e))?;
    if let Some(meta) = &existing {
        keep_owner(temp.as_file(), meta);
        temp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| failed(Step::Write, e))?;
    }
    temp.as_file()
        .sync_all()
        .map_err(|e| failed(Step::Write, e))?;
    // On any error above, dropping `temp` deletes the temporary file.
    temp.persist(&target)
        .map_err(|e| failed(Step::Rename, e.error))?;
    // The new content is in place. Syncing the folder makes the rename itself durable across
    // a power cut; when it fails the file is still replaced, so this is not an error (an error
    // from this function means the old content is still there).
    let _ = sync_dir(&dir);
    Ok(())
}

/// Removes the temporary files that interrupted writes of the file at `path` left in its folder
/// (the folder of the symlink's target for a symlink), and returns how many it removed. Call
/// it only while holding the file's [`super::WriteLock`]: every write of a workspace holds it,
/// so no temporary file then belongs to a write under way, whatever its age.
///
/// Only regular files named exactly as [`write_atomic`] names the temporary files of this
/// file (`.NAME.XXXXXX.cjm-tmp`, six ASCII letters or digits) are removed: nothing else in the
/// folder, not the temporary files of other files, not a link named like one. A missing folder
/// or file is not an error (nothing to clean); a folder that cannot be listed, or a leftover
/// that cannot be removed, is.
pub(super) fn remove_stray_temps(path: &Path) -> io::Result<usize> {
    let target = resolve_symlink(path)?;
    let Some(name) = target.file_name() else {
        return Ok(0);
    };
    let dir = folder_of(&target);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        if !is_temp_name_of(&entry.file_name(), name) {
            continue;
        }
        // `DirEntry::metadata` does not follow symlinks: a link named like a temporary file
        // is not one of ours.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        match fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!(
                        "cannot remove {}, left by an interrupted save: {e}",
                        entry.path().display()
                    ),
                ));
            }
        }
    }
    Ok(removed)
}

/// `.NAME.`: the start of the name of a temporary file of `NAME`.
fn temp_prefix(name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    prefix
}

/// Whether `candidate` is named as a temporary file of a write to `name`.
fn is_temp_name_of(candidate: &OsStr, name: &OsStr) -> bool {
    let Some(random) = candidate
        .as_encoded_bytes()
        .strip_prefix(temp_prefix(name).as_encoded_bytes())
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX.as_bytes()))
    else {
        return false;
    };
    random.len() == TEMP_RANDOM_LEN && random.iter().all(u8::is_ascii_alphanumeric)
}

/// The folder holding `file`, `.` for a bare file name.
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The steps of a write, to say which one failed.
#[derive(Clone, Copy)]
enum Step {
    /// Checking that the existing file may be written.
    Probe,
    /// Creating the temporary file.
    Create,
    /// Writing, chmod-ing and syncing the temporary file.
    Write,
    /// Renaming it over the target.
    Rename,
}

/// An error of a write that did not replace `path`: what failed, why in words a user can act
/// on, and that the file is as it was. Keeps the kind of `error`.
fn explain(path: &Path, dir: &Path, existed: bool, step: Step, error: io::Error) -> io::Error {
    use io::ErrorKind as K;
    let kind = error.kind();
    let file = path.display();
    let folder = dir.display();
    let what = match (step, kind) {
        (_, K::StorageFull | K::FileTooLarge | K::QuotaExceeded) => format!(
            "no room for the new copy: the disk is full or a size limit was reached ({error})"
        ),
        (_, K::ReadOnlyFilesystem) => format!("{folder} is on a read-only file system"),
        (Step::Probe, K::PermissionDenied) => {
            format!("{file} is not writable by this user: check its owner and mode")
        }
        (Step::Rename, K::PermissionDenied) if is_sticky(dir) => format!(
            "the folder {folder} is shared with the sticky bit set (as /tmp is): only the owner \
             of {file} or of the folder may replace it; ask them, or save a copy elsewhere"
        ),
        (Step::Create | Step::Rename, K::PermissionDenied) => format!(
            "the folder {folder} is not writable by this user (the new copy is made there): \
             check its owner and mode"
        ),
        (Step::Create, K::NotFound) => format!("the folder {folder} does not exist"),
        (Step::Probe, _) => format!("cannot open {file} for writing: {error}"),
        (Step::Create, _) => format!("cannot create a temporary file in {folder}: {error}"),
        (Step::Write, _) => format!("cannot write the new copy in {folder}: {error}"),
        (Step::Rename, _) => format!("cannot put the new copy in place: {error}"),
    };
    let outcome = if existed {
        format!("{file} is unchanged")
    } else {
        format!("{file} was not created")
    };
    io::Error::new(kind, format!("{what}; {outcome}"))
}

/// Whether `dir` has the sticky bit: there only a file's owner may rename over it.
fn is_sticky(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o1000 != 0)
}

/// Gives the new copy the owner and group of the file it replaces, where the system allows
/// it (root, or a group the user belongs to); otherwise the copy keeps the user's own.
#[cfg(unix)]
fn keep_owner(file: &fs::File, original: &fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    if fchown(file, Some(original.uid()), Some(original.gid())).is_err() {
        let _ = fchown(file, None, Some(original.gid()));
    }
}

/// Whether `path` names one of this process's open files (`/dev/stdout`, `/dev/fd/3`,
/// `/proc/self/fd/1`): what the shell opened must be written into, never replaced, even when
/// it is a regular file (`cjm export -o /dev/stdout >> log.csv` appends to `log.csv`).
fn is_descriptor_path(path: &Path) -> bool {
    let standard = ["/dev/stdout", "/dev/stderr"].map(Path::new);
    standard.contains(&path)
        || path.starts_with("/dev/fd")
        || (path.starts_with("/proc") && path.components().any(|c| c.as_os_str() == "fd"))
}

/// Writes `bytes` into the existing special file `path`, without replacing it.
fn write_into(
    path: &Path,
    mut write: impl FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().append(true).open(path)?;
    write(&mut file)?;
    file.flush()
}

/// The file a path finally names, following symlinks even when the last target is missing.
fn resolve_symlink(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&current) {
            Ok(link) => {
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Err(_) => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _original: &fs::Metadata) {}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    #[test]
    fn a_fifo_is_written_into_and_stays_a_fifo() {
        let dir = tempfile::TempDir::new().unwrap();
        let fifo = dir.path().join("out.fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"through the pipe\n").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe\n");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        write_atomic(Path::new("/dev/null"), b"nothing").unwrap();
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn a_read_only_file_is_refused_even_for_root() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("locked.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let error = write_atomic(&path, b"new").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::PermissionDenied);
        assert!(
            error.to_string().contains("locked.csv is read-only"),
            "{error}"
        );
        assert_eq!(fs::read(&path).unwrap(), b"old");
    }

    #[test]
    fn temporary_names_follow_one_exact_pattern() {
        let name = OsStr::new("ws.json");
        let yes = |c: &str| assert!(is_temp_name_of(OsStr::new(c), name), "{c}");
        let no = |c: &str| assert!(!is_temp_name_of(OsStr::new(c), name), "{c}");
        yes(".ws.json.aZ09bY.cjm-tmp");
        no("ws.json");
        no(".ws.json.lock");
        no(".ws.json.aZ09b.cjm-tmp");
        no(".ws.json.aZ09bYc.cjm-tmp");
        no(".ws.json.aZ-9bY.cjm-tmp");
        no(".ws.json.aZ09bY.cjm-tmp~");
        no(".ws.json.conflict-1.aZ09bY.cjm-tmp");
        no(".xws.json.aZ09bY.cjm-tmp");
        no(".s.json.aZ09bY.cjm-tmp");
        // The name write_atomic really gives.
        let temp = tempfile::Builder::new()
            .prefix(&temp_prefix(name))
            .suffix(TEMP_SUFFIX)
            .rand_bytes(TEMP_RANDOM_LEN)
            .tempfile()
            .unwrap();
        assert!(is_temp_name_of(temp.path().file_name().unwrap(), name));
    }
}
