//! Keys as the config file writes them (`ctrl-s`, `shift-tab`, `H`, `left`, `f5`) and as the
//! screen shows them (`Ctrl-s`, `Shift-Tab`, `H`, `←`, `F5`).
//!
//! A key is a code and the modifiers Ctrl, Alt and Shift. Shift is part of a character
//! (`H`, `?`), so it is kept as a modifier only on named keys (`shift-left`, `shift-tab`).

use crossterm::event::{KeyCode, KeyModifiers};

/// One key with its modifiers, in the form the keymap table stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key itself.
    pub code: KeyCode,
    /// Ctrl, Alt and, on named keys, Shift.
    pub mods: KeyModifiers,
}

/// The names of keys that are not a character, as the config file writes them (any case).
const NAMED: &[(&str, KeyCode)] = &[
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
];

/// What to write, for error messages.
const SYNTAX: &str = "not a key: write a character (\"x\", \"H\", \"?\"), a name (left, enter, \
                      esc, tab, space, home, pageup, f5...) or either after ctrl-, alt- or \
                      shift- (\"ctrl-s\", \"shift-left\"); docs/config.md lists them";

/// Reads a key as the config file writes it. Letters are case-sensitive (`H` is Shift-h, as
/// is `shift-h`); modifier and key names are not (`Ctrl-Left` = `ctrl-left`).
pub fn parse(text: &str) -> Result<Key, String> {
    let mut rest = text;
    let mut mods = KeyModifiers::NONE;
    loop {
        // A lone character is the key, even `-`; `ctrl--` is Ctrl and `-`.
        if rest.chars().count() <= 1 {
            break;
        }
        let Some((head, tail)) = rest.split_once('-') else {
            break;
        };
        let modifier = match head.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => KeyModifiers::CONTROL,
            "alt" | "meta" => KeyModifiers::ALT,
            "shift" => KeyModifiers::SHIFT,
            _ => break,
        };
        if mods.contains(modifier) || tail.is_empty() {
            return Err(SYNTAX.to_string());
        }
        mods |= modifier;
        rest = tail;
    }
    let code = code_of(rest).ok_or_else(|| SYNTAX.to_string())?;
    normalise(code, mods)
}

/// The key named `name`: one character, a named key or F1..F24.
fn code_of(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
        return Some(*code);
    }
    let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=24).contains(&n).then_some(KeyCode::F(n))
}

/// Puts Shift where the table keeps it, and refuses what a terminal cannot send.
fn normalise(code: KeyCode, mut mods: KeyModifiers) -> Result<Key, String> {
    let shift = mods.contains(KeyModifiers::SHIFT);
    let ctrl = mods.contains(KeyModifiers::CONTROL);
    let code = match code {
        KeyCode::Char(c) if ctrl && c.is_alphabetic() && (shift || c.is_uppercase()) => {
            let lower = c.to_lowercase().collect::<String>();
            return Err(format!(
                "terminals send Ctrl-Shift-{lower} as Ctrl-{lower}: write \"ctrl-{lower}\""
            ));
        }
        KeyCode::Char(c) if ctrl && matches!(c, 'i' | 'm' | '[') => {
            let same = match c {
                'i' => "tab",
                'm' => "enter",
                _ => "esc",
            };
            return Err(format!(
                "terminals send Ctrl-{c} as {same}: write \"{same}\""
            ));
        }
        KeyCode::Char(c) if shift && c.is_alphabetic() => {
            mods.remove(KeyModifiers::SHIFT);
            let upper: Vec<char> = c.to_uppercase().collect();
            match upper[..] {
                [u] => KeyCode::Char(u),
                _ => KeyCode::Char(c),
            }
        }
        KeyCode::Char(' ') => KeyCode::Char(' '),
        KeyCode::Char(c) if shift => {
            return Err(format!(
                "write the character Shift gives with {c:?} on your keyboard (such as \"?\" \
                 for Shift-/), not shift-"
            ));
        }
        KeyCode::Tab if shift => KeyCode::BackTab,
        KeyCode::BackTab => {
            mods |= KeyModifiers::SHIFT;
            KeyCode::BackTab
        }
        other => other,
    };
    Ok(Key { code, mods })
}

/// A key as the screen shows it: `Ctrl-s`, `Shift-←`, `H`, `Space`, `F5`.
pub fn describe(code: KeyCode, mods: KeyModifiers) -> String {
    let name = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Insert => "Ins".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut text = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        text.push_str("Ctrl-");
    }
    if mods.contains(KeyModifiers::ALT) {
        text.push_str("Alt-");
    }
    if mods.contains(KeyModifiers::SHIFT) && code != KeyCode::BackTab {
        text.push_str("Shift-");
    }
    text + &name
}

/// A key as the config file writes it: `ctrl-s`, `shift-left`, `H`, `space`, `f5`; parsing
/// it gives the same key back.
pub fn config_text(key: Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::BackTab => "tab".into(),
        KeyCode::F(n) => format!("f{n}"),
        code => NAMED.iter().find(|(_, c)| *c == code).map_or_else(
            || format!("{code:?}").to_lowercase(),
            |(n, _)| n.to_string(),
        ),
    };
    let mut text = String::new();
    for (flag, prefix) in [
        (KeyModifiers::CONTROL, "ctrl-"),
        (KeyModifiers::ALT, "alt-"),
        (KeyModifiers::SHIFT, "shift-"),
    ] {
        if key.mods.contains(flag) {
            text.push_str(prefix);
        }
    }
    text + &name
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const ALT: KeyModifiers = KeyModifiers::ALT;
    const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

    fn key(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }

    #[test]
    fn keys_read_as_written() {
        let cases = [
            ("x", key(KeyCode::Char('x'), NONE)),
            ("H", key(KeyCode::Char('H'), NONE)),
            ("shift-h", key(KeyCode::Char('H'), NONE)),
            ("Shift-H", key(KeyCode::Char('H'), NONE)),
            ("?", key(KeyCode::Char('?'), NONE)),
            ("-", key(KeyCode::Char('-'), NONE)),
            ("+", key(KeyCode::Char('+'), NONE)),
            ("ctrl--", key(KeyCode::Char('-'), CTRL)),
            ("ctrl-s", key(KeyCode::Char('s'), CTRL)),
            ("Ctrl-Alt-x", key(KeyCode::Char('x'), CTRL | ALT)),
            ("alt-X", key(KeyCode::Char('X'), ALT)),
            ("left", key(KeyCode::Left, NONE)),
            ("Left", key(KeyCode::Left, NONE)),
            ("shift-left", key(KeyCode::Left, SHIFT)),
            ("ctrl-right", key(KeyCode::Right, CTRL)),
            ("shift-tab", key(KeyCode::BackTab, SHIFT)),
            ("backtab", key(KeyCode::BackTab, SHIFT)),
            ("space", key(KeyCode::Char(' '), NONE)),
            (" ", key(KeyCode::Char(' '), NONE)),
            ("enter", key(KeyCode::Enter, NONE)),
            ("esc", key(KeyCode::Esc, NONE)),
            ("f5", key(KeyCode::F(5), NONE)),
            ("F12", key(KeyCode::F(12), NONE)),
            ("pgdn", key(KeyCode::PageDown, NONE)),
            ("é", key(KeyCode::Char('é'), NONE)),
            ("shift-é", key(KeyCode::Char('É'), NONE)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_key_says_why() {
        for (text, says) in [
            ("", "not a key"),
            ("ctrl-", "not a key"),
            ("ctrl-ctrl-s", "not a key"),
            ("hyper-x", "not a key"),
            ("f25", "not a key"),
            ("leftt", "not a key"),
            ("\u{7}", "not a key"),
            ("ctrl-S", "write \"ctrl-s\""),
            ("ctrl-shift-s", "write \"ctrl-s\""),
            ("ctrl-i", "write \"tab\""),
            ("ctrl-m", "write \"enter\""),
            ("shift-/", "\"?\" for Shift-/"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
        }
    }

    #[test]
    fn config_text_reads_back_as_the_same_key() {
        for text in [
            "x",
            "H",
            "?",
            "-",
            "ctrl--",
            "ctrl-s",
            "alt-X",
            "left",
            "shift-left",
            "ctrl-right",
            "shift-tab",
            "space",
            "enter",
            "esc",
            "f5",
            "pagedown",
            "home",
            "delete",
            "é",
        ] {
            let key = parse(text).unwrap();
            assert_eq!(parse(&config_text(key)), Ok(key), "{text}");
        }
        assert_eq!(config_text(parse("Shift-Tab").unwrap()), "shift-tab");
        assert_eq!(config_text(parse("Ctrl-Alt-x").unwrap()), "ctrl-alt-x");
    }

    #[test]
    fn keys_show_as_the_help_screen_writes_them() {
        assert_eq!(describe(KeyCode::Char('r'), CTRL), "Ctrl-r");
        assert_eq!(describe(KeyCode::BackTab, SHIFT), "Shift-Tab");
        assert_eq!(describe(KeyCode::Left, SHIFT), "Shift-←");
        assert_eq!(describe(KeyCode::Char(' '), NONE), "Space");
        assert_eq!(describe(KeyCode::F(5), NONE), "F5");
        assert_eq!(describe(KeyCode::Char('x'), ALT), "Alt-x");
    }
}
