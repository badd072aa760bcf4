//! `cjm export`: journeys as Markdown, CSV, Mermaid, HTML or JSON, to stdout or a file.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::export::{self, Format, Scope};

use super::{
    Failure, Outcome, is_stdin, journey_list, load, print, same_file, select_journeys,
    workspace_path, write_file,
};

/// Arguments of `cjm export`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit: 0 written, 2 the workspace cannot be read, a journey is \
                        unknown, Mermaid is asked for several journeys, or the output cannot \
                        be written."
)]
pub struct Args {
    /// The workspace (default: as for the TUI; `-` reads standard input).
    file: Option<PathBuf>,
    /// The format to write.
    #[arg(long, short, value_parser = format_parser())]
    format: Format,
    /// Only this journey (name or id); repeat for several. Default: all.
    #[arg(long, short)]
    journey: Vec<String>,
    /// Write here instead of standard output (atomically; never over the workspace; `-` is
    /// standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The parser of `--format`, built from the library's one list of formats (the library does
/// not depend on clap, so `export::Format` cannot derive `ValueEnum`).
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let names = Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.description()));
    PossibleValuesParser::new(names)
        .map(|name| Format::from_name(&name).expect("clap accepts only the names listed"))
}

/// Runs `cjm export`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    let workspace = load(&path)?.workspace;
    let journeys = select_journeys(&workspace, &args.journey)?;
    if args.format == Format::Mermaid && journeys.len() > 1 {
        return Err(Failure::input(format!(
            "Mermaid holds one journey per diagram: choose one with --journey (the journeys \
             are {})",
            journey_list(&workspace)
        )));
    }
    let scope = Scope {
        workspace: &workspace,
        journeys,
    };
    let text = export::export(&scope, args.format);
    match args.output.filter(|out| !is_stdin(out)) {
        None => print(&text)?,
        Some(out) => {
            // Never over the workspace being read, by whatever name it is given.
            if same_file(&out, &path) {
                return Err(Failure::input(format!(
                    "{}: is the workspace being read; choose another output file",
                    out.display()
                )));
            }
            write_file(&out, &text)?;
            super::note(&format!("wrote {}", out.display()));
        }
    }
    Ok(Outcome::Success)
}
