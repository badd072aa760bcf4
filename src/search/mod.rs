//! Fuzzy search over every card of a workspace.
//!
//! [`search`] matches a query against the text fields of every touchpoint (and the name of the
//! stage it sits in) with skim's fuzzy matcher, keeps the best field of each card after
//! weighting it by how telling the field is, and returns the best cards first.
//!
//! Matching is smart-case: a query with an ASCII capital letter matches case-sensitively,
//! otherwise ASCII letters match either case (other letters match exactly). Indices in a
//! [`Hit`] are char indices, never byte offsets, so text in any script is safe to highlight.

mod display;
mod filter;
#[cfg(test)]
mod tests;

pub use filter::filter;

use std::cmp::{Ordering, Reverse};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{Opportunity, Stage, Touchpoint, TouchpointField, Workspace};

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
/// notes and evidence. Matches whose gaps outweigh the matched characters (raw score not
/// above zero) are dropped as noise. Equal scores keep board order (journey, stage, card).
///
/// The query is trimmed; an empty or blank query finds nothing.
pub fn search(workspace: &Workspace, query: &str, limit: usize) -> Vec<Hit> {
    let query = query.trim();
    if query.is_empty() || limit == 0 {
        return Vec::new();
    }
    let matcher = SkimMatcherV2::default().smart_case();

    let mut found = Vec::new();
    for (ji, journey) in workspace.journeys.iter().enumerate() {
        for (si, stage) in journey.stages.iter().enumerate() {
            if stage.touchpoints.is_empty() {
                continue;
            }
            let stage_score = score(&matcher, &stage.name, query);
            for (ci, card) in stage.touchpoints.iter().enumerate() {
                let at = CardRef {
                    journey: ji,
                    stage: si,
                    card: ci,
                };
                if let Some(candidate) = best_field(&matcher, card, stage_score, query, at) {
                    found.push(candidate);
                }
            }
        }
    }

    if found.len() > limit {
        found.select_nth_unstable_by(limit - 1, Candidate::rank);
        found.truncate(limit);
    }
    found.sort_unstable_by(Candidate::rank);

    found
        .into_iter()
        .map(|c| c.into_hit(&matcher, workspace, query))
        .collect()
}

/// A card's best field, found without allocating; its text is built only if it makes the cut.
struct Candidate {
    at: CardRef,
    field: MatchedField,
    /// Which item of a list field matched (0 for plain text).
    item: usize,
    score: i64,
}

impl Candidate {
    /// Best score first, then board order.
    fn rank(a: &Self, b: &Self) -> Ordering {
        (Reverse(a.score), a.at).cmp(&(Reverse(b.score), b.at))
    }

    fn into_hit(self, matcher: &SkimMatcherV2, workspace: &Workspace, query: &str) -> Hit {
        let stage = &workspace.journeys[self.at.journey].stages[self.at.stage];
        let items = Items::of(stage, &stage.touchpoints[self.at.card], self.field);
        let indices = matcher
            .fuzzy_indices(items.get(self.item), query)
            .map(|(_, indices)| indices)
            .unwrap_or_default();
        let (text, indices) = display::one_line(&items, self.item, &indices);
        let (text, indices) = display::snippet(text, indices, SNIPPET_CHARS);
        Hit {
            at: self.at,
            field: self.field,
            score: self.score,
            text,
            indices,
        }
    }
}

/// The raw fuzzy score of `text`, or `None` when it does not match or only as noise.
fn score(matcher: &SkimMatcherV2, text: &str, query: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    matcher.fuzzy_match(text, query).filter(|&s| s > 0)
}

/// The best weighted field of `card`, earliest field in [`FIELDS`] order on ties.
fn best_field(
    matcher: &SkimMatcherV2,
    card: &Touchpoint,
    stage_score: Option<i64>,
    query: &str,
    at: CardRef,
) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    for field in FIELDS {
        let (raw, item) = match field {
            MatchedField::Stage => match stage_score {
                Some(s) => (s, 0),
                None => continue,
            },
            MatchedField::Card(f) => {
                let items = Items::of_card(card, f);
                let mut top: Option<(i64, usize)> = None;
                for i in 0..items.len() {
                    if let Some(s) = score(matcher, items.get(i), query)
                        && top.is_none_or(|(t, _)| s > t)
                    {
                        top = Some((s, i));
                    }
                }
                match top {
                    Some(t) => t,
                    None => continue,
                }
            }
        };
        let weighted = raw * field.weight();
        if best.as_ref().is_none_or(|b| weighted > b.score) {
            best = Some(Candidate {
                at,
                field,
                item,
                score: weighted,
            });
        }
    }
    best
}

/// The text of one searched field as a list of items, borrowed from the workspace.
enum Items<'a> {
    /// Plain text (possibly several lines).
    One(&'a str),
    /// Tags, joined with ", " for display.
    Tags(&'a [String]),
    /// Pain points, one item per line.
    Lines(&'a [String]),
    /// Opportunities, by title.
    Opportunities(&'a [Opportunity]),
}

impl<'a> Items<'a> {
    fn of(stage: &'a Stage, card: &'a Touchpoint, field: MatchedField) -> Self {
        match field {
            MatchedField::Stage => Self::One(&stage.name),
            MatchedField::Card(f) => Self::of_card(card, f),
        }
    }

    fn of_card(card: &'a Touchpoint, field: TouchpointField) -> Self {
        use TouchpointField as F;
        match field {
            F::Title => Self::One(&card.title),
            F::Action => Self::One(&card.action),
            F::Channel => Self::One(&card.channel),
            F::Thoughts => Self::One(&card.thoughts),
            F::Owner => Self::One(&card.owner),
            F::Notes => Self::One(&card.notes),
            F::Evidence => Self::One(&card.evidence),
            F::Tags => Self::Tags(&card.tags),
            F::PainPoints => Self::Lines(&card.pain_points),
            F::Opportunities => Self::Opportunities(&card.opportunities),
            // Not searched: an emotion is a number, personas are ids.
            F::Emotion | F::Personas => Self::One(""),
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Tags(items) | Self::Lines(items) => items.len(),
            Self::Opportunities(items) => items.len(),
        }
    }

    fn get(&self, i: usize) -> &'a str {
        match self {
            Self::One(text) => text,
            Self::Tags(items) | Self::Lines(items) => &items[i],
            Self::Opportunities(items) => &items[i].title,
        }
    }

    /// What goes between two items on the display line.
    fn separator(&self) -> &'static str {
        match self {
            Self::Tags(_) => ", ",
            _ => display::LINE_BREAK,
        }
    }
}
