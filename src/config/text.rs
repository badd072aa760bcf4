//! The config as text: the commented default file, and the effective settings as TOML.

use std::fmt::Write;

use super::Config;

/// A commented `config.toml` with every setting at its default (`cjm config --default`).
pub const DEFAULT_FILE: &str = r#"# cjm's settings. cjm reads this file at start: `cjm config` shows where it looks and the
# settings in effect. A line left out keeps its default; a broken line makes cjm start with
# the defaults and say which line is wrong.

# Save the workspace on its own after edits. With false, only Ctrl-s saves, and quitting
# with unsaved edits asks first (they still go to a recovery copy, offered back after a crash).
autosave = true

# How long after the last edit the autosave runs, in milliseconds (0 to 3600000).
autosave_delay_ms = 1000

# A journey whose last review is older than this many days is flagged as stale, in the
# header and by `cjm check` (1 to 36500).
stale_after_days = 90

# A KPI whose latest measurement is older than this many days is flagged as stale by
# `cjm check` (1 to 36500).
kpi_stale_after_days = 90

# The workspace `cjm` opens without a FILE argument or $CJM_WORKSPACE. `~` is your home
# folder; a relative path starts in this file's folder. Unset: workspace.json in cjm's
# data folder.
# default_workspace = "~/maps/workspace.json"

# Colours: "default", "light" (for a light background), "dark" or "mono" (no colours).
theme = "default"

# Mouse clicks and scrolling. Off by default: while on, selecting text in the terminal
# usually needs Shift held down (Option or Fn on macOS).
mouse = false

# How a card's emotion (-2 to +2) is marked: "arrows" (▼▼-2 ▼-1 ●0 ▲+1 ▲▲+2), "faces"
# (😣-2 😟-1 😐0 🙂+1 😄+2, needs a font with emoji) or "ascii" (--2 -1 0 +1 ++2).
emotion_marks = "arrows"

# The name others see beside your edits when you work on a map together (in conflicts and
# comments, and beside your place in the map). Unset: your login name ($USER).
# name = "rina"

# Key bindings, by mode: "KEY" = "action" (or "none" to unbind). docs/keys.md lists the
# modes, the key names and the actions.
# [keys.board]
# "x" = "delete_card"
"#;

/// The settings in effect, as TOML a config file could hold (`cjm config`).
pub fn effective(config: &Config) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "autosave = {}", config.autosave);
    let _ = writeln!(out, "autosave_delay_ms = {}", config.autosave_delay_ms);
    let _ = writeln!(out, "stale_after_days = {}", config.stale_after_days);
    let _ = writeln!(
        out,
        "kpi_stale_after_days = {}",
        config.kpi_stale_after_days
    );
    match &config.default_workspace {
        Some(path) => {
            let _ = writeln!(
                out,
                "default_workspace = {}",
                quote(&path.to_string_lossy())
            );
        }
        None => out.push_str("# default_workspace: not set (workspace.json in the data folder)\n"),
    }
    let _ = writeln!(out, "theme = {}", quote(config.theme.name()));
    let _ = writeln!(out, "mouse = {}", config.mouse);
    let _ = writeln!(
        out,
        "emotion_marks = {}",
        quote(config.emotion_marks.name())
    );
    match &config.name {
        Some(name) => {
            let _ = writeln!(out, "name = {}", quote(name));
        }
        None => out.push_str("# name: not set (your login name)\n"),
    }
    for (mode, bindings) in &config.keys {
        let _ = writeln!(out, "\n[keys.{}]", bare_or_quoted(mode));
        for (key, action) in bindings {
            let _ = writeln!(out, "{} = {}", quote(key), quote(action));
        }
    }
    out
}

/// A TOML key: bare when it can be, quoted otherwise.
fn bare_or_quoted(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { key.to_string() } else { quote(key) }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
