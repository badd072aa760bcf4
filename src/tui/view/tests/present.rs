//! Rendering tests of the presentation: one stage of the demo filling the screen at 80x24
//! and 120x35, scrolled, at the smallest size, and without colour.

use crossterm::event::KeyCode;
use ratatui::style::Color;

use super::{demo_app, draw, keys, screen};
use crate::tui::app::{App, Mode};

/// The demo presenting stage `stage` (from 0).
fn presenting(size: (u16, u16), color: bool, stage: usize) -> App {
    let mut app = demo_app(size, color);
    keys(&mut app, &[KeyCode::F(5)]);
    for _ in 0..stage {
        keys(&mut app, &[KeyCode::Char(' ')]);
    }
    // The message that greets the presentation would hide the keys.
    app.message = None;
    assert!(matches!(app.mode, Mode::Present { .. }));
    app
}

#[test]
fn present_80x24() {
    insta::assert_snapshot!(screen(&presenting((80, 24), true, 0)));
}

#[test]
fn present_120x35_a_stage_with_kpis() {
    insta::assert_snapshot!(screen(&presenting((120, 35), true, 3)));
}

#[test]
fn present_80x24_scrolled_to_the_end() {
    let mut app = presenting((80, 24), true, 3);
    keys(&mut app, &[KeyCode::Char('j'); 80]);
    app.message = None;
    let text = screen(&app);
    assert!(text.contains("lines above: k scrolls"), "{text}");
    assert!(!text.contains("more lines: j scrolls"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn present_40x12_still_reads() {
    let text = screen(&presenting((40, 12), true, 1));
    assert!(text.contains("stage 2/6"), "{text}");
    assert!(text.contains("more lines: j scrolls"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn present_without_colour_uses_none() {
    let app = presenting((120, 35), false, 3);
    for cell in draw(&app).content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
}
