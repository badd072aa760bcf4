//! `--by`'s two passes: the first counts each segment's customers (every partition read as a
//! copy), which decides the groups shown (`segments::groups`: the top N and `(other)`); the
//! second measures each group's customers beside everyone's, so memory and time depend on the
//! groups shown, not on how many values the column has.

use std::io;
use std::ops::ControlFlow;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use super::figures::Figures;
use super::matching::FastMap;
use super::segments;
use super::spill::{PARTITIONS, Partitions, Record};
use super::{AnalyzeError, Segment};

/// Customers per segment key over all partitions, `threads` at once: `keys_of` gives the key of
/// each customer of one partition's records. `on_io` names a spill file's failure; `go_on` is
/// asked after each partition whether to go on.
pub fn count(
    partitions: &Partitions,
    threads: usize,
    keys_of: &(dyn Fn(Vec<Record>) -> Vec<u32> + Sync),
    on_io: &(dyn Fn(io::Error) -> AnalyzeError + Sync),
    go_on: &(dyn Fn() -> ControlFlow<()> + Sync),
) -> Result<FastMap<u32, u64>, AnalyzeError> {
    let claimed = AtomicUsize::new(0);
    let total = Mutex::new(FastMap::<u32, u64>::default());
    let outcomes: Vec<Result<(), AnalyzeError>> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = FastMap::<u32, u64>::default();
                    loop {
                        let partition = claimed.fetch_add(1, Ordering::Relaxed);
                        if partition >= PARTITIONS {
                            break;
                        }
                        let records = partitions.copy(partition).map_err(on_io)?;
                        for key in keys_of(records) {
                            *mine.entry(key).or_default() += 1;
                        }
                        if go_on().is_break() {
                            claimed.store(PARTITIONS, Ordering::Relaxed);
                            return Err(AnalyzeError::Cancelled);
                        }
                    }
                    let mut total = total.lock().unwrap_or_else(|e| e.into_inner());
                    for (key, customers) in mine {
                        *total.entry(key).or_default() += customers;
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    for outcome in outcomes {
        outcome?;
    }
    Ok(total.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// The groups shown and which group each segment key is in.
#[derive(Debug)]
pub struct Grouping {
    group_of: FastMap<u32, usize>,
    labels: Vec<String>,
}

impl Grouping {
    /// The groups of keys with these `customers`, `names` naming each key, `top` shown.
    pub fn new(customers: &FastMap<u32, u64>, names: &[&str], top: usize) -> Self {
        let mut keys: Vec<u32> = customers.keys().copied().collect();
        keys.sort_by(|&a, &b| names[a as usize].cmp(names[b as usize]));
        let counts: Vec<u64> = keys.iter().map(|k| customers[k]).collect();
        let key_names: Vec<&str> = keys.iter().map(|&k| names[k as usize]).collect();
        let (group_of, labels) = segments::groups(&counts, &key_names, top);
        Self {
            group_of: keys.into_iter().zip(group_of).collect(),
            labels,
        }
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// The group of the segment `key`: every key the first pass met has one.
    pub fn group(&self, key: u32) -> usize {
        self.group_of[&key]
    }

    /// The groups' reports, from each group's figures (in group order).
    pub fn report(
        self,
        figures: Vec<Option<Figures>>,
        stages: &[(String, String)],
        channels: &[Box<str>],
    ) -> Vec<Segment> {
        self.labels
            .into_iter()
            .zip(figures)
            .filter_map(|(label, figures)| Some(figures?.into_segment(label, stages, channels)))
            .collect()
    }
}
