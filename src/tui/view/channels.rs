//! The channels view: the omnichannel matrix of the journey, a row per channel and a column
//! per stage. Each cell shows how many touchpoints the channel has in the stage and their
//! mean emotion (`2 ▼ -0.5`), readable without colour; an "All" column and an "All channels"
//! row sum them up when there is room. The selected cell is `App::row` x the selected stage;
//! its touchpoints are listed under the matrix, and Enter makes that list selectable
//! (`App::drill`), in a box over the bottom of the view when there is no room under it.
//!
//! Stages scroll sideways when they do not fit, keeping the selected one in view, and so do
//! channels up and down. With a persona filter only that persona's cards are counted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::model::{Emotion, Journey};
use crate::report::channels::{Cell, Matrix, mean_mark, mean_text};

use super::super::app::App;
use super::super::text::{fit, pad, width};
use super::super::theme::Theme;
use super::board::emotion_mark;

/// The narrowest a stage's cell gets before stages scroll sideways: ` 2 ▼▼-1.5`.
const MIN_CELL: usize = 9;
/// The widest a cell gets, so a few stages do not spread thin over a wide screen.
const MAX_CELL: usize = 22;
/// The channel names' column: at least, and at most.
const LABEL: (usize, usize) = (10, 18);

/// Draws the channel x stage matrix of the current journey into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(journey) = super::journey_or_notice(app, frame, area) else {
        return;
    };
    let Some(matrix) = app
        .doc
        .summary(app.sel.journey, app.persona.as_deref(), Matrix::new)
    else {
        return;
    };
    let title = match app.persona_name() {
        Some(name) => format!(" Channels × stages, {name}'s cards only "),
        None => " Channels × stages: touchpoints and mean emotion ".to_string(),
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border(false))
        .title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            theme.title(),
        ));
    let inner = block.inner(area);
    if journey.stages.is_empty() || matrix.rows.is_empty() {
        frame.render_widget(block, area);
        let text = if journey.stages.is_empty() {
            "This journey has no stages: press A to add one."
        } else {
            "No touchpoints yet: add cards on the board (1)."
        };
        frame.render_widget(
            Paragraph::new(fit(text, usize::from(inner.width))).centered(),
            inner,
        );
        return;
    }
    let grid = Grid::new(app, &matrix, inner);
    let block = match grid.more_rows() {
        Some(more) => block.title_bottom(Line::from(more).right_aligned()),
        None => block,
    };
    frame.render_widget(block, area);
    let mut lines = vec![grid.header(journey, theme)];
    for r in grid.first_row..grid.first_row + grid.rows_shown {
        lines.push(grid.row_line(&matrix, r, theme));
    }
    if grid.with_total {
        lines.push(grid.total_line(&matrix, theme));
    }
    let inner_width = usize::from(inner.width);
    let room = usize::from(inner.height).saturating_sub(lines.len());
    if room > 2 {
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        fit(&detail_text(app, &matrix), inner_width),
        theme.title(),
    )));
    // The selected cell's touchpoints under it: a preview, or the list Enter opened. When the
    // open list does not fit there, it goes in a box over the bottom of the view.
    let row = app.row.min(matrix.rows.len() - 1);
    let cell = matrix.cell(row, app.sel.stage).cloned().unwrap_or_default();
    let left = usize::from(inner.height).saturating_sub(lines.len());
    let drill = app.drill.filter(|_| !cell.is_empty());
    let in_place = drill.is_none() || left >= cell.count().min(3);
    if in_place {
        let size = (left, inner_width, 2);
        lines.extend(card_lines(app, &cell, drill, size, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(at) = drill.filter(|_| !in_place) {
        let title = format!(" {} ", detail_place(app, &matrix));
        render_list_box(app, &cell, at, &title, frame, area, theme);
    }
}

/// What of the matrix fits in the view, and where.
struct Grid {
    /// The channel names' column width.
    label: usize,
    /// Each stage's cell width.
    cell: usize,
    /// The first stage shown.
    first_stage: usize,
    /// How many stages are shown.
    stages_shown: usize,
    /// The number of stages.
    stages: usize,
    /// Whether the row totals ("All") fit after the stages.
    with_all: bool,
    /// The first channel row shown.
    first_row: usize,
    /// How many channel rows are shown.
    rows_shown: usize,
    /// The number of channel rows.
    rows: usize,
    /// Whether the stage totals ("All channels") fit under the rows.
    with_total: bool,
    /// The selected row and stage.
    selected: (usize, usize),
}

impl Grid {
    fn new(app: &App, matrix: &Matrix, inner: Rect) -> Self {
        let width = usize::from(inner.width);
        let stages = matrix.stages;
        let longest = matrix.rows.iter().map(|r| self::width(r.name())).max();
        let label = (longest.unwrap_or(0) + 2)
            .clamp(LABEL.0, LABEL.1)
            .min(width / 3);
        let room = width.saturating_sub(label);
        let with_all = room >= (stages + 1) * (MIN_CELL + 1);
        let columns = if with_all { stages + 1 } else { stages };
        let stages_shown = (room / MIN_CELL).clamp(1, stages);
        let cell = if with_all {
            room / columns
        } else {
            room / stages_shown
        }
        .min(MAX_CELL);
        let stage = app.sel.stage.min(stages - 1);
        let first_stage = (stage + 1).saturating_sub(stages_shown);
        // Rows: the header, the channels, the totals and the selected cell's details.
        let height = usize::from(inner.height);
        let rows = matrix.rows.len();
        let row = app.row.min(rows - 1);
        let with_total = height >= rows + 3 || height >= 7;
        let rows_shown = height
            .saturating_sub(2 + usize::from(with_total))
            .clamp(1, rows);
        let first_row = (row + 1).saturating_sub(rows_shown);
        Self {
            label,
            cell,
            first_stage,
            stages_shown,
            stages,
            with_all,
            first_row,
            rows_shown,
            rows,
            with_total,
            selected: (row, stage),
        }
    }

    /// The visible stages' indices.
    fn shown(&self) -> std::ops::Range<usize> {
        self.first_stage..self.first_stage + self.stages_shown
    }

    /// `↑ 2 ↓ 3 more` when channel rows are scrolled out of view.
    fn more_rows(&self) -> Option<String> {
        let above = self.first_row;
        let below = self.rows - self.first_row - self.rows_shown;
        match (above, below) {
            (0, 0) => None,
            (0, b) => Some(format!(" ↓ {b} more ")),
            (a, 0) => Some(format!(" ↑ {a} more ")),
            (a, b) => Some(format!(" ↑ {a} ↓ {b} more ")),
        }
    }

    /// The stage names, with `◀` and `▶` when stages lie beyond the edges.
    fn header(&self, journey: &Journey, theme: &Theme) -> Line<'static> {
        let left = if self.first_stage > 0 { "◀" } else { "" };
        let mut spans = vec![Span::styled(pad(left, self.label), theme.dim())];
        for s in self.shown() {
            let name = journey.stages.get(s).map_or("", |s| s.name.as_str());
            let last = s + 1 == self.first_stage + self.stages_shown;
            let right = last && s + 1 < self.stages;
            let room = self.cell.saturating_sub(1 + usize::from(right));
            let mut text = format!(" {}", fit(name, room));
            if right {
                text = format!("{}▶", pad(&text, self.cell - 1));
            }
            let style = if s == self.selected.1 {
                theme.border(true)
            } else {
                theme.title()
            };
            spans.push(Span::styled(pad(&text, self.cell), style));
        }
        if self.with_all {
            spans.push(Span::styled(pad(" All", self.cell), theme.title()));
        }
        Line::from(spans)
    }

    /// One channel's row: its name, then a cell per visible stage.
    fn row_line(&self, matrix: &Matrix, r: usize, theme: &Theme) -> Line<'static> {
        let row = &matrix.rows[r];
        let selected_row = r == self.selected.0;
        let marker = if selected_row { "▌" } else { " " };
        let name = fit(row.name(), self.label.saturating_sub(2));
        let style = match (selected_row, row.channel.is_some()) {
            (true, _) => theme.title(),
            (false, true) => Style::new(),
            (false, false) => theme.dim(),
        };
        let marker_style = if selected_row {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::styled(marker, marker_style),
            Span::styled(pad(&name, self.label - 1), style),
        ];
        for s in self.shown() {
            let selected = selected_row && s == self.selected.1;
            spans.extend(cell_spans(&row.cells[s], self.cell, selected, theme));
        }
        if self.with_all {
            spans.extend(cell_spans(row.total(), self.cell, false, theme));
        }
        Line::from(spans)
    }

    /// Every channel's touchpoints per stage.
    fn total_line(&self, matrix: &Matrix, theme: &Theme) -> Line<'static> {
        let mut spans = vec![Span::styled(
            pad(&fit(" All channels", self.label), self.label),
            theme.dim(),
        )];
        for s in self.shown() {
            spans.extend(cell_spans(matrix.stage_total(s), self.cell, false, theme));
        }
        if self.with_all {
            spans.extend(cell_spans(matrix.total(), self.cell, false, theme));
        }
        Line::from(spans)
    }
}

/// A cell `width` wide: the count, then the mean's mark and value in the emotion's colour;
/// `·` when empty. The selected cell is in the selection's style all through.
fn cell_spans(cell: &Cell, width: usize, selected: bool, theme: &Theme) -> Vec<Span<'static>> {
    let (count, mood) = match cell.mean() {
        _ if cell.is_empty() => (" ·".to_string(), String::new()),
        Some(mean) => (
            format!(" {} ", cell.count()),
            format!("{}{}", mean_mark(mean), mean_text(mean)),
        ),
        None => (format!(" {} ", cell.count()), "·".to_string()),
    };
    let mood = fit(&mood, width.saturating_sub(self::width(&count)));
    let count = fit(&count, width);
    let used = self::width(&count) + self::width(&mood);
    let rest = " ".repeat(width.saturating_sub(used));
    if selected {
        return vec![Span::styled(
            format!("{count}{mood}{rest}"),
            theme.selected(),
        )];
    }
    let count_style = if cell.is_empty() {
        theme.dim()
    } else {
        Style::new()
    };
    vec![
        Span::styled(count, count_style),
        Span::styled(mood, theme.emotion(cell.mean_class())),
        Span::raw(rest),
    ]
}

/// The selected cell's place: `Web × Consideration`.
fn detail_place(app: &App, matrix: &Matrix) -> String {
    let row = app.row.min(matrix.rows.len() - 1);
    let stage = app.stage().map_or("", |s| s.name.as_str());
    format!("{} × {stage}", matrix.rows[row].name())
}

/// What the selected cell holds, in words, and what Enter does.
fn detail_text(app: &App, matrix: &Matrix) -> String {
    let row = app.row.min(matrix.rows.len() - 1);
    let place = detail_place(app, matrix);
    let Some(cell) = matrix.cell(row, app.sel.stage) else {
        return String::new();
    };
    if app.drill.is_some() && !cell.is_empty() {
        return format!(" {place}: Enter shows the card on the board, Esc closes the list");
    }
    let count = cell.count();
    let mood = match cell.mean() {
        Some(mean) => {
            let word =
                Emotion::new(cell.mean_class().unwrap_or(0).into()).map_or("", |e| e.label());
            format!(", mean {} ({word})", mean_text(mean).trim())
        }
        None if count > 0 => ", emotion not set".to_string(),
        None => String::new(),
    };
    match count {
        0 => format!(" {place}: no touchpoint"),
        1 => format!(" {place}: 1 touchpoint{mood}; Enter lists it"),
        n => format!(" {place}: {n} touchpoints{mood}; Enter lists them"),
    }
}

/// Up to `rows` lines listing `cell`'s touchpoints with their emotion marks. With a
/// selection (the open list) the selected one is highlighted and kept in view; without one,
/// the last line says how many more there are.
fn card_lines(
    app: &App,
    cell: &Cell,
    selected: Option<usize>,
    (rows, width, indent): (usize, usize, usize),
    theme: &Theme,
) -> Vec<Line<'static>> {
    let Some(journey) = app.journey() else {
        return Vec::new();
    };
    let margin = " ".repeat(indent);
    let count = cell.count();
    let (start, shown) = match selected {
        Some(at) => (
            (at.min(count.saturating_sub(1)) + 1).saturating_sub(rows),
            rows,
        ),
        None if count > rows => (0, rows.saturating_sub(1)),
        None => (0, count),
    };
    let mut lines: Vec<Line> = cell
        .cards
        .iter()
        .enumerate()
        .skip(start)
        .take(shown)
        .filter_map(|(i, &(s, c))| {
            let card = journey.stages.get(s)?.touchpoints.get(c)?;
            let value = card.emotion.map(Emotion::value);
            let is_selected = selected == Some(i);
            let used = indent + 6;
            let text = fit(&card.title, width.saturating_sub(used));
            let gap = width.saturating_sub(used + self::width(&text));
            let (marker, mark_style, title_style) = if is_selected {
                ("▌", theme.selected(), theme.selected())
            } else {
                (" ", theme.emotion(value), Style::new())
            };
            Some(Line::from(vec![
                Span::raw(margin.clone()),
                Span::styled(marker, mark_style),
                Span::styled(emotion_mark(value, app.config.emotion_marks), mark_style),
                Span::styled(format!(" {text}{}", " ".repeat(gap)), title_style),
            ]))
        })
        .collect();
    if selected.is_none() && shown < count && rows > 0 {
        let more = format!("{margin} … {} more", count - shown);
        lines.push(Line::from(Span::styled(fit(&more, width), theme.dim())));
    }
    lines
}

/// The open list in a box over the bottom of `area`, for screens with no room under the
/// matrix.
fn render_list_box(
    app: &App,
    cell: &Cell,
    at: usize,
    title: &str,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let height = (cell.count() as u16 + 2).clamp(3, area.height);
    let rect = Rect::new(area.x, area.bottom() - height, area.width, height);
    frame.render_widget(Clear, rect);
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border(true))
        .title(fit(title, inner_width))
        .title_bottom(Line::from(fit(" Enter: board · Esc: close ", inner_width)).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let size = (usize::from(inner.height), usize::from(inner.width), 0);
    let lines = card_lines(app, cell, Some(at), size, theme);
    frame.render_widget(Paragraph::new(lines), inner);
}
