//! Loading and saving the JSON workspace file.
//!
//! Reading checks UTF-8, JSON syntax, the format name, the version and the model's invariants,
//! and reports problems with the file, line and column. Writing is atomic (see [`write_atomic`]) and
//! canonical (see [`to_json`]), and refuses to overwrite a file that changed since it was read.

mod atomic;
mod base;
mod error;
mod location;
mod lock;
mod paths;
pub mod places;
mod recovery;

pub use atomic::{write_atomic, write_atomic_with};
pub use base::Base;
pub use error::{LoadError, SaveError};
pub use lock::{Peer, Presence, WriteLock, others_open};
pub use paths::{WORKSPACE_ENV, default_workspace_path};
pub use recovery::{
    Draft, Journal, Orphan, RECOVERY_DIR_ENV, Recovery, orphaned_journals, recovery_dir,
    remove_journal, set_aside,
};

use std::fs;
use std::hash::Hasher;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::Deserialize;

use crate::model::{FORMAT_NAME, FORMAT_VERSION, Workspace, validate};
use crate::safe_fs;
use location::{find_id, line_col};

/// A workspace read from disk.
#[derive(Debug)]
pub struct Loaded {
    /// The parsed workspace.
    pub workspace: Workspace,
    /// Why the workspace must not be written (a newer format version), if so.
    pub read_only: Option<String>,
    /// What the file held when it was read, to notice changes by others before saving.
    pub fingerprint: Fingerprint,
    /// The bytes read: the base of a three-way merge should someone else save the file later.
    pub bytes: Vec<u8>,
    /// The file they were read from, still open: it reads the same bytes again even after
    /// someone else saves over the file (a save replaces the file rather than rewriting it).
    pub file: Option<fs::File>,
}

/// A workspace just written to disk.
#[derive(Debug)]
pub struct Written {
    /// What the file holds now.
    pub fingerprint: Fingerprint,
    /// The bytes written, compressed: the base of the next merge.
    pub base: Base,
}

/// A digest of a file's bytes, to tell whether it changed since it was read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    /// The hash fingerprints use.
    fn hasher() -> twox_hash::XxHash3_64 {
        twox_hash::XxHash3_64::with_seed(0)
    }

    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        // `write`, not `bytes.hash`: no length prefix, so bytes hashed as they stream past
        // (see `base::stream`) give the same fingerprint. XXH3 rather than the standard
        // SipHash: it hashes a large file several times faster, and the file is hashed before
        // the first frame.
        let mut hasher = Fingerprint::hasher();
        hasher.write(bytes);
        Self {
            len: bytes.len(),
            hash: hasher.finish(),
        }
    }
}

/// Why this user may not write the workspace at `path`, if so. Opening for writing (without
/// truncating, without writing) asks the system, so another user's 0644 file counts as
/// read-only too, not only a 0444 one.
pub fn write_refusal(path: &Path) -> Option<String> {
    if fs::symlink_metadata(path).is_err() {
        return None;
    }
    let locked = fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
        || fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .is_err();
    locked.then(|| {
        format!(
            "{} is read-only for you (its permissions): opened read-only; make it writable \
             (chmod u+w) to edit",
            path.display()
        )
    })
}

/// Removes the temporary files that saves of the workspace at `path` left when they were
/// killed, under its write lock; returns how many.
pub fn clean_stray_temps(path: &Path) -> std::io::Result<usize> {
    let _lock = match WriteLock::acquire(path) {
        // No folder: nothing to clean.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        locked => locked?,
    };
    atomic::remove_stray_temps(path)
}

/// Reads and checks the workspace at `path`.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    read(path)?.parse(path)
}

/// A workspace file read but not parsed yet: its bytes, their fingerprint and the file still
/// open. See [`read`].
#[derive(Debug)]
pub struct Unparsed {
    file: fs::File,
    bytes: Vec<u8>,
    /// What the file holds.
    pub fingerprint: Fingerprint,
}

/// The first half of [`load`]: reads the file at `path` (a regular file only) and
/// fingerprints it, so that a caller can tell whether it changed before parsing it.
pub fn read(path: &Path) -> Result<Unparsed, LoadError> {
    // A FIFO would block for ever and /dev/zero never end: only regular files are workspaces,
    // refused before a byte is read.
    let mut file = safe_fs::open_regular(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::InvalidInput => LoadError::Io {
            path: path.to_path_buf(),
            message: "not a regular file (a pipe, a device or a socket): name a workspace file"
                .to_string(),
            source,
        },
        _ => LoadError::io(path, source),
    })?;
    let meta = file
        .metadata()
        .map_err(|source| LoadError::io(path, source))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes)
        .map_err(|source| LoadError::io(path, source))?;
    let fingerprint = Fingerprint::of(&bytes);
    Ok(Unparsed {
        file,
        bytes,
        fingerprint,
    })
}

impl Unparsed {
    /// The second half of [`load`]: parses and checks the bytes; `path` names the file in
    /// errors.
    pub fn parse(self, path: &Path) -> Result<Loaded, LoadError> {
        let (workspace, read_only) = parse(path, &self.bytes)?;
        Ok(Loaded {
            file: Some(self.file),
            workspace,
            read_only,
            fingerprint: self.fingerprint,
            bytes: self.bytes,
        })
    }
}

/// Parses workspace bytes; `path` only names the file in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<(Workspace, Option<String>), LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        LoadError::at(
            path,
            line,
            column,
            "the file is not valid UTF-8 text: save it as UTF-8",
        )
    })?;
    if text.trim().is_empty() {
        return Err(LoadError::at(
            path,
            1,
            1,
            "the file is empty: delete it to start from the demo, or restore it from a backup",
        ));
    }
    let mut workspace: Workspace = match serde_json::from_str(text) {
        Ok(ws) => ws,
        Err(e) => return Err(explain_parse_error(path, text, e)),
    };
    check_header(path, text, &workspace.format, workspace.version)?;
    // An older version is migrated as it is read (version 1's text evidence became a record):
    // it is written back as this version.
    workspace.version = workspace.version.max(FORMAT_VERSION);
    if let Err(problem) = validate(&workspace) {
        let (line, column) = problem
            .id
            .as_ref()
            .and_then(|(id, nth)| find_id(text, id, *nth))
            .map(|offset| line_col(text.as_bytes(), offset))
            .unwrap_or((1, 1));
        return Err(LoadError::at(path, line, column, problem.to_string()));
    }
    let read_only = (workspace.version > FORMAT_VERSION).then(|| {
        format!(
            "{} was written by a newer cjm (format version {}; this cjm knows up to {}): \
             opened read-only, upgrade cjm to edit it",
            path.display(),
            workspace.version,
            FORMAT_VERSION
        )
    });
    Ok((workspace, read_only))
}

/// Just the top of a workspace file, read when the whole file does not parse.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

fn explain_parse_error(path: &Path, text: &str, error: serde_json::Error) -> LoadError {
    let mut offset = location::serde_offset(text, error.line(), error.column());
    if error.classify() == serde_json::error::Category::Data {
        offset = location::end_of_previous_value(text, offset);
    }
    let (line, column) = line_col(text.as_bytes(), offset);
    let mut message = error.to_string();
    // serde_json appends " at line L column C", counting only `\n` as a line break; the
    // place, counted as an editor does, is already in front.
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    if let Ok(Header {
        format: Some(format),
        version: Some(version),
    }) = serde_json::from_str::<Header>(text)
        && format == FORMAT_NAME
        && version > FORMAT_VERSION
    {
        return LoadError::at(
            path,
            line,
            column,
            format!(
                "written by a newer cjm (format version {version}; this cjm knows up to \
                 {FORMAT_VERSION}) and not readable here: upgrade cjm ({message})"
            ),
        );
    }
    LoadError::at(path, line, column, message)
}

fn check_header(path: &Path, text: &str, format: &str, version: u32) -> Result<(), LoadError> {
    let at_key = |key: &str| {
        let offset = text.find(&format!("\"{key}\"")).unwrap_or(0);
        line_col(text.as_bytes(), offset)
    };
    if format != FORMAT_NAME {
        let (line, column) = at_key("format");
        return Err(LoadError::at(
            path,
            line,
            column,
            format!("\"format\" is {format:?}, not {FORMAT_NAME:?}: this is not a cjm workspace"),
        ));
    }
    if version == 0 {
        let (line, column) = at_key("version");
        return Err(LoadError::at(
            path,
            line,
            column,
            "\"version\" 0 does not exist: the first format version is 1",
        ));
    }
    Ok(())
}

/// The canonical text of a workspace: pretty JSON, two-space indent, fields in a fixed order,
/// ending with a newline. Saving the same workspace twice gives the same bytes.
pub fn to_json(workspace: &Workspace) -> String {
    let mut text = serde_json::to_string_pretty(workspace).expect("a workspace always serializes");
    text.push('\n');
    text
}

/// Saves `workspace` to `path` atomically, unless the file changed since `expected` was read.
///
/// `expected` is the fingerprint of what this program last read or wrote; `None` means the
/// file is new to it and must not exist yet. Returns the fingerprint of the new content.
pub fn save(
    path: &Path,
    workspace: &Workspace,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, SaveError> {
    write(path, workspace, expected).map(|written| written.fingerprint)
}

/// [`save`], returning a compressed copy of what was written too (the next merge's base).
pub fn write(
    path: &Path,
    workspace: &Workspace,
    expected: Option<Fingerprint>,
) -> Result<Written, SaveError> {
    // The check and the write happen under the lock, so no other cjm writes in between.
    let _lock = WriteLock::acquire(path).map_err(|source| SaveError::io(path, source))?;
    // Under the lock no temporary file belongs to a write under way: any there is a leftover
    // of a killed save. Failing to remove one does not stop this save.
    let _ = atomic::remove_stray_temps(path);
    let on_disk = match safe_fs::read_regular(path) {
        Ok(bytes) => Some(Fingerprint::of(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(SaveError::io(path, source)),
    };
    if on_disk.is_some() && on_disk != expected {
        return Err(SaveError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    // Streamed into the file: a large workspace's text is never whole in memory.
    let mut written = None;
    write_atomic_with(path, |out| {
        written = Some(base::stream(workspace, out)?);
        Ok(())
    })
    .map_err(|source| SaveError::io(path, source))?;
    let (fingerprint, base) = written.expect("a successful write streamed the workspace");
    Ok(Written { fingerprint, base })
}

#[cfg(test)]
mod tests;
