//! Two cjm instances on one workspace: a short lock around each write, and a mark of every
//! instance that has the file open, so each can say that someone else is editing too.
//!
//! Both are OS advisory locks (`flock`) on hidden files beside the workspace: `.NAME.lock`
//! while a write is under way, `.NAME.open-PID-XXXXXX` while an instance has the file open. The
//! kernel releases a lock when its process ends, however it ends, so a lock or mark left by a
//! killed process is told apart from a live one by trying its lock: what a file holds never
//! matters. Neither is ever opened through a symbolic link, and neither is readable by anyone
//! who may not read the workspace itself.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::safe_fs;

/// How long a writer waits for another's lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(2);
/// How often it looks again meanwhile.
const LOCK_RETRY: Duration = Duration::from_millis(10);

/// A hidden file beside the workspace's real file (a symlink's target): `.NAME<suffix>`, so
/// instances opening one file by different paths share their marks.
fn beside(workspace: &Path, suffix: &str) -> PathBuf {
    let workspace = fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf());
    let name = workspace
        .file_name()
        .map_or("workspace".into(), |n| n.to_string_lossy().into_owned());
    workspace.with_file_name(format!(".{name}{suffix}"))
}

/// The mode of a lock or mark: readable by those who may read the workspace (so that they
/// can try its lock), writable by its owner only.
fn shared_mode(workspace: &Path) -> u32 {
    fs::metadata(workspace).map_or(0o644, |m| 0o600 | (m.mode() & 0o044))
}

/// Held while a write of the workspace is under way; released when dropped (or when the
/// process ends, however it ends).
#[derive(Debug)]
pub struct WriteLock {
    path: PathBuf,
    _file: File,
}

impl WriteLock {
    /// Takes the write lock of `workspace`, waiting a little for another writer.
    pub fn acquire(workspace: &Path) -> io::Result<Self> {
        let path = beside(workspace, ".lock");
        let start = Instant::now();
        loop {
            let file = safe_fs::open_or_create_nofollow(&path, shared_mode(workspace))
                .map_err(|e| cannot_lock(workspace, &path, e))?;
            match file.try_lock() {
                // Taken; but a writer that just finished may have removed the file after we
                // opened it: then the lock is on a file no one else will look at.
                Ok(()) if safe_fs::still_at(&file, &path) => {
                    return Ok(Self { path, _file: file });
                }
                Ok(()) => continue,
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(LOCK_RETRY);
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "{} is being written by another program (it holds the lock {}); \
                             try again in a moment",
                            workspace.display(),
                            path.display()
                        ),
                    ));
                }
                Err(fs::TryLockError::Error(e)) => return Err(cannot_lock(workspace, &path, e)),
            }
        }
    }
}

/// Why the lock file could not be opened or locked, in words a user can act on.
fn cannot_lock(workspace: &Path, lock: &Path, error: io::Error) -> io::Error {
    let message = if error.kind() == io::ErrorKind::PermissionDenied {
        if fs::symlink_metadata(lock).is_ok() {
            format!(
                "the lock file {} belongs to another user and cannot be opened: ask them to \
                 make it readable, or remove it; {} is unchanged",
                lock.display(),
                workspace.display()
            )
        } else {
            let folder = lock.parent().unwrap_or(Path::new("."));
            format!(
                "the folder {} is not writable ({error}); {} is unchanged",
                folder.display(),
                workspace.display()
            )
        }
    } else {
        format!(
            "cannot lock {} for writing: {}: {error}; it is unchanged",
            workspace.display(),
            lock.display()
        )
    };
    io::Error::new(error.kind(), message)
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Removed while still held, so no one takes a lock on a file about to go; in a shared
        // folder with the sticky bit another user's file stays, which is harmless.
        let _ = fs::remove_file(&self.path);
    }
}

/// How many bytes a mark holds: its presence, padded with spaces, so that each update is one
/// write of the whole (a reader never sees half of one).
const MARK_SIZE: usize = 1024;

/// Where a person is in the map, as their instance publishes it in its mark.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Peer {
    /// The instance (its mark's name), to follow it; filled in by the reader.
    #[serde(skip)]
    pub id: String,
    /// The person's name.
    pub name: String,
    /// The id of the journey on screen.
    pub journey: String,
    /// The view's name (`board`, `lanes`…).
    pub view: String,
    /// The id of the selected stage.
    pub stage: String,
    /// The id of the selected card.
    pub card: String,
    /// Whether a field, prompt or form is open for typing.
    pub editing: bool,
}

impl Peer {
    /// The mark's text: JSON, its strings cut so that it fits, padded to [`MARK_SIZE`].
    fn to_mark(&self) -> Vec<u8> {
        let cut = |text: &str, max: usize| crate::text::cut(text, max).to_string();
        let fitted = Peer {
            id: String::new(),
            name: cut(&self.name, 64),
            journey: cut(&self.journey, 64),
            view: cut(&self.view, 32),
            stage: cut(&self.stage, 64),
            card: cut(&self.card, 64),
            editing: self.editing,
        };
        let mut bytes = serde_json::to_vec(&fitted).unwrap_or_default();
        bytes.truncate(MARK_SIZE);
        bytes.resize(MARK_SIZE, b' ');
        bytes
    }
}

/// This instance's mark that it has the workspace open, locked while it lives; removed when
/// dropped. It holds where this person is ([`Peer`]).
#[derive(Debug)]
pub struct Presence {
    workspace: PathBuf,
    path: PathBuf,
    file: File,
}

impl Presence {
    /// Marks `workspace` as open in this process: a new file of its own (never an existing one,
    /// never through a link), locked for as long as the mark lives.
    ///
    /// The file is made, locked and written under another name first, then renamed to the
    /// mark's: another instance that looked at it between its making and its locking would
    /// take it for the mark of a process gone, and remove it.
    pub fn announce(workspace: &Path) -> io::Result<Self> {
        let pid = std::process::id();
        for _ in 0..16 {
            let tag = format!("{pid}-{}", random_tag());
            let making = beside(workspace, &format!(".opening-{tag}"));
            let file = match safe_fs::create_new_nofollow(&making, shared_mode(workspace)) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            let path = beside(workspace, &format!(".open-{tag}"));
            let ready = file
                .lock()
                .and_then(|()| file.write_all_at(&Peer::default().to_mark(), 0))
                .and_then(|()| fs::rename(&making, &path));
            if let Err(e) = ready {
                let _ = fs::remove_file(&making);
                return Err(e);
            }
            return Ok(Self {
                workspace: workspace.to_path_buf(),
                path,
                file,
            });
        }
        Err(io::Error::other(
            "no free name for a mark beside the workspace",
        ))
    }

    /// Publishes where this person is now: one write of the whole mark.
    pub fn publish(&self, peer: &Peer) -> io::Result<()> {
        self.file.write_all_at(&peer.to_mark(), 0)
    }

    /// The other running cjm instances that have the workspace open, and where each person
    /// is. Marks of processes that are gone are cleared.
    pub fn others(&self) -> Vec<Peer> {
        open_elsewhere(&self.workspace, Some(&self.path))
    }
}

/// Six random letters and digits.
fn random_tag() -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(6)
        .collect()
}

/// The other running cjm instances that have `workspace` open, for an instance that leaves no
/// mark of its own (read-only): it reads the marks and clears none.
pub fn others_open(workspace: &Path) -> Vec<Peer> {
    open_elsewhere(workspace, None)
}

/// The marks beside `workspace`, other than `own`, that a live process holds, as peers (in the
/// order of their names). With `own` (an instance that writes), marks no process holds any
/// more are removed.
fn open_elsewhere(workspace: &Path, own: Option<&Path>) -> Vec<Peer> {
    let prefix = beside(workspace, ".open-");
    let (Some(folder), Some(prefix)) = (prefix.parent(), prefix.file_name()) else {
        return Vec::new();
    };
    let prefix = prefix.to_string_lossy().into_owned();
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut peers: Vec<Peer> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| own != Some(e.path().as_path()))
        .filter(|e| match safe_fs::lock_held(&e.path()) {
            Some(true) => true,
            Some(false) => {
                if own.is_some() {
                    let _ = fs::remove_file(e.path());
                }
                false
            }
            // Not a mark (a link, a FIFO), or another user's that cannot be opened.
            None => false,
        })
        .map(|e| {
            let id = e.file_name().to_string_lossy().into_owned();
            Peer {
                id,
                ..read_peer(&e.path()).unwrap_or_default()
            }
        })
        .collect();
    peers.sort_by(|a, b| a.id.cmp(&b.id));
    peers
}

/// What a mark says of its person; `None` for an older cjm's mark or junk.
fn read_peer(path: &Path) -> Option<Peer> {
    let file = safe_fs::open_existing_nofollow(path).ok()?;
    let mut bytes = Vec::with_capacity(MARK_SIZE);
    file.take(MARK_SIZE as u64).read_to_end(&mut bytes).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl Drop for Presence {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Another instance clearing the marks of instances gone while this one announces itself
    /// never takes its new mark for one of them.
    #[test]
    fn a_mark_is_never_seen_before_it_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        fs::write(&ws, "{}").unwrap();
        let stop = std::sync::atomic::AtomicBool::new(false);
        let elsewhere = dir.path().join(".ws.json.open-elsewhere");
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| {
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let _ = open_elsewhere(&ws, Some(&elsewhere));
                    }
                });
            }
            let marks: Vec<Presence> = (0..300).map(|_| Presence::announce(&ws).unwrap()).collect();
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            for mark in &marks {
                assert!(
                    mark.path.exists(),
                    "{} was taken for a gone one's",
                    mark.path.display()
                );
            }
            assert_eq!(open_elsewhere(&ws, Some(&elsewhere)).len(), 300);
        });
    }

    #[test]
    fn a_lock_is_exclusive_released_on_drop_and_its_content_never_matters() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        let lock = WriteLock::acquire(&ws).unwrap();
        let lock_file = dir.path().join(".ws.json.lock");
        assert!(lock_file.exists());
        drop(lock);
        assert!(!lock_file.exists());
        // Left by a writer killed mid-save: junk, or the id of a process that lives.
        for junk in [
            "garbage\n".to_string(),
            format!("{}\n", std::process::id()),
            String::new(),
        ] {
            fs::write(&lock_file, junk).unwrap();
            drop(WriteLock::acquire(&ws).expect("a lock no process holds is free"));
        }
    }

    #[test]
    fn a_live_writers_lock_is_waited_for_then_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        let _held = WriteLock::acquire(&ws).unwrap();
        let refused = WriteLock::acquire(&ws).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::WouldBlock);
        assert!(
            refused
                .to_string()
                .contains("being written by another program")
        );
    }

    #[test]
    fn a_symlink_and_its_target_share_their_marks() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        fs::write(&ws, "{}").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&ws, &link).unwrap();
        let _held = WriteLock::acquire(&ws).unwrap();
        assert!(WriteLock::acquire(&link).is_err(), "one lock for one file");
    }

    #[test]
    fn a_link_planted_as_the_lock_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "mine").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".ws.json.lock")).unwrap();
        let refused = WriteLock::acquire(&ws).unwrap_err();
        assert!(refused.to_string().contains("symbolic link"), "{refused}");
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
    }

    #[test]
    fn instances_see_each_other_and_not_the_dead_nor_planted_links() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        fs::write(&ws, "{}").unwrap();
        fs::set_permissions(&ws, fs::Permissions::from_mode(0o600)).unwrap();
        let me = Presence::announce(&ws).unwrap();
        assert_eq!(me.others().len(), 0);
        assert_eq!(
            fs::metadata(&me.path).unwrap().permissions().mode() & 0o777,
            0o600,
            "no more readable than the workspace"
        );
        // Another instance (a second mark of this process holds a lock of its own).
        let other = Presence::announce(&ws).unwrap();
        let rina = Peer {
            name: "rina".into(),
            view: "board".into(),
            card: "tp-1".into(),
            editing: true,
            ..Peer::default()
        };
        other.publish(&rina).unwrap();
        let seen = me.others();
        assert_eq!(seen.len(), 1);
        assert_eq!(
            Peer {
                id: String::new(),
                ..seen[0].clone()
            },
            rina
        );
        assert!(seen[0].id.starts_with(".ws.json.open-"));
        assert_eq!(
            others_open(&ws).len(),
            2,
            "a reader that has no mark sees both"
        );
        // A mark left by a killed process: its lock went with it.
        let dead = dir.path().join(".ws.json.open-4000000-abcdef");
        fs::write(&dead, "4000000\n").unwrap();
        // Links planted for the next process ids, pointing at a file of the user's.
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "mine").unwrap();
        for pid in std::process::id()..std::process::id() + 50 {
            let planted = dir.path().join(format!(".ws.json.open-{pid}"));
            let _ = std::os::unix::fs::symlink(&victim, planted);
        }
        assert_eq!(me.others().len(), 1);
        assert!(!dead.exists(), "a dead instance's mark is cleared");
        drop(other);
        assert_eq!(me.others().len(), 0);
        let mine = me.path.clone();
        drop(me);
        assert!(!mine.exists());
        let again = Presence::announce(&ws).unwrap();
        drop(again);
        assert_eq!(fs::read(&victim).unwrap(), b"mine", "no link was followed");
    }
}
