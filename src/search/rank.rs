//! Ranking one query over an [`Index`]: rule texts out by their chars, fuzzy score the
//! distinct texts left, take each card's best weighted field, keep the best cards.
//!
//! A text's score is the one skim gives with its match positions (`fuzzy_indices`), from a
//! matcher of its own: skim's matchers keep state between calls (`fuzzy_match` a two-row
//! matrix, `fuzzy_indices` its caches too), so on a shared one a text's score would depend on
//! the texts scored before it on that thread. The positions then say whether the match is
//! noise, which scores 0 ([`noise::score`]).
//!
//! Both passes split their work over the cores. A query that extends an earlier one (holds it
//! as a subsequence) can only match what the earlier one matched, so it is given that
//! [`Matched`] and rescores only those texts and cards.

use std::cmp::{Ordering, Reverse};
use std::ops::Range;
use std::sync::OnceLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::index::{Entry, Index};
use super::prefilter::CharSet;
use super::{FIELDS, Hit, SNIPPET_CHARS, display, noise, one_char};

/// Asked now and then during a ranking: true when its result is no longer wanted.
pub(super) type Cancel<'a> = &'a (dyn Fn() -> bool + Sync);

/// What a query matched, at any score: all a longer query can match.
pub(super) struct Matched {
    /// The trimmed query.
    pub(super) query: String,
    /// The distinct texts it matched, ascending.
    texts: Vec<u32>,
    /// The cards with a matched text, ascending.
    cards: Vec<u32>,
}

impl Matched {
    /// Whether everything `query` matches is in here: this query is a subsequence of it.
    pub(super) fn covers(&self, query: &str) -> bool {
        let mut rest = query.chars();
        self.query.chars().all(|c| rest.any(|q| q == c))
    }
}

/// A card's best field, found without allocating; its hit is built only if it makes the cut.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// The weighted score.
    score: i64,
    /// The card, in board order.
    card: u32,
    /// The matched entry, among the card's.
    entry: u32,
}

impl Candidate {
    /// Best score first, then board order.
    fn rank(a: &Self, b: &Self) -> Ordering {
        (Reverse(a.score), a.card).cmp(&(Reverse(b.score), b.card))
    }
}

/// Not matched: the score of a text the query does not match.
const NO_MATCH: i32 = i32::MIN;

/// Fewer items than this are not worth a second thread.
const PARALLEL_FROM: usize = 4096;

/// How many items pass between two looks at the cancel flag.
const CANCEL_EVERY: usize = 1024;

/// The best cards for the trimmed, non-blank `query`, best first, at most `limit` (1 or
/// more) of them, and what it matched; `within` is what a query it extends matched. `None`
/// when `cancel` said so.
pub(super) fn rank(
    index: &Index,
    query: &str,
    limit: usize,
    within: Option<&Matched>,
    cancel: Cancel,
) -> Option<(Vec<Hit>, Matched)> {
    let scores = score_texts(index, query, within.map(|m| &m.texts[..]), cancel)?;
    let mut table = vec![NO_MATCH; index.texts()];
    for &(id, score) in &scores {
        table[id as usize] = score;
    }
    let (top, cards) = best_cards(index, &table, limit, within.map(|m| &m.cards[..]), cancel)?;
    let hits = top.into_iter().map(|c| hit(index, query, c)).collect();
    let matched = Matched {
        query: query.to_string(),
        texts: scores.into_iter().map(|(id, _)| id).collect(),
        cards,
    };
    Some((hits, matched))
}

/// The raw score of every distinct text (or of `only` those) that `query` matches.
fn score_texts(
    index: &Index,
    query: &str,
    only: Option<&[u32]>,
    cancel: Cancel,
) -> Option<Vec<(u32, i32)>> {
    let wanted = CharSet::of(query);
    let mut chars = query.chars();
    let one_char = chars.next().filter(|_| chars.next().is_none());
    let count = only.map_or(index.texts(), <[u32]>::len);
    let parts = in_parallel(count, |range| {
        let mut found = Vec::new();
        for (n, i) in range.enumerate() {
            if n % CANCEL_EVERY == 0 && cancel() {
                return None;
            }
            let id = only.map_or(i as u32, |ids| ids[i]);
            if !index.set(id as usize).holds(wanted) {
                continue;
            }
            let text = index.text(id as usize);
            let score = match one_char {
                Some(c) => one_char::score(text, c),
                // A matcher of its own: skim's keeps state from the text scored before.
                None => SkimMatcherV2::default()
                    .smart_case()
                    .fuzzy_indices(text, query)
                    .map(|(score, indices)| noise::score(text, score, &indices)),
            };
            if let Some(score) = score {
                found.push((
                    id,
                    score.clamp(i64::from(i32::MIN + 1), i64::from(i32::MAX)) as i32,
                ));
            }
        }
        Some(found)
    });
    parts
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .map(|parts| parts.concat())
}

/// The `limit` best cards (or of `only` those), best first, and every card with a matched
/// text; `scores` holds each distinct text's raw score.
fn best_cards(
    index: &Index,
    scores: &[i32],
    limit: usize,
    only: Option<&[u32]>,
    cancel: Cancel,
) -> Option<(Vec<Candidate>, Vec<u32>)> {
    let count = only.map_or(index.cards(), <[u32]>::len);
    let parts = in_parallel(count, |range| {
        let mut top = Top::new(limit);
        let mut matched = Vec::new();
        for (n, i) in range.enumerate() {
            if n % CANCEL_EVERY == 0 && cancel() {
                return None;
            }
            let card = only.map_or(i as u32, |cards| cards[i]);
            let mut any = false;
            let mut best = Candidate {
                score: 0,
                card,
                entry: 0,
            };
            for (e, entry) in index.entries(card as usize).iter().enumerate() {
                let raw = scores[entry.text()];
                if raw == NO_MATCH {
                    continue;
                }
                any = true;
                // Noise (not above zero) never wins; the earliest entry wins a tie.
                let weighted = i64::from(raw) * FIELDS[entry.field()].weight();
                if raw > 0 && weighted > best.score {
                    best.score = weighted;
                    best.entry = e as u32;
                }
            }
            if any {
                matched.push(card);
            }
            if best.score > 0 {
                top.offer(best);
            }
        }
        Some((top.into_sorted(), matched))
    });
    let parts = parts.into_iter().collect::<Option<Vec<_>>>()?;
    let mut top = Top::new(limit);
    let mut matched = Vec::new();
    for (candidates, cards) in parts {
        candidates.into_iter().for_each(|c| top.push(c));
        matched.extend(cards);
    }
    Some((top.into_sorted(), matched))
}

/// The best `limit` candidates seen so far, kept in linear time: candidates pile up to twice
/// the limit, then the best `limit` are selected and the rest dropped.
struct Top {
    limit: usize,
    kept: Vec<Candidate>,
    /// The worst score kept at the last selection: offers in board order cannot beat it
    /// without a better score.
    floor: i64,
}

impl Top {
    fn new(limit: usize) -> Self {
        Self {
            limit,
            kept: Vec::new(),
            floor: 0,
        }
    }

    /// Offers a candidate that comes after every one offered before in board order.
    fn offer(&mut self, candidate: Candidate) {
        if candidate.score > self.floor {
            self.push(candidate);
        }
    }

    /// Adds a candidate in any order.
    fn push(&mut self, candidate: Candidate) {
        self.kept.push(candidate);
        if self.kept.len() >= self.limit.max(64).saturating_mul(2) {
            self.select();
            self.floor = self.kept.last().map_or(0, |c| c.score);
        }
    }

    fn select(&mut self) {
        if self.kept.len() > self.limit {
            self.kept
                .select_nth_unstable_by(self.limit - 1, Candidate::rank);
            self.kept.truncate(self.limit);
        }
    }

    fn into_sorted(mut self) -> Vec<Candidate> {
        self.select();
        self.kept.sort_unstable_by(Candidate::rank);
        self.kept
    }
}

/// The hit of a candidate: the matched field's text on one line, cut around the match.
fn hit(index: &Index, query: &str, candidate: Candidate) -> Hit {
    let card = candidate.card as usize;
    let entries = index.entries(card);
    let matched = entries[candidate.entry as usize];
    let same_field = |e: &&Entry| e.field() == matched.field();
    let items: Vec<&str> = entries
        .iter()
        .filter(same_field)
        .map(|e| index.text(e.text()))
        .collect();
    let item = entries[..candidate.entry as usize]
        .iter()
        .filter(same_field)
        .count();
    let field = FIELDS[matched.field()];
    let indices = SkimMatcherV2::default()
        .smart_case()
        .fuzzy_indices(items[item], query)
        .map(|(_, indices)| indices)
        .unwrap_or_default();
    let (text, indices) = display::one_line(&items, display::separator(field), item, &indices);
    let (text, indices) = display::snippet(text, indices, SNIPPET_CHARS);
    Hit {
        at: index.card_ref(card),
        field,
        score: candidate.score,
        text,
        indices,
    }
}

/// `work` over `0..count` cut into one range per core, the ranges in order; small work runs
/// here alone.
fn in_parallel<T: Send>(count: usize, work: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    let threads = cores().min(count.div_ceil(PARALLEL_FROM)).max(1);
    if threads == 1 {
        return vec![work(0..count)];
    }
    let size = count.div_ceil(threads);
    let range = |t: usize| t * size..((t + 1) * size).min(count);
    std::thread::scope(|scope| {
        let work = &work;
        let others: Vec<_> = (1..threads)
            .map(|t| scope.spawn(move || work(range(t))))
            .collect();
        let mut results = vec![work(range(0))];
        results.extend(others.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        results
    })
}

/// How many threads a ranking uses: the cores there are, up to four.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)))
}
