//! `cjm fmt`: rewrite a workspace in canonical form, or only report with `--check`.

use std::path::PathBuf;

use crate::store;

use super::{Failure, Outcome, is_stdin, load, workspace_path};

/// Arguments of `cjm fmt`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit: 0 canonical (or now formatted), 1 not canonical with --check, \
                        2 the file cannot be read, is invalid or cannot be written."
)]
pub struct Args {
    /// The workspace (default: as for the TUI; `-` reads standard input, with --check only).
    file: Option<PathBuf>,
    /// Only report whether the file is canonical; never write.
    #[arg(long)]
    check: bool,
}

/// Runs `cjm fmt`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    if is_stdin(&path) && !args.check {
        return Err(Failure::input(
            "fmt cannot rewrite standard input: use `cjm fmt - --check`, or name the file",
        ));
    }
    let loaded = load(&path)?;
    if let Some(reason) = &loaded.read_only {
        return Err(Failure::input(reason.clone()));
    }
    let canonical = store::to_json(&loaded.workspace);
    if store::Fingerprint::of(canonical.as_bytes()) == loaded.fingerprint {
        if !args.check {
            // Nothing to rewrite, but tidying still removes what killed saves left.
            let cleaned = store::clean_stray_temps(&path)
                .map_err(|e| Failure::input(format!("{}: cannot tidy up: {e}", path.display())))?;
            if cleaned > 0 {
                super::note(&format!(
                    "removed {cleaned} temporary file(s) left by an interrupted save"
                ));
            }
        }
        return Ok(Outcome::Success);
    }
    if args.check {
        println!(
            "{}: not in canonical form; `cjm fmt` rewrites it",
            path.display()
        );
        return Ok(Outcome::Attention);
    }
    store::save(&path, &loaded.workspace, Some(loaded.fingerprint))
        .map_err(|e| Failure::input(e.to_string()))?;
    super::note(&format!("formatted {}", path.display()));
    Ok(Outcome::Success)
}
