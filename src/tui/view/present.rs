//! The presentation: one stage of the journey fills the screen, for a review meeting or a
//! pairing call. The stage's name, goal, mean emotion and strategies; each touchpoint with
//! its channel, emotion, action, thoughts, pain points and opportunities; the stage's KPIs
//! (latest, baseline, change, target). What does not fit scrolls, and says so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::config::EmotionMarks;
use crate::model::{Emotion, Kpi, Opportunity, OpportunityStatus, Stage, Touchpoint};
use crate::report::channels::mean_class;
use crate::report::curve::{label as mean_label, stage_emotion};
use crate::report::kpi_input::{figure_text, kind_name, kpi_change_text, target_mark, target_text};

use super::super::app::App;
use super::super::keymap::Context;
use super::super::layout::MIN_SIZE;
use super::super::text::{fit, one_line, width, wrap};
use super::super::theme::Theme;
use super::board::emotion_mark;

/// Columns left free on each side of the content.
const MARGIN: u16 = 2;
/// The widest the content gets: longer lines are hard to read on a shared screen.
const MAX_WIDTH: u16 = 110;
/// Width of the labels before a touchpoint's fields ("Opportunity").
const LABEL: usize = 12;
/// Columns a touchpoint's fields are indented by, under its emotion mark.
const INDENT: usize = 6;
/// Columns a KPI's figures are indented by, under its name.
const KPI_INDENT: usize = 2;
/// Most lines one value wraps to before it is cut with `…`.
const VALUE_LINES: usize = 12;
/// From this width on, the stage's summary and KPIs stand beside its touchpoints.
const TWO_COLUMNS: u16 = 96;
/// Columns between the two columns.
const COLUMN_GAP: u16 = 3;

/// Draws the presentation of the selected stage over the whole frame.
pub fn render(app: &App, scroll: usize, frame: &mut Frame, theme: &Theme) {
    let area = frame.area();
    let Some(journey) = app.journey() else {
        super::notice("No journey to present: Esc goes back.", frame, area);
        return;
    };
    let Some(stage) = journey.stages.get(app.sel.stage) else {
        super::notice("This journey has no stages: Esc goes back.", frame, area);
        return;
    };
    let position = format!("stage {}/{} ", app.sel.stage + 1, journey.stages.len());
    let title = format!(" {} · presentation", journey.name);
    let head_room = usize::from(area.width).saturating_sub(width(&position) + 1);
    let title = fit(&title, head_room);
    let gap = usize::from(area.width).saturating_sub(width(&title) + width(&position));
    frame.render_widget(
        Paragraph::new(format!("{title}{}{position}", " ".repeat(gap))).style(theme.header()),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let body = body_area(area);
    let name = Line::styled(
        fit(&stage.name, usize::from(body.width)),
        theme.title().add_modifier(Modifier::UNDERLINED),
    );
    frame.render_widget(
        Paragraph::new(name),
        Rect::new(body.x, body.y, body.width, 1),
    );
    let columns = columns(body);
    let parts = content(app, stage, &columns, theme);
    for (lines, column) in parts.into_iter().zip(columns) {
        let shown = window(lines, scroll, usize::from(column.height), theme);
        frame.render_widget(Paragraph::new(shown), column);
    }
    render_footer(app, &position, frame, area, theme);
}

/// How many lines the presentation of the selected stage scrolls on the app's screen.
pub fn scroll_limit(app: &App) -> usize {
    let Some(stage) = app.stage() else {
        return 0;
    };
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return 0;
    }
    let columns = columns(body_area(area));
    let parts = content(app, stage, &columns, &Theme::new(app.color));
    parts
        .iter()
        .zip(&columns)
        .map(|(lines, column)| lines.len().saturating_sub(usize::from(column.height)))
        .max()
        .unwrap_or(0)
}

/// Where the stage goes: between the title bar and the footer, with margins, no wider than
/// [`MAX_WIDTH`], centred. Its first row holds the stage's name.
fn body_area(area: Rect) -> Rect {
    let inner = area.width.saturating_sub(2 * MARGIN).min(MAX_WIDTH);
    let x = area.x + (area.width - inner) / 2;
    Rect::new(x, area.y + 2, inner, area.height.saturating_sub(4))
}

/// The columns under the stage's name: on a wide screen the touchpoints on the left and the
/// stage's goal, feeling, strategies and KPIs on the right; else one column with all.
fn columns(body: Rect) -> Vec<Rect> {
    let top = body.y + 2;
    let height = body.height.saturating_sub(2);
    if body.width < TWO_COLUMNS {
        return vec![Rect::new(body.x, top, body.width, height)];
    }
    let right = (body.width - COLUMN_GAP) * 2 / 5;
    let left = body.width - COLUMN_GAP - right;
    vec![
        Rect::new(body.x, top, left, height),
        Rect::new(body.x + left + COLUMN_GAP, top, right, height),
    ]
}

/// `rows` lines from `scroll` on; a column that goes on below says so on its last row, one
/// scrolled says so on its first.
fn window(
    lines: Vec<Line<'static>>,
    scroll: usize,
    rows: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let below = lines.len().saturating_sub(scroll + rows);
    let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
    if below > 0 && rows > 1 {
        shown.pop();
        shown.push(Line::styled(
            format!("↓ {} more lines: j scrolls", below + 1),
            theme.dim(),
        ));
    }
    if scroll > 0 && rows > 1 {
        shown[0] = Line::styled(
            format!("↑ {} lines above: k scrolls", scroll + 1),
            theme.dim(),
        );
    }
    shown
}

/// The bottom line: the last message, else the keys, and where in the journey this is.
fn render_footer(app: &App, position: &str, frame: &mut Frame, area: Rect, theme: &Theme) {
    let total = usize::from(area.width);
    let room = total.saturating_sub(width(position) + 1);
    let mut spans = Vec::new();
    match &app.message {
        Some((message, _)) => spans.push(Span::raw(fit(&format!(" {message}"), room))),
        None => {
            let mut used = 1;
            spans.push(Span::raw(" "));
            for (keys, name) in app.keymap.hints(Context::Present, false) {
                let w = width(&keys) + width(name) + 3;
                if used + w > room {
                    break;
                }
                used += w;
                spans.push(Span::styled(keys, theme.key()));
                spans.push(Span::styled(format!(" {name}  "), theme.dim()));
            }
        }
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(
        " ".repeat(total.saturating_sub(used + width(position))),
    ));
    spans.push(Span::styled(position.to_string(), theme.dim()));
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
    );
}

/// The lines of each of `columns`: with one column the stage's goal, feeling and strategies,
/// its touchpoints and its KPIs one after the other; with two the touchpoints on the left.
fn content(app: &App, stage: &Stage, columns: &[Rect], theme: &Theme) -> Vec<Vec<Line<'static>>> {
    let width = |i: usize| columns.get(i).map_or(0, |c| usize::from(c.width));
    let two = columns.len() > 1;
    let summary_width = if two { width(1) } else { width(0) };
    let mut summary = Vec::new();
    let persona = app.persona.as_deref();
    let cards: Vec<&Touchpoint> = stage
        .touchpoints
        .iter()
        .filter(|card| !app.filtered_out(card))
        .collect();
    let left_out = stage.touchpoints.len() - cards.len();
    let w = summary_width;
    if !stage.goal.trim().is_empty() {
        field(&mut summary, 0, "Goal", &stage.goal, w, Style::new(), theme);
    }
    let mean = stage_emotion(stage, persona);
    let feeling = match mean {
        Some(mean) => {
            let rated = cards.iter().filter(|c| c.emotion.is_some()).count();
            format!(
                "{}{} {} · mean of {rated} card{}",
                app.config.emotion_marks.mean_symbol(mean),
                mean_label(mean),
                Emotion::new(mean_class(mean).into()).map_or("", Emotion::label),
                plural(rated)
            )
        }
        None => "not rated yet".to_string(),
    };
    let style = theme.emotion(mean.map(mean_class));
    field(&mut summary, 0, "Feeling", &feeling, w, style, theme);
    for strategy in &stage.strategies {
        field(
            &mut summary,
            0,
            "Strategy",
            strategy,
            w,
            Style::new(),
            theme,
        );
    }
    let mut kpis = Vec::new();
    if !stage.kpis.is_empty() {
        rule(&mut kpis, &format!("KPIs ({})", stage.kpis.len()), w, theme);
        for kpi in &stage.kpis {
            kpi_lines(&mut kpis, kpi, w, theme);
        }
    }
    // The open threads on the stage and its cards: what the review is to discuss.
    let threads: Vec<&crate::model::Comment> = app
        .doc
        .workspace
        .comments
        .iter()
        .filter(|c| !c.resolved)
        .filter(|c| c.record == stage.id || stage.touchpoints.iter().any(|t| t.id == c.record))
        .collect();
    if !threads.is_empty() {
        kpis.push(Line::raw(""));
        rule(
            &mut kpis,
            &format!("Open comments ({})", threads.len()),
            w,
            theme,
        );
        for thread in threads {
            let on = stage
                .touchpoints
                .iter()
                .find(|t| t.id == thread.record)
                .map_or_else(|| "the stage".to_string(), |t| format!("“{}”", t.title));
            let label = format!("{} on {on}", thread.by);
            field(&mut kpis, 0, "Comment", &label, w, theme.dim(), theme);
            field(&mut kpis, 2, "", &thread.text, w, Style::new(), theme);
            for reply in &thread.replies {
                field(
                    &mut kpis,
                    2,
                    "↳",
                    &format!("{}: {}", reply.by, reply.text),
                    w,
                    Style::new(),
                    theme,
                );
            }
        }
    }
    let mut touchpoints = Vec::new();
    let w = width(0);
    let heading = match (cards.len(), app.persona_name()) {
        (n, Some(name)) if left_out > 0 => {
            format!("Touchpoints ({n} for {name}; {left_out} of others left out)")
        }
        (n, Some(name)) => format!("Touchpoints ({n} for {name})"),
        (n, None) => format!("Touchpoints ({n})"),
    };
    rule(&mut touchpoints, &heading, w, theme);
    if cards.is_empty() {
        touchpoints.push(Line::styled("no touchpoints in this stage", theme.dim()));
    }
    for card in cards {
        touchpoint(&mut touchpoints, card, w, app.config.emotion_marks, theme);
    }
    if two {
        if !kpis.is_empty() {
            summary.push(Line::raw(""));
            summary.extend(kpis);
        }
        vec![touchpoints, summary]
    } else {
        summary.push(Line::raw(""));
        summary.extend(touchpoints);
        summary.extend(kpis);
        vec![summary]
    }
}

/// A section heading across the width: `── Touchpoints (3) ───`.
fn rule(out: &mut Vec<Line<'static>>, heading: &str, width: usize, theme: &Theme) {
    let heading = fit(&format!("── {heading} "), width);
    let rest = width.saturating_sub(super::super::text::width(&heading));
    out.push(Line::styled(
        format!("{heading}{}", "─".repeat(rest)),
        theme.title(),
    ));
}

/// One touchpoint: its emotion mark, title and channel, then its fields under it.
fn touchpoint(
    out: &mut Vec<Line<'static>>,
    card: &Touchpoint,
    width: usize,
    marks: EmotionMarks,
    theme: &Theme,
) {
    let value = card.emotion.map(Emotion::value);
    // Padded by columns, not characters: a face is one character two columns wide.
    let mark = emotion_mark(value, marks);
    let pad = INDENT.saturating_sub(super::super::text::width(&mark));
    let mark = format!("{mark}{}", " ".repeat(pad));
    let mut about: Vec<String> = Vec::new();
    if !card.channel.trim().is_empty() {
        about.push(one_line(card.channel.trim()));
    }
    about.extend(card.emotion.map(|e| e.label().to_string()));
    let channel = about
        .iter()
        .map(|fact| format!(" · {fact}"))
        .collect::<String>();
    let room = width
        .saturating_sub(INDENT + super::super::text::width(&channel))
        .max(width / 2);
    let channel = fit(
        &channel,
        width.saturating_sub(INDENT + super::super::text::width(&fit(&card.title, room))),
    );
    out.push(Line::from(vec![
        Span::styled(mark, theme.emotion(value)),
        Span::styled(fit(&card.title, room), theme.title()),
        Span::styled(channel, theme.dim()),
    ]));
    let plain = Style::new();
    if !card.action.trim().is_empty() {
        field(out, INDENT, "Does", &card.action, width, plain, theme);
    }
    if !card.thoughts.trim().is_empty() {
        let thoughts = format!("“{}”", card.thoughts.trim());
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        field(out, INDENT, "Thinks", &thoughts, width, italic, theme);
    }
    for pain in &card.pain_points {
        field(out, INDENT, "Pain point", pain, width, plain, theme);
    }
    for opportunity in &card.opportunities {
        let text = opportunity_text(opportunity);
        field(out, INDENT, "Opportunity", &text, width, plain, theme);
    }
    out.push(Line::raw(""));
}

/// An opportunity with what is known of it: `Show the total (impact 4, effort 2, planned)`.
fn opportunity_text(o: &Opportunity) -> String {
    let mut notes = Vec::new();
    notes.extend(o.impact.map(|r| format!("impact {}", r.value())));
    notes.extend(o.effort.map(|r| format!("effort {}", r.value())));
    notes.push(
        match o.status {
            OpportunityStatus::Open => "open",
            OpportunityStatus::Planned => "planned",
            OpportunityStatus::Done => "done",
        }
        .to_string(),
    );
    if !o.owner.trim().is_empty() {
        notes.push(format!("owner {}", o.owner.trim()));
    }
    format!("{} ({})", o.title.trim(), notes.join(", "))
}

/// One KPI: its target mark, name and kind, then its latest figure (with its date), the
/// baseline, the change and the target, one per line.
fn kpi_lines(out: &mut Vec<Line<'static>>, kpi: &Kpi, width: usize, theme: &Theme) {
    let summary = kpi.summary();
    let unit = kpi.unit.as_str();
    let (mark, status, verdict) = match summary.on_target {
        Some(true) => ("✓", theme.emotion(Some(2)), " · on target"),
        Some(false) => ("✗", theme.error(), " · off target"),
        None => (target_mark(None), theme.dim(), ""),
    };
    let name = format!("{} ({})", kpi.name, kind_name(kpi.kind));
    out.push(Line::from(vec![
        Span::styled(format!("{mark} "), status),
        Span::styled(fit(&name, width.saturating_sub(2)), theme.title()),
    ]));
    let latest = match kpi.figures().last() {
        Some((date, _)) => format!("{} on {date}", figure_text(summary.latest, unit)),
        None => "no measurement yet".to_string(),
    };
    let plain = Style::new();
    field(out, KPI_INDENT, "Latest", &latest, width, plain, theme);
    if kpi.figures().len() > 1 {
        let baseline = figure_text(summary.baseline, unit);
        field(out, KPI_INDENT, "Baseline", &baseline, width, plain, theme);
        let change = kpi_change_text(kpi.kind, unit, summary.baseline, summary.latest);
        field(out, KPI_INDENT, "Change", &change, width, plain, theme);
    }
    let target = format!("{}{verdict}", target_text(kpi));
    field(out, KPI_INDENT, "Target", &target, width, plain, theme);
}

/// A labelled value, wrapped with its lines under each other: `Goal        Choose a plan`.
fn field(
    out: &mut Vec<Line<'static>>,
    indent: usize,
    label: &str,
    value: &str,
    width: usize,
    style: Style,
    theme: &Theme,
) {
    let room = width.saturating_sub(indent + LABEL);
    let mut first = true;
    for paragraph in value.lines().filter(|l| !l.trim().is_empty()) {
        for line in wrap(paragraph, room, VALUE_LINES) {
            let label = if first { label } else { "" };
            first = false;
            out.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(format!("{label:<LABEL$}"), theme.dim()),
                Span::styled(line, style),
            ]));
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
