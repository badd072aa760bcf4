//! The start screen of a new file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::templates::Start;

use super::super::app::App;
use super::super::text::{fit, width};
use super::super::theme::Theme;
use super::{panel_block, popup};

/// How to start a new file: each choice with what it gives; the highlighted one marked `▌`.
pub fn render(app: &App, selected: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let starts = Start::all();
    let name = app
        .doc
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let intro = format!(
        "{} does not exist yet. Start it as: (nothing is written until you choose)",
        crate::text::terminal_safe(&name)
    );
    let height = starts.len() as u16 * 2 + 6;
    let rect = popup(frame, area, 90, height);
    let outer = panel_block(" New map — ↑↓ choose · Enter start · Esc leave ", theme);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    let room = usize::from(inner.width);
    let mut lines = vec![Line::styled(intro, theme.dim()), Line::raw("")];
    for (i, start) in starts.iter().enumerate() {
        let (title, description) = start.describe();
        let chosen = i == selected;
        let marker = if chosen { "▌" } else { " " };
        let title = fit(&format!("{marker}{title}"), room);
        let pad = room.saturating_sub(width(&title));
        let style = if chosen {
            theme.selected()
        } else {
            theme.title()
        };
        lines.push(Line::styled(format!("{title}{}", " ".repeat(pad)), style));
        lines.push(Line::styled(
            fit(&format!("  {description}"), room),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
