//! The search panel: queries go to the search thread as they are typed, its hits come back
//! through [`App::poll_search`], which the event loop calls while [`App::search_busy`].
//!
//! Typing never waits on a ranking. Until a query's hits come, the panel keeps those of the
//! query before; Enter pressed meanwhile jumps to the best hit as soon as it comes.

use super::super::action::Action;
use super::super::app::{App, Mode, SearchPanel};
use super::super::input::{text_input, text_of};
use super::Effect;

/// How many search hits the panel keeps.
const SEARCH_LIMIT: usize = 200;

impl App {
    /// Takes the hits the search thread sent for the newest query, if any came; true when the
    /// screen must be redrawn. Never waits.
    pub fn poll_search(&mut self) -> bool {
        let Mode::Search(panel) = &mut self.mode else {
            return false;
        };
        if self
            .searcher
            .index(&self.doc.workspace, self.doc.history.revision())
        {
            // The workspace changed under the panel (merged from disk): the hits may point at
            // the wrong cards, so drop them and ask again.
            panel.hits.clear();
            panel.selected = 0;
            let query = text_of(&panel.input);
            self.searcher.query(&query, SEARCH_LIMIT);
            self.preview_hit();
            return true;
        }
        match self.searcher.poll() {
            Some(hits) => {
                self.take_hits(hits);
                true
            }
            None => false,
        }
    }

    /// Whether the search thread is ranking the panel's query: poll it again soon.
    pub fn search_busy(&self) -> bool {
        matches!(self.mode, Mode::Search(_)) && self.searcher.busy()
    }

    /// Waits (up to ten seconds) for the hits of the panel's query, as the event loop would
    /// take them when they come.
    #[cfg(test)]
    pub(crate) fn wait_for_search(&mut self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.search_busy() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let hits = self.searcher.wait(left).expect("the search thread answers");
            self.take_hits(hits);
        }
    }

    pub(super) fn open_search(&mut self) {
        // Indexing starts now, on the search thread, while the user types.
        self.searcher
            .index(&self.doc.workspace, self.doc.history.revision());
        self.mode = Mode::Search(SearchPanel {
            input: text_input(""),
            hits: Vec::new(),
            selected: 0,
            origin: self.sel,
            confirm: false,
        });
    }

    /// Asks for the hits of the query as typed; they come through [`Self::poll_search`].
    pub(super) fn refresh_search(&mut self) {
        let Mode::Search(panel) = &mut self.mode else {
            return;
        };
        panel.confirm = false;
        let query = text_of(&panel.input);
        self.searcher
            .index(&self.doc.workspace, self.doc.history.revision());
        self.searcher.query(&query, SEARCH_LIMIT);
        // A blank query is answered at once.
        self.poll_search();
    }

    pub(super) fn update_search(&mut self, action: Action) -> Effect {
        let Mode::Search(panel) = &mut self.mode else {
            return Effect::None;
        };
        match action {
            Action::Up => panel.selected = panel.selected.saturating_sub(1),
            Action::Down => {
                panel.selected = (panel.selected + 1).min(panel.hits.len().saturating_sub(1))
            }
            Action::Confirm if self.searcher.busy() => {
                panel.confirm = true;
                return Effect::None;
            }
            Action::Confirm => {
                self.jump_to_hit();
                return Effect::None;
            }
            Action::Cancel => {
                self.sel = panel.origin;
                self.mode = Mode::Board;
                self.searcher.cancel();
                return Effect::None;
            }
            _ => return Effect::None,
        }
        self.preview_hit();
        Effect::None
    }

    /// Shows the hits of the panel's query, the best highlighted (or jumped to, when Enter
    /// was pressed before they came).
    fn take_hits(&mut self, hits: Vec<crate::search::Hit>) {
        let Mode::Search(panel) = &mut self.mode else {
            return;
        };
        panel.hits = hits;
        panel.selected = 0;
        if std::mem::take(&mut panel.confirm) {
            self.jump_to_hit();
        } else {
            self.preview_hit();
        }
    }

    /// Closes the panel on the highlighted hit's card; without a hit, says so and stays.
    fn jump_to_hit(&mut self) {
        let Mode::Search(panel) = &self.mode else {
            return;
        };
        if panel.hits.is_empty() {
            self.say("no match");
            return;
        }
        self.preview_hit();
        self.mode = Mode::Board;
    }

    /// Shows the highlighted hit's card on the board behind the panel; with no hit, the place
    /// the search started from.
    fn preview_hit(&mut self) {
        let Mode::Search(panel) = &self.mode else {
            return;
        };
        let (journey, stage, card) = match panel.hits.get(panel.selected) {
            Some(hit) => (hit.at.journey, hit.at.stage, hit.at.card),
            None => (panel.origin.journey, panel.origin.stage, panel.origin.card),
        };
        if journey != self.sel.journey {
            self.switch_journey(journey);
        }
        self.sel.stage = stage;
        self.sel.card = card;
        self.clamp_selection();
    }
}
