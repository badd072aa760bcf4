//! Survey responses turned into KPI measurements and evidence (`cjm feedback import`,
//! docs/feedback.md).
//!
//! Each response is placed on a card, a stage or an event of the journey (an event through
//! the journey's event rules, first match wins). Its answers are counted per place and period
//! into the raw counts the KPI kinds keep (promoters, passives and detractors for NPS; the five
//! answer buckets for CSAT; the mean score and its respondents for CES), so the figures are
//! computed by the same formulas as every KPI ([`crate::model::Measurement::figure`]). A
//! response on a card counts for the card and for its stage. Its comment becomes a `survey`
//! evidence record on its card.

mod read;
mod tally;

pub use read::{Answer, BadRow, Response, Survey, read};
pub use tally::{Period, Tally, period_start};

use std::collections::{BTreeMap, HashSet};

use crate::analytics::event_matches;
use crate::model::{Direction, Evidence, EvidenceKind, Journey, Kpi, KpiKind, date, new_id};

/// Where a response is about: a stage, and a card of it when the response names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The stage's index in the journey.
    pub stage: usize,
    /// The card's index in the stage.
    pub card: Option<usize>,
}

/// A response that could not be placed, by line, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// The line of the row, from 1.
    pub line: usize,
    /// Why, and what to do.
    pub reason: String,
}

/// One figure the import wrote: a place, a survey and a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The measurement's date: the first day of the period.
    pub date: String,
    /// `Stage` or `Stage › Card`.
    pub place: String,
    /// Which survey.
    pub survey: Survey,
    /// How many answered.
    pub responses: u64,
    /// The figure, as the KPI computes it from the measurement.
    pub value: f64,
}

/// What an import did to a journey.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// The figures written, by place, survey and date.
    pub figures: Vec<Figure>,
    /// KPIs created for them (the others were there from an earlier import).
    pub created_kpis: usize,
    /// Measurements that replaced one of the same date from an earlier import.
    pub replaced: usize,
    /// Comments added as evidence.
    pub comments: usize,
    /// Comments already on their card.
    pub comments_already: usize,
    /// Comments of responses placed on a stage without a card: evidence belongs to cards.
    pub comments_on_stages: usize,
    /// Responses placed.
    pub placed: usize,
    /// Responses that could not be placed.
    pub unplaced: Vec<Unplaced>,
}

/// Writes the responses into `journey`: measurements per place, survey and period on KPIs
/// found by their `source` (`feedback:nps` on a stage, `feedback:nps:CARD-ID` for a card),
/// created when missing, a measurement of the same date replaced; comments as evidence.
/// `origin` names the responses (the file) in the evidence of rows without a respondent.
pub fn apply(
    journey: &mut Journey,
    responses: &[Response],
    period: Period,
    origin: &str,
) -> Applied {
    let mut applied = Applied::default();
    let mut tallies: BTreeMap<(Place, Survey, i64), Tally> = BTreeMap::new();
    let last_day = responses
        .iter()
        .filter_map(|r| date::parse_day(&r.date))
        .max()
        .unwrap_or(0);
    let mut comments = Vec::new();
    for response in responses {
        let place = match place(journey, response) {
            Ok(place) => place,
            Err(reason) => {
                applied.unplaced.push(Unplaced {
                    line: response.line,
                    reason,
                });
                continue;
            }
        };
        applied.placed += 1;
        let day = date::parse_day(&response.date).unwrap_or(last_day);
        let start = period_start(day, period, last_day);
        for answer in &response.answers {
            let mut places = vec![Place {
                card: None,
                ..place
            }];
            if place.card.is_some() {
                places.push(place);
            }
            for at in places {
                tallies
                    .entry((at, answer.survey, start))
                    .or_default()
                    .add(answer.score);
            }
        }
        if !response.comment.trim().is_empty() {
            match place.card {
                Some(card) => comments.push((place.stage, card, comment(response, origin))),
                None => applied.comments_on_stages += 1,
            }
        }
    }
    let mut kpis_seen: HashSet<String> = HashSet::new();
    for ((at, survey, start), tally) in &tallies {
        let day = date::day_text(*start);
        let measurement = tally.measurement(*survey, &day);
        let kpi = kpi_for(journey, *at, *survey, &mut applied.created_kpis);
        let before = kpi.measurements.len();
        kpi.measurements.retain(|m| m.date != day);
        applied.replaced += before - kpi.measurements.len();
        kpi.measurements.push(measurement.clone());
        kpi.measurements.sort_by(|a, b| a.date.cmp(&b.date));
        kpis_seen.insert(kpi.id.clone());
        let value = measurement.figure(kpi.kind, &kpi.unit).unwrap_or(f64::NAN);
        applied.figures.push(Figure {
            date: day,
            place: place_name(journey, *at),
            survey: *survey,
            responses: tally.responses(),
            value,
        });
    }
    for (stage, card, record) in comments {
        if journey.stages[stage].touchpoints[card].evidence.add(record) {
            applied.comments += 1;
        } else {
            applied.comments_already += 1;
        }
    }
    applied
}

/// The evidence record of a response's comment: kind survey, its respondent (or the file),
/// the answers it gave, its date.
fn comment(response: &Response, origin: &str) -> Evidence {
    let who = if response.respondent.is_empty() {
        origin.to_string()
    } else {
        response.respondent.clone()
    };
    let scores: Vec<String> = response
        .answers
        .iter()
        .map(|a| format!("{} {}", a.survey.name(), a.score))
        .collect();
    let source = [who, scores.join(", ")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    Evidence {
        kind: EvidenceKind::Survey,
        source: source.into(),
        date: Some(response.date.clone()),
        quote: response.comment.trim().into(),
        ..Evidence::default()
    }
}

/// Where `response` is about: its card (by id or title, within its stage when it names one),
/// else its stage (by id or name), else the first event rule its event matches.
fn place(journey: &Journey, response: &Response) -> Result<Place, String> {
    let key = |text: &str| text.trim().to_lowercase();
    let stage = if response.stage.is_empty() {
        None
    } else {
        let wanted = key(&response.stage);
        Some(
            journey
                .stages
                .iter()
                .position(|s| s.id == response.stage || key(&s.name) == wanted)
                .ok_or_else(|| {
                    format!(
                        "stage {:?} is not in the journey: use a stage's name or id",
                        crate::text::one_line(&response.stage)
                    )
                })?,
        )
    };
    if !response.card.is_empty() {
        let wanted = key(&response.card);
        let found: Vec<Place> = journey
            .stages
            .iter()
            .enumerate()
            .filter(|(s, _)| stage.is_none_or(|only| only == *s))
            .flat_map(|(s, st)| {
                st.touchpoints
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.id == response.card || key(&t.title) == wanted)
                    .map(move |(c, _)| Place {
                        stage: s,
                        card: Some(c),
                    })
            })
            .collect();
        let card = crate::text::one_line(&response.card);
        return match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!(
                "card {card:?} is not in the journey{}: use a card's title or id",
                if stage.is_some() {
                    " at that stage"
                } else {
                    ""
                }
            )),
            _ => Err(format!(
                "{} cards are titled {card:?}: add the stage, or use the card's id",
                found.len()
            )),
        };
    }
    if let Some(stage) = stage {
        return Ok(Place { stage, card: None });
    }
    if !response.event.is_empty() {
        let rule = journey
            .event_rules
            .iter()
            .filter(|r| r.channel.as_deref().is_none_or(str::is_empty))
            .find(|r| event_matches(&r.event, &response.event))
            .ok_or_else(|| {
                format!(
                    "no event rule of the journey matches event {:?}: add one (rules with a \
                     channel are not used: a response has none)",
                    crate::text::one_line(&response.event)
                )
            })?;
        let stage = journey
            .stage_index(&rule.stage)
            .ok_or("the event rule names a stage the journey does not have: fix the rule")?;
        let card = rule.touchpoint.as_deref().and_then(|id| {
            journey.stages[stage]
                .touchpoints
                .iter()
                .position(|t| t.id == id)
        });
        return Ok(Place { stage, card });
    }
    Err("no stage, card or event: say what the response is about".into())
}

/// The KPI that keeps `survey`'s figures for `at`, created when missing.
fn kpi_for<'j>(
    journey: &'j mut Journey,
    at: Place,
    survey: Survey,
    created: &mut usize,
) -> &'j mut Kpi {
    let tag = survey.name().to_lowercase();
    let (source, name) = match at.card {
        None => (format!("feedback:{tag}"), survey.name().to_string()),
        Some(card) => {
            let card = &journey.stages[at.stage].touchpoints[card];
            (
                format!("feedback:{tag}:{}", card.id),
                format!("{}: {}", survey.name(), crate::text::one_line(&card.title)),
            )
        }
    };
    let stage = &mut journey.stages[at.stage];
    let index = match stage
        .kpis
        .iter()
        .position(|k| k.source.as_deref() == Some(source.as_str()))
    {
        Some(index) => index,
        None => {
            *created += 1;
            stage.kpis.push(Kpi {
                id: new_id("kp"),
                name,
                kind: match survey {
                    Survey::Nps => KpiKind::Nps,
                    Survey::Csat => KpiKind::Csat,
                    Survey::Ces => KpiKind::Ces,
                },
                unit: if survey == Survey::Csat {
                    "%".into()
                } else {
                    String::new()
                },
                direction: Direction::Higher,
                source: Some(source),
                ..Kpi::default()
            });
            stage.kpis.len() - 1
        }
    };
    &mut stage.kpis[index]
}

/// `Stage` or `Stage › Card`, for the report.
fn place_name(journey: &Journey, at: Place) -> String {
    let stage = &journey.stages[at.stage];
    match at.card {
        None => stage.name.clone(),
        Some(card) => format!("{} › {}", stage.name, stage.touchpoints[card].title),
    }
}

#[cfg(test)]
mod tests;
