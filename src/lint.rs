//! Checks that make a map better: what a reviewer would point out, found by machine.
//!
//! Each finding names where it is (journey, stage, card), the rule, what is wrong and how to
//! fix it. Findings are advice, not errors: a workspace with findings still loads and saves.
//! A rule's [`Severity`] says whether `cjm check` fails on it (a warning) or only mentions it
//! (info: advice for a map that is still growing).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::{
    Journey, OpportunityStatus, Stage, Touchpoint, TouchpointField, Workspace, date,
};
use crate::number::number;
use crate::report::kpi_input::KPI_EXAMPLE;

/// A journey not reviewed for more than this many days is stale, unless the config says
/// otherwise (`stale_after_days`).
pub const STALE_AFTER_DAYS: i64 = 90;
/// A KPI not measured for more than this many days is stale, unless the config says otherwise
/// (`kpi_stale_after_days`).
pub const KPI_STALE_AFTER_DAYS: i64 = 90;

/// How old things may get before a rule finds them, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// A journey last reviewed longer ago is stale (`stale_after_days`).
    pub journey_days: i64,
    /// A KPI last measured longer ago is stale (`kpi_stale_after_days`).
    pub kpi_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            journey_days: STALE_AFTER_DAYS,
            kpi_days: KPI_STALE_AFTER_DAYS,
        }
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something missing or wrong in the map: `cjm check` exits 1.
    Warning,
    /// Advice for a map that is still growing: listed, but `cjm check` still exits 0.
    Info,
}

impl Severity {
    /// The name shown in `cjm check`'s output: `warning` or `info`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// A rule of `cjm check`: its name, its severity and what it looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The name findings carry, e.g. `empty-stage`.
    pub name: &'static str,
    /// Whether a finding fails `cjm check`.
    pub severity: Severity,
    /// What the rule looks for, for `cjm check --help` and the docs.
    pub finds: &'static str,
}

/// One thing to improve in a map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's name, e.g. `empty-stage`.
    pub rule: &'static str,
    /// The rule's severity.
    pub severity: Severity,
    /// The journey's name and id.
    pub journey: Named,
    /// The stage's name and id, when the finding is about a stage or a card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Named>,
    /// The card's title and id, when the finding is about a card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Named>,
    /// What is wrong.
    pub message: String,
    /// How to fix it in cjm. It never quotes the map's text; the TUI actions it names are
    /// written `{action_id}` (`{add_card}`) for the front end to turn into its keys with
    /// [`fill_keys`].
    pub fix: String,
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

const EMPTY_JOURNEY: Rule = Rule {
    name: "empty-journey",
    severity: Severity::Warning,
    finds: "a journey without any touchpoint (one finding instead of one per empty stage)",
};
const EMPTY_STAGE: Rule = Rule {
    name: "empty-stage",
    severity: Severity::Warning,
    finds: "a stage without touchpoints, in a journey that has some",
};
const NO_CHANNEL: Rule = Rule {
    name: "no-channel",
    severity: Severity::Warning,
    finds: "a touchpoint without a channel",
};
const NO_EMOTION: Rule = Rule {
    name: "no-emotion",
    severity: Severity::Warning,
    finds: "a touchpoint without an emotion",
};
const PAIN_WITHOUT_OPPORTUNITY: Rule = Rule {
    name: "pain-without-opportunity",
    severity: Severity::Warning,
    finds: "a touchpoint with pain points but no opportunity",
};
const PAIN_WITHOUT_EVIDENCE: Rule = Rule {
    name: "pain-without-evidence",
    severity: Severity::Info,
    finds: "a touchpoint with pain points but no evidence behind them",
};
const UNRATED_OPPORTUNITY: Rule = Rule {
    name: "unrated-opportunity",
    severity: Severity::Info,
    finds: "a touchpoint with opportunities, not done, that lack an impact or effort rating",
};
const DUPLICATE_TITLE: Rule = Rule {
    name: "duplicate-title",
    severity: Severity::Warning,
    finds: "two touchpoints of a stage with the same title",
};
const MISSING_PERSONA: Rule = Rule {
    name: "missing-persona",
    severity: Severity::Warning,
    finds: "a journey or touchpoint naming a persona that does not exist",
};
const MISSING_VARIANT: Rule = Rule {
    name: "missing-variant",
    severity: Severity::Warning,
    finds: "a journey that is a variant of a journey that does not exist",
};
const BROKEN_EVENT_RULE: Rule = Rule {
    name: "broken-event-rule",
    severity: Severity::Warning,
    finds: "an event rule or conversion stage naming a stage or card the journey does not have",
};
const NO_KPI: Rule = Rule {
    name: "no-kpi",
    severity: Severity::Info,
    finds: "a stage with touchpoints but no KPI (one finding for the journey when no stage has \
            one)",
};
const KPI_OFF_TARGET: Rule = Rule {
    name: "kpi-off-target",
    severity: Severity::Warning,
    finds: "a KPI whose latest figure misses its target",
};
const KPI_NO_DATA: Rule = Rule {
    name: "kpi-no-data",
    severity: Severity::Warning,
    finds: "a KPI without any measurement that gives a figure",
};
const KPI_STALE: Rule = Rule {
    name: "kpi-stale",
    severity: Severity::Warning,
    finds: "a KPI last measured more than 90 days ago (kpi_stale_after_days in the config)",
};
const UNRESOLVED_CONFLICT: Rule = Rule {
    name: "unresolved-conflict",
    severity: Severity::Warning,
    finds: "a field two people set to different values, kept until someone picks one",
};
const STALE_JOURNEY: Rule = Rule {
    name: "stale-journey",
    severity: Severity::Warning,
    finds: "a journey last reviewed more than 90 days ago (stale_after_days in the config), or \
            on a date that is not YYYY-MM-DD",
};
const NEVER_REVIEWED: Rule = Rule {
    name: "never-reviewed",
    severity: Severity::Info,
    finds: "a journey without a review date",
};

/// Every rule, in the order `cjm check --help` and the docs list them.
pub const RULES: [Rule; 18] = [
    EMPTY_JOURNEY,
    EMPTY_STAGE,
    NO_CHANNEL,
    NO_EMOTION,
    PAIN_WITHOUT_OPPORTUNITY,
    PAIN_WITHOUT_EVIDENCE,
    UNRATED_OPPORTUNITY,
    DUPLICATE_TITLE,
    MISSING_PERSONA,
    MISSING_VARIANT,
    BROKEN_EVENT_RULE,
    NO_KPI,
    KPI_OFF_TARGET,
    KPI_NO_DATA,
    KPI_STALE,
    UNRESOLVED_CONFLICT,
    STALE_JOURNEY,
    NEVER_REVIEWED,
];

/// `fix` with each `{action_id}` replaced by `key(action_id)`: the key, or the command, that
/// runs the action in the front end at hand. A placeholder `key` does not know stays as
/// written.
pub fn fill_keys(fix: &str, key: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(fix.len());
    let mut rest = fix;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let id = after.find('}').map(|close| &after[..close]);
        match id.and_then(|id| Some((id, key(id)?))) {
            Some((id, text)) => {
                out.push_str(&text);
                rest = &after[id.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The findings for `workspace` on day `today` (days since 1970-01-01), in map order, with
/// the default thresholds.
pub fn lint(workspace: &Workspace, today: i64) -> Vec<Finding> {
    lint_with(workspace, today, Thresholds::default())
}

/// [`lint`] with journeys and KPIs stale after the days of `thresholds`.
pub fn lint_with(workspace: &Workspace, today: i64, thresholds: Thresholds) -> Vec<Finding> {
    let mut all = Vec::new();
    lint_each(workspace, today, thresholds, |finding| all.push(finding));
    all
}

/// Where the rules put their findings: each goes on to the caller as it is found.
struct Findings<'a>(&'a mut dyn FnMut(Finding));

impl Findings<'_> {
    fn push(&mut self, finding: Finding) {
        (self.0)(finding);
    }

    fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        findings.into_iter().for_each(|finding| self.push(finding));
    }
}

/// [`lint_with`], handing each finding to `each` as it is found, in the same order, instead
/// of gathering them: a caller that writes them out holds one at a time (a map of 100,000
/// cards without a channel has 100,000 findings).
pub fn lint_each(
    workspace: &Workspace,
    today: i64,
    thresholds: Thresholds,
    mut each: impl FnMut(Finding),
) {
    let findings = &mut Findings(&mut each);
    let personas: HashSet<&str> = workspace.personas.iter().map(|p| p.id.as_str()).collect();
    for journey in &workspace.journeys {
        let at = Place::journey(journey);
        check_review(journey, (today, thresholds.journey_days), &at, findings);
        check_journey_links(journey, workspace, &personas, &at, findings);
        check_event_rules(journey, &at, findings);
        let empty = journey.card_count() == 0;
        if empty {
            findings.push(empty_journey(journey, &at));
        }
        let measured = journey.stages.iter().any(|s| !s.kpis.is_empty());
        if !empty && !measured {
            findings.push(at.finding(
                NO_KPI,
                "no stage has a KPI: how will you know the journey got better?".into(),
                format!("select a stage, then {{add_kpi}}, typed as e.g. {KPI_EXAMPLE}"),
            ));
        }
        for stage in &journey.stages {
            let at = at.stage(stage);
            if !empty {
                check_stage_content(stage, measured, &at, findings);
            }
            check_stage(stage, &personas, &at, findings);
            check_kpis(stage, (today, thresholds.kpi_days), &at, findings);
        }
    }
    check_conflicts(workspace, findings);
}

/// The persona and variant a journey names, when they do not exist.
fn check_journey_links(
    journey: &Journey,
    workspace: &Workspace,
    personas: &HashSet<&str>,
    at: &Place,
    findings: &mut Findings<'_>,
) {
    for id in &journey.personas {
        if !personas.contains(id.as_str()) {
            findings.push(
                at.finding(
                    MISSING_PERSONA,
                    missing_persona(id),
                    "{edit_journey} and remove it under Personas, or add the persona with \
                 {personas}"
                        .into(),
                ),
            );
        }
    }
    if let Some(variant) = &journey.variant_of
        && workspace.journey_index(variant).is_none()
    {
        findings.push(at.finding(
            MISSING_VARIANT,
            format!("variant of journey {variant:?}, which does not exist"),
            "{edit_journey} and set Variant of to an existing journey, or clear it".into(),
        ));
    }
}

/// The one finding for a journey without touchpoints, in place of one per empty stage.
fn empty_journey(journey: &Journey, at: &Place) -> Finding {
    match journey.stages.len() {
        0 => at.finding(
            EMPTY_JOURNEY,
            "no stages yet".into(),
            "{add_stage} for each step of the journey, then {add_card} in a stage for what the \
             customer does there"
                .into(),
        ),
        count => at.finding(
            EMPTY_JOURNEY,
            format!(
                "no touchpoints yet in its {count} stage{}",
                if count == 1 { "" } else { "s" }
            ),
            "select a stage and {add_card} for each thing the customer does there; \
             {rename_stage} or {delete_stage} fit the stages to the journey"
                .into(),
        ),
    }
}

/// Each conflict kept in the workspace, with every value and who wrote it.
fn check_conflicts(workspace: &Workspace, findings: &mut Findings<'_>) {
    for conflict in &workspace.conflicts {
        let message = format!(
            "{}: {} values kept — {}",
            conflict.field,
            conflict.values.len(),
            conflict.values_line(workspace)
        );
        let fix = "pick one with {review_conflicts}".to_string();
        let journey = workspace.journeys.iter().find(|j| conflict.belongs_to(j));
        let finding = match journey {
            None => Place {
                journey: named("", "workspace"),
                stage: None,
            }
            .finding(UNRESOLVED_CONFLICT, message, fix),
            Some(journey) => {
                let at = Place::journey(journey);
                let id = conflict.record.as_str();
                let stage = journey.stages.iter().find(|s| {
                    s.id == id
                        || s.kpis.iter().any(|k| k.id == id)
                        || s.touchpoints.iter().any(|t| t.id == id)
                });
                match stage {
                    None => at.finding(UNRESOLVED_CONFLICT, message, fix),
                    Some(stage) => {
                        let at = at.stage(stage);
                        match stage.touchpoints.iter().find(|t| t.id == id) {
                            Some(card) => at.card_finding(card, UNRESOLVED_CONFLICT, message, fix),
                            None => at.finding(UNRESOLVED_CONFLICT, message, fix),
                        }
                    }
                }
            }
        };
        findings.push(finding);
    }
}

/// Event rules and a conversion stage that `cjm analyze` could not use.
fn check_event_rules(journey: &Journey, at: &Place, findings: &mut Findings<'_>) {
    use crate::analytics::{Settings, rules};
    if !journey.event_rules.is_empty()
        && let Err(e) = rules::resolve(journey)
    {
        findings.push(at.finding(
            BROKEN_EVENT_RULE,
            e.to_string(),
            "{edit_journey} and correct the rule under Event rules".into(),
        ));
    }
    if journey.conversion_stage.is_some()
        && let Err(e) = rules::conversion_stage(journey, &Settings::default())
    {
        findings.push(at.finding(
            BROKEN_EVENT_RULE,
            e.to_string(),
            "{edit_journey} and name one of the journey's stages under Conversion stage".into(),
        ));
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

    /// A finding of `rule` here: what is wrong and how to fix it.
    fn finding(&self, rule: Rule, message: String, fix: String) -> Finding {
        Finding {
            rule: rule.name,
            severity: rule.severity,
            journey: self.journey.clone(),
            stage: self.stage.clone(),
            card: None,
            message,
            fix,
        }
    }

    /// A finding of `rule` on `card`, in this stage.
    fn card_finding(&self, card: &Touchpoint, rule: Rule, message: String, fix: String) -> Finding {
        Finding {
            card: Some(named(&card.id, &card.title)),
            ..self.finding(rule, message, fix)
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
    format!("persona {id:?} does not exist")
}

/// A journey's review: never made (info), on no valid date, or too long ago.
fn check_review(
    journey: &Journey,
    (today, stale_after_days): (i64, i64),
    at: &Place,
    findings: &mut Findings<'_>,
) {
    let reviewed = journey.last_reviewed.as_deref().map(str::trim);
    let Some(reviewed) = reviewed.filter(|r| !r.is_empty()) else {
        findings.push(
            at.finding(
                NEVER_REVIEWED,
                "never reviewed: no review date".into(),
                "once the team has checked the map against what customers do, {mark_reviewed} \
             (it stamps today's date)"
                    .into(),
            ),
        );
        return;
    };
    let (message, fix) = match date::parse_day(reviewed) {
        None => (
            format!("last reviewed {reviewed:?} is not a YYYY-MM-DD date"),
            "{edit_journey} and correct Last reviewed, or {mark_reviewed} to stamp today's date",
        ),
        Some(day) if today - day > stale_after_days => (
            format!("last reviewed {reviewed}, {} days ago", today - day),
            "review it against what customers do now, then {mark_reviewed}",
        ),
        Some(_) => return,
    };
    findings.push(at.finding(STALE_JOURNEY, message, fix.into()));
}

/// Whether a stage of a journey with touchpoints has its own: an empty stage, and a stage
/// without a KPI when some stage of the journey is `measured` (when none is, the journey
/// gets one finding instead).
fn check_stage_content(stage: &Stage, measured: bool, at: &Place, findings: &mut Findings<'_>) {
    if stage.touchpoints.is_empty() {
        findings.push(
            at.finding(
                EMPTY_STAGE,
                "no touchpoints".into(),
                "select the stage and {add_card} for what the customer does here, or \
             {delete_stage} if the journey does without it"
                    .into(),
            ),
        );
    } else if measured && stage.kpis.is_empty() {
        findings.push(at.finding(
            NO_KPI,
            "no KPI: how will you know this stage got better?".into(),
            format!("select the stage, then {{add_kpi}}, typed as e.g. {KPI_EXAMPLE}"),
        ));
    }
}

/// A stage's cards (duplicate titles, then each card's own findings) and KPIs.
fn check_stage(stage: &Stage, personas: &HashSet<&str>, at: &Place, findings: &mut Findings<'_>) {
    let mut titles: HashMap<String, usize> = HashMap::new();
    for card in &stage.touchpoints {
        let key = card.title.trim().to_lowercase();
        let seen = titles.entry(key).or_insert(0);
        *seen += 1;
        if *seen == 2 {
            findings.push(
                at.card_finding(
                    card,
                    DUPLICATE_TITLE,
                    "another touchpoint of this stage has the same title".into(),
                    "select it and {edit_title} to tell the two apart, or {delete_card} after \
                 moving what it holds to the other"
                        .into(),
                ),
            );
        }
        check_card(card, personas, at, findings);
    }
}

/// A stage's KPIs: without a figure, off target, or not measured for too long.
fn check_kpis(
    stage: &Stage,
    (today, stale_after_days): (i64, i64),
    at: &Place,
    findings: &mut Findings<'_>,
) {
    for kpi in &stage.kpis {
        let summary = kpi.summary();
        let finding = match (summary.latest, summary.on_target, kpi.target) {
            (None, _, _) => Some(
                at.finding(
                    KPI_NO_DATA,
                    format!("KPI {:?} has no measurement with a figure yet", kpi.name),
                    "select the stage and record a figure with {add_measurement}, or measure \
                 events with {analyze_events}"
                        .into(),
                ),
            ),
            (Some(latest), Some(false), Some(target)) => Some(
                at.finding(
                    KPI_OFF_TARGET,
                    format!(
                        "KPI {:?} is at {} against a target of {}",
                        kpi.name,
                        number(latest, &kpi.unit),
                        number(target, &kpi.unit)
                    ),
                    "act on the stage's opportunities, ranked in {view_opportunities}, then \
                 record the next figure with {add_measurement}"
                        .into(),
                ),
            ),
            _ => None,
        };
        findings.extend(finding);
        let last = kpi
            .measurements
            .iter()
            .filter_map(|m| Some((date::parse_day(&m.date)?, m.date.as_str())))
            .max();
        if summary.latest.is_some()
            && let Some((day, text)) = last
            && today - day > stale_after_days
        {
            findings.push(
                at.finding(
                    KPI_STALE,
                    format!(
                        "KPI {:?} last measured {text}, {} days ago",
                        kpi.name,
                        today - day
                    ),
                    "record this period's figure with {add_measurement}, or bring in survey \
                 responses with `cjm feedback import`"
                        .into(),
                ),
            );
        }
    }
}

/// A card's own findings: channel, emotion, opportunities and personas.
fn check_card(card: &Touchpoint, personas: &HashSet<&str>, at: &Place, out: &mut Findings<'_>) {
    let open_and_fill = |field: TouchpointField| {
        format!(
            "select the card, {{open_card}} and fill in {}",
            field.label()
        )
    };
    if card.channel.trim().is_empty() {
        out.push(at.card_finding(
            card,
            NO_CHANNEL,
            "no channel: where does it happen?".into(),
            open_and_fill(TouchpointField::Channel),
        ));
    }
    if card.emotion.is_none() {
        out.push(at.card_finding(
            card,
            NO_EMOTION,
            "no emotion: how does the customer feel here (-2..+2)?".into(),
            "select the card and press {emotion_up} or {emotion_down}".into(),
        ));
    }
    if !card.pain_points.is_empty() && card.opportunities.is_empty() {
        out.push(at.card_finding(
            card,
            PAIN_WITHOUT_OPPORTUNITY,
            format!(
                "{} pain point(s) and no opportunity: what could the business do?",
                card.pain_points.len()
            ),
            open_and_fill(TouchpointField::Opportunities),
        ));
    }
    if !card.pain_points.is_empty() && card.evidence.is_empty() {
        out.push(at.card_finding(
            card,
            PAIN_WITHOUT_EVIDENCE,
            format!(
                "{} pain point(s) and no evidence: who said so, and where?",
                card.pain_points.len()
            ),
            format!(
                "{}, or bring in interview notes with `cjm evidence import`",
                open_and_fill(TouchpointField::Evidence)
            ),
        ));
    }
    if let Some(message) = unrated(card) {
        out.push(
            at.card_finding(
                card,
                UNRATED_OPPORTUNITY,
                message,
                "rate them in {view_opportunities}: select each, press {cycle_impact} then a \
                 digit 1-5, and {cycle_effort} then a digit; or write [impact 4, effort 2] after \
                 each in the card's opportunities"
                    .into(),
            ),
        );
    }
    for id in &card.personas {
        if !personas.contains(id.as_str()) {
            out.push(at.card_finding(
                card,
                MISSING_PERSONA,
                missing_persona(id),
                format!(
                    "select the card, {{open_card}} and remove it under {}",
                    TouchpointField::Personas.label()
                ),
            ));
        }
    }
}

/// What a card's opportunities not yet done lack of impact and effort ratings, or `None`
/// when each has both.
fn unrated(card: &Touchpoint) -> Option<String> {
    let unrated = card
        .opportunities
        .iter()
        .filter(|o| o.status != OpportunityStatus::Done)
        .filter(|o| o.impact.is_none() || o.effort.is_none())
        .count();
    match unrated {
        0 => None,
        1 => Some(
            "an opportunity lacks an impact or effort rating, so it ranks below the rated ones"
                .into(),
        ),
        n => Some(format!(
            "{n} opportunities lack an impact or effort rating, so they rank below the rated \
             ones"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Kpi, KpiKind, Measurement, Opportunity, Rating};

    /// 2026-11-23, the day the tests run on.
    const TODAY: i64 = 20_780;

    fn good_card(title: &str) -> Touchpoint {
        let mut card = Touchpoint::new(title);
        card.channel = "Web".into();
        card.emotion = Emotion::new(1);
        card
    }

    fn measured(name: &str) -> Kpi {
        Kpi {
            name: name.into(),
            measurements: vec![Measurement {
                date: "2026-11-01".into(),
                value: Some(41.0),
                ..Measurement::default()
            }],
            ..Kpi::default()
        }
    }

    fn rules(ws: &Workspace) -> Vec<&'static str> {
        lint(ws, TODAY).into_iter().map(|f| f.rule).collect()
    }

    /// A journey reviewed recently, with one measured stage holding `cards`.
    fn one_stage(cards: Vec<Touchpoint>) -> Workspace {
        let mut journey = Journey::with_default_stages("Beli HP");
        journey.stages.truncate(1);
        journey.stages[0].touchpoints = cards;
        journey.stages[0].kpis = vec![measured("NPS")];
        journey.last_reviewed = Some("2026-11-01".into());
        Workspace {
            journeys: vec![journey],
            ..Workspace::default()
        }
    }

    fn rated(title: &str, impact: Option<i64>, effort: Option<i64>) -> Opportunity {
        Opportunity {
            title: title.into(),
            impact: impact.and_then(Rating::new),
            effort: effort.and_then(Rating::new),
            ..Opportunity::default()
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
    fn demo_findings_name_their_place_their_rule_and_a_fix() {
        let ws = crate::demo::workspace();
        let findings = lint(&ws, TODAY);
        assert!(!findings.is_empty());
        for finding in findings {
            assert!(!finding.place().is_empty());
            let rule = RULES.iter().find(|r| r.name == finding.rule).unwrap();
            assert_eq!(finding.severity, rule.severity);
            assert!(!finding.fix.is_empty(), "{finding:?}");
        }
    }

    #[test]
    fn pain_points_want_evidence() {
        let mut card = good_card("Pays");
        card.pain_points = vec!["Fee shown late".into()];
        card.opportunities = vec![rated("Show it early", Some(4), Some(2))];
        let ws = one_stage(vec![card.clone()]);
        let findings = lint(&ws, TODAY);
        assert_eq!(rules(&ws), ["pain-without-evidence"]);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(findings[0].message.starts_with("1 pain point(s)"));
        card.evidence = "Interview 3".into();
        assert_eq!(rules(&one_stage(vec![card])), [""; 0]);
    }

    #[test]
    fn a_kpi_not_measured_for_longer_than_the_threshold_is_stale() {
        let ws = one_stage(vec![good_card("a")]);
        let day = date::parse_day("2026-11-01").unwrap();
        let at = |today, kpi_days| {
            let thresholds = Thresholds {
                kpi_days,
                ..Thresholds::default()
            };
            lint_with(&ws, today, thresholds)
                .into_iter()
                .filter(|f| f.rule == "kpi-stale")
                .map(|f| f.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(at(day + 90, 90), [""; 0]);
        assert_eq!(
            at(day + 91, 90),
            ["KPI \"NPS\" last measured 2026-11-01, 91 days ago"]
        );
        assert_eq!(at(day + 8, 7).len(), 1);
        // The latest measurement counts, whatever the order; a KPI without a figure is
        // kpi-no-data, not stale.
        let mut ws = ws.clone();
        let kpi = &mut ws.journeys[0].stages[0].kpis[0];
        kpi.measurements.insert(
            0,
            Measurement {
                date: "2026-12-01".into(),
                value: Some(1.0),
                ..Measurement::default()
            },
        );
        let stale = |ws: &Workspace, today| {
            lint_with(ws, today, Thresholds::default())
                .iter()
                .filter(|f| f.rule == "kpi-stale")
                .count()
        };
        assert_eq!(stale(&ws, day + 100), 0);
        ws.journeys[0].stages[0].kpis[0].measurements[0].value = None;
        ws.journeys[0].stages[0].kpis[0].measurements[1].value = None;
        assert_eq!(stale(&ws, day + 1000), 0);
    }

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let names: HashSet<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names.len(), RULES.len());
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
        }
    }

    #[test]
    fn a_new_map_gets_a_short_list() {
        let journey = Journey::with_default_stages("Beli HP");
        let ws = Workspace {
            journeys: vec![journey],
            ..Workspace::default()
        };
        let findings = lint(&ws, TODAY);
        let got: Vec<(&str, Severity)> = findings.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(
            got,
            [
                ("never-reviewed", Severity::Info),
                ("empty-journey", Severity::Warning)
            ]
        );
        assert_eq!(findings[1].message, "no touchpoints yet in its 6 stages");
        assert!(findings[0].fix.contains("{mark_reviewed}"), "{findings:?}");
        assert!(findings[1].fix.contains("{add_card}"), "{findings:?}");
        let mut bare = ws.clone();
        bare.journeys[0].stages.clear();
        let findings = lint(&bare, TODAY);
        assert_eq!(findings[1].message, "no stages yet");
        assert!(findings[1].fix.starts_with("{add_stage}"), "{findings:?}");
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
                "pain-without-evidence",
                "missing-persona",
                "duplicate-title"
            ]
        );
        let findings = lint(&ws, TODAY);
        assert_eq!(findings[0].place(), "Beli HP › Awareness › Bayar");
        assert_eq!(
            findings[0].fix,
            "select the card, {open_card} and fill in Channel"
        );
        assert!(
            findings
                .iter()
                .all(|f| (f.severity == Severity::Info) == (f.rule == "pain-without-evidence"))
        );
    }

    #[test]
    fn an_opportunity_answers_a_pain_point() {
        let mut card = good_card("a");
        card.pain_points = vec!["slow".into()];
        card.opportunities = vec![rated("faster", Some(3), Some(2))];
        card.evidence = "Support tickets, May".into();
        assert!(rules(&one_stage(vec![card])).is_empty());
    }

    #[test]
    fn opportunities_not_done_want_both_ratings() {
        let mut card = good_card("a");
        card.opportunities = vec![
            rated("no effort", Some(3), None),
            rated("rated", Some(3), Some(2)),
            rated("no impact", None, Some(1)),
        ];
        let mut done = good_card("b");
        done.opportunities = vec![Opportunity {
            status: OpportunityStatus::Done,
            ..rated("shipped", None, None)
        }];
        let mut one = good_card("c");
        one.opportunities = vec![rated("bare", None, None)];
        let findings = lint(&one_stage(vec![card, done, one]), TODAY);
        let got: Vec<(&str, String, Severity)> = findings
            .iter()
            .map(|f| (f.rule, f.place(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "unrated-opportunity",
                    "Beli HP › Awareness › a".to_string(),
                    Severity::Info
                ),
                (
                    "unrated-opportunity",
                    "Beli HP › Awareness › c".to_string(),
                    Severity::Info
                )
            ]
        );
        assert!(findings[0].message.starts_with("2 opportunities lack"));
        assert!(findings[1].message.starts_with("an opportunity lacks"));
        assert!(findings[0].fix.contains("{cycle_impact}"));
    }

    #[test]
    fn an_empty_stage_is_reported_once_the_journey_has_cards() {
        let mut ws = one_stage(vec![good_card("a")]);
        ws.journeys[0].stages.push(Stage::new("Purchase"));
        let findings = lint(&ws, TODAY);
        assert_eq!(
            findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
            ["empty-stage"]
        );
        assert_eq!(findings[0].place(), "Beli HP › Purchase");
    }

    #[test]
    fn a_journey_without_kpis_gets_one_finding_and_a_measured_one_one_per_stage() {
        let mut ws = one_stage(vec![good_card("a")]);
        let mut second = Stage::new("Purchase");
        second.touchpoints = vec![good_card("b")];
        ws.journeys[0].stages.push(second);
        let found = |ws: &Workspace| -> Vec<(&'static str, String)> {
            lint(ws, TODAY)
                .into_iter()
                .map(|f| (f.rule, f.place()))
                .collect()
        };
        assert_eq!(found(&ws), [("no-kpi", "Beli HP › Purchase".to_string())]);
        ws.journeys[0].stages[0].kpis.clear();
        let findings = lint(&ws, TODAY);
        assert_eq!(found(&ws), [("no-kpi", "Beli HP".to_string())]);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            findings[0]
                .fix
                .ends_with("{add_kpi}, typed as e.g. Checkout conversion: ratio % >= 65"),
            "{findings:?}"
        );
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
                "empty-journey",
                "kpi-off-target",
                "kpi-stale",
                "kpi-no-data"
            ]
        );
        let findings = lint(&ws, TODAY);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert!(messages[0].contains("325 days ago"), "{messages:?}");
        assert!(messages[3].contains("st-gone"), "{messages:?}");
        assert!(messages[4].contains("conversion stage"), "{messages:?}");
        assert!(
            messages[6].contains("52.8 % against a target of 60 %"),
            "{messages:?}"
        );
        assert!(findings[0].fix.ends_with("then {mark_reviewed}"));
        assert!(findings[2].fix.starts_with("{edit_journey}"));
    }

    #[test]
    fn a_review_is_recent_stale_on_a_bad_date_or_never_made() {
        let mut ws = one_stage(vec![good_card("a")]);
        assert!(rules(&ws).is_empty());
        ws.journeys[0].last_reviewed = Some("kemarin".into());
        assert_eq!(rules(&ws), ["stale-journey"]);
        for never in [None, Some(" ".to_string())] {
            ws.journeys[0].last_reviewed = never;
            let findings = lint(&ws, TODAY);
            assert_eq!(rules(&ws), ["never-reviewed"]);
            assert_eq!(findings[0].severity, Severity::Info);
        }
    }

    #[test]
    fn fill_keys_replaces_the_actions_it_knows() {
        let key = |id: &str| (id == "add_card").then(|| "a (add card)".to_string());
        assert_eq!(
            fill_keys("press {add_card} or {nope}, {", key),
            "press a (add card) or {nope}, {"
        );
        assert_eq!(
            fill_keys("{add_card}{add_card}", key),
            "a (add card)a (add card)"
        );
        assert_eq!(fill_keys("{ {add_card}", key), "{ a (add card)");
        assert_eq!(fill_keys("é{}ü", key), "é{}ü");
    }
}
