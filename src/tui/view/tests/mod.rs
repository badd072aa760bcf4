//! Rendering tests on ratatui's TestBackend: snapshots of whole screens at 80x24 and 40x12
//! with Indonesian, CJK and emoji text, and checks that hold on any screen.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::model::{Emotion, Journey, Touchpoint, Workspace};

use crate::tui::app::App;
use crate::tui::document::Document;

mod analytics;
mod channels;
mod compare;
mod config;
mod curve;
mod evidence;
mod kpis;
mod lanes;
mod opportunities;
mod present;
mod themes;

pub(super) fn card(title: &str, channel: &str, emotion: i64) -> Touchpoint {
    let mut card = Touchpoint::new(title);
    card.channel = channel.into();
    card.emotion = Emotion::new(emotion);
    card
}

/// A journey with Indonesian stage names, CJK, emoji and combining marks, and one stage with
/// more cards than fit on a small screen.
pub(super) fn workspace() -> Workspace {
    let mut journey = Journey::with_default_stages("Belanja omnichannel");
    let names = [
        "Kesadaran dan perolehan",
        "Orientasi dan keterlibatan",
        "Pembelian",
        "Pengiriman",
        "Dukungan pasca pembelian",
        "Advokasi",
    ];
    for (stage, name) in journey.stages.iter_mut().zip(names) {
        stage.name = name.into();
    }
    journey.stages[0].touchpoints = vec![
        card("Lihat promo flash sale ⚡", "Instagram", 1),
        card("比较价格和评论", "網站", 0),
        card("Café reviews with a very long title indeed", "", -1),
    ];
    journey.stages[1].touchpoints = (1..=9)
        .map(|i| card(&format!("Langkah orientasi {i}"), "Aplikasi", (i % 5) - 2))
        .collect();
    journey.stages[2].touchpoints = vec![card("Bayar di kasir 🧾", "Toko fisik", -2)];
    let mut selected = journey.stages[0].touchpoints[0].clone();
    selected.action = "Membuka Instagram saat istirahat siang".into();
    selected.thoughts = "Diskonnya nyata atau tidak?\nHarus cepat sebelum habis".into();
    selected.pain_points = vec!["Syarat promo tidak jelas".into(), "Stok cepat habis".into()];
    selected.opportunities = vec![crate::model::Opportunity {
        title: "Tampilkan sisa stok".into(),
        impact: crate::model::Rating::new(4),
        effort: crate::model::Rating::new(2),
        ..Default::default()
    }];
    selected.tags = vec!["promo".into(), "mobile".into()];
    journey.stages[0].touchpoints[0] = selected;
    Workspace {
        journeys: vec![journey, Journey::with_default_stages("Smartphone purchase")],
        ..Workspace::default()
    }
}

/// An app on the demo workspace, for views that need KPIs, personas and opportunities.
pub(super) fn demo_app(size: (u16, u16), color: bool) -> App {
    let mut workspace = crate::demo::workspace();
    // "reviewed N days ago" would change the screen every day.
    for journey in &mut workspace.journeys {
        journey.last_reviewed = None;
    }
    let doc = Document::new(workspace, PathBuf::from("demo.json"), None, None);
    App::new(doc, size, color)
}

pub(super) fn app(size: (u16, u16), color: bool) -> App {
    let doc = Document::new(workspace(), PathBuf::from("demo.json"), None, None);
    App::new(doc, size, color)
}

/// The row of the screen that holds `text`, and its column.
pub(super) fn find(buffer: &Buffer, text: &str) -> Option<(u16, u16)> {
    let width = buffer.area.width;
    (0..buffer.area.height).find_map(|y| {
        let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
        let at = row.find(text)?;
        Some((row[..at].chars().count() as u16, y))
    })
}

pub(super) fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|frame| super::render(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, wide characters once.
pub(super) fn screen(app: &App) -> String {
    let buffer = draw(app);
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

pub(super) fn keys(app: &mut App, keys: &[KeyCode]) {
    for code in keys {
        app.handle_key(KeyEvent::new(*code, KeyModifiers::NONE));
    }
}

pub(super) fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn board_80x24() {
    insta::assert_snapshot!(screen(&app((80, 24), true)));
}

#[test]
fn board_40x12_scrolls_stages_and_cards() {
    let mut app = app((40, 12), true);
    keys(
        &mut app,
        &[KeyCode::Right, KeyCode::Down, KeyCode::Down, KeyCode::Down],
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn board_120x35_shows_more_stages() {
    insta::assert_snapshot!(screen(&app((120, 35), true)));
}

#[test]
fn open_card_80x24() {
    let mut app = app((80, 24), true);
    keys(&mut app, &[KeyCode::Enter, KeyCode::Tab, KeyCode::Tab]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn editing_a_channel_offers_known_channels() {
    let mut app = app((80, 24), true);
    keys(
        &mut app,
        &[KeyCode::Enter, KeyCode::Tab, KeyCode::Tab, KeyCode::Enter],
    );
    keys(&mut app, &[KeyCode::Backspace; 9]);
    chars(&mut app, "a");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn search_80x24() {
    // "kasir" once listed "Membuka Instagram saat istirahat siang" too: noise, now dropped.
    let mut app = app((80, 24), true);
    chars(&mut app, "/kasir");
    app.wait_for_search();
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn search_outside_titles_80x24() {
    // Hits outside the title take a second line: the field and a snippet.
    let mut app = app((80, 24), true);
    chars(&mut app, "/stok");
    app.wait_for_search();
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_80x24() {
    let mut app = app((80, 24), true);
    chars(&mut app, "?");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn too_small_terminal_says_so() {
    let text = screen(&app((30, 10), true));
    assert!(text.contains("terminal too small"), "{text}");
    assert!(text.contains("30x10, cjm needs 40x12"), "{text}");
}

#[test]
fn no_color_uses_no_colour_yet_the_selection_shows() {
    let app = app((80, 24), false);
    let buffer = draw(&app);
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    // The selected card: a marker and reversed text.
    let (x, y) = (1, 2);
    assert_eq!(buffer[(x, y)].symbol(), "▌");
    assert!(buffer[(x + 1, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn control_characters_never_reach_the_screen() {
    let mut ws = workspace();
    ws.journeys[0].name = "Evil\x1b[2J\x07 journey".into();
    ws.journeys[0].stages[0].touchpoints[0].title = "Title\x1b]52;c;AAAA\x07\u{202e}x".into();
    ws.journeys[0].stages[0].touchpoints[0].channel = "web\r\n\x00".into();
    let doc = Document::new(ws, PathBuf::from("x.json"), None, None);
    let mut app = App::new(doc, (80, 24), true);
    for open in [false, true] {
        if open {
            keys(&mut app, &[KeyCode::Enter]);
        }
        let buffer = draw(&app);
        for cell in buffer.content() {
            assert!(
                !cell
                    .symbol()
                    .chars()
                    .any(|c| c.is_control() || c == '\u{202e}'),
                "control character {:?} on screen",
                cell.symbol()
            );
        }
    }
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let text = screen(&app((80, 24), true));
    let widths: Vec<usize> = text
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .collect();
    assert!(widths.iter().all(|w| *w == 80), "{widths:?}\n{text}");
}

#[test]
fn delete_says_so_and_how_to_undo_in_the_status_line() {
    let mut app = app((80, 24), true);
    chars(&mut app, "d");
    let text = screen(&app);
    let status = text.lines().last().unwrap_or_default().to_string();
    insta::assert_snapshot!(status);
}

#[test]
fn help_40x12_paged_to_its_end_says_where_it_is() {
    let mut app = app((40, 12), true);
    chars(&mut app, "?");
    app.handle_key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_filtered_80x24() {
    let mut app = app((80, 24), true);
    chars(&mut app, "?/word");
    insta::assert_snapshot!(screen(&app));
}

/// The demo's persona form, as `e` opens it, at `size`.
fn persona_form(size: (u16, u16)) -> App {
    let mut app = demo_app(size, true);
    chars(&mut app, "p");
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.mode_name(), "FORM");
    app
}

#[test]
fn form_80x24_cursor_after_the_first_label() {
    let app = persona_form((80, 24));
    insta::assert_snapshot!(screen(&app));
    // The cursor is the cell right after the first line's text, on the first line.
    let buffer = draw(&app);
    let line = "Name: Alex, first-time smartphone buyer";
    let (x, y) = find(&buffer, line).expect("the first line is shown");
    let after = x + line.chars().count() as u16;
    assert!(buffer[(after, y)].modifier.contains(Modifier::REVERSED));
    let reversed = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .count();
    assert_eq!(reversed, 1, "one cursor, nowhere else");
}

#[test]
fn form_40x12_wraps_long_lines() {
    insta::assert_snapshot!(screen(&persona_form((40, 12))));
}

#[test]
fn a_field_being_edited_says_what_it_expects() {
    let mut app = app((100, 24), true);
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    for _ in 0..3 {
        app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let text = screen(&app);
    let status = text.lines().last().unwrap_or_default();
    assert!(status.contains("how they feel: -2 to +2"), "{text}");
}

#[test]
fn an_escape_pasted_into_the_help_filter_never_reaches_the_screen() {
    let mut app = app((80, 24), true);
    chars(&mut app, "?/");
    app.paste("x\u{1b}]0;PWNED\u{7}\u{1b}[2J");
    let text = screen(&app);
    // Shown as the other inputs show them: each control character a visible `�`.
    assert!(text.contains("/x�]0;PWNED��[2J"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}
