//! Rendering tests of the KPIs view: the demo at 80x24 and 120x35 with and without colour, a
//! small screen, the measurement prompt, and figures that cannot be computed.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::model::{KpiKind, Measurement};

use super::{chars, demo_app, draw, keys, screen};
use crate::tui::app::App;

/// The demo without its review dates, whose age the header shows and which would change
/// the snapshots day by day.
fn demo(size: (u16, u16), color: bool) -> App {
    let mut app = demo_app(size, color);
    for journey in &mut app.doc.workspace_mut().journeys {
        journey.last_reviewed = None;
    }
    app
}

/// The demo in view 4 with Purchase › Checkout CSAT selected.
fn kpis(size: (u16, u16), color: bool) -> App {
    let mut app = demo(size, color);
    chars(&mut app, "4");
    keys(
        &mut app,
        &[
            KeyCode::Right,
            KeyCode::Right,
            KeyCode::Right,
            KeyCode::Down,
        ],
    );
    app
}

/// Every cell is drawn without colour, and the cells of the row holding `text` are reversed.
pub(super) fn assert_monochrome_with_selection(buffer: &Buffer, screen: &str, text: &str) {
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    let y = screen.lines().position(|l| l.contains(text)).unwrap() as u16;
    let line = screen.lines().nth(y.into()).unwrap();
    let x = line[..line.find(text).unwrap()].chars().count() as u16;
    let cell = &buffer[(x, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
}

#[test]
fn kpis_80x24() {
    insta::assert_snapshot!(screen(&kpis((80, 24), true)));
}

#[test]
fn kpis_120x35() {
    insta::assert_snapshot!(screen(&kpis((120, 35), true)));
}

#[test]
fn kpis_80x24_no_color() {
    let app = kpis((80, 24), false);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert_monochrome_with_selection(&draw(&app), &text, "Checkout CSAT  ");
}

#[test]
fn kpis_120x35_no_color() {
    let app = kpis((120, 35), false);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert_monochrome_with_selection(&draw(&app), &text, "Checkout CSAT  ");
}

#[test]
fn kpis_40x12_scrolls_and_keeps_latest_and_change() {
    let mut app = kpis((40, 12), true);
    keys(&mut app, &[KeyCode::Down, KeyCode::Down]);
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert!(text.contains("▌✗ Relationship NPS"), "{text}");
    assert!(text.contains("↑ "), "{text}");
}

#[test]
fn a_stage_without_kpis_says_how_to_add_one() {
    let mut app = demo((80, 24), true);
    chars(&mut app, "4");
    keys(&mut app, &[KeyCode::Right]);
    let text = screen(&app);
    assert!(
        text.contains("▌Consideration") && text.contains("no KPIs: “: add KPI” adds one"),
        "{text}"
    );
    assert!(text.contains("Consideration: no KPIs yet"), "{text}");
}

#[test]
fn the_measurement_prompt_shows_what_to_type() {
    let mut app = kpis((80, 24), true);
    chars(&mut app, "m");
    let text = screen(&app);
    insta::assert_snapshot!(text);
    assert!(
        text.contains("answers 1 2 3 4 5, e.g. 3 5 10 40 42"),
        "{text}"
    );
    chars(&mut app, "3 5");
    keys(&mut app, &[KeyCode::Enter]);
    let text = screen(&app);
    assert!(text.contains("› 3 5"), "the prompt stays open: {text}");
    assert!(text.contains("CSAT needs five counts"), "{text}");
}

#[test]
fn figures_that_cannot_be_computed_read_n_a() {
    let mut app = demo((80, 24), false);
    let stages = &mut app.doc.workspace_mut().journeys[0].stages;
    // Nothing to divide by, and an NPS nobody answered.
    stages[0].kpis[0].measurements[1].denominator = Some(0);
    stages[0].kpis[0].measurements[0].denominator = Some(0);
    stages[5].kpis[0].kind = KpiKind::Nps;
    stages[5].kpis[0].measurements = vec![Measurement {
        date: "2026-02-02".into(),
        promoters: Some(0),
        passives: Some(0),
        detractors: Some(0),
        ..Measurement::default()
    }];
    chars(&mut app, "4");
    let text = screen(&app);
    let line = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in {text}"))
            .to_string()
    };
    let ctr = line("Ad click-through rate");
    assert!(ctr.contains("· Ad click-through rate"), "{ctr}");
    assert_eq!(ctr.matches("n/a").count(), 3, "{ctr}");
    let nps = line("Relationship NPS");
    assert_eq!(nps.matches("n/a").count(), 3, "{nps}");
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    assert!(text.contains("· 1 KPI, no figure to check"), "{text}");
    assert!(
        text.contains("target ≥ 2.5 % · no figure to check"),
        "{text}"
    );
    assert!(text.contains("latest n/a · 2 measurements"), "{text}");
}
