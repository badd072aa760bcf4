//! Rendering tests of the emotion curve under the board and the lanes.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::tui::app::{App, View};

use super::{app, demo_app, draw, keys, screen};

/// Alex, first-time smartphone buyer.
const ALEX: &str = "pe-0tr3p6zzw47j";
/// Priya, upgrader with a trade-in.
const PRIYA: &str = "pe-azpdpcrkk2as";

/// The demo on the board. The review date is cleared so the header does not change with the
/// day the tests run.
fn demo(size: (u16, u16), color: bool) -> App {
    let mut app = demo_app(size, color);
    for journey in &mut app.doc.workspace_mut().journeys {
        journey.last_reviewed = None;
    }
    app
}

/// A row of the screen as text.
fn row(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// The screen columns holding `glyph` in rows `rows`.
fn columns_of(buffer: &Buffer, glyph: &str, rows: std::ops::Range<u16>) -> Vec<u16> {
    let mut out: Vec<u16> = rows
        .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
        .filter(|(x, y)| buffer[(*x, *y)].symbol() == glyph)
        .map(|(x, _)| x)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a cell holds a braille dot pattern.
fn is_braille(symbol: &str) -> bool {
    symbol
        .chars()
        .next()
        .is_some_and(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

#[test]
fn board_with_curve_120x35() {
    insta::assert_snapshot!(screen(&demo((120, 35), true)));
}

#[test]
fn board_with_curve_80x24() {
    insta::assert_snapshot!(screen(&demo((80, 24), true)));
}

#[test]
fn curve_filtered_to_a_persona() {
    let mut app = demo((120, 35), true);
    app.persona = Some(PRIYA.into());
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_points_sit_under_the_board_columns() {
    let app = demo((120, 35), true);
    let buffer = draw(&app);
    // Six columns of 20: their centres.
    assert_eq!(columns_of(&buffer, "●", 28..33), [10, 30, 50, 70, 90, 110]);
    // The board's own borders agree: each column starts where the last ended.
    let top = row(&buffer, 1);
    for x in [0, 20, 40, 60, 80, 100] {
        let corner = top.chars().nth(x).unwrap();
        assert!("╭╔".contains(corner), "{x}: {top}");
    }
}

#[test]
fn the_points_sit_under_the_lanes_columns() {
    for size in [(80, 24), (120, 35)] {
        let mut app = demo(size, true);
        app.view = View::Lanes;
        let buffer = draw(&app);
        // The lanes' column separators in their header row, and the points between them.
        let header = row(&buffer, 1);
        let edges: Vec<usize> = header
            .chars()
            .enumerate()
            .filter(|(_, c)| "┌┬╔╗┐".contains(*c))
            .map(|(x, _)| x)
            .collect();
        let centres: Vec<u16> = edges
            .windows(2)
            .map(|w| (w[0] + 1 + (w[1] - w[0] - 1) / 2) as u16)
            .collect();
        let curve = size.1 - 8;
        let points = columns_of(&buffer, "●", curve + 1..curve + 6);
        assert_eq!(points, centres, "{}", screen(&app));
    }
}

#[test]
fn the_lowest_stage_is_marked() {
    let app = demo((120, 35), true);
    let buffer = draw(&app);
    let text = screen(&app);
    // Post-purchase (-1) is the fifth column, x 80..100, in the values row.
    let values = row(&buffer, 33);
    let at = values.find("▼ hurts most").expect(&text);
    let x = values[..at].chars().count();
    assert!((80..100).contains(&x), "{values}");
    assert_eq!(values.matches('▼').count(), 1, "{values}");
    assert!(values.contains("-1 ▼ hurts most"), "{values}");
    // The legend names it.
    assert!(
        row(&buffer, 27).contains("▼ hurts most: Post-purchase -1"),
        "{text}"
    );
    // A red mark in colour.
    assert_eq!(buffer[(x as u16, 33)].fg, Color::Red);
}

#[test]
fn a_stage_out_of_view_that_hurts_most_is_named_with_its_direction() {
    let app = demo((80, 24), true);
    let text = screen(&app);
    assert!(text.contains("▼ hurts most: Post-purchase -1 ▶"), "{text}");
    let mut app = demo((80, 24), true);
    keys(&mut app, &[KeyCode::Right; 5]);
    let text = screen(&app);
    assert!(text.contains("-1 ▼ hurts most"), "{text}");
    assert!(!text.contains("Post-purchase -1 ▶"), "{text}");
}

#[test]
fn every_value_is_printed_under_its_stage() {
    let app = demo((120, 35), true);
    let values = row(&draw(&app), 33);
    let words: Vec<&str> = values.split_whitespace().collect();
    assert_eq!(
        words,
        [
            "+0.7", "0", "+0.7", "-0.3", "-1", "▼", "hurts", "most", "+1.3"
        ]
    );
}

#[test]
fn a_persona_line_has_its_own_points_and_legend() {
    let mut app = demo((120, 35), true);
    app.persona = Some(ALEX.into());
    let buffer = draw(&app);
    let text = screen(&app);
    let legend = row(&buffer, 27);
    assert!(legend.contains("●⠒⠒ all cards"), "{legend}");
    assert!(
        legend.contains("◆⠒ ⠒ Alex, first-time smartphone buyer"),
        "{legend}"
    );
    assert!(
        legend.contains("hurts most (◆): Post-purchase -1"),
        "{legend}"
    );
    // Both lines have a point at every stage; the persona's differs at Awareness (0.5 against
    // 2/3) and at Advocacy (1.5 against 4/3).
    assert_eq!(columns_of(&buffer, "●", 28..33).len(), 6, "{text}");
    assert_eq!(columns_of(&buffer, "◆", 28..33).len(), 6, "{text}");
    let values = row(&buffer, 33);
    assert!(values.contains("● +0.7 ◆ +0.5"), "{values}");
    assert!(values.contains("● +1.3 ◆ +1.5"), "{values}");
}

#[test]
fn no_color_curve_uses_no_colour_and_tells_the_lines_apart() {
    for view in [View::Board, View::Lanes] {
        let mut app = demo((80, 24), false);
        app.view = view;
        app.persona = Some(PRIYA.into());
        let buffer = draw(&app);
        for cell in buffer.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
        }
        let text = screen(&app);
        assert!(text.contains("●⠒⠒ all cards"), "{text}");
        assert!(text.contains("◆⠒ ⠒ Priya"), "{text}");
        assert!(!columns_of(&buffer, "◆", 17..22).is_empty(), "{text}");
        assert!(!columns_of(&buffer, "●", 17..22).is_empty(), "{text}");
    }
}

#[test]
fn stages_without_emotion_leave_a_gap() {
    // The Indonesian journey: three stages with cards, three without.
    let app = app((120, 35), true);
    let buffer = draw(&app);
    let text = screen(&app);
    let values = row(&buffer, 33);
    assert_eq!(values.matches("no emotion").count(), 3, "{text}");
    // No line from the third stage's point (x 50) on.
    for y in 28..33 {
        for x in 51..120 {
            assert!(!is_braille(buffer[(x, y)].symbol()), "{x},{y}:\n{text}");
        }
    }
}

#[test]
fn a_journey_without_emotions_says_so() {
    let mut app = demo((80, 24), true);
    for stage in &mut app.doc.workspace_mut().journeys[0].stages {
        for card in &mut stage.touchpoints {
            card.emotion = None;
        }
    }
    let text = screen(&app);
    assert!(text.contains("no card has an emotion yet"), "{text}");
    assert!(!text.contains("hurts most"), "{text}");
}

#[test]
fn a_curve_above_neutral_marks_nothing() {
    // The future-state journey is positive all along.
    let mut app = demo((120, 35), true);
    keys(&mut app, &[KeyCode::Char(']'), KeyCode::Char(']')]);
    let text = screen(&app);
    assert!(text.contains("Future"), "{text}");
    assert!(text.contains("nothing below neutral"), "{text}");
    assert!(!text.contains("hurts most"), "{text}");
}

#[test]
fn the_curve_stays_off_short_screens() {
    let text = screen(&demo((80, 20), true));
    assert!(!text.contains("Emotion "), "{text}");
}
