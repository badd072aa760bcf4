//! Text typed and not yet taken in when the app must end at once (the link dropped, a signal,
//! a dead terminal): taken in as Enter (Ctrl-s in a form) would take it, so the journal holds
//! it; what cannot be taken in (a value the field refuses) is kept as a draft in the journal.

use crate::store::Draft;

use super::super::action::Action;
use super::super::app::{App, EditTarget, Mode};
use super::super::input::text_of;

impl App {
    /// Takes in the text of the open editor, prompt or form as its own confirm key would;
    /// returns what could not be taken in. Nothing in review mode, where nothing is written.
    pub fn take_in_open_text(&mut self) -> Option<Draft> {
        if self.doc.read_only.is_some() {
            return None;
        }
        if let Some(editor) = &self.editor {
            let text = text_of(&editor.input);
            let about = match &editor.target {
                EditTarget::Card(id) => {
                    let title = self
                        .journey()
                        .and_then(|j| j.find_touchpoint(id).map(|(s, c)| (j, s, c)))
                        .map(|(j, s, c)| j.stages[s].touchpoints[c].title.to_string())
                        .unwrap_or_default();
                    format!("the {} of “{title}”", editor.field.label().to_lowercase())
                }
                EditTarget::NewCard { .. } => "the title of a new card".to_string(),
            };
            self.commit_editor();
            return self.editor.as_ref().map(|_| Draft { about, text });
        }
        let (about, text) = match &self.mode {
            Mode::Prompt { purpose, input } if purpose.answer_is_writing() => {
                let text = text_of(input);
                if text.trim().is_empty() {
                    return None;
                }
                (format!("the “{}” prompt", purpose.title()), text)
            }
            Mode::Form { kind, input } => {
                let text = text_of(input);
                if self.form_text(kind).as_ref() == Some(&text) {
                    return None;
                }
                ("an open form".to_string(), text)
            }
            _ => return None,
        };
        if matches!(self.mode, Mode::Prompt { .. }) {
            self.update_prompt(Action::Confirm);
        } else {
            self.update_form(Action::Confirm);
        }
        matches!(self.mode, Mode::Prompt { .. } | Mode::Form { .. })
            .then_some(Draft { about, text })
    }
}
