//! Comments for reviews: threads on a card, a stage or a journey, with an author and a time,
//! replies, and open or resolved. They are records like cards: ids, merged field by field.

use serde::Serialize;

use super::conflict::RecordKind;
use super::record::record;
use super::types::{Extra, Journey, Workspace};

fn is_false(value: &bool) -> bool {
    !value
}

/// A thread: the first comment, its replies, and whether it is resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comment {
    /// Its id (`cm-…`).
    pub id: String,
    /// What kind of record it is on: a card, a stage or a journey.
    pub kind: RecordKind,
    /// The id of that record.
    pub record: String,
    /// Who wrote it.
    pub by: String,
    /// When, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// What it says.
    pub text: String,
    /// The answers, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Whether someone marked it done.
    #[serde(skip_serializing_if = "is_false")]
    pub resolved: bool,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An answer in a thread.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reply {
    /// Its id (`re-…`).
    pub id: String,
    /// Who wrote it.
    pub by: String,
    /// When, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// What it says.
    pub text: String,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

record!(Comment, "a comment object", required: [id, kind, record, text],
    optional: [by, at, replies, resolved]);
record!(Reply, "a reply object", required: [id, text], optional: [by, at]);

impl Comment {
    /// Whether the record it is on is `journey`, or one of its stages or cards.
    pub fn belongs_to(&self, journey: &Journey) -> bool {
        let id = self.record.as_str();
        match self.kind {
            RecordKind::Journey => journey.id == id,
            RecordKind::Stage => journey.stages.iter().any(|s| s.id == id),
            RecordKind::Card => journey.find_touchpoint(id).is_some(),
            _ => false,
        }
    }

    /// Where it is, for people: `Journey › Stage › card title`; a record that is gone is
    /// named as such.
    pub fn place(&self, ws: &Workspace) -> String {
        let id = self.record.as_str();
        for journey in &ws.journeys {
            if self.kind == RecordKind::Journey && journey.id == id {
                return journey.name.clone();
            }
            for stage in &journey.stages {
                if self.kind == RecordKind::Stage && stage.id == id {
                    return format!("{} › {}", journey.name, stage.name);
                }
                if let Some(card) = stage.touchpoints.iter().find(|t| t.id == id) {
                    return format!("{} › {} › {}", journey.name, stage.name, card.title);
                }
            }
        }
        format!("a {} that is gone", self.kind.word())
    }
}
