//! Recovery files: unsaved edits kept in the user's data folder until they reach the
//! workspace, so a dropped SSH link, a killed process or a failed save loses nothing.
//!
//! One recovery file per workspace, named after the workspace's absolute path, written
//! atomically and private to the user (0600). cjm deletes its own recovery file once the
//! edits are saved; a recovery the user declines is set aside under a new name, never deleted.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::write_atomic_with;
use crate::model::Workspace;

/// The `format` a recovery file carries.
const RECOVERY_FORMAT: &str = "cjm-recovery";

/// Environment variable naming the folder of recovery files (default: `recovery` in the
/// user's data folder).
pub const RECOVERY_DIR_ENV: &str = "CJM_RECOVERY_DIR";

/// Unsaved edits of a workspace, as last journaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    /// Always `cjm-recovery`.
    pub format: String,
    /// The workspace file the edits belong to.
    pub workspace_path: PathBuf,
    /// When the edits were journaled, in seconds since 1970 (UTC).
    pub written_at: u64,
    /// The workspace with the edits.
    pub workspace: Workspace,
}

/// The folder of recovery files.
fn recovery_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(RECOVERY_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "cjm").map(|dirs| dirs.data_dir().join("recovery"))
}

/// The recovery file of the workspace at `workspace`: its name and a hash of its absolute
/// path, so two workspaces of the same name in different folders do not share one.
pub fn recovery_path(workspace: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(workspace).unwrap_or_else(|_| workspace.to_path_buf());
    let mut hasher = DefaultHasher::new();
    absolute.hash(&mut hasher);
    let name = workspace
        .file_name()
        .map_or("workspace".into(), |n| n.to_string_lossy().into_owned());
    let file = format!("{name}-{:016x}.recovery.json", hasher.finish());
    recovery_dir().map(|dir| dir.join(file))
}

/// Journals `edited`, the in-memory state of the workspace at `workspace`.
pub fn write_recovery(workspace: &Path, edited: &Workspace) -> io::Result<PathBuf> {
    let path = recovery_path(workspace)
        .ok_or_else(|| io::Error::other("no data folder for recovery files"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // The same fields as [`Recovery`], borrowing the workspace rather than copying it.
    #[derive(Serialize)]
    struct Journal<'a> {
        format: &'a str,
        workspace_path: PathBuf,
        written_at: u64,
        workspace: &'a Workspace,
    }
    let journal = Journal {
        format: RECOVERY_FORMAT,
        workspace_path: std::path::absolute(workspace).unwrap_or_else(|_| workspace.into()),
        written_at: now(),
        workspace: edited,
    };
    // Streamed into the file: a large workspace's text is never whole in memory.
    write_atomic_with(&path, |out| {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer(&mut out, &journal).map_err(io::Error::from)?;
        io::Write::flush(&mut out)
    })?;
    Ok(path)
}

/// The recovery waiting for the workspace at `workspace`, if there is one. A recovery file
/// that cannot be read is reported, not ignored.
pub fn read_recovery(workspace: &Path) -> Option<Result<Recovery, String>> {
    let path = recovery_path(workspace)?;
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(format!("{}: cannot read: {e}", path.display()))),
    };
    let recovery: Result<Recovery, _> = serde_json::from_slice(&bytes);
    Some(match recovery {
        Ok(r) if r.format == RECOVERY_FORMAT => Ok(r),
        Ok(_) => Err(format!("{}: not a cjm recovery file", path.display())),
        Err(e) => Err(format!("{}: {e}", path.display())),
    })
}

/// Removes the workspace's recovery file once its edits are saved. No file is fine.
pub fn discard_recovery(workspace: &Path) -> io::Result<()> {
    let Some(path) = recovery_path(workspace) else {
        return Ok(());
    };
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Sets the workspace's recovery file aside (renamed with the time), when the user declines
/// it; returns where it went.
pub fn set_aside(workspace: &Path) -> io::Result<PathBuf> {
    let path = recovery_path(workspace)
        .ok_or_else(|| io::Error::other("no data folder for recovery files"))?;
    let aside = path.with_extension(format!("declined-{}.json", now()));
    std::fs::rename(&path, &aside)?;
    Ok(aside)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points recovery files at a fresh folder for the duration of a test.
    fn isolated() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        // SAFETY: tests in this module are the only users of this variable, and each sets it
        // to its own folder before use; they run serially through the lock below.
        unsafe { std::env::set_var(RECOVERY_DIR_ENV, dir.path().join("recovery")) };
        dir
    }

    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn a_recovery_is_written_read_discarded_and_private() {
        let _serial = SERIAL.lock().unwrap();
        let dir = isolated();
        let workspace = dir.path().join("ws.json");
        assert!(read_recovery(&workspace).is_none());
        let demo = crate::demo::workspace();
        let path = write_recovery(&workspace, &demo).unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let recovery = read_recovery(&workspace).unwrap().unwrap();
        assert_eq!(recovery.workspace, demo);
        assert_eq!(
            recovery.workspace_path,
            std::path::absolute(&workspace).unwrap()
        );
        discard_recovery(&workspace).unwrap();
        assert!(read_recovery(&workspace).is_none());
        discard_recovery(&workspace).unwrap();
    }

    #[test]
    fn same_names_in_different_folders_do_not_share_a_recovery() {
        let _serial = SERIAL.lock().unwrap();
        let dir = isolated();
        let a = recovery_path(&dir.path().join("a/ws.json")).unwrap();
        let b = recovery_path(&dir.path().join("b/ws.json")).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_declined_recovery_is_kept_aside_and_a_broken_one_reported() {
        let _serial = SERIAL.lock().unwrap();
        let dir = isolated();
        let workspace = dir.path().join("ws.json");
        write_recovery(&workspace, &Workspace::default()).unwrap();
        let aside = set_aside(&workspace).unwrap();
        assert!(aside.exists());
        assert!(read_recovery(&workspace).is_none());
        let path = recovery_path(&workspace).unwrap();
        std::fs::write(&path, "{ not json").unwrap();
        assert!(read_recovery(&workspace).unwrap().is_err());
    }
}
