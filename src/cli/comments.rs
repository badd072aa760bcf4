//! `cjm comments`: the review comments of a workspace, from the shell.

use std::path::PathBuf;

use serde::Serialize;

use crate::model::{Comment, Workspace};
use crate::text::one_line;

use super::{Failure, Outcome, json_text, load, print, workspace_path};

/// Arguments of `cjm comments`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit: 0 listed (or none to list), 2 bad input or usage.\n\n\
                        --format json: an array of threads with id, on (card, stage or \
                        journey), record (its id), place (journey › stage › card), by, at, \
                        text, resolved and replies (by, at, text)."
)]
pub struct Args {
    /// The workspace (default: as for the TUI; `-` reads standard input).
    file: Option<PathBuf>,
    /// Only the threads not resolved yet.
    #[arg(long)]
    open: bool,
    /// `text` (a thread a paragraph) or `json`.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

/// One thread in JSON.
#[derive(Serialize)]
struct JsonThread<'a> {
    id: &'a str,
    on: &'static str,
    record: &'a str,
    place: String,
    by: &'a str,
    at: &'a str,
    text: &'a str,
    resolved: bool,
    replies: &'a [crate::model::Reply],
}

/// Runs `cjm comments`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    let workspace = load(&path)?.workspace;
    let threads: Vec<&Comment> = workspace
        .comments
        .iter()
        .filter(|c| !(args.open && c.resolved))
        .collect();
    let text = if args.format == "json" {
        let json: Vec<JsonThread> = threads
            .iter()
            .map(|c| JsonThread {
                id: &c.id,
                on: c.kind.word(),
                record: &c.record,
                place: c.place(&workspace),
                by: &c.by,
                at: &c.at,
                text: &c.text,
                resolved: c.resolved,
                replies: &c.replies,
            })
            .collect();
        json_text(&json)
    } else {
        threads.iter().map(|c| paragraph(c, &workspace)).collect()
    };
    print(&text)?;
    Ok(Outcome::Success)
}

/// A thread as text: where, who and when, whether resolved; the text; each reply indented.
fn paragraph(comment: &Comment, workspace: &Workspace) -> String {
    let state = if comment.resolved { "resolved" } else { "open" };
    let mut out = format!(
        "{} · {}, {} · {state}\n  {}\n",
        one_line(&comment.place(workspace)),
        one_line(&comment.by),
        comment.at,
        one_line(&comment.text)
    );
    for reply in &comment.replies {
        out.push_str(&format!(
            "  ↳ {}, {}: {}\n",
            one_line(&reply.by),
            reply.at,
            one_line(&reply.text)
        ));
    }
    out.push('\n');
    out
}
