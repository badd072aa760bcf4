//! Rendering tests of the opportunities view: the ranked table on the demo at 80x24 and
//! 120x35, with and without colour, a small screen, the persona filter, and a change of rank.

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use super::channels::demo;
use super::{chars, draw, keys, screen};
use crate::tui::app::App;

/// The demo in view 5 with the top quick win selected.
fn opportunities(size: (u16, u16), color: bool) -> App {
    let mut app = demo(size, color);
    chars(&mut app, "5");
    keys(&mut app, &[KeyCode::Home]);
    app
}

#[test]
fn opportunities_80x24() {
    insta::assert_snapshot!(screen(&opportunities((80, 24), true)));
}

#[test]
fn opportunities_120x35() {
    insta::assert_snapshot!(screen(&opportunities((120, 35), true)));
}

#[test]
fn opportunities_80x24_no_color() {
    let app = opportunities((80, 24), false);
    insta::assert_snapshot!(screen(&app));
    // The selected row stands out without colour: reverse video, and no colour at all.
    let buffer = draw(&app);
    let text = screen(&app);
    let y = text.lines().position(|l| l.contains("│▌")).unwrap() as u16;
    let cell = &buffer[(10, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

#[test]
fn opportunities_120x35_no_color() {
    insta::assert_snapshot!(screen(&opportunities((120, 35), false)));
}

#[test]
fn opportunities_40x12_scrolls() {
    let mut app = opportunities((40, 12), true);
    keys(&mut app, &[KeyCode::Down; 6]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn opportunities_follow_a_change_of_rank() {
    let mut app = opportunities((80, 24), true);
    // Effort 2 -> 4: the top quick win drops to score 0, the selection with it.
    chars(&mut app, "E4");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn opportunities_for_a_persona() {
    let mut app = opportunities((80, 24), true);
    chars(&mut app, "P");
    let text = screen(&app);
    assert!(text.contains("Opportunities on Alex, first-time smartphone buyer's cards, 2 others"));
    assert!(!text.contains("Show an instant estimate"));
    assert!(text.contains(" 1–16 of 17 "), "{text}");
}

#[test]
fn hostile_text_does_not_reach_the_terminal() {
    let mut app = demo((80, 24), true);
    let card = &mut app.doc.workspace_mut().journeys[0].stages[0].touchpoints[0];
    card.opportunities[0].title = "Evil\x1b[2J\u{202e}title\nhere".into();
    card.opportunities[0].owner = "Own\x07er\t".into();
    chars(&mut app, "5");
    let text = screen(&app);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    assert!(text.contains("Evil�[2J�title here"), "{text}");
}
