//! Turning keys into actions and actions into changes of the app state.
//!
//! Every change to the workspace goes through [`crate::edit`], so it can be undone and is tested
//! without a terminal. `update` never does I/O: saving and quitting are returned as an
//! [`Effect`] for the event loop to carry out.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};

use crate::edit::Edit;
use crate::model::{Emotion, FieldValue, Journey, Stage, Touchpoint, TouchpointField};
use crate::search;

use super::action::Action;
use super::app::{
    App, EditTarget, FieldEditor, FormKind, HelpPanel, Mode, PalettePanel, PromptPurpose, View,
};
use super::input::{paste, text_input, text_of, type_key};
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
        if matches!(self.mode, Mode::Journeys { .. }) {
            return match key.code {
                KeyCode::Char('j') => self.update(Action::Down),
                KeyCode::Char('k') => self.update(Action::Up),
                KeyCode::Char('q') => self.update(Action::Cancel),
                _ => Effect::None,
            };
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
        let place = self.following.is_some().then(|| self.me());
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
                Mode::Comments { .. } => self.update_comments(action),
                Mode::Form { .. } => self.update_form(action),
                Mode::Present { .. } => self.update_present(action),
            }
        };
        self.clamp_selection();
        effect
    }

    fn update_board(&mut self, action: Action) -> Effect {
        use Action::*;
        // Esc stops an analysis being read before it does anything else.
        if action == Cancel && self.cancel_analysis() {
            return Effect::None;
        }
        if self.journey().is_none()
            && !matches!(
                action,
                NewJourney | Undo | Redo | Search | Palette | Help | Save | Quit
            )
        {
            self.warn("no journey yet: press N to create one");
            return Effect::None;
        }
        if !self.view.has_columns()
            && matches!(
                action,
                Left | Right | Up | Down | First | Last | OpenCard | Cancel
            )
        {
            return self.update_list_view(action);
        }
        let cards = self.stage().map_or(0, |s| s.touchpoints.len());
        match action {
            ViewBoard => self.show_view(View::Board),
            ViewLanes => self.show_view(View::Lanes),
            ViewChannels => self.show_view(View::Channels),
            ViewKpis => self.show_view(View::Kpis),
            ViewOpportunities => self.show_view(View::Opportunities),
            NextView => self.show_view(self.view.next()),
            FilterPersona => self.cycle_persona(),
            Personas => self.mode = Mode::Personas { selected: 0 },
            EditJourney => self.open_form(FormKind::Journey),
            AddFromTemplate => self.mode = Mode::Templates { selected: 0 },
            ReviewConflicts => self.open_conflicts(),
            FollowPeer => self.follow_next(),
            CommentHere => self.start_comment(crate::model::RecordKind::Card),
            CommentStage => self.start_comment(crate::model::RecordKind::Stage),
            CommentJourney => self.start_comment(crate::model::RecordKind::Journey),
            Comments => self.open_comments(),
            ReplyComment | ResolveComment | ShowResolved => {}
            AddPersona | EditPersona | DeletePersona | FollowPersona => {}
            MarkReviewed => return self.mark_reviewed(),
            Compare => self.open_compare(),
            AddMeasurement | AddKpi => self.start_kpi_prompt(action),
            CycleImpact | CycleEffort => self.arm_rating(action),
            CycleStatus => return self.rate_opportunity(action, None),
            ViewAnalytics => self.show_view(View::Analytics),
            AnalyzeEvents => self.start_analysis_prompt(),
            CycleModel => self.cycle_model(),
            ApplyAnalysis => return self.apply_analysis(),
            ToggleReadOnly => self.toggle_read_only(),
            Present => self.start_presenting(),
            CopyCard => return self.copy_card(),
            NextStage | PrevStage | EditExternally => {}
            Left => self.select_stage(self.sel.stage.saturating_sub(1)),
            Right => self.select_stage(self.sel.stage + 1),
            Up => self.sel.card = self.sel.card.saturating_sub(1),
            Down => self.sel.card = (self.sel.card + 1).min(cards.saturating_sub(1)),
            First => self.sel.card = 0,
            Last => self.sel.card = cards.saturating_sub(1),
            MoveCardLeft | MoveCardRight => {
                return self.move_card_to_stage(action == MoveCardRight);
            }
            MoveCardUp | MoveCardDown => return self.move_card_in_stage(action == MoveCardDown),
            AddCard => self.start_adding_card(),
            EditTitle if self.view == View::Kpis => self.edit_selected_kpi(),
            EditTitle if self.view == View::Opportunities => match self.selected_opportunity() {
                Some((card, index)) => self.open_form(FormKind::Opportunity { card, index }),
                None => self.say("no opportunity to edit"),
            },
            EditTitle => self.start_editing(TouchpointField::Title),
            OpenCard => {
                if self.card().is_some() {
                    self.mode = Mode::Card { field: 0 };
                } else {
                    self.say("no card here: press a to add one");
                }
            }
            DeleteCard if self.view == View::Kpis => self.delete_kpi(),
            DeleteCard => return self.delete_card(),
            EmotionUp | EmotionDown => {
                return self.step_emotion(if action == EmotionUp { 1 } else { -1 });
            }
            AddStage => self.prompt(PromptPurpose::AddStage, ""),
            RenameStage => {
                let name = self.stage().map(|s| s.name.clone()).unwrap_or_default();
                self.prompt(PromptPurpose::RenameStage, &name);
            }
            MoveStageLeft | MoveStageRight => return self.move_stage(action == MoveStageRight),
            DeleteStage => return self.delete_stage(),
            NewJourney => self.prompt(PromptPurpose::NewJourney, ""),
            RenameJourney => {
                let name = self.journey().map(|j| j.name.clone()).unwrap_or_default();
                self.prompt(PromptPurpose::RenameJourney, &name);
            }
            DeleteJourney => {
                if let Some(journey) = self.journey() {
                    let question = format!(
                        "Delete journey “{}” with its {} stages and {} cards?",
                        journey.name,
                        journey.stages.len(),
                        journey.card_count()
                    );
                    let edit = Edit::RemoveJourney {
                        journey: journey.id.clone(),
                    };
                    self.mode = Mode::Confirm { question, edit };
                }
            }
            PrevJourney | NextJourney => self.cycle_journey(action == NextJourney),
            ListJourneys => {
                self.mode = Mode::Journeys {
                    selected: self.sel.journey,
                };
            }
            Undo => return self.undo(true),
            Redo => return self.undo(false),
            Search => self.open_search(),
            Palette => self.open_palette(),
            Help => self.mode = Mode::Help(HelpPanel::new()),
            Save => return Effect::Save,
            Quit => return Effect::Quit,
            NextField | PrevField | EditField | Confirm | Cancel | PageUp | PageDown | Filter => {}
        }
        Effect::None
    }

    fn update_card(&mut self, action: Action) -> Effect {
        let Mode::Card { field } = &mut self.mode else {
            return Effect::None;
        };
        let count = TouchpointField::ALL.len();
        match action {
            Action::NextField | Action::Down => *field = (*field + 1) % count,
            Action::PrevField | Action::Up => *field = (*field + count - 1) % count,
            Action::EditField => {
                let field = TouchpointField::ALL[*field];
                self.start_editing(field);
            }
            Action::EmotionUp => return self.step_emotion(1),
            Action::EmotionDown => return self.step_emotion(-1),
            Action::EditExternally => {
                let field = TouchpointField::ALL[*field];
                return self.edit_externally(field);
            }
            Action::CopyCard => return self.copy_card(),
            Action::Undo => return self.undo(true),
            Action::Redo => return self.undo(false),
            Action::Save => return Effect::Save,
            Action::Cancel => self.mode = Mode::Board,
            _ => {}
        }
        if self.card().is_none() {
            self.mode = Mode::Board;
        }
        Effect::None
    }

    fn update_editor(&mut self, action: Action) -> Effect {
        let in_card = matches!(self.mode, Mode::Card { .. });
        match action {
            Action::Confirm => {
                if let Some(editor) = &mut self.editor
                    && let Some(i) = editor.suggestion
                {
                    let choice = editor.suggestions[i].clone();
                    editor.input = text_input(&choice);
                }
                self.commit_editor()
            }
            Action::Cancel => {
                if let Some(editor) = self.editor.take()
                    && matches!(editor.target, EditTarget::NewCard { .. })
                {
                    self.say("nothing added");
                }
                Effect::None
            }
            Action::NextField | Action::PrevField => {
                if action == Action::NextField && self.complete_channel() {
                    return Effect::None;
                }
                let effect = self.commit_editor();
                if self.editor.is_none() && in_card {
                    // On to the next field, ready to type.
                    self.update_card(action);
                    self.update_card(Action::EditField);
                }
                effect
            }
            _ => Effect::None,
        }
    }

    fn update_palette(&mut self, action: Action) -> Effect {
        let Mode::Palette(panel) = &mut self.mode else {
            return Effect::None;
        };
        match action {
            Action::Up => panel.selected = panel.selected.saturating_sub(1),
            Action::Down => {
                panel.selected = (panel.selected + 1).min(panel.entries.len().saturating_sub(1))
            }
            Action::Confirm => {
                let chosen = panel.entries.get(panel.selected).map(|(a, _)| *a);
                self.mode = Mode::Board;
                if let Some(chosen) = chosen {
                    return self.update(chosen);
                }
            }
            Action::Cancel => self.mode = Mode::Board,
            _ => {}
        }
        Effect::None
    }

    /// Scrolls the help a line or a page, to its top or end; `/` types a filter (Enter keeps
    /// it, Esc clears it); Esc closes.
    fn update_help(&mut self, action: Action) -> Effect {
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let Mode::Help(panel) = &mut self.mode else {
            return Effect::None;
        };
        let rows = super::view::help::help_rows(&self.keymap, &panel.filter_text()).len();
        let last = rows.saturating_sub(page);
        if panel.typing {
            match action {
                Action::Confirm => panel.typing = false,
                Action::Cancel => *panel = HelpPanel::new(),
                _ => {}
            }
            return Effect::None;
        }
        match action {
            Action::Down => panel.scroll = (panel.scroll + 1).min(last),
            Action::Up => panel.scroll = panel.scroll.saturating_sub(1),
            Action::PageDown => panel.scroll = (panel.scroll + page).min(last),
            Action::PageUp => panel.scroll = panel.scroll.saturating_sub(page),
            Action::First => panel.scroll = 0,
            Action::Last => panel.scroll = last,
            Action::Filter => panel.typing = true,
            Action::Cancel if !panel.filter_text().is_empty() => *panel = HelpPanel::new(),
            Action::Cancel => self.mode = Mode::Board,
            _ => {}
        }
        Effect::None
    }

    fn update_confirm(&mut self, action: Action) -> Effect {
        match action {
            Action::Confirm => {
                let Mode::Confirm { edit, .. } = std::mem::replace(&mut self.mode, Mode::Board)
                else {
                    return Effect::None;
                };
                let label = edit.label();
                let effect = self.apply(edit);
                if effect == Effect::Edited {
                    self.say(format!("{label}: done — u to undo"));
                }
                effect
            }
            Action::Cancel => {
                self.mode = Mode::Board;
                self.say("nothing deleted");
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn update_journeys(&mut self, action: Action) -> Effect {
        let count = self.doc.workspace.journeys.len();
        let Mode::Journeys { selected } = &mut self.mode else {
            return Effect::None;
        };
        match action {
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
            Action::Confirm => {
                let chosen = *selected;
                self.mode = Mode::Board;
                self.switch_journey(chosen);
            }
            Action::Cancel => self.mode = Mode::Board,
            _ => {}
        }
        Effect::None
    }

    pub(super) fn update_prompt(&mut self, action: Action) -> Effect {
        match action {
            Action::Confirm => {
                let Mode::Prompt { purpose, input } = &self.mode else {
                    return Effect::None;
                };
                let purpose = *purpose;
                let name = text_of(input).trim().to_string();
                if matches!(
                    purpose,
                    PromptPurpose::AddMeasurement | PromptPurpose::AddKpi
                ) {
                    // Keeps the prompt open with a message when the answer does not parse.
                    return self.answer_kpi_prompt(purpose, &name);
                }
                if purpose == PromptPurpose::AnalyzeFile {
                    return self.answer_analysis_prompt(&name);
                }
                if matches!(purpose, PromptPurpose::Comment | PromptPurpose::Reply) {
                    self.mode = Mode::Board;
                    return self.answer_comment_prompt(purpose, &name);
                }
                if name.is_empty() {
                    self.warn("a name is needed (Esc to cancel)");
                    return Effect::None;
                }
                self.mode = Mode::Board;
                self.answer_prompt(purpose, name)
            }
            Action::Cancel => {
                self.mode = Mode::Board;
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn answer_prompt(&mut self, purpose: PromptPurpose, name: String) -> Effect {
        let journey_id = self.journey().map(|j| j.id.clone()).unwrap_or_default();
        let stage_id = self.stage().map(|s| s.id.clone()).unwrap_or_default();
        match purpose {
            // Answered in `update_prompt`, which keeps the prompt open on a bad answer.
            PromptPurpose::AddMeasurement
            | PromptPurpose::AddKpi
            | PromptPurpose::AnalyzeFile
            | PromptPurpose::Comment
            | PromptPurpose::Reply => Effect::None,
            PromptPurpose::AddStage => {
                let index = if self.stage().is_some() {
                    self.sel.stage + 1
                } else {
                    0
                };
                let effect = self.apply(Edit::AddStage {
                    journey: journey_id,
                    index,
                    stage: Stage::new(&name),
                });
                self.select_stage(index);
                effect
            }
            PromptPurpose::RenameStage => self.apply(Edit::RenameStage {
                journey: journey_id,
                stage: stage_id,
                name,
            }),
            PromptPurpose::NewJourney => {
                let index = self.doc.workspace.journeys.len();
                let effect = self.apply(Edit::AddJourney {
                    index,
                    journey: Journey::with_default_stages(&name),
                });
                self.switch_journey(index);
                effect
            }
            PromptPurpose::RenameJourney => self.apply(Edit::RenameJourney {
                journey: journey_id,
                name,
            }),
        }
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

    pub(super) fn select_stage(&mut self, stage: usize) {
        let stages = self.journey().map_or(0, |j| j.stages.len());
        self.sel.stage = stage.min(stages.saturating_sub(1));
    }

    pub(super) fn switch_journey(&mut self, index: usize) {
        self.sel.journey = index;
        self.sel.stage = 0;
        self.sel.card = 0;
        self.stage_offset = 0;
    }

    fn cycle_journey(&mut self, forward: bool) {
        let count = self.doc.workspace.journeys.len();
        if count < 2 {
            self.say("this is the only journey: N creates another");
            return;
        }
        let next = if forward {
            (self.sel.journey + 1) % count
        } else {
            (self.sel.journey + count - 1) % count
        };
        self.switch_journey(next);
        if let Some(journey) = self.journey() {
            let message = format!("journey {}/{count}: {}", next + 1, journey.name);
            self.say(message);
        }
    }

    fn ids(&self) -> Option<(String, String, Option<String>)> {
        let journey = self.journey()?;
        let stage = journey.stages.get(self.sel.stage)?;
        let card = stage.touchpoints.get(self.sel.card).map(|c| c.id.clone());
        Some((journey.id.clone(), stage.id.clone(), card))
    }

    fn move_card_to_stage(&mut self, forward: bool) -> Effect {
        let Some((journey, _, Some(card))) = self.ids() else {
            return Effect::None;
        };
        let stages = self.journey().map_or(0, |j| j.stages.len());
        let target = if forward {
            self.sel.stage + 1
        } else {
            self.sel.stage.wrapping_sub(1)
        };
        let Some(stage) = self.journey().and_then(|j| j.stages.get(target)) else {
            self.say(if forward {
                "already in the last stage"
            } else {
                "already in the first stage"
            });
            return Effect::None;
        };
        let (stage_id, index) = (stage.id.clone(), self.sel.card.min(stage.touchpoints.len()));
        debug_assert!(target < stages);
        let effect = self.apply(Edit::MoveCard {
            journey,
            card: card.clone(),
            stage: stage_id,
            index,
        });
        self.select_card(&card);
        effect
    }

    fn move_card_in_stage(&mut self, down: bool) -> Effect {
        let Some((journey, stage, Some(card))) = self.ids() else {
            return Effect::None;
        };
        let cards = self.stage().map_or(0, |s| s.touchpoints.len());
        let index = if down {
            self.sel.card + 1
        } else {
            self.sel.card.wrapping_sub(1)
        };
        if index >= cards {
            self.say(if down {
                "already the last card of the stage"
            } else {
                "already the first card of the stage"
            });
            return Effect::None;
        }
        let effect = self.apply(Edit::MoveCard {
            journey,
            card: card.clone(),
            stage,
            index,
        });
        self.select_card(&card);
        effect
    }

    fn move_stage(&mut self, right: bool) -> Effect {
        let Some((journey, stage, _)) = self.ids() else {
            return Effect::None;
        };
        let stages = self.journey().map_or(0, |j| j.stages.len());
        let index = if right {
            self.sel.stage + 1
        } else {
            self.sel.stage.wrapping_sub(1)
        };
        if index >= stages {
            self.say(if right {
                "already the last stage"
            } else {
                "already the first stage"
            });
            return Effect::None;
        }
        let effect = self.apply(Edit::MoveStage {
            journey,
            stage,
            index,
        });
        self.select_stage(index);
        effect
    }

    fn delete_card(&mut self) -> Effect {
        let Some((journey, _, Some(card))) = self.ids() else {
            self.say("no card to delete");
            return Effect::None;
        };
        let title = self.card().map(|c| c.title.clone()).unwrap_or_default();
        let effect = self.apply(Edit::RemoveCard { journey, card });
        if effect == Effect::Edited {
            self.say(format!("deleted “{title}” — u to undo"));
        }
        effect
    }

    fn delete_stage(&mut self) -> Effect {
        let Some((journey, stage, _)) = self.ids() else {
            return Effect::None;
        };
        let Some(current) = self.stage() else {
            return Effect::None;
        };
        let (name, cards) = (current.name.clone(), current.touchpoints.len());
        let edit = Edit::RemoveStage { journey, stage };
        if cards == 0 {
            let effect = self.apply(edit);
            self.say(format!("deleted stage “{name}” — u to undo"));
            return effect;
        }
        let question = format!("Delete stage “{name}” and its {cards} cards?");
        self.mode = Mode::Confirm { question, edit };
        Effect::None
    }

    fn step_emotion(&mut self, delta: i8) -> Effect {
        let Some((journey, _, Some(card))) = self.ids() else {
            return Effect::None;
        };
        let current = self.card().and_then(|c| c.emotion);
        let next = current.map_or(Emotion::new(delta.into()), |e| Some(e.step(delta)));
        if next == current {
            return Effect::None;
        }
        let label = next
            .map(|e| format!("{:+} {}", e.value(), e.label()))
            .unwrap_or_default();
        let effect = self.apply(Edit::SetField {
            journey,
            card,
            field: TouchpointField::Emotion,
            value: FieldValue::Emotion(next),
        });
        self.say(format!("emotion {label}"));
        effect
    }

    fn start_adding_card(&mut self) {
        let Some((_, stage, card)) = self.ids() else {
            self.say("this journey has no stage: press A to add one");
            return;
        };
        let index = if card.is_some() { self.sel.card + 1 } else { 0 };
        self.editor = Some(FieldEditor {
            target: EditTarget::NewCard { stage, index },
            field: TouchpointField::Title,
            input: text_input(""),
            suggestions: Vec::new(),
            suggestion: None,
            channels: Vec::new(),
            seen: None,
        });
        self.sel.card = index;
    }

    fn start_editing(&mut self, field: TouchpointField) {
        let Some(card) = self.card() else {
            self.say("no card here: press a to add one");
            return;
        };
        let text = self.field_edit_text(card, field);
        self.editor = Some(FieldEditor {
            target: EditTarget::Card(card.id.clone()),
            field,
            input: text_input(&text),
            suggestions: Vec::new(),
            suggestion: None,
            channels: self.known_channels(field),
            seen: Some(card.clone()),
        });
        self.refresh_suggestions();
    }

    /// A field's value as text to edit; personas by name, one per line.
    pub(super) fn field_edit_text(&self, card: &Touchpoint, field: TouchpointField) -> String {
        if field == TouchpointField::Personas {
            let names: Vec<String> = card
                .personas
                .iter()
                .map(|id| self.persona_label(id))
                .collect();
            names.join("\n")
        } else {
            card.field_text(field)
        }
    }

    /// Edited text as a field's value, or why it is not one.
    pub(super) fn parse_field_text(
        &self,
        card: &Touchpoint,
        field: TouchpointField,
        text: &str,
    ) -> Result<FieldValue, String> {
        if field == TouchpointField::Personas {
            self.persona_ids(text).map(FieldValue::List)
        } else {
            card.parse_field(field, text)
        }
    }

    /// Commits the editor's text. An invalid value keeps the editor open with a message.
    pub(super) fn commit_editor(&mut self) -> Effect {
        let Some(editor) = self.editor.take() else {
            return Effect::None;
        };
        let Some(journey) = self.journey().map(|j| j.id.clone()) else {
            return Effect::None;
        };
        let text = text_of(&editor.input);
        match &editor.target {
            EditTarget::NewCard { stage, index } => {
                let title = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if title.is_empty() {
                    self.say("nothing added: a card needs a title");
                    return Effect::None;
                }
                let card = Touchpoint::new(&title);
                let id = card.id.clone();
                let effect = self.apply(Edit::AddCard {
                    journey,
                    stage: stage.clone(),
                    index: *index,
                    card,
                });
                self.select_card(&id);
                self.say(format!("added “{title}”"));
                effect
            }
            EditTarget::Card(id) => {
                let Some(card) = self.card().filter(|c| &c.id == id) else {
                    return Effect::None;
                };
                let parsed = self.parse_field_text(card, editor.field, &text);
                let value = match parsed {
                    Ok(value) => value,
                    Err(message) => {
                        self.warn(message);
                        self.editor = Some(editor);
                        return Effect::None;
                    }
                };
                let seen = editor.seen.as_ref().unwrap_or(card);
                let stamp = self.stamp();
                let ws = &self.doc.workspace;
                match crate::merge::card_field_edit(ws, id, editor.field, value, seen, &stamp) {
                    Some(edit) => {
                        let conflict = matches!(edit, Edit::Batch { .. });
                        let effect = self.apply(edit);
                        if conflict {
                            self.warn(
                                "someone else changed this field while you typed: both values \
                                 are kept as a conflict — : review conflicts",
                            );
                        }
                        effect
                    }
                    None => Effect::None,
                }
            }
        }
    }

    /// Tab in a channel editor takes the highlighted (or first) suggestion; returns whether it
    /// changed the text.
    fn complete_channel(&mut self) -> bool {
        let Some(editor) = &mut self.editor else {
            return false;
        };
        let Some(choice) = editor
            .suggestions
            .get(editor.suggestion.unwrap_or(0))
            .cloned()
        else {
            return false;
        };
        if text_of(&editor.input) == choice {
            return false;
        }
        editor.input = text_input(&choice);
        self.refresh_suggestions();
        true
    }

    /// The journey's known channels when `field` is the channel (its editor suggests them).
    fn known_channels(&self, field: TouchpointField) -> Vec<String> {
        match self.journey() {
            Some(journey) if field == TouchpointField::Channel => journey.known_channels(),
            _ => Vec::new(),
        }
    }

    fn refresh_suggestions(&mut self) {
        let Some(editor) = self
            .editor
            .as_mut()
            .filter(|editor| editor.field == TouchpointField::Channel)
        else {
            return;
        };
        let typed = text_of(&editor.input);
        editor.suggestions = search::filter(&typed, &editor.channels)
            .into_iter()
            .map(|(i, _)| editor.channels[i].clone())
            .collect();
        editor.suggestion = None;
    }

    fn prompt(&mut self, purpose: PromptPurpose, text: &str) {
        self.mode = Mode::Prompt {
            purpose,
            input: text_input(text),
        };
    }

    fn open_palette(&mut self) {
        self.mode = Mode::Palette(PalettePanel {
            input: text_input(""),
            entries: Vec::new(),
            selected: 0,
        });
        self.refresh_palette();
    }

    fn refresh_palette(&mut self) {
        let Mode::Palette(panel) = &mut self.mode else {
            return;
        };
        let actions = self.keymap.palette_actions();
        let names: Vec<&str> = actions.iter().map(|a| a.name()).collect();
        panel.entries = search::filter(&text_of(&panel.input), &names)
            .into_iter()
            .map(|(i, indices)| (actions[i], indices))
            .collect();
        panel.selected = 0;
    }
}

mod analytics;
mod comments;
mod conflicts;
mod external;
mod follow;
mod leaving;
mod mouse;
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
