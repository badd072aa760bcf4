//! Export to CSV for spreadsheets: one row per touchpoint with every card field.
//!
//! RFC 4180 with CRLF record ends, UTF-8 without a byte order mark, a header row; rows in
//! journey, stage and card order. A stage without cards is one row with empty card columns, a
//! journey without stages one row with empty stage columns. `emotion` is -2..2 or empty;
//! `personas` names the card's personas. List cells hold one item per line (LF); inside an item
//! `\` is written `\\`, a line break `\n` or `\r`. An opportunity is its title followed, when
//! any is set, by ` [impact N, effort N, planned|done, owner NAME]`; its `[` and `]` are written
//! `\[` `\]`. A cell that starts with `=`, `+`, `-`, `@`, a tab, a carriage return or `'` gets a
//! leading `'`, so spreadsheets never run it as a formula; the importer removes it again.

use super::Scope;
use crate::model::{
    Evidence, Journey, Opportunity, OpportunityStatus, Stage, Touchpoint, evidence_line,
};

/// The header row, in column order. `crate::import::from_csv` reads the same names.
const COLUMNS: [&str; 17] = [
    "journey_id",
    "journey",
    "stage_id",
    "stage",
    "touchpoint_id",
    "title",
    "action",
    "channel",
    "emotion",
    "thoughts",
    "pain_points",
    "opportunities",
    "owner",
    "tags",
    "notes",
    "evidence",
    "personas",
];

/// The journeys of `scope` as CSV: a header row, then one row per touchpoint.
pub fn to_csv(scope: &Scope) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = COLUMNS.map(String::from).to_vec();
    let rows =
        std::iter::once(header).chain(scope.journeys.iter().flat_map(|j| journey_rows(j, scope)));
    for row in rows {
        writer
            .write_record(&row)
            .expect("writing to memory cannot fail and every row has the header's length");
    }
    let bytes = writer.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The rows of `journey`'s stages, or one row with empty stage columns when it has none.
fn journey_rows(journey: &Journey, scope: &Scope) -> Vec<Vec<String>> {
    if journey.stages.is_empty() {
        return vec![row(journey, None, None, scope)];
    }
    journey
        .stages
        .iter()
        .flat_map(|stage| stage_rows(journey, stage, scope))
        .collect()
}

/// One row per card of `stage`, or one row with empty card columns when it has none.
fn stage_rows(journey: &Journey, stage: &Stage, scope: &Scope) -> Vec<Vec<String>> {
    if stage.touchpoints.is_empty() {
        return vec![row(journey, Some(stage), None, scope)];
    }
    stage
        .touchpoints
        .iter()
        .map(|card| row(journey, Some(stage), Some(card), scope))
        .collect()
}

/// The row of `card`, or of its stage or journey alone when there is none.
fn row(
    journey: &Journey,
    stage: Option<&Stage>,
    card: Option<&Touchpoint>,
    scope: &Scope,
) -> Vec<String> {
    let (stage_id, stage_name) = stage.map_or(("", ""), |s| (s.id.as_str(), s.name.as_str()));
    let mut row: Vec<String> = [&journey.id, &journey.name, stage_id, stage_name]
        .map(guard)
        .to_vec();
    match card {
        Some(card) => row.extend(card_cells(card, scope)),
        None => row.resize(COLUMNS.len(), String::new()),
    }
    row
}

/// The card columns of `card`, from `touchpoint_id` to `personas`.
fn card_cells(card: &Touchpoint, scope: &Scope) -> [String; 13] {
    let personas: Vec<&str> = scope
        .persona_names(&card.personas)
        .into_iter()
        .map(|p| p.name.as_str())
        .collect();
    let opportunities: Vec<String> = card.opportunities.iter().map(opportunity).collect();
    let evidence: Vec<String> = card.evidence.iter().map(evidence).collect();
    [
        guard(&card.id),
        guard(&card.title),
        guard(&card.action),
        guard(&card.channel),
        card.emotion
            .map(|e| e.value().to_string())
            .unwrap_or_default(),
        guard(&card.thoughts),
        guard(&list(&card.pain_points)),
        guard(&opportunities.join("\n")),
        guard(&card.owner),
        guard(&list(&card.tags)),
        guard(&card.notes),
        guard(&evidence.join("\n")),
        guard(&list(&personas)),
    ]
}

/// List items one per line, each escaped.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|i| escape(i.as_ref(), false)).collect();
    items.join("\n")
}

/// One evidence line: the quote, then what else the record has in brackets, as a card's
/// evidence field is typed (`evidence_line`), each part escaped.
fn evidence(e: &Evidence) -> String {
    let parts: Vec<String> = evidence_line::parts(e)
        .iter()
        .map(|p| escape(p, true))
        .collect();
    let quote = escape(&e.quote, true);
    if parts.is_empty() {
        quote
    } else {
        format!("{quote} [{}]", parts.join(", "))
    }
}

/// One opportunity line: the title, then its set attributes in brackets.
fn opportunity(o: &Opportunity) -> String {
    let mut attributes = Vec::new();
    attributes.extend(o.impact.map(|r| format!("impact {}", r.value())));
    attributes.extend(o.effort.map(|r| format!("effort {}", r.value())));
    match o.status {
        OpportunityStatus::Open => {}
        OpportunityStatus::Planned => attributes.push("planned".to_string()),
        OpportunityStatus::Done => attributes.push("done".to_string()),
    }
    if !o.owner.is_empty() {
        attributes.push(format!("owner {}", escape(&o.owner, true)));
    }
    let title = escape(&o.title, true);
    if attributes.is_empty() {
        title
    } else {
        format!("{title} [{}]", attributes.join(", "))
    }
}

/// `text` as one list item: backslashes and line breaks escaped, and brackets too when
/// `brackets` (opportunity lines).
fn escape(text: &str, brackets: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '[' | ']' if brackets => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `cell` with a leading `'` when a spreadsheet would read it as a formula (or when it starts
/// with `'` already, so that the importer can always remove exactly one).
fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
