//! What the views show of a whole journey or stage, computed once and kept until the
//! workspace changes under it, so that a key which only moves the selection costs the same at
//! ten cards and at a million.
//!
//! A *summary* of a journey (the channel matrix, the opportunity ranking) is kept until any
//! change. A *stage figure* (a stage's mean emotion, its lanes' line counts) is kept until an
//! edit changes that stage's cards: every edit says which stages it touched
//! ([`crate::edit::Touched`]).

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::edit::Touched;
use crate::model::{Journey, Stage, Workspace};

/// The kept summaries and stage figures, and when the workspace last changed.
#[derive(Default)]
pub struct Figures {
    /// Bumped by every change to the workspace.
    generation: u64,
    /// The generation at which each stage's cards last changed, by stage id.
    stage_changed: HashMap<String, u64>,
    /// The generation at which every stage last changed.
    all_changed: u64,
    /// Journey summaries computed in the current generation.
    summaries: RefCell<Vec<(SummaryKey, Rc<dyn Any>)>>,
    /// The generation of `summaries`.
    summaries_at: RefCell<u64>,
    /// Stage figures with the generation they were computed at.
    stage_figures: RefCell<HashMap<FigureKey, Figure>>,
}

/// What a summary is (its type), of which journey (by index), for which persona.
type SummaryKey = (TypeId, usize, Option<String>);

/// What a stage figure is (its type), of which stage (by id), for which persona.
type FigureKey = (TypeId, String, Option<String>);

/// A stage figure and the generation it was computed at.
type Figure = (u64, Rc<dyn Any>);

impl Figures {
    /// Notes a change to the workspace: `touched` says which stages' cards it changed, `None`
    /// that any may have.
    pub fn changed(&mut self, touched: Option<&Touched>) {
        self.generation += 1;
        match touched {
            Some(Touched::Stages(ids)) => {
                for id in ids {
                    self.stage_changed.insert(id.clone(), self.generation);
                }
            }
            Some(Touched::Everything) | None => {
                self.all_changed = self.generation;
                self.stage_changed.clear();
            }
        }
    }

    /// A summary of journey `journey` of `workspace`, for `persona` when given: computed by
    /// `compute` once per change of the workspace. `None` when there is no such journey.
    pub fn summary<T: 'static>(
        &self,
        workspace: &Workspace,
        journey: usize,
        persona: Option<&str>,
        compute: fn(&Journey, Option<&str>) -> T,
    ) -> Option<Rc<T>> {
        let found = workspace.journeys.get(journey)?;
        let mut summaries = self.summaries.borrow_mut();
        if *self.summaries_at.borrow() != self.generation {
            summaries.clear();
            *self.summaries_at.borrow_mut() = self.generation;
        }
        let key = (TypeId::of::<T>(), journey, persona.map(str::to_string));
        if let Some((_, known)) = summaries.iter().find(|(k, _)| *k == key) {
            return Rc::clone(known).downcast().ok();
        }
        let made = Rc::new(compute(found, persona));
        summaries.push((key, Rc::clone(&made) as Rc<dyn Any>));
        Some(made)
    }

    /// A figure of `stage` computed from its cards, for `persona` when given: computed by
    /// `compute` once, and again only after an edit changed that stage's cards. `compute` may
    /// read the number and order of the cards and their [`crate::edit::STAGE_FIGURE_FIELDS`],
    /// nothing else: edits of other fields keep it.
    pub fn stage_figure<T: 'static>(
        &self,
        stage: &Stage,
        persona: Option<&str>,
        compute: fn(&Stage, Option<&str>) -> T,
    ) -> Rc<T> {
        let valid_from = self
            .stage_changed
            .get(&stage.id)
            .copied()
            .unwrap_or(0)
            .max(self.all_changed);
        let key = (
            TypeId::of::<T>(),
            stage.id.clone(),
            persona.map(str::to_string),
        );
        let mut figures = self.stage_figures.borrow_mut();
        if let Some((at, figure)) = figures.get(&key)
            && *at >= valid_from
            && let Ok(figure) = Rc::clone(figure).downcast()
        {
            return figure;
        }
        let figure = Rc::new(compute(stage, persona));
        figures.insert(key, (self.generation, Rc::clone(&figure) as Rc<dyn Any>));
        figure
    }
}
