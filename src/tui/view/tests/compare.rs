//! Rendering tests of the compare view: the demo's current state beside its future state at
//! 80x24 and 120x35 with and without colour, a small screen, KPIs on both sides, and a
//! workspace with one journey.

use crossterm::event::KeyCode;

use crate::model::{Kpi, KpiKind, Measurement};

use super::kpis::assert_monochrome_with_selection;
use super::{chars, demo_app, draw, keys, screen};
use crate::tui::app::App;

/// The demo without its review dates (their age would change the snapshots day by day), in
/// the compare view from the current state's Consideration stage.
fn compare(size: (u16, u16), color: bool) -> App {
    let mut app = demo_app(size, color);
    for journey in &mut app.doc.workspace_mut().journeys {
        journey.last_reviewed = None;
    }
    keys(&mut app, &[KeyCode::Right]);
    chars(&mut app, "c");
    app
}

#[test]
fn compare_80x24() {
    insta::assert_snapshot!(screen(&compare((80, 24), true)));
}

#[test]
fn compare_120x35() {
    insta::assert_snapshot!(screen(&compare((120, 35), true)));
}

#[test]
fn compare_80x24_no_color() {
    let app = compare((80, 24), false);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert_monochrome_with_selection(&draw(&app), &text, "Consideration");
}

#[test]
fn compare_120x35_no_color() {
    let app = compare((120, 35), false);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert_monochrome_with_selection(&draw(&app), &text, "Consideration");
}

#[test]
fn compare_scrolls_to_the_selected_stage_at_40x12() {
    let mut app = compare((40, 12), true);
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert!(text.contains("▌Post-purch"), "{text}");
    assert!(text.contains("↑ ") && text.contains("↓ "), "{text}");
}

#[test]
fn kpis_on_both_sides_show_their_change() {
    let mut app = compare((80, 24), true);
    let future = &mut app.doc.workspace_mut().journeys[2];
    future.stages[3].kpis = vec![Kpi {
        id: "kp-future-conversion".into(),
        name: "checkout conversion".into(),
        kind: KpiKind::Ratio,
        unit: "%".into(),
        target: Some(65.0),
        measurements: vec![Measurement {
            date: "2026-06-01".into(),
            numerator: Some(70),
            denominator: Some(100),
            ..Measurement::default()
        }],
        ..Kpi::default()
    }];
    keys(&mut app, &[KeyCode::Down, KeyCode::Down]);
    let text = screen(&app);
    let line = text
        .lines()
        .find(|l| l.contains("Checkout conversion"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("59.9 % ✗│ 70 % ✓"), "{line}");
    // Counts on both sides: the 95 % interval's half-width and `*` (p < 0.05), no colour needed.
    assert!(line.contains("change +10.1 pp ±9.07 *"), "{line}");
    let future = &mut app.doc.workspace_mut().journeys[2];
    let measurement = &mut future.stages[3].kpis[0].measurements[0];
    (measurement.numerator, measurement.denominator) = (Some(14), Some(20));
    let text = screen(&app);
    let line = text
        .lines()
        .find(|l| l.contains("Checkout conversion"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("change +10.1 pp ±20.1 ns"), "{line}");
}

#[test]
fn one_journey_has_nothing_to_compare() {
    let mut app = demo_app((80, 24), true);
    app.doc.workspace_mut().journeys.truncate(1);
    chars(&mut app, "c");
    let text = screen(&app);
    assert!(
        text.contains("this is the only journey: nothing to compare it with"),
        "{text}"
    );
    // Forced into the view anyway, it says so rather than failing.
    app.view = crate::tui::app::View::Compare;
    let text = screen(&app);
    assert!(
        text.contains("Only one journey: nothing to compare it with."),
        "{text}"
    );
}
