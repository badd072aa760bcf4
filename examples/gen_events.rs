//! Writes a seeded synthetic events CSV and the workspace whose journey maps it, for the
//! analytics benchmark and for trying `cjm analyze` on a large file.
//!
//! `cargo run --release --example gen_events -- --events 10000000 -o events.csv --workspace ws.json`

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use cjm::model::Workspace;
use cjm::synth::events::{self, EventOptions};

/// Write a synthetic events file of a given size.
#[derive(Parser)]
struct Args {
    /// Rows to write.
    #[arg(long)]
    events: u64,
    /// The seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the events CSV.
    #[arg(short, long)]
    output: PathBuf,
    /// Where to write a workspace holding the journey and its event rules.
    #[arg(long)]
    workspace: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let fail = |what: &PathBuf, e: std::io::Error| {
        eprintln!("error: {}: {e}", what.display());
        ExitCode::from(2)
    };
    let file = match std::fs::File::create(&args.output) {
        Ok(file) => file,
        Err(e) => return fail(&args.output, e),
    };
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let options = EventOptions {
        events: args.events,
        seed: args.seed,
    };
    let customers = match events::write_csv(&mut out, options).and_then(|c| out.flush().map(|()| c))
    {
        Ok(customers) => customers,
        Err(e) => return fail(&args.output, e),
    };
    eprintln!(
        "wrote {} events of {customers} customers to {}",
        args.events,
        args.output.display()
    );
    if let Some(path) = &args.workspace {
        let workspace = Workspace {
            journeys: vec![events::journey()],
            ..Workspace::default()
        };
        let json = cjm::store::to_json(&workspace);
        if let Err(e) = cjm::store::write_atomic(path, json.as_bytes()) {
            return fail(path, e);
        }
        eprintln!(
            "wrote the journey \"Beli HP online\" with its event rules to {}",
            path.display()
        );
    }
    ExitCode::SUCCESS
}
