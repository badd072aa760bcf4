//! Random keys through an app running a user's keymap (the examples in `docs/keymaps`, and
//! random `[keys]` tables): nothing panics, the screen draws, the selection stays on
//! something that exists, and the way out of each mode, which no table can take away, leads
//! back to the board.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{CONTEXTS, Context, Keymap, known_actions};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::document::Document;
use crate::tui::view;

/// The `[keys]` tables of an example keymap in docs/keymaps.
fn example(name: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let path = format!("{}/docs/keymaps/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("the example exists");
    let table: toml::Table = toml::from_str(&text).expect("the example is TOML");
    let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (mode, bindings) in table["keys"].as_table().into_iter().flatten() {
        for (key, action) in bindings.as_table().into_iter().flatten() {
            let action = action.as_str().unwrap_or_default().to_string();
            keys.entry(mode.clone())
                .or_default()
                .insert(key.clone(), action);
        }
    }
    keys
}

/// Keys a user might write, good and bad.
const KEY_TEXTS: &[&str] = &[
    "a",
    "n",
    "q",
    "?",
    "H",
    "shift-h",
    "esc",
    "enter",
    "space",
    "left",
    "shift-left",
    "ctrl-c",
    "ctrl-s",
    "alt-x",
    "f5",
    "home",
    "tab",
    "shift-tab",
    "ctrl-S",
    "hyper-x",
    "",
    "-",
];

/// Random `[keys]` tables: any mode (and a wrong one), key and action (and `none`, and
/// nonsense).
fn tables() -> impl Strategy<Value = BTreeMap<String, BTreeMap<String, String>>> {
    let mut modes: Vec<String> = CONTEXTS.iter().map(|c| c.mode_name().to_string()).collect();
    modes.push("bord".into());
    let mut actions: Vec<String> = known_actions().map(|a| a.id().to_string()).collect();
    actions.extend(["none".to_string(), "frobnicate".to_string()]);
    let line = (select(modes), select(KEY_TEXTS), select(actions));
    vec(line, 0..12).prop_map(|lines| {
        let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (mode, key, action) in lines {
            keys.entry(mode)
                .or_default()
                .insert(key.to_string(), action);
        }
        keys
    })
}

fn keymaps() -> impl Strategy<Value = Keymap> {
    prop_oneof![
        1 => Just(Keymap::with_overrides(&example("colemak.toml"))),
        1 => Just(Keymap::with_overrides(&example("arrows-only.toml"))),
        2 => tables().prop_map(|keys| Keymap::with_overrides(&keys)),
    ]
}

/// A key the keymap binds somewhere, or one of a few others.
fn keys_of(keymap: &Keymap) -> impl Strategy<Value = KeyEvent> + use<> {
    let bound: Vec<KeyEvent> = keymap
        .bindings()
        .iter()
        .map(|b| {
            let shift = matches!(b.code, KeyCode::Char(c) if c.is_uppercase());
            let mods = if shift {
                b.mods | KeyModifiers::SHIFT
            } else {
                b.mods
            };
            KeyEvent::new(b.code, mods)
        })
        .collect();
    let other = [
        KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT),
        KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
    ];
    prop_oneof![9 => select(bound), 1 => select(other.to_vec())]
}

fn app(keymap: Keymap) -> App {
    let doc = Document::new(
        crate::demo::workspace(),
        PathBuf::from("keymap-proptest.json"),
        None,
        None,
    );
    let mut app = App::new(doc, (100, 30), true);
    app.keymap = keymap;
    app
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_keys_under_a_user_keymap_keep_the_app_whole(
        (keymap, presses) in keymaps().prop_flat_map(|k| {
            let keys = vec(keys_of(&k), 0..40);
            (Just(k), keys)
        })
    ) {
        let mut app = app(keymap);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        for key in presses {
            let _ = app.handle_key(key);
            terminal.draw(|frame| view::render(&app, frame)).unwrap();
            if let Some(journey) = app.journey() {
                prop_assert!(app.sel.stage < journey.stages.len().max(1));
            }
        }
        // Each mode's cancel key backs out, a few times over (an editor, then its card...).
        for _ in 0..8 {
            if matches!(app.mode, Mode::Board) && app.editor.is_none() {
                break;
            }
            let context = app.context();
            // The context's own keys, then those of the contexts underneath it that it does
            // not take over.
            let contexts: Vec<Context> =
                std::iter::successors(Some(context), |c| c.underneath()).collect();
            let keys: Vec<KeyEvent> = app
                .keymap
                .bindings()
                .iter()
                .filter(|b| contexts.contains(&b.context) && b.action == Action::Cancel)
                .map(|b| KeyEvent::new(b.code, b.mods))
                .filter(|key| app.keymap.lookup(context, *key) == Some(Action::Cancel))
                .collect();
            prop_assert!(!keys.is_empty(), "no way out of {context:?}");
            let key = keys.iter().find(|k| k.code != KeyCode::Enter).unwrap_or(&keys[0]);
            let _ = app.handle_key(*key);
        }
        prop_assert!(
            matches!(app.mode, Mode::Board) && app.editor.is_none(),
            "still in {} after backing out", app.mode_name()
        );
    }
}
