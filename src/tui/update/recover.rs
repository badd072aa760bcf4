//! The question asked at start when unsaved edits of earlier runs were found, one journal
//! after another.

use crate::edit::Edit;
use crate::merge::merge;
use crate::store;

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::Effect;

impl App {
    /// Shows the next journal to offer back, if any.
    pub fn offer_next_recovery(&mut self) {
        if self.journals.to_offer.is_empty() {
            return;
        }
        let next = self.journals.to_offer.remove(0);
        self.mode = Mode::Recover(Box::new(next));
    }

    /// `y` restores the recovered edits (undoable, saved like any edit); `n` or Esc keeps the
    /// journal aside, never deleted. The recovered edits are merged into what is here (the
    /// file, and journals restored before): where both hold a field differently, what is here
    /// stays and the recovered value is a conflict to pick, never a silent loss.
    pub(super) fn update_recover(&mut self, action: Action) -> Effect {
        let Mode::Recover(orphan) = std::mem::replace(&mut self.mode, Mode::Board) else {
            return Effect::None;
        };
        let effect = match action {
            Action::Confirm => {
                let recovery = orphan.recovery;
                let draft = recovery.draft.clone();
                // Grown from the file as this instance read it: a true three-way merge with
                // what is here (which, with no edit here yet, is exactly the recovered edits).
                // Otherwise no common base is at hand, and every record both hold is merged
                // field by field as if both had added it.
                let base = if recovery.base == self.doc.fingerprint() {
                    self.doc.base_workspace().ok()
                } else {
                    None
                };
                let merged = merge(
                    &base.unwrap_or_default(),
                    &self.doc.workspace,
                    &recovery.workspace,
                );
                let (workspace, conflicts) = (merged.workspace, merged.conflicts);
                let effect = self.apply(Edit::ReplaceAll {
                    workspace: Box::new(workspace),
                });
                self.journals.taken_in.push(orphan.path);
                let mut said =
                    "restored the unsaved edits — u undoes, they are saved in a second".to_string();
                if !conflicts.is_empty() {
                    said = format!(
                        "restored the unsaved edits, merged with the file as saved since; {} \
                         field(s) differ — : review conflicts",
                        conflicts.len()
                    );
                }
                if let Some(draft) = draft {
                    said.push_str(&format!(
                        " · text typed in {} was not a valid value: {}",
                        draft.about, draft.text
                    ));
                }
                self.warn(said);
                effect
            }
            Action::Cancel => {
                match store::set_aside(&orphan.path) {
                    Ok(aside) => self.say(format!("kept the edits aside in {}", aside.display())),
                    Err(e) => self.warn(format!("could not set the recovery aside: {e}")),
                }
                Effect::None
            }
            _ => {
                self.mode = Mode::Recover(orphan);
                return Effect::None;
            }
        };
        self.offer_next_recovery();
        // A new file whose recovered edits were set aside: still to be started.
        if matches!(self.mode, Mode::Board)
            && self.doc.fingerprint().is_none()
            && self.doc.workspace.journeys.is_empty()
            && !self.doc.path.exists()
        {
            self.offer_start();
        }
        effect
    }
}
