//! `cjm`: customer journey maps in the terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use cjm::cli::{self, note};

use cjm::model::Workspace;
use cjm::store::{self, WORKSPACE_ENV};
use cjm::tui::{self, document::Document};

fn main() -> ExitCode {
    // A file size limit (`ulimit -f`) must fail a write with an error, not kill cjm mid-save.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if let Some(command) = cli.command {
        return cli::run(command);
    }
    // The settings: a broken file gives the defaults and warnings for the status line.
    let settings = cjm::config::load();
    let configured = settings.config.default_workspace.as_deref();
    let (path, is_default) = match cli.file {
        Some(path) => (path, false),
        None => match store::default_workspace_path(configured) {
            Some(path) => (
                path,
                std::env::var_os(WORKSPACE_ENV).is_none() && configured.is_none(),
            ),
            None => {
                note(&format!(
                    "error: no home folder found: name a workspace file, or set {WORKSPACE_ENV}"
                ));
                return ExitCode::from(2);
            }
        },
    };
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let (doc, message, new_file) = match open(&path, is_default, terminal, cli.read_only) {
        Ok(opened) => opened,
        Err(message) => {
            note(&format!("error: {message}"));
            return ExitCode::from(2);
        }
    };
    if !terminal {
        note(&format!(
            "error: cjm is a terminal app and needs a terminal on stdin and stdout; {} is valid",
            path.display()
        ));
        return ExitCode::from(2);
    }
    let color = tui::theme::Colors::from_env() != tui::theme::Colors::None;
    // Read-only writes nothing, not even a clean-up.
    let cleaned = match doc.read_only {
        Some(_) => Ok(0),
        None => store::clean_stray_temps(&path),
    };
    let message = match cleaned {
        Ok(0) => message,
        Ok(n) => Some(format!(
            "removed {n} temporary file(s) left by an interrupted save"
        )),
        Err(e) => Some(format!("cannot clean up after an interrupted save: {e}")),
    };
    let (recoveries, message) = recovery_for(&doc, message);
    let message = with_config_warnings(message, &settings.warnings);
    match tui::run(doc, color, message, recoveries, settings.config, new_file) {
        Ok(tui::Ended::Quit) => ExitCode::SUCCESS,
        Ok(tui::Ended::Signal(number)) => ExitCode::from(128 + number as u8),
        Err(e) => {
            note(&format!(
                "error: terminal: {e}; unsaved edits, if any, are in {}",
                store::recovery_dir()
                    .map_or("the recovery folder".into(), |p| p.display().to_string())
            ));
            ExitCode::FAILURE
        }
    }
}

/// The first status message: the config file's problems first (cjm started with the
/// defaults, or without the unknown keys), then `message`.
fn with_config_warnings(message: Option<String>, warnings: &[String]) -> Option<String> {
    let mut parts: Vec<String> = warnings.iter().map(|w| format!("config: {w}")).collect();
    parts.extend(message);
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Unsaved edits of earlier runs on this workspace (journals of instances that are gone), to
/// offer at start. A journal equal to the file holds nothing unsaved and is removed; one that
/// cannot be read is reported in the status line and left where it is. Read-only neither
/// offers nor removes any: they stay for a writable start.
fn recovery_for(doc: &Document, message: Option<String>) -> (Vec<store::Orphan>, Option<String>) {
    if doc.read_only.is_some() {
        return (Vec::new(), message);
    }
    let mut offered = Vec::new();
    let mut problems: Vec<String> = message.into_iter().collect();
    for found in store::orphaned_journals(&doc.path) {
        match found {
            Ok(orphan)
                if orphan.recovery.workspace == *doc.workspace
                    && orphan.recovery.draft.is_none() =>
            {
                let _ = store::remove_journal(&orphan.path);
            }
            Ok(orphan) => offered.push(orphan),
            Err(problem) => problems.push(format!("a recovery file cannot be read: {problem}")),
        }
    }
    let message = (!problems.is_empty()).then(|| problems.join(" · "));
    (offered, message)
}

/// Opens the workspace at `path`. A file that does not exist is a new map (`true`): nothing
/// is written until the start screen's choice, but the default workspace starts from the demo
/// at once. Both need a `terminal` to show them in, and neither happens for `review`:
/// `--read-only` writes nothing.
fn open(
    path: &Path,
    is_default: bool,
    terminal: bool,
    review: bool,
) -> Result<(Document, Option<String>, bool), String> {
    if !path.exists() && std::fs::symlink_metadata(path).is_err() {
        if review {
            return Err(format!(
                "{}: no such file; --read-only opens only a file that exists",
                path.display()
            ));
        }
        let folder = path.parent().filter(|f| !f.as_os_str().is_empty());
        if let Some(folder) = folder.filter(|f| !is_default && !f.is_dir()) {
            return Err(format!(
                "{}: the folder {} does not exist: create it first",
                path.display(),
                folder.display()
            ));
        }
        if !terminal {
            return Err(format!(
                "cjm is a terminal app and needs a terminal on stdin and stdout; {} was not \
                 created",
                path.display()
            ));
        }
        if !is_default {
            let doc = Document::new(Workspace::default(), path.to_path_buf(), None, None);
            return Ok((doc, None, true));
        }
        if let Some(folder) = folder {
            cjm::safe_fs::create_private_dir(folder)
                .map_err(|e| format!("{}: cannot create the folder: {e}", folder.display()))?;
        }
        let demo = cjm::demo::workspace();
        let fingerprint = store::save(path, &demo, None).map_err(|e| e.to_string())?;
        let message = format!("created {} from the demo", path.display());
        let doc = Document::new(demo, path.to_path_buf(), Some(fingerprint), None);
        return Ok((doc, Some(message), false));
    }
    let mut loaded = store::load(path).map_err(|e| e.to_string())?;
    // Review mode opens nothing for writing: whether the file may be written is asked when
    // review mode ends.
    let read_only = loaded
        .read_only
        .take()
        .or_else(|| (!review).then(|| store::write_refusal(path)).flatten());
    let mut doc = Document::opened(path.to_path_buf(), loaded, read_only);
    if review {
        let _ = doc.set_read_only(true);
    }
    Ok((doc, None, false))
}
