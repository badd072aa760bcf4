//! Checks that make a map better: what a reviewer would point out, found by machine.
//!
//! Each finding names where it is (journey, stage, card), the rule and what to do. Findings are
//! advice, not errors: a workspace with findings still loads and saves.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::{Journey, KpiSummary, Stage, Touchpoint, Workspace, date, round_text};

/// A journey not reviewed for more than this many days is stale, unless the config says
/// otherwise (`stale_after_days`).
pub const STALE_AFTER_DAYS: i64 = crate::config::DEFAULT_STALE_AFTER_DAYS;

/// One thing to improve in a map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's name, e.g. `empty-stage`.
    pub rule: &'static str,
    /// The journey's name and id.
    pub journey: Named,
    /// The stage's name and id, when the finding is about a stage or a card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Named>,
    /// The card's title and id, when the finding is about a card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Named>,
    /// What is wrong and what to do.
    pub message: String,
}

/// A record's display name with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    /// The id.
    pub id: String,
    /// The name or title.
    pub name: String,
}

impl Finding {
    /// Where the finding is: `journey › stage › card`, as far as it goes.
    pub fn place(&self) -> String {
        let mut parts = vec![self.journey.name.as_str()];
        parts.extend(self.stage.as_ref().map(|s| s.name.as_str()));
        parts.extend(self.card.as_ref().map(|c| c.name.as_str()));
        parts.join(" › ")
    }
}

/// Every rule, with what it looks for, for `cjm check --help` and the docs.
pub const RULES: [(&str, &str); 12] = [
    ("empty-stage", "a stage without touchpoints"),
    ("no-channel", "a touchpoint without a channel"),
    ("no-emotion", "a touchpoint without an emotion"),
    (
        "pain-without-opportunity",
        "a touchpoint with pain points but no opportunity",
    ),
    (
        "duplicate-title",
        "two touchpoints of a stage with the same title",
    ),
    (
        "missing-persona",
        "a journey or touchpoint naming a persona that does not exist",
    ),
    (
        "missing-variant",
        "a journey that is a variant of a journey that does not exist",
    ),
    (
        "broken-event-rule",
        "an event rule or conversion stage naming a stage or card the journey does not have",
    ),
    (
        "kpi-off-target",
        "a KPI whose latest figure misses its target",
    ),
    (
        "kpi-no-data",
        "a KPI without any measurement that gives a figure",
    ),
    (
        "unresolved-conflict",
        "a field two people set to different values, kept until someone picks one",
    ),
    (
        "stale-journey",
        "a journey last reviewed more than 90 days ago (stale_after_days in the config), or on \
         no valid date",
    ),
];

/// The findings for `workspace` on day `today` (days since 1970-01-01), in map order, with
/// the default stale threshold.
pub fn lint(workspace: &Workspace, today: i64) -> Vec<Finding> {
    lint_with(workspace, today, STALE_AFTER_DAYS)
}

/// [`lint`] with journeys stale after `stale_after_days` days without a review.
pub fn lint_with(workspace: &Workspace, today: i64, stale_after_days: i64) -> Vec<Finding> {
    let personas: HashSet<&str> = workspace.personas.iter().map(|p| p.id.as_str()).collect();
    let mut findings = Vec::new();
    for journey in &workspace.journeys {
        let at = Place::journey(journey);
        check_review(journey, (today, stale_after_days), &at, &mut findings);
        for id in &journey.personas {
            if !personas.contains(id.as_str()) {
                findings.push(at.finding("missing-persona", missing_persona(id)));
            }
        }
        if let Some(variant) = &journey.variant_of
            && workspace.journey_index(variant).is_none()
        {
            findings.push(at.finding(
                "missing-variant",
                format!(
                    "variant of journey {variant:?}, which does not exist: set \"Variant of\" \
                     in the journey's details, or remove it"
                ),
            ));
        }
        check_event_rules(journey, &at, &mut findings);
        for stage in &journey.stages {
            check_stage(stage, &personas, &at.stage(stage), &mut findings);
        }
    }
    check_conflicts(workspace, &mut findings);
    findings
}

/// Each conflict kept in the workspace, with every value and who wrote it.
fn check_conflicts(workspace: &Workspace, findings: &mut Vec<Finding>) {
    for conflict in &workspace.conflicts {
        let message = format!(
            "{}: {} values kept — {}: pick one in cjm (: review conflicts)",
            conflict.field,
            conflict.values.len(),
            conflict.values_line(workspace)
        );
        let journey = workspace.journeys.iter().find(|j| conflict.belongs_to(j));
        let finding = match journey {
            None => Place {
                journey: named("", "workspace"),
                stage: None,
            }
            .finding("unresolved-conflict", message),
            Some(journey) => {
                let at = Place::journey(journey);
                let id = conflict.record.as_str();
                let stage = journey.stages.iter().find(|s| {
                    s.id == id
                        || s.kpis.iter().any(|k| k.id == id)
                        || s.touchpoints.iter().any(|t| t.id == id)
                });
                match stage {
                    None => at.finding("unresolved-conflict", message),
                    Some(stage) => {
                        let at = at.stage(stage);
                        match stage.touchpoints.iter().find(|t| t.id == id) {
                            Some(card) => at.card_finding(card, "unresolved-conflict", message),
                            None => at.finding("unresolved-conflict", message),
                        }
                    }
                }
            }
        };
        findings.push(finding);
    }
}

/// Event rules and a conversion stage that `cjm analyze` could not use.
fn check_event_rules(journey: &Journey, at: &Place, findings: &mut Vec<Finding>) {
    use crate::analytics::{Settings, rules};
    if !journey.event_rules.is_empty()
        && let Err(e) = rules::resolve(journey)
    {
        findings.push(at.finding("broken-event-rule", e.to_string()));
    }
    if journey.conversion_stage.is_some()
        && let Err(e) = rules::conversion_stage(journey, &Settings::default())
    {
        findings.push(at.finding("broken-event-rule", e.to_string()));
    }
}

/// Where a finding is being made.
struct Place {
    journey: Named,
    stage: Option<Named>,
}

impl Place {
    fn journey(journey: &Journey) -> Self {
        Self {
            journey: named(&journey.id, &journey.name),
            stage: None,
        }
    }

    fn stage(&self, stage: &Stage) -> Self {
        Self {
            journey: self.journey.clone(),
            stage: Some(named(&stage.id, &stage.name)),
        }
    }

    fn finding(&self, rule: &'static str, message: String) -> Finding {
        Finding {
            rule,
            journey: self.journey.clone(),
            stage: self.stage.clone(),
            card: None,
            message,
        }
    }

    fn card_finding(&self, card: &Touchpoint, rule: &'static str, message: String) -> Finding {
        Finding {
            card: Some(named(&card.id, &card.title)),
            ..self.finding(rule, message)
        }
    }
}

fn named(id: &str, name: &str) -> Named {
    Named {
        id: id.to_string(),
        name: name.to_string(),
    }
}

fn missing_persona(id: &str) -> String {
    format!("persona {id:?} does not exist: add it to the personas or remove the reference")
}

fn check_review(
    journey: &Journey,
    (today, stale_after_days): (i64, i64),
    at: &Place,
    findings: &mut Vec<Finding>,
) {
    let Some(reviewed) = &journey.last_reviewed else {
        return;
    };
    let message = match date::parse_day(reviewed) {
        None => format!("last reviewed {reviewed:?} is not a YYYY-MM-DD date"),
        Some(day) if today - day > stale_after_days => format!(
            "last reviewed {reviewed}, {} days ago: review it against what customers do now",
            today - day
        ),
        Some(_) => return,
    };
    findings.push(at.finding("stale-journey", message));
}

fn check_stage(stage: &Stage, personas: &HashSet<&str>, at: &Place, findings: &mut Vec<Finding>) {
    if stage.touchpoints.is_empty() {
        findings.push(at.finding(
            "empty-stage",
            "no touchpoints: add what the customer does here, or remove the stage".into(),
        ));
    }
    let mut titles: HashMap<String, usize> = HashMap::new();
    for card in &stage.touchpoints {
        let key = card.title.trim().to_lowercase();
        let seen = titles.entry(key).or_insert(0);
        *seen += 1;
        if *seen == 2 {
            findings.push(
                at.card_finding(
                    card,
                    "duplicate-title",
                    "another touchpoint of this stage has the same title: merge them or tell \
                 them apart"
                        .into(),
                ),
            );
        }
        check_card(card, personas, at, findings);
    }
    for kpi in &stage.kpis {
        let summary = kpi.summary();
        let message = match (summary.latest, summary.on_target, kpi.target) {
            (None, _, _) => Some((
                "kpi-no-data",
                format!("KPI {:?} has no measurement with a figure yet", kpi.name),
            )),
            (Some(latest), Some(false), Some(target)) => Some((
                "kpi-off-target",
                format!(
                    "KPI {:?} is at {} against a target of {}",
                    kpi.name,
                    number(latest, &kpi.unit),
                    number(target, &kpi.unit)
                ),
            )),
            _ => None,
        };
        if let Some((rule, message)) = message {
            findings.push(at.finding(rule, message));
        }
    }
}

fn check_card(card: &Touchpoint, personas: &HashSet<&str>, at: &Place, out: &mut Vec<Finding>) {
    if card.channel.trim().is_empty() {
        out.push(at.card_finding(
            card,
            "no-channel",
            "no channel: where does it happen?".into(),
        ));
    }
    if card.emotion.is_none() {
        out.push(at.card_finding(
            card,
            "no-emotion",
            "no emotion: how does the customer feel here (-2..+2)?".into(),
        ));
    }
    if !card.pain_points.is_empty() && card.opportunities.is_empty() {
        out.push(at.card_finding(
            card,
            "pain-without-opportunity",
            format!(
                "{} pain point(s) and no opportunity: what could the business do?",
                card.pain_points.len()
            ),
        ));
    }
    for id in &card.personas {
        if !personas.contains(id.as_str()) {
            out.push(at.card_finding(card, "missing-persona", missing_persona(id)));
        }
    }
}

/// A figure with its unit, without needless decimals: `52.8 %`, `2.18 %`, `41`, `0.53`.
///
/// The one formatter of figures (KPIs and their changes) for `check`, `diff`, the reports
/// and the Markdown and HTML exports, so a figure reads the same everywhere: one decimal from
/// 10 up, two below, trailing zeros dropped.
pub fn number(value: f64, unit: &str) -> String {
    with_unit(round_text(value, decimals(value)), unit)
}

/// The change `delta` between two figures, the larger of which is `scale`, with its sign
/// (`+2.3 %`, `-1`, `0`) and at the precision [`number`] gives that figure, so that
/// `57.6 → 59.9` reads `+2.3`, not `+2.34`.
pub fn change(delta: f64, scale: f64, unit: &str) -> String {
    let text = round_text(delta, decimals(scale.abs().max(delta.abs())));
    let text = if delta > 0.0 && text != "0" {
        format!("+{text}")
    } else {
        text
    };
    with_unit(text, unit)
}

/// A KPI's change from baseline to latest, formatted by [`change`] at the precision of the
/// larger figure; `None` without both figures.
pub fn kpi_change(summary: &KpiSummary, unit: &str) -> Option<String> {
    let (baseline, latest) = (summary.baseline?, summary.latest?);
    Some(change(
        latest - baseline,
        baseline.abs().max(latest.abs()),
        unit,
    ))
}

/// The decimals [`number`] gives a figure of `value`'s size.
fn decimals(value: f64) -> usize {
    if value.abs() >= 10.0 { 1 } else { 2 }
}

/// `text` followed by `unit`, when there is one.
fn with_unit(text: String, unit: &str) -> String {
    match unit.trim() {
        "" => text,
        unit => format!("{text} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Kpi, KpiKind, Measurement, Opportunity};

    fn good_card(title: &str) -> Touchpoint {
        let mut card = Touchpoint::new(title);
        card.channel = "Web".into();
        card.emotion = Emotion::new(1);
        card
    }

    fn rules(ws: &Workspace) -> Vec<&'static str> {
        lint(ws, 20_780).into_iter().map(|f| f.rule).collect()
    }

    fn one_stage(cards: Vec<Touchpoint>) -> Workspace {
        let mut journey = Journey::with_default_stages("Beli HP");
        journey.stages.truncate(1);
        journey.stages[0].touchpoints = cards;
        Workspace {
            journeys: vec![journey],
            ..Workspace::default()
        }
    }

    #[test]
    fn a_complete_map_has_no_findings() {
        assert_eq!(
            rules(&one_stage(vec![good_card("a"), good_card("b")])),
            [""; 0]
        );
    }

    #[test]
    fn demo_findings_name_their_place() {
        let ws = crate::demo::workspace();
        for finding in lint(&ws, 20_780) {
            assert!(!finding.place().is_empty());
            assert!(RULES.iter().any(|(rule, _)| *rule == finding.rule));
        }
    }

    #[test]
    fn each_card_rule_fires() {
        let mut bare = Touchpoint::new("Bayar");
        bare.pain_points = vec!["QRIS gagal".into()];
        bare.personas = vec!["pe-ghost".into()];
        let ws = one_stage(vec![bare, good_card("Dup"), good_card(" dup ")]);
        assert_eq!(
            rules(&ws),
            [
                "no-channel",
                "no-emotion",
                "pain-without-opportunity",
                "missing-persona",
                "duplicate-title"
            ]
        );
        let finding = &lint(&ws, 20_780)[0];
        assert_eq!(finding.place(), "Beli HP › Awareness › Bayar");
    }

    #[test]
    fn an_opportunity_answers_a_pain_point() {
        let mut card = good_card("a");
        card.pain_points = vec!["slow".into()];
        card.opportunities = vec![Opportunity {
            title: "faster".into(),
            ..Opportunity::default()
        }];
        assert!(rules(&one_stage(vec![card])).is_empty());
    }

    #[test]
    fn stages_journeys_and_kpis_are_checked() {
        let mut ws = one_stage(vec![]);
        let journey = &mut ws.journeys[0];
        journey.personas = vec!["pe-none".into()];
        journey.variant_of = Some("jo-gone".into());
        journey.event_rules = vec![crate::model::EventRule {
            event: "order_paid".into(),
            stage: "st-gone".into(),
            ..Default::default()
        }];
        journey.conversion_stage = Some("st-gone".into());
        journey.last_reviewed = Some("2026-01-02".into());
        journey.stages[0].kpis = vec![
            Kpi {
                name: "Conversion".into(),
                kind: KpiKind::Ratio,
                unit: "%".into(),
                target: Some(60.0),
                measurements: vec![Measurement {
                    date: "2026-02-01".into(),
                    numerator: Some(412),
                    denominator: Some(780),
                    ..Measurement::default()
                }],
                ..Kpi::default()
            },
            Kpi {
                name: "NPS".into(),
                ..Kpi::default()
            },
        ];
        assert_eq!(
            rules(&ws),
            [
                "stale-journey",
                "missing-persona",
                "missing-variant",
                "broken-event-rule",
                "broken-event-rule",
                "empty-stage",
                "kpi-off-target",
                "kpi-no-data"
            ]
        );
        let messages: Vec<String> = lint(&ws, 20_780).into_iter().map(|f| f.message).collect();
        assert!(messages[0].contains("325 days ago"), "{messages:?}");
        assert!(messages[3].contains("st-gone"), "{messages:?}");
        assert!(messages[4].contains("conversion stage"), "{messages:?}");
        assert!(
            messages[6].contains("52.8 % against a target of 60 %"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_recent_review_is_not_stale_and_a_bad_date_is_reported() {
        let mut ws = one_stage(vec![good_card("a")]);
        ws.journeys[0].last_reviewed = Some("2026-11-01".into());
        assert!(rules(&ws).is_empty());
        ws.journeys[0].last_reviewed = Some("kemarin".into());
        assert_eq!(rules(&ws), ["stale-journey"]);
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(52.82, "%"), "52.8 %");
        assert_eq!(number(41.0, ""), "41");
        assert_eq!(number(0.528, ""), "0.53");
        assert_eq!(number(2.1799, "%"), "2.18 %");
        assert_eq!(number(59.94, ""), "59.9");
        assert_eq!(number(-0.0001, ""), "0");
        assert_eq!(change(2.34, 59.94, "%"), "+2.3 %");
        assert_eq!(change(-0.06, 0.575, ""), "-0.06");
        assert_eq!(change(4.84, 4.84, "%"), "+4.84 %");
        assert_eq!(change(0.01, 57.6, ""), "0");
        assert_eq!(number(-12.0, "pts"), "-12 pts");
        assert_eq!(number(4.25, ""), "4.25");
    }
}
