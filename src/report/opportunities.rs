//! The opportunities of a journey in one list, quick wins first.
//!
//! The ranking, from the top:
//!
//! 1. Open and planned opportunities before done ones.
//! 2. Rated ones (impact and effort both set) before the others, which keep map order.
//! 3. A higher score first: `impact − effort`, from +4 (impact 5, effort 1) to −4.
//! 4. On the same score, the lower effort first, as the quicker win (impact 3, effort 1
//!    before impact 5, effort 3).
//! 5. Then map order: stage, card, and the opportunity's place in its card.

use std::cmp::Reverse;

use crate::model::{Journey, Opportunity, OpportunityStatus, Rating, Touchpoint};

use super::counts_for;

/// One opportunity with where it sits in the journey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry<'a> {
    /// The stage's index in the journey.
    pub stage: usize,
    /// The card's index in its stage.
    pub card: usize,
    /// The opportunity's index in its card.
    pub index: usize,
    /// The stage's name.
    pub stage_name: &'a str,
    /// The card.
    pub touchpoint: &'a Touchpoint,
    /// The opportunity.
    pub opportunity: &'a Opportunity,
}

impl Entry<'_> {
    /// Whether this entry is opportunity `index` of the card with `card_id`.
    pub fn is(&self, card_id: &str, index: usize) -> bool {
        self.touchpoint.id == card_id && self.index == index
    }
}

/// The opportunities of `journey` in rank order (see the module's documentation). With a
/// persona (by id), only the opportunities of cards for that persona are listed.
pub fn ranked<'a>(journey: &'a Journey, persona: Option<&str>) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry> = journey
        .stages
        .iter()
        .enumerate()
        .flat_map(|(s, stage)| {
            stage
                .touchpoints
                .iter()
                .enumerate()
                .filter(|(_, card)| counts_for(card, persona))
                .flat_map(move |(c, card)| {
                    card.opportunities
                        .iter()
                        .enumerate()
                        .map(move |(i, opportunity)| Entry {
                            stage: s,
                            card: c,
                            index: i,
                            stage_name: &stage.name,
                            touchpoint: card,
                            opportunity,
                        })
                })
        })
        .collect();
    // A stable sort: equal keys keep map order.
    entries.sort_by_key(|e| rank_key(e.opportunity));
    entries
}

/// How many opportunities `journey` has in all, whatever the persona.
pub fn count(journey: &Journey) -> usize {
    journey
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .map(|t| t.opportunities.len())
        .sum()
}

fn rank_key(o: &Opportunity) -> (bool, bool, Reverse<i8>, u8) {
    let score = score(o);
    let effort = match score {
        Some(_) => o.effort.map_or(0, Rating::value),
        None => 0,
    };
    (
        o.status == OpportunityStatus::Done,
        score.is_none(),
        Reverse(score.unwrap_or(i8::MIN)),
        effort,
    )
}

/// The quick-win score, `impact − effort` (−4..=4), when both are set.
pub fn score(o: &Opportunity) -> Option<i8> {
    let (impact, effort) = (o.impact?.value(), o.effort?.value());
    Some(impact as i8 - effort as i8)
}

/// The rating after `rating` when cycling: 1, 2, 3, 4, 5, then 1 again; an unset rating
/// starts in the middle, at 3.
pub fn next_rating(rating: Option<Rating>) -> Rating {
    let next = rating.map_or(3, |r| i64::from(r.value()) % 5 + 1);
    Rating::new(next).expect("1..=5")
}

/// The status after `status` when cycling: open, planned, done, then open again.
pub fn next_status(status: OpportunityStatus) -> OpportunityStatus {
    match status {
        OpportunityStatus::Open => OpportunityStatus::Planned,
        OpportunityStatus::Planned => OpportunityStatus::Done,
        OpportunityStatus::Done => OpportunityStatus::Open,
    }
}

/// The status as the file writes it: `open`, `planned` or `done`.
pub fn status_name(status: OpportunityStatus) -> &'static str {
    match status {
        OpportunityStatus::Open => "open",
        OpportunityStatus::Planned => "planned",
        OpportunityStatus::Done => "done",
    }
}

/// Where a ranked opportunity is in its journey, owned: a ranking of places can be kept (and
/// shown a window at a time) while the app goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The stage's index in the journey.
    pub stage: usize,
    /// The card's index in its stage.
    pub card: usize,
    /// The opportunity's index in its card.
    pub index: usize,
}

impl Entry<'_> {
    /// Where the entry is.
    pub fn place(&self) -> Place {
        Place {
            stage: self.stage,
            card: self.card,
            index: self.index,
        }
    }
}

/// The ranking of [`ranked`], as places.
pub fn ranking(journey: &Journey, persona: Option<&str>) -> Vec<Place> {
    ranked(journey, persona).iter().map(Entry::place).collect()
}

/// The entry at `place` in `journey`, when there is one there.
pub fn entry_at(journey: &Journey, place: Place) -> Option<Entry<'_>> {
    let stage = journey.stages.get(place.stage)?;
    let touchpoint = stage.touchpoints.get(place.card)?;
    Some(Entry {
        stage: place.stage,
        card: place.card,
        index: place.index,
        stage_name: &stage.name,
        touchpoint,
        opportunity: touchpoint.opportunities.get(place.index)?,
    })
}

/// The row to show as selected in `places`: `row` when it is on the selected card (`card`:
/// its stage and index), else that card's first opportunity, else `row` kept in the list.
/// So the list follows the board's selection (after an undo, or on opening the view) and
/// stays put while the user moves in it.
pub fn selected_row(places: &[Place], row: usize, card: Option<(usize, usize)>) -> usize {
    let on_card = |p: &Place| card == Some((p.stage, p.card));
    if places.get(row).is_some_and(on_card) {
        return row;
    }
    places
        .iter()
        .position(on_card)
        .unwrap_or_else(|| row.min(places.len().saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opportunity(
        title: &str,
        impact: i64,
        effort: i64,
        status: OpportunityStatus,
    ) -> Opportunity {
        Opportunity {
            title: title.into(),
            impact: Rating::new(impact),
            effort: Rating::new(effort),
            status,
            ..Opportunity::default()
        }
    }

    fn titles(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| e.opportunity.title.to_string())
            .collect()
    }

    #[test]
    fn quick_wins_come_first_then_unrated_then_done() {
        use OpportunityStatus::*;
        let mut journey = Journey::with_default_stages("t");
        let mut first = Touchpoint::new("first");
        first.opportunities = vec![
            opportunity("done quick win", 5, 1, Done),
            opportunity("unrated", 0, 0, Open),
            opportunity("big and costly", 5, 5, Open),
            opportunity("impact only", 5, 0, Open),
        ];
        let mut second = Touchpoint::new("second");
        second.opportunities = vec![
            opportunity("small and easy", 3, 1, Open),
            opportunity("planned quick win", 5, 1, Planned),
            opportunity("worth it", 5, 3, Open),
            opportunity("done unrated", 0, 0, Done),
        ];
        journey.stages[0].touchpoints = vec![first];
        journey.stages[2].touchpoints = vec![second];
        let entries = ranked(&journey, None);
        assert_eq!(
            titles(&entries),
            [
                "planned quick win",
                // Score +2 each: the lower effort first.
                "small and easy",
                "worth it",
                "big and costly",
                // Unrated (or half rated), in map order.
                "unrated",
                "impact only",
                "done quick win",
                "done unrated",
            ]
        );
        let top = entries[0];
        assert_eq!((top.stage, top.card, top.index), (2, 0, 1));
        assert_eq!(top.stage_name, "Decision");
        assert_eq!(top.touchpoint.title, "second");
        assert!(top.is(&journey.stages[2].touchpoints[0].id, 1));
        assert_eq!(count(&journey), 8);
    }

    #[test]
    fn ties_keep_map_order() {
        let mut journey = Journey::with_default_stages("t");
        for (stage, title) in [(3, "d"), (0, "a"), (0, "b"), (5, "f")] {
            let mut card = Touchpoint::new(title);
            card.opportunities = vec![opportunity(title, 4, 2, OpportunityStatus::Open)];
            journey.stages[stage].touchpoints.push(card);
        }
        journey.stages[0].touchpoints[0]
            .opportunities
            .push(opportunity("a2", 4, 2, OpportunityStatus::Planned));
        assert_eq!(titles(&ranked(&journey, None)), ["a", "a2", "b", "d", "f"]);
    }

    #[test]
    fn the_demo_ranks_as_documented_and_follows_the_persona() {
        let workspace = crate::demo::workspace();
        let journey = &workspace.journeys[0];
        let entries = ranked(journey, None);
        assert_eq!(entries.len(), count(journey));
        assert_eq!(
            titles(&entries[..3]),
            [
                "Badge reviews from verified purchases",
                "Show the APR next to each option",
                "Fix ID upload on mobile browsers",
            ]
        );
        let keys: Vec<_> = entries.iter().map(|e| rank_key(e.opportunity)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
        assert!(entries.last().unwrap().opportunity.status == OpportunityStatus::Done);
        // Alex does not see Priya's trade-in email or referral.
        let alex = ranked(journey, Some("pe-0tr3p6zzw47j"));
        assert_eq!(alex.len(), entries.len() - 2);
        assert!(!titles(&alex).contains(&"Show an instant estimate in the email".to_string()));
        assert!(titles(&alex).contains(&"Free setup help in store or by video".to_string()));
    }

    #[test]
    fn cycling_wraps_around() {
        assert_eq!(next_rating(None).value(), 3);
        let values: Vec<u8> = (1..=5)
            .map(|v| next_rating(Rating::new(v)).value())
            .collect();
        assert_eq!(values, [2, 3, 4, 5, 1]);
        use OpportunityStatus::*;
        assert_eq!(next_status(Open), Planned);
        assert_eq!(next_status(Planned), Done);
        assert_eq!(next_status(Done), Open);
        assert_eq!(status_name(Planned), "planned");
        assert_eq!(score(&opportunity("x", 2, 5, Open)), Some(-3));
        assert_eq!(score(&opportunity("x", 2, 0, Open)), None);
    }

    #[test]
    fn the_selected_row_follows_the_selected_card() {
        let workspace = crate::demo::workspace();
        let journey = &workspace.journeys[0];
        let places = ranking(journey, None);
        let card = |row: usize| Some((places[row].stage, places[row].card));
        assert_eq!(selected_row(&places, 4, card(4)), 4);
        assert_eq!(selected_row(&places, 4, card(7)), 7);
        // The credit check card has two: its first in the list.
        let credit = Some((3, 1));
        let rows: Vec<usize> = (0..places.len())
            .filter(|r| Some((places[*r].stage, places[*r].card)) == credit)
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(selected_row(&places, rows[1], credit), rows[1]);
        assert_eq!(selected_row(&places, 0, credit), rows[0]);
        assert_eq!(selected_row(&places, 99, None), places.len() - 1);
        assert_eq!(selected_row(&places, 3, Some((9, 9))), 3);
        assert_eq!(selected_row(&[], 3, None), 0);
    }

    #[test]
    fn places_lead_back_to_the_ranked_entries() {
        let workspace = crate::demo::workspace();
        let journey = &workspace.journeys[0];
        let entries = ranked(journey, None);
        let places = ranking(journey, None);
        assert_eq!(places.len(), entries.len());
        for (place, entry) in places.iter().zip(&entries) {
            assert_eq!(entry_at(journey, *place).as_ref(), Some(entry));
        }
        let gone = Place {
            stage: 0,
            card: 0,
            index: 99,
        };
        assert_eq!(entry_at(journey, gone), None);
    }
}
