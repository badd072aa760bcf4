//! Key to frame and first frame: what a user waits for on every keystroke and at start.
//!
//! Key to frame is one key through `App::handle_key` plus a full render of a 200x50 board on
//! ratatui's TestBackend (a terminal's diff and write are not included: they depend on the
//! terminal, not on cjm). First frame is loading the file, building the app and drawing once.

mod common;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use cjm::tui::app::App;
use cjm::tui::document::Document;
use cjm::tui::view;

const SIZE: (u16, u16) = (200, 50);

fn app(cards: usize) -> App {
    let doc = Document::new(
        common::workspace(cards),
        PathBuf::from("bench.json"),
        None,
        None,
    );
    App::new(doc, SIZE, true)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn key_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("key_to_frame");
    for cards in common::sizes() {
        let mut app = app(cards);
        let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
        // Down the column and back, and across the board and back: the selection moves on
        // every key, so every frame redraws cards, headers and the curve.
        let keys = [
            KeyCode::Char('j'),
            KeyCode::Char('k'),
            KeyCode::Char('l'),
            KeyCode::Char('h'),
        ];
        let mut step = 0;
        group.bench_function(BenchmarkId::new("move", common::label(cards)), |b| {
            b.iter(|| {
                press(&mut app, keys[step % keys.len()]);
                step += 1;
                terminal.draw(|frame| view::render(&app, frame)).unwrap();
            })
        });
        // Deep in a long column: the cost must not grow with the cards above the selection.
        for _ in 0..2_000 {
            press(&mut app, KeyCode::Char('j'));
        }
        group.bench_function(BenchmarkId::new("move_deep", common::label(cards)), |b| {
            b.iter(|| {
                press(&mut app, keys[step % 2]);
                step += 1;
                terminal.draw(|frame| view::render(&app, frame)).unwrap();
            })
        });
        // An edit on every key: the selected card moved down, then back up, through the
        // history; the figures of the stage it changed (its mean emotion) are computed again.
        let moves = [KeyCode::Char('J'), KeyCode::Char('K')];
        group.bench_function(BenchmarkId::new("edit", common::label(cards)), |b| {
            b.iter(|| {
                app.handle_key(KeyEvent::new(moves[step % 2], KeyModifiers::SHIFT));
                step += 1;
                terminal.draw(|frame| view::render(&app, frame)).unwrap();
            })
        });
        // Typing into a card's title, a letter then Backspace so the title keeps its length.
        press(&mut app, KeyCode::Char('e'));
        let typing = [KeyCode::Char('x'), KeyCode::Backspace];
        group.bench_function(BenchmarkId::new("type", common::label(cards)), |b| {
            b.iter(|| {
                press(&mut app, typing[step % 2]);
                step += 1;
                terminal.draw(|frame| view::render(&app, frame)).unwrap();
            })
        });
        press(&mut app, KeyCode::Esc);
        // Typing a query: the key and the frame, while the search thread ranks beside them
        // (its hits are taken when they have come, as the event loop does).
        press(&mut app, KeyCode::Char('/'));
        press(&mut app, KeyCode::Char('p'));
        let query = [KeyCode::Char('a'), KeyCode::Backspace];
        group.bench_function(BenchmarkId::new("search", common::label(cards)), |b| {
            b.iter(|| {
                press(&mut app, query[step % 2]);
                step += 1;
                app.poll_search();
                terminal.draw(|frame| view::render(&app, frame)).unwrap();
            })
        });
        press(&mut app, KeyCode::Esc);
        // Views other than the board, which summarise the whole journey.
        for (view_key, name) in [
            ('2', "lanes"),
            ('3', "channels"),
            ('4', "kpis"),
            ('5', "opportunities"),
        ] {
            press(&mut app, KeyCode::Char(view_key));
            group.bench_function(BenchmarkId::new(name, common::label(cards)), |b| {
                b.iter(|| {
                    press(&mut app, keys[step % 2]);
                    step += 1;
                    terminal.draw(|frame| view::render(&app, frame)).unwrap();
                })
            });
        }
    }
    group.finish();
}

/// An edit while a save or a journal write still holds its snapshot of the workspace: the
/// edit copies the workspace first (`Arc::make_mut`), the one cost that grows with the map.
fn edit_while_saving(c: &mut Criterion) {
    let mut group = c.benchmark_group("edit_while_saving");
    group.sample_size(10);
    for cards in common::sizes() {
        let mut app = app(cards);
        let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
        let moves = [KeyCode::Char('J'), KeyCode::Char('K')];
        let mut step = 0;
        // The snapshot is dropped outside the timing: the saving thread lets go of it.
        group.bench_function(BenchmarkId::from_parameter(common::label(cards)), |b| {
            b.iter_with_large_drop(|| {
                let snapshot = std::sync::Arc::clone(&app.doc.workspace);
                app.handle_key(KeyEvent::new(moves[step % 2], KeyModifiers::SHIFT));
                step += 1;
                terminal.draw(|frame| view::render(&app, frame)).unwrap();
                snapshot
            })
        });
    }
    group.finish();
}

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    group.sample_size(10);
    for cards in common::sizes() {
        let path = common::workspace_file(cards);
        group.bench_function(BenchmarkId::from_parameter(common::label(cards)), |b| {
            b.iter(|| {
                let loaded = cjm::store::load(&path).unwrap();
                let doc = Document::opened(path.clone(), loaded, None);
                let app = App::new(doc, SIZE, true);
                let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
                terminal.draw(|frame| view::render(&app, frame)).unwrap();
                black_box(app)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, key_to_frame, edit_while_saving, first_frame);
criterion_main!(benches);
