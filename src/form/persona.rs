//! A persona as a form.

use crate::model::Persona;

use super::FormError;
use super::syntax::{error, fields, list, scalar};

/// A persona as a form.
pub fn persona_form(persona: &Persona) -> String {
    let mut form = String::new();
    scalar(&mut form, "Name", &persona.name);
    scalar(&mut form, "Description", &persona.description);
    list(&mut form, "Goals", &persona.goals);
    list(&mut form, "Needs", &persona.needs);
    list(&mut form, "Pain points", &persona.pain_points);
    list(&mut form, "Channels", &persona.channels);
    form
}

/// Reads a persona form into a copy of `base` (its id and unknown fields are kept).
pub fn parse_persona_form(text: &str, base: &Persona) -> Result<Persona, FormError> {
    let mut persona = base.clone();
    for field in fields(text, &PERSONA_LABELS)? {
        match field.label {
            "Name" => persona.name = field.scalar()?,
            "Description" => persona.description = field.scalar()?,
            "Goals" => persona.goals = field.items,
            "Needs" => persona.needs = field.items,
            "Pain points" => persona.pain_points = field.items,
            _ => persona.channels = field.items,
        }
    }
    if persona.name.trim().is_empty() {
        return Err(error(1, "a persona needs a name: write it after \"Name:\""));
    }
    Ok(persona)
}

const PERSONA_LABELS: [&str; 6] = [
    "Name",
    "Description",
    "Goals",
    "Needs",
    "Pain points",
    "Channels",
];
