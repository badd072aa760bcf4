//! `cjm diff`: what changed between two versions of a workspace; also a git diff driver.

use std::path::{Path, PathBuf};

use crate::diff::{Change, diff};
use crate::model::Workspace;
use crate::text::one_line;

use super::{Failure, Outcome, ReportFormat, is_stdin, json_text, load, print};

/// Arguments of `cjm diff`.
#[derive(clap::Args)]
#[command(
    after_help = "As a git diff driver, git passes seven arguments (path, old file, old hash, \
                  old mode, new file, new hash, new mode), or nine for a rename or copy (then \
                  the new path and git's similarity lines). cjm then compares the two files, \
                  reports a side it cannot read as a line of its output, and always exits 0, \
                  as git expects. See docs/cli.md.\n\n\
                  Exit: 0 no differences, 1 differences, 2 bad input."
)]
pub struct Args {
    /// The old and the new workspace (`-` reads standard input, `/dev/null` is empty).
    #[arg(num_args = 2..=9, value_names = ["OLD", "NEW"], required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
}

/// How `cjm diff` was called.
enum Call<'a> {
    /// `cjm diff OLD NEW`.
    Direct { old: &'a Path, new: &'a Path },
    /// By git: the path (and the new path after a rename) and the two files.
    Driver {
        old: &'a Path,
        new: &'a Path,
        path: &'a Path,
        renamed_to: Option<&'a Path>,
    },
}

/// Runs `cjm diff`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let call = match args.files.as_slice() {
        [old, new] => Call::Direct { old, new },
        [path, old, _, _, new, _, _] => Call::Driver {
            old,
            new,
            path,
            renamed_to: None,
        },
        [path, old, _, _, new, _, _, new_path, _] => Call::Driver {
            old,
            new,
            path,
            renamed_to: Some(new_path),
        },
        _ => {
            return Err(Failure::input(
                "cjm diff takes OLD and NEW, or the seven (or, for a rename, nine) arguments of \
                 a git diff driver",
            ));
        }
    };
    match call {
        Call::Direct { old, new } => {
            if is_stdin(old) && is_stdin(new) {
                return Err(Failure::input(
                    "only one side can be standard input (`-`): name a file for the other",
                ));
            }
            let changes = diff(&load(old)?.workspace, &load(new)?.workspace);
            print(&report(&changes, args.format, String::new()))?;
            Ok(if changes.is_empty() {
                Outcome::Success
            } else {
                Outcome::Attention
            })
        }
        Call::Driver {
            old,
            new,
            path,
            renamed_to,
        } => {
            let mut head = match renamed_to.filter(|to| to != &path) {
                Some(to) => format!("cjm diff {} → {}\n", shown(path), shown(to)),
                None => format!("cjm diff {}\n", shown(path)),
            };
            // Git stops the whole diff when a driver fails: a side that does not load is
            // reported as a line, and the exit is 0.
            let mut side = |file: &Path, which: &str| -> Option<Workspace> {
                match load(file) {
                    Ok(loaded) => Some(loaded.workspace),
                    Err(failure) => {
                        let message = one_line(&failure.message);
                        head.push_str(&format!("! the {which} side does not load: {message}\n"));
                        None
                    }
                }
            };
            let (old, new) = (side(old, "old"), side(new, "new"));
            let changes = match (old, new) {
                (Some(old), Some(new)) => diff(&old, &new),
                _ => Vec::new(),
            };
            print(&report(&changes, args.format, head))?;
            Ok(Outcome::Success)
        }
    }
}

/// A file name for the report's head, on one line and safe to print.
fn shown(path: &Path) -> String {
    one_line(&path.display().to_string())
}

/// The changes as text lines after `head`, or as JSON.
fn report(changes: &[Change], format: ReportFormat, head: String) -> String {
    match format {
        ReportFormat::Json => json_text(&changes),
        ReportFormat::Text => {
            let mut text = head;
            for change in changes {
                text.push_str(&one_line(&change.line()));
                text.push('\n');
            }
            text
        }
    }
}
