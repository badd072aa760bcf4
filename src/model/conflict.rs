//! Conflicts kept in the workspace: a field two people set to different values. Every value is
//! kept, with who wrote it and when where that is known, until someone picks one; meanwhile the
//! field shows the value every instance picks by the same rule (CouchDB keeps the losing
//! revisions of a document the same way, and picks its winner deterministically).

use std::cmp::Ordering;

use serde::Serialize;
use serde_json::Value;

use super::record::record;
use super::types::{Extra, Journey, Workspace};

/// The field of a conflict between deleting a record and keeping it with the other side's
/// edits: its values are [`KEPT`] and [`DELETED`].
pub const DELETED_FIELD: &str = "deleted";
/// The value of a [`DELETED_FIELD`] conflict for keeping the record.
pub const KEPT: &str = "kept";
/// The value of a [`DELETED_FIELD`] conflict for deleting it.
pub const DELETED: &str = "deleted";

/// The kind of record a conflict is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// The workspace's own fields.
    Workspace,
    /// A persona.
    Persona,
    /// A journey's own fields.
    Journey,
    /// A stage's own fields.
    Stage,
    /// A KPI's settings.
    Kpi,
    /// A card (a touchpoint); its field `stage` is the stage it is in.
    #[default]
    Card,
    /// A comment thread.
    Comment,
}

impl RecordKind {
    /// The word for it in messages.
    pub fn word(self) -> &'static str {
        match self {
            RecordKind::Workspace => "workspace",
            RecordKind::Persona => "persona",
            RecordKind::Journey => "journey",
            RecordKind::Stage => "stage",
            RecordKind::Kpi => "KPI",
            RecordKind::Card => "card",
            RecordKind::Comment => "comment",
        }
    }
}

/// A field of one record that two or more people set to different values.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Conflict {
    /// `cf-RECORD-FIELD`: the same wherever the conflict is found, so two instances that find
    /// it both keep one conflict.
    pub id: String,
    /// What kind of record holds the field.
    pub kind: RecordKind,
    /// The record's id (empty for the workspace's own fields).
    pub record: String,
    /// The field's name in the file; `stage` for the stage a card is in (its id).
    pub field: String,
    /// The values, each once, in the order of their text.
    pub values: Vec<Candidate>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One value of a field in conflict.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Candidate {
    /// The value as the file holds it; `null` for a field left empty.
    pub value: Value,
    /// Who wrote it, when known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// When, as `YYYY-MM-DDTHH:MM:SSZ`, when known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub at: String,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Candidate {
    /// Who wrote it and when, for people: `rina, 2026-12-07T06:30:00Z`, `rina`, or `someone`
    /// when not known.
    pub fn who(&self) -> String {
        match (self.by.as_str(), self.at.as_str()) {
            ("", _) => "someone".to_string(),
            (by, "") => by.to_string(),
            (by, at) => format!("{by}, {at}"),
        }
    }
}

record!(Conflict, "a conflict object", required: [id, kind, field],
    optional: [record, values]);
record!(Candidate, "a conflict value object", required: [value], optional: [by, at]);

impl Conflict {
    /// The id of the conflict on `field` of the record `record`.
    pub fn id_for(kind: RecordKind, record: &str, field: &str) -> String {
        if record.is_empty() {
            format!("cf-{}-{field}", kind.word())
        } else {
            format!("cf-{record}-{field}")
        }
    }

    /// A conflict between `values` on `field` of `record`.
    pub fn new(kind: RecordKind, record: &str, field: &str, values: Vec<Candidate>) -> Self {
        let mut conflict = Self {
            id: Self::id_for(kind, record, field),
            kind,
            record: record.to_string(),
            field: field.to_string(),
            values: Vec::new(),
            extra: Extra::new(),
        };
        for value in values {
            conflict.add(value);
        }
        conflict
    }

    /// Adds a value. A value already there gains who wrote it and when if it lacked them;
    /// told two authors of one value, it keeps the earlier (then the first by name), so every
    /// instance ends with the same, whatever order it hears them in.
    pub fn add(&mut self, candidate: Candidate) {
        let rank = |c: &Candidate| (c.by.is_empty(), c.at.is_empty(), c.at.clone(), c.by.clone());
        match self.values.iter_mut().find(|c| c.value == candidate.value) {
            Some(known) => {
                if rank(&candidate) < rank(known) {
                    known.by = candidate.by;
                    known.at = candidate.at;
                }
            }
            None => {
                self.values.push(candidate);
                self.values.sort_by(|a, b| order(&a.value, &b.value));
            }
        }
    }

    /// Every value of `other` added to this one's.
    pub fn absorb(&mut self, other: &Conflict) {
        for candidate in &other.values {
            self.add(candidate.clone());
        }
    }

    /// Whether the record it is on is `journey`, or one of its stages, KPIs or cards.
    pub fn belongs_to(&self, journey: &Journey) -> bool {
        let id = self.record.as_str();
        match self.kind {
            RecordKind::Workspace | RecordKind::Persona | RecordKind::Comment => false,
            RecordKind::Journey => journey.id == id,
            RecordKind::Stage => journey.stages.iter().any(|s| s.id == id),
            RecordKind::Kpi => journey
                .stages
                .iter()
                .flat_map(|s| &s.kpis)
                .any(|k| k.id == id),
            RecordKind::Card => journey.find_touchpoint(id).is_some(),
        }
    }

    /// Where it is, for people: `Journey › Stage › card title › field`, `persona Sari ›
    /// name`; a record that is gone is named by its id.
    pub fn place(&self, ws: &Workspace) -> String {
        let id = self.record.as_str();
        let mut steps: Vec<String> = Vec::new();
        match self.kind {
            RecordKind::Workspace => steps.push("workspace".into()),
            RecordKind::Comment => steps.push(match ws.comments.iter().find(|c| c.id == id) {
                Some(c) => format!("comment by {} on {}", c.by, c.place(ws)),
                None => format!("comment {id} (gone)"),
            }),
            RecordKind::Persona => steps.push(match ws.personas.iter().find(|p| p.id == id) {
                Some(p) => format!("persona {}", p.name),
                None => format!("persona {id} (gone)"),
            }),
            kind => {
                let found =
                    ws.journeys.iter().find_map(|j| {
                        if kind == RecordKind::Journey && j.id == id {
                            return Some(vec![j.name.clone()]);
                        }
                        j.stages.iter().find_map(|s| {
                            let here = vec![j.name.clone(), s.name.clone()];
                            match kind {
                                RecordKind::Stage if s.id == id => Some(here),
                                RecordKind::Kpi => s.kpis.iter().find(|k| k.id == id).map(|k| {
                                    [here.clone(), vec![format!("KPI {}", k.name)]].concat()
                                }),
                                RecordKind::Card => s
                                    .touchpoints
                                    .iter()
                                    .find(|t| t.id == id)
                                    .map(|t| [here.clone(), vec![t.title.to_string()]].concat()),
                                _ => None,
                            }
                        })
                    });
                steps.extend(found.unwrap_or_else(|| vec![format!("{} {id} (gone)", kind.word())]));
            }
        }
        steps.push(self.field.clone());
        steps.join(" › ")
    }

    /// One of its values as text for people: text as it is, a list one item a line, a stage
    /// by its name, an empty field as `(empty)`.
    pub fn value_text(&self, ws: &Workspace, value: &Value) -> String {
        match value {
            Value::Null => "(empty)".into(),
            Value::String(choice) if self.field == DELETED_FIELD => {
                if choice == DELETED {
                    "delete it".into()
                } else {
                    "keep it, with the edits made to it".into()
                }
            }
            Value::String(stage) if self.kind == RecordKind::Card && self.field == "stage" => ws
                .journeys
                .iter()
                .flat_map(|j| &j.stages)
                .find(|s| &s.id == stage)
                .map_or_else(|| format!("stage {stage} (gone)"), |s| s.name.clone()),
            Value::String(text) => text.clone(),
            Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    Value::String(text) => text.clone(),
                    // A card's evidence reads as it is typed: the quote, then a bracket.
                    Value::Object(_) if self.field == "evidence" => {
                        serde_json::from_value::<super::Evidence>(item.clone()).map_or_else(
                            |_| item.to_string(),
                            |e| super::evidence_line::to_line(&e),
                        )
                    }
                    Value::Object(map) => map
                        .get("title")
                        .and_then(Value::as_str)
                        .map_or_else(|| item.to_string(), str::to_string),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.to_string(),
        }
    }

    /// Every value on one line for people: `"Pays by card" (rina, …) · "Pays by QRIS"
    /// (someone)`; a list's items joined by `; `.
    pub fn values_line(&self, ws: &Workspace) -> String {
        self.values
            .iter()
            .map(|c| {
                let text = self.value_text(ws, &c.value).replace('\n', "; ");
                format!("{text:?} ({})", c.who())
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The value every instance shows while the conflict lasts: see [`winner`].
    pub fn shown(&self) -> Option<&Value> {
        self.values
            .iter()
            .map(|c| &c.value)
            .max_by(|a, b| order(a, b))
    }
}

/// A value's text in canonical form (`null` for none): what [`winner`] compares.
pub fn canonical(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The order of two values for [`winner`]: a filled value after an empty one (none, `""`,
/// `[]`, `{}`), then by their canonical text.
fn order(a: &Value, b: &Value) -> Ordering {
    let filled = |v: &Value| match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => true,
    };
    (filled(a), canonical(a)).cmp(&(filled(b), canonical(b)))
}

/// Whether `a` is shown rather than `b` when two people set one field to these values: a
/// filled value over an empty one, else the greater canonical text. Arbitrary, but the same
/// in every instance whichever side it merges from, so all settle on one visible value without
/// talking to each other; the other value stays in the conflict.
pub fn winner<'v>(a: &'v Value, b: &'v Value) -> &'v Value {
    if order(a, b) == Ordering::Less { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn candidate(value: Value, by: &str) -> Candidate {
        Candidate {
            value,
            by: by.into(),
            at: String::new(),
            extra: Extra::new(),
        }
    }

    #[test]
    fn the_winner_is_the_same_from_either_side() {
        let (a, b) = (json!("Pays by card"), json!("Pays by QRIS"));
        assert_eq!(winner(&a, &b), winner(&b, &a));
        assert_eq!(winner(&Value::Null, &json!(1)), &json!(1));
        assert_eq!(winner(&json!([]), &json!(["Slow"])), &json!(["Slow"]));
        assert_eq!(winner(&json!("z"), &json!("")), &json!("z"));
    }

    #[test]
    fn evidence_values_read_as_they_are_typed() {
        let conflict = Conflict::new(
            RecordKind::Card,
            "tp-1",
            "evidence",
            vec![candidate(
                json!([{"kind": "interview", "source": "Rina", "quote": "Mahal"}, {"quote": "x"}]),
                "rina",
            )],
        );
        assert_eq!(
            conflict.value_text(&Workspace::default(), &conflict.values[0].value),
            "Mahal [interview, @Rina]\nx"
        );
    }

    #[test]
    fn values_are_kept_once_in_one_order_and_learn_their_author() {
        let mut one = Conflict::new(
            RecordKind::Card,
            "tp-1",
            "title",
            vec![candidate(json!("B"), ""), candidate(json!("A"), "rina")],
        );
        let other = Conflict::new(
            RecordKind::Card,
            "tp-1",
            "title",
            vec![candidate(json!("A"), ""), candidate(json!("B"), "budi")],
        );
        assert_eq!(one.id, other.id);
        one.absorb(&other);
        let seen: Vec<(&Value, &str)> = one
            .values
            .iter()
            .map(|c| (&c.value, c.by.as_str()))
            .collect();
        assert_eq!(seen, [(&json!("A"), "rina"), (&json!("B"), "budi")]);
        assert_eq!(one.shown(), Some(&json!("B")));
        let text = serde_json::to_string(&one).unwrap();
        let back: Conflict = serde_json::from_str(&text).unwrap();
        assert_eq!(back, one);
    }
}
