//! The emotion curve of a journey: each stage's mean emotion (-2..+2), for every card or for
//! one persona, and the stages that hurt most. The TUI draws it under the board and the lanes.

use super::counts_for;
use crate::model::{Stage, mean_emotion};
use crate::number::round_text;

/// Two means closer than this are a tie. Means are sums of small integers divided by a count,
/// so equal means compare equal anyway; the tolerance only guards against rounding.
const TIE: f64 = 1e-9;

/// The mean emotion of the stage's cards that count for `persona` and have an emotion, or
/// `None` when none has.
pub fn stage_emotion(stage: &Stage, persona: Option<&str>) -> Option<f64> {
    if persona.is_none() {
        return stage.mean_emotion();
    }
    mean_emotion(
        stage
            .touchpoints
            .iter()
            .filter(|card| counts_for(card, persona))
            .filter_map(|card| card.emotion),
    )
}

/// The stages that hurt most: those at the lowest mean, when it is below neutral. Every stage
/// tied at the lowest mean is listed, in stage order; a curve that never dips below zero has
/// no moment that hurts, and none is listed.
pub fn lowest(points: &[Option<f64>]) -> Vec<usize> {
    let Some(low) = points.iter().flatten().copied().min_by(f64::total_cmp) else {
        return Vec::new();
    };
    if low >= 0.0 {
        return Vec::new();
    }
    points
        .iter()
        .enumerate()
        .filter(|(_, point)| point.is_some_and(|p| p - low < TIE))
        .map(|(i, _)| i)
        .collect()
}

/// A point's value as printed on the curve: one decimal at most, with its sign: `+0.7`, `0`,
/// `-1`.
pub fn label(value: f64) -> String {
    let text = round_text(value, 1);
    if text != "0" && !text.starts_with('-') {
        format!("+{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Journey, Touchpoint};

    /// The curve's points: each stage's mean emotion, in stage order.
    fn stage_emotions(journey: &Journey, persona: Option<&str>) -> Vec<Option<f64>> {
        journey
            .stages
            .iter()
            .map(|stage| stage_emotion(stage, persona))
            .collect()
    }

    fn card(emotion: Option<i64>, personas: &[&str]) -> Touchpoint {
        let mut card = Touchpoint::new("card");
        card.emotion = emotion.and_then(Emotion::new);
        card.personas = personas.iter().map(|p| p.to_string()).collect();
        card
    }

    fn journey(stages: Vec<Vec<Touchpoint>>) -> Journey {
        let mut journey = Journey::with_default_stages("test");
        journey.stages.truncate(stages.len());
        for (stage, cards) in journey.stages.iter_mut().zip(stages) {
            stage.touchpoints = cards;
        }
        journey
    }

    #[test]
    fn each_stage_gets_the_mean_of_the_cards_that_have_an_emotion() {
        let journey = journey(vec![
            vec![card(Some(1), &[]), card(Some(0), &[]), card(None, &[])],
            vec![],
            vec![card(None, &[])],
            vec![card(Some(-2), &[]), card(Some(-1), &[])],
        ]);
        let points = stage_emotions(&journey, None);
        assert_eq!(points, [Some(0.5), None, None, Some(-1.5)]);
        let means: Vec<Option<f64>> = journey.stages.iter().map(Stage::mean_emotion).collect();
        assert_eq!(points, means);
    }

    #[test]
    fn a_persona_counts_its_own_cards_and_everyones() {
        let journey = journey(vec![
            vec![card(Some(2), &[]), card(Some(-2), &["alex"])],
            vec![
                card(Some(-1), &["priya"]),
                card(Some(1), &["alex", "priya"]),
            ],
            vec![card(Some(-2), &["priya"])],
        ]);
        assert_eq!(
            stage_emotions(&journey, Some("alex")),
            [Some(0.0), Some(1.0), None]
        );
        assert_eq!(
            stage_emotions(&journey, Some("priya")),
            [Some(2.0), Some(0.0), Some(-2.0)]
        );
        assert_eq!(
            stage_emotions(&journey, None),
            [Some(0.0), Some(0.0), Some(-2.0)]
        );
        // A persona no card is marked for sees the cards marked for nobody.
        assert_eq!(
            stage_emotions(&journey, Some("sari")),
            [Some(2.0), None, None]
        );
    }

    #[test]
    fn the_lowest_point_below_zero_hurts_most() {
        assert_eq!(lowest(&[Some(0.5), Some(-1.0), None, Some(-0.5)]), [1]);
        assert_eq!(lowest(&[None, Some(-2.0)]), [1]);
    }

    #[test]
    fn every_stage_tied_at_the_lowest_point_hurts_most() {
        assert_eq!(lowest(&[Some(-1.0), Some(1.0), Some(-1.0)]), [0, 2]);
        // The same mean from different counts: -1/3 and -2/6.
        assert_eq!(lowest(&[Some(-2.0 / 6.0), Some(-1.0 / 3.0)]), [0, 1]);
    }

    #[test]
    fn nothing_hurts_without_emotions_or_below_zero() {
        assert!(lowest(&[]).is_empty());
        assert!(lowest(&[None, None]).is_empty());
        assert!(lowest(&[Some(0.0), Some(1.0)]).is_empty());
        assert!(lowest(&[Some(2.0)]).is_empty());
    }

    #[test]
    fn labels_carry_a_sign_and_at_most_one_decimal() {
        assert_eq!(label(2.0 / 3.0), "+0.7");
        assert_eq!(label(-1.0 / 3.0), "-0.3");
        assert_eq!(label(-1.0), "-1");
        assert_eq!(label(0.0), "0");
        assert_eq!(label(-0.01), "0");
        assert_eq!(label(2.0), "+2");
    }
}
