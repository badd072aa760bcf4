//! Journeys as text for people and tools that never run cjm: Markdown, CSV, Mermaid, HTML
//! and the workspace's own JSON. Exports are pure functions of the workspace.

mod csv;
mod html;
mod json;
mod markdown;
mod mermaid;

pub use self::csv::to_csv;
pub use self::html::to_html;
pub use self::json::to_json;
pub use self::markdown::to_markdown;
pub use self::mermaid::to_mermaid;

use crate::model::{Journey, Persona, Workspace};

/// The journeys to export, with the workspace they belong to (for personas).
#[derive(Debug, Clone)]
pub struct Scope<'w> {
    /// The whole workspace.
    pub workspace: &'w Workspace,
    /// The journeys to export, in workspace order.
    pub journeys: Vec<&'w Journey>,
}

impl<'w> Scope<'w> {
    /// Every journey of the workspace.
    pub fn all(workspace: &'w Workspace) -> Self {
        Self {
            workspace,
            journeys: workspace.journeys.iter().collect(),
        }
    }

    /// The personas a journey follows, in the journey's order; ids without a persona are
    /// skipped.
    pub fn personas_of(&self, journey: &Journey) -> Vec<&'w Persona> {
        self.persona_names(&journey.personas)
    }

    /// The personas named by `ids`, in that order; unknown ids are skipped.
    pub fn persona_names(&self, ids: &[String]) -> Vec<&'w Persona> {
        ids.iter()
            .filter_map(|id| self.workspace.personas.iter().find(|p| &p.id == id))
            .collect()
    }
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Markdown document: persona, a table per journey, KPIs.
    Markdown,
    /// One CSV row per touchpoint with every field.
    Csv,
    /// Mermaid `journey` diagrams.
    Mermaid,
    /// One self-contained HTML page.
    Html,
    /// The journeys alone, in the workspace format.
    Json,
}

/// Exports `scope` in `format`.
pub fn export(scope: &Scope, format: Format) -> String {
    match format {
        Format::Markdown => to_markdown(scope),
        Format::Csv => to_csv(scope),
        Format::Mermaid => to_mermaid(scope),
        Format::Html => to_html(scope),
        Format::Json => to_json(scope),
    }
}
