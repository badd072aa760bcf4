//! `cjm feedback import`: survey responses (CSV) as NPS, CSAT and CES measurements per stage,
//! card and period, and their comments as evidence (docs/feedback.md).

use std::path::PathBuf;

use crate::feedback::{self, Period};
use crate::import::decode;
use crate::number::number;
use crate::text::one_line;

use super::{Failure, Outcome, is_stdin, load, print, read_source};

/// The most bad rows listed one by one before the rest are counted.
const LISTED: usize = 20;

/// Arguments of `cjm feedback`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Turn survey responses into KPI measurements per stage, card and period, and their
    /// comments into evidence.
    #[command(
        after_help = "Columns (a header row, any order, any case): date; either kind \
        (NPS, CSAT or CES) and score, or a column per kind named NPS, CSAT, CES; stage, card \
        and/or event (what the response is about); respondent and comment, optional.\n\
        Scores: NPS 0-10, CSAT 1-5, CES 1-7.\n\n\
        Example:\n  cjm feedback import responses.csv shop.json -j \"Beli HP\" --period month\n\n\
        Formulas: docs/feedback.md.\n\
        Exit: 0 every response placed, 1 some could not be placed (the others are written), \
        2 bad rows, a bad header, or a workspace that cannot be written (nothing written)."
    )]
    Import(ImportArgs),
}

/// Arguments of `cjm feedback import`.
#[derive(clap::Args)]
struct ImportArgs {
    /// The responses (CSV with a header); `-` reads standard input.
    responses: PathBuf,
    /// The workspace (default: as for the TUI).
    file: Option<PathBuf>,
    /// The journey (name or id); optional when the workspace has one journey.
    #[arg(long, short)]
    journey: Option<String>,
    /// How responses are grouped into measurements: one per day, ISO week, month, quarter,
    /// or all (dated on the last response).
    #[arg(long, value_enum, default_value = "month")]
    period: PeriodArg,
    /// Show the figures without writing anything.
    #[arg(long)]
    dry_run: bool,
}

/// `--period`, as typed.
#[derive(Clone, Copy, clap::ValueEnum)]
enum PeriodArg {
    Day,
    Week,
    Month,
    Quarter,
    All,
}

impl From<PeriodArg> for Period {
    fn from(arg: PeriodArg) -> Self {
        match arg {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
            PeriodArg::All => Period::All,
        }
    }
}

/// Runs `cjm feedback`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    match args.command {
        Sub::Import(args) => import(args),
    }
}

fn import(args: ImportArgs) -> Result<Outcome, Failure> {
    let path = super::workspace_path(args.file)?;
    if is_stdin(&path) && is_stdin(&args.responses) {
        return Err(Failure::input(
            "only one of the responses and the workspace can come from standard input",
        ));
    }
    if is_stdin(&path) && !args.dry_run {
        return Err(Failure::input(
            "feedback import writes into the workspace: name the workspace file (or add \
             --dry-run)",
        ));
    }
    let name = args.responses.display().to_string();
    let bytes = read_source(&args.responses)?;
    let text =
        decode(&bytes).map_err(|e| Failure::input(format!("{name}:{}: {}", e.line, e.message)))?;
    let (responses, bad) =
        feedback::read(&text).map_err(|e| Failure::input(format!("{name}:1: {e}")))?;
    if !bad.is_empty() {
        for row in bad.iter().take(LISTED) {
            super::note(&format!("{name}:{}: {}", row.line, row.message));
        }
        if bad.len() > LISTED {
            super::note(&format!("… and {} more bad rows", bad.len() - LISTED));
        }
        return Err(Failure::input(format!(
            "{name}: {} of {} rows cannot be used: nothing written; correct or remove them",
            bad.len(),
            bad.len() + responses.len()
        )));
    }
    let loaded = load(&path)?;
    if !args.dry_run
        && let Some(reason) = &loaded.read_only
    {
        return Err(Failure::input(reason.clone()));
    }
    let mut workspace = loaded.workspace;
    let index = super::analyze::journey_index(&workspace, args.journey.as_deref())?;
    let journey = &mut workspace.journeys[index];
    let origin = args
        .responses
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|_| !is_stdin(&args.responses))
        .unwrap_or_else(|| "survey".into());
    let applied = feedback::apply(journey, &responses, args.period.into(), &origin);
    let journey_name = one_line(&journey.name);
    for unplaced in &applied.unplaced {
        super::note(&format!(
            "{name}:{}: not placed: {}",
            unplaced.line, unplaced.reason
        ));
    }
    print(&table(&applied.figures))?;
    if !args.dry_run && (!applied.figures.is_empty() || applied.comments > 0) {
        crate::store::save(&path, &workspace, Some(loaded.fingerprint))
            .map_err(|e| Failure::input(e.to_string()))?;
    }
    let verb = if args.dry_run { "would write" } else { "wrote" };
    super::note(&format!(
        "{verb} {} measurements ({} replacing an earlier import, {} new KPIs) and {} comments \
         as evidence ({} already there, {} on a stage without a card) on {journey_name:?}{}; \
         {} responses placed, {} not placed",
        applied.figures.len(),
        applied.replaced,
        applied.created_kpis,
        applied.comments,
        applied.comments_already,
        applied.comments_on_stages,
        if args.dry_run {
            String::new()
        } else {
            format!(" in {}", path.display())
        },
        applied.placed,
        applied.unplaced.len()
    ));
    Ok(if applied.unplaced.is_empty() {
        Outcome::Success
    } else {
        Outcome::Attention
    })
}

/// The figures as a table: period, survey, responses, figure, place.
fn table(figures: &[feedback::Figure]) -> String {
    let mut out = format!(
        "{:<10}  {:<4}  {:>9}  {:>7}  {}\n",
        "period", "kind", "responses", "figure", "place"
    );
    for figure in figures {
        let unit = if figure.survey == feedback::Survey::Csat {
            "%"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:<10}  {:<4}  {:>9}  {:>7}  {}\n",
            figure.date,
            figure.survey.name(),
            figure.responses,
            number(figure.value, unit),
            one_line(&figure.place)
        ));
    }
    out
}
