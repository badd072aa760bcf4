//! The figures of docs/analytics.md section 3, customer by customer: the funnel, the time
//! between stages, channel reach, the five heuristic attribution models and the Markov
//! transition counts; added up partition by partition and turned into the report's parts.

use std::collections::BTreeMap;

use super::markov::{self, CONVERSION, NULL, START};
use super::matching::{FastMap, Keys};
use super::paths;
use super::retention::{self, Period};
use super::rules::NO_CHANNEL;
use super::spill::Record;
use super::zone::Zone;
use super::{Attribution, ChannelFigures, Model, Segment, StageFigures};

/// The models credit is split by event for, in the order of the credit arrays.
const HEURISTICS: [Model; 5] = [
    Model::FirstTouch,
    Model::LastTouch,
    Model::Linear,
    Model::PositionBased,
    Model::TimeDecay,
];

const MS_PER_HOUR: f64 = 3_600_000.0;
const MS_PER_DAY: f64 = 86_400_000.0;

/// What the figures need to know about the journey and the events' keys.
#[derive(Debug)]
pub struct Context {
    /// The number of stages.
    pub stages: usize,
    /// The conversion stage's position.
    pub conversion: usize,
    /// The channels' names, by id.
    pub channels: Vec<Box<str>>,
    /// The stage of each key rank.
    pub stage_of: Vec<usize>,
    /// The channel id of each key rank.
    pub channel_of: Vec<u32>,
    /// The half-life of the time-decay model, in milliseconds.
    pub half_life_ms: f64,
    /// The id of the channel `(none)`, if any event has it.
    pub none: Option<u32>,
    /// Whether `(none)` touches are credited like any other channel's.
    pub credit_direct: bool,
    /// The lookback window: events longer before a conversion are not its touches.
    pub lookback_ms: i64,
    /// `--retention`: what it counts.
    pub retention: Option<Retention>,
    /// `--paths`: whether customers' paths are counted.
    pub paths: bool,
}

/// What retention counts, by key rank.
#[derive(Debug)]
pub struct Retention {
    /// The period.
    pub period: Period,
    /// The zone the period's days are counted in.
    pub zone: Zone,
    /// Whether each key rank is the cohort event; `None`: the first conversion.
    pub cohort_event: Option<Vec<bool>>,
    /// Whether each key rank is the return event; `None`: a conversion.
    pub return_event: Option<Vec<bool>>,
}

impl Context {
    /// The context of `keys` (their ranks from [`Keys::ranks`]).
    pub fn new(
        stages: usize,
        conversion: usize,
        keys: &Keys,
        ranks: &[u32],
        half_life_days: f64,
        credit_direct: bool,
        lookback_ms: i64,
    ) -> Self {
        let mut stage_of = vec![0; keys.keys.len()];
        let mut channel_of = vec![0; keys.keys.len()];
        for (key, &rank) in keys.keys.iter().zip(ranks) {
            stage_of[rank as usize] = key.stage;
            channel_of[rank as usize] = key.channel;
        }
        Self {
            stages,
            conversion,
            channels: keys.channels.clone(),
            stage_of,
            channel_of,
            half_life_ms: half_life_days * MS_PER_DAY,
            none: keys
                .channels
                .iter()
                .position(|c| &**c == NO_CHANNEL)
                .map(|c| c as u32),
            credit_direct,
            lookback_ms,
            retention: None,
            paths: false,
        }
    }
}

/// Working space reused from customer to customer.
#[derive(Debug)]
pub struct Scratch {
    first: Vec<usize>,
    /// For each channel, the last customer (by number) counted as reaching it.
    reached: Vec<u64>,
    /// The same for channels on a conversion's path, by the path's number.
    on_path: Vec<u64>,
    customer: u64,
    path: u64,
    weights: Vec<f64>,
    /// The touches of the customer's path: positions in their events.
    touches: Vec<usize>,
    /// The times of the customer's conversions (for retention).
    conversion_times: Vec<i64>,
    /// The times the customer returns at (for retention).
    return_times: Vec<i64>,
    /// The transaction ids of the customer's conversions so far.
    seen: std::collections::HashSet<u64>,
    /// Which of the customer's events repeat an earlier conversion's transaction id.
    repeated: Vec<bool>,
    /// The customer's paths being worked out.
    steps: paths::Steps,
}

impl Scratch {
    /// Space for `context`.
    pub fn new(context: &Context) -> Self {
        Self {
            first: vec![usize::MAX; context.stages],
            reached: vec![0; context.channels.len()],
            on_path: vec![0; context.channels.len()],
            customer: 0,
            path: 0,
            weights: Vec::new(),
            touches: Vec::new(),
            conversion_times: Vec::new(),
            return_times: Vec::new(),
            seen: std::collections::HashSet::new(),
            repeated: Vec::new(),
            steps: paths::Steps::default(),
        }
    }
}

/// The figures of some customers, to be added to those of others.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Customers with at least one mapped event.
    pub customers: u64,
    /// Customers who converted.
    pub conversions: u64,
    /// The earliest and latest event of these customers (`i64::MAX`, `i64::MIN` for none).
    pub first_event: i64,
    /// See `first_event`.
    pub last_event: i64,
    reached: Vec<u64>,
    converted: Vec<u64>,
    /// Milliseconds from each stage's first event to the next stage's, of converted customers.
    durations: Vec<Vec<i64>>,
    /// Milliseconds from each converted customer's first mapped event to their first
    /// conversion.
    to_convert: Vec<i64>,
    channel_reached: Vec<u64>,
    channel_conversions: Vec<u64>,
    credit: Vec<[f64; 5]>,
    value_credit: Vec<[f64; 5]>,
    /// Conversions with a value, and those values added up.
    valued: u64,
    total_value: f64,
    transitions: FastMap<u64, u64>,
    /// What retention counts (`--retention`).
    pub retention: retention::Counts,
    /// The customers' paths (`--paths`), counted for everyone, not for segments.
    pub paths: Option<paths::Counts>,
}

impl Figures {
    /// No customers yet; their paths counted when the context asks for them.
    pub fn new(context: &Context) -> Self {
        Self {
            paths: context.paths.then(|| paths::Counts::new(context)),
            ..Self::of_segment(context)
        }
    }

    /// No customers of a segment yet: their paths are not counted.
    pub fn of_segment(context: &Context) -> Self {
        let channels = context.channels.len();
        Self {
            customers: 0,
            conversions: 0,
            first_event: i64::MAX,
            last_event: i64::MIN,
            reached: vec![0; context.stages],
            converted: vec![0; context.stages],
            durations: vec![Vec::new(); context.stages],
            to_convert: Vec::new(),
            channel_reached: vec![0; channels],
            channel_conversions: vec![0; channels],
            credit: vec![[0.0; 5]; channels],
            value_credit: vec![[0.0; 5]; channels],
            valued: 0,
            total_value: 0.0,
            transitions: FastMap::default(),
            retention: retention::Counts::default(),
            paths: None,
        }
    }

    /// Adds one customer's events, in order, their keys turned to ranks.
    pub fn add_customer(&mut self, context: &Context, scratch: &mut Scratch, events: &[Record]) {
        self.customers += 1;
        if let (Some(first), Some(last)) = (events.first(), events.last()) {
            self.first_event = self.first_event.min(first.time);
            self.last_event = self.last_event.max(last.time);
        }
        scratch.customer += 1;
        let customer = scratch.customer;
        scratch.first.fill(usize::MAX);
        scratch.conversion_times.clear();
        for (at, event) in events.iter().enumerate() {
            let rank = event.key as usize;
            let first = &mut scratch.first[context.stage_of[rank]];
            if *first == usize::MAX {
                *first = at;
            }
            let channel = context.channel_of[rank] as usize;
            if scratch.reached[channel] != customer {
                scratch.reached[channel] = customer;
                self.channel_reached[channel] += 1;
            }
        }
        for stage in 0..context.stages {
            let first = scratch.first[stage];
            if first == usize::MAX {
                continue;
            }
            self.reached[stage] += 1;
            match scratch.first.get(stage + 1) {
                Some(&next) if next != usize::MAX && events[next].time >= events[first].time => {
                    self.converted[stage] += 1;
                    self.durations[stage].push(events[next].time - events[first].time);
                }
                _ => {}
            }
        }
        let conversion = scratch.first[context.conversion];
        if conversion != usize::MAX {
            self.to_convert
                .push(events[conversion].time - events[0].time);
        }
        if conversion == usize::MAX {
            touches(context, events, None, &[], &mut scratch.touches);
            self.count_chain(context, events, &scratch.touches, NULL);
        } else {
            // Every event in the conversion stage is a conversion, its path the events since
            // the previous one.
            // A conversion whose transaction_id an earlier one of the customer had is the same
            // conversion again: neither a conversion nor a touch.
            scratch.seen.clear();
            scratch.repeated.clear();
            scratch.repeated.resize(events.len(), false);
            for (at, event) in events.iter().enumerate().skip(conversion) {
                if context.stage_of[event.key as usize] == context.conversion
                    && event.transaction != 0
                    && !scratch.seen.insert(event.transaction)
                {
                    scratch.repeated[at] = true;
                }
            }
            let mut start = 0;
            for at in conversion..events.len() {
                if context.stage_of[events[at].key as usize] != context.conversion
                    || scratch.repeated[at]
                {
                    continue;
                }
                let path = &events[start..=at];
                self.conversions += 1;
                scratch.conversion_times.push(events[at].time);
                scratch.path += 1;
                touches(
                    context,
                    path,
                    Some(path.len() - 1),
                    &scratch.repeated[start..=at],
                    &mut scratch.touches,
                );
                self.count_chain(context, path, &scratch.touches, CONVERSION);
                self.credit_path(context, scratch, path);
                start = at + 1;
            }
        }
        if let Some(retention) = &context.retention {
            self.count_retention(retention, scratch, events);
        }
        if let Some(paths) = &mut self.paths {
            paths.add(
                context,
                &mut scratch.steps,
                events,
                (conversion != usize::MAX).then_some(conversion),
            );
        }
    }

    /// Adds the customer to retention's counts: their cohort's time (the first cohort event,
    /// else the first conversion) and the times they return at (return events, else
    /// conversions) from then on; their conversions to the repeat-purchase rate.
    fn count_retention(&mut self, retention: &Retention, scratch: &mut Scratch, events: &[Record]) {
        let conversions = &scratch.conversion_times;
        self.retention.add_repeats(conversions.len());
        fn of<'e>(events: &'e [Record], is: &'e [bool]) -> impl Iterator<Item = i64> + 'e {
            events
                .iter()
                .filter(move |e| is[e.key as usize])
                .map(|e| e.time)
        }
        let cohort = match &retention.cohort_event {
            Some(is) => of(events, is).next(),
            None => conversions.first().copied(),
        };
        let Some(cohort) = cohort else {
            return;
        };
        scratch.return_times.clear();
        match &retention.return_event {
            Some(is) => scratch
                .return_times
                .extend(of(events, is).filter(|&t| t >= cohort)),
            None => scratch
                .return_times
                .extend(conversions.iter().filter(|&&t| t >= cohort)),
        }
        self.retention.add_customer(
            retention.period,
            &retention.zone,
            cohort,
            &scratch.return_times,
        );
    }

    /// Counts the Markov transitions of the `touches` of `events`, channels repeated back to
    /// back counted once, ending in `end`.
    fn count_chain(&mut self, context: &Context, events: &[Record], touches: &[usize], end: u32) {
        let mut from = START;
        for &at in touches {
            let state = markov::channel_state(context.channel_of[events[at].key as usize]);
            if state != from {
                *self
                    .transitions
                    .entry(markov::transition(from, state))
                    .or_default() += 1;
                from = state;
            }
        }
        *self
            .transitions
            .entry(markov::transition(from, end))
            .or_default() += 1;
    }

    /// Splits one conversion's credit (and value) over the touches of its path by each
    /// heuristic model; `scratch.touches` holds them.
    fn credit_path(&mut self, context: &Context, scratch: &mut Scratch, path: &[Record]) {
        let path_number = scratch.path;
        let n = scratch.touches.len();
        let last = n - 1;
        let conversion = &path[path.len() - 1];
        let converted_at = conversion.time;
        scratch.weights.clear();
        scratch.weights.extend(
            scratch.touches.iter().map(|&at| {
                (-((converted_at - path[at].time) as f64) / context.half_life_ms).exp2()
            }),
        );
        let total_weight: f64 = scratch.weights.iter().sum();
        let value = conversion.value;
        let valued = value.is_finite();
        if valued {
            self.valued += 1;
            self.total_value += value;
        }
        for (i, &at) in scratch.touches.iter().enumerate() {
            let channel = context.channel_of[path[at].key as usize] as usize;
            if scratch.on_path[channel] != path_number {
                scratch.on_path[channel] = path_number;
                self.channel_conversions[channel] += 1;
            }
            let position = match n {
                1 => 1.0,
                2 => 0.5,
                _ if i == 0 || i == last => 0.4,
                _ => 0.2 / (n - 2) as f64,
            };
            let shares = [
                f64::from(u8::from(i == 0)),
                f64::from(u8::from(i == last)),
                1.0 / n as f64,
                position,
                scratch.weights[i] / total_weight,
            ];
            let credit = &mut self.credit[channel];
            for (sum, share) in credit.iter_mut().zip(shares) {
                *sum += share;
            }
            if valued {
                let credit = &mut self.value_credit[channel];
                for (sum, share) in credit.iter_mut().zip(shares) {
                    *sum += value * share;
                }
            }
        }
    }

    /// Adds another set of customers' figures to these.
    pub fn merge(&mut self, other: Figures) {
        self.customers += other.customers;
        self.conversions += other.conversions;
        self.first_event = self.first_event.min(other.first_event);
        self.last_event = self.last_event.max(other.last_event);
        add(&mut self.reached, &other.reached);
        add(&mut self.converted, &other.converted);
        for (mine, theirs) in self.durations.iter_mut().zip(other.durations) {
            mine.extend(theirs);
        }
        self.to_convert.extend(other.to_convert);
        add(&mut self.channel_reached, &other.channel_reached);
        add(&mut self.channel_conversions, &other.channel_conversions);
        for (mine, theirs) in self.credit.iter_mut().zip(&other.credit) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        for (mine, theirs) in self.value_credit.iter_mut().zip(&other.value_credit) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        self.valued += other.valued;
        self.total_value += other.total_value;
        for (key, n) in other.transitions {
            *self.transitions.entry(key).or_default() += n;
        }
        self.retention.merge(other.retention);
        match (&mut self.paths, other.paths) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
    }

    /// These customers' report as the segment `name`; `stages` gives each stage's (name, id),
    /// `channels` each channel's name by id.
    pub fn into_segment(
        mut self,
        name: String,
        stages: &[(String, String)],
        channels: &[Box<str>],
    ) -> Segment {
        let (attribution, attribution_value) = self.attribution(channels);
        let span = (self.customers > 0).then_some((self.first_event, self.last_event));
        Segment {
            segment: name,
            customers: self.customers,
            conversions: self.conversions,
            first_event: span.map(|s| s.0),
            last_event: span.map(|s| s.1),
            stages: self.stages(stages),
            channels: self.channels(channels),
            attribution,
            attribution_value,
        }
    }

    /// Each converted customer's hours from their first mapped event to their first conversion,
    /// shortest first.
    pub fn hours_to_convert(&mut self) -> Vec<f64> {
        self.to_convert.sort_unstable();
        self.to_convert
            .iter()
            .map(|ms| *ms as f64 / MS_PER_HOUR)
            .collect()
    }

    /// Each stage's figures, `names` giving each stage's (name, id).
    pub fn stages(&mut self, names: &[(String, String)]) -> Vec<StageFigures> {
        let last = names.len().saturating_sub(1);
        names
            .iter()
            .enumerate()
            .map(|(stage, (name, id))| {
                let durations = &mut self.durations[stage];
                durations.sort_unstable();
                let (converted, dropped) = if stage == last {
                    (None, None)
                } else {
                    let converted = self.converted[stage];
                    (Some(converted), Some(self.reached[stage] - converted))
                };
                StageFigures {
                    stage: name.clone(),
                    stage_id: id.clone(),
                    reached: self.reached[stage],
                    converted,
                    dropped,
                    median_hours: quantile(durations, 0.5).map(|ms| ms / MS_PER_HOUR),
                    p90_hours: quantile(durations, 0.9).map(|ms| ms / MS_PER_HOUR),
                }
            })
            .collect()
    }

    /// Each channel's reach and conversions, most customers reached first, then by name.
    pub fn channels(&self, names: &[Box<str>]) -> Vec<ChannelFigures> {
        let mut channels: Vec<ChannelFigures> = names
            .iter()
            .zip(self.channel_reached.iter().zip(&self.channel_conversions))
            .filter(|(_, (reached, _))| **reached > 0)
            .map(|(name, (&reached, &conversions))| ChannelFigures {
                channel: name.to_string(),
                reached,
                conversions,
            })
            .collect();
        channels.sort_by(|a, b| b.reached.cmp(&a.reached).then(a.channel.cmp(&b.channel)));
        channels
    }

    /// Each model's shares per channel, and the split of the conversions' values (empty when
    /// no conversion has one). Both are empty without conversions.
    pub fn attribution(&self, names: &[Box<str>]) -> (Attribution, Attribution) {
        let mut shares = Attribution::new();
        let mut values = Attribution::new();
        if self.conversions == 0 {
            return (shares, values);
        }
        let conversions = self.conversions as f64;
        for (m, model) in HEURISTICS.into_iter().enumerate() {
            let credited = || {
                names
                    .iter()
                    .enumerate()
                    .filter(|&(channel, _)| self.credit[channel][m] > 0.0)
            };
            shares.insert(
                model,
                credited()
                    .map(|(c, name)| (name.to_string(), self.credit[c][m] / conversions))
                    .collect(),
            );
            if self.valued > 0 {
                values.insert(
                    model,
                    credited()
                        .map(|(c, name)| (name.to_string(), self.value_credit[c][m]))
                        .collect(),
                );
            }
        }
        if let Some(markov) = markov::removal_shares(&self.transitions, names) {
            let by_name = |scale: f64| -> BTreeMap<String, f64> {
                markov
                    .iter()
                    .map(|&(c, share)| (names[c as usize].to_string(), share * scale))
                    .collect()
            };
            shares.insert(Model::Markov, by_name(1.0));
            if self.valued > 0 {
                values.insert(Model::Markov, by_name(self.total_value));
            }
        }
        (shares, values)
    }
}

/// The touches of `events` (docs/analytics.md §3), their positions into `out`: for a
/// conversion (at `conversion`), the events at most the lookback window before it, itself only
/// when it has a channel; `(none)` events only when no event with
/// a channel is left, unless the context credits them; never those `repeated` marks; never none: a path of a conversion
/// without a channel alone is that conversion.
fn touches(
    context: &Context,
    events: &[Record],
    conversion: Option<usize>,
    repeated: &[bool],
    out: &mut Vec<usize>,
) {
    out.clear();
    let none = |at: usize| Some(context.channel_of[events[at].key as usize]) == context.none;
    let since = conversion.map_or(i64::MIN, |c| events[c].time - context.lookback_ms);
    out.extend(
        (0..events.len())
            .filter(|&at| events[at].time >= since && !(Some(at) == conversion && none(at)))
            .filter(|&at| !repeated.get(at).copied().unwrap_or(false)),
    );
    if !context.credit_direct && out.iter().any(|&at| !none(at)) {
        out.retain(|&at| !none(at));
    }
    if out.is_empty() {
        out.extend(conversion);
    }
}

fn add(mine: &mut [u64], theirs: &[u64]) {
    for (a, b) in mine.iter_mut().zip(theirs) {
        *a += b;
    }
}

/// The `q` quantile of sorted values, interpolating linearly between the closest ranks (SQL's
/// `quantile_cont`); `None` without values.
fn quantile(sorted: &[i64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let at = q * last as f64;
    let below = at.floor() as usize;
    let above = (below + 1).min(last);
    let (low, high) = (sorted[below] as f64, sorted[above] as f64);
    Some(low + (at - below as f64) * (high - low))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_ranks() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[7], 0.5), Some(7.0));
        assert_eq!(quantile(&[7], 0.9), Some(7.0));
        // Median of 1, 2, 3, 10: rank 1.5 → 2 + 0.5·(3 − 2) = 2.5.
        assert_eq!(quantile(&[1, 2, 3, 10], 0.5), Some(2.5));
        // p90: rank 0.9·3 = 2.7 → 3 + 0.7·(10 − 3) = 7.9.
        let p90 = quantile(&[1, 2, 3, 10], 0.9).unwrap();
        assert!((p90 - 7.9).abs() < 1e-12, "{p90}");
        assert_eq!(quantile(&[0, 10], 1.0), Some(10.0));
    }
}
