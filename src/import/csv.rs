//! Import from cjm's own CSV export (see `crate::export::to_csv` for the columns and encodings).
//!
//! Columns are found by their header name, in any order; unknown ones are ignored with a
//! warning. Rows are grouped into journeys and stages by id (by name when the id cell is
//! empty), in the order they first appear; a missing or repeated id gets a fresh one. Each
//! persona name becomes a persona with a fresh id. Also read, for files that went through a
//! spreadsheet: a byte order mark, `;` or tab between cells (found from the header line), rows
//! whose empty trailing cells were left out (padded), `+1` emotions, CRLF inside list cells;
//! empty list lines are dropped. Lines are counted in the text itself, so they are right for
//! CRLF files too.

use std::collections::HashSet;

use csv::StringRecord;

use super::{ImportError, Imported, Warning};
use crate::model::evidence_line;
use crate::model::{
    Emotion, Evidence, Extra, Journey, Opportunity, OpportunityStatus, Persona, Rating, Stage,
    Text, Touchpoint, TouchpointDetails, new_id,
};

/// Columns the import cannot do without.
const REQUIRED: [&str; 3] = ["journey", "stage", "title"];

/// Reads journeys from text written by the CSV export (or a spreadsheet that kept its columns).
pub fn from_csv(text: &str) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::of(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            return Err(error(lines.of_error(&e), format!("unreadable header: {e}")));
        }
        None => {
            return Err(error(
                0,
                "the CSV is empty: export a journey to CSV to see its columns",
            ));
        }
    };
    let mut builder = Builder::default();
    let columns = builder.header(&header, lines.of_record(&header))?;
    let mut rows = 0;
    for record in records {
        rows += 1;
        match record {
            Ok(record) => builder.row(&columns, &record, lines.of_record(&record)),
            Err(e) => builder.warn(lines.of_error(&e), format!("unreadable row: {e}")),
        }
    }
    builder.finish(rows)
}

/// The cell separator of `text`: `,` unless its first line holds more `;` or tabs outside
/// quotes (spreadsheets in many locales write `;`; Excel's "Unicode text" uses tabs).
fn delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(count) = counts.iter_mut().find(|(d, _)| *d == b) {
                    count.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent, so a tie keeps `,`.
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .iter()
        .find(|(_, n)| *n == most)
        .map_or(b',', |(d, _)| *d)
}

/// An import error at `line`.
fn error(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        message: message.into(),
    }
}

/// Where each line of the text starts, to name the line a record starts on. The csv crate's
/// own line count is wrong for CRLF files (BurntSushi/rust-csv#395), and its byte offset of a
/// record may point at the line break before it: lines are counted here, from the first byte
/// of the record that is not a line break.
struct Lines<'t> {
    text: &'t [u8],
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn of(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text: text.as_bytes(),
            starts,
        }
    }

    /// The 1-based line of the first byte from `offset` on that is not a line break.
    fn at(&self, offset: u64) -> usize {
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX);
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        self.starts.partition_point(|start| *start <= offset).max(1)
    }

    /// The 1-based line a record starts on.
    fn of_record(&self, record: &StringRecord) -> usize {
        record.position().map_or(0, |p| self.at(p.byte()))
    }

    /// The 1-based line a CSV error is on, 0 when unknown.
    fn of_error(&self, e: &csv::Error) -> usize {
        e.position().map_or(0, |p| self.at(p.byte()))
    }
}

/// The cells of one row that the import reads, guard quote removed.
#[derive(Debug, Default)]
struct Cells {
    journey_id: String,
    journey: String,
    stage_id: String,
    stage: String,
    touchpoint_id: String,
    title: String,
    action: String,
    channel: String,
    emotion: String,
    thoughts: String,
    pain_points: String,
    opportunities: String,
    owner: String,
    tags: String,
    notes: String,
    evidence: String,
    personas: String,
}

impl Cells {
    /// The cell for the column named `name`, or `None` for a column the import does not know.
    fn slot(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "journey_id" => &mut self.journey_id,
            "journey" => &mut self.journey,
            "stage_id" => &mut self.stage_id,
            "stage" => &mut self.stage,
            "touchpoint_id" => &mut self.touchpoint_id,
            "title" => &mut self.title,
            "action" => &mut self.action,
            "channel" => &mut self.channel,
            "emotion" => &mut self.emotion,
            "thoughts" => &mut self.thoughts,
            "pain_points" => &mut self.pain_points,
            "opportunities" => &mut self.opportunities,
            "owner" => &mut self.owner,
            "tags" => &mut self.tags,
            "notes" => &mut self.notes,
            "evidence" => &mut self.evidence,
            "personas" => &mut self.personas,
            _ => return None,
        })
    }

    /// The cells of `record` under the column names `columns` (`None`: ignored column).
    fn read(columns: &[Option<String>], record: &StringRecord) -> Self {
        let mut cells = Self::default();
        for (name, value) in columns.iter().zip(record) {
            if let Some(slot) = name.as_deref().and_then(|n| cells.slot(n)) {
                *slot = unguard(value).to_string();
            }
        }
        cells
    }

    /// Whether the row holds a card rather than only its stage or journey.
    fn has_card(&self) -> bool {
        [
            &self.touchpoint_id,
            &self.title,
            &self.action,
            &self.channel,
            &self.emotion,
            &self.thoughts,
            &self.pain_points,
            &self.opportunities,
            &self.owner,
            &self.tags,
            &self.notes,
            &self.evidence,
            &self.personas,
        ]
        .iter()
        .any(|cell| !cell.is_empty())
    }
}

/// What groups rows into one journey or stage: its id, or its name when the id cell is empty.
#[derive(Debug, PartialEq)]
enum Key {
    Id(String),
    Name(String),
}

impl Key {
    /// The key of a record with `id` and `name`, `None` when both are empty.
    fn of(id: &str, name: &str) -> Option<Self> {
        if !id.trim().is_empty() {
            Some(Self::Id(id.to_string()))
        } else if !name.is_empty() {
            Some(Self::Name(name.to_string()))
        } else {
            None
        }
    }
}

/// The journeys read so far, with what finds them again.
#[derive(Default)]
struct Builder {
    journeys: Vec<Journey>,
    journey_keys: Vec<Key>,
    stage_keys: Vec<Vec<Key>>,
    ids: HashSet<String>,
    personas: Vec<Persona>,
    warnings: Vec<Warning>,
    /// How many of the warnings are about the header row.
    header_warnings: usize,
}

impl Builder {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning { line, message });
    }

    /// The column name of each header cell (`None` for ignored ones); an error when a required
    /// column is missing.
    fn header(
        &mut self,
        header: &StringRecord,
        line: usize,
    ) -> Result<Vec<Option<String>>, ImportError> {
        let mut columns: Vec<Option<String>> = Vec::new();
        for cell in header {
            let name = cell.trim().to_lowercase();
            if columns.iter().flatten().any(|c| *c == name) {
                self.warn(
                    line,
                    format!("column {name:?} repeats: the first one is used"),
                );
                columns.push(None);
            } else if Cells::default().slot(&name).is_none() {
                self.warn(line, format!("unknown column {name:?} ignored"));
                columns.push(None);
            } else {
                columns.push(Some(name));
            }
        }
        let missing: Vec<&str> = REQUIRED
            .into_iter()
            .filter(|r| !columns.iter().flatten().any(|c| c == r))
            .collect();
        if !missing.is_empty() {
            let message = format!(
                "missing column{} {}: the header row needs journey, stage and title",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            );
            return Err(error(line, message));
        }
        self.header_warnings = self.warnings.len();
        Ok(columns)
    }

    /// Adds the journey, stage or card of one data row, at `line`. A row shorter than the
    /// header reads as if its missing trailing cells were empty (spreadsheets leave them out);
    /// a longer one is skipped unless its extra cells are empty.
    fn row(&mut self, columns: &[Option<String>], record: &StringRecord, line: usize) {
        if record
            .iter()
            .skip(columns.len())
            .any(|cell| !cell.trim().is_empty())
        {
            let message = format!(
                "the row has {} cells but the header has {}: skipped",
                record.len(),
                columns.len()
            );
            return self.warn(line, message);
        }
        let cells = Cells::read(columns, record);
        let Some(journey_key) = Key::of(&cells.journey_id, &cells.journey) else {
            return self.warn(line, "no journey_id or journey: skipped".into());
        };
        let stage_key = Key::of(&cells.stage_id, &cells.stage);
        if stage_key.is_none() && cells.has_card() {
            return self.warn(line, "a card without stage_id or stage: skipped".into());
        }
        let j = self.journey(journey_key, &cells, line);
        let Some(stage_key) = stage_key else { return };
        let s = self.stage(j, stage_key, &cells, line);
        if cells.has_card() {
            let card = self.card(&cells, line);
            self.journeys[j].stages[s].touchpoints.push(card);
        }
    }

    /// The index of the journey with `key`, added when new.
    fn journey(&mut self, key: Key, cells: &Cells, line: usize) -> usize {
        if let Some(j) = self.journey_keys.iter().position(|k| *k == key) {
            return j;
        }
        let journey = Journey {
            id: self.claim(&cells.journey_id, "jo", line),
            name: cells.journey.clone(),
            ..Journey::default()
        };
        self.journeys.push(journey);
        self.journey_keys.push(key);
        self.stage_keys.push(Vec::new());
        self.journeys.len() - 1
    }

    /// The index of the stage with `key` in journey `j`, added when new.
    fn stage(&mut self, j: usize, key: Key, cells: &Cells, line: usize) -> usize {
        if let Some(s) = self.stage_keys[j].iter().position(|k| *k == key) {
            return s;
        }
        let stage = Stage {
            id: self.claim(&cells.stage_id, "st", line),
            name: cells.stage.clone(),
            ..Stage::default()
        };
        self.journeys[j].stages.push(stage);
        self.stage_keys[j].push(key);
        self.journeys[j].stages.len() - 1
    }

    /// The card of a row.
    fn card(&mut self, cells: &Cells, line: usize) -> Touchpoint {
        let opportunities = lines(&cells.opportunities)
            .iter()
            .map(|l| self.opportunity(l, line))
            .collect();
        let personas = list(&cells.personas)
            .iter()
            .map(|name| self.persona(name))
            .collect();
        let id = self.claim(&cells.touchpoint_id, "tp", line);
        let emotion = self.emotion(&cells.emotion, line);
        let evidence = lines(&cells.evidence)
            .iter()
            .map(|l| self.evidence(l, line))
            .collect::<Vec<_>>()
            .into();
        let details = TouchpointDetails {
            action: cells.action.as_str().into(),
            thoughts: cells.thoughts.as_str().into(),
            pain_points: texts(&cells.pain_points),
            opportunities,
            owner: cells.owner.as_str().into(),
            tags: texts(&cells.tags),
            notes: cells.notes.as_str().into(),
            evidence,
            extra: Extra::new(),
        };
        Touchpoint {
            id,
            title: cells.title.as_str().into(),
            channel: cells.channel.as_str().into(),
            emotion,
            personas,
            details: details.boxed(),
        }
    }

    /// `id` when it is not blank and not yet used, else a fresh id (with a warning for a
    /// repeated one).
    fn claim(&mut self, id: &str, prefix: &str, line: usize) -> String {
        if !id.trim().is_empty() && self.ids.insert(id.to_string()) {
            return id.to_string();
        }
        let fresh = new_id(prefix);
        if !id.trim().is_empty() {
            self.warn(
                line,
                format!("id {id:?} is used twice: this one is now {fresh:?}"),
            );
        }
        self.ids.insert(fresh.clone());
        fresh
    }

    /// The emotion in `cell`, or none (with a warning when the cell is not empty).
    fn emotion(&mut self, cell: &str, line: usize) -> Option<Emotion> {
        let text = cell.trim();
        if text.is_empty() {
            return None;
        }
        let emotion = text
            .strip_prefix('+')
            .unwrap_or(text)
            .parse::<i64>()
            .ok()
            .and_then(Emotion::new);
        if emotion.is_none() {
            let message =
                format!("emotion {text:?} is not a whole number from -2 to 2: left empty");
            self.warn(line, message);
        }
        emotion
    }

    /// One opportunity line; attributes that do not read stay in the title, with a warning.
    /// A piece of evidence from its line: the quote, then what else the record has in
    /// brackets, as the export writes it; a bracket that is not understood stays in the quote,
    /// with a warning.
    fn evidence(&mut self, line_text: &str, line: usize) -> Evidence {
        let chars = unescape(line_text);
        if let Some((quote, inside)) = split_attributes(&chars) {
            match evidence_line::read_bracket(&inside) {
                Ok(Some(described)) => {
                    return Evidence {
                        quote: quote.into(),
                        ..described
                    };
                }
                Ok(None) => {}
                Err(message) => {
                    self.warn(
                        line,
                        format!("evidence {line_text:?}: {message}: kept in the quote"),
                    );
                }
            }
        }
        Evidence {
            quote: chars.iter().map(|(c, _)| c).collect(),
            ..Evidence::default()
        }
    }

    fn opportunity(&mut self, line_text: &str, line: usize) -> Opportunity {
        let chars = unescape(line_text);
        if let Some((title, attributes)) = split_attributes(&chars) {
            if let Some(opportunity) = attributes_of(&attributes) {
                return Opportunity {
                    title: title.into(),
                    ..opportunity
                };
            }
            let message = format!(
                "opportunity {line_text:?}: [{attributes}] is not \"impact N, effort N, \
                 planned or done, owner NAME\": kept in the title"
            );
            self.warn(line, message);
        }
        Opportunity {
            title: chars.iter().map(|(c, _)| c).collect(),
            ..Opportunity::default()
        }
    }

    /// The id of the persona named `name`, added when new.
    fn persona(&mut self, name: &str) -> String {
        if let Some(p) = self.personas.iter().find(|p| p.name == name) {
            return p.id.clone();
        }
        let persona = Persona {
            id: new_id("pe"),
            name: name.to_string(),
            ..Persona::default()
        };
        self.ids.insert(persona.id.clone());
        let id = persona.id.clone();
        self.personas.push(persona);
        id
    }

    /// The import, or an error when none of the `rows` data rows could be read.
    fn finish(self, rows: usize) -> Result<Imported, ImportError> {
        if rows == 0 {
            return Err(error(
                0,
                "the CSV has only a header row: add one row per card below it",
            ));
        }
        if self.journeys.is_empty() {
            return Err(match self.warnings.get(self.header_warnings) {
                Some(w) => error(w.line, format!("no row could be read: {}", w.message)),
                None => error(0, "no row could be read"),
            });
        }
        Ok(Imported {
            journeys: self.journeys,
            personas: self.personas,
            warnings: self.warnings,
        })
    }
}

/// `cell` without the `'` the export puts before cells a spreadsheet could run as formulas.
fn unguard(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// The lines of a list cell, without empty ones (a CR before a line break is dropped).
fn lines(cell: &str) -> Vec<&str> {
    cell.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The items of a list cell, unescaped.
/// [`list`] as card text.
fn texts(cell: &str) -> Vec<Text> {
    list(cell).into_iter().map(Text::from).collect()
}

fn list(cell: &str) -> Vec<String> {
    lines(cell)
        .into_iter()
        .map(|l| unescape(l).into_iter().map(|(c, _)| c).collect())
        .collect()
}

/// The characters of an escaped item, each with whether it was escaped. `\\`, `\n`, `\r`, `\[`
/// and `\]` are escapes; any other backslash stands for itself.
fn unescape(item: &str) -> Vec<(char, bool)> {
    let mut out = Vec::with_capacity(item.len());
    let mut chars = item.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = match (c, chars.peek()) {
            ('\\', Some('\\')) => Some('\\'),
            ('\\', Some('n')) => Some('\n'),
            ('\\', Some('r')) => Some('\r'),
            ('\\', Some(&b @ ('[' | ']'))) => Some(b),
            _ => None,
        };
        match escaped {
            Some(e) => {
                chars.next();
                out.push((e, true));
            }
            None => out.push((c, false)),
        }
    }
    out
}

/// An opportunity line split into its title and the text of its trailing `[...]`, if it has
/// one (unescaped brackets only).
fn split_attributes(chars: &[(char, bool)]) -> Option<(String, String)> {
    let (last, body) = chars.split_last()?;
    if *last != (']', false) {
        return None;
    }
    let open = body.iter().rposition(|c| *c == ('[', false))?;
    let title = &body[..open];
    let title = title.strip_suffix(&[(' ', false)]).unwrap_or(title);
    let text = |part: &[(char, bool)]| part.iter().map(|(c, _)| c).collect();
    Some((text(title), text(&body[open + 1..])))
}

/// The attributes `impact N, effort N, planned|done|open, owner NAME` (any subset, owner
/// last), or `None` when any part does not read or there is none.
fn attributes_of(text: &str) -> Option<Opportunity> {
    let mut opportunity = Opportunity::default();
    let mut rest = text.trim_start();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        if let Some(owner) = rest.strip_prefix("owner ") {
            opportunity.owner = owner.into();
            break;
        }
        let (part, tail) = rest.split_once(',').unwrap_or((rest, ""));
        let rating = |name: &str| -> Option<Rating> {
            let value = part.trim().strip_prefix(name)?.trim().parse().ok()?;
            Rating::new(value)
        };
        match part.trim() {
            "open" => opportunity.status = OpportunityStatus::Open,
            "planned" => opportunity.status = OpportunityStatus::Planned,
            "done" => opportunity.status = OpportunityStatus::Done,
            p if p.starts_with("impact ") => opportunity.impact = Some(rating("impact ")?),
            p if p.starts_with("effort ") => opportunity.effort = Some(rating("effort ")?),
            _ => return None,
        }
        rest = tail.trim_start();
    }
    Some(opportunity)
}
