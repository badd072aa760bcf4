//! Rendering tests of the lanes view: the map grid on the demo, at 80x24, 120x35 and 40x12.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::tui::app::{App, View};

use super::{demo_app, draw, find, keys, screen};

/// The demo in the lanes view. The review date is cleared so the header does not change with
/// the day the tests run.
fn lanes(size: (u16, u16), color: bool) -> App {
    let mut app = demo_app(size, color);
    for journey in &mut app.doc.workspace_mut().journeys {
        journey.last_reviewed = None;
    }
    app.view = View::Lanes;
    app
}

#[test]
fn lanes_80x24() {
    insta::assert_snapshot!(screen(&lanes((80, 24), true)));
}

#[test]
fn lanes_120x35() {
    insta::assert_snapshot!(screen(&lanes((120, 35), true)));
}

#[test]
fn every_lane_has_its_label() {
    let text = screen(&lanes((120, 35), true));
    for label in [
        "Action",
        "Touchpoints",
        "Channel",
        "Thoughts",
        "Emotion",
        "Pain points",
        "Opportunities",
    ] {
        assert!(text.contains(&format!(" {label} ")), "{label}:\n{text}");
    }
}

#[test]
fn lanes_are_usable_at_40x12() {
    let app = lanes((40, 12), true);
    let text = screen(&app);
    // Every lane keeps a row, two stages show, and the selected card is there.
    for label in [
        "Action", "Touch-", "Channel", "Thoughts", "Emotion", "Pain", "Opport",
    ] {
        assert!(text.contains(label), "{label}:\n{text}");
    }
    assert!(text.contains("Awaren"), "{text}");
    assert!(text.contains("▶"), "more stages to the right:\n{text}");
    assert!(text.contains("▌Sees an unbo"), "{text}");
    assert!(text.contains('↓'), "cut cells say so:\n{text}");
}

#[test]
fn the_selected_cards_entries_are_highlighted_in_every_lane() {
    let mut app = lanes((80, 24), true);
    keys(&mut app, &[KeyCode::Right, KeyCode::Down, KeyCode::Down]);
    let text = screen(&app);
    // Consideration's third card: "Asks chat about plan costs".
    for entry in [
        "▌Asks the chat",
        "▌Asks chat abou",
        "▌Chat",
        "▌Just tell me w",
        "▌The bot answer",
        "▌Give the 24-mo",
    ] {
        assert!(text.contains(entry), "{entry}:\n{text}");
    }
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "▌Asks chat abou").unwrap();
    assert!(buffer[(x + 1, y)].modifier.contains(Modifier::BOLD));
    assert_eq!(buffer[(x + 1, y)].bg, Color::Blue);
    // Its emotion mark, among the stage's marks.
    let (x, y) = find(&buffer, "▲ +1 ●  0 ▼ -1").unwrap();
    assert_eq!(buffer[(x + 10, y)].bg, Color::Blue);
    assert_eq!(buffer[(x, y)].bg, Color::Reset);
}

#[test]
fn a_cut_cell_keeps_the_selected_entry_in_view() {
    let mut app = lanes((80, 24), true);
    keys(&mut app, &[KeyCode::Down, KeyCode::Down]);
    let text = screen(&app);
    // Two rows for three actions: the first is hidden, the third (selected) shows.
    assert!(text.contains("Searches \"be"), "{text}");
    assert!(text.contains("▌Opens an email"), "{text}");
    assert!(text.contains("↑1"), "{text}");
}

#[test]
fn lanes_scroll_with_the_selection_like_the_board() {
    let mut app = lanes((80, 24), true);
    keys(&mut app, &[KeyCode::Right; 5]);
    assert_eq!(app.scroll.stage, 2);
    let text = screen(&app);
    let header = text.lines().nth(1).unwrap();
    assert!(header.contains("◀ Decision"), "{header}");
    assert!(header.contains("╔ Advocacy ✗ ═"), "{header}");
    assert!(!header.contains('▶'), "{header}");
    assert!(text.contains("▌Answers the NP"), "{text}");
}

#[test]
fn other_personas_cards_are_dimmed() {
    let mut app = lanes((120, 35), true);
    // Alex: Priya's trade-in email is dimmed, the cards for everyone are not.
    app.persona = Some("pe-0tr3p6zzw47j".into());
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "Gets a trade").unwrap();
    assert!(buffer[(x, y)].modifier.contains(Modifier::DIM));
    let (x, y) = find(&buffer, "Reads a buying").unwrap();
    assert!(!buffer[(x, y)].modifier.contains(Modifier::DIM));
}

#[test]
fn no_color_lanes_use_no_colour_yet_the_selection_shows() {
    let mut app = lanes((80, 24), false);
    app.persona = Some("pe-0tr3p6zzw47j".into());
    let buffer = draw(&app);
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    // The selected card's title: a marker and reversed text.
    let (x, y) = find(&buffer, "▌Sees an unboxin").unwrap();
    assert!(buffer[(x + 1, y)].modifier.contains(Modifier::REVERSED));
    // The selected stage: a double border.
    let (x, y) = find(&buffer, "╔ Awareness").unwrap();
    assert_eq!(buffer[(x, y + 1)].symbol(), "║");
}

#[test]
fn a_stage_without_cards_says_so() {
    let mut app = lanes((80, 24), true);
    app.doc.workspace_mut().journeys[0].stages[1]
        .touchpoints
        .clear();
    let text = screen(&app);
    assert!(
        text.contains(" Consideration ─"),
        "the name before the count: {text}"
    );
    assert!(text.contains(" no cards "), "{text}");
}

#[test]
fn rules_part_the_lanes_when_there_is_room() {
    // The future-state journey has at most two cards a stage: every lane fits, with rules.
    let mut app = lanes((120, 35), true);
    keys(&mut app, &[KeyCode::Char('['), KeyCode::Right]);
    let text = screen(&app);
    assert!(text.contains("Future"), "{text}");
    let rules = text
        .lines()
        .filter(|l| l.starts_with("───") && l.contains("╫"))
        .count();
    assert_eq!(rules, 6, "{text}");
    // Without room, no rules: the 80x24 demo.
    let text = screen(&lanes((80, 24), true));
    assert!(!text.contains('┼'), "{text}");
}

/// A synthetic map of a hundred cards a stage in the lanes view, every cell longer than the
/// screen: some cards have three pain points or two opportunities, some a blank entry among
/// them, some no action. The review date is cleared as in [`lanes`].
fn long_lanes(size: (u16, u16), color: bool) -> App {
    let mut workspace = crate::synth::workspace(crate::synth::Options::cards(600));
    for journey in &mut workspace.journeys {
        journey.last_reviewed = None;
        for stage in &mut journey.stages {
            for (i, card) in stage.touchpoints.iter_mut().enumerate() {
                if i % 7 == 0 {
                    card.pain_points.push(format!("Pain {i}, again").into());
                    card.pain_points
                        .push(format!("Pain {i}, a third time").into());
                }
                if i % 11 == 3 {
                    card.pain_points.insert(0, "  ".into());
                }
                if i % 13 == 5 {
                    card.action.clear();
                }
                if i % 17 == 2 {
                    for title in [" ".to_string(), format!("Idea {i}")] {
                        card.opportunities.push(crate::model::Opportunity {
                            title: title.into(),
                            ..Default::default()
                        });
                    }
                }
            }
        }
    }
    let path = std::path::PathBuf::from("long.json");
    let doc = crate::tui::document::Document::new(workspace, path, None, None);
    let mut app = App::new(doc, size, color);
    app.view = View::Lanes;
    app
}

/// The lanes view alone over the whole of `app`'s screen: no header, curve or status line.
fn draw_lanes(app: &App) -> Buffer {
    let backend = ratatui::backend::TestBackend::new(app.size.0, app.size.1);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = crate::tui::theme::Theme::new(app.color);
    terminal
        .draw(|frame| super::super::lanes::render(app, frame, frame.area(), &theme))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The lanes of `app` with the selection on card `card` of stage `stage`, as text under a
/// heading, wide characters once.
fn lanes_at(app: &mut App, stage: usize, card: usize) -> String {
    keys(app, &[KeyCode::Left; 8]);
    keys(app, &[KeyCode::Up; 120]);
    keys(app, &vec![KeyCode::Right; stage]);
    keys(app, &vec![KeyCode::Down; card]);
    let buffer = draw_lanes(app);
    let mut out = format!("-- stage {}, card {} --\n", app.sel.stage, app.sel.card);
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            if skip == 0 {
                out.push_str(symbol);
            }
            skip = match skip {
                0 => unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1),
                n => n - 1,
            };
        }
        out.push('\n');
    }
    out
}

#[test]
fn long_cells_keep_the_selection_in_view_as_it_moves() {
    let mut app = long_lanes((80, 24), true);
    let mut out = String::new();
    for card in (0..16).chain([40, 41, 42, 63, 70, 98, 99]) {
        out.push_str(&lanes_at(&mut app, 0, card));
    }
    out.push_str(&lanes_at(&mut app, 2, 56));
    insta::assert_snapshot!(out);
}

#[test]
fn long_cells_40x12() {
    let mut app = long_lanes((40, 12), true);
    let mut out = String::new();
    for card in [0, 1, 14, 28, 50, 99] {
        out.push_str(&lanes_at(&mut app, 1, card));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn long_cells_styles_200x50() {
    let mut app = long_lanes((200, 50), true);
    let persona = app.doc.workspace.personas[0].name.clone();
    app.persona = Some(persona);
    keys(&mut app, &[KeyCode::Right; 2]);
    keys(&mut app, &[KeyCode::Down; 45]);
    insta::assert_debug_snapshot!(draw_lanes(&app));
}

#[test]
fn long_cells_styles_120x35() {
    let mut app = long_lanes((120, 35), true);
    keys(&mut app, &[KeyCode::Right; 4]);
    keys(&mut app, &[KeyCode::Down; 77]);
    insta::assert_debug_snapshot!(draw_lanes(&app));
}

#[test]
fn an_edit_after_a_frame_shows_in_the_next() {
    // The list lanes' line counts are kept between frames: an edit must reach them.
    let edit = |app: &mut App| {
        let stage = &mut app.doc.workspace_mut().journeys[0].stages[0];
        for card in &mut stage.touchpoints[..20] {
            card.pain_points.clear();
        }
        stage.touchpoints[30].opportunities.clear();
    };
    let mut app = long_lanes((80, 24), true);
    keys(&mut app, &[KeyCode::Down; 25]);
    let before = lanes_at(&mut app, 0, 25);
    edit(&mut app);
    let after = lanes_at(&mut app, 0, 25);
    assert_ne!(before, after);
    let mut fresh = long_lanes((80, 24), true);
    edit(&mut fresh);
    assert_eq!(after, lanes_at(&mut fresh, 0, 25));
}
