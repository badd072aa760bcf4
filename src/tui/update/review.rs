//! Review meetings: review mode (read-only) turned on and off, the presentation walking the
//! journey stage by stage, and copying a card as Markdown.

use crate::export::card_markdown;

use super::super::action::Action;
use super::super::app::{App, Mode, Pending};
use super::super::view::present_scroll_limit;
use super::Effect;

impl App {
    /// Turns review mode on or off. On is refused while edits are unsaved (they would be
    /// neither saved nor journaled); off is refused when the file itself may not be written,
    /// or while a recovery file holds edits of an earlier run that were not offered back.
    pub(super) fn toggle_read_only(&mut self) {
        if self.doc.read_only.is_some() {
            // Edits of an earlier run wait in the recovery file; the first edit now would
            // journal over them, so they must be offered back first, as at a writable start.
            if !crate::store::orphaned_journals(&self.doc.path).is_empty() {
                self.warn(
                    "stays read-only: edits of an earlier run are in the recovery file; open \
                     the map without --read-only to get them back",
                );
                return;
            }
            match self.doc.set_read_only(false) {
                Ok(()) => self.say("read-only off: edits are allowed and saved again"),
                Err(reason) => self.warn(format!("stays read-only: {reason}")),
            }
        } else if self.doc.is_dirty() {
            self.warn("unsaved edits: save them first (Ctrl-s), then W for read-only");
        } else {
            // Cannot fail when turning on.
            let _ = self.doc.set_read_only(true);
            self.say("read-only: edits are refused and nothing is written; W allows edits");
        }
    }

    /// Starts the presentation at the selected stage.
    pub(super) fn start_presenting(&mut self) {
        let Some(journey) = self.journey() else {
            return;
        };
        if journey.stages.is_empty() {
            self.say("this journey has no stage to present: press A to add one");
            return;
        }
        self.mode = Mode::Present { scroll: 0 };
        self.say("presenting: Space next stage, Backspace previous, Esc back to the board");
    }

    /// Keys in the presentation: the next or previous stage, scrolling, leaving.
    pub(super) fn update_present(&mut self, action: Action) -> Effect {
        let stages = self.journey().map_or(0, |j| j.stages.len());
        let limit = present_scroll_limit(self);
        let stage = self.sel.stage;
        let Mode::Present { scroll } = &mut self.mode else {
            return Effect::None;
        };
        match action {
            Action::NextStage if stage + 1 < stages => {
                *scroll = 0;
                self.sel.stage += 1;
                self.sel.card = 0;
            }
            Action::NextStage => self.say("the last stage: Esc goes back to the board"),
            Action::PrevStage if stage > 0 => {
                *scroll = 0;
                self.sel.stage -= 1;
                self.sel.card = 0;
            }
            Action::PrevStage => self.say("the first stage"),
            Action::Down => *scroll = (*scroll + 1).min(limit),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Cancel => self.mode = Mode::Board,
            _ => {}
        }
        Effect::None
    }

    /// Leaves the selected card as Markdown for the event loop to copy to the clipboard.
    pub(super) fn copy_card(&mut self) -> Effect {
        let (Some(journey), Some(stage), Some(card)) = (self.journey(), self.stage(), self.card())
        else {
            self.say("no card to copy");
            return Effect::None;
        };
        let markdown = card_markdown(&self.doc.workspace, journey, stage, card);
        let message = format!(
            "copied “{}” as Markdown ({} bytes) — needs a terminal with OSC 52",
            card.title,
            markdown.len()
        );
        self.pending = Some(Pending::Copy(markdown));
        self.say(message);
        Effect::Terminal
    }
}
