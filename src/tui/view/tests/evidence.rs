//! Rendering tests of the evidence panel: the demo's Indonesian journey at 80x24 and 40x12,
//! the count mark on cards without colour, going to a card, and a hostile quote.

use std::path::PathBuf;

use crossterm::event::KeyCode;

use super::{chars, demo_app, draw, keys, screen};
use crate::model::{Evidence, EvidenceKind};
use crate::tui::app::{App, Mode};
use crate::tui::document::Document;

/// The demo's second journey (Toko Nusantara) with the evidence panel open.
fn panel(size: (u16, u16)) -> App {
    let mut app = demo_app(size, true);
    chars(&mut app, "]V");
    app
}

#[test]
fn evidence_panel_80x24() {
    let app = panel((80, 24));
    assert!(matches!(app.mode, Mode::Evidence { selected: 0 }));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn evidence_panel_40x12_keeps_the_highlighted_record_in_sight() {
    let mut app = panel((40, 12));
    keys(&mut app, &[KeyCode::Down; 5]);
    chars(&mut app, "j");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn enter_goes_to_the_card_of_the_highlighted_record() {
    let mut app = panel((80, 24));
    let listed: Vec<String> = app
        .listed_evidence()
        .iter()
        .map(|(_, card, _)| card.title.to_string())
        .collect();
    assert_eq!(listed[3], "Pembayaran gagal saat ramai");
    chars(&mut app, "jjj");
    keys(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.mode, Mode::Board));
    assert_eq!(app.card().unwrap().title, "Pembayaran gagal saat ramai");
    // q closes the panel as Esc does, since it has no text input.
    chars(&mut app, "V");
    chars(&mut app, "q");
    assert!(matches!(app.mode, Mode::Board));
}

#[test]
fn the_palette_opens_the_panel_by_name() {
    let mut app = demo_app((80, 24), true);
    chars(&mut app, ":quotes and sources");
    keys(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.mode, Mode::Evidence { selected: 0 }));
}

#[test]
fn cards_show_their_evidence_count_without_colour() {
    let text = screen(&demo_app((80, 24), false));
    assert!(text.contains("❝1"), "{text}");
}

#[test]
fn a_journey_without_evidence_says_how_to_add_some() {
    let mut app = demo_app((80, 24), true);
    chars(&mut app, "]]V");
    assert!(matches!(app.mode, Mode::Board));
    let text = screen(&app);
    assert!(text.contains("no evidence on this journey yet"), "{text}");
}

#[test]
fn escape_sequences_in_evidence_never_reach_the_screen() {
    let mut ws = crate::demo::workspace();
    let card = &mut ws.journeys[0].stages[0].touchpoints[0];
    card.evidence = vec![Evidence {
        kind: EvidenceKind::Interview,
        source: "Rina\x1b]52;c;AAAA\x07".into(),
        quote: "Mahal\x1b[2J\x1b[31m banget\u{202e}\r\nya".into(),
        link: "https://x.test/\x1b[5m".into(),
        ..Evidence::default()
    }]
    .into();
    let doc = Document::new(ws, PathBuf::from("x.json"), None, None);
    let mut app = App::new(doc, (80, 24), true);
    chars(&mut app, "V");
    assert!(matches!(app.mode, Mode::Evidence { selected: 0 }));
    for cell in draw(&app).content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "control character {:?} on screen",
            cell.symbol()
        );
    }
    assert!(screen(&app).contains("Mahal"));
}
