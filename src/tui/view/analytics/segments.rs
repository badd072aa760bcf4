//! The analytics view's segments (`b`): a row per segment with its customers, their share,
//! conversions and the share reaching the conversion stage as a bar; then the funnel of each
//! segment side by side, the share of its customers reaching each stage as a shade and a
//! percentage, so that it reads without colour.

use super::*;
use crate::analytics::Segment;

/// The widest a segment's name is shown.
const NAME: usize = 18;

/// The narrowest a funnel cell is (a shade, a space, up to `100%`) and the widest (a stage's
/// name above it).
const CELL: (usize, usize) = (6, 14);

/// The segments section, when the analysis has segments.
pub(super) fn segments(a: &Analysis, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let by = a.by.as_deref().unwrap_or_default();
    let mut lines = vec![styled(
        &format!(" Segments by {by}, each customer by their first event (b: another)"),
        total,
        theme.title(),
    )];
    let converting = |s: &Segment| {
        let reached = s
            .stages
            .iter()
            .find(|st| st.stage == a.conversion_stage)
            .map_or(0, |st| st.reached);
        ratio(reached, s.customers)
    };
    let names = a
        .segments
        .iter()
        .map(|s| width(&s.segment))
        .max()
        .unwrap_or(0)
        .clamp(7, NAME);
    let counts = a
        .segments
        .iter()
        .map(|s| width(&thousands(s.customers)))
        .max()
        .unwrap_or(0)
        .max(width("customers"));
    let fixed = 1 + names + 2 + counts + 2 + 5 + 2 + 11 + 2 + 10;
    let bar_width = total.saturating_sub(fixed).min(MAX_BAR);
    let widest = a
        .segments
        .iter()
        .filter_map(converting)
        .fold(0.0_f64, f64::max);
    lines.push(styled(
        &format!(
            " {}  {}  {}  {}  {}",
            pad("segment", names),
            pad_left("customers", counts),
            pad_left("share", 5),
            pad_left("conversions", 11),
            pad_left("converting", 10),
        ),
        total,
        theme.dim(),
    ));
    for s in &a.segments {
        let rate = converting(s);
        let share = rate.map_or(0.0, |r| if widest > 0.0 { r / widest } else { 0.0 });
        lines.push(Line::from(vec![
            Span::raw(format!(
                " {}  {}  {}  {}  {}  ",
                pad(&s.segment, names),
                pad_left(&thousands(s.customers), counts),
                pad_left(
                    &ratio(s.customers, a.customers).map_or_else(String::new, percent),
                    5
                ),
                pad_left(&thousands(s.conversions), 11),
                pad_left(&rate.map_or_else(|| "–".to_string(), percent), 10),
            )),
            Span::styled(bar_of(share, bar_width), theme.bar()),
        ]));
    }
    lines.push(Line::default());
    lines.extend(funnels(a, names, total, theme));
    lines
}

/// Each segment's funnel side by side: segments down, stages across, the share of the
/// segment's customers reaching each stage.
fn funnels(a: &Analysis, names: usize, total: usize, theme: &Theme) -> Vec<Line<'static>> {
    let stages = a.stages.len();
    let room = total.saturating_sub(1 + names);
    let widest = a.stages.iter().map(|s| width(&s.stage)).max().unwrap_or(0);
    // Names in full when all fit, else as many stages as fit at the narrowest.
    let cell = widest.clamp(CELL.0, CELL.1);
    let cell = if stages * (cell + 1) <= room {
        cell
    } else {
        CELL.0
    };
    let shown = stages.min(room / (cell + 1)).max(1);
    let mut header = format!(" {}", pad("reached", names));
    for stage in a.stages.iter().take(shown) {
        header.push(' ');
        header.push_str(&pad_left(&stage.stage, cell));
    }
    let mut lines = vec![styled(&header, total, theme.dim())];
    for s in &a.segments {
        let mut line = format!(" {}", pad(&s.segment, names));
        for stage in s.stages.iter().take(shown) {
            line.push(' ');
            line.push_str(&shaded_cell(
                ratio(stage.reached, s.customers).unwrap_or(0.0),
                cell,
            ));
        }
        lines.push(styled(&line, total, Style::new()));
    }
    let mut legend = String::from(
        "share of the segment's customers reaching each stage: ░ <25% ▒ <50% ▓ <75% █",
    );
    if shown < stages {
        legend.push_str(&format!(
            " · {} more stages in cjm analyze --by",
            stages - shown
        ));
    }
    paragraph(&mut lines, &legend, total, theme.dim());
    lines
}
