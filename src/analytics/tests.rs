//! Hand-computed fixtures for every figure and model of docs/analytics.md, the input's edge
//! cases, and properties: shares sum to 1, spilling and row order change nothing.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use proptest::prelude::*;

use super::*;
use crate::model::{EventRule, Touchpoint};

/// 2026-03-01T00:00:00Z.
const MARCH_1: i64 = 1_772_323_200_000;
const HOUR: i64 = 3_600_000;

/// Six stages (Awareness, Consideration, Decision, Purchase, Post-purchase, Advocacy) and
/// rules for each; the Awareness card "Sees an ad" is on instagram.
fn journey() -> Journey {
    let mut journey = Journey::with_default_stages("Beli HP");
    // Fixed ids, so that analyses of separately built journeys compare equal.
    for (n, stage) in journey.stages.iter_mut().enumerate() {
        stage.id = format!("st-{n}");
    }
    let mut card = Touchpoint::new("Sees an ad");
    card.id = "tp-ad".into();
    card.channel = "instagram".into();
    let card_id = card.id.clone();
    journey.stages[0].touchpoints.push(card);
    let rule =
        |event: &str, channel: Option<&str>, stage: usize, touchpoint: Option<&str>| EventRule {
            event: event.into(),
            channel: channel.map(Into::into),
            stage: journey.stages[stage].id.clone(),
            touchpoint: touchpoint.map(Into::into),
            ..EventRule::default()
        };
    journey.event_rules = vec![
        rule("ad_click", Some("instagram"), 0, None),
        rule("ad_*", None, 0, Some(&card_id)),
        rule("view_product*", None, 1, None),
        rule("add_to_cart", None, 2, None),
        rule("order_paid", None, 3, None),
        rule("purchase_*", None, 3, None),
        rule("delivered", None, 4, None),
        rule("review", None, 5, None),
    ];
    journey
}

fn go_on(_: Progress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

pub(super) fn run(text: &str, settings: &Settings) -> Result<Analysis, AnalyzeError> {
    analyze_reader("events", text.as_bytes(), &journey(), settings, &go_on)
}

/// The analysis of tests/fixtures/events/`file` for the fixture journey Beli HP of shop.json.
pub(super) fn fixture(file: &str, settings: &Settings) -> Analysis {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let loaded = crate::store::load(&dir.join("shop.json")).unwrap();
    let journey = loaded
        .workspace
        .journeys
        .into_iter()
        .find(|j| j.id == "jo-beli-hp")
        .unwrap();
    super::analyze_file(&dir.join(file), &journey, settings, &go_on).unwrap()
}

fn analyze(text: &str) -> Analysis {
    run(text, &Settings::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// A CSV of `customer,timestamp,event,channel,value` lines under the header.
fn csv(rows: &[&str]) -> String {
    let mut text = String::from("customer_id,timestamp,event,channel,value\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

fn stage<'a>(analysis: &'a Analysis, name: &str) -> &'a StageFigures {
    analysis.stages.iter().find(|s| s.stage == name).unwrap()
}

/// A model's shares (or values), rounded to 1e-9 so that hand-written fractions compare.
fn shares(attribution: &Attribution, model: Model) -> BTreeMap<String, f64> {
    attribution
        .get(&model)
        .unwrap_or_else(|| panic!("no {model:?}"))
        .iter()
        .map(|(channel, share)| (channel.clone(), (share * 1e9).round() / 1e9))
        .collect()
}

fn expect(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs
        .iter()
        .map(|(channel, share)| (channel.to_string(), (share * 1e9).round() / 1e9))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The main fixture: four customers, one of them out of order in the file, one skipping a
/// stage, one with a single event, one unmapped event.
const SHOP: &[&str] = &[
    "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
    "c1,2026-03-01T10:00:00Z,view_product,web,",
    "c1,2026-03-01T12:00:00Z,add_to_cart,web,",
    "c1,2026-03-01T13:00:00Z,order_paid,web,100",
    "c1,2026-03-02T13:00:00Z,delivered,web,",
    "c1,2026-03-03T13:00:00Z,review,web,",
    "c2,2026-03-01T08:00:00Z,ad_click,instagram,",
    "c2,2026-03-02T08:00:00Z,view_product,app,",
    "c2,2026-03-02T20:00:00Z,order_paid,app,50",
    "c3,2026-03-01T07:00:00Z,view_product,web,",
    "c3,2026-03-01T06:00:00Z,ad_click,instagram,",
    "c3,2026-03-01T05:00:00Z,app_open,app,",
    "c4,2026-03-01T00:00:00Z,ad_view,,",
];

#[test]
fn the_summary_counts_rows_customers_and_conversions() {
    let a = analyze(&csv(SHOP));
    assert_eq!(a.journey, "Beli HP");
    assert_eq!(a.conversion_stage, "Purchase");
    // 13 rows: app_open is unmapped, the other 12 mapped; c1 and c2 reach Purchase.
    assert_eq!((a.rows, a.mapped_rows, a.skipped_rows), (13, 12, 0));
    assert_eq!((a.customers, a.conversions), (4, 2));
    // The earliest mapped event is c4's ad_view (c3's earlier app_open is unmapped); the
    // latest c1's review.
    assert_eq!(
        a.first_event.map(format_time).as_deref(),
        Some("2026-03-01T00:00:00Z")
    );
    assert_eq!(
        a.last_event.map(format_time).as_deref(),
        Some("2026-03-03T13:00:00Z")
    );
    assert_eq!(
        a.unmapped,
        vec![Unmapped {
            event: "app_open".into(),
            rows: 1
        }]
    );
    assert_eq!(a.unmapped_rows, 1);
    assert!(a.problems.is_empty());
}

#[test]
fn the_funnel_counts_reach_conversion_and_hours_between_stages() {
    let a = analyze(&csv(SHOP));
    let figures = |name: &str| {
        let s = stage(&a, name);
        (s.reached, s.converted, s.dropped)
    };
    // Awareness: all four. On to Consideration: c1 after 1 h, c2 after 24 h, c3 after 1 h
    // (its events were out of order in the file); c4 never.
    assert_eq!(figures("Awareness"), (4, Some(3), Some(1)));
    let awareness = stage(&a, "Awareness");
    // Hours 1, 1, 24: median 1; p90 at rank 0.9·2 = 1.8: 1 + 0.8·(24 − 1) = 19.4.
    assert_eq!(awareness.median_hours, Some(1.0));
    assert!(close(awareness.p90_hours.unwrap(), 19.4));
    // Consideration: c1, c2, c3; only c1 goes on to Decision (2 h): c2 skips it, so it drops
    // here and still counts as reaching Purchase.
    assert_eq!(figures("Consideration"), (3, Some(1), Some(2)));
    assert_eq!(stage(&a, "Consideration").median_hours, Some(2.0));
    assert_eq!(stage(&a, "Consideration").p90_hours, Some(2.0));
    assert_eq!(figures("Decision"), (1, Some(1), Some(0)));
    assert_eq!(stage(&a, "Decision").median_hours, Some(1.0));
    // Purchase: c1 and c2; c1 is delivered 24 h later.
    assert_eq!(figures("Purchase"), (2, Some(1), Some(1)));
    assert_eq!(stage(&a, "Purchase").median_hours, Some(24.0));
    assert_eq!(figures("Post-purchase"), (1, Some(1), Some(0)));
    // The last stage has no next stage: nulls.
    let advocacy = stage(&a, "Advocacy");
    assert_eq!(figures("Advocacy"), (1, None, None));
    assert_eq!((advocacy.median_hours, advocacy.p90_hours), (None, None));
    let names: Vec<&str> = a.stages.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(names, crate::model::DEFAULT_STAGES, "in journey order");
    assert!(a.stages.iter().all(|s| s.stage_id.starts_with("st-")));
    // A stage nobody converts from has no times.
    let a = analyze(&csv(&["c1,2026-03-01T09:00:00Z,ad_click,instagram,"]));
    assert_eq!(stage(&a, "Awareness").converted, Some(0));
    assert_eq!(stage(&a, "Awareness").median_hours, None);
}

#[test]
fn time_to_convert_runs_from_the_first_mapped_event_to_the_first_conversion() {
    // c1: 09:00 → order_paid 13:00, 4 h. c2: 08:00 → 20:00 the next day, 36 h. c3 and c4
    // never convert; c3's earlier app_open is unmapped and does not start the clock.
    let a = analyze(&csv(SHOP));
    assert_eq!(a.hours_to_convert, [4.0, 36.0]);
    // A second purchase does not restart it: the first conversion counts.
    let again = analyze(&csv(&[
        "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
        "c1,2026-03-01T11:00:00Z,order_paid,web,10",
        "c1,2026-03-05T11:00:00Z,order_paid,web,20",
    ]));
    assert_eq!(again.hours_to_convert, [2.0]);
}

#[test]
fn channels_count_customers_reached_and_conversions_with_them_on_the_path() {
    let a = analyze(&csv(SHOP));
    let channels: Vec<(&str, u64, u64)> = a
        .channels
        .iter()
        .map(|c| (c.channel.as_str(), c.reached, c.conversions))
        .collect();
    // instagram: all four (c4's ad_view takes its card's channel); web: c1, c3; app: c2 (c3's
    // app_open is unmapped). Conversions: instagram is on both paths, web on c1's, app on c2's.
    assert_eq!(
        channels,
        vec![("instagram", 4, 2), ("web", 2, 1), ("app", 1, 1)]
    );
}

#[test]
fn heuristic_models_split_each_conversion_over_its_path() {
    let a = analyze(&csv(SHOP));
    // Paths: c1 instagram, web, web, web (up to the order, not the delivery);
    //        c2 instagram, app, app.
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[("instagram", 1.0)])
    );
    assert_eq!(
        shares(&a.attribution, Model::LastTouch),
        expect(&[("web", 0.5), ("app", 0.5)])
    );
    // Linear: c1 gives 1/4 to instagram and 3/4 to web; c2 1/3 to instagram, 2/3 to app.
    // Over 2 conversions: instagram (1/4 + 1/3)/2 = 7/24, web 3/8, app 1/3.
    assert_eq!(
        shares(&a.attribution, Model::Linear),
        expect(&[
            ("instagram", 7.0 / 24.0),
            ("web", 3.0 / 8.0),
            ("app", 1.0 / 3.0)
        ])
    );
    // Position-based: c1 (n = 4) 0.4 instagram, 0.1 + 0.1 + 0.4 web; c2 (n = 3) 0.4
    // instagram, 0.2 + 0.4 app. Halved: 0.4, 0.3, 0.3.
    assert_eq!(
        shares(&a.attribution, Model::PositionBased),
        expect(&[("instagram", 0.4), ("web", 0.3), ("app", 0.3)])
    );
    // Time decay (7 days = 168 h): c1's events are 4, 3, 1, 0 h before the order, c2's 36,
    // 12, 0 h.
    let w = |hours: f64| (-hours / 168.0).exp2();
    let c1 = w(4.0) + w(3.0) + w(1.0) + w(0.0);
    let c2 = w(36.0) + w(12.0) + w(0.0);
    assert_eq!(
        shares(&a.attribution, Model::TimeDecay),
        expect(&[
            ("instagram", (w(4.0) / c1 + w(36.0) / c2) / 2.0),
            ("web", (w(3.0) + w(1.0) + w(0.0)) / c1 / 2.0),
            ("app", (w(12.0) + w(0.0)) / c2 / 2.0),
        ])
    );
}

#[test]
fn markov_removal_effects_of_the_shop() {
    let a = analyze(&csv(SHOP));
    // Chains: c1 start → instagram → web → conversion (repeats of web collapsed, the delivery
    // after the conversion left out); c2 start → instagram → app → conversion; c3 start →
    // instagram → web → null; c4 start → instagram → null.
    // instagram → web 2/4, app 1/4, null 1/4; web → conversion 1/2; app → conversion 1.
    // P = 1/2·1/2 + 1/4·1 = 1/2. Without instagram P = 0: RE 1. Without web P = 1/4: RE 1/2.
    // Without app P = 1/4: RE 1/2. Σ RE = 2: shares 1/2, 1/4, 1/4.
    assert_eq!(
        shares(&a.attribution, Model::Markov),
        expect(&[("instagram", 0.5), ("web", 0.25), ("app", 0.25)])
    );
}

#[test]
fn values_are_split_like_the_credit() {
    let a = analyze(&csv(SHOP));
    // c1's order is worth 100, c2's 50.
    assert_eq!(
        shares(&a.attribution_value, Model::FirstTouch),
        expect(&[("instagram", 150.0)])
    );
    assert_eq!(
        shares(&a.attribution_value, Model::LastTouch),
        expect(&[("web", 100.0), ("app", 50.0)])
    );
    // Linear: instagram 100/4 + 50/3, web 300/4, app 100/3.
    assert_eq!(
        shares(&a.attribution_value, Model::Linear),
        expect(&[
            ("instagram", 25.0 + 50.0 / 3.0),
            ("web", 75.0),
            ("app", 100.0 / 3.0)
        ])
    );
    // Markov: the shares of the 150 in all.
    assert_eq!(
        shares(&a.attribution_value, Model::Markov),
        expect(&[("instagram", 75.0), ("web", 37.5), ("app", 37.5)])
    );
    // Without values there is no value split.
    let a = analyze(&csv(&["c1,2026-03-01T09:00:00Z,order_paid,web,"]));
    assert!(a.attribution_value.is_empty());
    assert_eq!(a.attribution.len(), 6);
}

#[test]
fn ties_at_the_same_time_go_by_stage_then_channel_then_event_name() {
    let a = analyze(&csv(&[
        // In file order Purchase, Consideration, Awareness, all at 09:00: the path is
        // Awareness (email before instagram), Consideration, Purchase.
        "c1,2026-03-01T09:00:00Z,order_paid,web,",
        "c1,2026-03-01T09:00:00Z,view_product,app,",
        "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
        "c1,2026-03-01T09:00:00Z,ad_click,email,",
    ]));
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[("email", 1.0)])
    );
    assert_eq!(
        shares(&a.attribution, Model::LastTouch),
        expect(&[("web", 1.0)])
    );
    // Position-based over email, instagram, app, web: 0.4, 0.1, 0.1, 0.4.
    assert_eq!(
        shares(&a.attribution, Model::PositionBased),
        expect(&[
            ("email", 0.4),
            ("instagram", 0.1),
            ("app", 0.1),
            ("web", 0.4)
        ])
    );
    // A next stage at the very same time counts as going on, after 0 hours.
    assert_eq!(stage(&a, "Awareness").converted, Some(1));
    assert_eq!(stage(&a, "Awareness").median_hours, Some(0.0));
    // Two conversion-stage events at the same time and channel are two conversions, each
    // with its own value: order_paid comes before purchase_b by name; at the same name, the
    // smaller value first.
    let a = analyze(&csv(&[
        "c1,2026-03-01T09:00:00Z,purchase_b,web,30",
        "c1,2026-03-01T09:00:00Z,order_paid,web,20",
        "c2,2026-03-01T09:00:00Z,order_paid,web,7",
        "c2,2026-03-01T09:00:00Z,order_paid,web,5",
    ]));
    assert_eq!(a.conversions, 4);
    assert_eq!(
        shares(&a.attribution_value, Model::LastTouch),
        expect(&[("web", 62.0)])
    );
    // Each path is its conversion alone: linear gives web all.
    assert_eq!(
        shares(&a.attribution, Model::Linear),
        expect(&[("web", 1.0)])
    );
}

#[test]
fn a_customer_with_one_event_is_their_own_path() {
    let a = analyze(&csv(&["c1,2026-03-01T09:00:00Z,order_paid,web,"]));
    assert_eq!((a.customers, a.conversions), (1, 1));
    for model in Model::ALL {
        assert_eq!(
            shares(&a.attribution, model),
            expect(&[("web", 1.0)]),
            "{model:?}"
        );
    }
    assert_eq!(stage(&a, "Purchase").reached, 1);
    assert_eq!(stage(&a, "Purchase").converted, Some(0));
}

#[test]
fn time_zones_and_epochs_name_the_same_instants() {
    // 16:00 at +07:00 is 09:00Z: the same instant, so Awareness then Consideration at the
    // same time. Epoch seconds 1772359200 is 10:00Z, milliseconds 1772362800000 11:00Z.
    let a = analyze(&csv(&[
        "c1,2026-03-01T16:00:00+07:00,ad_click,instagram,",
        "c1,2026-03-01 09:00:00,view_product,web,",
        "c1,1772359200,add_to_cart,web,",
        "c1,1772362800000,order_paid,web,",
        "c1,1772362800.5,delivered,web,",
    ]));
    assert_eq!(stage(&a, "Awareness").median_hours, Some(0.0));
    assert_eq!(stage(&a, "Consideration").median_hours, Some(1.0));
    assert_eq!(stage(&a, "Decision").median_hours, Some(1.0));
    // Half a second: 0.5 / 3600 hours.
    assert!(close(
        stage(&a, "Purchase").median_hours.unwrap(),
        0.5 / 3600.0
    ));
    assert_eq!(a.first_event, Some(MARCH_1 + 9 * HOUR));
    assert_eq!(
        a.last_event.map(format_time).as_deref(),
        Some("2026-03-01T11:00:00.500Z")
    );
}

#[test]
fn a_next_stage_event_before_the_stage_is_not_a_conversion() {
    let a = analyze(&csv(&[
        "c1,2026-03-01T09:00:00Z,view_product,web,",
        "c1,2026-03-01T10:00:00Z,ad_click,instagram,",
    ]));
    let awareness = stage(&a, "Awareness");
    assert_eq!(
        (awareness.reached, awareness.converted, awareness.dropped),
        (1, Some(0), Some(1))
    );
    assert_eq!(stage(&a, "Consideration").reached, 1);
}

#[test]
fn duplicate_events_each_count_on_the_path() {
    let a = analyze(&csv(&[
        "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
        "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
        "c1,2026-03-01T10:00:00Z,order_paid,web,",
    ]));
    assert_eq!((a.rows, a.mapped_rows, a.customers), (3, 3, 1));
    // Linear over instagram, instagram, web.
    assert_eq!(
        shares(&a.attribution, Model::Linear),
        expect(&[("instagram", 2.0 / 3.0), ("web", 1.0 / 3.0)])
    );
    assert_eq!(a.channels[0].reached, 1, "a customer is reached once");
    // Markov: start → instagram → web → conversion; removing either loses everything.
    assert_eq!(
        shares(&a.attribution, Model::Markov),
        expect(&[("instagram", 0.5), ("web", 0.5)])
    );
}

#[test]
fn without_conversions_there_is_no_attribution() {
    let a = analyze(&csv(&[
        "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
        "c2,2026-03-01T09:00:00Z,view_product,web,",
    ]));
    assert_eq!((a.customers, a.conversions), (2, 0));
    assert!(a.attribution.is_empty());
    assert!(a.attribution_value.is_empty());
    assert_eq!(a.channels.len(), 2);
}

/// The position-based shares of one conversion whose path has these channels.
fn position_based(channels: &[&str]) -> BTreeMap<String, f64> {
    let last = channels.len() - 1;
    let rows: Vec<String> = channels
        .iter()
        .enumerate()
        .map(|(hour, channel)| {
            let event = if hour == last {
                "order_paid"
            } else {
                "view_product"
            };
            format!(
                "c1,{},{event},{channel},",
                format_time(MARCH_1 + hour as i64 * HOUR)
            )
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    shares(&analyze(&csv(&rows)).attribution, Model::PositionBased)
}

#[test]
fn position_based_for_paths_of_one_two_three_and_five() {
    assert_eq!(position_based(&["web"]), expect(&[("web", 1.0)]));
    assert_eq!(
        position_based(&["instagram", "web"]),
        expect(&[("instagram", 0.5), ("web", 0.5)])
    );
    assert_eq!(
        position_based(&["instagram", "app", "web"]),
        expect(&[("instagram", 0.4), ("app", 0.2), ("web", 0.4)])
    );
    // n = 5: 0.4 first and last, 0.2/3 to each of the three between (app twice).
    assert_eq!(
        position_based(&["instagram", "app", "email", "app", "web"]),
        expect(&[
            ("instagram", 0.4),
            ("app", 0.4 / 3.0),
            ("email", 0.2 / 3.0),
            ("web", 0.4)
        ])
    );
}

#[test]
fn time_decay_halves_with_every_half_life() {
    let rows = csv(&[
        "c1,2026-02-15T00:00:00Z,view_product,app,",
        "c1,2026-02-22T00:00:00Z,view_product,email,",
        "c1,2026-03-01T00:00:00Z,order_paid,web,",
    ]);
    // 14, 7 and 0 days before the order: weights 1/4, 1/2, 1 of 7/4.
    let a = analyze(&rows);
    assert_eq!(
        shares(&a.attribution, Model::TimeDecay),
        expect(&[("app", 1.0 / 7.0), ("email", 2.0 / 7.0), ("web", 4.0 / 7.0)])
    );
    // A 14-day half-life: weights 1/2, 1/√2, 1.
    let settings = Settings {
        half_life_days: 14.0,
        ..Settings::default()
    };
    let a = run(&rows, &settings).unwrap();
    let total = 0.5 + 0.5f64.sqrt() + 1.0;
    assert_eq!(
        shares(&a.attribution, Model::TimeDecay),
        expect(&[
            ("app", 0.5 / total),
            ("email", 0.5f64.sqrt() / total),
            ("web", 1.0 / total)
        ])
    );
    let settings = Settings {
        half_life_days: 0.0,
        ..Settings::default()
    };
    assert!(matches!(run(&rows, &settings), Err(AnalyzeError::Rules(_))));
}

#[test]
fn markov_on_three_channels_end_to_end() {
    // The chains of markov.rs's hand-solved example (a = app, b = email, c = web):
    // a b conv, a conv, b null, c a conv, c null, a c null: shares 20/33, 8/33, 5/33.
    let a = analyze(&csv(&[
        "1,2026-03-01T01:00:00Z,view_product,app,",
        "1,2026-03-01T02:00:00Z,view_product,email,",
        "1,2026-03-01T03:00:00Z,order_paid,email,",
        "2,2026-03-01T01:00:00Z,order_paid,app,",
        "3,2026-03-01T01:00:00Z,view_product,email,",
        "4,2026-03-01T01:00:00Z,view_product,web,",
        "4,2026-03-01T02:00:00Z,order_paid,app,",
        "5,2026-03-01T01:00:00Z,view_product,web,",
        "6,2026-03-01T01:00:00Z,view_product,app,",
        "6,2026-03-01T02:00:00Z,view_product,web,",
    ]));
    assert_eq!(
        shares(&a.attribution, Model::Markov),
        expect(&[
            ("app", 20.0 / 33.0),
            ("email", 8.0 / 33.0),
            ("web", 5.0 / 33.0)
        ])
    );
}

#[test]
fn unmapped_events_are_listed_most_rows_first() {
    let a = analyze(&csv(&[
        "c1,2026-03-01T09:00:00Z,app_open,app,",
        "c1,2026-03-01T09:00:00Z,app_open,web,",
        "c1,2026-03-01T09:00:00Z,zoom,app,",
        "c1,2026-03-01T09:00:00Z,bell,app,",
        "c1,2026-03-01T09:00:00Z,zoom,app,",
        "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
    ]));
    let listed: Vec<(&str, u64)> = a
        .unmapped
        .iter()
        .map(|u| (u.event.as_str(), u.rows))
        .collect();
    assert_eq!(listed, vec![("app_open", 2), ("zoom", 2), ("bell", 1)]);
    assert_eq!(a.unmapped_rows, 5);
    let rows: Vec<String> = (0..15)
        .map(|n| format!("c1,2026-03-01T09:00:00Z,e{n:02},app,"))
        .chain(["c1,2026-03-01T09:00:00Z,ad_click,,".to_string()])
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let a = analyze(&csv(&rows));
    assert_eq!(a.unmapped.len(), 10, "the ten most frequent");
    assert_eq!(a.unmapped[0].event, "e00");
    assert_eq!(a.unmapped_rows, 15);
}

#[test]
fn columns_are_found_by_name_in_any_order() {
    let text = "\u{feff}Event , extra,TIMESTAMP,customer_id\n\
                order_paid,x,2026-03-01T09:00:00Z,c1\n";
    let a = analyze(text);
    assert_eq!((a.customers, a.conversions), (1, 1));
    // No channel column: the rule's card, else (none).
    assert_eq!(a.channels[0].channel, rules::NO_CHANNEL);
    let a = analyze("customer_id,timestamp,event\nc1,2026-03-01T09:00:00Z,ad_view\n");
    assert_eq!(a.channels[0].channel, "instagram", "the card's channel");
}

#[test]
fn bad_csv_rows_are_counted_with_their_lines() {
    let text = "\
customer_id,timestamp,event,channel,value
c1,2026-03-01T09:00:00Z,\"ad_click\",instagram,
c1,\"2026-03-01
T09:00:00Z\",view_product,web,
c2,yesterday,ad_click,instagram,
\"c
3\",2026-03-01T10:00:00Z,order_paid,web,abc
c4,2026-03-01T10:00:00Z

c5,2026-03-01T10:00:00Z,,web,
c6,2026-03-01T10:00:00Z,ad_click,instagram,
\"c7\",2026-03-01T10:00:00Z,\"order
paid\",web,
c8,2026-03-01T10:00:00Z,order_paid,web,1e400
";
    let a = analyze(text);
    let problems: Vec<(u64, &str)> = a
        .problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                3,
                "timestamp \"2026-03-01\\nT09:00:00Z\" is not RFC 3339 (2026-03-01T09:30:00+07:00) or a Unix epoch number"
            ),
            (
                5,
                "timestamp \"yesterday\" is not RFC 3339 (2026-03-01T09:30:00+07:00) or a Unix epoch number"
            ),
            (8, "no event (the row has 2 fields)"),
            (10, "event is empty"),
        ]
    );
    // Rows: lines 2, 3–4, 5, 6–7, 8, 10, 11, 12–13, 14; c7's "order\npaid" is unmapped. A
    // value that is not a number loses only the value: c3's and c8's orders are kept.
    assert_eq!(
        (a.rows, a.skipped_rows, a.mapped_rows, a.unmapped_rows),
        (9, 4, 4, 1)
    );
    assert_eq!(a.unmapped[0].event, "order\npaid");
    let dropped: Vec<(u64, &str)> = a
        .value_problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(
        dropped,
        vec![
            (
                6,
                "value \"abc\" is not a number: the event is kept without it"
            ),
            (
                14,
                "value \"1e400\" is not a number: the event is kept without it"
            ),
        ]
    );
    assert_eq!((a.bad_values, a.conversions), (2, 2));
    assert!(a.attribution_value.is_empty());
}

/// tests/fixtures/events/bad-values.csv: a value that is not a number drops the value, never
/// the event (v1's order still converts; v3's product view is still on its path).
#[test]
fn a_bad_value_keeps_its_event() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/events/bad-values.csv"
    ))
    .unwrap();
    let a = analyze(&text);
    assert_eq!((a.rows, a.skipped_rows, a.mapped_rows), (7, 0, 7));
    assert_eq!((a.customers, a.conversions, a.bad_values), (4, 4, 3));
    let lines: Vec<u64> = a.value_problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![3, 6, 8]);
    // First touch: instagram for v1 and v2, web for v3 and v4.
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[("instagram", 0.5), ("web", 0.5)])
    );
    // Only v2's 120 and v3's 50 are values; both last touches are web.
    assert_eq!(
        shares(&a.attribution_value, Model::LastTouch),
        expect(&[("web", 170.0)])
    );
    assert_eq!(
        shares(&a.attribution_value, Model::FirstTouch),
        expect(&[("instagram", 120.0), ("web", 50.0)])
    );
}

/// tests/fixtures/events/direct.csv: a conversion is a touch only with a channel, and `(none)`
/// gets credit only when a path has nothing else (GA4), unless `credit_direct`.
#[test]
fn direct_touches_get_credit_only_when_nothing_else_is_on_the_path() {
    // Touches: a instagram (its checkout has no channel); b web (its ad view is (none));
    // c (none) (nothing else); d its checkout, (none), alone; e instagram then app (its search
    // is (none)), two days apart.
    let a = fixture("direct.csv", &Settings::default());
    assert_eq!(a.conversions, 5);
    assert_eq!(
        shares(&a.attribution, Model::LastTouch),
        expect(&[
            ("instagram", 0.2),
            ("web", 0.2),
            ("(none)", 0.4),
            ("app", 0.2)
        ])
    );
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[("instagram", 0.4), ("web", 0.2), ("(none)", 0.4)])
    );
    assert_eq!(
        shares(&a.attribution, Model::Linear),
        expect(&[
            ("instagram", 0.3),
            ("web", 0.2),
            ("(none)", 0.4),
            ("app", 0.1)
        ])
    );
    let w = 2f64.powf(-2.0 / 7.0);
    let decay = shares(&a.attribution, Model::TimeDecay);
    assert!(close(decay["app"], 1.0 / (1.0 + w) / 5.0), "{decay:?}");
    assert_eq!(
        shares(&a.attribution_value, Model::LastTouch),
        expect(&[
            ("instagram", 100.0),
            ("web", 60.0),
            ("(none)", 40.0),
            ("app", 0.0)
        ])
    );
    let conversions = |a: &Analysis, name: &str| {
        a.channels
            .iter()
            .find(|c| c.channel == name)
            .map_or(0, |c| c.conversions)
    };
    assert_eq!(conversions(&a, "(none)"), 2);
    // Crediting direct: b's ad view and e's search are touches too; conversions without a
    // channel are still not.
    let direct = fixture(
        "direct.csv",
        &Settings {
            credit_direct: true,
            ..Settings::default()
        },
    );
    assert_eq!(
        shares(&direct.attribution, Model::FirstTouch),
        expect(&[("instagram", 0.4), ("(none)", 0.6)])
    );
    assert_eq!(
        shares(&direct.attribution, Model::Linear),
        expect(&[
            ("instagram", 1.0 / 5.0 + 1.0 / 15.0),
            ("web", 0.1),
            ("(none)", (0.5 + 1.0 + 1.0 + 1.0 / 3.0) / 5.0),
            ("app", 1.0 / 15.0)
        ])
    );
    assert_eq!(conversions(&direct, "(none)"), 4);
}

/// tests/fixtures/events/lookback.csv: touches more than the lookback window (90 days unless
/// told) before a conversion get none of its credit.
#[test]
fn the_lookback_window_leaves_out_older_touches() {
    // l1's and l2's ads are exactly 90 days before their orders (in), l3's a second more (out:
    // its checkout has no channel, so it is its own touch, (none)).
    let a = fixture("lookback.csv", &Settings::default());
    assert_eq!(a.conversions, 3);
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[("instagram", 2.0 / 3.0), ("(none)", 1.0 / 3.0)])
    );
    assert_eq!(
        shares(&a.attribution, Model::LastTouch),
        expect(&[
            ("app", 1.0 / 3.0),
            ("instagram", 1.0 / 3.0),
            ("(none)", 1.0 / 3.0)
        ])
    );
    // 30 days: only l1's product view (12 days before) and its order are left.
    let month = fixture(
        "lookback.csv",
        &Settings {
            lookback_days: 30.0,
            ..Settings::default()
        },
    );
    assert_eq!(
        shares(&month.attribution, Model::FirstTouch),
        expect(&[("web", 1.0 / 3.0), ("(none)", 2.0 / 3.0)])
    );
    assert_eq!(
        shares(&month.attribution, Model::Linear),
        expect(&[
            ("web", 1.0 / 6.0),
            ("app", 1.0 / 6.0),
            ("(none)", 2.0 / 3.0)
        ])
    );
    // The funnel does not depend on it.
    assert_eq!(a.stages, month.stages);
    assert_eq!(super::parse_days("30d"), Some(30.0));
    assert_eq!(super::parse_days(" 0.5 "), Some(0.5));
    assert_eq!(super::parse_days("0d"), None);
    assert_eq!(super::parse_days("a month"), None);
    let never = Settings {
        lookback_days: f64::NAN,
        ..Settings::default()
    };
    assert!(
        run(
            "customer_id,timestamp,event\nc,2026-03-01,ad_click\n",
            &never
        )
        .is_err()
    );
}

/// tests/fixtures/events/repeat.csv: every conversion counts, with the touches since the
/// customer's previous one.
#[test]
fn every_conversion_counts_with_the_touches_since_the_previous_one() {
    // r1: instagram ad → web order 50; five days later an email ad → web order 70.
    // r2: one web order of 10 after a youtube video.
    let a = fixture("repeat.csv", &Settings::default());
    assert_eq!((a.customers, a.conversions), (2, 3));
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[
            ("instagram", 1.0 / 3.0),
            ("email", 1.0 / 3.0),
            ("youtube", 1.0 / 3.0)
        ])
    );
    assert_eq!(
        shares(&a.attribution_value, Model::FirstTouch),
        expect(&[("instagram", 50.0), ("email", 70.0), ("youtube", 10.0)])
    );
    assert_eq!(
        shares(&a.attribution_value, Model::LastTouch),
        expect(&[("web", 130.0)])
    );
    // Channels count conversions: web is a touch of all three.
    let web = a.channels.iter().find(|c| c.channel == "web").unwrap();
    assert_eq!((web.reached, web.conversions), (2, 3));
    // The funnel still counts customers.
    assert_eq!(stage(&a, "Purchase").reached, 2);
}

/// tests/fixtures/events/transactions.csv: a conversion repeating a transaction_id the
/// customer already converted with is neither a conversion nor a touch.
#[test]
fn a_repeated_transaction_id_is_one_conversion() {
    // t1: instagram → web A1 (50), A1 again 5 minutes later (a reloaded page), email → app A2
    // (70). t2: youtube → web A1 (20: another customer's A1 is its own), then two orders of
    // 30 without an id, both counted.
    let a = fixture("transactions.csv", &Settings::default());
    assert_eq!((a.customers, a.conversions), (2, 5));
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[
            ("instagram", 0.2),
            ("email", 0.2),
            ("youtube", 0.2),
            ("web", 0.4)
        ])
    );
    assert_eq!(
        shares(&a.attribution_value, Model::LastTouch),
        expect(&[("web", 130.0), ("app", 70.0)])
    );
}

/// A named zone counts days by its offset at each instant: London is UTC in February and an
/// hour ahead from 29 March (British Summer Time), so an order at 23:30 UTC on 31 March is in
/// April there, and one at 23:30 UTC on 28 February still in February. In Jakarta (+07:00)
/// both are the next day.
#[test]
fn named_zones_count_days_with_daylight_saving_time() {
    let text = csv(&[
        "i,2026-02-28T23:30:00Z,order_paid,web,",
        "i,2026-03-31T23:30:00Z,order_paid,web,",
        "j,2026-05-10T12:00:00Z,order_paid,web,",
    ]);
    let by_month = |name: &str| {
        let settings = Settings {
            retention: Some(retention::Options {
                period: retention::Period::Month,
                zone: Zone::parse(name).unwrap(),
                cohort_event: None,
                return_event: None,
            }),
            ..Settings::default()
        };
        let r = run(&text, &settings).unwrap().retention.unwrap();
        let (cohorts, _) = retention::rows(&r);
        cohorts
            .iter()
            .map(|(cohort, customers, active)| (cohort.to_string(), *customers, active.to_vec()))
            .collect::<Vec<_>>()
    };
    let cohort = |name: &str, active: &[u64]| (name.to_string(), 1, active.to_vec());
    assert_eq!(by_month("UTC"), [cohort("2026-02", &[1, 1, 0])]);
    assert_eq!(by_month("Europe/London"), [cohort("2026-02", &[1, 0, 1])]);
    assert_eq!(by_month("Asia/Jakarta"), [cohort("2026-03", &[1, 1])]);
    // --since 2026-04-01 in London starts at 23:00 UTC on 31 March.
    let london = Zone::parse("Europe/London").unwrap();
    let since = parse_bound("2026-04-01", &london, false).unwrap();
    assert_eq!(since, MARCH_1 + 30 * 86_400_000 + 23 * HOUR);
}

#[test]
fn time_zones_and_windows_from_the_command_line() {
    use super::{parse_bound, parse_offset};
    assert_eq!(parse_offset("UTC"), Some(0));
    assert_eq!(parse_offset("+07:00"), Some(420));
    assert_eq!(parse_offset("-0530"), Some(-330));
    assert_eq!(parse_offset("+7"), Some(420));
    assert_eq!(parse_offset("Asia/Jakarta"), None);
    assert_eq!(parse_offset("+25:00"), None);
    // 1 March at +07:00 starts at 17:00 UTC the day before; --until includes the whole day.
    assert_eq!(
        parse_bound("2026-03-01", &Zone::Fixed(420), false),
        Some(MARCH_1 - 7 * 3_600_000)
    );
    assert_eq!(
        parse_bound("2026-03-01", &Zone::UTC, true),
        Some(MARCH_1 + 86_400_000)
    );
    assert_eq!(
        parse_bound("2026-03-01T09:00:00Z", &Zone::Fixed(420), true),
        Some(MARCH_1 + 9 * 3_600_000)
    );
    assert_eq!(parse_bound("last week", &Zone::UTC, false), None);
}

#[test]
fn line_numbers_stay_right_across_chunks() {
    // About 4 MB: several chunks, with a quoted two-line field every 97 rows and a bad row
    // every 1000.
    let mut text = String::from("customer_id,timestamp,event,channel,value\n");
    let mut line = 2;
    let mut bad = Vec::new();
    for n in 0..60_000 {
        if n % 1000 == 999 {
            bad.push(line);
            text.push_str(&format!("c{n},never,ad_click,instagram,\n"));
        } else if n % 97 == 0 {
            text.push_str(&format!(
                "c{n},2026-03-01T09:00:00Z,\"view_product\",\"a\nb\",\n"
            ));
            line += 1;
        } else {
            text.push_str(&format!("c{n},2026-03-01T09:00:00Z,view_product,web,{n}\n"));
        }
        line += 1;
    }
    let a = analyze(&text);
    assert_eq!(a.rows, 60_000);
    assert_eq!(a.skipped_rows, 60);
    assert_eq!(
        a.problems.iter().map(|p| p.line).collect::<Vec<_>>(),
        bad[..10].to_vec()
    );
    // The same as JSON Lines, with blank lines.
    let mut text = String::new();
    let mut bad = Vec::new();
    for n in 0..50_000u64 {
        if n % 1000 == 999 {
            bad.push(n * 2 + 1);
            text.push_str("{\"customer_id\": \"x\"\n\n");
        } else {
            text.push_str(&format!(
                "{{\"customer_id\": {n}, \"timestamp\": {}, \"event\": \"view_product\", \
                 \"channel\": \"web\", \"padding\": \"{}\"}}\n\n",
                1_772_323_200 + n,
                "-".repeat(20)
            ));
        }
    }
    let a = analyze(&text);
    assert_eq!((a.rows, a.skipped_rows, a.customers), (50_000, 50, 49_950));
    assert_eq!(
        a.problems.iter().map(|p| p.line).collect::<Vec<_>>(),
        bad[..10].to_vec()
    );
}

#[test]
fn stray_quotes_in_unquoted_fields_are_text_across_chunks() {
    // About 3 MB: a quote in every third event name, a quoted two-line channel every 50 rows.
    let rows: Vec<String> = (0..60_000)
        .map(|n| {
            let event = if n % 3 == 0 {
                "view_product 5\" tv"
            } else {
                "view_product"
            };
            let channel = if n % 50 == 0 { "\"w\ne\"\"b\"" } else { "web" };
            format!("c{n},2026-03-01T09:00:00Z,{event},{channel},")
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let a = analyze(&csv(&rows));
    assert_eq!((a.rows, a.mapped_rows, a.skipped_rows), (60_000, 60_000, 0));
    let channels: Vec<(&str, u64)> = a
        .channels
        .iter()
        .map(|c| (c.channel.as_str(), c.reached))
        .collect();
    assert_eq!(channels, vec![("web", 58_800), ("w\ne\"b", 1_200)]);
}

#[test]
fn bad_json_lines_are_counted_with_their_lines() {
    let text = r#"{"customer_id":"c1","timestamp":"2026-03-01T09:00:00Z","event":"ad_click","channel":"instagram"}

{"customer_id":1,"timestamp":1772355600,"event":"order_paid","channel":"web","value":10,"x":{"y":[1]}}
{"customer_id":"c2","timestamp":"2026-03-01T09:00:00Z"
[1,2]
{"timestamp":"2026-03-01T09:00:00Z","event":"x"}
{"customer_id":"c3","timestamp":true,"event":"x"}
{"customer_id":"c4","timestamp":"2026-03-01T09:00:00Z","event":"ad_click","value":"lots"}
{"customer_id":"c5","timestamp":1e20,"event":"ad_click"}
{"customer_id":"1","timestamp":"2026-03-01T08:00:00Z","event":"ad_click","channel":null,"value":"2.5"}
"#;
    let a = analyze(text);
    let problems: Vec<(u64, &str)> = a
        .problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (4, "broken JSON: EOF while parsing an object (column 54)"),
            (5, "not a JSON object"),
            (6, "no customer_id"),
            (7, "timestamp is not text or a number"),
            (
                9,
                "timestamp 100000000000000000000 is outside the years 0000 to 9999"
            ),
        ]
    );
    // c4's ad click is kept without its value "lots".
    assert_eq!((a.rows, a.skipped_rows, a.mapped_rows), (9, 5, 4));
    assert_eq!(a.bad_values, 1);
    assert_eq!(a.value_problems[0].line, 8);
    // Customer 1 as a number and as text is one customer: ad_click (card channel) at 08:00,
    // then the order at 09:00.
    assert_eq!((a.customers, a.conversions), (3, 1));
    assert_eq!(
        shares(&a.attribution, Model::FirstTouch),
        expect(&[("instagram", 1.0)])
    );
    assert_eq!(
        shares(&a.attribution_value, Model::LastTouch),
        expect(&[("web", 10.0)])
    );
}

#[test]
fn unusable_inputs_are_errors_that_say_why() {
    let message = |text: &str| match run(text, &Settings::default()) {
        Err(AnalyzeError::Input { path, message }) => {
            assert_eq!(path, "events");
            message
        }
        other => panic!("{other:?}"),
    };
    let missing = message("id,time,event\nc1,2026-03-01T09:00:00Z,ad_click\n");
    assert!(
        missing.contains("no column customer_id, timestamp")
            && missing.contains("\"id\", \"time\", \"event\""),
        "{missing}"
    );
    assert!(message("").contains("empty"));
    assert!(message(" \n\n\t\n").contains("empty"));
    assert!(message("customer_id,timestamp,event\n").contains("no rows"));
    let all_bad = message("customer_id,timestamp,event\nc1,soon,x\nc2,later,y\n");
    assert_eq!(
        all_bad,
        "none of the 2 rows can be read: line 2: timestamp \"soon\" is not RFC 3339 \
         (2026-03-01T09:30:00+07:00) or a Unix epoch number"
    );
    assert!(message("{\"customer_id\": 1\n").contains("line 1: broken JSON"));
}

#[test]
fn control_characters_huge_fields_and_unclosed_quotes_do_not_panic() {
    let huge = "x".repeat(3 << 20);
    let text = csv(&[
        &format!("{huge},2026-03-01T09:00:00Z,ad_click,instagram,"),
        &format!("c2,2026-03-01T09:00:00Z,\"{huge}\n{huge}\",web,"),
        "c\u{0}3,2026-03-01T09:00:00Z\u{7},ad_click,,",
        "c4,2026-03-01T09:00:00Z,\u{1b}[31mred,app,",
        &format!("c5,{huge},ad_click,,"),
    ]);
    let a = analyze(&text);
    assert_eq!((a.rows, a.mapped_rows, a.skipped_rows), (5, 1, 2));
    assert!(
        a.problems[1].reason.chars().count() < 200,
        "bad values are cut short"
    );
    assert!(a.unmapped.iter().any(|u| u.event.starts_with('\u{1b}')));
    let a = analyze(&csv(&[
        "c1,2026-03-01T09:00:00Z,ad_click,instagram,",
        "c2,2026-03-01T09:00:00Z,\"ad_click,instagram,",
        "c3,2026-03-01T09:00:00Z,ad_click,instagram,",
    ]));
    assert_eq!((a.rows, a.mapped_rows, a.skipped_rows), (2, 1, 1));
    assert_eq!(a.problems[0].line, 3);
    assert!(a.problems[0].reason.contains("never closed"));
}

#[test]
fn cancelling_stops_the_analysis() {
    let stop = |_: Progress| ControlFlow::Break(());
    let result = analyze_reader(
        "events",
        csv(SHOP).as_bytes(),
        &journey(),
        &Settings::default(),
        &stop,
    );
    assert!(matches!(result, Err(AnalyzeError::Cancelled)));
    // Asked again while measuring: the reading went on, the measuring stops.
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let late = |_: Progress| {
        if calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 1 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let result = analyze_reader(
        "events",
        csv(SHOP).as_bytes(),
        &journey(),
        &Settings::default(),
        &late,
    );
    assert!(matches!(result, Err(AnalyzeError::Cancelled)));
}

#[test]
fn rules_errors_come_before_reading() {
    let mut j = journey();
    j.event_rules.clear();
    let result = analyze_reader("events", &b""[..], &j, &Settings::default(), &go_on);
    assert!(matches!(result, Err(AnalyzeError::Rules(_))));
}

#[test]
fn files_are_read_and_missing_ones_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    std::fs::write(&path, csv(SHOP)).unwrap();
    let a = analyze_file(&path, &journey(), &Settings::default(), &go_on).unwrap();
    assert_eq!(a, analyze(&csv(SHOP)));
    let gone = dir.path().join("gone.csv");
    match analyze_file(&gone, &journey(), &Settings::default(), &go_on) {
        Err(AnalyzeError::Io { path, .. }) => assert!(path.ends_with("gone.csv")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_spill_that_cannot_be_written_is_an_io_error() {
    // Several chunks, so that the reader is still sending when the spill fails.
    let rows: Vec<String> = (0..120_000)
        .map(|n| format!("c{n},2026-03-01T09:00:00Z,view_product,web,{n}"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        spill_after: 0,
        temp_dir: Some(dir.path().join("gone")),
        ..Settings::default()
    };
    match run(&csv(&rows), &settings) {
        Err(AnalyzeError::Io { path, .. }) => assert!(path.contains("temporary files"), "{path}"),
        other => panic!("{other:?}"),
    }
}

/// The shop with spilling after `spill_after` events, into a folder of its own.
fn spilled(text: &str, spill_after: usize) -> Analysis {
    spilled_with(text, spill_after, Settings::default())
}

/// The analysis of `text` with `settings`, spilling past `spill_after` mapped events.
pub(super) fn spilled_with(text: &str, spill_after: usize, settings: Settings) -> Analysis {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        spill_after,
        temp_dir: Some(dir.path().to_path_buf()),
        ..settings
    };
    run(text, &settings).unwrap()
}

#[test]
fn spilling_gives_the_same_figures() {
    let text = csv(SHOP);
    let in_memory = analyze(&text);
    for spill_after in [0, 1, 3, 11] {
        assert_eq!(
            spilled(&text, spill_after),
            in_memory,
            "spill after {spill_after}"
        );
    }
    // Many customers over many partitions, spilled in many runs.
    let rows: Vec<String> = (0..5_000)
        .map(|n| {
            let event = ["ad_click", "view_product", "add_to_cart", "order_paid"][n % 4];
            let channel = ["instagram", "web", "app", ""][n % 7 % 4];
            format!(
                "c{},{},{event},{channel},{}",
                n % 613,
                MARCH_1 / 1000 + n as i64 * 60,
                n % 5
            )
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let text = csv(&rows);
    let in_memory = analyze(&text);
    assert_eq!(in_memory.customers, 613);
    assert_eq!(spilled(&text, 100), in_memory);
}

/// One generated event: customer, minutes after the start, event, channel, value.
pub(super) fn event() -> impl Strategy<Value = (u8, u16, &'static str, &'static str, Option<u8>)> {
    (
        0u8..8,
        0u16..600,
        prop::sample::select(vec![
            "ad_click",
            "ad_view",
            "view_product",
            "add_to_cart",
            "order_paid",
            "purchase_x",
            "delivered",
            "review",
            "app_open",
        ]),
        prop::sample::select(vec!["", "web", "app", "instagram", "email", "store"]),
        prop::option::of(0u8..100),
    )
}

pub(super) fn rows_of(events: &[(u8, u16, &str, &str, Option<u8>)]) -> String {
    let rows: Vec<String> = events
        .iter()
        .map(|(customer, minutes, event, channel, value)| {
            let time = format_time(MARCH_1 + i64::from(*minutes) * 60_000);
            let value = value.map(|v| v.to_string()).unwrap_or_default();
            format!("c{customer},{time},{event},{channel},{value}")
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    csv(&rows)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn shares_sum_to_one_and_spilling_or_shuffling_change_nothing(
        events in prop::collection::vec(event(), 1..60),
        seed in any::<u64>(),
        spill_after in 0usize..20,
    ) {
        let text = rows_of(&events);
        let a = analyze(&text);
        if a.conversions > 0 {
            for model in Model::ALL {
                let sum: f64 = a.attribution[&model].values().sum();
                prop_assert!((sum - 1.0).abs() < 1e-9, "{:?} sums to {}", model, sum);
            }
        } else {
            prop_assert!(a.attribution.is_empty());
        }
        prop_assert_eq!(&spilled(&text, spill_after), &a);
        let mut shuffled = events.clone();
        fastrand::Rng::with_seed(seed).shuffle(&mut shuffled);
        prop_assert_eq!(&analyze(&rows_of(&shuffled)), &a);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// `--since`/`--until` give the analysis of the input without the rows outside them.
    #[test]
    fn a_time_window_is_the_input_filtered_first(
        events in prop::collection::vec(event(), 1..60),
        from in 0u16..600,
        length in 0u16..600,
    ) {
        let to = from.saturating_add(length);
        let settings = Settings {
            since: Some(MARCH_1 + i64::from(from) * 60_000),
            until: Some(MARCH_1 + i64::from(to) * 60_000),
            ..Settings::default()
        };
        let windowed = run(&rows_of(&events), &settings).unwrap();
        let inside: Vec<_> = events
            .iter()
            .copied()
            .filter(|e| (from..to).contains(&e.1))
            .collect();
        let outside = (events.len() - inside.len()) as u64;
        prop_assert_eq!(windowed.outside_rows, outside);
        if inside.is_empty() {
            prop_assert_eq!(windowed.mapped_rows, 0);
        } else {
            let mut expected = analyze(&rows_of(&inside));
            expected.rows += outside;
            expected.outside_rows = outside;
            prop_assert_eq!(windowed, expected);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_bytes_give_an_analysis_or_an_error(
        bytes in prop::collection::vec(
            prop::sample::select(b"c1,2026-03-01T09:00:00Z\"{}:[]\n\r\0\xff\x1b ad_clickorder_paid".to_vec()),
            0..300,
        ),
        json in any::<bool>(),
    ) {
        let mut text = if json {
            b"{\"customer_id\":".to_vec()
        } else {
            b"customer_id,timestamp,event,channel,value\n".to_vec()
        };
        text.extend(bytes);
        if let Ok(a) = analyze_reader("x", &text[..], &journey(), &Settings::default(), &go_on) {
            prop_assert_eq!(a.rows, a.mapped_rows + a.unmapped_rows + a.skipped_rows + a.outside_rows);
            prop_assert!(a.problems.len() as u64 <= a.skipped_rows.min(10));
        }
    }
}

/// A CSV with a `device` column after the others.
fn with_devices(rows: &[&str]) -> String {
    let mut text = String::from("customer_id,timestamp,event,channel,value,device\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

/// By hand: a's first event is on mobile (its order on desktop does not move it); b's first
/// has no device, so (not set); d's unmapped app_open on a tablet is no event of the
/// analysis, so its ad on mobile is its first; e's two ads tie on everything but the device,
/// and the first name wins (aa).
const BY_DEVICE: &[&str] = &[
    "a,2026-03-01T09:00:00Z,ad_click,instagram,,mobile",
    "a,2026-03-02T09:00:00Z,order_paid,web,100,desktop",
    "b,2026-03-01T10:00:00Z,ad_click,instagram,, ",
    "b,2026-03-02T10:00:00Z,view_product,web,,mobile",
    "c,2026-03-01T11:00:00Z,view_product,web,,desktop",
    "c,2026-03-02T11:00:00Z,order_paid,web,50,desktop",
    "d,2026-03-01T08:00:00Z,app_open,app,,tablet",
    "d,2026-03-03T08:00:00Z,ad_click,instagram,,mobile",
    "e,2026-03-01T12:00:00Z,ad_click,instagram,,zz",
    "e,2026-03-01T12:00:00Z,ad_click,instagram,,aa",
];

fn by(name: &str, top: usize) -> Settings {
    Settings {
        by: Some(segments::By::new(name)),
        top_segments: top,
        ..Settings::default()
    }
}

#[test]
fn segments_by_a_column_follow_the_first_mapped_event() {
    let a = run(&with_devices(BY_DEVICE), &by("Device", 10)).unwrap();
    assert_eq!(a.by.as_deref(), Some("Device"));
    let names: Vec<(&str, u64, u64)> = a
        .segments
        .iter()
        .map(|s| (s.segment.as_str(), s.customers, s.conversions))
        .collect();
    assert_eq!(
        names,
        [
            ("mobile", 2, 1),
            ("(not set)", 1, 0),
            ("aa", 1, 0),
            ("desktop", 1, 1)
        ]
    );
    let mobile = &a.segments[0];
    assert_eq!(mobile.attribution[&Model::Linear]["instagram"], 0.5);
    assert_eq!(mobile.attribution[&Model::Linear]["web"], 0.5);
    assert_eq!(
        mobile.attribution_value[&Model::FirstTouch]["instagram"],
        100.0
    );
    assert_eq!(mobile.stages[0].reached, 2);
    assert_eq!(mobile.stages[0].converted, Some(0), "a skips Consideration");
    assert_eq!(mobile.first_event, Some(MARCH_1 + 9 * HOUR));
    assert_eq!(mobile.last_event, Some(MARCH_1 + 24 * HOUR * 2 + 8 * HOUR));
    let desktop = &a.segments[3];
    assert_eq!(desktop.attribution[&Model::Linear]["web"], 1.0);
    assert_eq!(desktop.channels.len(), 1, "only the channels it reached");
    // The whole is the analysis without --by.
    let whole = analyze(&with_devices(BY_DEVICE));
    assert_eq!(
        Analysis {
            by: None,
            segments: Vec::new(),
            ..a.clone()
        },
        whole
    );
    // The cap: the two with most customers, then the rest added up as (other), last.
    let capped = run(&with_devices(BY_DEVICE), &by("device", 2)).unwrap();
    let names: Vec<(&str, u64, u64)> = capped
        .segments
        .iter()
        .map(|s| (s.segment.as_str(), s.customers, s.conversions))
        .collect();
    assert_eq!(
        names,
        [("mobile", 2, 1), ("(not set)", 1, 0), ("(other)", 2, 1)]
    );
    assert_eq!(capped.segments[2].attribution[&Model::Linear]["web"], 1.0);
}

#[test]
fn segments_by_channel_take_the_channel_the_analysis_sees() {
    let a = run(&with_devices(BY_DEVICE), &by("channel", 10)).unwrap();
    let names: Vec<(&str, u64)> = a
        .segments
        .iter()
        .map(|s| (s.segment.as_str(), s.customers))
        .collect();
    assert_eq!(names, [("instagram", 4), ("web", 1)]);
    // An event without a channel takes its card's; without one it is (none).
    let text = csv(&[
        "a,2026-03-01T09:00:00Z,ad_view,,",
        "b,2026-03-01T09:00:00Z,view_product,,",
    ]);
    let a = run(&text, &by("CHANNEL", 10)).unwrap();
    let names: Vec<&str> = a.segments.iter().map(|s| s.segment.as_str()).collect();
    assert_eq!(names, ["(none)", "instagram"]);
}

#[test]
fn segments_need_a_column_that_exists() {
    let e = run(&with_devices(BY_DEVICE), &by("devise", 10)).unwrap_err();
    let message = e.to_string();
    assert!(message.contains("no column \"devise\""), "{message}");
    assert!(
        message.contains("\"device\""),
        "names the columns: {message}"
    );
    let jsonl = "{\"customer_id\":\"a\",\"timestamp\":\"2026-03-01\",\"event\":\"ad_click\"}\n";
    let e = run(jsonl, &by("device", 10)).unwrap_err().to_string();
    assert!(e.contains("no key \"device\""), "{e}");
    assert!(e.contains("\"customer_id\""), "{e}");
    let e = run("", &by("device", 10)).unwrap_err().to_string();
    assert!(e.contains("empty"), "{e}");
}

#[test]
fn segments_from_json_lines_take_text_numbers_and_missing_keys() {
    let text = "{\"customer_id\":\"a\",\"timestamp\":\"2026-03-01\",\"event\":\"ad_click\",\"channel\":\"instagram\",\"plan\":7}\n\
                {\"customer_id\":\"b\",\"timestamp\":\"2026-03-01\",\"event\":\"ad_click\",\"channel\":\"instagram\",\"plan\":\"gold\\u001b[31m\"}\n\
                {\"customer_id\":\"c\",\"timestamp\":\"2026-03-01\",\"event\":\"ad_click\",\"channel\":\"instagram\"}\n\
                {\"customer_id\":\"d\",\"timestamp\":\"2026-03-01\",\"event\":\"ad_click\",\"channel\":\"instagram\",\"plan\":null}\n";
    let a = run(text, &by("plan", 10)).unwrap();
    let names: Vec<(&str, u64)> = a
        .segments
        .iter()
        .map(|s| (s.segment.as_str(), s.customers))
        .collect();
    assert_eq!(names, [("(not set)", 2), ("7", 1), ("gold\u{1b}[31m", 1)]);
    // The table never shows the escape sequence raw.
    let table = output::to_table(&a);
    assert!(!table.contains('\u{1b}'), "{table}");
    assert!(table.contains("plan = gold�[31m"), "{table}");
}

#[test]
fn many_distinct_values_show_the_top_and_other() {
    let mut text = String::from("customer_id,timestamp,event,channel,campaign\n");
    for n in 0..20_000 {
        let _ = std::fmt::Write::write_fmt(
            &mut text,
            format_args!(
                "c{n},2026-03-01T09:00:00Z,ad_click,instagram,k{}\n",
                n % 10_000
            ),
        );
    }
    let a = run(&text, &by("campaign", 10)).unwrap();
    assert_eq!(a.segments.len(), 11);
    assert_eq!(a.segments[10].segment, "(other)");
    assert_eq!(a.segments[10].customers, 20_000 - 10 * 2);
    assert_eq!(a.segments[0].segment, "k0");
}

#[test]
fn segments_are_the_same_spilled() {
    let text = with_devices(BY_DEVICE);
    let in_memory = run(&text, &by("device", 3)).unwrap();
    for spill_after in [0, 1, 3] {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            spill_after,
            temp_dir: Some(dir.path().to_path_buf()),
            ..by("device", 3)
        };
        assert_eq!(run(&text, &settings).unwrap(), in_memory);
    }
}

/// Credit per channel of each heuristic model: share × conversions.
fn credit(attribution: &Attribution, conversions: u64) -> BTreeMap<(Model, String), f64> {
    let mut out = BTreeMap::new();
    for (model, shares) in attribution {
        if *model == Model::Markov {
            continue;
        }
        for (channel, share) in shares {
            out.insert((*model, channel.clone()), share * conversions as f64);
        }
    }
    out
}

/// The generated events with a device each.
fn rows_with_devices(events: &[(u8, u16, &str, &str, Option<u8>)], device_of: &[u8]) -> String {
    let names = ["", "mobile", "desktop", "tablet", "(other)"];
    let rows: Vec<String> = events
        .iter()
        .zip(device_of.iter().cycle())
        .map(|((customer, minutes, event, channel, value), device)| {
            let time = format_time(MARCH_1 + i64::from(*minutes) * 60_000);
            let value = value.map(|v| v.to_string()).unwrap_or_default();
            let device = names[usize::from(*device) % names.len()];
            format!("c{customer},{time},{event},{channel},{value},{device}")
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    with_devices(&rows)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The segments add up to the whole: customers, conversions, each stage's reach and
    /// conversion, each channel's reach and conversions, and the credit (and value) every
    /// heuristic model gives each channel; shuffling the rows changes nothing (retention
    /// included).
    #[test]
    fn segments_add_up_to_the_whole(
        events in prop::collection::vec(event(), 1..60),
        devices in prop::collection::vec(0u8..5, 1..8),
        top in 1usize..5,
        by_channel in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let text = rows_with_devices(&events, &devices);
        // Retention too: its counts must not depend on the rows' order either.
        let settings = Settings {
            retention: Some(retention::Options {
                period: retention::Period::Week,
                zone: Zone::UTC,
                cohort_event: None,
                return_event: None,
            }),
            ..by(if by_channel { "channel" } else { "device" }, top)
        };
        let a = run(&text, &settings).unwrap();
        prop_assert!(a.segments.len() <= top + 1);
        let sum = |f: &dyn Fn(&Segment) -> u64| a.segments.iter().map(f).sum::<u64>();
        prop_assert_eq!(sum(&|s| s.customers), a.customers);
        prop_assert_eq!(sum(&|s| s.conversions), a.conversions);
        for (i, stage) in a.stages.iter().enumerate() {
            prop_assert_eq!(sum(&|s| s.stages[i].reached), stage.reached);
            prop_assert_eq!(sum(&|s| s.stages[i].converted.unwrap_or(0)), stage.converted.unwrap_or(0));
        }
        for channel in &a.channels {
            let of = |s: &Segment| s.channels.iter().find(|c| c.channel == channel.channel).cloned();
            prop_assert_eq!(sum(&|s| of(s).map_or(0, |c| c.reached)), channel.reached);
            prop_assert_eq!(sum(&|s| of(s).map_or(0, |c| c.conversions)), channel.conversions);
        }
        for (whole, parts) in [
            (credit(&a.attribution, a.conversions), a.segments.iter().map(|s| credit(&s.attribution, s.conversions)).collect::<Vec<_>>()),
            (credit(&a.attribution_value, 1), a.segments.iter().map(|s| credit(&s.attribution_value, 1)).collect()),
        ] {
            let mut added: BTreeMap<(Model, String), f64> = BTreeMap::new();
            for part in parts {
                for (key, credit) in part {
                    *added.entry(key).or_default() += credit;
                }
            }
            // A channel absent on one side has no credit there: 0 (a model lists the
            // channels with credit, and its values only when some conversion has a value).
            for key in whole.keys().chain(added.keys()) {
                let (got, credit) = (added.get(key).copied().unwrap_or(0.0), whole.get(key).copied().unwrap_or(0.0));
                prop_assert!((got - credit).abs() <= 1e-9 * credit.abs().max(1.0), "{:?}: {} vs {}", key, got, credit);
            }
        }
        let mut shuffled: Vec<String> = text.lines().skip(1).map(String::from).collect();
        fastrand::Rng::with_seed(seed).shuffle(&mut shuffled);
        let shuffled: Vec<&str> = shuffled.iter().map(String::as_str).collect();
        prop_assert_eq!(run(&with_devices(&shuffled), &settings).unwrap(), a);
    }
}

/// By hand, by month at +07:00, the last event on 15 April (April not complete):
/// - a buys on 10 January, 1 March and 20 March: cohort January, active in months 0 and 2;
/// - b buys on 31 January at 20:00 UTC (1 February at +07:00) and 2 February: cohort
///   February in that zone, one customer converting twice in one month;
/// - c buys on 14 February and 2 April: cohort February (April not complete);
/// - d buys on 31 March; e only clicks an ad; f's order repeats its transaction id (one
///   conversion, so no repeat);
/// - g buys on 15 April (cohort April: not complete, not shown).
///
/// Active: January 1 (a), February 2 (b, c), March 3 (a, d, f). CRR February = (2 − 2) / 1
/// = 0, March = (3 − 2) / 2 = 0.5; trend +0.5 a month. Repeat rate: a, b, c of a, b, c, d, f, g.
#[test]
fn retention_by_month_by_hand() {
    let mut text = String::from("customer_id,timestamp,event,channel,value,transaction_id\n");
    for row in [
        "a,2026-01-10T00:00:00Z,order_paid,web,1,",
        "a,2026-03-01T00:00:00Z,order_paid,web,1,",
        "a,2026-03-20T00:00:00Z,order_paid,web,1,",
        "b,2026-01-31T20:00:00Z,order_paid,web,1,",
        "b,2026-02-02T00:00:00Z,order_paid,web,1,",
        "c,2026-02-14T00:00:00Z,order_paid,web,1,",
        "c,2026-04-02T00:00:00Z,order_paid,web,1,",
        "d,2026-03-31T00:00:00Z,order_paid,web,1,",
        "e,2026-03-31T00:00:00Z,ad_click,instagram,,",
        "f,2026-03-10T00:00:00Z,order_paid,web,1,T1",
        "f,2026-03-11T00:00:00Z,order_paid,web,1,T1",
        "g,2026-04-15T00:00:00Z,order_paid,web,1,",
    ] {
        text.push_str(row);
        text.push('\n');
    }
    let settings = Settings {
        retention: Some(retention::Options {
            period: retention::Period::Month,
            zone: Zone::Fixed(420),
            cohort_event: None,
            return_event: None,
        }),
        ..Settings::default()
    };
    let r = run(&text, &settings).unwrap().retention.unwrap();
    let (cohorts, rates) = retention::rows(&r);
    assert_eq!(
        cohorts,
        [
            ("2026-01", 1, &[1, 0, 1][..]),
            ("2026-02", 2, &[2, 0][..]),
            ("2026-03", 2, &[2][..]),
        ]
    );
    assert_eq!(
        rates,
        [
            ("2026-02", 1, 2, 2, Some(0.0)),
            ("2026-03", 2, 3, 2, Some(0.5)),
        ]
    );
    assert_eq!(r.crr_trend, Some(0.5));
    assert_eq!(r.repeat_rate, Some(3.0 / 6.0));
    assert!(
        run(&text, &Settings::default())
            .unwrap()
            .retention
            .is_none()
    );
}

/// By hand, by week, cohorts by the first product view:
/// - a views on Monday 2 March and on 10 March, and orders on 11 March;
/// - b clicks an ad on 3 March and views on 4 March: cohort 2 March;
/// - c views on 12 March: cohort 9 March; d only orders (no cohort);
/// - e views on 17 March, the last event: that week is not complete.
///
/// Returning by a view: cohort 2 March 2 customers, [2, 1]; 9 March [1]; CRR of the week of
/// 9 March (2 − 1) / 2. Returning by an order: [0, 1] and [0]; CRR (1 − 0) / 0: none. The
/// repeat-purchase rate counts orders either way: nobody orders twice.
#[test]
fn retention_by_chosen_events_by_hand() {
    let text = csv(&[
        "a,2026-03-02T09:00:00Z,view_product,web,",
        "a,2026-03-10T09:00:00Z,view_product,web,",
        "a,2026-03-11T09:00:00Z,order_paid,web,5",
        "b,2026-03-03T09:00:00Z,ad_click,instagram,",
        "b,2026-03-04T09:00:00Z,view_product,web,",
        "c,2026-03-12T09:00:00Z,view_product,web,",
        "d,2026-03-05T09:00:00Z,order_paid,web,5",
        "e,2026-03-17T09:00:00Z,view_product,web,",
    ]);
    let options = |return_event: Option<&str>| Settings {
        retention: Some(retention::Options {
            period: retention::Period::Week,
            zone: Zone::UTC,
            cohort_event: Some("view_product".into()),
            return_event: return_event.map(Into::into),
        }),
        ..Settings::default()
    };
    let shape = |r: &retention::Retention| -> Vec<(String, u64, Vec<u64>)> {
        r.cohorts
            .iter()
            .map(|c| (c.cohort.clone(), c.customers, c.active.clone()))
            .collect()
    };
    let views = run(&text, &options(Some("view_product")))
        .unwrap()
        .retention
        .unwrap();
    assert_eq!(
        shape(&views),
        [
            ("2026-03-02".to_string(), 2, vec![2, 1]),
            ("2026-03-09".to_string(), 1, vec![1])
        ]
    );
    assert_eq!(views.rates[0].crr, Some(0.5));
    assert_eq!(views.repeat_rate, Some(0.0));
    let orders = run(&text, &options(Some("order_paid")))
        .unwrap()
        .retention
        .unwrap();
    assert_eq!(
        shape(&orders),
        [
            ("2026-03-02".to_string(), 2, vec![0, 1]),
            ("2026-03-09".to_string(), 1, vec![0])
        ]
    );
    assert_eq!((orders.rates[0].start, orders.rates[0].crr), (0, None));
    let e = run(&text, &options(Some("app_open")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("--return-event \"app_open\""), "{e}");
    assert!(e.contains("\"order_paid\""), "names the mapped events: {e}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Retention by the defaults, over events spread across weeks: every cohort is all active
    /// in its own period and never more in a later one; each CRR is (E − N) / S of its
    /// counts, N never above E; the cohorts shown are at most the converting customers, and
    /// all of them when --until closes the last event's week.
    #[test]
    fn retention_counts_hold_together(
        events in prop::collection::vec(event(), 1..60),
        spread in 1i64..40,
    ) {
        // The minutes of `event()` stretched to hours times `spread`: up to ten weeks.
        let rows: Vec<String> = events
            .iter()
            .map(|(customer, minutes, event, channel, value)| {
                let time = format_time(MARCH_1 + i64::from(*minutes) * spread * 60_000 * 3);
                let value = value.map(|v| v.to_string()).unwrap_or_default();
                format!("c{customer},{time},{event},{channel},{value}")
            })
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let text = csv(&rows);
        let options = retention::Options {
            period: retention::Period::Week,
            zone: Zone::UTC,
            cohort_event: None,
            return_event: None,
        };
        let settings = Settings { retention: Some(options.clone()), ..Settings::default() };
        let a = run(&text, &settings).unwrap();
        let r = a.retention.as_ref().unwrap();
        for c in &r.cohorts {
            prop_assert_eq!(c.active[0], c.customers, "{}", c.cohort);
            prop_assert!(c.active.iter().all(|&n| n <= c.customers));
        }
        for p in &r.rates {
            prop_assert!(p.new <= p.end);
            let expected = (p.start > 0).then(|| (p.end as f64 - p.new as f64) / p.start as f64);
            prop_assert_eq!(p.crr, expected);
        }
        let shown: u64 = r.cohorts.iter().map(|c| c.customers).sum();
        // Customers with a conversion: those the funnel's conversion stage reached.
        let converting = a.stages[3].reached;
        prop_assert!(shown <= converting);
        if let Some(last) = a.last_event {
            let closed = Settings {
                until: Some(last + 7 * 86_400_000),
                ..settings
            };
            let all = run(&text, &closed).unwrap().retention.unwrap();
            let shown: u64 = all.cohorts.iter().map(|c| c.customers).sum();
            prop_assert_eq!(shown, converting);
        }
    }
}
