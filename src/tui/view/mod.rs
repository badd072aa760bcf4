//! Pure render functions: the screen is a function of [`App`]; drawing changes nothing.

mod analytics;
mod board;
mod card;
mod channels;
pub mod chrome;
mod compare;
mod curve;
mod form;
pub mod help;
mod kpis;
mod lanes;
mod opportunities;
mod panels;
mod personas;
mod present;
mod start;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::app::{App, Mode, View};
use super::layout::{MIN_SIZE, board_area, content_area, curve_area};
use super::text;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = app.theme();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        render_too_small(frame, area);
        return;
    }
    if let Mode::Present { scroll } = app.mode {
        present::render(app, scroll, frame, &theme);
        return;
    }
    chrome::render_header(app, frame, Rect::new(0, 0, area.width, 1), &theme);
    let size = (area.width, area.height);
    let columns = app.view.has_columns();
    let view_area = board_area(size, columns);
    match app.view {
        View::Board => board::render(app, frame, view_area, &theme),
        View::Lanes => lanes::render(app, frame, view_area, &theme),
        View::Channels => channels::render(app, frame, view_area, &theme),
        View::Kpis => kpis::render(app, frame, view_area, &theme),
        View::Opportunities => opportunities::render(app, frame, view_area, &theme),
        View::Compare => compare::render(app, frame, view_area, &theme),
        View::Analytics => analytics::render(app, frame, view_area, &theme),
    }
    if let Some(curve) = curve_area(size, columns) {
        curve::render(app, frame, curve, &theme);
    }
    let board = content_area(size);
    chrome::render_status(
        app,
        frame,
        Rect::new(0, area.height - 1, area.width, 1),
        &theme,
    );
    match &app.mode {
        Mode::Board | Mode::Present { .. } => {}
        Mode::Card { field } => card::render(app, *field, frame, board, &theme),
        Mode::Search(panel) => panels::render_search(app, panel, frame, board, &theme),
        Mode::Palette(panel) => panels::render_palette(panel, &app.keymap, frame, board, &theme),
        Mode::Help(panel) => help::render(panel, &app.keymap, frame, board, &theme),
        Mode::Prompt { purpose, input } => {
            panels::render_prompt(purpose.title(), input, frame, board, &theme)
        }
        Mode::Confirm { question, .. } => panels::render_confirm(question, frame, board, &theme),
        Mode::Recover(recovery) => {
            let question = recovery_question(&recovery.recovery, app.journals.to_offer.len());
            panels::render_confirm(&question, frame, board, &theme)
        }
        Mode::Templates { selected } => personas::render_templates(*selected, frame, board, &theme),
        Mode::Start { selected } => start::render(app, *selected, frame, board, &theme),
        Mode::Comments { selected, resolved } => {
            panels::render_comments(app, *selected, *resolved, frame, board, &theme)
        }
        Mode::Conflicts { selected } => {
            panels::render_conflicts(app, *selected, frame, board, &theme)
        }
        Mode::Evidence { selected } => {
            panels::render_evidence(app, *selected, frame, board, &theme)
        }
        Mode::Personas { selected } => {
            personas::render_personas(app, *selected, frame, board, &theme)
        }
        Mode::Form { kind, input } => form::render(kind, input, frame, board, &theme),
        Mode::Journeys { selected } => {
            panels::render_journeys(app, *selected, frame, board, &theme)
        }
    }
}

/// Draws only the current view of the current journey over the whole frame, without header
/// and status line, for `cjm show`.
pub fn render_view(app: &App, frame: &mut Frame) {
    let (area, theme) = (frame.area(), app.theme());
    match app.view {
        View::Board => board::render(app, frame, area, &theme),
        View::Lanes => lanes::render(app, frame, area, &theme),
        View::Channels => channels::render(app, frame, area, &theme),
        View::Kpis => kpis::render(app, frame, area, &theme),
        View::Opportunities => opportunities::render(app, frame, area, &theme),
        View::Compare => compare::render(app, frame, area, &theme),
        View::Analytics => analytics::render(app, frame, area, &theme),
    }
}

/// How far the analytics view scrolls on the app's screen (the update keeps its offset
/// within it).
pub fn analytics_scroll_limit(app: &App) -> usize {
    analytics::scroll_limit(app)
}

/// How far the presentation scrolls on the app's screen (the update keeps its offset within
/// it).
pub fn present_scroll_limit(app: &App) -> usize {
    present::scroll_limit(app)
}

/// Draws only the emotion curve of the current journey over the whole frame, lined up with
/// the board or the lanes drawn at the same width, for `cjm show`.
pub fn render_curve(app: &App, frame: &mut Frame) {
    curve::render(app, frame, frame.area(), &app.theme());
}

/// What the start-up question says about recovered edits.
fn recovery_question(recovery: &crate::store::Recovery, more: usize) -> String {
    let typing = recovery
        .draft
        .as_ref()
        .map(|d| format!(", and text being typed in {}", d.about))
        .unwrap_or_default();
    let more = match more {
        0 => String::new(),
        n => format!(" ({n} more from other runs after these)"),
    };
    format!(
        "Unsaved edits to {} from {}{typing} were found{more}. Restore them? (n keeps them \
         aside)",
        recovery.workspace_path.display(),
        crate::model::date::timestamp_text(recovery.written_at)
    )
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from("terminal too small"),
        Line::from(format!(
            "{}x{}, cjm needs {}x{}",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        )),
        Line::from("q quits"),
    ];
    let [middle] = Layout::vertical([Constraint::Length(3)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(Paragraph::new(text).centered(), middle);
}

/// Says what to do when a centred notice is all a view can show.
fn notice(text: &str, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(text::fit(text, usize::from(area.width))).centered(),
        area,
    );
}

/// The current journey, or a notice saying how to create one.
fn journey_or_notice<'a>(
    app: &'a App,
    frame: &mut Frame,
    area: Rect,
) -> Option<&'a crate::model::Journey> {
    let journey = app.journey();
    if journey.is_none() {
        notice(
            "No journey in this workspace: press N to create one.",
            frame,
            area,
        );
    }
    journey
}

/// The current journey when it has stages, or a notice saying how to add them.
fn staged_journey_or_notice<'a>(
    app: &'a App,
    frame: &mut Frame,
    area: Rect,
) -> Option<&'a crate::model::Journey> {
    let journey = journey_or_notice(app, frame, area)?;
    if journey.stages.is_empty() {
        notice(
            "This journey has no stages: press A to add one.",
            frame,
            area,
        );
        return None;
    }
    Some(journey)
}

/// A panel's frame: rounded, in the focused border style, with `title`.
fn panel_block<'a>(
    title: impl Into<ratatui::text::Line<'a>>,
    theme: &super::theme::Theme,
) -> ratatui::widgets::Block<'a> {
    ratatui::widgets::Block::bordered()
        .border_type(ratatui::widgets::BorderType::Rounded)
        .border_style(theme.border(true))
        .title(title)
}

/// A centred rectangle of at most `width` x `height` inside `area`, cleared for a popup.
fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, rect);
    rect
}

#[cfg(test)]
mod tests;
