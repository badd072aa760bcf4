//! `--apply`: an analysis written into the journey as dated KPI measurements, so the board
//! shows the baseline beside the latest figure after every analysis.

use crate::model::{Journey, Kpi, KpiKind, Measurement, date, new_id};

use super::Analysis;
use super::zone::Zone;

/// The `source` of the KPI holding a stage's customers reached.
pub const REACHED_SOURCE: &str = "events:reached";
/// The `source` of the KPI holding a stage's conversion to the next stage.
pub const CONVERSION_SOURCE: &str = "events:conversion";
/// The `source` of the KPIs holding the customer retention rate (`--retention`), before
/// `:week` or `:month`.
pub const CRR_SOURCE: &str = "events:crr";

/// What applying wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Stages of the analysis found in the journey.
    pub stages: usize,
    /// Measurements written (new or replacing one of the same date).
    pub measurements: usize,
    /// KPIs created because the journey did not have them yet.
    pub created_kpis: usize,
}

/// Writes each stage's reach and conversion as measurements dated `day` (`YYYY-MM-DD`) into
/// `journey`. Stages are found by id, else by name (any case); a measurement of the same date
/// is replaced, so applying twice changes nothing. A stage nobody reached gets no conversion.
pub fn apply(journey: &mut Journey, analysis: &Analysis, day: &str) -> Result<Applied, String> {
    if date::parse_day(day).is_none() {
        return Err(format!("{day:?} is not a date: write it as YYYY-MM-DD"));
    }
    let mut applied = Applied::default();
    for figures in &analysis.stages {
        let Some(index) = find_stage(journey, &figures.stage_id, &figures.stage) else {
            continue;
        };
        applied.stages += 1;
        let next = journey.stages.get(index + 1).map(|s| s.name.clone());
        let stage = &mut journey.stages[index];
        let reached = Measurement {
            date: day.to_string(),
            value: Some(figures.reached as f64),
            ..Measurement::default()
        };
        let kpi = kpi_with_source(&mut stage.kpis, REACHED_SOURCE, &mut applied, || Kpi {
            name: "Customers reached (events)".into(),
            kind: KpiKind::Value,
            unit: "customers".into(),
            ..Kpi::default()
        });
        put(kpi, reached, &mut applied);
        let (Some(next), Some(converted)) = (next, figures.converted) else {
            continue;
        };
        if figures.reached == 0 {
            continue;
        }
        let conversion = Measurement {
            date: day.to_string(),
            numerator: Some(converted),
            denominator: Some(figures.reached),
            ..Measurement::default()
        };
        let kpi = kpi_with_source(&mut stage.kpis, CONVERSION_SOURCE, &mut applied, || Kpi {
            name: format!("Conversion to {next} (events)"),
            kind: KpiKind::Ratio,
            unit: "%".into(),
            ..Kpi::default()
        });
        put(kpi, conversion, &mut applied);
    }
    apply_retention(journey, analysis, &mut applied);
    Ok(applied)
}

/// With `--retention`, each period's CRR as a measurement of a ratio KPI of the conversion
/// stage (numerator E − N, denominator S), dated the period's last day; periods without
/// customers before them (S = 0) have none.
fn apply_retention(journey: &mut Journey, analysis: &Analysis, applied: &mut Applied) {
    let Some(retention) = &analysis.retention else {
        return;
    };
    let Some(index) = find_stage(journey, "", &analysis.conversion_stage) else {
        return;
    };
    let stage = &mut journey.stages[index];
    let source = format!("{CRR_SOURCE}:{}", retention.period);
    for rate in retention.rates.iter().filter(|r| r.start > 0) {
        let crr = Measurement {
            date: rate.last_day.clone(),
            numerator: Some(rate.end - rate.new),
            denominator: Some(rate.start),
            ..Measurement::default()
        };
        let kpi = kpi_with_source(&mut stage.kpis, &source, applied, || Kpi {
            name: format!("Customer retention rate by {} (events)", retention.period),
            kind: KpiKind::Ratio,
            unit: "%".into(),
            ..Kpi::default()
        });
        put(kpi, crr, applied);
    }
}

/// The day (`YYYY-MM-DD`, UTC) of the analysis's last event, the default date of `--apply`.
pub fn last_event_day(analysis: &Analysis) -> Option<String> {
    last_event_day_at(analysis, &Zone::UTC)
}

/// The day of the last event in `zone` (`--tz`).
pub fn last_event_day_at(analysis: &Analysis, zone: &Zone) -> Option<String> {
    let day = zone.day_of(analysis.last_event?);
    Some(date::day_text(day))
}

fn find_stage(journey: &Journey, id: &str, name: &str) -> Option<usize> {
    let by_id = (!id.is_empty()).then(|| journey.stage_index(id)).flatten();
    by_id.or_else(|| {
        let name = name.trim().to_lowercase();
        journey
            .stages
            .iter()
            .position(|s| s.name.trim().to_lowercase() == name)
    })
}

fn kpi_with_source<'k>(
    kpis: &'k mut Vec<Kpi>,
    source: &str,
    applied: &mut Applied,
    new: impl FnOnce() -> Kpi,
) -> &'k mut Kpi {
    match kpis
        .iter()
        .position(|k| k.source.as_deref() == Some(source))
    {
        Some(index) => &mut kpis[index],
        None => {
            applied.created_kpis += 1;
            kpis.push(Kpi {
                id: new_id("kp"),
                source: Some(source.to_string()),
                ..new()
            });
            let last = kpis.len() - 1;
            &mut kpis[last]
        }
    }
}

/// Puts `measurement` in date order, replacing one of the same date.
fn put(kpi: &mut Kpi, measurement: Measurement, applied: &mut Applied) {
    applied.measurements += 1;
    let list = &mut kpi.measurements;
    match list.iter().position(|m| m.date == measurement.date) {
        Some(index) => list[index] = measurement,
        None => {
            let at = list.partition_point(|m| m.date <= measurement.date);
            list.insert(at, measurement);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::StageFigures;

    fn analysis(journey: &Journey) -> Analysis {
        let figures = |index: usize, reached: u64, converted: Option<u64>| StageFigures {
            stage: journey.stages[index].name.clone(),
            stage_id: journey.stages[index].id.clone(),
            reached,
            converted,
            dropped: converted.map(|c| reached - c),
            median_hours: None,
            p90_hours: None,
        };
        Analysis {
            stages: vec![
                figures(0, 100, Some(40)),
                figures(1, 0, Some(0)),
                figures(5, 7, None),
            ],
            last_event: Some(1_772_409_600_000 + 3_600_000), // 2026-03-02T01:00Z
            ..Analysis::default()
        }
    }

    #[test]
    fn stage_figures_become_dated_measurements() {
        let mut journey = Journey::with_default_stages("Beli HP");
        let analysis = analysis(&journey);
        let applied = apply(&mut journey, &analysis, "2026-03-02").unwrap();
        assert_eq!(applied.stages, 3);
        assert_eq!(applied.created_kpis, 4, "reach ×3, conversion once");
        let awareness = &journey.stages[0].kpis;
        assert_eq!(awareness[0].name, "Customers reached (events)");
        assert_eq!(awareness[0].measurements[0].value, Some(100.0));
        assert_eq!(awareness[1].name, "Conversion to Consideration (events)");
        let conversion = &awareness[1].measurements[0];
        assert_eq!(
            (conversion.numerator, conversion.denominator),
            (Some(40), Some(100))
        );
        assert_eq!(awareness[1].summary().latest, Some(40.0));
        assert_eq!(
            journey.stages[1].kpis.len(),
            1,
            "nobody reached: no conversion"
        );
        assert_eq!(
            journey.stages[5].kpis.len(),
            1,
            "the last stage has no next"
        );
    }

    #[test]
    fn applying_again_replaces_the_same_date_and_keeps_dates_in_order() {
        let mut journey = Journey::with_default_stages("Beli HP");
        let mut analysis = analysis(&journey);
        apply(&mut journey, &analysis, "2026-03-09").unwrap();
        let once = journey.clone();
        apply(&mut journey, &analysis, "2026-03-09").unwrap();
        assert_eq!(journey, once, "idempotent");
        analysis.stages[0].reached = 90;
        let applied = apply(&mut journey, &analysis, "2026-03-02").unwrap();
        assert_eq!(applied.created_kpis, 0);
        let dates: Vec<&str> = journey.stages[0].kpis[0]
            .measurements
            .iter()
            .map(|m| m.date.as_str())
            .collect();
        assert_eq!(dates, ["2026-03-02", "2026-03-09"]);
        let summary = journey.stages[0].kpis[0].summary();
        assert_eq!(
            (summary.baseline, summary.latest),
            (Some(90.0), Some(100.0))
        );
    }

    #[test]
    fn stages_are_found_by_name_when_the_id_is_unknown() {
        let mut journey = Journey::with_default_stages("Beli HP");
        let mut analysis = analysis(&journey);
        for figures in &mut analysis.stages {
            figures.stage_id.clear();
            figures.stage = figures.stage.to_uppercase();
        }
        analysis.stages[2].stage = "Somewhere else".into();
        let applied = apply(&mut journey, &analysis, "2026-03-02").unwrap();
        assert_eq!(applied.stages, 2);
        assert!(apply(&mut journey, &analysis, "2 March").is_err());
    }

    #[test]
    fn the_default_date_is_the_last_event_day() {
        let journey = Journey::with_default_stages("Beli HP");
        assert_eq!(
            last_event_day(&analysis(&journey)).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(last_event_day(&Analysis::default()), None);
    }

    #[test]
    fn each_period_s_crr_is_a_measurement_of_the_conversion_stage() {
        use crate::analytics::retention::{PeriodRate, Retention};
        let mut journey = Journey::with_default_stages("Beli HP");
        let mut analysis = analysis(&journey);
        analysis.conversion_stage = "purchase".into();
        let rate = |period: &str, last_day: &str, start, end, new| PeriodRate {
            period: period.into(),
            last_day: last_day.into(),
            start,
            end,
            new,
            crr: None,
        };
        analysis.retention = Some(Retention {
            period: "month",
            cohorts: Vec::new(),
            rates: vec![
                rate("2026-01", "2026-01-31", 0, 3, 3),
                rate("2026-02", "2026-02-28", 3, 4, 2),
                rate("2026-03", "2026-03-31", 4, 5, 0),
            ],
            crr_trend: None,
            repeat_rate: None,
        });
        let applied = apply(&mut journey, &analysis, "2026-04-02").unwrap();
        let purchase = &journey.stages[3].kpis;
        let crr = purchase
            .iter()
            .find(|k| k.source.as_deref() == Some("events:crr:month"))
            .unwrap();
        assert_eq!(crr.name, "Customer retention rate by month (events)");
        let measured: Vec<(&str, Option<u64>, Option<u64>)> = crr
            .measurements
            .iter()
            .map(|m| (m.date.as_str(), m.numerator, m.denominator))
            .collect();
        assert_eq!(
            measured,
            [
                ("2026-02-28", Some(2), Some(3)),
                ("2026-03-31", Some(5), Some(4))
            ],
            "none without customers before; above 100% when customers come back"
        );
        assert_eq!(applied.measurements, 4 + 2);
        let once = journey.clone();
        apply(&mut journey, &analysis, "2026-04-02").unwrap();
        assert_eq!(journey, once, "idempotent");
    }
}
