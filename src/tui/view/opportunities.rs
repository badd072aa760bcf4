//! The opportunities view: every opportunity of the journey in one table, quick wins first
//! (the ranking of [`crate::report::opportunities`]): impact, effort, status, owner, title, and
//! the stage and card it belongs to. The selected row's full details are under the table.
//!
//! The table scrolls to keep the selection in view; on narrow screens the owner and then the
//! stage and card columns give way to the title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::model::{OpportunityStatus, Rating};
use crate::report::opportunities::{self, Entry};

use super::super::app::App;
use super::super::text::{fit, pad};
use super::super::theme::Theme;

/// The columns before the flexible ones: marker, impact, effort, status and their gaps.
const FIXED: usize = 1 + 3 + 1 + 3 + 1 + 7 + 1;

/// The widths of the flexible columns; 0 leaves a column out.
struct Columns {
    owner: usize,
    title: usize,
    place: usize,
}

impl Columns {
    fn new(width: usize) -> Self {
        let flex = width.saturating_sub(FIXED);
        if flex >= 50 {
            let room = flex - 2;
            let owner = (room * 22 / 100).min(22);
            let place = room * 33 / 100;
            Self {
                owner,
                title: room - owner - place,
                place,
            }
        } else if flex >= 30 {
            let room = flex - 1;
            let place = room * 40 / 100;
            Self {
                owner: 0,
                title: room - place,
                place,
            }
        } else {
            Self {
                owner: 0,
                title: flex,
                place: 0,
            }
        }
    }
}

/// Draws the ranked opportunities of the current journey into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(journey) = super::journey_or_notice(app, frame, area) else {
        return;
    };
    let persona = app.persona.as_deref();
    let places = app
        .doc
        .summary(app.sel.journey, persona, opportunities::ranking)
        .unwrap_or_default();
    let total = app
        .doc
        .summary(app.sel.journey, None, |journey, _| {
            opportunities::count(journey)
        })
        .map_or(0, |total| *total);
    let hidden = total - places.len();
    let outer = usize::from(area.width.saturating_sub(2));
    let title = match app.persona_name() {
        Some(name) => format!(" Opportunities on {name}'s cards, {hidden} others hidden "),
        None => " Opportunities, quick wins first: score = impact − effort ".to_string(),
    };
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border(false))
        .title(Span::styled(fit(&title, outer), theme.title()));
    let inner = block.inner(area);
    if places.is_empty() {
        frame.render_widget(block, area);
        let text = if hidden > 0 {
            "No opportunity on this persona's cards: P shows the next persona."
        } else {
            "No opportunities yet: open a card (Enter on the board) and add them."
        };
        let line = fit(text, usize::from(inner.width));
        frame.render_widget(Paragraph::new(line).centered(), inner);
        return;
    }
    let card = app.card().map(|_| (app.sel.stage, app.sel.card));
    let selected = opportunities::selected_row(&places, app.row, card);
    let height = usize::from(inner.height);
    let details = if height >= 8 { 2 } else { 1 };
    let gap = usize::from(height >= 14);
    let rows = height.saturating_sub(1 + details + gap).max(1);
    let first = (selected + 1).saturating_sub(rows);
    let shown = rows.min(places.len() - first);
    let keys = if outer >= 60 {
        " I impact · E effort · S status · Enter card "
    } else {
        " I E S rate · Enter card "
    };
    block = block.title_bottom(Line::from(fit(keys, outer)).right_aligned());
    if shown < places.len() {
        let range = format!(" {}–{} of {} ", first + 1, first + shown, places.len());
        block = block.title_bottom(Line::from(range).left_aligned());
    }
    frame.render_widget(block, area);

    let columns = Columns::new(usize::from(inner.width));
    let mut lines = vec![header(&columns, theme)];
    // Only the rows on screen are looked up.
    for (i, place) in places.iter().enumerate().skip(first).take(shown) {
        if let Some(entry) = opportunities::entry_at(journey, *place) {
            lines.push(row_line(&entry, &columns, i == selected, theme));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // The details follow the table, or sit at the bottom when it fills the view.
    let below_table = inner.y + (1 + shown + gap) as u16;
    let detail_area = Rect::new(
        inner.x,
        below_table.min(inner.bottom() - details as u16),
        inner.width,
        details as u16,
    );
    if let Some(entry) = opportunities::entry_at(journey, places[selected]) {
        let detail = detail_lines(&entry, usize::from(inner.width), details, theme);
        frame.render_widget(Paragraph::new(detail), detail_area);
    }
}

/// The column names.
fn header(columns: &Columns, theme: &Theme) -> Line<'static> {
    let mut text = format!(" {:>3} {:>3} {:<7}", "Imp", "Eff", "Status");
    if columns.owner > 0 {
        text.push_str(&format!(" {}", pad("Owner", columns.owner)));
    }
    text.push_str(&format!(" {}", pad("Opportunity", columns.title)));
    if columns.place > 0 {
        text.push_str(&format!(" {}", pad("Stage › card", columns.place)));
    }
    Line::from(Span::styled(text, theme.title()))
}

/// One opportunity's row; done ones are dimmed, the selected one in the selection's style.
fn row_line(entry: &Entry, columns: &Columns, selected: bool, theme: &Theme) -> Line<'static> {
    let o = entry.opportunity;
    let marker = if selected { "▌" } else { " " };
    let mut text = format!(
        "{:>3} {:>3} {:<7}",
        rating(o.impact),
        rating(o.effort),
        opportunities::status_name(o.status)
    );
    if columns.owner > 0 {
        text.push_str(&format!(" {}", pad(&o.owner, columns.owner)));
    }
    text.push_str(&format!(" {}", pad(&o.title, columns.title)));
    if columns.place > 0 {
        text.push_str(&format!(" {}", pad(&place(entry), columns.place)));
    }
    let style = if selected {
        theme.selected()
    } else if o.status == OpportunityStatus::Done {
        theme.dim()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(marker, if selected { style } else { Style::new() }),
        Span::styled(text, style),
    ])
}

/// The selected opportunity in full: its title, then its figures, owner and place.
fn detail_lines(entry: &Entry, width: usize, lines: usize, theme: &Theme) -> Vec<Line<'static>> {
    let o = entry.opportunity;
    let score = match opportunities::score(o) {
        Some(0) => "score 0".to_string(),
        Some(s) => format!("score {s:+}"),
        None => "no score (rate impact and effort)".to_string(),
    };
    let mut facts = format!(
        "impact {} · effort {} · {score} · {}",
        rating(o.impact),
        rating(o.effort),
        opportunities::status_name(o.status)
    );
    if !o.owner.trim().is_empty() {
        facts.push_str(&format!(" · {}", o.owner));
    }
    facts.push_str(&format!(" · {}", place(entry)));
    let title = Line::from(Span::styled(
        fit(&format!(" {}", o.title), width),
        theme.title(),
    ));
    let facts = Line::from(Span::styled(fit(&format!(" {facts}"), width), theme.dim()));
    if lines >= 2 {
        vec![title, facts]
    } else {
        vec![title]
    }
}

/// Where an opportunity is: `stage › card`.
fn place(entry: &Entry) -> String {
    format!("{} › {}", entry.stage_name, entry.touchpoint.title)
}

/// A rating's figure, or `·` when it is not set.
fn rating(rating: Option<Rating>) -> String {
    rating.map_or("·".to_string(), |r| r.value().to_string())
}
