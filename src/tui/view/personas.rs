//! The personas panel and the template list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::Persona;

use super::super::app::App;
use super::super::text::{fit, width};
use super::super::theme::Theme;
use super::{panel_block, popup};

/// The personas: a list (✓ marks those the journey follows) beside the highlighted one's
/// details.
pub fn render_personas(app: &App, selected: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = popup(frame, area, 100, area.height);
    let personas = &app.doc.workspace.personas;
    let title = format!(
        " Personas ({}) — a add · Enter edit · Space follow ",
        personas.len()
    );
    let outer = panel_block(title, theme);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    if personas.is_empty() {
        let text = "No personas yet. Press a to add one: who travels this journey?";
        frame.render_widget(Paragraph::new(fit(text, usize::from(inner.width))), inner);
        return;
    }
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Fill(1)]).areas(inner);
    let follows = app
        .journey()
        .map(|j| j.personas.clone())
        .unwrap_or_default();
    let rows = usize::from(list_area.height);
    let start = selected.saturating_sub(rows.saturating_sub(1));
    let list_width = usize::from(list_area.width);
    let lines: Vec<Line> = personas
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, p)| {
            let mark = if follows.contains(&p.id) {
                "✓ "
            } else {
                "  "
            };
            let marker = if i == selected { "▌" } else { " " };
            let text = fit(&format!("{marker}{mark}{}", p.name), list_width);
            let pad = list_width.saturating_sub(width(&text));
            let style = if i == selected {
                theme.selected()
            } else {
                Style::new()
            };
            Line::from(Span::styled(format!("{text}{}", " ".repeat(pad)), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
    if let Some(persona) = personas.get(selected) {
        let detail = Rect {
            x: detail_area.x + 1,
            width: detail_area.width.saturating_sub(1),
            ..detail_area
        };
        let lines = details(persona, usize::from(detail.width), theme);
        frame.render_widget(Paragraph::new(lines), detail);
    }
}

/// A persona's fields as lines of at most `room` columns.
fn details(persona: &Persona, room: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(fit(&persona.name, room), theme.title())];
    if !persona.description.is_empty() {
        lines.push(Line::raw(fit(&persona.description, room)));
    }
    for (label, items) in [
        ("Goals", &persona.goals),
        ("Needs", &persona.needs),
        ("Pain points", &persona.pain_points),
        ("Channels", &persona.channels),
    ] {
        if items.is_empty() {
            continue;
        }
        lines.push(Line::styled(label, theme.dim()));
        lines.extend(
            items
                .iter()
                .map(|item| Line::raw(fit(&format!("• {item}"), room))),
        );
    }
    lines
}

/// The built-in templates, to add a journey from one.
pub fn render_templates(selected: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let templates = crate::templates::all();
    let rect = popup(frame, area, 90, templates.len() as u16 * 2 + 2);
    let outer = panel_block(" New journey from a template — Enter adds ", theme);
    let inner = outer.inner(rect);
    frame.render_widget(outer, rect);
    let room = usize::from(inner.width);
    let lines: Vec<Line> = templates
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            let style = if i == selected {
                theme.selected()
            } else {
                theme.title()
            };
            let marker = if i == selected { "▌" } else { " " };
            let title = fit(&format!("{marker}{} ({})", t.title, t.name), room);
            let pad = room.saturating_sub(width(&title));
            [
                Line::styled(format!("{title}{}", " ".repeat(pad)), style),
                Line::styled(fit(&format!("  {}", t.description), room), theme.dim()),
            ]
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
