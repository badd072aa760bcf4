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
pub use self::markdown::{card_markdown, to_markdown};
pub use self::mermaid::to_mermaid;
pub(crate) use self::mermaid::{Facts as MermaidFacts, NO_EMOTION as MERMAID_NO_EMOTION};

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

/// An export format. The command line lists these by [`Format::name`] with
/// [`Format::description`] (the library does not depend on clap, so the CLI builds its
/// parser from [`Format::ALL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Markdown document: per journey its personas, stages, a touchpoint table and KPIs.
    Markdown,
    /// One CSV row per touchpoint with every field.
    Csv,
    /// A Mermaid `journey` diagram per journey.
    Mermaid,
    /// One self-contained HTML page.
    Html,
    /// The journeys alone, in the workspace format.
    Json,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 5] = [
        Self::Markdown,
        Self::Csv,
        Self::Mermaid,
        Self::Html,
        Self::Json,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Csv => "csv",
            Self::Mermaid => "mermaid",
            Self::Html => "html",
            Self::Json => "json",
        }
    }

    /// What the format holds, in a line.
    pub fn description(self) -> &'static str {
        match self {
            Self::Markdown => "A Markdown document with a table per journey",
            Self::Csv => "One row per touchpoint with every field",
            Self::Mermaid => "A Mermaid journey diagram (one journey)",
            Self::Html => "One self-contained HTML page",
            Self::Json => "The journeys alone, in the workspace format",
        }
    }

    /// The format named `name`, as [`Format::name`] gives it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
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
