//! A journey's event rules and conversion stage, checked and resolved to stage positions once,
//! for the engine and the SQL emitter alike.

use crate::model::Journey;

use super::{AnalyzeError, Settings};

/// The channel of events that have none, when their rule's card has none either.
pub const NO_CHANNEL: &str = "(none)";

/// One event rule with its ids resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The event name or glob (`*`, `?`).
    pub event: String,
    /// Only events in this channel match.
    pub channel: Option<String>,
    /// The stage's position in the journey, from 0.
    pub stage: usize,
    /// The channel of the rule's card, given to events without one; `None` without a card or
    /// when the card has no channel.
    pub card_channel: Option<String>,
}

impl Rule {
    /// Whether the rule's event is a glob rather than an exact name.
    pub fn is_glob(&self) -> bool {
        self.event.contains(['*', '?'])
    }
}

/// The journey's rules, in order, with every stage and card reference checked.
pub fn resolve(journey: &Journey) -> Result<Vec<Rule>, AnalyzeError> {
    if journey.event_rules.is_empty() {
        return Err(AnalyzeError::Rules(format!(
            "journey {:?} has no event rules: add them under \"Event rules\" in the journey \
             form (`: edit journey details`) or as event_rules in the file \
             (docs/analytics.md)",
            journey.name
        )));
    }
    journey
        .event_rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            let number = index + 1;
            if rule.event.trim().is_empty() {
                return Err(AnalyzeError::Rules(format!(
                    "event rule {number} of journey {:?} has no event name",
                    journey.name
                )));
            }
            let stage = journey.stage_index(&rule.stage).ok_or_else(|| {
                AnalyzeError::Rules(format!(
                    "event rule {number} ({:?}) of journey {:?} names stage {:?}, which the \
                     journey does not have",
                    rule.event, journey.name, rule.stage
                ))
            })?;
            let card_channel = match &rule.touchpoint {
                None => None,
                Some(id) => {
                    let card = journey.stages[stage]
                        .touchpoints
                        .iter()
                        .find(|t| &t.id == id)
                        .ok_or_else(|| {
                            AnalyzeError::Rules(format!(
                                "event rule {number} ({:?}) of journey {:?} names card {id:?}, \
                                 which stage {:?} does not have",
                                rule.event, journey.name, journey.stages[stage].name
                            ))
                        })?;
                    (!card.channel.is_empty()).then(|| card.channel.to_string())
                }
            };
            Ok(Rule {
                event: rule.event.clone(),
                channel: rule.channel.clone().filter(|c| !c.is_empty()),
                stage,
                card_channel,
            })
        })
        .collect()
}

/// The position of the conversion stage: `settings.conversion_stage` (a stage name, any case,
/// or id), else the journey's `conversion_stage`, else the stage named Purchase (any case).
pub fn conversion_stage(journey: &Journey, settings: &Settings) -> Result<usize, AnalyzeError> {
    let by_name_or_id = |wanted: &str| {
        journey.stage_index(wanted).or_else(|| {
            journey
                .stages
                .iter()
                .position(|s| s.name.trim().to_lowercase() == wanted.trim().to_lowercase())
        })
    };
    let names = || {
        journey
            .stages
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(wanted) = &settings.conversion_stage {
        return by_name_or_id(wanted).ok_or_else(|| {
            AnalyzeError::Rules(format!(
                "journey {:?} has no stage {wanted:?}; its stages are: {}",
                journey.name,
                names()
            ))
        });
    }
    if let Some(id) = &journey.conversion_stage {
        return journey.stage_index(id).ok_or_else(|| {
            AnalyzeError::Rules(format!(
                "the conversion stage of journey {:?} is {id:?}, which the journey does not \
                 have: choose another in the journey form or with --conversion STAGE",
                journey.name
            ))
        });
    }
    by_name_or_id("purchase").ok_or_else(|| {
        AnalyzeError::Rules(format!(
            "journey {:?} has no stage named Purchase: name its conversion stage with \
             --conversion STAGE or as \"Conversion stage\" in the journey form (its stages \
             are: {})",
            journey.name,
            names()
        ))
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{EventRule, Touchpoint};

    /// A journey with the default stages, a card with a channel in Awareness, and two rules:
    /// `ad_*` to that card and `order_paid` to Purchase.
    pub(crate) fn journey() -> Journey {
        let mut journey = Journey::with_default_stages("Beli HP");
        let mut card = Touchpoint::new("Sees an ad");
        card.channel = "instagram".into();
        let card_id = card.id.clone();
        journey.stages[0].touchpoints.push(card);
        let rule = |event: &str, stage: usize, touchpoint: Option<String>| EventRule {
            event: event.into(),
            stage: journey.stages[stage].id.clone(),
            touchpoint,
            ..EventRule::default()
        };
        journey.event_rules = vec![rule("ad_*", 0, Some(card_id)), rule("order_paid", 3, None)];
        journey
    }

    #[test]
    fn rules_resolve_to_stage_positions_and_card_channels() {
        let rules = resolve(&journey()).unwrap();
        assert_eq!(rules[0].stage, 0);
        assert_eq!(rules[0].card_channel.as_deref(), Some("instagram"));
        assert!(rules[0].is_glob());
        assert_eq!(rules[1].stage, 3);
        assert_eq!(rules[1].card_channel, None);
        assert!(!rules[1].is_glob());
    }

    #[test]
    fn broken_rules_name_the_rule_and_what_is_missing() {
        let mut j = journey();
        j.event_rules[1].stage = "st-gone".into();
        let message = resolve(&j).unwrap_err().to_string();
        assert!(
            message.contains("rule 2") && message.contains("st-gone"),
            "{message}"
        );
        let mut j = journey();
        j.event_rules[0].touchpoint = Some("tp-gone".into());
        let message = resolve(&j).unwrap_err().to_string();
        assert!(message.contains("tp-gone"), "{message}");
        let mut j = journey();
        j.event_rules.clear();
        assert!(
            resolve(&j)
                .unwrap_err()
                .to_string()
                .contains("no event rules")
        );
    }

    #[test]
    fn the_conversion_stage_is_chosen_in_order() {
        let mut j = journey();
        let settings = Settings::default();
        assert_eq!(
            conversion_stage(&j, &settings).unwrap(),
            3,
            "Purchase by name"
        );
        j.conversion_stage = Some(j.stages[4].id.clone());
        assert_eq!(
            conversion_stage(&j, &settings).unwrap(),
            4,
            "the journey's choice"
        );
        let named = Settings {
            conversion_stage: Some("decision".into()),
            ..Settings::default()
        };
        assert_eq!(
            conversion_stage(&j, &named).unwrap(),
            2,
            "the command line's"
        );
        j.conversion_stage = None;
        j.stages[3].name = "Pembelian".into();
        let message = conversion_stage(&j, &settings).unwrap_err().to_string();
        assert!(message.contains("Pembelian") && message.contains("--conversion"));
    }
}
