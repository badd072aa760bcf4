//! Turning keys into actions and actions into changes of the app state.
//!
//! Every change to the workspace goes through [`crate::edit`], so it can be undone and is tested
//! without a terminal. Saving and quitting are returned as an [`Effect`] for the event loop to
//! carry out; the only work an update starts itself is on threads of its own (the search
//! worker, an events analysis reading its file), never on the UI thread.
//!
//! This file turns keys into actions and hands each to the mode's handler; `board.rs` holds
//! the board's and the open card's moves and edits, `editor.rs` the field editor, `panels.rs`
//! the palette, help, questions and prompts, and the other files one panel or view each.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};

use crate::edit::Edit;

use super::action::Action;
use super::app::{App, Mode};
use super::input::{paste, type_key};
use super::keymap::Context;

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond redrawing.
    None,
    /// The workspace changed: save it soon.
    Edited,
    /// Save now.
    Save,
    /// Save and leave.
    Quit,
    /// Work that needs the terminal itself is waiting in [`App::pending`]: a copy to the
    /// clipboard, an external editor.
    Terminal,
}

impl App {
    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: Event) -> Effect {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) => {
                self.paste(&text);
                Effect::None
            }
            Event::Resize(width, height) => {
                self.size = (width, height);
                self.scroll_into_view();
                Effect::None
            }
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            _ => Effect::None,
        }
    }

    /// Handles one key press: a bound key runs its action, other keys type into the focused
    /// text input.
    pub fn handle_key(&mut self, key: KeyEvent) -> Effect {
        // A message answers the last key; the next key makes it old news.
        self.message = None;
        let context = self.context();
        // I or E in view 5 armed a rating: a digit sets it, the same key again steps it.
        if let Some(armed) = self.rating.take() {
            if let KeyCode::Char(digit @ '1'..='5') = key.code {
                return self.rate_opportunity(armed, digit.to_digit(10).map(|d| d as u8));
            }
            if self.keymap.lookup(context, key) == Some(armed) {
                return self.rate_opportunity(armed, None);
            }
        }
        if let Some(action) = self.keymap.lookup(context, key) {
            let newline =
                context == Context::Text && key.code == KeyCode::Enter && self.multiline();
            if !newline {
                return self.update(action);
            }
        }
        // A list without a text input takes no other key.
        if context == Context::Pick {
            return Effect::None;
        }
        if let Some(editor) = &mut self.editor {
            let suggesting = !editor.suggestions.is_empty();
            match key.code {
                KeyCode::Down if suggesting => {
                    let last = editor.suggestions.len() - 1;
                    editor.suggestion = Some(editor.suggestion.map_or(0, |i| (i + 1).min(last)));
                }
                KeyCode::Up if suggesting => {
                    editor.suggestion = editor.suggestion.and_then(|i| i.checked_sub(1));
                }
                _ => {
                    type_key(&mut editor.input, key);
                    self.refresh_suggestions();
                }
            }
            return Effect::None;
        }
        let typed = match &mut self.mode {
            Mode::Prompt { input, .. } => {
                type_key(input, key);
                false
            }
            Mode::Form { input, .. } => {
                type_key(input, key);
                false
            }
            Mode::Search(panel) => type_key(&mut panel.input, key),
            Mode::Palette(panel) => type_key(&mut panel.input, key),
            Mode::Help(panel) if panel.typing => {
                if type_key(&mut panel.filter, key) {
                    panel.scroll = 0;
                }
                false
            }
            _ => false,
        };
        if typed {
            self.refresh_panel();
        }
        Effect::None
    }

    /// Pastes text into the focused input; elsewhere a paste is ignored.
    pub fn paste(&mut self, text: &str) {
        if let Some(editor) = &mut self.editor {
            let multiline = editor.multiline();
            paste(&mut editor.input, text, multiline);
            self.refresh_suggestions();
            return;
        }
        match &mut self.mode {
            Mode::Prompt { input, .. } => paste(input, text, false),
            Mode::Form { input, .. } => paste(input, text, true),
            Mode::Search(panel) => paste(&mut panel.input, text, false),
            Mode::Palette(panel) => paste(&mut panel.input, text, false),
            Mode::Help(panel) if panel.typing => {
                paste(&mut panel.filter, text, false);
                panel.scroll = 0;
            }
            _ => {}
        }
        self.refresh_panel();
    }

    /// Recomputes the search hits or palette entries after their input changed.
    fn refresh_panel(&mut self) {
        match self.mode {
            Mode::Search(_) => self.refresh_search(),
            Mode::Palette(_) => self.refresh_palette(),
            _ => {}
        }
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) -> Effect {
        if (action.is_edit() || action == Action::Save)
            && self.context() != Context::Text
            && let Some(reason) = &self.doc.read_only
        {
            let reason = format!("read-only: {reason}");
            self.warn(reason);
            return Effect::None;
        }
        let place = self.peers.following.is_some().then(|| self.me());
        let effect = self.dispatch(action);
        if action != Action::FollowPeer {
            self.stop_following_if_moved(place.as_ref());
        }
        effect
    }

    /// Hands `action` to the editor, or to what the mode is.
    fn dispatch(&mut self, action: Action) -> Effect {
        let effect = if self.editor.is_some() {
            self.update_editor(action)
        } else {
            match self.mode {
                Mode::Board => self.update_board(action),
                Mode::Card { .. } => self.update_card(action),
                Mode::Search(_) => self.update_search(action),
                Mode::Palette(_) => self.update_palette(action),
                Mode::Help(_) => self.update_help(action),
                Mode::Prompt { .. } => self.update_prompt(action),
                Mode::Confirm { .. } => self.update_confirm(action),
                Mode::Journeys { .. } => self.update_journeys(action),
                Mode::Personas { .. } => self.update_personas(action),
                Mode::Recover(_) => self.update_recover(action),
                Mode::Templates { .. } => self.update_templates(action),
                Mode::Start { .. } => self.update_start(action),
                Mode::Conflicts { .. } => self.update_conflicts(action),
                Mode::Evidence { .. } => self.update_evidence(action),
                Mode::Comments { .. } => self.update_comments(action),
                Mode::Form { .. } => self.update_form(action),
                Mode::Present { .. } => self.update_present(action),
            }
        };
        self.clamp_selection();
        effect
    }

    /// Applies an edit; failures go to the status line. A read-only workspace refuses it,
    /// whatever path led here.
    pub(super) fn apply(&mut self, edit: Edit) -> Effect {
        if self.refused_read_only() {
            return Effect::None;
        }
        match self.doc.apply(edit) {
            Ok(()) => Effect::Edited,
            Err(e) => {
                self.warn(format!("could not change the map: {e}"));
                Effect::None
            }
        }
    }

    pub(super) fn undo(&mut self, undo: bool) -> Effect {
        if self.refused_read_only() {
            return Effect::None;
        }
        let result = if undo {
            self.doc.undo()
        } else {
            self.doc.redo()
        };
        match result {
            Ok(Some(done)) => {
                self.follow(&done.applied);
                let verb = if undo { "undid" } else { "redid" };
                self.say(format!("{verb} {}", done.label));
                Effect::Edited
            }
            Ok(None) => {
                self.say(if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                });
                Effect::None
            }
            Err(e) => {
                self.warn(format!(
                    "could not {}: {e}",
                    if undo { "undo" } else { "redo" }
                ));
                Effect::None
            }
        }
    }

    /// Whether the workspace is read-only, said in the status line when it is.
    fn refused_read_only(&mut self) -> bool {
        let Some(reason) = &self.doc.read_only else {
            return false;
        };
        let message = format!("read-only: {reason}");
        self.warn(message);
        true
    }

    /// Moves the selection to what an undone or redone edit touched.
    fn follow(&mut self, edit: &Edit) {
        let (journey, stage, card) = match edit {
            Edit::AddCard { journey, card, .. } => (journey, None, Some(&card.id)),
            Edit::MoveCard { journey, card, .. } | Edit::SetField { journey, card, .. } => {
                (journey, None, Some(card))
            }
            Edit::RemoveCard { journey, .. }
            | Edit::RenameJourney { journey, .. }
            | Edit::SetJourneyDetails { journey, .. } => (journey, None, None),
            Edit::PutKpi { journey, stage, .. } | Edit::RemoveKpi { journey, stage, .. } => {
                (journey, Some(stage), None)
            }
            Edit::AddStage { journey, stage, .. } => (journey, Some(&stage.id), None),
            Edit::RemoveStage { journey, .. } => (journey, None, None),
            Edit::MoveStage { journey, stage, .. } | Edit::RenameStage { journey, stage, .. } => {
                (journey, Some(stage), None)
            }
            Edit::AddJourney { journey, .. } => (&journey.id, None, None),
            Edit::Batch { edits, .. } => {
                if let Some(first) = edits.first() {
                    self.follow(first);
                }
                return;
            }
            Edit::RemoveJourney { .. }
            | Edit::PutPersona { .. }
            | Edit::RemovePersona { .. }
            | Edit::ReplaceAll { .. }
            | Edit::PutConflict { .. }
            | Edit::RemoveConflict { .. }
            | Edit::PutComment { .. }
            | Edit::RemoveComment { .. } => {
                return;
            }
        };
        if let Some(index) = self.doc.workspace.journey_index(journey)
            && index != self.sel.journey
        {
            self.switch_journey(index);
        }
        if let Some(stage) = stage.and_then(|id| self.journey()?.stage_index(id)) {
            self.select_stage(stage);
        }
        if let Some(card) = card {
            self.select_card(card);
        }
    }
}

/// The row a list moves to for `action` (↑, ↓, Home, End) among `len` rows from
/// `selected`, or `None` for any other action.
fn list_step(selected: usize, len: usize, action: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => Some(selected.saturating_sub(1)),
        Action::Down => Some((selected + 1).min(last)),
        Action::First => Some(0),
        Action::Last => Some(last),
        _ => None,
    }
}

mod analytics;
mod board;
mod comments;
mod conflicts;
mod editor;
mod evidence;
mod external;
mod follow;
mod leaving;
mod mouse;
mod panels;
mod personas;
mod place;
mod recover;
mod review;
mod search_panel;
mod start;
mod views;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;
