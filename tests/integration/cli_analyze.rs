//! `cjm analyze`: a small events file with every figure worked out by hand, through the real
//! binary: the formats, `--apply` (from events and from a result table), `--emit-sql`, and
//! bad input with exit 2 and the workspace untouched.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use cjm::model::{EventRule, Journey, Workspace};
use common::{cjm, refused, stderr, stdout};
use serde_json::Value;
use tempfile::TempDir;

/// Three customers (a, b, c) and a row that cannot be read (d, line 9):
/// - a: ad_click (Awareness, no channel: the card's `instagram`) 09:00, view_product web 10:00,
///   order_paid web 12:00 (value 150000): converts; path instagram, web, web.
/// - b: ad_click tiktok 09:00+07:00 (= 02:00Z), view_product app the next day 02:00Z.
/// - c: view_product web at epoch 1772355600 (= 2026-03-01T09:00Z), app_open (no rule).
const EVENTS: &str = "\
customer_id,timestamp,event,channel,value
a,2026-03-01T09:00:00Z,ad_click,,
a,2026-03-01T10:00:00Z,view_product,web,
a,2026-03-01T12:00:00Z,order_paid,web,150000
b,2026-03-01T09:00:00+07:00,ad_click,tiktok,
b,2026-03-02T02:00:00Z,view_product,app,
c,1772355600,view_product,web,
c,2026-03-01T09:30:00Z,app_open,app,
d,yesterday,ad_click,web,
";

fn journey() -> Journey {
    let mut journey = Journey::with_default_stages("Beli HP");
    let mut card = cjm::model::Touchpoint::new("Lihat iklan di Instagram");
    card.channel = "instagram".into();
    let card_id = card.id.clone();
    journey.stages[0].touchpoints.push(card);
    let rule = |event: &str, stage: usize, touchpoint: Option<String>| EventRule {
        event: event.into(),
        stage: journey.stages[stage].id.clone(),
        touchpoint,
        ..EventRule::default()
    };
    journey.event_rules = vec![
        rule("ad_*", 0, Some(card_id)),
        rule("view_product", 1, None),
        rule("order_paid", 3, None),
    ];
    journey
}

/// A folder with `ws.json` (the journey above), `events.csv` and `readable.csv` (the same
/// without the row that cannot be read, for `--apply`).
fn setup() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let workspace = Workspace {
        journeys: vec![journey()],
        ..Workspace::default()
    };
    let ws = dir.path().join("ws.json");
    fs::write(&ws, cjm::store::to_json(&workspace)).unwrap();
    fs::write(dir.path().join("events.csv"), EVENTS).unwrap();
    let readable = EVENTS.replace("d,yesterday,ad_click,web,\n", "");
    fs::write(dir.path().join("readable.csv"), readable).unwrap();
    (dir, ws)
}

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let out = cjm(dir, args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON output")
}

fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

#[test]
fn every_figure_matches_the_hand_computed_one() {
    let (dir, _) = setup();
    let report = json_of(
        dir.path(),
        &["analyze", "events.csv", "ws.json", "--format", "json"],
    );
    assert_eq!(report["journey"], "Beli HP");
    assert_eq!(report["conversion_stage"], "Purchase");
    assert_eq!(
        (
            &report["rows"],
            &report["mapped_rows"],
            &report["skipped_rows"]
        ),
        (&8.into(), &6.into(), &1.into())
    );
    assert_eq!(
        (&report["customers"], &report["conversions"]),
        (&3.into(), &1.into())
    );
    assert_eq!(report["first_event"], "2026-03-01T02:00:00Z");
    assert_eq!(report["last_event"], "2026-03-02T02:00:00Z");

    // Awareness: a (1 h to Consideration) and b (24 h): median 12.5, p90 1 + 0.9 × 23.
    let awareness = &report["stages"][0];
    assert_eq!(
        (&awareness["reached"], &awareness["converted"]),
        (&2.into(), &2.into())
    );
    assert_eq!(awareness["dropped"], 0);
    assert!(close(&awareness["median_hours"], 12.5), "{awareness}");
    assert!(close(&awareness["p90_hours"], 21.7), "{awareness}");
    // Consideration: a, b, c; nobody reaches Decision.
    let consideration = &report["stages"][1];
    assert_eq!(consideration["reached"], 3);
    assert_eq!(
        (&consideration["converted"], &consideration["dropped"]),
        (&0.into(), &3.into())
    );
    assert_eq!(consideration["median_hours"], Value::Null);
    assert_eq!(report["stages"][3]["reached"], 1, "Purchase: a");
    let advocacy = &report["stages"][5];
    assert_eq!(
        (&advocacy["reached"], &advocacy["converted"]),
        (&0.into(), &Value::Null)
    );

    // Channels, most customers first, then by name.
    let channels: Vec<(String, u64, u64)> = report["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let n = |k: &str| c[k].as_u64().unwrap();
            (
                c["channel"].as_str().unwrap().to_string(),
                n("reached"),
                n("conversions"),
            )
        })
        .collect();
    let expected = [
        ("web", 2, 1),
        ("app", 1, 0),
        ("instagram", 1, 1),
        ("tiktok", 1, 0),
    ];
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(c, r, v)| (c.to_string(), *r, *v))
        .collect();
    assert_eq!(channels, expected);

    // a's path: instagram 09:00, web 10:00, web 12:00 (the conversion).
    let share = |model: &str, channel: &str| report["attribution"][model][channel].clone();
    assert!(close(&share("first_touch", "instagram"), 1.0));
    assert!(close(&share("last_touch", "web"), 1.0));
    assert!(close(&share("linear", "instagram"), 1.0 / 3.0));
    assert!(close(&share("linear", "web"), 2.0 / 3.0));
    assert!(close(&share("position_based", "instagram"), 0.4));
    assert!(close(&share("position_based", "web"), 0.6));
    // Time decay, half-life 7 days = 168 h: ages 3 h, 2 h and 0.
    let weights = [2f64.powf(-3.0 / 168.0), 2f64.powf(-2.0 / 168.0), 1.0];
    let total: f64 = weights.iter().sum();
    assert!(close(&share("time_decay", "instagram"), weights[0] / total));
    // Markov: start → {instagram, tiktok, web} a third each; instagram → web; web → conversion
    // or null, half each; tiktok → app → null. P = 1/3. Without instagram P = 1/6 (RE ½);
    // without web P = 0 (RE 1): shares ⅓ and ⅔.
    assert!(
        close(&share("markov", "instagram"), 1.0 / 3.0),
        "{}",
        report["attribution"]
    );
    assert!(close(&share("markov", "web"), 2.0 / 3.0));
    assert_eq!(
        report["attribution"]["markov"].as_object().unwrap().len(),
        2
    );
    // The conversion's value, split as the shares.
    assert!(close(
        &report["attribution_value"]["linear"]["web"],
        100_000.0
    ));

    assert_eq!(report["unmapped"][0]["event"], "app_open");
    assert_eq!(report["problems"][0]["line"], 9);
    let reason = report["problems"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("yesterday"), "{reason}");
}

#[test]
fn the_table_and_the_csv_say_the_same() {
    let (dir, _) = setup();
    let out = cjm(dir.path(), &["analyze", "events.csv", "ws.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.starts_with("Beli HP · 3 customers · 1 conversions (Purchase)"),
        "{table}"
    );
    assert!(table.contains("Awareness"), "{table}");
    assert!(table.contains("Unmapped events (add event rules for them): app_open (1)"));
    assert!(table.contains("line 9:"), "{table}");
    let csv = stdout(&cjm(
        dir.path(),
        &["analyze", "events.csv", "ws.json", "-f", "csv"],
    ));
    assert!(csv.starts_with("section,name,metric,value\n"), "{csv}");
    assert!(csv.contains("\nstage,Awareness,reached,2\n"), "{csv}");
    assert!(csv.contains("\nchannel,web,reached,2\n"), "{csv}");
    assert!(
        csv.contains("\nattribution,instagram,first_touch,1\n"),
        "{csv}"
    );
}

#[test]
fn apply_writes_dated_measurements_once_and_a_result_table_applies_the_same() {
    let (dir, ws) = setup();
    let out = cjm(
        dir.path(),
        &["analyze", "readable.csv", "ws.json", "--apply"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("dated 2026-03-02"),
        "{}",
        stderr(&out)
    );
    let once = fs::read(&ws).unwrap();
    let workspace = cjm::store::load(&ws).unwrap().workspace;
    let awareness = &workspace.journeys[0].stages[0];
    assert_eq!(awareness.kpis.len(), 2);
    assert_eq!(awareness.kpis[0].measurements[0].value, Some(2.0));
    assert_eq!(awareness.kpis[1].measurements[0].numerator, Some(2));

    let again = cjm(
        dir.path(),
        &["analyze", "readable.csv", "ws.json", "--apply"],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        fs::read(&ws).unwrap(),
        once,
        "applying twice changes nothing"
    );

    // The same figures as a result table, applied to a fresh copy, give the same measurements.
    let csv = stdout(&cjm(
        dir.path(),
        &["analyze", "readable.csv", "ws.json", "-f", "csv"],
    ));
    fs::write(dir.path().join("result.csv"), csv).unwrap();
    let (other, other_ws) = setup();
    fs::copy(
        dir.path().join("result.csv"),
        other.path().join("result.csv"),
    )
    .unwrap();
    let out = cjm(
        other.path(),
        &["analyze", "result.csv", "ws.json", "--apply"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let from_table = cjm::store::load(&other_ws).unwrap().workspace;
    let measurements = |ws: &Workspace| -> Vec<_> {
        ws.journeys[0]
            .stages
            .iter()
            .flat_map(|s| {
                s.kpis
                    .iter()
                    .map(|k| (k.name.clone(), k.measurements.clone()))
            })
            .collect()
    };
    assert_eq!(measurements(&from_table), measurements(&workspace));

    let out = cjm(
        dir.path(),
        &[
            "analyze",
            "readable.csv",
            "ws.json",
            "--apply",
            "--date",
            "2026-04-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let workspace = cjm::store::load(&ws).unwrap().workspace;
    assert_eq!(
        workspace.journeys[0].stages[0].kpis[0].measurements.len(),
        2
    );
}

#[test]
fn events_come_from_standard_input_and_json_lines() {
    let (dir, _) = setup();
    let lines = "\
{\"customer_id\": 1, \"timestamp\": \"2026-03-01T09:00:00Z\", \"event\": \"ad_click\", \"channel\": \"web\"}
{\"customer_id\": 1, \"timestamp\": 1772360000000, \"event\": \"order_paid\", \"channel\": \"web\"}
";
    let mut child = common::cjm_in(dir.path())
        .args(["analyze", "-", "ws.json", "-f", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (&report["customers"], &report["conversions"]),
        (&1.into(), &1.into())
    );
}

#[test]
fn emit_sql_prints_one_query_for_each_engine() {
    let (dir, _) = setup();
    for engine in ["duckdb", "postgres", "bigquery", "spark"] {
        let out = cjm(dir.path(), &["analyze", "--emit-sql", engine, "ws.json"]);
        assert_eq!(out.status.code(), Some(0), "{engine}: {}", stderr(&out));
        let sql = stdout(&out);
        assert!(
            sql.contains("ad\\_%") || sql.contains("ad%") || sql.contains("ad_"),
            "{sql}"
        );
        assert!(sql.to_lowercase().contains("events"), "{engine}: {sql}");
    }
    refused(
        dir.path(),
        &["analyze", "--emit-sql", "oracle", "ws.json"],
        "oracle",
    );
}

#[test]
fn bad_input_is_exit_2_with_a_precise_message_and_the_workspace_untouched() {
    let (dir, ws) = setup();
    let before = fs::read(&ws).unwrap();
    refused(
        dir.path(),
        &["analyze", "missing.csv", "ws.json"],
        "missing.csv",
    );
    fs::write(
        dir.path().join("header.csv"),
        "user,time,event\nu,2026-03-01T00:00:00Z,x\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &["analyze", "header.csv", "ws.json", "--apply"],
        "customer_id",
    );
    fs::write(
        dir.path().join("bad.csv"),
        "customer_id,timestamp,event\na,soon,ad_click\nb,later,ad_click\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &["analyze", "bad.csv", "ws.json", "--apply"],
        "soon",
    );
    refused(
        dir.path(),
        &[
            "analyze",
            "events.csv",
            "ws.json",
            "--conversion",
            "Nowhere",
        ],
        "Nowhere",
    );
    refused(
        dir.path(),
        &["analyze", "events.csv", "ws.json", "--half-life", "0"],
        "--half-life",
    );
    refused(
        dir.path(),
        &["analyze", "events.csv", "ws.json", "-j", "Other"],
        "Other",
    );
    refused(
        dir.path(),
        &[
            "analyze",
            "readable.csv",
            "ws.json",
            "--apply",
            "--date",
            "March",
        ],
        "YYYY-MM-DD",
    );
    assert_eq!(fs::read(&ws).unwrap(), before, "nothing was written");

    // A journey without rules says how to add them.
    let workspace = Workspace {
        journeys: vec![Journey::with_default_stages("Kosong")],
        ..Workspace::default()
    };
    fs::write(
        dir.path().join("empty.json"),
        cjm::store::to_json(&workspace),
    )
    .unwrap();
    refused(
        dir.path(),
        &["analyze", "events.csv", "empty.json"],
        "no event rules",
    );
}

/// 200 events rows of which the 17th opens a quote it never closes: only the first 16 rows
/// can be read.
fn events_with_an_open_quote() -> String {
    let mut text = String::from("customer_id,timestamp,event,channel,value\n");
    for row in 1..=200 {
        let quote = if row == 17 { "\"" } else { "" };
        text.push_str(&format!(
            "c{row},2026-03-01T09:00:00Z,{quote}ad_click,web,\n"
        ));
    }
    text
}

#[test]
fn apply_refuses_unreadable_rows_unless_forced() {
    let (dir, ws) = setup();
    let before = fs::read(&ws).unwrap();
    fs::write(dir.path().join("quote.csv"), events_with_an_open_quote()).unwrap();
    let out = refused(
        dir.path(),
        &["analyze", "quote.csv", "ws.json", "--apply"],
        "pass --force to apply anyway",
    );
    let message = stderr(&out);
    assert!(message.contains("could not be read"), "{message}");
    assert!(message.contains("line 18"), "{message}");
    // The setup's events have one bad row among eight, on line 9.
    let out = refused(
        dir.path(),
        &["analyze", "events.csv", "ws.json", "--apply"],
        "1 of 8 rows could not be read (line 9)",
    );
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(fs::read(&ws).unwrap(), before, "the workspace is untouched");

    let forced = cjm(
        dir.path(),
        &["analyze", "quote.csv", "ws.json", "--apply", "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let message = stderr(&forced);
    assert!(message.contains("warning: "), "{message}");
    assert!(message.contains("could not be read (line 18)"), "{message}");
    assert!(message.contains("applied: "), "{message}");
    let workspace = cjm::store::load(&ws).unwrap().workspace;
    let reached = &workspace.journeys[0].stages[0].kpis[0].measurements[0];
    assert_eq!(reached.value, Some(16.0), "the 16 readable rows");
}

#[test]
fn credit_direct_credits_none_touches_and_bad_values_are_noted() {
    let (dir, _) = setup();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let shop = fixtures.join("shop.json");
    let direct = fixtures.join("direct.csv");
    let (shop, direct) = (shop.to_str().unwrap(), direct.to_str().unwrap());
    let args = |extra: &[&'static str]| {
        let mut args = vec!["analyze", direct, shop, "-j", "Beli HP", "-f", "json"];
        args.extend_from_slice(extra);
        args
    };
    let ga4 = json_of(dir.path(), &args(&[]));
    assert!(close(&ga4["attribution"]["first_touch"]["(none)"], 0.4));
    let all = json_of(dir.path(), &args(&["--credit-direct"]));
    assert!(close(&all["attribution"]["first_touch"]["(none)"], 0.6));
    // e's ad is 2 days before its order: a 1-day window leaves it out.
    let day = json_of(dir.path(), &args(&["--lookback", "1d"]));
    assert!(close(&day["attribution"]["first_touch"]["app"], 0.2));
    // 2 March at +07:00 is 1 March 17:00 to 2 March 17:00 UTC: the five events at midnight on
    // 2 March, of which a's, c's and d's checkouts.
    let window = json_of(
        dir.path(),
        &args(&[
            "--since",
            "2026-03-02",
            "--until",
            "2026-03-02",
            "--tz",
            "+07:00",
        ]),
    );
    assert_eq!(window["outside_rows"], 6);
    assert_eq!(window["conversions"], 3);
    // Jakarta is +07:00 all year: the same window by name.
    let named = json_of(
        dir.path(),
        &args(&[
            "--since",
            "2026-03-02",
            "--until",
            "2026-03-02",
            "--tz",
            "asia/jakarta",
        ]),
    );
    assert_eq!(named, window);
    let out = cjm(dir.path(), &args(&["--tz", "Mars/Olympus"]));
    assert!(
        stderr(&out).contains("a zone of the IANA database such as Asia/Jakarta"),
        "{}",
        stderr(&out)
    );
    for bad in [&["--tz", "Mars/Olympus"][..], &["--since", "soon"][..]] {
        let out = cjm(dir.path(), &args(bad));
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    let out = cjm(dir.path(), &args(&["--lookback", "a month"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a number of days"),
        "{}",
        stderr(&out)
    );
    let bad = fixtures.join("bad-values.csv");
    let out = cjm(
        dir.path(),
        &[
            "analyze",
            bad.to_str().unwrap(),
            shop,
            "-j",
            "Beli HP",
            "-f",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["bad_values"], 3);
    assert_eq!(report["conversions"], 4);
    assert!(
        stderr(&out).contains("3 values are not numbers"),
        "{}",
        stderr(&out)
    );
}

/// The events with a `device` column: a's first event on mobile (its order on desktop does
/// not move it), b's on a device named with a terminal escape sequence and a bell, c's empty.
const DEVICES: &str = "\
customer_id,timestamp,event,channel,value,device
a,2026-03-01T09:00:00Z,ad_click,,,mobile
a,2026-03-01T10:00:00Z,view_product,web,,desktop
a,2026-03-01T12:00:00Z,order_paid,web,150000,desktop
b,2026-03-01T09:00:00+07:00,ad_click,tiktok,,\"evil \x1b]0;title\x07\"
b,2026-03-02T02:00:00Z,view_product,app,,mobile
c,1772355600,view_product,web,,
";

#[test]
fn by_a_column_segments_every_format() {
    let (dir, _) = setup();
    fs::write(dir.path().join("devices.csv"), DEVICES).unwrap();
    let args = ["analyze", "devices.csv", "ws.json", "--by", "device"];
    let json = json_of(dir.path(), &[&args[..], &["-f", "json"]].concat());
    assert_eq!(json["by"], "device");
    let segments = json["segments"].as_array().unwrap();
    let names: Vec<&str> = segments
        .iter()
        .map(|s| s["segment"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["(not set)", "evil \u{1b}]0;title\u{7}", "mobile"]);
    let mobile = &segments[2];
    assert_eq!(mobile["customers"], 1);
    assert_eq!(mobile["conversions"], 1);
    assert!(close(
        &mobile["attribution"]["linear"]["instagram"],
        1.0 / 3.0
    ));
    assert_eq!(mobile["stages"][0]["reached"], 1);
    assert_eq!(json["customers"], 3, "the whole as without --by");

    let out = cjm(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table}"
    );
    assert!(table.contains("By device: 3 segments"), "{table}");
    assert!(table.contains("device = mobile · 1 customers"), "{table}");

    let csv = stdout(&cjm(dir.path(), &[&args[..], &["-f", "csv"]].concat()));
    assert!(
        csv.starts_with("segment,section,name,metric,value\n"),
        "{csv}"
    );
    assert!(csv.contains("\n,summary,,customers,3\n"), "{csv}");
    assert!(
        csv.contains("\nmobile,attribution,web,last_touch,1\n"),
        "{csv}"
    );

    // One segment shown: (not set) by name among equals, the other two as (other), last.
    let capped = json_of(
        dir.path(),
        &[&args[..], &["--top", "1", "-f", "json"]].concat(),
    );
    let shown: Vec<(&str, u64)> = capped["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["segment"].as_str().unwrap(),
                s["customers"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shown, [("(not set)", 1), ("(other)", 2)]);

    // By channel: each customer's first mapped event's channel, the card's when it has none.
    let by_channel = json_of(
        dir.path(),
        &[
            "analyze",
            "devices.csv",
            "ws.json",
            "--by",
            "channel",
            "-f",
            "json",
        ],
    );
    let names: Vec<&str> = by_channel["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["instagram", "tiktok", "web"]);
}

#[test]
fn by_refuses_what_it_cannot_segment_by() {
    let (dir, ws) = setup();
    fs::write(dir.path().join("devices.csv"), DEVICES).unwrap();
    let before = fs::read(&ws).unwrap();
    let out = refused(
        dir.path(),
        &[
            "analyze",
            "devices.csv",
            "ws.json",
            "--by",
            "devise",
            "--apply",
        ],
        "no column \"devise\" to segment by (--by)",
    );
    assert!(stderr(&out).contains("\"device\""), "{}", stderr(&out));
    refused(
        dir.path(),
        &["analyze", "devices.csv", "ws.json", "--top", "3"],
        "--by",
    );
    refused(
        dir.path(),
        &["analyze", "devices.csv", "ws.json", "--by", " "],
        "--by needs a column name",
    );
    refused(
        dir.path(),
        &[
            "analyze",
            "devices.csv",
            "ws.json",
            "--by",
            "device",
            "--top",
            "0",
        ],
        "--top must be at least 1",
    );
    fs::write(dir.path().join("empty.csv"), "").unwrap();
    refused(
        dir.path(),
        &["analyze", "empty.csv", "ws.json", "--by", "device"],
        "empty",
    );
    assert_eq!(fs::read(&ws).unwrap(), before, "nothing written");
    // --apply with --by applies everyone's figures, and its CSV applies the same.
    let out = cjm(
        dir.path(),
        &[
            "analyze",
            "devices.csv",
            "ws.json",
            "--by",
            "device",
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&cjm(
        dir.path(),
        &[
            "analyze",
            "devices.csv",
            "ws.json",
            "--by",
            "device",
            "-f",
            "csv",
        ],
    ));
    fs::write(dir.path().join("result.csv"), csv).unwrap();
    let applied = fs::read(&ws).unwrap();
    let out = cjm(dir.path(), &["analyze", "result.csv", "ws.json", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read(&ws).unwrap(), applied, "the same measurements");
}

#[test]
fn emit_sql_by_groups_by_the_column() {
    let (dir, _) = setup();
    for engine in ["duckdb", "postgres", "bigquery", "spark"] {
        let out = cjm(
            dir.path(),
            &[
                "analyze",
                "--emit-sql",
                engine,
                "ws.json",
                "--by",
                "device",
                "--top",
                "4",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{engine}: {}", stderr(&out));
        let sql = stdout(&out);
        assert!(sql.contains("AS seg_value"), "{engine}: {sql}");
        assert!(sql.contains("seg_rank <= 4"), "{engine}: {sql}");
        assert!(sql.contains("device"), "{engine}: {sql}");
    }
}

/// Orders by week (weeks start on Monday): a on Monday 2 March and Tuesday 10 March, b on
/// Wednesday 4 March, c on 16 March (the last event: that week is not complete).
const ORDERS: &str = "\
customer_id,timestamp,event,channel,value
a,2026-03-02T09:00:00Z,order_paid,web,10
a,2026-03-10T09:00:00Z,order_paid,web,20
b,2026-03-04T09:00:00Z,order_paid,web,30
c,2026-03-16T09:00:00Z,order_paid,web,40
";

#[test]
fn retention_by_week_in_every_format() {
    let (dir, ws) = setup();
    fs::write(dir.path().join("orders.csv"), ORDERS).unwrap();
    let args = ["analyze", "orders.csv", "ws.json", "--retention", "week"];
    let json = json_of(dir.path(), &[&args[..], &["-f", "json"]].concat());
    let r = &json["retention"];
    assert_eq!(r["period"], "week");
    assert_eq!(r["cohorts"][0]["cohort"], "2026-03-02");
    assert_eq!(r["cohorts"][0]["customers"], 2);
    assert_eq!(r["cohorts"][0]["active"], serde_json::json!([2, 1]));
    assert_eq!(
        r["cohorts"].as_array().unwrap().len(),
        1,
        "16 March's week is not over"
    );
    // Week of 9 March: S = 2 (a, b), E = 1 (a), N = 0.
    assert_eq!(r["crr"][0]["period"], "2026-03-09");
    assert!(close(&r["crr"][0]["crr"], 0.5));
    assert!(close(&r["repeat_rate"], 1.0 / 3.0));

    let out = cjm(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("Retention by week"), "{table}");
    assert!(
        table.contains("2026-03-02          2  100.0%  50.0%"),
        "{table}"
    );
    assert!(table.contains("repeat-purchase rate: 33.3%"), "{table}");

    let csv = stdout(&cjm(dir.path(), &[&args[..], &["-f", "csv"]].concat()));
    assert!(csv.contains("\nretention,2026-03-02,active_1,1\n"), "{csv}");
    assert!(csv.contains("\ncrr,2026-03-09,crr,0.5\n"), "{csv}");
    // Such a CSV applies the stage figures and the CRR; from the events, the same again.
    fs::write(dir.path().join("result.csv"), csv).unwrap();
    let out = cjm(dir.path(), &["analyze", "result.csv", "ws.json", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let from_result = fs::read_to_string(&ws).unwrap();
    assert!(from_result.contains("events:reached"));
    assert!(from_result.contains("events:crr:week"));
    // --apply writes the week of 9 March's CRR, 1 of 2, dated its Sunday.
    let out = cjm(dir.path(), &[&args[..], &["--apply"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&ws).unwrap(),
        from_result,
        "the same measurements"
    );
    assert!(
        stderr(&out).contains("customer retention rates dated"),
        "{}",
        stderr(&out)
    );
    let workspace: Value = serde_json::from_str(&fs::read_to_string(&ws).unwrap()).unwrap();
    let purchase = &workspace["journeys"][0]["stages"][3];
    let crr = purchase["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["source"] == "events:crr:week")
        .expect("a CRR KPI on the conversion stage");
    assert_eq!(crr["measurements"][0]["date"], "2026-03-15");
    assert_eq!(crr["measurements"][0]["numerator"], 1);
    assert_eq!(crr["measurements"][0]["denominator"], 2);
    refused(
        dir.path(),
        &["analyze", "orders.csv", "ws.json", "--retention", "day"],
        "day",
    );
    refused(
        dir.path(),
        &[
            "analyze",
            "orders.csv",
            "ws.json",
            "--cohort-event",
            "order_paid",
        ],
        "--retention",
    );
    refused(
        dir.path(),
        &[&args[..], &["--return-event", "\u{1b}[31mred"]].concat(),
        "no event of that name is mapped",
    );
    let chosen = json_of(
        dir.path(),
        &[
            &args[..],
            &[
                "--cohort-event",
                "order_paid",
                "--return-event",
                "order_paid",
                "-f",
                "json",
            ],
        ]
        .concat(),
    );
    assert_eq!(
        chosen["retention"], json["retention"],
        "the same as the defaults here"
    );
    // The SQL computes it too.
    let out = cjm(
        dir.path(),
        &[
            "analyze",
            "--emit-sql",
            "postgres",
            "ws.json",
            "--retention",
            "month",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("retention_rates AS ("),
        "{}",
        stdout(&out)
    );
}
