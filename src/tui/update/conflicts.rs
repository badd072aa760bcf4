//! The conflicts kept in the workspace: every value of each, with who wrote it and when;
//! Enter takes the highlighted value (undoable, saved and seen by every instance like any
//! edit), Esc closes the list.

use crate::merge::{choices, resolve};

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::Effect;

impl App {
    /// Opens the list, or says there is nothing to review.
    pub(super) fn open_conflicts(&mut self) {
        if self.doc.workspace.conflicts.is_empty() {
            self.say("no conflicts: every merge so far kept both sides' edits");
        } else {
            self.mode = Mode::Conflicts { selected: 0 };
        }
    }

    /// The conflict of row `row` of the list and the value that row offers.
    pub fn conflict_row(&self, row: usize) -> Option<(usize, serde_json::Value)> {
        let ws = &self.doc.workspace;
        let mut left = row;
        for (i, conflict) in ws.conflicts.iter().enumerate() {
            let choices = choices(ws, conflict);
            if left < choices.len() {
                return Some((i, choices[left].value.clone()));
            }
            left -= choices.len();
        }
        None
    }

    /// How many rows the list has: one per value each conflict offers.
    fn conflict_rows(&self) -> usize {
        let ws = &self.doc.workspace;
        ws.conflicts.iter().map(|c| choices(ws, c).len()).sum()
    }

    /// Up/Down choose a value, Enter takes it, Esc closes.
    pub(super) fn update_conflicts(&mut self, action: Action) -> Effect {
        let Mode::Conflicts { selected } = self.mode else {
            return Effect::None;
        };
        let last = self.conflict_rows().saturating_sub(1);
        match action {
            Action::Up => {
                self.mode = Mode::Conflicts {
                    selected: selected.saturating_sub(1),
                }
            }
            Action::Down => {
                self.mode = Mode::Conflicts {
                    selected: (selected + 1).min(last),
                }
            }
            Action::Cancel => self.mode = Mode::Board,
            Action::Confirm => return self.take_conflict_value(selected),
            _ => {}
        }
        Effect::None
    }

    /// Resolves the conflict of row `row` with that row's value.
    fn take_conflict_value(&mut self, row: usize) -> Effect {
        let Some((c, value)) = self.conflict_row(row) else {
            return Effect::None;
        };
        let id = self.doc.workspace.conflicts[c].id.clone();
        let edit = resolve(&self.doc.workspace, &id, &value).unwrap_or_else(|| {
            // Its record (or the stage to move to) is gone: nothing to set, only to drop.
            crate::edit::Edit::RemoveConflict {
                conflict: id.clone(),
            }
        });
        let effect = self.apply(edit);
        self.say("resolved the conflict — u undoes");
        let rows = self.conflict_rows();
        self.mode = if rows == 0 {
            Mode::Board
        } else {
            // The next conflict's first value, now where this one was.
            let ws = &self.doc.workspace;
            let at = ws.conflicts[..c.min(ws.conflicts.len())]
                .iter()
                .map(|c| choices(ws, c).len())
                .sum::<usize>();
            Mode::Conflicts {
                selected: at.min(rows - 1),
            }
        };
        effect
    }
}
