//! A result table read back: the `section,name,metric,value` CSV that `cjm analyze --format
//! csv` writes and the emitted SQL returns, so a warehouse's figures can be applied to the map.
//! A table with segments (`--by`: a first column `segment`) is read for everyone's rows, those
//! with an empty segment.

use std::collections::HashMap;

use super::output::{CSV_HEADER, CSV_SEGMENTS_HEADER};
use super::{Analysis, AnalyzeError, ChannelFigures, Model, StageFigures, time};

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
            // Retention (`--retention`) is not applied from a result table.
            "retention" | "crr" => {}
            _ => {
                return Err(fail(
                    line,
                    format!(
                        "unknown section {section:?}: use summary, stage, channel, attribution, \
                         attribution_value, retention or crr"
                    ),
                ));
            }
        }
    }
    if analysis.stages.is_empty() {
        return Err(fail(1, "the result table has no stage rows".into()));
    }
    Ok(analysis)
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
