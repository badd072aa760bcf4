//! The KPIs view: every stage's KPIs in one table grouped by stage, the selected stage's
//! group and KPI highlighted, and the selected KPI in words below. Columns that do not fit are
//! left out (the words below keep them); marks read without colour: `✓` on target, `✗` off,
//! `·` no target or no figure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::{Direction, Kpi, Stage};
use crate::report::kpi_input::{
    direction_symbol, figure_text, kind_name, kpi_change_text, target_mark, target_text,
};

use super::super::app::App;
use super::super::text::{fit, pack, pad, pad_left, width};
use super::super::theme::Theme;

/// The narrowest the KPI name column gets before other columns are left out.
const MIN_NAME: usize = 20;
/// Columns between cells.
const GAP: usize = 2;
/// Units longer than this are left out of the table's figures (the words below show them).
const SHORT_UNIT: usize = 3;
/// Most lines the selected KPI's words take.
const DETAIL_LINES: usize = 3;

/// A column after the name, in the order shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Kind,
    Latest,
    Date,
    Baseline,
    Change,
    Target,
    Count,
}

impl Column {
    const SHOWN: [Column; 7] = [
        Column::Kind,
        Column::Latest,
        Column::Date,
        Column::Baseline,
        Column::Change,
        Column::Target,
        Column::Count,
    ];
    /// Left out first to last when the screen is narrow.
    const DROPPED: [Column; 5] = [
        Column::Count,
        Column::Kind,
        Column::Date,
        Column::Baseline,
        Column::Target,
    ];

    fn header(self) -> &'static str {
        match self {
            Column::Kind => "Kind",
            Column::Latest => "Latest",
            Column::Date => "Date",
            Column::Baseline => "Baseline",
            Column::Change => "Change",
            Column::Target => "Target",
            Column::Count => "#",
        }
    }

    /// `text` in `cells` columns, aligned as the column is: words left, figures right.
    fn pad(self, text: &str, cells: usize) -> String {
        if matches!(self, Column::Kind | Column::Date) {
            pad(text, cells)
        } else {
            pad_left(text, cells)
        }
    }
}

/// One KPI's cells and what colours them.
struct Row {
    name: String,
    cells: [String; 7],
    on_target: Option<bool>,
    /// Whether the change goes the good way (`None`: no change, or none to speak of).
    better: Option<bool>,
}

impl Row {
    fn of(kpi: &Kpi) -> Self {
        let summary = kpi.summary();
        let unit = short_unit(&kpi.unit);
        let date = kpi.figures().last().map(|(d, _)| d.to_string());
        let change = summary.change();
        let target = match kpi.target {
            Some(target) => format!(
                "{} {}",
                direction_symbol(kpi.direction),
                figure_text(Some(target), unit)
            ),
            None => "–".to_string(),
        };
        Self {
            name: kpi.name.clone(),
            cells: [
                kind_name(kpi.kind).to_string(),
                figure_text(summary.latest, unit),
                date.unwrap_or_else(|| "–".to_string()),
                figure_text(summary.baseline, unit),
                kpi_change_text(kpi.kind, unit, summary.baseline, summary.latest),
                target,
                kpi.measurements.len().to_string(),
            ],
            on_target: summary.on_target,
            better: change
                .filter(|c| *c != 0.0)
                .map(|c| (c > 0.0) == (kpi.direction == Direction::Higher)),
        }
    }

    fn cell(&self, column: Column) -> &str {
        let at = Column::SHOWN.iter().position(|c| *c == column).unwrap_or(0);
        &self.cells[at]
    }
}

/// The unit when it is short enough for a table cell (`%`), else nothing.
fn short_unit(unit: &str) -> &str {
    if width(unit.trim()) <= SHORT_UNIT {
        unit
    } else {
        ""
    }
}

/// Which columns fit in `total` columns, with their widths, and the name column's width.
fn layout(rows: &[&Row], total: usize) -> (Vec<(Column, usize)>, usize) {
    let widest = |column: Column| {
        rows.iter()
            .map(|r| width(r.cell(column)))
            .chain([width(column.header())])
            .max()
            .unwrap_or(0)
    };
    let mut columns: Vec<(Column, usize)> = Column::SHOWN
        .iter()
        .map(|c| (*c, widest(*c).min(14)))
        .collect();
    let names = rows
        .iter()
        .map(|r| width(&r.name))
        .chain([width("KPI")])
        .max()
        .unwrap_or(0);
    // The selection bar and the mark take three columns before the name.
    let room = |columns: &[(Column, usize)]| {
        total.saturating_sub(3 + columns.iter().map(|(_, w)| w + GAP).sum::<usize>())
    };
    for drop in Column::DROPPED {
        if room(&columns) >= MIN_NAME.min(names) {
            break;
        }
        columns.retain(|(c, _)| *c != drop);
    }
    let name = room(&columns).min(names.max(MIN_NAME));
    (columns, name)
}

/// What a stage's group line says about its KPIs.
fn stage_summary(stage: &Stage) -> (String, Option<bool>) {
    let total = stage.kpis.len();
    let marks: Vec<bool> = stage
        .kpis
        .iter()
        .filter_map(|k| k.summary().on_target)
        .collect();
    let off = marks.iter().filter(|on| !**on).count();
    let plural = if total == 1 { "KPI" } else { "KPIs" };
    match (total, marks.len(), off) {
        (0, ..) => ("no KPIs".to_string(), None),
        (_, 0, _) if stage.kpis.iter().any(|k| k.target.is_some()) => {
            (format!("· {total} {plural}, no figure to check"), None)
        }
        (_, 0, _) => (format!("· {total} {plural}, no target"), None),
        (_, _, 0) => (
            format!("✓ {} of {total} on target", marks.len()),
            Some(true),
        ),
        _ => (format!("✗ {off} of {total} off target"), Some(false)),
    }
}

/// Draws the KPIs of the current journey into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(journey) = super::staged_journey_or_notice(app, frame, area) else {
        return;
    };
    let total = usize::from(area.width);
    let rows: Vec<Vec<Row>> = journey
        .stages
        .iter()
        .map(|s| s.kpis.iter().map(Row::of).collect())
        .collect();
    let all: Vec<&Row> = rows.iter().flatten().collect();
    let (columns, name_width) = layout(&all, total);
    // Group lines end where the table does.
    let table_width = (3 + name_width + columns.iter().map(|(_, w)| GAP + w).sum::<usize>())
        .max(total.min(60))
        .min(total);

    // The table's lines, and which one is selected.
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for (index, (stage, stage_rows)) in journey.stages.iter().zip(&rows).enumerate() {
        let here = index == app.sel.stage;
        let row = app.row.min(stage_rows.len().saturating_sub(1));
        if here && stage_rows.is_empty() {
            selected_line = lines.len();
        }
        let selected = here && stage_rows.is_empty();
        lines.push(group_line(stage, selected, here, table_width, theme));
        for (i, r) in stage_rows.iter().enumerate() {
            let selected = here && i == row;
            if selected {
                selected_line = lines.len();
            }
            lines.push(kpi_line(r, &columns, name_width, selected, total, theme));
        }
    }

    let detail = detail_lines(app, table_width);
    let detail_rows = detail.len().min(DETAIL_LINES);
    let height = usize::from(area.height);
    let table_rows = height.saturating_sub(2 + detail_rows).max(1);
    let offset = (selected_line + 1).saturating_sub(table_rows);
    let mut y = area.y;
    let header = header_line(&columns, name_width, total, theme);
    frame.render_widget(Paragraph::new(header), Rect::new(area.x, y, area.width, 1));
    y += 1;
    for line in lines.iter().skip(offset).take(table_rows) {
        frame.render_widget(
            Paragraph::new(line.clone()),
            Rect::new(area.x, y, area.width, 1),
        );
        y += 1;
    }
    // The rule under the table says what is scrolled away.
    let above = offset;
    let below = lines.len().saturating_sub(offset + table_rows);
    let mut rule = String::new();
    if above > 0 {
        rule.push_str(&format!("─ ↑ {above} more "));
    }
    if below > 0 {
        rule.push_str(&format!("─ ↓ {below} more "));
    }
    let rule = fit(&rule, total);
    let rule = format!("{rule}{}", "─".repeat(total.saturating_sub(width(&rule))));
    let bottom = area.bottom().saturating_sub(detail_rows as u16 + 1);
    let rule_y = y.max(area.y + 1).min(bottom);
    frame.render_widget(
        Paragraph::new(Span::styled(rule, theme.dim())),
        Rect::new(area.x, rule_y, area.width, 1),
    );
    for (i, text) in detail.into_iter().take(detail_rows).enumerate() {
        let line_y = rule_y + 1 + i as u16;
        if line_y >= area.bottom() {
            break;
        }
        frame.render_widget(
            Paragraph::new(text),
            Rect::new(area.x, line_y, area.width, 1),
        );
    }
}

/// The column titles.
fn header_line(
    columns: &[(Column, usize)],
    name_width: usize,
    total: usize,
    theme: &Theme,
) -> Line<'static> {
    let mut text = format!("   {}", pad("KPI", name_width));
    for (column, cells) in columns {
        text.push_str(&" ".repeat(GAP));
        text.push_str(&column.pad(column.header(), *cells));
    }
    Line::from(Span::styled(pad(&text, total), theme.title()))
}

/// A stage's group line: its name and how its KPIs stand.
fn group_line(
    stage: &Stage,
    selected: bool,
    here: bool,
    total: usize,
    theme: &Theme,
) -> Line<'static> {
    let (summary, on) = stage_summary(stage);
    let summary = if selected && stage.kpis.is_empty() {
        "no KPIs: “: add KPI” adds one".to_string()
    } else {
        summary
    };
    let marker = if selected { "▌" } else { " " };
    let name_room = total.saturating_sub(1 + 3 + width(&summary)).max(8);
    let name = fit(&stage.name, name_room);
    let gap = total.saturating_sub(1 + width(&name) + 2 + width(&summary));
    let summary_style = match (selected, on) {
        (true, _) => theme.selected(),
        (false, Some(true)) => theme.emotion(Some(2)),
        (false, Some(false)) => theme.emotion(Some(-2)),
        (false, None) => theme.dim(),
    };
    let name_style = match (selected, here) {
        (true, _) => theme.selected(),
        (false, true) => theme.border(true),
        (false, false) => theme.title(),
    };
    Line::from(vec![
        Span::styled(marker, name_style),
        Span::styled(name, name_style),
        Span::styled(" ".repeat(gap + 2), name_style),
        Span::styled(fit(&summary, total.saturating_sub(3)), summary_style),
    ])
}

/// One KPI's row.
fn kpi_line(
    row: &Row,
    columns: &[(Column, usize)],
    name_width: usize,
    selected: bool,
    total: usize,
    theme: &Theme,
) -> Line<'static> {
    let pick = |style: Style| if selected { theme.selected() } else { style };
    let mark_style = match row.on_target {
        Some(true) => theme.emotion(Some(2)),
        Some(false) => theme.emotion(Some(-2)),
        None => theme.dim(),
    };
    let mut spans = vec![
        Span::styled(if selected { "▌" } else { " " }, pick(theme.title())),
        Span::styled(target_mark(row.on_target), pick(mark_style)),
        Span::styled(" ", pick(Style::new())),
        Span::styled(pad(&row.name, name_width), pick(Style::new())),
    ];
    let mut used = 3 + name_width;
    for (column, cells) in columns {
        let style = match column {
            Column::Change => match row.better {
                Some(true) => theme.emotion(Some(1)),
                Some(false) => theme.emotion(Some(-1)),
                None => Style::new(),
            },
            Column::Kind | Column::Date | Column::Count => theme.dim(),
            _ => Style::new(),
        };
        spans.push(Span::styled(" ".repeat(GAP), pick(Style::new())));
        let text = column.pad(row.cell(*column), *cells);
        spans.push(Span::styled(text, pick(style)));
        used += GAP + cells;
    }
    if selected {
        spans.push(Span::styled(
            " ".repeat(total.saturating_sub(used)),
            theme.selected(),
        ));
    }
    Line::from(spans)
}

/// The selected KPI (or stage) in words, packed into lines of `total` columns.
fn detail_lines(app: &App, total: usize) -> Vec<String> {
    let Some(stage) = app.stage() else {
        return Vec::new();
    };
    let Some(kpi) = stage
        .kpis
        .get(app.row.min(stage.kpis.len().saturating_sub(1)))
    else {
        return pack(
            &[
                format!("{}: no KPIs yet", stage.name),
                "“: add KPI” adds one, e.g. Checkout conversion: ratio % >= 65".to_string(),
            ],
            total,
        );
    };
    let summary = kpi.summary();
    let unit = kpi.unit.as_str();
    let figures = kpi.figures();
    let kind = match unit.trim() {
        "" => kind_name(kpi.kind).to_string(),
        unit => format!("{} in {unit}", kind_name(kpi.kind)),
    };
    let standing = match summary.on_target {
        Some(true) => "✓ on target",
        Some(false) => "✗ off target",
        None if kpi.target.is_none() => "nothing to check",
        None => "no figure to check",
    };
    let count = match kpi.measurements.len() {
        1 => "1 measurement".to_string(),
        n => format!("{n} measurements"),
    };
    let mut parts = vec![
        format!("{}: {kind}", kpi.name),
        match kpi.target {
            Some(_) => format!("target {}", target_text(kpi)),
            None => "no target".to_string(),
        },
        standing.to_string(),
    ];
    match (figures.first(), figures.last()) {
        (Some((first_day, first)), Some((last_day, last))) => {
            parts.push(format!(
                "latest {} on {last_day}",
                figure_text(Some(*last), unit)
            ));
            parts.push(format!(
                "baseline {} on {first_day}",
                figure_text(Some(*first), unit)
            ));
            parts.push(format!(
                "change {}",
                kpi_change_text(kpi.kind, unit, summary.baseline, summary.latest)
            ));
        }
        _ => parts.push("latest n/a".to_string()),
    }
    parts.push(count);
    parts.push("m adds one".to_string());
    pack(&parts, total)
}
