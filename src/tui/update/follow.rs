//! Working together: where this person is, as their instance publishes it beside the
//! workspace, the others' places, and following one of them (pairing, where one drives).

use crate::store::Peer;

use super::super::app::{App, Mode, View};

impl App {
    /// Where this person is now, to publish beside the workspace.
    pub fn me(&self) -> Peer {
        let journey = self.journey();
        let stage = journey.and_then(|j| j.stages.get(self.sel.stage));
        Peer {
            id: String::new(),
            name: self.config.person(),
            journey: journey.map(|j| j.id.clone()).unwrap_or_default(),
            view: self.view.name().to_string(),
            stage: stage.map(|s| s.id.clone()).unwrap_or_default(),
            card: self.card().map(|c| c.id.clone()).unwrap_or_default(),
            editing: self.editor.is_some()
                || matches!(self.mode, Mode::Prompt { .. } | Mode::Form { .. }),
        }
    }

    /// Takes in where the others are; moves along with the one followed. Returns whether
    /// anything on screen changes.
    pub fn take_in_others(&mut self, others: Vec<Peer>) -> bool {
        let changed = others != self.peers.open;
        self.peers.open = others;
        if let Some(id) = self.peers.following.clone() {
            match self.peers.open.iter().find(|p| p.id == id).cloned() {
                Some(peer) => return self.go_where(&peer) || changed,
                None => {
                    self.peers.following = None;
                    self.say("stopped following: they closed the map");
                    return true;
                }
            }
        }
        changed
    }

    /// Follows the next other person (in the order of the header), or stops after the last.
    pub(super) fn follow_next(&mut self) {
        if self.peers.open.is_empty() {
            self.peers.following = None;
            self.say("no one else has this map open");
            return;
        }
        let next = match &self.peers.following {
            None => Some(0),
            Some(id) => self
                .peers
                .open
                .iter()
                .position(|p| &p.id == id)
                .map(|i| i + 1)
                .filter(|i| *i < self.peers.open.len()),
        };
        match next {
            Some(i) => {
                let peer = self.peers.open[i].clone();
                self.peers.following = Some(peer.id.clone());
                self.go_where(&peer);
                self.say(format!(
                    "following {}: your view moves with theirs until you move (F: the next \
                     person or stop)",
                    peer.name
                ));
            }
            None => {
                self.peers.following = None;
                self.say("stopped following");
            }
        }
    }

    /// Stops following when the person moved on their own (`before`: where they were).
    pub(super) fn stop_following_if_moved(&mut self, before: Option<&Peer>) {
        if let Some(before) = before
            && self.peers.following.is_some()
            && !same_place(before, &self.me())
        {
            self.peers.following = None;
            self.say("stopped following: you moved");
        }
    }

    /// Shows the journey, view and card `peer` is on; returns whether anything moved.
    pub(super) fn go_where(&mut self, peer: &Peer) -> bool {
        let before = self.me();
        if let Some(index) = self.doc.workspace.journey_index(&peer.journey)
            && index != self.sel.journey
        {
            self.switch_journey(index);
        }
        if let Some(view) = View::ALL
            .iter()
            .chain(&[View::Compare, View::Analytics])
            .find(|v| v.name() == peer.view)
        {
            self.view = *view;
        }
        if let Some(stage) = self.journey().and_then(|j| j.stage_index(&peer.stage)) {
            self.sel.stage = stage;
            self.sel.card = 0;
        }
        if !peer.card.is_empty() {
            self.select_card(&peer.card);
        }
        self.clamp_selection();
        self.scroll_into_view();
        !same_place(&before, &self.me())
    }
}

/// Whether two places are the same journey, view, stage and card.
fn same_place(a: &Peer, b: &Peer) -> bool {
    (&a.journey, &a.view, &a.stage, &a.card) == (&b.journey, &b.view, &b.stage, &b.card)
}
