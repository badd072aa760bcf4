//! A record edited as a text form: its lines soft-wrapped to the box (the text area wraps at
//! words, long words at graphemes), the cursor where typing goes, and what the line under
//! the cursor expects.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::form::{Form, hint};

use super::super::app::FormKind;
use super::super::text::fit;
use super::super::theme::Theme;
use super::{panel_block, popup};

/// The form: its text, and below it what the current field expects and how forms are written.
pub fn render(kind: &FormKind, input: &TextArea, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = popup(frame, area, 90, area.height);
    let title = format!(" {} — Ctrl-s saves · Esc cancels ", kind.title());
    let outer = panel_block(title, theme);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    let [text_area, hint_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
    frame.render_widget(input, text_area);
    let form = match kind {
        FormKind::Persona(_) => Form::Persona,
        FormKind::Journey => Form::Journey,
        FormKind::Kpi { .. } => Form::Kpi,
        FormKind::Opportunity { .. } => Form::Opportunity,
    };
    let room = usize::from(hint_area.width);
    let expects = hint(form, input.lines(), input.cursor().0)
        .map(|(label, text)| fit(&format!("{label}: {text}"), room))
        .unwrap_or_default();
    let how = "Label: value lines; lists as \"- item\" lines under their label";
    let hints = vec![
        Line::styled(expects, theme.title()),
        Line::styled(fit(how, room), theme.dim()),
    ];
    frame.render_widget(Paragraph::new(hints), hint_area);
}
