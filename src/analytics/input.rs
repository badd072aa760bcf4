//! Reading events: CSV with a header or JSON Lines, told apart by the first character. One
//! thread cuts the byte stream into chunks of whole records ([`Reader`]); others parse them
//! ([`parse_chunk`]) into rows, or problems with their line numbers.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::AnalyzeError;
use super::time::{self, TimeError};

/// The bytes a chunk aims at.
const CHUNK: usize = 1 << 20;
/// A record longer than this stops the reading: the input cannot be cut anywhere in it.
const MAX_RECORD: usize = 64 << 20;
/// The characters of a bad value shown in a problem's reason.
const SHOWN: usize = 60;

/// Which CSV columns hold what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    customer: usize,
    timestamp: usize,
    event: usize,
    channel: Option<usize>,
    value: Option<usize>,
    transaction: Option<usize>,
}

/// How the input is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with these columns.
    Csv(Columns),
    /// One JSON object a line.
    JsonLines,
}

/// A run of whole records of the input.
#[derive(Debug)]
pub struct Chunk {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The line of the input the bytes start on, from 1.
    first_line: u64,
}

/// Cuts an input into chunks at record boundaries, after reading its header.
pub struct Reader<R> {
    input: R,
    name: String,
    /// Bytes read and not yet handed out; they start at a record boundary.
    pending: Vec<u8>,
    /// The line `pending` starts on.
    line: u64,
    eof: bool,
    read: u64,
    /// CSV: cut only where the quotes so far are balanced, so quoted newlines stay inside.
    quotes: bool,
}

impl<R: Read> Reader<R> {
    /// Reads the start of `input`: tells CSV from JSON Lines and reads a CSV's header. `name`
    /// names the input in errors.
    pub fn open(input: R, name: &str) -> Result<(Self, Format), AnalyzeError> {
        let mut reader = Self {
            input,
            name: name.to_string(),
            pending: Vec::new(),
            line: 1,
            eof: false,
            read: 0,
            quotes: false,
        };
        reader.fill(CHUNK)?;
        if reader.pending.starts_with(b"\xEF\xBB\xBF") {
            reader.pending.drain(..3);
        }
        // Blank lines before the first record only move the line numbers on.
        loop {
            let blank = reader
                .pending
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(reader.pending.len());
            reader.line += count(&reader.pending[..blank], b'\n');
            reader.pending.drain(..blank);
            if !reader.pending.is_empty() {
                break;
            }
            if reader.eof {
                return Err(reader.input_error(
                    "the file is empty: cjm reads a CSV with a header row (customer_id, \
                     timestamp, event, and optionally channel and value) or JSON Lines"
                        .to_string(),
                ));
            }
            reader.fill(CHUNK)?;
        }
        if reader.pending[0] == b'{' {
            return Ok((reader, Format::JsonLines));
        }
        reader.quotes = true;
        let header_line = reader.line;
        let header = reader.header()?;
        let columns = reader.columns(&header, header_line)?;
        Ok((reader, Format::Csv(columns)))
    }

    /// Bytes read from the input so far.
    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    /// The next chunk of whole records, `None` at the end; `spare` is a buffer to reuse.
    pub fn next_chunk(&mut self, spare: Option<Vec<u8>>) -> Result<Option<Chunk>, AnalyzeError> {
        self.fill(CHUNK)?;
        let cut = loop {
            if self.eof {
                break self.pending.len();
            }
            if let Some(cut) = cut_point(&self.pending, self.quotes) {
                break cut;
            }
            if self.pending.len() >= MAX_RECORD {
                return Err(self.input_error(self.too_long()));
            }
            self.fill(self.pending.len() + CHUNK)?;
        };
        if cut == 0 {
            return Ok(None);
        }
        let mut rest = spare.unwrap_or_default();
        rest.clear();
        rest.extend_from_slice(&self.pending[cut..]);
        let mut bytes = std::mem::replace(&mut self.pending, rest);
        bytes.truncate(cut);
        let first_line = self.line;
        self.line += count(&bytes, b'\n');
        Ok(Some(Chunk { bytes, first_line }))
    }

    /// Reads until `pending` holds `want` bytes or the input ends.
    fn fill(&mut self, want: usize) -> Result<(), AnalyzeError> {
        while !self.eof && self.pending.len() < want {
            let need = want - self.pending.len();
            self.pending.reserve(need);
            let got = (&mut self.input)
                .take(need as u64)
                .read_to_end(&mut self.pending)
                .map_err(|source| AnalyzeError::Io {
                    path: self.name.clone(),
                    source,
                })?;
            self.read += got as u64;
            self.eof = got < need;
        }
        Ok(())
    }

    /// Reads the CSV header's fields, leaving `pending` at the first row.
    fn header(&mut self) -> Result<Vec<String>, AnalyzeError> {
        let cut = loop {
            if let Some(cut) = first_line_end(&self.pending) {
                break cut;
            }
            if self.eof {
                break self.pending.len();
            }
            if self.pending.len() >= MAX_RECORD {
                return Err(self.input_error(self.too_long()));
            }
            self.fill(self.pending.len() + CHUNK)?;
        };
        let mut record = CsvRecord::default();
        let (mut at, mut line) = (0, self.line);
        read_record(&self.pending[..cut], &mut at, &mut line, &mut record);
        let header = (0..record.spans.len())
            .filter_map(|i| record.get(&self.pending, i))
            .map(|field| String::from_utf8_lossy(field).into_owned())
            .collect();
        self.line = line;
        self.pending.drain(..at);
        Ok(header)
    }

    /// Finds the columns by name (any case, spaces around ignored).
    fn columns(&self, header: &[String], line: u64) -> Result<Columns, AnalyzeError> {
        let find = |wanted: &str| {
            header
                .iter()
                .position(|name| name.trim().eq_ignore_ascii_case(wanted))
        };
        let required = ["customer_id", "timestamp", "event"];
        let missing: Vec<&str> = required
            .into_iter()
            .filter(|name| find(name).is_none())
            .collect();
        match (find("customer_id"), find("timestamp"), find("event")) {
            (Some(customer), Some(timestamp), Some(event)) => Ok(Columns {
                customer,
                timestamp,
                event,
                channel: find("channel"),
                value: find("value"),
                transaction: find("transaction_id"),
            }),
            _ => {
                let found = header
                    .iter()
                    .map(|name| format!("{:?}", shown(name.as_bytes())))
                    .collect::<Vec<_>>()
                    .join(", ");
                Err(self.input_error(format!(
                    "no column {} in the header (line {}), which has {found}; cjm needs \
                     customer_id, timestamp and event, and reads channel and value when \
                     present (the first line is the header; JSON Lines start with {{)",
                    missing.join(", "),
                    line,
                )))
            }
        }
    }

    fn too_long(&self) -> String {
        format!(
            "line {}: a row runs on for more than {} MiB{}",
            self.line,
            MAX_RECORD >> 20,
            if self.quotes {
                ": is a closing quote missing?"
            } else {
                ""
            }
        )
    }

    fn input_error(&self, message: String) -> AnalyzeError {
        AnalyzeError::Input {
            path: self.name.clone(),
            message,
        }
    }
}

/// Where to cut `bytes` (which start at a record) so that the first part ends with a whole
/// record: after the last newline, outside quoted fields in CSV (`quotes`), read as
/// [`read_record`] reads them (a quote opens a quoted field only at the start of a field).
fn cut_point(bytes: &[u8], quotes: bool) -> Option<usize> {
    if !quotes {
        return memchr::memrchr(b'\n', bytes).map(|at| at + 1);
    }
    unquoted_runs(bytes)
        .into_iter()
        .rev()
        .find_map(|(start, end)| {
            memchr::memrchr(b'\n', &bytes[start..end]).map(|at| start + at + 1)
        })
}

/// Where the first CSV record of `bytes` ends: after its first newline outside quotes.
fn first_line_end(bytes: &[u8]) -> Option<usize> {
    let mut start = 0;
    loop {
        let runs = unquoted_runs(&bytes[..bytes.len().min(start + CHUNK)]);
        if let Some(end) = runs
            .iter()
            .find_map(|&(from, to)| memchr::memchr(b'\n', &bytes[from..to]).map(|at| from + at + 1))
        {
            return Some(end);
        }
        if start + CHUNK >= bytes.len() {
            return None;
        }
        start += CHUNK;
    }
}

/// The runs of `bytes` (which start at a record) outside quoted fields, as (start, end). Only
/// the quotes are looked at: one opens a quoted field when it starts a field (at the start or
/// after a comma or newline), and in a quoted field `""` is a quote and a lone one closes it.
fn unquoted_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let (mut at, mut run) = (0, 0);
    let mut quoted = false;
    while let Some(quote) = find_byte(bytes, at, b'"') {
        if quoted {
            if bytes.get(quote + 1) == Some(&b'"') {
                at = quote + 2;
            } else {
                quoted = false;
                at = quote + 1;
                run = at;
            }
        } else {
            if quote == 0 || matches!(bytes[quote - 1], b',' | b'\n') {
                quoted = true;
                runs.push((run, quote));
            }
            at = quote + 1;
        }
    }
    if !quoted {
        runs.push((run, bytes.len()));
    }
    runs
}

/// The first `byte` in `bytes` from `from` on.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, bytes.get(from..)?).map(|offset| from + offset)
}

/// How many times `byte` occurs in `bytes`. Counted in bytes 255 at a time, which compilers
/// turn into wide vector compares: the reading thread counts every byte of the input twice.
fn count(bytes: &[u8], byte: u8) -> u64 {
    bytes
        .chunks(255)
        .map(|block| {
            let found = block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == byte)));
            u64::from(found)
        })
        .sum()
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
pub fn parse_chunk(
    format: Format,
    chunk: &Chunk,
    mut on_row: impl FnMut(u64, Result<Row<'_>, Problem<'_>>),
) {
    match format {
        Format::Csv(columns) => parse_csv(&columns, chunk, &mut on_row),
        Format::JsonLines => parse_json_lines(chunk, &mut on_row),
    }
}

fn parse_csv(
    columns: &Columns,
    chunk: &Chunk,
    on_row: &mut impl FnMut(u64, Result<Row<'_>, Problem<'_>>),
) {
    let bytes = chunk.bytes.as_slice();
    let mut record = CsvRecord::default();
    let (mut at, mut line) = (0, chunk.first_line);
    while let Some(start) = read_record(bytes, &mut at, &mut line, &mut record) {
        if record.unclosed {
            on_row(start, Err(Problem::Unclosed));
            continue;
        }
        let field = |column: usize, name: &'static str| {
            // Not `ok_or`: building (and dropping) a problem for every good field is slow.
            match record.get(bytes, column) {
                Some(field) => Ok(field),
                None => Err(Problem::NoField {
                    column: name,
                    fields: record.spans.len(),
                }),
            }
        };
        let optional = |column: Option<usize>| {
            column
                .and_then(|c| record.get(bytes, c))
                .unwrap_or_default()
        };
        let row = field(columns.customer, "customer_id").and_then(|customer| {
            let timestamp = field(columns.timestamp, "timestamp")?;
            let event = field(columns.event, "event")?;
            let (value, bad_value) = value_of(optional(columns.value));
            Ok(Row {
                customer: text(customer, "customer_id")?,
                time: timestamp_of(timestamp)?,
                event: text(event, "event")?,
                channel: optional(columns.channel).trim_ascii(),
                value,
                bad_value,
                transaction: transaction_of(optional(columns.transaction)),
            })
        });
        on_row(start, row);
    }
}

/// One CSV record's fields: spans of the chunk, or of `owned` for quoted fields that had to be
/// unescaped (`""`) or had text after their closing quote.
#[derive(Debug, Default)]
struct CsvRecord {
    /// (start, end, whether in `owned`).
    spans: Vec<(usize, usize, bool)>,
    owned: Vec<u8>,
    /// A quoted field ran to the end of the input.
    unclosed: bool,
}

impl CsvRecord {
    /// Field `index`, from `bytes` (the chunk the record was read from) or the owned copy.
    fn get<'a>(&'a self, bytes: &'a [u8], index: usize) -> Option<&'a [u8]> {
        let &(start, end, owned) = self.spans.get(index)?;
        Some(if owned {
            &self.owned[start..end]
        } else {
            &bytes[start..end]
        })
    }
}

/// Reads the CSV record at `*at` (after any blank lines) into `record`, moving `*at` past it
/// and `*line` on by the newlines passed; returns the line the record starts on, `None` at the
/// end. Fields are separated by commas; a field starting with `"` runs to the next lone `"`
/// (`""` is a quote), newlines and commas included; a quote elsewhere is text. A `\r` before
/// a newline is left on the field (every field the analysis reads is trimmed).
fn read_record(
    bytes: &[u8],
    at: &mut usize,
    line: &mut u64,
    record: &mut CsvRecord,
) -> Option<u64> {
    loop {
        match bytes.get(*at) {
            None => return None,
            Some(b'\n') => {
                *at += 1;
                *line += 1;
            }
            Some(b'\r') if bytes.get(*at + 1) == Some(&b'\n') => {
                *at += 2;
                *line += 1;
            }
            _ => break,
        }
    }
    let start_line = *line;
    record.spans.clear();
    record.owned.clear();
    record.unclosed = false;
    loop {
        let span = if bytes.get(*at) == Some(&b'"') {
            quoted_field(bytes, at, line, record)
        } else {
            let end = field_end(bytes, *at);
            let span = (*at, end, false);
            *at = end;
            span
        };
        record.spans.push(span);
        match bytes.get(*at) {
            Some(b',') => *at += 1,
            Some(b'\n') => {
                *at += 1;
                *line += 1;
                return Some(start_line);
            }
            _ => return Some(start_line),
        }
    }
}

/// Reads the quoted field whose opening quote is at `*at`, leaving `*at` at the comma or
/// newline after it.
fn quoted_field(
    bytes: &[u8],
    at: &mut usize,
    line: &mut u64,
    record: &mut CsvRecord,
) -> (usize, usize, bool) {
    let open = *at + 1;
    let mut start = open;
    // Where the field starts in `owned`, once it has to be copied.
    let mut copied: Option<usize> = None;
    let close = loop {
        match find_byte(bytes, start, b'"') {
            None => {
                record.unclosed = true;
                break bytes.len();
            }
            Some(quote) if bytes.get(quote + 1) == Some(&b'"') => {
                copied.get_or_insert(record.owned.len());
                record.owned.extend_from_slice(&bytes[start..=quote]);
                start = quote + 2;
            }
            Some(quote) => break quote,
        }
    };
    *line += count(&bytes[open..close], b'\n');
    let after = (close + 1).min(bytes.len());
    let end = field_end(bytes, after);
    *at = end;
    if copied.is_none() && end == after {
        return (start, close, false);
    }
    let from = copied.unwrap_or(record.owned.len());
    record.owned.extend_from_slice(&bytes[start..close]);
    record.owned.extend_from_slice(&bytes[after..end]);
    (from, record.owned.len(), true)
}

/// Where the unquoted text from `from` ends: at the next comma or newline, or the end. This
/// is where most of the reading's time goes: memchr's vectorised search.
fn field_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr2(b',', b'\n', &bytes[from..]).map_or(bytes.len(), |offset| from + offset)
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

/// A JSON string or number, as it came.
enum Scalar<'a> {
    Text(Cow<'a, str>),
    Integer(i128),
    Float(f64),
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for ScalarVisitor<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Integer(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar::Integer(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Scalar::Other)
            }
        }
        deserializer.deserialize_any(ScalarVisitor(std::marker::PhantomData))
    }
}

/// The keys of a JSON Lines event; others are ignored.
#[derive(Deserialize)]
struct JsonRow<'a> {
    #[serde(borrow, default)]
    customer_id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    timestamp: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    event: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    channel: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    value: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    transaction_id: Option<Scalar<'a>>,
}

fn parse_json_lines(chunk: &Chunk, on_row: &mut impl FnMut(u64, Result<Row<'_>, Problem<'_>>)) {
    let mut number = String::new();
    for (index, line) in chunk.bytes.split(|&b| b == b'\n').enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let at = chunk.first_line + index as u64;
        if line.trim_ascii_start().first() != Some(&b'{') {
            on_row(at, Err(Problem::NotObject));
            continue;
        }
        match serde_json::from_slice::<JsonRow<'_>>(line) {
            Err(e) => on_row(at, Err(Problem::Json(e))),
            Ok(row) => on_row(at, json_row(&row, &mut number)),
        }
    }
}

/// Checks a JSON event; `number` holds a numeric customer id's text.
fn json_row<'a>(row: &'a JsonRow<'_>, number: &'a mut String) -> Result<Row<'a>, Problem<'a>> {
    let customer = match &row.customer_id {
        None => return Err(Problem::NoKey("customer_id")),
        Some(Scalar::Text(text)) => text.as_bytes(),
        Some(Scalar::Integer(n)) => {
            number.clear();
            number.push_str(&n.to_string());
            number.as_bytes()
        }
        Some(Scalar::Float(x)) => {
            number.clear();
            number.push_str(&x.to_string());
            number.as_bytes()
        }
        Some(Scalar::Other) => return Err(Problem::Kind("customer_id", "text or a number")),
    };
    let time = match &row.timestamp {
        None => return Err(Problem::NoKey("timestamp")),
        Some(Scalar::Text(text)) => timestamp_of(text.as_bytes())?,
        Some(Scalar::Integer(n)) => {
            time::from_epoch_integer(*n).map_err(|e| Problem::TimestampNumber(n.to_string(), e))?
        }
        Some(Scalar::Float(x)) => {
            // The shortest text that reads back as `x` is what the file said.
            let text = x.to_string();
            time::parse(text.as_bytes()).map_err(|e| Problem::TimestampNumber(text, e))?
        }
        Some(Scalar::Other) => return Err(Problem::Kind("timestamp", "text or a number")),
    };
    let event = match &row.event {
        None => return Err(Problem::NoKey("event")),
        Some(Scalar::Text(text)) => text.as_bytes(),
        Some(_) => return Err(Problem::Kind("event", "text")),
    };
    let channel = match &row.channel {
        None => b"".as_slice(),
        Some(Scalar::Text(text)) => text.as_bytes(),
        Some(_) => return Err(Problem::Kind("channel", "text")),
    };
    let transaction = match &row.transaction_id {
        Some(Scalar::Text(text)) => transaction_of(text.as_bytes()),
        Some(Scalar::Integer(n)) => transaction_of(n.to_string().as_bytes()),
        _ => 0,
    };
    let (value, bad_value) = match &row.value {
        None => (f64::NAN, None),
        Some(Scalar::Text(text)) => value_of(text.as_bytes()),
        Some(Scalar::Integer(n)) => (*n as f64, None),
        Some(Scalar::Float(x)) if x.is_finite() => (*x, None),
        Some(Scalar::Float(_)) => (f64::NAN, Some(b"".as_slice())),
        Some(Scalar::Other) => (f64::NAN, Some(b"".as_slice())),
    };
    Ok(Row {
        customer: text(customer, "customer_id")?,
        time,
        event: text(event, "event")?,
        channel: channel.trim_ascii(),
        value,
        bad_value,
        transaction,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The reference for [`unquoted_runs`]: where CSV records (blank lines included) end, by
    /// walking every byte through the states of a record.
    fn record_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
        /// Where in a record a byte is.
        #[derive(Clone, Copy)]
        enum State {
            /// At the start of a field: a quote opens a quoted field.
            FieldStart,
            /// In text outside quotes.
            Unquoted,
            /// In a quoted field.
            Quoted,
            /// Just after a quote in a quoted field: it closes the field, or doubles the quote.
            QuoteInQuoted,
        }
        let mut state = State::FieldStart;
        bytes.iter().enumerate().filter_map(move |(at, &b)| {
            let (next, end) = match (state, b) {
                (State::Quoted, b'"') => (State::QuoteInQuoted, false),
                (State::Quoted, _) => (State::Quoted, false),
                (State::FieldStart, b'"') | (State::QuoteInQuoted, b'"') => (State::Quoted, false),
                (_, b',') => (State::FieldStart, false),
                (_, b'\n') => (State::FieldStart, true),
                _ => (State::Unquoted, false),
            };
            state = next;
            end.then_some(at + 1)
        })
    }

    /// The fields of each record of `text`, with their lines.
    fn records(text: &str) -> Vec<(u64, Vec<String>, bool)> {
        let bytes = text.as_bytes();
        let mut record = CsvRecord::default();
        let (mut at, mut line) = (0, 1);
        let mut out = Vec::new();
        while let Some(start) = read_record(bytes, &mut at, &mut line, &mut record) {
            let fields = (0..record.spans.len())
                .map(|i| String::from_utf8_lossy(record.get(bytes, i).unwrap()).into_owned())
                .collect();
            out.push((start, fields, record.unclosed));
        }
        out
    }

    #[test]
    fn csv_records_split_on_commas_outside_quotes() {
        let text = "a,\"b,c\",\"d\"\"e\",f\"g,\"h\"i,\"\"\r\n\n\"x\ny\",z,\n\"open\nend";
        let got = records(text);
        assert_eq!(
            got,
            vec![
                (
                    1,
                    vec!["a", "b,c", "d\"e", "f\"g", "hi", "\r"]
                        .into_iter()
                        .map(String::from)
                        .collect(),
                    false
                ),
                (3, vec!["x\ny".into(), "z".into(), String::new()], false),
                (5, vec!["open\nend".into()], true),
            ]
        );
        assert_eq!(records(""), vec![]);
        assert_eq!(records("\n\r\n\n"), vec![]);
        assert_eq!(
            records("x,"),
            vec![(1, vec!["x".into(), String::new()], false)]
        );
        assert_eq!(records("\"\""), vec![(1, vec![String::new()], false)]);
        assert_eq!(records("\""), vec![(1, vec![String::new()], true)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn cutting_agrees_with_walking_every_byte(
            bytes in prop::collection::vec(prop::sample::select(b"a,\n\"\r".to_vec()), 0..80),
        ) {
            prop_assert_eq!(cut_point(&bytes, true), record_ends(&bytes).last());
            prop_assert_eq!(first_line_end(&bytes), record_ends(&bytes).next());
            // And with the records the parser reads: the cut is where a record ends.
            let mut record = CsvRecord::default();
            let (mut at, mut line) = (0, 1);
            let mut ends = Vec::new();
            while read_record(&bytes, &mut at, &mut line, &mut record).is_some() {
                ends.push(at);
            }
            if let Some(cut) = cut_point(&bytes, true) {
                // After a record's end, or after blank lines that follow one.
                let before = ends.iter().copied().filter(|&end| end <= cut).max().unwrap_or(0);
                prop_assert!(bytes[before..cut].iter().all(|&b| b == b'\n' || b == b'\r'));
            }
        }
    }

    #[test]
    fn chunks_are_cut_after_newlines_outside_quotes() {
        assert_eq!(cut_point(b"a\nb\nc", false), Some(4));
        assert_eq!(cut_point(b"abc", false), None);
        assert_eq!(cut_point(b"a\n\"b\nc", true), Some(2), "inside quotes");
        assert_eq!(cut_point(b"a\n\"b\nc\"\nd", true), Some(8));
        assert_eq!(
            cut_point(b"a\n\"b\"\"\nc\"\nd", true),
            Some(10),
            "a doubled quote"
        );
        // A quote inside unquoted text is text: the newline after it ends the record, and the
        // quoted field after that is whole.
        assert_eq!(cut_point(b"5\" tv\n\"x\ny\"\nz", true), Some(12));
        assert_eq!(
            cut_point(b"\"x\"y\nz", true),
            Some(5),
            "text after a closing quote"
        );
        assert_eq!(first_line_end(b"\"a\nb\",c\nd\n"), Some(8));
        assert_eq!(first_line_end(b"a\"b,c\nd\n"), Some(6));
        let long: Vec<u8> = (0..1000)
            .map(|i| if i % 3 == 0 { b'"' } else { b'x' })
            .collect();
        assert_eq!(count(&long, b'"'), 334);
        assert_eq!(count(&long, b'x'), 666);
    }

    /// A reader that hands out at most 7 bytes at a time, as pipes may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(7).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_reader_finds_the_format_and_hands_out_whole_records() {
        let mut text = String::from("\u{feff}\n\nCustomer_ID,timestamp,value,event\n");
        for n in 0..200_000 {
            text.push_str(&format!("c{n},2026-03-01,\"{n}\n\",e\n"));
        }
        let (mut reader, format) = Reader::open(Trickle(text.as_bytes()), "t").unwrap();
        assert_eq!(
            format,
            Format::Csv(Columns {
                customer: 0,
                timestamp: 1,
                event: 3,
                channel: None,
                value: Some(2),
                transaction: None,
            })
        );
        let mut all = Vec::new();
        let mut chunks = 0;
        while let Some(chunk) = reader.next_chunk(None).unwrap() {
            assert_eq!(
                chunk.first_line,
                4 + all.iter().filter(|&&b| b == b'\n').count() as u64
            );
            assert!(chunk.bytes.ends_with(b"e\n"), "whole records");
            all.extend_from_slice(&chunk.bytes);
            chunks += 1;
        }
        assert!(chunks > 3, "{chunks} chunks");
        assert_eq!(all, text.as_bytes()[text.find("c0,").unwrap()..]);
        assert_eq!(reader.bytes_read(), text.len() as u64);
        let (_, format) = Reader::open(&b"\n  {\"a\": 1}\n"[..], "t").unwrap();
        assert_eq!(format, Format::JsonLines);
    }
}
