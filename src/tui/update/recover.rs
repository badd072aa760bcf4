//! The question asked at start when unsaved edits of an earlier run were found.

use crate::edit::Edit;
use crate::store;

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::Effect;

impl App {
    /// `y` restores the recovered edits (undoable, saved like any edit); `n` or Esc keeps the
    /// recovery file aside, never deleted.
    pub(super) fn update_recover(&mut self, action: Action) -> Effect {
        let Mode::Recover(recovery) = std::mem::replace(&mut self.mode, Mode::Board) else {
            return Effect::None;
        };
        match action {
            Action::Confirm => {
                let effect = self.apply(Edit::ReplaceAll {
                    workspace: Box::new(recovery.workspace),
                });
                self.say("restored the unsaved edits — u undoes, they are saved in a second");
                effect
            }
            Action::Cancel => {
                match store::set_aside(&self.doc.path) {
                    Ok(aside) => self.say(format!("kept the edits aside in {}", aside.display())),
                    Err(e) => self.warn(format!("could not set the recovery aside: {e}")),
                }
                Effect::None
            }
            _ => {
                self.mode = Mode::Recover(recovery);
                Effect::None
            }
        }
    }
}
