//! A card's evidence: where its insight came from, one record per quote or source.
//!
//! Files written before evidence became records hold one free text; it loads as one record of
//! kind `note` with the text as its quote, and is written back as a list.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::record::record;
use super::types::{Extra, Text};

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// How a piece of evidence was gathered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A note without a stated method (what the old free-text field held).
    #[default]
    Note,
    /// A one-to-one interview.
    Interview,
    /// A survey answer.
    Survey,
    /// A focus group.
    FocusGroup,
    /// Analytics data.
    Analytics,
    /// A support ticket.
    SupportTicket,
}

impl EvidenceKind {
    /// Every kind, in the order pickers and docs list them.
    pub const ALL: [EvidenceKind; 6] = [
        Self::Note,
        Self::Interview,
        Self::Survey,
        Self::FocusGroup,
        Self::Analytics,
        Self::SupportTicket,
    ];

    /// The kind as people write it: `note`, `interview`, `focus group`...
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Interview => "interview",
            Self::Survey => "survey",
            Self::FocusGroup => "focus group",
            Self::Analytics => "analytics",
            Self::SupportTicket => "support ticket",
        }
    }

    /// The kind named `text` (case, spaces, `-` and `_` do not matter), if any.
    pub fn parse(text: &str) -> Option<Self> {
        let key: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '-' | '_' => ' ',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::ALL.into_iter().find(|k| k.label() == key)
    }
}

/// One piece of evidence behind a card.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// How it was gathered.
    #[serde(skip_serializing_if = "is_default")]
    pub kind: EvidenceKind,
    /// Who or what it came from: a respondent, a study, a dashboard.
    #[serde(skip_serializing_if = "Text::is_empty")]
    pub source: Text,
    /// When it was gathered, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What was said or seen, in the customer's words where there are some.
    #[serde(skip_serializing_if = "Text::is_empty")]
    pub quote: Text,
    /// Where to read more: a recording, a ticket, a report.
    #[serde(skip_serializing_if = "Text::is_empty")]
    pub link: Text,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

record!(Evidence, "an evidence object", required: [],
    optional: [kind, source, date, quote, link]);

impl Evidence {
    /// A record of `kind` quoting `quote`.
    pub fn quote(kind: EvidenceKind, quote: &str) -> Self {
        Self {
            kind,
            quote: quote.into(),
            ..Self::default()
        }
    }

    /// Where it came from, as one phrase: `interview · Rina · 2026-01-05` (the kind unless a
    /// note, the source, the date, as far as they are known); empty when none is.
    pub fn credit(&self) -> String {
        let kind = (self.kind != EvidenceKind::Note).then(|| self.kind.label());
        let parts: Vec<&str> = kind
            .into_iter()
            .chain([
                self.source.trim(),
                self.date.as_deref().unwrap_or("").trim(),
            ])
            .filter(|p| !p.is_empty())
            .collect();
        parts.join(" · ")
    }

    /// The record as one readable line for exports: the quote, ` — ` and its credit, then the
    /// link in brackets, each part when it has one.
    pub fn summary(&self) -> String {
        let mut out = self.quote.trim().to_string();
        let credit = self.credit();
        if !credit.is_empty() {
            if !out.is_empty() {
                out.push_str(" — ");
            }
            out.push_str(&credit);
        }
        if !self.link.trim().is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&format!("({})", self.link.trim()));
        }
        out
    }
}

/// A card's evidence records, in the order they were added. Reads a list of records or, from
/// older files, a text (one `note` record; an empty text is no record).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct EvidenceList(pub Vec<Evidence>);

impl EvidenceList {
    /// Whether there is no record (the field is then left out of the file).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `record` unless one that says the same (kind, source, date, quote and link) is
    /// there already, so importing the same notes twice adds nothing; whether it was added.
    pub fn add(&mut self, record: Evidence) -> bool {
        let same = |e: &Evidence| {
            (e.kind, &e.source, &e.date, &e.quote, &e.link)
                == (
                    record.kind,
                    &record.source,
                    &record.date,
                    &record.quote,
                    &record.link,
                )
        };
        if self.0.iter().any(same) {
            return false;
        }
        self.0.push(record);
        true
    }
}

impl Deref for EvidenceList {
    type Target = Vec<Evidence>;
    fn deref(&self) -> &Vec<Evidence> {
        &self.0
    }
}

impl DerefMut for EvidenceList {
    fn deref_mut(&mut self) -> &mut Vec<Evidence> {
        &mut self.0
    }
}

impl From<Vec<Evidence>> for EvidenceList {
    fn from(records: Vec<Evidence>) -> Self {
        Self(records)
    }
}

/// The evidence an old free text stands for: one note quoting it, none for a blank text.
impl From<&str> for EvidenceList {
    fn from(text: &str) -> Self {
        Self(if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![Evidence::quote(EvidenceKind::Note, text)]
        })
    }
}

impl<'de> Deserialize<'de> for EvidenceList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = EvidenceList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of evidence objects (or, as older files have it, a text)")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<EvidenceList, E> {
                Ok(EvidenceList::from(text))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EvidenceList, A::Error> {
                let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(record) = seq.next_element()? {
                    records.push(record);
                }
                Ok(EvidenceList(records))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<EvidenceList, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn an_old_text_is_one_note() {
        let list = read(r#""Checkout analytics, January 2026""#).unwrap();
        assert_eq!(
            list.0,
            [Evidence::quote(
                EvidenceKind::Note,
                "Checkout analytics, January 2026"
            )]
        );
        assert!(read(r#""  ""#).unwrap().is_empty());
    }

    #[test]
    fn records_round_trip_with_unknown_fields() {
        let json = r#"[{"kind":"focus_group","source":"Jakarta, 6 people","date":"2026-01-05","quote":"Ongkirnya mahal","link":"https://example.com/fg1","mood":"tense"},{"quote":"x"}]"#;
        let list = read(json).unwrap();
        assert_eq!(list[0].kind, EvidenceKind::FocusGroup);
        assert_eq!(list[0].extra["mood"], "tense");
        assert_eq!(list[1].kind, EvidenceKind::Note);
        assert_eq!(serde_json::to_string(&list).unwrap(), json);
    }

    #[test]
    fn a_bad_kind_or_shape_is_an_error() {
        let e = read(r#"[{"kind":"gossip"}]"#).unwrap_err().to_string();
        assert!(e.contains("gossip") && e.contains("support_ticket"), "{e}");
        let e = read("42").unwrap_err().to_string();
        assert!(e.contains("list of evidence objects"), "{e}");
    }

    #[test]
    fn credit_and_summary_say_only_what_is_known() {
        let mut e = Evidence::quote(EvidenceKind::Note, "Mahal");
        assert_eq!(e.credit(), "");
        assert_eq!(e.summary(), "Mahal");
        e.kind = EvidenceKind::Interview;
        e.source = "Rina".into();
        e.date = Some("2026-01-05".into());
        e.link = "https://x.test/r".into();
        assert_eq!(e.credit(), "interview · Rina · 2026-01-05");
        assert_eq!(
            e.summary(),
            "Mahal — interview · Rina · 2026-01-05 (https://x.test/r)"
        );
    }

    #[test]
    fn a_record_already_there_is_not_added_again() {
        let mut list = EvidenceList::default();
        assert!(list.add(Evidence::quote(EvidenceKind::Survey, "Mahal")));
        assert!(!list.add(Evidence::quote(EvidenceKind::Survey, "Mahal")));
        assert!(list.add(Evidence::quote(EvidenceKind::Interview, "Mahal")));
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn kinds_are_read_as_people_write_them() {
        assert_eq!(
            EvidenceKind::parse("Focus-Group"),
            Some(EvidenceKind::FocusGroup)
        );
        assert_eq!(
            EvidenceKind::parse("support_ticket"),
            Some(EvidenceKind::SupportTicket)
        );
        assert_eq!(EvidenceKind::parse("gossip"), None);
        for kind in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::parse(kind.label()), Some(kind));
        }
    }
}
