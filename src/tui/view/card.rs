//! The open card: every field of one touchpoint, one selected, one possibly being edited.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, Paragraph};

use crate::model::{Emotion, Opportunity, OpportunityStatus, Touchpoint, TouchpointField};

use super::super::app::App;
use super::super::text::{fit, one_line};
use super::super::theme::Theme;
use super::board::emotion_mark;
use super::popup;

/// Width of the label column.
const LABEL_WIDTH: usize = 16;
/// Lines a multi-line field shows when it is not selected.
const FOLDED_LINES: usize = 3;
/// Rows the editor of a multi-line field takes.
const EDITOR_ROWS: usize = 6;

/// Draws the open card over the board.
pub fn render(app: &App, selected: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (Some(journey), Some(stage), Some(card)) = (app.journey(), app.stage(), app.card()) else {
        return;
    };
    let rect = popup(frame, area, 90, area.height);
    let title = fit(
        &format!(" {} › {} › {} ", journey.name, stage.name, card.title),
        usize::from(rect.width.saturating_sub(4)),
    );
    let block = super::panel_block(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let value_width = usize::from(inner.width).saturating_sub(LABEL_WIDTH + 2);
    let mut lines: Vec<Line> = Vec::new();
    let mut editor_at = None;
    let mut selected_range = (0, 0);
    for (i, field) in TouchpointField::ALL.into_iter().enumerate() {
        let is_selected = i == selected;
        let start = lines.len();
        let label = format!("{:>width$} ", field.label(), width = LABEL_WIDTH);
        let label_style = if is_selected {
            theme.selected()
        } else {
            theme.dim()
        };
        let marker = if is_selected { "▶" } else { " " };
        let editing = is_selected && app.editor.as_ref().is_some_and(|e| e.field == field);
        let values = if editing {
            let rows = if field.is_multiline() { EDITOR_ROWS } else { 1 };
            editor_at = Some(lines.len());
            vec![String::new(); rows]
        } else {
            let mut values = field_lines(app, card, field);
            if !is_selected && values.len() > FOLDED_LINES {
                let hidden = values.len() - FOLDED_LINES + 1;
                values.truncate(FOLDED_LINES - 1);
                values.push(format!("… {hidden} more lines"));
            }
            values
        };
        for (row, value) in values.iter().enumerate() {
            let head = if row == 0 {
                vec![
                    Span::styled(marker, label_style),
                    Span::styled(label.clone(), label_style),
                ]
            } else {
                vec![Span::raw(" ".repeat(LABEL_WIDTH + 2))]
            };
            let style = match field {
                TouchpointField::Emotion => theme.emotion(card.emotion.map(Emotion::value)),
                _ if value.is_empty() || row == 0 && values.len() == 1 && value == "—" => {
                    theme.dim()
                }
                _ => ratatui::style::Style::new(),
            };
            let mut spans = head;
            spans.push(Span::styled(fit(value, value_width), style));
            lines.push(Line::from(spans));
        }
        selected_range = if is_selected {
            (start, lines.len())
        } else {
            selected_range
        };
    }
    let height = usize::from(inner.height);
    let scroll = selected_range
        .1
        .saturating_sub(height)
        .min(selected_range.0);
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);

    let (Some(editor), Some(at)) = (&app.editor, editor_at) else {
        return;
    };
    let rows = if editor.multiline() { EDITOR_ROWS } else { 1 };
    let y = inner.y + (at - scroll) as u16;
    let x = inner.x + (LABEL_WIDTH + 2) as u16;
    let rows = (rows as u16).min(inner.bottom().saturating_sub(y));
    let editor_area = Rect::new(
        x,
        y,
        inner.width.saturating_sub(LABEL_WIDTH as u16 + 2),
        rows,
    );
    frame.render_widget(Clear, editor_area);
    frame.render_widget(&editor.input, editor_area);
    render_suggestions(app, frame, editor_area, inner, theme);
}

/// The channel completions under the channel editor.
fn render_suggestions(app: &App, frame: &mut Frame, editor: Rect, inner: Rect, theme: &Theme) {
    let Some(ed) = &app.editor else { return };
    if ed.suggestions.is_empty() {
        return;
    }
    let shown = ed.suggestions.len().min(6) as u16;
    let y = editor.bottom();
    let height = (shown + 2).min(inner.bottom().saturating_sub(y));
    if height < 3 {
        return;
    }
    let width = editor.width.min(30);
    let area = Rect::new(editor.x, y, width, height);
    let items: Vec<ListItem> = ed
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = if Some(i) == ed.suggestion {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            ListItem::new(Span::styled(fit(s, usize::from(width) - 2), style))
        })
        .collect();
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(" Tab completes ")
        .border_style(theme.dim());
    frame.render_widget(List::new(items).block(block), area);
}

/// A field's value as display lines; "—" when empty.
fn field_lines(app: &App, card: &Touchpoint, field: TouchpointField) -> Vec<String> {
    let lines: Vec<String> = match field {
        TouchpointField::Personas => card
            .personas
            .iter()
            .map(|id| format!("• {}", one_line(&app.persona_label(id))))
            .collect(),
        TouchpointField::Emotion => match card.emotion {
            Some(e) => vec![format!(
                "{} {}",
                emotion_mark(Some(e.value()), app.config.emotion_marks),
                e.label()
            )],
            None => Vec::new(),
        },
        TouchpointField::PainPoints => card
            .pain_points
            .iter()
            .map(|p| format!("• {}", one_line(p)))
            .collect(),
        TouchpointField::Opportunities => card.opportunities.iter().map(opportunity_line).collect(),
        TouchpointField::Tags => {
            if card.tags.is_empty() {
                Vec::new()
            } else {
                vec![
                    card.tags
                        .iter()
                        .map(|t| format!("#{t}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                ]
            }
        }
        other => card.field_text(other).lines().map(one_line).collect(),
    };
    if lines.is_empty() {
        vec!["—".to_string()]
    } else {
        lines
    }
}

fn opportunity_line(o: &Opportunity) -> String {
    let mut facts = Vec::new();
    if let Some(impact) = o.impact {
        facts.push(format!("impact {}", impact.value()));
    }
    if let Some(effort) = o.effort {
        facts.push(format!("effort {}", effort.value()));
    }
    match o.status {
        OpportunityStatus::Open => {}
        OpportunityStatus::Planned => facts.push("planned".into()),
        OpportunityStatus::Done => facts.push("done".into()),
    }
    if !o.owner.is_empty() {
        facts.push(one_line(&o.owner));
    }
    let facts = if facts.is_empty() {
        String::new()
    } else {
        format!(" [{}]", facts.join(" · "))
    };
    format!("• {}{facts}", one_line(&o.title))
}
