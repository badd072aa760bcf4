//! Change notifications for the workspace file: its folder is watched (so that an atomic
//! rename over the file, which is how every save lands, is seen too) and a change wakes the
//! event loop at once. Where notifications do not work (network file systems, a folder that
//! cannot be watched), the loop's own check four times a second still notices.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::wake::Wake;

/// Watches the folder of the workspace while it lives.
pub struct FileWatch {
    _watcher: RecommendedWatcher,
}

impl FileWatch {
    /// Starts watching the folder of `workspace` (a symlink's target's folder), waking the
    /// loop through `to_loop` when an event names the file. `None` when the folder cannot be
    /// watched: polling then does the work alone.
    pub fn start(workspace: &Path, to_loop: Sender<Wake>) -> Option<Self> {
        let file = std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf());
        let folder = file.parent().map(Path::to_path_buf)?;
        let name = file.file_name()?.to_os_string();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else {
                    return;
                };
                let touches = |path: &PathBuf| path.file_name() == Some(name.as_os_str());
                let changes = !matches!(event.kind, EventKind::Access(_));
                if changes && event.paths.iter().any(touches) {
                    let _ = to_loop.send(Wake::FileChanged);
                }
            })
            .ok()?;
        watcher.watch(&folder, RecursiveMode::NonRecursive).ok()?;
        Some(Self { _watcher: watcher })
    }
}
