//! Colours and text attributes, by theme: `default` (any 16-colour palette), `dark`, `light`
//! and `mono` (attributes only).
//!
//! `NO_COLOR` wins over any theme: with it only attributes are used, as crossterm resets all
//! attributes whenever it skips a colour, so mixing the two would make the selection vanish.
//! RGB is sent only where `COLORTERM` says the terminal takes it; elsewhere a theme comes
//! down to the 256-colour palette or the 16 ANSI colours ([`Colors`]).

mod colors;
mod palette;

use ratatui::style::Style;

use crate::config::ThemeChoice;
pub use colors::{Colors, Tone, nearest_256};
use palette::Palette;

/// The styles of every element, for the chosen theme on the terminal at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    palette: Palette,
    color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(true)
    }
}

impl Theme {
    /// The default theme on 16 colours when `color` is true, attributes only otherwise.
    pub fn new(color: bool) -> Self {
        if color {
            Theme::choose(ThemeChoice::Default, Colors::Ansi16)
        } else {
            Theme::mono()
        }
    }

    /// Attributes only: bold, dim, reverse, underline.
    pub fn mono() -> Self {
        Theme {
            palette: palette::mono(),
            color: false,
        }
    }

    /// The theme `choice` on a terminal showing `colors`: monochrome when it shows none
    /// (`NO_COLOR`), whatever the choice.
    pub fn choose(choice: ThemeChoice, colors: Colors) -> Self {
        let palette = match (choice, colors) {
            (ThemeChoice::Mono, _) | (_, Colors::None) => return Theme::mono(),
            (ThemeChoice::Default, _) => palette::default(),
            (ThemeChoice::Dark, colors) => palette::dark(colors),
            (ThemeChoice::Light, colors) => palette::light(colors),
        };
        Theme {
            palette,
            color: true,
        }
    }

    /// Whether the theme uses colours (not `mono`, not `NO_COLOR`).
    pub fn has_color(&self) -> bool {
        self.color
    }

    /// The header line.
    pub fn header(&self) -> Style {
        self.palette.header
    }

    /// The mode badge in the status line.
    pub fn mode(&self) -> Style {
        self.palette.mode
    }

    /// Secondary text: channels, counts, hints, placeholders, cards of other personas.
    pub fn dim(&self) -> Style {
        self.palette.dim
    }

    /// Secondary text inside a row styled `base`: dimmed, except on a background the theme
    /// fills (the selection), where a dim colour would lose its contrast.
    pub fn dim_over(&self, base: Style) -> Style {
        if base.bg.is_some_and(|bg| bg != ratatui::style::Color::Reset) {
            base
        } else {
            base.patch(self.dim())
        }
    }

    /// Keys in hints and help.
    pub fn key(&self) -> Style {
        self.palette.key
    }

    /// Error messages.
    pub fn error(&self) -> Style {
        self.palette.error
    }

    /// The border of a stage column (or panel); the selected one stands out.
    pub fn border(&self, selected: bool) -> Style {
        if selected {
            self.palette.border_selected
        } else {
            self.palette.border
        }
    }

    /// A card's title.
    pub fn title(&self) -> Style {
        self.palette.title
    }

    /// The selected card or list item.
    pub fn selected(&self) -> Style {
        self.palette.selected
    }

    /// Matched characters in search results.
    pub fn matched(&self) -> Style {
        self.palette.matched
    }

    /// The bars of charts (the analytics funnel and attribution); their length carries the
    /// figure, so without colour they are plain.
    pub fn bar(&self) -> Style {
        self.palette.bar
    }

    /// The emotion mark's colour, red (-2) to green (+2); the arrows say the same without it.
    pub fn emotion(&self, value: Option<i8>) -> Style {
        match value {
            Some(v) => self.palette.emotion[usize::from((v.clamp(-2, 2) + 2) as u8)],
            None => self.palette.emotion_unknown,
        }
    }
}

#[cfg(test)]
mod tests;
