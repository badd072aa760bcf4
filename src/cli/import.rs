//! `cjm import`: a journey from a Mermaid journey diagram or cjm's CSV export, printed as a
//! workspace or added to one.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::adopt::adopt;
use crate::import::{self, Imported};
use crate::model::Workspace;
use crate::store;
use crate::text::one_line;

use super::{Failure, Outcome, is_stdin, print, read_source};

/// Arguments of `cjm import`.
#[derive(clap::Args)]
pub struct Args {
    /// The file to import; `-` reads standard input.
    source: PathBuf,
    /// Its format; by default from the extension (.mmd/.mermaid, .csv).
    #[arg(long, short, value_enum)]
    format: Option<Format>,
    /// Add the journeys to this workspace (created when missing) instead of printing a new
    /// workspace on standard output.
    #[arg(long)]
    into: Option<PathBuf>,
    /// Name the imported journey (only when one journey is imported).
    #[arg(long)]
    name: Option<String>,
}

/// The import formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// A Mermaid `journey` diagram.
    Mermaid,
    /// cjm's CSV export.
    Csv,
}

/// Runs `cjm import`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let format = match args.format.or_else(|| format_of(&args.source)) {
        Some(format) => format,
        None => {
            return Err(Failure::input(format!(
                "{}: cannot tell the format from the name: add --format mermaid or --format csv",
                args.source.display()
            )));
        }
    };
    let bytes = read_source(&args.source)?;
    let at = |line: usize| place(&args.source, line);
    let text = import::decode(&bytes)
        .map_err(|e| Failure::input(format!("{} {}", at(e.line), e.message)))?;
    let result = match format {
        Format::Mermaid => import::from_mermaid(&text),
        Format::Csv => import::from_csv(&text),
    };
    let mut imported =
        result.map_err(|e| Failure::input(format!("{} {}", at(e.line), e.message)))?;
    for warning in &imported.warnings {
        super::note(&format!(
            "{} warning: {}",
            at(warning.line),
            one_line(&warning.message)
        ));
    }
    name_untitled(&mut imported, &args.source);
    if let Some(name) = args.name {
        match imported.journeys.as_mut_slice() {
            [journey] => journey.name = name,
            _ => {
                return Err(Failure::input(format!(
                    "--name needs exactly one imported journey; {} has {}",
                    args.source.display(),
                    imported.journeys.len()
                )));
            }
        }
    }
    match args.into {
        Some(into) => add_to_file(&into, imported),
        None => {
            let mut workspace = Workspace::default();
            merge(&mut workspace, imported);
            print(&store::to_json(&workspace))?;
            Ok(Outcome::Success)
        }
    }
}

/// `SRC:LINE:`, or `SRC:` when the line is 0 (the whole input is at fault).
fn place(source: &Path, line: usize) -> String {
    match line {
        0 => format!("{}:", source.display()),
        line => format!("{}:{line}:", source.display()),
    }
}

/// A journey without a name (a diagram without a title) is named after its file, or
/// "Imported journey" when it came from standard input; its Mermaid export still writes no
/// title ([`import::name_untitled`]).
fn name_untitled(imported: &mut Imported, source: &Path) {
    let stem = Some(source)
        .filter(|s| !is_stdin(s))
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned());
    for journey in &mut imported.journeys {
        if journey.name.trim().is_empty() {
            let name = stem.as_deref().unwrap_or("Imported journey");
            import::name_untitled(journey, name);
        }
    }
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_lowercase().as_str() {
        "mmd" | "mermaid" => Some(Format::Mermaid),
        "csv" => Some(Format::Csv),
        _ => None,
    }
}

/// Adds the imported journeys to the workspace at `path`, creating it when missing (the one
/// command besides `new` that creates a workspace).
fn add_to_file(path: &Path, imported: Imported) -> Result<Outcome, Failure> {
    if is_stdin(path) {
        return Err(Failure::input(
            "--into needs a workspace file; without --into the workspace is printed",
        ));
    }
    let (mut workspace, expected) = if path.exists() {
        let loaded = super::load(path)?;
        if let Some(reason) = loaded.read_only {
            return Err(Failure::input(reason));
        }
        (loaded.workspace, Some(loaded.fingerprint))
    } else {
        (Workspace::default(), None)
    };
    let names: Vec<String> = imported.journeys.iter().map(|j| j.name.clone()).collect();
    merge(&mut workspace, imported);
    store::save(path, &workspace, expected).map_err(|e| Failure::input(e.to_string()))?;
    for name in names {
        super::note(&format!(
            "added journey {:?} to {}",
            one_line(&name),
            path.display()
        ));
    }
    Ok(Outcome::Success)
}

/// Adds journeys and personas to `workspace`: a persona with the name of an existing one
/// becomes that one, and ids already taken get fresh ones.
fn merge(workspace: &mut Workspace, imported: Imported) {
    let adopted = adopt(workspace, imported.personas, imported.journeys);
    workspace.personas.extend(adopted.personas);
    workspace.journeys.extend(adopted.journeys);
}
