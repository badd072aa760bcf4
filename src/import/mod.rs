//! Journeys from text other tools write: Mermaid `journey` diagrams and cjm's own CSV export.
//! Importers are lenient: what they cannot read is reported by line, not fatal, unless nothing
//! could be read at all.

mod csv;
mod mermaid;
pub mod notes;

pub use self::csv::from_csv;
pub use self::mermaid::{from_mermaid, name_untitled};

use crate::model::{Journey, Persona};

/// What an import produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    /// The journeys read, with stages and touchpoints.
    pub journeys: Vec<Journey>,
    /// Personas the journeys refer to by id (new ones; the caller merges them by name).
    pub personas: Vec<Persona>,
    /// What could not be read as it was, by line.
    pub warnings: Vec<Warning>,
}

/// Something an importer skipped or changed, at a 1-based line of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line of the source, from 1.
    pub line: usize,
    /// What was skipped or changed, and why.
    pub message: String,
}

/// The text of an import source: UTF-8, with or without a byte order mark, or UTF-16 with a
/// byte order mark (what Excel saves as "Unicode text"). Anything else is an error naming the
/// line of the first byte that does not read, so a file in another encoding is never imported
/// as garbled text.
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            Err(ImportError {
                line: before.iter().filter(|b| **b == b'\n').count() + 1,
                message: format!(
                    "not UTF-8 text (byte 0x{:02X}): save it as UTF-8 (Excel: \"CSV UTF-8\") \
                     or as UTF-16 \"Unicode text\"",
                    bytes[e.valid_up_to()]
                ),
            })
        }
    }
}

/// UTF-16 text after its byte order mark, each unit read by `unit`.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ImportError> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let broken = |text: &str| ImportError {
        line: text.matches('\n').count() + 1,
        message: "broken UTF-16 text: save it again as UTF-8 (Excel: \"CSV UTF-8\") or as \
                  UTF-16 \"Unicode text\""
            .to_string(),
    };
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => return Err(broken(&text)),
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(broken(&text));
    }
    Ok(text)
}

/// Nothing could be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    /// The line of the source, from 1 (0 when the whole input is at fault).
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}
