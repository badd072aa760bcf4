//! Rendering tests of the analytics view: what it says before any analysis (with and without
//! event rules), a hand-made analysis at 80x24, 120x35 and 40x12, every attribution model,
//! scrolling, no colour, and hostile text from an events file.

use crossterm::event::KeyCode;
use ratatui::style::Color;

use super::channels::demo;
use super::{chars, draw, keys, screen};
use crate::analytics::Model;
use crate::model::EventRule;
use crate::tui::analysis::{Analysed, sample};
use crate::tui::app::App;

/// The demo's smartphone journey in view 6 with the hand-made analysis.
fn analysed(size: (u16, u16), color: bool) -> App {
    let mut app = demo(size, color);
    let journey = app.journey().unwrap().clone();
    app.analytics.results.insert(
        journey.id.clone(),
        Analysed {
            file: "~/data/events-march.csv".into(),
            analysis: sample(&journey),
        },
    );
    chars(&mut app, "6");
    app
}

#[test]
fn analytics_before_any_analysis_says_how_to_run_one_and_to_add_rules() {
    let mut app = demo((80, 24), true);
    chars(&mut app, "6");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn analytics_before_any_analysis_lists_the_rules() {
    let mut app = demo((80, 24), true);
    let journey = &mut app.doc.workspace_mut().journeys[0];
    let rule = |event: &str, channel: Option<&str>, stage: usize, card: Option<usize>| EventRule {
        event: event.into(),
        channel: channel.map(Into::into),
        stage: journey.stages[stage].id.clone(),
        touchpoint: card.map(|c| journey.stages[stage].touchpoints[c].id.clone()),
        ..EventRule::default()
    };
    let rules = vec![
        rule("video_view", Some("youtube"), 0, Some(0)),
        rule("guide_*", None, 0, Some(1)),
        rule("compare_models", None, 1, Some(0)),
        rule("order_paid", None, 3, None),
    ];
    journey.event_rules = rules;
    chars(&mut app, "6");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn analytics_80x24() {
    insta::assert_snapshot!(screen(&analysed((80, 24), true)));
}

#[test]
fn analytics_120x35() {
    insta::assert_snapshot!(screen(&analysed((120, 35), true)));
}

#[test]
fn analytics_40x12() {
    insta::assert_snapshot!(screen(&analysed((40, 12), true)));
}

#[test]
fn analytics_scrolls_to_the_end_and_back() {
    let mut app = analysed((80, 24), true);
    keys(&mut app, &[KeyCode::End]);
    insta::assert_snapshot!(screen(&app));
    let end = app.row;
    assert!(end > 0);
    chars(&mut app, "jjj");
    assert_eq!(app.row, end, "stops at the end");
    chars(&mut app, "k");
    assert_eq!(app.row, end - 1);
    chars(&mut app, "g");
    assert_eq!(app.row, 0);
    // Nothing to scroll on a screen the content fits.
    let mut tall = analysed((120, 60), true);
    chars(&mut tall, "jjG");
    assert_eq!(tall.row, 0);
}

#[test]
fn m_shows_every_attribution_model_in_turn() {
    for size in [(80, 24), (120, 35)] {
        let mut app = analysed(size, true);
        for model in Model::ALL {
            assert_eq!(app.analytics.model, model);
            if size.0 == 80 {
                // The attribution table, below the funnel.
                keys(&mut app, &[KeyCode::End]);
            }
            let name = format!("analytics_{}x{}_{}", size.0, size.1, model.name());
            insta::assert_snapshot!(name, screen(&app));
            chars(&mut app, "m");
        }
        assert_eq!(app.analytics.model, Model::ALL[0], "m wraps around");
    }
}

#[test]
fn analytics_without_colour_keeps_its_bars() {
    let app = analysed((80, 24), false);
    for cell in draw(&app).content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let text = screen(&app);
    assert!(text.contains("Awareness     ████████"), "{text}");
}

#[test]
fn every_line_is_as_wide_as_the_screen_at_any_width() {
    for width in [40, 41, 55, 60, 79, 80, 99, 100, 119, 120, 160, 250] {
        let mut app = analysed((width, 30), true);
        for _ in 0..3 {
            let text = screen(&app);
            for line in text.lines() {
                assert_eq!(
                    unicode_width::UnicodeWidthStr::width(line),
                    usize::from(width),
                    "{text}"
                );
            }
            chars(&mut app, "Gm");
        }
    }
}

#[test]
fn hostile_text_from_an_events_file_does_not_reach_the_terminal() {
    let mut app = analysed((80, 24), true);
    let id = app.journey().unwrap().id.clone();
    let analysed = app.analytics.results.get_mut(&id).unwrap();
    analysed.file = "evil\x1b[2J.csv".into();
    let analysis = &mut analysed.analysis;
    analysis.unmapped[0].event = "app\x1b]52;c;AAAA\x07open\u{202e}".into();
    analysis.problems[0].reason = "bad\r\nrow\x00".into();
    let shares = analysis.attribution.get_mut(&Model::FirstTouch).unwrap();
    let web = shares.remove("web").unwrap();
    shares.insert("w\x1b[31meb 📱".into(), web);
    with_paths_and_retention(&mut app);
    let analysis = &mut app.analytics.results.get_mut(&id).unwrap().analysis;
    let paths = analysis.paths.as_mut().unwrap();
    paths.leaving_channels[0].channel = "w\x1b[2Jeb\u{202e}".into();
    paths.stage_paths[0].path = "A\x1b]0;title\x07 > B\r\n".into();
    paths.flows[0].from = "Aw\x1b[31mareness".into();
    analysis.retention.as_mut().unwrap().cohorts[0].cohort = "2025\x1b[1m-12".into();
    for _ in 0..60 {
        let text = screen(&app);
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{text}"
        );
        chars(&mut app, "j");
    }
}

/// The hand-made analysis with paths and retention by month, as the app's analyses have them.
fn with_paths_and_retention(app: &mut App) {
    use crate::analytics::paths::{Flow, Leaving, PathFigures, Paths};
    use crate::analytics::retention::{Cohort, PeriodRate, Retention};
    let journey = app.journey().unwrap().clone();
    let stage = |i: usize| journey.stages[i].name.clone();
    let flow = |from: usize, to: Option<usize>, customers| Flow {
        from: stage(from),
        from_stage: from,
        to: to.map(stage),
        to_stage: to,
        customers,
    };
    let path = |path: &str, customers, converted| PathFigures {
        path: path.into(),
        customers,
        converted,
    };
    let id = app.journey().unwrap().id.clone();
    let analysis = &mut app.analytics.results.get_mut(&id).unwrap().analysis;
    analysis.paths = Some(Paths {
        customers: 12_900,
        top: 10,
        stage_paths: vec![
            path(&stage(0), 6_870, 0),
            path(&format!("{} > {}", stage(0), stage(1)), 3_130, 410),
            path(
                &format!("{} > {} > {}", stage(0), stage(1), stage(2)),
                1_170,
                640,
            ),
            path(
                &format!("{} > {} > {} > {}", stage(0), stage(1), stage(0), stage(1)),
                260,
                31,
            ),
        ],
        distinct_stage_paths: 41,
        channel_paths: Vec::new(),
        distinct_channel_paths: 230,
        flows: vec![
            flow(0, Some(1), 5_120),
            flow(0, None, 6_870),
            flow(1, Some(0), 480),
            flow(1, Some(2), 2_240),
            flow(1, None, 2_890),
            flow(2, Some(3), 1_310),
            flow(2, None, 1_170),
        ],
        leaving_channels: vec![
            Leaving {
                channel: "web".into(),
                customers: 6_400,
            },
            Leaving {
                channel: "instagram".into(),
                customers: 3_100,
            },
        ],
        looped: 260,
        backward: 480,
    });
    let cohort = |name: &str, customers, active: &[u64]| Cohort {
        cohort: name.into(),
        customers,
        active: active.to_vec(),
    };
    analysis.retention = Some(Retention {
        period: "month",
        cohorts: vec![
            cohort("2025-12", 400, &[400, 120, 60, 22]),
            cohort("2026-01", 380, &[380, 200, 95]),
            cohort("2026-02", 410, &[410, 300]),
            cohort("2026-03", 120, &[120]),
        ],
        rates: vec![PeriodRate {
            period: "2026-03".into(),
            last_day: "2026-03-31".into(),
            start: 700,
            end: 537,
            new: 120,
            crr: Some(0.595_714),
        }],
        crr_trend: Some(0.021),
        repeat_rate: Some(0.34),
    });
}

/// Scrolls the view down until the line under the header starts with `start`.
fn scroll_to(app: &mut App, start: &str) {
    for _ in 0..60 {
        if screen(app)
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with(start))
        {
            return;
        }
        chars(app, "j");
    }
    panic!("no line starts with {start:?}:\n{}", screen(app));
}

#[test]
fn flows_and_retention_80x24_read_without_colour() {
    let mut app = analysed((80, 24), false);
    with_paths_and_retention(&mut app);
    scroll_to(&mut app, " Flows");
    insta::assert_snapshot!("analytics_flows_80x24", screen(&app));
    keys(&mut app, &[KeyCode::End]);
    insta::assert_snapshot!("analytics_retention_80x24", screen(&app));
    for cell in draw(&app).content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

#[test]
fn segments_80x24_read_without_colour() {
    let mut app = analysed((80, 24), false);
    let id = app.journey().unwrap().id.clone();
    let analysis = &mut app.analytics.results.get_mut(&id).unwrap().analysis;
    let segment = |name: &str, share: f64| {
        let mut s = analysis.whole(name);
        s.customers = (s.customers as f64 * share) as u64;
        s.conversions = (s.conversions as f64 * share) as u64;
        for stage in &mut s.stages {
            stage.reached = (stage.reached as f64 * share * share.sqrt()) as u64;
        }
        s
    };
    let segments = vec![
        segment("mobile", 0.6),
        segment("desktop", 0.3),
        segment("(not set)", 0.1),
    ];
    analysis.by = Some("device".into());
    analysis.segments = segments;
    scroll_to(&mut app, " Segments");
    insta::assert_snapshot!("analytics_segments_80x24", screen(&app));
}
