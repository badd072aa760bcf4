//! `cjm import`: a journey from a Mermaid journey diagram or cjm's CSV export, printed as a
//! workspace or added to one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use cjm::import::{self, Imported};
use cjm::model::{Journey, Workspace, new_id};
use cjm::store;
use cjm::text::one_line;

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
    let _spinner = super::progress::Spinner::for_file("importing", &args.source);
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
        eprintln!(
            "{} warning: {}",
            at(warning.line),
            one_line(&warning.message)
        );
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
/// "Imported journey" when it came from standard input.
fn name_untitled(imported: &mut Imported, source: &Path) {
    let stem = Some(source)
        .filter(|s| !is_stdin(s))
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned());
    for journey in &mut imported.journeys {
        if journey.name.trim().is_empty() {
            journey.name = stem.clone().unwrap_or_else(|| "Imported journey".into());
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
        eprintln!("added journey {:?} to {}", one_line(&name), path.display());
    }
    Ok(Outcome::Success)
}

/// Adds journeys and personas to `workspace`: a persona with the name of an existing one
/// becomes that one, and ids already taken get fresh ones.
fn merge(workspace: &mut Workspace, imported: Imported) {
    let mut taken = ids(workspace);
    let mut persona_ids: HashMap<String, String> = HashMap::new();
    for mut persona in imported.personas {
        let same = workspace
            .personas
            .iter()
            .find(|p| p.name.trim().to_lowercase() == persona.name.trim().to_lowercase());
        if let Some(existing) = same {
            persona_ids.insert(persona.id.clone(), existing.id.clone());
            continue;
        }
        let old = persona.id.clone();
        fresh(&mut persona.id, "pe", &mut taken);
        persona_ids.insert(old, persona.id.clone());
        workspace.personas.push(persona);
    }
    let remap = |ids: &mut Vec<String>| {
        for id in ids.iter_mut() {
            if let Some(new) = persona_ids.get(id.as_str()) {
                id.clone_from(new);
            }
        }
    };
    for mut journey in imported.journeys {
        remap(&mut journey.personas);
        fresh_ids(&mut journey, &mut taken);
        for stage in &mut journey.stages {
            for card in &mut stage.touchpoints {
                remap(&mut card.personas);
            }
        }
        workspace.journeys.push(journey);
    }
}

/// Every id in the workspace.
fn ids(workspace: &Workspace) -> HashSet<String> {
    let mut ids: HashSet<String> = workspace.personas.iter().map(|p| p.id.clone()).collect();
    for journey in &workspace.journeys {
        ids.insert(journey.id.clone());
        for stage in &journey.stages {
            ids.insert(stage.id.clone());
            ids.extend(stage.kpis.iter().map(|k| k.id.clone()));
            ids.extend(stage.touchpoints.iter().map(|t| t.id.clone()));
        }
    }
    ids
}

fn fresh_ids(journey: &mut Journey, taken: &mut HashSet<String>) {
    fresh(&mut journey.id, "jo", taken);
    for stage in &mut journey.stages {
        fresh(&mut stage.id, "st", taken);
        for kpi in &mut stage.kpis {
            fresh(&mut kpi.id, "kp", taken);
        }
        for card in &mut stage.touchpoints {
            fresh(&mut card.id, "tp", taken);
        }
    }
}

/// Gives `id` a new value when it is empty or taken, and marks it taken.
fn fresh(id: &mut String, prefix: &str, taken: &mut HashSet<String>) {
    while id.trim().is_empty() || taken.contains(id.as_str()) {
        *id = new_id(prefix);
    }
    taken.insert(id.clone());
}
