//! The start screen of a new file: an empty journey, a template or the demo. Nothing is
//! written until a choice is made; Esc leaves without creating the file.

use crate::edit::Edit;
use crate::templates::Start;

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::Effect;

impl App {
    /// Shows the start screen: the file does not exist yet.
    pub fn offer_start(&mut self) {
        self.mode = Mode::Start { selected: 0 };
    }

    /// Up/Down choose, Enter starts the map that way and writes the file, Esc or q leaves
    /// without writing anything.
    pub(super) fn update_start(&mut self, action: Action) -> Effect {
        let Mode::Start { selected } = self.mode else {
            return Effect::None;
        };
        let starts = Start::all();
        match action {
            Action::Up => {
                self.mode = Mode::Start {
                    selected: selected.saturating_sub(1),
                }
            }
            Action::Down => {
                self.mode = Mode::Start {
                    selected: (selected + 1).min(starts.len() - 1),
                }
            }
            Action::First => self.mode = Mode::Start { selected: 0 },
            Action::Last => {
                self.mode = Mode::Start {
                    selected: starts.len() - 1,
                }
            }
            Action::Cancel | Action::Quit => return Effect::Quit,
            Action::Confirm => {
                self.mode = Mode::Board;
                return self.start_with(starts[selected.min(starts.len() - 1)]);
            }
            _ => {}
        }
        Effect::None
    }

    /// Fills the new map as `start` says (one undoable edit) and saves it, creating the file.
    fn start_with(&mut self, start: Start) -> Effect {
        let source = start.workspace(&journey_name(&self.doc.path));
        let mut edits: Vec<Edit> = source
            .personas
            .into_iter()
            .map(|persona| Edit::PutPersona {
                index: usize::MAX,
                persona,
            })
            .collect();
        let at = self.doc.workspace.journeys.len();
        edits.extend(source.journeys.into_iter().enumerate().map(|(i, journey)| {
            Edit::AddJourney {
                index: at + i,
                journey,
            }
        }));
        let (title, _) = start.describe();
        let effect = self.apply(Edit::Batch {
            label: format!("start from {}", title.to_lowercase()),
            edits,
        });
        if effect == Effect::None {
            return effect;
        }
        self.switch_journey(at);
        Effect::Save
    }
}

/// A journey's name from the file's: `beli-hp.json` gives "Beli hp".
fn journey_name(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_default();
    let stem = stem.trim();
    let mut chars = stem.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "New journey".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::journey_name;

    #[test]
    fn a_journey_is_named_after_its_file() {
        assert_eq!(journey_name(Path::new("/x/beli-hp.json")), "Beli hp");
        assert_eq!(
            journey_name(Path::new("onboarding_v2.json")),
            "Onboarding v2"
        );
        assert_eq!(journey_name(Path::new("ünik.json")), "Ünik");
        assert_eq!(journey_name(Path::new("-.json")), "New journey");
    }
}
