//! Figures computed from a map: a stage's mean emotion and a KPI's figures from raw counts.
//! Everything that shows a figure (TUI, exports, checks) computes it here, so they agree.

use super::{Direction, Emotion, Kpi, KpiKind, Measurement, Stage};

impl Stage {
    /// The mean emotion of the stage's cards that have one, or `None` when none has.
    pub fn mean_emotion(&self) -> Option<f64> {
        mean_emotion(self.touchpoints.iter().filter_map(|t| t.emotion))
    }
}

/// The mean of `emotions`, or `None` when there are none; one pass, nothing allocated.
pub fn mean_emotion(emotions: impl Iterator<Item = Emotion>) -> Option<f64> {
    let (sum, count) = emotions.fold((0i64, 0u64), |(sum, count), e| {
        (sum + i64::from(e.value()), count + 1)
    });
    (count > 0).then(|| sum as f64 / count as f64)
}

impl Measurement {
    /// The figure this measurement gives for a KPI of `kind` shown in `unit` (see the KPI
    /// figures table in docs/format.md), or `None` when a needed count is missing or there is
    /// nothing to divide by.
    pub fn figure(&self, kind: KpiKind, unit: &str) -> Option<f64> {
        let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        match kind {
            KpiKind::Nps if self.promoters.is_none() => self.score.filter(|s| s.is_finite()),
            KpiKind::Nps => {
                let (p, n, d) = (self.promoters?, self.passives?, self.detractors?);
                let total = p.checked_add(n)?.checked_add(d)?;
                Some(100.0 * (share(p, total)? - share(d, total)?))
            }
            KpiKind::Csat if self.buckets.is_none() => self.score.filter(|s| s.is_finite()),
            KpiKind::Csat => {
                let buckets = self.buckets?;
                let total = buckets.iter().try_fold(0u64, |a, b| a.checked_add(*b))?;
                Some(100.0 * share(buckets[3].checked_add(buckets[4])?, total)?)
            }
            KpiKind::Ratio => {
                let ratio = share(self.numerator?, self.denominator?)?;
                Some(if unit.trim() == "%" {
                    100.0 * ratio
                } else {
                    ratio
                })
            }
            KpiKind::Ces => self.value.or(self.score).filter(|v| v.is_finite()),
            KpiKind::Value => self.value.filter(|v| v.is_finite()),
        }
    }
}

/// How a KPI's change reads: shares (a ratio, a CSAT, any figure in `%`) change in
/// percentage points, `pp`; a ratio kept as a fraction is scaled by 100 for that. Other KPIs
/// change in their own unit. Returns the factor to multiply a change of figures by and the
/// unit to show after it.
pub fn change_unit(kind: KpiKind, unit: &str) -> (f64, &str) {
    match (kind, unit.trim()) {
        (KpiKind::Ratio, "%") | (KpiKind::Csat, _) | (_, "%") => (1.0, "pp"),
        (KpiKind::Ratio, _) => (100.0, "pp"),
        (_, unit) => (1.0, unit),
    }
}

/// A KPI's story in figures: where it started, where it is, and whether it meets its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KpiSummary {
    /// The figure of the first measurement that has one (by date), the baseline.
    pub baseline: Option<f64>,
    /// The figure of the latest measurement that has one.
    pub latest: Option<f64>,
    /// Whether the latest figure meets the target; `None` without a target or a figure.
    pub on_target: Option<bool>,
}

impl KpiSummary {
    /// The change from baseline to latest, when both exist.
    pub fn change(&self) -> Option<f64> {
        Some(self.latest? - self.baseline?)
    }
}

impl Kpi {
    /// The figures of the measurements that have one, oldest first (dates compare as text,
    /// which orders ISO 8601 dates).
    pub fn figures(&self) -> Vec<(&str, f64)> {
        let mut figures: Vec<(&str, f64)> = self
            .measurements
            .iter()
            .filter_map(|m| Some((m.date.as_str(), m.figure(self.kind, &self.unit)?)))
            .collect();
        figures.sort_by(|a, b| a.0.cmp(b.0));
        figures
    }

    /// Baseline, latest and target status.
    pub fn summary(&self) -> KpiSummary {
        let figures = self.figures();
        let latest = figures.last().map(|(_, f)| *f);
        let on_target = match (self.target, latest) {
            (Some(target), Some(latest)) => Some(match self.direction {
                Direction::Higher => latest >= target,
                Direction::Lower => latest <= target,
            }),
            _ => None,
        };
        KpiSummary {
            baseline: figures.first().map(|(_, f)| *f),
            latest,
            on_target,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Touchpoint};

    fn measurement(date: &str) -> Measurement {
        Measurement {
            date: date.into(),
            ..Measurement::default()
        }
    }

    #[test]
    fn stage_mean_emotion_skips_cards_without_one() {
        let mut stage = Stage::new("Awareness");
        assert_eq!(stage.mean_emotion(), None);
        let mut a = Touchpoint::new("a");
        a.emotion = Emotion::new(2);
        let mut b = Touchpoint::new("b");
        b.emotion = Emotion::new(-1);
        stage.touchpoints = vec![a, b, Touchpoint::new("c")];
        assert_eq!(stage.mean_emotion(), Some(0.5));
    }

    #[test]
    fn figures_follow_the_documented_formulas() {
        let mut m = measurement("2026-01-01");
        m.promoters = Some(50);
        m.passives = Some(30);
        m.detractors = Some(20);
        assert_eq!(m.figure(KpiKind::Nps, ""), Some(30.0));
        m.buckets = Some([1, 1, 2, 3, 3]);
        assert_eq!(m.figure(KpiKind::Csat, "%"), Some(60.0));
        m.numerator = Some(412);
        m.denominator = Some(800);
        assert_eq!(m.figure(KpiKind::Ratio, "%"), Some(51.5));
        assert_eq!(m.figure(KpiKind::Ratio, ""), Some(0.515));
        m.value = Some(4.2);
        assert_eq!(m.figure(KpiKind::Ces, ""), Some(4.2));
        assert_eq!(m.figure(KpiKind::Value, ""), Some(4.2));
    }

    #[test]
    fn a_score_stands_in_for_counts_and_counts_win() {
        let mut m = measurement("2026-01-01");
        m.score = Some(32.0);
        assert_eq!(m.figure(KpiKind::Nps, ""), Some(32.0));
        assert_eq!(m.figure(KpiKind::Csat, "%"), Some(32.0));
        assert_eq!(m.figure(KpiKind::Ces, ""), Some(32.0));
        assert_eq!(m.figure(KpiKind::Ratio, "%"), None);
        (m.promoters, m.passives, m.detractors) = (Some(50), Some(30), Some(20));
        assert_eq!(m.figure(KpiKind::Nps, ""), Some(30.0));
        m.score = Some(f64::INFINITY);
        assert_eq!(m.figure(KpiKind::Csat, "%"), None);
    }

    #[test]
    fn shares_change_in_percentage_points() {
        assert_eq!(change_unit(KpiKind::Ratio, "%"), (1.0, "pp"));
        assert_eq!(change_unit(KpiKind::Ratio, ""), (100.0, "pp"));
        assert_eq!(change_unit(KpiKind::Csat, "%"), (1.0, "pp"));
        assert_eq!(change_unit(KpiKind::Value, "%"), (1.0, "pp"));
        assert_eq!(change_unit(KpiKind::Value, "days"), (1.0, "days"));
        assert_eq!(change_unit(KpiKind::Nps, ""), (1.0, ""));
    }

    #[test]
    fn missing_counts_or_nothing_to_divide_by_give_no_figure() {
        let mut m = measurement("2026-01-01");
        assert_eq!(m.figure(KpiKind::Nps, ""), None);
        m.numerator = Some(3);
        m.denominator = Some(0);
        assert_eq!(m.figure(KpiKind::Ratio, "%"), None);
        m.buckets = Some([0; 5]);
        assert_eq!(m.figure(KpiKind::Csat, "%"), None);
        m.value = Some(f64::NAN);
        assert_eq!(m.figure(KpiKind::Value, ""), None);
    }

    #[test]
    fn summary_orders_by_date_and_checks_the_target_direction() {
        let mut kpi = Kpi {
            kind: KpiKind::Value,
            target: Some(10.0),
            direction: Direction::Lower,
            ..Kpi::default()
        };
        assert_eq!(kpi.summary().latest, None);
        let mut late = measurement("2026-03-01");
        late.value = Some(8.0);
        let mut early = measurement("2026-01-01");
        early.value = Some(12.0);
        kpi.measurements = vec![late, early, measurement("2026-04-01")];
        let summary = kpi.summary();
        assert_eq!(summary.baseline, Some(12.0));
        assert_eq!(summary.latest, Some(8.0));
        assert_eq!(summary.change(), Some(-4.0));
        assert_eq!(summary.on_target, Some(true));
        kpi.direction = Direction::Higher;
        assert_eq!(kpi.summary().on_target, Some(false));
    }
}
