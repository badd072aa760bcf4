//! The command line: `cjm [FILE]` opens the TUI; subcommands show, search, check, format, diff,
//! export and import maps from the shell. Exit codes: 0 ok, 1 findings or differences, 2 bad
//! input or usage.

mod check;
mod diff;
mod export;
mod fmt;
mod import;
mod new;
mod progress;
mod search;
mod show;
mod templates;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use cjm::model::Workspace;
use cjm::store::{self, Loaded, WORKSPACE_ENV};

/// Customer journey maps in the terminal: one column per stage, one card per touchpoint.
#[derive(Parser)]
#[command(name = "cjm", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The workspace file to open; created from the built-in demo when it does not exist.
    /// Defaults to $CJM_WORKSPACE, then workspace.json in the user's data folder.
    pub file: Option<PathBuf>,
    /// A command to run instead of opening the map.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Print a journey's board as text, as the TUI draws it.
    Show(show::Args),
    /// Fuzzy-search every card, one result per line: journey › stage › title.
    Search(search::Args),
    /// Validate a workspace and point out what would make the map better.
    Check(check::Args),
    /// Rewrite a workspace in canonical form (or only report with --check).
    Fmt(fmt::Args),
    /// What changed between two versions of a workspace, by id.
    Diff(diff::Args),
    /// Export journeys as Markdown, CSV, Mermaid, HTML or JSON.
    Export(export::Args),
    /// Import a journey from a Mermaid journey diagram or cjm's CSV export.
    Import(import::Args),
    /// Create a workspace file from a built-in template.
    New(new::Args),
    /// List the built-in templates for `cjm new`.
    Templates,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// A failed command: what to print and the exit code.
#[derive(Debug)]
pub struct Failure {
    /// 2 for bad input or usage; 1 for findings.
    pub code: u8,
    /// The message, printed after `error: `.
    pub message: String,
}

impl Failure {
    /// Bad input: exit 2.
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
}

/// Whether the command found something (findings, differences, no match): exit 1.
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1.
    Attention,
}

/// Runs a subcommand and turns its result into an exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Show(args) => show::run(args),
        Command::Search(args) => search::run(args),
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::New(args) => new::run(args),
        Command::Templates => templates::run(),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "cjm", &mut std::io::stdout());
            Ok(Outcome::Success)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map(|()| Outcome::Success)
            .map_err(|e| Failure::input(format!("cannot write the man page: {e}"))),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Attention) => ExitCode::from(1),
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// The workspace a command works on: the one named, else `$CJM_WORKSPACE`, else the default.
pub fn workspace_path(file: Option<PathBuf>) -> Result<PathBuf, Failure> {
    file.or_else(store::default_workspace_path).ok_or_else(|| {
        Failure::input(format!(
            "no home folder found: name a workspace file, or set {WORKSPACE_ENV}"
        ))
    })
}

/// Loads a workspace or fails with the loader's `FILE:LINE:COL: message`.
pub fn load(path: &Path) -> Result<Loaded, Failure> {
    let _spinner = progress::Spinner::for_file("reading", path);
    store::load(path).map_err(|e| Failure::input(e.to_string()))
}

/// Loads a workspace; `-` reads standard input and `/dev/null` (git's name for a missing
/// side) is an empty workspace.
pub fn load_any(path: &Path) -> Result<Workspace, Failure> {
    if path == Path::new("/dev/null") {
        return Ok(Workspace::default());
    }
    let _spinner = progress::Spinner::for_file("reading", path);
    let bytes = read_source(path)?;
    store::parse(path, &bytes)
        .map(|(workspace, _)| workspace)
        .map_err(|e| Failure::input(e.to_string()))
}

/// The bytes of a file, or of standard input for `-`.
pub fn read_source(path: &Path) -> Result<Vec<u8>, Failure> {
    let result = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    result.map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))
}

/// Writes `text` to `out` atomically, or to standard output without `out`. Refuses to write
/// over `workspace`, the file the command read.
pub fn write_output(out: Option<&Path>, text: &str, workspace: &Path) -> Result<(), Failure> {
    let Some(out) = out.filter(|out| *out != Path::new("-")) else {
        let mut stdout = std::io::stdout().lock();
        return match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => Ok(()),
            // A closed pipe (`cjm export | head`) is the reader's choice, not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Failure::input(format!(
                "cannot write to standard output: {e}"
            ))),
        };
    };
    if same_file(out, workspace) {
        return Err(Failure::input(format!(
            "{}: is the workspace being read; choose another output file",
            out.display()
        )));
    }
    store::write_atomic(out, text.as_bytes())
        .map_err(|e| Failure::input(format!("{}: cannot write: {e}", out.display())))
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Human output or machine output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One line per item, for people.
    #[default]
    Text,
    /// JSON, for scripts.
    Json,
}

/// Pretty JSON text of a serializable value, with a final newline.
pub fn json_text(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    text.push('\n');
    text
}

/// Finds journeys by name (case-insensitive) or id; every name must match.
pub fn select_journeys<'w>(
    workspace: &'w Workspace,
    names: &[String],
) -> Result<Vec<&'w cjm::model::Journey>, Failure> {
    if names.is_empty() {
        return Ok(workspace.journeys.iter().collect());
    }
    names
        .iter()
        .map(|name| {
            workspace
                .journeys
                .iter()
                .find(|j| j.id == *name || j.name.to_lowercase() == name.to_lowercase())
                .ok_or_else(|| {
                    let known: Vec<String> = workspace
                        .journeys
                        .iter()
                        .map(|j| format!("{:?} ({})", cjm::text::one_line(&j.name), j.id))
                        .collect();
                    Failure::input(format!(
                        "no journey named {name:?}; the journeys are: {}",
                        known.join(", ")
                    ))
                })
        })
        .collect()
}
