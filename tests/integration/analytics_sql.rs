//! The SQL of `cjm analyze --emit-sql`, checked: snapshots of what each dialect gets, and the
//! queries run for real over the fixture events (tests/fixtures/events/):
//!
//! - DuckDB, against figures computed by hand and against cjm's own engine on every fixture;
//! - PostgreSQL (a throwaway cluster with an ICU en-US default collation), against the engine;
//! - BigQuery's query translated to DuckDB by sqlglot and run there, against the engine;
//! - every dialect parsed by sqlglot;
//! - Spark SQL on a local pyspark session, against the engine: an ignored test, opt-in with
//!   `-- --ignored spark` (pyspark is not in CI: see docs/analytics.md §7).
//!
//! The engines come from tests/python/requirements.txt, which `.ci/run` installs; without them
//! the tests that need them print a note and pass locally, and fail under CI.

use crate::common;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;

use cjm::analytics::retention::Period;
use cjm::analytics::segments::By;
use cjm::analytics::sql::{self, Dialect};
use cjm::analytics::{Analysis, Model, Segment, Settings, Zone, format_time};
use cjm::model::Journey;
use serde_json::{Value, json};

/// The Python that runs the checks: `CJM_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("CJM_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events")
}

/// The fixture workspace's journey with `id`.
fn journey(id: &str) -> Journey {
    let loaded = cjm::store::load(&fixtures().join("shop.json")).expect("the fixture loads");
    loaded
        .workspace
        .journeys
        .into_iter()
        .find(|j| j.id == id)
        .expect("the fixture journey")
}

/// One analysis to run both ways: an events file, a journey and settings.
struct Case {
    name: &'static str,
    file: &'static str,
    journey: &'static str,
    settings: Settings,
    table: &'static str,
    /// Whether DuckDB reads the file itself through the view of docs/analytics.md §7.
    recipe: bool,
}

/// Settings that segment by `column`, showing `top` segments.
fn by(column: &str, top: usize) -> Settings {
    Settings {
        by: Some(By::new(column)),
        top_segments: top,
        ..Settings::default()
    }
}

/// Settings with `--retention` by `period` at `offset` minutes, with these events.
fn retention(period: Period, offset: i32, cohort: Option<&str>, back: Option<&str>) -> Settings {
    in_zone(period, Zone::Fixed(offset), cohort, back)
}

/// The zone of the IANA database named `name`.
fn zone(name: &str) -> Zone {
    Zone::parse(name).expect("a zone of the database")
}

/// Settings with `--retention` by `period` in `zone`, with these events.
fn in_zone(period: Period, zone: Zone, cohort: Option<&str>, back: Option<&str>) -> Settings {
    Settings {
        retention: Some(cjm::analytics::retention::Options {
            period,
            zone,
            cohort_event: cohort.map(Into::into),
            return_event: back.map(Into::into),
        }),
        ..Settings::default()
    }
}

/// Settings with `--paths top`.
fn paths(top: usize) -> Settings {
    Settings {
        paths: Some(top),
        ..Settings::default()
    }
}

/// Every events fixture, with the journey it is for, and one run with other settings.
fn cases() -> Vec<Case> {
    let case = |name, file, journey| Case {
        name,
        file,
        journey,
        settings: Settings::default(),
        table: "events",
        recipe: false,
    };
    let recipe = |name, file, journey| Case {
        recipe: true,
        ..case(name, file, journey)
    };
    vec![
        case("small", "small.csv", "jo-beli-hp"),
        case("ties", "ties.csv", "jo-beli-hp"),
        case("zones", "zones.jsonl", "jo-beli-hp"),
        case("messy", "messy.csv", "jo-beli-hp"),
        case("tricky", "tricky.csv", "jo-tricky"),
        Case {
            settings: Settings {
                conversion_stage: Some("decision".into()),
                half_life_days: 0.25,
                ..Settings::default()
            },
            table: "web shop.events \"2026\"",
            ..case("settings", "ties.csv", "jo-beli-hp")
        },
        case("precision", "precision.csv", "jo-beli-hp"),
        case("bad values", "bad-values.csv", "jo-beli-hp"),
        case("direct", "direct.csv", "jo-beli-hp"),
        Case {
            settings: Settings {
                credit_direct: true,
                ..Settings::default()
            },
            ..case("credit direct", "direct.csv", "jo-beli-hp")
        },
        case("lookback", "lookback.csv", "jo-beli-hp"),
        case("repeat", "repeat.csv", "jo-beli-hp"),
        case("transactions", "transactions.csv", "jo-beli-hp"),
        Case {
            // 10:00 UTC on 1 March to the end of 2 March at +07:00.
            settings: Settings {
                since: cjm::analytics::parse_bound("2026-03-01T10:00:00Z", &Zone::UTC, false),
                until: cjm::analytics::parse_bound("2026-03-02", &Zone::Fixed(420), true),
                ..Settings::default()
            },
            ..case("window", "small.csv", "jo-beli-hp")
        },
        Case {
            settings: Settings {
                lookback_days: 30.0,
                ..Settings::default()
            },
            ..case("lookback 30 days", "lookback.csv", "jo-beli-hp")
        },
        Case {
            settings: by("device", 10),
            ..case("by device", "segments.csv", "jo-beli-hp")
        },
        Case {
            settings: by("device", 2),
            ..case("by device, top 2", "segments.csv", "jo-beli-hp")
        },
        Case {
            settings: by("channel", 1),
            ..case("by channel, top 1", "segments.csv", "jo-beli-hp")
        },
        Case {
            settings: Settings {
                credit_direct: true,
                ..by("channel", 10)
            },
            ..case("by channel, direct", "direct.csv", "jo-beli-hp")
        },
        Case {
            settings: retention(Period::Month, 420, None, None),
            ..case(
                "retention by month at +07:00",
                "retention.csv",
                "jo-beli-hp",
            )
        },
        Case {
            settings: retention(Period::Week, 0, None, None),
            ..case("retention by week", "retention.csv", "jo-beli-hp")
        },
        Case {
            settings: retention(Period::Month, 0, Some("ad_click"), Some("view_product")),
            ..case(
                "retention by month, chosen events",
                "retention.csv",
                "jo-beli-hp",
            )
        },
        Case {
            settings: retention(Period::Week, 420, None, None),
            ..case(
                "retention by week at +07:00",
                "transactions.csv",
                "jo-beli-hp",
            )
        },
        Case {
            settings: Settings {
                until: cjm::analytics::parse_bound("2027-01-01", &Zone::UTC, true),
                ..retention(Period::Week, 0, Some("ad_click"), Some("order_paid"))
            },
            ..case(
                "retention by chosen events, until",
                "segments.csv",
                "jo-beli-hp",
            )
        },
        Case {
            settings: Settings {
                retention: retention(Period::Month, -300, None, None).retention,
                ..by("channel", 1)
            },
            ..case("retention and by channel", "retention.csv", "jo-beli-hp")
        },
        Case {
            settings: in_zone(Period::Month, zone("Europe/London"), None, None),
            ..case(
                "retention by month in London",
                "retention.csv",
                "jo-beli-hp",
            )
        },
        Case {
            settings: in_zone(Period::Week, zone("Asia/Jakarta"), None, None),
            ..case(
                "retention by week in Jakarta",
                "retention.csv",
                "jo-beli-hp",
            )
        },
        Case {
            // The day British Summer Time starts: its midnight is still GMT.
            settings: Settings {
                since: cjm::analytics::parse_bound("2026-03-29", &zone("Europe/London"), false),
                until: cjm::analytics::parse_bound("2026-03-31", &zone("Europe/London"), true),
                ..in_zone(Period::Month, zone("Europe/London"), None, None)
            },
            ..case("window in London", "retention.csv", "jo-beli-hp")
        },
        Case {
            settings: paths(10),
            ..case("paths", "paths.csv", "jo-beli-hp")
        },
        Case {
            settings: Settings {
                credit_direct: true,
                ..paths(2)
            },
            ..case("paths, top 2, credit direct", "paths.csv", "jo-beli-hp")
        },
        Case {
            settings: paths(10),
            ..case("paths, ties", "ties.csv", "jo-beli-hp")
        },
        Case {
            settings: Settings {
                paths: Some(3),
                ..by("channel", 10)
            },
            ..case("paths and by channel", "segments.csv", "jo-beli-hp")
        },
        Case {
            settings: Settings {
                since: cjm::analytics::parse_bound("2026-03-01T10:00:00Z", &Zone::UTC, false),
                ..paths(10)
            },
            ..case("paths in a window", "messy.csv", "jo-beli-hp")
        },
        Case {
            // No event of the file maps to this journey: everyone's rows, all zero.
            settings: by("channel", 10),
            ..case("by channel, nothing mapped", "tricky.csv", "jo-beli-hp")
        },
        Case {
            settings: Settings {
                half_life_days: 0.25,
                ..by("device", 3)
            },
            table: "web shop.events \"2026\"",
            ..case("by device, settings", "segments.csv", "jo-beli-hp")
        },
    ]
    .into_iter()
    .chain(
        // The docs' DuckDB view over the CSV files themselves (the other engines load them).
        [
            recipe("small (view)", "small.csv", "jo-beli-hp"),
            recipe("messy (view)", "messy.csv", "jo-beli-hp"),
            recipe("precision (view)", "precision.csv", "jo-beli-hp"),
            recipe("bad values (view)", "bad-values.csv", "jo-beli-hp"),
            recipe("transactions (view)", "transactions.csv", "jo-beli-hp"),
            Case {
                settings: paths(10),
                ..recipe("paths (view)", "paths.csv", "jo-beli-hp")
            },
        ],
    )
    .collect()
}

/// The case's table name, but for Spark, whose own catalog only takes letters, digits and `_`
/// in the names of schemas and tables (the SQL quotes any name; the catalog refuses them).
fn table_for(dialect: Dialect, table: &str) -> String {
    match dialect {
        Dialect::Spark => table
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect(),
        _ => table.to_string(),
    }
}

/// The DuckDB view of docs/analytics.md §7 over `file`, as the docs give it.
fn duckdb_view(file: &Path) -> String {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/analytics.md"))
            .unwrap();
    let start = docs
        .find("```sql\n-- events.csv as the table events")
        .expect("docs/analytics.md §7 has the DuckDB view");
    let body = &docs[start + "```sql\n".len()..];
    let body = &body[..body.find("```").expect("the view's block ends")];
    let path = file.display().to_string().replace('\'', "''");
    body.replace("'events.csv'", &format!("'{path}'"))
}

/// A channel's expected credit and revenue under one model.
type Credit = (&'static str, f64, f64);

/// A result row: section, name, metric, value (`None` for SQL NULL). With `--by` the section
/// is `SEGMENT/SECTION`, `/SECTION` for everyone's rows.
type Row = (String, String, String, Option<String>);

/// Runs tests/python/sqlcheck.py ENGINE over the cases' queries in `dialect`: each case's rows,
/// or `None` after printing why when the engine is not available here.
fn run(engine: &str, dialect: Dialect, cases: &[Case]) -> Option<Vec<Vec<Row>>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/sqlcheck.py");
    match Command::new(python())
        .arg(&script)
        .args(["available", engine])
        .output()
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            common::cannot_run(&format!(
                "skipped, {engine} is not available here ({}): pip install -r \
                 tests/python/requirements.txt, and PostgreSQL from Debian's packages",
                String::from_utf8_lossy(&out.stdout).trim()
            ));
            return None;
        }
        Err(e) => {
            common::cannot_run(&format!("skipped, python3 does not run here: {e}"));
            return None;
        }
    }
    let jobs: Vec<Value> = cases
        .iter()
        .map(|c| {
            let table = table_for(dialect, c.table);
            let sql = sql::emit(&journey(c.journey), &c.settings, dialect, &table).unwrap();
            let mut job = json!({
                "name": c.name,
                "events": fixtures().join(c.file),
                "sql": sql,
                "table": table,
                "dialect": dialect.name(),
            });
            if let Some(column) = c.settings.by.as_ref().and_then(By::column) {
                job["by"] = column.into();
            }
            if c.recipe && engine == "duckdb" {
                job["setup"] = duckdb_view(&fixtures().join(c.file)).into();
            }
            job
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let jobs_file = dir.path().join("jobs.json");
    std::fs::write(&jobs_file, serde_json::to_vec(&jobs).unwrap()).unwrap();
    let out = Command::new(python())
        .arg(&script)
        .arg(engine)
        .arg(&jobs_file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "sqlcheck.py {engine} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("sqlcheck.py answers JSON");
    if let Some(collation) = answer.get("_collation") {
        eprintln!("{engine}: default collation {collation}");
    }
    Some(cases.iter().map(|c| rows(&answer, c.name)).collect())
}

/// The rows of one job in sqlcheck.py's answer.
fn rows(answer: &Value, name: &str) -> Vec<Row> {
    let text = |v: &Value| match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    };
    answer[name]
        .as_array()
        .unwrap_or_else(|| panic!("no rows for {name} in {answer}"))
        .iter()
        .map(|r| {
            let r = r.as_array().expect("a row");
            // With --by, the segment comes first.
            let (section, rest) = match r.len() {
                5 => (
                    format!(
                        "{}/{}",
                        text(&r[0]).unwrap_or_default(),
                        text(&r[1]).unwrap_or_default()
                    ),
                    &r[2..],
                ),
                _ => (text(&r[0]).unwrap_or_default(), &r[1..]),
            };
            (
                section,
                text(&rest[0]).unwrap_or_default(),
                text(&rest[1]).unwrap_or_default(),
                text(&rest[2]),
            )
        })
        .collect()
}

/// cjm's engine on a case.
fn analyze(case: &Case) -> Analysis {
    let go = |_| ControlFlow::Continue(());
    cjm::analytics::analyze_file(
        &fixtures().join(case.file),
        &journey(case.journey),
        &case.settings,
        &go,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

/// The analysis as the rows the SQL returns: all of `--format csv` but Markov attribution;
/// with `--by`, everyone's rows then each segment's, the segment before each section.
fn engine_rows(a: &Analysis) -> Vec<Row> {
    let prefix = if a.by.is_some() { "/" } else { "" };
    let mut rows = part_rows(&a.whole(""), prefix);
    if let Some(retention) = &a.retention {
        rows.extend(retention_rows(retention, prefix));
    }
    if let Some(paths) = &a.paths {
        rows.extend(paths_rows(paths, prefix));
    }
    if a.by.is_none() {
        return rows;
    }
    for segment in &a.segments {
        rows.extend(part_rows(segment, &format!("{}/", segment.segment)));
    }
    rows
}

/// Retention's rows as `--format csv` writes them, each section after `prefix`.
fn retention_rows(r: &cjm::analytics::retention::Retention, prefix: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut row = |section: &str, name: &str, metric: &str, value: Option<String>| {
        rows.push((
            format!("{prefix}{section}"),
            name.into(),
            metric.into(),
            value,
        ));
    };
    for c in &r.cohorts {
        row(
            "retention",
            &c.cohort,
            "customers",
            Some(c.customers.to_string()),
        );
        for (k, active) in c.active.iter().enumerate() {
            row(
                "retention",
                &c.cohort,
                &format!("active_{k}"),
                Some(active.to_string()),
            );
        }
    }
    for p in &r.rates {
        row("crr", &p.period, "start", Some(p.start.to_string()));
        row("crr", &p.period, "end", Some(p.end.to_string()));
        row("crr", &p.period, "new", Some(p.new.to_string()));
        row("crr", &p.period, "crr", p.crr.map(|v| v.to_string()));
    }
    row(
        "retention",
        "",
        "crr_trend",
        r.crr_trend.map(|v| v.to_string()),
    );
    row(
        "retention",
        "",
        "repeat_rate",
        r.repeat_rate.map(|v| v.to_string()),
    );
    rows
}

/// Paths' rows as `--format csv` writes them, each section after `prefix`.
fn paths_rows(p: &cjm::analytics::paths::Paths, prefix: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut row = |section: &str, name: &str, metric: &str, value: u64| {
        rows.push((
            format!("{prefix}{section}"),
            name.into(),
            metric.into(),
            Some(value.to_string()),
        ));
    };
    row("paths", "", "customers", p.customers);
    row("paths", "", "distinct_stage_paths", p.distinct_stage_paths);
    row(
        "paths",
        "",
        "distinct_channel_paths",
        p.distinct_channel_paths,
    );
    row("paths", "", "looped", p.looped);
    row("paths", "", "backward", p.backward);
    for (section, paths) in [
        ("stage_path", &p.stage_paths),
        ("channel_path", &p.channel_paths),
    ] {
        for r in paths {
            row(section, &r.path, "customers", r.customers);
            row(section, &r.path, "converted", r.converted);
        }
    }
    for f in &p.flows {
        let to = f.to.as_deref().unwrap_or("(left)");
        row(
            "flow",
            &format!("{} > {to}", f.from),
            "customers",
            f.customers,
        );
    }
    for l in &p.leaving_channels {
        row("leaving", &l.channel, "customers", l.customers);
    }
    rows
}

/// Some customers' rows, each section after `prefix`.
fn part_rows(a: &Segment, prefix: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut row = |section: &str, name: &str, metric: &str, value: Option<String>| {
        rows.push((
            format!("{prefix}{section}"),
            name.into(),
            metric.into(),
            value,
        ));
    };
    row("summary", "", "customers", Some(a.customers.to_string()));
    row(
        "summary",
        "",
        "conversions",
        Some(a.conversions.to_string()),
    );
    if let Some(t) = a.first_event {
        row("summary", "", "first_event", Some(format_time(t)));
    }
    if let Some(t) = a.last_event {
        row("summary", "", "last_event", Some(format_time(t)));
    }
    for s in &a.stages {
        row("stage", &s.stage, "reached", Some(s.reached.to_string()));
        row(
            "stage",
            &s.stage,
            "converted",
            s.converted.map(|v| v.to_string()),
        );
        row(
            "stage",
            &s.stage,
            "dropped",
            s.dropped.map(|v| v.to_string()),
        );
        row(
            "stage",
            &s.stage,
            "median_hours",
            s.median_hours.map(|v| v.to_string()),
        );
        row(
            "stage",
            &s.stage,
            "p90_hours",
            s.p90_hours.map(|v| v.to_string()),
        );
    }
    for c in &a.channels {
        row(
            "channel",
            &c.channel,
            "reached",
            Some(c.reached.to_string()),
        );
        row(
            "channel",
            &c.channel,
            "conversions",
            Some(c.conversions.to_string()),
        );
    }
    for (section, attribution) in [
        ("attribution", &a.attribution),
        ("attribution_value", &a.attribution_value),
    ] {
        for (model, shares) in attribution {
            if *model == Model::Markov {
                continue;
            }
            for (channel, share) in shares {
                row(section, channel, model.name(), Some(share.to_string()));
            }
        }
    }
    rows
}

/// Whether two values agree: the same text, or numbers within 1e-9 of each other, relatively
/// (sums of the same terms in another order, and engines that print doubles differently).
fn same_value(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-300),
            _ => false,
        },
        _ => false,
    }
}

/// Asserts that the SQL's rows are the engine's, in the same order.
fn assert_same_rows(what: &str, sql: &[Row], engine: &[Row]) {
    let show = |rows: &[Row]| {
        rows.iter()
            .map(|r| format!("  {r:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let same = sql.len() == engine.len()
        && sql
            .iter()
            .zip(engine)
            .all(|(a, b)| a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && same_value(&a.3, &b.3));
    assert!(
        same,
        "{what}: the SQL's rows differ from the engine's\nSQL:\n{}\nengine:\n{}",
        show(sql),
        show(engine)
    );
}

/// Runs every case through `engine` in `dialect` and compares each with cjm's engine.
fn matches_the_engine(engine: &str, dialect: Dialect) {
    let cases = cases();
    let Some(results) = run(engine, dialect, &cases) else {
        return;
    };
    for (case, sql_rows) in cases.iter().zip(results) {
        let expected = engine_rows(&analyze(case));
        assert!(
            expected.len() > 20,
            "{}: too few rows to prove much",
            case.name
        );
        assert_same_rows(&format!("{engine}, {}", case.name), &sql_rows, &expected);
    }
}

#[test]
fn each_dialect_gets_its_own_sql() {
    let j = journey("jo-beli-hp");
    for dialect in Dialect::ALL {
        let sql = sql::emit(&j, &Settings::default(), dialect, "events").unwrap();
        insta::assert_snapshot!(format!("beli_hp_{}", dialect.name()), sql);
        let sql = sql::emit(&j, &by("device", 5), dialect, "events").unwrap();
        insta::assert_snapshot!(format!("beli_hp_by_device_{}", dialect.name()), sql);
    }
}

#[test]
fn duckdb_matches_figures_computed_by_hand() {
    let case = Case {
        name: "small",
        file: "small.csv",
        journey: "jo-beli-hp",
        settings: Settings::default(),
        table: "events",
        recipe: false,
    };
    let Some(results) = run("duckdb", Dialect::DuckDb, std::slice::from_ref(&case)) else {
        return;
    };
    // small.csv, by hand. Paths: c1 instagram 09:00 → web 21:00 → web 09:00 (+1 day) → web
    // 12:00 (order_paid, 3 000 000); c2 instagram 10:00 → web 12:00 (view_product, the card's
    // channel) → store (order_paid without a channel: the card's) 2 days later, 2 500 000; c3
    // (none) (ad_view, after its search in the file) → web, no conversion; c4 only unmapped.
    let h = |hours: f64| 2f64.powf(-hours / (7.0 * 24.0));
    // Time decay: c1's events are 27, 15, 3 and 0 hours before its conversion, c2's 50, 48, 0.
    let (c1, c2) = (h(27.0) + h(15.0) + h(3.0) + 1.0, h(50.0) + h(48.0) + 1.0);
    let decay = [
        ("instagram", h(27.0) / c1 + h(50.0) / c2),
        ("store", 1.0 / c2),
        ("web", (h(15.0) + h(3.0) + 1.0) / c1 + h(48.0) / c2),
    ];
    let third = 1.0 / 3.0;
    let mut expected: Vec<(&str, &str, &str, Option<f64>)> = vec![
        ("summary", "", "customers", Some(3.0)),
        ("summary", "", "conversions", Some(2.0)),
    ];
    let stages = [
        // Awareness → Consideration: 12 h (c1), 2 h (c2), 24 h (c3): median 12, p90 at rank
        // 1.8: 12 + 0.8 × 12 = 21.6.
        ("Awareness", 3, Some((3, 0, 12.0, 21.6))),
        // Only c1 goes on to Decision, 12 h later; c2 skips it.
        ("Consideration", 3, Some((1, 2, 12.0, 12.0))),
        ("Decision", 1, Some((1, 0, 3.0, 3.0))),
        ("Purchase", 2, Some((0, 2, f64::NAN, f64::NAN))),
        ("Post-purchase", 0, Some((0, 0, f64::NAN, f64::NAN))),
        ("Advocacy", 0, None),
    ];
    for (stage, reached, next) in stages {
        let hours = |h: f64| (!h.is_nan()).then_some(h);
        expected.push(("stage", stage, "reached", Some(reached as f64)));
        expected.push(("stage", stage, "converted", next.map(|n| n.0 as f64)));
        expected.push(("stage", stage, "dropped", next.map(|n| n.1 as f64)));
        expected.push((
            "stage",
            stage,
            "median_hours",
            next.and_then(|n| hours(n.2)),
        ));
        expected.push(("stage", stage, "p90_hours", next.and_then(|n| hours(n.3))));
    }
    for (channel, reached, conversions) in [
        ("web", 3, 2),
        ("instagram", 2, 2),
        ("(none)", 1, 0),
        ("store", 1, 1),
    ] {
        expected.push(("channel", channel, "reached", Some(reached as f64)));
        expected.push(("channel", channel, "conversions", Some(conversions as f64)));
    }
    let (v1, v2) = (3_000_000.0, 2_500_000.0);
    // Per model, each channel's credit summed over the two conversions, and its revenue.
    let models: Vec<(&str, Vec<Credit>)> = vec![
        ("first_touch", vec![("instagram", 2.0, v1 + v2)]),
        ("last_touch", vec![("store", 1.0, v2), ("web", 1.0, v1)]),
        (
            "linear",
            vec![
                ("instagram", 0.25 + third, v1 / 4.0 + v2 / 3.0),
                ("store", third, v2 / 3.0),
                ("web", 0.75 + third, v1 * 0.75 + v2 / 3.0),
            ],
        ),
        (
            "position_based",
            vec![
                ("instagram", 0.8, v1 * 0.4 + v2 * 0.4),
                ("store", 0.4, v2 * 0.4),
                ("web", 0.6 + 0.2, v1 * 0.6 + v2 * 0.2),
            ],
        ),
        (
            "time_decay",
            vec![
                (
                    decay[0].0,
                    decay[0].1,
                    v1 * h(27.0) / c1 + v2 * h(50.0) / c2,
                ),
                (decay[1].0, decay[1].1, v2 / c2),
                (
                    decay[2].0,
                    decay[2].1,
                    v1 * (h(15.0) + h(3.0) + 1.0) / c1 + v2 * h(48.0) / c2,
                ),
            ],
        ),
    ];
    for (section, value) in [("attribution", false), ("attribution_value", true)] {
        for (model, credits) in &models {
            for &(channel, credit, revenue) in credits {
                let figure = if value { revenue } else { credit / 2.0 };
                expected.push((section, channel, model, Some(figure)));
            }
        }
    }
    let expected: Vec<Row> = expected
        .into_iter()
        .map(|(s, n, m, v)| (s.into(), n.into(), m.into(), v.map(|v| v.to_string())))
        .collect();
    let mut sql_rows = results.into_iter().next().unwrap();
    // The two times are text: check them as such, then compare the figures.
    let times: Vec<Row> = sql_rows.drain(2..4).collect();
    assert_eq!(
        times,
        [
            ("summary", "first_event", "2026-03-01T08:00:00Z"),
            ("summary", "last_event", "2026-03-03T12:00:00Z")
        ]
        .map(|(s, m, v)| (s.into(), String::new(), m.into(), Some(v.into())))
    );
    assert_same_rows("DuckDB on small.csv", &sql_rows, &expected);
}

#[test]
fn duckdb_matches_the_engine_on_every_fixture() {
    matches_the_engine("duckdb", Dialect::DuckDb);
}

#[test]
fn postgres_matches_the_engine_on_every_fixture() {
    matches_the_engine("postgres", Dialect::Postgres);
}

#[test]
fn bigquery_sql_translated_to_duckdb_matches_the_engine() {
    matches_the_engine("bigquery-duckdb", Dialect::BigQuery);
}

/// Opt-in (pyspark and a JVM are large and not in CI): run it with
/// `cargo test --test integration analytics_sql::spark -- --ignored`.
#[test]
#[ignore = "needs pyspark and a JVM (opt-in, docs/analytics.md section 7)"]
fn spark_matches_the_engine_on_every_fixture() {
    matches_the_engine("spark", Dialect::Spark);
}

#[test]
fn tricky_names_are_quoted_and_matched_exactly() {
    let cases: Vec<Case> = cases().into_iter().filter(|c| c.name == "tricky").collect();
    let Some(results) = run("duckdb", Dialect::DuckDb, &cases) else {
        return;
    };
    let rows = &results[0];
    let value = |section: &str, name: &str, metric: &str| {
        rows.iter()
            .find(|r| r.0 == section && r.1 == name && r.2 == metric)
            .and_then(|r| r.3.clone())
            .unwrap_or_else(|| panic!("no {section} {name:?} {metric} in {rows:#?}"))
    };
    // k3's events must all miss: `50%_off*` matches 50%_off_lebaran (k1) but neither
    // 50abc_off nor 50%Xoff (% and _ are no wildcards); `promo!*` matches promo!hemat (k2), not
    // promoXhemat.
    assert_eq!(value("stage", "Tahap 'satu'", "reached"), "2");
    // `it's "quoted"` only in channel O'Brien "store" (k1); `back\slash?` matches back\slash1
    // (k2), neither backXslash1 nor back\slash12.
    assert_eq!(value("stage", "Stage \"two\" \\ back", "reached"), "2");
    // `café_☕` exactly (k1, k2, k4): not caféX☕.
    assert_eq!(value("stage", "Bayar 💳 100%", "reached"), "3");
    assert_eq!(
        value("stage", "Selesai; DROP TABLE events; --", "reached"),
        "1"
    );
    assert_eq!(value("channel", "saluran \"utama\" 'x'", "reached"), "1");
    assert_eq!(value("channel", "O'Brien \"store\"", "conversions"), "1");
    assert_eq!(value("channel", "😀", "reached"), "1");
    assert_eq!(value("summary", "", "conversions"), "3");
}

#[test]
fn every_dialect_parses_in_sqlglot() {
    // Functions sqlglot does not know by name but the dialect has (checked against each
    // engine's documentation); anything else unknown is a typo.
    let known: &[(Dialect, &[&str])] = &[
        (
            Dialect::DuckDb,
            &["epoch_us", "timezone", "to_milliseconds"],
        ),
        (Dialect::Postgres, &[]),
        (Dialect::BigQuery, &[]),
        (Dialect::Spark, &["pmod", "timestamp_millis"]),
    ];
    for &(dialect, allowed) in known {
        let Some(answer) = parse(dialect) else {
            return;
        };
        for (name, unknown) in answer {
            assert!(
                unknown.iter().all(|f| allowed.contains(&f.as_str())),
                "{dialect} ({name}): functions sqlglot does not know: {unknown:?}"
            );
        }
    }
}

/// sqlglot's parse of every case's SQL in `dialect`: the functions it did not know, by case.
fn parse(dialect: Dialect) -> Option<Vec<(String, Vec<String>)>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/sqlcheck.py");
    let available = Command::new(python())
        .arg(&script)
        .args(["available", "parse"])
        .output()
        .ok()
        .filter(|o| o.status.success());
    if available.is_none() {
        common::cannot_run(
            "skipped, sqlglot is not available here: pip install -r tests/python/requirements.txt",
        );
        return None;
    }
    let jobs: Vec<Value> = cases()
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "sql": sql::emit(&journey(c.journey), &c.settings, dialect, c.table).unwrap(),
                "dialect": dialect.name(),
            })
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let jobs_file = dir.path().join("jobs.json");
    std::fs::write(&jobs_file, serde_json::to_vec(&jobs).unwrap()).unwrap();
    let out = Command::new(python())
        .arg(&script)
        .arg("parse")
        .arg(&jobs_file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "sqlglot does not parse the {dialect} SQL:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    Some(
        answer
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, v)| {
                let unknown = v["unknown_functions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap().to_string())
                    .collect();
                (name.clone(), unknown)
            })
            .collect(),
    )
}
