//! The one table of key bindings. Dispatch, the `?` help, the status-line hints and the
//! command palette all read it, so they cannot drift apart.
//!
//! [`BINDINGS`] is the default table; a [`Keymap`] is that table with the user's
//! `[keys.MODE]` overrides from the config file applied (`overrides`), and is what the app
//! asks. Keys are written as `keys` reads them (`ctrl-s`, `shift-tab`, `H`, `left`, `f5`).
//! The free functions here answer for the default table.

mod keys;
mod overrides;
#[cfg(test)]
mod proptests;
mod user;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

pub use keys::{Key, config_text as key_text, parse as parse_key};
pub use overrides::{Override, Problem, UNBIND};
pub use user::{Keymap, describe};

/// Where the user is, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The stage columns, and the views that share their keys.
    Board,
    /// The analytics view: its own keys first, then the board's.
    Analytics,
    /// An open card, choosing a field.
    Card,
    /// Typing in a text field, the search box, the palette or a prompt.
    Text,
    /// A list: search results, palette entries, journeys.
    List,
    /// A list with nothing to type into (the journeys, the templates, a new file's start, the
    /// evidence): j, k and q as on the board, then the list's keys.
    Pick,
    /// A yes/no question.
    Confirm,
    /// The personas panel.
    Personas,
    /// The comments panel.
    Comments,
    /// The help screen.
    Help,
    /// The presentation: one stage fills the screen.
    Present,
}

impl Context {
    /// The heading of the context in the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Board => "Board",
            Context::Analytics => "Analytics view (and the board's keys)",
            Context::Card => "Open card",
            Context::Text => "Editing text",
            Context::List => "Search, palette, journey list",
            Context::Pick => "Lists without typing: journeys, templates, start, evidence",
            Context::Confirm => "Questions",
            Context::Personas => "Personas panel",
            Context::Comments => "Comments panel",
            Context::Help => "Help",
            Context::Present => "Presentation",
        }
    }

    /// The mode's name in the config file: the `board` of `[keys.board]`.
    pub fn mode_name(self) -> &'static str {
        match self {
            Context::Board => "board",
            Context::Analytics => "analytics",
            Context::Card => "card",
            Context::Text => "text",
            Context::List => "list",
            Context::Pick => "pick",
            Context::Confirm => "confirm",
            Context::Personas => "personas",
            Context::Comments => "comments",
            Context::Help => "help",
            Context::Present => "present",
        }
    }

    /// The context a config file's mode name names.
    pub fn from_mode_name(name: &str) -> Option<Context> {
        CONTEXTS.into_iter().find(|c| c.mode_name() == name)
    }

    /// The context whose keys apply where this one binds nothing: a view's own keys sit over
    /// the board's, a list without typing's over the list's.
    pub fn underneath(self) -> Option<Context> {
        match self {
            Context::Analytics => Some(Context::Board),
            Context::Pick => Some(Context::List),
            _ => None,
        }
    }
}

/// One key bound to one action in one context.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where the binding applies.
    pub context: Context,
    /// The key.
    pub code: KeyCode,
    /// Modifiers that must be held (Shift is implied by upper-case letters).
    pub mods: KeyModifiers,
    /// What it does.
    pub action: Action,
    /// Whether the status line shows it as a hint.
    pub hint: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn key(context: Context, code: KeyCode, action: Action) -> Binding {
    Binding {
        context,
        code,
        mods: NONE,
        action,
        hint: false,
    }
}

const fn ch(context: Context, c: char, action: Action) -> Binding {
    key(context, KeyCode::Char(c), action)
}

const fn ctrl(context: Context, c: char, action: Action) -> Binding {
    Binding {
        mods: CTRL,
        ..ch(context, c, action)
    }
}

const fn hint(binding: Binding) -> Binding {
    Binding {
        hint: true,
        ..binding
    }
}

use Action as A;
use Context::{
    Analytics as V, Board as B, Card as C, Comments as M, Confirm as Q, Help as H, List as L,
    Personas as P, Pick as K, Present as X, Text as T,
};

/// Every binding, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    ch(B, 'h', A::Left),
    key(B, KeyCode::Left, A::Left),
    ch(B, 'l', A::Right),
    key(B, KeyCode::Right, A::Right),
    ch(B, 'k', A::Up),
    key(B, KeyCode::Up, A::Up),
    ch(B, 'j', A::Down),
    key(B, KeyCode::Down, A::Down),
    ch(B, 'g', A::First),
    key(B, KeyCode::Home, A::First),
    ch(B, 'G', A::Last),
    key(B, KeyCode::End, A::Last),
    ch(B, 'H', A::MoveCardLeft),
    ch(B, 'L', A::MoveCardRight),
    ch(B, 'K', A::MoveCardUp),
    ch(B, 'J', A::MoveCardDown),
    hint(ch(B, 'a', A::AddCard)),
    hint(ch(B, 'e', A::EditTitle)),
    ch(B, 'i', A::EditTitle),
    hint(key(B, KeyCode::Enter, A::OpenCard)),
    ch(B, 'd', A::DeleteCard),
    ch(B, '+', A::EmotionUp),
    ch(B, '-', A::EmotionDown),
    ch(B, 'A', A::AddStage),
    ch(B, 'r', A::RenameStage),
    ch(B, '<', A::MoveStageLeft),
    ch(B, '>', A::MoveStageRight),
    ch(B, 'D', A::DeleteStage),
    ch(B, 'N', A::NewJourney),
    ch(B, 'R', A::RenameJourney),
    ch(B, '[', A::PrevJourney),
    ch(B, ']', A::NextJourney),
    ch(B, 'o', A::ListJourneys),
    ch(B, 'u', A::Undo),
    ctrl(B, 'r', A::Redo),
    ch(B, '1', A::ViewBoard),
    ch(B, '2', A::ViewLanes),
    ch(B, '3', A::ViewChannels),
    ch(B, '4', A::ViewKpis),
    ch(B, '5', A::ViewOpportunities),
    ch(B, '6', A::ViewAnalytics),
    ch(B, 'v', A::NextView),
    ch(B, 'p', A::Personas),
    ch(B, 'P', A::FilterPersona),
    ch(B, 'c', A::Compare),
    ch(B, 'm', A::AddMeasurement),
    ch(B, 'I', A::CycleImpact),
    ch(B, 'E', A::CycleEffort),
    ch(B, 'S', A::CycleStatus),
    key(B, KeyCode::Esc, A::Cancel),
    hint(ch(B, '/', A::Search)),
    hint(ch(B, ':', A::Palette)),
    hint(ch(B, '?', A::Help)),
    ctrl(B, 's', A::Save),
    hint(ch(B, 'q', A::Quit)),
    ctrl(B, 'c', A::Quit),
    hint(ch(V, 'm', A::CycleModel)),
    hint(ch(V, 'a', A::ApplyAnalysis)),
    ch(V, 'r', A::CycleRetention),
    ch(V, 'b', A::SegmentBy),
    hint(key(C, KeyCode::Tab, A::NextField)),
    key(C, KeyCode::Down, A::NextField),
    ch(C, 'j', A::NextField),
    Binding {
        mods: SHIFT,
        ..key(C, KeyCode::BackTab, A::PrevField)
    },
    key(C, KeyCode::Up, A::PrevField),
    ch(C, 'k', A::PrevField),
    hint(key(C, KeyCode::Enter, A::EditField)),
    ch(C, 'e', A::EditField),
    ch(C, 'i', A::EditField),
    ch(C, '+', A::EmotionUp),
    ch(C, '-', A::EmotionDown),
    ch(C, 'u', A::Undo),
    ctrl(C, 'r', A::Redo),
    ctrl(C, 's', A::Save),
    hint(key(C, KeyCode::Esc, A::Cancel)),
    ch(C, 'q', A::Cancel),
    hint(key(T, KeyCode::Enter, A::Confirm)),
    hint(ctrl(T, 's', A::Confirm)),
    hint(key(T, KeyCode::Tab, A::NextField)),
    Binding {
        mods: SHIFT,
        ..key(T, KeyCode::BackTab, A::PrevField)
    },
    hint(key(T, KeyCode::Esc, A::Cancel)),
    key(L, KeyCode::Up, A::Up),
    ctrl(L, 'p', A::Up),
    key(L, KeyCode::Down, A::Down),
    ctrl(L, 'n', A::Down),
    hint(key(L, KeyCode::Enter, A::Confirm)),
    hint(key(L, KeyCode::Esc, A::Cancel)),
    ch(K, 'j', A::Down),
    ch(K, 'k', A::Up),
    ch(K, 'q', A::Cancel),
    ch(P, 'j', A::Down),
    key(P, KeyCode::Down, A::Down),
    ch(P, 'k', A::Up),
    key(P, KeyCode::Up, A::Up),
    hint(ch(P, 'a', A::AddPersona)),
    hint(key(P, KeyCode::Enter, A::EditPersona)),
    ch(P, 'e', A::EditPersona),
    hint(ch(P, ' ', A::FollowPersona)),
    ch(P, 'f', A::FilterPersona),
    ch(P, 'd', A::DeletePersona),
    ch(P, 'u', A::Undo),
    ctrl(P, 'r', A::Redo),
    hint(key(P, KeyCode::Esc, A::Cancel)),
    ch(P, 'q', A::Cancel),
    ch(M, 'j', A::Down),
    key(M, KeyCode::Down, A::Down),
    ch(M, 'k', A::Up),
    key(M, KeyCode::Up, A::Up),
    hint(key(M, KeyCode::Enter, A::Confirm)),
    hint(ch(M, 'r', A::ReplyComment)),
    hint(ch(M, 'x', A::ResolveComment)),
    ch(M, 'a', A::ShowResolved),
    ch(M, 'u', A::Undo),
    ctrl(M, 'r', A::Redo),
    hint(key(M, KeyCode::Esc, A::Cancel)),
    ch(M, 'q', A::Cancel),
    hint(ch(Q, 'y', A::Confirm)),
    hint(ch(Q, 'n', A::Cancel)),
    key(Q, KeyCode::Esc, A::Cancel),
    hint(key(H, KeyCode::Esc, A::Cancel)),
    ch(H, 'q', A::Cancel),
    ch(H, '?', A::Cancel),
    ch(H, 'j', A::Down),
    key(H, KeyCode::Down, A::Down),
    ch(H, 'k', A::Up),
    key(H, KeyCode::Up, A::Up),
    hint(key(H, KeyCode::PageDown, A::PageDown)),
    ch(H, ' ', A::PageDown),
    key(H, KeyCode::PageUp, A::PageUp),
    ch(H, 'b', A::PageUp),
    key(H, KeyCode::Home, A::First),
    ch(H, 'g', A::First),
    key(H, KeyCode::End, A::Last),
    ch(H, 'G', A::Last),
    hint(ch(H, '/', A::Filter)),
    ch(B, 'W', A::ToggleReadOnly),
    ch(B, 'F', A::FollowPeer),
    ch(B, 'C', A::CommentHere),
    ch(B, 'T', A::Comments),
    ch(B, 'V', A::EvidencePanel),
    key(B, KeyCode::F(5), A::Present),
    ch(B, 'y', A::CopyCard),
    hint(ch(C, 'E', A::EditExternally)),
    ch(C, 'y', A::CopyCard),
    hint(ch(X, ' ', A::NextStage)),
    key(X, KeyCode::Right, A::NextStage),
    ch(X, 'l', A::NextStage),
    key(X, KeyCode::PageDown, A::NextStage),
    hint(key(X, KeyCode::Backspace, A::PrevStage)),
    key(X, KeyCode::Left, A::PrevStage),
    ch(X, 'h', A::PrevStage),
    key(X, KeyCode::PageUp, A::PrevStage),
    hint(ch(X, 'j', A::Down)),
    key(X, KeyCode::Down, A::Down),
    ch(X, 'k', A::Up),
    key(X, KeyCode::Up, A::Up),
    hint(key(X, KeyCode::Esc, A::Cancel)),
    ch(X, 'q', A::Cancel),
    key(X, KeyCode::F(5), A::Cancel),
];

/// Actions with no key of their own, reached through the command palette.
pub const PALETTE_ONLY: &[Action] = &[
    Action::DeleteJourney,
    Action::EditJourney,
    Action::AddFromTemplate,
    Action::ReviewConflicts,
    Action::CommentStage,
    Action::CommentJourney,
    Action::MarkReviewed,
    Action::AddKpi,
    Action::AnalyzeEvents,
];

/// Every action a key or the palette can run: those of the default table, then the
/// palette-only ones (with repeats).
pub fn known_actions() -> impl Iterator<Item = Action> {
    BINDINGS
        .iter()
        .map(|b| b.action)
        .chain(PALETTE_ONLY.iter().copied())
}

/// What the command palette offers by default: every board action (the views' own included),
/// then the palette-only ones. See [`Keymap::palette_actions`].
pub fn palette_actions() -> Vec<Action> {
    Keymap::standard().palette_actions()
}

/// The action the default table binds to `key` in `context`, else in the context underneath
/// it, if any. See [`Keymap::lookup`].
pub fn lookup(context: Context, key: KeyEvent) -> Option<Action> {
    Keymap::standard().lookup(context, key)
}

/// The default keys of `action` in `context`, as the user would type them ("h", "←",
/// "Ctrl-r"). See [`Keymap::keys_for`].
pub fn keys_for(context: Context, action: Action) -> Vec<String> {
    Keymap::standard().keys_for(context, action)
}

/// The default hints of a context, as `(keys, action name)`, in table order. See
/// [`Keymap::hints`].
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    Keymap::standard().hints(context, false)
}

/// Default hints for chosen actions of a context. See [`Keymap::hints_for`].
pub fn hints_for(
    context: Context,
    actions: &[(Action, &'static str)],
) -> Vec<(String, &'static str)> {
    Keymap::standard().hints_for(context, actions)
}

fn short_name(action: Action) -> &'static str {
    match action {
        Action::AddCard => "add",
        Action::EditTitle => "edit",
        Action::OpenCard => "open",
        Action::Palette => "commands",
        Action::NextField => "next",
        Action::EditField => "edit",
        Action::Cancel => "back",
        Action::Confirm => "ok",
        Action::EditExternally => "in $EDITOR",
        Action::NextStage => "next",
        Action::PrevStage => "previous",
        Action::Down => "scroll",
        other => other.name(),
    }
}

/// Every context in the order help lists them.
pub const CONTEXTS: [Context; 11] = [
    Context::Board,
    Context::Analytics,
    Context::Card,
    Context::Text,
    Context::List,
    Context::Pick,
    Context::Personas,
    Context::Comments,
    Context::Confirm,
    Context::Help,
    Context::Present,
];

/// The default help screen's content: per context, each action once with all its keys. See
/// [`Keymap::help_sections`].
pub fn help_sections() -> Vec<(Context, Vec<(String, Action)>)> {
    Keymap::standard().help_sections()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            assert!(
                seen.insert((b.context, b.code, b.mods)),
                "{} bound twice in {:?}",
                describe(b),
                b.context
            );
        }
    }

    #[test]
    fn shifted_letters_and_ctrl_resolve() {
        let shift_h = press(KeyCode::Char('H'), SHIFT);
        assert_eq!(lookup(Context::Board, shift_h), Some(Action::MoveCardLeft));
        assert_eq!(
            lookup(Context::Board, press(KeyCode::Char('r'), CTRL)),
            Some(Action::Redo)
        );
        assert_eq!(
            lookup(Context::Board, press(KeyCode::Char('r'), NONE)),
            Some(Action::RenameStage)
        );
        assert_eq!(
            lookup(Context::Board, press(KeyCode::Char('?'), SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            lookup(Context::Board, press(KeyCode::Char('h'), KeyModifiers::ALT)),
            None
        );
    }

    /// docs/keys.md holds the table this generates, so the docs cannot drift from the keys.
    #[test]
    fn docs_keys_md_lists_every_binding() {
        let mut table = String::new();
        for (context, entries) in help_sections() {
            table.push_str(&format!(
                "\n### {} `[keys.{}]`\n\n| Keys | Action | Id |\n|---|---|---|\n",
                context.title(),
                context.mode_name()
            ));
            for (keys, action) in entries {
                let keys: Vec<String> = keys.split(' ').map(|k| format!("`{k}`")).collect();
                let (name, id) = (action.name(), action.id());
                table.push_str(&format!("| {} | {name} | `{id}` |\n", keys.join(" ")));
            }
        }
        table.push_str(
            "\n### Command palette only (bind them in `[keys.board]`)\n\n\
             | Keys | Action | Id |\n|---|---|---|\n",
        );
        for action in PALETTE_ONLY {
            let (name, id) = (action.name(), action.id());
            table.push_str(&format!("| `:` | {name} | `{id}` |\n"));
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");
        let docs = std::fs::read_to_string(path).unwrap_or_default();
        let start = "<!-- keys:start -->";
        let end = "<!-- keys:end -->";
        let current = docs
            .split_once(start)
            .and_then(|(_, rest)| rest.split_once(end))
            .map(|(inside, _)| inside.to_string());
        if current.as_deref() != Some(table.as_str()) {
            if std::env::var_os("CJM_BLESS_DOCS").is_some() {
                let (head, tail) = match current {
                    Some(inside) => {
                        let (head, rest) = docs.split_once(start).unwrap();
                        (
                            head.to_string(),
                            rest[inside.len() + end.len()..].to_string(),
                        )
                    }
                    None => (docs.clone(), "\n".to_string()),
                };
                std::fs::write(path, format!("{head}{start}{table}{end}{tail}")).unwrap();
            } else {
                panic!("docs/keys.md is out of date: run CJM_BLESS_DOCS=1 cargo test docs_keys_md");
            }
        }
    }

    #[test]
    fn a_view_s_own_keys_come_before_the_board_s() {
        let m = press(KeyCode::Char('m'), NONE);
        assert_eq!(lookup(Context::Board, m), Some(Action::AddMeasurement));
        assert_eq!(lookup(Context::Analytics, m), Some(Action::CycleModel));
        let a = press(KeyCode::Char('a'), NONE);
        assert_eq!(lookup(Context::Analytics, a), Some(Action::ApplyAnalysis));
        let j = press(KeyCode::Char('j'), NONE);
        assert_eq!(
            lookup(Context::Analytics, j),
            Some(Action::Down),
            "the board's"
        );
        assert_eq!(
            hints_for(
                Context::Analytics,
                &[(Action::CycleModel, "model"), (Action::Help, "help")]
            ),
            [("m".to_string(), "model"), ("?".to_string(), "help")]
        );
        let palette = palette_actions();
        for action in [
            Action::CycleModel,
            Action::ApplyAnalysis,
            Action::AnalyzeEvents,
        ] {
            assert!(palette.contains(&action), "{action:?}");
        }
    }

    #[test]
    fn essential_board_keys_are_bound() {
        for action in [
            Action::Undo,
            Action::Redo,
            Action::Search,
            Action::Palette,
            Action::Help,
            Action::Quit,
            Action::AddCard,
            Action::DeleteCard,
        ] {
            assert!(!keys_for(Context::Board, action).is_empty(), "{action:?}");
        }
        assert_eq!(keys_for(Context::Board, Action::Redo), ["Ctrl-r"]);
    }
}
