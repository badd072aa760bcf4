//! Journey analytics from event data: events mapped to stages by the journey's rules, then the
//! funnel, time between stages, channel reach and six attribution models. Every definition is
//! in docs/analytics.md; the emitted SQL ([`sql`]) computes the same figures.

use std::collections::BTreeMap;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::model::Journey;

pub mod apply;
mod engine;
mod figures;
mod grouping;
pub(crate) mod input;
mod markov;
mod matching;
pub mod output;
pub mod paths;
#[cfg(test)]
mod paths_tests;
pub mod results;
pub mod retention;
pub mod rule_line;
pub mod rules;
pub mod segments;
mod spill;
pub mod sql;
#[cfg(test)]
mod tests;
mod time;
pub mod zone;

pub use matching::event_matches;
pub use time::format_time;
pub use zone::Zone;

/// An attribution model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Model {
    /// All credit to the first event of the path.
    FirstTouch,
    /// All credit to the last event: the conversion itself.
    LastTouch,
    /// Equal credit to every event.
    Linear,
    /// 40% first, 40% last, 20% shared by the events between.
    PositionBased,
    /// Credit halving with every half-life between the event and the conversion.
    TimeDecay,
    /// The removal effect of a first-order Markov chain.
    Markov,
}

impl Model {
    /// Every model, in the order reports list them.
    pub const ALL: [Model; 6] = [
        Model::FirstTouch,
        Model::LastTouch,
        Model::Linear,
        Model::PositionBased,
        Model::TimeDecay,
        Model::Markov,
    ];

    /// The model's name in JSON, CSV and on the command line: `first_touch`…
    pub fn name(self) -> &'static str {
        match self {
            Model::FirstTouch => "first_touch",
            Model::LastTouch => "last_touch",
            Model::Linear => "linear",
            Model::PositionBased => "position_based",
            Model::TimeDecay => "time_decay",
            Model::Markov => "markov",
        }
    }

    /// The model's name in a narrow column: `first`, `position`…
    pub fn short_name(self) -> &'static str {
        match self {
            Model::FirstTouch => "first",
            Model::LastTouch => "last",
            Model::Linear => "linear",
            Model::PositionBased => "position",
            Model::TimeDecay => "decay",
            Model::Markov => "markov",
        }
    }

    /// The model named `name`, if any.
    pub fn from_name(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// How to analyse, beyond the journey's own rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The conversion stage by name or id, overriding the journey's `conversion_stage`.
    pub conversion_stage: Option<String>,
    /// The half-life of the time-decay model, in days.
    pub half_life_days: f64,
    /// Credit `(none)` touches like any channel's, instead of only when a path has no other
    /// (GA4's rule, docs/analytics.md §3).
    pub credit_direct: bool,
    /// The lookback window, in days: touches longer than this before a conversion get none
    /// of its credit (docs/analytics.md §3). 90 days unless told, as in GA4.
    pub lookback_days: f64,
    /// Only events at or after this instant (milliseconds since 1970, UTC) are analysed.
    pub since: Option<i64>,
    /// Only events before this instant are analysed.
    pub until: Option<i64>,
    /// How many mapped events are kept in memory before they are spilled to temporary files.
    pub spill_after: usize,
    /// Where spill files go; the system's temporary folder when `None`.
    pub temp_dir: Option<PathBuf>,
    /// `--by`: the figures per segment too, each customer in the segment of their first
    /// mapped event (docs/analytics.md §4).
    pub by: Option<segments::By>,
    /// How many segments are shown; customers of the others are added up as `(other)`.
    pub top_segments: usize,
    /// `--retention`: cohorts, CRR and the repeat-purchase rate.
    pub retention: Option<retention::Options>,
    /// `--paths`: the customers' paths, where they leave, loops and moves backwards, this
    /// many of the most common paths listed.
    pub paths: Option<usize>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            conversion_stage: None,
            half_life_days: 7.0,
            credit_direct: false,
            lookback_days: 90.0,
            since: None,
            until: None,
            spill_after: 4_000_000,
            temp_dir: None,
            by: None,
            top_segments: segments::DEFAULT_TOP,
            retention: None,
            paths: None,
        }
    }
}

impl Settings {
    /// The lookback window in whole milliseconds, or why it cannot be used.
    pub(crate) fn lookback_ms(&self) -> Result<i64, AnalyzeError> {
        let days = self.lookback_days;
        if !(days.is_finite() && days > 0.0) {
            return Err(AnalyzeError::Rules(format!(
                "the lookback window must be a positive number of days, not {days}"
            )));
        }
        // Past 10 000 years every event of the input is inside it.
        Ok((days * 86_400_000.0).min(4e14) as i64)
    }
}

/// The number of days `text` names: `30d`, `30` or `0.5d`; `None` when it names none.
pub fn parse_days(text: &str) -> Option<f64> {
    let text = text.trim();
    let number = text
        .strip_suffix('d')
        .or_else(|| text.strip_suffix('D'))
        .unwrap_or(text)
        .trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|days| days.is_finite() && *days > 0.0)
}

/// A fixed UTC offset in minutes from `--tz`: `UTC`, `Z`, `+07:00`, `-0530`, `+7`.
pub fn parse_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("utc") || text.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let text = text
        .strip_prefix("UTC")
        .or_else(|| text.strip_prefix("utc"))
        .unwrap_or(text);
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

/// The instant `--since`/`--until` name: a date `YYYY-MM-DD` is the start of that day in
/// `zone` (for `end`, the start of the day after it, so the day is included); anything else
/// is read as a timestamp of the events (§2), as given.
pub fn parse_bound(text: &str, zone: &Zone, end: bool) -> Option<i64> {
    let text = text.trim();
    let ms = time::parse(text.as_bytes()).ok()?;
    let is_date = text.len() == 10 && text.as_bytes()[4] == b'-';
    if is_date {
        let day = ms.div_euclid(86_400_000) + i64::from(end);
        Some(zone.day_start(day))
    } else {
        Some(ms)
    }
}

/// How far a reading has got, for a progress bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the input read so far.
    pub bytes: u64,
    /// Rows read so far.
    pub rows: u64,
}

/// Called now and then while reading; `Break` cancels the analysis.
pub type OnProgress<'a> = &'a (dyn Fn(Progress) -> ControlFlow<()> + Sync);

/// The figures of one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageFigures {
    /// The stage's name.
    pub stage: String,
    /// The stage's id.
    pub stage_id: String,
    /// Customers with an event in the stage.
    pub reached: u64,
    /// Customers who went on to the next stage; `None` for the last stage.
    pub converted: Option<u64>,
    /// Reached minus converted; `None` for the last stage.
    pub dropped: Option<u64>,
    /// Median hours from the stage's first event to the next stage's, over converted customers.
    pub median_hours: Option<f64>,
    /// The 90th percentile of the same.
    pub p90_hours: Option<f64>,
}

/// The figures of one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelFigures {
    /// The channel, `(none)` for events without one.
    pub channel: String,
    /// Customers with an event in the channel.
    pub reached: u64,
    /// Conversions with a touch in the channel on their path.
    pub conversions: u64,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The 1-based line of the input where the row starts.
    pub line: u64,
    /// What is wrong with it.
    pub reason: String,
}

/// An event name no rule matched, with how many rows had it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// The event name.
    pub event: String,
    /// How many rows had it.
    pub rows: u64,
}

/// Channel → share (or value) for each model.
pub type Attribution = BTreeMap<Model, BTreeMap<String, f64>>;

/// The funnel and attribution of one segment of the customers (`--by`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Segment {
    /// The value the segment's customers have on their first mapped event, `(not set)` when
    /// empty, `(other)` for the segments past the cap.
    pub segment: String,
    /// Customers in the segment.
    pub customers: u64,
    /// Their conversions.
    pub conversions: u64,
    /// Their earliest mapped event, in milliseconds since 1970 (UTC).
    pub first_event: Option<i64>,
    /// Their latest mapped event.
    pub last_event: Option<i64>,
    /// One entry per stage, in journey order.
    pub stages: Vec<StageFigures>,
    /// One entry per channel they reached, most customers reached first, then by name.
    pub channels: Vec<ChannelFigures>,
    /// Each model's share per channel of their conversions.
    pub attribution: Attribution,
    /// Each model's split of their conversions' `value` per channel.
    pub attribution_value: Attribution,
}

/// Everything `cjm analyze` reports for one journey and one events file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// The journey's name.
    pub journey: String,
    /// The conversion stage's name.
    pub conversion_stage: String,
    /// Rows read (readable or not), header aside.
    pub rows: u64,
    /// Rows that a rule mapped to a stage.
    pub mapped_rows: u64,
    /// Rows that could not be read.
    pub skipped_rows: u64,
    /// Customers with at least one mapped event.
    pub customers: u64,
    /// Conversions: events in the conversion stage, each counted.
    pub conversions: u64,
    /// The earliest mapped event, in milliseconds since 1970 (UTC).
    pub first_event: Option<i64>,
    /// The latest mapped event, in milliseconds since 1970 (UTC).
    pub last_event: Option<i64>,
    /// One entry per stage, in journey order.
    pub stages: Vec<StageFigures>,
    /// One entry per channel, most customers reached first, then by name.
    pub channels: Vec<ChannelFigures>,
    /// Each model's share per channel; the shares of a model sum to 1 when there are
    /// conversions. Channels with no credit are left out.
    pub attribution: Attribution,
    /// Each model's split of the conversions' `value` per channel; empty without values.
    pub attribution_value: Attribution,
    /// The most frequent unmapped event names (at most ten), most rows first, then by name.
    pub unmapped: Vec<Unmapped>,
    /// How many rows were unmapped in all.
    pub unmapped_rows: u64,
    /// The first ten rows that could not be read.
    pub problems: Vec<RowProblem>,
    /// Readable rows whose `value` is not a number: each keeps its event, without the value.
    pub bad_values: u64,
    /// The first ten of those rows, with their lines.
    pub value_problems: Vec<RowProblem>,
    /// Readable rows left out by `--since`/`--until`.
    pub outside_rows: u64,
    /// With `--by`, the column (or `channel`) the customers are segmented by.
    pub by: Option<String>,
    /// With `--by`, each segment's figures: the most customers first (ties by name), then
    /// `(other)`. Their customers, conversions and credit add up to the whole's.
    pub segments: Vec<Segment>,
    /// With `--retention`, the cohorts, CRR and repeat-purchase rate.
    pub retention: Option<retention::Retention>,
    /// With `--paths`, the customers' paths.
    pub paths: Option<paths::Paths>,
    /// Each converted customer's hours from their first mapped event to their first
    /// conversion, shortest first: what experiments compare arms' time to convert by.
    pub hours_to_convert: Vec<f64>,
}

impl Analysis {
    /// The whole population's figures in a segment's shape, named `name`.
    pub fn whole(&self, name: &str) -> Segment {
        Segment {
            segment: name.to_string(),
            customers: self.customers,
            conversions: self.conversions,
            first_event: self.first_event,
            last_event: self.last_event,
            stages: self.stages.clone(),
            channels: self.channels.clone(),
            attribution: self.attribution.clone(),
            attribution_value: self.attribution_value.clone(),
        }
    }
}

/// Why an analysis could not run. Rows that cannot be read are not errors: they are counted
/// in [`Analysis::problems`].
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    /// The journey's event rules or conversion stage are not usable.
    #[error("{0}")]
    Rules(String),
    /// The events file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file, as the user named it.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The input is not usable as a whole: no header, missing columns, no readable row.
    #[error("{path}: {message}")]
    Input {
        /// The file, as the user named it.
        path: String,
        /// What is wrong, with the line where it helps, and what to do.
        message: String,
    },
    /// The progress callback asked to stop.
    #[error("the analysis was cancelled")]
    Cancelled,
}

/// Reads the events file (`-` = standard input) and analyses it for `journey`.
pub fn analyze_file(
    path: &Path,
    journey: &Journey,
    settings: &Settings,
    on_progress: OnProgress,
) -> Result<Analysis, AnalyzeError> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" {
        return analyze_reader(&name, std::io::stdin(), journey, settings, on_progress);
    }
    let file = std::fs::File::open(path).map_err(|source| AnalyzeError::Io {
        path: name.clone(),
        source,
    })?;
    analyze_reader(&name, file, journey, settings, on_progress)
}

/// The same over any reader (tests, stdin); `name` is used in messages.
pub fn analyze_reader(
    name: &str,
    input: impl Read + Send,
    journey: &Journey,
    settings: &Settings,
    on_progress: OnProgress,
) -> Result<Analysis, AnalyzeError> {
    engine::run(name, input, journey, settings, on_progress)
}
