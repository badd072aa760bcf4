//! Comments for reviews: a thread on a card, a stage or the journey (`C`, or the palette),
//! the comments panel (`T`) listing the journey's threads, replying, resolving and reopening.
//! Each is an edit like any other: undoable, saved, merged with others' saves.

use crate::edit::Edit;
use crate::model::{Comment, RecordKind, Reply, new_id};

use super::super::action::Action;
use super::super::app::{App, Mode, PromptPurpose};
use super::Effect;

impl App {
    /// Asks for a comment on the selected card (the stage when it has none), the stage or the
    /// journey.
    pub(super) fn start_comment(&mut self, on: RecordKind) {
        let target = match on {
            RecordKind::Card => match (self.card(), self.stage()) {
                (Some(card), _) => {
                    Some((RecordKind::Card, card.id.clone(), card.title.to_string()))
                }
                (None, Some(stage)) => {
                    Some((RecordKind::Stage, stage.id.clone(), stage.name.clone()))
                }
                (None, None) => None,
            },
            RecordKind::Stage => self
                .stage()
                .map(|s| (RecordKind::Stage, s.id.clone(), s.name.clone())),
            _ => self
                .journey()
                .map(|j| (RecordKind::Journey, j.id.clone(), j.name.clone())),
        };
        let Some((kind, id, name)) = target else {
            self.say("nothing to comment on here: add a stage first (A)");
            return;
        };
        self.comment_on = Some((kind, id));
        self.say(format!("comment on “{name}”: Enter posts it, Esc drops it"));
        self.prompt(PromptPurpose::Comment, "");
    }

    /// The threads the panel lists: the journey's, open ones first, oldest first; resolved
    /// ones only when asked.
    pub fn listed_comments(&self, resolved: bool) -> Vec<&Comment> {
        let Some(journey) = self.journey() else {
            return Vec::new();
        };
        let mut listed: Vec<&Comment> = self
            .doc
            .workspace
            .comments
            .iter()
            .filter(|c| c.belongs_to(journey) && (resolved || !c.resolved))
            .collect();
        listed.sort_by_key(|c| (c.resolved, c.at.clone()));
        listed
    }

    /// Opens the panel, or says there is nothing in it.
    pub(super) fn open_comments(&mut self) {
        if self.listed_comments(true).is_empty() {
            self.say("no comments on this journey yet: C comments on the selected card");
        } else {
            let resolved = self.listed_comments(false).is_empty();
            self.mode = Mode::Comments {
                selected: 0,
                resolved,
            };
        }
    }

    /// Keys of the panel: move, go to the thread's place, reply, resolve or reopen, show
    /// resolved threads too.
    pub(super) fn update_comments(&mut self, action: Action) -> Effect {
        let Mode::Comments { selected, resolved } = self.mode else {
            return Effect::None;
        };
        let listed: Vec<Comment> = self
            .listed_comments(resolved)
            .into_iter()
            .cloned()
            .collect();
        let last = listed.len().saturating_sub(1);
        let current = listed.get(selected.min(last)).cloned();
        let stay = |selected| Mode::Comments { selected, resolved };
        match (action, current) {
            (Action::Up, _) => self.mode = stay(selected.saturating_sub(1)),
            (Action::Down, _) => self.mode = stay((selected + 1).min(last)),
            (Action::Cancel, _) => self.mode = Mode::Board,
            (Action::ShowResolved, _) => {
                self.mode = Mode::Comments {
                    selected: 0,
                    resolved: !resolved,
                }
            }
            (Action::Undo, _) => return self.undo(true),
            (Action::Redo, _) => return self.undo(false),
            (Action::Confirm, Some(comment)) => {
                self.go_to_comment(&comment);
                self.mode = Mode::Board;
            }
            (Action::ReplyComment, Some(comment)) => {
                self.comment_on = Some((RecordKind::Comment, comment.id.clone()));
                self.say(format!(
                    "reply to {}: Enter posts it, Esc drops it",
                    comment.by
                ));
                self.prompt(PromptPurpose::Reply, "");
            }
            (Action::ResolveComment, Some(comment)) => {
                let done = !comment.resolved;
                let effect = self.apply(Edit::PutComment {
                    comment: Comment {
                        resolved: done,
                        ..comment
                    },
                });
                self.say(if done {
                    "resolved — u undoes; a shows resolved threads"
                } else {
                    "reopened — u undoes"
                });
                return effect;
            }
            (_, None) => self.say("no thread here"),
            _ => {}
        }
        Effect::None
    }

    /// Posts the comment or reply typed in the prompt.
    pub(super) fn answer_comment_prompt(&mut self, purpose: PromptPurpose, text: &str) -> Effect {
        let text = text.trim();
        let Some((kind, id)) = self.comment_on.take() else {
            return Effect::None;
        };
        let stamp = self.stamp();
        if text.is_empty() {
            self.say("nothing posted: a comment needs some text");
            return Effect::None;
        }
        let edit = if purpose == PromptPurpose::Reply {
            let Some(thread) = self.doc.workspace.comments.iter().find(|c| c.id == id) else {
                self.say("that thread is gone");
                return Effect::None;
            };
            let mut thread = thread.clone();
            thread.replies.push(Reply {
                id: new_id("re"),
                by: stamp.by,
                at: stamp.at,
                text: text.to_string(),
                extra: Default::default(),
            });
            Edit::PutComment { comment: thread }
        } else {
            Edit::PutComment {
                comment: Comment {
                    id: new_id("cm"),
                    kind,
                    record: id,
                    by: stamp.by,
                    at: stamp.at,
                    text: text.to_string(),
                    ..Comment::default()
                },
            }
        };
        let effect = self.apply(edit);
        self.say(if purpose == PromptPurpose::Reply {
            "replied — T lists the threads, u undoes"
        } else {
            "commented — T lists the threads, u undoes"
        });
        effect
    }

    /// Selects the card or stage a thread is on (switching journey if need be).
    fn go_to_comment(&mut self, comment: &Comment) {
        let ws = &self.doc.workspace;
        let Some(journey) = ws.journeys.iter().position(|j| comment.belongs_to(j)) else {
            return;
        };
        if journey != self.sel.journey {
            self.switch_journey(journey);
        }
        match comment.kind {
            RecordKind::Card => self.select_card(&comment.record),
            RecordKind::Stage => {
                if let Some(stage) = self.journey().and_then(|j| j.stage_index(&comment.record)) {
                    self.select_stage(stage);
                }
            }
            _ => {}
        }
        self.scroll_into_view();
    }

    /// How many open threads are on the record with `id`.
    pub fn open_comments_on(&self, id: &str) -> usize {
        self.doc
            .workspace
            .comments
            .iter()
            .filter(|c| c.record == id && !c.resolved)
            .count()
    }
}
