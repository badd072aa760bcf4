//! What the views show, computed from a journey: pure functions the TUI, `cjm show` and the
//! exports share.

pub mod channels;
pub mod compare;
pub mod curve;
pub mod kpi_input;
pub mod opportunities;

use crate::model::Touchpoint;

/// Whether `card` counts for `persona` (by id): every card counts without a persona; with one,
/// the cards marked for it and the cards marked for nobody (they are for everyone).
pub fn counts_for(card: &Touchpoint, persona: Option<&str>) -> bool {
    persona.is_none_or(|id| card.personas.is_empty() || card.personas.iter().any(|p| p == id))
}
