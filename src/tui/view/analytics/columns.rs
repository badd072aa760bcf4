//! The analytics view's tables: a column of figures, fitting columns to the width, and
//! a table's header line.

use super::*;

/// A column of figures after the bar.
pub(super) struct Column {
    pub(super) header: &'static str,
    pub(super) cells: Vec<String>,
    pub(super) width: usize,
}

impl Column {
    pub(super) fn new(header: &'static str, cells: Vec<String>) -> Self {
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
pub(super) fn fit_columns(
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

/// A table's header: its title over the names, then the columns' titles.
pub(super) fn header_line(
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
