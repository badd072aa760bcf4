//! Moving around the board and changing it: selection, journeys, moving and deleting cards
//! and stages, the emotion steps, and the open card's keys.

use crate::edit::Edit;
use crate::model::{Emotion, FieldValue, TouchpointField};

use super::super::action::Action;
use super::super::app::{App, FormKind, HelpPanel, Mode, PromptPurpose, View};
use super::Effect;

impl App {
    pub(super) fn update_board(&mut self, action: Action) -> Effect {
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
            EvidencePanel => self.open_evidence(),
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
            CycleRetention => self.cycle_retention(),
            SegmentBy => self.start_segment_prompt(),
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

    pub(super) fn update_card(&mut self, action: Action) -> Effect {
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

    pub(super) fn select_stage(&mut self, stage: usize) {
        let stages = self.journey().map_or(0, |j| j.stages.len());
        self.sel.stage = stage.min(stages.saturating_sub(1));
    }

    pub(super) fn switch_journey(&mut self, index: usize) {
        self.sel.journey = index;
        self.sel.stage = 0;
        self.sel.card = 0;
        self.scroll.stage = 0;
    }

    pub(super) fn cycle_journey(&mut self, forward: bool) {
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

    pub(super) fn ids(&self) -> Option<(String, String, Option<String>)> {
        let journey = self.journey()?;
        let stage = journey.stages.get(self.sel.stage)?;
        let card = stage.touchpoints.get(self.sel.card).map(|c| c.id.clone());
        Some((journey.id.clone(), stage.id.clone(), card))
    }

    pub(super) fn move_card_to_stage(&mut self, forward: bool) -> Effect {
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

    pub(super) fn move_card_in_stage(&mut self, down: bool) -> Effect {
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

    pub(super) fn move_stage(&mut self, right: bool) -> Effect {
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

    pub(super) fn delete_card(&mut self) -> Effect {
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

    pub(super) fn delete_stage(&mut self) -> Effect {
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

    pub(super) fn step_emotion(&mut self, delta: i8) -> Effect {
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
}
