//! Export to the workspace's own JSON: the selected journeys as a workspace of their own, which
//! cjm (or any tool that reads the format) can open as it is.

use super::Scope;
use crate::model::{Extra, FORMAT_NAME, Persona, Workspace};
use crate::store;

/// The journeys of `scope` as a workspace file: the format header, the personas the journeys
/// or their cards refer to (in workspace order), and the journeys, written by the same
/// canonical serializer as the workspace file.
pub fn to_json(scope: &Scope) -> String {
    store::to_json(&selection(scope))
}

/// The journeys of `scope` and the personas they need, as a workspace. The version stays the
/// source's, so fields a newer cjm kept in the journeys are not passed off as an older format.
fn selection(scope: &Scope) -> Workspace {
    Workspace {
        format: FORMAT_NAME.to_string(),
        version: scope.workspace.version,
        personas: referred_personas(scope),
        journeys: scope.journeys.iter().map(|j| (*j).clone()).collect(),
        comments: scope
            .workspace
            .comments
            .iter()
            .filter(|c| scope.journeys.iter().any(|j| c.belongs_to(j)))
            .cloned()
            .collect(),
        conflicts: scope
            .workspace
            .conflicts
            .iter()
            .filter(|c| scope.journeys.iter().any(|j| c.belongs_to(j)))
            .cloned()
            .collect(),
        extra: Extra::new(),
    }
}

/// The workspace's personas that a journey of `scope` or one of its cards names.
fn referred_personas(scope: &Scope) -> Vec<Persona> {
    let named = |id: &String| {
        scope.journeys.iter().any(|j| {
            j.personas.contains(id)
                || j.stages
                    .iter()
                    .flat_map(|s| &s.touchpoints)
                    .any(|t| t.personas.contains(id))
        })
    };
    scope
        .workspace
        .personas
        .iter()
        .filter(|p| named(&p.id))
        .cloned()
        .collect()
}
