//! `cjm search`: the TUI's fuzzy search from the shell.

use std::path::PathBuf;

use serde::Serialize;

use crate::model::TouchpointField;
use crate::search::{self, MatchedField};
use crate::text::one_line;

use super::{Failure, Outcome, json_text, load, print, workspace_path};

/// Arguments of `cjm search`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit: 0 something matched, 1 nothing matched, 2 bad input or usage \
                        (an empty query, --limit 0).\n\n\
                        --json fields: journey, stage, title, journey_id, stage_id, \
                        touchpoint_id, field (title, action, channel, stage, tags, \
                        pain_points, opportunities, thoughts, owner, notes or evidence), \
                        text (the matching snippet) and score."
)]
pub struct Args {
    /// What to look for: letters in order, not necessarily together.
    #[arg(value_parser = query)]
    query: String,
    /// The workspace (default: as for the TUI; `-` reads standard input).
    file: Option<PathBuf>,
    /// At most this many results, best first (1 or more).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    /// JSON with ids, the field matched (a stable key) and its text.
    #[arg(long)]
    json: bool,
}

/// A query with something to look for.
fn query(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("the query is empty: give the letters to look for".into())
    } else {
        Ok(text.to_string())
    }
}

/// One result in JSON.
#[derive(Serialize)]
struct JsonHit<'a> {
    journey: &'a str,
    stage: &'a str,
    title: &'a str,
    journey_id: &'a str,
    stage_id: &'a str,
    touchpoint_id: &'a str,
    field: &'static str,
    text: &'a str,
    score: i64,
}

/// The stable key of a matched field in `--json` (the labels the TUI shows may change).
fn field_key(field: MatchedField) -> &'static str {
    use TouchpointField as F;
    match field {
        MatchedField::Stage => "stage",
        MatchedField::Card(field) => match field {
            F::Title => "title",
            F::Action => "action",
            F::Channel => "channel",
            F::Emotion => "emotion",
            F::Thoughts => "thoughts",
            F::PainPoints => "pain_points",
            F::Opportunities => "opportunities",
            F::Owner => "owner",
            F::Tags => "tags",
            F::Notes => "notes",
            F::Evidence => "evidence",
            F::Personas => "personas",
        },
    }
}

/// Runs `cjm search`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    let workspace = load(&path)?.workspace;
    let limit = usize::try_from(args.limit).unwrap_or(usize::MAX);
    let hits = search::search(&workspace, &args.query, limit);
    let results: Vec<JsonHit> = hits
        .iter()
        .map(|hit| {
            let journey = &workspace.journeys[hit.at.journey];
            let stage = &journey.stages[hit.at.stage];
            let card = &stage.touchpoints[hit.at.card];
            JsonHit {
                journey: &journey.name,
                stage: &stage.name,
                title: &card.title,
                journey_id: &journey.id,
                stage_id: &stage.id,
                touchpoint_id: &card.id,
                field: field_key(hit.field),
                text: &hit.text,
                score: hit.score,
            }
        })
        .collect();
    let text = if args.json {
        json_text(&results)
    } else {
        results
            .iter()
            .map(|r| {
                let place = format!("{} › {} › {}", r.journey, r.stage, r.title);
                format!("{}\n", one_line(&place))
            })
            .collect()
    };
    print(&text)?;
    Ok(if results.is_empty() {
        Outcome::Attention
    } else {
        Outcome::Success
    })
}
