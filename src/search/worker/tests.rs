use std::time::Duration;

use super::*;
use crate::model::Touchpoint;
use crate::search::search;
use crate::synth::{self, Options};

/// Long enough for any answer in a test; the tests never wait this long when all is well.
const PATIENCE: Duration = Duration::from_secs(20);

fn synthetic(cards: usize) -> Arc<Workspace> {
    Arc::new(synth::workspace(Options::cards(cards)))
}

#[test]
fn the_answer_is_the_synchronous_ranking() {
    let ws = synthetic(2_000);
    let mut worker = Worker::new();
    assert!(!worker.busy());
    worker.index(&ws, 0);
    for query in ["p", "pa", "pay", "Pay", "kiosk"] {
        worker.query(query, 50);
        assert!(worker.busy());
        assert_eq!(
            worker.wait(PATIENCE),
            Some(search(&ws, query, 50)),
            "{query}"
        );
        assert!(!worker.busy());
        assert_eq!(worker.poll(), None, "one answer per query");
    }
}

#[test]
fn the_newest_query_wins() {
    let ws = synthetic(20_000);
    let mut worker = Worker::new();
    worker.index(&ws, 0);
    // A broad query over every card, then at once a narrow one.
    worker.query("e", 200);
    worker.query("kiosk", 200);
    assert_eq!(worker.wait(PATIENCE), Some(search(&ws, "kiosk", 200)));
    assert_eq!(worker.poll(), None, "the broad query's answer never shows");
}

#[test]
fn the_thread_ranks_only_the_newest_waiting_query() {
    let (requests, inbox) = mpsc::channel();
    let (outbox, replies) = mpsc::channel();
    let ws = Arc::new(synth::workspace(Options::cards(100)));
    let query = |generation: u64, text: &str| {
        Request::Query(Query {
            generation,
            text: text.into(),
            limit: 10,
        })
    };
    requests.send(Request::Index(Arc::clone(&ws))).unwrap();
    requests.send(query(1, "a")).unwrap();
    requests.send(query(2, "kiosk")).unwrap();
    drop(requests);
    serve(&inbox, &outbox, &AtomicU64::new(2));
    let answered: Vec<(u64, Vec<Hit>)> =
        replies.try_iter().map(|r| (r.generation, r.hits)).collect();
    assert_eq!(answered, [(2, search(&ws, "kiosk", 10))]);
    assert_eq!(
        Arc::strong_count(&ws),
        1,
        "the thread let go of the workspace"
    );
}

#[test]
fn a_stale_query_is_not_ranked() {
    let (requests, inbox) = mpsc::channel();
    let (outbox, replies) = mpsc::channel();
    requests
        .send(Request::Index(Arc::new(Workspace::default())))
        .unwrap();
    requests
        .send(Request::Query(Query {
            generation: 4,
            text: "x".into(),
            limit: 10,
        }))
        .unwrap();
    drop(requests);
    serve(&inbox, &outbox, &AtomicU64::new(5));
    assert_eq!(replies.try_iter().count(), 0);
}

#[test]
fn answers_to_older_queries_are_dropped() {
    let (requests, _inbox) = mpsc::channel();
    let (outbox, replies) = mpsc::channel();
    let mut worker = Worker::new();
    worker.link = Some(Link { requests, replies });
    worker.query("pa", 10);
    worker.query("pay", 10);
    let hit = |score| Hit {
        at: crate::search::CardRef {
            journey: 0,
            stage: 0,
            card: 0,
        },
        field: crate::search::MatchedField::Stage,
        score,
        text: String::new(),
        indices: Vec::new(),
    };
    let generation = worker.generation;
    for (generation, score) in [(generation - 1, 1), (generation, 2), (generation - 1, 3)] {
        outbox
            .send(Reply {
                generation,
                hits: vec![hit(score)],
            })
            .unwrap();
    }
    assert!(worker.busy());
    assert_eq!(worker.poll(), Some(vec![hit(2)]));
    assert!(!worker.busy());
    assert_eq!(worker.poll(), None);
}

#[test]
fn a_blank_query_is_answered_at_once() {
    let mut worker = Worker::new();
    worker.query("  ", 10);
    assert!(!worker.busy());
    assert_eq!(worker.poll(), Some(Vec::new()));
    assert!(worker.link.is_none(), "no thread was needed");
}

#[test]
fn an_edited_workspace_is_indexed_again() {
    let mut ws = synthetic(500);
    let mut worker = Worker::new();
    worker.index(&ws, 0);
    worker.query("zebra", 10);
    assert_eq!(worker.wait(PATIENCE), Some(Vec::new()));
    assert_eq!(
        Arc::strong_count(&ws),
        1,
        "the thread let go of the workspace"
    );

    Arc::make_mut(&mut ws).journeys[0].stages[2]
        .touchpoints
        .push(Touchpoint::new("Zebra crossing"));
    worker.index(&ws, 1);
    worker.query("zebra", 10);
    let hits = worker.wait(PATIENCE).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits, search(&ws, "zebra", 10));
}
