//! Records as short text forms, edited in one text box: a persona, a journey's details, a KPI
//! with its measurements, an opportunity.
//!
//! A form is `Label: value` lines; list fields are a `Label:` line followed by `- item` lines
//! (`syntax.rs`). Parsing is lenient about spaces and case, strict about labels, and names
//! the line of the first problem. Each record's form has a file of its own; [`hint`] says
//! what each field expects. A journey's event rules are lines of their own language, in
//! [`crate::analytics::rule_line`].

mod hint;
mod journey;
mod kpi;
mod opportunity;
mod persona;
mod syntax;
#[cfg(test)]
mod tests;

pub use hint::{Form, hint};
pub use journey::{journey_form, parse_journey_form};
pub use kpi::{kpi_form, parse_kpi_form};
pub use opportunity::{opportunity_form, parse_opportunity_form};
pub use persona::{parse_persona_form, persona_form};

/// Why a form could not be read: the 1-based line and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FormError {
    /// The line of the form, from 1.
    pub line: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}
