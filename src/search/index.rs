//! The searchable text of a workspace, gathered once so that each query only scores.
//!
//! Every distinct non-blank text is kept once with its [`CharSet`]: channels, stage names,
//! tags and owners repeat across thousands of cards, and a text is fuzzy scored once per
//! query however many cards hold it. Each card is a run of [`Entry`]s, its fields' texts in
//! [`FIELDS`] order. The index owns its text, so the workspace it was built from can change
//! (or go) while the index is in use.

use std::collections::HashMap;

use crate::model::{Evidence, Opportunity, Text, Touchpoint, TouchpointField, Workspace};

use super::prefilter::CharSet;
use super::{CardRef, FIELDS, MatchedField};

/// One text of a card: which distinct text, and which field of [`FIELDS`] it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry(u32);

/// Bits of an [`Entry`] that hold the field.
const FIELD_BITS: u32 = 4;

impl Entry {
    fn new(text: u32, field: usize) -> Self {
        assert!(
            text < 1 << (32 - FIELD_BITS),
            "too many distinct texts to index"
        );
        Self(text << FIELD_BITS | field as u32)
    }

    /// The distinct text, an index into the index's texts.
    pub(super) fn text(self) -> usize {
        (self.0 >> FIELD_BITS) as usize
    }

    /// The field, an index into [`FIELDS`].
    pub(super) fn field(self) -> usize {
        (self.0 & ((1 << FIELD_BITS) - 1)) as usize
    }
}

/// The first card of a stage with cards, and where that stage is.
struct StageSpan {
    first: usize,
    journey: usize,
    stage: usize,
}

/// The searchable text of every card of a workspace. Build it once per change of the
/// workspace, off the UI thread for a large one; querying it never touches the workspace.
pub struct Index {
    /// The distinct texts, end to end.
    text: String,
    /// Where each distinct text ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    /// The chars each distinct text holds.
    sets: Vec<CharSet>,
    /// Every card's entries, card after card in board order.
    entries: Vec<Entry>,
    /// Where each card's entries start, and after the last card, where they end.
    starts: Vec<u32>,
    /// The stages with cards, in board order.
    stages: Vec<StageSpan>,
}

impl Index {
    /// Gathers the searchable text of every card of `workspace`.
    pub fn build(workspace: &Workspace) -> Self {
        let mut builder = Builder::default();
        for (ji, journey) in workspace.journeys.iter().enumerate() {
            for (si, stage) in journey.stages.iter().enumerate() {
                if stage.touchpoints.is_empty() {
                    continue;
                }
                builder.index.stages.push(StageSpan {
                    first: builder.index.cards(),
                    journey: ji,
                    stage: si,
                });
                let stage_name = builder.intern(&stage.name);
                for card in &stage.touchpoints {
                    builder.card(card, stage_name);
                }
            }
        }
        builder.index
    }

    /// How many cards the index holds.
    pub fn cards(&self) -> usize {
        self.starts.len() - 1
    }

    /// How many distinct texts it holds.
    pub(super) fn texts(&self) -> usize {
        self.ends.len()
    }

    /// Distinct text `id`.
    pub(super) fn text(&self, id: usize) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// The chars of distinct text `id`.
    pub(super) fn set(&self, id: usize) -> CharSet {
        self.sets[id]
    }

    /// Card `card`'s entries, in [`FIELDS`] order (list items in their order).
    pub(super) fn entries(&self, card: usize) -> &[Entry] {
        &self.entries[self.starts[card] as usize..self.starts[card + 1] as usize]
    }

    /// Where card `card` (counted in board order) is in the workspace.
    pub(super) fn card_ref(&self, card: usize) -> CardRef {
        let span = &self.stages[self.stages.partition_point(|s| s.first <= card) - 1];
        CardRef {
            journey: span.journey,
            stage: span.stage,
            card: card - span.first,
        }
    }
}

/// An index being built, with the distinct texts seen so far.
struct Builder<'w> {
    index: Index,
    ids: HashMap<&'w str, u32, foldhash::fast::FixedState>,
}

impl Default for Builder<'_> {
    fn default() -> Self {
        Self {
            index: Index {
                text: String::new(),
                ends: Vec::new(),
                sets: Vec::new(),
                entries: Vec::new(),
                starts: vec![0],
                stages: Vec::new(),
            },
            ids: HashMap::default(),
        }
    }
}

impl<'w> Builder<'w> {
    /// The id of `text`, added if new; `None` for blank text, which no query matches.
    fn intern(&mut self, text: &'w str) -> Option<u32> {
        if text.trim().is_empty() {
            return None;
        }
        let index = &mut self.index;
        let id = *self.ids.entry(text).or_insert_with(|| {
            index.text.push_str(text);
            index.ends.push(index.text.len());
            index.sets.push(CharSet::of(text));
            u32::try_from(index.ends.len() - 1).expect("fewer than 2^32 distinct texts")
        });
        Some(id)
    }

    /// Adds a card whose stage is named by distinct text `stage_name`.
    fn card(&mut self, card: &'w Touchpoint, stage_name: Option<u32>) {
        for (slot, field) in FIELDS.iter().enumerate() {
            match field {
                MatchedField::Stage => self.push(stage_name, slot),
                MatchedField::Card(field) => {
                    for item in items(card, *field) {
                        let id = self.intern(item);
                        self.push(id, slot);
                    }
                }
            }
        }
        let end = u32::try_from(self.index.entries.len()).expect("fewer than 2^32 entries");
        self.index.starts.push(end);
    }

    fn push(&mut self, text: Option<u32>, slot: usize) {
        if let Some(text) = text {
            self.index.entries.push(Entry::new(text, slot));
        }
    }
}

/// The texts of one searched field of a card, list items one by one.
fn items(card: &Touchpoint, field: TouchpointField) -> Items<'_> {
    use TouchpointField as F;
    match field {
        F::Title => Items::One(Some(&card.title)),
        F::Action => Items::One(Some(&card.action)),
        F::Channel => Items::One(Some(&card.channel)),
        F::Thoughts => Items::One(Some(&card.thoughts)),
        F::Owner => Items::One(Some(&card.owner)),
        F::Notes => Items::One(Some(&card.notes)),
        F::Evidence => Items::Evidence(card.evidence.iter()),
        F::Tags => Items::List(card.tags.iter()),
        F::PainPoints => Items::List(card.pain_points.iter()),
        F::Opportunities => Items::Opportunities(card.opportunities.iter()),
        // Not searched: an emotion is a number, personas are ids.
        F::Emotion | F::Personas => Items::One(None),
    }
}

/// The items of a field: plain text, a list, opportunities by title or evidence by quote.
enum Items<'c> {
    One(Option<&'c str>),
    List(std::slice::Iter<'c, Text>),
    Opportunities(std::slice::Iter<'c, Opportunity>),
    Evidence(std::slice::Iter<'c, Evidence>),
}

impl<'c> Iterator for Items<'c> {
    type Item = &'c str;

    fn next(&mut self) -> Option<&'c str> {
        match self {
            Self::One(text) => text.take(),
            Self::List(items) => items.next().map(Text::as_str),
            Self::Opportunities(items) => items.next().map(|o| o.title.as_str()),
            Self::Evidence(items) => items.next().map(|e| e.quote.as_str()),
        }
    }
}
