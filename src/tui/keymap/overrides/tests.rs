use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::{BINDINGS, CONTEXTS, Context, Keymap, known_actions};
use crate::tui::action::Action;

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// A keymap from `[keys.MODE]` tables written as (mode, key, action).
fn keymap(lines: &[(&str, &str, &str)]) -> Keymap {
    let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (mode, key, action) in lines {
        keys.entry(mode.to_string())
            .or_default()
            .insert(key.to_string(), action.to_string());
    }
    Keymap::with_overrides(&keys)
}

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn ch(c: char) -> KeyEvent {
    let mods = if c.is_uppercase() { SHIFT } else { NONE };
    press(KeyCode::Char(c), mods)
}

fn messages(keymap: &Keymap) -> Vec<String> {
    keymap.problems().iter().map(|p| p.to_string()).collect()
}

#[test]
fn every_action_has_an_id_that_names_it_back() {
    let mut seen = std::collections::HashSet::new();
    for action in known_actions() {
        let id = action.id();
        assert_eq!(Action::from_id(id), Some(action), "{id}");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{id} is snake_case"
        );
        seen.insert(id);
    }
    assert!(seen.contains("move_card_left") && seen.contains("view_kpis"));
    assert_eq!(Action::from_id("none"), None);
    for context in CONTEXTS {
        assert_eq!(Context::from_mode_name(context.mode_name()), Some(context));
    }
}

#[test]
fn no_tables_is_the_default_keymap() {
    let keymap = keymap(&[]);
    assert!(keymap.problems().is_empty());
    assert_eq!(keymap.bindings().len(), BINDINGS.len());
    assert_eq!(keymap.status_message(None, None), None);
}

#[test]
fn a_key_bound_to_an_action_runs_it_and_the_rest_keep_their_defaults() {
    let keymap = keymap(&[("board", "n", "down"), ("board", "H", "left")]);
    assert!(keymap.problems().is_empty(), "{:?}", messages(&keymap));
    assert_eq!(keymap.lookup(Context::Board, ch('n')), Some(Action::Down));
    assert_eq!(keymap.lookup(Context::Board, ch('H')), Some(Action::Left));
    // The defaults the user did not name.
    assert_eq!(keymap.lookup(Context::Board, ch('j')), Some(Action::Down));
    assert_eq!(keymap.lookup(Context::Board, ch('h')), Some(Action::Left));
    assert_eq!(
        keymap.lookup(Context::Board, ch('L')),
        Some(Action::MoveCardRight)
    );
    // Only the board changed: `n` still answers no in a question.
    assert_eq!(
        keymap.lookup(Context::Confirm, ch('n')),
        Some(Action::Cancel)
    );
    // Help and the palette show the user's keys, listed with the action's other keys.
    assert_eq!(
        keymap.keys_for(Context::Board, Action::Down),
        ["j", "↓", "n"]
    );
    assert!(
        keymap
            .keys_for(Context::Board, Action::MoveCardLeft)
            .is_empty()
    );
    let board = &keymap.help_sections()[0];
    assert!(board.1.contains(&("h ← H".to_string(), Action::Left)));
    assert!(
        keymap.palette_actions().contains(&Action::MoveCardLeft),
        "still by name"
    );
    assert_eq!(
        keymap.describe_overrides(),
        [
            "[keys.board] \"H\" = \"left\"  (default: move_card_left)",
            "[keys.board] \"n\" = \"down\"  (default: nothing)",
        ]
    );
}

#[test]
fn none_unbinds_a_key() {
    let keymap = keymap(&[("board", "d", "none"), ("board", "x", "delete_card")]);
    assert!(keymap.problems().is_empty(), "{:?}", messages(&keymap));
    assert_eq!(keymap.lookup(Context::Board, ch('d')), None);
    assert_eq!(
        keymap.lookup(Context::Board, ch('x')),
        Some(Action::DeleteCard)
    );
    assert_eq!(keymap.keys_for(Context::Board, Action::DeleteCard), ["x"]);
}

#[test]
fn keys_are_read_in_every_spelling() {
    let keymap = keymap(&[
        ("board", "shift-left", "move_card_left"),
        ("board", "ctrl-d", "delete_card"),
        ("board", "f2", "rename_stage"),
        ("board", "space", "open_card"),
        ("card", "Alt-j", "next_field"),
    ]);
    assert!(keymap.problems().is_empty(), "{:?}", messages(&keymap));
    let at = |code, mods| keymap.lookup(Context::Board, press(code, mods));
    assert_eq!(
        at(KeyCode::Left, SHIFT),
        Some(Action::MoveCardLeft),
        "exact first"
    );
    assert_eq!(at(KeyCode::Left, NONE), Some(Action::Left));
    assert_eq!(at(KeyCode::Char('d'), CTRL), Some(Action::DeleteCard));
    assert_eq!(
        at(KeyCode::Char('d'), NONE),
        Some(Action::DeleteCard),
        "d kept"
    );
    assert_eq!(at(KeyCode::F(2), NONE), Some(Action::RenameStage));
    assert_eq!(at(KeyCode::Char(' '), NONE), Some(Action::OpenCard));
    let alt_j = press(KeyCode::Char('j'), KeyModifiers::ALT);
    assert_eq!(keymap.lookup(Context::Card, alt_j), Some(Action::NextField));
    assert_eq!(
        keymap.keys_for(Context::Board, Action::MoveCardLeft),
        ["H", "Shift-←"]
    );
}

#[test]
fn an_unknown_action_is_named_with_the_closest_ids_and_the_rest_applies() {
    let keymap = keymap(&[("board", "x", "delet_card"), ("board", "n", "down")]);
    let problems = messages(&keymap);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(
            "[keys.board] \"x\": no action \"delet_card\"; did you mean \"delete_card\""
        ),
        "{problems:?}"
    );
    assert!(keymap.problems()[0].error);
    assert_eq!(keymap.lookup(Context::Board, ch('x')), None);
    assert_eq!(keymap.lookup(Context::Board, ch('n')), Some(Action::Down));
    let status = keymap.status_message(None, None).unwrap();
    assert!(status.contains("delet_card"), "{status}");
}

#[test]
fn unknown_modes_keys_and_misplaced_actions_are_errors_that_say_what_to_write() {
    let keymap = keymap(&[
        ("bord", "x", "down"),
        ("board", "ctrl-S", "save"),
        ("board", "hyper-x", "save"),
        ("card", "x", "add_card"),
        ("text", "x", "cancel"),
        ("list", "ctrl-j", "down"),
        ("board", "Move-Card-Up", "none"),
    ]);
    let problems = messages(&keymap);
    let has = |wanted: &str| {
        assert!(
            problems.iter().any(|p| p.contains(wanted)),
            "{wanted}: {problems:#?}"
        );
    };
    has("[keys.bord]: no mode \"bord\"; did you mean \"board\"?");
    has("[keys.board] \"ctrl-S\": terminals send Ctrl-Shift-s as Ctrl-s: write \"ctrl-s\"");
    has("[keys.board] \"hyper-x\": not a key: write a character");
    has(
        "[keys.card] \"x\": add_card is not an action of card; it belongs in [keys.board] or [keys.analytics]",
    );
    has("[keys.text] \"x\": a plain character in text mode would no longer type");
    has("[keys.board] \"Move-Card-Up\": not a key");
    assert_eq!(problems.len(), 6, "{problems:#?}");
    let ctrl_j = press(KeyCode::Char('j'), CTRL);
    assert_eq!(keymap.lookup(Context::List, ctrl_j), Some(Action::Down));
    assert_eq!(
        keymap.status_message(None, None).unwrap(),
        format!("{} (and 5 more: cjm config lists them)", problems[0])
    );
}

#[test]
fn action_ids_forgive_case_and_dashes() {
    let keymap = keymap(&[
        ("board", "x", "Move-Card-Up"),
        ("board", "X", " DELETE card "),
    ]);
    assert!(keymap.problems().is_empty(), "{:?}", messages(&keymap));
    assert_eq!(
        keymap.lookup(Context::Board, ch('x')),
        Some(Action::MoveCardUp)
    );
    assert_eq!(
        keymap.lookup(Context::Board, ch('X')),
        Some(Action::DeleteCard)
    );
}

#[test]
fn one_key_written_twice_applies_once_with_a_warning() {
    let keymap = keymap(&[("board", "H", "left"), ("board", "shift-h", "right")]);
    let problems = messages(&keymap);
    assert_eq!(
        problems,
        ["[keys.board] \"shift-h\": the same key as \"H\", which applies"]
    );
    assert!(!keymap.problems()[0].error);
    assert_eq!(keymap.lookup(Context::Board, ch('H')), Some(Action::Left));
}

#[test]
fn no_config_can_take_away_the_way_out() {
    let keymap = keymap(&[
        ("board", "q", "none"),
        ("board", "ctrl-c", "down"),
        ("board", "?", "up"),
        ("help", "esc", "none"),
        ("help", "q", "none"),
        ("help", "?", "none"),
        ("text", "esc", "none"),
    ]);
    let problems = messages(&keymap);
    assert_eq!(
        problems,
        [
            "[keys.board]: nothing would quit here: \"q\" still does",
            "[keys.board]: nothing would help here: \"?\" still does (not up)",
            "[keys.text]: nothing would cancel here: \"esc\" still does",
            "[keys.help]: nothing would cancel here: \"esc\" still does",
        ]
    );
    assert!(keymap.problems().iter().all(|p| !p.error), "warnings");
    assert_eq!(keymap.lookup(Context::Board, ch('q')), Some(Action::Quit));
    assert_eq!(keymap.lookup(Context::Board, ch('?')), Some(Action::Help));
    let esc = press(KeyCode::Esc, NONE);
    assert_eq!(keymap.lookup(Context::Help, esc), Some(Action::Cancel));
    assert_eq!(keymap.lookup(Context::Text, esc), Some(Action::Cancel));
    // The hints show the keys that work.
    let hints = keymap.hints(Context::Board, false);
    assert!(hints.contains(&("q".to_string(), "quit")), "{hints:?}");
    assert!(hints.contains(&("?".to_string(), "help")), "{hints:?}");
}

#[test]
fn a_list_without_typing_keeps_a_way_out_though_it_shadows_the_lists_esc() {
    let keymap = keymap(&[("pick", "esc", "down"), ("pick", "q", "up")]);
    assert_eq!(
        messages(&keymap),
        ["[keys.pick]: nothing would cancel here: \"q\" still does (not up)"]
    );
    assert_eq!(keymap.lookup(Context::Pick, ch('q')), Some(Action::Cancel));
    let esc = press(KeyCode::Esc, NONE);
    assert_eq!(keymap.lookup(Context::Pick, esc), Some(Action::Down));
}

#[test]
fn hints_follow_an_action_to_its_new_key() {
    let keymap = keymap(&[
        ("board", "a", "none"),
        ("board", "+", "add_card"),
        ("board", "=", "emotion_up"),
    ]);
    assert!(keymap.problems().is_empty(), "{:?}", messages(&keymap));
    let hints = keymap.hints(Context::Board, false);
    assert!(hints.contains(&("+".to_string(), "add")), "{hints:?}");
    assert!(!hints.iter().any(|(k, _)| k == "a"), "{hints:?}");
    assert_eq!(
        keymap.lookup(Context::Board, ch('+')),
        Some(Action::AddCard)
    );
    assert_eq!(keymap.keys_for(Context::Board, Action::EmotionUp), ["="]);
    // A hint for a chosen action shows the user's key.
    let hints = keymap.hints_for(Context::Analytics, &[(Action::AddCard, "add")]);
    assert_eq!(hints, [("+".to_string(), "add")]);
}

#[test]
fn actions_keep_their_place_in_help_and_hints_when_their_keys_move() {
    let keymap = keymap(&[
        ("board", "e", "up"),
        ("board", "i", "right"),
        ("board", "k", "edit_title"),
    ]);
    let hints = keymap.hints(Context::Board, false);
    assert_eq!(hints[0], ("a".to_string(), "add"), "{hints:?}");
    assert_eq!(hints[1], ("k".to_string(), "edit"), "{hints:?}");
    let board = &keymap.help_sections()[0].1;
    let names: Vec<Action> = board.iter().map(|(_, a)| *a).collect();
    let standard: Vec<Action> = Keymap::standard().help_sections()[0]
        .1
        .iter()
        .map(|(_, a)| *a)
        .collect();
    assert_eq!(names, standard);
    assert_eq!(board[2], ("↑ e".to_string(), Action::Up));
}

#[test]
fn a_view_s_own_table_sits_over_the_board_s() {
    let keymap = keymap(&[
        ("analytics", "M", "cycle_model"),
        ("analytics", "m", "none"),
    ]);
    assert!(keymap.problems().is_empty(), "{:?}", messages(&keymap));
    assert_eq!(
        keymap.lookup(Context::Analytics, ch('M')),
        Some(Action::CycleModel)
    );
    // With the view's `m` gone, the board's shows through.
    assert_eq!(
        keymap.lookup(Context::Analytics, ch('m')),
        Some(Action::AddMeasurement)
    );
}

/// The examples in docs/keymaps load without a problem and change what they say they do.
#[test]
fn the_example_keymaps_load_cleanly() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keymaps");
    let load = |name: &str| {
        let text = std::fs::read_to_string(format!("{folder}/{name}")).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (mode, bindings) in table["keys"].as_table().unwrap() {
            for (key, action) in bindings.as_table().unwrap() {
                keys.entry(mode.clone())
                    .or_default()
                    .insert(key.clone(), action.as_str().unwrap().to_string());
            }
        }
        let keymap = Keymap::with_overrides(&keys);
        assert!(
            keymap.problems().is_empty(),
            "{name}: {:?}",
            messages(&keymap)
        );
        keymap
    };

    let colemak = load("colemak.toml");
    for (key, action) in [
        ('m', Action::Left),
        ('n', Action::Down),
        ('e', Action::Up),
        ('i', Action::Right),
        ('M', Action::MoveCardLeft),
        ('N', Action::MoveCardDown),
        ('E', Action::MoveCardUp),
        ('I', Action::MoveCardRight),
    ] {
        assert_eq!(
            colemak.lookup(Context::Board, ch(key)),
            Some(action),
            "{key}"
        );
    }
    assert_eq!(
        colemak.lookup(Context::Analytics, ch('m')),
        Some(Action::Left)
    );
    assert_eq!(
        colemak.lookup(Context::Analytics, ch('h')),
        Some(Action::CycleModel)
    );
    assert_eq!(
        colemak.lookup(Context::Card, ch('n')),
        Some(Action::NextField)
    );
    assert_eq!(colemak.lookup(Context::Personas, ch('e')), Some(Action::Up));
    // What those keys did moves to the keys hjkl leave free.
    for action in [
        Action::AddMeasurement,
        Action::NewJourney,
        Action::EditTitle,
        Action::CycleEffort,
        Action::CycleImpact,
    ] {
        assert!(
            !colemak.keys_for(Context::Board, action).is_empty(),
            "{action:?} keeps a key"
        );
    }

    let arrows = load("arrows-only.toml");
    for c in ['h', 'j', 'k', 'l', 'H', 'J', 'K', 'L', 'g', 'G'] {
        assert_eq!(arrows.lookup(Context::Board, ch(c)), None, "{c}");
    }
    let at = |code, mods| arrows.lookup(Context::Board, press(code, mods));
    assert_eq!(at(KeyCode::Left, NONE), Some(Action::Left));
    assert_eq!(at(KeyCode::Left, SHIFT), Some(Action::MoveCardLeft));
    assert_eq!(at(KeyCode::Right, SHIFT), Some(Action::MoveCardRight));
    assert_eq!(at(KeyCode::Up, SHIFT), Some(Action::MoveCardUp));
    assert_eq!(at(KeyCode::Down, SHIFT), Some(Action::MoveCardDown));
    assert_eq!(at(KeyCode::Home, NONE), Some(Action::First));
    assert_eq!(at(KeyCode::End, NONE), Some(Action::Last));
    assert_eq!(arrows.lookup(Context::Card, ch('j')), None);
    assert_eq!(arrows.lookup(Context::Personas, ch('j')), None);
    assert_eq!(arrows.lookup(Context::Help, ch('j')), None);
}

#[test]
fn problems_name_the_file_and_the_line() {
    let text = "theme = \"dark\"\n\n[keys.board]\nn = \"down\"\n\"x\" = \"frobnicate\"\n\n[keys.card]\nq = \"none\"\n[keys.bord]\nz = \"up\"\n";
    let table: toml::Table = toml::from_str(text).unwrap();
    let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (mode, bindings) in table["keys"].as_table().unwrap() {
        for (key, action) in bindings.as_table().unwrap() {
            keys.entry(mode.clone())
                .or_default()
                .insert(key.clone(), action.as_str().unwrap().to_string());
        }
    }
    let keymap = Keymap::with_overrides(&keys);
    let file = std::path::Path::new("/home/u/.config/cjm/config.toml");
    let messages = keymap.problem_messages(Some(file), Some(text));
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "/home/u/.config/cjm/config.toml:5: [keys.board] \"x\": no action \"frobnicate\""
        ),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("/home/u/.config/cjm/config.toml:9: [keys.bord]: no mode"),
        "{messages:?}"
    );
    // Without the text, the file and the table still place it.
    assert!(
        keymap.problem_messages(Some(file), None)[0]
            .starts_with("/home/u/.config/cjm/config.toml: [keys.board] \"x\"")
    );
    assert_eq!(super::locate("[keys.board]\n", "card", None), None);
    assert_eq!(super::locate("not toml [", "board", None), None);
}
