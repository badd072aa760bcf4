//! Analysing an events file on a thread of its own, so that no key waits for it: the job, its
//! progress as the reading thread reports it, cancelling it, and the analyses kept for the
//! session (one per journey, never saved).
//!
//! The thread reports its outcome on a channel; the event loop polls it (never waits) while a
//! job is under way, and shows the progress the thread leaves in atomics.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

use crate::analytics::retention::{self, Period};
use crate::analytics::{self, Analysis, AnalyzeError, Model, Progress, Settings, paths};
use crate::model::Journey;

/// An analysis finished this session, with the file it read.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysed {
    /// The events file as the user named it.
    pub file: String,
    /// The figures.
    pub analysis: Analysis,
}

/// What the analytics view shows and the analysis under way.
pub struct Analytics {
    /// The analyses of this session, by journey id.
    pub results: HashMap<String, Analysed>,
    /// The attribution model the view shows.
    pub model: Model,
    /// The analysis being read, if any.
    pub job: Option<Job>,
    /// The events file last asked for, offered again by the next prompt.
    pub last_file: Option<String>,
    /// How the next analysis is run: what the last one that finished was run with.
    pub choice: Choice,
}

impl Default for Analytics {
    fn default() -> Self {
        Self {
            results: HashMap::new(),
            model: Model::ALL[0],
            job: None,
            last_file: None,
            choice: Choice::default(),
        }
    }
}

/// How a job ended.
#[derive(Debug)]
pub enum Outcome {
    /// The analysis is done.
    Done(Box<Analysis>),
    /// The user cancelled it.
    Cancelled,
    /// It could not run: the error's full text.
    Failed(String),
}

/// What the reading thread and the UI thread share: how far it got, and whether to stop.
#[derive(Default)]
struct Shared {
    bytes: AtomicU64,
    rows: AtomicU64,
    /// The file's size in bytes, once known; 0 while unknown (a pipe, or not yet looked at).
    size: AtomicU64,
    cancel: AtomicBool,
}

impl Shared {
    /// Takes in the reader's progress; `Break` once the user cancelled.
    fn report(&self, progress: Progress) -> ControlFlow<()> {
        self.bytes.store(progress.bytes, Ordering::Relaxed);
        self.rows.store(progress.rows, Ordering::Relaxed);
        if self.cancel.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

/// How far a job has got, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Bytes read.
    pub bytes: u64,
    /// Rows read.
    pub rows: u64,
    /// The file's size, when known.
    pub size: Option<u64>,
    /// Whether the user asked to stop.
    pub cancelling: bool,
}

impl Status {
    /// The share of the file read, in percent, when its size is known.
    pub fn percent(&self) -> Option<u64> {
        let size = self.size.filter(|s| *s > 0)?;
        Some((self.bytes.min(size) * 100) / size)
    }
}

/// An analysis being read on its own thread.
pub struct Job {
    /// The journey analysed, by id.
    pub journey: String,
    /// The events file as the user named it.
    pub file: String,
    /// What it is run with.
    pub choice: Choice,
    shared: Arc<Shared>,
    outcome: Receiver<Outcome>,
}

impl Job {
    /// Starts analysing `journey` (a copy) against the events file at `path` as `choice`
    /// says; `file` is the path as the user typed it, for messages.
    pub fn start(
        path: PathBuf,
        file: String,
        journey: Journey,
        choice: Choice,
    ) -> std::io::Result<Job> {
        let settings = choice.settings();
        let shared = Arc::new(Shared::default());
        let (send, outcome) = mpsc::channel();
        let job = Job {
            journey: journey.id.clone(),
            file,
            choice,
            shared: Arc::clone(&shared),
            outcome,
        };
        std::thread::Builder::new()
            .name("cjm-analyze".into())
            .spawn(move || {
                if let Ok(meta) = std::fs::metadata(&path)
                    && meta.is_file()
                {
                    shared.size.store(meta.len(), Ordering::Relaxed);
                }
                let on_progress = |progress: Progress| shared.report(progress);
                let result = analytics::analyze_file(&path, &journey, &settings, &on_progress);
                let outcome = match result {
                    // A result that came after the user cancelled is not wanted any more.
                    _ if shared.cancel.load(Ordering::Relaxed) => Outcome::Cancelled,
                    Ok(analysis) => Outcome::Done(Box::new(analysis)),
                    Err(AnalyzeError::Cancelled) => Outcome::Cancelled,
                    Err(e) => Outcome::Failed(e.to_string()),
                };
                // The app may have gone (quit while reading): nobody to tell.
                let _ = send.send(outcome);
            })?;
        Ok(job)
    }

    /// How far it has got.
    pub fn status(&self) -> Status {
        let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
        Status {
            bytes: load(&self.shared.bytes),
            rows: load(&self.shared.rows),
            size: Some(load(&self.shared.size)).filter(|s| *s > 0),
            cancelling: self.shared.cancel.load(Ordering::Relaxed),
        }
    }

    /// Asks the thread to stop at its next progress report.
    pub fn cancel(&self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
    }

    /// The outcome, when the thread has finished; never waits.
    pub fn poll(&self) -> Option<Outcome> {
        match self.outcome.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(stopped()),
        }
    }

    /// Waits up to `timeout` for the outcome (tests, and nothing else: the UI never waits).
    pub fn wait(&self, timeout: Duration) -> Option<Outcome> {
        match self.outcome.recv_timeout(timeout) {
            Ok(outcome) => Some(outcome),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(stopped()),
        }
    }
}

/// What the app's analyses are run with beyond `cjm analyze`'s defaults, which always add the
/// paths and retention: the period retention is counted by (`r`) and the segments (`b`).
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The period of retention.
    pub period: Period,
    /// The column (or `channel`) customers are segmented by, if any.
    pub by: Option<String>,
}

impl Default for Choice {
    fn default() -> Self {
        Self {
            period: Period::Month,
            by: None,
        }
    }
}

impl Choice {
    /// The settings of the analysis: paths, retention by the period (days counted in UTC, as
    /// the command line counts them unless told) and the segments.
    pub fn settings(&self) -> Settings {
        Settings {
            paths: Some(paths::DEFAULT_TOP),
            retention: Some(retention::Options {
                period: self.period,
                zone: analytics::Zone::UTC,
                cohort_event: None,
                return_event: None,
            }),
            by: self.by.as_deref().map(analytics::segments::By::new),
            ..Settings::default()
        }
    }
}

/// The outcome of a thread that ended without saying how (it panicked).
fn stopped() -> Outcome {
    Outcome::Failed("the analysis stopped unexpectedly; the map is unchanged".into())
}

/// `~` and `~/…` at the start of a path typed by the user mean the home folder; other paths
/// are taken as typed (relative ones from the current folder).
pub fn expand_path(text: &str, home: Option<PathBuf>) -> PathBuf {
    let home_relative = match text.strip_prefix('~') {
        Some("") => Some(""),
        Some(rest) if rest.starts_with(std::path::MAIN_SEPARATOR) || rest.starts_with('/') => {
            Some(&rest[1..])
        }
        _ => None,
    };
    match (home_relative, home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

/// The user's home folder, from `HOME` (or `USERPROFILE` on Windows).
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// A hand-made analysis of the demo's smartphone journey, for tests of the view and the
/// actions that do not need an events file.
#[cfg(test)]
pub(crate) fn sample(journey: &Journey) -> Analysis {
    use crate::analytics::{ChannelFigures, RowProblem, StageFigures, Unmapped};
    let figures = [
        (12_480, Some(5_120), Some(30.2), Some(160.0)),
        (5_610, Some(2_240), Some(52.75), Some(301.5)),
        (2_480, Some(1_310), Some(4.4), Some(26.0)),
        (1_310, Some(1_050), Some(0.4), Some(2.1)),
        (1_120, Some(210), Some(400.0), Some(812.0)),
        (230, None, None, None),
    ];
    let stages = journey
        .stages
        .iter()
        .zip(figures)
        .map(|(stage, (reached, converted, median, p90))| StageFigures {
            stage: stage.name.clone(),
            stage_id: stage.id.clone(),
            reached,
            converted,
            dropped: converted.map(|c| reached - c),
            median_hours: median,
            p90_hours: p90,
        })
        .collect();
    let channel = |name: &str, reached, conversions| ChannelFigures {
        channel: name.into(),
        reached,
        conversions,
    };
    let shares = |values: [f64; 5]| {
        ["web", "instagram", "app", "store", "email"]
            .into_iter()
            .zip(values)
            .filter(|(_, v)| *v > 0.0)
            .map(|(c, v)| (c.to_string(), v))
            .collect()
    };
    let attribution = Model::ALL
        .into_iter()
        .zip([
            [0.40, 0.35, 0.05, 0.0, 0.20],
            [0.25, 0.05, 0.30, 0.40, 0.0],
            [0.33, 0.22, 0.18, 0.17, 0.10],
            [0.34, 0.21, 0.16, 0.19, 0.10],
            [0.30, 0.15, 0.22, 0.25, 0.08],
            [0.36, 0.18, 0.20, 0.16, 0.10],
        ])
        .map(|(model, values)| (model, shares(values)))
        .collect();
    let attribution_value = [(Model::FirstTouch, shares([40e6, 35e6, 5e6, 0.0, 20e6]))]
        .into_iter()
        .collect();
    Analysis {
        journey: journey.name.clone(),
        conversion_stage: "Purchase".into(),
        rows: 48_210,
        mapped_rows: 42_273,
        skipped_rows: 2,
        customers: 12_900,
        conversions: 1_310,
        first_event: Some(1_772_323_200_000), // 2026-03-01
        last_event: Some(1_772_323_200_000 + 30 * 86_400_000), // 2026-03-31
        stages,
        channels: vec![
            channel("web", 9_800, 1_000),
            channel("instagram", 6_400, 520),
            channel("email", 2_200, 300),
            channel("app", 3_100, 700),
            channel("store", 1_500, 900),
            channel("(none)", 40, 0),
        ],
        attribution,
        attribution_value,
        unmapped: [
            ("app_open", 3_204),
            ("push_received", 1_020),
            ("page_scroll", 800),
            ("session_start", 640),
            ("ab_test_exposure", 220),
            ("error_toast", 51),
        ]
        .into_iter()
        .map(|(event, rows)| Unmapped {
            event: event.into(),
            rows,
        })
        .collect(),
        unmapped_rows: 5_935,
        problems: vec![
            RowProblem {
                line: 7,
                reason: "timestamp \"yesterday\" is not RFC 3339 or a Unix epoch number".into(),
            },
            RowProblem {
                line: 1_203,
                reason: "customer_id is empty".into(),
            },
        ],
        bad_values: 0,
        value_problems: Vec::new(),
        outside_rows: 0,
        by: None,
        segments: Vec::new(),
        retention: None,
        paths: None,
        hours_to_convert: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_callback_breaks_once_cancelled() {
        let shared = Shared::default();
        let progress = Progress { bytes: 50, rows: 3 };
        assert_eq!(shared.report(progress), ControlFlow::Continue(()));
        shared.cancel.store(true, Ordering::Relaxed);
        assert_eq!(shared.report(progress), ControlFlow::Break(()));
        assert_eq!(shared.rows.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn percent_needs_a_known_size() {
        let status = |bytes, size| Status {
            bytes,
            rows: 0,
            size,
            cancelling: false,
        };
        assert_eq!(status(50, Some(200)).percent(), Some(25));
        assert_eq!(status(500, Some(200)).percent(), Some(100));
        assert_eq!(status(50, None).percent(), None);
    }

    #[test]
    fn a_tilde_means_home() {
        let home = Some(PathBuf::from("/home/sari"));
        assert_eq!(
            expand_path("~/data/events.csv", home.clone()),
            PathBuf::from("/home/sari/data/events.csv")
        );
        assert_eq!(expand_path("~", home.clone()), PathBuf::from("/home/sari"));
        assert_eq!(
            expand_path("~budi/x.csv", home.clone()),
            PathBuf::from("~budi/x.csv")
        );
        assert_eq!(
            expand_path("data/x.csv", home.clone()),
            PathBuf::from("data/x.csv")
        );
        assert_eq!(expand_path("~/x.csv", None), PathBuf::from("~/x.csv"));
    }
}
