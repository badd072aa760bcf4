//! `cjm experiment` and `cjm experiment plan` end to end: the arms of
//! tests/fixtures/events/experiment.csv (A: 12 of 40 convert, B: 20 of 42) through the
//! funnel engine of `cjm analyze`, in every format, and the clear refusals (one arm, no arm
//! column, an unknown control, a broken split).

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{cjm, refused, stdout};
use serde_json::Value;
use tempfile::TempDir;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events")
}

fn args<'a>(events: &'a str, shop: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["experiment", events, shop, "-j", "Beli HP"];
    all.extend(more);
    all
}

#[test]
fn arms_are_compared_with_the_control_in_every_format() {
    let dir = TempDir::new().unwrap();
    let events = fixtures().join("experiment.csv");
    let shop = fixtures().join("shop.json");
    let (events, shop) = (events.to_str().unwrap(), shop.to_str().unwrap());
    let out = cjm(dir.path(), &args(events, shop, &[]));
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("A                           40        30 %            35.1"),
        "{table}"
    );
    assert!(
        table.contains("B                           42      47.6 %           55.24"),
        "{table}"
    );
    assert!(
        table.contains("B conversion: 30 % → 47.6 %, +17.6 pp [-3.1 pp, +38.4 pp]"),
        "{table}"
    );
    assert!(
        table.contains(
            "not significant; about 8400 more customers per arm would detect a 2-point lift"
        ),
        "{table}"
    );
    assert!(
        table.contains("Sample ratio: fits the intended split"),
        "{table}"
    );

    let out = cjm(
        dir.path(),
        &args(events, shop, &["-f", "json", "--control", "B"]),
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["control"], "B");
    assert_eq!(json["arms"][0]["customers"], 42);
    let conversion = &json["comparisons"][0];
    assert_eq!(conversion["metric"], "conversion");
    let difference = conversion["test"]["difference"].as_f64().unwrap();
    assert!((difference - (12.0 / 40.0 - 20.0 / 42.0)).abs() < 1e-12);

    let out = cjm(dir.path(), &args(events, shop, &["-f", "csv"]));
    let csv = stdout(&out);
    assert!(csv.starts_with("section,arm,metric,field,value\n"), "{csv}");
    assert!(csv.contains("arm,B,conversion,count,20\n"), "{csv}");
    assert!(csv.contains("comparison,B,conversion,adjusted_p,"), "{csv}");
    assert!(
        csv.contains("arm,A,value per customer,mean,35.1\n"),
        "{csv}"
    );
    assert!(
        table_has_welch(&table),
        "the value per customer is compared by Welch's t (Holm over rates, value and time): \
         {table}"
    );
    assert!(
        table.contains("B time to convert: median 5.5 h → 5.5 h; p 1.000 (Mann–Whitney)"),
        "time to convert is compared by ranks: {table}"
    );
    assert!(
        csv.contains("comparison,B,time to convert,adjusted_p,"),
        "{csv}"
    );
}

#[test]
fn a_file_per_arm_gives_the_same_report_as_an_arm_column() {
    let dir = TempDir::new().unwrap();
    let text = fs::read_to_string(fixtures().join("experiment.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|c| *c == "arm").unwrap();
    let without = |fields: Vec<&str>| -> String {
        let kept: Vec<&str> = (fields.iter().enumerate())
            .filter(|(i, _)| *i != at)
            .map(|(_, f)| *f)
            .collect();
        kept.join(",") + "\n"
    };
    let mut files = [
        ("A", without(header.clone())),
        ("B", without(header.clone())),
    ];
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let file = files
            .iter_mut()
            .find(|(arm, _)| *arm == fields[at])
            .unwrap();
        file.1.push_str(&without(fields));
    }
    for (arm, rows) in &files {
        fs::write(dir.path().join(format!("{arm}.csv")), rows).unwrap();
    }
    let shop = fixtures().join("shop.json");
    let shop = shop.to_str().unwrap();
    let by_files = cjm(
        dir.path(),
        &[
            "experiment",
            "--arm-file",
            "A=A.csv",
            "--arm-file",
            "B=B.csv",
            shop,
            "-j",
            "Beli HP",
            "-f",
            "json",
        ],
    );
    assert_eq!(
        by_files.status.code(),
        Some(0),
        "{}",
        common::stderr(&by_files)
    );
    let events = fixtures().join("experiment.csv");
    let by_column = cjm(
        dir.path(),
        &args(events.to_str().unwrap(), shop, &["-f", "json"]),
    );
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&by_files.stdout).unwrap(),
        serde_json::from_slice(&by_column.stdout).unwrap(),
    );
    for part in [
        "arms",
        "comparisons",
        "value_comparisons",
        "time_comparisons",
        "srm",
    ] {
        assert_eq!(a[part], b[part], "{part}");
    }
    refused(
        dir.path(),
        &["experiment", "--arm-file", "A", shop],
        "--arm-file A: give the arm and its file as ARM=FILE",
    );
    let twice = [
        "experiment",
        "--arm-file",
        "A=A.csv",
        "--arm-file",
        "A=B.csv",
        shop,
    ];
    refused(dir.path(), &twice, "the arm “A” is given twice");
    let both = ["experiment", "--arm-file", "A=A.csv", "x.csv", shop];
    refused(dir.path(), &both, "name only the workspace");
}

fn table_has_welch(table: &str) -> bool {
    table.contains("B value per customer: 35.1 → 55.24, +20.14 [-4.87, +45.15]; p 0.408 (Welch)")
}

#[test]
fn a_split_the_arms_do_not_fit_is_loud_and_exits_1() {
    let dir = TempDir::new().unwrap();
    let events = fixtures().join("experiment.csv");
    let shop = fixtures().join("shop.json");
    let (events, shop) = (events.to_str().unwrap(), shop.to_str().unwrap());
    let out = cjm(dir.path(), &args(events, shop, &["--split", "1,9"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("! SAMPLE RATIO MISMATCH"),
        "{}",
        stdout(&out)
    );
    assert!(common::stderr(&out).contains("sample ratio mismatch"));
}

#[test]
fn unusable_arms_are_refused_with_what_to_do() {
    let dir = TempDir::new().unwrap();
    let shop = fixtures().join("shop.json");
    let shop = shop.to_str().unwrap();
    let one = dir.path().join("one.csv");
    fs::write(
        &one,
        "customer_id,arm,timestamp,event\nc1,A,2026-03-01T09:00:00Z,ad_click\n",
    )
    .unwrap();
    let one = one.to_str().unwrap();
    refused(dir.path(), &args(one, shop, &[]), "only one arm, “A”");
    refused(
        dir.path(),
        &args(one, shop, &["--arm", "variant"]),
        "no column “variant”",
    );
    let events = fixtures().join("experiment.csv");
    let events = events.to_str().unwrap();
    refused(
        dir.path(),
        &args(events, shop, &["--control", "C"]),
        "no arm “C” (arms: A, B)",
    );
    refused(
        dir.path(),
        &args(events, shop, &["--split", "1,2,3"]),
        "3 weights for 2 arms",
    );
    refused(
        dir.path(),
        &args(events, shop, &["--split", "1,0"]),
        "above 0",
    );
}

#[test]
fn plan_gives_customers_per_arm() {
    let dir = TempDir::new().unwrap();
    let out = cjm(
        dir.path(),
        &["experiment", "plan", "--baseline", "10", "--mde", "2"],
    );
    assert_eq!(
        stdout(&out),
        "3835 customers per arm (7670 in all, 2 arms) detect 10 % → 12 % with 80 % power at a \
         two-sided level of 0.05\n"
    );
    let out = cjm(
        dir.path(),
        &[
            "experiment",
            "plan",
            "--baseline",
            "10",
            "--mde",
            "2",
            "--arms",
            "3",
            "-f",
            "json",
        ],
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (json["per_arm"].as_u64(), json["total"].as_u64()),
        (Some(3835), Some(11505))
    );
    refused(
        dir.path(),
        &["experiment", "plan", "--baseline", "99", "--mde", "2"],
        "between 0 and 100",
    );
    refused(
        dir.path(),
        &["experiment", "plan", "--baseline", "10", "--mde", "0"],
        "--mde must not be 0",
    );
}

#[test]
fn apply_writes_each_arm_onto_the_control_and_its_variant() {
    let dir = TempDir::new().unwrap();
    let mut workspace: Value =
        serde_json::from_str(&fs::read_to_string(fixtures().join("shop.json")).unwrap()).unwrap();
    let events = fixtures().join("experiment.csv");
    let events = events.to_str().unwrap();
    let shop = dir.path().join("shop.json");
    fs::write(&shop, workspace.to_string()).unwrap();
    let shop_text = shop.to_str().unwrap();
    refused(
        dir.path(),
        &args(events, shop_text, &["--apply"]),
        "nothing applied: no journey for arm “B”",
    );
    let mut variant = workspace["journeys"][0].clone();
    variant["id"] = "jo-beli-hp-b".into();
    variant["name"] = "Beli HP, new checkout".into();
    variant["variant_of"] = "jo-beli-hp".into();
    for stage in variant["stages"].as_array_mut().unwrap() {
        let id = stage["id"].as_str().unwrap().to_string();
        stage["id"] = format!("{id}-b").into();
        stage["kpis"] = Value::Array(vec![]);
        stage["touchpoints"] = Value::Array(vec![]);
    }
    workspace["journeys"].as_array_mut().unwrap().push(variant);
    fs::write(&shop, workspace.to_string()).unwrap();
    let out = cjm(
        dir.path(),
        &args(events, shop_text, &["--apply", "--date", "2026-03-31"]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("applied, dated 2026-03-31"));
    let saved = cjm::store::load(&shop).unwrap().workspace;
    let conversion = |journey: usize, stage: usize| {
        saved.journeys[journey].stages[stage]
            .kpis
            .iter()
            .find(|k| k.source.as_deref() == Some("events:conversion"))
            .map(|k| (k.measurements[0].numerator, k.measurements[0].denominator))
    };
    // Decision → Purchase: A 12 of 12, B 20 of 20; Consideration → Decision: 12/40, 20/42.
    assert_eq!(conversion(0, 1), Some((Some(12), Some(40))));
    assert_eq!(conversion(2, 1), Some((Some(20), Some(42))));
}
