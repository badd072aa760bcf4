//! cjm's experiment statistics (src/experiment/) against scipy and statsmodels, run by
//! tests/python/experiment_reference.py on the same cases: the two-proportion z-test and its
//! Wald and log-ratio intervals (statsmodels), Welch's t and its interval, Mann–Whitney U,
//! the chance to beat control (scipy's quadrature of the two betas), the sample ratio mismatch
//! chi-square, Holm (statsmodels' multipletests) and the sample size (statsmodels'
//! NormalIndPower with proportion_effectsize).
//!
//! Cases cover ties, zero conversions, unequal splits, one tiny arm and large arms.
//! Tolerance: 1e-7 relative (1e-9 absolute) on everything but the sample size, where
//! statsmodels also counts the far tail of a two-sided test (1e-3 relative allowed).
//!
//! Without Python, scipy or statsmodels the test prints a note and passes; under CI it fails.

use crate::common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use cjm::experiment::{
    chance_to_beat, holm, mann_whitney, sample_ratio_mismatch, sample_size, two_proportions, welch,
};
use serde_json::{Value, json};

fn python() -> String {
    std::env::var("CJM_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/experiment_reference.py")
}

/// The reference's answers to `cases`, or `None` after a note when it cannot run.
fn reference(cases: &Value) -> Option<Vec<Value>> {
    match Command::new(python())
        .arg(script())
        .arg("available")
        .output()
    {
        Ok(out) if out.status.success() => {
            eprintln!("reference: {}", String::from_utf8_lossy(&out.stdout).trim());
        }
        Ok(out) => {
            common::cannot_run(&format!(
                "skipped, scipy or statsmodels is missing ({}): pip install -r \
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
    let mut child = Command::new(python())
        .arg(script())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(cases.to_string().as_bytes())
        .expect("the cases are written");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(
        out.status.success(),
        "experiment_reference.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("JSON"))
}

fn number(answer: &Value, key: &str) -> f64 {
    answer[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} in {answer}"))
}

fn close(what: &str, ours: f64, theirs: f64, relative: f64) {
    let tolerance = (relative * theirs.abs()).max(1e-9);
    assert!(
        (ours - theirs).abs() <= tolerance,
        "{what}: cjm {ours}, reference {theirs}"
    );
}

const RATES: [(u64, u64, u64, u64); 6] = [
    (100, 1000, 130, 1000),
    (0, 400, 7, 380),
    (12, 50, 3, 9),
    (4_812, 40_000, 5_090, 40_100),
    (30, 300, 30, 600),
    (1, 20, 0, 25),
];

#[test]
fn rates_match_statsmodels() {
    let cases: Vec<Value> = RATES
        .iter()
        .map(|(xc, nc, xt, nt)| json!({"test": "two_proportions", "xc": xc, "nc": nc, "xt": xt, "nt": nt}))
        .chain(RATES.iter().map(|(xc, nc, xt, nt)| {
            json!({"test": "chance_to_beat", "xc": xc, "nc": nc, "xt": xt, "nt": nt})
        }))
        .collect();
    let Some(answers) = reference(&Value::from(cases)) else {
        return;
    };
    for (i, (xc, nc, xt, nt)) in RATES.iter().copied().enumerate() {
        let what = format!("{xt}/{nt} against {xc}/{nc}");
        let ours = two_proportions(xc, nc, xt, nt, 0.95).expect("a test");
        let theirs = &answers[i];
        close(&format!("{what} z"), ours.z, number(theirs, "z"), 1e-7);
        close(
            &format!("{what} p"),
            ours.p_value,
            number(theirs, "p_value"),
            1e-7,
        );
        close(
            &format!("{what} low"),
            ours.interval.low,
            number(theirs, "low"),
            1e-7,
        );
        close(
            &format!("{what} high"),
            ours.interval.high,
            number(theirs, "high"),
            1e-7,
        );
        match ours.relative_interval {
            Some(r) => {
                close(
                    &format!("{what} rel low"),
                    r.low,
                    number(theirs, "relative_low"),
                    1e-7,
                );
                close(
                    &format!("{what} rel high"),
                    r.high,
                    number(theirs, "relative_high"),
                    1e-7,
                );
            }
            None => assert!(theirs.get("relative_low").is_none(), "{what}"),
        }
        let beat = chance_to_beat(xc, nc, xt, nt).expect("a chance");
        close(
            &format!("{what} chance to beat"),
            beat,
            number(&answers[RATES.len() + i], "p"),
            1e-7,
        );
    }
}

#[test]
fn means_times_splits_holm_and_sizes_match_scipy_and_statsmodels() {
    let control = [12.0, 0.0, 0.0, 35.5, 8.0, 8.0, 0.0, 19.9, 42.0, 3.0];
    let treatment = [15.0, 0.0, 22.0, 8.0, 51.0, 0.0, 9.5, 30.0];
    // Times with ties across and within arms.
    let slow = [3.0, 5.0, 5.0, 8.0, 13.0, 21.0, 5.0, 2.0];
    let fast = [1.0, 2.0, 5.0, 5.0, 6.0, 2.0];
    let splits: [(&[u64], &[f64]); 3] = [
        (&[520, 480], &[1.0, 1.0]),
        (&[300, 640], &[1.0, 2.0]),
        (&[1000, 1100, 880], &[34.0, 33.0, 33.0]),
    ];
    let holms: [&[f64]; 2] = [&[0.01, 0.04, 0.03], &[0.2, 0.001, 0.049, 0.5, 0.012]];
    let sizes = [(0.10, 0.02), (0.5, -0.05), (0.03, 0.005)];
    let mut cases = vec![
        json!({"test": "welch", "control": control, "treatment": treatment}),
        json!({"test": "mann_whitney", "control": slow, "treatment": fast}),
    ];
    cases.extend(
        splits
            .iter()
            .map(|(o, s)| json!({"test": "srm", "observed": o, "split": s})),
    );
    cases.extend(holms.iter().map(|p| json!({"test": "holm", "p": p})));
    cases.extend(sizes.iter().map(|(b, e)| {
        json!({"test": "sample_size", "baseline": b, "effect": e, "alpha": 0.05, "power": 0.8})
    }));
    let Some(answers) = reference(&Value::from(cases)) else {
        return;
    };
    let mut answers = answers.iter();
    let mut next = || answers.next().expect("an answer");

    let ours = welch(&control, &treatment, 0.95).expect("a test");
    let theirs = next();
    close("welch t", ours.t, number(theirs, "t"), 1e-7);
    close("welch df", ours.df, number(theirs, "df"), 1e-7);
    close("welch p", ours.p_value, number(theirs, "p_value"), 1e-7);
    close("welch low", ours.interval.low, number(theirs, "low"), 1e-7);
    close(
        "welch high",
        ours.interval.high,
        number(theirs, "high"),
        1e-7,
    );

    let ours = mann_whitney(&slow, &fast).expect("a test");
    let theirs = next();
    close("U", ours.u, number(theirs, "u"), 1e-12);
    close("U p", ours.p_value, number(theirs, "p_value"), 1e-7);

    for (observed, split) in splits {
        let ours = sample_ratio_mismatch(observed, split).expect("a test");
        let theirs = next();
        close(
            "srm chi-square",
            ours.chi_square,
            number(theirs, "chi_square"),
            1e-7,
        );
        close("srm p", ours.p_value, number(theirs, "p_value"), 1e-7);
    }
    for p in holms {
        let theirs = next()["adjusted"].as_array().expect("a list").clone();
        for (a, b) in holm(p).iter().zip(theirs) {
            close("holm", *a, b.as_f64().expect("a number"), 1e-12);
        }
    }
    for (baseline, effect) in sizes {
        let ours = sample_size(baseline, effect, 0.05, 0.8).expect("a size");
        close("sample size", ours, number(next(), "n"), 1e-3);
    }
}
