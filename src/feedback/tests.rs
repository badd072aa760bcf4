//! The import against hand-computed figures.

use super::*;
use crate::model::{EventRule, Stage, Touchpoint};

fn journey() -> Journey {
    let mut pay = Touchpoint::new("Bayar dengan QRIS");
    pay.id = "tp-pay".into();
    let mut voucher = Touchpoint::new("Memasang voucher");
    voucher.id = "tp-voucher".into();
    let mut track = Touchpoint::new("Lacak kurir");
    track.id = "tp-track".into();
    let buy = Stage {
        id: "st-buy".into(),
        touchpoints: vec![pay, voucher],
        ..Stage::new("Pembelian")
    };
    let ship = Stage {
        id: "st-ship".into(),
        touchpoints: vec![track],
        ..Stage::new("Pengiriman")
    };
    Journey {
        event_rules: vec![
            EventRule {
                event: "order_shipped".into(),
                channel: Some("app".into()),
                stage: "st-buy".into(),
                ..EventRule::default()
            },
            EventRule {
                event: "order_*".into(),
                stage: "st-ship".into(),
                touchpoint: Some("tp-track".into()),
                ..EventRule::default()
            },
        ],
        stages: vec![buy, ship],
        ..Journey::with_default_stages("Belanja")
    }
}

fn responses(text: &str) -> Vec<Response> {
    let (rows, bad) = read(text).unwrap();
    assert_eq!(bad, []);
    rows
}

/// Ten NPS answers on the QRIS card in January: 9 10 10 9 (4 promoters), 7 8 (2 passives),
/// 0 3 6 6 (4 detractors): NPS = 100 × (4 − 4) / 10 = 0. Two in February on the stage:
/// 10 and 5: 100 × (1 − 1) / 2 = 0; with a third, 9: 100 × (2 − 1) / 3 = 33.3.
const NPS: &str = "date,kind,score,stage,card,comment\n\
    2026-01-03,NPS,9,,Bayar dengan QRIS,Cepat\n\
    2026-01-04,NPS,10,,bayar dengan qris,\n\
    2026-01-05,NPS,10,,tp-pay,\n\
    2026-01-06,NPS,9,,Bayar dengan QRIS,\n\
    2026-01-07,NPS,7,,Bayar dengan QRIS,\n\
    2026-01-08,NPS,8,,Bayar dengan QRIS,\n\
    2026-01-09,NPS,0,,Bayar dengan QRIS,\"Gagal terus, saldo terpotong\"\n\
    2026-01-10,NPS,3,,Bayar dengan QRIS,\n\
    2026-01-11,NPS,6,,Bayar dengan QRIS,\n\
    2026-01-31,NPS,6,,Bayar dengan QRIS,\n\
    2026-02-01,NPS,10,Pembelian,,Bagus\n\
    2026-02-28,NPS,5,st-buy,,\n\
    2026-02-15,NPS,9,,,\n";

#[test]
fn nps_per_card_stage_and_month_by_hand() {
    let mut journey = journey();
    let applied = apply(&mut journey, &responses(NPS), Period::Month, "r.csv");
    assert_eq!(applied.placed, 12);
    assert_eq!(
        applied.unplaced,
        [Unplaced {
            line: 14,
            reason: "no stage, card or event: say what the response is about".into()
        }]
    );
    let figures: Vec<(&str, &str, u64, f64)> = applied
        .figures
        .iter()
        .map(|f| (f.date.as_str(), f.place.as_str(), f.responses, f.value))
        .collect();
    assert_eq!(
        figures,
        [
            ("2026-01-01", "Pembelian", 10, 0.0),
            ("2026-02-01", "Pembelian", 2, 0.0),
            ("2026-01-01", "Pembelian › Bayar dengan QRIS", 10, 0.0),
        ]
    );
    let stage = &journey.stages[0];
    assert_eq!(stage.kpis.len(), 2);
    assert_eq!(stage.kpis[0].source.as_deref(), Some("feedback:nps"));
    assert_eq!(stage.kpis[1].name, "NPS: Bayar dengan QRIS");
    assert_eq!(stage.kpis[1].source.as_deref(), Some("feedback:nps:tp-pay"));
    let january = &stage.kpis[1].measurements[0];
    assert_eq!(
        (january.promoters, january.passives, january.detractors),
        (Some(4), Some(2), Some(4))
    );
    // Comments on the card become survey evidence; one on the stage alone cannot.
    let evidence = &stage.touchpoints[0].evidence;
    assert_eq!(evidence.len(), 2);
    assert_eq!(evidence[1].quote, "Gagal terus, saldo terpotong");
    assert_eq!(evidence[1].kind, EvidenceKind::Survey);
    assert_eq!(evidence[1].source, "r.csv, NPS 0");
    assert_eq!(evidence[1].date.as_deref(), Some("2026-01-09"));
    assert_eq!(applied.comments_on_stages, 1);
    // The same file again: the same KPIs, each measurement replaced, no comment twice.
    let again = apply(&mut journey, &responses(NPS), Period::Month, "r.csv");
    assert_eq!((again.created_kpis, again.replaced), (0, 3));
    assert_eq!(again.comments_already, 2);
    assert_eq!(journey.stages[0].kpis[0].measurements.len(), 2);
    // A third February answer on the stage: 100 × (2 − 1) / 3.
    let more =
        "date,nps,stage\n2026-02-15,10,Pembelian\n2026-02-16,9,Pembelian\n2026-02-17,5,Pembelian\n";
    let applied = apply(&mut journey, &responses(more), Period::Month, "more.csv");
    assert!((applied.figures[0].value - 100.0 / 3.0).abs() < 1e-9);
}

/// CSAT 1..5 answers 5 5 4 3 1 on the tracking card: top two box 3 of 5 = 60 %. CES 1..7
/// answers 7 6 2 on it: mean 5 (15 / 3). Both also count for the stage Pengiriman, reached
/// through the event rule `order_*` (the `app` channel rule is not used).
#[test]
fn csat_and_ces_by_hand_through_an_event_rule_and_wide_columns() {
    let text = "date,CSAT,CES,event\n\
        2026-03-02,5,7,order_delivered\n\
        2026-03-03,5,6,order_shipped\n\
        2026-03-04,4,,order_delivered\n\
        2026-03-05,3,2,order_delivered\n\
        2026-03-06,1,,order_delivered\n\
        2026-03-06,1,,signup\n";
    let mut journey = journey();
    let applied = apply(&mut journey, &responses(text), Period::Quarter, "r.csv");
    assert_eq!(applied.unplaced.len(), 1);
    assert!(applied.unplaced[0].reason.contains("\"signup\""));
    let by = |survey, place: &str| {
        applied
            .figures
            .iter()
            .find(|f| f.survey == survey && f.place == place)
            .map(|f| (f.date.clone(), f.responses, f.value))
            .unwrap()
    };
    assert_eq!(
        by(Survey::Csat, "Pengiriman"),
        ("2026-01-01".into(), 5, 60.0)
    );
    assert_eq!(
        by(Survey::Csat, "Pengiriman › Lacak kurir"),
        ("2026-01-01".into(), 5, 60.0)
    );
    assert_eq!(by(Survey::Ces, "Pengiriman"), ("2026-01-01".into(), 3, 5.0));
    let kpi = &journey.stages[1].kpis[0];
    assert_eq!(kpi.unit, "%");
    assert_eq!(kpi.measurements[0].buckets, Some([1, 0, 1, 1, 2]));
}

#[test]
fn a_mean_effort_is_kept_to_two_decimals() {
    let mut tally = Tally::default();
    for score in [7, 6, 6] {
        tally.add(score);
    }
    let m = tally.measurement(Survey::Ces, "2026-01-01");
    assert_eq!((m.value, m.respondents), (Some(6.33), Some(3)));
}

#[test]
fn periods_start_on_the_first_day() {
    let day = |text| date::parse_day(text).unwrap();
    let on = |text, period| date::day_text(period_start(day(text), period, day("2026-12-31")));
    assert_eq!(on("2026-02-18", Period::Day), "2026-02-18");
    // 2026-02-18 is a Wednesday.
    assert_eq!(on("2026-02-18", Period::Week), "2026-02-16");
    assert_eq!(on("2026-02-16", Period::Week), "2026-02-16");
    assert_eq!(on("2026-02-22", Period::Week), "2026-02-16");
    assert_eq!(on("2026-02-18", Period::Month), "2026-02-01");
    assert_eq!(on("2026-12-18", Period::Quarter), "2026-10-01");
    assert_eq!(on("2026-02-18", Period::All), "2026-12-31");
}

#[test]
fn places_are_found_by_name_or_id_and_ambiguity_is_named() {
    let mut journey = journey();
    journey.stages[1]
        .touchpoints
        .push(Touchpoint::new("Bayar dengan QRIS"));
    let text = "date,nps,stage,card\n\
        2026-01-01,9,,Bayar dengan QRIS\n\
        2026-01-01,9,Pengiriman,Bayar dengan QRIS\n\
        2026-01-01,9,Gudang,\n\
        2026-01-01,9,Pengiriman,Memasang voucher\n";
    let applied = apply(&mut journey, &responses(text), Period::Month, "r.csv");
    let reasons: Vec<(usize, &str)> = applied
        .unplaced
        .iter()
        .map(|u| (u.line, u.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].1.starts_with("2 cards are titled"),
        "{reasons:?}"
    );
    assert!(
        reasons[1]
            .1
            .contains("stage \"Gudang\" is not in the journey")
    );
    assert!(reasons[2].1.contains("not in the journey at that stage"));
    assert_eq!(applied.placed, 1);
}
