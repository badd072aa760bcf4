//! The map itself: one column per stage, in lanes that line up across the stages: stage
//! heads, the emotion curve (spanning all columns), the KPIs (when any stage has one), then
//! the touchpoint cards. The overview comes first, so it shows on the first screen and the
//! first printed page.

use super::curve::curve;
use super::text::{escape, figure, list, optional, signed, signed_figure, titled_list, user};
use super::{emotion_mark, facts, tone};
use crate::export::Scope;
use crate::model::{
    Direction, Emotion, Evidence, Journey, Kpi, Opportunity, OpportunityStatus, Rating, Stage,
    Touchpoint,
};

/// The board of `journey`, the `number`th of the page.
pub fn board(scope: &Scope, journey: &Journey, number: usize) -> String {
    let stages = &journey.stages;
    if stages.is_empty() {
        return "<p class=\"none\">This journey has no stages yet.</p>".to_string();
    }
    let count = stages.len();
    let heads: String = stages
        .iter()
        .enumerate()
        .map(|(i, s)| stage_head(s, i + 1, count))
        .collect();
    let cards: String = stages.iter().map(|s| cards(scope, s)).collect();
    let measured = stages.iter().any(|s| !s.kpis.is_empty());
    let kpis: String = if measured {
        stages.iter().map(kpis).collect()
    } else {
        String::new()
    };
    format!(
        "<div class=\"board-scroll\"><div class=\"board\" style=\"--stages:{count}\">\
         {heads}<div class=\"curve\"><p class=\"label\">Emotion curve: the mean emotion of \
         each stage's cards</p>{}</div>{kpis}{cards}</div></div>",
        curve(&format!("journey-{number}-curve"), stages)
    )
}

/// A stage's name, place, goal and strategies.
fn stage_head(stage: &Stage, place: usize, count: usize) -> String {
    format!(
        "<header class=\"lane stage-head\"><p class=\"step\">Stage {place} of {count}</p>\
         {}{}{}</header>",
        user("h3", "", &stage.name),
        optional("p", "goal", &stage.goal),
        titled_list("Strategies", "strategies", &stage.strategies),
    )
}

/// A stage's touchpoint cards, top to bottom.
fn cards(scope: &Scope, stage: &Stage) -> String {
    let cards: String = if stage.touchpoints.is_empty() {
        "<p class=\"none\">No touchpoints yet.</p>".to_string()
    } else {
        stage.touchpoints.iter().map(|t| card(scope, t)).collect()
    };
    format!(
        "<div class=\"lane cards\" role=\"group\" aria-label=\"Touchpoints: {}\">{cards}</div>",
        escape(&stage.name)
    )
}

/// One touchpoint card.
fn card(scope: &Scope, card: &Touchpoint) -> String {
    let tone = card.emotion.map_or("none", |e| tone(e.value()));
    let names: Vec<&str> = scope
        .persona_names(&card.personas)
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let conflicts: String = scope
        .workspace
        .conflicts
        .iter()
        .filter(|c| c.record == card.id)
        .map(|c| {
            user(
                "p",
                "conflict",
                &format!(
                    "⚠ Conflict on {}: {}",
                    c.field,
                    c.values_line(scope.workspace)
                ),
            )
        })
        .collect();
    let comments: String = scope
        .workspace
        .comments
        .iter()
        .filter(|c| c.record == card.id)
        .map(|c| {
            let state = if c.resolved { " (resolved)" } else { "" };
            let replies: String = c
                .replies
                .iter()
                .map(|r| user("p", "reply", &format!("↳ {}: {}", r.by, r.text)))
                .collect();
            format!(
                "<aside class=\"comment\">{}{replies}</aside>",
                user("p", "", &format!("✎ {}, {}{state}: {}", c.by, c.at, c.text))
            )
        })
        .collect();
    format!(
        "<article class=\"card tone-{tone}\">{}{conflicts}{}{}{}{}{}{}{}{}{comments}</article>",
        user("h4", "", &card.title),
        emotion(card.emotion),
        facts(
            "facts",
            &[("Action", &card.action), ("Channel", &card.channel)]
        ),
        optional("blockquote", "thoughts", &card.thoughts),
        titled_list("Pain points", "pains", &card.pain_points),
        opportunities(&card.opportunities),
        facts(
            "facts",
            &[("Owner", &card.owner), ("For", &names.join(", ")),]
        ),
        titled_list(
            "Evidence",
            "evidence",
            &card
                .evidence
                .iter()
                .map(Evidence::summary)
                .collect::<Vec<_>>()
        ),
        list("tags", &card.tags),
    )
}

/// A card's emotion as a mark, a score and a word; "not rated" without one.
fn emotion(emotion: Option<Emotion>) -> String {
    match emotion {
        Some(e) => format!(
            "<p class=\"emotion\"><span aria-hidden=\"true\">{}</span> {} {}</p>",
            emotion_mark(e.value()),
            signed(f64::from(e.value()), 0),
            e.label()
        ),
        None => "<p class=\"emotion\">· emotion not rated</p>".to_string(),
    }
}

/// A card's opportunities with impact, effort, status and owner.
fn opportunities(opportunities: &[Opportunity]) -> String {
    if opportunities.is_empty() {
        return String::new();
    }
    let items: String = opportunities.iter().map(opportunity).collect();
    format!("<p class=\"label\">Opportunities</p><ul class=\"opportunities\">{items}</ul>")
}

/// One opportunity as a list item.
fn opportunity(opportunity: &Opportunity) -> String {
    let rating = |name: &str, rating: Option<Rating>| {
        rating.map_or(String::new(), |r| {
            format!("<span class=\"chip\">{name} {}/5</span>", r.value())
        })
    };
    let status = match opportunity.status {
        OpportunityStatus::Open => "open",
        OpportunityStatus::Planned => "planned",
        OpportunityStatus::Done => "done",
    };
    let owner = optional("span", "by", &opportunity.owner);
    format!(
        "<li>{}<span class=\"chips\">{}{}<span class=\"chip status-{status}\">{status}</span>\
         {owner}</span></li>",
        user("span", "", &opportunity.title),
        rating("impact", opportunity.impact),
        rating("effort", opportunity.effort),
    )
}

/// A stage's KPIs.
fn kpis(stage: &Stage) -> String {
    let kpis: String = if stage.kpis.is_empty() {
        "<p class=\"none\">No KPIs</p>".to_string()
    } else {
        stage.kpis.iter().map(kpi).collect()
    };
    format!(
        "<div class=\"lane kpis\" role=\"group\" aria-label=\"KPIs: {}\">{kpis}</div>",
        escape(&stage.name)
    )
}

/// One KPI: its latest figure and date, whether it meets its target, baseline and change.
fn kpi(kpi: &Kpi) -> String {
    let summary = kpi.summary();
    let unit = escape(kpi.unit.trim());
    let with_unit = |value: f64| format!("{} {unit}", figure(value)).trim_end().to_string();
    let latest = match kpi.figures().last() {
        Some((date, value)) => format!(
            "<p class=\"figure\"><strong>{}</strong> {unit} <span class=\"date\">on {}</span></p>",
            figure(*value),
            escape(date)
        ),
        None => "<p class=\"figure none\">No figure yet</p>".to_string(),
    };
    let status = match summary.on_target {
        Some(true) => "<p class=\"status on\">✓ On target</p>",
        Some(false) => "<p class=\"status off\">✗ Off target</p>",
        None => "",
    };
    let (sign, better) = match kpi.direction {
        Direction::Higher => ("≥", 1.0),
        Direction::Lower => ("≤", -1.0),
    };
    let target = kpi.target.map(|t| format!("{sign} {}", with_unit(t)));
    let change = summary
        .change()
        .zip(signed_figure(kpi, &summary))
        .map(|(c, text)| match c * better {
            _ if text.split_whitespace().next() == Some("0") => "no change".to_string(),
            d if d > 0.0 => format!("{text}, better"),
            _ => format!("{text}, worse"),
        });
    let rows: String = [
        ("Baseline", summary.baseline.map(with_unit)),
        ("Change", change),
        ("Target", target),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some(format!("<div><dt>{name}</dt><dd>{}</dd></div>", value?)))
    .collect();
    let rows = if rows.is_empty() {
        rows
    } else {
        format!("<dl class=\"facts\">{rows}</dl>")
    };
    format!(
        "<section class=\"kpi\">{}{latest}{status}{rows}</section>",
        user("h4", "", &kpi.name)
    )
}
