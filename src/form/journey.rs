//! A journey's own fields as a form, its event rules one line each (see
//! [`crate::analytics::rule_line`]).

use crate::analytics::rule_line::{
    find_stage, parse_rule, rule_text, stage_names, stage_ref, written,
};
use crate::model::{EventRule, Journey, JourneyState, Workspace, date};
use crate::text::same_name;

use super::FormError;
use super::syntax::{error, fields, list, scalar};

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

/// The conversion stage as the form shows it: empty for the default (the stage named
/// Purchase).
fn conversion_text(journey: &Journey) -> String {
    journey
        .conversion_stage
        .as_deref()
        .map_or(String::new(), |id| stage_ref(journey, id))
}
