//! Paths (docs/analytics.md §4, `--paths`): the ways customers take to their first conversion.
//! Each customer's stages and channels before it, a stage or channel repeated back to back
//! counted once; the most common of those paths with their conversion rates; the steps from
//! stage to stage (the flows) and where customers leave without converting; loops and moves
//! backwards.

use super::figures::Context;
use super::matching::FastMap;
use super::spill::Record;

/// How many paths a report lists unless told.
pub const DEFAULT_TOP: usize = 10;
/// The steps a path keeps; a longer path ends in [`MORE`].
pub const MAX_STEPS: usize = 20;
/// Between the steps of a path's text.
pub const SEPARATOR: &str = " > ";
/// The last step of a path cut at [`MAX_STEPS`].
pub const MORE: &str = "…";
/// The path of a customer whose first mapped event is a conversion.
pub const CONVERSION_FIRST: &str = "(conversion first)";

/// A step past [`MAX_STEPS`] in a path's key.
const CUT: u32 = u32::MAX;

/// One path and its customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFigures {
    /// The steps' names joined by [`SEPARATOR`].
    pub path: String,
    /// Customers who took it.
    pub customers: u64,
    /// Those of them who converted at its end.
    pub converted: u64,
}

/// Customers stepping from one stage to another (or leaving).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// The stage stepped from.
    pub from: String,
    /// Its position in the journey.
    pub from_stage: usize,
    /// The stage stepped to; `None`: the customer's last stage, where they left without
    /// converting.
    pub to: Option<String>,
    /// Its position in the journey.
    pub to_stage: Option<usize>,
    /// Customers who made the step (each once, however often).
    pub customers: u64,
}

impl Flow {
    /// Whether the step goes to a stage earlier in the journey.
    pub fn is_backward(&self) -> bool {
        self.to_stage.is_some_and(|to| to < self.from_stage)
    }
}

/// Customers whose last event before leaving was in a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaving {
    /// The channel, `(none)` for events without one.
    pub channel: String,
    /// Customers who left after it without converting.
    pub customers: u64,
}

/// The paths report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paths {
    /// Customers with a mapped event.
    pub customers: u64,
    /// How many paths the report lists at most.
    pub top: usize,
    /// The most common stage paths, most customers first, ties by the path.
    pub stage_paths: Vec<PathFigures>,
    /// How many different stage paths there are.
    pub distinct_stage_paths: u64,
    /// The most common channel paths, in the same order.
    pub channel_paths: Vec<PathFigures>,
    /// How many different channel paths there are.
    pub distinct_channel_paths: u64,
    /// Every step taken, by the journey's order of the stage stepped from, then of the stage
    /// stepped to, leaving last.
    pub flows: Vec<Flow>,
    /// The channels customers left after, most customers first, ties by the channel.
    pub leaving_channels: Vec<Leaving>,
    /// Customers who came back to a stage they had left.
    pub looped: u64,
    /// Customers who stepped back to an earlier stage.
    pub backward: u64,
}

impl Paths {
    /// The customers who left from each stage, in journey order: (stage, customers).
    pub fn leaving_stages(&self) -> impl Iterator<Item = (&str, u64)> {
        self.flows
            .iter()
            .filter(|f| f.to.is_none())
            .map(|f| (f.from.as_str(), f.customers))
    }

    /// The customers who left without converting.
    pub fn leaving(&self) -> u64 {
        self.leaving_stages().map(|(_, n)| n).sum()
    }

    /// The `n` channels most customers left after, each with its share of those who left.
    pub fn top_leaving_channels(&self, n: usize) -> impl Iterator<Item = (&str, f64)> {
        let leaving = self.leaving().max(1) as f64;
        self.leaving_channels
            .iter()
            .take(n)
            .map(move |l| (l.channel.as_str(), l.customers as f64 / leaving))
    }
}

/// Working space reused from customer to customer.
#[derive(Debug, Default)]
pub struct Steps {
    stages: Vec<u32>,
    channels: Vec<u32>,
    flows: Vec<(u32, u32)>,
    /// For each stage, the last customer (by number) seen in it.
    seen: Vec<u64>,
    customer: u64,
}

/// The paths of some customers, to be added to those of others.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    customers: u64,
    /// Path → [customers, converted].
    stage_paths: FastMap<Box<[u32]>, [u64; 2]>,
    channel_paths: FastMap<Box<[u32]>, [u64; 2]>,
    /// Customers per step, `from * (stages + 1) + to`, `to == stages` for leaving.
    flows: Vec<u64>,
    leaving_channels: Vec<u64>,
    looped: u64,
    backward: u64,
}

impl Counts {
    /// No customers yet.
    pub fn new(context: &Context) -> Self {
        Self {
            customers: 0,
            stage_paths: FastMap::default(),
            channel_paths: FastMap::default(),
            flows: vec![0; context.stages * (context.stages + 1)],
            leaving_channels: vec![0; context.channels.len()],
            looped: 0,
            backward: 0,
        }
    }

    /// Adds one customer's events, in order, their first conversion at `conversion`.
    pub fn add(
        &mut self,
        context: &Context,
        steps: &mut Steps,
        events: &[Record],
        conversion: Option<usize>,
    ) {
        self.customers += 1;
        let converted = conversion.is_some();
        let before = &events[..conversion.unwrap_or(events.len())];
        let stage = |e: &Record| context.stage_of[e.key as usize] as u32;
        let channel = |e: &Record| context.channel_of[e.key as usize];

        steps.stages.clear();
        steps.stages.extend(collapsed(before.iter().map(stage)));
        count_path(&mut self.stage_paths, &steps.stages, converted);

        let none = context.none;
        let all_none = before.iter().all(|e| Some(channel(e)) == none);
        let keep = |c: &u32| context.credit_direct || all_none || Some(*c) != none;
        steps.channels.clear();
        steps
            .channels
            .extend(collapsed(before.iter().map(channel).filter(keep)));
        count_path(&mut self.channel_paths, &steps.channels, converted);

        // The flows: each step once, the conversion as the last one, else leaving.
        let stages = context.stages as u32;
        let full = &mut steps.stages;
        match conversion {
            Some(_) => full.push(context.conversion as u32),
            None => {
                if let Some(last) = before.last() {
                    self.leaving_channels[channel(last) as usize] += 1;
                }
            }
        }
        steps.flows.clear();
        steps.flows.extend(full.windows(2).map(|w| (w[0], w[1])));
        if let (false, Some(&last)) = (converted, full.last()) {
            steps.flows.push((last, stages));
        }
        steps.flows.sort_unstable();
        steps.flows.dedup();
        for &(from, to) in &steps.flows {
            self.flows[(from * (stages + 1) + to) as usize] += 1;
        }
        if steps.flows.iter().any(|&(from, to)| to < from) {
            self.backward += 1;
        }
        steps.customer += 1;
        steps.seen.resize(context.stages, 0);
        let mut looped = false;
        for &stage in &steps.stages {
            let seen = &mut steps.seen[stage as usize];
            looped |= *seen == steps.customer;
            *seen = steps.customer;
        }
        self.looped += u64::from(looped);
    }

    /// Adds another set of customers' paths to these.
    pub fn merge(&mut self, other: Counts) {
        self.customers += other.customers;
        for (mine, theirs) in [
            (&mut self.stage_paths, other.stage_paths),
            (&mut self.channel_paths, other.channel_paths),
        ] {
            for (path, [customers, converted]) in theirs {
                let sum = mine.entry(path).or_default();
                sum[0] += customers;
                sum[1] += converted;
            }
        }
        for (mine, theirs) in [
            (&mut self.flows, other.flows),
            (&mut self.leaving_channels, other.leaving_channels),
        ] {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        self.looped += other.looped;
        self.backward += other.backward;
    }

    /// The report: the `top` most common paths of each kind, `stages` naming the stages in
    /// journey order and `channels` the channels by id.
    pub fn report(self, top: usize, stages: &[&str], channels: &[Box<str>]) -> Paths {
        let (stage_paths, distinct_stage_paths) =
            ranked(self.stage_paths, top, |step| stages[step as usize]);
        let (channel_paths, distinct_channel_paths) =
            ranked(self.channel_paths, top, |step| &*channels[step as usize]);
        let width = stages.len() + 1;
        let flows = self
            .flows
            .iter()
            .enumerate()
            .filter(|&(_, &customers)| customers > 0)
            .map(|(at, &customers)| {
                let (from, to) = (at / width, at % width);
                let to = (to < stages.len()).then_some(to);
                Flow {
                    from: stages[from].to_string(),
                    from_stage: from,
                    to: to.map(|to| stages[to].to_string()),
                    to_stage: to,
                    customers,
                }
            })
            .collect();
        let mut leaving_channels: Vec<Leaving> = channels
            .iter()
            .zip(self.leaving_channels)
            .filter(|&(_, customers)| customers > 0)
            .map(|(channel, customers)| Leaving {
                channel: channel.to_string(),
                customers,
            })
            .collect();
        leaving_channels.sort_by(|a, b| {
            b.customers
                .cmp(&a.customers)
                .then_with(|| a.channel.cmp(&b.channel))
        });
        Paths {
            customers: self.customers,
            top,
            stage_paths,
            distinct_stage_paths,
            channel_paths,
            distinct_channel_paths,
            flows,
            leaving_channels,
            looped: self.looped,
            backward: self.backward,
        }
    }
}

/// The steps, each repeated back to back once.
fn collapsed(steps: impl Iterator<Item = u32>) -> impl Iterator<Item = u32> {
    let mut last = None;
    steps.filter(move |&step| last.replace(step) != Some(step))
}

/// Counts a customer on `path`, cut at [`MAX_STEPS`].
fn count_path(paths: &mut FastMap<Box<[u32]>, [u64; 2]>, path: &[u32], converted: bool) {
    let add = |sum: &mut [u64; 2]| {
        sum[0] += 1;
        sum[1] += u64::from(converted);
    };
    if path.len() > MAX_STEPS {
        let mut cut = path[..MAX_STEPS].to_vec();
        cut.push(CUT);
        add(paths.entry(cut.into_boxed_slice()).or_default());
    } else if let Some(sum) = paths.get_mut(path) {
        add(sum);
    } else {
        add(paths.entry(path.into()).or_default());
    }
}

/// The paths as text, those of the same text added up (two stages may share a name), the
/// `top` most common first (ties by the text, byte by byte), and how many texts there are.
fn ranked<'n>(
    paths: FastMap<Box<[u32]>, [u64; 2]>,
    top: usize,
    name: impl Fn(u32) -> &'n str,
) -> (Vec<PathFigures>, u64) {
    let mut by_text: FastMap<String, [u64; 2]> = FastMap::default();
    for (path, [customers, converted]) in paths {
        let text = if path.is_empty() {
            CONVERSION_FIRST.to_string()
        } else {
            let names: Vec<&str> = path
                .iter()
                .map(|&step| if step == CUT { MORE } else { name(step) })
                .collect();
            names.join(SEPARATOR)
        };
        let sum = by_text.entry(text).or_default();
        sum[0] += customers;
        sum[1] += converted;
    }
    let distinct = by_text.len() as u64;
    let mut rows: Vec<PathFigures> = by_text
        .into_iter()
        .map(|(path, [customers, converted])| PathFigures {
            path,
            customers,
            converted,
        })
        .collect();
    let order =
        |a: &PathFigures, b: &PathFigures| b.customers.cmp(&a.customers).then(a.path.cmp(&b.path));
    // The top first, in linear time: most paths are rare, and sorting them all by their text
    // cost more than the rest of the analysis on a file of 450,000 different paths.
    if rows.len() > top {
        rows.select_nth_unstable_by(top, order);
        rows.truncate(top);
    }
    rows.sort_unstable_by(order);
    (rows, distinct)
}
