//! The analytics view's flows: from each stage, where customers went next (a bar per step,
//! scaled to the biggest), where they left, the biggest leak marked, loops and moves
//! backwards, and the most common paths. Every mark is a word or a sign as well as a colour.

use super::*;
use crate::analytics::paths::{Flow, Paths};

/// Stage paths listed under the flows.
const PATHS_SHOWN: usize = 5;

/// The flows between stages and the most common paths.
pub(super) fn flows(p: &Paths, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![styled(
        " Flows: where customers went from each stage, up to their first conversion",
        total,
        theme.title(),
    )];
    if p.flows.is_empty() {
        paragraph(
            &mut lines,
            "No customer took a step between stages.",
            total,
            theme.dim(),
        );
        return lines;
    }
    let widest = p.flows.iter().map(|f| f.customers).max().unwrap_or(0);
    let biggest_leak = p
        .flows
        .iter()
        .filter(|f| f.to.is_none())
        .map(|f| f.customers)
        .max();
    let from_width = p.flows.iter().map(|f| width(&f.from)).max().unwrap_or(0);
    let to_width = p.flows.iter().map(|f| width(&target(f))).max().unwrap_or(0);
    let counts = p
        .flows
        .iter()
        .map(|f| width(&thousands(f.customers)))
        .max()
        .unwrap_or(0);
    // Stage, target, bar, count, share, mark: the names give way before the bar gets
    // narrower than MIN_BAR.
    let marks = width(" ◀ biggest leak");
    let fixed = 1 + 1 + 1 + 2 + counts + 2 + 4 + marks;
    let room = total.saturating_sub(fixed + MIN_BAR).max(8);
    let (from_width, to_width) = if from_width + 1 + to_width <= room {
        (from_width, to_width)
    } else {
        let from = from_width.min(room / 2);
        (from, room.saturating_sub(from + 1))
    };
    let bar_width = total
        .saturating_sub(fixed + from_width + to_width)
        .min(MAX_BAR);
    let mut previous: Option<&str> = None;
    for flow in &p.flows {
        let from = if previous == Some(flow.from.as_str()) {
            String::new()
        } else {
            flow.from.clone()
        };
        previous = Some(&flow.from);
        let (fill, mark) = match (&flow.to, flow.is_backward()) {
            (None, _) if Some(flow.customers) == biggest_leak => ('░', " ◀ biggest leak"),
            (None, _) => ('░', " leak"),
            (Some(_), true) => ('▒', " back"),
            _ => ('█', ""),
        };
        let bar = match fill {
            '█' => bar(flow.customers, widest, bar_width),
            shade => shaded_bar(flow.customers, widest, bar_width, shade),
        };
        let mark_style = if flow.to.is_none() {
            theme.error()
        } else {
            theme.dim()
        };
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::raw(pad(&from, from_width)),
            Span::raw(" "),
            Span::raw(pad(&target(flow), to_width)),
            Span::raw(" "),
            Span::styled(bar, theme.bar()),
            Span::raw("  "),
            Span::raw(pad_left(&thousands(flow.customers), counts)),
            Span::raw("  "),
            Span::raw(pad_left(
                &ratio(flow.customers, p.customers).map_or_else(String::new, percent),
                4,
            )),
            Span::styled(mark.to_string(), mark_style),
        ]));
    }
    let legend =
        "█ on · ▒ back to an earlier stage · ░ left without converting · % of all customers";
    paragraph(&mut lines, legend, total, theme.dim());
    let leaving = p.leaving();
    if leaving > 0 {
        let channels: Vec<String> = p
            .top_leaving_channels(3)
            .map(|(channel, share)| format!("{channel} {}", percent(share)))
            .collect();
        let text = format!(
            "{} left without converting, last seen on {}",
            plural(leaving, "customer", "customers"),
            channels.join(", ")
        );
        paragraph(&mut lines, &text, total, Style::new());
    }
    let text = format!(
        "Loops: {} came back to a stage they had left; {} stepped back to an earlier stage",
        plural(p.looped, "customer", "customers"),
        plural(p.backward, "customer", "customers"),
    );
    paragraph(&mut lines, &text, total, Style::new());
    lines.push(Line::default());
    lines.extend(paths(p, total, theme));
    lines
}

/// Where a flow goes, as its row says it.
fn target(flow: &Flow) -> String {
    match &flow.to {
        Some(to) => format!("→ {to}"),
        None => "✗ left".to_string(),
    }
}

/// The most common stage paths with their customers and conversion rates.
fn paths(p: &Paths, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let shown = &p.stage_paths[..p.stage_paths.len().min(PATHS_SHOWN)];
    let mut lines = vec![styled(
        &format!(
            " Top paths: {} of {} (cjm analyze --paths lists more)",
            shown.len(),
            thousands(p.distinct_stage_paths)
        ),
        total,
        theme.title(),
    )];
    let counts = shown
        .iter()
        .map(|r| width(&thousands(r.customers)))
        .max()
        .unwrap_or(0);
    let room = shown
        .iter()
        .map(|r| width(&r.path))
        .max()
        .unwrap_or(0)
        .min(total.saturating_sub(3 + 2 + counts + 2 + 15));
    for row in shown {
        let rate = ratio(row.converted, row.customers).map_or_else(String::new, percent);
        let text = format!(
            "   {}  {}  converting {}",
            pad(&row.path, room),
            pad_left(&thousands(row.customers), counts),
            pad_left(&rate, 4),
        );
        lines.push(styled(&text, total, Style::new()));
    }
    lines
}
