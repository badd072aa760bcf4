//! `cjm check`: validation, then the lint rules, one finding per line.

use std::path::PathBuf;

use serde::Serialize;

use crate::lint::{self, Finding};
use crate::model::date;
use crate::text::one_line;

use super::{Failure, Outcome, ReportFormat, json_text, load, print, workspace_path};

/// Arguments of `cjm check`.
#[derive(clap::Args)]
#[command(after_help = rules_help())]
pub struct Args {
    /// The workspace (default: as for the TUI; `-` reads standard input).
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
}

fn rules_help() -> String {
    let mut help = String::from("Rules:\n");
    for (rule, what) in lint::RULES {
        help.push_str(&format!("  {rule:26} {what}\n"));
    }
    help.push_str("\nExit: 0 no findings, 1 findings, 2 the file cannot be read or is invalid.");
    help
}

/// The JSON report.
#[derive(Serialize)]
struct Report<'a> {
    file: String,
    findings: &'a [Finding],
}

/// Runs `cjm check`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let path = workspace_path(args.file)?;
    let loaded = load(&path)?;
    let stale_after_days = super::settings().stale_after_days;
    let findings = lint::lint_with(&loaded.workspace, date::today(), stale_after_days);
    let text = match args.format {
        ReportFormat::Json => json_text(&Report {
            file: path.display().to_string(),
            findings: &findings,
        }),
        ReportFormat::Text => findings
            .iter()
            .map(|f| {
                format!(
                    "{}: {}: {}: {}\n",
                    one_line(&path.display().to_string()),
                    one_line(&f.place()),
                    f.rule,
                    one_line(&f.message)
                )
            })
            .collect(),
    };
    print(&text)?;
    Ok(if findings.is_empty() {
        Outcome::Success
    } else {
        Outcome::Attention
    })
}
