//! How numbers read: the one home of figure and change formatting for `check`, `diff`, the
//! reports, the exports and the app, so that a KPI reads the same wherever it is shown
//! (`52.8 %`, `+2.3 pp`).

use crate::model::{KpiKind, change_unit};

/// `value` rounded to at most `decimals` places, without trailing zeros: `52.8`, `60`, `0.515`.
pub fn round_text(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    match text {
        "-0" => "0".to_string(),
        text => text.to_string(),
    }
}

/// A figure with its unit, without needless decimals: `52.8 %`, `2.18 %`, `41`, `0.53`: one
/// decimal from 10 up, two below, trailing zeros dropped.
pub fn number(value: f64, unit: &str) -> String {
    with_unit(round_text(value, decimals(value)), unit)
}

/// The change `delta` between two figures, the larger of which is `scale`, with its sign
/// (`+2.3 %`, `-1`, `0`) and at the precision [`number`] gives that figure, so that
/// `57.6 → 59.9` reads `+2.3`, not `+2.34`.
pub fn change(delta: f64, scale: f64, unit: &str) -> String {
    let text = round_text(delta, decimals(scale.abs().max(delta.abs())));
    let text = if delta > 0.0 && text != "0" {
        format!("+{text}")
    } else {
        text
    };
    with_unit(text, unit)
}

/// A KPI's change from `from` to `to`, formatted by [`change`] at the precision of the larger
/// figure: percentage points for shares (`+2.9 pp`, see [`change_unit`]), the KPI's unit
/// otherwise (`unit`, as the view shows it); `None` without both figures.
pub fn kpi_change(kind: KpiKind, unit: &str, from: Option<f64>, to: Option<f64>) -> Option<String> {
    let (from, to) = (from?, to?);
    let (factor, unit) = change_unit(kind, unit);
    Some(change(
        factor * (to - from),
        factor * from.abs().max(to.abs()),
        unit,
    ))
}

/// `n` with a comma every three digits: 12,345.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The decimals [`number`] gives a figure of `value`'s size.
fn decimals(value: f64) -> usize {
    if value.abs() >= 10.0 { 1 } else { 2 }
}

/// `text` followed by `unit`, when there is one.
fn with_unit(text: String, unit: &str) -> String {
    match unit.trim() {
        "" => text,
        unit => format!("{text} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(52.82, "%"), "52.8 %");
        assert_eq!(number(41.0, ""), "41");
        assert_eq!(number(0.528, ""), "0.53");
        assert_eq!(number(2.1799, "%"), "2.18 %");
        assert_eq!(number(59.94, ""), "59.9");
        assert_eq!(number(-0.0001, ""), "0");
        assert_eq!(change(2.34, 59.94, "%"), "+2.3 %");
        assert_eq!(change(-0.06, 0.575, ""), "-0.06");
        assert_eq!(change(4.84, 4.84, "%"), "+4.84 %");
        assert_eq!(change(0.01, 57.6, ""), "0");
        assert_eq!(number(-12.0, "pts"), "-12 pts");
        assert_eq!(number(4.25, ""), "4.25");
        assert_eq!(round_text(0.5149, 3), "0.515");
        assert_eq!(round_text(-0.0001, 2), "0");
    }

    #[test]
    fn a_kpi_change_reads_at_the_larger_figures_precision_in_points_for_shares() {
        // 57.6 % → 59.94 %: the figures read 57.6 and 59.9, so the change reads +2.3, not +2.34.
        let share = kpi_change(KpiKind::Ratio, "%", Some(57.6), Some(59.94));
        assert_eq!(share.as_deref(), Some("+2.3 pp"));
        let fraction = kpi_change(KpiKind::Ratio, "", Some(0.575), Some(0.604));
        assert_eq!(fraction.as_deref(), Some("+2.9 pp"));
        assert_eq!(
            kpi_change(KpiKind::Nps, "", Some(6.0), Some(8.0)).as_deref(),
            Some("+2")
        );
        assert_eq!(kpi_change(KpiKind::Value, "days", Some(4.0), None), None);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
    }
}
