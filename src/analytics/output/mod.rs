//! An analysis as JSON, as the `section,name,metric,value` CSV (the shape the emitted SQL
//! returns too), and as a table for people (docs/analytics.md §4).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value, json};

mod paths;

pub use paths::LEFT;

use super::retention::Retention;
use super::{Analysis, Attribution, Model, Segment, format_time};
use crate::number::thousands;
use crate::text::{cut, one_line};

/// The CSV header of a result table.
pub const CSV_HEADER: &str = "section,name,metric,value";
/// The CSV header of a result table with segments (`--by`).
pub const CSV_SEGMENTS_HEADER: &str = "segment,section,name,metric,value";

/// The analysis as the JSON object of docs/analytics.md §4.
pub fn to_json(analysis: &Analysis) -> Value {
    let whole = analysis.whole("");
    let (stages, channels) = parts_json(&whole);
    let unmapped: Vec<Value> = analysis
        .unmapped
        .iter()
        .map(|u| json!({"event": u.event, "rows": u.rows}))
        .collect();
    let problems: Vec<Value> = analysis
        .problems
        .iter()
        .map(|p| json!({"line": p.line, "reason": p.reason}))
        .collect();
    let value_problems: Vec<Value> = analysis
        .value_problems
        .iter()
        .map(|p| json!({"line": p.line, "reason": p.reason}))
        .collect();
    let mut object = json!({
        "journey": analysis.journey,
        "conversion_stage": analysis.conversion_stage,
        "rows": analysis.rows,
        "mapped_rows": analysis.mapped_rows,
        "skipped_rows": analysis.skipped_rows,
        "unmapped_rows": analysis.unmapped_rows,
        "customers": analysis.customers,
        "conversions": analysis.conversions,
        "first_event": analysis.first_event.map(format_time),
        "last_event": analysis.last_event.map(format_time),
        "stages": stages,
        "channels": channels,
        "attribution": attribution_json(&analysis.attribution),
        "attribution_value": attribution_json(&analysis.attribution_value),
        "unmapped": unmapped,
        "problems": problems,
        "bad_values": analysis.bad_values,
        "outside_rows": analysis.outside_rows,
        "value_problems": value_problems,
    });
    if let (Some(retention), Value::Object(map)) = (&analysis.retention, &mut object) {
        map.insert("retention".into(), retention_json(retention));
    }
    if let (Some(p), Value::Object(map)) = (&analysis.paths, &mut object) {
        map.insert("paths".into(), paths::json(p));
    }
    if let (Some(by), Value::Object(map)) = (&analysis.by, &mut object) {
        map.insert("by".into(), json!(by));
        let segments = analysis.segments.iter().map(segment_json).collect();
        map.insert("segments".into(), Value::Array(segments));
    }
    object
}

/// Retention as JSON: the period, the cohorts, each period's CRR, the trend, repeats.
fn retention_json(r: &Retention) -> Value {
    let cohorts: Vec<Value> = r
        .cohorts
        .iter()
        .map(|c| json!({"cohort": c.cohort, "customers": c.customers, "active": c.active}))
        .collect();
    let rates: Vec<Value> = r
        .rates
        .iter()
        .map(|p| json!({"period": p.period, "start": p.start, "end": p.end, "new": p.new, "crr": p.crr}))
        .collect();
    json!({
        "period": r.period,
        "cohorts": cohorts,
        "crr": rates,
        "crr_trend": r.crr_trend,
        "repeat_rate": r.repeat_rate,
    })
}

/// A segment as JSON: the whole's figures in the same shape, under its name.
fn segment_json(segment: &Segment) -> Value {
    let (stages, channels) = parts_json(segment);
    json!({
        "segment": segment.segment,
        "customers": segment.customers,
        "conversions": segment.conversions,
        "first_event": segment.first_event.map(format_time),
        "last_event": segment.last_event.map(format_time),
        "stages": stages,
        "channels": channels,
        "attribution": attribution_json(&segment.attribution),
        "attribution_value": attribution_json(&segment.attribution_value),
    })
}

/// The stages and the channels of some customers as JSON.
fn parts_json(part: &Segment) -> (Vec<Value>, Vec<Value>) {
    let stages = part
        .stages
        .iter()
        .map(|s| {
            json!({
                "stage": s.stage,
                "reached": s.reached,
                "converted": s.converted,
                "dropped": s.dropped,
                "median_hours": s.median_hours,
                "p90_hours": s.p90_hours,
            })
        })
        .collect();
    let channels = part
        .channels
        .iter()
        .map(|c| json!({"channel": c.channel, "reached": c.reached, "conversions": c.conversions}))
        .collect();
    (stages, channels)
}

fn attribution_json(attribution: &Attribution) -> Value {
    let models: Map<String, Value> = attribution
        .iter()
        .map(|(model, shares)| {
            let shares: Map<String, Value> = shares
                .iter()
                .map(|(channel, share)| (channel.clone(), json!(share)))
                .collect();
            (model.name().to_string(), Value::Object(shares))
        })
        .collect();
    Value::Object(models)
}

/// The analysis as `section,name,metric,value` rows, with the header; with `--by`, a first
/// column `segment`, empty on the whole population's rows, then each segment's rows.
pub fn to_csv(analysis: &Analysis) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let segmented = analysis.by.is_some();
    let header = if segmented {
        CSV_SEGMENTS_HEADER
    } else {
        CSV_HEADER
    };
    let mut parts = vec![analysis.whole("")];
    parts.extend(analysis.segments.iter().cloned());
    let mut written = writer.write_record(header.split(','));
    for (i, part) in parts.iter().enumerate() {
        let mut rows = csv_rows(part);
        if let (0, Some(retention)) = (i, &analysis.retention) {
            rows.extend(retention_rows(retention));
        }
        if let (0, Some(p)) = (i, &analysis.paths) {
            rows.extend(paths::csv_rows(p));
        }
        for row in rows {
            if written.is_err() {
                break;
            }
            written = if segmented {
                writer.write_record(std::iter::once(&part.segment).chain(&row))
            } else {
                writer.write_record(&row)
            };
        }
    }
    match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        _ => String::new(),
    }
}

/// Retention as (section, name, metric, value) rows: `retention` rows per cohort
/// (`customers`, then `active_K` for K periods after), `crr` rows per period (`start`, `end`,
/// `new`, `crr`), and `retention,,crr_trend` and `retention,,repeat_rate`.
fn retention_rows(r: &Retention) -> Vec<[String; 4]> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let optional = |value: Option<f64>| value.map_or(String::new(), |v| v.to_string());
    for c in &r.cohorts {
        rows.push([
            "retention".into(),
            c.cohort.clone(),
            "customers".into(),
            c.customers.to_string(),
        ]);
        for (k, active) in c.active.iter().enumerate() {
            rows.push([
                "retention".into(),
                c.cohort.clone(),
                format!("active_{k}"),
                active.to_string(),
            ]);
        }
    }
    for p in &r.rates {
        for (metric, value) in [
            ("start", p.start.to_string()),
            ("end", p.end.to_string()),
            ("new", p.new.to_string()),
            ("crr", optional(p.crr)),
        ] {
            rows.push(["crr".into(), p.period.clone(), metric.into(), value]);
        }
    }
    rows.push([
        "retention".into(),
        String::new(),
        "crr_trend".into(),
        optional(r.crr_trend),
    ]);
    rows.push([
        "retention".into(),
        String::new(),
        "repeat_rate".into(),
        optional(r.repeat_rate),
    ]);
    rows
}

/// Some customers' figures as (section, name, metric, value) rows.
fn csv_rows(part: &Segment) -> Vec<[String; 4]> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut row = |section: &str, name: &str, metric: &str, value: String| {
        rows.push([section.into(), name.into(), metric.into(), value]);
    };
    row("summary", "", "customers", part.customers.to_string());
    row("summary", "", "conversions", part.conversions.to_string());
    for (metric, time) in [
        ("first_event", part.first_event),
        ("last_event", part.last_event),
    ] {
        if let Some(time) = time {
            row("summary", "", metric, format_time(time));
        }
    }
    let optional = |value: Option<u64>| value.map_or(String::new(), |v| v.to_string());
    let hours = |value: Option<f64>| value.map_or(String::new(), |v| v.to_string());
    for s in &part.stages {
        row("stage", &s.stage, "reached", s.reached.to_string());
        row("stage", &s.stage, "converted", optional(s.converted));
        row("stage", &s.stage, "dropped", optional(s.dropped));
        row("stage", &s.stage, "median_hours", hours(s.median_hours));
        row("stage", &s.stage, "p90_hours", hours(s.p90_hours));
    }
    for c in &part.channels {
        row("channel", &c.channel, "reached", c.reached.to_string());
        row(
            "channel",
            &c.channel,
            "conversions",
            c.conversions.to_string(),
        );
    }
    for (section, attribution) in [
        ("attribution", &part.attribution),
        ("attribution_value", &part.attribution_value),
    ] {
        for (model, shares) in attribution {
            for (channel, share) in shares {
                row(section, channel, model.name(), share.to_string());
            }
        }
    }
    rows
}

/// The analysis as text tables for a terminal: summary, funnel, channels, attribution, then
/// what could not be used.
pub fn to_table(analysis: &Analysis) -> String {
    let mut out = String::new();
    let span = match (analysis.first_event, analysis.last_event) {
        (Some(first), Some(last)) => format!(
            " · {} → {}",
            &format_time(first)[..10],
            &format_time(last)[..10]
        ),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{} · {} customers · {} conversions ({}){span}",
        one_line(&analysis.journey),
        thousands(analysis.customers),
        thousands(analysis.conversions),
        one_line(&analysis.conversion_stage),
    );
    let outside = if analysis.outside_rows > 0 {
        format!(
            " · {} outside --since/--until",
            thousands(analysis.outside_rows)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{} rows · {} mapped · {} unmapped · {} skipped{outside}\n",
        thousands(analysis.rows),
        thousands(analysis.mapped_rows),
        thousands(analysis.unmapped_rows),
        thousands(analysis.skipped_rows),
    );

    let mut funnel = vec![cells(&[
        "Stage",
        "Reached",
        "Converted",
        "Dropped",
        "Median h",
        "p90 h",
    ])];
    for s in &analysis.stages {
        let converted = match s.converted {
            Some(c) => format!("{} ({})", thousands(c), percent(c as f64, s.reached as f64)),
            None => "–".into(),
        };
        funnel.push(vec![
            one_line(&s.stage),
            thousands(s.reached),
            converted,
            s.dropped.map_or("–".into(), thousands),
            s.median_hours.map_or("–".into(), |h| format!("{h:.1}")),
            s.p90_hours.map_or("–".into(), |h| format!("{h:.1}")),
        ]);
    }
    table(&mut out, &funnel);

    let mut channels = vec![cells(&["Channel", "Reached", "Conversions"])];
    for c in &analysis.channels {
        channels.push(vec![
            one_line(&c.channel),
            thousands(c.reached),
            thousands(c.conversions),
        ]);
    }
    out.push('\n');
    table(&mut out, &channels);

    if !analysis.attribution.is_empty() {
        out.push('\n');
        table(&mut out, &attribution_rows(&analysis.attribution));
    } else {
        out.push_str("\nNo conversions: nothing to attribute.\n");
    }
    if let Some(retention) = &analysis.retention {
        retention_table(&mut out, retention);
    }
    if let Some(p) = &analysis.paths {
        paths::table_text(&mut out, p);
    }
    if let Some(by) = &analysis.by {
        segments_table(&mut out, by, analysis);
    }

    if !analysis.unmapped.is_empty() {
        let names: Vec<String> = analysis
            .unmapped
            .iter()
            .map(|u| format!("{} ({})", one_line(&u.event), thousands(u.rows)))
            .collect();
        let _ = writeln!(
            out,
            "\nUnmapped events (add event rules for them): {}",
            names.join(", ")
        );
    }
    if !analysis.problems.is_empty() {
        let _ = writeln!(out, "\nSkipped rows:");
        for p in &analysis.problems {
            let _ = writeln!(out, "  line {}: {}", p.line, one_line(&p.reason));
        }
        let more = analysis
            .skipped_rows
            .saturating_sub(analysis.problems.len() as u64);
        if more > 0 {
            let _ = writeln!(out, "  … and {} more", thousands(more));
        }
    }
    if !analysis.value_problems.is_empty() {
        let _ = writeln!(
            out,
            "\nValues that are not numbers ({}; the events are kept without them):",
            thousands(analysis.bad_values)
        );
        for p in &analysis.value_problems {
            let _ = writeln!(out, "  line {}: {}", p.line, one_line(&p.reason));
        }
        let more = analysis
            .bad_values
            .saturating_sub(analysis.value_problems.len() as u64);
        if more > 0 {
            let _ = writeln!(out, "  … and {} more", thousands(more));
        }
    }
    out
}

/// The periods after a cohort's a retention table shows; the JSON and CSV have them all.
const RETENTION_PERIODS: usize = 6;

/// Retention: the cohorts (each period's active customers as a share of the cohort, up to
/// six periods after), each period's CRR, the trend and the repeat-purchase rate.
fn retention_table(out: &mut String, r: &Retention) {
    let _ = writeln!(
        out,
        "\nRetention by {} (cohorts by first conversion; complete {}s only)\n",
        r.period, r.period
    );
    if r.cohorts.is_empty() {
        let _ = writeln!(out, "No cohort of a complete {} yet.", r.period);
        return;
    }
    let widest = r.cohorts.iter().map(|c| c.active.len()).max().unwrap_or(0);
    let shown = widest.min(RETENTION_PERIODS + 1);
    let mut header = vec!["Cohort".to_string(), "Customers".to_string()];
    header.extend((0..shown).map(|k| format!("+{k}")));
    let mut rows = vec![header];
    for c in &r.cohorts {
        let mut row = vec![c.cohort.clone(), thousands(c.customers)];
        row.extend(
            c.active
                .iter()
                .take(shown)
                .map(|&a| percent(a as f64, c.customers as f64)),
        );
        rows.push(row);
    }
    table(out, &rows);
    if !r.rates.is_empty() {
        out.push('\n');
        let mut rows = vec![cells(&[
            "Period",
            "S (before)",
            "E (in it)",
            "N (new)",
            "CRR",
        ])];
        for p in &r.rates {
            rows.push(vec![
                p.period.clone(),
                thousands(p.start),
                thousands(p.end),
                thousands(p.new),
                p.crr.map_or("–".into(), |c| format!("{:.1}%", c * 100.0)),
            ]);
        }
        table(out, &rows);
    }
    let trend = r.crr_trend.map_or("–".into(), |t| {
        format!("{:+.1} points a {}", t * 100.0, r.period)
    });
    let repeat = r
        .repeat_rate
        .map_or("–".into(), |rate| format!("{:.1}%", rate * 100.0));
    let _ = writeln!(out, "\nCRR trend: {trend} · repeat-purchase rate: {repeat}");
}

/// The characters of a segment's name a table shows.
const SEGMENT_NAME: usize = 24;

/// The segments (`--by`): one line each side by side (customers, their share, conversions,
/// the share of customers reaching the conversion stage), then a section each with its funnel and
/// attribution, short headers so that each fits in 80 columns.
fn segments_table(out: &mut String, by: &str, analysis: &Analysis) {
    let by = one_line(by);
    let name = |segment: &Segment| {
        let name = one_line(&segment.segment);
        match cut(&name, SEGMENT_NAME) {
            short if short.len() < name.len() => format!("{short}…"),
            _ => name,
        }
    };
    let _ = writeln!(
        out,
        "\nBy {by}: {} segments (each customer in the one of their first mapped event)\n",
        analysis.segments.len()
    );
    // Customers who reached the conversion stage, of the segment's.
    let converting = |segment: &Segment| {
        let stage = segment
            .stages
            .iter()
            .find(|s| s.stage == analysis.conversion_stage);
        percent(
            stage.map_or(0, |s| s.reached) as f64,
            segment.customers as f64,
        )
    };
    let mut rows = vec![cells(&[
        "Segment",
        "Customers",
        "Share",
        "Conversions",
        "Converting",
    ])];
    for segment in &analysis.segments {
        rows.push(vec![
            name(segment),
            thousands(segment.customers),
            percent(segment.customers as f64, analysis.customers as f64),
            thousands(segment.conversions),
            converting(segment),
        ]);
    }
    table(out, &rows);
    for segment in &analysis.segments {
        let _ = writeln!(
            out,
            "\n{by} = {} · {} customers · {} conversions",
            name(segment),
            thousands(segment.customers),
            thousands(segment.conversions),
        );
        let mut funnel = vec![cells(&[
            "Stage", "Reached", "→ next", "Dropped", "Median h",
        ])];
        for s in &segment.stages {
            funnel.push(vec![
                one_line(&s.stage),
                thousands(s.reached),
                s.converted
                    .map_or("–".into(), |c| percent(c as f64, s.reached as f64)),
                s.dropped.map_or("–".into(), thousands),
                s.median_hours.map_or("–".into(), |h| format!("{h:.1}")),
            ]);
        }
        table(out, &funnel);
        if !segment.attribution.is_empty() {
            out.push('\n');
            let mut rows = attribution_rows(&segment.attribution);
            rows[0] = std::iter::once("Attribution".to_string())
                .chain(
                    segment
                        .attribution
                        .keys()
                        .map(|m| m.short_name().to_string()),
                )
                .collect();
            table(out, &rows);
        }
    }
}

/// Channels down, models across, shares as percentages.
fn attribution_rows(attribution: &Attribution) -> Vec<Vec<String>> {
    let mut shares: BTreeMap<&str, BTreeMap<Model, f64>> = BTreeMap::new();
    for (model, by_channel) in attribution {
        for (channel, share) in by_channel {
            shares.entry(channel).or_default().insert(*model, *share);
        }
    }
    let models: Vec<Model> = attribution.keys().copied().collect();
    let mut header = vec!["Attribution".to_string()];
    header.extend(models.iter().map(|m| m.name().to_string()));
    let mut rows = vec![header];
    for (channel, by_model) in shares {
        let mut row = vec![one_line(channel)];
        for model in &models {
            let share = by_model.get(model).copied().unwrap_or(0.0);
            row.push(format!("{:.1}%", share * 100.0));
        }
        rows.push(row);
    }
    rows
}

fn cells(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Rows as aligned columns: the first left-aligned, the rest right-aligned.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| unicode_width::UnicodeWidthStr::width(cell.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad =
                widths[c].saturating_sub(unicode_width::UnicodeWidthStr::width(cell.as_str()));
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// `part` of `whole` as a percentage with one decimal, `–` when `whole` is 0.
fn percent(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        format!("{:.1}%", 100.0 * part / whole)
    } else {
        "–".into()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analytics::{ChannelFigures, RowProblem, StageFigures, Unmapped};

    /// A small analysis written out by hand.
    pub(crate) fn sample() -> Analysis {
        let stage = |name: &str, reached, converted: Option<u64>, median| StageFigures {
            stage: name.into(),
            stage_id: format!("st-{}", name.to_lowercase()),
            reached,
            converted,
            dropped: converted.map(|c| reached - c),
            median_hours: median,
            p90_hours: median.map(|m| m * 2.0),
        };
        let mut attribution = Attribution::new();
        attribution.insert(
            Model::Linear,
            BTreeMap::from([
                ("instagram".into(), 0.25),
                ("web, \"desktop\"".into(), 0.75),
            ]),
        );
        attribution.insert(
            Model::FirstTouch,
            BTreeMap::from([("instagram".into(), 1.0)]),
        );
        Analysis {
            journey: "Beli HP".into(),
            conversion_stage: "Purchase".into(),
            rows: 1234,
            mapped_rows: 1200,
            skipped_rows: 12,
            customers: 1000,
            conversions: 40,
            first_event: Some(1_772_323_200_000), // 2026-03-01T00:00:00Z
            last_event: Some(1_772_409_600_500),  // 2026-03-02T00:00:00.5Z
            stages: vec![
                stage("Awareness", 1000, Some(400), Some(12.5)),
                stage("Purchase", 40, None, None),
            ],
            channels: vec![ChannelFigures {
                channel: "instagram".into(),
                reached: 900,
                conversions: 30,
            }],
            attribution,
            attribution_value: Attribution::new(),
            unmapped: vec![Unmapped {
                event: "app_open".into(),
                rows: 22,
            }],
            unmapped_rows: 22,
            problems: vec![RowProblem {
                line: 7,
                reason: "bad timestamp".into(),
            }],
            bad_values: 1,
            outside_rows: 0,
            by: None,
            segments: Vec::new(),
            retention: None,
            paths: None,
            hours_to_convert: Vec::new(),
            value_problems: vec![RowProblem {
                line: 9,
                reason: "value \"abc\" is not a number: the event is kept without it".into(),
            }],
        }
    }

    #[test]
    fn json_has_the_documented_shape() {
        let value = to_json(&sample());
        assert_eq!(value["stages"][0]["stage"], "Awareness");
        assert_eq!(value["stages"][0]["converted"], 400);
        assert_eq!(value["stages"][1]["converted"], Value::Null);
        assert_eq!(value["stages"][0]["p90_hours"], 25.0);
        assert_eq!(value["channels"][0]["conversions"], 30);
        assert_eq!(value["attribution"]["linear"]["instagram"], 0.25);
        assert_eq!(value["first_event"], "2026-03-01T00:00:00Z");
        assert_eq!(value["last_event"], "2026-03-02T00:00:00.500Z");
        assert_eq!(value["problems"][0]["line"], 7);
        assert_eq!(value["bad_values"], 1);
        assert_eq!(value["value_problems"][0]["line"], 9);
        assert_eq!(value["unmapped"][0]["rows"], 22);
    }

    #[test]
    fn csv_rows_are_one_figure_each_and_quoted_where_needed() {
        let text = to_csv(&sample());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert!(lines.contains(&"summary,,customers,1000"));
        assert!(lines.contains(&"summary,,last_event,2026-03-02T00:00:00.500Z"));
        assert!(lines.contains(&"stage,Awareness,converted,400"));
        assert!(lines.contains(&"stage,Purchase,converted,"));
        assert!(lines.contains(&"stage,Awareness,median_hours,12.5"));
        assert!(lines.contains(&"channel,instagram,conversions,30"));
        assert!(lines.contains(&"attribution,\"web, \"\"desktop\"\"\",linear,0.75"));
    }

    #[test]
    fn the_table_lines_up_and_says_what_was_left_out() {
        insta::assert_snapshot!(to_table(&sample()));
    }

    /// The sample segmented by device: mobile with its figures, and (other).
    fn segmented() -> Analysis {
        let mut analysis = sample();
        let mut mobile = analysis.whole("mobile \u{1b}[2J");
        mobile.customers = 600;
        let mut other = analysis.whole("(other)");
        other.customers = 400;
        other.attribution.clear();
        analysis.by = Some("device".into());
        analysis.segments = vec![mobile, other];
        analysis
    }

    #[test]
    fn segments_have_the_shape_of_the_whole() {
        let value = to_json(&segmented());
        assert_eq!(value["by"], "device");
        assert_eq!(value["segments"][0]["segment"], "mobile \u{1b}[2J");
        assert_eq!(value["segments"][0]["customers"], 600);
        assert_eq!(value["segments"][0]["stages"], value["stages"]);
        assert_eq!(value["segments"][0]["attribution"], value["attribution"]);
        assert_eq!(value["segments"][1]["attribution"], json!({}));
        assert!(to_json(&sample()).get("segments").is_none());
        let text = to_csv(&segmented());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_SEGMENTS_HEADER);
        assert_eq!(lines[1], ",summary,,customers,1000");
        assert!(lines.contains(&"mobile \u{1b}[2J,summary,,customers,600"));
        assert!(lines.contains(&"(other),stage,Awareness,converted,400"));
    }

    #[test]
    fn segments_in_the_table_fit_80_columns_and_show_no_control_characters() {
        let table = to_table(&segmented());
        assert!(!table.contains('\u{1b}'));
        let segments = &table[table.find("By device").unwrap()..];
        for line in segments.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
        }
        insta::assert_snapshot!(segments);
    }

    #[test]
    fn retention_in_the_table_fits_80_columns() {
        let mut analysis = sample();
        analysis.retention = Some(Retention {
            period: "week",
            cohorts: (0..12)
                .map(|n| crate::analytics::retention::Cohort {
                    cohort: format!("2026-{:02}-01", n + 1),
                    customers: 1_234_567,
                    active: vec![1_234_567; 12 - n],
                })
                .collect(),
            rates: vec![crate::analytics::retention::PeriodRate {
                period: "2026-02-01".into(),
                last_day: "2026-02-07".into(),
                start: 1_234_567,
                end: 1_234_567,
                new: 1_000,
                crr: Some(0.9992),
            }],
            crr_trend: None,
            repeat_rate: Some(0.25),
        });
        let table = to_table(&analysis);
        let part = &table[table.find("Retention by week").unwrap()..];
        for line in part.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
        }
        assert!(part.contains("+6") && !part.contains("+7"), "{part}");
        assert!(
            part.contains("CRR trend: – · repeat-purchase rate: 25.0%"),
            "{part}"
        );
    }
}
