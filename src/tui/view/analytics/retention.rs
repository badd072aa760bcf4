//! The analytics view's retention: the cohort grid, each cell shaded by its share of the
//! cohort (a glyph and the percentage, so it reads without colour), then each period's CRR,
//! its trend and the repeat-purchase rate.

use super::*;
use crate::analytics::retention::Retention;

/// Cohorts shown: the latest ones.
const COHORTS_SHOWN: usize = 12;

/// The width of a cell: a shade, a space, up to `100%`.
const CELL: usize = 6;

/// The retention section.
pub(super) fn retention(r: &Retention, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![styled(
        &format!(
            " Retention by {}: cohorts by first conversion, complete {}s (r: by {})",
            r.period,
            r.period,
            if r.period == "week" { "month" } else { "week" }
        ),
        total,
        theme.title(),
    )];
    if r.cohorts.is_empty() {
        paragraph(
            &mut lines,
            &format!("No cohort of a complete {} yet.", r.period),
            total,
            theme.dim(),
        );
        return lines;
    }
    let names = r
        .cohorts
        .iter()
        .map(|c| width(&c.cohort))
        .max()
        .unwrap_or(0);
    let sizes = r
        .cohorts
        .iter()
        .map(|c| width(&thousands(c.customers)))
        .max()
        .unwrap_or(0)
        .max(width("customers"));
    let widest = r.cohorts.iter().map(|c| c.active.len()).max().unwrap_or(0);
    let room = total.saturating_sub(1 + names + 2 + sizes);
    let periods = widest.min(room / (CELL + 1)).max(1);
    let mut header = format!(
        " {}  {}",
        pad("cohort", names),
        pad_left("customers", sizes)
    );
    for k in 0..periods {
        header.push(' ');
        header.push_str(&pad_left(&format!("+{k}"), CELL));
    }
    lines.push(styled(&header, total, theme.dim()));
    let skipped = r.cohorts.len().saturating_sub(COHORTS_SHOWN);
    for cohort in &r.cohorts[skipped..] {
        let mut line = format!(
            " {}  {}",
            pad(&cohort.cohort, names),
            pad_left(&thousands(cohort.customers), sizes)
        );
        for active in cohort.active.iter().take(periods) {
            let share = ratio(*active, cohort.customers).unwrap_or(0.0);
            line.push(' ');
            line.push_str(&shaded_cell(share, CELL));
        }
        lines.push(styled(&line, total, Style::new()));
    }
    let mut notes = Vec::new();
    if skipped > 0 {
        notes.push(format!("{skipped} earlier cohorts not shown"));
    }
    if widest > periods {
        notes.push(format!("+{periods} and later not shown"));
    }
    let mut legend = String::from("░ under 25% · ▒ under 50% · ▓ under 75% · █ 75% and more");
    if !notes.is_empty() {
        legend.push_str(&format!(
            " · {} (cjm analyze --retention)",
            notes.join(", ")
        ));
    }
    paragraph(&mut lines, &legend, total, theme.dim());
    let rates: Vec<String> = r
        .rates
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(|p| {
            let crr = p.crr.map_or_else(|| "–".to_string(), percent);
            format!("{} {crr}", p.period)
        })
        .collect();
    if !rates.is_empty() {
        let trend = r.crr_trend.map_or_else(String::new, |t| {
            format!(" · trend {:+.1} pp a {}", t * 100.0, r.period)
        });
        let text = format!("CRR: {}{trend}", rates.join(", "));
        paragraph(&mut lines, &text, total, Style::new());
    }
    if let Some(rate) = r.repeat_rate {
        let text = format!("Repeat-purchase rate: {}", percent(rate));
        paragraph(&mut lines, &text, total, Style::new());
    }
    lines
}
