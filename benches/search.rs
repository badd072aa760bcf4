//! Search: building the index, each keystroke of a growing query, and a full ranking of 100k
//! cards beside nucleo-matcher's single-threaded full rescore of the same strings.
//!
//! A keystroke is one ranking as the search thread runs it: the first scores every card, the
//! next ones narrow what the one before matched. The comparison with nucleo ranks 100k cards
//! on their title, channel, stage name and tags (the other fields emptied), both sides
//! keeping the best 200 cards; nucleo scores every string of every card on one thread, as
//! its `Pattern::match_list` does. It runs twice: on the synthetic cards, whose titles repeat
//! as real channels, stages and tags do, and with every title made unique, where cjm cannot
//! score a text once for many cards.

mod common;

use std::cmp::Reverse;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32String};

use cjm::model::{Touchpoint, Workspace};
use cjm::search::{Index, Session};

/// The hits the TUI keeps.
const LIMIT: usize = 200;

/// A query typed a char at a time.
const TYPED: &str = "payment";

fn index_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_index");
    group.sample_size(10);
    for cards in common::sizes() {
        let ws = common::workspace(cards);
        group.bench_function(BenchmarkId::new("build", common::label(cards)), |b| {
            b.iter(|| Index::build(black_box(&ws)))
        });
    }
    group.finish();
}

fn keystrokes(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_keystroke");
    group.sample_size(10);
    for cards in common::sizes() {
        let mut session = Session::new(Index::build(&common::workspace(cards)));
        let prefixes: Vec<&str> = (1..=TYPED.len()).map(|n| &TYPED[..n]).collect();
        for (k, query) in prefixes.iter().enumerate() {
            let id = BenchmarkId::new(*query, common::label(cards));
            group.bench_function(id, |b| {
                b.iter_custom(|iters| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iters {
                        // The keys before this one, untimed.
                        session.forget();
                        for earlier in &prefixes[..k] {
                            black_box(session.search(earlier, LIMIT));
                        }
                        let start = Instant::now();
                        black_box(session.search(query, LIMIT));
                        spent += start.elapsed();
                    }
                    spent
                })
            });
        }
    }
    group.finish();
}

fn versus_nucleo(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_full_100k");
    group.sample_size(20);
    let ws = four_fields(common::workspace(100_000));
    let mut unique = ws.clone();
    let mut n = 0;
    for card in cards_mut(&mut unique) {
        n += 1;
        card.title = format!("{} {n}", card.title).into();
    }
    for (name, ws) in [("synthetic", &ws), ("unique_titles", &unique)] {
        let index = Index::build(ws);
        let strings = nucleo_strings(ws);
        let mut matcher = Matcher::new(Config::DEFAULT);
        for query in ["p", "pay", "kiosk", "tiktok"] {
            group.bench_function(BenchmarkId::new(format!("cjm_{name}"), query), |b| {
                b.iter(|| index.search(black_box(query), LIMIT))
            });
            group.bench_function(BenchmarkId::new(format!("nucleo_{name}"), query), |b| {
                b.iter(|| nucleo_rank(&strings, black_box(query), &mut matcher))
            });
        }
    }
    group.finish();
}

/// `ws` with only titles, channels and tags left on its cards (and stage names).
fn four_fields(mut ws: Workspace) -> Workspace {
    for card in cards_mut(&mut ws) {
        let mut kept = Touchpoint {
            title: std::mem::take(&mut card.title),
            channel: std::mem::take(&mut card.channel),
            ..Touchpoint::default()
        };
        kept.tags = std::mem::take(&mut card.tags);
        *card = kept;
    }
    ws
}

fn cards_mut(ws: &mut Workspace) -> impl Iterator<Item = &mut Touchpoint> {
    ws.journeys
        .iter_mut()
        .flat_map(|j| j.stages.iter_mut())
        .flat_map(|s| s.touchpoints.iter_mut())
}

/// Each card's title, channel, stage name and tags, ready for nucleo.
fn nucleo_strings(ws: &Workspace) -> Vec<Vec<Utf32String>> {
    let mut cards = Vec::new();
    for stage in ws.journeys.iter().flat_map(|j| &j.stages) {
        for card in &stage.touchpoints {
            let mut strings = vec![
                Utf32String::from(card.title.as_str()),
                Utf32String::from(card.channel.as_str()),
                Utf32String::from(stage.name.as_str()),
            ];
            strings.extend(card.tags.iter().map(|t| Utf32String::from(t.as_str())));
            cards.push(strings);
        }
    }
    cards
}

/// The best `LIMIT` cards by their best string, scoring every string on this thread.
fn nucleo_rank(cards: &[Vec<Utf32String>], query: &str, matcher: &mut Matcher) -> Vec<usize> {
    let atom = Atom::new(
        query,
        CaseMatching::Smart,
        Normalization::Never,
        AtomKind::Fuzzy,
        false,
    );
    let mut found: Vec<(Reverse<u16>, usize)> = cards
        .iter()
        .enumerate()
        .filter_map(|(i, strings)| {
            strings
                .iter()
                .filter_map(|s| atom.score(s.slice(..), matcher))
                .max()
                .map(|score| (Reverse(score), i))
        })
        .collect();
    if found.len() > LIMIT {
        found.select_nth_unstable(LIMIT - 1);
        found.truncate(LIMIT);
    }
    found.sort_unstable();
    found.into_iter().map(|(_, i)| i).collect()
}

criterion_group!(benches, versus_nucleo, index_build, keystrokes);
criterion_main!(benches);
