//! The question asked at start when unsaved edits of earlier runs were found, one journal
//! after another.

use crate::edit::Edit;
use crate::merge::merge;
use crate::model::Workspace;
use crate::store;

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::Effect;

impl App {
    /// Shows the next journal to offer back, if any.
    pub fn offer_next_recovery(&mut self) {
        if self.recoveries.is_empty() {
            return;
        }
        let next = self.recoveries.remove(0);
        self.mode = Mode::Recover(Box::new(next));
    }

    /// `y` restores the recovered edits (undoable, saved like any edit); `n` or Esc keeps the
    /// journal aside, never deleted. Edits grown from the file as it still is come back as
    /// they were; when the file was saved since, they are merged with it, and every field the
    /// two hold differently is a conflict to look at, never a silent loss.
    pub(super) fn update_recover(&mut self, action: Action) -> Effect {
        let Mode::Recover(orphan) = std::mem::replace(&mut self.mode, Mode::Board) else {
            return Effect::None;
        };
        let effect = match action {
            Action::Confirm => {
                let recovery = orphan.recovery;
                let draft = recovery.draft.clone();
                let (workspace, conflicts) = if recovery.base == self.doc.fingerprint() {
                    (recovery.workspace, Vec::new())
                } else {
                    // No common base at hand: every record both hold is merged field by field
                    // as if both had added it.
                    let merged = merge(
                        &Workspace::default(),
                        &recovery.workspace,
                        &self.doc.workspace,
                    );
                    (merged.workspace, merged.conflicts)
                };
                let effect = self.apply(Edit::ReplaceAll {
                    workspace: Box::new(workspace),
                });
                self.restored_journals.push(orphan.path);
                let mut said =
                    "restored the unsaved edits — u undoes, they are saved in a second".to_string();
                if !conflicts.is_empty() {
                    said = format!(
                        "restored the unsaved edits, merged with the file as saved since; {} \
                         field(s) differ — : review conflicts",
                        conflicts.len()
                    );
                    self.conflicts.extend(conflicts);
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
        effect
    }
}
