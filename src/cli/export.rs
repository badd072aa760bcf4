//! `cjm export`: journeys as Markdown, CSV, Mermaid, HTML or JSON, to stdout or a file.

use std::path::PathBuf;

use clap::ValueEnum;

use cjm::export::{self, Scope};

use super::{Failure, Outcome, load, select_journeys, workspace_path, write_output};

/// Arguments of `cjm export`.
#[derive(clap::Args)]
pub struct Args {
    /// The workspace (default: as for the TUI).
    file: Option<PathBuf>,
    /// The format to write.
    #[arg(long, short, value_enum)]
    format: Format,
    /// Only this journey (name or id); repeat for several. Default: all.
    #[arg(long, short)]
    journey: Vec<String>,
    /// Write here instead of standard output (atomically; never over the workspace).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// A Markdown document with a table per journey.
    Markdown,
    /// One row per touchpoint with every field.
    Csv,
    /// Mermaid `journey` diagrams.
    Mermaid,
    /// One self-contained HTML page.
    Html,
    /// The journeys alone, in the workspace format.
    Json,
}

impl From<Format> for export::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Markdown => Self::Markdown,
            Format::Csv => Self::Csv,
            Format::Mermaid => Self::Mermaid,
            Format::Html => Self::Html,
            Format::Json => Self::Json,
        }
    }
}

/// Runs `cjm export`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    let workspace = load(&path)?.workspace;
    let journeys = select_journeys(&workspace, &args.journey)?;
    let scope = Scope {
        workspace: &workspace,
        journeys,
    };
    let text = export::export(&scope, args.format.into());
    write_output(args.output.as_deref(), &text, &path)?;
    if let Some(out) = &args.output {
        eprintln!("wrote {}", out.display());
    }
    Ok(Outcome::Success)
}
