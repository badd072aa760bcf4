//! Hand-computed fixtures (ties, empty arms, zero conversions, unequal splits); the same
//! tests against scipy and statsmodels are in tests/integration/experiment_reference.rs.

use super::*;

fn close(a: f64, b: f64, tolerance: f64) {
    assert!((a - b).abs() <= tolerance, "{a} vs {b}");
}

#[test]
fn two_proportions_pooled_z_and_wald_interval() {
    // 100/1000 against 130/1000: pooled p = 0.115, se = √(0.115·0.885·0.002) = 0.014267.
    let t = two_proportions(100, 1000, 130, 1000, 0.95).unwrap();
    close(t.difference, 0.03, 1e-15);
    close(t.z, 2.102_740_605_622_114, 1e-12);
    close(t.p_value, 0.035_488_450_466_474_71, 1e-12);
    close(t.interval.low, 0.002_067_934_439_376_365_6, 1e-12);
    close(t.interval.high, 0.057_932_065_560_623_636, 1e-12);
    close(t.relative.unwrap(), 0.3, 1e-12);
    let r = t.relative_interval.unwrap();
    assert!(r.low > 0.0 && r.high > 0.3);
}

#[test]
fn zero_conversions_and_empty_arms_say_nothing_false() {
    let t = two_proportions(0, 500, 0, 500, 0.95).unwrap();
    assert_eq!((t.z, t.p_value, t.difference), (0.0, 1.0, 0.0));
    assert_eq!((t.relative, t.relative_interval), (None, None));
    let t = two_proportions(0, 500, 5, 500, 0.95).unwrap();
    assert_eq!(t.relative, None);
    assert!(t.p_value < 0.1);
    assert_eq!(two_proportions(0, 0, 5, 10, 0.95), None);
    assert_eq!(two_proportions(11, 10, 5, 10, 0.95), None);
    close(chance_to_beat(0, 0, 0, 0).unwrap(), 0.5, 1e-12);
    assert_eq!(chance_to_beat(3, 2, 0, 0), None);
}

#[test]
fn welch_matches_the_worked_example() {
    // Control 2 4 6 8 10 (mean 6, var 10), treatment 1 2 3 4 (mean 2.5, var 5/3):
    // t = −3.5 / √(2 + 5/12) = −2.25144, df = 5.5208.
    let t = welch(&[2.0, 4.0, 6.0, 8.0, 10.0], &[1.0, 2.0, 3.0, 4.0], 0.95).unwrap();
    close(t.difference, -3.5, 1e-15);
    close(t.t, -2.251_436_323_159_369_5, 1e-12);
    close(t.df, 5.520_787_746_170_677, 1e-9);
    close(t.p_value, 0.069_133_593_192_392_37, 1e-9);
    close(t.interval.low, -7.385_368_080_514_045, 1e-7);
    close(t.interval.high, 0.385_368_080_514_044_9, 1e-7);
    assert_eq!(welch(&[1.0], &[1.0, 2.0], 0.95), None);
    assert_eq!(welch(&[1.0, 1.0], &[2.0, 2.0], 0.95), None);
}

#[test]
fn mann_whitney_counts_ties_as_halves() {
    // Treatment 3 5 5 8 against control 1 2 5 5 6: U = 2 + 3 + 3 + 5 = 13 (a 5 tying a 5 is ½).
    let t = mann_whitney(&[1.0, 2.0, 5.0, 5.0, 6.0], &[3.0, 5.0, 5.0, 8.0]).unwrap();
    close(t.u, 13.0, 1e-12);
    close(t.p_value, 0.522_431_284_961_564_4, 1e-9);
    assert_eq!(mann_whitney(&[], &[1.0]), None);
    assert_eq!(mann_whitney(&[2.0, 2.0], &[2.0]), None);
}

#[test]
fn chance_to_beat_is_symmetric_and_exact() {
    // ∫ f_B(x) F_A(x) dx for Beta(11, 91) and Beta(16, 86), by quadrature: 0.853284.
    close(
        chance_to_beat(10, 100, 15, 100).unwrap(),
        0.853_283_789_933_966_4,
        1e-9,
    );
    close(
        chance_to_beat(15, 100, 10, 100).unwrap(),
        1.0 - 0.853_283_789_933_966_4,
        1e-9,
    );
    close(chance_to_beat(40, 200, 40, 200).unwrap(), 0.5, 1e-9);
    // Huge arms use the normal approximation and still answer.
    let p = chance_to_beat(2_000_000, 10_000_000, 2_010_000, 10_000_000).unwrap();
    assert!(p > 0.99, "{p}");
}

#[test]
fn srm_is_pearsons_chi_square_against_the_split() {
    // 520 and 480 against 50/50: (20² + 20²) / 500 = 1.6.
    let t = sample_ratio_mismatch(&[520, 480], &[1.0, 1.0]).unwrap();
    close(t.chi_square, 1.6, 1e-12);
    close(t.p_value, 0.205_903_210_732_064_66, 1e-10);
    // Unequal split 1:2 kept: 300 against 600 is no mismatch.
    let t = sample_ratio_mismatch(&[300, 600], &[1.0, 2.0]).unwrap();
    close(t.chi_square, 0.0, 1e-12);
    assert_eq!(t.p_value, 1.0);
    assert!(
        sample_ratio_mismatch(&[600, 400], &[50.0, 50.0])
            .unwrap()
            .p_value
            < SRM_ALPHA
    );
    assert_eq!(sample_ratio_mismatch(&[10], &[1.0]), None);
    assert_eq!(sample_ratio_mismatch(&[0, 0], &[1.0, 1.0]), None);
    assert_eq!(sample_ratio_mismatch(&[5, 5], &[1.0, 0.0]), None);
}

#[test]
fn holm_steps_down_and_stays_monotone() {
    // Sorted 0.01, 0.03, 0.04 times 3, 2, 1: 0.03, 0.06, 0.04 → 0.06 (monotone).
    let adjusted = holm(&[0.01, 0.04, 0.03]);
    for (a, b) in adjusted.iter().zip([0.03, 0.06, 0.06]) {
        close(*a, b, 1e-15);
    }
    assert_eq!(holm(&[0.6, 0.9]), vec![1.0, 1.0]);
    assert!(holm(&[]).is_empty());
}

#[test]
fn sample_size_by_cohens_h() {
    // 10 % to 12 %: h = 2 asin √0.12 − 2 asin √0.10 = 0.063992, n = 2 (2.80099 / h)² = 3834.6.
    close(
        sample_size(0.10, 0.02, 0.05, 0.8).unwrap(),
        3_834.605_132_347_649,
        1e-6,
    );
    assert_eq!(sample_size(0.99, 0.02, 0.05, 0.8), None);
    assert_eq!(sample_size(0.1, 0.0, 0.05, 0.8), None);
    assert_eq!(sample_size(0.1, 0.02, 0.05, 1.0), None);
}

#[test]
fn quantiles_interpolate_like_numpy() {
    let sorted = [1.0, 2.0, 3.0, 4.0, 10.0];
    assert_eq!(quantile(&sorted, 0.5), Some(3.0));
    close(quantile(&sorted, 0.9).unwrap(), 7.6, 1e-12);
    assert_eq!(quantile(&[], 0.5), None);
    assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
}

#[test]
fn the_verdict_never_overclaims() {
    let significant = two_proportions(100, 1000, 130, 1000, 0.95).unwrap();
    assert_eq!(
        verdict(&significant, 0.035, 1000),
        "significant: 3 points higher (p = 0.035)"
    );
    // The same difference after Holm over several comparisons is not significant: 3835
    // customers per arm detect 10 % → 12 %, 2835 more, shown as about 2900.
    assert_eq!(
        verdict(&significant, 0.07, 1000),
        "not significant; about 2900 more customers per arm would detect a 2-point lift"
    );
    let flat = two_proportions(500, 5000, 505, 5000, 0.95).unwrap();
    assert!(verdict(&flat, 0.9, 5000).contains("probably smaller"));
    assert_eq!(p_text(0.0004), "< 0.001");
    assert_eq!(round_up(12_345), 13_000);
    assert_eq!(round_up(57), 57);
}
