//! The evidence panel (`V`): every piece of evidence of the journey's cards, in map order,
//! with its source; Enter goes to the card, Esc closes.

use crate::model::{Evidence, Stage, Touchpoint};

use super::super::action::Action;
use super::super::app::{App, Mode, View};
use super::Effect;

impl App {
    /// The evidence the panel lists: each record of each card of the journey, stage by
    /// stage, card by card, with its stage and card.
    pub fn listed_evidence(&self) -> Vec<(&Stage, &Touchpoint, &Evidence)> {
        let Some(journey) = self.journey() else {
            return Vec::new();
        };
        journey
            .stages
            .iter()
            .flat_map(|s| {
                s.touchpoints
                    .iter()
                    .flat_map(move |t| t.evidence.iter().map(move |e| (s, t, e)))
            })
            .collect()
    }

    /// Opens the panel, or says there is nothing in it.
    pub(super) fn open_evidence(&mut self) {
        if self.listed_evidence().is_empty() {
            self.say(
                "no evidence on this journey yet: add quotes under a card's Evidence, or \
                 `cjm evidence import` interview notes",
            );
        } else {
            self.mode = Mode::Evidence { selected: 0 };
        }
    }

    /// Up/Down move, Enter goes to the highlighted record's card on the board, Esc closes.
    pub(super) fn update_evidence(&mut self, action: Action) -> Effect {
        let Mode::Evidence { selected } = self.mode else {
            return Effect::None;
        };
        let listed = self.listed_evidence();
        let last = listed.len().saturating_sub(1);
        let card = listed.get(selected.min(last)).map(|(_, t, _)| t.id.clone());
        match action {
            Action::Up => {
                self.mode = Mode::Evidence {
                    selected: selected.saturating_sub(1),
                }
            }
            Action::Down => {
                self.mode = Mode::Evidence {
                    selected: (selected + 1).min(last),
                }
            }
            Action::Cancel => self.mode = Mode::Board,
            Action::Confirm => {
                self.mode = Mode::Board;
                if let Some(card) = card {
                    if !self.view.has_columns() {
                        self.show_view(View::Board);
                    }
                    self.select_card(&card);
                    self.scroll_into_view();
                }
            }
            _ => {}
        }
        Effect::None
    }
}
