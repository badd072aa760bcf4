//! Retention (docs/analytics.md §4, `--retention week|month`): customers in cohorts by the
//! period of their first conversion (or a chosen event), the share of each cohort converting
//! again (or doing a chosen event) in each later period (complete periods only), the customer
//! retention rate CRR = (E − N) / S of each period with its trend, and the repeat-purchase
//! rate.

use super::matching::FastMap;
use super::zone::Zone;
use crate::model::date;

/// 1970-01-05, the first Monday after the epoch, in days.
const FIRST_MONDAY: i64 = 4;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Weeks from Monday to Monday (ISO 8601).
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// The period named `week` or `month` (any case).
    pub fn from_name(name: &str) -> Option<Period> {
        match name.trim().to_ascii_lowercase().as_str() {
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            _ => None,
        }
    }

    /// `week` or `month`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The number of the period holding the instant `ms`, its days counted in `zone`
    /// from UTC: weeks since 1970-01-05, months since year 0.
    pub fn of(self, ms: i64, zone: &Zone) -> i64 {
        let day = zone.day_of(ms);
        match self {
            Period::Week => (day - FIRST_MONDAY).div_euclid(7),
            Period::Month => {
                let (year, month, _) = date::civil_from_days(day);
                year * 12 + month - 1
            }
        }
    }

    /// The first day of period `number`, in days since 1970.
    fn first_day(self, number: i64) -> i64 {
        match self {
            Period::Week => FIRST_MONDAY + number * 7,
            Period::Month => date::days_from_civil(number.div_euclid(12), number % 12 + 1, 1),
        }
    }

    /// The instant period `number` starts in `zone`.
    pub fn start(self, number: i64, zone: &Zone) -> i64 {
        zone.day_start(self.first_day(number))
    }

    /// The period's name: its first day (`2026-03-02`) for a week, `2026-03` for a month.
    pub fn label(self, number: i64) -> String {
        let day = date::day_text(self.first_day(number));
        match self {
            Period::Week => day,
            Period::Month => day[..7].to_string(),
        }
    }
}

/// What `--retention` asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The period.
    pub period: Period,
    /// The zone its days are counted in (`--tz`).
    pub zone: Zone,
    /// The event whose first occurrence puts a customer in a cohort (`--cohort-event`);
    /// `None`: the first conversion.
    pub cohort_event: Option<String>,
    /// The event a customer returns with (`--return-event`); `None`: a conversion.
    pub return_event: Option<String>,
}

/// What retention counts of some customers, to be added to those of others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Cohort → its customers.
    sizes: FastMap<i64, u64>,
    /// (cohort, periods after it) → customers of the cohort returning in that period.
    cells: FastMap<(i64, i64), u64>,
    /// Customers with at least one conversion.
    converting: u64,
    /// Customers with at least two.
    repeating: u64,
}

impl Counts {
    /// Adds a customer with `conversions` to the repeat-purchase rate.
    pub fn add_repeats(&mut self, conversions: usize) {
        self.converting += u64::from(conversions > 0);
        self.repeating += u64::from(conversions > 1);
    }

    /// Adds a customer of the cohort of the instant `cohort` who returns at `times` (in
    /// order, none before `cohort`), periods of `period` in `zone`.
    pub fn add_customer(&mut self, period: Period, zone: &Zone, cohort: i64, times: &[i64]) {
        let cohort = period.of(cohort, zone);
        *self.sizes.entry(cohort).or_default() += 1;
        let mut last = None;
        for &time in times {
            let number = period.of(time, zone);
            if last != Some(number) {
                *self.cells.entry((cohort, number - cohort)).or_default() += 1;
                last = Some(number);
            }
        }
    }

    /// Adds another set of customers' counts to these.
    pub fn merge(&mut self, other: Counts) {
        self.converting += other.converting;
        self.repeating += other.repeating;
        for (cohort, customers) in other.sizes {
            *self.sizes.entry(cohort).or_default() += customers;
        }
        for (cell, customers) in other.cells {
            *self.cells.entry(cell).or_default() += customers;
        }
    }
}

/// One cohort: the customers whose first conversion is in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// The period's name.
    pub cohort: String,
    /// Its customers.
    pub customers: u64,
    /// Of them, those converting (returning) in the cohort's period and each complete one
    /// after: as many as there are complete periods from the cohort's on. `[0]` is all of
    /// them when the return is a conversion.
    pub active: Vec<u64>,
}

/// The customer retention rate of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodRate {
    /// The period's name.
    pub period: String,
    /// Its last day, `YYYY-MM-DD` (the date `--apply` gives its CRR).
    pub last_day: String,
    /// S: customers converting in the period before.
    pub start: u64,
    /// E: customers converting in this period.
    pub end: u64,
    /// N: of them, those of this period's cohort.
    pub new: u64,
    /// (E − N) / S; `None` when S is 0.
    pub crr: Option<f64>,
}

/// The retention report.
#[derive(Debug, Clone, PartialEq)]
pub struct Retention {
    /// `week` or `month`.
    pub period: &'static str,
    /// The cohorts whose period is complete, oldest first.
    pub cohorts: Vec<Cohort>,
    /// CRR of each complete period after the first cohort's, oldest first.
    pub rates: Vec<PeriodRate>,
    /// The least-squares slope of CRR per period (a fraction a period); `None` under two rates.
    pub crr_trend: Option<f64>,
    /// Customers converting twice or more, of those converting; `None` without conversions.
    pub repeat_rate: Option<f64>,
}

/// The report of `counts` by `period` in `zone`, over the periods that end at or before
/// `data_end` (the complete ones) and start at or before `last_event` (later ones would be
/// empty, however far `--until` reaches).
pub fn report(
    counts: &Counts,
    period: Period,
    zone: &Zone,
    data_end: i64,
    last_event: i64,
) -> Retention {
    if counts.sizes.is_empty() {
        return Retention {
            period: period.name(),
            cohorts: Vec::new(),
            rates: Vec::new(),
            crr_trend: None,
            repeat_rate: None,
        };
    }
    // The period holding `data_end` is under way, unless it starts there.
    let last = (period.of(data_end, zone) - 1).min(period.of(last_event, zone));
    let mut cohort_numbers: Vec<i64> = counts
        .sizes
        .keys()
        .copied()
        .filter(|&c| c <= last)
        .collect();
    cohort_numbers.sort_unstable();
    cohort_numbers.dedup();
    let cell = |cohort: i64, after: i64| counts.cells.get(&(cohort, after)).copied().unwrap_or(0);
    let cohorts: Vec<Cohort> = cohort_numbers
        .iter()
        .map(|&c| Cohort {
            cohort: period.label(c),
            customers: counts.sizes[&c],
            active: (0..=last - c).map(|after| cell(c, after)).collect(),
        })
        .collect();
    // Customers converting in a period, whatever their cohort.
    let mut by_period = FastMap::<i64, u64>::default();
    for (&(cohort, after), &customers) in &counts.cells {
        *by_period.entry(cohort + after).or_default() += customers;
    }
    let active = |number: i64| by_period.get(&number).copied().unwrap_or(0);
    let rates: Vec<PeriodRate> = match cohort_numbers.first() {
        Some(&first) => (first + 1..=last)
            .map(|p| {
                let (start, end, new) = (active(p - 1), active(p), cell(p, 0));
                PeriodRate {
                    period: period.label(p),
                    last_day: date::day_text(period.first_day(p + 1) - 1),
                    start,
                    end,
                    new,
                    crr: (start > 0).then(|| (end as f64 - new as f64) / start as f64),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let points: Vec<(f64, f64)> = rates
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i as f64, r.crr?)))
        .collect();
    Retention {
        period: period.name(),
        cohorts,
        rates,
        crr_trend: slope(&points),
        repeat_rate: (counts.converting > 0)
            .then(|| counts.repeating as f64 / counts.converting as f64),
    }
}

/// The least-squares slope of `points`; `None` under two distinct x.
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// A report as rows to compare with expected ones in tests: each cohort (name, customers,
/// active per period) and each period's rate (name, start, end, new, CRR).
#[cfg(test)]
pub(crate) type Rows<'r> = (
    Vec<(&'r str, u64, &'r [u64])>,
    Vec<(&'r str, u64, u64, u64, Option<f64>)>,
);

/// See [`Rows`].
#[cfg(test)]
pub(crate) fn rows(r: &Retention) -> Rows<'_> {
    let cohorts = r
        .cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.customers, c.active.as_slice()))
        .collect();
    let rates = r
        .rates
        .iter()
        .map(|p| (p.period.as_str(), p.start, p.end, p.new, p.crr))
        .collect();
    (cohorts, rates)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Midnight UTC of a day `YYYY-MM-DD`, plus `hours`.
    fn at(day: &str, hours: i64) -> i64 {
        date::parse_day(day).unwrap() * 86_400_000 + hours * 3_600_000
    }

    #[test]
    fn periods_are_iso_weeks_and_calendar_months_in_the_zone() {
        // 2026-03-02 is a Monday.
        let monday = Period::Week.of(at("2026-03-02", 0), &Zone::UTC);
        assert_eq!(Period::Week.of(at("2026-03-08", 23), &Zone::UTC), monday);
        assert_eq!(Period::Week.of(at("2026-03-09", 0), &Zone::UTC), monday + 1);
        assert_eq!(Period::Week.label(monday), "2026-03-02");
        // Sunday 20:00 UTC is Monday at +07:00.
        assert_eq!(
            Period::Week.of(at("2026-03-08", 20), &Zone::Fixed(420)),
            monday + 1
        );
        assert_eq!(
            Period::Week.start(monday, &Zone::Fixed(420)),
            at("2026-03-01", 17)
        );
        let march = Period::Month.of(at("2026-03-31", 20), &Zone::UTC);
        assert_eq!(Period::Month.label(march), "2026-03");
        assert_eq!(
            Period::Month.of(at("2026-03-31", 20), &Zone::Fixed(420)),
            march + 1
        );
        assert_eq!(Period::Month.label(march + 10), "2027-01");
        assert_eq!(
            Period::Month.start(march + 1, &Zone::UTC),
            at("2026-04-01", 0)
        );
        assert_eq!(Period::from_name(" Month"), Some(Period::Month));
        assert_eq!(Period::from_name("day"), None);
    }

    /// By hand, by month, the data ending on 15 April (so April is not complete):
    /// - a: January, March (twice) → cohort January, active in months 0 and 2;
    /// - b: January, February → cohort January, months 0 and 1;
    /// - c: February, April → cohort February, month 0 (April is not complete);
    /// - d: March → cohort March;
    /// - e: April → cohort April, not complete: not shown.
    ///
    /// Active: January 2 (a, b), February 2 (b, c), March 2 (a, d).
    /// CRR February = (E 2 − N 1) / S 2 = 0.5; March = (2 − 1) / 2 = 0.5; trend 0.
    /// Repeat rate: a, b, c of 5 = 0.6.
    #[test]
    fn cohorts_rates_and_repeats_by_hand() {
        let mut counts = Counts::default();
        let month = Period::Month;
        for times in [
            vec![
                at("2026-01-10", 0),
                at("2026-03-01", 0),
                at("2026-03-20", 0),
            ],
            vec![at("2026-01-31", 23), at("2026-02-01", 0)],
            vec![at("2026-02-14", 0), at("2026-04-02", 0)],
            vec![at("2026-03-31", 0)],
            vec![at("2026-04-10", 0)],
            vec![],
        ] {
            let mut one = Counts::default();
            one.add_repeats(times.len());
            if let Some(&first) = times.first() {
                one.add_customer(month, &Zone::UTC, first, &times);
            }
            counts.merge(one);
        }
        let last_event = at("2026-04-10", 0);
        let r = report(&counts, month, &Zone::UTC, at("2026-04-15", 0), last_event);
        let (cohorts, rates) = rows(&r);
        assert_eq!(
            cohorts,
            [
                ("2026-01", 2, &[2, 1, 1][..]),
                ("2026-02", 1, &[1, 0][..]),
                ("2026-03", 1, &[1][..]),
            ]
        );
        assert_eq!(
            rates,
            [
                ("2026-02", 2, 2, 1, Some(0.5)),
                ("2026-03", 2, 2, 1, Some(0.5)),
            ]
        );
        assert_eq!(r.crr_trend, Some(0.0));
        assert_eq!(r.repeat_rate, Some(0.6));
        assert_eq!(r.rates[0].last_day, "2026-02-28");
        // With the data ending on 1 April, March is complete and April is not; on 31 March
        // at noon, March is not.
        let r = report(&counts, month, &Zone::UTC, at("2026-03-31", 12), last_event);
        assert_eq!(r.cohorts.len(), 2);
        assert_eq!(r.rates.len(), 1);
        assert_eq!(r.crr_trend, None);
        // --until far past the last event: April complete, nothing after it.
        let r = report(&counts, month, &Zone::UTC, at("9999-12-31", 0), last_event);
        assert_eq!(r.cohorts.len(), 4);
        assert_eq!(r.cohorts[0].active, [2, 1, 1, 0]);
        assert_eq!(r.rates.last().unwrap().period, "2026-04");
    }

    #[test]
    fn the_trend_is_the_least_squares_slope() {
        let s = slope(&[(0.0, 0.5), (1.0, 0.7), (2.0, 0.9)]).unwrap();
        assert!((s - 0.2).abs() < 1e-12, "{s}");
        let s = slope(&[(0.0, 1.0), (1.0, 0.0), (2.0, 1.0), (3.0, 0.0)]).unwrap();
        assert!((s + 0.2).abs() < 1e-12, "{s}");
        assert_eq!(slope(&[(0.0, 1.0)]), None);
        let empty = report(&Counts::default(), Period::Week, &Zone::UTC, 0, 0);
        assert!(empty.cohorts.is_empty() && empty.rates.is_empty());
        assert_eq!(empty.repeat_rate, None);
    }
}
