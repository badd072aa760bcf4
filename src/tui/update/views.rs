//! Switching views, filtering by persona, stamping a review, and moving in the list views
//! (channels, KPIs, opportunities), which share the board's keys.

use crate::edit::Edit;
use crate::model::date;

use super::super::action::Action;
use super::super::app::{App, View};
use super::Effect;

mod channels;
mod compare;
mod kpis;
mod opportunities;

impl App {
    /// Shows `view`, keeping the selection.
    pub(super) fn show_view(&mut self, view: View) {
        self.view = view;
        self.row = 0;
        self.drill = None;
        let number = View::ALL.iter().position(|v| *v == view).unwrap_or(0) + 1;
        self.say(format!("view {number}: {}", view.name()));
    }

    /// Filters the map to the next persona of the workspace, then to none.
    pub(super) fn cycle_persona(&mut self) {
        let personas = &self.doc.workspace.personas;
        if personas.is_empty() {
            self.say("no personas yet: add them with p");
            return;
        }
        let next = match &self.persona {
            None => Some(0),
            Some(id) => personas
                .iter()
                .position(|p| p.id == *id)
                .map(|i| i + 1)
                .filter(|i| *i < personas.len()),
        };
        self.persona = next.map(|i| personas[i].id.clone());
        let message = match next {
            Some(i) => format!("persona: {} (P for the next)", personas[i].name),
            None => "all personas".to_string(),
        };
        self.say(message);
    }

    /// Stamps today as the journey's last review.
    pub(super) fn mark_reviewed(&mut self) -> Effect {
        let Some(journey) = self.journey() else {
            return Effect::None;
        };
        let today = date::today_text();
        let details = crate::model::Journey {
            last_reviewed: Some(today.clone()),
            stages: Vec::new(),
            ..journey.clone()
        };
        let edit = Edit::SetJourneyDetails {
            journey: journey.id.clone(),
            details: Box::new(details),
        };
        let effect = self.apply(edit);
        self.say(format!("reviewed today, {today}"));
        effect
    }

    /// Moves and opens in a list view.
    pub(super) fn update_list_view(&mut self, action: Action) -> Effect {
        match self.view {
            View::Channels => self.update_channels(action),
            View::Kpis => self.update_kpis(action),
            View::Opportunities => self.update_opportunities(action),
            View::Compare => self.update_compare(action),
            View::Analytics => self.update_analytics(action),
            View::Board | View::Lanes => Effect::None,
        }
    }
}
