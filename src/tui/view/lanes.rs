//! The lanes view: the classic map grid. Stages are columns, the board's own (the same visible
//! stages, scrolled the same way), and each lane is a row of one kind of content: what the
//! customer does, the touchpoints, their channel, thoughts, emotion, pain points and
//! opportunities. A cell lists its stage's values a line each; the selected card's entries
//! are highlighted. Only what shows is built: the visible stages, and in each cell the lines
//! that fit around the selected card, borrowing the cards' text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use std::borrow::Cow;

use crate::model::{Emotion, Opportunity, Stage, Text, Touchpoint};

use super::super::app::App;
use super::super::layout;
use super::super::text::{fit, width};
use super::super::theme::Theme;
use super::board::emotion_mark;

/// The label column's width on screens at least [`WIDE_SCREEN`] wide: the full lane names.
const WIDE_LABELS: u16 = 15;
/// The label column's width on narrower screens: short or two-line lane names.
const NARROW_LABELS: u16 = 9;
/// From this width the label column spells lane names out.
const WIDE_SCREEN: u16 = 100;

/// What a lane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    Action,
    Touchpoints,
    Channel,
    Thoughts,
    Emotion,
    PainPoints,
    Opportunities,
}

impl Lane {
    /// Every lane, top to bottom.
    const ALL: [Lane; 7] = [
        Lane::Action,
        Lane::Touchpoints,
        Lane::Channel,
        Lane::Thoughts,
        Lane::Emotion,
        Lane::PainPoints,
        Lane::Opportunities,
    ];

    /// Who gets a spare row first when the lanes do not all fit: the touchpoints, then what
    /// hurts and what to do about it.
    const PRIORITY: [Lane; 7] = [
        Lane::Touchpoints,
        Lane::PainPoints,
        Lane::Opportunities,
        Lane::Action,
        Lane::Thoughts,
        Lane::Channel,
        Lane::Emotion,
    ];

    /// The lane's name: in full, on two short lines, and on one short line.
    fn names(self) -> (&'static str, [&'static str; 2], &'static str) {
        match self {
            Lane::Action => ("Action", ["Action", ""], "Action"),
            Lane::Touchpoints => ("Touchpoints", ["Touch-", "points"], "Touchpt."),
            Lane::Channel => ("Channel", ["Channel", ""], "Channel"),
            Lane::Thoughts => ("Thoughts", ["Thoughts", ""], "Thoughts"),
            Lane::Emotion => ("Emotion", ["Emotion", ""], "Emotion"),
            Lane::PainPoints => ("Pain points", ["Pain", "points"], "Pains"),
            Lane::Opportunities => ("Opportunities", ["Oppor-", "tunities"], "Opport."),
        }
    }

    /// The label's lines in a label column `wide` or not, for a lane `rows` tall.
    fn label(self, wide: bool, rows: usize) -> Vec<&'static str> {
        let (full, two, one) = self.names();
        if wide {
            vec![full]
        } else if rows >= 2 {
            two.into_iter().filter(|l| !l.is_empty()).collect()
        } else {
            vec![one]
        }
    }
}

/// A piece of a cell's line: text from one card (or none, for a note like "no cards").
struct Piece<'a> {
    /// The card's index in its stage.
    card: Option<usize>,
    /// The text, not yet cut: borrowed from the card where it can be.
    text: Cow<'a, str>,
    /// Its style when the card is neither selected nor filtered out.
    style: Style,
}

/// A line of a cell: one piece, or several (the emotion marks of a stage's cards).
type CellLine<'a> = Vec<Piece<'a>>;

/// Where the selected card's entries sit in a cell.
#[derive(Debug, Clone, Copy)]
struct Focus {
    /// The card's index in its stage.
    card: usize,
    /// The first line holding one of its entries.
    first: usize,
    /// The last line holding one of its entries.
    last: usize,
}

/// A cell's size: its lines, and where the selected card's entries are among them.
#[derive(Debug, Clone, Copy)]
struct Extent {
    /// How many lines the cell has in all.
    lines: usize,
    /// The selected card's entries, when it is in this cell's stage and has any in the lane.
    focus: Option<Focus>,
}

/// One cell: a lane of one visible stage. Its size is worked out from the cards without
/// building anything; lines are built only for the rows that show.
struct Cell<'a> {
    /// The app, for the persona filter and the selection.
    app: &'a App,
    /// What the cell shows.
    lane: Lane,
    /// Whose cards it shows.
    stage: &'a Stage,
    /// The styles.
    theme: &'a Theme,
    /// How many emotion marks a line holds.
    per_line: usize,
    /// The stage's list lane lines.
    counts: &'a [[usize; 2]],
}

/// The label column's width for a view `width` wide.
fn label_width(width: u16) -> u16 {
    if width >= WIDE_SCREEN {
        WIDE_LABELS
    } else {
        NARROW_LABELS
    }
}

/// The stage columns of the lanes in `area` for `visible` stages, each with its left
/// separator: the label column on the left, a closing separator on the right.
fn column_rects(area: Rect, visible: usize) -> Vec<Rect> {
    let labels = label_width(area.width).min(area.width);
    let grid = Rect::new(
        area.x + labels,
        area.y,
        area.width.saturating_sub(labels + 1),
        area.height,
    );
    layout::stage_columns(grid, visible)
}

/// Where the visible stages' contents sit across `area`, for the curve to line up with:
/// each column without its separator.
pub(super) fn stage_columns(area: Rect, visible: usize) -> Vec<Rect> {
    column_rects(area, visible)
        .into_iter()
        .map(|r| Rect::new(r.x + 1, r.y, r.width.saturating_sub(1), r.height))
        .collect()
}

/// Draws the lanes of the current journey into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(journey) = super::staged_journey_or_notice(app, frame, area) else {
        return;
    };
    if area.height < 2 {
        return;
    }
    let count = journey.stages.len();
    // As many columns as the board shows, so the board's scrolling keeps the selection in view.
    let visible = layout::visible_stages(area.width, count);
    let offset = app.scroll.stage.min(count - visible);
    let columns = column_rects(area, visible);
    let stages = &journey.stages[offset..offset + visible];
    let selected_column = app.sel.stage.checked_sub(offset).filter(|i| *i < visible);

    // The cells of the visible stages, sized without building their lines, and the rows each
    // lane gets.
    let focus = |i: usize| (selected_column == Some(i)).then_some(app.sel.card);
    let counts: Vec<_> = stages
        .iter()
        .map(|stage| app.doc.stage_figure(stage, None, stage_counts))
        .collect();
    let cells: Vec<Vec<(Cell, Extent)>> = Lane::ALL
        .iter()
        .map(|lane| {
            stages
                .iter()
                .zip(&counts)
                .zip(&columns)
                .enumerate()
                .map(|(i, ((stage, counts), rect))| {
                    let cell = Cell::new(app, *lane, (stage, counts), content_width(*rect), theme);
                    let extent = cell.extent(focus(i));
                    (cell, extent)
                })
                .collect()
        })
        .collect();
    let needs: Vec<usize> = cells
        .iter()
        .map(|lane| {
            let most = lane.iter().map(|(_, extent)| extent.lines).max();
            most.unwrap_or(0).max(1)
        })
        .collect();
    let body = usize::from(area.height - 1);
    let rules = body >= needs.iter().sum::<usize>() + Lane::ALL.len() - 1;
    let rows = share(&needs, body);

    let edges = Edges {
        columns: &columns,
        right: area.x + area.width.saturating_sub(1),
        selected: selected_column,
    };
    render_header(
        stages,
        (offset > 0, offset + visible < count),
        &edges,
        frame,
        area,
        theme,
    );
    let wide = label_width(area.width) == WIDE_LABELS;
    let labels = label_width(area.width).min(area.width);
    let mut y = area.y + 1;
    for (l, lane) in Lane::ALL.iter().enumerate() {
        let height = rows[l] as u16;
        if height == 0 || y >= area.bottom() {
            continue;
        }
        let height = height.min(area.bottom() - y);
        for (row, text) in lane.label(wide, rows[l]).into_iter().enumerate() {
            if row < usize::from(height) {
                let label = Span::styled(
                    format!(" {}", fit(text, usize::from(labels).saturating_sub(1))),
                    theme.title(),
                );
                frame.render_widget(label, Rect::new(area.x, y + row as u16, labels, 1));
            }
        }
        for ((cell, extent), rect) in cells[l].iter().zip(&columns) {
            let area = Rect::new(rect.x + 1, y, rect.width.saturating_sub(1), height);
            render_cell(cell, extent, frame, area, theme);
        }
        edges.draw_body(frame, y, height, theme);
        y += height;
        if rules && l + 1 < Lane::ALL.len() && y < area.bottom() {
            edges.draw_rule(frame, area.x, y, theme);
            y += 1;
        }
    }
    // Below the last lane the columns go on to the bottom.
    if y < area.bottom() {
        edges.draw_body(frame, y, area.bottom() - y, theme);
    }
}

/// Room for text in a column, after its separator.
fn content_width(rect: Rect) -> usize {
    usize::from(rect.width.saturating_sub(1))
}

/// The rows each lane gets out of `rows`: what it needs when everything fits; otherwise the
/// same share for every lane that needs more (small lanes keep what they need), and the rows
/// left over go one each to the lanes that matter most.
fn share(needs: &[usize], rows: usize) -> Vec<usize> {
    if needs.iter().sum::<usize>() <= rows {
        return needs.to_vec();
    }
    let used = |cap: usize| needs.iter().map(|n| (*n).min(cap)).sum::<usize>();
    let mut cap = 0;
    while used(cap + 1) <= rows {
        cap += 1;
    }
    let mut out: Vec<usize> = needs.iter().map(|n| (*n).min(cap)).collect();
    let mut spare = rows - used(cap);
    for lane in Lane::PRIORITY {
        let i = Lane::ALL.iter().position(|l| *l == lane).unwrap_or(0);
        if spare > 0 && i < out.len() && needs[i] > out[i] {
            out[i] += 1;
            spare -= 1;
        }
    }
    out
}

/// Whether `text` is blank: every character white space, as `trim` has it. Text that starts
/// with printable ASCII is not, which needs neither decoding nor a look further in.
fn blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'!'..=b'~') => false,
        _ => text.chars().all(char::is_whitespace),
    }
}

/// The non-blank entries a card gives a list lane, one line each: its pain points, or its
/// opportunities' titles (none for the other lanes).
fn entries(lane: Lane, card: &Touchpoint) -> impl Iterator<Item = &str> {
    let pains: &[Text] = if lane == Lane::PainPoints {
        &card.pain_points
    } else {
        &[]
    };
    let opportunities: &[Opportunity] = if lane == Lane::Opportunities {
        &card.opportunities
    } else {
        &[]
    };
    pains
        .iter()
        .map(Text::as_str)
        .chain(opportunities.iter().map(|o| o.title.as_str()))
        .filter(|text| !blank(text))
}

/// The lines of the two list lanes, pain points then opportunities, before each card of a
/// stage and, last, in all: `counts[i]` lines come before card `i`'s, card `i` has
/// `counts[i + 1] - counts[i]`.
type Counts = Vec<[usize; 2]>;

/// The [`Counts`] of `cards`: one pass over them for both lanes, counting their entries
/// without building them.
fn count(cards: &[Touchpoint]) -> Counts {
    let mut sum = [0, 0];
    std::iter::once(sum)
        .chain(cards.iter().map(|card| {
            sum[0] += entries(Lane::PainPoints, card).count();
            sum[1] += entries(Lane::Opportunities, card).count();
            sum
        }))
        .collect()
}

/// The [`Counts`] of `stage`: a walk over all its cards, which do not stay in the processor's
/// caches in a large map, so it is done again only after an edit changed the stage's cards
/// (see `Document::stage_figure`) rather than on every frame.
fn stage_counts(stage: &Stage, _persona: Option<&str>) -> Counts {
    count(&stage.touchpoints)
}

impl<'a> Cell<'a> {
    /// The cell of `lane` for `stage`, whose list lane lines are `counts`, in a column with
    /// room for `width` columns of text.
    fn new(
        app: &'a App,
        lane: Lane,
        (stage, counts): (&'a Stage, &'a [[usize; 2]]),
        width: usize,
        theme: &'a Theme,
    ) -> Self {
        Self {
            app,
            lane,
            stage,
            counts,
            theme,
            // Marks are four columns wide, a space apart, after the line's marker column.
            per_line: (width / 5).max(1),
        }
    }

    /// The index of the cell's lane in [`Counts`]: 0 for pain points, 1 for opportunities.
    fn list(&self) -> usize {
        usize::from(self.lane == Lane::Opportunities)
    }

    /// How many lines the cell has and where card `focus` (the selected card, when the stage
    /// is the selected one) has its entries: a line per card (a line per entry for pain points
    /// and opportunities, as counted; `per_line` emotion marks a line).
    fn extent(&self, focus: Option<usize>) -> Extent {
        let cards = &self.stage.touchpoints[..];
        let focus = focus.filter(|card| *card < cards.len());
        let (lines, focus) = match self.lane {
            Lane::Touchpoints if cards.is_empty() => (1, None),
            Lane::Emotion => {
                let at = |card: usize| {
                    let line = card / self.per_line;
                    Focus {
                        card,
                        first: line,
                        last: line,
                    }
                };
                (cards.len().div_ceil(self.per_line), focus.map(at))
            }
            Lane::PainPoints | Lane::Opportunities => {
                let k = self.list();
                let before = |card: usize| self.counts[card][k];
                let at = |card: usize| Focus {
                    card,
                    first: before(card),
                    last: before(card + 1).saturating_sub(1),
                };
                let own = |card: &usize| before(card + 1) > before(*card);
                (before(cards.len()), focus.filter(own).map(at))
            }
            _ => {
                let at = |card| Focus {
                    card,
                    first: card,
                    last: card,
                };
                (cards.len(), focus.map(at))
            }
        };
        Extent { lines, focus }
    }

    /// A piece of card `card`'s `text`: a dash when blank, dimmed when the card is another
    /// persona's (as on the board).
    fn piece(
        &self,
        card: usize,
        touchpoint: &Touchpoint,
        text: Cow<'a, str>,
        style: Style,
    ) -> Piece<'a> {
        let (text, style) = if text.trim().is_empty() {
            (Cow::Borrowed("—"), self.theme.dim())
        } else {
            (text, style)
        };
        let style = if self.app.filtered_out(touchpoint) {
            self.theme.dim()
        } else {
            style
        };
        Piece {
            card: Some(card),
            text,
            style,
        }
    }

    /// The cell's lines from `start`, `shown` of them at most.
    /// Only those lines are built, each borrowing its card's text.
    fn lines(&self, start: usize, shown: usize) -> Vec<CellLine<'a>> {
        let stage: &'a Stage = self.stage;
        let cards = &stage.touchpoints[..];
        let text = |card: &'a Touchpoint| -> (&'a str, Style) {
            match self.lane {
                Lane::Action => (&card.action, Style::new()),
                Lane::Touchpoints => (&card.title, self.theme.title()),
                Lane::Channel => (&card.channel, Style::new()),
                _ => (&card.thoughts, Style::new()),
            }
        };
        match self.lane {
            Lane::Touchpoints if cards.is_empty() => {
                let selected = self.app.stage().is_some_and(|s| s.id == stage.id);
                let note = if selected {
                    "no cards: a adds one"
                } else {
                    "no cards"
                };
                let line = vec![Piece {
                    card: None,
                    text: Cow::Borrowed(note),
                    style: self.theme.dim(),
                }];
                std::iter::once(line).skip(start).take(shown).collect()
            }
            Lane::Emotion => {
                let from = (start * self.per_line).min(cards.len());
                let to = ((start + shown) * self.per_line).min(cards.len());
                cards[from..to]
                    .chunks(self.per_line)
                    .enumerate()
                    .map(|(line, chunk)| {
                        let first = from + line * self.per_line;
                        chunk
                            .iter()
                            .enumerate()
                            .map(|(i, card)| {
                                let value = card.emotion.map(Emotion::value);
                                let marks = self.app.config.emotion_marks;
                                let mark = Cow::Owned(emotion_mark(value, marks));
                                self.piece(first + i, card, mark, self.theme.emotion(value))
                            })
                            .collect()
                    })
                    .collect()
            }
            Lane::PainPoints | Lane::Opportunities => {
                // Line `start` is the first of the card with the most lines before it that
                // has no more than `start` before it; its own lines before that are skipped.
                let k = self.list();
                let from = self.counts.partition_point(|c| c[k] <= start) - 1;
                let skip = start - self.counts[from][k];
                let lane = self.lane;
                cards[from..]
                    .iter()
                    .enumerate()
                    .flat_map(|(i, card)| entries(lane, card).map(move |e| (from + i, card, e)))
                    .skip(skip)
                    .take(shown)
                    .map(|(i, card, entry)| {
                        vec![self.piece(i, card, Cow::Borrowed(entry), Style::new())]
                    })
                    .collect()
            }
            _ => {
                let from = start.min(cards.len());
                let to = (start + shown).min(cards.len());
                cards[from..to]
                    .iter()
                    .enumerate()
                    .map(|(i, card)| {
                        let (value, style) = text(card);
                        vec![self.piece(from + i, card, Cow::Borrowed(value), style)]
                    })
                    .collect()
            }
        }
    }
}

/// Draws `cell`, whose size is `extent`, into `area`. When its lines do not fit, the lines
/// shown keep the selected card's entries in view and end in `↑n` / `↓n`, the lines hidden
/// above and below; only the lines shown are built.
fn render_cell(cell: &Cell, extent: &Extent, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rows = usize::from(area.height);
    if rows == 0 || area.width == 0 {
        return;
    }
    let total = extent.lines;
    let focus = extent.focus.map(|f| f.card);
    let is_selected = |piece: &Piece| focus.is_some() && piece.card == focus;
    let start = match extent.focus {
        Some(f) if total > rows => (f.last + 1).saturating_sub(rows).min(f.first),
        _ => 0,
    }
    .min(total.saturating_sub(rows));
    let shown = total.saturating_sub(start).min(rows);
    let (above, below) = (start, total - start - shown);
    let lines = cell.lines(start, shown);
    let cell_width = usize::from(area.width);
    for (row, line) in lines.iter().enumerate() {
        let mut suffix = String::new();
        if row == 0 && above > 0 {
            suffix.push_str(&format!(" ↑{above}"));
        }
        if row + 1 == shown && below > 0 {
            suffix.push_str(&format!(" ↓{below}"));
        }
        let room = cell_width.saturating_sub(1 + width(&suffix));
        let style_of = |piece: &Piece| {
            if is_selected(piece) {
                theme.selected()
            } else {
                piece.style
            }
        };
        let mut spans = Vec::new();
        if let [piece] = line.as_slice() {
            // One entry: a marker column, then its text; the selected one as a full bar.
            let style = style_of(piece);
            let text = fit(&piece.text, room);
            if is_selected(piece) {
                let pad = room.saturating_sub(width(&text));
                spans.push(Span::styled("▌", style));
                spans.push(Span::styled(format!("{text}{}", " ".repeat(pad)), style));
            } else {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(text, style));
            }
        } else {
            spans.push(Span::raw(" "));
            let mut used = 0;
            for (i, piece) in line.iter().enumerate() {
                let gap = usize::from(i > 0);
                if used + gap + width(&piece.text) > room {
                    break;
                }
                if gap == 1 {
                    spans.push(Span::raw(" "));
                }
                spans.push(Span::styled(piece.text.clone(), style_of(piece)));
                used += gap + width(&piece.text);
            }
        }
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if !suffix.is_empty() {
            let pad = cell_width.saturating_sub(used + width(&suffix));
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(suffix, theme.dim()));
        }
        let rect = Rect::new(area.x, area.y + row as u16, area.width, 1);
        frame.render_widget(Line::from(spans), rect);
    }
}

/// The separators between the stage columns, with the selected stage's drawn double.
struct Edges<'a> {
    /// The visible stages' columns, each starting with its separator.
    columns: &'a [Rect],
    /// The closing separator's x.
    right: u16,
    /// The selected stage's column among the visible ones.
    selected: Option<usize>,
}

impl Edges<'_> {
    /// Every separator's x, left to right, and whether it borders the selected stage: on its
    /// left (`true, _`) or its right (`_, true`).
    fn positions(&self) -> Vec<(u16, bool, bool)> {
        let mut out: Vec<(u16, bool, bool)> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let right_of_selected = i > 0 && self.selected == Some(i - 1);
                (r.x, self.selected == Some(i), right_of_selected)
            })
            .collect();
        let last = self.columns.len();
        out.push((
            self.right,
            false,
            last > 0 && self.selected == Some(last - 1),
        ));
        out
    }

    /// The vertical separators from `y`, `height` rows down.
    fn draw_body(&self, frame: &mut Frame, y: u16, height: u16, theme: &Theme) {
        let buffer = frame.buffer_mut();
        for (x, starts, ends) in self.positions() {
            let double = starts || ends;
            let glyph = if double { "║" } else { "│" };
            for row in y..y + height {
                buffer.set_string(x, row, glyph, theme.border(double));
            }
        }
    }

    /// A rule across the lanes at `y`, from the label column's left edge `x`.
    fn draw_rule(&self, frame: &mut Frame, x: u16, y: u16, theme: &Theme) {
        let buffer = frame.buffer_mut();
        let line = "─".repeat(usize::from(self.right.saturating_sub(x)));
        buffer.set_string(x, y, line, theme.border(false));
        let positions = self.positions();
        let count = positions.len();
        for (i, (px, starts, ends)) in positions.into_iter().enumerate() {
            let double = starts || ends;
            let glyph = match (double, i + 1 == count) {
                (true, false) => "╫",
                (true, true) => "╢",
                (false, false) => "┼",
                (false, true) => "┤",
            };
            buffer.set_string(px, y, glyph, theme.border(double));
        }
    }
}

/// The top row: each visible stage's name and card count over its column, like the board's
/// column titles; `◀` / `▶` say more stages lie to the left / right.
fn render_header(
    stages: &[Stage],
    (more_left, more_right): (bool, bool),
    edges: &Edges,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let y = area.y;
    let count = stages.len();
    for (i, (stage, rect)) in stages.iter().zip(edges.columns).enumerate() {
        let selected = edges.selected == Some(i);
        let inner = usize::from(rect.width.saturating_sub(1));
        let arrow = if i == 0 && more_left { "◀ " } else { " " };
        let room = inner.saturating_sub(width(arrow) + 1);
        let title = format!("{arrow}{}", super::board::column_title(stage, room));
        let fill = if selected { "═" } else { "─" };
        let pad = inner.saturating_sub(width(&title));
        let mut text = format!("{title}{}", fill.repeat(pad));
        if i + 1 == count && more_right && pad > 0 {
            text = format!("{title}{}▶", fill.repeat(pad - 1));
        }
        let style = theme.border(selected);
        frame
            .buffer_mut()
            .set_string(rect.x + 1, y, fit(&text, inner), style);
    }
    let positions = edges.positions();
    let last = positions.len() - 1;
    for (i, (x, starts, ends)) in positions.into_iter().enumerate() {
        let glyph = match (starts, ends) {
            (true, _) => "╔",
            (_, true) => "╗",
            _ if i == 0 => "┌",
            _ if i == last => "┐",
            _ => "┬",
        };
        frame
            .buffer_mut()
            .set_string(x, y, glyph, theme.border(starts || ends));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_get_what_they_need_when_it_fits() {
        assert_eq!(share(&[3, 3, 3, 3, 1, 2, 3], 20), [3, 3, 3, 3, 1, 2, 3]);
    }

    #[test]
    fn lanes_share_the_rows_when_it_does_not() {
        // 14 rows: every lane gets two (emotion keeps its one), the spare row goes to the
        // touchpoints.
        assert_eq!(share(&[3, 3, 3, 3, 1, 3, 4], 14), [2, 3, 2, 2, 1, 2, 2]);
        // 9 rows, on a 40x12 screen: a row each, then the touchpoints and pain points.
        assert_eq!(share(&[3, 3, 3, 3, 1, 3, 4], 9), [1, 2, 1, 1, 1, 2, 1]);
        // Fewer rows than lanes: the most important lanes first.
        assert_eq!(share(&[3, 3, 3, 3, 1, 3, 4], 3), [0, 1, 0, 0, 0, 1, 1]);
    }

    #[test]
    fn blank_is_what_trim_leaves_empty() {
        for text in [
            "",
            " ",
            "\t\n",
            "\u{b}",
            "\u{85}",
            "\u{3000}",
            " a",
            "a",
            "é",
            "—",
            "\u{3000}x",
        ] {
            assert_eq!(blank(text), text.trim().is_empty(), "{text:?}");
        }
    }
}
