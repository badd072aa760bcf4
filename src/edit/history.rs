//! Undo and redo as two stacks of inverse edits, without a fixed limit.

use super::{Edit, EditError, Touched};
use crate::model::Workspace;

/// One step of history: the edit that reverts it and what the user called it.
#[derive(Debug, Clone)]
struct Step {
    label: String,
    inverse: Edit,
}

/// The undo and redo stacks of one open workspace.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    /// The stages the last applied, undone or redone edit changed.
    touched: Touched,
}

/// What an undo or redo did, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    /// The user's name for the step, e.g. "delete card".
    pub label: String,
    /// The edit that was applied to undo or redo it, to follow the selection.
    pub applied: Edit,
}

impl History {
    /// Applies `edit` and records it for undo; clears the redo stack.
    pub fn apply(&mut self, ws: &mut Workspace, edit: Edit) -> Result<(), EditError> {
        let label = edit.label();
        let touch = edit.touch();
        let inverse = edit.apply(ws)?;
        self.touched = touch.touched(&inverse);
        self.undo.push(Step { label, inverse });
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Reverts the newest edit. `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self, ws: &mut Workspace) -> Result<Option<Undone>, EditError> {
        Self::step(
            ws,
            &mut self.undo,
            &mut self.redo,
            &mut self.revision,
            &mut self.touched,
        )
    }

    /// Re-applies the newest undone edit. `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self, ws: &mut Workspace) -> Result<Option<Undone>, EditError> {
        Self::step(
            ws,
            &mut self.redo,
            &mut self.undo,
            &mut self.revision,
            &mut self.touched,
        )
    }

    fn step(
        ws: &mut Workspace,
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
        revision: &mut u64,
        touched: &mut Touched,
    ) -> Result<Option<Undone>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        let applied = step.inverse.clone();
        let touch = step.inverse.touch();
        let inverse = step.inverse.apply(ws)?;
        *touched = touch.touched(&inverse);
        to.push(Step {
            label: step.label.clone(),
            inverse,
        });
        *revision += 1;
        Ok(Some(Undone {
            label: step.label,
            applied,
        }))
    }

    /// A counter that changes with every applied, undone or redone edit; compare it with the
    /// value at the last save to know whether there are unsaved changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The stages the last applied, undone or redone edit changed.
    pub fn touched(&self) -> &Touched {
        &self.touched
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
