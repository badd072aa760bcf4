//! `cjm check`: validation, then the lint rules, one finding per line with how to fix it.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::lint::{self, Finding, Severity};
use crate::model::date;
use crate::text::one_line;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};

use super::{
    Failure, Outcome, ReportFormat, json_text, load, print, select_journeys, workspace_path,
};

/// Arguments of `cjm check`.
#[derive(clap::Args)]
#[command(after_help = rules_help())]
pub struct Args {
    /// The workspace (default: as for the TUI; `-` reads standard input).
    file: Option<PathBuf>,
    /// Only this journey's findings (name or id); repeat for several. Default: all.
    #[arg(long, short)]
    journey: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
}

/// The rules with their severities, and the exit codes, for `--help`.
fn rules_help() -> String {
    let mut help = String::from("Rules:\n");
    for rule in lint::RULES {
        help.push_str(&format!(
            "  {:26} {:8} {}\n",
            rule.name,
            rule.severity.name(),
            rule.finds
        ));
    }
    help.push_str(
        "\nEach finding says how to fix it, with the keys of your config.\n\nExit: 0 no \
         warnings (info findings do not count), 1 warnings, 2 the file cannot be read or is \
         invalid, or a journey is unknown.",
    );
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
    // Only the workspace is kept: the file's bytes go before the rules run.
    let workspace = load(&path)?.workspace;
    let workspace = &workspace;
    let chosen: HashSet<&str> = select_journeys(workspace, &args.journey)?
        .into_iter()
        .map(|j| j.id.as_str())
        .collect();
    let settings = super::settings();
    let thresholds = lint::Thresholds {
        journey_days: settings.stale_after_days,
        kpi_days: settings.kpi_stale_after_days,
    };
    let keymap = Keymap::with_overrides(&settings.keys);
    let mut warned = false;
    // The findings of the chosen journeys, with the keys of the config in their fixes.
    let mut chosen_finding = |mut finding: Finding| {
        if !args.journey.is_empty() && !chosen.contains(finding.journey.id.as_str()) {
            return None;
        }
        warned |= finding.severity == Severity::Warning;
        finding.fix = lint::fill_keys(&finding.fix, |id| key_phrase(&keymap, id));
        Some(finding)
    };
    match args.format {
        ReportFormat::Json => {
            let mut findings = Vec::new();
            lint::lint_each(workspace, date::today(), thresholds, |finding| {
                findings.extend(chosen_finding(finding));
            });
            print(&json_text(&Report {
                file: path.display().to_string(),
                findings: &findings,
            }))?;
        }
        ReportFormat::Text => {
            // Written as they are found, a screenful at a time: a large map can have a
            // finding per card, which together take more memory than the map.
            let file = one_line(&path.display().to_string());
            let mut text = String::new();
            let mut written = Ok(());
            lint::lint_each(workspace, date::today(), thresholds, |finding| {
                if written.is_err() {
                    return;
                }
                if let Some(finding) = chosen_finding(finding) {
                    text.push_str(&line(&file, &finding));
                    if text.len() >= 1 << 16 {
                        written = print(&text);
                        text.clear();
                    }
                }
            });
            written?;
            print(&text)?;
        }
    }
    Ok(if warned {
        Outcome::Attention
    } else {
        Outcome::Success
    })
}

/// A finding as one line: `FILE: place: severity: rule: message; fix: how`.
fn line(file: &str, finding: &Finding) -> String {
    format!(
        "{file}: {}: {}: {}: {}; fix: {}\n",
        one_line(&finding.place()),
        finding.severity.name(),
        finding.rule,
        one_line(&finding.message),
        one_line(&finding.fix)
    )
}

/// How to run the TUI action `id` with `keymap`: its first key on the board and its name,
/// `a (add card)`, or, without a key, the command palette and the name,
/// `: mark journey reviewed`. `None` for an id no action has.
fn key_phrase(keymap: &Keymap, id: &str) -> Option<String> {
    let action = Action::from_id(id)?;
    let first_key = |action| keymap.keys_for(Context::Board, action).into_iter().next();
    Some(match first_key(action) {
        Some(key) => format!("{key} ({})", action.name()),
        None => {
            let palette = first_key(Action::Palette).unwrap_or_else(|| ":".into());
            format!("{palette} {}", action.name())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Conflict, Journey, Kpi, Touchpoint};

    /// Every fix any rule writes names only actions the TUI has: none is left as `{id}`.
    #[test]
    fn every_fix_names_actions_that_exist() {
        let mut ws = crate::demo::workspace();
        let mut odd = Journey::with_default_stages("Odd");
        odd.stages.truncate(2);
        odd.stages[0].touchpoints = vec![Touchpoint::new("t"), Touchpoint::new("T")];
        odd.stages[0].touchpoints[0].pain_points = vec!["slow".into()];
        odd.stages[0].touchpoints[1].personas = vec!["pe-gone".into()];
        odd.stages[0].touchpoints[1].opportunities = vec![Default::default()];
        odd.personas = vec!["pe-gone".into()];
        odd.variant_of = Some("jo-gone".into());
        odd.conversion_stage = Some("st-gone".into());
        odd.last_reviewed = Some("soon".into());
        odd.stages[0].kpis = vec![Kpi {
            name: "NPS".into(),
            ..Kpi::default()
        }];
        let mut empty = Journey::with_default_stages("Empty");
        empty.stages.clear();
        ws.journeys
            .extend([odd, Journey::with_default_stages("New"), empty]);
        ws.conflicts = vec![Conflict {
            field: "name".into(),
            ..Conflict::default()
        }];
        let findings = lint::lint(&ws, date::today());
        let seen: HashSet<&str> = findings.iter().map(|f| f.rule).collect();
        for rule in lint::RULES {
            assert!(seen.contains(rule.name), "no test for {}", rule.name);
        }
        let keymap = Keymap::with_overrides(&Default::default());
        for finding in &findings {
            let fix = lint::fill_keys(&finding.fix, |id| key_phrase(&keymap, id));
            assert!(!fix.contains('{'), "{}: {fix}", finding.rule);
        }
    }

    #[test]
    fn keys_follow_the_config() {
        let standard = Keymap::with_overrides(&Default::default());
        assert_eq!(
            key_phrase(&standard, "add_card").as_deref(),
            Some("a (add card)")
        );
        assert_eq!(
            key_phrase(&standard, "mark_reviewed").as_deref(),
            Some(": mark journey reviewed")
        );
        assert_eq!(key_phrase(&standard, "no_such_action"), None);
        let config =
            "[keys.board]\n\"n\" = \"add_card\"\n\"a\" = \"none\"\n\"R\" = \"mark_reviewed\"\n";
        let (config, _) = crate::config::parse(config, std::path::Path::new("c.toml")).unwrap();
        let mine = Keymap::with_overrides(&config.keys);
        assert_eq!(
            key_phrase(&mine, "add_card").as_deref(),
            Some("n (add card)")
        );
        assert_eq!(
            key_phrase(&mine, "mark_reviewed").as_deref(),
            Some("R (mark journey reviewed)")
        );
    }
}
