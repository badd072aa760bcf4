//! The command line: `cjm [FILE]` opens the TUI; subcommands show, search, check, format, diff,
//! export and import maps from the shell. Exit codes: 0 ok, 1 warnings or differences, 2 bad
//! input or usage.

mod analyze;
mod check;
mod comments;
mod config;
mod diff;
mod evidence;
mod experiment;
mod export;
mod feedback;
mod fmt;
mod import;
mod new;
mod progress;
mod search;
mod show;
mod templates;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::model::{Journey, Workspace};
use crate::store::{self, Fingerprint, Loaded, WORKSPACE_ENV};

/// Customer journey maps in the terminal: one column per stage, one card per touchpoint.
#[derive(Parser)]
#[command(name = "cjm", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The workspace file to open; created from the built-in demo when it does not exist.
    /// Defaults to $CJM_WORKSPACE, then workspace.json in the user's data folder.
    pub file: Option<PathBuf>,
    /// Open for review: edits are refused and nothing is written (no save, no recovery
    /// journal, no lock or mark beside the file); W turns it off when the file is writable.
    #[arg(long)]
    pub read_only: bool,
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
    /// Evidence on cards: import quotes from interview or focus-group notes in Markdown.
    Evidence(evidence::Args),
    /// Survey responses as NPS, CSAT and CES per stage, card and period; comments as evidence.
    Feedback(feedback::Args),
    /// List the review comments: where, who, when, the text and the replies.
    Comments(comments::Args),
    /// Measure a journey against real events: funnel, time between stages, channel attribution.
    Analyze(analyze::Args),
    /// Compare the arms of an A/B test from events with an arm column, or plan one's size.
    Experiment(experiment::Args),
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
    /// Print where the config file is and the settings in effect (or, with --default, a
    /// commented default config file).
    Config(config::Args),
}

/// The exit code of a failed command: bad input or usage.
const FAILURE_EXIT: u8 = 2;

/// A failed command (bad input or usage, exit 2): the message printed after `error: `.
#[derive(Debug)]
pub struct Failure {
    /// The message, printed after `error: `.
    pub message: String,
}

impl Failure {
    /// Bad input or usage: exit 2.
    pub fn input(message: impl Into<String>) -> Self {
        Self {
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
    progress::start("working…");
    let result = match command {
        Command::Show(args) => show::run(args),
        Command::Search(args) => search::run(args),
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Experiment(args) => experiment::run(args),
        Command::Comments(args) => comments::run(args),
        Command::Evidence(args) => evidence::run(args),
        Command::Feedback(args) => feedback::run(args),
        Command::New(args) => new::run(args),
        Command::Templates => templates::run(),
        Command::Config(args) => config::run(args),
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "cjm", &mut script);
            print_raw(&script).map(|()| Outcome::Success)
        }
        Command::Man => man_page().and_then(|page| print_raw(&page).map(|()| Outcome::Success)),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Attention) => ExitCode::from(1),
        Err(failure) => {
            note(&format!("error: {}", failure.message));
            ExitCode::from(FAILURE_EXIT)
        }
    }
}

/// A line on standard error for the person at the terminal: news, a warning or an error. It
/// can quote a file, a file name or an argument, so characters that could drive the terminal
/// become `�` ([`crate::text::terminal_safe`]), whatever standard error is. The spinner, if
/// any, goes first; a closed standard error loses the line rather than stopping cjm.
pub fn note(text: &str) {
    progress::stop();
    let line = format!("{}\n", crate::text::terminal_safe(text));
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// The command line, parsed. Help and the version go to standard output (exit 0); a usage
/// error, which can quote an argument, goes through [`note`] as plain text with clap's exit
/// code (2).
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|error| {
        if error.use_stderr() {
            note(error.render().to_string().trim_end());
        } else {
            let _ = error.print();
        }
        ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(FAILURE_EXIT))
    })
}

/// The user's settings, read once per run; a problem with the file is printed as a warning
/// on standard error, and the defaults apply.
pub fn settings() -> &'static crate::config::Config {
    static SETTINGS: std::sync::OnceLock<crate::config::Config> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(|| {
        let loaded = crate::config::load();
        for warning in &loaded.warnings {
            note(&format!("warning: config: {warning}"));
        }
        loaded.config
    })
}

/// The workspace a command works on: the one named, else `$CJM_WORKSPACE`, else the config's
/// `default_workspace`, else the default.
pub fn workspace_path(file: Option<PathBuf>) -> Result<PathBuf, Failure> {
    let configured = || settings().default_workspace.as_deref();
    file.or_else(|| store::default_workspace_path(configured()))
        .ok_or_else(|| {
            Failure::input(format!(
                "no home folder found: name a workspace file, or set {WORKSPACE_ENV}"
            ))
        })
}

/// Whether `path` stands for standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// Loads the workspace every command reads: a file, `-` for standard input, or `/dev/null`
/// (git's name for a missing side) as an empty workspace. Fails with the loader's
/// `FILE:LINE:COL: message`.
pub fn load(path: &Path) -> Result<Loaded, Failure> {
    if path == Path::new("/dev/null") {
        return Ok(Loaded {
            workspace: Workspace::default(),
            read_only: None,
            fingerprint: Fingerprint::of(b""),
            bytes: Vec::new(),
            file: None,
        });
    }
    if !is_stdin(path) {
        return store::load(path).map_err(|e| Failure::input(e.to_string()));
    }
    let bytes = read_source(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::input(
            "-: standard input is empty: pipe a workspace into it, e.g. `git show HEAD:ws.json | cjm check -`",
        ));
    }
    let (workspace, read_only) =
        store::parse(path, &bytes).map_err(|e| Failure::input(e.to_string()))?;
    Ok(Loaded {
        workspace,
        read_only,
        fingerprint: Fingerprint::of(&bytes),
        bytes,
        file: None,
    })
}

/// The bytes of a file, or of standard input for `-`.
pub fn read_source(path: &Path) -> Result<Vec<u8>, Failure> {
    let result = if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    result.map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))
}

/// Prints `text` on standard output. When standard output is a terminal, characters that
/// could drive it (controls other than line breaks and tabs, bidirectional overrides) become
/// `�`, whatever the format: CSV and JSON keep their data exact in a pipe or a file, never on
/// a screen. A closed pipe (`cjm export | head`) is the reader's choice, not an error.
pub fn print(text: &str) -> Result<(), Failure> {
    if std::io::stdout().is_terminal() {
        print_raw(crate::text::terminal_safe(text).as_bytes())
    } else {
        print_raw(text.as_bytes())
    }
}

/// Prints `bytes` on standard output as they are: for output cjm made safe itself (the
/// colours of `show`, the man page, completion scripts). A closed pipe is success.
pub fn print_raw(bytes: &[u8]) -> Result<(), Failure> {
    progress::stop();
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::input(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Writes `text` to the file `out` through [`store::write_atomic`]: atomically for a regular
/// file, straight into a FIFO or device, refused for a read-only file. Commands that read a
/// workspace check first that `out` is not that workspace (see `export`).
pub fn write_file(out: &Path, text: &str) -> Result<(), Failure> {
    store::write_atomic(out, text.as_bytes()).map_err(|e| {
        // An error of cjm's own (a read-only file) names the file already.
        if e.kind() == std::io::ErrorKind::PermissionDenied && e.get_ref().is_some() {
            Failure::input(e.to_string())
        } else {
            Failure::input(format!("{}: cannot write: {e}", out.display()))
        }
    })
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The man page: the top-level command, then a SUBCOMMANDS section with, for each
/// subcommand, its synopsis, description, options and notes under its own heading, so that
/// `man cjm` documents every command in one page.
fn man_page() -> Result<Vec<u8>, Failure> {
    let fail = |e: std::io::Error| Failure::input(format!("cannot render the man page: {e}"));
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page).map_err(fail)?;
    man.render_name_section(&mut page).map_err(fail)?;
    man.render_synopsis_section(&mut page).map_err(fail)?;
    man.render_description_section(&mut page).map_err(fail)?;
    man.render_options_section(&mut page).map_err(fail)?;
    page.extend_from_slice(
        b".SH SUBCOMMANDS\nEach takes \\fB\\-\\-help\\fR; \\fIdocs/cli.md\\fR has an example for each.\n",
    );
    for sub in command.get_subcommands() {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
        let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section).map_err(fail)?;
        man.render_description_section(&mut section).map_err(fail)?;
        man.render_options_section(&mut section).map_err(fail)?;
        if sub.get_after_help().is_some() {
            man.render_extra_section(&mut section).map_err(fail)?;
        }
        page.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        // The subcommand's sections become paragraphs of its subsection; the string `Aq` that
        // each rendering defines again is defined once, by the title.
        for line in String::from_utf8_lossy(&section).lines() {
            let line = match line {
                ".SH SYNOPSIS" => ".PP",
                ".SH DESCRIPTION" | ".SH OPTIONS" | ".SH EXTRA" => ".PP",
                l if l.starts_with(".ie \\n(.g .ds Aq") || l.starts_with(".el .ds Aq") => continue,
                l => l,
            };
            page.extend_from_slice(line.as_bytes());
            page.push(b'\n');
        }
    }
    page.extend_from_slice(
        b".SH \"EXIT STATUS\"\n0: done, nothing found. \
          1: warnings (check), differences (diff, fmt \\-\\-check) or no match (search). \
          2: bad input or usage: an unreadable or invalid file, an unknown journey, an \
          unwritable output.\n",
    );
    man.render_version_section(&mut page).map_err(fail)?;
    Ok(page)
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

/// Finds journeys by name (case-insensitive) or id; every name must match. The journeys come
/// in workspace order, each once, however often and in whatever order they were named.
pub fn select_journeys<'w>(
    workspace: &'w Workspace,
    names: &[String],
) -> Result<Vec<&'w Journey>, Failure> {
    if names.is_empty() {
        return Ok(workspace.journeys.iter().collect());
    }
    let mut chosen = vec![false; workspace.journeys.len()];
    for name in names {
        let found = workspace
            .journeys
            .iter()
            .position(|j| j.id == *name || j.name.to_lowercase() == name.to_lowercase())
            .ok_or_else(|| {
                Failure::input(format!(
                    "no journey named {name:?}; the journeys are: {}",
                    journey_list(workspace)
                ))
            })?;
        chosen[found] = true;
    }
    Ok(workspace
        .journeys
        .iter()
        .zip(chosen)
        .filter_map(|(journey, chosen)| chosen.then_some(journey))
        .collect())
}

/// The journeys of a workspace for a message: `"name" (id), ...`.
pub fn journey_list(workspace: &Workspace) -> String {
    let known: Vec<String> = workspace
        .journeys
        .iter()
        .map(|j| format!("{:?} ({})", crate::text::one_line(&j.name), j.id))
        .collect();
    known.join(", ")
}
