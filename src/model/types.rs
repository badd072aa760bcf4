//! The workspace tree: personas and journeys; journeys hold stages, stages hold touchpoints.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::LazyLock;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use serde_json::{Map, Value};

use super::record::record;
use super::{Comment, Conflict, Emotion, EvidenceList, FORMAT_NAME, FORMAT_VERSION, new_id};

/// Fields of a record that this build does not know, kept verbatim for the next save.
///
/// Most records have none, so the map is allocated only when a field is added: a record
/// holds 8 bytes for it rather than 24. It reads and writes as a [`Map`] (`extra.get(…)`,
/// `extra.insert(…)`) through [`Deref`] and [`DerefMut`].
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Map<String, Value>>>);

/// The map of a record without unknown fields.
static NO_EXTRA: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

impl Extra {
    /// No unknown field.
    pub const fn new() -> Self {
        Self(None)
    }
}

impl Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Map<String, Value> {
        self.0.as_deref().unwrap_or(&NO_EXTRA)
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_default()
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

/// Equal when the fields are: an emptied map equals none.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Extra {}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Self::from)
    }
}

/// The text of a card's fields: short text (up to 24 bytes: ids, channels, owners, tags,
/// most titles) is kept inline without an allocation of its own, which roughly halves the
/// memory a large map takes.
pub type Text = compact_str::CompactString;

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// One workspace file: the personas and the journeys of a team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workspace {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The format version the file was written in.
    pub version: u32,
    /// Who travels the journeys.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<Persona>,
    /// The journey maps, in the order the user arranged them.
    pub journeys: Vec<Journey>,
    /// Review comments on cards, stages and journeys.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Fields two people set to different values, kept until someone picks one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Workspace {
    fn default() -> Self {
        Self {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            personas: Vec::new(),
            journeys: Vec::new(),
            comments: Vec::new(),
            conflicts: Vec::new(),
            extra: Extra::new(),
        }
    }
}

impl Workspace {
    /// Every touchpoint of every journey, with its journey and stage.
    pub fn touchpoints(&self) -> impl Iterator<Item = (&Journey, &Stage, &Touchpoint)> {
        self.journeys.iter().flat_map(|j| {
            j.stages
                .iter()
                .flat_map(move |s| s.touchpoints.iter().map(move |t| (j, s, t)))
        })
    }

    /// The number of touchpoints across all journeys.
    pub fn card_count(&self) -> usize {
        self.journeys.iter().map(Journey::card_count).sum()
    }

    /// The index of the journey with `id`.
    pub fn journey_index(&self, id: &str) -> Option<usize> {
        self.journeys.iter().position(|j| j.id == id)
    }
}

/// Who travels a journey.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Persona {
    /// Stable id (`pe-…`).
    pub id: String,
    /// Display name, e.g. "Rina, first-time buyer".
    pub name: String,
    /// A short description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What the persona wants to achieve.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    /// What the persona needs from the business.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// What frustrates the persona.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pain_points: Vec<String>,
    /// Channels the persona prefers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Whether a journey maps what happens today or what should happen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JourneyState {
    /// The journey as customers live it now.
    #[default]
    Current,
    /// The journey as the team wants it to be.
    Future,
}

/// One customer journey map: ordered stages holding ordered touchpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Journey {
    /// Stable id (`jo-…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the journey covers.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who keeps the map up to date.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When the map was last reviewed against reality, as `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<String>,
    /// Current or future state.
    #[serde(skip_serializing_if = "is_default")]
    pub state: JourneyState,
    /// The id of the journey this one is a variant of (a future state of a current one, or
    /// variant B of A), for comparing them side by side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant_of: Option<String>,
    /// Ids of the personas this journey follows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<String>,
    /// Channels known to this journey, offered when editing a card's channel.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// How events from analytics data map to the stages and cards, first match wins
    /// (see docs/analytics.md).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event_rules: Vec<EventRule>,
    /// The id of the stage whose first event counts as a conversion in `cjm analyze`; absent
    /// means the stage named Purchase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion_stage: Option<String>,
    /// The stages, left to right.
    pub stages: Vec<Stage>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Journey {
    /// A journey named `name` with the six classic stages.
    pub fn with_default_stages(name: &str) -> Self {
        let stages = DEFAULT_STAGES.iter().map(|s| Stage::new(s)).collect();
        Self {
            id: new_id("jo"),
            name: name.to_string(),
            stages,
            ..Self::default()
        }
    }

    /// The number of touchpoints in all stages.
    pub fn card_count(&self) -> usize {
        self.stages.iter().map(|s| s.touchpoints.len()).sum()
    }

    /// The journey's channels followed by any other channel its cards use, without repeats.
    pub fn known_channels(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let used = self
            .stages
            .iter()
            .flat_map(|s| s.touchpoints.iter().map(|t| t.channel.as_str()));
        self.channels
            .iter()
            .map(String::as_str)
            .chain(used)
            .filter(|channel| !channel.is_empty() && seen.insert(*channel))
            .map(String::from)
            .collect()
    }

    /// Where the touchpoint with `id` is: (stage index, card index).
    pub fn find_touchpoint(&self, id: &str) -> Option<(usize, usize)> {
        self.stages.iter().enumerate().find_map(|(si, s)| {
            s.touchpoints
                .iter()
                .position(|t| t.id == id)
                .map(|ti| (si, ti))
        })
    }

    /// The index of the stage with `id`.
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }
}

/// Maps events from analytics data to a stage and, optionally, one of its cards.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventRule {
    /// The event name: exact, or a glob where `*` is any run of characters and `?` one.
    pub event: String,
    /// When set, only events in this channel match (exact, case-sensitive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The id of the stage the events belong to.
    pub stage: String,
    /// The id of the card (in that stage) the events belong to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub touchpoint: Option<String>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The six stages a new journey starts with.
pub const DEFAULT_STAGES: [&str; 6] = [
    "Awareness",
    "Consideration",
    "Decision",
    "Purchase",
    "Post-purchase",
    "Advocacy",
];

/// A phase of the journey: one column of the board.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stage {
    /// Stable id (`st-…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the customer wants to achieve in this stage.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub goal: String,
    /// What the business does to help the customer here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strategies: Vec<String>,
    /// How the stage is measured.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    /// The cards, top to bottom.
    pub touchpoints: Vec<Touchpoint>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Stage {
    /// Gives back the room its cards were given while they were read (up to twice their
    /// number).
    fn shrink_to_fit(&mut self) {
        self.touchpoints.shrink_to_fit();
    }

    /// An empty stage named `name` with a fresh id.
    pub fn new(name: &str) -> Self {
        Self {
            id: new_id("st"),
            name: name.to_string(),
            ..Self::default()
        }
    }
}

/// A touchpoint: one card on the board.
///
/// The fields every card has or shows on the board are its own; the rest
/// ([`TouchpointDetails`]: action, thoughts, pain points, opportunities, owner, tags, notes,
/// evidence, unknown fields) live out of line, allocated only for a card that has one of
/// them. A card with a title, an emotion and a persona then takes about half the memory.
/// The details read and write as if they were the card's own fields (`card.notes`), through
/// [`Deref`] and [`DerefMut`]; writing one allocates them.
#[derive(Clone, Default)]
pub struct Touchpoint {
    /// Stable id (`tp-…`).
    pub id: String,
    /// A short name for the moment, e.g. "Compares prices online".
    pub title: Text,
    /// Where it happens: web, app, store, call centre...
    pub channel: Text,
    /// How the customer feels, -2..=2; absent when not yet known.
    pub emotion: Option<Emotion>,
    /// Ids of the personas this card applies to; empty means all of the journey's personas.
    pub personas: Vec<String>,
    /// The other fields, when the card has any; read and write them through the card
    /// (`card.notes`), which allocates them on the first write.
    pub details: Option<Box<TouchpointDetails>>,
}

/// The fields of a card that many cards leave empty, kept out of line (see [`Touchpoint`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TouchpointDetails {
    /// What the customer does.
    pub action: Text,
    /// What the customer thinks, in their words.
    pub thoughts: Text,
    /// What hurts, one item each.
    pub pain_points: Vec<Text>,
    /// What the business could do better.
    pub opportunities: Vec<Opportunity>,
    /// Who in the business owns this moment.
    pub owner: Text,
    /// Free labels.
    pub tags: Vec<Text>,
    /// Free notes.
    pub notes: Text,
    /// Where the insight came from: quotes from interviews and surveys, analytics, tickets.
    pub evidence: EvidenceList,
    /// Unknown fields, kept for the round trip.
    pub extra: Extra,
}

impl TouchpointDetails {
    /// These details as a card holds them: none when every field is empty.
    pub fn boxed(self) -> Option<Box<Self>> {
        (self != Self::default()).then(|| Box::new(self))
    }
}

/// The details of a card that has none.
static NO_DETAILS: LazyLock<TouchpointDetails> = LazyLock::new(TouchpointDetails::default);

impl Deref for Touchpoint {
    type Target = TouchpointDetails;
    fn deref(&self) -> &TouchpointDetails {
        self.details.as_deref().unwrap_or(&NO_DETAILS)
    }
}

impl DerefMut for Touchpoint {
    fn deref_mut(&mut self) -> &mut TouchpointDetails {
        self.details.get_or_insert_default()
    }
}

/// Cards are equal when their fields are: a card whose details were allocated and emptied
/// again equals one that never had any.
impl PartialEq for Touchpoint {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.id,
            &self.title,
            &self.channel,
            self.emotion,
            &self.personas,
        ) == (
            &other.id,
            &other.title,
            &other.channel,
            other.emotion,
            &other.personas,
        ) && **self == **other
    }
}

/// The fields in the file's order, as if they were all the card's own.
impl fmt::Debug for Touchpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Touchpoint")
            .field("id", &self.id)
            .field("title", &self.title)
            .field("action", &self.action)
            .field("channel", &self.channel)
            .field("emotion", &self.emotion)
            .field("thoughts", &self.thoughts)
            .field("pain_points", &self.pain_points)
            .field("opportunities", &self.opportunities)
            .field("owner", &self.owner)
            .field("tags", &self.tags)
            .field("notes", &self.notes)
            .field("evidence", &self.evidence)
            .field("personas", &self.personas)
            .field("extra", &self.extra)
            .finish()
    }
}

/// The fields in the file's order, empty ones left out, then the unknown ones: what
/// `#[derive(Serialize)]` wrote when they were all the card's own.
impl Serialize for Touchpoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("title", &self.title)?;
        if !self.action.is_empty() {
            map.serialize_entry("action", &self.action)?;
        }
        if !self.channel.is_empty() {
            map.serialize_entry("channel", &self.channel)?;
        }
        if let Some(emotion) = &self.emotion {
            map.serialize_entry("emotion", emotion)?;
        }
        if !self.thoughts.is_empty() {
            map.serialize_entry("thoughts", &self.thoughts)?;
        }
        if !self.pain_points.is_empty() {
            map.serialize_entry("pain_points", &self.pain_points)?;
        }
        if !self.opportunities.is_empty() {
            map.serialize_entry("opportunities", &self.opportunities)?;
        }
        if !self.owner.is_empty() {
            map.serialize_entry("owner", &self.owner)?;
        }
        if !self.tags.is_empty() {
            map.serialize_entry("tags", &self.tags)?;
        }
        if !self.notes.is_empty() {
            map.serialize_entry("notes", &self.notes)?;
        }
        if !self.evidence.is_empty() {
            map.serialize_entry("evidence", &self.evidence)?;
        }
        if !self.personas.is_empty() {
            map.serialize_entry("personas", &self.personas)?;
        }
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Touchpoint {
    /// Gives back the room its lists were given while they were read (a list read from a
    /// file has room for four items from its first): a large map takes a sixth less memory.
    /// Details that were read but are all empty are let go of.
    fn shrink_to_fit(&mut self) {
        self.personas.shrink_to_fit();
        self.details = self
            .details
            .take()
            .filter(|details| **details != TouchpointDetails::default());
        if let Some(details) = &mut self.details {
            details.pain_points.shrink_to_fit();
            details.tags.shrink_to_fit();
            details.opportunities.shrink_to_fit();
            details.evidence.shrink_to_fit();
        }
    }

    /// A card titled `title` with a fresh id.
    pub fn new(title: &str) -> Self {
        Self {
            id: new_id("tp"),
            title: title.into(),
            ..Self::default()
        }
    }
}

/// A 1..=5 rating of an opportunity's impact or effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Rating(u8);

impl Rating {
    /// The rating for `value`, or `None` outside 1..=5.
    pub fn new(value: i64) -> Option<Self> {
        (1..=5).contains(&value).then_some(Self(value as u8))
    }

    /// The rating, 1..=5.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = i64::deserialize(deserializer)?;
        Rating::new(value).ok_or_else(|| {
            de::Error::custom(format_args!(
                "rating {value} is out of range: use an integer from 1 to 5"
            ))
        })
    }
}

/// How far an opportunity has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpportunityStatus {
    /// Not yet planned.
    #[default]
    Open,
    /// Someone will do it.
    Planned,
    /// Done.
    Done,
}

/// Something the business could do better at a touchpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Opportunity {
    /// What to do.
    pub title: Text,
    /// Expected impact, 1..=5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Rating>,
    /// Expected effort, 1..=5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<Rating>,
    /// Open, planned or done.
    #[serde(skip_serializing_if = "is_default")]
    pub status: OpportunityStatus,
    /// Who drives it.
    #[serde(skip_serializing_if = "Text::is_empty")]
    pub owner: Text,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a KPI measures, which decides how its figure is computed from raw counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KpiKind {
    /// Net Promoter Score from promoters, passives and detractors.
    Nps,
    /// Customer satisfaction from five answer buckets (top-two-box %).
    Csat,
    /// Customer effort score from a score and its respondents.
    Ces,
    /// A ratio such as conversion or retention, from numerator and denominator.
    Ratio,
    /// A plain value.
    #[default]
    Value,
}

/// Whether a KPI is better high or low.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher is better.
    #[default]
    Higher,
    /// Lower is better.
    Lower,
}

/// A stage's key performance indicator with its dated measurements.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kpi {
    /// Stable id (`kp-…`).
    pub id: String,
    /// Display name, e.g. "Checkout conversion".
    pub name: String,
    /// How the figure is computed.
    #[serde(skip_serializing_if = "is_default")]
    pub kind: KpiKind,
    /// Unit shown after the figure, e.g. "%".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// The figure to reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Whether higher or lower is better.
    #[serde(skip_serializing_if = "is_default")]
    pub direction: Direction,
    /// Measurements, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// What writes this KPI's measurements, when a tool does: `events:reached` and
    /// `events:conversion` are written by `cjm analyze --apply`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One dated measurement of a KPI, kept as the raw counts its kind needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Measurement {
    /// When it was measured, `YYYY-MM-DD`.
    pub date: String,
    /// A plain value (kind `value`) or a CES score (kind `ces`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Ratio numerator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    /// Ratio denominator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    /// NPS promoters (9-10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promoters: Option<u64>,
    /// NPS passives (7-8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passives: Option<u64>,
    /// NPS detractors (0-6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detractors: Option<u64>,
    /// CSAT answers per bucket, from 1 (very unsatisfied) to 5 (very satisfied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buckets: Option<[u64; 5]>,
    /// How many people answered (CES).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondents: Option<u64>,
    /// The figure as a team reports it, when no counts are at hand: an NPS (-100..100), a
    /// CSAT (0..100 %) or a CES score. Counts, when present, win.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Unknown fields, kept for the round trip.
    #[serde(flatten)]
    pub extra: Extra,
}

record!(Workspace, "a cjm workspace object", required: [format, version],
    optional: [personas, journeys, comments, conflicts]);
record!(Persona, "a persona object", required: [id, name],
    optional: [description, goals, needs, pain_points, channels]);
record!(Journey, "a journey object", required: [id, name],
    optional: [description, owner, last_reviewed, state, variant_of, personas, channels,
        event_rules, conversion_stage, stages]);
record!(EventRule, "an event rule object", required: [event, stage],
    optional: [channel, touchpoint]);
record!(Stage, "a stage object", required: [id, name],
    optional: [goal, strategies, kpis, touchpoints], then: Stage::shrink_to_fit);
record!(Touchpoint, "a touchpoint object", required: [id, title],
    optional: [action, channel, emotion, thoughts, pain_points, opportunities, owner, tags,
        notes, evidence, personas], then: Touchpoint::shrink_to_fit);
record!(Opportunity, "an opportunity object", required: [title],
    optional: [impact, effort, status, owner]);
record!(Kpi, "a KPI object", required: [id, name],
    optional: [kind, unit, target, direction, measurements, source]);
record!(Measurement, "a measurement object", required: [date],
    optional: [value, numerator, denominator, promoters, passives, detractors, buckets,
        respondents, score]);
