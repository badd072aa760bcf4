//! End to end, in a pseudo-terminal: an experiment applied with `cjm experiment --apply` onto a
//! journey and its variant, then the map opened and the compare view (`c`) read: each arm's
//! figures side by side, the change with its interval and a mark that reads without colour.

use crate::pty;

use std::fs;
use std::path::Path;

use pty::Tui;
use serde_json::Value;
use tempfile::TempDir;

/// The fixture map with a variant of its journey, empty of cards and KPIs, for arm B.
fn with_variant(dir: &Path) -> String {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let text = fs::read_to_string(fixtures.join("shop.json")).unwrap();
    let mut workspace: Value = serde_json::from_str(&text).unwrap();
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
    let file = dir.join("shop.json");
    fs::write(&file, workspace.to_string()).unwrap();
    file.to_str().unwrap().to_string()
}

#[test]
fn an_applied_experiment_reads_in_the_compare_view_with_its_interval_and_mark() {
    let home = TempDir::new().unwrap();
    let file = with_variant(home.path());
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/experiment.csv");
    let events = events.to_str().unwrap();
    let apply = [
        "experiment",
        events,
        &file,
        "-j",
        "Beli HP",
        "--apply",
        "--date",
        "2026-03-31",
    ];
    let mut run = Tui::start(home.path(), &apply, 120, 40);
    run.wait_for("applied, dated 2026-03-31");
    assert_eq!(run.wait_exit(), 0);

    let mut tui = Tui::start(home.path(), &[&file], 120, 35);
    tui.wait_for("Beli HP (1/3)");
    tui.send("c");
    tui.wait_for("variant of A");
    // Consideration → Decision: A 12 of 40 (30 %), B 20 of 42 (47.6 %): +17.6 points, the
    // interval's half-width 20.7, not significant.
    tui.wait_for("change +17.6 pp ±20.7 ns");
    tui.wait_for("Customers reached (events)");
    tui.send("q");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
