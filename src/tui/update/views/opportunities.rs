//! Moving in the opportunities view and rating the selected opportunity.
//!
//! The selected row is `App::row` in the ranked list of [`crate::report::opportunities`];
//! moving it also selects the opportunity's card, so the board's card keys act on it. When
//! the selected card changes under the list (an undo, or opening the view from the board),
//! the list follows it: see [`opportunities::selected_row`].

use crate::edit::Edit;
use crate::model::{FieldValue, Rating, TouchpointField};
use std::rc::Rc;

use crate::report::opportunities::{self, Place};

use super::super::super::action::Action;
use super::super::super::app::{App, View};
use super::super::Effect;

impl App {
    /// The ranked opportunities' places (a summary kept until the workspace changes) and the
    /// selected row among them.
    fn opportunity_places(&self) -> (Rc<Vec<Place>>, usize) {
        let places = self
            .doc
            .summary(
                self.sel.journey,
                self.persona.as_deref(),
                opportunities::ranking,
            )
            .unwrap_or_default();
        let card = self.card().map(|_| (self.sel.stage, self.sel.card));
        let row = opportunities::selected_row(&places, self.row, card);
        (places, row)
    }

    /// The selected opportunity: its card's id and its index among the card's opportunities.
    pub(in super::super) fn selected_opportunity(&self) -> Option<(String, usize)> {
        let (places, row) = self.opportunity_places();
        let place = places.get(row)?;
        let entry = opportunities::entry_at(self.journey()?, *place)?;
        Some((entry.touchpoint.id.clone(), place.index))
    }

    /// Selects `row` of the list, and its opportunity's card.
    fn select_opportunity(&mut self, places: &[Place], row: usize) {
        self.row = row.min(places.len().saturating_sub(1));
        if let Some(place) = places.get(self.row) {
            self.sel.stage = place.stage;
            self.sel.card = place.card;
        }
    }

    /// Up/Down (and Home/End) choose an opportunity, Enter shows its card on the board.
    pub(in super::super) fn update_opportunities(&mut self, action: Action) -> Effect {
        let (places, row) = self.opportunity_places();
        if places.is_empty() {
            if action == Action::OpenCard {
                self.say("no opportunity here: add them in a card (Enter on the board)");
            }
            return Effect::None;
        }
        let last = places.len() - 1;
        let row = match action {
            Action::Up => row.saturating_sub(1),
            Action::Down => (row + 1).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::OpenCard => {
                self.select_opportunity(&places, row);
                self.view = View::Board;
                let title = self.card().map(|c| c.title.clone()).unwrap_or_default();
                self.say(format!("view 1: board, on “{title}”"));
                return Effect::None;
            }
            _ => return Effect::None,
        };
        self.select_opportunity(&places, row);
        Effect::None
    }

    /// I or E: arms the selected opportunity's impact or effort, for a digit 1–5 to set (or
    /// the same key again to step it).
    pub(in super::super) fn arm_rating(&mut self, action: Action) {
        let Some((what, title)) = self.rating_target(action) else {
            return;
        };
        let key = if action == Action::CycleImpact {
            "I"
        } else {
            "E"
        };
        self.rating = Some(action);
        // What to type first: a long title is what gives way on a narrow status line.
        self.say(format!(
            "{what}: type 1 (small) to 5 (large), {key} again steps it — “{title}”"
        ));
    }

    /// What `action` rates and the selected opportunity's title, or `None` after saying why
    /// there is none.
    fn rating_target(&mut self, action: Action) -> Option<(&'static str, String)> {
        let what = match action {
            Action::CycleImpact => "impact",
            Action::CycleEffort => "effort",
            _ => "status",
        };
        if self.view != View::Opportunities {
            self.say(format!(
                "{what} of an opportunity: in view 5 (opportunities)"
            ));
            return None;
        }
        let (places, row) = self.opportunity_places();
        let Some(place) = places.get(row) else {
            self.say("no opportunity to change");
            return None;
        };
        let title = self
            .journey()?
            .stages
            .get(place.stage)?
            .touchpoints
            .get(place.card)?
            .opportunities
            .get(place.index)?
            .title
            .clone();
        Some((what, title.to_string()))
    }

    /// Sets the selected opportunity's impact or effort to `value` (1..5), or steps it
    /// (1..5, wrapping; unset starts at 3), or steps its status (open, planned, done), as one
    /// undoable edit of the card's opportunities. The selection stays on the opportunity
    /// wherever it ranks now.
    pub(in super::super) fn rate_opportunity(
        &mut self,
        action: Action,
        value: Option<u8>,
    ) -> Effect {
        let Some((what, _)) = self.rating_target(action) else {
            return Effect::None;
        };
        let (places, row) = self.opportunity_places();
        let Some(&place) = places.get(row) else {
            return Effect::None;
        };
        let Some(journey) = self.journey() else {
            return Effect::None;
        };
        let journey_id = journey.id.clone();
        let Some(card) = journey
            .stages
            .get(place.stage)
            .and_then(|s| s.touchpoints.get(place.card))
        else {
            return Effect::None;
        };
        let mut items = card.opportunities.clone();
        let Some(item) = items.get_mut(place.index) else {
            return Effect::None;
        };
        let rating = |r: Option<Rating>| r.map_or("·".to_string(), |r| r.value().to_string());
        let set = |r: Option<Rating>| {
            value
                .and_then(|v| Rating::new(i64::from(v)))
                .unwrap_or_else(|| opportunities::next_rating(r))
        };
        let (before, after) = match action {
            Action::CycleImpact => {
                let before = rating(item.impact);
                item.impact = Some(set(item.impact));
                (before, rating(item.impact))
            }
            Action::CycleEffort => {
                let before = rating(item.effort);
                item.effort = Some(set(item.effort));
                (before, rating(item.effort))
            }
            _ => {
                let before = opportunities::status_name(item.status);
                item.status = opportunities::next_status(item.status);
                (
                    before.to_string(),
                    opportunities::status_name(item.status).to_string(),
                )
            }
        };
        let message = format!("{what} {before} → {after}: “{}” — u to undo", item.title);
        let effect = self.apply(Edit::SetField {
            journey: journey_id,
            card: card.id.clone(),
            field: TouchpointField::Opportunities,
            value: FieldValue::Opportunities(items),
        });
        if effect == Effect::Edited {
            self.say(message);
        }
        // Follow the opportunity to its new rank.
        // The edit changes no place, only the ranking: follow the opportunity to its new row.
        let (places, _) = self.opportunity_places();
        if let Some(row) = places.iter().position(|p| *p == place) {
            self.select_opportunity(&places, row);
        }
        effect
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testkit::{demo_app, keys as chars, message, press};

    fn demo() -> App {
        demo_app((80, 24))
    }

    use crossterm::event::KeyCode;

    use crate::model::OpportunityStatus;
    use crate::report::opportunities;

    use crate::tui::app::{App, View};
    use crate::tui::update::Effect;

    /// The selected opportunity's title (the row as the view shows it).
    fn selected(app: &App) -> String {
        let journey = app.journey().unwrap();
        let places = opportunities::ranking(journey, app.persona.as_deref());
        let card = app.card().map(|_| (app.sel.stage, app.sel.card));
        let row = opportunities::selected_row(&places, app.row, card);
        let entry = opportunities::entry_at(journey, places[row]).unwrap();
        entry.opportunity.title.to_string()
    }

    fn find(app: &App, title: &str) -> (usize, usize, usize) {
        let journey = app.journey().unwrap();
        for (s, stage) in journey.stages.iter().enumerate() {
            for (c, card) in stage.touchpoints.iter().enumerate() {
                if let Some(i) = card.opportunities.iter().position(|o| o.title == title) {
                    return (s, c, i);
                }
            }
        }
        panic!("no opportunity {title}");
    }

    fn opportunity(app: &App, title: &str) -> crate::model::Opportunity {
        let (s, c, i) = find(app, title);
        app.journey().unwrap().stages[s].touchpoints[c].opportunities[i].clone()
    }

    #[test]
    fn moving_selects_the_opportunitys_card() {
        let mut app = demo();
        // The first card, "Sees an unboxing video", has one opportunity: the view opens on it.
        chars(&mut app, "5");
        assert_eq!(app.view, View::Opportunities);
        assert_eq!(selected(&app), "Partner with creators on honest reviews");
        press(&mut app, KeyCode::Home);
        assert_eq!(app.row, 0);
        assert_eq!(selected(&app), "Badge reviews from verified purchases");
        assert_eq!(app.card().unwrap().title, "Reads customer reviews");
        press(&mut app, KeyCode::Down);
        assert_eq!(app.row, 1);
        assert_eq!(selected(&app), "Show the APR next to each option");
        assert_eq!(app.card().unwrap().title, "Chooses a payment plan");
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Up);
        assert_eq!(app.row, 0);
        press(&mut app, KeyCode::End);
        assert_eq!(app.row, 18);
        press(&mut app, KeyCode::Down);
        assert_eq!(app.row, 18);
        // Left, Right and Esc leave the list alone.
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Esc);
        assert_eq!((app.view, app.row), (View::Opportunities, 18));
    }

    #[test]
    fn enter_shows_the_card_on_the_board() {
        let mut app = demo();
        chars(&mut app, "5");
        press(&mut app, KeyCode::Home);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        assert_eq!(selected(&app), "Fix ID upload on mobile browsers");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Board);
        assert_eq!((app.sel.stage, app.sel.card), (3, 1));
        assert_eq!(message(&app), "view 1: board, on “Fails the credit check”");
    }

    #[test]
    fn i_e_and_s_cycle_the_selected_opportunity_and_u_undoes() {
        let mut app = demo();
        chars(&mut app, "5");
        press(&mut app, KeyCode::Home);
        let title = "Badge reviews from verified purchases";
        assert_eq!(selected(&app), title);
        // I arms the impact and says how to set it; I again steps it: 4 -> 5, still first.
        assert_eq!(chars(&mut app, "I"), Effect::None);
        assert_eq!(
            message(&app),
            format!("impact: type 1 (small) to 5 (large), I again steps it — “{title}”")
        );
        assert_eq!(chars(&mut app, "I"), Effect::Edited);
        assert_eq!(opportunity(&app, title).impact.unwrap().value(), 5);
        assert_eq!(
            message(&app),
            format!("impact 4 → 5: “{title}” — u to undo")
        );
        assert_eq!((app.row, selected(&app)), (0, title.to_string()));
        // A digit sets it at once: 1, score -1, it drops; the selection follows it.
        chars(&mut app, "I1");
        assert_eq!(opportunity(&app, title).impact.unwrap().value(), 1);
        assert_eq!(selected(&app), title);
        assert!(app.row > 10, "ranked lower: {}", app.row);
        assert_eq!(app.card().unwrap().title, "Reads customer reviews");
        // Effort 2 -> 3.
        chars(&mut app, "E3");
        assert_eq!(opportunity(&app, title).effort.unwrap().value(), 3);
        // A digit without I or E before it still switches the view; I then another key
        // drops the arming and does what that key does.
        chars(&mut app, "Ij");
        assert_eq!(app.rating, None);
        chars(&mut app, "k");
        assert_eq!(selected(&app), title);
        // Status planned -> done -> open: done ranks last.
        chars(&mut app, "S");
        assert_eq!(opportunity(&app, title).status, OpportunityStatus::Done);
        assert_eq!(
            message(&app),
            format!("status planned → done: “{title}” — u to undo")
        );
        assert_eq!(selected(&app), title);
        chars(&mut app, "S");
        assert_eq!(opportunity(&app, title).status, OpportunityStatus::Open);
        // Undo, one change at a time, back to impact 4, effort 2, planned, ranked first.
        for _ in 0..5 {
            assert_eq!(chars(&mut app, "u"), Effect::Edited);
            assert_eq!(selected(&app), title);
        }
        let back = opportunity(&app, title);
        assert_eq!(back.impact.unwrap().value(), 4);
        assert_eq!(back.effort.unwrap().value(), 2);
        assert_eq!(back.status, OpportunityStatus::Planned);
        assert_eq!(selected(&app), title);
        assert_eq!(message(&app), "undid edit opportunities");
        assert_eq!(app.view, View::Opportunities);
    }

    #[test]
    fn the_right_one_of_a_cards_two_opportunities_changes() {
        let mut app = demo();
        chars(&mut app, "5");
        press(&mut app, KeyCode::Home);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        let title = "Fix ID upload on mobile browsers";
        assert_eq!(selected(&app), title);
        chars(&mut app, "E3");
        assert_eq!(opportunity(&app, title).effort.unwrap().value(), 3);
        let other = opportunity(&app, "Explain why and offer ID check in store");
        assert_eq!(other.effort.unwrap().value(), 3);
        assert_eq!(other.impact.unwrap().value(), 5);
        assert_eq!(selected(&app), title);
    }

    #[test]
    fn an_unset_rating_starts_at_three() {
        let mut app = demo();
        let (s, c, _) = find(&app, "Remind customers what to bring");
        let journey = app.journey().unwrap().id.clone();
        let card = app.journey().unwrap().stages[s].touchpoints[c].clone();
        let mut items = card.opportunities.clone();
        items[0].impact = None;
        items[0].effort = None;
        app.doc
            .apply(crate::edit::Edit::SetField {
                journey,
                card: card.id.clone(),
                field: crate::model::TouchpointField::Opportunities,
                value: crate::model::FieldValue::Opportunities(items),
            })
            .unwrap();
        app.sel.stage = s;
        app.sel.card = c;
        chars(&mut app, "5");
        assert_eq!(selected(&app), "Remind customers what to bring");
        chars(&mut app, "IIEE");
        let now = opportunity(&app, "Remind customers what to bring");
        assert_eq!(now.impact.unwrap().value(), 3);
        assert_eq!(now.effort.unwrap().value(), 3);
        assert_eq!(
            message(&app),
            "effort · → 3: “Remind customers what to bring” — u to undo"
        );
    }

    #[test]
    fn outside_view_5_the_keys_say_where_they_work() {
        let mut app = demo();
        let before = app.doc.workspace.clone();
        assert_eq!(chars(&mut app, "I"), Effect::None);
        assert_eq!(
            message(&app),
            "impact of an opportunity: in view 5 (opportunities)"
        );
        chars(&mut app, "3S");
        assert_eq!(
            message(&app),
            "status of an opportunity: in view 5 (opportunities)"
        );
        chars(&mut app, "E");
        assert_eq!(
            message(&app),
            "effort of an opportunity: in view 5 (opportunities)"
        );
        assert_eq!(app.doc.workspace, before);
    }

    #[test]
    fn a_journey_without_opportunities_says_so() {
        let mut app = demo();
        chars(&mut app, "N");
        chars(&mut app, "Empty");
        press(&mut app, KeyCode::Enter);
        chars(&mut app, "5");
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Opportunities);
        assert!(message(&app).starts_with("no opportunity here"));
        chars(&mut app, "I");
        assert_eq!(message(&app), "no opportunity to change");
    }
}
