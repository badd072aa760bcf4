use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::*;
use crate::model::{Journey, Opportunity, Touchpoint, TouchpointField as F, Workspace};

/// A workspace of one journey per entry, each journey a list of (stage index, card).
fn workspace(journeys: Vec<Vec<(usize, Touchpoint)>>) -> Workspace {
    let mut ws = Workspace::default();
    for (n, cards) in journeys.into_iter().enumerate() {
        let mut journey = Journey::with_default_stages(&format!("Journey {n}"));
        for (stage, card) in cards {
            journey.stages[stage].touchpoints.push(card);
        }
        ws.journeys.push(journey);
    }
    ws
}

fn card(title: &str, edit: impl FnOnce(&mut Touchpoint)) -> Touchpoint {
    let mut card = Touchpoint::new(title);
    edit(&mut card);
    card
}

fn at(journey: usize, stage: usize, card: usize) -> CardRef {
    CardRef {
        journey,
        stage,
        card,
    }
}

/// The characters of `hit.text` that `hit.indices` point at.
fn highlighted(hit: &Hit) -> String {
    let chars: Vec<char> = hit.text.chars().collect();
    hit.indices.iter().map(|&i| chars[i]).collect()
}

fn raw(text: &str, query: &str) -> i64 {
    SkimMatcherV2::default()
        .fuzzy_indices(text, query)
        .unwrap()
        .0
}

#[test]
fn title_beats_a_slightly_better_notes_match() {
    let title = "Asks for a refund by phone";
    let notes = "refund";
    assert!(raw(title, "refund") < raw(notes, "refund"), "premise");
    let ws = workspace(vec![vec![
        (0, card("Reads the FAQ", |c| c.notes = notes.into())),
        (1, Touchpoint::new(title)),
    ]]);
    let hits = search(&ws, "refund", 10);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].at, at(0, 1, 0));
    assert_eq!(hits[0].field, MatchedField::Card(F::Title));
    assert_eq!(hits[1].field, MatchedField::Card(F::Notes));
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn tiers_rank_in_order() {
    let ws = workspace(vec![vec![
        (0, card("a", |c| c.evidence = "kiosk".into())),
        (0, card("b", |c| c.thoughts = "kiosk".into())),
        (0, card("c", |c| c.channel = "kiosk".into())),
        (0, Touchpoint::new("kiosk")),
    ]]);
    let fields: Vec<_> = search(&ws, "kiosk", 10).iter().map(|h| h.field).collect();
    assert_eq!(
        fields,
        [F::Title, F::Channel, F::Thoughts, F::Evidence].map(MatchedField::Card)
    );
}

#[test]
fn one_hit_per_card_from_its_best_field() {
    let ws = workspace(vec![vec![(
        0,
        card("Checkout", |c| {
            c.notes = "checkout".into();
            c.action = "Goes to checkout".into();
        }),
    )]]);
    let hits = search(&ws, "checkout", 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].field, MatchedField::Card(F::Title));
    assert_eq!(hits[0].text, "Checkout");
    assert_eq!(hits[0].indices, (0..8).collect::<Vec<_>>());
}

#[test]
fn stage_name_finds_the_cards_of_that_stage() {
    let mut ws = workspace(vec![vec![
        (0, Touchpoint::new("Sees an ad")),
        (1, Touchpoint::new("Compares prices")),
        (1, Touchpoint::new("Reads reviews")),
    ]]);
    ws.journeys[0].stages[1].name = "Pertimbangan".into();
    ws.journeys[0].stages[2].name = "Pertimbangan lagi".into(); // no cards: no hit
    let hits = search(&ws, "pertimbangan", 10);
    let places: Vec<_> = hits.iter().map(|h| (h.at, h.field)).collect();
    assert_eq!(
        places,
        [
            (at(0, 1, 0), MatchedField::Stage),
            (at(0, 1, 1), MatchedField::Stage)
        ]
    );
    assert_eq!(hits[0].text, "Pertimbangan");
    assert_eq!(highlighted(&hits[0]), "Pertimbangan");
    assert_eq!(MatchedField::Stage.label(), "Stage");
    assert_eq!(MatchedField::Card(F::PainPoints).label(), "Pain points");
}

#[test]
fn indices_are_char_indices_in_non_ascii_text() {
    let ws = workspace(vec![vec![
        (0, Touchpoint::new("Kesadaran merek 🎉 lewat iklan")),
        (1, Touchpoint::new("在线比较价格")),
        (2, Touchpoint::new("🎉🛒 Promo ulang tahun")),
    ]]);
    for (query, expected) in [
        ("iklan", "iklan"),
        ("kesadaran", "Kesadaran"),
        ("比较", "比较"),
        ("promo", "Promo"),
    ] {
        let hits = search(&ws, query, 10);
        assert_eq!(hits.len(), 1, "{query}");
        assert_eq!(highlighted(&hits[0]), expected, "{query}");
    }
    let hit = &search(&ws, "promo", 1)[0];
    assert_eq!(hit.indices, [3, 4, 5, 6, 7]);
}

#[test]
fn smart_case() {
    let ws = workspace(vec![vec![
        (0, Touchpoint::new("pay later")),
        (0, Touchpoint::new("Pay now")),
    ]]);
    assert_eq!(search(&ws, "pay", 10).len(), 2);
    let hits = search(&ws, "Pay", 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].text, "Pay now");
}

#[test]
fn empty_or_blank_query_finds_nothing() {
    let ws = workspace(vec![vec![(0, Touchpoint::new("Anything"))]]);
    for query in ["", " ", "\t \n"] {
        assert!(search(&ws, query, 10).is_empty(), "{query:?}");
    }
    assert!(search(&Workspace::default(), "a", 10).is_empty());
}

#[test]
fn limit_keeps_the_best() {
    let ws = workspace(vec![vec![
        (0, card("x", |c| c.notes = "onboarding".into())),
        (1, card("y", |c| c.tags = vec!["onboarding".into()])),
        (2, Touchpoint::new("Onboarding call")),
        (3, card("z", |c| c.owner = "onboarding team".into())),
    ]]);
    let all = search(&ws, "onboard", 10);
    assert_eq!(all.len(), 4);
    let top = search(&ws, "onboard", 2);
    assert_eq!(top, all[..2]);
    assert_eq!(top[0].at, at(0, 2, 0));
    assert!(search(&ws, "onboard", 0).is_empty());
}

#[test]
fn ties_keep_board_order() {
    let same = || Touchpoint::new("Waits for delivery");
    let ws = workspace(vec![
        vec![(3, same()), (1, same()), (1, same())],
        vec![(0, same()), (5, same())],
    ]);
    let expected = [
        at(0, 1, 0),
        at(0, 1, 1),
        at(0, 3, 0),
        at(1, 0, 0),
        at(1, 5, 0),
    ];
    for limit in [10, 5, 3] {
        let hits = search(&ws, "delivery", limit);
        assert!(hits.windows(2).all(|w| w[0].score == w[1].score));
        let places: Vec<_> = hits.iter().map(|h| h.at).collect();
        assert_eq!(places, expected[..limit.min(5)]);
    }
}

#[test]
fn list_items_and_line_breaks_join_on_one_line() {
    let ws = workspace(vec![vec![
        (
            0,
            card("a", |c| {
                c.pain_points = vec!["Slow page".into(), "Hidden fees".into()];
            }),
        ),
        (
            1,
            card("b", |c| {
                c.opportunities = vec![Opportunity {
                    title: "Show the total early".into(),
                    ..Opportunity::default()
                }];
            }),
        ),
        (
            2,
            card("c", |c| c.tags = vec!["web".into(), "promo".into()]),
        ),
        (
            3,
            card("d", |c| c.thoughts = "\nKenapa \r\n\n  mahal?\n".into()),
        ),
    ]]);
    let hit = &search(&ws, "hidden", 10)[0];
    assert_eq!(hit.field, MatchedField::Card(F::PainPoints));
    assert_eq!(hit.text, "Slow page · Hidden fees");
    assert_eq!(highlighted(hit), "Hidden");

    let hit = &search(&ws, "total", 10)[0];
    assert_eq!(hit.field, MatchedField::Card(F::Opportunities));
    assert_eq!(highlighted(hit), "total");

    let hit = &search(&ws, "promo", 10)[0];
    assert_eq!(hit.field, MatchedField::Card(F::Tags));
    assert_eq!(hit.text, "web, promo");
    assert_eq!(highlighted(hit), "promo");

    let hit = &search(&ws, "mahal", 10)[0];
    assert_eq!(hit.field, MatchedField::Card(F::Thoughts));
    assert_eq!(hit.text, "Kenapa · mahal?");
    assert_eq!(highlighted(hit), "mahal");
}

#[test]
fn long_notes_give_a_snippet_around_the_match() {
    let filler = "Pelanggan membaca syarat dan ketentuan dengan teliti. ";
    let notes = format!(
        "{}\n\nLalu 😤 menanyakan pengembalian dana 退款 lewat chat.\n{}",
        filler.repeat(5),
        filler.repeat(5)
    );
    let ws = workspace(vec![vec![(0, card("x", |c| c.notes = notes.into()))]]);
    let hit = &search(&ws, "pengembalian", 10)[0];
    assert_eq!(hit.field, MatchedField::Card(F::Notes));
    assert!(hit.text.chars().count() <= SNIPPET_CHARS, "{}", hit.text);
    assert!(hit.text.starts_with('…') && hit.text.ends_with('…'));
    assert!(hit.text.contains("pengembalian dana"), "{}", hit.text);
    assert!(!hit.text.contains('\n'));
    assert!(hit.text.contains("teliti. · Lalu"), "{}", hit.text);
    assert_eq!(highlighted(hit), "pengembalian");

    let hit = &search(&ws, "退款", 10)[0];
    assert_eq!(highlighted(hit), "退款");
    assert!(hit.text.chars().count() <= SNIPPET_CHARS);
}

#[test]
fn snippet_edges() {
    let text: String = ('a'..='z').cycle().take(200).collect();
    // Match at the very start: no leading mark.
    let (cut, idx) = display::snippet(text.clone(), vec![0, 1], 80);
    assert_eq!(cut.chars().count(), 80);
    assert!(!cut.starts_with('…') && cut.ends_with('…'));
    assert_eq!(idx, [0, 1]);
    // Match at the very end: no trailing mark.
    let (cut, idx) = display::snippet(text.clone(), vec![198, 199], 80);
    assert_eq!(cut.chars().count(), 80);
    assert!(cut.starts_with('…') && !cut.ends_with('…'));
    assert_eq!(idx, [78, 79]);
    // A match wider than the window keeps its start and drops what does not fit.
    let (cut, idx) = display::snippet(text, vec![50, 51, 190], 80);
    assert!(cut.chars().count() <= 80);
    let chars: Vec<char> = cut.chars().collect();
    assert_eq!(idx.len(), 2);
    assert_eq!((chars[idx[0]], chars[idx[1]]), ('y', 'z'));
}

#[test]
fn a_text_scores_the_same_whatever_was_scored_before_it() {
    // skim's fuzzy_match scores "AAy🎉🎉-" higher right after "Advocacy" on the same thread.
    let ws = workspace(vec![vec![(5, card("", |c| c.action = "AAy🎉🎉-".into()))]]);
    let hits = search(&ws, "aay", 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].field, MatchedField::Card(F::Action));
    assert_eq!(hits[0].score, 8 * raw("AAy🎉🎉-", "aay"));
}
