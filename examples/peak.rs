//! Peak memory of a session on a workspace, against the file's size.
//!
//! `cargo run --release --example peak -- FILE` opens FILE as the app does (load, first frame
//! on a 200x50 screen), edits a card, searches, saves to a copy beside it, and prints the
//! process's peak resident memory (VmHWM, Linux) after each step, in MB and as a multiple of
//! the file's size.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use cjm::tui::app::App;
use cjm::tui::document::Document;
use cjm::tui::view;

fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: peak FILE");
        std::process::exit(2);
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(1);
    let report = |step: &str| {
        let kb = peak_kb();
        println!(
            "{step:<28} peak {:>8.1} MB  {:>5.2} x file ({:.1} MB)",
            kb as f64 / 1024.0,
            kb as f64 * 1024.0 / size as f64,
            size as f64 / 1_048_576.0
        );
    };
    report("start");
    let loaded = cjm::store::load(&path).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });
    report("loaded");
    let copy = path.with_extension("peak-copy.json");
    let doc = Document::opened(copy.clone(), loaded, None);
    let mut app = App::new(doc, (200, 50), true);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    terminal.draw(|frame| view::render(&app, frame)).unwrap();
    app.doc.after_frame();
    report("first frame");
    for code in [
        KeyCode::Char('e'),
        KeyCode::End,
        KeyCode::Char('!'),
        KeyCode::Enter,
    ] {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    terminal.draw(|frame| view::render(&app, frame)).unwrap();
    report("edited a card");
    app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    for c in "pay".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while app.search_busy() && std::time::Instant::now() < deadline {
        app.poll_search();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    app.poll_search();
    terminal.draw(|frame| view::render(&app, frame)).unwrap();
    report("searched (index built)");
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    app.doc.save().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });
    report("saved");
    let _ = std::fs::remove_file(copy);
}
