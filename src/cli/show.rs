//! `cjm show`: a journey's board as text, drawn by the TUI's own renderer, for pipes, CI logs
//! and quick reviews. Stages that do not fit the width continue in further bands below, and
//! every card is shown: nothing scrolls on paper.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::document::Document;
use crate::tui::layout::{CARD_HEIGHT, MIN_COLUMN_WIDTH, visible_stages};
use crate::tui::view;
use cjm::text::one_line;

use super::{Failure, Outcome, load, select_journeys, workspace_path, write_output};

/// Arguments of `cjm show`.
#[derive(clap::Args)]
pub struct Args {
    /// The workspace (default: as for the TUI).
    file: Option<PathBuf>,
    /// The journey to show (name or id); repeat for several. Default: all.
    #[arg(long, short)]
    journey: Vec<String>,
    /// The view to print.
    #[arg(long, value_enum, default_value_t = ShowView::Board)]
    view: ShowView,
    /// Width in columns (default: the terminal's, or 120 in a pipe).
    #[arg(long, value_parser = clap::value_parser!(u16).range(i64::from(MIN_COLUMN_WIDTH)..=1000))]
    width: Option<u16>,
    /// Colour: auto (a terminal without NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// The views `show` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ShowView {
    /// The stage columns with their cards.
    Board,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    /// On a terminal without NO_COLOR.
    Auto,
    /// Always, even in a pipe.
    Always,
    /// Never.
    Never,
}

/// Runs `cjm show`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    let loaded = load(&path)?;
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = args.width.unwrap_or_else(|| {
        crossterm::terminal::size()
            .ok()
            .filter(|_| stdout_is_terminal)
            .map_or(120, |(w, _)| w.max(MIN_COLUMN_WIDTH))
    });
    let ids: Vec<String> = select_journeys(&loaded.workspace, &args.journey)?
        .iter()
        .map(|j| j.id.clone())
        .collect();
    let ShowView::Board = args.view;
    let doc = Document::new(loaded.workspace, path.clone(), None, None);
    let mut app = App::new(doc, (width, 24), color);
    let mut text = String::new();
    for id in ids {
        if let Some(index) = app.doc.workspace.journey_index(&id) {
            text.push_str(&journey_board(&mut app, index, width, color));
        }
    }
    write_output(None, &text, &path)?;
    Ok(Outcome::Success)
}

/// The board of journey `index`: a title line, then bands of as many stages as fit.
fn journey_board(app: &mut App, index: usize, width: u16, color: bool) -> String {
    app.sel.journey = index;
    // Nothing is selected on paper.
    app.sel.stage = usize::MAX;
    let journey = &app.doc.workspace.journeys[index];
    let mut text = format!("{}\n", one_line(&journey.name));
    let count = journey.stages.len();
    let per_band = visible_stages(width, count);
    let column_width = width / per_band.max(1) as u16;
    let bands: Vec<(usize, u16, u16)> = (0..count.max(1))
        .step_by(per_band)
        .map(|first| {
            let stages = &journey.stages[first.min(count)..count.min(first + per_band)];
            let cards = stages
                .iter()
                .map(|s| s.touchpoints.len())
                .max()
                .unwrap_or(0);
            // The last band is only as wide as its stages, so it shows exactly them.
            let band_width = (column_width * stages.len().max(1) as u16).min(width);
            (first, band_width, band_height(cards))
        })
        .collect();
    for (first, band_width, height) in bands {
        app.stage_offset = first;
        let mut terminal = match Terminal::new(TestBackend::new(band_width, height)) {
            Ok(terminal) => terminal,
            Err(_) => continue,
        };
        if terminal
            .draw(|frame| view::render_board(app, frame))
            .is_ok()
        {
            text.push_str(&buffer_text(terminal.backend().buffer(), color));
        }
    }
    text.push('\n');
    text
}

/// Rows a band needs to show `cards` cards without scrolling.
fn band_height(cards: usize) -> u16 {
    let rows = (cards * CARD_HEIGHT).saturating_sub(1).max(1) + 2;
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// A buffer as lines of text, with ANSI colours and attributes when `color`.
fn buffer_text(buffer: &Buffer, color: bool) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut style = None;
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            if color {
                let wanted = (cell.fg, cell.bg, cell.modifier);
                if style != Some(wanted) {
                    line.push_str(&sgr(cell.fg, cell.bg, cell.modifier));
                    style = Some(wanted);
                }
            }
            line.push_str(cell.symbol());
            skip = cell.symbol().width().saturating_sub(1);
        }
        if color {
            line.push_str("\x1b[0m");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The SGR sequence that sets exactly these colours and attributes.
fn sgr(fg: Color, bg: Color, modifier: Modifier) -> String {
    let mut codes = vec!["0".to_string()];
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if modifier.contains(flag) {
            codes.push(code.into());
        }
    }
    codes.extend(color_code(fg, 30));
    codes.extend(color_code(bg, 40));
    format!("\x1b[{}m", codes.join(";"))
}

/// The SGR parameter of a colour: `base` 30 for foreground, 40 for background.
fn color_code(color: Color, base: u8) -> Option<String> {
    let basic = |n: u8| Some((base + n).to_string());
    let bright = |n: u8| Some((base + 60 + n).to_string());
    match color {
        Color::Reset => None,
        Color::Black => basic(0),
        Color::Red => basic(1),
        Color::Green => basic(2),
        Color::Yellow => basic(3),
        Color::Blue => basic(4),
        Color::Magenta => basic(5),
        Color::Cyan => basic(6),
        Color::Gray => basic(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
    }
}
