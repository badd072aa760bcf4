//! Which stages an edit changed, so that what was computed from a stage's cards (a stage's
//! mean emotion, say) is computed again only for those.

use super::Edit;
use crate::model::TouchpointField;

/// The card fields that what is computed per stage may read: an edit of another field of a
/// card (its title, its notes...) leaves every such figure as it was.
pub const STAGE_FIGURE_FIELDS: [TouchpointField; 4] = [
    TouchpointField::Emotion,
    TouchpointField::Personas,
    TouchpointField::PainPoints,
    TouchpointField::Opportunities,
];

/// The stages whose cards an edit changed (their number, order or [`STAGE_FIGURE_FIELDS`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Touched {
    /// Only these stages, by id (none for an edit that changed no stage's cards).
    Stages(Vec<String>),
    /// Any stage may have changed.
    #[default]
    Everything,
}

/// What an edit is about to change, taken before it is applied (it is consumed then).
pub(super) enum Touch {
    /// The cards of this stage (a card added to it, or moved into it from the stage the
    /// inverse names).
    Stage(String),
    /// A card removed: the inverse names its stage.
    Removed,
    /// A field of a card.
    Field(TouchpointField),
    /// No stage's cards.
    Nothing,
    /// Anything.
    Everything,
}

impl Edit {
    /// What this edit is about to change.
    pub(super) fn touch(&self) -> Touch {
        match self {
            Edit::AddCard { stage, .. } | Edit::MoveCard { stage, .. } => {
                Touch::Stage(stage.clone())
            }
            Edit::RemoveCard { .. } => Touch::Removed,
            Edit::SetField { field, .. } => Touch::Field(*field),
            Edit::RenameStage { .. }
            | Edit::PutKpi { .. }
            | Edit::RemoveKpi { .. }
            | Edit::PutConflict { .. }
            | Edit::RemoveConflict { .. }
            | Edit::PutComment { .. }
            | Edit::RemoveComment { .. } => Touch::Nothing,
            _ => Touch::Everything,
        }
    }
}

impl Touch {
    /// The stages changed, now that the edit is applied and `inverse` undoes it.
    pub(super) fn touched(self, inverse: &Edit) -> Touched {
        match (self, inverse) {
            (Touch::Stage(to), Edit::MoveCard { stage: from, .. }) => {
                Touched::Stages(vec![to, from.clone()])
            }
            (Touch::Stage(stage), _) => Touched::Stages(vec![stage]),
            (Touch::Removed, Edit::AddCard { stage, .. }) => Touched::Stages(vec![stage.clone()]),
            // The card's stage is not in the edit: any stage may hold it.
            (Touch::Field(field), _) if STAGE_FIGURE_FIELDS.contains(&field) => Touched::Everything,
            (Touch::Field(_) | Touch::Nothing, _) => Touched::Stages(Vec::new()),
            _ => Touched::Everything,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldValue, Journey, Touchpoint, Workspace};

    fn applied(ws: &mut Workspace, edit: Edit) -> Touched {
        let touch = edit.touch();
        let inverse = edit.apply(ws).unwrap();
        touch.touched(&inverse)
    }

    #[test]
    fn card_edits_name_their_stages_and_other_edits_everything() {
        let mut journey = Journey::with_default_stages("J");
        journey.stages[0].touchpoints = vec![Touchpoint::new("A")];
        let (j, s0, s1) = (
            journey.id.clone(),
            journey.stages[0].id.clone(),
            journey.stages[1].id.clone(),
        );
        let card = journey.stages[0].touchpoints[0].id.clone();
        let mut ws = Workspace {
            journeys: vec![journey],
            ..Workspace::default()
        };
        let set = |field, value| Edit::SetField {
            journey: j.clone(),
            card: card.clone(),
            field,
            value,
        };
        let title = set(TouchpointField::Title, FieldValue::Text("B".into()));
        assert_eq!(applied(&mut ws, title), Touched::Stages(vec![]));
        let emotion = set(TouchpointField::Emotion, FieldValue::Emotion(None));
        assert_eq!(applied(&mut ws, emotion), Touched::Everything);
        let moved = Edit::MoveCard {
            journey: j.clone(),
            card: card.clone(),
            stage: s1.clone(),
            index: 0,
        };
        assert_eq!(
            applied(&mut ws, moved),
            Touched::Stages(vec![s1.clone(), s0.clone()])
        );
        let removed = Edit::RemoveCard {
            journey: j.clone(),
            card: card.clone(),
        };
        assert_eq!(applied(&mut ws, removed), Touched::Stages(vec![s1.clone()]));
        let stage_gone = Edit::RemoveStage {
            journey: j.clone(),
            stage: s0.clone(),
        };
        assert_eq!(applied(&mut ws, stage_gone), Touched::Everything);
    }
}
