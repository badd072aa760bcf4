//! A result table read back: the `section,name,metric,value` CSV that `cjm analyze --format
//! csv` writes and the emitted SQL returns, so a warehouse's figures can be applied to the map.
//! A table with segments (`--by`: a first column `segment`) is read for everyone's rows, those
//! with an empty segment; retention's rows (`--retention`) are read back too.

use std::collections::HashMap;

use super::output::{CSV_HEADER, CSV_SEGMENTS_HEADER};
use super::retention::{Cohort, PeriodRate, Retention};
use super::{Analysis, AnalyzeError, ChannelFigures, Model, StageFigures, time};
use crate::model::date;

/// Whether `text` starts with the result table's header rather than an events header.
pub fn is_result_table(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let first = first.trim();
    first.eq_ignore_ascii_case(CSV_HEADER) || first.eq_ignore_ascii_case(CSV_SEGMENTS_HEADER)
}

/// Reads a result table named `name` (for messages). Stages and channels keep the order of
/// their first row; the journey and conversion stage are left for the caller to fill.
pub fn read(name: &str, text: &str) -> Result<Analysis, AnalyzeError> {
    let fail = |line: u64, message: String| AnalyzeError::Input {
        path: format!("{name}:{line}"),
        message,
    };
    let text = text.trim_start_matches('\u{feff}');
    let segmented = text
        .lines()
        .next()
        .is_some_and(|first| first.trim().eq_ignore_ascii_case(CSV_SEGMENTS_HEADER));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut analysis = Analysis::default();
    let mut retention: Option<RetentionRows> = None;
    let mut stages: HashMap<String, usize> = HashMap::new();
    let mut channels: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            fail(line, format!("not a result row: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let at = usize::from(segmented);
        if segmented && !record[0].is_empty() {
            continue;
        }
        let (section, key, metric, value) = (
            &record[at],
            &record[at + 1],
            &record[at + 2],
            &record[at + 3],
        );
        // Engines print a missing figure as nothing or as NULL.
        let value = match value.trim() {
            null if null.eq_ignore_ascii_case("null") => "",
            value => value,
        };
        let count = || -> Result<Option<u64>, AnalyzeError> {
            if value.is_empty() {
                return Ok(None);
            }
            value
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0 && v.fract() == 0.0 && *v < 1e18)
                .map(|v| Some(v as u64))
                .ok_or_else(|| fail(line, format!("{metric} {value:?} is not a count")))
        };
        let number = || -> Result<Option<f64>, AnalyzeError> {
            if value.is_empty() {
                return Ok(None);
            }
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| fail(line, format!("{metric} {value:?} is not a number")))
        };
        let unknown = || {
            fail(
                line,
                format!("unknown metric {metric:?} in section {section:?}"),
            )
        };
        match section {
            // Paths describe behaviour; nothing of them is applied to the map.
            "paths" | "stage_path" | "channel_path" | "flow" | "leaving" => {}
            "summary" => match metric {
                "customers" => analysis.customers = count()?.unwrap_or(0),
                "conversions" => analysis.conversions = count()?.unwrap_or(0),
                "first_event" | "last_event" => {
                    let time = time::parse(value.as_bytes())
                        .map_err(|e| fail(line, format!("{metric} {value:?} {e}")))?;
                    if metric == "first_event" {
                        analysis.first_event = Some(time);
                    } else {
                        analysis.last_event = Some(time);
                    }
                }
                _ => return Err(unknown()),
            },
            "stage" => {
                let index = *stages.entry(key.to_string()).or_insert_with(|| {
                    analysis.stages.push(StageFigures {
                        stage: key.to_string(),
                        stage_id: String::new(),
                        reached: 0,
                        converted: None,
                        dropped: None,
                        median_hours: None,
                        p90_hours: None,
                    });
                    analysis.stages.len() - 1
                });
                let stage = &mut analysis.stages[index];
                match metric {
                    "reached" => stage.reached = count()?.unwrap_or(0),
                    "converted" => stage.converted = count()?,
                    "dropped" => stage.dropped = count()?,
                    "median_hours" => stage.median_hours = number()?,
                    "p90_hours" => stage.p90_hours = number()?,
                    _ => return Err(unknown()),
                }
            }
            "channel" => {
                let index = *channels.entry(key.to_string()).or_insert_with(|| {
                    analysis.channels.push(ChannelFigures {
                        channel: key.to_string(),
                        reached: 0,
                        conversions: 0,
                    });
                    analysis.channels.len() - 1
                });
                let channel = &mut analysis.channels[index];
                match metric {
                    "reached" => channel.reached = count()?.unwrap_or(0),
                    "conversions" => channel.conversions = count()?.unwrap_or(0),
                    _ => return Err(unknown()),
                }
            }
            "attribution" | "attribution_value" => {
                let model = Model::from_name(metric).ok_or_else(|| {
                    let names: Vec<&str> = Model::ALL.iter().map(|m| m.name()).collect();
                    fail(
                        line,
                        format!("unknown model {metric:?}: use one of {}", names.join(", ")),
                    )
                })?;
                let share = number()?.unwrap_or(0.0);
                let table = if section == "attribution" {
                    &mut analysis.attribution
                } else {
                    &mut analysis.attribution_value
                };
                table
                    .entry(model)
                    .or_default()
                    .insert(key.to_string(), share);
            }
            "retention" => match (key, metric) {
                ("", "crr_trend") => retention.get_or_insert_default().crr_trend = number()?,
                ("", "repeat_rate") => retention.get_or_insert_default().repeat_rate = number()?,
                (cohort, "customers") => {
                    retention.get_or_insert_default().cohort(cohort).customers =
                        count()?.unwrap_or(0);
                }
                (cohort, metric) => {
                    let after = metric
                        .strip_prefix("active_")
                        .and_then(|k| k.parse::<usize>().ok())
                        .filter(|&k| k < 100_000)
                        .ok_or_else(unknown)?;
                    let active = &mut retention.get_or_insert_default().cohort(cohort).active;
                    if active.len() <= after {
                        active.resize(after + 1, 0);
                    }
                    active[after] = count()?.unwrap_or(0);
                }
            },
            "crr" => {
                let rate = retention.get_or_insert_default().rate(key);
                match metric {
                    "start" => rate.start = count()?.unwrap_or(0),
                    "end" => rate.end = count()?.unwrap_or(0),
                    "new" => rate.new = count()?.unwrap_or(0),
                    "crr" => rate.crr = number()?,
                    _ => return Err(unknown()),
                }
            }
            _ => {
                return Err(fail(
                    line,
                    format!(
                        "unknown section {section:?}: use summary, stage, channel, attribution, \
                         attribution_value, retention, crr, or the sections of --paths"
                    ),
                ));
            }
        }
    }
    if analysis.stages.is_empty() {
        return Err(fail(1, "the result table has no stage rows".into()));
    }
    analysis.retention = retention
        .map(RetentionRows::finish)
        .transpose()
        .map_err(|message| fail(1, message))?;
    Ok(analysis)
}

/// Retention's rows read back (`retention` and `crr`), cohorts and periods in their order.
#[derive(Debug, Default)]
struct RetentionRows {
    cohorts: Vec<Cohort>,
    rates: Vec<PeriodRate>,
    crr_trend: Option<f64>,
    repeat_rate: Option<f64>,
}

impl RetentionRows {
    fn cohort(&mut self, name: &str) -> &mut Cohort {
        let at = match self.cohorts.iter().position(|c| c.cohort == name) {
            Some(at) => at,
            None => {
                self.cohorts.push(Cohort {
                    cohort: name.to_string(),
                    customers: 0,
                    active: Vec::new(),
                });
                self.cohorts.len() - 1
            }
        };
        &mut self.cohorts[at]
    }

    fn rate(&mut self, period: &str) -> &mut PeriodRate {
        let at = match self.rates.iter().position(|r| r.period == period) {
            Some(at) => at,
            None => {
                self.rates.push(PeriodRate {
                    period: period.to_string(),
                    last_day: String::new(),
                    start: 0,
                    end: 0,
                    new: 0,
                    crr: None,
                });
                self.rates.len() - 1
            }
        };
        &mut self.rates[at]
    }

    /// The report, each period's last day found from its name: a week's first day
    /// (`2026-03-02`) or a month (`2026-03`).
    fn finish(mut self) -> Result<Retention, String> {
        let monthly = self
            .cohorts
            .iter()
            .map(|c| &c.cohort)
            .chain(self.rates.iter().map(|r| &r.period))
            .any(|name| name.len() == 7);
        for rate in &mut self.rates {
            let first = if monthly {
                date::parse_day(&format!("{}-01", rate.period))
            } else {
                date::parse_day(&rate.period)
            };
            let first = first.ok_or_else(|| {
                format!(
                    "crr period {:?} is not a week's first day (YYYY-MM-DD) or a month (YYYY-MM)",
                    rate.period
                )
            })?;
            let last = if monthly {
                let (year, month, _) = date::civil_from_days(first);
                date::days_from_civil(year + month / 12, month % 12 + 1, 1) - 1
            } else {
                first + 6
            };
            rate.last_day = date::day_text(last);
        }
        Ok(Retention {
            period: if monthly { "month" } else { "week" },
            cohorts: self.cohorts,
            rates: self.rates,
            crr_trend: self.crr_trend,
            repeat_rate: self.repeat_rate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::output::{self, tests::sample};

    #[test]
    fn cjm_s_own_csv_reads_back_to_the_same_figures() {
        let mut analysis = sample();
        let text = output::to_csv(&analysis);
        assert!(is_result_table(&text));
        let back = read("result.csv", &text).unwrap();
        for stage in &mut analysis.stages {
            stage.stage_id.clear();
        }
        assert_eq!(back.stages, analysis.stages);
        assert_eq!(back.channels, analysis.channels);
        assert_eq!(back.attribution, analysis.attribution);
        assert_eq!((back.customers, back.conversions), (1000, 40));
        assert_eq!(back.last_event, analysis.last_event);
    }

    #[test]
    fn a_table_with_segments_reads_back_as_everyone_s_figures() {
        let whole = read("result.csv", &output::to_csv(&sample())).unwrap();
        let mut segmented = sample();
        segmented.by = Some("device".into());
        let mut mobile = segmented.whole("mobile");
        mobile.customers = 7;
        mobile.stages[0].reached = 7;
        segmented.segments = vec![mobile];
        let text = output::to_csv(&segmented);
        assert!(is_result_table(&text));
        assert_eq!(read("result.csv", &text).unwrap(), whole);
    }

    #[test]
    fn retention_reads_back_with_each_period_s_last_day() {
        use crate::analytics::retention::{Cohort, PeriodRate, Retention};
        for (period, cohort, first, last) in [
            ("month", "2026-01", "2026-02", "2026-02-28"),
            ("month", "2026-11", "2026-12", "2026-12-31"),
            ("week", "2026-03-02", "2026-03-09", "2026-03-15"),
        ] {
            let mut analysis = sample();
            let retention = Retention {
                period,
                cohorts: vec![Cohort {
                    cohort: cohort.into(),
                    customers: 3,
                    active: vec![3, 0, 1],
                }],
                rates: vec![PeriodRate {
                    period: first.into(),
                    last_day: last.into(),
                    start: 4,
                    end: 5,
                    new: 2,
                    crr: Some(0.75),
                }],
                crr_trend: None,
                repeat_rate: Some(0.5),
            };
            analysis.retention = Some(retention.clone());
            let back = read("result.csv", &output::to_csv(&analysis)).unwrap();
            assert_eq!(back.retention, Some(retention));
        }
        let text = format!("{CSV_HEADER}\nstage,A,reached,1\ncrr,soon,start,1\n");
        let message = read("r.csv", &text).unwrap_err().to_string();
        assert!(message.contains("\"soon\" is not a week"), "{message}");
    }

    #[test]
    fn engines_may_write_counts_as_decimals_and_a_byte_order_mark() {
        let text = "\u{feff}section,name,metric,value\nstage,Awareness,reached,12.0\n\
                    stage,Awareness,converted,NULL\n";
        assert!(is_result_table(text));
        let stage = &read("r.csv", text).unwrap().stages[0];
        assert_eq!((stage.reached, stage.converted), (12, None));
        assert!(!is_result_table("customer_id,timestamp,event\n"));
    }

    #[test]
    fn bad_rows_name_the_line_and_the_problem() {
        let cases = [
            ("stage,A,reached,-3\n", "r.csv:2", "not a count"),
            (
                "stage,A,reached,1\nstage,A,speed,3\n",
                "r.csv:3",
                "unknown metric",
            ),
            (
                "stage,A,reached,1\nattribution,web,magic,1\n",
                "r.csv:3",
                "unknown model",
            ),
            ("funnel,A,reached,1\n", "r.csv:2", "unknown section"),
            ("stage,A,reached\n", "r.csv:2", "not a result row"),
            ("summary,,last_event,yesterday\n", "r.csv:2", "yesterday"),
            ("channel,web,reached,1\n", "r.csv:1", "no stage rows"),
        ];
        for (rows, place, what) in cases {
            let text = format!("{CSV_HEADER}\n{rows}");
            let message = read("r.csv", &text).unwrap_err().to_string();
            assert!(
                message.starts_with(place) && message.contains(what),
                "{rows:?}: {message}"
            );
        }
    }
}
