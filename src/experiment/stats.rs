//! The tests of an experiment, each a pure function of counts or samples. Every formula is
//! written out in docs/experiments.md; the names follow it. A test that cannot be computed
//! (an empty arm, fewer than two values, no variance) gives `None`, never NaN or a panic.

use super::dist::{
    chi_square_upper, ln_beta, normal_cdf, normal_quantile, t_quantile, t_two_sided,
};

/// A two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Interval {
    /// Whether the interval leaves out `value`.
    pub fn excludes(&self, value: f64) -> bool {
        value < self.low || value > self.high
    }
}

/// The z of a two-sided interval at `confidence` (0.95 gives 1.96).
pub fn z_for(confidence: f64) -> f64 {
    normal_quantile(1.0 - (1.0 - confidence) / 2.0)
}

/// Treatment against control on a rate.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RateTest {
    /// The control's rate, x / n.
    pub control: f64,
    /// The treatment's rate.
    pub treatment: f64,
    /// Treatment minus control (a fraction: 0.029 is 2.9 points).
    pub difference: f64,
    /// Wald interval of the difference.
    pub interval: Interval,
    /// Treatment over control minus 1; `None` when the control has no conversions.
    pub relative: Option<f64>,
    /// Interval of the relative difference from the log of the ratio; `None` when either arm
    /// has no conversions.
    pub relative_interval: Option<Interval>,
    /// The pooled z statistic.
    pub z: f64,
    /// Two-sided p-value of the pooled two-proportion z-test.
    pub p_value: f64,
}

/// The two-proportion z-test of `xt` of `nt` against `xc` of `nc`, with a Wald interval at
/// `confidence`; `None` when an arm is empty or has more conversions than customers.
pub fn two_proportions(xc: u64, nc: u64, xt: u64, nt: u64, confidence: f64) -> Option<RateTest> {
    if nc == 0 || nt == 0 || xc > nc || xt > nt {
        return None;
    }
    let (xc_f, nc_f, xt_f, nt_f) = (xc as f64, nc as f64, xt as f64, nt as f64);
    let (pc, pt) = (xc_f / nc_f, xt_f / nt_f);
    let difference = pt - pc;
    let pooled = (xc_f + xt_f) / (nc_f + nt_f);
    let se0 = (pooled * (1.0 - pooled) * (1.0 / nc_f + 1.0 / nt_f)).sqrt();
    let (z, p_value) = if se0 > 0.0 {
        let z = difference / se0;
        (z, (2.0 * normal_cdf(-z.abs())).min(1.0))
    } else {
        (0.0, 1.0)
    };
    let zc = z_for(confidence);
    let se = (pc * (1.0 - pc) / nc_f + pt * (1.0 - pt) / nt_f).sqrt();
    let interval = Interval {
        low: difference - zc * se,
        high: difference + zc * se,
    };
    let relative = (xc > 0).then(|| pt / pc - 1.0);
    let relative_interval = (xc > 0 && xt > 0).then(|| {
        let log_ratio = (pt / pc).ln();
        let se = (1.0 / xt_f - 1.0 / nt_f + 1.0 / xc_f - 1.0 / nc_f)
            .max(0.0)
            .sqrt();
        Interval {
            low: (log_ratio - zc * se).exp() - 1.0,
            high: (log_ratio + zc * se).exp() - 1.0,
        }
    });
    Some(RateTest {
        control: pc,
        treatment: pt,
        difference,
        interval,
        relative,
        relative_interval,
        z,
        p_value,
    })
}

/// Treatment against control on a mean.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MeanTest {
    /// The control's mean.
    pub control: f64,
    /// The treatment's mean.
    pub treatment: f64,
    /// Treatment minus control.
    pub difference: f64,
    /// Welch interval of the difference.
    pub interval: Interval,
    /// Welch's t.
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// The mean and sample variance (n − 1) of `values`; `None` for fewer than two.
pub fn mean_variance(values: &[f64]) -> Option<(f64, f64)> {
    if values.len() < 2 {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Some((mean, variance))
}

/// Welch's t-test of `treatment` against `control`; `None` with fewer than two values on a
/// side or no variance on either.
pub fn welch(control: &[f64], treatment: &[f64], confidence: f64) -> Option<MeanTest> {
    let (mc, vc) = mean_variance(control)?;
    let (mt, vt) = mean_variance(treatment)?;
    let (nc, nt) = (control.len() as f64, treatment.len() as f64);
    let (sc, st) = (vc / nc, vt / nt);
    let se = (sc + st).sqrt();
    if se <= 0.0 || !se.is_finite() {
        return None;
    }
    let difference = mt - mc;
    let t = difference / se;
    let df = (sc + st).powi(2) / (sc * sc / (nc - 1.0) + st * st / (nt - 1.0));
    let q = t_quantile(1.0 - (1.0 - confidence) / 2.0, df);
    Some(MeanTest {
        control: mc,
        treatment: mt,
        difference,
        interval: Interval {
            low: difference - q * se,
            high: difference + q * se,
        },
        t,
        df,
        p_value: t_two_sided(t, df).min(1.0),
    })
}

/// The Mann–Whitney U test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RankTest {
    /// U of the treatment: how often a treatment value exceeds a control value (ties half).
    pub u: f64,
    /// Two-sided p-value, normal approximation with tie correction and continuity correction.
    pub p_value: f64,
}

/// The Mann–Whitney U test of `treatment` against `control`; `None` when a side is empty or
/// every value is tied.
pub fn mann_whitney(control: &[f64], treatment: &[f64]) -> Option<RankTest> {
    let (n1, n2) = (treatment.len(), control.len());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let mut all: Vec<(f64, bool)> = treatment
        .iter()
        .map(|v| (*v, true))
        .chain(control.iter().map(|v| (*v, false)))
        .collect();
    if all.iter().any(|(v, _)| !v.is_finite()) {
        return None;
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = all.len();
    let (mut rank_sum, mut ties) = (0.0, 0.0);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        rank_sum += rank * all[i..=j].iter().filter(|(_, ours)| *ours).count() as f64;
        i = j + 1;
    }
    let (n1f, n2f, nf) = (n1 as f64, n2 as f64, n as f64);
    let u = rank_sum - n1f * (n1f + 1.0) / 2.0;
    let mu = n1f * n2f / 2.0;
    let sigma = (n1f * n2f / 12.0 * ((nf + 1.0) - ties / (nf * (nf - 1.0)))).sqrt();
    if sigma <= 0.0 || !sigma.is_finite() {
        return None;
    }
    let z = ((u - mu).abs() - 0.5).max(0.0) / sigma;
    Some(RankTest {
        u,
        p_value: (2.0 * normal_cdf(-z)).min(1.0),
    })
}

/// The chance that the treatment's true rate beats the control's, with a uniform Beta(1, 1)
/// prior on each: P(p_t > p_c) for p ~ Beta(1 + x, 1 + n − x), by the exact finite sum
/// (Evan Miller) over the smaller arm's conversions; beyond a million terms, the normal
/// approximation of the two betas. `None` for impossible counts.
pub fn chance_to_beat(xc: u64, nc: u64, xt: u64, nt: u64) -> Option<f64> {
    if xc > nc || xt > nt {
        return None;
    }
    let beta = |x: u64, n: u64| (1.0 + x as f64, 1.0 + (n - x) as f64);
    let (ac, bc) = beta(xc, nc);
    let (at, bt) = beta(xt, nt);
    // P(B > A) = Σ_{i<αB} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)).
    let exact = |aa: f64, ba: f64, ab: f64, bb: f64| -> f64 {
        let fixed = ln_beta(aa, ba);
        (0..ab as u64)
            .map(|i| {
                let i = i as f64;
                (ln_beta(aa + i, ba + bb) - (bb + i).ln() - ln_beta(1.0 + i, bb) - fixed).exp()
            })
            .sum::<f64>()
    };
    let p = if at.min(ac) > 1e6 {
        let moments = |a: f64, b: f64| (a / (a + b), a * b / ((a + b).powi(2) * (a + b + 1.0)));
        let ((mc, vc), (mt, vt)) = (moments(ac, bc), moments(at, bt));
        normal_cdf((mt - mc) / (vc + vt).sqrt())
    } else if at <= ac {
        exact(ac, bc, at, bt)
    } else {
        1.0 - exact(at, bt, ac, bc)
    };
    Some(p.clamp(0.0, 1.0))
}

/// A sample ratio mismatch test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SrmTest {
    /// Pearson's chi-square of the customers per arm against the intended split.
    pub chi_square: f64,
    /// Arms − 1.
    pub df: f64,
    /// Its p-value.
    pub p_value: f64,
}

/// Pearson's chi-square of `observed` customers per arm against the intended `split`
/// (weights, any scale); `None` for fewer than two arms, no customers or a weight ≤ 0.
pub fn sample_ratio_mismatch(observed: &[u64], split: &[f64]) -> Option<SrmTest> {
    if observed.len() < 2 || observed.len() != split.len() {
        return None;
    }
    let total: f64 = observed.iter().map(|o| *o as f64).sum();
    let weights: f64 = split.iter().sum();
    if total <= 0.0 || split.iter().any(|w| !(*w > 0.0 && w.is_finite())) {
        return None;
    }
    let chi_square = observed
        .iter()
        .zip(split)
        .map(|(o, w)| {
            let expected = total * w / weights;
            (*o as f64 - expected).powi(2) / expected
        })
        .sum::<f64>();
    let df = (observed.len() - 1) as f64;
    Some(SrmTest {
        chi_square,
        df,
        p_value: chi_square_upper(chi_square, df),
    })
}

/// Holm's step-down adjustment of `p_values`, in their order: the k-th smallest of m is
/// multiplied by m − k + 1, then made non-decreasing and capped at 1.
pub fn holm(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|a, b| p_values[*a].total_cmp(&p_values[*b]));
    let mut adjusted = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (k, index) in order.into_iter().enumerate() {
        running = running.max(((m - k) as f64 * p_values[index]).min(1.0));
        adjusted[index] = running;
    }
    adjusted
}

/// Customers needed per arm to detect a move of a `baseline` rate by `effect` (absolute,
/// 0.02 for 2 points) with a two-sided test at `alpha` and `power`, by the arcsine
/// (Cohen's h) formula n = 2 ((z₁₋α/₂ + z_power) / h)², h = 2 asin √(p + δ) − 2 asin √p (each
/// arm's 2 asin √p̂ has variance 1/n, so the difference has 2/n); not
/// rounded. `None` when the rates leave 0..1 or the effect is 0.
pub fn sample_size(baseline: f64, effect: f64, alpha: f64, power: f64) -> Option<f64> {
    let target = baseline + effect;
    let valid = |p: f64| (0.0..=1.0).contains(&p);
    let open = |p: f64| 0.0 < p && p < 1.0;
    let usable = valid(baseline) && valid(target) && effect != 0.0 && open(alpha) && open(power);
    if !usable {
        return None;
    }
    let h = 2.0 * target.sqrt().asin() - 2.0 * baseline.sqrt().asin();
    let z = normal_quantile(1.0 - alpha / 2.0) + normal_quantile(power);
    Some(2.0 * (z / h).powi(2))
}

/// The `q` quantile of sorted `values` by linear interpolation between closest ranks (R's
/// type 7, numpy's default); `None` when empty.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let at = q.clamp(0.0, 1.0) * last as f64;
    let (low, high) = (at.floor() as usize, at.ceil() as usize);
    Some(sorted[low] + (at - low as f64) * (sorted[high] - sorted[low]))
}
