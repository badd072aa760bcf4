//! Two journeys side by side by stage: current vs future state, or variant A vs B.
//!
//! Stages are matched by name (trimmed, any case) in the order of journey A, then B's stages
//! that A lacks. Per stage: the mean emotion on each side and its change, the KPIs matched by
//! name with their latest figures and change, and the touchpoint titles only one side has.
//! A change is always B minus A.

use crate::model::{Direction, Journey, Kpi, KpiKind, KpiSummary, Stage};

/// Why a journey was chosen to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partner {
    /// The journey this one is a variant of (its `variant_of`).
    Base,
    /// A journey that is a variant of this one.
    Variant,
    /// No variant either way: the next journey.
    Next,
}

/// The journey to compare journey `this` with: the one it is a variant of, else one that is a
/// variant of it, else the next journey (wrapping). `None` with fewer than two journeys.
pub fn partner(journeys: &[Journey], this: usize) -> Option<(usize, Partner)> {
    let journey = journeys.get(this)?;
    if journeys.len() < 2 {
        return None;
    }
    let base = journey
        .variant_of
        .as_deref()
        .and_then(|id| journeys.iter().position(|j| j.id == id))
        .filter(|i| *i != this);
    if let Some(base) = base {
        return Some((base, Partner::Base));
    }
    let variant = journeys
        .iter()
        .enumerate()
        .position(|(i, j)| i != this && j.variant_of.as_deref() == Some(journey.id.as_str()));
    if let Some(variant) = variant {
        return Some((variant, Partner::Variant));
    }
    Some(((this + 1) % journeys.len(), Partner::Next))
}

/// Which of journeys `this` and `other` goes on the left (A) and which on the right (B): the
/// journey the other is a variant of is A, so a change reads as what the variant changes;
/// otherwise `this` is A.
pub fn sides(journeys: &[Journey], this: usize, other: usize) -> (usize, usize) {
    let variant_of = |a: usize, b: usize| match (journeys.get(a), journeys.get(b)) {
        (Some(a), Some(b)) => a.variant_of.as_deref() == Some(b.id.as_str()),
        _ => false,
    };
    if variant_of(this, other) && !variant_of(other, this) {
        (other, this)
    } else {
        (this, other)
    }
}

/// Journey A beside journey B, stage by stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The stages: A's in order (matched with B's where the names agree), then B's own.
    pub stages: Vec<StageComparison>,
    /// The mean emotion of all of A's cards that have one.
    pub emotion_a: Option<f64>,
    /// The mean emotion of all of B's cards that have one.
    pub emotion_b: Option<f64>,
}

impl Comparison {
    /// The change of the journey's mean emotion, B minus A.
    pub fn emotion_change(&self) -> Option<f64> {
        Some(self.emotion_b? - self.emotion_a?)
    }

    /// The row of the stage at `index` of journey A (`side_a`) or B.
    pub fn row_of(&self, index: usize, side_a: bool) -> Option<usize> {
        self.stages.iter().position(|s| {
            if side_a {
                s.a == Some(index)
            } else {
                s.b == Some(index)
            }
        })
    }
}

/// One stage on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct StageComparison {
    /// The stage's name in A, or in B when A has no such stage.
    pub name: String,
    /// The stage's index in A, when A has it.
    pub a: Option<usize>,
    /// The stage's index in B, when B has it.
    pub b: Option<usize>,
    /// The mean emotion of the stage's cards in A.
    pub emotion_a: Option<f64>,
    /// The mean emotion of the stage's cards in B.
    pub emotion_b: Option<f64>,
    /// The KPIs of either side, matched by name.
    pub kpis: Vec<KpiComparison>,
    /// Titles of cards only A has in this stage, in A's order.
    pub only_in_a: Vec<String>,
    /// Titles of cards only B has in this stage, in B's order.
    pub only_in_b: Vec<String>,
    /// How many cards both have (matched by title).
    pub shared: usize,
}

impl StageComparison {
    /// The change of the stage's mean emotion, B minus A.
    pub fn emotion_change(&self) -> Option<f64> {
        Some(self.emotion_b? - self.emotion_a?)
    }
}

/// One KPI on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiComparison {
    /// Its name in A, or in B when only B has it.
    pub name: String,
    /// A's KPI of that name.
    pub a: Option<KpiSide>,
    /// B's KPI of that name.
    pub b: Option<KpiSide>,
}

impl KpiComparison {
    /// The change of the latest figure, B minus A, when both have one in the same unit.
    pub fn change(&self) -> Option<f64> {
        let (a, b) = (self.a.as_ref()?, self.b.as_ref()?);
        (a.unit.trim() == b.unit.trim()).then_some(())?;
        Some(b.summary.latest? - a.summary.latest?)
    }

    /// Whether B's latest figure is better than A's, by A's direction; `None` when there is no
    /// change.
    pub fn better(&self) -> Option<bool> {
        let change = self.change().filter(|c| *c != 0.0)?;
        let direction = self.a.as_ref()?.direction;
        Some((change > 0.0) == (direction == Direction::Higher))
    }

    /// The two-proportion z-test of B's latest counts against A's (docs/experiments.md), when
    /// both sides are ratios with counts: the change's 95 % interval and p-value.
    pub fn test(&self) -> Option<crate::experiment::RateTest> {
        let (xa, na) = self.a.as_ref()?.counts?;
        let (xb, nb) = self.b.as_ref()?.counts?;
        crate::experiment::two_proportions(xa, na, xb, nb, 0.95)
    }

    /// How [`Self::change`] reads: the factor to scale it by and its unit, percentage points
    /// for shares (`+2.9 pp`, see [`crate::model::change_unit`]).
    pub fn change_unit(&self) -> (f64, &str) {
        match self.a.as_ref().or(self.b.as_ref()) {
            Some(side) => crate::model::change_unit(side.kind, &side.unit),
            None => (1.0, ""),
        }
    }

    /// The unit figures are shown in: A's, else B's.
    pub fn unit(&self) -> &str {
        self.a
            .as_ref()
            .or(self.b.as_ref())
            .map_or("", |side| side.unit.as_str())
    }
}

/// A KPI's figures on one side.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiSide {
    /// Its kind, which decides how a change reads (shares in percentage points).
    pub kind: KpiKind,
    /// Its unit.
    pub unit: String,
    /// Whether a higher or a lower figure is better.
    pub direction: Direction,
    /// Baseline, latest and target status.
    pub summary: KpiSummary,
    /// A ratio's latest counts, numerator and denominator (what `cjm experiment --apply`
    /// writes), for testing the change; `None` for other kinds or without counts.
    pub counts: Option<(u64, u64)>,
}

impl KpiSide {
    fn of(kpi: &Kpi) -> Self {
        Self {
            kind: kpi.kind,
            unit: kpi.unit.clone(),
            direction: kpi.direction,
            summary: kpi.summary(),
            counts: latest_counts(kpi),
        }
    }
}

/// The counts of a ratio's latest measurement with a figure.
fn latest_counts(kpi: &Kpi) -> Option<(u64, u64)> {
    if kpi.kind != KpiKind::Ratio {
        return None;
    }
    let m = kpi
        .measurements
        .iter()
        .filter(|m| m.figure(kpi.kind, &kpi.unit).is_some())
        .max_by(|a, b| a.date.cmp(&b.date))?;
    Some((m.numerator?, m.denominator?))
}

/// A name or title for matching: trimmed, spaces collapsed, lower case.
fn key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Pairs items of `a` and `b` with equal keys, each used once: A's order first (with its
/// partner in B, if any), then B's unpaired items.
fn pair<'x, T>(
    a: &'x [T],
    b: &'x [T],
    key_of: impl Fn(&T) -> String,
) -> Vec<(Option<usize>, Option<usize>)> {
    let b_keys: Vec<String> = b.iter().map(&key_of).collect();
    let mut used = vec![false; b.len()];
    let mut pairs = Vec::with_capacity(a.len() + b.len());
    for (i, item) in a.iter().enumerate() {
        let k = key_of(item);
        let partner = (0..b.len()).find(|j| !used[*j] && b_keys[*j] == k);
        if let Some(j) = partner {
            used[j] = true;
        }
        pairs.push((Some(i), partner));
    }
    pairs.extend((0..b.len()).filter(|j| !used[*j]).map(|j| (None, Some(j))));
    pairs
}

/// Journey `a` beside journey `b`.
pub fn compare(a: &Journey, b: &Journey) -> Comparison {
    let stages = pair(&a.stages, &b.stages, |s| key(&s.name))
        .into_iter()
        .map(|(i, j)| compare_stage(i.map(|i| (i, &a.stages[i])), j.map(|j| (j, &b.stages[j]))))
        .collect();
    Comparison {
        stages,
        emotion_a: mean_emotion(a),
        emotion_b: mean_emotion(b),
    }
}

fn mean_emotion(journey: &Journey) -> Option<f64> {
    let scores: Vec<f64> = journey
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .filter_map(|t| t.emotion.map(|e| f64::from(e.value())))
        .collect();
    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
}

fn compare_stage(a: Option<(usize, &Stage)>, b: Option<(usize, &Stage)>) -> StageComparison {
    let (sa, sb) = (a.map(|(_, s)| s), b.map(|(_, s)| s));
    let name = sa.or(sb).map(|s| s.name.clone()).unwrap_or_default();
    let kpis_a = sa.map_or(&[][..], |s| &s.kpis[..]);
    let kpis_b = sb.map_or(&[][..], |s| &s.kpis[..]);
    let kpis = pair(kpis_a, kpis_b, |k| key(&k.name))
        .into_iter()
        .map(|(i, j)| {
            let (ka, kb) = (i.map(|i| &kpis_a[i]), j.map(|j| &kpis_b[j]));
            KpiComparison {
                name: ka.or(kb).map(|k| k.name.clone()).unwrap_or_default(),
                a: ka.map(KpiSide::of),
                b: kb.map(KpiSide::of),
            }
        })
        .collect();
    let cards_a = sa.map_or(&[][..], |s| &s.touchpoints[..]);
    let cards_b = sb.map_or(&[][..], |s| &s.touchpoints[..]);
    let (mut only_in_a, mut only_in_b, mut shared) = (Vec::new(), Vec::new(), 0);
    for (i, j) in pair(cards_a, cards_b, |t| key(&t.title)) {
        match (i, j) {
            (Some(_), Some(_)) => shared += 1,
            (Some(i), None) => only_in_a.push(cards_a[i].title.to_string()),
            (None, Some(j)) => only_in_b.push(cards_b[j].title.to_string()),
            (None, None) => {}
        }
    }
    StageComparison {
        name,
        a: a.map(|(i, _)| i),
        b: b.map(|(j, _)| j),
        emotion_a: sa.and_then(Stage::mean_emotion),
        emotion_b: sb.and_then(Stage::mean_emotion),
        kpis,
        only_in_a,
        only_in_b,
        shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, KpiKind, Measurement, Touchpoint};

    fn card(title: &str, emotion: i64) -> Touchpoint {
        let mut card = Touchpoint::new(title);
        card.emotion = Emotion::new(emotion);
        card
    }

    fn stage(name: &str, cards: Vec<Touchpoint>) -> Stage {
        Stage {
            touchpoints: cards,
            ..Stage::new(name)
        }
    }

    fn journey(name: &str, stages: Vec<Stage>) -> Journey {
        Journey {
            id: format!("jo-{name}"),
            name: name.into(),
            stages,
            ..Journey::default()
        }
    }

    fn ratio(name: &str, unit: &str, numerator: u64, denominator: u64) -> Kpi {
        Kpi {
            id: format!("kp-{name}-{numerator}"),
            name: name.into(),
            kind: KpiKind::Ratio,
            unit: unit.into(),
            measurements: vec![Measurement {
                date: "2026-01-01".into(),
                numerator: Some(numerator),
                denominator: Some(denominator),
                ..Measurement::default()
            }],
            ..Kpi::default()
        }
    }

    #[test]
    fn the_demo_current_state_beside_its_future_state() {
        let ws = crate::demo::workspace();
        let (current, future) = (0, 2);
        assert_eq!(
            partner(&ws.journeys, current),
            Some((future, Partner::Variant))
        );
        assert_eq!(
            partner(&ws.journeys, future),
            Some((current, Partner::Base))
        );
        assert_eq!(sides(&ws.journeys, future, current), (current, future));
        assert_eq!(sides(&ws.journeys, current, future), (current, future));

        let c = compare(&ws.journeys[current], &ws.journeys[future]);
        let names: Vec<&str> = c.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Awareness",
                "Consideration",
                "Decision",
                "Purchase",
                "Post-purchase",
                "Advocacy"
            ]
        );
        assert!(c.stages.iter().all(|s| s.a.is_some() && s.b.is_some()));
        let awareness = &c.stages[0];
        assert_eq!(awareness.emotion_b, Some(1.0));
        assert!((awareness.emotion_a.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert!((awareness.emotion_change().unwrap() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            awareness.only_in_a,
            [
                "Sees an unboxing video",
                "Reads a buying guide",
                "Gets a trade-in offer email"
            ]
        );
        assert_eq!(awareness.only_in_b, ["Gets a personal shortlist"]);
        assert_eq!(awareness.shared, 0);
        // The future state has no KPIs yet: each current KPI is on side A only.
        assert_eq!(awareness.kpis.len(), 1);
        let ctr = &awareness.kpis[0];
        assert_eq!(ctr.name, "Ad click-through rate");
        assert!(ctr.b.is_none());
        assert_eq!(ctr.change(), None);
        let latest = ctr.a.as_ref().unwrap().summary.latest.unwrap();
        assert!((latest - 100.0 * 2210.0 / 101_400.0).abs() < 1e-9);
        let purchase = &c.stages[3];
        assert_eq!(purchase.kpis.len(), 2);
        // Purchase: 0, -2, 1 now; 1 in the future.
        assert!((purchase.emotion_change().unwrap() - 4.0 / 3.0).abs() < 1e-9);
        // All cards: a mean of 4/18 now, 10/8 in the future.
        assert!((c.emotion_a.unwrap() - 4.0 / 18.0).abs() < 1e-9);
        assert!((c.emotion_b.unwrap() - 10.0 / 8.0).abs() < 1e-9);
    }

    #[test]
    fn without_a_variant_the_next_journey_is_the_partner() {
        let ws = crate::demo::workspace();
        assert_eq!(partner(&ws.journeys, 1), Some((2, Partner::Next)));
        assert_eq!(sides(&ws.journeys, 1, 2), (1, 2));
        let one = [journey("only", Vec::new())];
        assert_eq!(partner(&one, 0), None);
        assert_eq!(partner(&one, 3), None);
        // A variant_of naming itself or nothing known is no base.
        let mut a = journey("a", Vec::new());
        a.variant_of = Some("jo-a".into());
        let b = journey("b", Vec::new());
        let mut c = journey("c", Vec::new());
        c.variant_of = Some("jo-missing".into());
        let list = [a, b, c];
        assert_eq!(partner(&list, 0), Some((1, Partner::Next)));
        assert_eq!(partner(&list, 2), Some((0, Partner::Next)));
    }

    #[test]
    fn stages_match_by_name_in_a_order_then_b_only() {
        let a = journey(
            "a",
            vec![
                stage("Awareness", vec![card("Sees an ad", 1)]),
                stage("Onboarding", vec![]),
                stage(
                    " purchase ",
                    vec![card("Pays", -2), card("Gets receipt", 0)],
                ),
            ],
        );
        let b = journey(
            "b",
            vec![
                stage("PURCHASE", vec![card("pays", 1), card("Gets  a gift", 2)]),
                stage("Referral", vec![card("Refers a friend", 2)]),
                stage("awareness", vec![]),
            ],
        );
        let c = compare(&a, &b);
        let rows: Vec<(&str, Option<usize>, Option<usize>)> = c
            .stages
            .iter()
            .map(|s| (s.name.as_str(), s.a, s.b))
            .collect();
        assert_eq!(
            rows,
            [
                ("Awareness", Some(0), Some(2)),
                ("Onboarding", Some(1), None),
                (" purchase ", Some(2), Some(0)),
                ("Referral", None, Some(1)),
            ]
        );
        let purchase = &c.stages[2];
        assert_eq!(purchase.shared, 1);
        assert_eq!(purchase.only_in_a, ["Gets receipt"]);
        assert_eq!(purchase.only_in_b, ["Gets  a gift"]);
        assert_eq!(purchase.emotion_change(), Some(2.5));
        // No cards with an emotion on one side: no change, and no NaN.
        assert_eq!(c.stages[0].emotion_b, None);
        assert_eq!(c.stages[0].emotion_change(), None);
        assert_eq!(c.stages[1].emotion_a, None);
        assert_eq!(c.stages[3].only_in_b, ["Refers a friend"]);
        assert_eq!(c.row_of(2, true), Some(2));
        assert_eq!(c.row_of(1, false), Some(3));
        assert_eq!(c.row_of(1, false), Some(3));
        assert_eq!(c.row_of(9, true), None);
    }

    #[test]
    fn repeated_names_pair_once_each() {
        let a = journey(
            "a",
            vec![
                stage("Step", vec![card("X", 0), card("X", 0)]),
                stage("Step", vec![]),
            ],
        );
        let b = journey("b", vec![stage("step", vec![card("x", 0)])]);
        let c = compare(&a, &b);
        assert_eq!(c.stages.len(), 2);
        assert_eq!((c.stages[0].a, c.stages[0].b), (Some(0), Some(0)));
        assert_eq!((c.stages[1].a, c.stages[1].b), (Some(1), None));
        assert_eq!(c.stages[0].shared, 1);
        assert_eq!(c.stages[0].only_in_a, ["X"]);
    }

    #[test]
    fn kpis_match_by_name_and_change_only_in_one_unit() {
        let mut a = journey("a", vec![stage("Purchase", vec![])]);
        let mut b = journey("b", vec![stage("Purchase", vec![])]);
        a.stages[0].kpis = vec![
            ratio("Conversion", "%", 50, 100),
            ratio("Retention", "%", 80, 100),
            ratio("Items", "", 3, 2),
            ratio("Empty", "%", 1, 0),
        ];
        b.stages[0].kpis = vec![
            ratio("Upsell", "%", 1, 10),
            ratio(" conversion", "%", 60, 100),
            ratio("Items", "%", 3, 2),
            ratio("Empty", "%", 5, 10),
        ];
        let c = compare(&a, &b);
        let kpis = &c.stages[0].kpis;
        let names: Vec<&str> = kpis.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            ["Conversion", "Retention", "Items", "Empty", "Upsell"]
        );
        assert_eq!(kpis[0].change(), Some(10.0));
        assert_eq!(kpis[0].better(), Some(true));
        assert!(kpis[1].b.is_none() && kpis[1].change().is_none());
        assert_eq!(kpis[1].better(), None);
        assert_eq!(kpis[2].change(), None, "a fraction and a % do not subtract");
        assert_eq!(kpis[2].unit(), "");
        assert_eq!(kpis[3].a.as_ref().unwrap().summary.latest, None);
        assert_eq!(kpis[3].change(), None, "nothing to divide by: no figure");
        assert!(kpis[4].a.is_none());
        assert_eq!(kpis[4].unit(), "%");
        // Lower is better: a fall is the good way.
        a.stages[0].kpis[0].direction = Direction::Lower;
        assert_eq!(compare(&a, &b).stages[0].kpis[0].better(), Some(false));
    }

    #[test]
    fn empty_journeys_compare_to_nothing() {
        let c = compare(&journey("a", Vec::new()), &journey("b", Vec::new()));
        assert!(c.stages.is_empty());
        assert_eq!(c.emotion_change(), None);
    }
}
