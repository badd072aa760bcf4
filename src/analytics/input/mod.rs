//! Reading events: CSV with a header or JSON Lines, told apart by the first character. One
//! thread cuts the byte stream into chunks of whole records ([`Reader`], in `chunker`); others
//! parse them ([`parse_chunk`]: `csv`, `jsonl`) into rows, or problems with their line numbers.
//! This module holds what both formats share: the row, its problems and the field readers.

use std::fmt;

use super::time::{self, TimeError};

mod chunker;
mod csv;
mod jsonl;

pub use chunker::{Chunk, Reader};
pub use csv::Columns;

/// The characters of a bad value shown in a problem's reason.
const SHOWN: usize = 60;

/// How the input is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with these columns.
    Csv(Columns),
    /// One JSON object a line.
    JsonLines,
}

/// One readable row, borrowed from its chunk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// The customer id.
    pub customer: &'a [u8],
    /// Milliseconds since 1970, UTC.
    pub time: i64,
    /// The event name.
    pub event: &'a [u8],
    /// The channel, empty when none.
    pub channel: &'a [u8],
    /// The value; NaN when none, or when it is not a number ([`Row::bad_value`]).
    pub value: f64,
    /// The value as written when it is not a (finite) number: the row keeps its event and
    /// loses only the value. Empty for JSON that is neither a number nor text.
    pub bad_value: Option<&'a [u8]>,
    /// A hash of the `transaction_id`, 0 when it has none.
    pub transaction: u64,
    /// The `--by` column's value, untrimmed; `None` without `--by` or, in JSON Lines, when
    /// the object has no such key (or null).
    pub segment: Option<&'a [u8]>,
}

/// The hash of a transaction id as written, 0 for none (empty).
fn transaction_of(field: &[u8]) -> u64 {
    let field = field.trim_ascii();
    if field.is_empty() {
        0
    } else {
        twox_hash::XxHash3_64::oneshot(field).max(1)
    }
}

/// Why a row's value was dropped, for the report.
pub fn bad_value_reason(text: &[u8]) -> String {
    if text.is_empty() {
        "value is not a number: the event is kept without it".to_string()
    } else {
        format!(
            "value {:?} is not a number: the event is kept without it",
            shown(text)
        )
    }
}

/// Why a row could not be read.
#[derive(Debug)]
pub enum Problem<'a> {
    /// A CSV row without the column.
    NoField {
        /// The column.
        column: &'static str,
        /// The fields the row has.
        fields: usize,
    },
    /// A JSON object without the key (or with null).
    NoKey(&'static str),
    /// The field is empty.
    Empty(&'static str),
    /// The field is JSON of the wrong kind.
    Kind(&'static str, &'static str),
    /// The timestamp cannot be read.
    Timestamp(&'a [u8], TimeError),
    /// The timestamp is a JSON number out of range.
    TimestampNumber(String, TimeError),
    /// The line is not a JSON object.
    NotObject,
    /// The line is broken JSON.
    Json(serde_json::Error),
    /// A quoted field the input never closes.
    Unclosed,
}

impl fmt::Display for Problem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NoField { column, fields } => {
                let s = if *fields == 1 { "" } else { "s" };
                write!(f, "no {column} (the row has {fields} field{s})")
            }
            Problem::NoKey(key) => write!(f, "no {key}"),
            Problem::Empty(column) => write!(f, "{column} is empty"),
            Problem::Kind(key, wanted) => write!(f, "{key} is not {wanted}"),
            Problem::Timestamp(text, e) => write!(f, "timestamp {:?} {e}", shown(text)),
            Problem::TimestampNumber(number, e) => write!(f, "timestamp {number} {e}"),
            Problem::NotObject => write!(f, "not a JSON object"),
            Problem::Json(e) => {
                let message = e.to_string();
                let message = message
                    .rfind(" at line ")
                    .map_or(message.as_str(), |at| &message[..at]);
                write!(f, "broken JSON: {message} (column {})", e.column())
            }
            Problem::Unclosed => write!(
                f,
                "a quoted field starting in this row is never closed: the rest of the file \
                 was read as part of it"
            ),
        }
    }
}

/// Text for a message: at most [`SHOWN`] characters, invalid UTF-8 replaced.
fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.into_owned(),
    }
}

/// Parses a chunk, calling `on_row` with each row's line and the row or what is wrong with it.
/// `segment` is the `--by` key JSON Lines rows are read for (CSV finds its column in the header).
pub fn parse_chunk(
    format: Format,
    segment: Option<&str>,
    chunk: &Chunk,
    mut on_row: impl FnMut(u64, Result<Row<'_>, Problem<'_>>),
) {
    match format {
        Format::Csv(columns) => csv::parse(&columns, chunk, &mut on_row),
        Format::JsonLines => jsonl::parse(chunk, segment, &mut on_row),
    }
}

/// A required text field, trimmed; empty is a problem.
fn text<'a>(field: &'a [u8], name: &'static str) -> Result<&'a [u8], Problem<'a>> {
    let field = field.trim_ascii();
    if field.is_empty() {
        Err(Problem::Empty(name))
    } else {
        Ok(field)
    }
}

fn timestamp_of(field: &[u8]) -> Result<i64, Problem<'_>> {
    let field = field.trim_ascii();
    if field.is_empty() {
        return Err(Problem::Empty("timestamp"));
    }
    time::parse(field).map_err(|e| Problem::Timestamp(field, e))
}

/// An optional number: NaN when empty, and NaN with the text when it is not a finite number.
fn value_of(field: &[u8]) -> (f64, Option<&[u8]>) {
    let field = field.trim_ascii();
    if field.is_empty() {
        return (f64::NAN, None);
    }
    match std::str::from_utf8(field)
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .filter(|value| value.is_finite())
    {
        Some(value) => (value, None),
        None => (f64::NAN, Some(field)),
    }
}
