//! Panels over the board: search, command palette, help, prompts, questions, journey list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;
use unicode_segmentation::UnicodeSegmentation;

use crate::search::MatchedField;

use super::super::app::{App, PalettePanel, SearchPanel};
use super::super::keymap::{Context, Keymap};
use super::super::text::{fit, one_line, width, wrap};
use super::super::theme::Theme;
use super::{panel_block, popup};

/// Spans of `text` (already one line and fitted) with the characters at `indices` marked; a
/// grapheme cluster stays whole, marked when any of its characters is.
fn highlighted<'a>(text: &str, indices: &[usize], base: Style, theme: &Theme) -> Vec<Span<'a>> {
    let mut at = 0;
    text.graphemes(true)
        .map(|g| {
            let chars = g.chars().count();
            let marked = (at..at + chars).any(|i| indices.contains(&i));
            at += chars;
            let style = if marked {
                base.patch(theme.matched())
            } else {
                base
            };
            Span::styled(g.to_string(), style)
        })
        .collect()
}

/// Draws `input` on the first row of `inner` after `prompt`, and returns the rows below.
fn render_input(
    prompt: &str,
    input: &TextArea,
    frame: &mut Frame,
    inner: Rect,
    theme: &Theme,
) -> Rect {
    let prompt_width = width(prompt) as u16;
    frame.render_widget(
        Span::styled(prompt.to_string(), theme.key()),
        Rect::new(inner.x, inner.y, prompt_width, 1),
    );
    let input_area = Rect::new(
        inner.x + prompt_width,
        inner.y,
        inner.width.saturating_sub(prompt_width),
        1,
    );
    frame.render_widget(input, input_area);
    Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    )
}

/// The search box and its ranked hits: `journey › stage › title`, then the field that matched.
pub fn render_search(app: &App, panel: &SearchPanel, frame: &mut Frame, area: Rect, theme: &Theme) {
    let wanted: usize = panel
        .hits
        .iter()
        .map(|h| if is_title(h) { 1 } else { 2 })
        .sum();
    let height = (wanted.max(1) as u16)
        .saturating_add(3)
        .clamp(5, area.height.min(20));
    let rect = popup(frame, area, 100, height);
    let query_empty = panel.input.is_empty();
    // While the search thread ranks the query, the hits shown are the last query's.
    let title = if query_empty {
        " Search all journeys ".to_string()
    } else if app.searcher.busy() {
        " Search: searching… ".to_string()
    } else {
        format!(" Search: {} matches ", panel.hits.len())
    };
    let block = panel_block(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let list = render_input("/ ", &panel.input, frame, inner, theme);
    let rows = usize::from(list.height);
    let total = usize::from(list.width);
    let height = |hit: &crate::search::Hit| if is_title(hit) { 1 } else { 2 };
    // Scroll so that the selected hit and as many before it as fit are shown.
    let mut start = panel.selected.min(panel.hits.len());
    let mut used = panel.hits.get(start).map_or(0, height);
    while start > 0 && used + height(&panel.hits[start - 1]) <= rows {
        start -= 1;
        used += height(&panel.hits[start]);
    }
    let workspace = &app.doc.workspace;
    let mut lines = Vec::new();
    for (i, hit) in panel.hits.iter().enumerate().skip(start) {
        if lines.len() + height(hit) > rows {
            break;
        }
        let Some(journey) = workspace.journeys.get(hit.at.journey) else {
            continue;
        };
        let Some(stage) = journey.stages.get(hit.at.stage) else {
            continue;
        };
        let Some(card) = stage.touchpoints.get(hit.at.card) else {
            continue;
        };
        let selected = i == panel.selected;
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(if selected { "▶ " } else { "  " }, base)];
        let path = format!(
            "{} › ",
            fit(&format!("{} › {}", journey.name, stage.name), total / 2)
        );
        let title = fit(&card.title, total.saturating_sub(width(&path) + 2));
        spans.push(Span::styled(path.clone(), theme.dim_over(base)));
        let title_indices: &[usize] = if is_title(hit) { &hit.indices } else { &[] };
        spans.extend(highlighted(
            &title,
            title_indices,
            base.patch(theme.title()),
            theme,
        ));
        let pad = total.saturating_sub(2 + width(&path) + width(&title));
        spans.push(Span::styled(" ".repeat(pad), base));
        lines.push(Line::from(spans));
        if is_title(hit) {
            continue;
        }
        let label = format!("    {}: ", hit.field.label());
        let snippet = fit(&hit.text, total.saturating_sub(width(&label)));
        let mut detail = vec![Span::styled(label, theme.dim())];
        detail.extend(highlighted(&snippet, &hit.indices, Style::new(), theme));
        lines.push(Line::from(detail));
    }
    if lines.is_empty() && !query_empty && !app.searcher.busy() {
        lines.push(Line::from(Span::styled("  no match", theme.dim())));
    } else if query_empty {
        lines.push(Line::from(Span::styled(
            "  type to search titles, actions, channels, stages, tags, pain points, notes…",
            theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

fn is_title(hit: &crate::search::Hit) -> bool {
    hit.field == MatchedField::Card(crate::model::TouchpointField::Title)
}

/// The command palette: every action by name with its keys, filtered as the user types.
pub fn render_palette(
    panel: &PalettePanel,
    keymap: &Keymap,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let rect = popup(frame, area, 64, area.height.min(18));
    let block = panel_block(" Commands ", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let list = render_input(": ", &panel.input, frame, inner, theme);
    let rows = usize::from(list.height);
    let start = panel.selected.saturating_sub(rows.saturating_sub(1));
    let total = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, (action, indices)) in panel.entries.iter().enumerate().skip(start).take(rows) {
        let selected = i == panel.selected;
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut keys = keymap.keys_for(Context::Board, *action).join(" ");
        if keys.is_empty() {
            // A key of the analytics view's own.
            let own = keymap.keys_for(Context::Analytics, *action);
            if !own.is_empty() {
                keys = format!("{} in view 6", own.join(" "));
            }
        }
        let name = action.name();
        let mut spans = vec![Span::styled(if selected { "▶ " } else { "  " }, base)];
        spans.extend(highlighted(name, indices, base, theme));
        let gap = total.saturating_sub(2 + width(name) + width(&keys) + 1);
        spans.push(Span::styled(" ".repeat(gap), base));
        spans.push(Span::styled(format!("{keys} "), base.patch(theme.key())));
        lines.push(Line::from(spans));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no command matches",
            theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

/// A one-line question such as a stage name.
pub fn render_prompt(title: &str, input: &TextArea, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = popup(frame, area, 60, 4);
    let block = panel_block(format!(" {title} "), theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rest = render_input("› ", input, frame, inner, theme);
    let hint = Span::styled("Enter ok · Esc cancel", theme.dim());
    frame.render_widget(Paragraph::new(hint), rest);
}

/// A yes/no question.
pub fn render_confirm(question: &str, frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = (width(question) as u16 + 4).clamp(30, 70);
    let rect = popup(frame, area, width, 5);
    let block = panel_block(" Confirm ", theme);
    let lines = vec![
        Line::from(one_line(question)),
        Line::default(),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" yes   "),
            Span::styled("n", theme.key()),
            Span::raw(" no"),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(ratatui::widgets::Wrap { trim: true }),
        rect,
    );
}

/// The journeys of the workspace, to switch between them.
pub fn render_journeys(app: &App, selected: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let journeys = &app.doc.workspace.journeys;
    let rect = popup(frame, area, 70, (journeys.len() as u16 + 2).max(4));
    let block = panel_block(" Journeys — Enter switches ", theme);
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let rows = usize::from(rect.height.saturating_sub(2));
    let start = selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = journeys
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, j)| {
            let style = if i == selected {
                theme.selected()
            } else {
                Style::new()
            };
            let facts = format!("{} stages, {} cards", j.stages.len(), j.card_count());
            let marker = if i == selected { "▶" } else { " " };
            let name = fit(
                &format!("{marker} {}. {}", i + 1, j.name),
                inner_width.saturating_sub(width(&facts) + 2),
            );
            let gap = inner_width.saturating_sub(width(&name) + width(&facts));
            Line::from(vec![
                Span::styled(format!("{name}{}", " ".repeat(gap)), style),
                Span::styled(facts, theme.dim_over(style)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The journey's comment threads: where each is, who wrote it and when, its text and replies
/// in full (wrapped); the highlighted one carries `▶`.
pub fn render_comments(
    app: &App,
    selected: usize,
    resolved: bool,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let ws = &app.doc.workspace;
    let rect = popup(frame, area, 100, area.height);
    let shown = if resolved {
        "all threads"
    } else {
        "open threads"
    };
    let block = panel_block(
        format!(
            " Comments — {shown} · Enter goes there · r replies · x resolves or reopens · a all · \
             Esc "
        ),
        theme,
    );
    let inner = usize::from(rect.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for (i, thread) in app.listed_comments(resolved).iter().enumerate() {
        let here = i == selected;
        if here {
            selected_line = lines.len();
        }
        let marker = if here { "▶ " } else { "  " };
        let state = if thread.resolved { " · resolved" } else { "" };
        let head = format!(
            "{marker}{} · {}, {}{state}",
            thread.place(ws),
            thread.by,
            thread.at
        );
        let style = if here {
            theme.selected()
        } else {
            theme.title()
        };
        for text in wrap(&head, inner, usize::MAX) {
            let pad = inner.saturating_sub(width(&text));
            lines.push(Line::styled(format!("{text}{}", " ".repeat(pad)), style));
        }
        for text in wrap(&thread.text, inner.saturating_sub(4), usize::MAX) {
            lines.push(Line::raw(format!("    {text}")));
        }
        for reply in &thread.replies {
            let text = format!("↳ {}, {}: {}", reply.by, reply.at, reply.text);
            for (n, part) in wrap(&text, inner.saturating_sub(6), usize::MAX)
                .iter()
                .enumerate()
            {
                let lead = if n == 0 { "    " } else { "      " };
                lines.push(Line::raw(format!("{lead}{part}")));
            }
        }
        lines.push(Line::raw(""));
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            "  no open threads: a shows resolved ones too",
            theme.dim(),
        ));
    }
    let rows = usize::from(rect.height.saturating_sub(2));
    let start = (selected_line + 4).saturating_sub(rows);
    let visible: Vec<Line> = lines.into_iter().skip(start).take(rows).collect();
    frame.render_widget(Paragraph::new(visible).block(block), rect);
}

/// The evidence panel: each record's quote under its place and where it came from.
pub fn render_evidence(app: &App, selected: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = popup(frame, area, 100, area.height);
    let listed = app.listed_evidence();
    let block = panel_block(
        format!(
            " Evidence — {} · Enter goes to the card · Esc closes ",
            count(listed.len(), "record")
        ),
        theme,
    );
    let inner = usize::from(rect.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for (i, (stage, card, evidence)) in listed.iter().enumerate() {
        let here = i == selected;
        if here {
            selected_line = lines.len();
        }
        let marker = if here { "▶ " } else { "  " };
        let style = if here {
            theme.selected()
        } else {
            theme.title()
        };
        let head = format!("{} › {}", stage.name, card.title);
        for (n, text) in wrap(&head, inner.saturating_sub(2), 2).iter().enumerate() {
            let text = format!("{}{text}", if n == 0 { marker } else { "  " });
            let pad = inner.saturating_sub(width(&text));
            lines.push(Line::styled(format!("{text}{}", " ".repeat(pad)), style));
        }
        let link = evidence.link.trim();
        let credit = [evidence.credit().as_str(), link]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let body = inner.saturating_sub(4);
        let quote = evidence.quote.trim();
        if quote.is_empty() {
            // A record without a quote (a study, a dashboard) is its source.
            for text in wrap(&credit, body, usize::MAX) {
                lines.push(Line::raw(format!("    {text}")));
            }
        } else {
            for text in wrap(&format!("“{quote}”"), body, usize::MAX) {
                lines.push(Line::raw(format!("    {text}")));
            }
            if !credit.is_empty() {
                for text in wrap(&format!("— {credit}"), body, 2) {
                    lines.push(Line::styled(format!("    {text}"), theme.dim()));
                }
            }
        }
        lines.push(Line::raw(""));
    }
    let rows = usize::from(rect.height.saturating_sub(2));
    let start = (selected_line + 4).saturating_sub(rows);
    let visible: Vec<Line> = lines.into_iter().skip(start).take(rows).collect();
    frame.render_widget(Paragraph::new(visible).block(block), rect);
}

/// `n` and a noun, plural unless one: `1 record`, `3 records`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The conflicts kept in the workspace: where each is, then every value in full (wrapped),
/// who wrote it and when, the one shown now marked; the highlighted value's row carries `▶`.
pub fn render_conflicts(app: &App, selected: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let ws = &app.doc.workspace;
    let rect = popup(frame, area, 100, area.height);
    let block = panel_block(
        " Conflicts — Enter takes the highlighted value · Esc closes ",
        theme,
    );
    let inner = usize::from(rect.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut row = 0;
    for (n, conflict) in ws.conflicts.iter().enumerate() {
        let shown = crate::merge::current_value(ws, conflict);
        let place = format!(
            "{} of {}: {}",
            n + 1,
            ws.conflicts.len(),
            conflict.place(ws)
        );
        for text in wrap(&place, inner, usize::MAX) {
            lines.push(Line::styled(text, theme.title()));
        }
        for candidate in &crate::merge::choices(ws, conflict) {
            let here = row == selected;
            if here {
                selected_line = lines.len();
            }
            let marker = if here { "▶ " } else { "  " };
            let style = if here { theme.selected() } else { Style::new() };
            let text = conflict.value_text(ws, &candidate.value);
            let now = if shown.as_ref() == Some(&candidate.value) {
                " (shown now)"
            } else {
                ""
            };
            let body: Vec<String> = text
                .split('\n')
                .flat_map(|part| wrap(part, inner.saturating_sub(2), usize::MAX))
                .collect();
            for (i, part) in body.iter().enumerate() {
                let lead = if i == 0 { marker } else { "  " };
                let line = format!("{lead}{part}");
                let pad = inner.saturating_sub(width(&line));
                lines.push(Line::styled(format!("{line}{}", " ".repeat(pad)), style));
            }
            if body.is_empty() {
                lines.push(Line::styled(format!("{marker}(empty)"), style));
            }
            let who = match (candidate.by.as_str(), candidate.at.as_str()) {
                ("", _) => "someone else (not known)".to_string(),
                (by, "") => by.to_string(),
                (by, at) => format!("{by}, {at}"),
            };
            lines.push(Line::styled(
                fit(&format!("    by {who}{now}"), inner),
                theme.dim(),
            ));
            row += 1;
        }
        lines.push(Line::raw(""));
    }
    let rows = usize::from(rect.height.saturating_sub(2));
    let start = (selected_line + 3).saturating_sub(rows);
    let visible: Vec<Line> = lines.into_iter().skip(start).take(rows).collect();
    frame.render_widget(Paragraph::new(visible).block(block), rect);
}
