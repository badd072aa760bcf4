//! Experiments: the statistics that compare arms (control and treatments) of an A/B test, and
//! the verdict that says what they show without overclaiming. Pure: counts and samples in,
//! figures out; `cjm experiment` (src/cli/experiment.rs) reads the events and prints them.
//! Formulas: docs/experiments.md.

pub mod arms;
pub mod dist;
pub mod report;
pub mod stats;
pub mod values;

#[cfg(test)]
mod tests;

pub use stats::{
    Interval, MeanTest, RankTest, RateTest, SrmTest, chance_to_beat, holm, mann_whitney, quantile,
    sample_ratio_mismatch, sample_size, two_proportions, welch,
};

/// The significance level: a (Holm-adjusted) p-value below it is significant.
pub const ALPHA: f64 = 0.05;

/// The power the verdict's sample sizes aim for.
pub const POWER: f64 = 0.8;

/// The lift the verdict sizes for when a difference is not significant: 2 points.
pub const VERDICT_LIFT: f64 = 0.02;

/// Below this p-value a sample ratio mismatch is loud: the split is broken, so the figures
/// cannot be trusted.
pub const SRM_ALPHA: f64 = 0.001;

/// What a rate comparison shows, in words that never claim more than the data: significant
/// (with direction and the adjusted p) or not, then how many more customers per arm would
/// detect a [`VERDICT_LIFT`] at the control's rate with [`POWER`].
pub fn verdict(test: &RateTest, adjusted_p: f64, customers_per_arm: u64) -> String {
    let points = crate::number::round_text(100.0 * test.difference.abs(), 1);
    if adjusted_p < ALPHA {
        let way = if test.difference > 0.0 {
            "higher"
        } else {
            "lower"
        };
        return format!(
            "significant: {points} points {way} (p = {})",
            p_text(adjusted_p)
        );
    }
    let lift = crate::number::round_text(100.0 * VERDICT_LIFT, 1);
    let needed = sample_size(test.control, VERDICT_LIFT, ALPHA, POWER)
        .or_else(|| sample_size(test.control, -VERDICT_LIFT, ALPHA, POWER));
    match needed.map(|n| n.ceil() as u64) {
        Some(n) if n > customers_per_arm => format!(
            "not significant; about {} more customers per arm would detect a {lift}-point lift",
            round_up(n - customers_per_arm)
        ),
        Some(_) => format!(
            "not significant; with this many customers a {lift}-point lift would likely have shown, \
             so any effect is probably smaller"
        ),
        None => "not significant".to_string(),
    }
}

/// A p-value as shown: three decimals, `< 0.001` below that.
pub fn p_text(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// `n` rounded up to two significant digits, for a figure that is an estimate: 12,345 → 13,000.
fn round_up(n: u64) -> u64 {
    if n < 100 {
        return n;
    }
    let scale = 10u64.pow(n.ilog10() - 1);
    n.div_ceil(scale) * scale
}
