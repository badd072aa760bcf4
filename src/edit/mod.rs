//! Every change to a workspace, as a value that can be applied and undone.
//!
//! Each [`Edit`] applied to a workspace returns its inverse; [`History`] keeps those inverses so
//! undo and redo have no fixed limit. The TUI and the CLI change a workspace only through here.

mod apply;
mod history;
mod touched;

pub use history::{History, Undone};
pub use touched::{STAGE_FIGURE_FIELDS, Touched};

use crate::model::{
    Comment, Conflict, FieldValue, Journey, Kpi, Persona, Stage, Touchpoint, TouchpointField,
    Workspace,
};

/// One change to a workspace. Journeys, stages and cards are named by id; positions are
/// clamped to what exists.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Insert `card` into a stage at `index`.
    AddCard {
        journey: String,
        stage: String,
        index: usize,
        card: Touchpoint,
    },
    /// Remove a card.
    RemoveCard { journey: String, card: String },
    /// Move a card to `index` in `stage` (the same stage or another).
    MoveCard {
        journey: String,
        card: String,
        stage: String,
        index: usize,
    },
    /// Set one field of a card.
    SetField {
        journey: String,
        card: String,
        field: TouchpointField,
        value: FieldValue,
    },
    /// Insert `stage` (with any cards it holds) at `index`.
    AddStage {
        journey: String,
        index: usize,
        stage: Stage,
    },
    /// Remove a stage and its cards.
    RemoveStage { journey: String, stage: String },
    /// Move a stage to `index`.
    MoveStage {
        journey: String,
        stage: String,
        index: usize,
    },
    /// Rename a stage.
    RenameStage {
        journey: String,
        stage: String,
        name: String,
    },
    /// Insert `journey` at `index`.
    AddJourney { index: usize, journey: Journey },
    /// Remove a journey with everything in it.
    RemoveJourney { journey: String },
    /// Rename a journey.
    RenameJourney { journey: String, name: String },
    /// Set a journey's own fields (all but its id and stages) to those of `details`.
    SetJourneyDetails {
        journey: String,
        details: Box<Journey>,
    },
    /// Insert `persona` at `index`, or replace the persona with its id where it is.
    PutPersona { index: usize, persona: Persona },
    /// Remove a persona (references to it stay, and `cjm check` reports them).
    RemovePersona { persona: String },
    /// Insert `kpi` into a stage at `index`, or replace the KPI with its id where it is.
    PutKpi {
        journey: String,
        stage: String,
        index: usize,
        kpi: Kpi,
    },
    /// Remove a KPI from a stage.
    RemoveKpi {
        journey: String,
        stage: String,
        kpi: String,
    },
    /// Several edits as one: applied in order, undone together; all or nothing.
    Batch { label: String, edits: Vec<Edit> },
    /// Replace the whole workspace (restoring recovered edits); undo brings the old one back.
    ReplaceAll { workspace: Box<Workspace> },
    /// Keep `conflict` in the workspace, or replace the one with its id.
    PutConflict { conflict: Conflict },
    /// Drop the conflict with this id (it was resolved).
    RemoveConflict { conflict: String },
    /// Add `comment`, or replace the comment with its id (a reply, resolved or reopened).
    PutComment { comment: Comment },
    /// Remove the comment with this id.
    RemoveComment { comment: String },
}

impl Edit {
    /// A short description for the status line, e.g. "delete card".
    pub fn label(&self) -> String {
        match self {
            Edit::AddCard { .. } => "add card".into(),
            Edit::RemoveCard { .. } => "delete card".into(),
            Edit::MoveCard { .. } => "move card".into(),
            Edit::SetField { field, .. } => format!("edit {}", field.label().to_lowercase()),
            Edit::AddStage { .. } => "add stage".into(),
            Edit::RemoveStage { .. } => "delete stage".into(),
            Edit::MoveStage { .. } => "move stage".into(),
            Edit::RenameStage { .. } => "rename stage".into(),
            Edit::AddJourney { .. } => "add journey".into(),
            Edit::RemoveJourney { .. } => "delete journey".into(),
            Edit::RenameJourney { .. } => "rename journey".into(),
            Edit::SetJourneyDetails { .. } => "edit journey".into(),
            Edit::PutPersona { .. } => "edit persona".into(),
            Edit::RemovePersona { .. } => "delete persona".into(),
            Edit::PutKpi { .. } => "edit KPI".into(),
            Edit::RemoveKpi { .. } => "delete KPI".into(),
            Edit::Batch { label, .. } => label.clone(),
            Edit::ReplaceAll { .. } => "restore recovered edits".into(),
            Edit::PutConflict { .. } => "keep a conflict".into(),
            Edit::RemoveConflict { .. } => "resolve a conflict".into(),
            Edit::PutComment { .. } => "comment".into(),
            Edit::RemoveComment { .. } => "delete comment".into(),
        }
    }
}

/// Why an edit could not be applied: what it names is not in the workspace (any more).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No journey with this id.
    #[error("no journey with id {0:?}")]
    NoJourney(String),
    /// No stage with this id in the journey.
    #[error("no stage with id {0:?}")]
    NoStage(String),
    /// No card with this id in the journey.
    #[error("no card with id {0:?}")]
    NoCard(String),
    /// No persona with this id.
    #[error("no persona with id {0:?}")]
    NoPersona(String),
    /// No KPI with this id in the stage.
    #[error("no KPI with id {0:?}")]
    NoKpi(String),
    /// No conflict with this id.
    #[error("no conflict with id {0:?}")]
    NoConflict(String),
    /// No comment with this id.
    #[error("no comment with id {0:?}")]
    NoComment(String),
    /// The value does not fit the field.
    #[error("a value of the wrong kind for {0}")]
    WrongValue(&'static str),
}

#[cfg(test)]
mod tests;
