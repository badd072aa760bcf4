//! Invariants that the JSON shape alone cannot express: ids present and unique.

use std::collections::HashSet;
use std::hash::BuildHasher;

use super::Workspace;

/// A broken invariant, with the id (when there is one) that lets the loader point at the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ValidationError {
    /// Where in the map: `journey › stage › card`.
    pub path: String,
    /// What is wrong and what to do.
    pub message: String,
    /// The offending id and which of its `"id"` occurrences is at fault (1 = first), so the
    /// loader can point at a line and column.
    pub id: Option<(String, usize)>,
}

/// Checks that every persona, journey, stage, touchpoint and KPI has a unique, non-empty id.
///
/// It runs while the file's bytes are still in memory, so its own memory adds to the peak of a
/// load. A first pass keeps 8 bytes for each id (a hash of it) rather than the id and a count;
/// only a blank id or a repeated hash (a repeated id or, very rarely, two ids with one hash)
/// takes the exact pass, which tells which.
pub fn validate(workspace: &Workspace) -> Result<(), ValidationError> {
    if unique_by_hash(workspace) {
        return Ok(());
    }
    validate_exactly(workspace)
}

/// Whether every id is non-blank and no two ids hash alike.
fn unique_by_hash(workspace: &Workspace) -> bool {
    let hasher = foldhash::fast::FixedState::default();
    let mut seen = HashSet::with_capacity_and_hasher(id_count(workspace), hasher.clone());
    let mut ids =
        workspace
            .personas
            .iter()
            .map(|p| p.id.as_str())
            .chain(workspace.journeys.iter().flat_map(|j| {
                std::iter::once(j.id.as_str()).chain(j.stages.iter().flat_map(|s| {
                    std::iter::once(s.id.as_str())
                        .chain(s.kpis.iter().map(|k| k.id.as_str()))
                        .chain(s.touchpoints.iter().map(|t| t.id.as_str()))
                }))
            }));
    ids.all(|id| !is_blank(id) && seen.insert(hasher.hash_one(id)))
}

/// How many ids the workspace has.
fn id_count(workspace: &Workspace) -> usize {
    let in_journeys: usize = workspace
        .journeys
        .iter()
        .flat_map(|j| &j.stages)
        .map(|s| s.touchpoints.len() + s.kpis.len() + 1)
        .sum();
    in_journeys + workspace.personas.len() + workspace.journeys.len()
}

/// Blank (`trim().is_empty()`), tested from the front: an id's first character decides.
fn is_blank(id: &str) -> bool {
    id.chars().all(char::is_whitespace)
}

/// [`validate`] with every id kept: slower, and says which record is at fault.
fn validate_exactly(workspace: &Workspace) -> Result<(), ValidationError> {
    let mut ids = IdChecker {
        seen: HashSet::with_capacity(id_count(workspace)),
    };
    for persona in &workspace.personas {
        ids.check(&persona.id, || format!("persona {:?}", persona.name))?;
    }
    for journey in &workspace.journeys {
        ids.check(&journey.id, || journey.name.clone())?;
        for stage in &journey.stages {
            let stage_path = || format!("{} › {}", journey.name, stage.name);
            ids.check(&stage.id, stage_path)?;
            for kpi in &stage.kpis {
                ids.check(&kpi.id, || format!("{} › KPI {:?}", stage_path(), kpi.name))?;
            }
            for card in &stage.touchpoints {
                ids.check(&card.id, || format!("{} › {}", stage_path(), card.title))?;
            }
        }
    }
    Ok(())
}

/// Keeps ids as they come and fails on an empty or repeated one.
struct IdChecker<'w> {
    seen: HashSet<&'w str>,
}

impl<'w> IdChecker<'w> {
    fn check(&mut self, id: &'w str, path: impl Fn() -> String) -> Result<(), ValidationError> {
        if is_blank(id) {
            return Err(ValidationError {
                path: path(),
                message: "the id is empty: give it any text not used as an id elsewhere in \
                          the workspace, such as \"tp-1\""
                    .into(),
                id: None,
            });
        }
        // The first repeat fails, so it is always the id's second occurrence.
        if !self.seen.insert(id) {
            return Err(ValidationError {
                path: path(),
                message: format!("duplicate id {id:?}: every id in a workspace must be unique"),
                id: Some((id.to_string(), 2)),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Journey, Touchpoint};

    fn sample() -> Workspace {
        let mut journey = Journey::with_default_stages("Buy a phone");
        journey.stages[0]
            .touchpoints
            .push(Touchpoint::new("Sees an ad"));
        journey.stages[1]
            .touchpoints
            .push(Touchpoint::new("Reads reviews"));
        Workspace {
            journeys: vec![journey],
            ..Workspace::default()
        }
    }

    #[test]
    fn fresh_workspace_is_valid() {
        assert_eq!(validate(&sample()), Ok(()));
    }

    #[test]
    fn duplicate_id_names_the_second_card() {
        let mut ws = sample();
        let first = ws.journeys[0].stages[0].touchpoints[0].id.clone();
        ws.journeys[0].stages[1].touchpoints[0].id = first.clone();
        let err = validate(&ws).unwrap_err();
        assert_eq!(err.path, "Buy a phone › Consideration › Reads reviews");
        assert_eq!(err.id, Some((first, 2)));
    }

    #[test]
    fn empty_id_is_refused() {
        let mut ws = sample();
        ws.journeys[0].stages[2].id = " ".into();
        let err = validate(&ws).unwrap_err();
        assert_eq!(err.path, "Buy a phone › Decision");
        assert!(err.message.contains("id is empty"));
    }
}
