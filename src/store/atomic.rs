//! Writing a file so that a crash at any instant leaves either the old or the new content.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder: write, fsync, rename
/// over the target, fsync the folder. An existing file keeps its permissions; a new one is
/// private to the user (0600). A symlink stays a symlink: its target is written.
///
/// Two kinds of target are not replaced by a rename:
/// - one that exists and is not a regular file (a FIFO, a terminal, `/dev/null`, a socket),
///   or one of the process's open files (`/dev/stdout`, `/dev/fd/N`), is written straight
///   into: opened for appending, as a shell's `>>` would, so that it stays what it is;
/// - a regular file without any write permission bit (mode 0444) is refused with a
///   [`io::ErrorKind::PermissionDenied`] error saying "FILE is read-only". The check is on
///   the mode bits, so it holds for root too, who could otherwise replace it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Ok(meta) = fs::metadata(path) {
        if (!meta.is_file() && !meta.is_dir()) || is_descriptor_path(path) {
            return write_into(path, bytes);
        }
        if meta.is_file() && meta.permissions().readonly() {
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
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".cjm-tmp")
        .tempfile_in(&dir)?;
    temp.write_all(bytes)?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir)
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
fn write_into(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().append(true).open(path)?;
    file.write_all(bytes)?;
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
    Err(io::Error::other("too many levels of symbolic links"))
}

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
}
