//! Load, validate and save, and `jq empty` on the same file for scale.

mod common;

use std::hint::black_box;
use std::process::{Command, Stdio};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    let jq = Command::new("jq").arg("--version").output().is_ok();
    for cards in common::sizes() {
        let path = common::workspace_file(cards);
        let label = common::label(cards);
        group.bench_function(BenchmarkId::new("load_and_validate", &label), |b| {
            b.iter(|| black_box(cjm::store::load(&path).unwrap()))
        });
        group.bench_function(BenchmarkId::new("check_with_lint", &label), |b| {
            b.iter(|| {
                let loaded = cjm::store::load(&path).unwrap();
                black_box(cjm::lint::lint(
                    &loaded.workspace,
                    cjm::model::date::today(),
                ))
            })
        });
        if jq {
            group.bench_function(BenchmarkId::new("jq_empty", &label), |b| {
                b.iter(|| {
                    let status = Command::new("jq")
                        .arg("empty")
                        .arg(&path)
                        .stdout(Stdio::null())
                        .status()
                        .unwrap();
                    assert!(status.success());
                })
            });
        }
    }
    group.finish();
}

fn save(c: &mut Criterion) {
    let mut group = c.benchmark_group("save");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    for cards in common::sizes() {
        let workspace = common::workspace(cards);
        let path = dir.path().join(format!("{}.json", common::label(cards)));
        let mut written = None;
        group.bench_function(BenchmarkId::from_parameter(common::label(cards)), |b| {
            b.iter(|| written = Some(cjm::store::save(&path, &workspace, written).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, load, save);
criterion_main!(benches);
