//! `cjm analyze`: a journey measured against an events file (funnel, time between stages,
//! channels, attribution), written into the map with `--apply`, or handed to a warehouse as
//! SQL with `--emit-sql`. docs/analytics.md defines every figure.

use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analytics::sql::{self, Dialect};
use crate::analytics::{self, Analysis, Progress, Settings, Zone, apply, output, results};
use crate::model::Workspace;
use crate::number::thousands;
use crate::store;
use crate::text::one_line;

use super::{Failure, Outcome, is_stdin, journey_list, load, print, select_journeys};

/// Arguments of `cjm analyze`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    cjm analyze events.csv shop.json --journey \"Beli HP\"\n  \
    cjm analyze events.jsonl shop.json -j \"Beli HP\" --format json\n  \
    cjm analyze events.csv shop.json -j \"Beli HP\" --apply\n  \
    cjm analyze events.csv shop.json -j \"Beli HP\" --by device\n  \
    cjm analyze --emit-sql duckdb shop.json -j \"Beli HP\" > funnel.sql\n  \
    cjm analyze warehouse-result.csv shop.json -j \"Beli HP\" --apply\n\n\
    Definitions: docs/analytics.md.\n\
    Exit: 0 done (rows that cannot be read are skipped and reported), 2 the workspace, the \
    journey's rules or the events cannot be used, or --apply met rows that cannot be read \
    (--force applies anyway).")]
pub struct Args {
    /// The events: CSV with a header (customer_id,timestamp,event[,channel][,value]
    /// [,transaction_id]) or JSON
    /// Lines; `-` reads standard input. A result table (section,name,metric,value) is read as
    /// figures to --apply.
    events: Option<PathBuf>,
    /// The workspace (default: as for the TUI).
    file: Option<PathBuf>,
    /// The journey (name or id); optional when the workspace has one journey.
    #[arg(long, short)]
    journey: Option<String>,
    /// Output format (default: table).
    #[arg(long, short, value_parser = ["table", "json", "csv"], default_value = "table")]
    format: String,
    /// The conversion stage (name or id), instead of the journey's own or Purchase.
    #[arg(long, value_name = "STAGE")]
    conversion: Option<String>,
    /// The half-life of the time-decay model, in days.
    #[arg(long, value_name = "DAYS", default_value_t = 7.0)]
    half_life: f64,
    /// The lookback window: touches longer than this before a conversion get none of its
    /// credit (`30d`, `7`, `0.5d`; days).
    #[arg(long, value_name = "DAYS", default_value = "90d", value_parser = lookback_parser)]
    lookback: f64,
    /// Analyse only events at or after this: a date (YYYY-MM-DD, its midnight in --tz) or a
    /// timestamp.
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// Analyse only events before this: a date (the whole day included, in --tz) or a
    /// timestamp (left out).
    #[arg(long, value_name = "WHEN")]
    until: Option<String>,
    /// The time zone reporting days are counted in (--since/--until dates, --retention
    /// periods, the day --apply dates measurements by): UTC (the default), an offset such as
    /// +07:00, or a zone name such as Asia/Jakarta (daylight saving time followed).
    #[arg(long, value_name = "ZONE", default_value = "UTC", value_parser = tz_parser)]
    tz: Zone,
    /// The funnel and attribution per segment too: by a column of the events (device,
    /// campaign…) or `channel`, each customer in the segment of their first mapped event.
    #[arg(long, value_name = "COLUMN")]
    by: Option<String>,
    /// How many segments --by shows, those with the most customers; the others are added up
    /// as (other).
    #[arg(long, value_name = "N", default_value_t = analytics::segments::DEFAULT_TOP,
          requires = "by", value_parser = clap::value_parser!(usize))]
    top: usize,
    /// Cohorts by the week or month of each customer's first conversion, their conversions in
    /// each complete period after, the customer retention rate of each period and its trend,
    /// and the repeat-purchase rate (periods in --tz).
    #[arg(long, value_name = "PERIOD", value_parser = ["week", "month"])]
    retention: Option<String>,
    /// The event whose first occurrence puts a customer in a --retention cohort (an event the
    /// journey's rules map; default: the first conversion).
    #[arg(long, value_name = "EVENT", requires = "retention")]
    cohort_event: Option<String>,
    /// The event a customer returns with in --retention (default: a conversion).
    #[arg(long, value_name = "EVENT", requires = "retention")]
    return_event: Option<String>,
    /// The ways customers take to their first conversion: the most common stage and channel
    /// paths (N of each, 10 unless told) with their conversion rates, the steps between
    /// stages, where customers leave, loops and moves backwards.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "10",
          value_parser = clap::value_parser!(usize))]
    paths: Option<usize>,
    /// Credit touches without a channel, `(none)`, like any channel's (by default they get
    /// credit only when a path has no other touch, as in GA4).
    #[arg(long)]
    credit_direct: bool,
    /// Write each stage's reach and conversion into the workspace as dated KPI measurements.
    #[arg(long)]
    apply: bool,
    /// The date of the measurements --apply writes (default: the day of the last event).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "apply")]
    date: Option<String>,
    /// Apply even when some rows of the events could not be read (without it --apply refuses:
    /// the figures would leave those rows out); how many is still reported.
    #[arg(long, requires = "apply")]
    force: bool,
    /// Print one SQL query computing the same figures over an events table, instead of
    /// reading events.
    #[arg(long, value_name = "ENGINE", value_parser = dialect_parser(), conflicts_with = "apply")]
    emit_sql: Option<Dialect>,
    /// The events table the SQL reads.
    #[arg(long, default_value = "events", requires = "emit_sql")]
    table: String,
}

/// The parser of `--lookback`: a positive number of days, `d` after it or not.
fn lookback_parser(text: &str) -> Result<f64, String> {
    analytics::parse_days(text)
        .ok_or_else(|| format!("{text:?} is not a number of days: write 30d, 7 or 0.5d"))
}

/// The parser of `--tz`.
fn tz_parser(text: &str) -> Result<Zone, String> {
    Zone::parse(text).ok_or_else(|| {
        format!(
            "{text:?} is not a time zone cjm knows: write UTC, an offset such as +07:00, or a \
             zone of the IANA database such as Asia/Jakarta"
        )
    })
}

/// The instant of `--since` (`end` false) or `--until` (`end` true).
fn bound(flag: &str, text: Option<&str>, tz: &Zone, end: bool) -> Result<Option<i64>, Failure> {
    text.map(|text| {
        analytics::parse_bound(text, tz, end).ok_or_else(|| {
            Failure::input(format!(
                "--{flag} {text:?} is not a date (YYYY-MM-DD) or a timestamp (2026-03-01T09:30:00+07:00)"
            ))
        })
    })
    .transpose()
}

/// The parser of `--emit-sql`, from the library's one list of dialects.
fn dialect_parser() -> impl TypedValueParser<Value = Dialect> {
    PossibleValuesParser::new(Dialect::ALL.map(Dialect::name))
        .map(|name| Dialect::from_name(&name).expect("clap accepts only the names listed"))
}

/// Runs `cjm analyze`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    if !(args.half_life.is_finite() && args.half_life > 0.0) {
        return Err(Failure::input(format!(
            "--half-life {} is not a number of days above 0",
            args.half_life
        )));
    }
    let settings = Settings {
        conversion_stage: args.conversion.clone(),
        half_life_days: args.half_life,
        credit_direct: args.credit_direct,
        lookback_days: args.lookback,
        since: bound("since", args.since.as_deref(), &args.tz, false)?,
        until: bound("until", args.until.as_deref(), &args.tz, true)?,
        by: args.by.as_deref().map(analytics::segments::By::new),
        top_segments: args.top,
        retention: args
            .retention
            .as_deref()
            .and_then(analytics::retention::Period::from_name)
            .map(|period| analytics::retention::Options {
                period,
                zone: args.tz.clone(),
                cohort_event: args.cohort_event.clone(),
                return_event: args.return_event.clone(),
            }),
        paths: args.paths,
        ..Settings::default()
    };
    if args.by.as_deref().is_some_and(|by| by.trim().is_empty()) {
        return Err(Failure::input(
            "--by needs a column name: a column of the events, or channel",
        ));
    }
    if args.top == 0 {
        return Err(Failure::input("--top must be at least 1"));
    }
    if args.paths == Some(0) {
        return Err(Failure::input("--paths N must be at least 1"));
    }
    if let Some(dialect) = args.emit_sql {
        // Without events, the one path given is the workspace.
        let file = args.file.clone().or(args.events.clone());
        let workspace = load(&super::workspace_path(file)?)?.workspace;
        let journey = &workspace.journeys[journey_index(&workspace, args.journey.as_deref())?];
        let text = sql::emit(journey, &settings, dialect, &args.table)
            .map_err(|e| Failure::input(e.to_string()))?;
        print(&text)?;
        return Ok(Outcome::Success);
    }
    let Some(events) = args.events.clone() else {
        return Err(Failure::input(
            "name the events file: cjm analyze EVENTS [WORKSPACE] --journey J (or --emit-sql)",
        ));
    };
    let (path, loaded) = workspace_for_events(&events, args.file.clone(), args.apply)?;
    let index = journey_index(&loaded.workspace, args.journey.as_deref())?;
    let journey = &loaded.workspace.journeys[index];
    let analysis = match read_result_table(&events)? {
        Some(text) => {
            let mut analysis = results::read(&events.display().to_string(), &text)
                .map_err(|e| Failure::input(e.to_string()))?;
            analysis.journey = journey.name.clone();
            // Where --apply writes the CRR the table may hold (nowhere without one).
            if let Ok(conversion) = analytics::rules::conversion_stage(journey, &settings) {
                analysis.conversion_stage = journey.stages[conversion].name.clone();
            }
            analysis
        }
        None => analyze_with_progress(&events, journey, &settings)?,
    };
    let text = match args.format.as_str() {
        "json" => super::json_text(&output::to_json(&analysis)),
        "csv" => output::to_csv(&analysis),
        _ => output::to_table(&analysis),
    };
    print(&text)?;
    if analysis.skipped_rows > 0 && args.format != "table" {
        super::note(&format!(
            "note: {} rows could not be read and were skipped (listed under \"problems\")",
            analysis.skipped_rows
        ));
    }
    if analysis.bad_values > 0 && args.format != "table" {
        super::note(&format!(
            "note: {} values are not numbers: their events are kept without them (listed under \
             \"value_problems\")",
            analysis.bad_values
        ));
    }
    if args.apply {
        let unreadable = unreadable_rows(&analysis);
        if let (Some(rows), false) = (&unreadable, args.force) {
            return Err(Failure::input(format!(
                "{rows}: the figures would leave them out, so nothing was applied; fix the \
                 events, or pass --force to apply anyway"
            )));
        }
        apply_to_file(
            &path,
            loaded,
            index,
            &analysis,
            args.date.as_deref(),
            &args.tz,
        )?;
        if let Some(rows) = unreadable {
            super::note(&format!(
                "warning: applied with --force although {rows}: the figures leave them out"
            ));
        }
    }
    Ok(Outcome::Success)
}

/// How many line numbers of unreadable rows a message names.
const LINES_NAMED: usize = 5;

/// `3 of 200 rows could not be read (lines 18, 40, 41)`, or `None` when every row was read.
fn unreadable_rows(analysis: &Analysis) -> Option<String> {
    if analysis.skipped_rows == 0 {
        return None;
    }
    let lines: Vec<String> = analysis
        .problems
        .iter()
        .take(LINES_NAMED)
        .map(|p| p.line.to_string())
        .collect();
    let more = if analysis.skipped_rows > lines.len() as u64 {
        ", …"
    } else {
        ""
    };
    let place = match lines.len() {
        0 => String::new(),
        1 => format!(" (line {})", lines[0]),
        _ => format!(" (lines {}{more})", lines.join(", ")),
    };
    Some(format!(
        "{} of {} rows could not be read{place}",
        thousands(analysis.skipped_rows),
        thousands(analysis.rows)
    ))
}

/// The index of the journey named `name`, or the only journey when none is named.
pub(super) fn journey_index(workspace: &Workspace, name: Option<&str>) -> Result<usize, Failure> {
    let id = match name {
        Some(name) => select_journeys(workspace, &[name.to_string()])?[0]
            .id
            .clone(),
        None => match workspace.journeys.as_slice() {
            [only] => only.id.clone(),
            [] => return Err(Failure::input("the workspace has no journey to analyse")),
            _ => {
                return Err(Failure::input(format!(
                    "choose a journey with --journey; the journeys are: {}",
                    journey_list(workspace)
                )));
            }
        },
    };
    workspace
        .journey_index(&id)
        .ok_or_else(|| Failure::input(format!("no journey {id:?}")))
}

/// The text of `events` when it is a result table rather than events; `None` otherwise.
/// Only the first line is read to tell.
fn read_result_table(events: &Path) -> Result<Option<String>, Failure> {
    if is_stdin(events) {
        return Ok(None);
    }
    let cannot =
        |e: std::io::Error| Failure::input(format!("{}: cannot read: {e}", events.display()));
    let mut head = Vec::new();
    {
        use std::io::Read;
        let file = std::fs::File::open(events).map_err(cannot)?;
        file.take(256).read_to_end(&mut head).map_err(cannot)?;
    }
    if !results::is_result_table(&String::from_utf8_lossy(&head)) {
        return Ok(None);
    }
    let text = std::fs::read_to_string(events).map_err(cannot)?;
    Ok(Some(text))
}

/// Runs the analysis with a progress bar on a terminal (bytes for a file, rows for a pipe).
fn analyze_with_progress(
    events: &Path,
    journey: &crate::model::Journey,
    settings: &Settings,
) -> Result<Analysis, Failure> {
    super::progress::stop();
    let size = std::fs::metadata(events)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let bar = if std::io::stderr().is_terminal() {
        let bar = match size {
            Some(size) => ProgressBar::new(size).with_style(style(
                "{spinner} reading events {percent:>3}% {wide_bar} {msg} rows, {eta} left",
            )),
            None => {
                ProgressBar::new_spinner().with_style(style("{spinner} reading events: {msg} rows"))
            }
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    } else {
        ProgressBar::hidden()
    };
    let on_progress = |progress: Progress| {
        bar.set_position(progress.bytes);
        bar.set_message(crate::number::thousands(progress.rows));
        ControlFlow::Continue(())
    };
    let result = analytics::analyze_file(events, journey, settings, &on_progress);
    bar.finish_and_clear();
    result.map_err(|e| Failure::input(e.to_string()))
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// Writes the analysis into journey `index` of the workspace at `path` and saves it (refusing
/// when someone else saved it meanwhile).
fn apply_to_file(
    path: &Path,
    loaded: store::Loaded,
    index: usize,
    analysis: &Analysis,
    day: Option<&str>,
    tz: &Zone,
) -> Result<(), Failure> {
    let day = match day {
        Some(day) => day.to_string(),
        None => apply::last_event_day_at(analysis, tz).ok_or_else(|| {
            Failure::input(
                "no event has a date to date the measurements by: give --date YYYY-MM-DD",
            )
        })?,
    };
    let mut workspace = loaded.workspace;
    let journey = &mut workspace.journeys[index];
    let applied = apply::apply(journey, analysis, &day).map_err(Failure::input)?;
    let name = one_line(&journey.name);
    store::save(path, &workspace, Some(loaded.fingerprint))
        .map_err(|e| Failure::input(e.to_string()))?;
    let retention = match &analysis.retention {
        Some(r) if r.rates.iter().any(|rate| rate.start > 0) => {
            " (customer retention rates dated by the last day of their period)"
        }
        _ => "",
    };
    super::note(&format!(
        "applied: {} measurements dated {day} on {} stages of {name:?} ({} new KPIs) in {}{retention}",
        applied.measurements,
        applied.stages,
        applied.created_kpis,
        path.display()
    ));
    Ok(())
}

/// The workspace an events command reads (`file`, else the default), loaded: only one of it
/// and `events` may be standard input, and with `apply` it must be a file that may be written.
pub(super) fn workspace_for_events(
    events: &Path,
    file: Option<PathBuf>,
    apply: bool,
) -> Result<(PathBuf, crate::store::Loaded), Failure> {
    let path = super::workspace_path(file)?;
    if is_stdin(events) && is_stdin(&path) {
        return Err(Failure::input(
            "only one of the events and the workspace can come from standard input",
        ));
    }
    if apply && is_stdin(&path) {
        return Err(Failure::input(
            "--apply writes into the workspace: name the workspace file",
        ));
    }
    let loaded = load(&path)?;
    if apply && let Some(reason) = &loaded.read_only {
        return Err(Failure::input(reason.clone()));
    }
    Ok((path, loaded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::RowProblem;

    #[test]
    fn unreadable_rows_are_counted_with_their_first_lines() {
        let mut analysis = Analysis {
            rows: 1200,
            ..Analysis::default()
        };
        assert_eq!(unreadable_rows(&analysis), None);
        let problem = |line| RowProblem {
            line,
            reason: "bad timestamp".into(),
        };
        analysis.skipped_rows = 1;
        analysis.problems = vec![problem(18)];
        assert_eq!(
            unreadable_rows(&analysis).unwrap(),
            "1 of 1,200 rows could not be read (line 18)"
        );
        analysis.skipped_rows = 1001;
        analysis.problems = (2..12).map(problem).collect();
        assert_eq!(
            unreadable_rows(&analysis).unwrap(),
            "1,001 of 1,200 rows could not be read (lines 2, 3, 4, 5, 6, …)"
        );
    }

    #[test]
    fn the_only_journey_is_chosen_without_a_name() {
        let mut workspace = Workspace::default();
        assert!(journey_index(&workspace, None).is_err());
        workspace
            .journeys
            .push(crate::model::Journey::with_default_stages("A"));
        assert_eq!(journey_index(&workspace, None).unwrap(), 0);
        workspace
            .journeys
            .push(crate::model::Journey::with_default_stages("B"));
        let message = journey_index(&workspace, None).unwrap_err().message;
        assert!(
            message.contains("--journey") && message.contains("\"B\""),
            "{message}"
        );
        assert_eq!(journey_index(&workspace, Some("b")).unwrap(), 1);
    }
}
