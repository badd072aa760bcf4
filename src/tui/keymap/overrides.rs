//! The user's `[keys.MODE]` tables applied over the default table.
//!
//! `"KEY" = "action_id"` binds the key in that mode, replacing its default there; `"KEY" =
//! "none"` unbinds it; keys the user does not name keep their defaults. A binding with a
//! problem (an unknown mode, key or action, an action the mode does not have) is left out and
//! reported; the rest apply. Whatever the tables say, every mode keeps a way out: a mode left
//! without its essential action (quit and help on the board, back everywhere else) gets its
//! first default key for it back, with a warning.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::super::action::Action;
use super::keys::{self, Key};
use super::user::{Keymap, is_board};
use super::{BINDINGS, Binding, CONTEXTS, Context, PALETTE_ONLY, known_actions};

/// What `"KEY" = "none"` means: the key does nothing in that mode.
pub const UNBIND: &str = "none";

/// Actions each mode must keep a key for, so no config can trap the user.
const ESSENTIAL: &[(Context, Action)] = &[
    (Context::Board, Action::Quit),
    (Context::Board, Action::Help),
    (Context::Card, Action::Cancel),
    (Context::Text, Action::Cancel),
    (Context::Text, Action::Confirm),
    (Context::List, Action::Cancel),
    (Context::List, Action::Confirm),
    // A list without typing could shadow the list's Esc with one of its own.
    (Context::Pick, Action::Cancel),
    (Context::Confirm, Action::Confirm),
    (Context::Confirm, Action::Cancel),
    (Context::Personas, Action::Cancel),
    (Context::Help, Action::Cancel),
    (Context::Present, Action::Cancel),
];

/// One binding of the user's, as applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The mode.
    pub context: Context,
    /// The key.
    pub key: Key,
    /// What it does now; `None` when unbound.
    pub action: Option<Action>,
    /// What it did by default, if anything.
    pub was: Option<Action>,
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = self.action.map_or(UNBIND, Action::id);
        write!(
            f,
            "[keys.{}] {:?} = {action:?}  (default: {})",
            self.context.mode_name(),
            keys::config_text(self.key),
            self.was.map_or("nothing", Action::id)
        )
    }
}

/// Something wrong in the user's `[keys]` tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The table's mode, as written (`board`).
    pub mode: String,
    /// The key as written, when the problem is with one binding.
    pub key: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
    /// Whether the binding was left out (an error) rather than applied with a caveat.
    pub error: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[keys.{}]", self.mode)?;
        if let Some(key) = &self.key {
            write!(f, " {key:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl Keymap {
    /// The default table with the user's `[keys.MODE]` tables (mode → key → action id)
    /// applied. Never fails: what cannot apply is in [`Keymap::problems`].
    pub fn with_overrides(keys: &BTreeMap<String, BTreeMap<String, String>>) -> Keymap {
        let mut builder = Builder {
            bindings: BINDINGS.to_vec(),
            overrides: Vec::new(),
            problems: Vec::new(),
        };
        if keys.values().all(BTreeMap::is_empty) {
            return Keymap::default();
        }
        for (mode, table) in keys {
            let Some(context) = Context::from_mode_name(mode) else {
                let modes: Vec<&str> = CONTEXTS.iter().map(|c| c.mode_name()).collect();
                let hint = closest(mode, &modes);
                builder.problem(
                    mode,
                    None,
                    true,
                    format!("no mode {mode:?}{hint} (modes: {})", modes.join(", ")),
                );
                continue;
            };
            for (key, action) in table {
                builder.bind(context, mode, key, action);
            }
        }
        builder.keep_hints();
        builder.keep_ways_out();
        builder.in_table_order();
        Keymap {
            bindings: Cow::Owned(builder.bindings),
            overrides: builder.overrides,
            problems: builder.problems,
        }
    }
}

struct Builder {
    bindings: Vec<Binding>,
    overrides: Vec<Override>,
    problems: Vec<Problem>,
}

impl Builder {
    fn problem(&mut self, mode: &str, key: Option<&str>, error: bool, message: String) {
        self.problems.push(Problem {
            mode: mode.to_string(),
            key: key.map(str::to_string),
            message,
            error,
        });
    }

    /// Applies `"key" = "action"` in `context`, or reports why not.
    fn bind(&mut self, context: Context, mode: &str, text: &str, action: &str) {
        let fail = |this: &mut Self, message: String| this.problem(mode, Some(text), true, message);
        let key = match keys::parse(text) {
            Ok(key) => key,
            Err(message) => return fail(self, message),
        };
        let action = match parse_action(action) {
            Ok(action) => action,
            Err(message) => return fail(self, message),
        };
        if let Some(action) = action
            && !allowed(context).contains(&action)
        {
            let elsewhere: Vec<&str> = CONTEXTS
                .iter()
                .filter(|c| allowed(**c).contains(&action))
                .map(|c| c.mode_name())
                .collect();
            let message = match elsewhere.as_slice() {
                [] => format!(
                    "{} has no key anywhere; the palette (:) runs it",
                    action.id()
                ),
                _ => format!(
                    "{} is not an action of {mode}; it belongs in [keys.{}]",
                    action.id(),
                    elsewhere.join("] or [keys.")
                ),
            };
            return fail(self, message);
        }
        let plain = matches!(key.code, crossterm::event::KeyCode::Char(_))
            && (key.mods - crossterm::event::KeyModifiers::SHIFT).is_empty();
        if plain && matches!(context, Context::Text | Context::List) && action.is_some() {
            return fail(
                self,
                format!(
                    "a plain character in {mode} mode would no longer type; use a named key \
                     or ctrl-/alt- (\"ctrl-{}\")",
                    keys::config_text(key)
                ),
            );
        }
        if let Some(earlier) = self
            .overrides
            .iter()
            .find(|o| o.context == context && o.key == key)
        {
            let message = format!(
                "the same key as {:?}, which applies",
                keys::config_text(earlier.key)
            );
            return self.problem(mode, Some(text), false, message);
        }
        let was = self.set(context, key, action);
        self.overrides.push(Override {
            context,
            key,
            action,
            was,
        });
    }

    /// Binds `key` to `action` in `context` (unbinds it for `None`), next to the action's
    /// other keys so that help lists them together; returns what the key did before.
    fn set(&mut self, context: Context, key: Key, action: Option<Action>) -> Option<Action> {
        let same = |b: &Binding| b.context == context && b.key() == key;
        let at = self.bindings.iter().position(same);
        let was = at.map(|i| self.bindings.remove(i).action);
        if let Some(action) = action {
            let binding = Binding {
                context,
                code: key.code,
                mods: key.mods,
                action,
                hint: false,
            };
            let pos = self
                .bindings
                .iter()
                .rposition(|b| b.context == context && b.action == action)
                .map(|i| i + 1)
                .or(at)
                .or_else(|| {
                    let last = self.bindings.iter().rposition(|b| b.context == context);
                    last.map(|i| i + 1)
                })
                .unwrap_or(self.bindings.len());
            self.bindings.insert(pos, binding);
        }
        was
    }

    /// An action the status line hints at keeps its hint on its first remaining key when
    /// the user moved or removed the hinted one.
    fn keep_hints(&mut self) {
        for hinted in BINDINGS.iter().filter(|b| b.hint) {
            let (context, action) = (hinted.context, hinted.action);
            let mine = |b: &&mut Binding| b.context == context && b.action == action;
            if self.bindings.iter_mut().filter(mine).any(|b| b.hint) {
                continue;
            }
            if let Some(first) = self.bindings.iter_mut().find(|b| mine(b)) {
                first.hint = true;
            }
        }
    }

    /// Puts each binding where its action's first default binding is, so help, hints and
    /// the palette list actions in the order they always do, however the keys moved (the
    /// sort is stable: an action's keys keep their order, the user's after the defaults).
    fn in_table_order(&mut self) {
        let rank = |b: &Binding| {
            let first = BINDINGS
                .iter()
                .position(|d| d.context == b.context && d.action == b.action);
            first.unwrap_or(usize::MAX)
        };
        self.bindings.sort_by_key(rank);
    }

    /// Gives every mode its way out back ([`ESSENTIAL`]) when the user's tables took it.
    fn keep_ways_out(&mut self) {
        for &(context, action) in ESSENTIAL {
            let kept = self
                .bindings
                .iter()
                .any(|b| b.context == context && b.action == action);
            let default = BINDINGS
                .iter()
                .find(|b| b.context == context && b.action == action);
            let Some(default) = default.copied().filter(|_| !kept) else {
                continue;
            };
            let key = default.key();
            let over = self.set(context, key, Some(action));
            if let Some(o) = self
                .overrides
                .iter_mut()
                .find(|o| o.context == context && o.key == key)
            {
                o.action = Some(action);
            }
            if let Some(b) = self
                .bindings
                .iter_mut()
                .find(|b| b.context == context && b.key() == key)
            {
                b.hint = default.hint;
            }
            let text = keys::config_text(key);
            let taken = over.map_or(String::new(), |o| format!(" (not {})", o.id()));
            let message = format!(
                "nothing would {} here: {text:?} still does{taken}",
                action.id()
            );
            self.problem(context.mode_name(), None, false, message);
        }
    }
}

impl Problem {
    /// The problem as a message naming the config `file` and, found in its `text`, the
    /// line: `FILE:LINE: [keys.board] "x": no action "frob"...`.
    pub fn located(&self, file: Option<&Path>, text: Option<&str>) -> String {
        let line = text.and_then(|text| locate(text, &self.mode, self.key.as_deref()));
        match (file, line) {
            (Some(file), Some(line)) => format!("{}:{line}: {self}", file.display()),
            (Some(file), None) => format!("{}: {self}", file.display()),
            (None, _) => self.to_string(),
        }
    }
}

/// The line (from 1) of `[keys.MODE]`'s `key` in a config file's `text`, or of the mode's
/// table when `key` is `None`.
pub fn locate(text: &str, mode: &str, key: Option<&str>) -> Option<usize> {
    let document = DeTable::parse(text).ok()?;
    let (_, keys) = entry(document.get_ref(), "keys")?;
    let (at, table) = entry(keys.as_table()?, mode)?;
    let at = match key {
        Some(key) => entry(table.as_table()?, key)?.0,
        None => at,
    };
    Some(text.get(..at)?.matches('\n').count() + 1)
}

/// Where `name` starts in `table`, and its value.
fn entry<'a, 'i>(table: &'a DeTable<'i>, name: &str) -> Option<(usize, &'a DeValue<'i>)> {
    let (key, value) = table.iter().find(|(k, _)| k.get_ref().as_ref() == name)?;
    Some((key.span().start, value.get_ref()))
}

/// The action an id names (`none` for no action), any case, with `-` or spaces for `_`.
fn parse_action(text: &str) -> Result<Option<Action>, String> {
    let id = text.trim().to_lowercase().replace(['-', ' '], "_");
    if id == UNBIND {
        return Ok(None);
    }
    if let Some(action) = Action::from_id(&id) {
        return Ok(Some(action));
    }
    let ids: Vec<&str> = known_actions().map(Action::id).collect();
    let hint = closest(&id, &ids);
    Err(format!(
        "no action {text:?}{hint}; docs/keys.md lists the action ids, and \"none\" unbinds"
    ))
}

/// The actions a key may run in `context`: those its default keys run (with the views' own
/// and the palette's on the board, as they share its keys).
fn allowed(context: Context) -> Vec<Action> {
    let board = is_board(context);
    let mut actions: Vec<Action> = BINDINGS
        .iter()
        .filter(|b| b.context == context || board && is_board(b.context))
        .map(|b| b.action)
        .collect();
    if board {
        actions.extend(PALETTE_ONLY);
    }
    actions
}

/// "; did you mean …?" with the names closest to `wrong` (up to three), or nothing when none
/// is close: those within a few edits, else those that contain it.
fn closest(wrong: &str, names: &[&str]) -> String {
    let limit = (wrong.chars().count() / 3).max(2);
    let mut near: Vec<(usize, &str)> = names
        .iter()
        .map(|n| (strsim::levenshtein(wrong, n), *n))
        .collect();
    near.sort();
    near.dedup();
    let best = near.first().map_or(0, |(d, _)| *d);
    let near: Vec<String> = near
        .iter()
        .filter(|(d, name)| {
            if best <= limit {
                *d == best
            } else {
                wrong.len() >= 3 && name.contains(wrong)
            }
        })
        .take(3)
        .map(|(_, n)| format!("{n:?}"))
        .collect();
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(" or "))
    }
}

#[cfg(test)]
mod tests;
