//! The user's settings: `config.toml` in the user's config folder (`$CJM_CONFIG` first).
//!
//! Pure logic: the file is found ([`path`]), read and checked ([`load`], [`parse`]) into a
//! [`Config`] the front ends read. Loading never fails: a file with a problem gives the
//! defaults and a warning naming the file, line, column and key, so cjm always starts.

mod marks;
mod parse;
mod paths;
mod text;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use parse::{ConfigError, parse};
pub use paths::{CONFIG_ENV, path, path_from};
pub use text::{DEFAULT_FILE, effective};

/// The default delay between the last edit and the autosave, in milliseconds.
pub const DEFAULT_AUTOSAVE_DELAY_MS: u64 = 1000;
/// The longest autosave delay accepted, in milliseconds (one hour).
pub const MAX_AUTOSAVE_DELAY_MS: u64 = 3_600_000;
/// The default age, in days, after which a journey's last review counts as stale: the check
/// rule's own.
pub const DEFAULT_STALE_AFTER_DAYS: i64 = crate::lint::STALE_AFTER_DAYS;
/// The default age, in days, after which a KPI's latest measurement counts as stale: the
/// check rule's own.
pub const DEFAULT_KPI_STALE_AFTER_DAYS: i64 = crate::lint::KPI_STALE_AFTER_DAYS;
/// The largest stale threshold accepted, in days (a hundred years).
pub const MAX_STALE_AFTER_DAYS: i64 = 36_500;

/// Every setting, with its value from the file or its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Save the workspace on its own after edits (`true`); when off, only Ctrl-s saves.
    pub autosave: bool,
    /// How long after the last edit the autosave runs, in milliseconds.
    pub autosave_delay_ms: u64,
    /// A journey whose last review is older than this many days is flagged as stale.
    pub stale_after_days: i64,
    /// A KPI whose latest measurement is older than this many days is flagged as stale.
    pub kpi_stale_after_days: i64,
    /// The workspace `cjm` opens without a FILE argument or `$CJM_WORKSPACE` (`~` expanded;
    /// a relative path is relative to the config file's folder).
    pub default_workspace: Option<PathBuf>,
    /// The colour theme.
    pub theme: ThemeChoice,
    /// Mouse capture (off by default: it takes text selection away from the terminal).
    pub mouse: bool,
    /// How a card's emotion is marked.
    pub emotion_marks: EmotionMarks,
    /// The name others see beside this person's edits, conflicts and comments (unset: the
    /// login name, `$USER`).
    pub name: Option<String>,
    /// Key bindings by mode, as written: `[keys.MODE] "KEY" = "action_id"`. Checked by the
    /// terminal app's keymap, which knows the modes, keys and actions.
    pub keys: BTreeMap<String, BTreeMap<String, String>>,
}

impl Config {
    /// The name to stamp on this person's conflicts and comments: the `name` setting, else
    /// `$USER` (`$USERNAME`), else `someone`; on one line, without control characters.
    pub fn person(&self) -> String {
        let name = self
            .name
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "someone".into());
        crate::text::one_line(name.trim())
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            autosave: true,
            autosave_delay_ms: DEFAULT_AUTOSAVE_DELAY_MS,
            stale_after_days: DEFAULT_STALE_AFTER_DAYS,
            kpi_stale_after_days: DEFAULT_KPI_STALE_AFTER_DAYS,
            default_workspace: None,
            theme: ThemeChoice::Default,
            mouse: false,
            emotion_marks: EmotionMarks::Arrows,
            name: None,
            keys: BTreeMap::new(),
        }
    }
}

/// The colour theme named in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// The built-in colours, for any background.
    #[default]
    Default,
    /// Tuned for a light background.
    Light,
    /// Tuned for a dark background.
    Dark,
    /// No colours: attributes only (as with `NO_COLOR`).
    Mono,
}

impl ThemeChoice {
    /// Every theme, in the order the docs list them.
    pub const ALL: [ThemeChoice; 4] = [Self::Default, Self::Light, Self::Dark, Self::Mono];

    /// The name written in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Mono => "mono",
        }
    }

    /// The theme with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// How emotion scores (-2..+2) are marked on cards and in comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmotionMarks {
    /// Arrows with the number: `▼▼-2 ▼-1 ●0 ▲+1 ▲▲+2`.
    #[default]
    Arrows,
    /// Faces with the number: `😣-2 😟-1 😐0 🙂+1 😄+2` (needs a font with emoji).
    Faces,
    /// Plain ASCII, for any terminal font: `--2 -1 0 +1 ++2`.
    Ascii,
}

impl EmotionMarks {
    /// Every style, in the order the docs list them.
    pub const ALL: [EmotionMarks; 3] = [Self::Arrows, Self::Faces, Self::Ascii];

    /// The name written in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Arrows => "arrows",
            Self::Faces => "faces",
            Self::Ascii => "ascii",
        }
    }

    /// The style with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// The outcome of [`load`]: the settings to use, where they came from, and what was wrong.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The settings: the file's, or the defaults when it is missing or has an error.
    pub config: Config,
    /// The file looked for; `None` when no config folder could be found.
    pub path: Option<PathBuf>,
    /// Whether the file exists.
    pub exists: bool,
    /// Problems to show the user, each naming the file (and line and key where it can).
    pub warnings: Vec<String>,
}

/// Finds and reads the config file. Never fails: a missing file gives the defaults; an
/// unreadable or broken one gives the defaults and a warning; unknown keys give a warning
/// and the rest of the file applies.
pub fn load() -> Loaded {
    match path() {
        Some(path) => load_from(path),
        None => Loaded::default(),
    }
}

/// The largest config file read: settings are a few hundred bytes.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// [`load`] for the file at `path`.
pub fn load_from(path: PathBuf) -> Loaded {
    let mut loaded = Loaded {
        config: Config::default(),
        path: Some(path.clone()),
        exists: false,
        warnings: Vec::new(),
    };
    let shown = path.display();
    // A pipe or a device would block or never end: only a regular file of sane size is read.
    if let Ok(meta) = std::fs::metadata(&path)
        && (!meta.is_file() && !meta.is_dir() || meta.len() > MAX_FILE_BYTES)
    {
        loaded.exists = true;
        let why = if meta.is_file() {
            format!("is over {} MiB, too big for settings", MAX_FILE_BYTES >> 20)
        } else {
            "is not a regular file".to_string()
        };
        let warning = format!("{shown}: {why}; using the default settings");
        loaded.warnings.push(crate::text::one_line(&warning));
        return loaded;
    }
    let bytes = match crate::safe_fs::read_regular(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return loaded,
        Err(e) => {
            loaded.exists = std::fs::symlink_metadata(&path).is_ok();
            let why = if path.is_dir() {
                "is a folder, not a file".to_string()
            } else {
                format!("cannot be read: {e}")
            };
            loaded
                .warnings
                .push(format!("{shown}: {why}; using the default settings"));
            return loaded;
        }
    };
    loaded.exists = true;
    let Ok(text) = String::from_utf8(bytes) else {
        loaded.warnings.push(format!(
            "{shown}: not UTF-8 text; using the default settings"
        ));
        return loaded;
    };
    match parse(&text, &path) {
        Ok((config, warnings)) => {
            loaded.config = config;
            loaded.warnings = warnings;
        }
        Err(e) => loaded
            .warnings
            .push(format!("{e}; using the default settings")),
    }
    // Keys and values from the file are shown on a terminal: no control character in them.
    for warning in &mut loaded.warnings {
        *warning = crate::text::one_line(warning);
    }
    loaded
}

#[cfg(test)]
mod tests;
