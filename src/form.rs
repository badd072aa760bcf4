//! Records as short text forms, edited in one text box: a persona, or a journey's details.
//!
//! A form is `Label: value` lines; list fields are a `Label:` line followed by `- item` lines.
//! Parsing is lenient about spaces and case, strict about labels, and names the line of the
//! first problem.

use crate::model::{Journey, JourneyState, Persona, Workspace, date};

/// Why a form could not be read: the 1-based line and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FormError {
    /// The line of the form, from 1.
    pub line: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

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

const JOURNEY_LABELS: [&str; 8] = [
    "Name",
    "Description",
    "Owner",
    "Last reviewed",
    "State",
    "Variant of",
    "Personas",
    "Channels",
];

/// A journey's own fields as a form; personas and the journey it is a variant of are named,
/// not given by id.
pub fn journey_form(journey: &Journey, workspace: &Workspace) -> String {
    let mut form = String::new();
    scalar(&mut form, "Name", &journey.name);
    scalar(&mut form, "Description", &journey.description);
    scalar(&mut form, "Owner", &journey.owner);
    let reviewed = journey.last_reviewed.clone().unwrap_or_default();
    scalar(&mut form, "Last reviewed", &reviewed);
    let state = match journey.state {
        JourneyState::Current => "current",
        JourneyState::Future => "future",
    };
    scalar(&mut form, "State", state);
    let variant = journey
        .variant_of
        .as_ref()
        .and_then(|id| workspace.journeys.iter().find(|j| &j.id == id))
        .map_or(String::new(), |j| j.name.clone());
    scalar(&mut form, "Variant of", &variant);
    let personas: Vec<String> = journey
        .personas
        .iter()
        .map(|id| {
            workspace
                .personas
                .iter()
                .find(|p| &p.id == id)
                .map_or_else(|| id.clone(), |p| p.name.clone())
        })
        .collect();
    list(&mut form, "Personas", &personas);
    list(&mut form, "Channels", &journey.channels);
    form
}

/// Reads a journey form into a copy of `base` (id, stages and unknown fields are kept).
pub fn parse_journey_form(
    text: &str,
    base: &Journey,
    workspace: &Workspace,
) -> Result<Journey, FormError> {
    let mut journey = base.clone();
    for field in fields(text, &JOURNEY_LABELS)? {
        let line = field.line;
        match field.label {
            "Name" => journey.name = field.scalar()?,
            "Description" => journey.description = field.scalar()?,
            "Owner" => journey.owner = field.scalar()?,
            "Last reviewed" => {
                let value = field.scalar()?;
                if !value.is_empty() && date::parse_day(&value).is_none() {
                    return Err(error(
                        line,
                        "write the date as YYYY-MM-DD, or leave it empty",
                    ));
                }
                journey.last_reviewed = (!value.is_empty()).then_some(value);
            }
            "State" => {
                journey.state = match field.scalar()?.to_lowercase().as_str() {
                    "" | "current" => JourneyState::Current,
                    "future" => JourneyState::Future,
                    _ => return Err(error(line, "the state is \"current\" or \"future\"")),
                }
            }
            "Variant of" => {
                let name = field.scalar()?;
                journey.variant_of = if name.is_empty() {
                    None
                } else {
                    let other = workspace
                        .journeys
                        .iter()
                        .find(|j| j.id != base.id && same_name(&j.name, &name))
                        .ok_or_else(|| error(line, format!("no other journey named {name:?}")))?;
                    Some(other.id.clone())
                };
            }
            "Personas" => {
                journey.personas = field
                    .items
                    .iter()
                    .map(|name| {
                        workspace
                            .personas
                            .iter()
                            .find(|p| same_name(&p.name, name) || p.id == *name)
                            .map(|p| p.id.clone())
                            .ok_or_else(|| {
                                error(line, format!("no persona named {name:?}: add it with p"))
                            })
                    })
                    .collect::<Result<_, _>>()?;
            }
            _ => journey.channels = field.items,
        }
    }
    if journey.name.trim().is_empty() {
        return Err(error(1, "a journey needs a name: write it after \"Name:\""));
    }
    Ok(journey)
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn scalar(form: &mut String, label: &str, value: &str) {
    form.push_str(&format!("{label}: {}\n", value.replace('\n', " ")));
}

fn list(form: &mut String, label: &str, items: &[String]) {
    form.push_str(&format!("{label}:\n"));
    for item in items {
        form.push_str(&format!("  - {}\n", item.replace('\n', " ")));
    }
}

fn error(line: usize, message: impl Into<String>) -> FormError {
    FormError {
        line,
        message: message.into(),
    }
}

/// One labelled field of a form as read.
struct Field {
    label: &'static str,
    line: usize,
    value: String,
    items: Vec<String>,
}

impl Field {
    /// The field's one-line value; items under it are an error.
    fn scalar(&self) -> Result<String, FormError> {
        if self.items.is_empty() {
            Ok(self.value.clone())
        } else {
            Err(error(
                self.line,
                format!("{} takes one line, not a list", self.label),
            ))
        }
    }
}

/// The fields of a form, each label at most once; `- item` lines belong to the label above.
fn fields(text: &str, labels: &[&'static str]) -> Result<Vec<Field>, FormError> {
    let mut fields: Vec<Field> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix('-') {
            let field = fields
                .last_mut()
                .ok_or_else(|| error(line, "a list item must follow a label such as \"Goals:\""))?;
            let item = item.trim();
            if !item.is_empty() {
                field.items.push(item.to_string());
            }
            continue;
        }
        let (label, value) = trimmed.split_once(':').ok_or_else(|| {
            error(
                line,
                "write \"Label: value\", or \"- item\" under a list label",
            )
        })?;
        let label = labels
            .iter()
            .find(|known| same_name(known, label))
            .ok_or_else(|| {
                error(
                    line,
                    format!(
                        "unknown label {:?}: the labels are {}",
                        label.trim(),
                        labels.join(", ")
                    ),
                )
            })?;
        if fields.iter().any(|f| f.label == *label) {
            return Err(error(line, format!("{label} is given twice")));
        }
        fields.push(Field {
            label,
            line,
            value: value.trim().to_string(),
            items: Vec::new(),
        });
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sari() -> Persona {
        Persona {
            id: "pe-1".into(),
            name: "Sari, ibu bekerja".into(),
            description: "34, belanja lewat aplikasi".into(),
            goals: vec![
                "Hemat waktu".into(),
                "Harga jelas: tanpa biaya tersembunyi".into(),
            ],
            channels: vec!["App".into(), "WhatsApp".into()],
            ..Persona::default()
        }
    }

    fn workspace() -> Workspace {
        let mut current = Journey::with_default_stages("Beli HP");
        current.id = "jo-1".into();
        current.personas = vec!["pe-1".into()];
        let mut future = Journey::with_default_stages("Beli HP (future)");
        future.id = "jo-2".into();
        Workspace {
            personas: vec![sari()],
            journeys: vec![current, future],
            ..Workspace::default()
        }
    }

    #[test]
    fn a_persona_form_reads_back_the_same() {
        let form = persona_form(&sari());
        assert!(form.starts_with("Name: Sari, ibu bekerja\n"), "{form}");
        assert!(form.contains("Goals:\n  - Hemat waktu\n"), "{form}");
        assert_eq!(parse_persona_form(&form, &sari()), Ok(sari()));
    }

    #[test]
    fn a_persona_form_is_lenient_about_case_spaces_and_order() {
        let text = "channels:\n- Web\n\n  name :  Budi  \npain POINTS:\n-   antre lama\n-\n";
        let persona = parse_persona_form(text, &Persona::default()).unwrap();
        assert_eq!(persona.name, "Budi");
        assert_eq!(persona.pain_points, ["antre lama"]);
        assert_eq!(persona.channels, ["Web"]);
    }

    #[test]
    fn persona_form_errors_name_the_line() {
        let base = Persona::default();
        let bad = |text: &str| parse_persona_form(text, &base).unwrap_err();
        assert_eq!(bad("Name: A\nHobbies: x").line, 2);
        assert!(
            bad("Name: A\nHobbies: x")
                .message
                .contains("unknown label \"Hobbies\"")
        );
        assert_eq!(bad("- x\nName: A").line, 1);
        assert_eq!(bad("Name: A\nName: B").message, "Name is given twice");
        assert_eq!(bad("Name: A\njust words").line, 2);
        assert_eq!(bad("Description: no name").line, 1);
        assert!(bad("Name:\n  - A\n").message.contains("one line"));
    }

    #[test]
    fn a_journey_form_names_personas_and_variants() {
        let mut ws = workspace();
        ws.journeys[1].variant_of = Some("jo-1".into());
        ws.journeys[1].personas = vec!["pe-1".into()];
        ws.journeys[1].state = JourneyState::Future;
        let form = journey_form(&ws.journeys[1], &ws);
        assert!(form.contains("Variant of: Beli HP\n"), "{form}");
        assert!(
            form.contains("Personas:\n  - Sari, ibu bekerja\n"),
            "{form}"
        );
        assert!(form.contains("State: future\n"), "{form}");
        let parsed = parse_journey_form(&form, &ws.journeys[1], &ws).unwrap();
        assert_eq!(parsed, ws.journeys[1]);
    }

    #[test]
    fn journey_form_edits_and_errors() {
        let ws = workspace();
        let base = &ws.journeys[1];
        let text = "Name: Beli HP baru\nOwner: Dewi\nLast reviewed: 2026-11-23\nState: Future\n\
                    Variant of: beli hp\nPersonas:\n  - sari, IBU bekerja\n";
        let journey = parse_journey_form(text, base, &ws).unwrap();
        assert_eq!(journey.owner, "Dewi");
        assert_eq!(journey.last_reviewed.as_deref(), Some("2026-11-23"));
        assert_eq!(journey.state, JourneyState::Future);
        assert_eq!(journey.variant_of.as_deref(), Some("jo-1"));
        assert_eq!(journey.personas, ["pe-1"]);
        assert_eq!(journey.stages, base.stages, "stages are not in the form");
        let bad = |text: &str| parse_journey_form(text, base, &ws).unwrap_err();
        assert_eq!(bad("Name: x\nLast reviewed: 23/11/2026").line, 2);
        assert!(bad("Name: x\nState: someday").message.contains("current"));
        assert!(
            bad("Name: x\nVariant of: Beli HP (future)")
                .message
                .contains("no other journey")
        );
        assert!(
            bad("Name: x\nPersonas:\n - Nobody")
                .message
                .contains("no persona named")
        );
    }
}
