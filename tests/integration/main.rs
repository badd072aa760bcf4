//! Every integration test of cjm in one test binary (as ripgrep gathers its own), so the crate
//! is linked once for them all rather than once per file. One module per former test file;
//! `common` runs `cjm` on the command line, `pty` drives it in a pseudo-terminal.
//! Run one module with `cargo test --test integration MODULE::`, e.g. `merge::`.

mod analytics_markov;
mod analytics_sql;
mod architecture;
mod bad_input;
mod cli;
mod cli_analyze;
mod cli_commands;
mod cli_config;
mod cli_evidence;
mod cli_experiment;
mod cli_feedback;
mod common;
mod crash_safety;
mod demo_data;
mod e2e;
mod e2e_analytics;
mod e2e_config;
mod e2e_experiment;
mod e2e_feedback;
mod e2e_review;
mod experiment_reference;
mod export_csv_markdown;
mod export_html_json;
mod hostile_fs;
mod keymap_e2e;
mod loader_fuzz;
mod merge;
mod mermaid;
mod pty;
mod schema;
mod templates;
