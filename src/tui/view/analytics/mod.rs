//! The analytics view: the journey measured against an events file.
//!
//! Before any analysis it says how to run one and what the journey's event rules are. After
//! one: what was read (file, rows, customers, conversions, dates, rows skipped and unmapped),
//! the funnel as a bar per stage scaled to the widest with reach, share of the first stage,
//! conversion to the next, drop-off and time to the next stage, the channels with their share
//! of the conversions under the chosen attribution model (every model side by side when the
//! screen is wide), the flows between stages with the biggest leak and the most common paths,
//! the retention cohorts as a shaded grid with CRR, and the events no rule matched. Content taller than the screen scrolls
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

mod attribution;
mod columns;
mod figures;
mod flows;
mod funnel;
mod retention;
mod segments;

use attribution::*;
use columns::*;
use figures::*;
use flows::*;
use funnel::*;
use retention::*;
use segments::*;

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
            let text = crate::analytics::rule_line::rule_text(rule, journey);
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
    if !analysis.segments.is_empty() {
        lines.push(Line::default());
        lines.extend(segments(analysis, total, theme));
    }
    if let Some(paths) = &analysis.paths {
        lines.push(Line::default());
        lines.extend(flows(paths, total, theme));
    }
    if let Some(r) = &analysis.retention {
        lines.push(Line::default());
        lines.extend(retention(r, total, theme));
    }
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
