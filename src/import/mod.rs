//! Journeys from text other tools write: Mermaid `journey` diagrams and cjm's own CSV export.
//! Importers are lenient: what they cannot read is reported by line, not fatal, unless nothing
//! could be read at all.

mod csv;
mod mermaid;

pub use self::csv::from_csv;
pub use self::mermaid::from_mermaid;

use crate::model::{Journey, Persona};

/// What an import produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    /// The journeys read, with stages and touchpoints.
    pub journeys: Vec<Journey>,
    /// Personas the journeys refer to by id (new ones; the caller merges them by name).
    pub personas: Vec<Persona>,
    /// What could not be read as it was, by line.
    pub warnings: Vec<Warning>,
}

/// Something an importer skipped or changed, at a 1-based line of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line of the source, from 1.
    pub line: usize,
    /// What was skipped or changed, and why.
    pub message: String,
}

/// Nothing could be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    /// The line of the source, from 1 (0 when the whole input is at fault).
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}
