//! Back where you left off: the place this session ends on, remembered beside the user's
//! data (see [`crate::store::places`]) and taken up again by the next start.

use crate::store::Peer;
use crate::store::places::Place;

use super::super::app::App;

impl App {
    /// Where this session is: journey, view, selection and scroll.
    pub fn place(&self) -> Place {
        let me = self.me();
        Place {
            journey: me.journey,
            view: me.view,
            stage: me.stage,
            card: me.card,
            stage_offset: self.scroll.stage,
            row: self.row,
            left_at: crate::model::date::now_seconds(),
        }
    }

    /// Goes back to `place`, as far as it still exists (a journey, stage or card deleted
    /// since is skipped, the rest kept).
    pub fn return_to(&mut self, place: &Place) {
        let peer = Peer {
            journey: place.journey.clone(),
            view: place.view.clone(),
            stage: place.stage.clone(),
            card: place.card.clone(),
            ..Peer::default()
        };
        self.go_where(&peer);
        self.row = place.row;
        self.scroll.stage = place.stage_offset;
        self.clamp_selection();
        self.scroll_into_view();
    }
}
