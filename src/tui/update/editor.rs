//! The field editor: adding a card by its title, editing a field in place, committing it as an
//! edit (against the card as the editor opened it), and channel suggestions.

use crate::edit::Edit;
use crate::model::{FieldValue, Touchpoint, TouchpointField};
use crate::search;

use super::super::action::Action;
use super::super::app::{App, EditTarget, FieldEditor, Mode};
use super::super::input::{text_input, text_of};
use super::Effect;

impl App {
    pub(super) fn update_editor(&mut self, action: Action) -> Effect {
        let in_card = matches!(self.mode, Mode::Card { .. });
        match action {
            Action::Confirm => {
                if let Some(editor) = &mut self.editor
                    && let Some(i) = editor.suggestion
                {
                    let choice = editor.suggestions[i].clone();
                    editor.input = text_input(&choice);
                }
                self.commit_editor()
            }
            Action::Cancel => {
                if let Some(editor) = self.editor.take()
                    && matches!(editor.target, EditTarget::NewCard { .. })
                {
                    self.say("nothing added");
                }
                Effect::None
            }
            Action::NextField | Action::PrevField => {
                if action == Action::NextField && self.complete_channel() {
                    return Effect::None;
                }
                let effect = self.commit_editor();
                if self.editor.is_none() && in_card {
                    // On to the next field, ready to type.
                    self.update_card(action);
                    self.update_card(Action::EditField);
                }
                effect
            }
            _ => Effect::None,
        }
    }

    pub(super) fn start_adding_card(&mut self) {
        let Some((_, stage, card)) = self.ids() else {
            self.say("this journey has no stage: press A to add one");
            return;
        };
        let index = if card.is_some() { self.sel.card + 1 } else { 0 };
        self.editor = Some(FieldEditor {
            target: EditTarget::NewCard { stage, index },
            field: TouchpointField::Title,
            input: text_input(""),
            suggestions: Vec::new(),
            suggestion: None,
            channels: Vec::new(),
            seen: None,
        });
        self.sel.card = index;
    }

    pub(super) fn start_editing(&mut self, field: TouchpointField) {
        let Some(card) = self.card() else {
            self.say("no card here: press a to add one");
            return;
        };
        let text = self.field_edit_text(card, field);
        self.editor = Some(FieldEditor {
            target: EditTarget::Card(card.id.clone()),
            field,
            input: text_input(&text),
            suggestions: Vec::new(),
            suggestion: None,
            channels: self.known_channels(field),
            seen: Some(card.clone()),
        });
        self.refresh_suggestions();
    }

    /// A field's value as text to edit; personas by name, one per line.
    pub(super) fn field_edit_text(&self, card: &Touchpoint, field: TouchpointField) -> String {
        if field == TouchpointField::Personas {
            let names: Vec<String> = card
                .personas
                .iter()
                .map(|id| self.persona_label(id))
                .collect();
            names.join("\n")
        } else {
            card.field_text(field)
        }
    }

    /// Edited text as a field's value, or why it is not one.
    pub(super) fn parse_field_text(
        &self,
        card: &Touchpoint,
        field: TouchpointField,
        text: &str,
    ) -> Result<FieldValue, String> {
        if field == TouchpointField::Personas {
            self.persona_ids(text).map(FieldValue::List)
        } else {
            card.parse_field(field, text)
        }
    }

    /// Commits the editor's text. An invalid value keeps the editor open with a message.
    pub(super) fn commit_editor(&mut self) -> Effect {
        let Some(editor) = self.editor.take() else {
            return Effect::None;
        };
        let Some(journey) = self.journey().map(|j| j.id.clone()) else {
            return Effect::None;
        };
        let text = text_of(&editor.input);
        match &editor.target {
            EditTarget::NewCard { stage, index } => {
                let title = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if title.is_empty() {
                    self.say("nothing added: a card needs a title");
                    return Effect::None;
                }
                let card = Touchpoint::new(&title);
                let id = card.id.clone();
                let effect = self.apply(Edit::AddCard {
                    journey,
                    stage: stage.clone(),
                    index: *index,
                    card,
                });
                self.select_card(&id);
                self.say(format!("added “{title}”"));
                effect
            }
            EditTarget::Card(id) => {
                let Some(card) = self.card().filter(|c| &c.id == id) else {
                    return Effect::None;
                };
                let parsed = self.parse_field_text(card, editor.field, &text);
                let value = match parsed {
                    Ok(value) => value,
                    Err(message) => {
                        self.warn(message);
                        self.editor = Some(editor);
                        return Effect::None;
                    }
                };
                let seen = editor.seen.as_ref().unwrap_or(card);
                let stamp = self.stamp();
                let ws = &self.doc.workspace;
                match crate::merge::card_field_edit(ws, id, editor.field, value, seen, &stamp) {
                    Some(edit) => {
                        let conflict = matches!(edit, Edit::Batch { .. });
                        let effect = self.apply(edit);
                        if conflict {
                            self.warn(
                                "someone else changed this field while you typed: both values \
                                 are kept as a conflict — : review conflicts",
                            );
                        }
                        effect
                    }
                    None => Effect::None,
                }
            }
        }
    }

    /// Tab in a channel editor takes the highlighted (or first) suggestion; returns whether it
    /// changed the text.
    pub(super) fn complete_channel(&mut self) -> bool {
        let Some(editor) = &mut self.editor else {
            return false;
        };
        let Some(choice) = editor
            .suggestions
            .get(editor.suggestion.unwrap_or(0))
            .cloned()
        else {
            return false;
        };
        if text_of(&editor.input) == choice {
            return false;
        }
        editor.input = text_input(&choice);
        self.refresh_suggestions();
        true
    }

    /// The journey's known channels when `field` is the channel (its editor suggests them).
    pub(super) fn known_channels(&self, field: TouchpointField) -> Vec<String> {
        match self.journey() {
            Some(journey) if field == TouchpointField::Channel => journey.known_channels(),
            _ => Vec::new(),
        }
    }

    pub(super) fn refresh_suggestions(&mut self) {
        let Some(editor) = self
            .editor
            .as_mut()
            .filter(|editor| editor.field == TouchpointField::Channel)
        else {
            return;
        };
        let typed = text_of(&editor.input);
        editor.suggestions = search::filter(&typed, &editor.channels)
            .into_iter()
            .map(|(i, _)| editor.channels[i].clone())
            .collect();
        editor.suggestion = None;
    }
}
