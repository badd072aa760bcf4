//! `cjm`: customer journey maps in the terminal. The library holds the pure logic (model,
//! edit, search, store, report, exports) and the two front ends on top of it (`cli`, `tui`).

pub mod adopt;
pub mod analytics;
pub mod cli;
pub mod config;
pub mod demo;
pub mod diff;
pub mod edit;
pub mod experiment;
pub mod export;
pub mod feedback;
pub mod form;
pub mod import;
pub mod lint;
pub mod merge;
pub mod model;
pub mod number;
pub mod report;
pub mod safe_fs;
pub mod search;
pub mod store;
pub mod synth;
pub mod templates;
pub mod text;
pub mod tui;
