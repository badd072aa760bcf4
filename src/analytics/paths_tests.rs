//! `--paths` by hand on tests/fixtures/events/paths.csv, and its properties: every customer on
//! one path, every customer who did not convert leaving once, the same figures however the
//! input is ordered or spilled.

use proptest::prelude::*;

use super::tests::{event, fixture, rows_of, run, spilled_with};
use super::*;

fn with_paths(top: usize) -> Settings {
    Settings {
        paths: Some(top),
        ..Settings::default()
    }
}

fn rows(paths: &[paths::PathFigures]) -> Vec<(&str, u64, u64)> {
    paths
        .iter()
        .map(|p| (p.path.as_str(), p.customers, p.converted))
        .collect()
}

/// The customers of paths.csv (README there):
/// p1 ad, product, cart, order: Awareness > Consideration > Decision, converts.
/// p2 ad, product, ad, product, cart (app): a loop and a step back, leaves at Decision.
/// p3 ad, product: leaves at Consideration. p4 ad, product, order: converts.
/// p5 order only: (conversion first). p6 search (email), ad (none), cart, product: steps
/// back twice, a loop, (none) dropped from its channel path. p7 ad and search, both (none):
/// its channel path is (none). p8 22 steps between ad and product: cut at 20.
/// p9 a delivery (whatsapp) before its order: a step back into Purchase.
#[test]
fn paths_by_hand() {
    let p = fixture("paths.csv", &with_paths(10)).paths.unwrap();
    assert_eq!(p.customers, 9);
    let a = "Awareness > Consideration";
    let loop4 = format!("{a} > {a}");
    let p8: String = format!("{} > …", [a; 10].join(" > "));
    assert_eq!(
        rows(&p.stage_paths),
        [
            (a, 3, 1),
            ("(conversion first)", 1, 1),
            (p8.as_str(), 1, 0),
            (format!("{loop4} > Decision").as_str(), 1, 0),
            (format!("{a} > Decision").as_str(), 1, 1),
            ("Consideration > Awareness > Decision > Consideration", 1, 0),
            ("Post-purchase", 1, 1),
        ]
    );
    assert_eq!(p.distinct_stage_paths, 7);
    let iw = "instagram > web";
    let p8: String = format!("{} > …", [iw; 10].join(" > "));
    assert_eq!(
        rows(&p.channel_paths),
        [
            (iw, 3, 2),
            ("(conversion first)", 1, 1),
            ("(none)", 1, 0),
            ("email > web", 1, 0),
            (format!("{iw} > {iw} > app").as_str(), 1, 0),
            (p8.as_str(), 1, 0),
            ("whatsapp", 1, 1),
        ]
    );
    let flows: Vec<(&str, Option<&str>, u64, bool)> = p
        .flows
        .iter()
        .map(|f| {
            (
                f.from.as_str(),
                f.to.as_deref(),
                f.customers,
                f.is_backward(),
            )
        })
        .collect();
    assert_eq!(
        flows,
        [
            ("Awareness", Some("Consideration"), 6, false),
            ("Awareness", Some("Decision"), 1, false),
            ("Consideration", Some("Awareness"), 3, true),
            ("Consideration", Some("Decision"), 2, false),
            ("Consideration", Some("Purchase"), 1, false),
            ("Consideration", None, 4, false),
            ("Decision", Some("Consideration"), 1, true),
            ("Decision", Some("Purchase"), 1, false),
            ("Decision", None, 1, false),
            ("Post-purchase", Some("Purchase"), 1, true),
        ]
    );
    let leaving: Vec<(&str, u64)> = p
        .leaving_channels
        .iter()
        .map(|l| (l.channel.as_str(), l.customers))
        .collect();
    assert_eq!(leaving, [("web", 3), ("(none)", 1), ("app", 1)]);
    assert_eq!(
        p.leaving_stages().collect::<Vec<_>>(),
        [("Consideration", 4), ("Decision", 1)]
    );
    assert_eq!((p.looped, p.backward), (3, 4));
}

#[test]
fn top_lists_the_most_common_and_counts_them_all() {
    let p = fixture("paths.csv", &with_paths(2)).paths.unwrap();
    assert_eq!(p.stage_paths.len(), 2);
    assert_eq!(p.channel_paths.len(), 2);
    assert_eq!(p.distinct_stage_paths, 7);
    assert_eq!(p.stage_paths[0].path, "Awareness > Consideration");
}

#[test]
fn without_the_flag_there_are_no_paths_and_with_by_only_everyone_has_them() {
    assert!(fixture("paths.csv", &Settings::default()).paths.is_none());
    let settings = Settings {
        by: Some(segments::By::Channel),
        ..with_paths(10)
    };
    let a = fixture("paths.csv", &settings);
    assert_eq!(a.paths.unwrap().customers, 9);
    assert!(!a.segments.is_empty());
}

#[test]
fn credit_direct_keeps_none_in_channel_paths() {
    let settings = Settings {
        credit_direct: true,
        ..with_paths(10)
    };
    let p = fixture("paths.csv", &settings).paths.unwrap();
    assert!(
        p.channel_paths
            .iter()
            .any(|r| r.path == "email > (none) > web"),
        "{:?}",
        p.channel_paths
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Each customer is on one stage path and one channel path, converted or not as the
    /// funnel says; each who did not convert leaves once, from one stage and one channel;
    /// order and spilling change nothing.
    #[test]
    fn every_customer_is_on_one_path_and_leaves_once(
        events in prop::collection::vec(event(), 1..60),
        seed in any::<u64>(),
        spill_after in 0usize..20,
    ) {
        let settings = with_paths(usize::MAX);
        let a = run(&rows_of(&events), &settings).unwrap();
        let p = a.paths.clone().unwrap();
        prop_assert_eq!(p.customers, a.customers);
        let converted = a.stages[3].reached;
        for paths in [&p.stage_paths, &p.channel_paths] {
            prop_assert_eq!(paths.iter().map(|r| r.customers).sum::<u64>(), a.customers);
            prop_assert_eq!(paths.iter().map(|r| r.converted).sum::<u64>(), converted);
        }
        let leaving = a.customers - converted;
        prop_assert_eq!(p.leaving_stages().map(|(_, n)| n).sum::<u64>(), leaving);
        prop_assert_eq!(p.leaving_channels.iter().map(|l| l.customers).sum::<u64>(), leaving);
        prop_assert!(p.looped <= p.backward, "a loop is a step back");

        let mut shuffled = events.clone();
        fastrand::Rng::with_seed(seed).shuffle(&mut shuffled);
        prop_assert_eq!(&run(&rows_of(&shuffled), &settings).unwrap(), &a);
        prop_assert_eq!(&spilled_with(&rows_of(&events), spill_after, settings), &a);
    }
}
