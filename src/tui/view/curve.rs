//! The emotion curve under the board and the lanes: the mean emotion (-2..+2) of each stage as
//! a braille line, its points right under the stage columns above (the same visible stages,
//! split the same way), the value printed under each stage and the stage that hurts most
//! marked `▼`. Filtered to a persona, the persona's line (dashed, `◆` points) runs beside the
//! line of all cards (solid, `●` points). Glyphs tell the lines apart, so it reads without
//! colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::report::curve::{label, lowest, stage_emotion};

use super::super::app::{App, View};
use super::super::layout;
use super::super::text::{fit, width};
use super::super::theme::Theme;
use super::lanes;

/// The point of the line of all cards.
const ALL_POINT: &str = "●";
/// The point of the persona's line.
const PERSONA_POINT: &str = "◆";
/// The mark of the stage that hurts most.
const HURTS: &str = "▼";
/// Columns at the left for the axis labels when the view has no label column of its own.
const AXIS_WIDTH: u16 = 3;

/// The mean emotion of each stage of the journey on screen (for `persona` when given), each
/// computed again only after an edit changed that stage's cards.
fn curve_points(app: &App, persona: Option<&str>) -> Vec<Option<f64>> {
    app.journey()
        .map(|journey| {
            journey
                .stages
                .iter()
                .map(|stage| *app.doc.stage_figure(stage, persona, stage_emotion))
                .collect()
        })
        .unwrap_or_default()
}

/// One line of the curve: its points (one per stage of the journey) and how it is drawn.
struct Curve {
    points: Vec<Option<f64>>,
    point: &'static str,
    dashed: bool,
    style: Style,
}

/// Draws the emotion curve of the current journey into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(journey) = app.journey() else {
        return;
    };
    if journey.stages.is_empty() || area.height < 3 || area.width < AXIS_WIDTH + 2 {
        return;
    }
    let count = journey.stages.len();
    let visible = layout::visible_stages(area.width, count);
    let offset = app.scroll.stage.min(count - visible);
    let columns = columns(app.view, area, visible);
    let plot = Plot::new(area, &columns);

    let persona = app.persona_name().and(app.persona.as_deref());
    let all = Curve {
        points: curve_points(app, None),
        point: ALL_POINT,
        dashed: false,
        style: if persona.is_some() {
            theme.dim()
        } else {
            Style::new()
        },
    };
    let mine = persona.map(|id| Curve {
        points: curve_points(app, Some(id)),
        point: PERSONA_POINT,
        dashed: true,
        style: theme.key(),
    });
    // The moment that hurts most is the persona's when the map is filtered to one.
    let focus = mine.as_ref().unwrap_or(&all);
    let hurts = lowest(&focus.points);

    render_legend(
        app,
        &all,
        mine.as_ref(),
        &hurts,
        (offset, visible),
        frame,
        area,
        theme,
    );
    plot.render_axis(frame, theme);
    let curves: Vec<&Curve> = std::iter::once(&all).chain(mine.as_ref()).collect();
    plot.render_lines(&curves, offset, frame, theme);
    plot.render_points(&curves, offset, frame, theme);
    render_values(
        &all,
        mine.as_ref(),
        &hurts,
        offset,
        &columns,
        frame,
        area,
        theme,
    );
}

/// The visible stages' columns across `area`, as the view above draws them.
fn columns(view: View, area: Rect, visible: usize) -> Vec<Rect> {
    match view {
        View::Lanes => lanes::stage_columns(area, visible),
        // The board's split: equal columns over the whole width.
        _ => layout::stage_columns(area, visible),
    }
}

/// The top row: what the curve shows, which glyph is which line, and what hurts most.
#[allow(clippy::too_many_arguments)]
fn render_legend(
    app: &App,
    all: &Curve,
    mine: Option<&Curve>,
    hurts: &[usize],
    (offset, visible): (usize, usize),
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let Some(journey) = app.journey() else {
        return;
    };
    let total = usize::from(area.width);
    let title = if area.width >= 100 {
        " Emotion curve "
    } else {
        " Emotion "
    };
    let mut left = vec![Span::styled(title, theme.title())];
    if !all.points.iter().any(Option::is_some) {
        left.push(Span::styled(
            " no card has an emotion yet: + and - set one",
            theme.dim(),
        ));
        frame.render_widget(Line::from(left), Rect::new(area.x, area.y, area.width, 1));
        return;
    }
    left.push(Span::styled(format!(" {ALL_POINT}⠒⠒ all cards"), all.style));
    let persona = mine.zip(app.persona_name());
    // The persona's name keeps some room; what hurts most gets the rest, said shorter when
    // the line is short.
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let persona_room = persona.map_or(0, |(_, name)| 8 + width(name).min(16));
    let right = match hurts_text(journey, mine.unwrap_or(all), hurts, (offset, visible)) {
        None => Span::styled(" nothing below neutral ", theme.dim()),
        Some((long, short)) => {
            let text = if used + persona_room + width(&long) <= total {
                long
            } else {
                short
            };
            Span::styled(fit(&text, total.saturating_sub(used)), theme.error())
        }
    };
    if let Some((mine, name)) = persona {
        let room = total.saturating_sub(used + width(&right.content) + 8);
        if room > 3 {
            left.push(Span::styled(
                format!("  {PERSONA_POINT}⠒ ⠒ {}", fit(name, room)),
                mine.style,
            ));
        }
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let gap = total.saturating_sub(used + width(&right.content));
    left.push(Span::raw(" ".repeat(gap)));
    left.push(right);
    frame.render_widget(Line::from(left), Rect::new(area.x, area.y, area.width, 1));
}

/// What hurts most, by name, with an arrow when it is scrolled out of view: in full
/// (`▼ hurts most: Post-purchase -1 ▶`) and short (`▼ Post-purchase -1 ▶`). `None` when
/// nothing hurts.
fn hurts_text(
    journey: &crate::model::Journey,
    curve: &Curve,
    hurts: &[usize],
    (offset, visible): (usize, usize),
) -> Option<(String, String)> {
    let first = *hurts.first()?;
    let names: Vec<&str> = hurts
        .iter()
        .map(|i| journey.stages[*i].name.as_str())
        .collect();
    let value = curve
        .points
        .get(first)
        .copied()
        .flatten()
        .map_or_else(String::new, label);
    let (before, after) = if hurts.iter().all(|i| *i < offset) {
        ("◀ ", "")
    } else if hurts.iter().all(|i| *i >= offset + visible) {
        ("", " ▶")
    } else {
        ("", "")
    };
    let whose = if curve.point == PERSONA_POINT {
        format!(" ({PERSONA_POINT})")
    } else {
        String::new()
    };
    let names = names.join(", ");
    Some((
        format!(" {before}{HURTS} hurts most{whose}: {names} {value}{after} "),
        format!(" {before}{HURTS} {names} {value}{after} "),
    ))
}

/// The bottom row: each visible stage's value under its column, `—` for no emotion, and the
/// stage that hurts most marked.
#[allow(clippy::too_many_arguments)]
fn render_values(
    all: &Curve,
    mine: Option<&Curve>,
    hurts: &[usize],
    offset: usize,
    columns: &[Rect],
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let y = area.bottom() - 1;
    let value = |curve: &Curve, stage: usize| curve.points.get(stage).copied().flatten();
    for (i, column) in columns.iter().enumerate() {
        let stage = offset + i;
        let shown = |prefix: &str, v: Option<f64>| match v {
            Some(v) => Span::styled(
                format!("{prefix}{}", label(v)),
                theme.emotion(Some(v.round() as i8)),
            ),
            None if prefix.is_empty() => Span::styled("no emotion", theme.dim()),
            None => Span::styled(format!("{prefix}—"), theme.dim()),
        };
        let mut spans: Vec<Span> = match mine {
            None => vec![shown("", value(all, stage))],
            Some(mine) => vec![
                shown(&format!("{ALL_POINT} "), value(all, stage)),
                Span::raw(" "),
                shown(&format!("{PERSONA_POINT} "), value(mine, stage)),
            ],
        };
        // The values centred under the stage's point; the mark after them, inside the column.
        let core: usize = spans.iter().map(|s| width(&s.content)).sum();
        let room = usize::from(column.width);
        if hurts.contains(&stage) {
            let mark = if core + 13 <= room {
                format!(" {HURTS} hurts most")
            } else {
                format!(" {HURTS}")
            };
            spans.push(Span::styled(mark, theme.error()));
        }
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if used > room {
            continue;
        }
        let centre = usize::from(column.x + column.width / 2);
        let x = centre
            .saturating_sub(core / 2)
            .min(usize::from(column.right()) - used)
            .max(usize::from(column.x));
        frame.render_widget(
            Line::from(spans),
            Rect::new(x as u16, y, used as u16, 1).intersection(area),
        );
    }
}

/// The rows between the legend and the values, where the lines go: braille, two dots across
/// and four down per cell.
struct Plot {
    /// The plot's cells.
    area: Rect,
    /// Where the lines may go: right of the axis labels.
    left: u16,
    /// The centre column of each visible stage.
    centres: Vec<u16>,
    /// The width of a stage column, to place the stages just out of view.
    step: u16,
}

impl Plot {
    fn new(area: Rect, columns: &[Rect]) -> Self {
        let plot = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        let first = columns.first().map_or(area.x, |c| c.x);
        Self {
            area: plot,
            left: area.x + (first - area.x).max(AXIS_WIDTH),
            centres: columns.iter().map(|c| c.x + c.width / 2).collect(),
            step: columns.first().map_or(1, |c| c.width.max(1)),
        }
    }

    /// The dot row of `value`: +2 and -2 on the lowest-but-one dot of the top and bottom rows,
    /// so every whole value sits at the same height in its row, beside its axis label.
    fn dot_y(&self, value: f64) -> i32 {
        let per_unit = f64::from(self.area.height.saturating_sub(1));
        (1.5 + (2.0 - value.clamp(-2.0, 2.0)) * per_unit).round() as i32
    }

    /// The cell row of `value`.
    fn row(&self, value: f64) -> u16 {
        self.area.y + (self.dot_y(value) / 4) as u16
    }

    /// The screen column of stage `stage` when `offset` is the first visible one; stages just
    /// out of view sit a column's width beyond the edge, so the line runs off the screen
    /// towards them.
    fn x(&self, stage: usize, offset: usize) -> Option<i32> {
        let first = i32::from(*self.centres.first()?);
        let last = i32::from(*self.centres.last()?);
        let visible = self.centres.len();
        if stage + 1 == offset {
            Some(first - i32::from(self.step))
        } else if stage >= offset && stage < offset + visible {
            Some(i32::from(self.centres[stage - offset]))
        } else if stage == offset + visible {
            Some(last + i32::from(self.step))
        } else {
            None
        }
    }

    /// The value labels at the left.
    fn render_axis(&self, frame: &mut Frame, theme: &Theme) {
        let label_width = usize::from(self.left - self.area.x).saturating_sub(1);
        let buffer = frame.buffer_mut();
        for value in [2, 1, 0, -1, -2] {
            let text = format!("{:>label_width$} ", label(f64::from(value)));
            buffer.set_string(self.area.x, self.row(f64::from(value)), text, theme.dim());
        }
    }

    /// The dots of `curve`'s line: stages next to each other that both have a value are
    /// joined; a stage without one leaves a gap.
    fn dots(&self, curve: &Curve, offset: usize) -> Dots {
        let mut dots = Dots::new(self.area.width, self.area.height);
        let to_dot = |x: i32| (x - i32::from(self.area.x)) * 2;
        let left = i32::from(self.left - self.area.x) * 2;
        for (stage, pair) in curve.points.windows(2).enumerate() {
            let (Some(a), Some(b)) = (pair[0], pair[1]) else {
                continue;
            };
            let (Some(xa), Some(xb)) = (self.x(stage, offset), self.x(stage + 1, offset)) else {
                continue;
            };
            let from = (to_dot(xa), self.dot_y(a));
            let to = (to_dot(xb), self.dot_y(b));
            dots.line(from, to, curve.dashed, left);
        }
        dots
    }

    /// The lines, and a dotted line at zero where it keeps clear of them (so that it never
    /// reads as part of a dashed line). Where two lines share a cell, both show.
    fn render_lines(&self, curves: &[&Curve], offset: usize, frame: &mut Frame, theme: &Theme) {
        let grids: Vec<Dots> = curves.iter().map(|c| self.dots(c, offset)).collect();
        let buffer = frame.buffer_mut();
        let zero = self.row(0.0) - self.area.y;
        let busy = |col: u16| grids.iter().any(|g| g.bits(col, zero) != 0);
        for col in self.left - self.area.x..self.area.width {
            let near = col.saturating_sub(1)..=(col + 1).min(self.area.width - 1);
            if !near.into_iter().any(busy) {
                buffer.set_string(self.area.x + col, self.area.y + zero, "┈", theme.dim());
            }
        }
        for row in 0..self.area.height {
            for col in 0..self.area.width {
                let mut bits = 0;
                let mut style = None;
                for (grid, curve) in grids.iter().zip(curves) {
                    if grid.bits(col, row) != 0 {
                        bits |= grid.bits(col, row);
                        style = Some(curve.style);
                    }
                }
                if let Some(style) = style {
                    let glyph = char::from_u32(0x2800 + u32::from(bits)).unwrap_or(' ');
                    let (x, y) = (self.area.x + col, self.area.y + row);
                    buffer.set_string(x, y, glyph.to_string(), style);
                }
            }
        }
    }

    /// The points of the visible stages, over the lines; a persona's point that falls on the
    /// point of all cards goes beside it.
    fn render_points(&self, curves: &[&Curve], offset: usize, frame: &mut Frame, theme: &Theme) {
        let buffer = frame.buffer_mut();
        for (i, centre) in self.centres.iter().enumerate() {
            let mut taken: Option<u16> = None;
            for curve in curves {
                let Some(value) = curve.points.get(offset + i).copied().flatten() else {
                    continue;
                };
                let y = self.row(value);
                let x = if taken == Some(y) {
                    centre + 1
                } else {
                    *centre
                };
                taken = Some(y);
                let style = curve.style.patch(theme.emotion(Some(value.round() as i8)));
                buffer.set_string(x, y, curve.point, style);
            }
        }
    }
}

/// A grid of braille dots.
struct Dots {
    cols: u16,
    rows: u16,
    cells: Vec<u8>,
}

impl Dots {
    fn new(cols: u16, rows: u16) -> Self {
        Self {
            cols,
            rows,
            cells: vec![0; usize::from(cols) * usize::from(rows)],
        }
    }

    /// Sets the dot at `(x, y)`, in dots from the grid's top left, if it is on the grid.
    fn set(&mut self, x: i32, y: i32) {
        let (col, row) = (x.div_euclid(2), y.div_euclid(4));
        if x < 0 || y < 0 || col >= i32::from(self.cols) || row >= i32::from(self.rows) {
            return;
        }
        // Braille dots: 1 2 3 7 down the left column, 4 5 6 8 down the right.
        const BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
        let bit = BITS[(x % 2) as usize][(y % 4) as usize];
        self.cells[row as usize * usize::from(self.cols) + col as usize] |= bit;
    }

    /// A straight line of dots from `from` to `to` (Bresenham), right of dot column `left`;
    /// a dashed line leaves every other pair of cells out, starting from the cell after `from`.
    fn line(&mut self, from: (i32, i32), to: (i32, i32), dashed: bool, left: i32) {
        let (mut x, mut y) = from;
        let (dx, dy) = ((to.0 - x).abs(), -(to.1 - y).abs());
        let (sx, sy) = ((to.0 - x).signum(), (to.1 - y).signum());
        let mut err = dx + dy;
        loop {
            // Cells away from the start: a dash is two cells, starting next to the point.
            let cell = (x - from.0).abs() / 2;
            if x >= left && !(dashed && (cell + 1) / 2 % 2 == 0) {
                self.set(x, y);
            }
            if (x, y) == to {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// The dots of the cell at `(col, row)`, as braille bits.
    fn bits(&self, col: u16, row: u16) -> u8 {
        if col >= self.cols || row >= self.rows {
            return 0;
        }
        self.cells[usize::from(row) * usize::from(self.cols) + usize::from(col)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_line_is_one_row_of_dots() {
        let mut dots = Dots::new(4, 1);
        dots.line((0, 2), (7, 2), false, 0);
        let cells: Vec<u8> = (0..4).map(|col| dots.bits(col, 0)).collect();
        // ⠤: the third dot down in both columns.
        assert_eq!(cells, [0x24; 4]);
    }

    #[test]
    fn a_dashed_line_leaves_gaps() {
        let mut dots = Dots::new(8, 1);
        dots.line((0, 0), (15, 0), true, 0);
        let cols: Vec<u16> = (0..8).filter(|col| dots.bits(*col, 0) != 0).collect();
        assert_eq!(cols, [1, 2, 5, 6]);
    }

    #[test]
    fn whole_values_sit_at_the_same_height_in_their_row() {
        let plot = Plot {
            area: Rect::new(0, 1, 40, 5),
            left: 3,
            centres: vec![10, 30],
            step: 20,
        };
        for (value, row) in [(2.0, 1), (1.0, 2), (0.0, 3), (-1.0, 4), (-2.0, 5)] {
            assert_eq!(plot.row(value), row, "{value}");
            assert_eq!(plot.dot_y(value) % 4, 2, "{value}");
        }
        assert_eq!(plot.row(2.0 / 3.0), 2);
        assert_eq!(plot.row(-1.0 / 3.0), 3);
    }
}
