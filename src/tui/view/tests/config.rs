//! What the config changes on screen: emotion marks in each style (widths kept), the stale
//! threshold in the header, and the status line with autosave off.

use crossterm::event::KeyCode;

use crate::config::{Config, EmotionMarks};
use crate::tui::app::{App, View};

use super::{app, chars, demo_app, keys, screen};

fn with_marks(mut app: App, marks: EmotionMarks) -> App {
    app.config = Config {
        emotion_marks: marks,
        ..Config::default()
    };
    app
}

#[test]
fn board_with_faces_80x24() {
    insta::assert_snapshot!(screen(&with_marks(
        app((80, 24), true),
        EmotionMarks::Faces
    )));
}

#[test]
fn board_with_ascii_marks_80x24() {
    let text = screen(&with_marks(app((80, 24), true), EmotionMarks::Ascii));
    assert!(text.contains(" ++2 ") || text.contains(" --2 "), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn compare_with_faces_80x24() {
    let mut app = with_marks(demo_app((80, 24), true), EmotionMarks::Faces);
    keys(&mut app, &[KeyCode::Right]);
    chars(&mut app, "c");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn every_style_keeps_every_view_aligned() {
    for marks in EmotionMarks::ALL {
        for size in [(80, 24), (40, 12), (120, 35)] {
            for view in [View::Board, View::Lanes, View::Channels, View::Compare] {
                let mut app = with_marks(demo_app(size, true), marks);
                app.view = view;
                let text = screen(&app);
                for line in text.lines() {
                    let w = unicode_width::UnicodeWidthStr::width(line);
                    assert_eq!(w, usize::from(size.0), "{marks:?} {view:?}:\n{text}");
                }
            }
            // The open card shows the emotion field's mark too.
            let mut app = with_marks(demo_app(size, true), marks);
            keys(&mut app, &[KeyCode::Enter]);
            let text = screen(&app);
            assert!(
                text.lines()
                    .all(|l| unicode_width::UnicodeWidthStr::width(l) == usize::from(size.0)),
                "{marks:?} open card:\n{text}"
            );
        }
    }
}

#[test]
fn the_header_flags_a_stale_journey_after_the_configured_days() {
    let mut app = demo_app((120, 35), true);
    let ten_days_ago = crate::model::date::today() - 10;
    let day = crate::model::date::day_text(ten_days_ago);
    app.doc.workspace_mut().journeys[0].last_reviewed = Some(day);
    let header = |app: &App| screen(app).lines().next().unwrap_or_default().to_string();
    assert!(!header(&app).contains("reviewed"), "{}", header(&app));
    app.config.stale_after_days = 7;
    assert!(
        header(&app).contains("reviewed 10 days ago"),
        "{}",
        header(&app)
    );
}

#[test]
fn with_autosave_off_the_status_line_says_ctrl_s_saves() {
    let mut app = app((80, 24), true);
    app.config.autosave = false;
    let status = |app: &App| screen(app).lines().last().unwrap_or_default().to_string();
    assert!(
        !status(&app).contains("autosave off"),
        "clean: {}",
        status(&app)
    );
    chars(&mut app, "d");
    assert!(app.doc.is_dirty());
    assert!(
        status(&app).contains("● unsaved, autosave off — Ctrl-s saves │"),
        "{}",
        status(&app)
    );
    app.config.autosave = true;
    assert!(!status(&app).contains("autosave off"), "{}", status(&app));
}
