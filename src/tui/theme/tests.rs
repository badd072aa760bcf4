use ratatui::style::{Color, Modifier, Style};

use super::*;

const ALL_COLORS: [Colors; 4] = [
    Colors::None,
    Colors::Ansi16,
    Colors::Ansi256,
    Colors::TrueColor,
];

fn every_theme() -> Vec<(ThemeChoice, Colors, Theme)> {
    let mut themes = Vec::new();
    for choice in ThemeChoice::ALL {
        for colors in ALL_COLORS {
            themes.push((choice, colors, Theme::choose(choice, colors)));
        }
    }
    themes
}

/// Every style of a theme, named.
fn styles(theme: &Theme) -> Vec<(String, Style)> {
    let mut all = vec![
        ("header".to_string(), theme.header()),
        ("mode".into(), theme.mode()),
        ("dim".into(), theme.dim()),
        ("key".into(), theme.key()),
        ("error".into(), theme.error()),
        ("border".into(), theme.border(false)),
        ("border selected".into(), theme.border(true)),
        ("title".into(), theme.title()),
        ("selected".into(), theme.selected()),
        ("matched".into(), theme.matched()),
        ("bar".into(), theme.bar()),
        ("emotion unknown".into(), theme.emotion(None)),
    ];
    for v in -2..=2 {
        all.push((format!("emotion {v}"), theme.emotion(Some(v))));
    }
    all
}

fn colours(style: Style) -> impl Iterator<Item = Color> {
    style
        .fg
        .into_iter()
        .chain(style.bg)
        .filter(|c| *c != Color::Reset)
}

#[test]
fn the_selection_shows_in_every_theme() {
    for (choice, colors, theme) in every_theme() {
        let selected = theme.selected();
        let filled = selected.bg.is_some_and(|bg| bg != Color::Reset);
        let reversed = selected.add_modifier.contains(Modifier::REVERSED);
        assert!(filled || reversed, "{choice:?} on {colors:?}: {selected:?}");
        assert!(selected.add_modifier.contains(Modifier::BOLD));
        assert_ne!(selected, theme.header(), "{choice:?} on {colors:?}");
        assert_ne!(
            theme.border(true),
            theme.border(false),
            "{choice:?} on {colors:?}"
        );
    }
}

#[test]
fn mono_and_no_color_use_attributes_only() {
    for (choice, colors, theme) in every_theme() {
        if choice != ThemeChoice::Mono && colors != Colors::None {
            assert!(theme.has_color());
            continue;
        }
        assert!(!theme.has_color());
        assert_eq!(theme, Theme::mono(), "{choice:?} on {colors:?}");
        for (name, style) in styles(&theme) {
            assert_eq!(colours(style).count(), 0, "{name}: {style:?}");
        }
    }
    assert_eq!(Theme::new(false), Theme::mono());
}

#[test]
fn no_color_beats_the_dark_theme_even_on_a_truecolor_terminal() {
    let env = |name: &str| match name {
        "NO_COLOR" => Some("1".to_string()),
        "COLORTERM" => Some("truecolor".to_string()),
        "TERM" => Some("xterm-256color".to_string()),
        _ => None,
    };
    let theme = Theme::choose(ThemeChoice::Dark, Colors::detect(env));
    assert_eq!(theme, Theme::mono());
    assert!(theme.selected().add_modifier.contains(Modifier::REVERSED));
}

#[test]
fn rgb_only_on_truecolor_terminals_and_indexed_only_on_256() {
    for (choice, colors, theme) in every_theme() {
        for (name, style) in styles(&theme) {
            for color in colours(style) {
                let ok = match color {
                    Color::Rgb(..) => colors == Colors::TrueColor,
                    Color::Indexed(i) => colors == Colors::Ansi256 && i >= 16,
                    _ => true,
                };
                assert!(ok, "{choice:?} on {colors:?}: {name} is {color:?}");
            }
        }
    }
    let dark = Theme::choose(ThemeChoice::Dark, Colors::TrueColor);
    assert!(matches!(dark.key().fg, Some(Color::Rgb(..))));
    let dark = Theme::choose(ThemeChoice::Dark, Colors::Ansi256);
    assert!(matches!(dark.key().fg, Some(Color::Indexed(..))));
}

/// On 16 colours the shades are the user's: essential text keeps the terminal's own
/// foreground, and dark grey (the background itself in some palettes) is never used.
#[test]
fn sixteen_colour_themes_keep_text_in_the_terminal_s_own_colour() {
    for choice in ThemeChoice::ALL {
        let theme = Theme::choose(choice, Colors::Ansi16);
        for (name, style) in styles(&theme) {
            assert!(
                !colours(style).any(|c| c == Color::DarkGray),
                "{choice:?}: {name} {style:?}"
            );
            // A dark or light foreground is set only over a background cjm sets too.
            if let Some(fg) = style
                .fg
                .filter(|c| matches!(c, Color::Black | Color::White))
            {
                assert!(
                    style.bg.is_some(),
                    "{choice:?}: {name} is {fg:?} on any background"
                );
            }
        }
        for style in [theme.title(), theme.dim()] {
            assert_eq!(style.fg, None, "{choice:?}");
        }
    }
    let default = Theme::choose(ThemeChoice::Default, Colors::TrueColor);
    assert_eq!(
        default,
        Theme::new(true),
        "the default theme is 16 colours everywhere"
    );
    assert_eq!(default.key().fg, None);
    assert_eq!(default.matched().fg, None);
}

/// The sRGB colour of an RGB or 256-palette colour.
fn rgb(color: Color) -> Option<(u8, u8, u8)> {
    const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match color {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i @ 16..=231) => {
            let i = usize::from(i - 16);
            Some((CUBE[i / 36], CUBE[i / 6 % 6], CUBE[i % 6]))
        }
        Color::Indexed(i @ 232..) => {
            let g = 8 + 10 * (i - 232);
            Some((g, g, g))
        }
        _ => None,
    }
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The WCAG contrast ratio of two colours.
fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Text in the dark and light themes reads at WCAG AA (4.5:1) on the backgrounds they are
/// made for, borders at 3:1; filled elements (header, badge, selection) at 4.5:1 inside.
#[test]
fn dark_and_light_text_has_contrast_on_its_background() {
    let cases = [
        (ThemeChoice::Dark, [(0, 0, 0), (0x1c, 0x1c, 0x1c)]),
        (ThemeChoice::Light, [(0xff, 0xff, 0xff), (0xee, 0xee, 0xee)]),
    ];
    for (choice, backgrounds) in cases {
        for colors in [Colors::TrueColor, Colors::Ansi256] {
            let theme = Theme::choose(choice, colors);
            for (name, style) in styles(&theme) {
                let fg = style.fg.and_then(rgb);
                match style.bg.and_then(rgb) {
                    Some(bg) => {
                        let fg = fg.expect(&name);
                        let ratio = contrast(fg, bg);
                        assert!(ratio >= 4.5, "{choice:?} {colors:?} {name}: {ratio:.2}");
                    }
                    None => {
                        let Some(fg) = fg else { continue };
                        let needed = if name.starts_with("border") || name == "bar" {
                            3.0
                        } else {
                            4.5
                        };
                        for bg in backgrounds {
                            let ratio = contrast(fg, bg);
                            assert!(
                                ratio >= needed,
                                "{choice:?} {colors:?} {name} on {bg:?}: {ratio:.2}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn emotions_run_from_one_colour_to_another() {
    for choice in [ThemeChoice::Default, ThemeChoice::Dark, ThemeChoice::Light] {
        for colors in [Colors::Ansi16, Colors::Ansi256, Colors::TrueColor] {
            let theme = Theme::choose(choice, colors);
            let worst = theme.emotion(Some(-2));
            let best = theme.emotion(Some(2));
            assert_ne!(worst.fg, best.fg, "{choice:?} {colors:?}");
            assert_eq!(theme.emotion(Some(9)), best, "out of range is clamped");
            assert_eq!(theme.emotion(Some(-9)), worst);
        }
    }
}

#[test]
fn secondary_text_keeps_its_contrast_on_the_selection() {
    for (choice, colors, theme) in every_theme() {
        let on_selection = theme.dim_over(theme.selected());
        if theme.selected().bg.is_some() {
            assert_eq!(on_selection, theme.selected(), "{choice:?} on {colors:?}");
        }
        assert_eq!(
            theme.dim_over(Style::new()),
            theme.dim(),
            "{choice:?} on {colors:?}"
        );
    }
}
