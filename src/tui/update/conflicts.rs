//! The conflicts of merges with someone else's saves: each kept our value; Enter takes
//! theirs instead (undoable), Esc closes the list.

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::Effect;

impl App {
    /// Opens the list, or says there is nothing to review.
    pub(super) fn open_conflicts(&mut self) {
        if self.conflicts.is_empty() {
            self.say("no conflicts: every merge so far kept both sides' edits");
        } else {
            self.mode = Mode::Conflicts { selected: 0 };
        }
    }

    /// Up/Down choose a conflict, Enter takes the other side's value, Esc closes.
    pub(super) fn update_conflicts(&mut self, action: Action) -> Effect {
        let Mode::Conflicts { selected } = self.mode else {
            return Effect::None;
        };
        let last = self.conflicts.len().saturating_sub(1);
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
            Action::Confirm => {
                let Some(conflict) = self.conflicts.get(selected) else {
                    return Effect::None;
                };
                let Some(edit) = conflict.pick_other(&self.doc.workspace) else {
                    self.conflicts.remove(selected);
                    self.say("that record is gone: nothing to take");
                    return Effect::None;
                };
                let effect = self.apply(edit);
                self.conflicts.remove(selected);
                self.say("took the other side's value — u undoes");
                self.mode = if self.conflicts.is_empty() {
                    Mode::Board
                } else {
                    Mode::Conflicts {
                        selected: selected.min(self.conflicts.len() - 1),
                    }
                };
                return effect;
            }
            _ => {}
        }
        Effect::None
    }
}
