//! The styles of each theme.
//!
//! `default` is made for the 16 ANSI colours, whose shades are the user's: text that carries
//! meaning stays in the terminal's own foreground (bold, or dim for what is secondary), and
//! colour goes where cjm sets both foreground and background (header, mode badge, selection)
//! or on marks whose shape says the same (emotion arrows, bars, borders). `dark` and `light`
//! pick shades for one kind of background, in RGB on true-colour terminals and their nearest
//! on 256-colour ones; on 16 colours they are `default` with accents suited to the
//! background. `mono` uses attributes only.

use ratatui::style::{Color, Modifier, Style};

use super::colors::{Colors, Tone};

/// Every style a theme sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub header: Style,
    pub mode: Style,
    pub dim: Style,
    pub key: Style,
    pub error: Style,
    pub border: Style,
    pub border_selected: Style,
    pub title: Style,
    pub selected: Style,
    pub matched: Style,
    pub bar: Style,
    /// Emotion -2..=+2.
    pub emotion: [Style; 5],
    pub emotion_unknown: Style,
}

const BOLD: Modifier = Modifier::BOLD;

/// Attributes only: what `NO_COLOR` and `theme = "mono"` get. The selection is reversed and
/// bold, which survives crossterm's attribute reset where a colour is skipped.
pub fn mono() -> Palette {
    let plain = Style::new();
    Palette {
        header: plain.add_modifier(BOLD),
        mode: plain.add_modifier(Modifier::REVERSED | BOLD),
        dim: plain.add_modifier(Modifier::DIM),
        key: plain.add_modifier(BOLD),
        error: plain.add_modifier(BOLD),
        border: plain,
        border_selected: plain.add_modifier(BOLD),
        title: plain.add_modifier(BOLD),
        selected: plain.add_modifier(Modifier::REVERSED | BOLD),
        matched: plain.add_modifier(Modifier::UNDERLINED),
        bar: plain,
        emotion: [plain; 5],
        emotion_unknown: plain,
    }
}

/// The default: legible on any 16-colour palette, light or dark.
pub fn default() -> Palette {
    let fg = |color: Color| Style::new().fg(color);
    Palette {
        header: Style::new().fg(Color::Black).bg(Color::Cyan),
        mode: Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(BOLD),
        // Bright black is the background itself in some palettes (Solarized): dim the
        // terminal's own foreground instead.
        dim: Style::new().add_modifier(Modifier::DIM),
        key: Style::new().add_modifier(BOLD),
        error: fg(Color::Red).add_modifier(BOLD),
        border: Style::new().add_modifier(Modifier::DIM),
        border_selected: fg(Color::Cyan).add_modifier(BOLD),
        title: Style::new().add_modifier(BOLD),
        selected: Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(BOLD),
        matched: Style::new().add_modifier(BOLD | Modifier::UNDERLINED),
        bar: fg(Color::Cyan),
        emotion: [
            fg(Color::Red).add_modifier(BOLD),
            fg(Color::Red),
            Style::new(),
            fg(Color::Green),
            fg(Color::Green).add_modifier(BOLD),
        ],
        emotion_unknown: Style::new().add_modifier(Modifier::DIM),
    }
}

/// The shades of a theme tuned for one kind of background.
struct Shades {
    header_fg: Tone,
    header_bg: Tone,
    mode_fg: Tone,
    mode_bg: Tone,
    dim: Tone,
    key: Tone,
    error: Tone,
    border: Tone,
    accent: Tone,
    selected_fg: Tone,
    selected_bg: Tone,
    matched: Tone,
    bar: Tone,
    emotion: [Tone; 5],
}

const fn tone(rgb: (u8, u8, u8), ansi: Color) -> Tone {
    Tone { rgb, ansi }
}

/// For dark backgrounds: light text on dark fills, cyan accents.
const DARK: Shades = Shades {
    header_fg: tone((0xff, 0xff, 0xff), Color::Black),
    header_bg: tone((0x00, 0x5f, 0x5f), Color::Cyan),
    mode_fg: tone((0x1c, 0x1c, 0x1c), Color::Black),
    mode_bg: tone((0xff, 0xaf, 0x00), Color::Yellow),
    dim: tone((0x9e, 0x9e, 0x9e), Color::Reset),
    key: tone((0x87, 0xd7, 0xff), Color::Cyan),
    error: tone((0xff, 0x5f, 0x5f), Color::LightRed),
    border: tone((0x80, 0x80, 0x80), Color::Reset),
    accent: tone((0x87, 0xd7, 0xff), Color::Cyan),
    selected_fg: tone((0xff, 0xff, 0xff), Color::White),
    selected_bg: tone((0x00, 0x5f, 0xaf), Color::Blue),
    matched: tone((0xff, 0xd7, 0x5f), Color::Yellow),
    bar: tone((0x5f, 0xaf, 0xd7), Color::Cyan),
    emotion: [
        tone((0xff, 0x5f, 0x5f), Color::LightRed),
        tone((0xff, 0xaf, 0x87), Color::LightRed),
        tone((0xd0, 0xd0, 0xd0), Color::Reset),
        tone((0xaf, 0xd7, 0x87), Color::LightGreen),
        tone((0x5f, 0xd7, 0x5f), Color::LightGreen),
    ],
};

/// For light backgrounds: dark text, a pale selection, blue accents.
const LIGHT: Shades = Shades {
    header_fg: tone((0xff, 0xff, 0xff), Color::White),
    header_bg: tone((0x00, 0x5f, 0x87), Color::Blue),
    mode_fg: tone((0x00, 0x00, 0x00), Color::Black),
    mode_bg: tone((0xff, 0xaf, 0x00), Color::Yellow),
    dim: tone((0x62, 0x62, 0x62), Color::Reset),
    key: tone((0x00, 0x5f, 0xaf), Color::Blue),
    error: tone((0xaf, 0x00, 0x00), Color::Red),
    border: tone((0x80, 0x80, 0x80), Color::Reset),
    accent: tone((0x00, 0x5f, 0xaf), Color::Blue),
    selected_fg: tone((0x00, 0x00, 0x00), Color::Black),
    selected_bg: tone((0x87, 0xaf, 0xff), Color::Cyan),
    matched: tone((0x87, 0x00, 0x87), Color::Magenta),
    bar: tone((0x00, 0x87, 0xaf), Color::Blue),
    emotion: [
        tone((0xaf, 0x00, 0x00), Color::Red),
        tone((0xaf, 0x00, 0x5f), Color::Magenta),
        tone((0x58, 0x58, 0x58), Color::Reset),
        tone((0x00, 0x5f, 0x5f), Color::Cyan),
        tone((0x00, 0x5f, 0x00), Color::Green),
    ],
};

/// The dark theme on a terminal showing `colors`.
pub fn dark(colors: Colors) -> Palette {
    shaded(&DARK, colors)
}

/// The light theme on a terminal showing `colors`.
pub fn light(colors: Colors) -> Palette {
    shaded(&LIGHT, colors)
}

fn shaded(shades: &Shades, colors: Colors) -> Palette {
    let base = default();
    if colors < Colors::Ansi256 {
        // The user's 16 colours: the default, with accents for the background.
        let on16 = |t: Tone| t.on(Colors::Ansi16);
        return Palette {
            key: base.key.fg(on16(shades.key)),
            border_selected: base.border_selected.fg(on16(shades.accent)),
            bar: base.bar.fg(on16(shades.bar)),
            matched: Style::new().fg(on16(shades.matched)).add_modifier(BOLD),
            ..base
        };
    }
    let c = |t: Tone| t.on(colors);
    let fg = |t: Tone| Style::new().fg(c(t));
    let fill = |f: Tone, b: Tone| Style::new().fg(c(f)).bg(c(b));
    let e = &shades.emotion;
    Palette {
        header: fill(shades.header_fg, shades.header_bg),
        mode: fill(shades.mode_fg, shades.mode_bg).add_modifier(BOLD),
        dim: fg(shades.dim),
        key: fg(shades.key).add_modifier(BOLD),
        error: fg(shades.error).add_modifier(BOLD),
        border: fg(shades.border),
        border_selected: fg(shades.accent).add_modifier(BOLD),
        title: base.title,
        selected: fill(shades.selected_fg, shades.selected_bg).add_modifier(BOLD),
        matched: fg(shades.matched).add_modifier(BOLD),
        bar: fg(shades.bar),
        emotion: [
            fg(e[0]).add_modifier(BOLD),
            fg(e[1]),
            fg(e[2]),
            fg(e[3]),
            fg(e[4]).add_modifier(BOLD),
        ],
        emotion_unknown: fg(shades.dim),
    }
}
