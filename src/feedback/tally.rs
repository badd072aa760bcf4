//! Counting answers into the raw counts a KPI measurement keeps, per period.

use super::Survey;
use crate::model::{Measurement, date};

/// How responses are grouped into measurements over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One measurement per day.
    Day,
    /// Per ISO week (Monday to Sunday), dated on its Monday.
    Week,
    /// Per calendar month, dated on its first day.
    Month,
    /// Per calendar quarter, dated on its first day.
    Quarter,
    /// One measurement for the whole file, dated on its last response.
    All,
}

/// The first day of the period of `day` (days since 1970-01-01); for [`Period::All`],
/// `last_day`.
pub fn period_start(day: i64, period: Period, last_day: i64) -> i64 {
    let (year, month, _) = date::civil_from_days(day);
    match period {
        Period::Day => day,
        // 1970-01-01 was a Thursday: (day + 3) mod 7 counts from Monday.
        Period::Week => day - (day + 3).rem_euclid(7),
        Period::Month => date::days_from_civil(year, month, 1),
        Period::Quarter => date::days_from_civil(year, (month - 1) / 3 * 3 + 1, 1),
        Period::All => last_day,
    }
}

/// How many answered each score, 0 to 10, for one survey at one place in one period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    scores: [u64; 11],
}

impl Tally {
    /// Counts one answer.
    pub fn add(&mut self, score: u8) {
        if let Some(count) = self.scores.get_mut(usize::from(score)) {
            *count += 1;
        }
    }

    /// How many answered.
    pub fn responses(&self) -> u64 {
        self.scores.iter().sum()
    }

    /// The measurement dated `day` that a KPI of `survey`'s kind computes its figure from:
    /// NPS promoters (9–10), passives (7–8) and detractors (0–6); CSAT the five answer
    /// buckets; CES the mean score, rounded to two decimals, and the respondents.
    pub fn measurement(&self, survey: Survey, day: &str) -> Measurement {
        let sum =
            |range: std::ops::RangeInclusive<usize>| -> u64 { self.scores[range].iter().sum() };
        let base = Measurement {
            date: day.to_string(),
            ..Measurement::default()
        };
        match survey {
            Survey::Nps => Measurement {
                promoters: Some(sum(9..=10)),
                passives: Some(sum(7..=8)),
                detractors: Some(sum(0..=6)),
                ..base
            },
            Survey::Csat => Measurement {
                buckets: Some([
                    self.scores[1],
                    self.scores[2],
                    self.scores[3],
                    self.scores[4],
                    self.scores[5],
                ]),
                ..base
            },
            Survey::Ces => {
                let n = self.responses();
                let total: u64 = self
                    .scores
                    .iter()
                    .enumerate()
                    .map(|(score, count)| score as u64 * count)
                    .sum();
                let mean = if n == 0 { 0.0 } else { total as f64 / n as f64 };
                Measurement {
                    value: Some((mean * 100.0).round() / 100.0),
                    respondents: Some(n),
                    ..base
                }
            }
        }
    }
}
