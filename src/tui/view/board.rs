//! The stage columns with their cards. Only visible stages and cards are built, so drawing
//! costs the same however many cards are off screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::config::EmotionMarks;
use crate::model::{Emotion, Stage, Touchpoint};

use super::super::app::{App, EditTarget, Mode};
use super::super::layout::{self, CARD_HEIGHT, TITLE_LINES};
use super::super::text::{fit, one_line, width, wrap};
use super::super::theme::Theme;

/// Draws the board of the current journey into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(journey) = super::staged_journey_or_notice(app, frame, area) else {
        return;
    };
    let count = journey.stages.len();
    let visible = layout::visible_stages(area.width, count);
    let offset = app.scroll.stage.min(count - visible);
    let columns = layout::stage_columns(area, visible);
    for (i, rect) in columns.iter().enumerate() {
        let index = offset + i;
        let markers = (i == 0 && offset > 0, i + 1 == visible && index + 1 < count);
        render_column(
            app,
            &journey.stages[index],
            index,
            markers,
            frame,
            *rect,
            theme,
        );
    }
}

/// One stage: a bordered column titled with the stage's name and card count.
fn render_column(
    app: &App,
    stage: &Stage,
    index: usize,
    (more_left, more_right): (bool, bool),
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let selected = index == app.sel.stage;
    let inner_width = usize::from(area.width.saturating_sub(2));
    let arrow = if more_left { "◀ " } else { " " };
    let title = format!(
        "{arrow}{}",
        column_title(stage, inner_width.saturating_sub(width(arrow)))
    );
    let mut block = Block::bordered()
        .title(Span::styled(title, theme.border(selected)))
        .border_style(theme.border(selected))
        .border_type(if selected {
            BorderType::Double
        } else {
            BorderType::Rounded
        });
    if more_right {
        block = block.title_top(Line::from("▶").right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let adding = app.adding_to(&stage.id) && matches!(app.mode, Mode::Board);
    let total = stage.touchpoints.len() + usize::from(adding);
    if total == 0 {
        if selected {
            let hint = Paragraph::new(fit("no cards: a adds one", inner_width)).style(theme.dim());
            frame.render_widget(hint, inner);
        }
        return;
    }
    let rows = usize::from(inner.height);
    let offset = app
        .scroll
        .cards
        .get(&stage.id)
        .copied()
        .unwrap_or(0)
        .min(total - 1);
    let shown = layout::cards_that_fit(rows, offset, total);
    let mut y = inner.y;
    if offset > 0 {
        let more = Paragraph::new(format!(" ↑ {offset} more")).style(theme.dim());
        frame.render_widget(more, Rect::new(inner.x, y, inner.width, 1));
        y += 1;
    }
    for slot in offset..offset + shown {
        let rows = (CARD_HEIGHT as u16 - 1).min(inner.bottom() - y);
        let card_area = Rect::new(inner.x, y, inner.width, rows);
        let is_selected = selected && slot == app.sel.card;
        render_card(
            app,
            stage,
            slot,
            adding,
            is_selected,
            frame,
            card_area,
            theme,
        );
        y += CARD_HEIGHT as u16;
    }
    let below = total - offset - shown;
    if below > 0 {
        let more = Paragraph::new(format!(" ↓ {below} more")).style(theme.dim());
        frame.render_widget(more, Rect::new(inner.x, inner.bottom() - 1, inner.width, 1));
    }
}

/// A column's title in `room` columns: the stage's name, its card count and its KPI mark
/// (`✓` every KPI on target, `✗` some off target). The name comes first: the count gives way,
/// then the mark, before the name is cut.
pub(super) fn column_title(stage: &Stage, room: usize) -> String {
    let mark = crate::report::kpi_input::stage_kpi_mark(stage);
    let count = format!(" ({})", stage.touchpoints.len());
    let mark = mark.map_or(String::new(), |m| format!(" {m}"));
    let name = one_line(&stage.name);
    for decoration in [
        format!("{count}{mark} "),
        format!("{mark} "),
        " ".to_string(),
    ] {
        if width(&name) + width(&decoration) <= room {
            return format!("{name}{decoration}");
        }
    }
    format!("{} ", fit(&name, room.saturating_sub(1)))
}

/// The card at `slot` of a column: the real card, or the new one whose title is being typed.
#[allow(clippy::too_many_arguments)]
fn render_card(
    app: &App,
    stage: &Stage,
    slot: usize,
    adding: bool,
    selected: bool,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let new_at = match &app.editor {
        Some(editor) if adding => match &editor.target {
            EditTarget::NewCard { index, .. } => Some(*index),
            EditTarget::Card(_) => None,
        },
        _ => None,
    };
    let card_index = match new_at {
        Some(at) if slot == at => None,
        Some(at) if slot > at => Some(slot - 1),
        _ => Some(slot),
    };
    let card = card_index.and_then(|i| stage.touchpoints.get(i));
    let area_width = usize::from(area.width);
    let marker = if selected { "▌" } else { " " };
    let title_style = if selected {
        theme.selected()
    } else if card.is_some_and(|c| app.filtered_out(c)) {
        // Another persona's card, while the map is filtered to one.
        theme.dim()
    } else {
        theme.title()
    };
    let editing_here = match (&app.editor, card) {
        (Some(editor), Some(card)) => {
            matches!(app.mode, Mode::Board) && editor.target == EditTarget::Card(card.id.clone())
        }
        (Some(_), None) => true,
        _ => false,
    };
    // A short title takes one line and the channel follows right under it.
    let title_rows = if editing_here && let Some(editor) = &app.editor {
        frame.render_widget(Span::styled(marker, theme.selected()), area);
        let input_area = Rect::new(area.x + 1, area.y, area.width.saturating_sub(1), 1);
        frame.render_widget(&editor.input, input_area);
        1
    } else if let Some(card) = card {
        let lines: Vec<Line> = wrap(&card.title, area_width.saturating_sub(1), TITLE_LINES)
            .into_iter()
            .map(|text| {
                let pad = area_width.saturating_sub(1 + width(&text));
                Line::from(vec![
                    Span::styled(marker, title_style),
                    Span::styled(format!("{text}{}", " ".repeat(pad)), title_style),
                ])
            })
            .collect();
        let rows = (lines.len() as u16).min(area.height);
        frame.render_widget(Paragraph::new(lines), area);
        rows
    } else {
        1
    };
    if area.height <= title_rows {
        return;
    }
    let meta_row = Rect::new(area.x, area.y + title_rows, area.width, 1);
    let line = match card {
        Some(card) => {
            let disputed = app
                .doc
                .workspace
                .conflicts
                .iter()
                .any(|c| c.record == card.id);
            let marks = app.config.emotion_marks;
            let line = meta_line(card, selected, disputed, area_width, marks, theme);
            let comments = match app.open_comments_on(&card.id) {
                0 => String::new(),
                n => format!("✎{n}"),
            };
            let evidence = match card.evidence.len() {
                0 => String::new(),
                n => format!("❝{n}"),
            };
            let right = [evidence, comments, peers_on(app, &card.id)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            with_peers(line, &right, area_width, theme)
        }
        None => Line::from(Span::styled(
            fit(" new: Enter adds, Esc cancels", area_width),
            theme.dim(),
        )),
    };
    frame.render_widget(Paragraph::new(line), meta_row);
}

/// Who else is on the card with `id`: `@rina`, `@rina +1`; empty when no one.
fn peers_on(app: &App, id: &str) -> String {
    let mut names = app.peers.open.iter().filter(|p| p.card == id).map(|p| {
        if p.name.trim().is_empty() {
            "someone".to_string()
        } else {
            p.name.clone()
        }
    });
    match (names.next(), names.count()) {
        (None, _) => String::new(),
        (Some(first), 0) => format!("@{first}"),
        (Some(first), more) => format!("@{first} +{more}"),
    }
}

/// `line` with `peers` (and a card's open comments) at its right end, the line cut to leave
/// them room.
fn with_peers(line: Line<'static>, peers: &str, width: usize, theme: &Theme) -> Line<'static> {
    if peers.is_empty() || width < 8 {
        return line;
    }
    let room = width.saturating_sub(self::width(peers) + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let text = fit(&span.content, room.saturating_sub(used));
        used += self::width(&text);
        spans.push(Span::styled(text, span.style));
        if used >= room {
            break;
        }
    }
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + self::width(peers))),
    ));
    spans.push(Span::styled(
        fit(peers, width.saturating_sub(1)),
        theme.key(),
    ));
    Line::from(spans)
}

/// The second line of a card: `!` when a field of it is in conflict, its emotion mark and
/// channel.
fn meta_line(
    card: &Touchpoint,
    selected: bool,
    disputed: bool,
    width: usize,
    marks: EmotionMarks,
    theme: &Theme,
) -> Line<'static> {
    let value = card.emotion.map(Emotion::value);
    let mark = emotion_mark(value, marks);
    let marker = if selected { "▌" } else { " " };
    let flag = if disputed { "!" } else { "" };
    let channel_room = width.saturating_sub(2 + flag.len() + self::width(&mark) + 1);
    let channel = if card.channel.is_empty() {
        "no channel".to_string()
    } else {
        card.channel.to_string()
    };
    Line::from(vec![
        Span::styled(
            marker,
            if selected {
                theme.selected()
            } else {
                theme.dim()
            },
        ),
        Span::styled(flag, theme.error()),
        Span::styled(mark, theme.emotion(value)),
        Span::raw(" "),
        Span::styled(fit(&channel, channel_room), theme.dim()),
    ])
}

/// A short mark for an emotion score that reads without colour, in the configured style
/// (`▼▼-2` .. `▲▲+2`, faces or ASCII; `·` unknown), four columns wide.
pub fn emotion_mark(value: Option<i8>, marks: EmotionMarks) -> String {
    marks.mark(value)
}

#[cfg(test)]
mod title_tests {
    use super::column_title;
    use crate::model::{Stage, Touchpoint};

    #[test]
    fn the_name_comes_before_the_count_and_the_mark() {
        let mut stage = Stage::new("Consideration");
        stage.touchpoints = vec![Touchpoint::default(); 3];
        assert_eq!(column_title(&stage, 30), "Consideration (3) ");
        assert_eq!(column_title(&stage, 16), "Consideration ");
        assert_eq!(column_title(&stage, 10), "Consider… ");
    }
}
