//! Where the default workspace lives.

use std::path::{Path, PathBuf};

/// The environment variable that overrides the default workspace path.
pub const WORKSPACE_ENV: &str = "CJM_WORKSPACE";

/// The workspace to open when no file is named: `$CJM_WORKSPACE`, else `configured` (the
/// config's `default_workspace`), else `workspace.json` in the user's data folder (e.g.
/// `~/.local/share/cjm` on Linux). `None` when none is known.
pub fn default_workspace_path(configured: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(WORKSPACE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    if let Some(path) = configured {
        return Some(path.to_path_buf());
    }
    directories::ProjectDirs::from("", "", "cjm").map(|dirs| dirs.data_dir().join("workspace.json"))
}
