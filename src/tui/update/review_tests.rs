//! Review mode, the presentation, copying a card, the external editor's outcome and the
//! mouse, through `handle_key`, `handle_event` and `update`, without a terminal.

use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::Effect;
use super::testkit::{demo_app, keys, message, press};
use crate::export::card_markdown;
use crate::model::TouchpointField;
use crate::tui::action::Action;
use crate::tui::app::{App, ExternalEdit, Mode, Pending};
use crate::tui::layout;

const SIZE: (u16, u16) = (120, 35);

fn title(app: &App) -> String {
    app.card().map(|c| c.title.to_string()).unwrap_or_default()
}

#[test]
fn w_turns_review_mode_on_and_off_and_edits_are_refused_meanwhile() {
    let mut app = demo_app(SIZE);
    let before = app.doc.workspace.clone();
    keys(&mut app, "W");
    assert!(message(&app).starts_with("read-only: edits are refused"));
    for k in ["d", "a", "e", "+", "u", "J", "A"] {
        keys(&mut app, k);
        assert!(
            message(&app).starts_with("read-only: review mode"),
            "{k}: {}",
            message(&app)
        );
        press(&mut app, KeyCode::Esc);
    }
    assert_eq!(super::testkit::ctrl(&mut app, 's'), Effect::None, "no save");
    assert!(message(&app).starts_with("read-only"));
    assert_eq!(app.doc.workspace, before);
    keys(&mut app, "W");
    assert_eq!(
        message(&app),
        "read-only off: edits are allowed and saved again"
    );
    assert_eq!(keys(&mut app, "+"), Effect::Edited);
}

#[test]
fn review_mode_hints_only_keys_that_do_not_edit() {
    let mut app = demo_app(SIZE);
    let names = |app: &App| -> Vec<&'static str> { app.hints().into_iter().map(|h| h.1).collect() };
    assert!(
        names(&app).iter().any(|n| n.contains("add")),
        "{:?}",
        names(&app)
    );
    keys(&mut app, "W");
    let hinted = names(&app);
    assert!(!hinted.is_empty());
    assert!(
        !hinted
            .iter()
            .any(|n| n.contains("add") || n.contains("edit")),
        "{hinted:?}"
    );
    keys(&mut app, "4");
    let hinted = names(&app);
    assert!(!hinted.iter().any(|n| n.contains("measure")), "{hinted:?}");
}

#[test]
fn review_mode_stays_on_while_a_recovery_file_holds_edits_of_an_earlier_run() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut app = demo_app(SIZE);
    app.doc.path = dir.path().join("ws.json");
    let journal = crate::store::Journal::new(&app.doc.path).unwrap();
    journal.write(&app.doc.workspace, None, None).unwrap();
    // Its instance is gone.
    drop(journal);
    keys(&mut app, "W");
    assert!(app.doc.read_only.is_some());
    keys(&mut app, "W");
    assert!(app.doc.read_only.is_some(), "{}", message(&app));
    assert!(message(&app).contains("recovery file"), "{}", message(&app));
    for orphan in crate::store::orphaned_journals(&app.doc.path) {
        let _ = crate::store::remove_journal(&orphan.unwrap().path);
    }
}

#[test]
fn review_mode_is_refused_while_edits_are_unsaved_and_stays_on_for_a_read_only_file() {
    let mut app = demo_app(SIZE);
    keys(&mut app, "+W");
    assert!(message(&app).starts_with("unsaved edits: save them first"));
    assert!(app.doc.read_only.is_none());

    let doc = crate::tui::document::Document::new(
        crate::demo::workspace(),
        "demo.json".into(),
        None,
        Some("demo.json is read-only for you (its permissions)".into()),
    );
    let mut app = App::new(doc, SIZE, true);
    keys(&mut app, "W");
    assert_eq!(
        message(&app),
        "stays read-only: demo.json is read-only for you (its permissions)"
    );
    assert!(app.doc.read_only.is_some());
}

#[test]
fn every_action_is_refused_or_harmless_in_review_mode() {
    let mut app = demo_app(SIZE);
    keys(&mut app, "W");
    let before = app.doc.workspace.clone();
    for action in crate::tui::keymap::known_actions() {
        for start in ["", "\n", "4", "5", "p"] {
            keys(&mut app, start);
            let effect = app.update(action);
            assert_ne!(effect, Effect::Edited, "{action:?} after {start:?}");
            assert_ne!(effect, Effect::Save, "{action:?} after {start:?}");
            assert!(
                !matches!(app.pending, Some(Pending::Edit(_))),
                "{action:?} would open an editor"
            );
            if action != Action::ToggleReadOnly {
                assert!(app.doc.read_only.is_some());
            } else {
                keys(&mut app, "W");
            }
            app.pending = None;
            app.update(Action::Cancel);
            app.update(Action::Cancel);
            app.mode = Mode::Board;
            app.editor = None;
        }
    }
    assert_eq!(app.doc.workspace, before);
    assert!(!app.doc.is_dirty());
}

#[test]
fn the_presentation_walks_the_stages_and_leaves_where_it_got_to() {
    let mut app = demo_app(SIZE);
    press(&mut app, KeyCode::F(5));
    assert!(matches!(app.mode, Mode::Present { .. }));
    assert_eq!(app.mode_name(), "PRESENT");
    keys(&mut app, "  ");
    assert_eq!(app.sel.stage, 2);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.sel.stage, 1);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.sel.stage, 3);
    let stages = app.journey().unwrap().stages.len();
    keys(&mut app, &" ".repeat(stages));
    assert_eq!(app.sel.stage, stages - 1);
    assert!(message(&app).starts_with("the last stage"));
    for _ in 0..stages + 2 {
        press(&mut app, KeyCode::Left);
    }
    assert_eq!(app.sel.stage, 0);
    assert_eq!(message(&app), "the first stage");
    // Edits do nothing here: the keys are the presentation's.
    let before = app.doc.workspace.clone();
    keys(&mut app, "dae+");
    assert_eq!(app.doc.workspace, before);
    keys(&mut app, "l");
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Board));
    assert_eq!(app.sel.stage, 1, "back on the board at the stage presented");
}

#[test]
fn the_presentation_scrolls_only_as_far_as_there_is_more() {
    let mut app = demo_app((80, 24));
    press(&mut app, KeyCode::F(5));
    let limit = crate::tui::view::present_scroll_limit(&app);
    assert!(limit > 0, "the demo's first stage does not fit 80x24");
    for _ in 0..limit + 10 {
        keys(&mut app, "j");
    }
    assert!(matches!(app.mode, Mode::Present { scroll } if scroll == limit));
    keys(&mut app, "k");
    assert!(matches!(app.mode, Mode::Present { scroll } if scroll == limit - 1));
    keys(&mut app, " ");
    assert!(
        matches!(app.mode, Mode::Present { scroll: 0 }),
        "a new stage starts at the top"
    );
    let mut wide = demo_app(SIZE);
    press(&mut wide, KeyCode::F(5));
    assert_eq!(
        crate::tui::view::present_scroll_limit(&wide),
        0,
        "it fits 120x35"
    );
}

#[test]
fn y_leaves_the_card_as_markdown_for_the_clipboard() {
    let mut app = demo_app(SIZE);
    keys(&mut app, "j");
    assert_eq!(keys(&mut app, "y"), Effect::Terminal);
    let (journey, stage, card) = (
        app.journey().unwrap(),
        app.stage().unwrap(),
        app.card().unwrap(),
    );
    let markdown = card_markdown(&app.doc.workspace, journey, stage, card);
    assert!(markdown.starts_with(&format!("### {}", card.title)));
    let expected = format!(
        "copied “{}” as Markdown ({} bytes) — needs a terminal with OSC 52",
        card.title,
        markdown.len()
    );
    assert_eq!(app.pending, Some(Pending::Copy(markdown)));
    assert_eq!(message(&app), expected);
    // In the open card too, and in review mode: a copy writes nothing.
    app.pending = None;
    keys(&mut app, "W");
    press(&mut app, KeyCode::Enter);
    assert_eq!(keys(&mut app, "y"), Effect::Terminal);
    assert!(matches!(app.pending, Some(Pending::Copy(_))));
}

#[test]
fn y_on_an_empty_stage_says_there_is_nothing_to_copy() {
    let mut app = demo_app(SIZE);
    app.doc.workspace_mut().journeys[0].stages[0]
        .touchpoints
        .clear();
    assert_eq!(keys(&mut app, "y"), Effect::None);
    assert_eq!(message(&app), "no card to copy");
    assert!(app.pending.is_none());
}

/// The demo with its first card open on `field`, and the external editor asked for.
fn editing(field: TouchpointField) -> (App, ExternalEdit) {
    let mut app = demo_app(SIZE);
    press(&mut app, KeyCode::Enter);
    let at = TouchpointField::ALL
        .iter()
        .position(|f| *f == field)
        .unwrap();
    app.mode = Mode::Card { field: at };
    assert_eq!(keys(&mut app, "E"), Effect::Terminal);
    let Some(Pending::Edit(request)) = app.pending.take() else {
        panic!("no editor asked for: {:?}", app.pending);
    };
    (app, request)
}

#[test]
fn e_asks_for_the_selected_field_in_the_editor() {
    let (app, request) = editing(TouchpointField::Thoughts);
    let card = app.card().unwrap();
    assert_eq!(request.field, TouchpointField::Thoughts);
    assert_eq!(request.card, card.id);
    assert_eq!(request.text, card.thoughts.as_str());
}

#[test]
fn an_edit_in_the_editor_is_one_undoable_edit() {
    let (mut app, request) = editing(TouchpointField::Notes);
    let before = app.doc.workspace.clone();
    let text = format!("{}\nWritten in the editor\nover two lines", request.text);
    assert_eq!(
        app.finish_external_edit(request, Ok(text.clone())),
        Effect::Edited
    );
    assert_eq!(app.card().unwrap().notes.as_str(), text.trim_end());
    assert!(message(&app).starts_with("notes edited in the editor"));
    assert!(matches!(app.mode, Mode::Card { .. }), "the card stays open");
    keys(&mut app, "u");
    assert_eq!(app.doc.workspace, before);
}

#[test]
fn a_failed_editor_leaves_the_field_as_it_was() {
    let (mut app, request) = editing(TouchpointField::Thoughts);
    let before = app.doc.workspace.clone();
    let failed = Err("the editor “false” exited with status 1".to_string());
    assert_eq!(
        app.finish_external_edit(request.clone(), failed),
        Effect::None
    );
    assert_eq!(
        message(&app),
        "the editor “false” exited with status 1: thoughts unchanged"
    );
    assert_eq!(app.doc.workspace, before);
    assert_eq!(
        app.finish_external_edit(request.clone(), Ok(request.text.clone())),
        Effect::None
    );
    assert_eq!(
        message(&app),
        "thoughts unchanged: the editor left it as it was"
    );
    // An emotion that is not one keeps the old value too.
    let (mut app, request) = editing(TouchpointField::Emotion);
    assert_eq!(
        app.finish_external_edit(request, Ok("9".into())),
        Effect::None
    );
    assert!(
        message(&app).contains("is not a number from -2 to +2"),
        "{}",
        message(&app)
    );
    assert_eq!(app.doc.workspace, before);
}

#[test]
fn an_editor_on_a_card_deleted_meanwhile_changes_nothing() {
    let (mut app, request) = editing(TouchpointField::Title);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "d");
    let before = app.doc.workspace.clone();
    assert_eq!(
        app.finish_external_edit(request, Ok("New".into())),
        Effect::None
    );
    assert!(message(&app).starts_with("the card is gone"));
    assert_eq!(app.doc.workspace, before);
}

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) -> Effect {
    app.handle_event(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }))
}

/// The screen position of the title of card `card` (from the top, unscrolled) of the
/// visible stage column `column`.
fn card_position(app: &App, column: usize, card: usize) -> (u16, u16) {
    let board = layout::board_area(app.size, true);
    let count = app.journey().unwrap().stages.len();
    let columns = layout::stage_columns(board, layout::visible_stages(board.width, count));
    let inner = layout::column_inner(columns[column]);
    (inner.x + 2, inner.y + (card * layout::CARD_HEIGHT) as u16)
}

#[test]
fn a_click_selects_the_card_under_the_pointer() {
    let mut app = demo_app(SIZE);
    let left = MouseEventKind::Down(MouseButton::Left);
    let (x, y) = card_position(&app, 2, 1);
    mouse(&mut app, left, x, y);
    assert_eq!((app.sel.stage, app.sel.card), (2, 1));
    let expected = app.journey().unwrap().stages[2].touchpoints[1]
        .title
        .to_string();
    assert_eq!(title(&app), expected);
    // The gap under a card is that card's; below the last card the stage only.
    mouse(&mut app, left, x, y + 3);
    assert_eq!((app.sel.stage, app.sel.card), (2, 1));
    let (x, y) = card_position(&app, 0, 0);
    mouse(&mut app, left, x, y + 20);
    assert_eq!(app.sel.stage, 0);
    // The header, the curve and the status line select nothing.
    mouse(&mut app, left, x, 0);
    mouse(&mut app, left, 50, 34);
    assert_eq!(app.sel.stage, 0);
    // Over an open card, clicks do nothing.
    press(&mut app, KeyCode::Enter);
    let (x, y) = card_position(&app, 3, 0);
    mouse(&mut app, left, x, y);
    assert_eq!(app.sel.stage, 0);
}

#[test]
fn the_wheel_scrolls_the_column_under_the_pointer() {
    let mut app = demo_app((80, 24));
    let stage = 1;
    let id = app.journey().unwrap().stages[stage].id.clone();
    app.doc.workspace_mut().journeys[0].stages[stage].touchpoints = (0..12)
        .map(|i| crate::model::Touchpoint::new(&format!("Card {i}")))
        .collect();
    let (x, y) = card_position(&app, stage, 0);
    for _ in 0..30 {
        mouse(&mut app, MouseEventKind::ScrollDown, x, y);
    }
    let offset = app.scroll.cards[&id];
    assert!(offset > 0);
    let inner = layout::column_inner_height(layout::board_area(app.size, true).height);
    assert_eq!(
        offset,
        layout::last_card_offset(inner, 12),
        "no further than the last card"
    );
    assert_eq!(app.sel.stage, 0, "scrolling does not select");
    mouse(&mut app, MouseEventKind::ScrollUp, x, y);
    assert_eq!(app.scroll.cards[&id], offset - 1);
    // In the selected stage the selection stays on screen.
    keys(&mut app, "l");
    mouse(&mut app, MouseEventKind::ScrollDown, x, y);
    mouse(&mut app, MouseEventKind::ScrollDown, x, y);
    assert!(app.sel.card >= app.scroll.cards[&id]);
    // Elsewhere the wheel moves as the arrows do.
    keys(&mut app, "?");
    mouse(&mut app, MouseEventKind::ScrollDown, 10, 10);
    assert!(matches!(&app.mode, Mode::Help(panel) if panel.scroll == 1));
}
