//! The small panels: the command palette, help, yes/no questions, the journey list, and
//! one-line prompts and their answers.

use crate::edit::Edit;
use crate::model::{Journey, Stage};
use crate::search;

use super::super::action::Action;
use super::super::app::{App, HelpPanel, Mode, PalettePanel, PromptPurpose};
use super::super::input::{text_input, text_of};
use super::Effect;

impl App {
    pub(super) fn update_palette(&mut self, action: Action) -> Effect {
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
    pub(super) fn update_help(&mut self, action: Action) -> Effect {
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let Mode::Help(panel) = &mut self.mode else {
            return Effect::None;
        };
        let rows = super::super::view::help::help_rows(&self.keymap, &panel.filter_text()).len();
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

    pub(super) fn update_confirm(&mut self, action: Action) -> Effect {
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

    pub(super) fn update_journeys(&mut self, action: Action) -> Effect {
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
                if purpose == PromptPurpose::SegmentBy {
                    return self.answer_segment_prompt(&name);
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

    pub(super) fn answer_prompt(&mut self, purpose: PromptPurpose, name: String) -> Effect {
        let journey_id = self.journey().map(|j| j.id.clone()).unwrap_or_default();
        let stage_id = self.stage().map(|s| s.id.clone()).unwrap_or_default();
        match purpose {
            // Answered in `update_prompt`, which keeps the prompt open on a bad answer.
            PromptPurpose::AddMeasurement
            | PromptPurpose::AddKpi
            | PromptPurpose::AnalyzeFile
            | PromptPurpose::SegmentBy
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

    pub(super) fn prompt(&mut self, purpose: PromptPurpose, text: &str) {
        self.mode = Mode::Prompt {
            purpose,
            input: text_input(text),
        };
    }

    pub(super) fn open_palette(&mut self) {
        self.mode = Mode::Palette(PalettePanel {
            input: text_input(""),
            entries: Vec::new(),
            selected: 0,
        });
        self.refresh_palette();
    }

    pub(super) fn refresh_palette(&mut self) {
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
