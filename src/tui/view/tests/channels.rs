//! Rendering tests of the channels view: the matrix on the demo at 80x24 and 120x35, with and
//! without colour, a small screen, the persona filter, and the list of a cell's touchpoints.

use crossterm::event::KeyCode;
use ratatui::style::Modifier;

use super::{chars, demo_app, draw, keys, screen};
use crate::tui::app::App;

/// The demo without its review dates, whose age the header shows and which would change
/// the snapshots day by day.
pub(super) fn demo(size: (u16, u16), color: bool) -> App {
    let mut app = demo_app(size, color);
    for journey in &mut app.doc.workspace_mut().journeys {
        journey.last_reviewed = None;
    }
    app
}

/// The demo in view 3 with Web x Consideration selected.
fn channels(size: (u16, u16), color: bool) -> App {
    let mut app = demo(size, color);
    chars(&mut app, "3");
    keys(&mut app, &[KeyCode::Right]);
    app
}

#[test]
fn channels_80x24() {
    insta::assert_snapshot!(screen(&channels((80, 24), true)));
}

#[test]
fn channels_120x35() {
    insta::assert_snapshot!(screen(&channels((120, 35), true)));
}

#[test]
fn channels_80x24_no_color() {
    let app = channels((80, 24), false);
    insta::assert_snapshot!(screen(&app));
    // The selected cell stands out without colour: reverse video.
    let buffer = draw(&app);
    let text = screen(&app);
    let y = text.lines().position(|l| l.contains("▌Web")).unwrap() as u16;
    let line = text.lines().nth(y.into()).unwrap();
    let x = line[..line.find(" 2 ▲").unwrap()].chars().count() as u16;
    let cell = &buffer[(x + 1, y)];
    assert_eq!(cell.symbol(), "2");
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
}

#[test]
fn channels_120x35_no_color() {
    insta::assert_snapshot!(screen(&channels((120, 35), false)));
}

#[test]
fn channels_40x12_scrolls_stages_and_channels() {
    let mut app = channels((40, 12), true);
    keys(
        &mut app,
        &[KeyCode::Right, KeyCode::Right, KeyCode::Right, KeyCode::End],
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn channels_list_of_a_cell() {
    let mut app = channels((80, 24), true);
    keys(&mut app, &[KeyCode::Enter, KeyCode::Down]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn channels_list_40x12() {
    let mut app = channels((40, 12), false);
    keys(&mut app, &[KeyCode::Right, KeyCode::Right, KeyCode::Enter]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn channels_for_a_persona() {
    let mut app = channels((80, 24), true);
    chars(&mut app, "P");
    let text = screen(&app);
    assert!(text.contains("Channels × stages, Alex, first-time smartphone buyer's cards"));
    // Priya's trade-in email leaves Email x Awareness empty, and the stage with two cards.
    let email = text.lines().find(|l| l.contains(" Email ")).unwrap();
    assert!(email.contains("│ Email         ·         ·"), "{email}");
    let total = text.lines().find(|l| l.contains("All channels")).unwrap();
    assert!(
        total.contains("All channels  2 ▲ +0.5  3 ●  0.0"),
        "{total}"
    );
}

#[test]
fn hostile_channel_names_do_not_reach_the_terminal() {
    let mut app = demo((80, 24), true);
    let journey = &mut app.doc.workspace_mut().journeys[0];
    journey.stages[0].touchpoints[0].channel = "Evil\x1b[2J\u{202e}chan\nnel".into();
    journey.stages[0].touchpoints[0].title = "Title\x07 with\tbell".into();
    chars(&mut app, "3");
    keys(&mut app, &[KeyCode::End, KeyCode::Enter]);
    let text = screen(&app);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    assert!(text.contains("Evil�[2J�chan nel"), "{text}");
}
