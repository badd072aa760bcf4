//! The analytics view: the journey measured against an events file.
//!
//! Before any analysis it says how to run one and what the journey's event rules are. After
//! one: what was read (file, rows, customers, conversions, dates, rows skipped and unmapped),
//! the funnel as a bar per stage scaled to the widest with reach, share of the first stage,
//! conversion to the next, drop-off and time to the next stage, the channels with their share
//! of the conversions under the chosen attribution model (every model side by side when the
//! screen is wide), and the events no rule matched. Content taller than the screen scrolls
//! (`app.row` lines down).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::analytics::{Analysis, Model, Settings, rules};
use crate::model::{Journey, date};

use super::super::analysis::Analysed;
use super::super::app::App;
use super::super::layout::board_area;
use super::super::text::{fit, pack, pad, pad_left, width, wrap};
use super::super::theme::Theme;
use crate::number::thousands;

/// The widest a bar gets, however wide the screen.
const MAX_BAR: usize = 48;
/// The narrowest bar worth drawing; columns are left out before bars get narrower.
const MIN_BAR: usize = 8;
/// Unmapped event names listed.
const UNMAPPED_SHOWN: usize = 5;
/// Unreadable rows listed.
const PROBLEMS_SHOWN: usize = 3;
/// Event rules listed before an analysis.
const RULES_SHOWN: usize = 6;

/// Draws the analytics of the current journey into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(journey) = super::journey_or_notice(app, frame, area) else {
        return;
    };
    let lines = content(app, journey, usize::from(area.width), theme);
    let height = usize::from(area.height);
    let offset = app.row.min(limit(lines.len(), height));
    let cut = lines.len() > height;
    let shown = if cut {
        height.saturating_sub(1)
    } else {
        height
    };
    for (y, line) in (area.y..).zip(lines.iter().skip(offset).take(shown)) {
        frame.render_widget(
            Paragraph::new(line.clone()),
            Rect::new(area.x, y, area.width, 1),
        );
    }
    if cut && height > 0 {
        let below = lines.len().saturating_sub(offset + shown);
        let mut rule = String::from("─");
        if offset > 0 {
            rule.push_str(&format!(" ↑ {offset} more ─"));
        }
        if below > 0 {
            rule.push_str(&format!(" ↓ {below} more ─"));
        }
        rule.push_str(" j/k scroll ");
        let total = usize::from(area.width);
        let rule = fit(&rule, total);
        let rule = format!("{rule}{}", "─".repeat(total.saturating_sub(width(&rule))));
        frame.render_widget(
            Paragraph::new(Span::styled(rule, theme.dim())),
            Rect::new(area.x, area.bottom() - 1, area.width, 1),
        );
    }
}

/// How far the view scrolls down on the app's screen: the update keeps `app.row` within it.
pub fn scroll_limit(app: &App) -> usize {
    let Some(journey) = app.journey() else {
        return 0;
    };
    let area = board_area(app.size, false);
    let lines = content(app, journey, usize::from(area.width), &app.theme());
    limit(lines.len(), usize::from(area.height))
}

/// The furthest offset for `count` lines in `height` rows, one of which says what is cut.
fn limit(count: usize, height: usize) -> usize {
    if count <= height {
        0
    } else {
        count - height.saturating_sub(1).max(1)
    }
}

/// Every line of the view, before scrolling.
fn content(app: &App, journey: &Journey, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    match app.analysis() {
        Some(analysed) => report(analysed, app.analytics.model, total, theme),
        None => empty_state(app, journey, total, theme),
    }
}

/// How to run an analysis, and the journey's rules.
fn empty_state(app: &App, journey: &Journey, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        styled(
            &format!(
                " Analytics of “{}”: the map measured against events",
                journey.name
            ),
            total,
            theme.title(),
        ),
        Line::default(),
    ];
    let running = app
        .analytics
        .job
        .as_ref()
        .filter(|job| job.journey == journey.id);
    let intro = match running {
        Some(job) => format!(
            "Reading {}… the status line shows how far; Esc cancels.",
            job.file
        ),
        None => "No analysis of this journey yet. To run one, press : and choose “analyze \
                 events file”, then type the path of a CSV or JSON Lines file of events (~ is \
                 your home folder)."
            .to_string(),
    };
    paragraph(&mut lines, &intro, total, Style::new());
    lines.push(Line::default());
    let rules = &journey.event_rules;
    if rules.is_empty() {
        paragraph(
            &mut lines,
            "This journey has no event rules yet, so no event would count. Add them under \
             “Event rules” in the journey form (: edit journey details), one a line:",
            total,
            Style::new(),
        );
        lines.push(styled(
            "     EVENT [@ CHANNEL] -> STAGE [/ CARD], e.g.",
            total,
            Style::new(),
        ));
        for example in [
            "ad_click @ instagram -> Awareness",
            "order_paid -> Purchase",
        ] {
            lines.push(styled(&format!("     {example}"), total, theme.key()));
        }
    } else {
        let count = match rules.len() {
            1 => "1 event rule".to_string(),
            n => format!("{n} event rules"),
        };
        let conversion = match rules::conversion_stage(journey, &Settings::default()) {
            Ok(stage) => format!(
                "every event in {} is a conversion",
                journey.stages[stage].name
            ),
            Err(e) => e.to_string(),
        };
        paragraph(
            &mut lines,
            &format!("This journey has {count}; {conversion}."),
            total,
            Style::new(),
        );
        for rule in rules.iter().take(RULES_SHOWN) {
            let text = crate::form::rule_text(rule, journey);
            lines.push(styled(&format!("     {text}"), total, theme.key()));
        }
        if rules.len() > RULES_SHOWN {
            let more = format!("     … and {} more", rules.len() - RULES_SHOWN);
            lines.push(styled(&more, total, theme.dim()));
        }
    }
    lines.push(Line::default());
    paragraph(
        &mut lines,
        "The file needs the columns customer_id, timestamp and event; channel and value are \
         optional. docs/analytics.md defines every figure.",
        total,
        theme.dim(),
    );
    lines
}

/// The whole report of an analysis.
fn report(analysed: &Analysed, model: Model, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let analysis = &analysed.analysis;
    let mut lines = summary(analysed, total, theme);
    lines.push(Line::default());
    lines.extend(funnel(analysis, total, theme));
    lines.push(Line::default());
    lines.extend(attribution(analysis, model, total, theme));
    if !analysis.unmapped.is_empty() {
        lines.push(Line::default());
        lines.extend(unmapped(analysis, total, theme));
    }
    if !analysis.problems.is_empty() {
        lines.push(Line::default());
        lines.extend(problems(analysis, total, theme));
    }
    lines
}

/// What was read: file, rows, customers, conversions, dates; then what was left aside.
fn summary(analysed: &Analysed, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let a = &analysed.analysis;
    let mut facts = vec![
        analysed.file.clone(),
        plural(a.rows, "row", "rows"),
        plural(a.customers, "customer", "customers"),
        format!(
            "{} at {}",
            plural(a.conversions, "conversion", "conversions"),
            a.conversion_stage
        ),
    ];
    let day = |ms: i64| date::day_text(ms.div_euclid(86_400_000));
    match (a.first_event, a.last_event) {
        (Some(first), Some(last)) if day(first) == day(last) => facts.push(day(first)),
        (Some(first), Some(last)) => facts.push(format!("{} – {}", day(first), day(last))),
        _ => {}
    }
    let mut lines: Vec<Line<'static>> = pack(&facts, total)
        .into_iter()
        .map(|text| styled(&text, total, theme.title()))
        .collect();
    let mut aside = vec![plural(a.mapped_rows, "row mapped", "rows mapped")];
    if a.skipped_rows > 0 {
        aside.push(plural(a.skipped_rows, "row skipped", "rows skipped"));
    }
    if a.unmapped_rows > 0 {
        aside.push(format!(
            "{} unmapped ({})",
            plural(a.unmapped_rows, "row", "rows"),
            plural(a.unmapped.len() as u64, "event name", "event names")
        ));
    }
    lines.extend(
        pack(&aside, total)
            .into_iter()
            .map(|text| styled(&text, total, theme.dim())),
    );
    lines
}

/// A column of figures after the bar.
struct Column {
    header: &'static str,
    cells: Vec<String>,
    width: usize,
}

impl Column {
    fn new(header: &'static str, cells: Vec<String>) -> Self {
        let width = cells
            .iter()
            .map(|c| width(c))
            .chain([width(header)])
            .max()
            .unwrap_or(0);
        Self {
            header,
            cells,
            width,
        }
    }
}

/// The widths of a table's name column and bar once the columns that fit are chosen: the
/// columns at `drop_order` (positions in `columns`) are left out in that order until the bar
/// gets [`MIN_BAR`] cells; then the name column gives way, down to 8 cells.
fn fit_columns(
    names: usize,
    columns: &mut Vec<Column>,
    drop_order: &[usize],
    total: usize,
) -> (usize, usize) {
    // A margin and the gap after the name, the name, the columns with their gaps, a margin.
    let used = |columns: &[Column], kept: &[bool], name: usize| {
        let figures: usize = columns
            .iter()
            .zip(kept)
            .filter(|(_, kept)| **kept)
            .map(|(c, _)| 2 + c.width)
            .sum();
        3 + name + figures
    };
    let mut name = names.clamp(8, 24);
    let mut kept = vec![true; columns.len()];
    for &index in drop_order {
        if total.saturating_sub(used(columns, &kept, name)) >= MIN_BAR {
            break;
        }
        if let Some(k) = kept.get_mut(index) {
            *k = false;
        }
    }
    let mut flags = kept.into_iter();
    columns.retain(|_| flags.next().unwrap_or(true));
    let all = vec![true; columns.len()];
    let short = MIN_BAR.saturating_sub(total.saturating_sub(used(columns, &all, name)));
    name = name.saturating_sub(short).max(name.min(8));
    let bar = total.saturating_sub(used(columns, &all, name)).min(MAX_BAR);
    (name, bar)
}

/// The funnel: a bar per stage and its figures, then what the columns mean and the
/// biggest drop.
fn funnel(a: &Analysis, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let stages = &a.stages;
    if stages.is_empty() {
        return vec![styled(" Funnel: no stages", total, theme.title())];
    }
    let first = stages[0].reached;
    let widest = stages.iter().map(|s| s.reached).max().unwrap_or(0);
    let dash = || "–".to_string();
    let mut columns = vec![
        Column::new(
            "reached",
            stages.iter().map(|s| thousands(s.reached)).collect(),
        ),
        Column::new(
            "of first",
            stages
                .iter()
                .map(|s| ratio(s.reached, first).map_or_else(dash, percent))
                .collect(),
        ),
        Column::new(
            "→ next",
            stages
                .iter()
                .map(|s| {
                    s.converted
                        .and_then(|c| ratio(c, s.reached))
                        .map_or_else(dash, percent)
                })
                .collect(),
        ),
        Column::new(
            "dropped",
            stages
                .iter()
                .map(|s| s.dropped.map_or_else(dash, thousands))
                .collect(),
        ),
        Column::new(
            "median",
            stages
                .iter()
                .map(|s| s.median_hours.map_or_else(dash, hours))
                .collect(),
        ),
        Column::new(
            "p90",
            stages
                .iter()
                .map(|s| s.p90_hours.map_or_else(dash, hours))
                .collect(),
        ),
    ];
    let names = stages.iter().map(|s| width(&s.stage)).max().unwrap_or(0);
    let (name_width, bar_width) = fit_columns(names.max(6), &mut columns, &[5, 4, 3, 1], total);
    let mut lines = vec![header_line(
        "Funnel", name_width, bar_width, &columns, total, theme,
    )];
    for (i, stage) in stages.iter().enumerate() {
        let mut spans = vec![
            Span::raw(" "),
            Span::raw(pad(&stage.stage, name_width)),
            Span::raw(" "),
            Span::styled(bar(stage.reached, widest, bar_width), theme.bar()),
        ];
        for column in &columns {
            spans.push(Span::raw("  "));
            spans.push(Span::raw(pad_left(&column.cells[i], column.width)));
        }
        lines.push(Line::from(spans));
    }
    let legend = "of first: ÷ first stage · → next: went on · median, p90: time to the next";
    paragraph(&mut lines, legend, total, theme.dim());
    let drop = stages
        .iter()
        .zip(stages.iter().skip(1))
        .filter_map(|(s, next)| Some((s, next, s.dropped.filter(|d| *d > 0)?)))
        // The earliest of equal drops.
        .reduce(|best, next| if next.2 > best.2 { next } else { best });
    if let Some((stage, next, dropped)) = drop {
        let share = ratio(dropped, stage.reached)
            .map_or_else(String::new, |r| format!(" ({})", percent(r)));
        let text = format!(
            "Biggest drop: {} → {}: {} of {}{share} did not go on",
            stage.stage,
            next.stage,
            thousands(dropped),
            thousands(stage.reached)
        );
        paragraph(&mut lines, &text, total, Style::new());
    }
    lines
}

/// One channel's figures for the attribution table.
struct Channel {
    name: String,
    reached: u64,
    conversions: u64,
    /// Its share under each model of [`Model::ALL`].
    shares: [f64; 6],
    /// The value credited to it under the chosen model, when conversions have values.
    value: Option<f64>,
}

/// The channels with their share of the conversions under `model`, a bar each; on a wide
/// screen every model's share side by side.
fn attribution(a: &Analysis, model: Model, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let at = Model::ALL.iter().position(|m| *m == model).unwrap_or(0);
    let channels = channels(a, model);
    let title = format!(
        " Attribution: {} · {}",
        model.name(),
        plural(a.conversions, "conversion", "conversions")
    );
    let mut lines = vec![Line::from(vec![
        Span::styled(fit(&title, total), theme.title()),
        Span::styled(
            fit(" (m: next model)", total.saturating_sub(width(&title))),
            theme.dim(),
        ),
    ])];
    if channels.is_empty() {
        paragraph(
            &mut lines,
            "No mapped event had a channel.",
            total,
            theme.dim(),
        );
        return lines;
    }
    if a.conversions == 0 {
        let text = format!(
            "No customer converted at {}, so there is nothing to attribute.",
            a.conversion_stage
        );
        paragraph(&mut lines, &text, total, Style::new());
    }
    let share_cells = |m: usize| -> Vec<String> {
        channels
            .iter()
            .map(|c| {
                if a.conversions == 0 {
                    "–".to_string()
                } else {
                    share(c.shares[m])
                }
            })
            .collect()
    };
    let counts = [
        Column::new(
            "conv.",
            channels.iter().map(|c| thousands(c.conversions)).collect(),
        ),
        Column::new(
            "reached",
            channels.iter().map(|c| thousands(c.reached)).collect(),
        ),
    ];
    // Conversions with values: a channel given none of them has 0.
    let value = channels.iter().any(|c| c.value.is_some()).then(|| {
        Column::new(
            "value",
            channels
                .iter()
                .map(|c| money(c.value.unwrap_or(0.0)))
                .collect(),
        )
    });
    let names = channels.iter().map(|c| width(&c.name)).max().unwrap_or(0);
    // Every model side by side when that leaves a fair bar; else the chosen one.
    let mut wide: Vec<Column> = Model::ALL
        .iter()
        .enumerate()
        .map(|(m, model)| Column::new(model.short_name(), share_cells(m)))
        .collect();
    wide.extend(
        counts
            .iter()
            .map(|c| Column::new(c.header, c.cells.clone())),
    );
    let wide_fixed = 3 + names.clamp(8, 24) + wide.iter().map(|c| 2 + c.width).sum::<usize>();
    let (mut columns, highlight) = if total >= wide_fixed + 16 {
        (wide, Some(at))
    } else {
        let mut narrow = vec![Column::new("share", share_cells(at))];
        narrow.extend(counts);
        (narrow, Some(0))
    };
    if let Some(value) = value {
        columns.push(value);
    }
    // The share (or the models) stays; value, reached and conversions give way first.
    let drop_order: Vec<usize> = (1..columns.len()).rev().collect();
    let (name_width, bar_width) = fit_columns(names.max(7), &mut columns, &drop_order, total);
    let mut header = header_line("Channel", name_width, bar_width, &columns, total, theme);
    if let Some(h) = highlight {
        // The chosen model's column header stands out.
        let index = 4 + 2 * h + 1;
        if let Some(span) = header.spans.get_mut(index) {
            span.style = theme.key();
        }
    }
    lines.push(header);
    // Bars scale to the biggest share.
    let widest = channels.iter().map(|c| c.shares[at]).fold(0.0, f64::max);
    for (i, channel) in channels.iter().enumerate() {
        let filled = if widest > 0.0 {
            channel.shares[at] / widest
        } else {
            0.0
        };
        let mut spans = vec![
            Span::raw(" "),
            Span::raw(pad(&channel.name, name_width)),
            Span::raw(" "),
            Span::styled(bar_of(filled, bar_width), theme.bar()),
        ];
        for (c, column) in columns.iter().enumerate() {
            spans.push(Span::raw("  "));
            let style = if Some(c) == highlight {
                theme.key()
            } else {
                Style::new()
            };
            spans.push(Span::styled(
                pad_left(&column.cells[i], column.width),
                style,
            ));
        }
        lines.push(Line::from(spans));
    }
    let legend = format!(
        "share of the conversions each channel gets under {} · conv.: converting customers \
         who used it · reached: customers who used it",
        model.name()
    );
    paragraph(&mut lines, &legend, total, theme.dim());
    lines
}

/// The analysis's channels, with the chosen model's biggest share first.
fn channels(a: &Analysis, model: Model) -> Vec<Channel> {
    let mut names: Vec<&str> = a.channels.iter().map(|c| c.channel.as_str()).collect();
    for shares in a.attribution.values() {
        for name in shares.keys() {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    let mut channels: Vec<Channel> = names
        .into_iter()
        .map(|name| {
            let figures = a.channels.iter().find(|c| c.channel == name);
            let share_of = |m: &Model| {
                a.attribution
                    .get(m)
                    .and_then(|shares| shares.get(name))
                    .copied()
                    .unwrap_or(0.0)
            };
            let mut shares = [0.0; 6];
            for (slot, m) in shares.iter_mut().zip(Model::ALL.iter()) {
                *slot = share_of(m);
            }
            Channel {
                name: name.to_string(),
                reached: figures.map_or(0, |c| c.reached),
                conversions: figures.map_or(0, |c| c.conversions),
                shares,
                value: a
                    .attribution_value
                    .get(&model)
                    .and_then(|values| values.get(name))
                    .copied(),
            }
        })
        .collect();
    let at = Model::ALL.iter().position(|m| *m == model).unwrap_or(0);
    channels.sort_by(|x, y| {
        y.shares[at]
            .total_cmp(&x.shares[at])
            .then(y.reached.cmp(&x.reached))
            .then(x.name.cmp(&y.name))
    });
    channels
}

/// The events no rule matched, most rows first, and what to do about them.
fn unmapped(a: &Analysis, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let text = format!(
        "Unmapped: {} no rule matched. Add rules for the events that belong to the journey \
         (: edit journey details, “Event rules”):",
        plural(a.unmapped_rows, "row", "rows")
    );
    paragraph(&mut lines, &text, total, theme.title());
    let names = a
        .unmapped
        .iter()
        .take(UNMAPPED_SHOWN)
        .map(|u| width(&u.event))
        .max()
        .unwrap_or(0)
        .min(total / 2);
    let counts = a
        .unmapped
        .iter()
        .take(UNMAPPED_SHOWN)
        .map(|u| width(&thousands(u.rows)))
        .max()
        .unwrap_or(0);
    for entry in a.unmapped.iter().take(UNMAPPED_SHOWN) {
        let text = format!(
            "   {}  {} {}",
            pad(&entry.event, names),
            pad_left(&thousands(entry.rows), counts),
            if entry.rows == 1 { "row" } else { "rows" }
        );
        lines.push(styled(&text, total, Style::new()));
    }
    if a.unmapped.len() > UNMAPPED_SHOWN {
        let more = a.unmapped.len() - UNMAPPED_SHOWN;
        let more = format!("   … and {}", plural(more as u64, "more", "more"));
        lines.push(styled(&more, total, theme.dim()));
    }
    lines
}

/// The first rows that could not be read.
fn problems(a: &Analysis, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let text = format!(
        "Skipped: {} could not be read",
        plural(a.skipped_rows, "row", "rows")
    );
    paragraph(&mut lines, &text, total, theme.title());
    for problem in a.problems.iter().take(PROBLEMS_SHOWN) {
        // A long reason goes on under itself, once.
        let text = format!("line {}: {}", problem.line, problem.reason);
        let room = total.saturating_sub(5).max(1);
        for (i, part) in wrap(&text, room, 2).into_iter().enumerate() {
            let indent = if i == 0 { "   " } else { "     " };
            lines.push(styled(&format!("{indent}{part}"), total, Style::new()));
        }
    }
    if a.problems.len() > PROBLEMS_SHOWN {
        let more = "   … cjm analyze on the command line lists the first ten";
        lines.push(styled(more, total, theme.dim()));
    }
    lines
}

/// A table's header: its title over the names, then the columns' titles.
fn header_line(
    title: &str,
    name_width: usize,
    bar_width: usize,
    columns: &[Column],
    total: usize,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(pad(title, name_width), theme.title()),
        Span::raw(" "),
        Span::raw(" ".repeat(bar_width)),
    ];
    for column in columns {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            pad_left(column.header, column.width),
            theme.dim(),
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if used > total {
        return styled(&format!(" {title}"), total, theme.title());
    }
    Line::from(spans)
}

/// A bar `cells` wide for `value` of `widest`, in eighths of a cell; a value above nothing
/// shows at least a sliver.
fn bar(value: u64, widest: u64, cells: usize) -> String {
    let share = if widest == 0 {
        0.0
    } else {
        value as f64 / widest as f64
    };
    bar_of(share, cells)
}

/// A bar `cells` wide filled to `share` (0 to 1).
fn bar_of(share: f64, cells: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let share = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut eighths = (share * (cells * 8) as f64).round() as usize;
    if share > 0.0 && eighths == 0 && cells > 0 {
        eighths = 1;
    }
    let (full, part) = (eighths / 8, eighths % 8);
    let mut text = "█".repeat(full);
    text.push_str(PARTS[part]);
    let used = full + usize::from(part > 0);
    text.push_str(&" ".repeat(cells.saturating_sub(used)));
    text
}

/// `part` of `whole`, when there is a whole.
fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A ratio in percent: whole numbers from 10%, one decimal below.
fn percent(ratio: f64) -> String {
    let p = ratio * 100.0;
    if p >= 10.0 || p == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// An attribution share in percent, one decimal.
fn share(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

/// Hours as minutes under one, hours under three days, else days.
fn hours(h: f64) -> String {
    if !h.is_finite() {
        "–".to_string()
    } else if h < 1.0 {
        format!("{:.0}m", h * 60.0)
    } else if h < 72.0 {
        format!("{h:.1}h")
    } else {
        format!("{:.1}d", h / 24.0)
    }
}

/// A credited value: grouped whole numbers from 100, two decimals below.
fn money(value: f64) -> String {
    if !value.is_finite() {
        "–".to_string()
    } else if value == 0.0 {
        "0".to_string()
    } else if value.abs() >= 100.0 {
        let whole = thousands(value.abs().round() as u64);
        if value < 0.0 {
            format!("-{whole}")
        } else {
            whole
        }
    } else {
        format!("{value:.2}")
    }
}

/// `n` with its noun: "1 row", "12,345 rows".
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `text` (from the user's data or ours) on one line of `total` columns.
fn styled(text: &str, total: usize, style: Style) -> Line<'static> {
    Line::from(Span::styled(fit(text, total), style))
}

/// `text` wrapped into lines of `total` columns after a one-column margin.
fn paragraph(lines: &mut Vec<Line<'static>>, text: &str, total: usize, style: Style) {
    let room = total.saturating_sub(2).max(1);
    for line in wrap(text, room, 8) {
        lines.push(Line::from(Span::styled(format!(" {line}"), style)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_eighths_and_show_a_sliver_for_little() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██  ");
        assert_eq!(bar(1, 16, 2), "▏ ");
        assert_eq!(bar(1, 1_000_000, 4), "▏   ");
        assert_eq!(bar(0, 10, 3), "   ");
        assert_eq!(bar(0, 0, 3), "   ");
        assert_eq!(bar_of(f64::NAN, 2), "  ");
    }

    #[test]
    fn figures_read_at_a_glance() {
        assert_eq!(percent(0.666), "67%");
        assert_eq!(percent(0.042), "4.2%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(hours(0.5), "30m");
        assert_eq!(hours(12.53), "12.5h");
        assert_eq!(hours(240.0), "10.0d");
        assert_eq!(money(120_000.4), "120,000");
        assert_eq!(money(12.5), "12.50");
        assert_eq!(money(0.0), "0");
        assert_eq!(share(0.6), "60.0%");
    }

    #[test]
    fn the_scroll_limit_keeps_a_row_for_the_rule() {
        assert_eq!(limit(10, 22), 0);
        assert_eq!(limit(22, 22), 0);
        assert_eq!(limit(30, 22), 9);
        assert_eq!(limit(3, 1), 2);
    }
}
