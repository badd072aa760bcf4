//! Recovery journals: unsaved edits kept in the user's data folder until they reach the
//! workspace, so a dropped SSH link, a killed process or a failed save loses nothing.
//!
//! Each running instance keeps a journal of its own for the workspace it edits, named after the
//! workspace's absolute path and the instance: `NAME-HASH.PID-XXXXXX.recovery.json`, written
//! atomically, private to the user (0600) in a private folder (0700), never through a link.
//! Beside it the instance holds an OS lock on `NAME-HASH.PID-XXXXXX.lock` for as long as it
//! runs, so a journal whose lock is free belongs to an instance that is gone: that journal is
//! offered at the next start. An instance removes only its own journal (once its edits are
//! saved) or one it has offered back; a journal the user declines is set aside under a new
//! name, never deleted.

use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Fingerprint;
use crate::model::Workspace;
use crate::safe_fs;

/// The `format` a recovery file carries.
const RECOVERY_FORMAT: &str = "cjm-recovery";
/// The end of a journal's name.
const JOURNAL_SUFFIX: &str = ".recovery.json";

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
    /// The file as the instance last read or wrote it, the edits' starting point: when the
    /// file still holds exactly that, the edits are restored as they are; otherwise they are
    /// merged with what was saved since.
    #[serde(default)]
    pub base: Option<Fingerprint>,
    /// Text that was being typed and could not be taken in as a value, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Draft>,
    /// The workspace with the edits.
    pub workspace: Workspace,
}

/// Text typed into a field and not yet committed when the instance ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Where it was typed, e.g. `the emotion of “Pays by card”`.
    pub about: String,
    /// The text.
    pub text: String,
}

/// A journal of an instance that is gone, found at start.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    /// The journal file.
    pub path: PathBuf,
    /// What it holds.
    pub recovery: Recovery,
}

/// The folder of recovery files.
pub fn recovery_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(RECOVERY_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "cjm").map(|dirs| dirs.data_dir().join("recovery"))
}

/// The start of the names of the journals of the workspace at `workspace`: its name and a hash
/// of its absolute path, so two workspaces of the same name in different folders do not share
/// journals.
fn stem(workspace: &Path) -> String {
    let absolute = std::path::absolute(workspace).unwrap_or_else(|_| workspace.to_path_buf());
    let mut hasher = DefaultHasher::new();
    absolute.hash(&mut hasher);
    let name = workspace
        .file_name()
        .map_or("workspace".into(), |n| n.to_string_lossy().into_owned());
    format!("{name}-{:016x}", hasher.finish())
}

/// This instance's journal of one workspace. Nothing is written until the first
/// [`Journal::write`]; then the instance's lock beside it is taken and held until the journal
/// is dropped (or the process ends).
#[derive(Debug)]
pub struct Journal {
    workspace: PathBuf,
    path: PathBuf,
    lock_path: PathBuf,
    lock: Mutex<Option<File>>,
}

impl Journal {
    /// The journal this instance would keep for the workspace at `workspace`; `None` when
    /// there is no data folder.
    pub fn new(workspace: &Path) -> Option<Self> {
        let dir = recovery_dir()?;
        let tag: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(6)
            .collect();
        let instance = format!("{}.{}-{tag}", stem(workspace), std::process::id());
        Some(Self {
            workspace: std::path::absolute(workspace).unwrap_or_else(|_| workspace.into()),
            path: dir.join(format!("{instance}{JOURNAL_SUFFIX}")),
            lock_path: dir.join(format!("{instance}.lock")),
            lock: Mutex::new(None),
        })
    }

    /// The journal's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Journals `edited`, grown from the file as it was at `base`, and `draft`, text typed
    /// and not taken in.
    pub fn write(
        &self,
        edited: &Workspace,
        base: Option<Fingerprint>,
        draft: Option<&Draft>,
    ) -> io::Result<()> {
        let mut lock = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if lock.is_none() {
            if let Some(dir) = self.path.parent() {
                safe_fs::create_private_dir(dir)?;
            }
            let file = safe_fs::create_new_nofollow(&self.lock_path, safe_fs::PRIVATE_FILE)?;
            file.lock()?;
            *lock = Some(file);
        }
        // The same fields as [`Recovery`], borrowing the workspace rather than copying it.
        #[derive(Serialize)]
        struct Entry<'a> {
            format: &'a str,
            workspace_path: &'a Path,
            written_at: u64,
            base: Option<Fingerprint>,
            #[serde(skip_serializing_if = "Option::is_none")]
            draft: Option<&'a Draft>,
            workspace: &'a Workspace,
        }
        let entry = Entry {
            format: RECOVERY_FORMAT,
            workspace_path: &self.workspace,
            written_at: now(),
            base,
            draft,
            workspace: edited,
        };
        // Streamed into the file: a large workspace's text is never whole in memory. Written
        // while holding the mutex, so two writes of this journal never cross.
        safe_fs::write_private(&self.path, |out| {
            let mut out = io::BufWriter::with_capacity(1 << 16, out);
            serde_json::to_writer(&mut out, &entry).map_err(io::Error::from)?;
            io::Write::flush(&mut out)
        })
    }

    /// Removes the journal once its edits are saved. No file is fine.
    pub fn discard(&self) -> io::Result<()> {
        let _lock = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        remove_if_there(&self.path)
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        let held = self.lock.get_mut().map(Option::take).unwrap_or(None);
        if held.is_some() {
            let _ = std::fs::remove_file(&self.lock_path);
        }
    }
}

/// The journals of the workspace at `workspace` whose instances are gone (their lock is free),
/// oldest first: edits to offer back, or why one cannot be read.
pub fn orphaned_journals(workspace: &Path) -> Vec<Result<Orphan, String>> {
    let (Some(dir), stem) = (recovery_dir(), stem(workspace)) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let legacy = format!("{stem}{JOURNAL_SUFFIX}");
    let mut found: Vec<(PathBuf, Option<SystemTime>)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let instance = if name == legacy {
                None
            } else {
                Some(
                    name.strip_prefix(&format!("{stem}."))?
                        .strip_suffix(JOURNAL_SUFFIX)?
                        .to_string(),
                )
            };
            let lock = instance.map(|i| dir.join(format!("{stem}.{i}.lock")));
            if lock.is_some_and(|lock| safe_fs::lock_held(&lock) == Some(true)) {
                return None;
            }
            let modified = entry.metadata().ok().and_then(|m| m.modified().ok());
            Some((entry.path(), modified))
        })
        .collect();
    found.sort_by_key(|(path, modified)| (*modified, path.clone()));
    found
        .into_iter()
        .map(|(path, _)| read_journal(&path).map(|recovery| Orphan { path, recovery }))
        .collect()
}

/// What the journal at `path` holds. One that cannot be read is reported, not ignored.
fn read_journal(path: &Path) -> Result<Recovery, String> {
    let bytes = safe_fs::open_existing_nofollow(path)
        .and_then(|mut file| {
            let mut bytes = Vec::new();
            io::Read::read_to_end(&mut file, &mut bytes).map(|_| bytes)
        })
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    match serde_json::from_slice::<Recovery>(&bytes) {
        Ok(r) if r.format == RECOVERY_FORMAT => Ok(r),
        Ok(_) => Err(format!("{}: not a cjm recovery file", path.display())),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Removes a journal whose edits were offered back and taken in. No file is fine.
pub fn remove_journal(path: &Path) -> io::Result<()> {
    remove_if_there(path)
}

/// Sets a journal aside (renamed with the time) when the user declines it; returns where it
/// went.
pub fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let aside = path.with_extension(format!("declined-{}.json", now()));
    std::fs::rename(path, &aside)?;
    Ok(aside)
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Points recovery files at a fresh folder for the duration of a test.
    fn isolated() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        // SAFETY: tests in this module are the only users of this variable, and each sets it
        // to its own folder before use; they run serially through the lock below.
        unsafe { std::env::set_var(RECOVERY_DIR_ENV, dir.path().join("recovery")) };
        dir
    }

    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_journal_is_private_offered_only_once_its_instance_is_gone_and_discarded() {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let dir = isolated();
        let workspace = dir.path().join("ws.json");
        let journal = Journal::new(&workspace).unwrap();
        assert!(
            !dir.path().join("recovery").exists(),
            "nothing before a write"
        );
        let demo = crate::demo::workspace();
        journal
            .write(&demo, Some(Fingerprint::of(b"base")), None)
            .unwrap();
        assert_eq!(mode(journal.path()), 0o600);
        assert_eq!(mode(&dir.path().join("recovery")), 0o700);
        assert!(
            orphaned_journals(&workspace).is_empty(),
            "its instance runs"
        );
        journal.discard().unwrap();
        journal.discard().unwrap();
        journal.write(&demo, None, None).unwrap();
        let path = journal.path().to_path_buf();
        drop(journal);
        let orphans = orphaned_journals(&workspace);
        assert_eq!(orphans.len(), 1);
        let orphan = orphans[0].clone().unwrap();
        assert_eq!(orphan.path, path);
        let recovery = orphan.recovery;
        assert_eq!(recovery.workspace, demo);
        assert_eq!(
            recovery.workspace_path,
            std::path::absolute(&workspace).unwrap()
        );
        remove_journal(&path).unwrap();
        assert!(orphaned_journals(&workspace).is_empty());
    }

    #[test]
    fn each_instance_keeps_its_own_journal_and_a_save_of_one_never_removes_the_others() {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let dir = isolated();
        let workspace = dir.path().join("ws.json");
        let (a, b) = (
            Journal::new(&workspace).unwrap(),
            Journal::new(&workspace).unwrap(),
        );
        assert_ne!(a.path(), b.path());
        let mut edited = crate::demo::workspace();
        a.write(&edited, None, None).unwrap();
        edited.journeys.pop();
        b.write(&edited, None, None).unwrap();
        a.discard().unwrap();
        assert!(b.path().exists(), "A's save leaves B's journal");
        let draft = Draft {
            about: "the title of “Pays”".into(),
            text: "half a sentence".into(),
        };
        a.write(&edited, None, Some(&draft)).unwrap();
        drop((a, b));
        let orphans = orphaned_journals(&workspace);
        assert_eq!(orphans.len(), 2, "both crashed: both are offered");
        assert!(
            orphans
                .iter()
                .any(|o| o.as_ref().unwrap().recovery.draft.as_ref() == Some(&draft))
        );
    }

    #[test]
    fn same_names_in_different_folders_do_not_share_a_journal() {
        assert_ne!(stem(Path::new("/a/ws.json")), stem(Path::new("/b/ws.json")));
    }

    #[test]
    fn links_and_fifos_at_a_journals_path_are_replaced_never_followed() {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let dir = isolated();
        let workspace = dir.path().join("ws.json");
        let journal = Journal::new(&workspace).unwrap();
        std::fs::create_dir_all(dir.path().join("recovery")).unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "mine").unwrap();
        std::os::unix::fs::symlink(&victim, journal.path()).unwrap();
        journal.write(&Workspace::default(), None, None).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"mine");
        assert_eq!(mode(journal.path()), 0o600);
        assert!(std::fs::symlink_metadata(journal.path()).unwrap().is_file());
    }

    #[test]
    fn a_declined_journal_is_kept_aside_and_a_broken_one_reported() {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let dir = isolated();
        let workspace = dir.path().join("ws.json");
        let journal = Journal::new(&workspace).unwrap();
        journal.write(&Workspace::default(), None, None).unwrap();
        let path = journal.path().to_path_buf();
        drop(journal);
        let aside = set_aside(&path).unwrap();
        assert!(aside.exists());
        assert!(orphaned_journals(&workspace).is_empty());
        // A journal of an older cjm, one per workspace, is found too.
        let legacy = dir
            .path()
            .join("recovery")
            .join(format!("{}{JOURNAL_SUFFIX}", stem(&workspace)));
        std::fs::write(&legacy, "{ not json").unwrap();
        let orphans = orphaned_journals(&workspace);
        assert_eq!(orphans.len(), 1);
        assert!(orphans[0].is_err());
    }
}
