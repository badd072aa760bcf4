//! The header (file and journey) and the status line (mode, saved state, message, hints).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::{App, Level, Mode};
use super::super::text::{fit, width};
use super::super::theme::Theme;

/// The top line: the file, the journey and where the selection is.
pub fn render_header(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let journeys = app.doc.workspace.journeys.len();
    let journey = match app.journey() {
        Some(j) => format!("{} ({}/{journeys})", j.name, app.sel.journey + 1),
        None => "no journey".into(),
    };
    let position = match app.journey() {
        Some(j) if !j.stages.is_empty() => {
            format!("stage {}/{} ", app.sel.stage + 1, j.stages.len())
        }
        _ => String::new(),
    };
    let mut left = format!(
        " cjm │ {} │ {journey} │ {}",
        app.doc.file_name(),
        app.view.name()
    );
    if let Some(persona) = app.persona_name() {
        left.push_str(&format!(" │ persona: {persona}"));
    }
    if !app.peers.open.is_empty() {
        left.push_str(&format!(" │ {}", peers_text(app)));
    }
    let stale_after = app.config.stale_after_days;
    if let Some(days) = app.journey().and_then(|j| stale_days(j, stale_after)) {
        left.push_str(&format!(" │ reviewed {days} days ago"));
    }
    let room = usize::from(area.width).saturating_sub(width(&position) + 1);
    let left = fit(&left, room);
    let gap = usize::from(area.width).saturating_sub(width(&left) + width(&position));
    let line = format!("{left}{}{position}", " ".repeat(gap));
    frame.render_widget(Paragraph::new(line).style(theme.header()), area);
}

/// Who else has the map open and where: `following rina on Purchase › Pays (editing) · budi
/// on Awareness`; a place in another journey is named by that journey.
pub fn peers_text(app: &App) -> String {
    let ws = &app.doc.workspace;
    let here = app.journey().map(|j| j.id.as_str());
    let places: Vec<String> = app
        .peers
        .open
        .iter()
        .map(|peer| {
            let name = if peer.name.trim().is_empty() {
                "someone"
            } else {
                peer.name.as_str()
            };
            let journey = ws.journey_index(&peer.journey).map(|i| &ws.journeys[i]);
            let place = match journey {
                None => String::new(),
                Some(j) if Some(j.id.as_str()) != here => format!(" on {}", j.name),
                Some(j) => {
                    let stage = j.stage_index(&peer.stage).map(|i| &j.stages[i]);
                    let card = j
                        .find_touchpoint(&peer.card)
                        .map(|(s, c)| j.stages[s].touchpoints[c].title.to_string());
                    match (stage, card) {
                        (Some(s), Some(c)) => format!(" on {} › {c}", s.name),
                        (Some(s), None) => format!(" on {}", s.name),
                        _ => String::new(),
                    }
                }
            };
            let editing = if peer.editing { " (editing)" } else { "" };
            let lead = if app.peers.following.as_ref() == Some(&peer.id) {
                "following "
            } else {
                ""
            };
            format!("{lead}{name}{place}{editing}")
        })
        .collect();
    places.join(" · ")
}

/// Days since the journey's last review, when that is more than `stale_after` days.
fn stale_days(journey: &crate::model::Journey, stale_after: i64) -> Option<i64> {
    let reviewed = crate::model::date::parse_day(journey.last_reviewed.as_deref()?)?;
    let days = crate::model::date::today() - reviewed;
    (days > stale_after).then_some(days)
}

/// The bottom line: mode, saved state, the last message and key hints for where the user is.
pub fn render_status(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let total = usize::from(area.width);
    let mut spans = vec![Span::styled(format!(" {} ", app.mode_name()), theme.mode())];
    let open = app.doc.workspace.conflicts.len();
    let conflicts = (open > 0).then(|| match open {
        1 => " 1 conflict: : review ".to_string(),
        n => format!(" {n} conflicts: : review "),
    });
    let (state, style) = if let Some(conflicts) = &conflicts {
        (conflicts.as_str(), theme.error())
    } else if app.doc.read_only.is_some() {
        (" read-only ", theme.error())
    } else if matches!(app.mode, Mode::Start { .. }) {
        (" new file, not written yet ", theme.dim())
    } else if app.doc.is_dirty() && !app.config.autosave {
        (
            " ● unsaved, autosave off — Ctrl-s saves ",
            ratatui::style::Style::new(),
        )
    } else if app.doc.is_dirty() {
        (" ● unsaved ", ratatui::style::Style::new())
    } else {
        (" saved ", theme.dim())
    };
    spans.push(Span::styled(fit(state, total / 2), style));
    let mut used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let hints: Vec<(String, &str)> = app.hints();
    let mut hint_spans = Vec::new();
    let mut hint_width = 0;
    // An analysis being read says how far it got, before the last message.
    let message = match (app.analysis_progress(), &app.message) {
        (Some(progress), Some((m, level))) => Some((format!("{progress} · {m}"), *level)),
        (Some(progress), None) => Some((progress, Level::Info)),
        // A field being edited says what it expects until there is news.
        (None, None) => app
            .editor
            .as_ref()
            .map(|editor| (editor.field.hint().to_string(), Level::Info)),
        (None, message) => message.clone(),
    };
    // A message is news; hints are always the same: the message gets the room it needs.
    let message_room = message.as_ref().map_or(0, |(m, _)| width(m) + 4);
    for (keys, name) in hints {
        let w = width(&keys) + width(name) + 3;
        if used + message_room + hint_width + w > total {
            break;
        }
        hint_width += w;
        hint_spans.push(Span::styled(keys, theme.key()));
        hint_spans.push(Span::styled(format!(" {name}  "), theme.dim()));
    }
    if let Some((message, level)) = &message {
        let room = total.saturating_sub(used + hint_width + 2);
        let style = match level {
            Level::Info => ratatui::style::Style::new(),
            Level::Error => theme.error(),
        };
        spans.push(Span::styled("│ ", theme.dim()));
        let text = fit(message, room.saturating_sub(2));
        used += width(&text) + 2;
        spans.push(Span::styled(text, style));
    }
    let gap = total.saturating_sub(used + hint_width);
    spans.push(Span::raw(" ".repeat(gap)));
    spans.extend(hint_spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
