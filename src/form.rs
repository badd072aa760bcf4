//! Records as short text forms, edited in one text box: a persona, a journey's details, a KPI
//! with its measurements, an opportunity.
//!
//! A form is `Label: value` lines; list fields are a `Label:` line followed by `- item` lines.
//! Parsing is lenient about spaces and case, strict about labels, and names the line of the
//! first problem.

use crate::model::{
    Direction, Journey, JourneyState, Kpi, KpiKind, Measurement, Opportunity, OpportunityStatus,
    Persona, Rating, Workspace, date,
};
use crate::report::kpi_input::{kind_name, parse_measurement};

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

const KPI_LABELS: [&str; 6] = [
    "Name",
    "Kind",
    "Unit",
    "Target",
    "Direction",
    "Measurements",
];

/// A KPI as a form: its settings, then one `- DATE COUNTS` line per measurement, typed as the
/// KPI view's `m` takes them.
pub fn kpi_form(kpi: &Kpi) -> String {
    let mut form = String::new();
    scalar(&mut form, "Name", &kpi.name);
    scalar(&mut form, "Kind", kind_name(kpi.kind));
    scalar(&mut form, "Unit", &kpi.unit);
    let target = kpi.target.map_or(String::new(), |t| t.to_string());
    scalar(&mut form, "Target", &target);
    let direction = match kpi.direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
    };
    scalar(&mut form, "Direction", direction);
    let lines: Vec<String> = kpi
        .measurements
        .iter()
        .map(|m| measurement_text(kpi.kind, m))
        .collect();
    list(&mut form, "Measurements", &lines);
    form
}

/// A measurement as the text `m` takes: its date, then its kind's counts.
fn measurement_text(kind: KpiKind, m: &Measurement) -> String {
    let n = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
    let x = |v: Option<f64>| v.map_or("?".to_string(), |v| v.to_string());
    let counts = match kind {
        KpiKind::Nps => format!("{} {} {}", n(m.promoters), n(m.passives), n(m.detractors)),
        KpiKind::Csat => m.buckets.map_or("? ? ? ? ?".into(), |b| {
            b.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")
        }),
        KpiKind::Ces => format!("{} {}", x(m.value), n(m.respondents)),
        KpiKind::Ratio => format!("{}/{}", n(m.numerator), n(m.denominator)),
        KpiKind::Value => x(m.value),
    };
    format!("{} {counts}", m.date)
}

/// Reads a KPI form into a copy of `base` (id and unknown fields kept). A measurement line
/// left as it was keeps its measurement as stored; changed and new lines are read as the
/// KPI view's `m` reads them.
pub fn parse_kpi_form(text: &str, base: &Kpi) -> Result<Kpi, FormError> {
    let mut kpi = base.clone();
    let mut lines = Vec::new();
    for field in fields(text, &KPI_LABELS)? {
        let line = field.line;
        match field.label {
            "Name" => kpi.name = field.scalar()?,
            "Kind" => {
                let value = field.scalar()?.to_lowercase();
                kpi.kind = [
                    KpiKind::Nps,
                    KpiKind::Csat,
                    KpiKind::Ces,
                    KpiKind::Ratio,
                    KpiKind::Value,
                ]
                .into_iter()
                .find(|k| kind_name(*k).to_lowercase() == value)
                .ok_or_else(|| error(line, "the kind is nps, csat, ces, ratio or value"))?;
            }
            "Unit" => kpi.unit = field.scalar()?,
            "Target" => {
                let value = field.scalar()?;
                kpi.target = if value.is_empty() {
                    None
                } else {
                    let target = value.parse::<f64>().ok().filter(|t| t.is_finite());
                    Some(target.ok_or_else(|| error(line, "the target is a number, e.g. 65"))?)
                };
            }
            "Direction" => {
                kpi.direction = match field.scalar()?.to_lowercase().as_str() {
                    "" | "higher" => Direction::Higher,
                    "lower" => Direction::Lower,
                    _ => {
                        return Err(error(
                            line,
                            "the direction is \"higher\" or \"lower\" (is better)",
                        ));
                    }
                }
            }
            _ => lines = field.items.into_iter().map(|item| (line, item)).collect(),
        }
    }
    if kpi.name.trim().is_empty() {
        return Err(error(1, "a KPI needs a name: write it after \"Name:\""));
    }
    let mut old: Vec<&Measurement> = base.measurements.iter().collect();
    kpi.measurements = lines
        .into_iter()
        .map(|(line, item)| {
            let same = old
                .iter()
                .position(|m| base.kind == kpi.kind && measurement_text(base.kind, m) == item);
            match same {
                Some(i) => Ok(old.remove(i).clone()),
                None => match parse_measurement(&kpi, &item, "") {
                    Ok(m) if m.date.is_empty() => Err(error(
                        line,
                        format!("{item:?}: start with the date, YYYY-MM-DD"),
                    )),
                    Ok(m) => Ok(m),
                    Err(e) => Err(error(line, format!("{item:?}: {e}"))),
                },
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(kpi)
}

const OPPORTUNITY_LABELS: [&str; 5] = ["Title", "Impact", "Effort", "Status", "Owner"];

/// An opportunity as a form.
pub fn opportunity_form(opportunity: &Opportunity) -> String {
    let mut form = String::new();
    scalar(&mut form, "Title", &opportunity.title);
    let rating = |r: Option<Rating>| r.map_or(String::new(), |r| r.value().to_string());
    scalar(&mut form, "Impact", &rating(opportunity.impact));
    scalar(&mut form, "Effort", &rating(opportunity.effort));
    let status = match opportunity.status {
        OpportunityStatus::Open => "open",
        OpportunityStatus::Planned => "planned",
        OpportunityStatus::Done => "done",
    };
    scalar(&mut form, "Status", status);
    scalar(&mut form, "Owner", &opportunity.owner);
    form
}

/// Reads an opportunity form into a copy of `base` (unknown fields kept).
pub fn parse_opportunity_form(text: &str, base: &Opportunity) -> Result<Opportunity, FormError> {
    let mut opportunity = base.clone();
    for field in fields(text, &OPPORTUNITY_LABELS)? {
        let line = field.line;
        match field.label {
            "Title" => opportunity.title = field.scalar()?.into(),
            "Impact" | "Effort" => {
                let value = field.scalar()?;
                let rating = if value.is_empty() {
                    None
                } else {
                    let rating = value.parse::<i64>().ok().and_then(Rating::new);
                    Some(rating.ok_or_else(|| {
                        error(line, format!("{} is 1 to 5, or empty", field.label))
                    })?)
                };
                if field.label == "Impact" {
                    opportunity.impact = rating;
                } else {
                    opportunity.effort = rating;
                }
            }
            "Status" => {
                opportunity.status = match field.scalar()?.to_lowercase().as_str() {
                    "" | "open" => OpportunityStatus::Open,
                    "planned" => OpportunityStatus::Planned,
                    "done" => OpportunityStatus::Done,
                    _ => return Err(error(line, "the status is open, planned or done")),
                }
            }
            _ => opportunity.owner = field.scalar()?.into(),
        }
    }
    if opportunity.title.trim().is_empty() {
        return Err(error(
            1,
            "an opportunity needs a title: write it after \"Title:\"",
        ));
    }
    Ok(opportunity)
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

    fn checkout() -> Kpi {
        Kpi {
            id: "kp-1".into(),
            name: "Checkout conversion".into(),
            kind: KpiKind::Ratio,
            unit: "%".into(),
            target: Some(65.0),
            measurements: vec![Measurement {
                date: "2026-01-05".into(),
                numerator: Some(412),
                denominator: Some(780),
                ..Measurement::default()
            }],
            ..Kpi::default()
        }
    }

    #[test]
    fn a_kpi_form_reads_back_the_same_and_takes_new_measurements() {
        let form = kpi_form(&checkout());
        assert!(form.contains("Kind: ratio\n"), "{form}");
        assert!(
            form.contains("Measurements:\n  - 2026-01-05 412/780\n"),
            "{form}"
        );
        assert_eq!(parse_kpi_form(&form, &checkout()), Ok(checkout()));
        let more = format!("{form}  - 2026-02-02 455/790\n").replace("Target: 65", "Target: 60");
        let kpi = parse_kpi_form(&more, &checkout()).unwrap();
        assert_eq!(kpi.measurements.len(), 2);
        assert_eq!(kpi.target, Some(60.0));
        assert_eq!(
            kpi.summary().latest.map(|v| (v * 10.0).round()),
            Some(576.0)
        );
    }

    #[test]
    fn kpi_form_errors_name_the_line() {
        let bad = |text: &str| parse_kpi_form(text, &checkout()).unwrap_err();
        assert_eq!(bad("Name: x\nKind: rate").line, 2);
        assert_eq!(bad("Name: x\nTarget: high").line, 2);
        assert_eq!(bad("Name: x\nDirection: up").line, 2);
        let wrong = bad("Name: x\nMeasurements:\n  - 2026-02-02 455\n");
        assert_eq!(wrong.line, 2);
        assert!(
            wrong.message.contains("numerator/denominator"),
            "{}",
            wrong.message
        );
        let undated = bad("Name: x\nMeasurements:\n  - 455/790\n");
        assert_eq!(undated.line, 2);
        assert!(undated.message.contains("date"), "{}", undated.message);
    }

    #[test]
    fn an_opportunity_form_reads_back_and_checks_ratings() {
        let opportunity = Opportunity {
            title: "Show the APR".into(),
            impact: Rating::new(4),
            status: OpportunityStatus::Planned,
            owner: "Payments".into(),
            ..Opportunity::default()
        };
        let form = opportunity_form(&opportunity);
        assert!(form.contains("Effort: \n"), "{form}");
        assert_eq!(
            parse_opportunity_form(&form, &opportunity),
            Ok(opportunity.clone())
        );
        let bad = |text: &str| parse_opportunity_form(text, &opportunity).unwrap_err();
        assert_eq!(bad("Title: x\nImpact: 9").line, 2);
        assert_eq!(bad("Title: x\nStatus: maybe").line, 2);
        assert_eq!(bad("Title: \n").line, 1);
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
