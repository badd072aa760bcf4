//! Searching as the user types: each query narrows what the queries it extends matched.

use super::Hit;
use super::index::Index;
use super::rank::{self, Cancel, Matched};

/// How many earlier queries a session remembers.
const REMEMBERED: usize = 16;

/// An [`Index`] and what the last queries matched. A query that extends one of them ("pay"
/// after "pa", or "pa" again after a Backspace from "pay") rescores only what that one
/// matched; any other query scores everything. Either way the hits are those of
/// [`Index::search`].
pub struct Session {
    index: Index,
    /// What earlier queries matched, each query a subsequence of the next.
    chain: Vec<Matched>,
}

impl Session {
    /// A session on `index`.
    pub fn new(index: Index) -> Self {
        Self {
            index,
            chain: Vec::new(),
        }
    }

    /// Forgets what earlier queries matched: the next query scores every card.
    pub fn forget(&mut self) {
        self.chain.clear();
    }

    /// The best cards for `query`, best first, at most `limit` of them, as
    /// [`super::search`] ranks them.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_until(query, limit, &|| false)
            .expect("a search that is never cancelled ends")
    }

    /// As [`Self::search`], or `None` as soon as `cancel` says the result is not wanted.
    pub(super) fn search_until(
        &mut self,
        query: &str,
        limit: usize,
        cancel: Cancel,
    ) -> Option<Vec<Hit>> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Some(Vec::new());
        }
        while self.chain.last().is_some_and(|m| !m.covers(query)) {
            self.chain.pop();
        }
        let (hits, matched) = rank::rank(&self.index, query, limit, self.chain.last(), cancel)?;
        if self.chain.last().is_some_and(|m| m.query == query) {
            self.chain.pop();
        }
        if self.chain.len() == REMEMBERED {
            self.chain.remove(0);
        }
        self.chain.push(matched);
        Some(hits)
    }
}
