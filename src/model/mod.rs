//! Plain data types of a journey-map workspace and their invariants.
//!
//! The types mirror the file format one to one (see `docs/format.md`). Every struct keeps the
//! fields it does not know in `extra`, so a file written by a newer cjm survives a round trip.

mod comment;
pub mod conflict;
pub mod date;
mod emotion;
mod evidence;
pub mod evidence_line;
mod field;
mod id;
mod metrics;
pub mod opportunity_line;
mod record;
mod types;
mod validate;

pub use comment::{Comment, Reply};
pub use conflict::{Candidate, Conflict, RecordKind, canonical, winner};
pub use emotion::Emotion;
pub use evidence::{Evidence, EvidenceKind, EvidenceList};
pub use field::{FieldValue, TouchpointField};
pub use id::{id_from_bits, new_id};
pub use metrics::{KpiSummary, change_unit, mean_emotion};
pub use types::*;
pub use validate::{ValidationError, validate};

/// The `format` name every workspace file carries.
pub const FORMAT_NAME: &str = "cjm-workspace";
/// The file format version this build writes. Version 2 made a card's `evidence` a list of
/// records (version 1 held a text, which loads as one record): a cjm that knows only version
/// 1 says the file needs a newer cjm rather than failing on the field.
pub const FORMAT_VERSION: u32 = 2;
