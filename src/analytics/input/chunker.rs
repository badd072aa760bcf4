//! Cutting the input into chunks of whole records: CSV's header is read first, then every
//! chunk ends after a newline outside quoted fields, so each can be parsed on its own thread.

use std::io::Read;

use super::Format;
use super::csv::{self, CsvRecord, read_record};
use super::jsonl;
use crate::analytics::AnalyzeError;

/// The bytes a chunk aims at.
const CHUNK: usize = 1 << 20;
/// A record longer than this stops the reading: the input cannot be cut anywhere in it.
const MAX_RECORD: usize = 64 << 20;

/// A run of whole records of the input.
#[derive(Debug)]
pub struct Chunk {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The line of the input the bytes start on, from 1.
    pub(super) first_line: u64,
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
    /// names the input in errors; `segment` is the `--by` column, which must be in a CSV's
    /// header or among the keys of the first JSON Lines object.
    pub fn open(
        input: R,
        name: &str,
        segment: Option<&str>,
    ) -> Result<(Self, Format), AnalyzeError> {
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
            if let Some(key) = segment {
                let end = memchr::memchr(b'\n', &reader.pending).unwrap_or(reader.pending.len());
                jsonl::has_key(&reader.pending[..end], key)
                    .map_err(|m| reader.input_error(format!("line {}: {m}", reader.line)))?;
            }
            return Ok((reader, Format::JsonLines));
        }
        reader.quotes = true;
        let header_line = reader.line;
        let header = reader.header()?;
        let columns =
            csv::columns(&header, header_line, segment).map_err(|m| reader.input_error(m))?;
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
pub(super) fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, bytes.get(from..)?).map(|offset| from + offset)
}

/// How many times `byte` occurs in `bytes`. Counted in bytes 255 at a time, which compilers
/// turn into wide vector compares: the reading thread counts every byte of the input twice.
pub(super) fn count(bytes: &[u8], byte: u8) -> u64 {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analytics::input::Columns;

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
        let (mut reader, format) = Reader::open(Trickle(text.as_bytes()), "t", None).unwrap();
        assert_eq!(
            format,
            Format::Csv(Columns {
                customer: 0,
                timestamp: 1,
                event: 3,
                channel: None,
                value: Some(2),
                transaction: None,
                segment: None,
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
        let (_, format) = Reader::open(&b"\n  {\"a\": 1}\n"[..], "t", None).unwrap();
        assert_eq!(format, Format::JsonLines);
    }
}
