//! The analysis from start to end: the calling thread cuts the input into chunks, worker
//! threads parse and map them into partitioned records (spilling past the budget), then the
//! partitions are sorted and measured in parallel and their figures added up in partition
//! order, so that the result never depends on threads, spilling or the order of the rows.

use std::io::Read;
use std::ops::ControlFlow;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Mutex, MutexGuard};
use std::thread;

use crate::model::Journey;
use crate::text::one_line;

use super::figures::{self, Context, Figures, Scratch};
use super::grouping::{self, Grouping};
use super::input::{self, Chunk, Format, Reader};
use super::matching::{FastMap, Keys, Matcher, Rules};
use super::segments::{By, Interner, Values};
use super::spill::{Buckets, PARTITIONS, Partitions, Record};
use super::{
    Analysis, AnalyzeError, OnProgress, Progress, RowProblem, Settings, Unmapped, retention, rules,
};

/// Problems kept for the report.
const PROBLEMS: usize = 10;
/// Unmapped event names in the report.
const UNMAPPED: usize = 10;

/// Analyses `input` (named `name` in messages) for `journey`.
pub fn run(
    name: &str,
    input: impl Read,
    journey: &Journey,
    settings: &Settings,
    on_progress: OnProgress,
) -> Result<Analysis, AnalyzeError> {
    let resolved = rules::resolve(journey)?;
    let conversion = rules::conversion_stage(journey, settings)?;
    if !(settings.half_life_days > 0.0 && settings.half_life_days.is_finite()) {
        return Err(AnalyzeError::Rules(format!(
            "the time-decay half-life must be a positive number of days, not {}",
            settings.half_life_days
        )));
    }
    let lookback_ms = settings.lookback_ms()?;
    let rules = Rules::new(&resolved);
    let column = settings.by.as_ref().and_then(By::column);
    let (reader, format) = Reader::open(input, name, column)?;
    let threads = thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8));
    let read = read_all(reader, format, &rules, settings, threads, on_progress)?;
    if read.rows == 0 {
        return Err(AnalyzeError::Input {
            path: name.to_string(),
            message: "no events after the header: the file has no rows".to_string(),
        });
    }
    if read.skipped == read.rows {
        let first = read
            .problems
            .first()
            .map_or_else(String::new, |p| format!(": line {}: {}", p.line, p.reason));
        return Err(AnalyzeError::Input {
            path: name.to_string(),
            message: format!("none of the {} rows can be read{first}", read.rows),
        });
    }
    let ranks = read.keys.ranks();
    let segment_ranks = read.segments.ranks();
    let segmenting = match &settings.by {
        None => Segmenting::Off,
        Some(By::Channel) => Segmenting::Channel,
        Some(By::Column(_)) => Segmenting::Column(&segment_ranks),
    };
    let mut context = Context::new(
        journey.stages.len(),
        conversion,
        &read.keys,
        &ranks,
        settings.half_life_days,
        settings.credit_direct,
        lookback_ms,
    );
    context.retention = match &settings.retention {
        None => None,
        Some(options) => Some(retention_context(options, &read.keys, &ranks)?),
    };
    context.paths = settings.paths.is_some();
    let progress = Progress {
        bytes: read.bytes,
        rows: read.rows,
    };
    let go_on = || on_progress(progress);
    let partitions = Partitions::new(read.buckets);
    // With --by, a first pass finds each segment's customers, so that only the groups shown
    // are measured (bounded however many values the column has).
    let grouping = match segmenting {
        Segmenting::Off => None,
        Segmenting::Channel | Segmenting::Column(_) => {
            let names: Vec<&str> = match segmenting {
                Segmenting::Column(_) => {
                    let mut names = vec![""; segment_ranks.len()];
                    for (name, &rank) in read.segments.names.iter().zip(&segment_ranks) {
                        names[rank as usize] = name;
                    }
                    names
                }
                _ => context.channels.iter().map(|c| &**c).collect(),
            };
            let keys_of = |records: Vec<Record>| -> Vec<u32> {
                sorted(records, &ranks, segment_ranks_of(segmenting))
                    .chunk_by(|a, b| (a.hi, a.lo) == (b.hi, b.lo))
                    .filter_map(|events| segment_key(segmenting, &context, events))
                    .collect()
            };
            let on_io = |source| spill_error(settings, source);
            let customers = grouping::count(&partitions, threads, &keys_of, &on_io, &go_on)?;
            Some(Grouping::new(&customers, &names, settings.top_segments))
        }
    };
    let (mut figures, by_group) = measure(
        partitions,
        &context,
        &ranks,
        Segmented {
            segmenting,
            grouping: grouping.as_ref(),
        },
        threads,
        settings,
        &go_on,
    )?;
    let stage_names: Vec<(String, String)> = journey
        .stages
        .iter()
        .map(|s| (s.name.clone(), s.id.clone()))
        .collect();
    let (attribution, attribution_value) = figures.attribution(&context.channels);
    let paths = match (settings.paths, figures.paths.take()) {
        (Some(top), Some(counts)) => {
            let names: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
            Some(counts.report(top, &names, &context.channels))
        }
        _ => None,
    };
    let segments = match grouping {
        None => Vec::new(),
        Some(grouping) => grouping.report(by_group, &stage_names, &context.channels),
    };
    Ok(Analysis {
        journey: journey.name.clone(),
        conversion_stage: journey.stages[conversion].name.clone(),
        rows: read.rows,
        mapped_rows: read.mapped,
        skipped_rows: read.skipped,
        customers: figures.customers,
        conversions: figures.conversions,
        first_event: read.first_event,
        last_event: read.last_event,
        stages: figures.stages(&stage_names),
        hours_to_convert: figures.hours_to_convert(),
        channels: figures.channels(&context.channels),
        attribution,
        attribution_value,
        unmapped: read.unmapped,
        unmapped_rows: read.unmapped_rows,
        problems: read.problems,
        bad_values: read.bad_values,
        value_problems: read.value_problems,
        outside_rows: read.outside,
        by: settings.by.as_ref().map(|by| by.name().to_string()),
        segments,
        paths,
        retention: settings.retention.as_ref().map(|options| {
            // Data end: --until, else the last mapped event.
            let last = read.last_event.unwrap_or(0);
            let end = settings.until.unwrap_or(last);
            retention::report(&figures.retention, options.period, &options.zone, end, last)
        }),
    })
}

/// What retention counts, with its events as key ranks; an event no mapped event has is an
/// error naming some that are.
fn retention_context(
    options: &retention::Options,
    keys: &Keys,
    ranks: &[u32],
) -> Result<figures::Retention, AnalyzeError> {
    let ranks_of = |flag: &str, name: &Option<String>| -> Result<Option<Vec<bool>>, AnalyzeError> {
        let Some(name) = name else {
            return Ok(None);
        };
        let mut is = vec![false; ranks.len()];
        for (key, &rank) in keys.keys.iter().zip(ranks) {
            is[rank as usize] = &*key.event == name.as_str();
        }
        if is.contains(&true) {
            return Ok(Some(is));
        }
        let mut names: Vec<&str> = keys.keys.iter().map(|k| &*k.event).collect();
        names.sort_unstable();
        names.dedup();
        let shown: Vec<String> = names
            .iter()
            .take(10)
            .map(|n| format!("{:?}", one_line(n)))
            .collect();
        Err(AnalyzeError::Rules(format!(
            "{flag} {:?}: no event of that name is mapped to the journey (events no rule maps are \
             not read); mapped events are {}{}",
            one_line(name),
            shown.join(", "),
            if names.len() > 10 { ", …" } else { "" }
        )))
    };
    Ok(figures::Retention {
        period: options.period,
        zone: options.zone.clone(),
        cohort_event: ranks_of("--cohort-event", &options.cohort_event)?,
        return_event: ranks_of("--return-event", &options.return_event)?,
    })
}

/// How each customer's segment is found, if at all.
#[derive(Debug, Clone, Copy)]
enum Segmenting<'a> {
    /// No `--by`.
    Off,
    /// By the channel of the first event: the segment is its channel id.
    Channel,
    /// By a column: the segment is its value's rank, from these ranks of the values' ids.
    Column(&'a [u32]),
}

/// What `--by` measures: how each customer's segment is found, and the groups shown (`None`
/// without `--by`).
#[derive(Debug, Clone, Copy)]
struct Segmented<'a> {
    segmenting: Segmenting<'a>,
    grouping: Option<&'a Grouping>,
}

/// The ranks that replace records' `--by` value ids when sorted (none but by a column).
fn segment_ranks_of(segmenting: Segmenting<'_>) -> &[u32] {
    match segmenting {
        Segmenting::Column(ranks) => ranks,
        Segmenting::Off | Segmenting::Channel => &[],
    }
}

/// The segment key of a customer's events, sorted: the channel id or the value's rank of the
/// first; `None` without `--by`.
fn segment_key(segmenting: Segmenting, context: &Context, events: &[Record]) -> Option<u32> {
    match segmenting {
        Segmenting::Off => None,
        Segmenting::Channel => Some(context.channel_of[events[0].key as usize]),
        Segmenting::Column(_) => Some(events[0].segment),
    }
}

/// Everything the reading gathered.
struct Gathering {
    buckets: Vec<Buckets>,
    keys: Keys,
    segments: Values,
    bytes: u64,
    rows: u64,
    mapped: u64,
    skipped: u64,
    problems: Vec<RowProblem>,
    bad_values: u64,
    value_problems: Vec<RowProblem>,
    outside: u64,
    unmapped: Vec<Unmapped>,
    unmapped_rows: u64,
    first_event: Option<i64>,
    last_event: Option<i64>,
}

/// What one reading thread gathered.
struct Gathered {
    buckets: Buckets,
    rows: u64,
    mapped: u64,
    skipped: u64,
    problems: Vec<RowProblem>,
    bad_values: u64,
    value_problems: Vec<RowProblem>,
    outside: u64,
    unmapped: Vec<(Box<str>, u64)>,
    unmapped_rows: u64,
    first_event: Option<i64>,
    last_event: Option<i64>,
}

/// What the reading threads share.
struct Shared<'a> {
    format: Format,
    rules: &'a Rules,
    keys: Mutex<Keys>,
    /// The `--by` column's values.
    segments: Mutex<Values>,
    chunks: Mutex<Receiver<Chunk>>,
    spent: Sender<Vec<u8>>,
    stop: AtomicBool,
    rows: AtomicU64,
    /// Records in memory, all threads together.
    buffered: AtomicUsize,
    settings: &'a Settings,
}

/// Reads the input on this thread and parses it on `threads` others.
fn read_all<R: Read>(
    mut reader: Reader<R>,
    format: Format,
    rules: &Rules,
    settings: &Settings,
    threads: usize,
    on_progress: OnProgress,
) -> Result<Gathering, AnalyzeError> {
    let (chunk_tx, chunk_rx): (SyncSender<Chunk>, _) = mpsc::sync_channel(threads * 2);
    let (spent_tx, spent_rx) = mpsc::channel();
    let shared = Shared {
        format,
        rules,
        keys: Mutex::new(Keys::default()),
        segments: Mutex::new(Values::default()),
        chunks: Mutex::new(chunk_rx),
        spent: spent_tx,
        stop: AtomicBool::new(false),
        rows: AtomicU64::new(0),
        buffered: AtomicUsize::new(0),
        settings,
    };
    let (outcome, gathered) = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| gather(&shared)));
                    if !matches!(outcome, Ok(Ok(_))) {
                        // Stop the reader, and take what it still sends so it never waits.
                        shared.stop.store(true, Ordering::Relaxed);
                        while lock(&shared.chunks).recv().is_ok() {}
                    }
                    outcome
                })
            })
            .collect();
        let outcome = loop {
            let chunk = match reader.next_chunk(spent_rx.try_recv().ok()) {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            };
            if chunk_tx.send(chunk).is_err() || shared.stop.load(Ordering::Relaxed) {
                // A reading thread failed: its error is below.
                break Ok(());
            }
            let progress = Progress {
                bytes: reader.bytes_read(),
                rows: shared.rows.load(Ordering::Relaxed),
            };
            if on_progress(progress).is_break() {
                break Err(AnalyzeError::Cancelled);
            }
        };
        if outcome.is_err() {
            shared.stop.store(true, Ordering::Relaxed);
        }
        drop(chunk_tx);
        let gathered: Vec<_> = workers
            .into_iter()
            .map(|worker| match worker.join() {
                Ok(Ok(outcome)) => outcome,
                Ok(Err(panic)) | Err(panic) => panic::resume_unwind(panic),
            })
            .collect();
        (outcome, gathered)
    });
    outcome?;
    let mut read = Gathering {
        buckets: Vec::new(),
        keys: Keys::default(),
        segments: Values::default(),
        bytes: reader.bytes_read(),
        rows: 0,
        mapped: 0,
        skipped: 0,
        problems: Vec::new(),
        bad_values: 0,
        value_problems: Vec::new(),
        outside: 0,
        unmapped: Vec::new(),
        unmapped_rows: 0,
        first_event: None,
        last_event: None,
    };
    let mut unmapped = FastMap::<Box<str>, u64>::default();
    for thread in gathered {
        let thread = thread?;
        read.buckets.push(thread.buckets);
        read.rows += thread.rows;
        read.mapped += thread.mapped;
        read.skipped += thread.skipped;
        read.problems.extend(thread.problems);
        read.bad_values += thread.bad_values;
        read.outside += thread.outside;
        read.value_problems.extend(thread.value_problems);
        read.unmapped_rows += thread.unmapped_rows;
        for (name, rows) in thread.unmapped {
            *unmapped.entry(name).or_default() += rows;
        }
        read.first_event = min_some(read.first_event, thread.first_event, i64::min);
        read.last_event = min_some(read.last_event, thread.last_event, i64::max);
    }
    read.problems.sort_by_key(|p| p.line);
    read.problems.truncate(PROBLEMS);
    read.value_problems.sort_by_key(|p| p.line);
    read.value_problems.truncate(PROBLEMS);
    let mut unmapped: Vec<Unmapped> = unmapped
        .into_iter()
        .map(|(event, rows)| Unmapped {
            event: event.into(),
            rows,
        })
        .collect();
    unmapped.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.event.cmp(&b.event)));
    unmapped.truncate(UNMAPPED);
    read.unmapped = unmapped;
    read.keys = shared.keys.into_inner().unwrap_or_else(|e| e.into_inner());
    read.segments = shared
        .segments
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    Ok(read)
}

/// The one of two optional values `pick` prefers.
fn min_some(a: Option<i64>, b: Option<i64>, pick: fn(i64, i64) -> i64) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

/// A reading thread: parses chunks until there are no more, mapping rows to records.
fn gather(shared: &Shared) -> Result<Gathered, AnalyzeError> {
    let mut matcher = Matcher::new(shared.rules, &shared.keys);
    let mut interner = Interner::new(&shared.segments);
    let column = shared.settings.by.as_ref().and_then(By::column);
    let mut out = Gathered {
        buckets: Buckets::default(),
        rows: 0,
        mapped: 0,
        skipped: 0,
        problems: Vec::new(),
        bad_values: 0,
        value_problems: Vec::new(),
        outside: 0,
        unmapped: Vec::new(),
        unmapped_rows: 0,
        first_event: None,
        last_event: None,
    };
    let (mut first, mut last) = (i64::MAX, i64::MIN);
    loop {
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        let Ok(chunk) = lock(&shared.chunks).recv() else {
            break;
        };
        let (rows_before, mapped_before) = (out.rows, out.mapped);
        input::parse_chunk(shared.format, column, &chunk, |line, row| {
            out.rows += 1;
            match row {
                Ok(row) => {
                    let (since, until) = (shared.settings.since, shared.settings.until);
                    if since.is_some_and(|t| row.time < t) || until.is_some_and(|t| row.time >= t) {
                        out.outside += 1;
                        return;
                    }
                    if let Some(text) = row.bad_value {
                        out.bad_values += 1;
                        if out.value_problems.len() < PROBLEMS {
                            out.value_problems.push(RowProblem {
                                line,
                                reason: input::bad_value_reason(text),
                            });
                        }
                    }
                    let Some(key) = matcher.key(row.event, row.channel) else {
                        return;
                    };
                    let hash = twox_hash::XxHash3_128::oneshot(row.customer);
                    let segment = match (column, row.segment) {
                        (None, _) => 0,
                        (Some(_), value) => interner.id(value.unwrap_or_default()),
                    };
                    out.buckets.push(Record {
                        hi: (hash >> 64) as u64,
                        lo: hash as u64,
                        time: row.time,
                        value: row.value,
                        key,
                        transaction: row.transaction,
                        segment,
                    });
                    out.mapped += 1;
                    first = first.min(row.time);
                    last = last.max(row.time);
                }
                Err(problem) => {
                    out.skipped += 1;
                    if out.problems.len() < PROBLEMS {
                        out.problems.push(RowProblem {
                            line,
                            reason: problem.to_string(),
                        });
                    }
                }
            }
        });
        shared
            .rows
            .fetch_add(out.rows - rows_before, Ordering::Relaxed);
        // The reader may have stopped already; then the buffer is simply dropped.
        let _ = shared.spent.send(chunk.bytes);
        let added = (out.mapped - mapped_before) as usize;
        let buffered = shared.buffered.fetch_add(added, Ordering::Relaxed) + added;
        let mine = out.buckets.len();
        if buffered > shared.settings.spill_after && mine > 0 {
            out.buckets
                .spill(shared.settings.temp_dir.as_deref())
                .map_err(|source| spill_error(shared.settings, source))?;
            shared.buffered.fetch_sub(mine, Ordering::Relaxed);
        }
    }
    out.unmapped = std::mem::take(&mut matcher.unmapped);
    out.unmapped_rows = matcher.unmapped_rows;
    if out.mapped > 0 {
        (out.first_event, out.last_event) = (Some(first), Some(last));
    }
    Ok(out)
}

fn spill_error(settings: &Settings, source: std::io::Error) -> AnalyzeError {
    let path = match &settings.temp_dir {
        Some(dir) => dir.display().to_string(),
        None => std::env::temp_dir().display().to_string(),
    };
    AnalyzeError::Io {
        path: format!("{path} (temporary files for events past the memory budget)"),
        source,
    }
}

/// Figures of the whole and of each group of segments shown (`--by`), in group order.
type Measured = (Figures, Vec<Option<Figures>>);

/// The partitions' figures added up in partition order, `threads` measuring them at once.
/// `on_partition` is asked after each partition whether to go on.
fn measure(
    partitions: Partitions,
    context: &Context,
    ranks: &[u32],
    segmented: Segmented,
    threads: usize,
    settings: &Settings,
    on_partition: &(dyn Fn() -> ControlFlow<()> + Sync),
) -> Result<Measured, AnalyzeError> {
    /// Figures done, waiting for those of the partitions before them.
    struct Merge {
        total: Measured,
        next: usize,
        pending: Vec<Option<Measured>>,
    }
    let merge = Mutex::new(Merge {
        total: (
            Figures::new(context),
            vec![None; segmented.grouping.map_or(0, Grouping::len)],
        ),
        next: 0,
        pending: (0..PARTITIONS).map(|_| None).collect(),
    });
    let claimed = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let partitions = &partitions;
    let outcomes: Vec<Result<(), AnalyzeError>> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut scratch = Scratch::new(context);
                    loop {
                        let partition = claimed.fetch_add(1, Ordering::Relaxed);
                        if partition >= PARTITIONS || stop.load(Ordering::Relaxed) {
                            return Ok(());
                        }
                        let records = partitions.take(partition).map_err(|source| {
                            stop.store(true, Ordering::Relaxed);
                            spill_error(settings, source)
                        })?;
                        let figures =
                            measure_partition(records, context, ranks, segmented, &mut scratch);
                        let mut merge = lock(&merge);
                        merge.pending[partition] = Some(figures);
                        loop {
                            let next = merge.next;
                            let Some(figures) = merge.pending.get_mut(next).and_then(Option::take)
                            else {
                                break;
                            };
                            let (whole, by_group) = figures;
                            merge.total.0.merge(whole);
                            for (sum, figures) in merge.total.1.iter_mut().zip(by_group) {
                                match (sum, figures) {
                                    (Some(sum), Some(figures)) => sum.merge(figures),
                                    (sum, figures @ Some(_)) => *sum = figures,
                                    (_, None) => {}
                                }
                            }
                            merge.next += 1;
                        }
                        drop(merge);
                        if on_partition().is_break() {
                            stop.store(true, Ordering::Relaxed);
                            return Err(AnalyzeError::Cancelled);
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| panic::resume_unwind(panic))
            })
            .collect()
    });
    for outcome in outcomes {
        outcome?;
    }
    Ok(merge.into_inner().unwrap_or_else(|e| e.into_inner()).total)
}

/// One partition's figures, whole and by group: its records put in each customer's order,
/// customer by customer, each customer in the group of the segment of their first event.
fn measure_partition(
    records: Vec<Record>,
    context: &Context,
    ranks: &[u32],
    segmented: Segmented,
    scratch: &mut Scratch,
) -> Measured {
    let Segmented {
        segmenting,
        grouping,
    } = segmented;
    let mut figures = Figures::new(context);
    let mut by_group: Vec<Option<Figures>> = vec![None; grouping.map_or(0, Grouping::len)];
    let customers = sorted(records, ranks, segment_ranks_of(segmenting));
    for events in customers.chunk_by(|a, b| (a.hi, a.lo) == (b.hi, b.lo)) {
        figures.add_customer(context, scratch, events);
        let (Some(grouping), Some(key)) = (grouping, segment_key(segmenting, context, events))
        else {
            continue;
        };
        by_group[grouping.group(key)]
            .get_or_insert_with(|| Figures::of_segment(context))
            .add_customer(context, scratch, events);
    }
    (figures, by_group)
}

/// A partition's records in customer order (by hash), each customer's in the order of
/// docs/analytics.md: time, then stage, channel and event name (the key's rank, which replaces
/// the key), then value, then the `--by` value (its rank from `segment_ranks`, which replaces
/// it, when there are ranks).
/// A counting sort on the hash bits below the partition's spreads the records over buckets of
/// about one customer each, which are then sorted in full.
fn sorted(records: Vec<Record>, ranks: &[u32], segment_ranks: &[u32]) -> Vec<Record> {
    let bits = (records.len() / 8).max(1).ilog2().clamp(4, 16);
    let bucket = |r: &Record| ((r.hi >> (56 - bits)) & ((1 << bits) - 1)) as usize;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for record in &records {
        starts[bucket(record) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut out = records.clone();
    for mut record in records {
        record.key = ranks[record.key as usize];
        if !segment_ranks.is_empty() {
            record.segment = segment_ranks[record.segment as usize];
        }
        let at = &mut next[bucket(&record)];
        out[*at] = record;
        *at += 1;
    }
    for window in starts.windows(2) {
        out[window[0]..window[1]].sort_unstable_by(|a, b| {
            (a.hi, a.lo, a.time, a.key)
                .cmp(&(b.hi, b.lo, b.time, b.key))
                .then(a.value.total_cmp(&b.value))
                .then(a.segment.cmp(&b.segment))
        });
    }
    out
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
