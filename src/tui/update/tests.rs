//! `update` tests: every action, and undo/redo of every edit kind, without a terminal.

use std::path::PathBuf;

use crossterm::event::KeyCode;

use crate::model::{Emotion, Journey, Touchpoint, Workspace};

use super::Effect;
use super::testkit::{ctrl, demo_app as demo, keys, message, press};
use crate::tui::app::{App, Mode};
use crate::tui::document::Document;

/// "Phone" with stages of cards [A, B], [C], [], ... and a second journey "Kedua".
fn workspace() -> Workspace {
    let mut phone = Journey::with_default_stages("Phone");
    phone.stages[0].touchpoints = vec![Touchpoint::new("A"), Touchpoint::new("B")];
    phone.stages[1].touchpoints = vec![Touchpoint::new("C")];
    phone.stages[1].touchpoints[0].channel = "Web".into();
    phone.channels = vec!["WhatsApp".into(), "Toko fisik".into()];
    let mut second = Journey::with_default_stages("Kedua");
    second.stages[2].touchpoints = vec![Touchpoint::new("Bayar di kasir")];
    Workspace {
        journeys: vec![phone, second],
        ..Workspace::default()
    }
}

fn app() -> App {
    super::testkit::app_on(workspace(), (100, 30))
}

fn titles(app: &App, stage: usize) -> Vec<String> {
    app.journey().unwrap().stages[stage]
        .touchpoints
        .iter()
        .map(|t| t.title.to_string())
        .collect()
}

fn selected_title(app: &App) -> String {
    app.card().map(|c| c.title.to_string()).unwrap_or_default()
}

#[test]
fn arrows_and_hjkl_move_the_selection_and_stop_at_edges() {
    let mut app = app();
    keys(&mut app, "j");
    assert_eq!(selected_title(&app), "B");
    keys(&mut app, "jj");
    assert_eq!(selected_title(&app), "B", "stops at the last card");
    keys(&mut app, "l");
    assert_eq!(selected_title(&app), "C");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Up);
    assert_eq!(selected_title(&app), "A");
    keys(&mut app, "hh");
    assert_eq!(app.sel.stage, 0);
    keys(&mut app, "G");
    assert_eq!(selected_title(&app), "B");
    keys(&mut app, "g");
    assert_eq!(selected_title(&app), "A");
}

#[test]
fn moving_cards_between_and_within_stages_is_undoable() {
    let mut app = app();
    assert_eq!(keys(&mut app, "J"), Effect::Edited);
    assert_eq!(titles(&app, 0), ["B", "A"]);
    assert_eq!(selected_title(&app), "A", "the selection follows the card");
    keys(&mut app, "L");
    assert_eq!(titles(&app, 1), ["C", "A"]);
    assert_eq!((app.sel.stage, selected_title(&app)), (1, "A".to_string()));
    keys(&mut app, "K");
    assert_eq!(titles(&app, 1), ["A", "C"]);
    keys(&mut app, "H");
    assert_eq!(titles(&app, 0), ["A", "B"], "it lands on the same row");
    assert_eq!(titles(&app, 1), ["C"]);
    keys(&mut app, "uuuu");
    assert_eq!(titles(&app, 0), ["A", "B"]);
    assert_eq!(titles(&app, 1), ["C"]);
    ctrl(&mut app, 'r');
    assert_eq!(titles(&app, 0), ["B", "A"]);
}

#[test]
fn adding_a_card_types_its_title_at_once() {
    let mut app = app();
    keys(&mut app, "a");
    assert_eq!(app.mode_name(), "EDIT");
    keys(&mut app, "Lihat iklan");
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Edited);
    assert_eq!(titles(&app, 0), ["A", "Lihat iklan", "B"]);
    assert_eq!(selected_title(&app), "Lihat iklan");
    keys(&mut app, "u");
    assert_eq!(titles(&app, 0), ["A", "B"]);
}

#[test]
fn adding_into_an_empty_stage_and_cancelling() {
    let mut app = app();
    keys(&mut app, "ll");
    keys(&mut app, "aX");
    press(&mut app, KeyCode::Esc);
    assert!(titles(&app, 2).is_empty(), "Esc adds nothing");
    keys(&mut app, "a");
    press(&mut app, KeyCode::Enter);
    assert!(titles(&app, 2).is_empty(), "an empty title adds nothing");
    keys(&mut app, "aNew");
    press(&mut app, KeyCode::Enter);
    assert_eq!(titles(&app, 2), ["New"]);
}

#[test]
fn editing_a_title_in_place_commits_or_cancels() {
    let mut app = app();
    keys(&mut app, "e");
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "Awal 🎉");
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_title(&app), "Awal 🎉");
    keys(&mut app, "e");
    keys(&mut app, "zzz");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        selected_title(&app),
        "Awal 🎉",
        "Esc restores the old value"
    );
    keys(&mut app, "u");
    assert_eq!(selected_title(&app), "A");
}

#[test]
fn pasting_into_a_title_folds_line_breaks() {
    let mut app = app();
    keys(&mut app, "e");
    app.paste(" pasted\nline");
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_title(&app), "A pasted line");
}

#[test]
fn the_open_card_edits_every_field() {
    let mut app = app();
    let original = app.card().unwrap().clone();
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Card { field: 0 }));
    // Tab to Customer action, edit it.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "Scrolls Instagram");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.card().unwrap().action, "Scrolls Instagram");
    // Tab commits and opens the next field, Channel, ready to type.
    press(&mut app, KeyCode::Enter);
    keys(&mut app, " daily");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.card().unwrap().action, "Scrolls Instagram daily");
    assert!(matches!(app.mode, Mode::Card { field: 2 }));
    assert!(app.editor.is_some(), "the next field is being edited");
    keys(&mut app, "App");
    press(&mut app, KeyCode::Tab);
    assert!(app.editor.is_some(), "Tab first completes the channel");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.card().unwrap().channel, "WhatsApp");
    assert!(matches!(app.mode, Mode::Card { field: 3 }));
    press(&mut app, KeyCode::Esc);
    assert!(app.editor.is_none());
    // Emotion with +/- .
    keys(&mut app, "--");
    assert_eq!(app.card().unwrap().emotion, Emotion::new(-2));
    keys(&mut app, "+");
    assert_eq!(app.card().unwrap().emotion, Emotion::new(-1));
    // Pain points are multi-line: Enter adds a line, Ctrl-s commits.
    keys(&mut app, "jj");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "Too many ads");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "Slow site");
    ctrl(&mut app, 's');
    assert_eq!(
        app.card().unwrap().pain_points,
        ["Too many ads", "Slow site"]
    );
    // Tags, comma separated.
    keys(&mut app, "jjj");
    keys(&mut app, "e");
    keys(&mut app, "promo, mobile");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.card().unwrap().tags, ["promo", "mobile"]);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Board));
    // Every change is one undo step.
    keys(&mut app, "uuuuuuuu");
    assert_eq!(app.card().unwrap(), &original);
}

#[test]
fn an_invalid_emotion_keeps_the_editor_open() {
    let mut app = app();
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "jjj");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "7");
    press(&mut app, KeyCode::Enter);
    assert!(app.editor.is_some());
    assert!(message(&app).contains("-2 to +2"), "{}", message(&app));
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "-1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.card().unwrap().emotion, Emotion::new(-1));
}

#[test]
fn deleting_a_card_says_how_to_undo() {
    let mut app = app();
    assert_eq!(keys(&mut app, "d"), Effect::Edited);
    assert_eq!(titles(&app, 0), ["B"]);
    assert!(message(&app).contains("u to undo"));
    keys(&mut app, "u");
    assert_eq!(titles(&app, 0), ["A", "B"]);
    assert_eq!(selected_title(&app), "A");
    ctrl(&mut app, 'r');
    assert_eq!(titles(&app, 0), ["B"]);
    keys(&mut app, "uu");
    assert_eq!(message(&app), "nothing to undo");
}

#[test]
fn stages_are_added_renamed_moved_and_deleted() {
    let mut app = app();
    let original = app.journey().unwrap().clone();
    keys(&mut app, "A");
    keys(&mut app, "Riset");
    press(&mut app, KeyCode::Enter);
    let names = |app: &App| -> Vec<String> {
        app.journey()
            .unwrap()
            .stages
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };
    assert_eq!(names(&app)[1], "Riset");
    assert_eq!(app.sel.stage, 1);
    keys(&mut app, "r");
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "h");
    press(&mut app, KeyCode::Enter);
    assert_eq!(names(&app)[1], "Riseh");
    keys(&mut app, "<");
    assert_eq!(names(&app)[0], "Riseh");
    assert_eq!(app.sel.stage, 0);
    keys(&mut app, ">");
    // An empty stage goes at once; one with cards asks.
    keys(&mut app, "D");
    assert_eq!(names(&app).len(), 6);
    keys(&mut app, "D");
    assert!(matches!(app.mode, Mode::Confirm { .. }));
    keys(&mut app, "n");
    assert_eq!(names(&app).len(), 6);
    keys(&mut app, "Dy");
    assert_eq!(names(&app).len(), 5);
    assert_eq!(app.journey().unwrap().card_count(), 2);
    keys(&mut app, "uuuuuu");
    assert_eq!(app.journey().unwrap(), &original);
}

#[test]
fn journeys_are_created_renamed_switched_and_listed() {
    let mut app = app();
    keys(&mut app, "]");
    assert_eq!(app.journey().unwrap().name, "Kedua");
    keys(&mut app, "]");
    assert_eq!(app.journey().unwrap().name, "Phone", "cycling wraps");
    keys(&mut app, "[");
    assert_eq!(app.journey().unwrap().name, "Kedua");
    keys(&mut app, "N");
    keys(&mut app, "Langganan");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.journey().unwrap().name, "Langganan");
    assert_eq!(app.journey().unwrap().stages.len(), 6);
    keys(&mut app, "R");
    keys(&mut app, " baru");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.journey().unwrap().name, "Langganan baru");
    keys(&mut app, "o");
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.journey().unwrap().name, "Phone");
    keys(&mut app, "uu");
    assert_eq!(app.doc.workspace.journeys.len(), 2);
}

#[test]
fn search_jumps_across_journeys_and_esc_returns() {
    let mut app = app();
    keys(&mut app, "j/");
    keys(&mut app, "kasir");
    app.wait_for_search();
    let Mode::Search(panel) = &app.mode else {
        panic!("search is open")
    };
    assert_eq!(panel.hits.len(), 1);
    assert_eq!(
        app.journey().unwrap().name,
        "Kedua",
        "the board previews the hit"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(selected_title(&app), "B", "Esc goes back");
    keys(&mut app, "/");
    keys(&mut app, "kasir");
    app.wait_for_search();
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Board));
    assert_eq!(selected_title(&app), "Bayar di kasir");
    assert_eq!(app.sel.stage, 2);
}

#[test]
fn a_query_without_hits_previews_the_place_search_started_from() {
    let mut app = app();
    keys(&mut app, "j/kasir");
    app.wait_for_search();
    assert_eq!(app.journey().unwrap().name, "Kedua");
    keys(&mut app, "zzz");
    app.wait_for_search();
    assert_eq!(app.journey().unwrap().name, "Phone");
    assert_eq!(selected_title(&app), "B");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.mode, Mode::Search(_)),
        "Enter without a hit stays"
    );
    assert_eq!(message(&app), "no match");
}

#[test]
fn search_hits_come_from_the_search_thread_as_the_synchronous_ranking() {
    let mut app = demo((100, 30));
    keys(&mut app, "/");
    // Each query grows the one before, until "Pay" replaces it.
    for (typed, query) in [
        ("p", "p"),
        ("a", "pa"),
        ("y", "pay"),
        ("x", "payx"),
        ("", "Pay"),
    ] {
        if typed.is_empty() {
            ctrl(&mut app, 'u');
            keys(&mut app, query);
        }
        keys(&mut app, typed);
        app.wait_for_search();
        assert!(!app.search_busy());
        let Mode::Search(panel) = &app.mode else {
            panic!("search is open")
        };
        assert_eq!(panel.input.lines(), [query]);
        let expected = crate::search::search(&app.doc.workspace, query, 200);
        assert_eq!(panel.hits, expected, "{query}");
    }
}

#[test]
fn enter_before_the_hits_come_jumps_to_the_best_when_they_do() {
    let mut app = app();
    keys(&mut app, "/kasir");
    assert!(app.search_busy(), "nothing polled the search thread yet");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Search(_)), "waits for the hits");
    app.wait_for_search();
    assert!(matches!(app.mode, Mode::Board));
    assert_eq!(selected_title(&app), "Bayar di kasir");
    assert!(!app.poll_search(), "nothing more comes");
}

#[test]
fn the_hits_of_an_older_query_never_show() {
    let mut app = app();
    keys(&mut app, "/kasir");
    press(&mut app, KeyCode::Backspace);
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "zzz");
    app.wait_for_search();
    let Mode::Search(panel) = &app.mode else {
        panic!("search is open")
    };
    assert!(panel.hits.is_empty(), "only the hits of zzz");
    assert_eq!(selected_title(&app), "A", "back where the search started");
}

#[test]
fn search_finds_what_was_edited_since_it_last_opened() {
    let mut app = app();
    keys(&mut app, "/kasir");
    app.wait_for_search();
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "e");
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "Zebra");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "j/zebra");
    app.wait_for_search();
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_title(&app), "Zebra");
    assert_eq!(app.sel.card, 0);
}

#[test]
fn text_inputs_take_shell_editing_keys() {
    let mut app = app();
    keys(&mut app, "/kasir");
    ctrl(&mut app, 'u');
    keys(&mut app, "bay");
    let Mode::Search(panel) = &app.mode else {
        panic!("search is open")
    };
    assert_eq!(panel.input.lines(), ["bay"], "Ctrl-u clears to the start");
    ctrl(&mut app, 'z');
    let Mode::Search(panel) = &app.mode else {
        panic!("search is open")
    };
    assert_eq!(panel.input.lines(), ["ba"], "Ctrl-z undoes typing");
}

#[test]
fn the_palette_runs_actions_by_name() {
    let mut app = app();
    keys(&mut app, "d");
    keys(&mut app, ":");
    keys(&mut app, "undo");
    let Mode::Palette(panel) = &app.mode else {
        panic!("palette is open")
    };
    assert_eq!(panel.entries[0].0, crate::tui::action::Action::Undo);
    press(&mut app, KeyCode::Enter);
    assert_eq!(titles(&app, 0), ["A", "B"]);
    keys(&mut app, ":delete journ");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Confirm { .. }));
    keys(&mut app, "y");
    assert_eq!(app.doc.workspace.journeys.len(), 1);
}

#[test]
fn help_opens_and_closes() {
    let mut app = app();
    keys(&mut app, "?");
    assert!(matches!(app.mode, Mode::Help(_)));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Board));
}

#[test]
fn save_and_quit_are_effects() {
    let mut app = app();
    assert_eq!(ctrl(&mut app, 's'), Effect::Save);
    assert_eq!(keys(&mut app, "q"), Effect::Quit);
    assert_eq!(ctrl(&mut app, 'c'), Effect::Quit);
}

#[test]
fn a_read_only_workspace_refuses_every_edit() {
    let doc = Document::new(
        workspace(),
        PathBuf::from("t.json"),
        None,
        Some("newer".into()),
    );
    let mut app = App::new(doc, (100, 30), true);
    let before = app.doc.workspace.clone();
    for k in ["d", "J", "L", "a", "e", "+", "A", "D", "N", "R", "u"] {
        keys(&mut app, k);
        assert!(
            message(&app).starts_with("read-only"),
            "{k}: {}",
            message(&app)
        );
        press(&mut app, KeyCode::Esc);
    }
    assert_eq!(app.doc.workspace, before);
    assert!(!app.doc.is_dirty());
}

#[test]
fn a_workspace_without_journeys_still_works() {
    let doc = Document::new(Workspace::default(), PathBuf::from("t.json"), None, None);
    let mut app = App::new(doc, (100, 30), true);
    keys(&mut app, "jkhlJHadeD");
    assert!(message(&app).contains("press N"));
    keys(&mut app, "NFirst");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.journey().unwrap().name, "First");
}

#[test]
fn a_message_lasts_until_the_next_key() {
    let mut app = app();
    keys(&mut app, "K");
    assert_eq!(message(&app), "already the first card of the stage");
    keys(&mut app, "j");
    assert_eq!(message(&app), "");
    keys(&mut app, "J");
    assert_eq!(message(&app), "already the last card of the stage");
    keys(&mut app, "<");
    assert_eq!(message(&app), "already the first stage");
}

#[test]
fn hints_match_the_field_being_edited() {
    let mut app = app();
    keys(&mut app, "A");
    let hints: Vec<&str> = app.hints().iter().map(|(_, name)| *name).collect();
    assert!(
        !hints.contains(&"next"),
        "a prompt has no next field: {hints:?}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    // Thoughts: a multi-line field, where Enter types a new line.
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.editor.as_ref().is_some_and(|e| e.multiline()));
    let keys: Vec<String> = app.hints().into_iter().map(|(keys, _)| keys).collect();
    assert!(!keys.contains(&"Enter".to_string()), "{keys:?}");
    assert!(keys.contains(&"Ctrl-s".to_string()), "{keys:?}");
}

#[test]
fn personas_are_added_followed_filtered_and_deleted_with_their_marks() {
    let mut app = app();
    keys(&mut app, "p");
    assert!(matches!(app.mode, Mode::Personas { .. }));
    keys(&mut app, "a");
    assert!(matches!(app.mode, Mode::Form { .. }));
    // The form starts with the labels; replace it all.
    if let Mode::Form { input, .. } = &mut app.mode {
        *input = crate::tui::input::text_input("");
    }
    keys(&mut app, "Name: Sari, ibu bekerja\nGoals:\n- Hemat waktu\n");
    ctrl(&mut app, 's');
    assert!(
        matches!(app.mode, Mode::Personas { .. }),
        "{}",
        message(&app)
    );
    let sari = app.doc.workspace.personas[0].clone();
    assert_eq!(sari.name, "Sari, ibu bekerja");
    assert_eq!(sari.goals, ["Hemat waktu"]);

    keys(&mut app, " ");
    assert_eq!(
        app.journey().unwrap().personas,
        std::slice::from_ref(&sari.id)
    );
    // Mark card A for Sari through the card's Personas field.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    let personas_field = crate::model::TouchpointField::ALL.len() - 1;
    for _ in 0..personas_field {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "sari, IBU bekerja");
    ctrl(&mut app, 's');
    assert_eq!(app.card().unwrap().personas, std::slice::from_ref(&sari.id));
    press(&mut app, KeyCode::Esc);

    keys(&mut app, "P");
    assert_eq!(app.persona.as_deref(), Some(sari.id.as_str()));
    keys(&mut app, "pdy");
    assert!(app.doc.workspace.personas.is_empty());
    assert!(app.journey().unwrap().personas.is_empty());
    assert!(app.card().unwrap().personas.is_empty(), "marks go with it");
    keys(&mut app, "u");
    assert_eq!(
        app.doc.workspace.personas.len(),
        1,
        "one undo brings all back"
    );
    assert_eq!(app.card().unwrap().personas, [sari.id]);
}

#[test]
fn a_form_with_a_mistake_stays_open_and_names_the_line() {
    let mut app = app();
    keys(&mut app, ":");
    keys(&mut app, "edit journey details\n");
    assert!(matches!(app.mode, Mode::Form { .. }));
    if let Mode::Form { input, .. } = &mut app.mode {
        *input = crate::tui::input::text_input("Name: Phone\nState: someday");
    }
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Form { .. }));
    assert!(message(&app).starts_with("line 2:"), "{}", message(&app));
    if let Mode::Form { input, .. } = &mut app.mode {
        *input = crate::tui::input::text_input("Name: Phone\nOwner: Dewi\nState: future");
    }
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Board));
    let journey = app.journey().unwrap();
    assert_eq!(
        (journey.owner.as_str(), journey.state),
        ("Dewi", crate::model::JourneyState::Future)
    );
    assert_eq!(journey.stages.len(), 6, "the stages stay");
}

#[test]
fn views_switch_by_number_and_cycle_and_mark_reviewed_stamps_today() {
    use crate::tui::app::View;
    let mut app = app();
    keys(&mut app, "3");
    assert_eq!(app.view, View::Channels);
    keys(&mut app, "v");
    assert_eq!(app.view, View::Kpis);
    keys(&mut app, "vv");
    assert_eq!(app.view, View::Analytics);
    keys(&mut app, "v");
    assert_eq!(app.view, View::Board, "v wraps around");
    keys(&mut app, "6");
    assert_eq!(app.view, View::Analytics);
    keys(&mut app, "1");
    keys(&mut app, ":");
    keys(&mut app, "mark journey reviewed\n");
    let today = crate::model::date::today_text();
    assert_eq!(
        app.journey().unwrap().last_reviewed.as_deref(),
        Some(today.as_str())
    );
    keys(&mut app, "u");
    assert_eq!(app.journey().unwrap().last_reviewed, None);
}

#[test]
fn a_journey_comes_from_a_template_with_its_personas_and_one_undo_takes_it_back() {
    let mut app = app();
    let before = app.doc.workspace.clone();
    keys(&mut app, ":");
    keys(&mut app, "new journey from template\n");
    assert!(matches!(app.mode, Mode::Templates { .. }));
    let saas = crate::templates::all()
        .iter()
        .position(|t| t.name == "saas-onboarding")
        .unwrap();
    for _ in 0..saas {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.journey().unwrap().name.starts_with("SaaS onboarding"));
    assert!(!app.doc.workspace.personas.is_empty());
    crate::model::validate(&app.doc.workspace).unwrap();
    keys(&mut app, "u");
    assert_eq!(app.doc.workspace, before);
}

/// Replaces the open form's text and saves it with Ctrl-s.
fn save_form(app: &mut App, edit: impl Fn(&str) -> String) {
    let Mode::Form { input, .. } = &mut app.mode else {
        panic!("a form is open")
    };
    let text = edit(&crate::tui::input::text_of(input));
    *input = crate::tui::input::text_input(&text);
    ctrl(app, 's');
}

#[test]
fn e_edits_the_selected_kpi_and_opportunity_in_their_views() {
    let mut app = demo((120, 35));
    keys(&mut app, "4e");
    assert!(matches!(app.mode, Mode::Form { .. }), "{}", message(&app));
    save_form(&mut app, |text| text.replace("Target: 2.5", "Target: 2"));
    assert!(matches!(app.mode, Mode::Board), "{}", message(&app));
    let kpi = &app.stage().unwrap().kpis[0];
    assert_eq!(kpi.target, Some(2.0));
    assert_eq!(kpi.summary().on_target, Some(true));
    keys(&mut app, "u");
    assert_eq!(app.stage().unwrap().kpis[0].target, Some(2.5));

    keys(&mut app, "5e");
    assert!(matches!(app.mode, Mode::Form { .. }), "{}", message(&app));
    save_form(&mut app, |text| {
        text.lines()
            .map(|l| {
                if l.starts_with("Owner:") {
                    "Owner: Tim sosial"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let owners: Vec<String> = app
        .journey()
        .unwrap()
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .flat_map(|t| &t.opportunities)
        .map(|o| o.owner.to_string())
        .collect();
    assert!(owners.contains(&"Tim sosial".to_string()), "{owners:?}");
}

#[test]
fn a_conflict_kept_in_the_workspace_is_resolved_by_picking_a_value_and_undone() {
    let mut app = app();
    let base = crate::model::Workspace::clone(&app.doc.workspace);
    let mut theirs = base.clone();
    theirs.journeys[0].stages[0].touchpoints[0].title = "A (theirs)".into();
    keys(&mut app, "e");
    keys(&mut app, " (ours)");
    press(&mut app, KeyCode::Enter);
    let merged = crate::merge::merge(&base, &app.doc.workspace, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    *app.doc.workspace_mut() = merged.workspace;
    // The same value in every instance, whichever side it merged from.
    assert_eq!(selected_title(&app), "A (theirs)");
    keys(&mut app, ":");
    keys(&mut app, "review conflicts\n");
    assert!(matches!(app.mode, Mode::Conflicts { selected: 0 }));
    // The values in the order of their text: "A (ours)" first.
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_title(&app), "A (ours)");
    assert!(app.doc.workspace.conflicts.is_empty());
    assert!(matches!(app.mode, Mode::Board));
    keys(&mut app, "u");
    assert_eq!(selected_title(&app), "A (theirs)");
    assert_eq!(
        app.doc.workspace.conflicts.len(),
        1,
        "undo brings the conflict back"
    );
}

#[test]
fn a_commit_over_a_value_changed_while_typing_is_a_conflict_not_an_overwrite() {
    let mut app = app();
    app.config.name = Some("rina".into());
    keys(&mut app, "e");
    keys(&mut app, " (typed)");
    // Someone else's save comes in while the editor is open.
    app.doc.workspace_mut().journeys[0].stages[0].touchpoints[0].title = "B (saved)".into();
    press(&mut app, KeyCode::Enter);
    let [conflict] = &app.doc.workspace.conflicts[..] else {
        panic!("one conflict: {:?}", app.doc.workspace.conflicts);
    };
    let values: Vec<(String, &str)> = conflict
        .values
        .iter()
        .map(|c| (c.value.to_string(), c.by.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("\"A (typed)\"".to_string(), "rina"),
            ("\"B (saved)\"".to_string(), "")
        ]
    );
    assert_eq!(
        selected_title(&app),
        "B (saved)",
        "the winner by the shared rule"
    );
    assert!(
        message(&app).contains("both values are kept"),
        "{}",
        message(&app)
    );
    // Without anyone else's change, a commit is a plain edit.
    keys(&mut app, "j");
    keys(&mut app, "e");
    keys(&mut app, "!");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.doc.workspace.conflicts.len(), 1);
}

#[test]
fn others_are_named_where_they_are_and_following_moves_along_until_you_move() {
    use crate::store::Peer;
    let mut app = app();
    app.config.name = Some("me".into());
    let journey = app.journey().unwrap().clone();
    let rina = Peer {
        id: ".ws.json.open-1-aaaaaa".into(),
        name: "rina".into(),
        journey: journey.id.clone(),
        view: "board".into(),
        stage: journey.stages[1].id.clone(),
        card: journey.stages[1].touchpoints[0].id.clone(),
        editing: true,
    };
    assert!(app.take_in_others(vec![rina.clone()]));
    assert_eq!(
        crate::tui::view::chrome::peers_text(&app),
        "rina on Consideration › C (editing)"
    );
    assert_eq!(app.me().name, "me");
    keys(&mut app, "F");
    assert_eq!(selected_title(&app), "C", "moved to where rina is");
    assert!(message(&app).starts_with("following rina"));
    // Rina moves to the second journey: so does this view.
    let kedua = app.doc.workspace.journeys[1].clone();
    let moved = Peer {
        journey: kedua.id.clone(),
        view: "lanes".into(),
        stage: kedua.stages[2].id.clone(),
        card: kedua.stages[2].touchpoints[0].id.clone(),
        ..rina.clone()
    };
    app.take_in_others(vec![moved.clone()]);
    assert_eq!(selected_title(&app), "Bayar di kasir");
    assert_eq!(app.view, crate::tui::app::View::Lanes);
    // Moving yourself stops following; then her moves leave this view alone.
    keys(&mut app, "h");
    assert!(app.peers.following.is_none());
    assert_eq!(message(&app), "stopped following: you moved");
    app.take_in_others(vec![rina]);
    assert_eq!(app.sel.journey, 1);
    // No one to follow.
    app.take_in_others(Vec::new());
    keys(&mut app, "F");
    assert_eq!(message(&app), "no one else has this map open");
}

#[test]
fn a_card_is_commented_replied_to_resolved_and_reopened_all_undoable() {
    let mut app = app();
    app.config.name = Some("rina".into());
    keys(&mut app, "C");
    keys(&mut app, "Masih relevan?\n");
    let [thread] = &app.doc.workspace.comments[..] else {
        panic!("one thread: {:?}", app.doc.workspace.comments);
    };
    assert_eq!(
        (
            thread.by.as_str(),
            thread.text.as_str(),
            thread.record.as_str()
        ),
        ("rina", "Masih relevan?", app.card().unwrap().id.as_str())
    );
    assert_eq!(app.open_comments_on(&thread.record), 1);
    keys(&mut app, "T");
    assert!(matches!(app.mode, Mode::Comments { selected: 0, .. }));
    keys(&mut app, "r");
    keys(&mut app, "Ya\n");
    assert_eq!(app.doc.workspace.comments[0].replies[0].text, "Ya");
    keys(&mut app, "T");
    keys(&mut app, "x");
    assert!(app.doc.workspace.comments[0].resolved);
    assert_eq!(
        app.open_comments_on(&app.doc.workspace.comments[0].record),
        0
    );
    assert!(app.listed_comments(false).is_empty());
    keys(&mut app, "a");
    keys(&mut app, "x");
    assert!(!app.doc.workspace.comments[0].resolved, "reopened");
    keys(&mut app, "u");
    assert!(
        app.doc.workspace.comments[0].resolved,
        "undo: resolved again"
    );
    // On an empty stage the comment goes on the stage; the palette comments on the journey.
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "ll");
    keys(&mut app, "C");
    keys(&mut app, "Kosong?\n");
    assert_eq!(
        app.doc.workspace.comments[1].kind,
        crate::model::RecordKind::Stage
    );
    // Review mode writes nothing, comments included.
    app.doc.set_read_only(true).unwrap();
    keys(&mut app, "C");
    assert!(message(&app).starts_with("read-only"), "{}", message(&app));
    assert_eq!(app.doc.workspace.comments.len(), 2);
}
