//! How many colours the terminal shows, from its environment, and colours brought down to
//! what it shows.
//!
//! `NO_COLOR` (set and not empty) means none, whatever the theme; `COLORTERM` of `truecolor`
//! or `24bit` means RGB; a `TERM` naming 256 colours means the xterm 256-colour palette;
//! anything else gets the 16 ANSI colours, whose actual shades are the user's own.

use ratatui::style::Color;

/// The colours a terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Colors {
    /// None: attributes only (`NO_COLOR`).
    None,
    /// The 16 ANSI colours, as the user's palette defines them.
    Ansi16,
    /// The xterm 256-colour palette (16 ANSI, a 6×6×6 cube, 24 greys).
    Ansi256,
    /// Any RGB colour (24-bit).
    TrueColor,
}

impl Colors {
    /// The colours of the terminal whose environment `var` reads (`NO_COLOR`, `COLORTERM`,
    /// `TERM`); pass `|name| std::env::var(name).ok()` for the real one.
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> Colors {
        if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Colors::None;
        }
        let colorterm = var("COLORTERM").unwrap_or_default();
        let colorterm = colorterm.trim().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return Colors::TrueColor;
        }
        if var("TERM").is_some_and(|term| term.contains("256color")) {
            return Colors::Ansi256;
        }
        Colors::Ansi16
    }

    /// The colours of the terminal cjm runs in, from the process's environment.
    pub fn from_env() -> Colors {
        Colors::detect(|name| std::env::var(name).ok())
    }
}

/// A colour as a theme defines it: an RGB shade, and the ANSI colour to use where only the
/// 16 are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tone {
    /// The shade, for true-colour terminals (and, at its nearest, 256-colour ones).
    pub rgb: (u8, u8, u8),
    /// The ANSI colour standing in for it on a 16-colour terminal.
    pub ansi: Color,
}

impl Tone {
    /// The colour to send to a terminal showing `colors`.
    pub fn on(self, colors: Colors) -> Color {
        let (r, g, b) = self.rgb;
        match colors {
            Colors::TrueColor => Color::Rgb(r, g, b),
            Colors::Ansi256 => Color::Indexed(nearest_256(self.rgb)),
            Colors::Ansi16 | Colors::None => self.ansi,
        }
    }
}

/// The levels of each channel in the xterm 256-colour cube.
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The entry of the xterm 256-colour palette nearest to `rgb`: from the 6×6×6 cube (16..=231)
/// or the grey ramp (232..=255), never the 16 ANSI colours, whose shades vary by terminal.
pub fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    let level = |c: u8| {
        (0..CUBE.len())
            .min_by_key(|&i| CUBE[i].abs_diff(c))
            .unwrap_or(0)
    };
    let (r, g, b) = (level(rgb.0), level(rgb.1), level(rgb.2));
    let cube = (CUBE[r], CUBE[g], CUBE[b]);
    let cube_index = 16 + 36 * r + 6 * g + b;
    let mean = (u16::from(rgb.0) + u16::from(rgb.1) + u16::from(rgb.2)) / 3;
    let grey_step = (usize::from(mean.saturating_sub(3)) / 10).min(23);
    let grey = 8 + 10 * grey_step as u8;
    let grey_index = 232 + grey_step;
    let index = if distance(rgb, (grey, grey, grey)) < distance(rgb, cube) {
        grey_index
    } else {
        cube_index
    };
    u8::try_from(index).unwrap_or(u8::MAX)
}

/// The squared distance between two colours.
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| u32::from(x.abs_diff(y)).pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn truecolor_only_where_colorterm_says_so() {
        let cases: &[(&[(&str, &str)], Colors)] = &[
            (&[], Colors::Ansi16),
            (&[("TERM", "xterm")], Colors::Ansi16),
            (&[("TERM", "xterm-256color")], Colors::Ansi256),
            (&[("TERM", "tmux-256color")], Colors::Ansi256),
            (&[("COLORTERM", "truecolor")], Colors::TrueColor),
            (
                &[("COLORTERM", "24bit"), ("TERM", "xterm")],
                Colors::TrueColor,
            ),
            (&[("COLORTERM", "TrueColor ")], Colors::TrueColor),
            (
                &[("COLORTERM", "yes"), ("TERM", "xterm-256color")],
                Colors::Ansi256,
            ),
            (&[("COLORTERM", "")], Colors::Ansi16),
            (
                &[("NO_COLOR", "1"), ("COLORTERM", "truecolor")],
                Colors::None,
            ),
            (
                &[("NO_COLOR", ""), ("COLORTERM", "truecolor")],
                Colors::TrueColor,
            ),
        ];
        for (vars, expected) in cases {
            assert_eq!(Colors::detect(env(vars)), *expected, "{vars:?}");
        }
    }

    #[test]
    fn colours_come_down_to_what_the_terminal_shows() {
        let tone = Tone {
            rgb: (0x00, 0x5f, 0xaf),
            ansi: Color::Blue,
        };
        assert_eq!(tone.on(Colors::TrueColor), Color::Rgb(0, 0x5f, 0xaf));
        assert_eq!(tone.on(Colors::Ansi256), Color::Indexed(25));
        assert_eq!(tone.on(Colors::Ansi16), Color::Blue);
    }

    #[test]
    fn the_nearest_256_colour_is_exact_on_the_palette() {
        assert_eq!(nearest_256((0, 0, 0)), 16);
        assert_eq!(nearest_256((255, 255, 255)), 231);
        assert_eq!(nearest_256((0xff, 0xaf, 0x00)), 214);
        assert_eq!(nearest_256((0x8a, 0x8a, 0x8a)), 245);
        assert_eq!(nearest_256((0x6c, 0x6c, 0x6c)), 242);
        assert_eq!(nearest_256((0x1c, 0x1c, 0x1c)), 234);
        assert_eq!(nearest_256((0xaf, 0xd7, 0xff)), 153);
    }
}
