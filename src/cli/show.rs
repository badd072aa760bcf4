//! `cjm show`: a journey's view as text, drawn by the TUI's own renderers, for pipes, CI logs
//! and quick reviews. Stages that do not fit the width continue in further bands below, each
//! with its stretch of the emotion curve, and every card is shown: nothing scrolls on paper.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Margin;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::Clear;
use unicode_width::UnicodeWidthStr;

use crate::text::one_line;
use crate::tui::app::{App, View};
use crate::tui::document::Document;
use crate::tui::layout::{
    CARD_HEIGHT, CURVE_HEIGHT, MIN_COLUMN_WIDTH, stage_columns, visible_stages,
};
use crate::tui::theme::{Colors, Theme};
use crate::tui::view;

use super::{Failure, Outcome, load, print, print_raw, select_journeys, workspace_path};

/// The most cards of one column drawn at once. A stage with more is drawn in chunks of this
/// many cards, one below the other, so that memory stays small and every card is printed
/// (one drawing of 20,000 cards would need a buffer of 80,000 rows).
const CHUNK_CARDS: usize = 200;

/// Arguments of `cjm show`.
#[derive(clap::Args)]
pub struct Args {
    /// The workspace (default: as for the TUI; `-` reads standard input).
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
    /// The stage columns with their cards, and the emotion curve.
    Board,
    /// The classic map grid: a row per kind of content, and the emotion curve.
    Lanes,
    /// Channel x stage: touchpoints and their mean emotion.
    Channels,
    /// Every stage's KPIs: latest, baseline, change, target.
    Kpis,
    /// Opportunities across the journey, quick wins first.
    Opportunities,
}

impl From<ShowView> for View {
    fn from(view: ShowView) -> Self {
        match view {
            ShowView::Board => View::Board,
            ShowView::Lanes => View::Lanes,
            ShowView::Channels => View::Channels,
            ShowView::Kpis => View::Kpis,
            ShowView::Opportunities => View::Opportunities,
        }
    }
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
        ColorChoice::Auto => stdout_is_terminal && Colors::from_env() != Colors::None,
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
    let doc = Document::opened(path.clone(), loaded, None);
    let mut app = App::with_config(doc, (width, 24), color, super::settings().clone());
    // The config's theme, in the colours the terminal shows; `--color always` gets colour
    // even where NO_COLOR would take it away.
    let colors = match Colors::from_env() {
        Colors::None => Colors::Ansi16,
        colors => colors,
    };
    app.theme = Theme::choose(app.config.theme, colors);
    let mut text = String::new();
    for id in ids {
        if let Some(index) = app.doc.workspace.journey_index(&id) {
            app.view = args.view.into();
            let view = match args.view {
                ShowView::Board | ShowView::Lanes => journey_board(&mut app, index, width, color),
                ShowView::Channels | ShowView::Kpis | ShowView::Opportunities => {
                    journey_list(&mut app, index, width, color)
                }
            };
            text.push_str(&view);
        }
    }
    // The board is drawn by the TUI's renderer, which keeps control characters of the file
    // out; with colour it holds cjm's own SGR sequences, which must pass.
    if color {
        print_raw(text.as_bytes())?;
    } else {
        print(&text)?;
    }
    Ok(Outcome::Success)
}

/// The board or the lanes of journey `index`: a title line, then bands of as many stages as
/// fit, each followed by its stretch of the emotion curve. The board's bands are drawn in
/// chunks of at most [`CHUNK_CARDS`] cards per column.
fn journey_board(app: &mut App, index: usize, width: u16, color: bool) -> String {
    app.sel.journey = index;
    // Nothing is selected on paper.
    app.sel.stage = usize::MAX;
    let journey = &app.doc.workspace.journeys[index];
    let mut text = format!("{}\n", one_line(&journey.name));
    let count = journey.stages.len();
    if count == 0 {
        text.push_str("(no stages)\n\n");
        return text;
    }
    // Bands as even as they can be: six stages in two bands of three, not five and one.
    let most = visible_stages(width, count);
    let per_band = count.div_ceil(count.div_ceil(most));
    let column_width = width / most as u16;
    // Per band: its first stage, and the id and card count of each of its stages.
    let bands: Vec<(usize, Vec<(String, usize)>)> = (0..count)
        .step_by(per_band)
        .map(|first| {
            let stages = &journey.stages[first..count.min(first + per_band)];
            let stages = stages
                .iter()
                .map(|s| (s.id.clone(), s.touchpoints.len()))
                .collect();
            (first, stages)
        })
        .collect();
    for (first, stages) in bands {
        app.scroll.stage = first;
        // The last band is only as wide as its stages, so it shows exactly them.
        // As wide as its stages at the TUI's column width, and narrow enough that the view
        // draws exactly these stages.
        let shown = stages.len() as u16;
        let band_width = (column_width * shown)
            .min((shown + 1) * MIN_COLUMN_WIDTH - 1)
            .min(width);
        if app.view == View::Lanes {
            let rows = tall_enough(app, index);
            text.push_str(&draw(app, band_width, rows, color, true));
        } else {
            board_band(app, &stages, band_width, color, &mut text);
        }
        text.push_str(&draw_curve(app, band_width, color));
    }
    text.push('\n');
    text
}

/// One band of the board, drawn in chunks of at most [`CHUNK_CARDS`] cards per column.
fn board_band(
    app: &mut App,
    stages: &[(String, usize)],
    band_width: u16,
    color: bool,
    text: &mut String,
) {
    {
        let most = stages.iter().map(|(_, cards)| *cards).max().unwrap_or(0);
        let chunked = most > CHUNK_CARDS;
        for start in (0..most.max(1)).step_by(CHUNK_CARDS) {
            for (id, cards) in stages {
                app.scroll
                    .cards
                    .insert(id.clone(), start.min(cards.saturating_sub(1)));
            }
            // Columns whose cards all came in earlier chunks show nothing more.
            let done: Vec<usize> = (0..stages.len())
                .filter(|&i| start > 0 && start >= stages[i].1)
                .collect();
            let shown = stages
                .iter()
                .map(|(_, cards)| cards.saturating_sub(start).min(CHUNK_CARDS))
                .max()
                .unwrap_or(0);
            let height = band_height(shown, chunked);
            let Ok(mut terminal) = Terminal::new(TestBackend::new(band_width, height));
            let drawn = terminal.draw(|frame| {
                view::render_view(app, frame);
                let columns = stage_columns(frame.area(), stages.len());
                for &i in &done {
                    frame.render_widget(Clear, columns[i].inner(Margin::new(1, 1)));
                }
            });
            let Ok(_) = drawn;
            text.push_str(&buffer_text(terminal.backend().buffer(), color));
        }
    }
}

/// A list view (channels, KPIs, opportunities) of journey `index`: a title line, then the
/// view drawn tall enough for every row.
fn journey_list(app: &mut App, index: usize, width: u16, color: bool) -> String {
    app.sel.journey = index;
    app.sel.stage = 0;
    app.scroll.stage = 0;
    let name = one_line(&app.doc.workspace.journeys[index].name);
    let rows = tall_enough(app, index);
    format!("{name}\n{}\n", draw(app, width, rows, color, true))
}

/// Rows enough for every row of any view of journey `index`: its cards, list items, KPIs and
/// opportunities with room for headings; empty rows are dropped after drawing.
fn tall_enough(app: &App, index: usize) -> u16 {
    let journey = &app.doc.workspace.journeys[index];
    let items: usize = journey
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .map(|t| 4 + t.pain_points.len() + t.opportunities.len())
        .sum::<usize>()
        + journey
            .stages
            .iter()
            .map(|s| 2 + s.kpis.len())
            .sum::<usize>();
    u16::try_from(items + 16).unwrap_or(u16::MAX).min(4000)
}

/// The current view drawn at `width` x `rows`, as text; with `drop_empty`, rows with nothing
/// but spaces and vertical borders are left out.
fn draw(app: &App, width: u16, rows: u16, color: bool, drop_empty: bool) -> String {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, rows));
    let Ok(_) = terminal.draw(|frame| view::render_view(app, frame));
    let buffer = terminal.backend().buffer();
    let keep: Vec<bool> = (0..buffer.area.height)
        .map(|y| {
            !drop_empty
                || (0..buffer.area.width)
                    .any(|x| !matches!(buffer[(x, y)].symbol(), " " | "│" | "║" | ""))
        })
        .collect();
    buffer_text(buffer, color)
        .lines()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(line, _)| format!("{line}\n"))
        .collect()
}

/// The emotion curve under a band, lined up with the band's stages.
fn draw_curve(app: &App, width: u16, color: bool) -> String {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, CURVE_HEIGHT));
    let Ok(_) = terminal.draw(|frame| view::render_curve(app, frame));
    buffer_text(terminal.backend().buffer(), color)
}

/// Rows a band needs to show `cards` cards of a column without scrolling, with room for the
/// "↑ n more" and "↓ n more" lines when the band is drawn in `chunked` parts.
fn band_height(cards: usize, chunked: bool) -> u16 {
    let markers = if chunked { 2 } else { 0 };
    let rows = (cards * CARD_HEIGHT).saturating_sub(1).max(1) + markers + 2;
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
