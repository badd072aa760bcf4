//! A field of the open card edited in the user's editor: the update leaves the request for
//! the event loop (which suspends the screen and runs the editor, see `tui::external`) and
//! takes the outcome back as one undoable edit, or as a message when it failed.

use crate::edit::Edit;
use crate::model::TouchpointField;

use super::super::app::{App, ExternalEdit, Pending};
use super::Effect;

impl App {
    /// Asks the event loop to open `field` of the selected card in the user's editor.
    pub(super) fn edit_externally(&mut self, field: TouchpointField) -> Effect {
        let (Some(journey), Some(card)) = (self.journey(), self.card()) else {
            self.say("no card here: press a to add one");
            return Effect::None;
        };
        let request = ExternalEdit {
            journey: journey.id.clone(),
            card: card.id.clone(),
            field,
            text: self.field_edit_text(card, field),
        };
        self.pending = Some(Pending::Edit(request));
        Effect::Terminal
    }

    /// Takes in what the editor left: the field's new text as one undoable edit, or, when
    /// the editor failed, a message and the field as it was.
    pub fn finish_external_edit(
        &mut self,
        request: ExternalEdit,
        outcome: Result<String, String>,
    ) -> Effect {
        let label = request.field.label().to_lowercase();
        let text = match outcome {
            Ok(text) => text,
            Err(reason) => {
                self.warn(format!("{reason}: {label} unchanged"));
                return Effect::None;
            }
        };
        let card = self
            .doc
            .workspace
            .journeys
            .iter()
            .find(|j| j.id == request.journey)
            .and_then(|j| {
                j.stages
                    .iter()
                    .flat_map(|s| &s.touchpoints)
                    .find(|c| c.id == request.card)
            });
        let Some(card) = card else {
            self.warn("the card is gone (deleted meanwhile): the edit is dropped");
            return Effect::None;
        };
        let value = match self.parse_field_text(card, request.field, &text) {
            Ok(value) => value,
            Err(message) => {
                self.warn(format!("{message}: {label} unchanged"));
                return Effect::None;
            }
        };
        if value == card.get(request.field) {
            self.say(format!("{label} unchanged: the editor left it as it was"));
            return Effect::None;
        }
        let effect = self.apply(Edit::SetField {
            journey: request.journey,
            card: request.card,
            field: request.field,
            value,
        });
        if effect == Effect::Edited {
            self.say(format!("{label} edited in the editor — u to undo"));
        }
        self.clamp_selection();
        effect
    }
}
