//! Where each workspace was left: the journey, view, selection and scroll of the last session
//! on it, so the next start comes back there. One small file in the data folder
//! (`places.json`), never in the workspace: where one person was is not part of the map.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::safe_fs;

/// The environment variable that names the folder of the places file instead of the data
/// folder (tests use it).
pub const STATE_DIR_ENV: &str = "CJM_STATE_DIR";

/// How many workspaces the file remembers; the least recently left are forgotten first.
const REMEMBERED: usize = 200;

/// Where a workspace was left. Records are named by id, so a place survives edits that move
/// things; whatever is gone by the next start is skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Place {
    /// The journey on screen, by id.
    pub journey: String,
    /// The view's name, as the header shows it.
    pub view: String,
    /// The selected stage and card, by id.
    pub stage: String,
    pub card: String,
    /// The first stage column shown, and the selected row of a list view.
    pub stage_offset: usize,
    pub row: usize,
    /// When it was left, in seconds since the epoch: the oldest are forgotten first.
    pub left_at: u64,
}

/// The places file: `$CJM_STATE_DIR/places.json`, else `places.json` in the data folder.
pub fn path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(STATE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("places.json"));
    }
    directories::ProjectDirs::from("", "", "cjm").map(|dirs| dirs.data_dir().join("places.json"))
}

/// The key of a workspace in the file: its absolute path.
fn key(workspace: &Path) -> String {
    std::path::absolute(workspace)
        .unwrap_or_else(|_| workspace.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Every place in the file at `file`; an unreadable or broken file is no places (it only
/// remembers where someone was).
fn read(file: &Path) -> BTreeMap<String, Place> {
    safe_fs::read_regular(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Where `workspace` was left, if the places file at `file` remembers it.
pub fn remembered(file: &Path, workspace: &Path) -> Option<Place> {
    read(file).remove(&key(workspace))
}

/// Remembers where `workspace` was left in the places file at `file` (its folder made
/// private if missing), keeping the most recent [`REMEMBERED`].
pub fn remember(file: &Path, workspace: &Path, place: Place) -> std::io::Result<()> {
    let mut places = read(file);
    places.insert(key(workspace), place);
    while places.len() > REMEMBERED {
        let oldest = places
            .iter()
            .min_by_key(|(_, p)| p.left_at)
            .map(|(k, _)| k.clone());
        match oldest {
            Some(k) => places.remove(&k),
            None => break,
        };
    }
    if let Some(folder) = file.parent() {
        safe_fs::create_private_dir(folder)?;
    }
    let text = serde_json::to_vec_pretty(&places).map_err(std::io::Error::other)?;
    // cjm's own file: replaced, never written through a link or into a FIFO planted there.
    safe_fs::write_private(file, |out| out.write_all(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(journey: &str, left_at: u64) -> Place {
        Place {
            journey: journey.into(),
            view: "lanes".into(),
            stage: "st-1".into(),
            card: "tp-2".into(),
            stage_offset: 1,
            row: 3,
            left_at,
        }
    }

    #[test]
    fn a_place_comes_back_per_workspace_and_the_oldest_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/places.json");
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        assert_eq!(remembered(&file, &a), None);
        remember(&file, &a, place("jo-a", 1)).unwrap();
        remember(&file, &b, place("jo-b", 2)).unwrap();
        assert_eq!(remembered(&file, &a), Some(place("jo-a", 1)));
        assert_eq!(remembered(&file, &b).unwrap().journey, "jo-b");
        for i in 0..REMEMBERED {
            remember(
                &file,
                &dir.path().join(format!("{i}.json")),
                place("x", 10 + i as u64),
            )
            .unwrap();
        }
        assert_eq!(remembered(&file, &a), None, "the oldest is forgotten");
        assert_eq!(read(&file).len(), REMEMBERED);
    }

    #[test]
    fn a_fifo_or_a_link_planted_at_the_places_file_is_replaced_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("places.json");
        let a = dir.path().join("a.json");
        let status = std::process::Command::new("mkfifo")
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success());
        // Neither reading nor writing blocks on the FIFO.
        assert_eq!(remembered(&file, &a), None);
        remember(&file, &a, place("jo-a", 1)).unwrap();
        assert!(std::fs::symlink_metadata(&file).unwrap().is_file());
        assert_eq!(remembered(&file, &a), Some(place("jo-a", 1)));
        let target = dir.path().join("someone-elses.txt");
        std::fs::write(&target, "mine").unwrap();
        std::fs::remove_file(&file).unwrap();
        std::os::unix::fs::symlink(&target, &file).unwrap();
        remember(&file, &a, place("jo-b", 2)).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
        assert!(std::fs::symlink_metadata(&file).unwrap().is_file());
    }

    #[test]
    fn a_broken_places_file_is_no_places_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("places.json");
        std::fs::write(&file, "{ not json").unwrap();
        let a = dir.path().join("a.json");
        assert_eq!(remembered(&file, &a), None);
        remember(&file, &a, place("jo-a", 1)).unwrap();
        assert_eq!(remembered(&file, &a), Some(place("jo-a", 1)));
    }
}
