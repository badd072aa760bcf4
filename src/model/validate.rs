//! Invariants that the JSON shape alone cannot express: ids present and unique.

use std::collections::HashMap;

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
pub fn validate(workspace: &Workspace) -> Result<(), ValidationError> {
    let cards: usize = workspace
        .journeys
        .iter()
        .flat_map(|j| &j.stages)
        .map(|s| s.touchpoints.len() + s.kpis.len() + 1)
        .sum();
    let mut ids = IdChecker {
        seen: HashMap::with_capacity(cards + workspace.personas.len() + workspace.journeys.len()),
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

/// Counts ids as they come and fails on an empty or repeated one.
struct IdChecker<'w> {
    seen: HashMap<&'w str, usize>,
}

impl<'w> IdChecker<'w> {
    fn check(&mut self, id: &'w str, path: impl Fn() -> String) -> Result<(), ValidationError> {
        // Blank (`trim().is_empty()`), tested from the front: an id's first character decides.
        if id.chars().all(char::is_whitespace) {
            return Err(ValidationError {
                path: path(),
                message: "the id is empty: give it any text not used as an id elsewhere in \
                          the workspace, such as \"tp-1\""
                    .into(),
                id: None,
            });
        }
        let count = self.seen.entry(id).or_insert(0);
        *count += 1;
        if *count > 1 {
            return Err(ValidationError {
                path: path(),
                message: format!("duplicate id {id:?}: every id in a workspace must be unique"),
                id: Some((id.to_string(), *count)),
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
