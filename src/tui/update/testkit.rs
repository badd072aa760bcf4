//! What the `update` tests share: an app on a workspace, keys pressed as a terminal reports
//! them, text typed, and the status message.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::Workspace;

use super::Effect;
use crate::tui::app::App;
use crate::tui::document::Document;

/// An app on `workspace` on a terminal of `size`, in colour.
pub fn app_on(workspace: Workspace, size: (u16, u16)) -> App {
    let doc = Document::new(workspace, PathBuf::from("demo.json"), None, None);
    App::new(doc, size, true)
}

/// An app on the demo workspace.
pub fn demo_app(size: (u16, u16)) -> App {
    app_on(crate::demo::workspace(), size)
}

/// Presses one key.
pub fn press(app: &mut App, code: KeyCode) -> Effect {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Presses Ctrl and a letter.
pub fn ctrl(app: &mut App, c: char) -> Effect {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Presses each character as a key (upper case with Shift, as terminals report them); a
/// line break is Enter. Returns the last key's effect.
pub fn keys(app: &mut App, text: &str) -> Effect {
    let mut last = Effect::None;
    for c in text.chars() {
        let (code, mods) = match c {
            '\n' => (KeyCode::Enter, KeyModifiers::NONE),
            c if c.is_uppercase() => (KeyCode::Char(c), KeyModifiers::SHIFT),
            c => (KeyCode::Char(c), KeyModifiers::NONE),
        };
        last = app.handle_key(KeyEvent::new(code, mods));
    }
    last
}

/// The status message, or "" without one.
pub fn message(app: &App) -> String {
    app.message.clone().map(|(m, _)| m).unwrap_or_default()
}
