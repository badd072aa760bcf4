//! cjm's Markov attribution against a reference implementation from PyPI: the removal-effect
//! shares of marketing-attribution-models (DP6's MAM, pinned in tests/python/requirements.txt),
//! run by tests/python/markov_reference.py on a file of customer paths, and cjm's engine on
//! events made from the same paths.
//!
//! Why that package: it solves the first-order chain exactly (a matrix inverse), as cjm does,
//! and removes a channel the same way (every transition into it goes to `null`); the better
//! known ChannelAttribution estimates removal effects by simulating paths (to a 5% convergence
//! criterion by default), so it could only be compared loosely.
//!
//! Back-to-back repeats: cjm counts a channel repeated back to back once. In a first-order
//! chain that changes no absorption probability (a self-loop of probability p only rescales
//! the state's other transitions by 1/(1 − p), which is what dropping it does), so the removal
//! effects are the same either way; the reference is run both ways
//! (`transition_to_same_state` off and on) and both must agree with cjm.
//!
//! Tolerance: 1e-9 on each share (shares are between 0 and 1). Both sides solve the same small
//! linear systems in double precision, by different methods (MAM inverts I − Q once per
//! removed channel; cjm inverts it once and uses P₋c = P − h(c)·x(c)); on these chains they
//! agree to about 1e-15, and 1e-9 is far below any difference that a different definition
//! (another order, another removal, another normalisation) would make: the last test shows
//! that even the linear model differs by more than 1e-2.
//!
//! Without Python or the package the tests print a note and pass.

use crate::common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;

use cjm::analytics::{Analysis, Model, Settings};
use cjm::model::Journey;
use serde_json::Value;

/// The Python that runs the checks: `CJM_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("CJM_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events")
}

fn beli_hp() -> Journey {
    cjm::store::load(&fixtures().join("shop.json"))
        .expect("the fixture loads")
        .workspace
        .journeys
        .into_iter()
        .find(|j| j.id == "jo-beli-hp")
        .expect("the fixture journey")
}

/// A customer's path: the channels of their events, whether they converted, how many
/// customers had it.
#[derive(Debug, Clone)]
struct Path_ {
    channels: Vec<String>,
    converted: bool,
    count: usize,
}

/// Reads the paths format of tests/fixtures/events/markov-paths.txt.
fn read_paths(text: &str) -> Vec<Path_> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (count, line) = match line.split_once(" x ") {
                Some((n, rest)) if !n.contains('>') => (n.parse().expect("a count"), rest),
                _ => (1, line),
            };
            let (channels, end) = line.rsplit_once("->").expect("-> conversion or null");
            let converted = match end.trim() {
                "conversion" => true,
                "null" => false,
                other => panic!("a path ends in conversion or null, not {other:?}"),
            };
            Path_ {
                channels: channels.split('>').map(|c| c.trim().to_string()).collect(),
                converted,
                count,
            }
        })
        .collect()
}

/// Writes paths in that format.
fn write_paths(paths: &[Path_]) -> String {
    let mut text = String::new();
    for p in paths {
        let end = if p.converted { "conversion" } else { "null" };
        let _ = writeln!(text, "{} x {} -> {end}", p.count, p.channels.join(" > "));
    }
    text
}

/// Events that the fixture journey maps to exactly these paths: one customer per path copy,
/// an event a minute, `view_product` (Consideration) in the channel (`search`, which has no
/// card, for `(none)`), and for converting paths `order_paid` (Purchase) last.
fn events_csv(paths: &[Path_]) -> String {
    let mut csv = String::from("customer_id,timestamp,event,channel\n");
    let start = 1_772_323_200; // 2026-03-01T00:00:00Z
    let mut customer = 0;
    for p in paths {
        for _ in 0..p.count {
            customer += 1;
            for (i, channel) in p.channels.iter().enumerate() {
                let time = start + customer * 3600 + i as i64 * 60;
                let last = i + 1 == p.channels.len();
                let (event, channel) = match (p.converted && last, channel.as_str()) {
                    (true, "(none)") => panic!("a conversion in (none) cannot be made"),
                    (true, c) => ("order_paid", c),
                    (false, "(none)") => ("search", ""),
                    (false, c) => ("view_product", c),
                };
                let _ = writeln!(csv, "m{customer},{time},{event},{channel}");
            }
        }
    }
    csv
}

/// cjm's analysis of the events made from `paths`.
fn analyze(paths: &[Path_]) -> Analysis {
    let csv = events_csv(paths);
    let go = |_| ControlFlow::Continue(());
    cjm::analytics::analyze_reader(
        "paths.csv",
        csv.as_bytes(),
        &beli_hp(),
        // The reference credits `(none)` like any channel.
        &Settings {
            credit_direct: true,
            ..Settings::default()
        },
        &go,
    )
    .expect("the analysis runs")
}

/// The reference's answer for the paths in `file`, or `None` after a note when it cannot run.
fn reference(file: &Path) -> Option<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/markov_reference.py");
    match Command::new(python())
        .arg(&script)
        .arg("available")
        .output()
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            common::cannot_run(&format!(
                "skipped, the Markov reference is not available here ({}): pip install -r \
                 tests/python/requirements.txt",
                String::from_utf8_lossy(&out.stdout).trim()
            ));
            return None;
        }
        Err(e) => {
            common::cannot_run(&format!("skipped, python3 does not run here: {e}"));
            return None;
        }
    }
    let out = Command::new(python())
        .arg(&script)
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "markov_reference.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    eprintln!("reference: {}", answer["package"]);
    Some(answer)
}

fn shares(value: &Value) -> BTreeMap<String, f64> {
    value
        .as_object()
        .expect("channel → share")
        .iter()
        .map(|(c, v)| (c.clone(), v.as_f64().expect("a number")))
        .collect()
}

/// Asserts that two sets of shares agree within 1e-9, a channel missing from one counting as 0.
fn assert_close(what: &str, ours: &BTreeMap<String, f64>, theirs: &BTreeMap<String, f64>) {
    let channels: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for channel in channels {
        let a = ours.get(channel).copied().unwrap_or(0.0);
        let b = theirs.get(channel).copied().unwrap_or(0.0);
        assert!(
            (a - b).abs() <= 1e-9,
            "{what}: channel {channel:?} has {a} in cjm and {b} in the reference\n\
             cjm: {ours:?}\nreference: {theirs:?}"
        );
    }
}

/// Checks cjm against the reference on `paths`; false when the reference is not available.
fn check(what: &str, paths: &[Path_]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paths.txt");
    std::fs::write(&file, write_paths(paths)).unwrap();
    let Some(answer) = reference(&file) else {
        return false;
    };
    let analysis = analyze(paths);
    let customers: usize = paths.iter().map(|p| p.count).sum();
    let conversions: usize = paths.iter().filter(|p| p.converted).map(|p| p.count).sum();
    assert_eq!(
        analysis.customers, customers as u64,
        "{what}: every path is a customer"
    );
    assert_eq!(analysis.conversions, conversions as u64, "{what}");
    let ours = analysis
        .attribution
        .get(&Model::Markov)
        .unwrap_or_else(|| panic!("{what}: cjm gives no Markov shares"));
    assert!(
        (ours.values().sum::<f64>() - 1.0).abs() < 1e-12,
        "{what}: shares sum to 1"
    );
    assert_close(
        &format!("{what}, repeats collapsed"),
        ours,
        &shares(&answer["collapsed"]),
    );
    assert_close(
        &format!("{what}, repeats kept"),
        ours,
        &shares(&answer["kept"]),
    );
    true
}

fn fixture_paths() -> Vec<Path_> {
    read_paths(&std::fs::read_to_string(fixtures().join("markov-paths.txt")).unwrap())
}

#[test]
fn the_fixture_paths_match_the_reference() {
    let paths = fixture_paths();
    assert!(
        paths
            .iter()
            .any(|p| p.channels.windows(2).any(|w| w[0] == w[1])),
        "the fixture has repeats back to back"
    );
    check("markov-paths.txt", &paths);
}

#[test]
fn random_paths_match_the_reference() {
    let mut rng = fastrand::Rng::with_seed(20_260_301);
    let channels = [
        "web",
        "app",
        "instagram",
        "youtube",
        "email",
        "store",
        "tiktok",
    ];
    let paths: Vec<Path_> = (0..300)
        .map(|_| {
            let length = rng.usize(1..=7);
            let mut path: Vec<String> = Vec::with_capacity(length);
            for _ in 0..length {
                let repeat = !path.is_empty() && rng.f64() < 0.3;
                let channel = if repeat {
                    path[path.len() - 1].clone()
                } else if rng.f64() < 0.1 {
                    "(none)".to_string()
                } else {
                    channels[rng.usize(..channels.len())].to_string()
                };
                path.push(channel);
            }
            // Conversions depend on the channels, so that the effects differ.
            let odds = if path.iter().any(|c| c == "web") {
                0.5
            } else {
                0.2
            } + if path.iter().any(|c| c == "email") {
                0.2
            } else {
                0.0
            };
            let mut converted = rng.f64() < odds;
            if path.last().is_some_and(|c| c == "(none)") {
                converted = false;
            }
            Path_ {
                channels: path,
                converted,
                count: rng.usize(1..=3),
            }
        })
        .collect();
    check("300 random paths", &paths);
}

#[test]
fn the_comparison_tells_models_apart() {
    // The fixture's Markov shares differ from its linear shares by more than 1e-2 for some
    // channel: a tolerance of 1e-9 cannot let another definition pass.
    let analysis = analyze(&fixture_paths());
    let markov = &analysis.attribution[&Model::Markov];
    let linear = &analysis.attribution[&Model::Linear];
    let most = markov
        .iter()
        .map(|(c, m)| (m - linear.get(c).copied().unwrap_or(0.0)).abs())
        .fold(0.0, f64::max);
    assert!(most > 1e-2, "Markov and linear shares almost agree: {most}");
}
