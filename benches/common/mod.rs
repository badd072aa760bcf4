//! What the benchmarks share: the workspace sizes to measure and their synthetic files.
//!
//! `CJM_BENCH_SIZES=1000,10000` measures only those sizes (default: 1k, 10k, 100k and 1M
//! cards). Files are generated once by `cjm::synth` (seeded, so every run measures the same
//! bytes) and kept in `target/cjm-bench/`.

#![allow(dead_code)] // each benchmark uses part of this

use std::path::PathBuf;

use cjm::model::Workspace;
use cjm::synth::{self, Options};

/// The sizes to measure, in cards.
pub fn sizes() -> Vec<usize> {
    std::env::var("CJM_BENCH_SIZES")
        .ok()
        .map(|text| {
            text.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000, 1_000_000])
}

/// A short label for a size: `1k`, `100k`, `1M`.
pub fn label(cards: usize) -> String {
    match cards {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// The synthetic workspace of `cards` cards.
pub fn workspace(cards: usize) -> Workspace {
    synth::workspace(Options::cards(cards))
}

/// The synthetic workspace of `cards` cards as a file, written on first use.
pub fn workspace_file(cards: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/cjm-bench");
    std::fs::create_dir_all(&dir).expect("create target/cjm-bench");
    let path = dir.join(format!("cards-{}.json", label(cards)));
    if !path.exists() {
        let json = cjm::store::to_json(&workspace(cards));
        cjm::store::write_atomic(&path, json.as_bytes()).expect("write a benchmark workspace");
    }
    path
}
