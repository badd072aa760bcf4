//! The analytics view's funnel: a bar per stage with its figures, and the biggest drop.

use super::*;

/// The funnel: a bar per stage and its figures, then what the columns mean and the
/// biggest drop.
pub(super) fn funnel(a: &Analysis, total: usize, theme: &Theme) -> Vec<Line<'static>> {
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
