//! Opening files in folders other people can write to, without being tricked: nothing cjm
//! reads blocks (a FIFO or a device where a file should be is refused before a byte is read),
//! and nothing cjm creates for itself (locks, marks, journals) follows a symbolic link or is
//! readable by others unless it says so.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Mode of the files cjm keeps for one user (journals, temporary files).
pub const PRIVATE_FILE: u32 = 0o600;
/// Mode of the folders cjm creates for itself (the data folder, the recovery folder).
pub const PRIVATE_FOLDER: u32 = 0o700;

/// Opens `path` for reading, refusing anything but a regular file before reading a byte.
///
/// The file is opened non-blocking, so a FIFO with no writer (or a device that would wait)
/// cannot hang the caller; its type is then checked on the open descriptor, so a file swapped
/// in between a check and the open is still caught. Symbolic links are followed: a workspace
/// may be one.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "a folder, not a file",
        ));
    }
    if !meta.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// The error for a FIFO, device or socket where a file was expected.
pub fn not_regular() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "not a regular file (a pipe, a device or a socket): name a regular file",
    )
}

/// The whole content of the regular file at `path` (see [`open_regular`]).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(file.metadata()?.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text.
pub fn read_regular_text(path: &Path) -> io::Result<String> {
    String::from_utf8(read_regular(path)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// Creates `dir` and its missing parents, private to the user (0700). Folders that already
/// exist keep their mode.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_FOLDER)
        .create(dir)
}

/// Opens `path`, creating it with `mode` when missing, never through a symbolic link (a link
/// planted at the path is an error, its target is untouched), and never blocking on a FIFO:
/// anything but a regular file is refused. Opened for reading and writing when this user may
/// write it, else for reading only (enough to lock it: see [`crate::store::WriteLock`]).
pub fn open_or_create_nofollow(path: &Path, mode: u32) -> io::Result<File> {
    let flags = libc::O_NOFOLLOW | libc::O_NONBLOCK;
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(mode)
        .custom_flags(flags)
        .open(path)
        .or_else(|e| match e.kind() {
            io::ErrorKind::PermissionDenied => {
                OpenOptions::new().read(true).custom_flags(flags).open(path)
            }
            _ => Err(e),
        })
        .map_err(|e| explain_link(path, e))?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Creates `path`, which must not exist yet, with `mode`; never through a symbolic link.
pub fn create_new_nofollow(path: &Path, mode: u32) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Opens an existing regular file for reading without following a symbolic link at `path`
/// and without blocking.
pub fn open_existing_nofollow(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| explain_link(path, e))?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// `O_NOFOLLOW` fails with ELOOP on a link: say what that means.
fn explain_link(path: &Path, error: io::Error) -> io::Error {
    if error.raw_os_error() == Some(libc::ELOOP) {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is a symbolic link where cjm keeps a file of its own: remove it",
                path.display()
            ),
        )
    } else {
        error
    }
}

/// Writes a file private to the user (0600) at `path`: a new temporary file beside it
/// (`O_EXCL`, so never through a link), then a rename over `path`. Whatever was at `path` (a
/// symbolic link, a FIFO, another file) is replaced, never written through or followed.
pub fn write_private(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(PRIVATE_FILE))
        .tempfile_in(dir)?;
    write(&mut temp)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether a live process holds an OS lock on the regular file at `path` (never followed
/// through a link); `None` when there is no such file or it cannot be tried.
pub fn lock_held(path: &Path) -> Option<bool> {
    let file = open_existing_nofollow(path).ok()?;
    match file.try_lock_shared() {
        Ok(()) => Some(false),
        Err(fs::TryLockError::WouldBlock) => Some(true),
        Err(fs::TryLockError::Error(_)) => None,
    }
}

/// Whether the open `file` is still the one `path` names (a lock file removed or replaced
/// after it was opened is not).
pub fn still_at(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn fifo_in(dir: &Path) -> std::path::PathBuf {
        let fifo = dir.join("fifo");
        let made = Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        fifo
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = fifo_in(dir.path());
        let error = read_regular(&fifo).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        assert!(open_or_create_nofollow(&fifo, 0o600).is_err());
        assert!(open_existing_nofollow(&fifo).is_err());
        assert!(read_regular(Path::new("/dev/zero")).is_err());
    }

    #[test]
    fn links_are_never_followed_and_their_targets_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let link = dir.path().join("planted");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let error = open_or_create_nofollow(&link, 0o600).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert!(create_new_nofollow(&link, 0o600).is_err());
        assert!(open_existing_nofollow(&link).is_err());
        write_private(&link, |out| out.write_all(b"journal")).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(meta.is_file(), "the link itself was replaced");
        assert_eq!(meta.permissions().mode() & 0o777, PRIVATE_FILE);
    }

    #[test]
    fn a_fifo_at_a_private_files_path_is_replaced_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = fifo_in(dir.path());
        write_private(&fifo, |out| out.write_all(b"ok")).unwrap();
        assert_eq!(fs::read(&fifo).unwrap(), b"ok");
    }

    #[test]
    fn private_folders_are_0700() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_dir(&nested).unwrap();
        for folder in [dir.path().join("a"), nested] {
            let mode = fs::metadata(folder).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, PRIVATE_FOLDER);
        }
    }

    #[test]
    fn a_replaced_file_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let file = open_or_create_nofollow(&path, 0o644).unwrap();
        assert!(still_at(&file, &path));
        fs::remove_file(&path).unwrap();
        assert!(!still_at(&file, &path));
        fs::write(&path, "").unwrap();
        assert!(!still_at(&file, &path));
    }
}
