//! Every theme on the real screen: the selection, the header and the status line use the
//! theme's styles, and without colour (NO_COLOR, or the mono theme) no cell has one.

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use super::{app, chars, draw, keys, screen};
use crate::config::ThemeChoice;
use crate::tui::theme::{Colors, Theme};

/// Every theme, on every kind of terminal.
fn themes() -> Vec<(String, bool, Theme)> {
    let mut all = Vec::new();
    for choice in ThemeChoice::ALL {
        for colors in [
            Colors::None,
            Colors::Ansi16,
            Colors::Ansi256,
            Colors::TrueColor,
        ] {
            let color = colors != Colors::None;
            let name = format!("{choice:?} on {colors:?}");
            all.push((name, color, Theme::choose(choice, colors)));
        }
    }
    all
}

#[test]
fn the_selected_card_header_and_status_line_wear_the_theme() {
    for (name, color, theme) in themes() {
        let mut app = app((80, 24), color);
        app.theme = theme;
        let theme = app.theme();
        let buffer = draw(&app);
        // The selected card: the marker, then its title in the selection's style.
        assert_eq!(buffer[(1, 2)].symbol(), "▌", "{name}");
        let title = &buffer[(2, 2)];
        assert_eq!(
            title.bg,
            theme.selected().bg.unwrap_or(Color::Reset),
            "{name}"
        );
        assert!(
            title.modifier.contains(theme.selected().add_modifier),
            "{name}: {title:?}"
        );
        let header = &buffer[(0, 0)];
        assert_eq!(
            header.bg,
            theme.header().bg.unwrap_or(Color::Reset),
            "{name}"
        );
        if !theme.has_color() {
            for cell in buffer.content() {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}");
            }
            assert!(title.modifier.contains(Modifier::REVERSED), "{name}");
        }
    }
}

#[test]
fn panels_and_help_draw_in_every_theme() {
    for (name, color, theme) in themes() {
        let mut app = app((80, 24), color);
        app.theme = theme;
        chars(&mut app, "?");
        assert!(screen(&app).contains("select left"), "{name}");
        keys(&mut app, &[KeyCode::Esc]);
        chars(&mut app, "/sees");
        assert!(screen(&app).contains("Search"), "{name}");
        keys(&mut app, &[KeyCode::Esc]);
        chars(&mut app, ":");
        assert!(screen(&app).contains("Commands"), "{name}");
    }
}
