//! CSV events: the columns found by name in the header, and records read field by field
//! (quoted fields with commas, newlines and doubled quotes).

use super::chunker::{Chunk, count, find_byte};
use super::{Problem, Row, shown, text, timestamp_of, transaction_of, value_of};

/// Which CSV columns hold what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub(super) customer: usize,
    pub(super) timestamp: usize,
    pub(super) event: usize,
    pub(super) channel: Option<usize>,
    pub(super) value: Option<usize>,
    pub(super) transaction: Option<usize>,
    /// The `--by` column.
    pub(super) segment: Option<usize>,
}

/// Finds the columns by name (any case, spaces around ignored), or says what is wrong when a
/// required column (or the `--by` column, `segment`) is missing: the columns the header has,
/// and what cjm needs.
pub(super) fn columns(
    header: &[String],
    line: u64,
    segment: Option<&str>,
) -> Result<Columns, String> {
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
            segment: match segment {
                None => None,
                Some(name) => Some(find(name).ok_or_else(|| {
                    format!(
                        "no column {:?} to segment by (--by) in the header (line {line}), which \
                         has {}; or --by channel for the events' channel",
                        shown(name.as_bytes()),
                        listed(header),
                    )
                })?),
            },
        }),
        _ => {
            let found = listed(header);
            Err(format!(
                "no column {} in the header (line {}), which has {found}; cjm needs \
                 customer_id, timestamp and event, and reads channel and value when \
                 present (the first line is the header; JSON Lines start with {{)",
                missing.join(", "),
                line,
            ))
        }
    }
}

/// The header's columns for a message, each quoted and shown safely.
fn listed(header: &[String]) -> String {
    header
        .iter()
        .map(|name| format!("{:?}", shown(name.as_bytes())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a chunk of CSV records into rows.
pub(super) fn parse(
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
                segment: columns
                    .segment
                    .map(|c| record.get(bytes, c).unwrap_or_default()),
            })
        });
        on_row(start, row);
    }
}

/// One CSV record's fields: spans of the chunk, or of `owned` for quoted fields that had to be
/// unescaped (`""`) or had text after their closing quote.
#[derive(Debug, Default)]
pub(super) struct CsvRecord {
    /// (start, end, whether in `owned`).
    pub(super) spans: Vec<(usize, usize, bool)>,
    owned: Vec<u8>,
    /// A quoted field ran to the end of the input.
    unclosed: bool,
}

impl CsvRecord {
    /// Field `index`, from `bytes` (the chunk the record was read from) or the owned copy.
    pub(super) fn get<'a>(&'a self, bytes: &'a [u8], index: usize) -> Option<&'a [u8]> {
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
pub(super) fn read_record(
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
