//! Rendering tests of the lanes view: the map grid on the demo, at 80x24, 120x35 and 40x12.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::tui::app::{App, View};

use super::{demo_app, draw, keys, screen};

/// The demo in the lanes view. The review date is cleared so the header does not change with
/// the day the tests run.
fn lanes(size: (u16, u16), color: bool) -> App {
    let mut app = demo_app(size, color);
    for journey in &mut std::sync::Arc::make_mut(&mut app.doc.workspace).journeys {
        journey.last_reviewed = None;
    }
    app.view = View::Lanes;
    app
}

/// The row of the screen that holds `text`, and its column.
fn find(buffer: &Buffer, text: &str) -> Option<(u16, u16)> {
    let width = buffer.area.width;
    (0..buffer.area.height).find_map(|y| {
        let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
        let at = row.find(text)?;
        Some((row[..at].chars().count() as u16, y))
    })
}

#[test]
fn lanes_80x24() {
    insta::assert_snapshot!(screen(&lanes((80, 24), true)));
}

#[test]
fn lanes_120x35() {
    insta::assert_snapshot!(screen(&lanes((120, 35), true)));
}

#[test]
fn every_lane_has_its_label() {
    let text = screen(&lanes((120, 35), true));
    for label in [
        "Action",
        "Touchpoints",
        "Channel",
        "Thoughts",
        "Emotion",
        "Pain points",
        "Opportunities",
    ] {
        assert!(text.contains(&format!(" {label} ")), "{label}:\n{text}");
    }
}

#[test]
fn lanes_are_usable_at_40x12() {
    let app = lanes((40, 12), true);
    let text = screen(&app);
    // Every lane keeps a row, two stages show, and the selected card is there.
    for label in [
        "Action", "Touch-", "Channel", "Thoughts", "Emotion", "Pain", "Opport",
    ] {
        assert!(text.contains(label), "{label}:\n{text}");
    }
    assert!(text.contains("Awaren"), "{text}");
    assert!(text.contains("▶"), "more stages to the right:\n{text}");
    assert!(text.contains("▌Sees an unbo"), "{text}");
    assert!(text.contains('↓'), "cut cells say so:\n{text}");
}

#[test]
fn the_selected_cards_entries_are_highlighted_in_every_lane() {
    let mut app = lanes((80, 24), true);
    keys(&mut app, &[KeyCode::Right, KeyCode::Down, KeyCode::Down]);
    let text = screen(&app);
    // Consideration's third card: "Asks chat about plan costs".
    for entry in [
        "▌Asks the chat",
        "▌Asks chat abou",
        "▌Chat",
        "▌Just tell me w",
        "▌The bot answer",
        "▌Give the 24-mo",
    ] {
        assert!(text.contains(entry), "{entry}:\n{text}");
    }
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "▌Asks chat abou").unwrap();
    assert!(buffer[(x + 1, y)].modifier.contains(Modifier::BOLD));
    assert_eq!(buffer[(x + 1, y)].bg, Color::Blue);
    // Its emotion mark, among the stage's marks.
    let (x, y) = find(&buffer, "▲ +1 ●  0 ▼ -1").unwrap();
    assert_eq!(buffer[(x + 10, y)].bg, Color::Blue);
    assert_eq!(buffer[(x, y)].bg, Color::Reset);
}

#[test]
fn a_cut_cell_keeps_the_selected_entry_in_view() {
    let mut app = lanes((80, 24), true);
    keys(&mut app, &[KeyCode::Down, KeyCode::Down]);
    let text = screen(&app);
    // Two rows for three actions: the first is hidden, the third (selected) shows.
    assert!(text.contains("Searches \"be"), "{text}");
    assert!(text.contains("▌Opens an email"), "{text}");
    assert!(text.contains("↑1"), "{text}");
}

#[test]
fn lanes_scroll_with_the_selection_like_the_board() {
    let mut app = lanes((80, 24), true);
    keys(&mut app, &[KeyCode::Right; 5]);
    assert_eq!(app.stage_offset, 2);
    let text = screen(&app);
    let header = text.lines().nth(1).unwrap();
    assert!(header.contains("◀ Decision"), "{header}");
    assert!(header.contains("╔ Advocacy (3) ═"), "{header}");
    assert!(!header.contains('▶'), "{header}");
    assert!(text.contains("▌Answers the NP"), "{text}");
}

#[test]
fn other_personas_cards_are_dimmed() {
    let mut app = lanes((120, 35), true);
    // Alex: Priya's trade-in email is dimmed, the cards for everyone are not.
    app.persona = Some("pe-0tr3p6zzw47j".into());
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "Gets a trade").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::DarkGray);
    let (x, y) = find(&buffer, "Reads a buying").unwrap();
    assert_ne!(buffer[(x, y)].fg, Color::DarkGray);
}

#[test]
fn no_color_lanes_use_no_colour_yet_the_selection_shows() {
    let mut app = lanes((80, 24), false);
    app.persona = Some("pe-0tr3p6zzw47j".into());
    let buffer = draw(&app);
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    // The selected card's title: a marker and reversed text.
    let (x, y) = find(&buffer, "▌Sees an unboxin").unwrap();
    assert!(buffer[(x + 1, y)].modifier.contains(Modifier::REVERSED));
    // The selected stage: a double border.
    let (x, y) = find(&buffer, "╔ Awareness").unwrap();
    assert_eq!(buffer[(x, y + 1)].symbol(), "║");
}

#[test]
fn a_stage_without_cards_says_so() {
    let mut app = lanes((80, 24), true);
    std::sync::Arc::make_mut(&mut app.doc.workspace).journeys[0].stages[1]
        .touchpoints
        .clear();
    let text = screen(&app);
    assert!(text.contains("Consider… (0)"), "{text}");
    assert!(text.contains(" no cards "), "{text}");
}

#[test]
fn rules_part_the_lanes_when_there_is_room() {
    // The future-state journey has at most two cards a stage: every lane fits, with rules.
    let mut app = lanes((120, 35), true);
    keys(&mut app, &[KeyCode::Char('['), KeyCode::Right]);
    let text = screen(&app);
    assert!(text.contains("Future"), "{text}");
    let rules = text
        .lines()
        .filter(|l| l.starts_with("───") && l.contains("╫"))
        .count();
    assert_eq!(rules, 6, "{text}");
    // Without room, no rules: the 80x24 demo.
    let text = screen(&lanes((80, 24), true));
    assert!(!text.contains('┼'), "{text}");
}
