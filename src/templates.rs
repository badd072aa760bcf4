//! Built-in journey map templates: complete example maps with personas and KPIs to start from.
//!
//! Each template is a workspace file in `assets/templates/`, in canonical form. `cjm new`
//! writes one to a new file; the TUI's palette adds one to the open workspace. Every call to
//! [`Template::workspace`] gives the template fresh ids, so the same template can be added to
//! a workspace any number of times without two records sharing an id.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{Workspace, new_id};
use crate::store;

/// A built-in template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// The name to ask for it by, e.g. `saas-onboarding`.
    pub name: &'static str,
    /// A short title, e.g. "SaaS onboarding".
    pub title: &'static str,
    /// What the map covers, in one line.
    pub description: &'static str,
    /// The file's name under `assets/templates/`, for messages.
    pub file: &'static str,
    /// The workspace file's text, in canonical form, with the ids stored in the file.
    pub json: &'static str,
}

impl Template {
    /// The template as a workspace: its personas and journeys, with fresh ids on every call
    /// (references between them kept).
    pub fn workspace(&self) -> Workspace {
        let mut workspace = self.stored();
        refresh_ids(&mut workspace);
        // A map made from a template now has not been reviewed against anything yet.
        for journey in &mut workspace.journeys {
            journey.last_reviewed = None;
        }
        workspace
    }

    /// The template exactly as stored, ids included.
    pub fn stored(&self) -> Workspace {
        let path = Path::new("assets/templates").join(self.file);
        match store::parse(&path, self.json.as_bytes()) {
            Ok((workspace, _)) => workspace,
            Err(e) => panic!("a built-in template is a valid workspace: {e}"),
        }
    }
}

/// The name `cjm new` uses when no template is named.
pub const DEFAULT: &str = "smartphone";

const TEMPLATES: [Template; 4] = [
    Template {
        name: "smartphone",
        title: "Smartphone purchase",
        description: "Research online, try in store, buy, set up, refer (English)",
        file: "smartphone.json",
        json: include_str!("../assets/templates/smartphone.json"),
    },
    Template {
        name: "omnichannel-retail",
        title: "Omnichannel retail",
        description: "Instagram, app, store pick-up, WhatsApp, courier (Indonesian)",
        file: "omnichannel-retail.json",
        json: include_str!("../assets/templates/omnichannel-retail.json"),
    },
    Template {
        name: "saas-onboarding",
        title: "SaaS onboarding",
        description: "Free trial to paid team plan, adoption, renewal (English)",
        file: "saas-onboarding.json",
        json: include_str!("../assets/templates/saas-onboarding.json"),
    },
    Template {
        name: "b2b-ordering",
        title: "B2B ordering and distribution",
        description: "An Indonesian distributor ordering from a manufacturer (English)",
        file: "b2b-ordering.json",
        json: include_str!("../assets/templates/b2b-ordering.json"),
    },
];

/// Every built-in template, in the order to list them.
pub fn all() -> &'static [Template] {
    &TEMPLATES
}

/// The template named `name` (case-insensitive, surrounding spaces ignored).
pub fn find(name: &str) -> Option<&'static Template> {
    let name = name.trim();
    TEMPLATES.iter().find(|t| t.name.eq_ignore_ascii_case(name))
}

/// How a new map can start: the choices of the start screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// One journey with the six classic stages and no cards.
    Empty,
    /// A built-in template.
    Template(&'static Template),
    /// The demo workspace: three example journeys.
    Demo,
}

impl Start {
    /// Every choice, in the order the start screen lists them.
    pub fn all() -> Vec<Start> {
        let templates = TEMPLATES.iter().map(Start::Template);
        std::iter::once(Start::Empty)
            .chain(templates)
            .chain(std::iter::once(Start::Demo))
            .collect()
    }

    /// The choice's title and what it gives, in one line.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Start::Empty => (
                "Empty journey",
                "The six classic stages, Awareness to Advocacy, and no cards yet",
            ),
            Start::Template(t) => (t.title, t.description),
            Start::Demo => (
                "The demo",
                "Three example journeys in English and Indonesian, to look around",
            ),
        }
    }

    /// The workspace the choice starts with; `name` names an empty journey.
    pub fn workspace(self, name: &str) -> Workspace {
        match self {
            Start::Empty => Workspace {
                journeys: vec![crate::model::Journey::with_default_stages(name)],
                ..Workspace::default()
            },
            Start::Template(t) => t.workspace(),
            Start::Demo => crate::demo::workspace(),
        }
    }
}

/// The templates' names, comma-separated, for messages.
pub fn names() -> String {
    TEMPLATES
        .iter()
        .map(|t| t.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Gives every persona, journey, stage, KPI and touchpoint of `workspace` a fresh id, and
/// points the journeys' and touchpoints' persona references at the personas' new ids.
/// References to personas that are not in `workspace` are left as they are.
pub fn refresh_ids(workspace: &mut Workspace) {
    let mut personas: HashMap<String, String> = HashMap::new();
    for persona in &mut workspace.personas {
        let fresh = new_id("pe");
        personas.insert(std::mem::replace(&mut persona.id, fresh.clone()), fresh);
    }
    let remap = |ids: &mut Vec<String>| {
        for id in ids.iter_mut() {
            if let Some(fresh) = personas.get(id) {
                id.clone_from(fresh);
            }
        }
    };
    for journey in &mut workspace.journeys {
        journey.id = new_id("jo");
        remap(&mut journey.personas);
        for stage in &mut journey.stages {
            stage.id = new_id("st");
            for kpi in &mut stage.kpis {
                kpi.id = new_id("kp");
            }
            for card in &mut stage.touchpoints {
                card.id = new_id("tp");
                remap(&mut card.personas);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_map_starts_empty_from_a_template_or_from_the_demo() {
        let starts = Start::all();
        assert_eq!(starts.len(), TEMPLATES.len() + 2);
        let empty = Start::Empty.workspace("Beli HP");
        let [journey] = &empty.journeys[..] else {
            panic!("one journey: {empty:?}")
        };
        assert_eq!(journey.name, "Beli HP");
        let stages: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(stages, crate::model::DEFAULT_STAGES);
        assert!(journey.stages.iter().all(|s| s.touchpoints.is_empty()));
        assert!(empty.personas.is_empty());
        for start in &starts {
            let ws = start.workspace("x");
            crate::model::validate(&ws).unwrap();
            if let Start::Template(_) = start {
                assert!(
                    ws.journeys.iter().all(|j| j.last_reviewed.is_none()),
                    "a map made now was never reviewed"
                );
            }
        }
        assert_eq!(Start::Demo.workspace("x"), crate::demo::workspace());
    }

    #[test]
    fn names_are_unique_and_found() {
        for template in all() {
            assert_eq!(find(template.name), Some(template));
            assert_eq!(find(&template.name.to_uppercase()), Some(template));
        }
        assert!(find(DEFAULT).is_some());
        assert!(find("nope").is_none());
        let mut names: Vec<&str> = all().iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all().len());
    }

    #[test]
    fn refresh_keeps_references_to_unknown_personas() {
        let mut workspace = all()[0].stored();
        workspace.journeys[0].personas.push("pe-elsewhere".into());
        refresh_ids(&mut workspace);
        assert_eq!(
            workspace.journeys[0].personas.last().map(String::as_str),
            Some("pe-elsewhere")
        );
    }
}
