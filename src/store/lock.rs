//! Two cjm instances on one workspace: a short lock around each write, and a mark of every
//! instance that has the file open, so each can say that someone else is editing too.
//!
//! Both live beside the workspace as hidden files holding a process id: `.NAME.lock` while a
//! write is under way, `.NAME.open-PID` while an instance has the file open. A file whose
//! process is gone (killed, machine restarted) is stale and is cleared by the next instance.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another's lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(2);
/// How often it looks again meanwhile.
const LOCK_RETRY: Duration = Duration::from_millis(20);

/// A lock left empty this long (its writer died between creating it and writing its id) is
/// stale.
const EMPTY_LOCK_AGE: Duration = Duration::from_secs(5);

/// A hidden file beside the workspace's real file (a symlink's target): `.NAME<suffix>`, so
/// instances opening one file by different paths share their marks.
fn beside(workspace: &Path, suffix: &str) -> PathBuf {
    let workspace = fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf());
    let name = workspace
        .file_name()
        .map_or("workspace".into(), |n| n.to_string_lossy().into_owned());
    workspace.with_file_name(format!(".{name}{suffix}"))
}

/// Whether the process `pid` is running (on this machine).
fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists()
}

/// The process id written in `path`, if it holds one.
fn pid_in(path: &Path) -> Option<u32> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Held while a write of the workspace is under way; released when dropped.
#[derive(Debug)]
pub struct WriteLock {
    path: PathBuf,
}

impl WriteLock {
    /// Takes the write lock of `workspace`, waiting a little for another writer, and clearing
    /// a lock whose process is gone.
    pub fn acquire(workspace: &Path) -> io::Result<Self> {
        let path = beside(workspace, ".lock");
        let start = Instant::now();
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    writeln!(file, "{}", std::process::id())?;
                    return Ok(Self { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if stale(&path) {
                        // Stale: its writer died. Clear it and try again at once.
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if start.elapsed() > LOCK_WAIT {
                        return Err(io::Error::new(
                            io::ErrorKind::WouldBlock,
                            format!(
                                "{} is being written by another program (lock {})",
                                workspace.display(),
                                path.display()
                            ),
                        ));
                    }
                    std::thread::sleep(LOCK_RETRY);
                }
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                    let folder = path.parent().unwrap_or(Path::new("."));
                    return Err(io::Error::new(
                        e.kind(),
                        format!(
                            "the folder {} is not writable ({e}); {} is unchanged",
                            folder.display(),
                            workspace.display()
                        ),
                    ));
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// Whether a lock is left over: its process is gone, or it stayed empty (a writer killed
/// before writing its id) for a while.
fn stale(path: &Path) -> bool {
    match pid_in(path) {
        Some(pid) => !alive(pid),
        None => fs::metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > EMPTY_LOCK_AGE)),
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// This instance's mark that it has the workspace open; removed when dropped.
#[derive(Debug)]
pub struct Presence {
    workspace: PathBuf,
    path: PathBuf,
}

impl Presence {
    /// Marks `workspace` as open in this process.
    pub fn announce(workspace: &Path) -> io::Result<Self> {
        let path = beside(workspace, &format!(".open-{}", std::process::id()));
        fs::write(&path, format!("{}\n", std::process::id()))?;
        Ok(Self {
            workspace: workspace.to_path_buf(),
            path,
        })
    }

    /// How many other running cjm instances have the workspace open. Marks of processes that
    /// are gone are cleared.
    pub fn others(&self) -> usize {
        open_elsewhere(&self.workspace, true)
    }
}

/// How many other running cjm instances have `workspace` open, for an instance that leaves
/// no mark of its own (read-only): it reads the marks and clears none.
pub fn others_open(workspace: &Path) -> usize {
    open_elsewhere(workspace, false)
}

/// The marks beside `workspace` of live processes other than this one; with `clear`, the
/// marks of processes that are gone are removed.
fn open_elsewhere(workspace: &Path, clear: bool) -> usize {
    let own = std::process::id();
    let prefix = beside(workspace, ".open-");
    let (Some(folder), Some(prefix)) = (prefix.parent(), prefix.file_name()) else {
        return 0;
    };
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = fs::read_dir(if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    }) else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let pid: u32 = name.strip_prefix(&prefix)?.parse().ok()?;
            if pid == own {
                None
            } else if alive(pid) {
                Some(pid)
            } else {
                if clear {
                    let _ = fs::remove_file(e.path());
                }
                None
            }
        })
        .count()
}

impl Drop for Presence {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pid that is not running: far above Linux's default pid_max.
    const GONE: u32 = 4_000_000;

    #[test]
    fn a_lock_is_exclusive_released_on_drop_and_stale_ones_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        let lock = WriteLock::acquire(&ws).unwrap();
        let lock_file = dir.path().join(".ws.json.lock");
        assert!(lock_file.exists());
        drop(lock);
        assert!(!lock_file.exists());
        fs::write(&lock_file, format!("{GONE}\n")).unwrap();
        let lock = WriteLock::acquire(&ws).expect("a dead writer's lock is cleared");
        assert_eq!(pid_in(&lock_file), Some(std::process::id()));
        drop(lock);
        // An empty lock of a writer killed before it wrote its id, from long ago.
        let file = fs::File::create(&lock_file).unwrap();
        file.set_modified(std::time::SystemTime::now() - Duration::from_secs(60))
            .unwrap();
        drop(WriteLock::acquire(&ws).expect("an old empty lock is cleared"));
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
    fn instances_see_each_other_and_not_the_dead() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.json");
        let me = Presence::announce(&ws).unwrap();
        assert_eq!(me.others(), 0);
        // Another live process (this test's parent, say) and a dead one.
        let parent = std::os::unix::process::parent_id();
        fs::write(dir.path().join(format!(".ws.json.open-{parent}")), "").unwrap();
        let dead = dir.path().join(format!(".ws.json.open-{GONE}"));
        fs::write(&dead, "").unwrap();
        assert_eq!(me.others(), 1);
        assert!(!dead.exists(), "a dead instance's mark is cleared");
        drop(me);
        assert!(
            !dir.path()
                .join(format!(".ws.json.open-{}", std::process::id()))
                .exists()
        );
    }
}
