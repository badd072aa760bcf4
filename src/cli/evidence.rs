//! `cjm evidence import`: quotes from interview or focus-group notes in Markdown, added as
//! evidence to the cards their headings name.

use std::path::{Path, PathBuf};

use crate::import::{decode, notes};
use crate::model::{Evidence, EvidenceKind, date};
use crate::text::one_line;

use super::{Failure, Outcome, is_stdin, load, read_source};

/// Arguments of `cjm evidence`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Add the quotes of Markdown notes to the cards their headings name.
    #[command(
        after_help = "Quotes are `> ` blocks and list items; a heading names a card by \
        its title or a stage by its name (a card heading under a stage heading is looked for \
        in that stage first). A quote goes to the card of its nearest heading; the others are \
        listed by line and not added. A quote already on its card is not added again.\n\n\
        Example:\n  cjm evidence import rina.md shop.json -j \"Beli HP\" --kind interview \
        --source \"Rina, Jakarta\" --date 2026-01-05\n\n\
        Exit: 0 every quote added or already there, 1 some quotes not placed (the others are \
        added), 2 the notes, the workspace or an option cannot be used (nothing written)."
    )]
    Import(ImportArgs),
}

/// Arguments of `cjm evidence import`.
#[derive(clap::Args)]
struct ImportArgs {
    /// The notes (Markdown); `-` reads standard input.
    notes: PathBuf,
    /// The workspace (default: as for the TUI).
    file: Option<PathBuf>,
    /// The journey (name or id); optional when the workspace has one journey.
    #[arg(long, short)]
    journey: Option<String>,
    /// How the notes were gathered: interview, focus group, survey, support ticket,
    /// analytics or note.
    #[arg(long, default_value = "interview")]
    kind: String,
    /// Who or what the quotes came from (default: the notes' file name).
    #[arg(long)]
    source: Option<String>,
    /// When they were gathered, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

/// Runs `cjm evidence`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    match args.command {
        Sub::Import(args) => import(args),
    }
}

fn import(args: ImportArgs) -> Result<Outcome, Failure> {
    let kind = EvidenceKind::parse(&args.kind).ok_or_else(|| {
        Failure::input(format!(
            "--kind {:?} is not a kind of evidence: use interview, focus group, survey, \
             support ticket, analytics or note",
            one_line(&args.kind)
        ))
    })?;
    if let Some(day) = &args.date
        && date::parse_day(day).is_none()
    {
        return Err(Failure::input(format!(
            "--date {:?} is not a date: write YYYY-MM-DD",
            one_line(day)
        )));
    }
    let path = super::workspace_path(args.file)?;
    if is_stdin(&path) {
        return Err(Failure::input(
            "evidence import writes into the workspace: name the workspace file",
        ));
    }
    let bytes = read_source(&args.notes)?;
    let at = |line: usize| format!("{}:{line}:", args.notes.display());
    let text =
        decode(&bytes).map_err(|e| Failure::input(format!("{} {}", at(e.line), e.message)))?;
    let loaded = load(&path)?;
    if let Some(reason) = &loaded.read_only {
        return Err(Failure::input(reason.clone()));
    }
    let mut workspace = loaded.workspace;
    let index = super::analyze::journey_index(&workspace, args.journey.as_deref())?;
    let journey = &mut workspace.journeys[index];
    let quotes = notes::read_notes(&text, journey);
    if quotes.is_empty() {
        return Err(Failure::input(format!(
            "{}: no quote found: write quotes as `> ` lines or list items under headings \
             naming the cards",
            args.notes.display()
        )));
    }
    let source = args.source.unwrap_or_else(|| default_source(&args.notes));
    let (mut added, mut already, mut unplaced) = (0, 0, 0);
    let mut cards = std::collections::HashSet::new();
    for quote in &quotes {
        match &quote.place {
            Ok((stage, card)) => {
                let record = Evidence {
                    kind,
                    source: source.as_str().into(),
                    date: args.date.clone(),
                    quote: quote.text.as_str().into(),
                    ..Evidence::default()
                };
                let card = &mut journey.stages[*stage].touchpoints[*card];
                if card.evidence.add(record) {
                    added += 1;
                    cards.insert(card.id.clone());
                } else {
                    already += 1;
                }
            }
            Err(why) => {
                unplaced += 1;
                super::note(&format!("{} not placed: {why}", at(quote.line)));
            }
        }
    }
    let name = one_line(&journey.name);
    if added > 0 {
        crate::store::save(&path, &workspace, Some(loaded.fingerprint))
            .map_err(|e| Failure::input(e.to_string()))?;
    }
    super::note(&format!(
        "added {added} quote{} to {} card{} of {name:?} in {}; {already} already there, \
         {unplaced} not placed",
        plural(added),
        cards.len(),
        plural(cards.len()),
        path.display()
    ));
    Ok(if unplaced > 0 {
        Outcome::Attention
    } else {
        Outcome::Success
    })
}

/// The notes' file name, for the source of their quotes; nothing for standard input.
fn default_source(notes: &Path) -> String {
    if is_stdin(notes) {
        return String::new();
    }
    notes
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
