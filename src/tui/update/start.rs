//! The start screen of a new file: an empty journey, a template or the demo. Nothing is
//! written until a choice is made; Esc leaves without creating the file.

use crate::templates::Start;

use super::super::action::Action;
use super::super::app::{App, Mode};
use super::{Effect, list_step};

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
        if let Some(selected) = list_step(selected, starts.len(), action) {
            self.mode = Mode::Start { selected };
            return Effect::None;
        }
        match action {
            Action::Cancel | Action::Quit => Effect::Quit,
            Action::Confirm => {
                self.mode = Mode::Board;
                let start = starts[selected.min(starts.len() - 1)];
                let source = start.workspace(&journey_name(&self.doc.path));
                let label = format!("start from {}", start.describe().0.to_lowercase());
                // Written at once: choosing is what creates the file.
                match self.add_workspace(source, label) {
                    Effect::None => Effect::None,
                    _ => Effect::Save,
                }
            }
            _ => Effect::None,
        }
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
    fn j_and_k_choose_and_q_leaves_without_a_file() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

        use crate::model::Workspace;
        use crate::tui::app::{App, Mode};
        use crate::tui::document::Document;
        use crate::tui::update::Effect;

        let doc = Document::new(Workspace::default(), "new.json".into(), None, None);
        let mut app = App::new(doc, (80, 24), true);
        app.offer_start();
        let key =
            |app: &mut App, c| app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        key(&mut app, 'j');
        key(&mut app, 'j');
        key(&mut app, 'k');
        assert!(matches!(app.mode, Mode::Start { selected: 1 }));
        assert_eq!(key(&mut app, 'q'), Effect::Quit);
        assert!(
            app.doc.workspace.journeys.is_empty(),
            "nothing chosen, nothing made"
        );
    }

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
