//! `cjm experiment`: an A/B test read from events that carry an arm column, each arm through
//! `cjm analyze`'s reader and funnel engine, compared with the control (docs/experiments.md);
//! and `cjm experiment plan`, the customers per arm a test needs.

use std::ops::ControlFlow;
use std::path::PathBuf;

use crate::analytics::{self, Settings};
use crate::experiment::{arms, report, sample_size};
use crate::number::round_text;

use super::{Failure, Outcome, is_stdin, print};

/// Arguments of `cjm experiment`.
#[derive(clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Examples:\n  \
    cjm experiment events.csv shop.json -j \"Beli HP\" --arm variant\n  \
    cjm experiment events.csv shop.json -j \"Beli HP\" --arm variant --control A --split 50,50\n  \
    cjm experiment plan --baseline 10 --mde 2\n\n\
    Formulas and the verdict: docs/experiments.md.\n\
    Exit: 0 done, 1 the arms do not fit the intended split (sample ratio mismatch, p < 0.001), \
    2 the events, the workspace or the arms cannot be used."
)]
pub struct Args {
    #[command(subcommand)]
    plan: Option<Sub>,
    /// The events (CSV with a header or JSON Lines, as for cjm analyze) with an arm column;
    /// `-` reads standard input.
    events: Option<PathBuf>,
    /// The workspace (default: as for the TUI).
    file: Option<PathBuf>,
    /// The journey (name or id); optional when the workspace has one journey.
    #[arg(long, short)]
    journey: Option<String>,
    /// The column (CSV) or field (JSON Lines) naming each row's arm.
    #[arg(long, value_name = "COLUMN", default_value = "arm")]
    arm: String,
    /// One arm's events in a file of their own, without an arm column, e.g. `--arm-file
    /// A=control.csv --arm-file B=variant.csv` (in the order given); the first argument is
    /// then the workspace.
    #[arg(long = "arm-file", value_name = "ARM=FILE")]
    arm_files: Vec<String>,
    /// The control arm (default: the first arm in the events).
    #[arg(long, value_name = "ARM")]
    control: Option<String>,
    /// The intended split, one weight per arm in order of first appearance, e.g. 50,50 or
    /// 1,2 (default: equal).
    #[arg(long, value_name = "WEIGHTS", value_delimiter = ',')]
    split: Option<Vec<f64>>,
    /// The conversion stage (name or id), instead of the journey's own or Purchase.
    #[arg(long, value_name = "STAGE")]
    conversion: Option<String>,
    /// Output format (default: table).
    #[arg(long, short, value_parser = ["table", "json", "csv"], default_value = "table")]
    format: String,
    /// Write each arm's reach and conversion per stage as dated KPI measurements: the
    /// control's onto the journey, each treatment's onto the journey that is its variant
    /// (`variant_of`; with several, the one named as the arm).
    #[arg(long)]
    apply: bool,
    /// The date of the measurements --apply writes (default: the day of the last event).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "apply")]
    date: Option<String>,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// The customers each arm needs to detect a change of a conversion rate.
    Plan(PlanArgs),
}

/// Arguments of `cjm experiment plan`.
#[derive(clap::Args)]
struct PlanArgs {
    /// The control's conversion rate in %, e.g. 10.
    #[arg(long, value_name = "PERCENT")]
    baseline: f64,
    /// The smallest change worth detecting, in percentage points, e.g. 2 (10 % → 12 %).
    #[arg(long, value_name = "POINTS")]
    mde: f64,
    /// The chance of detecting such a change, in %.
    #[arg(long, value_name = "PERCENT", default_value_t = 80.0)]
    power: f64,
    /// The significance level (two-sided).
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Arms, control included: the total is this many times the per-arm figure.
    #[arg(long, default_value_t = 2)]
    arms: u32,
    /// Output format (default: table).
    #[arg(long, short, value_parser = ["table", "json", "csv"], default_value = "table")]
    format: String,
}

/// Runs `cjm experiment`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    if let Some(Sub::Plan(plan)) = args.plan {
        return run_plan(&plan);
    }
    let (events, file, split) = if args.arm_files.is_empty() {
        let Some(events) = args.events.clone() else {
            return Err(Failure::input(
                "name the events file: cjm experiment EVENTS [WORKSPACE] --journey J --arm \
                 COLUMN, or one file per arm with --arm-file ARM=FILE (or cjm experiment plan)",
            ));
        };
        let text = if is_stdin(&events) {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(&events)
        }
        .map_err(|e| Failure::input(format!("{}: cannot read: {e}", events.display())))?;
        let split = arms::split_by_arm(&text, &args.arm)
            .map_err(|e| Failure::input(format!("{}: {e}", events.display())))?;
        let split = split
            .into_iter()
            .map(|(arm, rows)| (format!("{} (arm {arm})", events.display()), arm, rows))
            .collect();
        (events, args.file.clone(), split)
    } else {
        if args.file.is_some() {
            return Err(Failure::input(
                "with --arm-file the events come from those files: name only the workspace",
            ));
        }
        let split = arm_files(&args.arm_files)?;
        let first = PathBuf::from(&split[0].0);
        (first, args.events.clone(), split)
    };
    let (path, loaded) = super::analyze::workspace_for_events(&events, file, args.apply)?;
    let index = super::analyze::journey_index(&loaded.workspace, args.journey.as_deref())?;
    let journey = &loaded.workspace.journeys[index];
    let settings = Settings {
        conversion_stage: args.conversion.clone(),
        ..Settings::default()
    };
    let mut analyses = Vec::new();
    let mut values = Vec::new();
    for (name, arm, rows) in split {
        let analysis =
            analytics::analyze_reader(&name, rows.as_bytes(), journey, &settings, &|_| {
                ControlFlow::Continue(())
            })
            .map_err(|e| Failure::input(e.to_string()))?;
        values.push(
            crate::experiment::values::values_per_customer(&name, rows.as_bytes())
                .map_err(|e| Failure::input(e.to_string()))?,
        );
        analyses.push((arm, analysis));
    }
    if let Some(weights) = &args.split
        && weights.iter().any(|w| !(w.is_finite() && *w > 0.0))
    {
        return Err(Failure::input(
            "--split weights are numbers above 0, e.g. 50,50",
        ));
    }
    let report = report::build(
        &analyses,
        &values,
        args.control.as_deref(),
        args.split.as_deref(),
    )
    .map_err(Failure::input)?;
    let text = match args.format.as_str() {
        "json" => super::json_text(&report),
        "csv" => report::to_csv(&report),
        _ => report::to_table(&report),
    };
    print(&text)?;
    if args.apply {
        apply_arms(
            &path,
            loaded,
            index,
            &report,
            &analyses,
            args.date.as_deref(),
        )?;
    }
    if report.mismatch() {
        super::note(
            "warning: sample ratio mismatch (p < 0.001): the arms do not fit the intended split",
        );
        return Ok(Outcome::Attention);
    }
    Ok(Outcome::Success)
}

/// Writes each arm's funnel onto its journey: the control's onto journey `index`, each
/// treatment's onto the journey that is a variant of it (the only one, else the one named as
/// the arm). Nothing is written unless every arm has its journey.
fn apply_arms(
    path: &std::path::Path,
    loaded: crate::store::Loaded,
    index: usize,
    report: &report::Report,
    analyses: &[(String, analytics::Analysis)],
    day: Option<&str>,
) -> Result<(), Failure> {
    let mut workspace = loaded.workspace;
    let control = workspace.journeys[index].id.clone();
    let variants: Vec<usize> = (0..workspace.journeys.len())
        .filter(|i| workspace.journeys[*i].variant_of.as_deref() == Some(control.as_str()))
        .collect();
    let treatments = &report.arms[1..];
    let mut targets = vec![(report.arms[0].name.clone(), index)];
    for arm in treatments {
        let named = variants.iter().copied().find(|i| {
            workspace.journeys[*i]
                .name
                .trim()
                .eq_ignore_ascii_case(arm.name.trim())
        });
        let only = (variants.len() == 1 && treatments.len() == 1).then(|| variants[0]);
        let Some(target) = named.or(only) else {
            return Err(Failure::input(format!(
                "nothing applied: no journey for arm “{}”; make a journey a variant of “{}” \
                 (Variant of), named as the arm when there are several",
                arm.name, workspace.journeys[index].name
            )));
        };
        targets.push((arm.name.clone(), target));
    }
    let day = match day {
        Some(day) => day.to_string(),
        None => analyses
            .iter()
            .filter_map(|(_, a)| analytics::apply::last_event_day(a))
            .max()
            .ok_or_else(|| {
                Failure::input("no event has a date to date the measurements by: give --date")
            })?,
    };
    let mut lines = Vec::new();
    for (arm, target) in targets {
        let Some((_, analysis)) = analyses.iter().find(|(a, _)| *a == arm) else {
            continue;
        };
        let journey = &mut workspace.journeys[target];
        let applied = analytics::apply::apply(journey, analysis, &day).map_err(Failure::input)?;
        lines.push(format!(
            "arm {arm}: {} measurements on {:?}",
            applied.measurements,
            crate::text::one_line(&journey.name)
        ));
    }
    crate::store::save(path, &workspace, Some(loaded.fingerprint))
        .map_err(|e| Failure::input(e.to_string()))?;
    super::note(&format!(
        "applied, dated {day}, in {}: {}",
        path.display(),
        lines.join("; ")
    ));
    Ok(())
}

/// The plan's answer.
#[derive(serde::Serialize)]
struct Plan {
    baseline: f64,
    target: f64,
    alpha: f64,
    power: f64,
    per_arm: u64,
    arms: u32,
    total: u64,
}

fn run_plan(args: &PlanArgs) -> Result<Outcome, Failure> {
    let baseline = args.baseline / 100.0;
    let effect = args.mde / 100.0;
    if !(0.0..=1.0).contains(&baseline) || !(0.0..=1.0).contains(&(baseline + effect)) {
        return Err(Failure::input(
            "--baseline and --baseline + --mde are rates in % between 0 and 100",
        ));
    }
    if args.arms < 2 {
        return Err(Failure::input("--arms counts the control too: 2 or more"));
    }
    let n = sample_size(baseline, effect, args.alpha, args.power / 100.0).ok_or_else(|| {
        Failure::input(
            "--mde must not be 0, --power is a % between 0 and 100 and --alpha between 0 and 1",
        )
    })?;
    let per_arm = n.ceil() as u64;
    let plan = Plan {
        baseline: args.baseline,
        target: args.baseline + args.mde,
        alpha: args.alpha,
        power: args.power,
        per_arm,
        arms: args.arms,
        total: per_arm * u64::from(args.arms),
    };
    let text = match args.format.as_str() {
        "json" => super::json_text(&plan),
        "csv" => format!(
            "baseline,target,alpha,power,per_arm,arms,total\n{},{},{},{},{},{},{}\n",
            plan.baseline, plan.target, plan.alpha, plan.power, plan.per_arm, plan.arms, plan.total
        ),
        _ => format!(
            "{} customers per arm ({} in all, {} arms) detect {} % → {} % with {} % power at \
             a two-sided level of {}\n",
            plan.per_arm,
            plan.total,
            plan.arms,
            round_text(plan.baseline, 2),
            round_text(plan.target, 2),
            round_text(plan.power, 1),
            round_text(plan.alpha, 3)
        ),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

/// Each `ARM=FILE` of `--arm-file`, read: the file's name (for messages), the arm and its
/// rows, in the order given.
fn arm_files(given: &[String]) -> Result<Vec<(String, String, String)>, Failure> {
    let mut arms: Vec<(String, String, String)> = Vec::new();
    for spec in given {
        let Some((arm, file)) = spec
            .split_once('=')
            .filter(|(a, f)| !a.trim().is_empty() && !f.is_empty())
        else {
            return Err(Failure::input(format!(
                "--arm-file {}: give the arm and its file as ARM=FILE, e.g. B=variant.csv",
                crate::text::one_line(spec)
            )));
        };
        let arm = arm.trim().to_string();
        if arms.iter().any(|(_, known, _)| *known == arm) {
            return Err(Failure::input(format!(
                "--arm-file: the arm \u{201c}{}\u{201d} is given twice",
                crate::text::one_line(&arm)
            )));
        }
        let rows = std::fs::read_to_string(file).map_err(|e| {
            Failure::input(format!("{}: cannot read: {e}", crate::text::one_line(file)))
        })?;
        arms.push((file.to_string(), arm, rows));
    }
    Ok(arms)
}
