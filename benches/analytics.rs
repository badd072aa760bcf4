//! `cjm analyze` against DuckDB running the SQL `cjm analyze --emit-sql duckdb` writes, on the
//! same generated events CSV, side by side in one criterion group.
//!
//! `CJM_BENCH_EVENTS=1000000,10000000` chooses the sizes (default: 1M and 10M events). Files
//! are generated once by `cjm::synth::events` (seeded) and kept in `target/cjm-bench/`. DuckDB
//! is the Python package (`pip install -r tests/python/requirements.txt`); without it only cjm
//! is measured, with a note. `cjm_by_channel` and `cjm_by_device` measure `--by`: the latter on
//! the same events with a `device` column added (`with_devices`). `cjm_whole` and
//! `duckdb_sql_whole` measure the whole analysis: the figures, the paths and retention by month.

use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use cjm::analytics::sql::{self, Dialect};
use cjm::analytics::{self, Settings};
use cjm::synth::events::{self, EventOptions};

/// The sizes to measure, in events.
fn sizes() -> Vec<u64> {
    std::env::var("CJM_BENCH_EVENTS")
        .ok()
        .map(|text| {
            text.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1_000_000, 10_000_000])
}

fn label(events: u64) -> String {
    match events {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// The events CSV of `count` rows, written on first use.
fn events_file(count: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/cjm-bench");
    std::fs::create_dir_all(&dir).expect("create target/cjm-bench");
    let path = dir.join(format!("events-{}.csv", label(count)));
    if !path.exists() {
        let partial = path.with_extension("csv.partial");
        let file = std::fs::File::create(&partial).expect("create an events file");
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let options = EventOptions {
            events: count,
            seed: 1,
        };
        events::write_csv(&mut out, options).expect("write events");
        out.flush().expect("write events");
        std::fs::rename(&partial, &path).expect("finish an events file");
    }
    path
}

/// The events of `csv` with a `device` column: each customer's own of five devices, and one
/// row in ten on another, so that customers' first events decide. Written on first use.
fn with_devices(csv: &Path) -> PathBuf {
    use std::io::BufRead;
    let path = csv.with_extension("device.csv");
    if path.exists() {
        return path;
    }
    const DEVICES: [&str; 5] = ["mobile", "desktop", "tablet", "tv", ""];
    let partial = path.with_extension("partial");
    let input = std::io::BufReader::new(std::fs::File::open(csv).expect("read events"));
    let file = std::fs::File::create(&partial).expect("create an events file");
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut rng = fastrand::Rng::with_seed(7);
    for (n, line) in input.lines().enumerate() {
        let line = line.expect("read events");
        let device = if n == 0 {
            "device"
        } else {
            let customer = line.split(',').next().unwrap_or("");
            let own = customer
                .bytes()
                .fold(0usize, |h, b| h * 31 + usize::from(b));
            let pick = if rng.f64() < 0.1 { rng.usize(..5) } else { own };
            DEVICES[pick % DEVICES.len()]
        };
        writeln!(out, "{line},{device}").expect("write events");
    }
    out.flush().expect("write events");
    std::fs::rename(&partial, &path).expect("finish an events file");
    path
}

fn duckdb_available() -> bool {
    Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs the SQL `runs` times in one DuckDB process over a view of the CSV and returns the
/// time the queries took (DuckDB's start and the import aside).
fn duckdb_time(sql: &Path, csv: &Path, runs: u64) -> Duration {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/duckdb_time.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(sql)
        .arg(csv)
        .arg(runs.to_string())
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "duckdb failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seconds: f64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("duckdb_time.py prints seconds");
    Duration::from_secs_f64(seconds)
}

fn analyze(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    let journey = events::journey();
    let settings = Settings::default();
    let duckdb = duckdb_available();
    if !duckdb {
        eprintln!("note: the Python duckdb package is absent; only cjm is measured");
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sql_path = dir.path().join("analyze.sql");
    let sql = sql::emit(&journey, &settings, Dialect::DuckDb, "events").expect("emit SQL");
    std::fs::write(&sql_path, sql).expect("write the SQL");
    // The whole analysis: the figures, the paths and retention by month.
    let whole = Settings {
        paths: Some(analytics::paths::DEFAULT_TOP),
        retention: Some(analytics::retention::Options {
            period: analytics::retention::Period::Month,
            zone: analytics::Zone::UTC,
            cohort_event: None,
            return_event: None,
        }),
        ..Settings::default()
    };
    let whole_sql_path = dir.path().join("whole.sql");
    let whole_sql = sql::emit(&journey, &whole, Dialect::DuckDb, "events").expect("emit SQL");
    std::fs::write(&whole_sql_path, whole_sql).expect("write the SQL");
    for count in sizes() {
        let csv = events_file(count);
        let label = label(count);
        let keep_going = |_| ControlFlow::Continue(());
        group.bench_function(BenchmarkId::new("cjm", &label), |b| {
            b.iter(|| {
                black_box(analytics::analyze_file(&csv, &journey, &settings, &keep_going).unwrap())
            })
        });
        group.bench_function(BenchmarkId::new("cjm_whole", &label), |b| {
            b.iter(|| {
                black_box(analytics::analyze_file(&csv, &journey, &whole, &keep_going).unwrap())
            })
        });
        let by = |column: &str| Settings {
            by: Some(analytics::segments::By::new(column)),
            ..Settings::default()
        };
        let by_channel = by("channel");
        group.bench_function(BenchmarkId::new("cjm_by_channel", &label), |b| {
            b.iter(|| {
                black_box(
                    analytics::analyze_file(&csv, &journey, &by_channel, &keep_going).unwrap(),
                )
            })
        });
        let devices = with_devices(&csv);
        let by_device = by("device");
        group.bench_function(BenchmarkId::new("cjm_by_device", &label), |b| {
            b.iter(|| {
                black_box(
                    analytics::analyze_file(&devices, &journey, &by_device, &keep_going).unwrap(),
                )
            })
        });
        if duckdb {
            group.bench_function(BenchmarkId::new("duckdb_sql", &label), |b| {
                b.iter_custom(|iters| duckdb_time(&sql_path, &csv, iters))
            });
            group.bench_function(BenchmarkId::new("duckdb_sql_whole", &label), |b| {
                b.iter_custom(|iters| duckdb_time(&whole_sql_path, &csv, iters))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, analyze);
criterion_main!(benches);
