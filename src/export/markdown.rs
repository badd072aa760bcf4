//! Export to GitHub-flavoured Markdown: per journey its details, personas, stages, a table
//! of KPIs and a table of touchpoints: what the HTML export shows, in the same order.
//!
//! Text from the workspace is escaped so that it reads as written: Markdown and HTML
//! punctuation gets a backslash, `|` becomes `\|` and line breaks `<br>`, so a table row stays
//! one row with its twelve cells whatever the cards hold.

use std::fmt::Write;

use super::Scope;
use crate::model::{
    Direction, Journey, JourneyState, Kpi, Opportunity, OpportunityStatus, Persona, Stage,
    Touchpoint, Workspace,
};
use crate::number::{kpi_change, number};
use crate::report::kpi_input::kind_name;
use crate::text::is_unsafe;

/// The columns of a journey's touchpoint table.
const MAP_COLUMNS: [&str; 12] = [
    "Stage",
    "Customer action",
    "Touchpoint",
    "Channel",
    "Emotion",
    "Thoughts",
    "Pain points",
    "Opportunities",
    "Owner",
    "Personas",
    "Evidence",
    "Tags",
];

/// The columns of a journey's KPI table.
const KPI_COLUMNS: [&str; 8] = [
    "Stage", "KPI", "Kind", "Latest", "Baseline", "Change", "Target", "Status",
];

/// The journeys of `scope` as one Markdown document.
pub fn to_markdown(scope: &Scope) -> String {
    let mut out = String::from("# Customer journey maps\n");
    for journey in &scope.journeys {
        out.push('\n');
        out.push_str(&journey_section(scope, journey));
        out.push_str(&comments(scope.workspace, journey));
        out.push_str(&conflicts(scope.workspace, journey));
    }
    out
}

/// One card as a short Markdown document, to paste into an issue, a chat or notes: its
/// title as a heading, where it sits, its one-line fields as a list, then its thoughts, pain
/// points, opportunities, notes and evidence. Empty fields are left out; persona ids are
/// shown by name.
pub fn card_markdown(
    workspace: &Workspace,
    journey: &Journey,
    stage: &Stage,
    card: &Touchpoint,
) -> String {
    let mut out = format!(
        "### {}

",
        heading(&card.title)
    );
    let _ = writeln!(
        out,
        "*{} › {}*\n",
        inline(&journey.name),
        inline(&stage.name)
    );
    let mut facts = Vec::new();
    let mut fact = |label: &str, value: String| {
        if !value.is_empty() {
            facts.push(format!("- {label}: {value}\n"));
        }
    };
    fact("Customer action", inline(&card.action));
    fact("Channel", inline(&card.channel));
    fact("Emotion", emotion(card));
    fact("Owner", inline(&card.owner));
    fact("Tags", joined(&card.tags, ", "));
    let personas: Vec<String> = card
        .personas
        .iter()
        .map(|id| match workspace.personas.iter().find(|p| &p.id == id) {
            Some(persona) => inline(&persona.name),
            None => inline(id),
        })
        .collect();
    fact("Personas", personas.join(", "));
    if !facts.is_empty() {
        out.push_str(&facts.concat());
        out.push('\n');
    }
    let mut section = |title: &str, body: String| {
        if !body.is_empty() {
            let _ = write!(out, "**{title}**\n\n{body}\n");
        }
    };
    section("Thoughts", lines(&card.thoughts));
    let bullets =
        |items: Vec<String>| -> String { items.iter().map(|item| format!("- {item}\n")).collect() };
    section(
        "Pain points",
        bullets(card.pain_points.iter().map(|p| inline(p)).collect()),
    );
    section(
        "Opportunities",
        bullets(card.opportunities.iter().map(opportunity).collect()),
    );
    section("Notes", lines(&card.notes));
    section(
        "Evidence",
        bullets(card.evidence.iter().map(|e| inline(&e.summary())).collect()),
    );
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Several lines of text as paragraphs that keep their line breaks (a line ending in two
/// spaces; a blank line between paragraphs), each line escaped; empty text gives nothing.
fn lines(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    for line in text.lines().map(str::trim_end) {
        if let Some(previous) = previous {
            // A hard line break between lines of text; a blank line stays a paragraph break.
            out.push_str(if previous.is_empty() || line.is_empty() {
                "\n"
            } else {
                "  \n"
            });
        }
        out.push_str(&paragraph(line));
        previous = Some(line);
    }
    out.push('\n');
    out
}

/// A card's emotion as the touchpoint table shows it: `+1 (positive)`, or nothing.
fn emotion(card: &Touchpoint) -> String {
    card.emotion
        .map(|e| match e.value() {
            0 => format!("0 ({})", e.label()),
            v => format!("{v:+} ({})", e.label()),
        })
        .unwrap_or_default()
}

/// One journey: heading, description, details, personas, stages, KPIs and touchpoints, in
/// the HTML page's order (the overview before the cards).
fn journey_section(scope: &Scope, journey: &Journey) -> String {
    let personas = scope.personas_of(journey);
    let mut out = format!("## {}\n\n", heading(&journey.name));
    if !journey.description.trim().is_empty() {
        out.push_str(&paragraph(&journey.description));
        out.push_str("\n\n");
    }
    out.push_str(&details(journey));
    if !personas.is_empty() {
        out.push_str("\n### Personas\n\n");
        personas.iter().for_each(|p| out.push_str(&persona(p)));
    }
    out.push_str(&stages(journey));
    let kpis = kpi_rows(journey);
    if !kpis.is_empty() {
        out.push_str("\n### KPIs\n\n");
        out.push_str(&table(&KPI_COLUMNS, &kpis));
    }
    out.push_str("\n### Touchpoints\n\n");
    out.push_str(&map_table(scope, journey));
    out
}

/// The review threads on the journey, its stages and cards: where, who and when, open or
/// resolved, then the replies.
fn comments(workspace: &Workspace, journey: &Journey) -> String {
    let mut out = String::new();
    for thread in workspace.comments.iter().filter(|c| c.belongs_to(journey)) {
        let state = if thread.resolved { "resolved" } else { "open" };
        let _ = writeln!(
            out,
            "- **{}** — {}, {} ({state}): {}",
            inline(&thread.place(workspace)),
            inline(&thread.by),
            inline(&thread.at),
            inline(&thread.text)
        );
        for reply in &thread.replies {
            let _ = writeln!(
                out,
                "  - {}, {}: {}",
                inline(&reply.by),
                inline(&reply.at),
                inline(&reply.text)
            );
        }
    }
    if out.is_empty() {
        return out;
    }
    format!("\n### Comments\n\n{out}")
}

/// The conflicts kept on the journey's records, each with every value: nothing a reader sees
/// in the tables above is settled until someone picks one.
fn conflicts(workspace: &Workspace, journey: &Journey) -> String {
    let lines: String = workspace
        .conflicts
        .iter()
        .filter(|c| c.belongs_to(journey))
        .map(|c| {
            format!(
                "- ⚠ **{}**: {}\n",
                inline(&c.place(workspace)),
                inline(&c.values_line(workspace))
            )
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!(
        "\n### Conflicts\n\nFields two people set to different values; the tables show one of \
         them until someone picks in cjm.\n\n{lines}"
    )
}

/// State, owner and last review, as a list.
fn details(journey: &Journey) -> String {
    let state = match journey.state {
        JourneyState::Current => "current",
        JourneyState::Future => "future",
    };
    let mut out = format!("- State: {state}\n");
    if !journey.owner.is_empty() {
        let _ = writeln!(out, "- Owner: {}", inline(&journey.owner));
    }
    if let Some(date) = journey.last_reviewed.as_deref().filter(|d| !d.is_empty()) {
        let _ = writeln!(out, "- Last reviewed: {}", inline(date));
    }
    out
}

/// A persona as a list item: name and description, then goals, needs, pain points and
/// channels.
fn persona(persona: &Persona) -> String {
    let mut out = format!("- **{}**", inline(&persona.name));
    if !persona.description.is_empty() {
        let _ = write!(out, ": {}", inline(&persona.description));
    }
    out.push('\n');
    let lists = [
        ("Goals", &persona.goals),
        ("Needs", &persona.needs),
        ("Pain points", &persona.pain_points),
        ("Channels", &persona.channels),
    ];
    for (label, items) in lists.into_iter().filter(|(_, items)| !items.is_empty()) {
        let _ = writeln!(out, "  - {label}: {}", joined(items, "; "));
    }
    out
}

/// The stages with their goals and strategies, as the HTML heads its columns; nothing when
/// no stage has either (the tables name the stages).
fn stages(journey: &Journey) -> String {
    let described = |s: &&Stage| !s.goal.trim().is_empty() || !s.strategies.is_empty();
    if !journey.stages.iter().any(|s| described(&s)) {
        return String::new();
    }
    let mut out = String::from("\n### Stages\n\n");
    for stage in &journey.stages {
        let _ = write!(out, "- **{}**", inline(&stage.name));
        if !stage.goal.trim().is_empty() {
            let _ = write!(out, ": {}", inline(stage.goal.trim()));
        }
        out.push('\n');
        if !stage.strategies.is_empty() {
            let _ = writeln!(out, "  - Strategies: {}", joined(&stage.strategies, "; "));
        }
    }
    out
}

/// The touchpoint table: one row per card, one row with empty cells for a stage without.
fn map_table(scope: &Scope, journey: &Journey) -> String {
    let rows: Vec<Vec<String>> = journey
        .stages
        .iter()
        .flat_map(|stage| {
            let name = inline(&stage.name);
            if stage.touchpoints.is_empty() {
                let mut row = vec![name];
                row.resize(MAP_COLUMNS.len(), String::new());
                return vec![row];
            }
            stage
                .touchpoints
                .iter()
                .map(|card| card_row(scope, name.clone(), card))
                .collect()
        })
        .collect();
    table(&MAP_COLUMNS, &rows)
}

/// The cells of one card, after its stage's `name`: the fields of the HTML export's card,
/// with the personas it is for by name.
fn card_row(scope: &Scope, name: String, card: &Touchpoint) -> Vec<String> {
    let emotion = emotion(card);
    let opportunities: Vec<String> = card.opportunities.iter().map(opportunity).collect();
    let personas: Vec<&str> = scope
        .persona_names(&card.personas)
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    vec![
        name,
        inline(&card.action),
        inline(&card.title),
        inline(&card.channel),
        emotion,
        inline(card.thoughts.trim()),
        joined(&card.pain_points, "<br>"),
        opportunities.join("<br>"),
        inline(&card.owner),
        joined(&personas, ", "),
        card.evidence
            .iter()
            .map(|e| inline(&e.summary()))
            .collect::<Vec<_>>()
            .join("<br>"),
        joined(&card.tags, ", "),
    ]
}

/// An opportunity's title, with impact, effort, status and owner in brackets when set.
fn opportunity(o: &Opportunity) -> String {
    let mut notes = Vec::new();
    notes.extend(o.impact.map(|r| format!("impact {}", r.value())));
    notes.extend(o.effort.map(|r| format!("effort {}", r.value())));
    match o.status {
        OpportunityStatus::Open => {}
        OpportunityStatus::Planned => notes.push("planned".into()),
        OpportunityStatus::Done => notes.push("done".into()),
    }
    if !o.owner.is_empty() {
        notes.push(format!("owner {}", inline(&o.owner)));
    }
    if notes.is_empty() {
        inline(&o.title)
    } else {
        format!("{} ({})", inline(&o.title), notes.join(", "))
    }
}

/// One KPI table row per KPI of every stage.
fn kpi_rows(journey: &Journey) -> Vec<Vec<String>> {
    journey
        .stages
        .iter()
        .flat_map(|stage| stage.kpis.iter().map(move |kpi| kpi_row(stage, kpi)))
        .collect()
}

/// Stage, name, kind, latest and baseline figures with their dates, change, target, status.
fn kpi_row(stage: &Stage, kpi: &Kpi) -> Vec<String> {
    let figures = kpi.figures();
    let summary = kpi.summary();
    let figure = |value: f64| with_unit(number(value, ""), &kpi.unit);
    let dated = |at: Option<&(&str, f64)>| {
        at.map(|(date, value)| format!("{} ({})", figure(*value), inline(date)))
            .unwrap_or_default()
    };
    let change =
        kpi_change(kpi.kind, &kpi.unit, summary.baseline, summary.latest).unwrap_or_default();
    let target = kpi
        .target
        .map(|t| {
            let bound = match kpi.direction {
                Direction::Higher => "≥",
                Direction::Lower => "≤",
            };
            format!("{bound} {}", figure(t))
        })
        .unwrap_or_default();
    let status = match summary.on_target {
        Some(true) => "on target",
        Some(false) => "off target",
        None => "",
    };
    vec![
        inline(&stage.name),
        inline(&kpi.name),
        kind_name(kpi.kind).to_string(),
        dated(figures.last()),
        dated(figures.first()),
        change,
        target,
        status.to_string(),
    ]
}

/// A `figure` formatted by [`number`] (as `cjm check` and the HTML export show it), followed
/// by `unit`, e.g. `52.8 %`.
fn with_unit(figure: String, unit: &str) -> String {
    match unit.trim() {
        "" => figure,
        unit => format!("{figure} {}", inline(unit)),
    }
}

/// A GitHub-flavoured Markdown table with a header row.
fn table(columns: &[&str], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    let header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let mut out = line(&header);
    out.push_str(&line(&vec!["---".to_string(); columns.len()]));
    rows.iter().for_each(|row| out.push_str(&line(row)));
    out
}

/// `items` escaped and joined with `separator`.
fn joined(items: &[impl AsRef<str>], separator: &str) -> String {
    let items: Vec<String> = items.iter().map(|i| inline(i.as_ref())).collect();
    items.join(separator)
}

/// `text` as a heading's content: escaped, with a trailing `#` kept from closing the heading.
fn heading(text: &str) -> String {
    let text = inline(text);
    let end = text.trim_end_matches('#').len();
    if end < text.len() {
        format!("{}\\{}", &text[..end], &text[end..])
    } else {
        text
    }
}

/// `text` as a paragraph: escaped, with a backslash before what would start a heading, list,
/// quote or rule at its start.
fn paragraph(text: &str) -> String {
    let text = inline(text.trim());
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let starts_list = digits > 0 && text[digits..].starts_with(['.', ')']);
    match text.chars().next() {
        Some('#' | '-' | '+' | '=') => format!("\\{text}"),
        _ if starts_list => format!("{}\\{}", &text[..digits], &text[digits..]),
        _ => text,
    }
}

/// `text` escaped for any inline position, table cells included: Markdown and HTML
/// punctuation gets a backslash, each line break becomes `<br>`, a tab a space, and any other
/// character unsafe on a terminal (controls, bidirectional overrides: [`is_unsafe`]) `�`, so
/// the document can be printed or `cat` safely.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
