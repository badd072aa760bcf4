//! Where the default workspace lives.

use std::path::PathBuf;

/// The environment variable that overrides the default workspace path.
pub const WORKSPACE_ENV: &str = "CJM_WORKSPACE";

/// The workspace to open when no file is named: `$CJM_WORKSPACE`, else `workspace.json` in
/// the user's data folder (e.g. `~/.local/share/cjm` on Linux). `None` when neither is known.
pub fn default_workspace_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(WORKSPACE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "cjm").map(|dirs| dirs.data_dir().join("workspace.json"))
}
