//! `cjm search`: the TUI's fuzzy search from the shell.

use std::path::PathBuf;

use serde::Serialize;

use cjm::search;
use cjm::text::one_line;

use super::{Failure, Outcome, json_text, load, workspace_path, write_output};

/// Arguments of `cjm search`.
#[derive(clap::Args)]
#[command(after_help = "Exit: 0 something matched, 1 nothing matched, 2 bad input.")]
pub struct Args {
    /// What to look for: letters in order, not necessarily together.
    query: String,
    /// The workspace (default: as for the TUI).
    file: Option<PathBuf>,
    /// At most this many results, best first.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// JSON with ids, the field matched and its text.
    #[arg(long)]
    json: bool,
}

/// One result in JSON.
#[derive(Serialize)]
struct Result<'a> {
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

/// Runs `cjm search`.
pub fn run(args: Args) -> std::result::Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    let workspace = load(&path)?.workspace;
    let hits = search::search(&workspace, &args.query, args.limit);
    let results: Vec<Result> = hits
        .iter()
        .map(|hit| {
            let journey = &workspace.journeys[hit.at.journey];
            let stage = &journey.stages[hit.at.stage];
            let card = &stage.touchpoints[hit.at.card];
            Result {
                journey: &journey.name,
                stage: &stage.name,
                title: &card.title,
                journey_id: &journey.id,
                stage_id: &stage.id,
                touchpoint_id: &card.id,
                field: hit.field.label(),
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
    write_output(None, &text, &path)?;
    Ok(if results.is_empty() {
        Outcome::Attention
    } else {
        Outcome::Success
    })
}
