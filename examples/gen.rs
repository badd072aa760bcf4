//! Writes a seeded synthetic workspace for benchmarks and soak runs.
//!
//! `cargo run --release --example gen -- --cards 100000 -o big.json [--journeys 8] [--seed 1]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use cjm::synth::{self, Options};

/// Write a synthetic workspace of a given size.
#[derive(Parser)]
struct Args {
    /// Cards in the whole workspace.
    #[arg(long)]
    cards: usize,
    /// Journeys to spread them over (default: one per 20,000 cards, one to eight).
    #[arg(long)]
    journeys: Option<usize>,
    /// The seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the workspace.
    #[arg(short, long)]
    output: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let defaults = Options::cards(args.cards);
    let options = Options {
        journeys: args.journeys.unwrap_or(defaults.journeys),
        seed: args.seed,
        ..defaults
    };
    let json = cjm::store::to_json(&synth::workspace(options));
    match cjm::store::write_atomic(&args.output, json.as_bytes()) {
        Ok(()) => {
            eprintln!(
                "wrote {} cards in {} journeys ({} bytes) to {}",
                options.cards,
                options.journeys,
                json.len(),
                args.output.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", args.output.display());
            ExitCode::from(2)
        }
    }
}
