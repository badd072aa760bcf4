//! The keymap in force: the default table with the user's overrides applied. Dispatch, the
//! help screen, the status-line hints and the palette's key column all ask it.

use std::borrow::Cow;
use std::path::Path;

use crossterm::event::{KeyEvent, KeyModifiers};

use super::super::action::Action;
use super::keys::{self, Key};
use super::overrides::{Override, Problem};
use super::{BINDINGS, Binding, CONTEXTS, Context, PALETTE_ONLY, short_name};

/// The bindings in force, and what the user's `[keys]` tables changed and got wrong.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub(super) bindings: Cow<'static, [Binding]>,
    pub(super) overrides: Vec<Override>,
    pub(super) problems: Vec<Problem>,
}

/// The default keymap, shared.
static STANDARD: Keymap = Keymap {
    bindings: Cow::Borrowed(BINDINGS),
    overrides: Vec::new(),
    problems: Vec::new(),
};

impl Default for Keymap {
    fn default() -> Self {
        STANDARD.clone()
    }
}

impl Keymap {
    /// The default keymap: [`BINDINGS`] as they are.
    pub fn standard() -> &'static Keymap {
        &STANDARD
    }

    /// Every binding in force, in the order the help screen lists them.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The user's bindings as applied, in the order of the config file's tables.
    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// What was wrong in the user's `[keys]` tables: bindings left out (errors) and bindings
    /// applied with a caveat (warnings).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The user's bindings as `cjm config` prints them, one per line:
    /// `[keys.board] "n" = "down"  (was new_journey)`.
    pub fn describe_overrides(&self) -> Vec<String> {
        self.overrides.iter().map(Override::to_string).collect()
    }

    /// Every problem as a message naming the config `file` and the line in its `text`, for
    /// `cjm config`.
    pub fn problem_messages(&self, file: Option<&Path>, text: Option<&str>) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| p.located(file, text))
            .collect()
    }

    /// The status message the app starts with when the `[keys]` tables had problems: the
    /// first (naming the config `file` and the line in its `text`), and how many more there
    /// are.
    pub fn status_message(&self, file: Option<&Path>, text: Option<&str>) -> Option<String> {
        let first = self.problems.first()?.located(file, text);
        Some(match self.problems.len() {
            1 => first,
            n => format!(
                "{first} (and {} more: cjm config lists them)",
                n.saturating_sub(1)
            ),
        })
    }

    /// The action bound to `key` in `context`, else in the context underneath it, if any. A
    /// binding whose modifiers match exactly comes first (`shift-left` over `left`); then one
    /// that matches as [`mods_match`] allows (`H` arrives with Shift).
    pub fn lookup(&self, context: Context, key: KeyEvent) -> Option<Action> {
        let mods =
            key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let find = |context: Context| {
            let here = || {
                self.bindings
                    .iter()
                    .filter(|b| b.context == context && b.code == key.code)
            };
            here()
                .find(|b| b.mods == mods)
                .or_else(|| here().find(|b| mods_match(b, mods)))
                .map(|b| b.action)
        };
        find(context).or_else(|| context.underneath().and_then(find))
    }

    /// The keys bound to `action` in `context`, as the user would type them ("h", "←",
    /// "Ctrl-r").
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.action == action)
            .map(describe)
            .collect()
    }

    /// The hints of a context, as `(keys, action name)`, in table order; with `read_only`,
    /// none for actions that would change the workspace. A context that hints at none of its
    /// own keys shows those of the context underneath (a list without typing, the list's).
    pub fn hints(&self, context: Context, read_only: bool) -> Vec<(String, &'static str)> {
        let context = match context.underneath() {
            Some(under) if !self.bindings.iter().any(|b| b.context == context && b.hint) => under,
            _ => context,
        };
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.hint && !(read_only && b.action.is_edit()))
            .map(|b| (describe(b), short_name(b.action)))
            .collect()
    }

    /// Hints for chosen actions of a context, each with the first key bound to it there (or
    /// in the context underneath); an action with no key is left out.
    pub fn hints_for(
        &self,
        context: Context,
        actions: &[(Action, &'static str)],
    ) -> Vec<(String, &'static str)> {
        let first = |context: Context, action: Action| {
            self.bindings
                .iter()
                .find(|b| b.context == context && b.action == action)
        };
        actions
            .iter()
            .filter_map(|(action, name)| {
                let binding = first(context, *action)
                    .or_else(|| context.underneath().and_then(|c| first(c, *action)))?;
                Some((describe(binding), *name))
            })
            .collect()
    }

    /// The help screen's content: per context, each action once with all its keys.
    pub fn help_sections(&self) -> Vec<(Context, Vec<(String, Action)>)> {
        CONTEXTS
            .iter()
            .map(|&context| {
                let mut entries: Vec<(String, Action)> = Vec::new();
                for binding in self.bindings.iter().filter(|b| b.context == context) {
                    if !entries.iter().any(|(_, a)| *a == binding.action) {
                        let keys = self.keys_for(context, binding.action).join(" ");
                        entries.push((keys, binding.action));
                    }
                }
                (context, entries)
            })
            .collect()
    }

    /// What the command palette offers: every board action (the views' own included, and
    /// those the user unbound: the palette runs them by name), then the palette-only ones.
    pub fn palette_actions(&self) -> Vec<Action> {
        let board = |b: &&Binding| is_board(b.context);
        let mut actions: Vec<Action> = Vec::new();
        let all = BINDINGS
            .iter()
            .filter(board)
            .chain(self.bindings.iter().filter(board))
            .map(|b| b.action)
            .chain(PALETTE_ONLY.iter().copied());
        for action in all {
            if !actions.contains(&action) {
                actions.push(action);
            }
        }
        actions
    }
}

/// Whether keys of `context` are board keys: the board's, or a view's over it.
pub(super) fn is_board(context: Context) -> bool {
    context == Context::Board || context.underneath() == Some(Context::Board)
}

/// Shift comes with upper-case letters and symbols such as `?` on their own, so it only has
/// to match where a binding asks for it (Shift-Tab, Shift-←); Ctrl and Alt must match
/// exactly.
fn mods_match(binding: &Binding, mods: KeyModifiers) -> bool {
    if binding.mods.contains(KeyModifiers::SHIFT) {
        return mods.contains(KeyModifiers::SHIFT);
    }
    let strict = KeyModifiers::CONTROL | KeyModifiers::ALT;
    (mods & strict) == (binding.mods & strict)
}

/// A binding's key as the help screen shows it.
pub fn describe(binding: &Binding) -> String {
    keys::describe(binding.code, binding.mods)
}

impl Binding {
    /// The binding's key.
    pub fn key(&self) -> Key {
        Key {
            code: self.code,
            mods: self.mods,
        }
    }
}
