//! The compare view: journey A on the left, journey B on the right, one block per stage with
//! the mean emotion on each side and its change, the cards only one side has, and the KPIs
//! with their latest figures. A change is B minus A. Marks read without colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::config::EmotionMarks;
use crate::model::{Journey, JourneyState};
use crate::number::round_text;
use crate::report::compare::{Comparison, KpiComparison, KpiSide, StageComparison};
use crate::report::kpi_input::{figure_text, target_mark};

use super::super::app::App;
use super::super::text::{fit, width};
use super::super::theme::Theme;

/// Rows of the header above the stages: the journeys, all cards, a rule.
const HEADER_ROWS: usize = 3;

/// A mean emotion that reads without colour, in the configured style: `▲ +0.7`, `●  0`,
/// `▼▼-1.7` (or a face, or the number alone in ASCII), `n/a`.
fn mean_mark(value: Option<f64>, marks: EmotionMarks) -> String {
    let Some(value) = value else {
        return "n/a".to_string();
    };
    format!("{}{}", marks.mean_symbol(value), signed(value))
}

/// A number with its sign, one decimal at most: `+0.7`, `-1`, ` 0`.
fn signed(value: f64) -> String {
    match round_text(value, 1).as_str() {
        "0" => " 0".to_string(),
        text if value > 0.0 => format!("+{text}"),
        text => text.to_string(),
    }
}

/// The unit when it is short enough to follow each figure (`%`), else nothing: a long one
/// (`per 100 orders`) would crowd out the KPI's name; the KPIs view shows it.
fn short_unit(unit: &str) -> &str {
    if width(unit.trim()) <= 3 { unit } else { "" }
}

/// The rounded emotion a mean colours like.
fn rounded(value: Option<f64>) -> Option<i8> {
    value.map(|v| v.round().clamp(-2.0, 2.0) as i8)
}

/// The style of a change: better (green), worse (red) or none.
fn change_style(better: Option<bool>, theme: &Theme) -> Style {
    match better {
        Some(true) => theme.emotion(Some(2)),
        Some(false) => theme.emotion(Some(-2)),
        None => Style::new(),
    }
}

fn state_name(journey: &Journey) -> &'static str {
    match journey.state {
        JourneyState::Current => "current",
        JourneyState::Future => "future",
    }
}

/// A line of two halves split by a rule: `left` padded to `half` columns, then `right`.
struct Halves {
    half: usize,
    total: usize,
}

impl Halves {
    fn new(total: usize) -> Self {
        Self {
            half: total.saturating_sub(1) / 2,
            total,
        }
    }

    /// The indent of the lines under a stage: less on a narrow screen.
    fn indent(&self) -> &'static str {
        if self.half < 30 { " " } else { "   " }
    }

    fn right(&self) -> usize {
        self.total.saturating_sub(self.half + 1)
    }

    /// Spans fitted to `room` columns, padded with `fill`.
    fn fill(spans: Vec<Span<'static>>, room: usize, fill: Style) -> Vec<Span<'static>> {
        let mut out = Vec::new();
        let mut used = 0;
        for span in spans {
            let left = room.saturating_sub(used);
            if left == 0 {
                break;
            }
            let text = fit(&span.content, left);
            used += width(&text);
            out.push(Span::styled(text, span.style));
        }
        out.push(Span::styled(" ".repeat(room.saturating_sub(used)), fill));
        out
    }

    fn line(
        &self,
        left: Vec<Span<'static>>,
        right: Vec<Span<'static>>,
        fill: Style,
        rule: Style,
    ) -> Line<'static> {
        let mut spans = Self::fill(left, self.half, fill);
        spans.push(Span::styled("│", rule));
        spans.extend(Self::fill(right, self.right(), fill));
        Line::from(spans)
    }
}

/// Draws the current journey beside the one it is compared with into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (Some((a, b)), Some((comparison, _))) = (app.compare_pair(), app.comparison()) else {
        super::notice(
            "Only one journey: nothing to compare it with. N creates another.",
            frame,
            area,
        );
        return;
    };
    let journeys = &app.doc.workspace.journeys;
    let (ja, jb) = (&journeys[a], &journeys[b]);
    let total = usize::from(area.width);
    let halves = Halves::new(total);
    let marks = app.config.emotion_marks;
    let mut header = header_lines(ja, jb, &comparison, (&halves, marks), theme);

    let mut lines: Vec<Line> = Vec::new();
    let mut selected = (0, 0);
    let row = app.row.min(comparison.stages.len().saturating_sub(1));
    for (i, stage) in comparison.stages.iter().enumerate() {
        let start = lines.len();
        lines.extend(stage_lines(stage, i == row, (&halves, marks), theme));
        if i == row {
            selected = (start, lines.len());
        }
    }
    if comparison.stages.is_empty() {
        lines.push(Line::from(Span::styled(
            " Neither journey has stages yet.",
            theme.dim(),
        )));
    }

    let height = usize::from(area.height);
    let header_rows = HEADER_ROWS.min(height.saturating_sub(1));
    let body = height - header_rows;
    // Show the whole selected stage when it fits, else its beginning.
    let (start, end) = selected;
    let offset = if end > body { start.min(end - body) } else { 0 };
    let below = lines.len().saturating_sub(offset + body);
    if let Some(rule) = header.get_mut(2) {
        *rule = rule_line(offset, below, total, theme);
    }
    let shown = header
        .into_iter()
        .take(header_rows)
        .chain(lines.into_iter().skip(offset).take(body));
    for (y, line) in shown.enumerate() {
        let rect = Rect::new(area.x, area.y + y as u16, area.width, 1);
        frame.render_widget(Paragraph::new(line), rect);
    }
}

/// The journeys' names and states, all cards' mean emotion, and a rule.
fn header_lines(
    a: &Journey,
    b: &Journey,
    comparison: &Comparison,
    (halves, marks): (&Halves, EmotionMarks),
    theme: &Theme,
) -> Vec<Line<'static>> {
    let variant = if b.variant_of.as_deref() == Some(a.id.as_str()) {
        ", variant of A"
    } else {
        ""
    };
    let names = halves.line(
        vec![
            Span::styled(" A ", theme.key()),
            Span::styled(a.name.clone(), theme.title()),
            Span::styled(format!(" · {}", state_name(a)), theme.dim()),
        ],
        vec![
            Span::styled(" B ", theme.key()),
            Span::styled(b.name.clone(), theme.title()),
            Span::styled(format!(" · {}{variant}", state_name(b)), theme.dim()),
        ],
        Style::new(),
        theme.dim(),
    );
    let cards = |j: &Journey| j.stages.iter().map(|s| s.touchpoints.len()).sum::<usize>();
    let better = comparison
        .emotion_change()
        .filter(|c| *c != 0.0)
        .map(|c| c > 0.0);
    let all = halves.line(
        vec![
            Span::raw(" all cards  "),
            Span::styled(
                mean_mark(comparison.emotion_a, marks),
                theme.emotion(rounded(comparison.emotion_a)),
            ),
            Span::styled(format!("  {} cards", cards(a)), theme.dim()),
        ],
        vec![
            Span::raw(" "),
            Span::styled(
                mean_mark(comparison.emotion_b, marks),
                theme.emotion(rounded(comparison.emotion_b)),
            ),
            Span::styled(format!("  {} cards", cards(b)), theme.dim()),
            Span::raw("  change "),
            Span::styled(
                change_or_na(comparison.emotion_change()),
                change_style(better, theme),
            ),
        ],
        Style::new(),
        theme.dim(),
    );
    vec![names, all, Line::default()]
}

fn change_or_na(change: Option<f64>) -> String {
    change.map_or_else(|| "n/a".to_string(), signed)
}

/// The rule under the header, saying what is scrolled away.
fn rule_line(above: usize, below: usize, total: usize, theme: &Theme) -> Line<'static> {
    let mut text = String::new();
    if above > 0 {
        text.push_str(&format!("─ ↑ {above} more "));
    }
    if below > 0 {
        text.push_str(&format!("─ ↓ {below} more "));
    }
    let half = total.saturating_sub(1) / 2;
    let mut rule: Vec<char> = "─".repeat(total).chars().collect();
    if half < rule.len() {
        rule[half] = '┼';
    }
    let rule: String = rule.into_iter().collect();
    let text = fit(&text, total);
    let rest: String = rule.chars().skip(width(&text)).collect();
    Line::from(Span::styled(format!("{text}{rest}"), theme.dim()))
}

/// One stage's block: its emotion on both sides, the cards only one side has, its KPIs.
fn stage_lines(
    stage: &StageComparison,
    selected: bool,
    (halves, marks): (&Halves, EmotionMarks),
    theme: &Theme,
) -> Vec<Line<'static>> {
    let fill = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    let pick = |style: Style| if selected { theme.selected() } else { style };
    let marker = if selected { "▌" } else { " " };
    let emotion = |value: Option<f64>, present: bool, other: &str| {
        if present {
            Span::styled(mean_mark(value, marks), pick(theme.emotion(rounded(value))))
        } else {
            Span::styled(format!("no such stage in {other}"), pick(theme.dim()))
        }
    };
    let better = stage
        .emotion_change()
        .filter(|c| *c != 0.0)
        .map(|c| c > 0.0);
    let change = match stage.emotion_change() {
        Some(change) => format!("change {}", signed(change)),
        None => String::new(),
    };
    let right_room = halves.right();
    let b_mark = mean_mark(stage.emotion_b, marks);
    let gap = right_room.saturating_sub(1 + width(&b_mark) + width(&change) + 1);
    let name_room = halves
        .half
        .saturating_sub(1 + 2 + width(&mean_mark(stage.emotion_a, marks)));
    let name = fit(&stage.name, name_room.max(6));
    let name_gap = halves
        .half
        .saturating_sub(1 + width(&name) + width(&mean_mark(stage.emotion_a, marks)));
    let mut right = vec![
        Span::styled(" ", fill),
        emotion(stage.emotion_b, stage.b.is_some(), "B"),
    ];
    if stage.b.is_some() && !change.is_empty() {
        right.push(Span::styled(" ".repeat(gap), fill));
        right.push(Span::styled(change, pick(change_style(better, theme))));
    }
    let mut lines = vec![halves.line(
        vec![
            Span::styled(marker, fill),
            Span::styled(name, pick(theme.title())),
            Span::styled(" ".repeat(name_gap.max(1)), fill),
            emotion(stage.emotion_a, stage.a.is_some(), "A"),
        ],
        right,
        fill,
        pick(theme.dim()),
    )];
    let rule = theme.dim();
    let indent = halves.indent();
    let (only_a, only_b) = (&stage.only_in_a, &stage.only_in_b);
    for i in 0..only_a.len().max(only_b.len()) {
        let side = |titles: &[String], sign: &'static str| match titles.get(i) {
            Some(title) => vec![
                Span::styled(format!("{indent}{sign} "), theme.dim()),
                Span::raw(title.clone()),
            ],
            None => Vec::new(),
        };
        lines.push(halves.line(side(only_a, "−"), side(only_b, "+"), Style::new(), rule));
    }
    if stage.shared > 0 {
        let text = match stage.shared {
            1 => format!("{indent}= 1 card in both"),
            n => format!("{indent}= {n} cards in both"),
        };
        lines.push(Line::from(Span::styled(text, theme.dim())));
    }
    for kpi in &stage.kpis {
        lines.push(kpi_line(kpi, halves, theme));
    }
    lines
}

/// One KPI on both sides: its latest figure and target mark, and the change.
fn kpi_line(kpi: &KpiComparison, halves: &Halves, theme: &Theme) -> Line<'static> {
    let figure = |side: &Option<KpiSide>, other: &str| -> Vec<Span<'static>> {
        match side {
            Some(side) => vec![
                Span::raw(figure_text(side.summary.latest, short_unit(&side.unit))),
                Span::raw(" "),
                Span::styled(
                    target_mark(side.summary.on_target),
                    match side.summary.on_target {
                        Some(true) => theme.emotion(Some(2)),
                        Some(false) => theme.emotion(Some(-2)),
                        None => theme.dim(),
                    },
                ),
            ],
            None => vec![Span::styled(format!("not in {other}"), theme.dim())],
        }
    };
    let a = figure(&kpi.a, "A");
    let a_width: usize = a.iter().map(|s| width(&s.content)).sum();
    let prefix = format!("{}◆ ", halves.indent());
    let name_room = halves
        .half
        .saturating_sub(width(&prefix) + 1 + a_width)
        .max(4);
    let name = fit(&kpi.name, name_room);
    let gap = halves
        .half
        .saturating_sub(width(&prefix) + width(&name) + a_width);
    let mut left = vec![
        Span::styled(prefix, theme.dim()),
        Span::raw(name),
        Span::raw(" ".repeat(gap.max(1))),
    ];
    left.extend(a);
    let mut right = vec![Span::raw(" ")];
    let b = figure(&kpi.b, "B");
    let b_width: usize = b.iter().map(|s| width(&s.content)).sum();
    right.extend(b);
    if let Some(change) = kpi.change() {
        let (factor, unit) = kpi.change_unit();
        // At the precision of the larger figure, as everywhere (crate::number::change).
        let scale = [&kpi.a, &kpi.b]
            .into_iter()
            .filter_map(|side| side.as_ref()?.summary.latest)
            .fold(0.0_f64, |larger, figure| larger.max(figure.abs()));
        let mut text = format!(
            "change {}",
            crate::number::change(change * factor, scale * factor, short_unit(unit))
        );
        // Counts on both sides: the 95 % interval's half-width and a mark that reads without
        // colour, `*` significant (p < 0.05), `ns` not (docs/experiments.md).
        if let Some(test) = kpi.test() {
            let half = 100.0 * (test.interval.high - test.interval.low) / 2.0;
            let mark = if test.p_value < crate::experiment::ALPHA {
                "*"
            } else {
                "ns"
            };
            text = format!(
                "{text} ±{} {mark}",
                round_text(half, if half < 10.0 { 2 } else { 1 })
            );
        }
        let gap = halves
            .right()
            .saturating_sub(1 + b_width + width(&text) + 1);
        right.push(Span::raw(" ".repeat(gap.max(1))));
        right.push(Span::styled(text, change_style(kpi.better(), theme)));
    }
    halves.line(left, right, Style::new(), theme.dim())
}
