//! Colours and text attributes. With NO_COLOR only attributes are used: crossterm resets all
//! attributes whenever it skips a colour, so mixing the two would make the selection vanish.

use ratatui::style::{Color, Modifier, Style};

/// The styles of every element, for colour or monochrome terminals.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// A theme using colour when `color` is true, attributes only otherwise.
    pub fn new(color: bool) -> Self {
        Self { color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// The header line.
    pub fn header(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The mode badge in the status line.
    pub fn mode(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// Secondary text: channels, counts, hints.
    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    /// Keys in hints and help.
    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Error messages.
    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The border of a stage column (or panel); the selected one stands out.
    pub fn border(&self, selected: bool) -> Style {
        match (selected, self.color) {
            (true, true) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    /// A card's title.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected card or list item.
    pub fn selected(&self) -> Style {
        self.pick(
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// Matched characters in search results.
    pub fn matched(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    /// The bars of charts (the analytics funnel and attribution); their length carries the
    /// figure, so without colour they are plain.
    pub fn bar(&self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }

    /// The emotion mark's colour, red (-2) to green (+2).
    pub fn emotion(&self, value: Option<i8>) -> Style {
        if !self.color {
            return Style::new();
        }
        let color = match value {
            Some(-2) => Color::Red,
            Some(-1) => Color::LightRed,
            Some(0) => Color::Yellow,
            Some(1) => Color::LightGreen,
            Some(_) => Color::Green,
            None => Color::DarkGray,
        };
        Style::new().fg(color)
    }
}
