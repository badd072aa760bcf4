//! Where the config file is looked for.

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variable naming the config file, ahead of every folder.
pub const CONFIG_ENV: &str = "CJM_CONFIG";

/// The config file to read: `$CJM_CONFIG`, else `$XDG_CONFIG_HOME/cjm/config.toml`, else
/// `~/.config/cjm/config.toml` (every Unix, macOS included); on Windows, after
/// `$CJM_CONFIG`, `config.toml` in the folder `directories` names (`%APPDATA%\cjm\config`).
/// `None` when no home folder can be found.
pub fn path() -> Option<PathBuf> {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    if cfg!(unix) {
        path_from(
            std::env::var_os(CONFIG_ENV),
            std::env::var_os("XDG_CONFIG_HOME"),
            home,
        )
    } else {
        path_from(std::env::var_os(CONFIG_ENV), None, None).or_else(|| {
            directories::ProjectDirs::from("", "", "cjm")
                .map(|dirs| dirs.config_dir().join("config.toml"))
        })
    }
}

/// The resolution of [`path`] from its inputs, for Unix: `cjm_config` (a file), else
/// `xdg_config_home/cjm/config.toml`, else `home/.config/cjm/config.toml`. Empty values count
/// as unset, and a relative `XDG_CONFIG_HOME` is ignored, as the XDG spec asks.
pub fn path_from(
    cjm_config: Option<OsString>,
    xdg_config_home: Option<OsString>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    let set = |value: Option<OsString>| value.filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(file) = set(cjm_config) {
        return Some(file);
    }
    if let Some(folder) = set(xdg_config_home).filter(|p| p.is_absolute()) {
        return Some(folder.join("cjm").join("config.toml"));
    }
    home.filter(|h| !h.as_os_str().is_empty())
        .map(|h| h.join(".config").join("cjm").join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<OsString> {
        Some(OsString::from(s))
    }

    #[test]
    fn the_env_file_comes_first() {
        let found = path_from(os("/tmp/c.toml"), os("/xdg"), Some("/home/u".into()));
        assert_eq!(found, Some(PathBuf::from("/tmp/c.toml")));
    }

    #[test]
    fn then_xdg_config_home() {
        let found = path_from(None, os("/xdg"), Some("/home/u".into()));
        assert_eq!(found, Some(PathBuf::from("/xdg/cjm/config.toml")));
        let found = path_from(os(""), os("/xdg"), Some("/home/u".into()));
        assert_eq!(found, Some(PathBuf::from("/xdg/cjm/config.toml")));
    }

    #[test]
    fn then_dot_config_in_home() {
        let home = Some(PathBuf::from("/home/u"));
        let expected = Some(PathBuf::from("/home/u/.config/cjm/config.toml"));
        assert_eq!(path_from(None, None, home.clone()), expected);
        assert_eq!(path_from(None, os(""), home.clone()), expected);
        assert_eq!(path_from(None, os("relative/xdg"), home), expected);
    }

    #[test]
    fn nothing_without_a_home() {
        assert_eq!(path_from(None, None, None), None);
        assert_eq!(path_from(None, None, Some(PathBuf::new())), None);
    }
}
