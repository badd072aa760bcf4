//! Bringing journeys from elsewhere (an import, a template) into a workspace: personas with
//! the name of one already there become that one (regardless of case, unless the incoming
//! personas themselves differ only in case), and ids already taken get fresh ones.

use std::collections::{HashMap, HashSet};

use crate::model::{Journey, Persona, Workspace, new_id};

/// What to add to a workspace so that it holds the incoming journeys.
#[derive(Debug, Clone, PartialEq)]
pub struct Adopted {
    /// Personas not yet in the workspace, with ids free there.
    pub personas: Vec<Persona>,
    /// The journeys with fresh ids where needed and persona references pointing into the
    /// workspace.
    pub journeys: Vec<Journey>,
}

/// Prepares `personas` and `journeys` for adding to `workspace`, which is not changed.
pub fn adopt(workspace: &Workspace, personas: Vec<Persona>, journeys: Vec<Journey>) -> Adopted {
    let mut taken = ids(workspace);
    let mut persona_ids: HashMap<String, String> = HashMap::new();
    let mut added: Vec<Persona> = Vec::new();
    let cased = told_apart_by_case(&personas);
    for mut persona in personas {
        let candidates = || workspace.personas.iter().chain(&added);
        let exact = candidates().find(|p| p.name.trim() == persona.name.trim());
        let known = exact.or_else(|| {
            let folded = fold(&persona.name);
            let loose = !cased.contains(&folded);
            candidates().find(|p| loose && fold(&p.name) == folded)
        });
        if let Some(existing) = known {
            persona_ids.insert(persona.id.clone(), existing.id.clone());
            continue;
        }
        let old = persona.id.clone();
        fresh(&mut persona.id, "pe", &mut taken);
        persona_ids.insert(old, persona.id.clone());
        added.push(persona);
    }
    let remap = |ids: &mut Vec<String>| {
        for id in ids.iter_mut() {
            if let Some(new) = persona_ids.get(id.as_str()) {
                id.clone_from(new);
            }
        }
    };
    let journeys = journeys
        .into_iter()
        .map(|mut journey| {
            remap(&mut journey.personas);
            fresh(&mut journey.id, "jo", &mut taken);
            for stage in &mut journey.stages {
                fresh(&mut stage.id, "st", &mut taken);
                for kpi in &mut stage.kpis {
                    fresh(&mut kpi.id, "kp", &mut taken);
                }
                for card in &mut stage.touchpoints {
                    fresh(&mut card.id, "tp", &mut taken);
                    remap(&mut card.personas);
                }
            }
            journey
        })
        .collect();
    Adopted {
        personas: added,
        journeys,
    }
}

/// A persona name compared without regard to case or surrounding spaces.
fn fold(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The folded names ([`fold`]) that `personas` hold in more than one spelling (`ann` and
/// `Ann`, two actors in a Mermaid diagram): each spelling must stay a persona of its own, so
/// these match existing personas only exactly.
fn told_apart_by_case(personas: &[Persona]) -> HashSet<String> {
    let mut spellings: HashMap<String, HashSet<&str>> = HashMap::new();
    for persona in personas {
        spellings
            .entry(fold(&persona.name))
            .or_default()
            .insert(persona.name.trim());
    }
    spellings
        .into_iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|(folded, _)| folded)
        .collect()
}

/// Every id in the workspace.
fn ids(workspace: &Workspace) -> HashSet<String> {
    let mut ids: HashSet<String> = workspace.personas.iter().map(|p| p.id.clone()).collect();
    for journey in &workspace.journeys {
        ids.insert(journey.id.clone());
        for stage in &journey.stages {
            ids.insert(stage.id.clone());
            ids.extend(stage.kpis.iter().map(|k| k.id.clone()));
            ids.extend(stage.touchpoints.iter().map(|t| t.id.clone()));
        }
    }
    ids
}

/// Gives `id` a new value when it is blank or taken, and marks it taken.
fn fresh(id: &mut String, prefix: &str, taken: &mut HashSet<String>) {
    while id.trim().is_empty() || taken.contains(id.as_str()) {
        *id = new_id(prefix);
    }
    taken.insert(id.clone());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;

    #[test]
    fn adopting_a_workspace_into_itself_keeps_it_valid_and_merges_personas() {
        let demo = crate::demo::workspace();
        let adopted = adopt(&demo, demo.personas.clone(), demo.journeys.clone());
        assert!(adopted.personas.is_empty(), "same names: same personas");
        let mut ws = demo.clone();
        ws.journeys.extend(adopted.journeys.clone());
        validate(&ws).unwrap();
        assert_eq!(adopted.journeys[0].personas, demo.journeys[0].personas);
        assert_ne!(adopted.journeys[0].id, demo.journeys[0].id);
    }

    #[test]
    fn names_differing_in_case_stay_apart_only_when_the_source_tells_them_apart() {
        let mut workspace = crate::model::Workspace::default();
        workspace.personas.push(Persona {
            id: "pe-ann".into(),
            name: "Ann".into(),
            ..Persona::default()
        });
        let named = |id: &str, name: &str| Persona {
            id: id.into(),
            name: name.into(),
            ..Persona::default()
        };
        // `ann` and `Ann` are two actors in the source: `Ann` is the one there, `ann` is new.
        let both = vec![named("pe-1", "ann"), named("pe-2", "Ann")];
        let adopted = adopt(&workspace, both, Vec::new());
        let names: Vec<&str> = adopted.personas.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["ann"]);
        // One spelling only: it is the persona of that name, whatever the case.
        let adopted = adopt(&workspace, vec![named("pe-3", " ANN ")], Vec::new());
        assert!(adopted.personas.is_empty());
    }

    #[test]
    fn new_personas_get_free_ids_and_cards_follow_them() {
        let demo = crate::demo::workspace();
        let mut stranger = demo.personas[0].clone();
        stranger.name = "Wayan, pemilik warung".into();
        let mut journey = demo.journeys[0].clone();
        journey.personas = vec![stranger.id.clone()];
        journey.stages[0].touchpoints[0].personas = vec![stranger.id.clone()];
        let adopted = adopt(&demo, vec![stranger.clone(), stranger], vec![journey]);
        assert_eq!(adopted.personas.len(), 1, "a name twice is one persona");
        let id = &adopted.personas[0].id;
        assert_ne!(id, &demo.personas[0].id);
        assert_eq!(adopted.journeys[0].personas, std::slice::from_ref(id));
        assert_eq!(
            adopted.journeys[0].stages[0].touchpoints[0].personas,
            std::slice::from_ref(id)
        );
    }
}
