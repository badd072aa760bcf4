//! `cjm diff`: what changed between two versions of a workspace; also a git diff driver.

use std::path::PathBuf;

use cjm::diff::{Change, diff};
use cjm::text::one_line;

use super::{Failure, Outcome, ReportFormat, json_text, load_any, write_output};

/// Arguments of `cjm diff`.
#[derive(clap::Args)]
#[command(
    after_help = "As a git diff driver, git passes seven arguments (path, old file, \
                        old hash, old mode, new file, new hash, new mode); cjm then compares \
                        the two files and always exits 0, as git expects. See docs/cli.md.\n\n\
                        Exit: 0 no differences, 1 differences, 2 bad input."
)]
pub struct Args {
    /// The old and the new workspace (`-` reads standard input, `/dev/null` is empty).
    #[arg(num_args = 2..=7, value_names = ["OLD", "NEW"], required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
}

/// Runs `cjm diff`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let (old, new, git_path) = match args.files.as_slice() {
        [old, new] => (old, new, None),
        [path, old, _, _, new, _, _] => (old, new, Some(path)),
        _ => {
            return Err(Failure::input(
                "cjm diff takes OLD and NEW, or the seven arguments of a git diff driver",
            ));
        }
    };
    let changes = diff(&load_any(old)?, &load_any(new)?);
    let text = match args.format {
        ReportFormat::Json => json_text(&changes),
        ReportFormat::Text => {
            let mut text = git_path
                .map(|p| format!("cjm diff {}\n", p.display()))
                .unwrap_or_default();
            for change in &changes {
                text.push_str(&one_line(&Change::line(change)));
                text.push('\n');
            }
            text
        }
    };
    write_output(None, &text, old)?;
    Ok(if changes.is_empty() || git_path.is_some() {
        Outcome::Success
    } else {
        Outcome::Attention
    })
}
