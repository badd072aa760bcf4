//! Records as short text forms, edited in one text box: a persona, a journey's details, a KPI
//! with its measurements, an opportunity.
//!
//! A form is `Label: value` lines; list fields are a `Label:` line followed by `- item` lines.
//! Parsing is lenient about spaces and case, strict about labels, and names the line of the
//! first problem.

use crate::model::{
    Direction, EventRule, Journey, JourneyState, Kpi, KpiKind, Measurement, Opportunity,
    OpportunityStatus, Persona, Rating, Workspace, date,
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

const JOURNEY_LABELS: [&str; 10] = [
    "Name",
    "Description",
    "Owner",
    "Last reviewed",
    "State",
    "Variant of",
    "Personas",
    "Channels",
    "Event rules",
    "Conversion stage",
];

/// A journey's own fields as a form; personas, the journey it is a variant of, and the
/// stages and cards of its event rules and conversion stage are named, not given by id (see
/// [`rule_text`]).
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
    let rules: Vec<String> = journey
        .event_rules
        .iter()
        .map(|rule| rule_text(rule, journey))
        .collect();
    list(&mut form, "Event rules", &rules);
    scalar(&mut form, "Conversion stage", &conversion_text(journey));
    form
}

/// Reads a journey form into a copy of `base` (id, stages and unknown fields are kept). An
/// event rule line left as the form wrote it keeps its rule as stored; other lines are read
/// as [`parse_rule`] reads them.
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
            "Channels" => journey.channels = field.items,
            "Event rules" => {
                let mut old: Vec<&EventRule> = base.event_rules.iter().collect();
                journey.event_rules = field
                    .items
                    .iter()
                    .zip(&field.item_lines)
                    .map(|(item, line)| {
                        let same = old
                            .iter()
                            .position(|r| written(&rule_text(r, base)) == *item);
                        match same {
                            Some(i) => Ok(old.remove(i).clone()),
                            None => parse_rule(item, base).map_err(|message| error(*line, message)),
                        }
                    })
                    .collect::<Result<_, _>>()?;
            }
            _ => {
                let name = field.scalar()?;
                journey.conversion_stage = if name == conversion_text(base) {
                    base.conversion_stage.clone()
                } else if name.is_empty() {
                    None
                } else {
                    let stage = find_stage(base, &name).ok_or_else(|| {
                        error(
                            line,
                            format!(
                                "no stage named {name:?}: write one of {}, or leave it empty \
                                 for Purchase",
                                stage_names(base)
                            ),
                        )
                    })?;
                    Some(base.stages[stage].id.clone())
                };
            }
        }
    }
    if journey.name.trim().is_empty() {
        return Err(error(1, "a journey needs a name: write it after \"Name:\""));
    }
    Ok(journey)
}

/// Between an event rule's event and its stage.
const ARROW: &str = " -> ";
/// Between an event rule's event and its channel.
const AT: &str = " @ ";
/// Between an event rule's stage and its card.
const SLASH: &str = " / ";
/// What an event rule line looks like, for error messages.
const RULE_SYNTAX: &str = "EVENT [@ CHANNEL] -> STAGE [/ CARD], e.g. order_paid -> Purchase";

/// An event rule as one form line, `EVENT [@ CHANNEL] -> STAGE [/ CARD]`, its stage and card
/// named by name. A stage or card whose name would not find it again (another stage or card
/// of the stage shares it, or the journey does not have it) is named by its id.
pub fn rule_text(rule: &EventRule, journey: &Journey) -> String {
    let mut text = rule.event.clone();
    if let Some(channel) = rule.channel.as_deref().filter(|c| !c.is_empty()) {
        text.push_str(AT);
        text.push_str(channel);
    }
    text.push_str(ARROW);
    text.push_str(&stage_ref(journey, &rule.stage));
    if let Some(card) = &rule.touchpoint {
        text.push_str(SLASH);
        let stage = journey.stage_index(&rule.stage).map(|i| &journey.stages[i]);
        let name = stage.and_then(|stage| {
            let index = stage.touchpoints.iter().position(|t| &t.id == card)?;
            let title = written(&stage.touchpoints[index].title);
            (find_card(stage, &title) == Some(index)).then_some(title)
        });
        text.push_str(&name.unwrap_or_else(|| card.clone()));
    }
    text
}

/// Reads one event rule line, `EVENT [@ CHANNEL] -> STAGE [/ CARD]`, naming stages and cards
/// of `journey` by name (any case) or id.
///
/// The event ends at the first ` -> ` after which the rest names a stage (and card); the
/// channel follows the first ` @ ` before it; the card follows the first ` / ` that leaves a
/// stage's name before it. So stage and card names may hold ` -> `, ` / ` and ` @ `, and
/// events and channels hold anything but ` -> ` (events not ` @ ` either).
pub fn parse_rule(text: &str, journey: &Journey) -> Result<EventRule, String> {
    let item = text.trim();
    let arrows: Vec<usize> = item.match_indices(ARROW).map(|(at, _)| at).collect();
    if arrows.is_empty() {
        let problem = if item.starts_with("->") {
            "the event is missing before ->"
        } else if item.ends_with("->") {
            "the stage is missing after ->"
        } else if item.contains("->") {
            "put a space on each side of ->"
        } else {
            "the -> between the event and its stage is missing"
        };
        return Err(format!("{problem}: write {RULE_SYNTAX}"));
    }
    let mut problem = None;
    for at in arrows {
        match target(journey, item[at + ARROW.len()..].trim()) {
            Ok((stage, touchpoint)) => {
                let (event, channel) = event_part(&item[..at])?;
                return Ok(EventRule {
                    event,
                    channel,
                    stage: journey.stages[stage].id.clone(),
                    touchpoint,
                    ..EventRule::default()
                });
            }
            Err(p) => {
                problem.get_or_insert(p);
            }
        }
    }
    Err(problem.unwrap_or_default())
}

/// The event and channel of a rule, from the text before its ` -> `.
fn event_part(head: &str) -> Result<(String, Option<String>), String> {
    let head = head.trim();
    let (event, channel) = match head.find(AT) {
        Some(at) => (&head[..at], Some(&head[at + AT.len()..])),
        None => match (head.strip_prefix("@ "), head.strip_suffix(" @")) {
            (Some(channel), _) => ("", Some(channel)),
            (None, Some(event)) => (event, Some("")),
            (None, None) => (head, None),
        },
    };
    let (event, channel) = (event.trim(), channel.map(str::trim));
    if event.is_empty() || event == "@" {
        return Err(format!("the event is missing: write {RULE_SYNTAX}"));
    }
    if channel == Some("") {
        return Err(
            "the channel is missing after @: write EVENT @ CHANNEL -> STAGE, or leave out @"
                .to_string(),
        );
    }
    Ok((event.to_string(), channel.map(str::to_string)))
}

/// The stage (by position) and card (by id) a rule's text after ` -> ` names.
fn target(journey: &Journey, text: &str) -> Result<(usize, Option<String>), String> {
    if text.is_empty() {
        return Err(format!(
            "the stage is missing after ->: write {RULE_SYNTAX}"
        ));
    }
    if let Some(stage) = find_stage(journey, text) {
        return Ok((stage, None));
    }
    if text.ends_with(" /") {
        return Err("the card is missing after /: write STAGE / CARD, or leave out /".into());
    }
    let mut missing_card = None;
    for (at, _) in text.match_indices(SLASH) {
        let (name, card) = (text[..at].trim(), text[at + SLASH.len()..].trim());
        let Some(stage) = find_stage(journey, name) else {
            continue;
        };
        let stage_ref = &journey.stages[stage];
        match find_card(stage_ref, card) {
            Some(index) => return Ok((stage, Some(stage_ref.touchpoints[index].id.clone()))),
            None => {
                missing_card.get_or_insert(format!(
                    "stage {:?} has no card {card:?}: write one of its cards' titles, or \
                     leave out / CARD",
                    stage_ref.name
                ));
            }
        }
    }
    Err(missing_card.unwrap_or_else(|| {
        let name = text.split(SLASH).next().unwrap_or(text);
        format!(
            "no stage named {name:?}: the stages are {}",
            stage_names(journey)
        )
    }))
}

/// The stage named `text` (any case), else the stage with that id.
fn find_stage(journey: &Journey, text: &str) -> Option<usize> {
    journey
        .stages
        .iter()
        .position(|s| same_name(&s.name, text))
        .or_else(|| journey.stage_index(text.trim()))
}

/// The card of `stage` titled `text` (any case), else the card with that id.
fn find_card(stage: &crate::model::Stage, text: &str) -> Option<usize> {
    let cards = &stage.touchpoints;
    cards
        .iter()
        .position(|t| same_name(&t.title, text))
        .or_else(|| cards.iter().position(|t| t.id == text.trim()))
}

/// The stage with `id` as the form names it: its name when that finds it again, else the id.
fn stage_ref(journey: &Journey, id: &str) -> String {
    journey
        .stage_index(id)
        .and_then(|index| {
            let name = written(&journey.stages[index].name);
            (find_stage(journey, &name) == Some(index)).then_some(name)
        })
        .unwrap_or_else(|| id.to_string())
}

/// The conversion stage as the form shows it: empty for the default (the stage named
/// Purchase).
fn conversion_text(journey: &Journey) -> String {
    journey
        .conversion_stage
        .as_deref()
        .map_or(String::new(), |id| stage_ref(journey, id))
}

/// The journey's stage names, for error messages.
fn stage_names(journey: &Journey) -> String {
    let names: Vec<String> = journey.stages.iter().map(|s| written(&s.name)).collect();
    if names.is_empty() {
        "none yet: add stages first".to_string()
    } else {
        names.join(", ")
    }
}

/// A name as a form line holds it: on one line, without spaces around it.
fn written(name: &str) -> String {
    name.replace('\n', " ").trim().to_string()
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
    let scored = match kind {
        KpiKind::Nps => m.promoters.is_none(),
        KpiKind::Csat => m.buckets.is_none(),
        KpiKind::Ces => m.value.is_none(),
        KpiKind::Ratio | KpiKind::Value => false,
    };
    if let (true, Some(score)) = (scored, m.score) {
        return format!("{} score {score}", m.date);
    }
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

/// Which record a form edits, for [`hint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Persona,
    Journey,
    Kpi,
    Opportunity,
}

/// What the form line `row` of `lines` expects: the hint of the label it is under (a list
/// item is under the label above it), with the label.
pub fn hint(form: Form, lines: &[String], row: usize) -> Option<(String, &'static str)> {
    let label = lines
        .iter()
        .take(row + 1)
        .rev()
        .find_map(|line| {
            let line = line.trim_start();
            (!line.starts_with('-'))
                .then(|| line.split_once(':').map(|(label, _)| label.trim()))
                .flatten()
        })?
        .to_string();
    let kind = || {
        lines
            .iter()
            .find_map(|l| l.trim().strip_prefix("Kind:"))
            .map(|k| k.trim().to_lowercase())
            .unwrap_or_default()
    };
    let text = match (form, label.as_str()) {
        (Form::Persona, "Name") => "who travels the journey, e.g. Rina, first-time buyer",
        (Form::Persona, "Description") => "one line on who they are",
        (Form::Persona | Form::Journey, "Channels") => {
            "one \"- channel\" line each, e.g. - Instagram"
        }
        (Form::Persona, "Goals" | "Needs" | "Pain points") => "one \"- item\" line each",
        (Form::Journey, "Name") => "the journey's name",
        (Form::Journey, "Description") => "one line on what the journey covers",
        (Form::Journey, "Owner") => "who keeps this map true: a person or a team",
        (Form::Journey, "Last reviewed") => "YYYY-MM-DD, the day it was checked against reality",
        (Form::Journey, "State") => "current (as it is) or future (as it should be)",
        (Form::Journey, "Variant of") => "the name of the journey this one changes, or empty",
        (Form::Journey, "Personas") => "one \"- name\" line per persona this journey follows",
        (Form::Journey, "Event rules") => "one \"- EVENT [@ CHANNEL] -> STAGE [/ CARD]\" line each",
        (Form::Journey, "Conversion stage") => "the name of the stage that counts as converted",
        (Form::Kpi, "Name") => "what is measured, e.g. Checkout conversion",
        (Form::Kpi, "Kind") => "nps, csat, ces, ratio or value",
        (Form::Kpi, "Unit") => "e.g. %, days, IDR; empty for none",
        (Form::Kpi, "Target") => "a number, e.g. 65; empty for none",
        (Form::Kpi, "Direction") => "higher or lower: which way is better",
        (Form::Kpi, "Measurements") => match kind().as_str() {
            "nps" => "- YYYY-MM-DD promoters passives detractors, e.g. - 2026-03-02 120 40 30",
            "csat" => "- YYYY-MM-DD how many answered 1 2 3 4 5, e.g. - 2026-03-02 3 5 10 40 42",
            "ces" => "- YYYY-MM-DD score respondents, e.g. - 2026-03-02 5.2 87",
            "ratio" => "- YYYY-MM-DD numerator/denominator, e.g. - 2026-03-02 412/780",
            _ => "- YYYY-MM-DD value, e.g. - 2026-03-02 41.5",
        },
        (Form::Opportunity, "Title") => "what the business could do better",
        (Form::Opportunity, "Impact") => "1 (small) to 5 (large), or empty",
        (Form::Opportunity, "Effort") => "1 (small) to 5 (large), or empty",
        (Form::Opportunity, "Status") => "open, planned or done",
        (Form::Opportunity, "Owner") => "the person or team doing it",
        _ => return None,
    };
    Some((label, text))
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
    /// The line of each item, from 1.
    item_lines: Vec<usize>,
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
                field.item_lines.push(line);
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
            item_lines: Vec::new(),
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
    fn each_form_line_says_what_it_expects_list_items_too() {
        let lines: Vec<String> = opportunity_form(&Opportunity::default())
            .lines()
            .map(String::from)
            .collect();
        let effort = lines.iter().position(|l| l.starts_with("Effort")).unwrap();
        let (label, text) = hint(Form::Opportunity, &lines, effort).unwrap();
        assert_eq!(
            (label.as_str(), text),
            ("Effort", "1 (small) to 5 (large), or empty")
        );
        let lines: Vec<String> = kpi_form(&checkout()).lines().map(String::from).collect();
        let item = lines
            .iter()
            .position(|l| l.trim_start().starts_with("- "))
            .unwrap();
        let (label, text) = hint(Form::Kpi, &lines, item).unwrap();
        assert_eq!(label, "Measurements");
        assert!(text.contains("numerator/denominator"), "{text}");
        assert_eq!(hint(Form::Persona, &["no label here".to_string()], 0), None);
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

    /// A journey with Indonesian stage and card names, `@`, `/` and `->` inside them, and
    /// rules using every part of the syntax.
    fn journey_with_rules() -> Journey {
        let mut journey = Journey::with_default_stages("Beli HP");
        journey.stages[1].name = "Riset / bandingkan".into();
        journey.stages[2].name = "Keputusan -> bayar".into();
        let card = |title: &str| crate::model::Touchpoint::new(title);
        journey.stages[0].touchpoints =
            vec![card("Lihat iklan @ Instagram"), card("Promo / diskon 50%")];
        journey.stages[1].touchpoints = vec![card("Baca ulasan -> tanya teman")];
        journey.stages[3].touchpoints = vec![card("Bayar di kasir")];
        let rule =
            |event: &str, channel: Option<&str>, stage: usize, card: Option<usize>| EventRule {
                event: event.into(),
                channel: channel.map(Into::into),
                stage: journey.stages[stage].id.clone(),
                touchpoint: card.map(|c| journey.stages[stage].touchpoints[c].id.clone()),
                ..EventRule::default()
            };
        journey.event_rules = vec![
            rule("ad_click", Some("instagram"), 0, Some(0)),
            rule("promo_view", None, 0, Some(1)),
            rule("view_product*", Some("web/app"), 1, None),
            rule("review_read", None, 1, Some(0)),
            rule("user@checkout", None, 2, None),
            rule("lihat ulasan", Some("Toko @ Mall"), 1, None),
            rule("order_paid", None, 3, Some(0)),
        ];
        journey.conversion_stage = Some(journey.stages[3].id.clone());
        journey
    }

    fn workspace_of(journey: &Journey) -> Workspace {
        Workspace {
            journeys: vec![journey.clone()],
            ..Workspace::default()
        }
    }

    #[test]
    fn event_rules_are_named_by_name_and_read_back_the_same() {
        let journey = journey_with_rules();
        let ws = workspace_of(&journey);
        let form = journey_form(&journey, &ws);
        let expected = "Event rules:\n\
            \x20 - ad_click @ instagram -> Awareness / Lihat iklan @ Instagram\n\
            \x20 - promo_view -> Awareness / Promo / diskon 50%\n\
            \x20 - view_product* @ web/app -> Riset / bandingkan\n\
            \x20 - review_read -> Riset / bandingkan / Baca ulasan -> tanya teman\n\
            \x20 - user@checkout -> Keputusan -> bayar\n\
            \x20 - lihat ulasan @ Toko @ Mall -> Riset / bandingkan\n\
            \x20 - order_paid -> Purchase / Bayar di kasir\n\
            Conversion stage: Purchase\n";
        assert!(form.ends_with(expected), "{form}");
        assert_eq!(
            parse_journey_form(&form, &journey, &ws),
            Ok(journey.clone())
        );
        // Every line read afresh (not kept because it is unchanged) finds the same rule.
        for (rule, line) in journey.event_rules.iter().zip(form.lines().skip(9)) {
            let text = line.trim().trim_start_matches("- ");
            assert_eq!(parse_rule(text, &journey).as_ref(), Ok(rule), "{text}");
        }
        // form -> journey -> form is stable too, after edits in any case and spacing.
        let edited = form
            .replace(
                "- order_paid -> Purchase / Bayar di kasir",
                "-  order_paid  ->  purchase / BAYAR DI KASIR ",
            )
            .replace(
                "Conversion stage: Purchase",
                "Conversion stage: decision -> nothing",
            );
        let err = parse_journey_form(&edited, &journey, &ws).unwrap_err();
        assert!(
            err.message
                .contains("no stage named \"decision -> nothing\""),
            "{err}"
        );
        let edited = edited.replace("decision -> nothing", "keputusan -> BAYAR");
        let parsed = parse_journey_form(&edited, &journey, &ws).unwrap();
        assert_eq!(parsed.event_rules, journey.event_rules);
        assert_eq!(
            parsed.conversion_stage.as_ref(),
            Some(&journey.stages[2].id)
        );
        let again = journey_form(&parsed, &workspace_of(&parsed));
        assert_eq!(
            parse_journey_form(&again, &parsed, &ws).unwrap(),
            parsed,
            "{again}"
        );
        assert_eq!(journey_form(&parsed, &workspace_of(&parsed)), again);
    }

    #[test]
    fn the_conversion_stage_is_blank_for_purchase_and_named_otherwise() {
        let mut journey = Journey::with_default_stages("Beli HP");
        let ws = workspace_of(&journey);
        let form = journey_form(&journey, &ws);
        assert!(
            form.contains("Event rules:\nConversion stage: \n"),
            "{form}"
        );
        assert_eq!(
            parse_journey_form(&form, &journey, &ws),
            Ok(journey.clone())
        );
        let chosen = form.replace("Conversion stage: ", "Conversion stage: post-PURCHASE");
        let parsed = parse_journey_form(&chosen, &journey, &ws).unwrap();
        assert_eq!(
            parsed.conversion_stage.as_ref(),
            Some(&journey.stages[4].id)
        );
        journey.conversion_stage = parsed.conversion_stage;
        let cleared = journey_form(&journey, &ws).replace("Post-purchase", "");
        let parsed = parse_journey_form(&cleared, &journey, &ws).unwrap();
        assert_eq!(parsed.conversion_stage, None, "blank is the default again");
    }

    #[test]
    fn shared_names_and_missing_ids_are_written_as_ids_and_kept() {
        let mut journey = journey_with_rules();
        // Two cards titled alike: the rule on the second names it by id.
        let mut twin = crate::model::Touchpoint::new("bayar DI kasir");
        twin.id = "tp-twin".into();
        journey.stages[3].touchpoints.push(twin);
        journey.event_rules[6].touchpoint = Some("tp-twin".into());
        // A rule whose stage is gone, and an event the syntax cannot hold: kept as they are.
        journey.event_rules.push(EventRule {
            event: "odd -> name @ here".into(),
            stage: "st-gone".into(),
            ..EventRule::default()
        });
        let ws = workspace_of(&journey);
        let form = journey_form(&journey, &ws);
        assert!(
            form.contains("- order_paid -> Purchase / tp-twin\n"),
            "{form}"
        );
        assert!(form.contains("- odd -> name @ here -> st-gone\n"), "{form}");
        assert_eq!(
            parse_journey_form(&form, &journey, &ws),
            Ok(journey.clone())
        );
        let rule = parse_rule("order_paid -> Purchase / tp-twin", &journey).unwrap();
        assert_eq!(rule.touchpoint.as_deref(), Some("tp-twin"));
    }

    #[test]
    fn event_rule_errors_name_the_line_and_what_to_write() {
        let journey = journey_with_rules();
        let ws = workspace_of(&journey);
        let bad = |rule: &str| {
            let text =
                format!("Name: Beli HP\nEvent rules:\n  - order_paid -> Purchase\n  - {rule}\n");
            let err = parse_journey_form(&text, &journey, &ws).unwrap_err();
            assert_eq!(err.line, 4, "{rule}: {err}");
            err.message
        };
        let message = bad("order_paid -> Pembelian");
        assert!(
            message.contains("no stage named \"Pembelian\""),
            "{message}"
        );
        assert!(
            message.contains("the stages are Awareness, Riset / bandingkan, Keputusan -> bayar"),
            "{message}"
        );
        let message = bad("order_paid -> Purchase / Bayar online");
        assert!(
            message.contains("stage \"Purchase\" has no card \"Bayar online\""),
            "{message}"
        );
        for (rule, says) in [
            (
                "order_paid Purchase",
                "-> between the event and its stage is missing",
            ),
            ("order_paid->Purchase", "space on each side of ->"),
            ("-> Purchase", "the event is missing"),
            ("order_paid ->", "the stage is missing after ->"),
            ("@ web -> Purchase", "the event is missing"),
            ("order_paid @ -> Purchase", "the channel is missing after @"),
            ("order_paid -> Purchase /", "the card is missing after /"),
        ] {
            let message = bad(rule);
            assert!(message.contains(says), "{rule}: {message}");
            assert!(message.contains("write "), "says what to write: {message}");
        }
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
