//! Applying an edit and computing its inverse.

use super::{Edit, EditError};
use crate::model::{Journey, Workspace};

impl Edit {
    /// Applies the edit and returns the edit that undoes it. On error nothing has changed.
    pub fn apply(self, ws: &mut Workspace) -> Result<Edit, EditError> {
        match self {
            Edit::AddCard {
                journey,
                stage,
                index,
                card,
            } => {
                let j = journey_mut(ws, &journey)?;
                let s = stage_mut(j, &stage)?;
                let index = index.min(s.touchpoints.len());
                let id = card.id.clone();
                s.touchpoints.insert(index, card);
                Ok(Edit::RemoveCard { journey, card: id })
            }
            Edit::RemoveCard { journey, card } => {
                let j = journey_mut(ws, &journey)?;
                let (si, ci) = j.find_touchpoint(&card).ok_or(EditError::NoCard(card))?;
                let stage = &mut j.stages[si];
                let removed = stage.touchpoints.remove(ci);
                Ok(Edit::AddCard {
                    stage: stage.id.clone(),
                    journey,
                    index: ci,
                    card: removed,
                })
            }
            Edit::MoveCard {
                journey,
                card,
                stage,
                index,
            } => {
                let j = journey_mut(ws, &journey)?;
                let to = j.stage_index(&stage).ok_or(EditError::NoStage(stage))?;
                let (si, ci) = j
                    .find_touchpoint(&card)
                    .ok_or_else(|| EditError::NoCard(card.clone()))?;
                if si == to {
                    // Within a stage the cards between the two places turn by one: a step
                    // up or down costs the same in a stage of ten cards or of a hundred
                    // thousand.
                    let cards = &mut j.stages[si].touchpoints;
                    let index = index.min(cards.len() - 1);
                    if index > ci {
                        cards[ci..=index].rotate_left(1);
                    } else {
                        cards[index..=ci].rotate_right(1);
                    }
                } else {
                    let moved = j.stages[si].touchpoints.remove(ci);
                    let dest = &mut j.stages[to].touchpoints;
                    dest.insert(index.min(dest.len()), moved);
                }
                Ok(Edit::MoveCard {
                    stage: j.stages[si].id.clone(),
                    journey,
                    card,
                    index: ci,
                })
            }
            Edit::SetField {
                journey,
                card,
                field,
                value,
            } => {
                let j = journey_mut(ws, &journey)?;
                let (si, ci) = j
                    .find_touchpoint(&card)
                    .ok_or_else(|| EditError::NoCard(card.clone()))?;
                let target = &mut j.stages[si].touchpoints[ci];
                let expected = std::mem::discriminant(&target.get(field));
                if std::mem::discriminant(&value) != expected {
                    return Err(EditError::WrongValue(field.label()));
                }
                let old = target.set(field, value);
                Ok(Edit::SetField {
                    journey,
                    card,
                    field,
                    value: old,
                })
            }
            Edit::AddStage {
                journey,
                index,
                stage,
            } => {
                let j = journey_mut(ws, &journey)?;
                let id = stage.id.clone();
                j.stages.insert(index.min(j.stages.len()), stage);
                Ok(Edit::RemoveStage { journey, stage: id })
            }
            Edit::RemoveStage { journey, stage } => {
                let j = journey_mut(ws, &journey)?;
                let index = j.stage_index(&stage).ok_or(EditError::NoStage(stage))?;
                let removed = j.stages.remove(index);
                Ok(Edit::AddStage {
                    journey,
                    index,
                    stage: removed,
                })
            }
            Edit::MoveStage {
                journey,
                stage,
                index,
            } => {
                let j = journey_mut(ws, &journey)?;
                let from = j
                    .stage_index(&stage)
                    .ok_or_else(|| EditError::NoStage(stage.clone()))?;
                let moved = j.stages.remove(from);
                j.stages.insert(index.min(j.stages.len()), moved);
                Ok(Edit::MoveStage {
                    journey,
                    stage,
                    index: from,
                })
            }
            Edit::RenameStage {
                journey,
                stage,
                name,
            } => {
                let j = journey_mut(ws, &journey)?;
                let s = stage_mut(j, &stage)?;
                let old = std::mem::replace(&mut s.name, name);
                Ok(Edit::RenameStage {
                    journey,
                    stage,
                    name: old,
                })
            }
            Edit::AddJourney { index, journey } => {
                let id = journey.id.clone();
                ws.journeys.insert(index.min(ws.journeys.len()), journey);
                Ok(Edit::RemoveJourney { journey: id })
            }
            Edit::RemoveJourney { journey } => {
                let index = ws
                    .journey_index(&journey)
                    .ok_or(EditError::NoJourney(journey))?;
                let removed = ws.journeys.remove(index);
                Ok(Edit::AddJourney {
                    index,
                    journey: removed,
                })
            }
            Edit::RenameJourney { journey, name } => {
                let j = journey_mut(ws, &journey)?;
                let old = std::mem::replace(&mut j.name, name);
                Ok(Edit::RenameJourney { journey, name: old })
            }
            Edit::SetJourneyDetails {
                journey,
                mut details,
            } => {
                let j = journey_mut(ws, &journey)?;
                details.id.clone_from(&j.id);
                std::mem::swap(&mut details.stages, &mut j.stages);
                // `old` carries the fields undo needs, and no stages.
                let old = std::mem::replace(j, *details);
                Ok(Edit::SetJourneyDetails {
                    journey,
                    details: Box::new(old),
                })
            }
            Edit::PutPersona { index, persona } => {
                let id = persona.id.clone();
                match ws.personas.iter().position(|p| p.id == id) {
                    Some(at) => {
                        let old = std::mem::replace(&mut ws.personas[at], persona);
                        Ok(Edit::PutPersona {
                            index: at,
                            persona: old,
                        })
                    }
                    None => {
                        ws.personas.insert(index.min(ws.personas.len()), persona);
                        Ok(Edit::RemovePersona { persona: id })
                    }
                }
            }
            Edit::RemovePersona { persona } => {
                let index = ws
                    .personas
                    .iter()
                    .position(|p| p.id == persona)
                    .ok_or(EditError::NoPersona(persona))?;
                let removed = ws.personas.remove(index);
                Ok(Edit::PutPersona {
                    index,
                    persona: removed,
                })
            }
            Edit::PutKpi {
                journey,
                stage,
                index,
                kpi,
            } => {
                let s = stage_mut(journey_mut(ws, &journey)?, &stage)?;
                let id = kpi.id.clone();
                match s.kpis.iter().position(|k| k.id == id) {
                    Some(at) => {
                        let old = std::mem::replace(&mut s.kpis[at], kpi);
                        Ok(Edit::PutKpi {
                            journey,
                            stage,
                            index: at,
                            kpi: old,
                        })
                    }
                    None => {
                        s.kpis.insert(index.min(s.kpis.len()), kpi);
                        Ok(Edit::RemoveKpi {
                            journey,
                            stage,
                            kpi: id,
                        })
                    }
                }
            }
            Edit::ReplaceAll { mut workspace } => {
                std::mem::swap(ws, &mut workspace);
                Ok(Edit::ReplaceAll { workspace })
            }
            Edit::PutConflict { conflict } => {
                let id = conflict.id.clone();
                match ws.conflicts.iter().position(|c| c.id == id) {
                    Some(at) => {
                        let old = std::mem::replace(&mut ws.conflicts[at], conflict);
                        Ok(Edit::PutConflict { conflict: old })
                    }
                    None => {
                        // In the order of their ids, as a merge leaves them.
                        let at = ws.conflicts.partition_point(|c| c.id < id);
                        ws.conflicts.insert(at, conflict);
                        Ok(Edit::RemoveConflict { conflict: id })
                    }
                }
            }
            Edit::PutComment { comment } => {
                let id = comment.id.clone();
                match ws.comments.iter().position(|c| c.id == id) {
                    Some(at) => {
                        let old = std::mem::replace(&mut ws.comments[at], comment);
                        Ok(Edit::PutComment { comment: old })
                    }
                    None => {
                        ws.comments.push(comment);
                        Ok(Edit::RemoveComment { comment: id })
                    }
                }
            }
            Edit::RemoveComment { comment } => {
                let at = ws
                    .comments
                    .iter()
                    .position(|c| c.id == comment)
                    .ok_or(EditError::NoComment(comment))?;
                Ok(Edit::PutComment {
                    comment: ws.comments.remove(at),
                })
            }
            Edit::RemoveConflict { conflict } => {
                let at = ws
                    .conflicts
                    .iter()
                    .position(|c| c.id == conflict)
                    .ok_or(EditError::NoConflict(conflict))?;
                Ok(Edit::PutConflict {
                    conflict: ws.conflicts.remove(at),
                })
            }
            Edit::Batch { label, edits } => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(ws) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // All or nothing: take back what was applied.
                            for inverse in inverses.into_iter().rev() {
                                let _ = inverse.apply(ws);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch {
                    label,
                    edits: inverses,
                })
            }
            Edit::RemoveKpi {
                journey,
                stage,
                kpi,
            } => {
                let s = stage_mut(journey_mut(ws, &journey)?, &stage)?;
                let index = s
                    .kpis
                    .iter()
                    .position(|k| k.id == kpi)
                    .ok_or(EditError::NoKpi(kpi))?;
                let removed = s.kpis.remove(index);
                Ok(Edit::PutKpi {
                    journey,
                    stage,
                    index,
                    kpi: removed,
                })
            }
        }
    }
}

fn journey_mut<'w>(ws: &'w mut Workspace, id: &str) -> Result<&'w mut Journey, EditError> {
    ws.journeys
        .iter_mut()
        .find(|j| j.id == id)
        .ok_or_else(|| EditError::NoJourney(id.to_string()))
}

fn stage_mut<'j>(
    journey: &'j mut Journey,
    id: &str,
) -> Result<&'j mut crate::model::Stage, EditError> {
    journey
        .stages
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| EditError::NoStage(id.to_string()))
}
