//! How the analytics view writes its figures: bars in eighths of a cell, percentages,
//! shares, hours, money and counts.

use super::*;

/// A bar `cells` wide for `value` of `widest`, in eighths of a cell; a value above nothing
/// shows at least a sliver.
pub(super) fn bar(value: u64, widest: u64, cells: usize) -> String {
    let share = if widest == 0 {
        0.0
    } else {
        value as f64 / widest as f64
    };
    bar_of(share, cells)
}

/// A bar `cells` wide filled to `share` (0 to 1).
pub(super) fn bar_of(share: f64, cells: usize) -> String {
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

/// A bar `cells` wide for `value` of `widest` in whole cells of `fill` (a shade, so that the
/// kind of bar reads without colour); a value above nothing shows at least one cell.
pub(super) fn shaded_bar(value: u64, widest: u64, cells: usize, fill: char) -> String {
    let share = ratio(value, widest).unwrap_or(0.0).clamp(0.0, 1.0);
    let mut filled = (share * cells as f64).round() as usize;
    if value > 0 && filled == 0 {
        filled = cells.min(1);
    }
    let mut text: String = std::iter::repeat_n(fill, filled).collect();
    text.push_str(&" ".repeat(cells.saturating_sub(filled)));
    text
}

/// A cell of a grid `cells` wide: a shade for `share` (0 to 1: nothing, `░` under 25%, `▒`
/// under 50%, `▓` under 75%, `█`), then the share in percent.
pub(super) fn shaded_cell(share: f64, cells: usize) -> String {
    let shade = match share {
        s if s <= 0.0 => ' ',
        s if s < 0.25 => '░',
        s if s < 0.5 => '▒',
        s if s < 0.75 => '▓',
        _ => '█',
    };
    pad_left(&format!("{shade}{:>5}", percent(share)), cells)
}

/// `part` of `whole`, when there is a whole.
pub(super) fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A ratio in percent: whole numbers from 10%, one decimal below.
pub(super) fn percent(ratio: f64) -> String {
    let p = ratio * 100.0;
    if p >= 10.0 || p == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// An attribution share in percent, one decimal.
pub(super) fn share(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

/// Hours as minutes under one, hours under three days, else days.
pub(super) fn hours(h: f64) -> String {
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
pub(super) fn money(value: f64) -> String {
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
pub(super) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
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
