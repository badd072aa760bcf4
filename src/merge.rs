//! Three-way merge of two concurrent edits of one workspace, matched by id.
//!
//! When two cjm instances edit the same file, each merges the file now on disk (`theirs`) into
//! its own edits (`ours`), both descending from the version it loaded (`base`). The merge is
//! pure: no I/O, no UI. It always keeps every edit. Where both sides changed the same thing
//! differently it is CouchDB's model rather than "last save wins": the field shows the value
//! that wins by one deterministic rule ([`winner`]: the same whichever side merges), and every
//! value is kept in the workspace as a [`model::Conflict`] until a person picks one
//! ([`resolve`], an undoable [`Edit`]). Each merge also reports what it found as [`Conflict`]s
//! for the status line.
//!
//! The rules, the same at every level:
//!
//! - **Matching.** Personas and journeys are matched by id in the workspace, stages within
//!   their journey, KPIs within their stage, and cards within their journey across its stages
//!   (a card moved to another stage is the same card, with a changed stage).
//! - **Fields.** Each field of a record is merged on its own, unknown (`extra`) fields
//!   included: changed on one side only, that change is taken; changed on both sides to the
//!   same value, fine; changed differently, a [`What::Field`] conflict (the winner shown, both
//!   values kept). Lists
//!   (pain points, tags, strategies...) are whole values, and so are a card's opportunities:
//!   the app edits them as one field, and two people adding to the same card's list is a
//!   conflict to look at rather than a guess.
//! - **KPI measurements** have no id and are matched by their whole content: each side's
//!   additions and removals are applied, a measurement added on both sides is kept once, and a
//!   measurement changed on one side is a removal plus an addition. Theirs go in by date.
//! - **Added** on one side: kept. The same id added on both sides is one record whose fields
//!   are merged as above, with no common base.
//! - **Deleted** on one side: the record goes if the other side left it as it was. A record
//!   the other side changed (its fields, a card's stage, a KPI's measurements) is kept as that
//!   side has it, with a [`What::Deleted`] conflict (kept as a `deleted` conflict whose values
//!   are `kept` and `deleted`, so a person can still delete it). So is a record that still holds something
//!   kept: a stage with a card that stays (say, one the other side moved or edited into it),
//!   a journey with a stage that stays. Nothing a side did is lost; what it did not touch in a
//!   deleted stage or journey goes with it.
//! - **Stages of cards.** A card's stage is merged like a field: moved on one side only, it
//!   ends in that stage with every field edit from both sides; moved to different stages on
//!   both sides, a [`What::Place`] conflict: the stage whose id sorts last, the other kept as a
//!   `stage` conflict. A card moved into a stage the
//!   other side deleted keeps that stage (the rule above).
//! - **Order** of personas, journeys, stages, KPIs and the cards of a stage: if only theirs
//!   changed the order of the records both sides still share there, theirs is followed;
//!   otherwise ours (both changed it differently: ours, silently, since order matters less than
//!   content and no record is lost). Records only the other side has there are inserted after
//!   the record that precedes them on that side, or at the end when none follows them there.
//! - **Ids** stay unique: given valid inputs the result passes [`validate`]; in the rare case
//!   of one id on two different records (hand-written ids added on both sides as different
//!   kinds of record, or a record moved by hand between journeys and edited on the other side)
//!   the later one gets a fresh id, so both are kept.
//!
//! - **Kept conflicts** merge by id: one resolved on a side goes unless the other side added a
//!   value to it; one both sides hold keeps every value of both. They are listed by id.
//!
//! `merge(base, x, base)`, `merge(base, base, x)` and `merge(base, x, x)` all give `x` with no
//! conflict. The cost is linear in the size of the workspace (hash maps by id).
//!
//! [`validate`]: crate::model::validate

use std::borrow::Cow;
use std::collections::BTreeSet;

// foldhash rather than SipHash: a merge of a large map hashes every id a dozen times.
use foldhash::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::edit::Edit;
use crate::model::conflict::{DELETED, DELETED_FIELD, KEPT};
use crate::model::{
    self, Candidate, Extra, FieldValue, Journey, Kpi, Measurement, Persona, RecordKind, Stage,
    Touchpoint, TouchpointField, Workspace, new_id, winner,
};

/// The result of a merge: the merged workspace and what both sides changed differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// Every edit of both sides; where they disagree, the value that wins (see [`Conflict::kept`]), the others kept in its `conflicts`.
    pub workspace: Workspace,
    /// The disagreements: the workspace's own fields, personas, then journey by journey.
    pub conflicts: Vec<Conflict>,
}

/// One side of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The edits of this instance.
    Ours,
    /// The file as another instance saved it.
    Theirs,
}

/// The kind of a record with an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A persona.
    Persona,
    /// A journey.
    Journey,
    /// A stage of a journey.
    Stage,
    /// A KPI of a stage.
    Kpi,
    /// A touchpoint (a card).
    Card,
    /// A comment thread.
    Comment,
}

impl Kind {
    /// The same kind as a conflict kept in the workspace names it.
    pub fn record_kind(self) -> RecordKind {
        match self {
            Kind::Persona => RecordKind::Persona,
            Kind::Journey => RecordKind::Journey,
            Kind::Stage => RecordKind::Stage,
            Kind::Kpi => RecordKind::Kpi,
            Kind::Card => RecordKind::Card,
            Kind::Comment => RecordKind::Comment,
        }
    }
}

/// One record on the way to a conflict, for display and for finding it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What kind of record.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its name (a card's title) for display, as the merge found it.
    pub name: String,
}

/// Something both sides changed differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Where: from the journey down to the record (a persona alone; empty for the workspace's
    /// own fields), as in the merged workspace.
    pub path: Vec<Step>,
    /// What the sides disagree on.
    pub what: What,
}

/// What two sides disagree on.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A field (its name in the file) set to different values; `None` is absent (empty or
    /// default). The merged workspace holds ours.
    Field {
        /// The field's name in the file, e.g. `title` or an unknown field's name.
        name: String,
        /// Our value.
        ours: Option<Value>,
        /// Their value.
        theirs: Option<Value>,
    },
    /// A card moved to a different stage on each side. The merged workspace has it in ours.
    Place {
        /// The stage we moved it to.
        ours: Step,
        /// The stage they moved it to.
        theirs: Step,
    },
    /// The record was deleted by `by` and changed, or given something to keep, by the other
    /// side. The merged workspace keeps it as the other side has it.
    Deleted {
        /// The side that deleted it.
        by: Side,
    },
}

impl Conflict {
    /// The side whose version the merged workspace holds: for a field or a place, the side
    /// whose value wins by [`winner`] (the same rule in every instance).
    pub fn kept(&self) -> Side {
        match &self.what {
            What::Deleted { by: Side::Ours } => Side::Theirs,
            What::Deleted { by: Side::Theirs } => Side::Ours,
            What::Field { ours, theirs, .. } => {
                let (o, t) = (value_or_null(ours), value_or_null(theirs));
                if std::ptr::eq(winner(&o, &t), &o) {
                    Side::Ours
                } else {
                    Side::Theirs
                }
            }
            What::Place { ours, theirs } => {
                if ours.id >= theirs.id {
                    Side::Ours
                } else {
                    Side::Theirs
                }
            }
        }
    }
}

impl fmt::Display for Conflict {
    /// One line for the status line or a list, e.g.
    /// `Phone › Decision › Tries the phone: title: yours "A", theirs "B"`.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let place: Vec<String> = self
            .path
            .iter()
            .map(|step| match step.kind {
                Kind::Persona => format!("persona {}", step.name),
                Kind::Kpi => format!("KPI {}", step.name),
                _ => step.name.clone(),
            })
            .collect();
        if place.is_empty() {
            write!(f, "workspace: ")?;
        } else {
            write!(f, "{}: ", place.join(" › "))?;
        }
        let show = |value: &Option<Value>| value.as_ref().map_or("—".into(), Value::to_string);
        match &self.what {
            What::Field { name, ours, theirs } => {
                write!(f, "{name}: yours {}, theirs {}", show(ours), show(theirs))
            }
            What::Place { ours, theirs } => write!(
                f,
                "moved to {} by you, to {} by them",
                ours.name, theirs.name
            ),
            What::Deleted { by: Side::Theirs } => {
                write!(f, "deleted by them, kept with your edits")
            }
            What::Deleted { by: Side::Ours } => write!(f, "deleted by you, kept with their edits"),
        }
    }
}

/// The edit that resolves the conflict `id` kept in `ws` with `value`, one of its values: the
/// field set to it (a card moved to that stage) and the conflict dropped, as one undoable step.
/// `None` when the conflict, its record, or the stage to move to is gone.
pub fn resolve(ws: &Workspace, id: &str, value: &Value) -> Option<Edit> {
    let conflict = ws.conflicts.iter().find(|c| c.id == id)?;
    let kind = match conflict.kind {
        RecordKind::Workspace => None,
        RecordKind::Persona => Some(Kind::Persona),
        RecordKind::Journey => Some(Kind::Journey),
        RecordKind::Stage => Some(Kind::Stage),
        RecordKind::Kpi => Some(Kind::Kpi),
        RecordKind::Card => Some(Kind::Card),
        RecordKind::Comment => Some(Kind::Comment),
    };
    let target = kind.map(|kind| Step {
        kind,
        id: conflict.record.clone(),
        name: String::new(),
    });
    let field = conflict.field.as_str();
    let value = (!value.is_null()).then_some(value);
    let mut edits = match (&target, value) {
        (Some(target), Some(Value::String(choice))) if field == DELETED_FIELD => {
            if choice == DELETED {
                vec![remove(ws, target)?]
            } else {
                Vec::new()
            }
        }
        (Some(card), Some(Value::String(stage))) if card.kind == Kind::Card && field == "stage" => {
            let (journey, ..) = find_card(ws, &card.id)?;
            journey.stage_index(stage)?;
            vec![Edit::MoveCard {
                journey: journey.id.clone(),
                card: card.id.clone(),
                stage: stage.clone(),
                index: usize::MAX,
            }]
        }
        (Some(target), value) => set_field(ws, target, field, value)?,
        (None, value) => {
            let mut new = with_field(&*ws.own(), field, value)?;
            new.personas.clone_from(&ws.personas);
            new.journeys.clone_from(&ws.journeys);
            new.conflicts.clone_from(&ws.conflicts);
            vec![Edit::ReplaceAll {
                workspace: Box::new(new),
            }]
        }
    };
    edits.push(Edit::RemoveConflict {
        conflict: id.to_string(),
    });
    Some(Edit::Batch {
        label: format!("resolve the {field} conflict"),
        edits,
    })
}

/// The value the field of a kept conflict holds now in `ws` (`null` when empty), or `None` when
/// its record is gone.
pub fn current_value(ws: &Workspace, conflict: &model::Conflict) -> Option<Value> {
    let id = conflict.record.as_str();
    let field = conflict.field.as_str();
    let of = |record: Map<String, Value>| {
        if field == DELETED_FIELD {
            Value::String(KEPT.into())
        } else {
            record.get(field).cloned().unwrap_or(Value::Null)
        }
    };
    Some(match conflict.kind {
        RecordKind::Workspace => of(object(Some(&*ws.own()))),
        RecordKind::Persona => of(object(Some(ws.personas.iter().find(|p| p.id == id)?))),
        RecordKind::Journey => of(object(Some(&*ws.journeys[ws.journey_index(id)?].own()))),
        RecordKind::Stage => {
            let (journey, index) = find_stage(ws, id)?;
            of(object(Some(&*journey.stages[index].own())))
        }
        RecordKind::Kpi => {
            let (_, stage, index) = find_kpi(ws, id)?;
            of(object(Some(&*stage.kpis[index].own())))
        }
        RecordKind::Comment => of(object(Some(
            &*ws.comments.iter().find(|c| c.id == id)?.own(),
        ))),
        RecordKind::Card => {
            let (_, stage, index) = find_card(ws, id)?;
            if field == "stage" {
                Value::String(stage.id.clone())
            } else if field == DELETED_FIELD {
                Value::String(KEPT.into())
            } else {
                of(object(Some(&stage.touchpoints[index])))
            }
        }
    })
}

/// The edit for someone who set `field` of the card `card` to `value` having seen the card as
/// `seen` (when their editor opened). When the card still holds what they saw in that field,
/// a plain [`Edit::SetField`]; when someone else changed that field meanwhile, the two values
/// are a conflict kept in the workspace (theirs stamped with `stamp`), and the field shows the
/// value that wins by [`winner`]. A commit is never an overwrite of a value its author did not
/// see. `None` when nothing changes or the card is gone.
pub fn card_field_edit(
    ws: &Workspace,
    card: &str,
    field: TouchpointField,
    value: FieldValue,
    seen: &Touchpoint,
    stamp: &Stamp,
) -> Option<Edit> {
    let (journey, stage, index) = find_card(ws, card)?;
    let current = &stage.touchpoints[index];
    let mut mine = seen.clone();
    mine.set(field, value);
    let mut m = Merger {
        stamp: stamp.clone(),
        ..Merger::default()
    };
    let merging = m.own(Some(seen), Some(&mine), Some(current), &Vec::new)?;
    let shown = merging.rec.get(field);
    let mut edits = Vec::new();
    if shown != current.get(field) {
        let shown = shown.clone();
        edits.push(Edit::SetField {
            journey: journey.id.clone(),
            card: card.to_string(),
            field,
            value: shown,
        });
    }
    // A field already in conflict: this value joins the others until someone picks one.
    let open = model::Conflict::id_for(RecordKind::Card, card, field.key());
    let changes = shown != current.get(field);
    if m.stored.is_empty()
        && changes
        && let Some(known) = ws.conflicts.iter().find(|c| c.id == open)
    {
        let mut known = known.clone();
        known.add(Candidate {
            value: value_or_null(&object(Some(&merging.rec)).get(&known.field).cloned()),
            by: stamp.by.clone(),
            at: stamp.at.clone(),
            extra: Extra::new(),
        });
        m.stored.push(known);
    }
    for found in m.stored {
        let conflict = match ws.conflicts.iter().find(|c| c.id == found.id) {
            Some(known) => {
                let mut known = known.clone();
                known.absorb(&found);
                known
            }
            None => found,
        };
        edits.push(Edit::PutConflict { conflict });
    }
    match edits.len() {
        0 => None,
        1 if matches!(edits[0], Edit::SetField { .. }) => edits.pop(),
        _ => Some(Edit::Batch {
            label: format!("edit {} (a conflict)", field.label().to_lowercase()),
            edits,
        }),
    }
}

/// The values a person can pick for a kept conflict: each of its values, and the value the
/// field holds now when that is none of them (set since, without joining the conflict), so
/// that picking never replaces a value nobody was shown.
pub fn choices(ws: &Workspace, conflict: &model::Conflict) -> Vec<Candidate> {
    let mut all = conflict.values.clone();
    if let Some(now) = current_value(ws, conflict)
        && !all.iter().any(|c| c.value == now)
    {
        all.push(Candidate {
            value: now,
            ..Candidate::default()
        });
    }
    all
}

/// Who made our side's edits and when, for the conflicts a merge records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The person's name.
    pub by: String,
    /// When, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
}

/// Merges `ours` and `theirs`, two edits of `base`: see the [module](self) for the rules.
pub fn merge(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Merged {
    merge_by(base, ours, theirs, &Stamp::default())
}

/// [`merge`], with `stamp` saying who made our edits: the conflicts it records in the
/// workspace name them beside our values.
pub fn merge_by(base: &Workspace, ours: &Workspace, theirs: &Workspace, stamp: &Stamp) -> Merged {
    let ids = |ws: &Workspace| ws.conflicts.iter().map(|c| c.id.clone()).collect();
    let mut m = Merger {
        stamp: stamp.clone(),
        base_conflicts: base
            .conflicts
            .iter()
            .map(|c| (c.id.clone(), c.clone()))
            .collect(),
        ours_keep: ids(ours),
        theirs_keep: ids(theirs),
        ..Merger::default()
    };
    let settle = m.settler(RecordKind::Workspace, "");
    let (own, clashes) = fields(Some(&*base.own()), ours.own(), theirs.own(), &settle);
    m.clashes(&[], clashes);
    let personas = m.list(
        &base.personas,
        &ours.personas,
        &theirs.personas,
        |m, b, o, t| {
            let own = m.own(b, o, t, &Vec::new)?;
            m.keep(&own, false, &Vec::new).then_some(own.rec)
        },
    );
    let journeys = m.list(
        &base.journeys,
        &ours.journeys,
        &theirs.journeys,
        Merger::journey,
    );
    let mut comments = m.list(
        &base.comments,
        &ours.comments,
        &theirs.comments,
        Merger::comment,
    );
    // Oldest first, the same in every instance.
    comments.sort_by(|a, b| (&a.at, &a.id).cmp(&(&b.at, &b.id)));
    let mut conflicts = merge_conflicts(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    for found in m.stored.drain(..) {
        match conflicts.iter_mut().find(|c| c.id == found.id) {
            Some(known) => known.absorb(&found),
            None => conflicts.push(found),
        }
    }
    conflicts.sort_by(|a, b| a.id.cmp(&b.id));
    let mut workspace = Workspace {
        personas,
        journeys,
        comments,
        conflicts,
        ..own
    };
    unique_ids(&mut workspace);
    Merged {
        workspace,
        conflicts: m.conflicts,
    }
}

/// A record's fields apart from the records it holds, which are merged on their own.
trait Own: Serialize + DeserializeOwned + PartialEq + Clone {
    /// The record without the records it holds (itself when it holds none).
    fn own(&self) -> Cow<'_, Self>;
}

/// A record with an id.
trait Record: Own {
    /// Its kind.
    const KIND: Kind;
    /// Its id.
    fn id(&self) -> &str;
    /// Its name, a card's title.
    fn name(&self) -> &str;
    /// The record as a step of a conflict's path.
    fn step(&self) -> Step {
        Step {
            kind: Self::KIND,
            id: self.id().to_string(),
            name: self.name().to_string(),
        }
    }
}

impl Own for Workspace {
    fn own(&self) -> Cow<'_, Self> {
        Cow::Owned(Workspace {
            format: self.format.clone(),
            version: self.version,
            personas: Vec::new(),
            journeys: Vec::new(),
            comments: Vec::new(),
            conflicts: Vec::new(),
            extra: self.extra.clone(),
        })
    }
}

impl Own for Persona {
    fn own(&self) -> Cow<'_, Self> {
        Cow::Borrowed(self)
    }
}

impl Own for Journey {
    fn own(&self) -> Cow<'_, Self> {
        Cow::Owned(Journey {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            owner: self.owner.clone(),
            last_reviewed: self.last_reviewed.clone(),
            state: self.state,
            variant_of: self.variant_of.clone(),
            personas: self.personas.clone(),
            channels: self.channels.clone(),
            event_rules: self.event_rules.clone(),
            conversion_stage: self.conversion_stage.clone(),
            stages: Vec::new(),
            extra: self.extra.clone(),
        })
    }
}

impl Own for Stage {
    fn own(&self) -> Cow<'_, Self> {
        Cow::Owned(Stage {
            id: self.id.clone(),
            name: self.name.clone(),
            goal: self.goal.clone(),
            strategies: self.strategies.clone(),
            kpis: Vec::new(),
            touchpoints: Vec::new(),
            extra: self.extra.clone(),
        })
    }
}

impl Own for Kpi {
    fn own(&self) -> Cow<'_, Self> {
        Cow::Owned(Kpi {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            unit: self.unit.clone(),
            target: self.target,
            direction: self.direction,
            measurements: Vec::new(),
            source: self.source.clone(),
            extra: self.extra.clone(),
        })
    }
}

impl Own for Touchpoint {
    fn own(&self) -> Cow<'_, Self> {
        Cow::Borrowed(self)
    }
}

macro_rules! record {
    ($ty:ty, $kind:ident, $name:ident) => {
        impl Record for $ty {
            const KIND: Kind = Kind::$kind;
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> &str {
                &self.$name
            }
        }
    };
}

record!(Persona, Persona, name);
record!(Journey, Journey, name);
record!(Stage, Stage, name);
record!(Kpi, Kpi, name);
record!(Touchpoint, Card, title);
record!(model::Comment, Comment, text);

impl Own for model::Comment {
    fn own(&self) -> Cow<'_, Self> {
        Cow::Owned(model::Comment {
            replies: Vec::new(),
            ..self.clone()
        })
    }
}

/// A field both sides changed differently: its name, ours, theirs.
type Clash = (String, Option<Value>, Option<Value>);

/// The path of a record's parent, made only when a conflict needs it.
type Parent<'p> = &'p dyn Fn() -> Vec<Step>;

/// A card with the stage it is in.
type Placed<'a> = (&'a Stage, &'a Touchpoint);

/// A record's own fields as merged, and whether one side deleted it.
struct Merging<T> {
    rec: T,
    /// The side that deleted the record (the other side had it in base).
    deleted_by: Option<Side>,
    /// Whether the side that kept a deleted record changed its fields.
    changed: bool,
}

/// The merge under way: the conflicts found so far, as reported and as kept in the
/// workspace.
#[derive(Default)]
struct Merger {
    conflicts: Vec<Conflict>,
    stored: Vec<model::Conflict>,
    stamp: Stamp,
    /// The conflicts the base kept, by id, and which of them each side still keeps: a side
    /// that dropped one resolved it, having seen every value.
    base_conflicts: HashMap<String, model::Conflict>,
    ours_keep: HashSet<String>,
    theirs_keep: HashSet<String>,
}

impl Merger {
    /// How a field of the record `id` that the two sides hold differently is settled by a
    /// conflict the base kept on it and one side resolved: the resolver saw every value of
    /// it, so where the other side's value is one of them, the resolver's value stands.
    /// Resolved on both sides, it is a conflict again.
    fn settler(
        &self,
        kind: RecordKind,
        id: &str,
    ) -> impl Fn(&str, &Value, &Value) -> Option<Settled> + use<> {
        let found: Vec<(String, model::Conflict, bool, bool)> = self
            .base_conflicts
            .values()
            .filter(|c| c.kind == kind && c.record == id)
            .map(|c| {
                (
                    c.field.clone(),
                    c.clone(),
                    !self.ours_keep.contains(&c.id),
                    !self.theirs_keep.contains(&c.id),
                )
            })
            .collect();
        move |field, ours, theirs| {
            let (_, conflict, ours_resolved, theirs_resolved) =
                found.iter().find(|(f, ..)| f == field)?;
            let holds = |v: &Value| conflict.values.iter().any(|c| &c.value == v);
            match (ours_resolved, theirs_resolved) {
                (false, true) if holds(ours) => Some(Settled::Take(Side::Theirs)),
                (true, false) if holds(theirs) => Some(Settled::Take(Side::Ours)),
                (true, true) => Some(Settled::Clash),
                _ => None,
            }
        }
    }

    /// Reports the fields of the record at `path` that both sides changed differently, and
    /// keeps each as a conflict in the workspace.
    fn clashes(&mut self, path: &[Step], clashes: Vec<Clash>) {
        for (name, ours, theirs) in clashes {
            self.store(path.last(), &name, ours.clone(), theirs.clone());
            self.conflicts.push(Conflict {
                path: path.to_vec(),
                what: What::Field { name, ours, theirs },
            });
        }
    }

    /// Keeps a conflict on `field` of `record` (the workspace for `None`) between our value,
    /// stamped with who made it, and theirs.
    fn store(
        &mut self,
        record: Option<&Step>,
        field: &str,
        ours: Option<Value>,
        theirs: Option<Value>,
    ) {
        let (kind, id) = match record {
            Some(step) => (step.kind.record_kind(), step.id.as_str()),
            None => (RecordKind::Workspace, ""),
        };
        let candidate = |value: Option<Value>, stamp: &Stamp| Candidate {
            value: value.unwrap_or(Value::Null),
            by: stamp.by.clone(),
            at: stamp.at.clone(),
            extra: Extra::new(),
        };
        let values = vec![
            candidate(ours, &self.stamp),
            candidate(theirs, &Stamp::default()),
        ];
        self.stored
            .push(model::Conflict::new(kind, id, field, values));
    }

    /// Merges a list of records matched by id: each with `one` (`None` drops it), then the
    /// order.
    fn list<'a, T: Record>(
        &mut self,
        base: &'a [T],
        ours: &'a [T],
        theirs: &'a [T],
        mut one: impl FnMut(&mut Self, Option<&'a T>, Option<&'a T>, Option<&'a T>) -> Option<T>,
    ) -> Vec<T> {
        let index = |list: &'a [T]| -> HashMap<&'a str, &'a T> {
            list.iter().map(|r| (r.id(), r)).collect()
        };
        let (b, o, t) = (index(base), index(ours), index(theirs));
        let mut merged = HashMap::default();
        for id in ours.iter().chain(theirs).chain(base).map(T::id) {
            if !merged.contains_key(id) {
                let rec = one(
                    self,
                    b.get(id).copied(),
                    o.get(id).copied(),
                    t.get(id).copied(),
                );
                merged.insert(id, rec);
            }
        }
        let ids = |list: &'a [T]| -> Vec<&'a str> { list.iter().map(T::id).collect() };
        let keep = |id: &str| matches!(merged.get(id), Some(Some(_)));
        let order = order(&ids(base), &ids(ours), &ids(theirs), keep);
        order
            .into_iter()
            .filter_map(|id| merged.get_mut(id)?.take())
            .collect()
    }

    /// Merges a record's own fields, reporting field conflicts; `None` when neither side has
    /// it.
    fn own<T: Record>(
        &mut self,
        base: Option<&T>,
        ours: Option<&T>,
        theirs: Option<&T>,
        parent: Parent,
    ) -> Option<Merging<T>> {
        let base = base.map(T::own);
        let (rec, deleted_by) = match (ours.map(T::own), theirs.map(T::own)) {
            // Most records of a large map: the same on both sides.
            (Some(ours), Some(theirs)) if ours == theirs => (ours.into_owned(), None),
            (Some(ours), Some(theirs)) => {
                let settle = self.settler(T::KIND.record_kind(), ours.id());
                let (rec, clashes) = fields(base.as_deref(), ours, theirs, &settle);
                if !clashes.is_empty() {
                    self.clashes(&with(&parent(), rec.step()), clashes);
                }
                (rec, None)
            }
            (Some(ours), None) => (ours.into_owned(), base.is_some().then_some(Side::Theirs)),
            (None, Some(theirs)) => (theirs.into_owned(), base.is_some().then_some(Side::Ours)),
            (None, None) => return None,
        };
        let changed = deleted_by.is_some() && base.as_deref() != Some(&rec);
        Some(Merging {
            rec,
            deleted_by,
            changed,
        })
    }

    /// Whether a merged record stays: always, unless one side deleted it and the other left
    /// its fields as they were and `more` (another change, or something it holds that stays)
    /// is false. A deleted record that stays is a conflict.
    fn keep<T: Record>(&mut self, merging: &Merging<T>, more: bool, parent: Parent) -> bool {
        let Some(by) = merging.deleted_by else {
            return true;
        };
        let keep = merging.changed || more;
        if keep {
            let step = merging.rec.step();
            let word = |side: Side| {
                Some(Value::String(
                    if side == by { DELETED } else { KEPT }.into(),
                ))
            };
            self.store(
                Some(&step),
                DELETED_FIELD,
                word(Side::Ours),
                word(Side::Theirs),
            );
            self.conflicts.push(Conflict {
                path: with(&parent(), step),
                what: What::Deleted { by },
            });
        }
        keep
    }

    /// Merges a journey: its fields, its cards (across its stages), its stages with their
    /// KPIs, and the order of each.
    fn journey(
        &mut self,
        base: Option<&Journey>,
        ours: Option<&Journey>,
        theirs: Option<&Journey>,
    ) -> Option<Journey> {
        let merging = self.own(base, ours, theirs, &Vec::new)?;
        let path = [merging.rec.step()];
        let (b, o, t) = (cards(base), cards(ours), cards(theirs));
        let mut stage_of = HashMap::default();
        let mut merged = HashMap::default();
        let all = [ours, theirs, base].into_iter().flatten();
        for card in all.flat_map(|j| &j.stages).flat_map(|s| &s.touchpoints) {
            let id = card.id.as_str();
            if stage_of.contains_key(id) {
                continue;
            }
            let placed = self.card(b.get(id), o.get(id), t.get(id), &path);
            stage_of.insert(id, placed.as_ref().map(|(stage, _)| *stage));
            if let Some((_, card)) = placed {
                merged.insert(id, card);
            }
        }
        let stages = self.list(
            children(base, |j| &j.stages),
            children(ours, |j| &j.stages),
            children(theirs, |j| &j.stages),
            |m, b, o, t| {
                let merging = m.own(b, o, t, &|| path.to_vec())?;
                let stage_path = with(&path, merging.rec.step());
                let kpis = m.list(
                    children(b, |s| &s.kpis),
                    children(o, |s| &s.kpis),
                    children(t, |s| &s.kpis),
                    |m, b, o, t| m.kpi(b, o, t, &stage_path),
                );
                let here = Some(Some(merging.rec.id.as_str()));
                let order = order(&card_ids(b), &card_ids(o), &card_ids(t), |id| {
                    stage_of.get(id).copied() == here
                });
                let touchpoints: Vec<Touchpoint> = order
                    .into_iter()
                    .filter_map(|id| merged.remove(id))
                    .collect();
                let holds = !kpis.is_empty() || !touchpoints.is_empty();
                m.keep(&merging, holds, &|| path.to_vec()).then_some(Stage {
                    kpis,
                    touchpoints,
                    ..merging.rec
                })
            },
        );
        self.keep(&merging, !stages.is_empty(), &Vec::new)
            .then_some(Journey {
                stages,
                ..merging.rec
            })
    }

    /// Merges a card: its fields and its stage. Returns the stage's id with the card.
    fn card<'a>(
        &mut self,
        base: Option<&Placed<'a>>,
        ours: Option<&Placed<'a>>,
        theirs: Option<&Placed<'a>>,
        journey: &[Step],
    ) -> Option<(&'a str, Touchpoint)> {
        let base_stage = base.map(|(stage, _)| stage.id.as_str());
        let (stage, moved_apart) = match (ours, theirs) {
            (Some((o, _)), Some((t, _))) if Some(o.id.as_str()) == base_stage || o.id == t.id => {
                (*t, None)
            }
            (Some((o, _)), Some((t, _))) if Some(t.id.as_str()) == base_stage => (*o, None),
            // Moved apart: the stage whose id wins, the same in every instance.
            (Some((o, _)), Some((t, _))) if o.id >= t.id => (*o, Some(t.step())),
            (Some((o, _)), Some((t, _))) => (*t, Some(o.step())),
            (Some((s, _)), None) | (None, Some((s, _))) => (*s, None),
            (None, None) => return None,
        };
        // Built only when a conflict names it: most cards merge without one.
        let path = || with(journey, stage.step());
        let card = |placed: Option<&Placed<'a>>| placed.map(|(_, card)| *card);
        let merging = self.own(card(base), card(ours), card(theirs), &path)?;
        if let Some(other) = moved_apart {
            let (ours, theirs) = match ours {
                Some((o, _)) if o.id == stage.id => (stage.step(), other),
                _ => (other, stage.step()),
            };
            let card = merging.rec.step();
            let id = |step: &Step| Some(Value::String(step.id.clone()));
            self.store(Some(&card), "stage", id(&ours), id(&theirs));
            self.conflicts.push(Conflict {
                path: with(&path(), card),
                what: What::Place { ours, theirs },
            });
        }
        let moved = base_stage.is_some_and(|b| b != stage.id);
        self.keep(&merging, moved, &path)
            .then_some((stage.id.as_str(), merging.rec))
    }

    /// Merges a comment thread: its own fields (text, resolved) like any record's, its replies
    /// as the union of both sides', by id, oldest first.
    fn comment(
        &mut self,
        base: Option<&model::Comment>,
        ours: Option<&model::Comment>,
        theirs: Option<&model::Comment>,
    ) -> Option<model::Comment> {
        let merging = self.own(base, ours, theirs, &Vec::new)?;
        let mut replies: Vec<model::Reply> = Vec::new();
        for reply in [ours, theirs]
            .into_iter()
            .flatten()
            .flat_map(|c| &c.replies)
        {
            if !replies.iter().any(|r| r.id == reply.id) {
                replies.push(reply.clone());
            }
        }
        replies.sort_by(|a, b| (&a.at, &a.id).cmp(&(&b.at, &b.id)));
        let more = base.is_some_and(|b| b.replies != replies);
        self.keep(&merging, more, &Vec::new)
            .then_some(model::Comment {
                replies,
                ..merging.rec
            })
    }

    /// Merges a KPI: its settings, and its measurements by content.
    fn kpi(
        &mut self,
        base: Option<&Kpi>,
        ours: Option<&Kpi>,
        theirs: Option<&Kpi>,
        stage: &[Step],
    ) -> Option<Kpi> {
        let merging = self.own(base, ours, theirs, &|| stage.to_vec())?;
        let measurements = match (ours, theirs) {
            (Some(o), Some(t)) => {
                let base = children(base, |k| &k.measurements);
                merge_measurements(base, &o.measurements, &t.measurements)
            }
            _ => ours
                .or(theirs)
                .map(|k| k.measurements.clone())
                .unwrap_or_default(),
        };
        let more = base.is_some_and(|b| b.measurements != measurements);
        self.keep(&merging, more, &|| stage.to_vec())
            .then_some(Kpi {
                measurements,
                ..merging.rec
            })
    }
}

/// `path` followed by `step`.
fn with(path: &[Step], step: Step) -> Vec<Step> {
    let mut path = path.to_vec();
    path.push(step);
    path
}

/// The records `parent` holds, none without a parent.
fn children<'a, P, C>(parent: Option<&'a P>, list: impl Fn(&'a P) -> &'a Vec<C>) -> &'a [C] {
    parent.map_or(&[], |p| list(p).as_slice())
}

/// The ids of a stage's cards, in order.
fn card_ids(stage: Option<&Stage>) -> Vec<&str> {
    children(stage, |s| &s.touchpoints)
        .iter()
        .map(|c| c.id.as_str())
        .collect()
}

/// Every card of a journey by id, with its stage.
fn cards(journey: Option<&Journey>) -> HashMap<&str, Placed<'_>> {
    children(journey, |j| &j.stages)
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(move |c| (c.id.as_str(), (s, c))))
        .collect()
}

/// Three-way merge of a record's own fields, field by field; where both changed a field
/// differently, the value that wins by [`winner`], with those fields returned. `settle` decides
/// a field the two sides hold differently first, when a conflict one side resolved does.
fn fields<T: Own>(
    base: Option<&T>,
    ours: Cow<T>,
    theirs: Cow<T>,
    settle: &dyn Fn(&str, &Value, &Value) -> Option<Settled>,
) -> (T, Vec<Clash>) {
    if ours == theirs {
        return (ours.into_owned(), Vec::new());
    }
    let (b, o, t) = (object(base), object(Some(&*ours)), object(Some(&*theirs)));
    let mut merged = o.clone();
    let mut clashes = Vec::new();
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let take = |merged: &mut Map<String, Value>, key: &String, value: Option<&Value>| match value {
        Some(v) => merged.insert(key.clone(), v.clone()),
        None => merged.remove(key),
    };
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        if ov == tv {
            continue;
        }
        let (on, tn) = (value_or_null(&ov.cloned()), value_or_null(&tv.cloned()));
        let settled = settle(key, &on, &tn);
        match settled {
            Some(Settled::Take(Side::Theirs)) => {
                take(&mut merged, key, tv);
                continue;
            }
            Some(Settled::Take(Side::Ours)) => continue,
            Some(Settled::Clash) | None => {}
        }
        if tv == bv && settled.is_none() {
            continue;
        }
        if ov != bv || settled.is_some() {
            clashes.push((key.clone(), ov.cloned(), tv.cloned()));
            match winner(&on, &tn) {
                Value::Null => merged.remove(key),
                shown => merged.insert(key.clone(), shown.clone()),
            };
        } else {
            take(&mut merged, key, tv);
        }
    }
    let rec = serde_json::from_value(Value::Object(merged))
        .expect("fields taken from valid records make a valid record");
    (rec, clashes)
}

/// How a conflict the base kept settles a field the two sides hold differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settled {
    /// One side resolved it; the other still holds one of its values: the resolver's stands.
    Take(Side),
    /// Both resolved it, differently: a conflict again.
    Clash,
}

/// A field's value, `null` when absent.
fn value_or_null(value: &Option<Value>) -> Value {
    value.clone().unwrap_or(Value::Null)
}

/// Three-way merge of the conflicts kept in the workspace, by id: one a side resolved (removed)
/// goes unless the other side added values to it; one both sides have keeps the values of
/// both. In the order of their ids, the same in every instance.
fn merge_conflicts(
    base: &[model::Conflict],
    ours: &[model::Conflict],
    theirs: &[model::Conflict],
) -> Vec<model::Conflict> {
    let find = |list: &'_ [model::Conflict], id: &str| list.iter().find(|c| c.id == id).cloned();
    let ids: BTreeSet<&str> = ours.iter().chain(theirs).map(|c| c.id.as_str()).collect();
    ids.into_iter()
        .filter_map(|id| {
            let (b, o, t) = (find(base, id), find(ours, id), find(theirs, id));
            match (o, t) {
                (Some(mut o), Some(t)) => {
                    o.absorb(&t);
                    Some(o)
                }
                // Resolved on the other side: gone, unless this side added to it since.
                (Some(one), None) | (None, Some(one)) if b.as_ref() == Some(&one) => None,
                (Some(one), None) | (None, Some(one)) => Some(one),
                (None, None) => None,
            }
        })
        .collect()
}

/// A record as a JSON object; none gives an empty one.
fn object<T: Serialize>(record: Option<&T>) -> Map<String, Value> {
    match record.map(serde_json::to_value) {
        Some(Ok(Value::Object(map))) => map,
        _ => Map::new(),
    }
}

/// `record` with the field `name` set to `value` (removed for `None`); `None` if that does
/// not make a valid record.
fn with_field<T: Serialize + DeserializeOwned>(
    record: &T,
    name: &str,
    value: Option<&Value>,
) -> Option<T> {
    let mut map = object(Some(record));
    match value {
        Some(value) => map.insert(name.to_string(), value.clone()),
        None => map.remove(name),
    };
    serde_json::from_value(Value::Object(map)).ok()
}

/// The merged order of one list (personas, journeys, the stages of a journey, the KPIs or
/// cards of a stage), holding the ids that `keep` accepts: see the module doc.
fn order<'a>(
    base: &[&'a str],
    ours: &[&'a str],
    theirs: &[&'a str],
    keep: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let set = |list: &[&'a str]| -> HashSet<&'a str> { list.iter().copied().collect() };
    let (b, o, t) = (set(base), set(ours), set(theirs));
    let shared = |list: &[&'a str]| -> Vec<&'a str> {
        let in_all = |id: &&str| b.contains(id) && o.contains(id) && t.contains(id);
        list.iter().copied().filter(in_all).collect()
    };
    let (sb, so, st) = (shared(base), shared(ours), shared(theirs));
    let (first, second) = if so == sb && st != sb {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    let placed: HashSet<&str> = first.iter().copied().filter(|id| keep(id)).collect();
    let last = second.iter().rposition(|id| placed.contains(id));
    let mut after: HashMap<Option<&str>, Vec<&'a str>> = HashMap::default();
    let mut tail = Vec::new();
    let mut anchor = None;
    for (i, &id) in second.iter().enumerate() {
        if placed.contains(id) {
            anchor = Some(id);
        } else if keep(id) && last.is_some_and(|last| i < last) {
            after.entry(anchor).or_default().push(id);
        } else if keep(id) {
            tail.push(id);
        }
    }
    let mut merged = after.remove(&None).unwrap_or_default();
    for &id in first.iter().filter(|id| placed.contains(*id)) {
        merged.push(id);
        merged.extend(after.remove(&Some(id)).unwrap_or_default());
    }
    merged.extend(tail);
    merged
}

/// Three-way merge of a KPI's measurements, matched by content: each side's additions and
/// removals applied, one added on both sides kept once. Ours keep their order; theirs go in
/// after the last measurement of the same or an earlier date.
fn merge_measurements(
    base: &[Measurement],
    ours: &[Measurement],
    theirs: &[Measurement],
) -> Vec<Measurement> {
    if ours == theirs || base == theirs {
        return ours.to_vec();
    }
    if base == ours {
        return theirs.to_vec();
    }
    let key = |m: &Measurement| serde_json::to_string(m).unwrap_or_default();
    let count = |list: &[Measurement]| {
        let mut counts: HashMap<String, i64> = HashMap::default();
        for m in list {
            *counts.entry(key(m)).or_default() += 1;
        }
        counts
    };
    let (b, o, t) = (count(base), count(ours), count(theirs));
    let mut wanted: HashMap<&String, i64> = HashMap::default();
    for k in b.keys().chain(o.keys()).chain(t.keys()) {
        let get = |counts: &HashMap<String, i64>| counts.get(k).copied().unwrap_or(0);
        let (b, o, t) = (get(&b), get(&o), get(&t));
        let n = match (o.cmp(&b), t.cmp(&b)) {
            (std::cmp::Ordering::Greater, std::cmp::Ordering::Greater) => o.max(t),
            (std::cmp::Ordering::Less, std::cmp::Ordering::Less) => o.min(t),
            _ => o + t - b,
        };
        wanted.insert(k, n);
    }
    let mut take = |m: &Measurement| {
        let n = wanted
            .get_mut(&key(m))
            .expect("every measurement is counted");
        *n -= 1;
        *n >= 0
    };
    let mut merged: Vec<Measurement> = ours.iter().filter(|m| take(m)).cloned().collect();
    for m in theirs {
        if take(m) {
            let at = merged
                .iter()
                .rposition(|x| x.date <= m.date)
                .map_or(0, |i| i + 1);
            merged.insert(at, m.clone());
        }
    }
    merged
}

/// Gives a fresh id to the second and later records of an id.
fn unique_ids(ws: &mut Workspace) {
    let mut seen = HashSet::default();
    let mut fix = |id: &mut String, prefix: &str| {
        while !seen.insert(id.clone()) {
            *id = new_id(prefix);
        }
    };
    for persona in &mut ws.personas {
        fix(&mut persona.id, "pe");
    }
    for journey in &mut ws.journeys {
        fix(&mut journey.id, "jo");
        for stage in &mut journey.stages {
            fix(&mut stage.id, "st");
            for kpi in &mut stage.kpis {
                fix(&mut kpi.id, "kp");
            }
            for card in &mut stage.touchpoints {
                fix(&mut card.id, "tp");
            }
        }
    }
}

/// Where the card with `id` is: its journey, its stage, its index.
fn find_card<'w>(ws: &'w Workspace, id: &str) -> Option<(&'w Journey, &'w Stage, usize)> {
    ws.journeys.iter().find_map(|j| {
        let (s, c) = j.find_touchpoint(id)?;
        Some((j, &j.stages[s], c))
    })
}

/// Where the stage with `id` is: its journey and its index.
fn find_stage<'w>(ws: &'w Workspace, id: &str) -> Option<(&'w Journey, usize)> {
    ws.journeys
        .iter()
        .find_map(|j| Some((j, j.stage_index(id)?)))
}

/// Where the KPI with `id` is: its journey, its stage, its index.
fn find_kpi<'w>(ws: &'w Workspace, id: &str) -> Option<(&'w Journey, &'w Stage, usize)> {
    ws.journeys.iter().find_map(|j| {
        j.stages
            .iter()
            .find_map(|s| Some((j, s, s.kpis.iter().position(|k| k.id == id)?)))
    })
}

/// The edits that set the field `name` of `target` in `ws` to `value`.
fn set_field(
    ws: &Workspace,
    target: &Step,
    name: &str,
    value: Option<&Value>,
) -> Option<Vec<Edit>> {
    let id = target.id.clone();
    Some(match target.kind {
        Kind::Persona => {
            let index = ws.personas.iter().position(|p| p.id == id)?;
            let persona = with_field(&ws.personas[index], name, value)?;
            vec![Edit::PutPersona { index, persona }]
        }
        Kind::Journey => {
            let journey = &ws.journeys[ws.journey_index(&id)?];
            let details = Box::new(with_field(&*journey.own(), name, value)?);
            vec![Edit::SetJourneyDetails {
                journey: id,
                details,
            }]
        }
        Kind::Stage => {
            let (journey, index) = find_stage(ws, &id)?;
            let old = &journey.stages[index];
            let stage = Stage {
                kpis: old.kpis.clone(),
                touchpoints: old.touchpoints.clone(),
                ..with_field(&*old.own(), name, value)?
            };
            let journey = journey.id.clone();
            vec![
                Edit::RemoveStage {
                    journey: journey.clone(),
                    stage: id,
                },
                Edit::AddStage {
                    journey,
                    index,
                    stage,
                },
            ]
        }
        Kind::Kpi => {
            let (journey, stage, index) = find_kpi(ws, &id)?;
            let old = &stage.kpis[index];
            let kpi = Kpi {
                measurements: old.measurements.clone(),
                ..with_field(&*old.own(), name, value)?
            };
            vec![Edit::PutKpi {
                journey: journey.id.clone(),
                stage: stage.id.clone(),
                index,
                kpi,
            }]
        }
        Kind::Card => {
            let (journey, stage, index) = find_card(ws, &id)?;
            let card = with_field(&stage.touchpoints[index], name, value)?;
            vec![
                Edit::RemoveCard {
                    journey: journey.id.clone(),
                    card: id,
                },
                Edit::AddCard {
                    journey: journey.id.clone(),
                    stage: stage.id.clone(),
                    index,
                    card,
                },
            ]
        }
        Kind::Comment => {
            let old = ws.comments.iter().find(|c| c.id == id)?;
            let comment = model::Comment {
                replies: old.replies.clone(),
                ..with_field(&*old.own(), name, value)?
            };
            vec![Edit::PutComment { comment }]
        }
    })
}

/// The edit that deletes `target` from `ws`.
fn remove(ws: &Workspace, target: &Step) -> Option<Edit> {
    let id = target.id.clone();
    Some(match target.kind {
        Kind::Persona => {
            ws.personas.iter().find(|p| p.id == id)?;
            Edit::RemovePersona { persona: id }
        }
        Kind::Journey => {
            ws.journey_index(&id)?;
            Edit::RemoveJourney { journey: id }
        }
        Kind::Stage => Edit::RemoveStage {
            journey: find_stage(ws, &id)?.0.id.clone(),
            stage: id,
        },
        Kind::Kpi => {
            let (journey, stage, _) = find_kpi(ws, &id)?;
            Edit::RemoveKpi {
                journey: journey.id.clone(),
                stage: stage.id.clone(),
                kpi: id,
            }
        }
        Kind::Card => Edit::RemoveCard {
            journey: find_card(ws, &id)?.0.id.clone(),
            card: id,
        },
        Kind::Comment => {
            ws.comments.iter().find(|c| c.id == id)?;
            Edit::RemoveComment { comment: id }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(date: &str, value: f64) -> Measurement {
        Measurement {
            date: date.into(),
            value: Some(value),
            ..Measurement::default()
        }
    }

    #[test]
    fn order_inserts_after_the_same_neighbour() {
        let base = ["a", "b", "c"];
        let ours = ["a", "x", "b", "c"];
        let theirs = ["y", "a", "b", "c", "z"];
        assert_eq!(
            order(&base, &ours, &theirs, |_| true),
            ["y", "a", "x", "b", "c", "z"]
        );
        assert_eq!(
            order(&base, &ours, &theirs, |id| id != "b"),
            ["y", "a", "x", "c", "z"]
        );
    }

    #[test]
    fn measurements_merge_by_content() {
        let base = [m("2026-01-01", 1.0), m("2026-02-01", 2.0)];
        // Ours adds March, theirs removes January and adds an earlier one.
        let ours = [base[0].clone(), base[1].clone(), m("2026-03-01", 3.0)];
        let theirs = [m("2025-12-01", 0.5), base[1].clone()];
        assert_eq!(
            merge_measurements(&base, &ours, &theirs),
            [
                m("2025-12-01", 0.5),
                m("2026-02-01", 2.0),
                m("2026-03-01", 3.0)
            ]
        );
    }

    #[test]
    fn fields_merge_one_by_one_and_report_clashes() {
        let base = Persona {
            id: "pe-1".into(),
            name: "Sari".into(),
            description: "old".into(),
            ..Persona::default()
        };
        let mut ours = base.clone();
        ours.name = "Sari W.".into();
        ours.description = "ours".into();
        let mut theirs = base.clone();
        theirs.goals = vec!["Pay less".into()];
        theirs.description = String::new();
        theirs.extra.insert("mood".into(), Value::from(3));
        let (merged, clashes) = fields(
            Some(&base),
            Cow::Owned(ours),
            Cow::Owned(theirs),
            &|_, _, _| None,
        );
        assert_eq!(merged.name, "Sari W.");
        assert_eq!(merged.goals, ["Pay less"]);
        assert_eq!(merged.extra["mood"], 3);
        assert_eq!(merged.description, "ours");
        assert_eq!(clashes, [("description".into(), Some("ours".into()), None)]);
    }
}
