//! A piece of evidence as one line of text, described where it is written:
//! `Ongkirnya mahal banget [interview, 2026-01-05, https://example.com/rec/3, @Rina, Jakarta]`.
//!
//! The bracket at the end holds, comma-separated, any of a kind (`interview`, `survey`,
//! `focus group`, `analytics`, `support ticket`, `note`), a date `YYYY-MM-DD` and a link
//! (anything with `://`), and last `@source`, which runs to the end of the bracket and so may
//! hold commas. A trailing bracket with none of these is part of the quote (`Pilot [beta]`);
//! one that holds some and something else is an error that names it.

use super::{Evidence, EvidenceKind, date};

/// The line for `evidence`: its quote, then a bracket of what else it has (nothing for a note
/// that is only a quote). Line breaks become spaces.
pub fn to_line(evidence: &Evidence) -> String {
    let parts: Vec<String> = parts(evidence)
        .iter()
        .map(|p| p.replace('\n', " "))
        .collect();
    let quote = evidence.quote.replace('\n', " ");
    if parts.is_empty() && bracket(&quote).is_none() {
        quote
    } else if parts.is_empty() {
        format!("{quote} []")
    } else {
        format!("{quote} [{}]", parts.join(", "))
    }
}

/// What goes in the bracket for `evidence`, in order: the kind unless a note, the date, the
/// link (commas as `%2C`, which a browser reads the same) and `@source`.
pub fn parts(evidence: &Evidence) -> Vec<String> {
    let mut parts = Vec::new();
    if evidence.kind != EvidenceKind::Note {
        parts.push(evidence.kind.label().to_string());
    }
    if let Some(day) = &evidence.date {
        parts.push(day.clone());
    }
    if !evidence.link.is_empty() {
        parts.push(evidence.link.replace(',', "%2C"));
    }
    if !evidence.source.is_empty() {
        parts.push(format!("@{}", evidence.source));
    }
    parts
}

/// What one line says: the quote, and the record as its bracket describes it, when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The quote.
    pub quote: String,
    /// The record the bracket describes (its quote set too), when there is one.
    pub described: Option<Evidence>,
}

/// Reads one line (see the module's doc); an error says what in the bracket is not understood.
pub fn parse_line(line: &str) -> Result<Line, String> {
    let line = line.trim();
    let plain = || Line {
        quote: line.to_string(),
        described: None,
    };
    let Some((quote, inside)) = bracket(line) else {
        return Ok(plain());
    };
    Ok(match read_bracket(inside)? {
        Some(described) => Line {
            quote: quote.to_string(),
            described: Some(Evidence {
                quote: quote.into(),
                source: described.source.trim().into(),
                ..described
            }),
        },
        None => plain(),
    })
}

/// The record the inside of a bracket describes (without a quote); `None` when it names
/// nothing a record has, so the bracket is part of the quote; an error for a bracket that
/// names some of it and something else. `[]` is a record that says nothing. The source is kept
/// as written, spaces and all.
pub fn read_bracket(inside: &str) -> Result<Option<Evidence>, String> {
    let mut described = Evidence::default();
    let (parts, source) = split_source(inside);
    let mut understood = usize::from(source.is_some());
    let mut unknown = Vec::new();
    for part in parts.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(kind) = EvidenceKind::parse(part) {
            described.kind = kind;
        } else if date::parse_day(part).is_some() {
            described.date = Some(part.to_string());
        } else if part.contains("://") {
            described.link = part.into();
        } else {
            unknown.push(part);
            continue;
        }
        understood += 1;
    }
    if let Some(source) = source {
        described.source = source.into();
    }
    match (understood, unknown.as_slice()) {
        (0, []) if inside.trim().is_empty() => Ok(Some(described)),
        (0, _) => Ok(None),
        (_, []) => Ok(Some(described)),
        (_, [first, ..]) => Err(format!(
            "“{first}” in [{inside}] is not understood: write a kind (interview, survey, focus \
             group, analytics, support ticket, note), a date YYYY-MM-DD, a link with :// or \
             @source last"
        )),
    }
}

/// The parts before the source and the source: from the first part that starts with `@` to
/// the end, as written (a `@` inside a link is not a source).
fn split_source(inside: &str) -> (&str, Option<&str>) {
    let mut start = 0;
    for part in inside.split(',') {
        let trimmed = part.trim_start();
        if trimmed.starts_with('@') {
            let at = start + (part.len() - trimmed.len());
            return (&inside[..at], Some(&inside[at + 1..]));
        }
        start += part.len() + 1;
    }
    (inside, None)
}

/// The quote before a trailing `[...]` and what is inside it.
fn bracket(line: &str) -> Option<(&str, &str)> {
    let inner = line.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    Some((inner[..open].trim_end(), &inner[open + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(line: &str) -> Evidence {
        parse_line(line).unwrap().described.expect("a bracket")
    }

    #[test]
    fn a_line_carries_kind_date_link_and_source_and_round_trips() {
        let e = described(
            "Ongkirnya mahal [Focus group, 2026-01-05, https://x.test/a, @Jakarta, 6 people]",
        );
        assert_eq!(e.quote, "Ongkirnya mahal");
        assert_eq!(e.kind, EvidenceKind::FocusGroup);
        assert_eq!(e.date.as_deref(), Some("2026-01-05"));
        assert_eq!(e.link, "https://x.test/a");
        assert_eq!(e.source, "Jakarta, 6 people");
        assert_eq!(
            to_line(&e),
            "Ongkirnya mahal [focus group, 2026-01-05, https://x.test/a, @Jakarta, 6 people]"
        );
        assert_eq!(described(&to_line(&e)), e);
    }

    #[test]
    fn a_comma_in_a_link_and_a_line_break_in_a_quote_survive() {
        let e = Evidence {
            link: "https://u@x.test/?a=1,2".into(),
            quote: "two\nlines".into(),
            ..Evidence::default()
        };
        let back = described(&to_line(&e));
        assert_eq!(back.link, "https://u@x.test/?a=1%2C2");
        assert_eq!(back.quote, "two lines");
    }

    #[test]
    fn a_plain_line_is_a_quote_and_a_bracket_without_fields_is_part_of_it() {
        assert_eq!(parse_line("Lama sekali").unwrap().described, None);
        let line = parse_line("Pilot the kiosk [beta]").unwrap();
        assert_eq!(line.quote, "Pilot the kiosk [beta]");
        assert_eq!(line.described, None);
        let plain = Evidence::quote(EvidenceKind::Note, "Pilot [beta]");
        assert_eq!(to_line(&plain), "Pilot [beta] []");
        assert_eq!(described(&to_line(&plain)), plain);
        assert_eq!(
            to_line(&Evidence::quote(EvidenceKind::Note, "Plain")),
            "Plain"
        );
    }

    #[test]
    fn an_unknown_part_beside_known_ones_is_an_error_that_names_it() {
        let error = parse_line("Mahal [survey, soon]").unwrap_err();
        assert!(error.contains("“soon”"), "{error}");
        let mailto = described("Mahal [https://cs@toko.test/?a=1, @CS]");
        assert_eq!(mailto.source, "CS");
        let error = parse_line("Mahal [2026-02-30, survey]").unwrap_err();
        assert!(error.contains("“2026-02-30”"), "{error}");
    }
}
