//! Event rules as one line of text, `EVENT [@ CHANNEL] -> STAGE [/ CARD]`, as the journey
//! form shows and reads them: stages and cards named by name when the name finds them again,
//! by id otherwise.

use crate::model::{EventRule, Journey, Stage};
use crate::text::same_name;

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
pub(crate) fn find_stage(journey: &Journey, text: &str) -> Option<usize> {
    journey
        .stages
        .iter()
        .position(|s| same_name(&s.name, text))
        .or_else(|| journey.stage_index(text.trim()))
}

/// The card of `stage` titled `text` (any case), else the card with that id.
fn find_card(stage: &Stage, text: &str) -> Option<usize> {
    let cards = &stage.touchpoints;
    cards
        .iter()
        .position(|t| same_name(&t.title, text))
        .or_else(|| cards.iter().position(|t| t.id == text.trim()))
}

/// The stage with `id` as the form names it: its name when that finds it again, else the id.
pub(crate) fn stage_ref(journey: &Journey, id: &str) -> String {
    journey
        .stage_index(id)
        .and_then(|index| {
            let name = written(&journey.stages[index].name);
            (find_stage(journey, &name) == Some(index)).then_some(name)
        })
        .unwrap_or_else(|| id.to_string())
}

/// The journey's stage names, for error messages.
pub(crate) fn stage_names(journey: &Journey) -> String {
    let names: Vec<String> = journey.stages.iter().map(|s| written(&s.name)).collect();
    if names.is_empty() {
        "none yet: add stages first".to_string()
    } else {
        names.join(", ")
    }
}

/// A name as a form line holds it: on one line, without spaces around it.
pub(crate) fn written(name: &str) -> String {
    name.replace('\n', " ").trim().to_string()
}
