//! Reading `config.toml`: every key checked, with the file, line, column and key of what is
//! wrong and what to write instead.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Config, EmotionMarks, MAX_AUTOSAVE_DELAY_MS, MAX_STALE_AFTER_DAYS, ThemeChoice};

/// The top-level keys a config file may hold.
pub(super) const KEYS: [&str; 10] = [
    "autosave",
    "autosave_delay_ms",
    "stale_after_days",
    "kpi_stale_after_days",
    "default_workspace",
    "theme",
    "mouse",
    "emotion_marks",
    "name",
    "keys",
];

/// A config file cjm cannot use: broken TOML, or a key with a value of the wrong type or out
/// of range. Its `Display` is `FILE:LINE:COL: key `KEY`: what is wrong: what to write`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {}{message}", file.display(), key.as_ref().map(|k| format!("key `{k}`: ")).unwrap_or_default())]
pub struct ConfigError {
    /// The config file.
    pub file: PathBuf,
    /// The line of the problem, from 1.
    pub line: usize,
    /// The column of the problem, in characters from 1.
    pub column: usize,
    /// The key whose value is wrong (`keys.board.x` for a nested one); `None` for broken TOML.
    pub key: Option<String>,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// Reads a config file's text. `file` names it in messages, and its folder is where a
/// relative `default_workspace` starts. Keys the file does not set keep their defaults; an
/// unknown key is a warning (`FILE:LINE:COL: unknown key ...`) and the rest applies; broken
/// TOML or a wrong value is an error.
pub fn parse(text: &str, file: &Path) -> Result<(Config, Vec<String>), ConfigError> {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    parse_with_home(text, file, home.as_deref())
}

/// [`parse`] with the home folder `~` expands to given.
pub(super) fn parse_with_home(
    text: &str,
    file: &Path,
    home: Option<&Path>,
) -> Result<(Config, Vec<String>), ConfigError> {
    let reader = Reader { text, file };
    let document = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |span| span.start);
        let message = e.message().trim().replace('\n', " ");
        // A key given twice: name it.
        let key = e
            .span()
            .filter(|_| message.starts_with("duplicate key"))
            .and_then(|span| text.get(span))
            .map(|key| key.trim().trim_matches(['"', '\'']));
        reader.error(at, key, message)
    })?;
    let mut config = Config::default();
    let mut warnings = Vec::new();
    for (key, value) in in_file_order(document.get_ref()) {
        let name = key.get_ref().as_ref();
        let setting = Setting {
            reader: &reader,
            name,
            value,
        };
        match name {
            "autosave" => config.autosave = setting.bool()?,
            "autosave_delay_ms" => {
                config.autosave_delay_ms = setting.whole(
                    0,
                    MAX_AUTOSAVE_DELAY_MS as i64,
                    "a whole number of milliseconds",
                )? as u64
            }
            "stale_after_days" => {
                config.stale_after_days =
                    setting.whole(1, MAX_STALE_AFTER_DAYS, "a whole number of days")?
            }
            "kpi_stale_after_days" => {
                config.kpi_stale_after_days =
                    setting.whole(1, MAX_STALE_AFTER_DAYS, "a whole number of days")?
            }
            "default_workspace" => {
                config.default_workspace = Some(setting.path(home, file.parent())?)
            }
            "theme" => {
                config.theme = setting.choice(
                    "theme",
                    ThemeChoice::from_name,
                    "default, light, dark or mono",
                )?
            }
            "mouse" => config.mouse = setting.bool()?,
            "emotion_marks" => {
                config.emotion_marks =
                    setting.choice("style", EmotionMarks::from_name, "arrows, faces or ascii")?
            }
            "name" => {
                config.name = Some(
                    setting
                        .string("a name in quotes, e.g. \"rina\"")?
                        .to_string(),
                )
            }
            "keys" => config.keys = keys(&reader, value)?,
            unknown => {
                let (line, column) = reader.position(key.span().start);
                let hint = closest(unknown)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                warnings.push(format!(
                    "{}:{line}:{column}: unknown key `{unknown}` ignored{hint}",
                    file.display()
                ));
            }
        }
    }
    Ok((config, warnings))
}

type Entry<'a, 'i> = (&'a Spanned<Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

/// A table's entries in the order they appear in the file, so the first problem reported
/// is the first one in it.
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// `[keys.MODE] "KEY" = "action"`: a table of tables of strings, kept as text.
fn keys(
    reader: &Reader<'_>,
    value: &Spanned<DeValue<'_>>,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, ConfigError> {
    let Some(modes) = value.get_ref().as_table() else {
        return Err(reader.wrong(
            value,
            "keys",
            "use a table per mode, e.g. [keys.board] with lines \"x\" = \"delete_card\"",
        ));
    };
    let mut keys = BTreeMap::new();
    for (mode, bindings) in in_file_order(modes) {
        let mode = mode.get_ref().as_ref();
        let name = format!("keys.{mode}");
        let Some(table) = bindings.get_ref().as_table() else {
            return Err(reader.wrong(
                bindings,
                &name,
                &format!("use a table: [keys.{mode}] with lines \"KEY\" = \"action\""),
            ));
        };
        let mut map = BTreeMap::new();
        for (key, action) in in_file_order(table) {
            let key = key.get_ref().as_ref();
            let Some(action) = action.get_ref().as_str() else {
                return Err(reader.wrong(
                    action,
                    &format!("{name}.{key}"),
                    "use an action's name in quotes, e.g. \"delete_card\"",
                ));
            };
            map.insert(key.to_string(), action.to_string());
        }
        keys.insert(mode.to_string(), map);
    }
    Ok(keys)
}

/// The text being read and its file, to place messages.
struct Reader<'t> {
    text: &'t str,
    file: &'t Path,
}

impl Reader<'_> {
    /// The line and column (in characters, from 1) of a byte offset.
    fn position(&self, at: usize) -> (usize, usize) {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.text[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() + 1;
        (line, before[line_start..].chars().count() + 1)
    }

    fn error(&self, at: usize, key: Option<&str>, message: String) -> ConfigError {
        let (line, column) = self.position(at);
        ConfigError {
            file: self.file.to_path_buf(),
            line,
            column,
            key: key.map(str::to_string),
            message,
        }
    }

    /// A value of the wrong type: what it is, and what to write.
    fn wrong(&self, value: &Spanned<DeValue<'_>>, key: &str, advice: &str) -> ConfigError {
        let found = value.get_ref().type_str();
        self.error(
            value.span().start,
            Some(key),
            format!("found {} {found}: {advice}", article(found)),
        )
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// One top-level setting being read.
struct Setting<'a, 'i> {
    reader: &'a Reader<'a>,
    name: &'a str,
    value: &'a Spanned<DeValue<'i>>,
}

impl Setting<'_, '_> {
    fn wrong(&self, advice: &str) -> ConfigError {
        self.reader.wrong(self.value, self.name, advice)
    }

    fn invalid(&self, message: String) -> ConfigError {
        self.reader
            .error(self.value.span().start, Some(self.name), message)
    }

    fn bool(&self) -> Result<bool, ConfigError> {
        self.value
            .get_ref()
            .as_bool()
            .ok_or_else(|| self.wrong("use true or false (no quotes)"))
    }

    fn whole(&self, min: i64, max: i64, what: &str) -> Result<i64, ConfigError> {
        let advice = format!("use {what} from {min} to {max} (no quotes)");
        let DeValue::Integer(number) = self.value.get_ref() else {
            return Err(self.wrong(&advice));
        };
        match i64::from_str_radix(number.as_str(), number.radix()) {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => {
                let written = self
                    .reader
                    .text
                    .get(self.value.span())
                    .unwrap_or("the number");
                Err(self.invalid(format!("{written} is out of range: {advice}")))
            }
        }
    }

    fn string(&self, advice: &str) -> Result<&str, ConfigError> {
        self.value
            .get_ref()
            .as_str()
            .ok_or_else(|| self.wrong(advice))
    }

    fn choice<T>(
        &self,
        what: &str,
        from_name: fn(&str) -> Option<T>,
        names: &str,
    ) -> Result<T, ConfigError> {
        let name = self.string(&format!("use one of {names}, in quotes"))?;
        from_name(name).ok_or_else(|| self.invalid(format!("unknown {what} {name:?}: use {names}")))
    }

    /// A path: `~` and `~/…` start at `home`, a relative one at `folder` (the config's).
    fn path(&self, home: Option<&Path>, folder: Option<&Path>) -> Result<PathBuf, ConfigError> {
        let raw = self.string("use a file path in quotes, e.g. \"~/maps/workspace.json\"")?;
        if raw.is_empty() {
            return Err(self.invalid(
                "the path is empty: write a file path, or remove the line for the default".into(),
            ));
        }
        let path = match raw.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', std::path::MAIN_SEPARATOR]) => {
                let Some(home) = home else {
                    return Err(
                        self.invalid("no home folder to expand `~` in: write the full path".into())
                    );
                };
                home.join(rest.trim_start_matches(['/', std::path::MAIN_SEPARATOR]))
            }
            Some(_) => {
                return Err(self.invalid(format!(
                    "{raw:?}: only `~` and `~/` are expanded, not `~user`: write the full path"
                )));
            }
            None => PathBuf::from(raw),
        };
        Ok(match folder {
            Some(folder) if path.is_relative() => folder.join(path),
            _ => path,
        })
    }
}

/// The known key an unknown one is most likely a typo of (at most two edits away).
fn closest(unknown: &str) -> Option<&'static str> {
    KEYS.into_iter()
        .map(|known| (strsim::levenshtein(unknown, known), known))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, known)| known)
}
