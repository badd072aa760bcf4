//! Fuzzy search over every card of a workspace.
//!
//! [`search`] matches a query against the text fields of every touchpoint (and the name of the
//! stage it sits in) with skim's fuzzy matcher, drops matches that are noise (`noise.rs`),
//! keeps the best field of each card after weighting it by how telling the field is, and
//! returns the best cards first.
//!
//! The work is split so that typing never waits on it: an [`Index`] gathers the text once per
//! change of the workspace, a [`Session`] ranks each query (narrowing the last one's matches
//! when the query grows) on every core, and a [`Worker`] does both on its own thread, the
//! newest query first, for the terminal app.
//!
//! Matching is smart-case: a query with an ASCII capital letter matches case-sensitively,
//! otherwise ASCII letters match either case (other letters match exactly). Indices in a
//! [`Hit`] are char indices, never byte offsets, so text in any script is safe to highlight.

mod display;
mod filter;
mod index;
mod noise;
mod one_char;
mod prefilter;
mod rank;
mod session;
mod worker;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod relevance;
#[cfg(test)]
mod tests;

pub use filter::filter;
pub use index::Index;
pub use session::Session;
pub use worker::Worker;

use crate::model::{TouchpointField, Workspace};

/// Where a hit is: indices into `journeys`, then `stages`, then `touchpoints`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardRef {
    /// Index of the journey in [`Workspace::journeys`].
    pub journey: usize,
    /// Index of the stage in the journey's stages.
    pub stage: usize,
    /// Index of the card in the stage's touchpoints.
    pub card: usize,
}

/// The field of the card that matched (a touchpoint field, or the stage's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchedField {
    /// The name of the stage the card sits in.
    Stage,
    /// A field of the card itself.
    Card(TouchpointField),
}

impl MatchedField {
    /// The label shown to the user, e.g. "Stage" or "Pain points".
    pub fn label(self) -> &'static str {
        match self {
            Self::Stage => "Stage",
            Self::Card(field) => field.label(),
        }
    }

    /// How much a match in this field counts: the raw fuzzy score is multiplied by it.
    fn weight(self) -> i64 {
        use TouchpointField as F;
        match self {
            Self::Card(F::Title) => 10,
            Self::Card(F::Action | F::Channel | F::Tags) | Self::Stage => 8,
            Self::Card(F::PainPoints | F::Opportunities | F::Thoughts | F::Owner) => 6,
            Self::Card(F::Notes | F::Evidence | F::Emotion | F::Personas) => 5,
        }
    }
}

/// One card that matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Where the card is.
    pub at: CardRef,
    /// The card's best field after weighting.
    pub field: MatchedField,
    /// The fuzzy score after field weighting; higher is better.
    pub score: i64,
    /// The matched field's text on one line, for display: line breaks and list items are
    /// joined with " · " (tags with ", "). Long text is cut to a window of at most
    /// [`SNIPPET_CHARS`] chars around the match, with "…" where it was cut.
    pub text: String,
    /// Char indices (not byte offsets) into `text` of the matched characters, ascending.
    pub indices: Vec<usize>,
}

/// The longest [`Hit::text`], in chars, including the "…" marks of a cut snippet.
pub const SNIPPET_CHARS: usize = 80;

/// The fields searched, in the order that breaks ties between fields of one card.
const FIELDS: [MatchedField; 11] = {
    use MatchedField::{Card, Stage};
    use TouchpointField as F;
    [
        Card(F::Title),
        Card(F::Action),
        Card(F::Channel),
        Stage,
        Card(F::Tags),
        Card(F::PainPoints),
        Card(F::Opportunities),
        Card(F::Thoughts),
        Card(F::Owner),
        Card(F::Notes),
        Card(F::Evidence),
    ]
};

/// The best cards for `query`, best first, at most `limit` of them.
///
/// Every card of every journey is matched on its title, action, channel, stage name, tags,
/// pain points, opportunity titles, thoughts, owner, notes and evidence. A card yields one hit:
/// its best field once scores are weighted so that title matches outrank action, channel,
/// stage and tags, which outrank pain points, opportunities, thoughts and owner, which outrank
/// notes and evidence. Chars picked here and there across a text are noise and dropped: a
/// match must be the query as typed, or runs that start words, go on in the word before them,
/// or are long enough to be a root inside a word (see `noise.rs`); runs spread over several
/// words cost score, and such a match left with too little, or any match whose gaps outweigh
/// its matched chars (score not above zero), is dropped too. Equal scores keep board order
/// (journey, stage, card).
///
/// The query is trimmed; an empty or blank query finds nothing. To search one workspace more
/// than once, build an [`Index`] (or a [`Session`]) once instead.
pub fn search(workspace: &Workspace, query: &str, limit: usize) -> Vec<Hit> {
    if query.trim().is_empty() || limit == 0 {
        return Vec::new();
    }
    Index::build(workspace).search(query, limit)
}

impl Index {
    /// The best cards for `query`, as [`search`] ranks them, scoring every card.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        rank::rank(self, query, limit, None, &|| false)
            .map(|(hits, _)| hits)
            .expect("a search that is never cancelled ends")
    }
}
