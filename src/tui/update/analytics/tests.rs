//! The analytics actions through `handle_key`: the palette's "analyze events file", its
//! prompt and the background analysis of a real file, polled as the event loop polls it;
//! errors; cancelling; `m` in the view and on the board; `a` and its undo.

use std::io::Write;
use std::path::Path;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::analytics::Model;
use crate::analytics::apply::{CONVERSION_SOURCE, REACHED_SOURCE};
use crate::analytics::retention::Period;
use crate::model::{EventRule, Journey, Touchpoint, Workspace};
use crate::tui::analysis::{Analysed, sample};
use crate::tui::app::{App, Level, Mode, PromptPurpose, View};

use super::super::Effect;
use super::super::testkit::{app_on, ctrl, demo_app, keys, message, press};

/// Three customers over four days: two convert at Purchase, one drops after Awareness; one
/// row is unreadable and one event has no rule.
const EVENTS: &str = "customer_id,timestamp,event,channel,value
c1,2026-03-01T09:00:00Z,ad_click,instagram,
c1,2026-03-01T21:00:00Z,view_product,web,
c1,2026-03-02T12:00:00Z,order_paid,web,3000000
c2,2026-03-01T10:00:00Z,ad_click,instagram,
c2,2026-03-03T12:00:00Z,order_paid,web,2500000
c3,2026-03-02T08:00:00Z,ad_click,web,
c3,yesterday,view_product,web,
c4,2026-03-04T12:00:00Z,app_open,app,
";

/// "Beli HP" with rules for the events above, a card for the ad, and a second journey.
fn workspace() -> Workspace {
    let mut journey = Journey::with_default_stages("Beli HP");
    let mut ad = Touchpoint::new("Lihat iklan di Instagram");
    ad.channel = "instagram".into();
    let ad_id = ad.id.clone();
    journey.stages[0].touchpoints.push(ad);
    let rule = |event: &str, stage: usize, touchpoint: Option<String>| EventRule {
        event: event.into(),
        stage: journey.stages[stage].id.clone(),
        touchpoint,
        ..EventRule::default()
    };
    journey.event_rules = vec![
        rule("ad_*", 0, Some(ad_id)),
        rule("view_product", 1, None),
        rule("order_paid", 3, None),
    ];
    Workspace {
        journeys: vec![journey, Journey::with_default_stages("Kedua")],
        ..Workspace::default()
    }
}

fn app() -> App {
    app_on(workspace(), (100, 30))
}

/// The screen as text.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|frame| crate::tui::view::render(app, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Runs "analyze events file" from the palette and answers its prompt with `path`.
fn analyze(app: &mut App, path: &str) {
    keys(app, ":analyze events file\n");
    assert!(
        matches!(
            app.mode,
            Mode::Prompt {
                purpose: PromptPurpose::AnalyzeFile,
                ..
            }
        ),
        "{}",
        message(app)
    );
    // The prompt may hold the last file: clear it.
    for _ in 0..200 {
        press(app, KeyCode::Backspace);
    }
    keys(app, path);
    press(app, KeyCode::Enter);
}

fn events_file(dir: &Path, text: &str) -> String {
    let path = dir.join("events maret.csv");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn r_counts_retention_by_the_other_period_and_analyses_the_file_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = events_file(dir.path(), EVENTS);
    let mut app = app();
    analyze(&mut app, &path);
    app.wait_for_analysis();
    let by = |app: &App| {
        app.analysis()
            .and_then(|a| a.analysis.retention.as_ref())
            .map(|r| r.period)
    };
    assert_eq!(by(&app), Some("month"));
    keys(&mut app, "r");
    assert!(app.analysis_busy(), "{}", message(&app));
    assert_eq!(
        message(&app),
        format!("retention by week: analysing {path} again…")
    );
    app.wait_for_analysis();
    assert_eq!(by(&app), Some("week"));
    keys(&mut app, "G");
    assert!(
        screen(&app).contains("Retention by week"),
        "{}",
        screen(&app)
    );
    // Without an analysis, r only says how the next one counts.
    keys(&mut app, "]6r");
    assert_eq!(app.analytics.choice.period, Period::Month);
    assert_eq!(message(&app), "retention by month from the next analysis");
}

#[test]
fn b_segments_the_analysis_by_a_column_and_a_wrong_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = events_file(dir.path(), EVENTS);
    let mut app = app();
    analyze(&mut app, &path);
    app.wait_for_analysis();
    keys(&mut app, "b");
    assert!(matches!(
        app.mode,
        Mode::Prompt {
            purpose: PromptPurpose::SegmentBy,
            ..
        }
    ));
    keys(&mut app, "nope\n");
    app.wait_for_analysis();
    assert!(
        message(&app).contains("no column \"nope\""),
        "{}",
        message(&app)
    );
    assert_eq!(
        app.analytics.choice.by, None,
        "a failed analysis changes nothing"
    );
    assert!(app.analysis().unwrap().analysis.segments.is_empty());
    keys(&mut app, "bchannel\n");
    assert_eq!(
        message(&app),
        format!("segments by channel: analysing {path} again…")
    );
    app.wait_for_analysis();
    assert_eq!(app.analytics.choice.by.as_deref(), Some("channel"));
    let segments = &app.analysis().unwrap().analysis.segments;
    assert!(!segments.is_empty());
    let shown = (0..80).any(|_| {
        keys(&mut app, "j");
        screen(&app).contains("Segments by channel")
    });
    assert!(shown, "{}", screen(&app));
    // An empty answer: no segments again.
    keys(&mut app, "b");
    ctrl(&mut app, 'u');
    keys(&mut app, "\n");
    app.wait_for_analysis();
    assert_eq!(app.analytics.choice.by, None);
    assert!(app.analysis().unwrap().analysis.segments.is_empty());
}

#[test]
fn the_palette_analyzes_a_file_in_the_background_and_shows_the_funnel() {
    let dir = tempfile::tempdir().unwrap();
    let path = events_file(dir.path(), EVENTS);
    let mut app = app();
    analyze(&mut app, &path);
    assert!(matches!(app.mode, Mode::Board));
    assert!(app.analysis_busy(), "the analysis runs on its own thread");
    assert!(
        app.analysis_progress()
            .unwrap()
            .starts_with(&format!("analyzing {path}: ")),
        "the status line shows the progress"
    );
    // The user moves on meanwhile: keys never wait for the analysis.
    keys(&mut app, "]");
    assert_eq!(app.journey().unwrap().name, "Kedua");
    app.wait_for_analysis();
    assert!(!app.analysis_busy());
    assert_eq!(app.view, View::Analytics, "{}", message(&app));
    assert_eq!(
        app.journey().unwrap().name,
        "Beli HP",
        "back on the analysed journey"
    );
    assert_eq!(
        message(&app),
        format!("analyzed {path}: 8 rows, 3 customers, 2 conversions, 1 row skipped")
    );
    let analysis = &app.analysis().unwrap().analysis;
    assert_eq!(
        analysis
            .stages
            .iter()
            .map(|s| s.reached)
            .collect::<Vec<_>>(),
        [3, 1, 0, 2, 0, 0]
    );
    let text = screen(&app);
    for expected in [
        "8 rows · 3 customers · 2 conversions at Purchase",
        "2026-03-01 – 2026-03-03",
        "6 rows mapped · 1 row skipped · 1 row unmapped (1 event name)",
        "Funnel",
        "Awareness",
        "Biggest drop: Awareness → Consideration: 2 of 3 (67%) did not go on",
        "Attribution: first_touch · 2 conversions",
        "instagram",
        "Flows: where customers went from each stage",
        "Awareness     → Consideration",
        "✗ left",
        "◀ biggest leak",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    // Paths, retention and what was left aside are further down.
    keys(&mut app, "G");
    let text = screen(&app);
    for expected in [
        "Top paths: 2 of 2",
        "Retention by month: cohorts by first conversion",
        "No cohort of a complete month yet.",
        "app_open",
        "line 8: timestamp",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    keys(&mut app, "g");
    // Kept for the session: the other journey has none, this one still has it.
    keys(&mut app, "]");
    assert!(app.analysis().is_none());
    assert!(screen(&app).contains("No analysis of this journey yet"));
    keys(&mut app, "[");
    assert!(app.analysis().is_some());
    // Running it again offers the same file.
    keys(&mut app, ":analyze events file\n");
    let Mode::Prompt { input, .. } = &app.mode else {
        panic!("a prompt")
    };
    assert_eq!(crate::tui::input::text_of(input), path);
}

#[test]
fn a_writes_the_figures_as_measurements_and_u_takes_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = events_file(dir.path(), EVENTS);
    let mut app = app();
    let before = app.doc.workspace.clone();
    analyze(&mut app, &path);
    app.wait_for_analysis();
    assert_eq!(keys(&mut app, "a"), Effect::Edited);
    assert_eq!(
        message(&app),
        "wrote 9 measurements dated 2026-03-03 — u to undo (9 new KPIs)"
    );
    let journey = app.journey().unwrap();
    let reached = &journey.stages[0].kpis[0];
    assert_eq!(reached.source.as_deref(), Some(REACHED_SOURCE));
    assert_eq!(reached.measurements[0].date, "2026-03-03");
    assert_eq!(reached.measurements[0].value, Some(3.0));
    let conversion = &journey.stages[0].kpis[1];
    assert_eq!(conversion.source.as_deref(), Some(CONVERSION_SOURCE));
    assert_eq!(app.view, View::Analytics, "a stays in the view");
    // The same figures again change nothing.
    assert_eq!(keys(&mut app, "a"), Effect::None);
    assert!(message(&app).contains("already hold"), "{}", message(&app));
    assert_eq!(keys(&mut app, "u"), Effect::Edited);
    assert_eq!(message(&app), "undid apply analysis");
    assert_eq!(app.doc.workspace, before);
}

#[test]
fn a_replaces_the_measurements_of_the_same_day_in_one_undoable_edit() {
    let mut app = demo_app((100, 30));
    let journey = app.journey().unwrap().clone();
    app.analytics.results.insert(
        journey.id.clone(),
        Analysed {
            file: "events.csv".into(),
            analysis: sample(&journey),
        },
    );
    keys(&mut app, "6a");
    let once = app.doc.workspace.clone();
    assert_eq!(
        message(&app),
        "wrote 11 measurements dated 2026-03-31 — u to undo (11 new KPIs)"
    );
    let id = journey.id.clone();
    app.analytics.results.get_mut(&id).unwrap().analysis.stages[0].reached = 13_000;
    keys(&mut app, "a");
    assert_eq!(
        message(&app),
        "wrote 11 measurements dated 2026-03-31 — u to undo"
    );
    let kpi = &app.journey().unwrap().stages[0].kpis;
    let reached = kpi
        .iter()
        .find(|k| k.source.as_deref() == Some(REACHED_SOURCE));
    assert_eq!(
        reached.unwrap().measurements.len(),
        1,
        "replaced, not added"
    );
    keys(&mut app, "u");
    assert_eq!(app.doc.workspace, once);
}

#[test]
fn a_read_only_workspace_refuses_a() {
    let mut app = demo_app((100, 30));
    let journey = app.journey().unwrap().clone();
    app.analytics.results.insert(
        journey.id.clone(),
        Analysed {
            file: "events.csv".into(),
            analysis: sample(&journey),
        },
    );
    app.doc.read_only = Some("opened read-only".into());
    keys(&mut app, "6a");
    assert!(message(&app).starts_with("read-only"), "{}", message(&app));
    assert!(!app.doc.is_dirty());
}

#[test]
fn errors_show_in_the_status_line_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    let missing = dir.path().join("nope.csv").display().to_string();
    analyze(&mut app, &missing);
    app.wait_for_analysis();
    let expected = format!("{missing}: No such file or directory (os error 2)");
    assert_eq!(app.message, Some((expected, Level::Error)));
    assert_eq!(app.view, View::Board);
    let path = events_file(dir.path(), "who,when,what\na,b,c\n");
    keys(&mut app, ":analyze events file\n");
    let Mode::Prompt { input, .. } = &app.mode else {
        panic!("a prompt")
    };
    assert_eq!(
        crate::tui::input::text_of(input),
        missing,
        "the file asked for last, to correct it"
    );
    press(&mut app, KeyCode::Esc);
    analyze(&mut app, &path);
    app.wait_for_analysis();
    let (text, level) = app.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(text.starts_with(&format!("{path}: ")), "{text}");
    assert!(app.analysis().is_none());
}

#[test]
fn the_prompt_wants_a_file_and_not_standard_input() {
    let mut app = app();
    analyze(&mut app, "");
    assert!(matches!(app.mode, Mode::Prompt { .. }), "stays open");
    assert!(message(&app).contains("path of an events file"));
    keys(&mut app, "-\n");
    assert!(matches!(app.mode, Mode::Prompt { .. }));
    assert!(
        message(&app).contains("standard input"),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Board));
    assert!(!app.analysis_busy());
}

#[test]
fn a_journey_without_rules_is_told_how_to_add_them() {
    let mut app = app();
    keys(&mut app, "]:analyze events file\n");
    assert!(matches!(app.mode, Mode::Board), "no prompt");
    let (text, level) = app.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("“Kedua” has no event rules") && text.contains("edit journey details"),
        "{text}"
    );
}

#[test]
fn m_switches_the_model_in_the_view_and_measures_on_the_board() {
    let mut app = demo_app((100, 30));
    keys(&mut app, "6m");
    assert!(message(&app).contains("no analysis of this journey yet"));
    let journey = app.journey().unwrap().clone();
    app.analytics.results.insert(
        journey.id.clone(),
        Analysed {
            file: "events.csv".into(),
            analysis: sample(&journey),
        },
    );
    keys(&mut app, "m");
    assert_eq!(app.analytics.model, Model::LastTouch);
    assert_eq!(
        message(&app),
        "attribution model: last_touch (m for the next)"
    );
    keys(&mut app, "1m");
    assert!(
        matches!(
            app.mode,
            Mode::Prompt {
                purpose: PromptPurpose::AddMeasurement,
                ..
            }
        ),
        "on the board m is still a KPI measurement"
    );
    assert_eq!(app.analytics.model, Model::LastTouch);
    // The palette's "next attribution model" works from any view.
    press(&mut app, KeyCode::Esc);
    keys(&mut app, ":next attribution model\n");
    assert_eq!(app.analytics.model, Model::Linear);
    assert_eq!(app.view, View::Analytics);
}

/// Esc asks the reading thread to stop, and it does: it stops reading the file (the writer
/// of a pipe it reads sees it closed) and nothing is kept.
#[cfg(unix)]
#[test]
fn esc_cancels_the_analysis_and_the_reading_stops() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("events.pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let mut app = app();
    keys(&mut app, "6");
    let path = fifo.display().to_string();
    analyze(&mut app, &path);
    // The thread waits for a writer: no size, no rows yet.
    assert_eq!(
        app.analysis_progress().unwrap(),
        format!("analyzing {path}: 0 rows — Esc cancels")
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.view,
        View::Analytics,
        "Esc cancels before it leaves the view"
    );
    assert_eq!(
        app.analysis_progress().unwrap(),
        format!("cancelling the analysis of {path}…")
    );
    let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    writer.write_all(b"customer_id,timestamp,event\n").unwrap();
    let rows = "c1,2026-03-01T09:00:00Z,ad_click\n".repeat(2_000);
    let mut written = 0usize;
    let stopped = loop {
        match writer.write_all(rows.as_bytes()) {
            Ok(()) => written += rows.len(),
            Err(e) => break e,
        }
        assert!(written < 1 << 30, "the reader never stopped");
    };
    assert_eq!(stopped.kind(), std::io::ErrorKind::BrokenPipe);
    app.wait_for_analysis();
    assert_eq!(message(&app), format!("analysis of {path} cancelled"));
    assert!(app.analysis().is_none());
    assert!(!app.analysis_busy());
    // Esc now does what it always does in a view.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Board);
}

#[test]
fn one_analysis_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = events_file(dir.path(), EVENTS);
    let mut app = app();
    analyze(&mut app, &path);
    // Not polled yet: still under way as far as the app knows.
    keys(&mut app, ":analyze events file\n");
    assert!(matches!(app.mode, Mode::Board));
    assert_eq!(message(&app), "an analysis is running: Esc cancels it");
    app.wait_for_analysis();
    assert!(app.analysis().is_some());
}
