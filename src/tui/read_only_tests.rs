//! What the event loop writes, with a read-only workspace: nothing. Every key of the keymap
//! is tried, then the loop's own writers (the autosave and the saves on their thread, the
//! recovery journal, the save on the way out, the presence mark); the file keeps its bytes
//! and its modification time, and its folder gets no new file.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, ExternalEdit, Pending};
use super::background::Background;
use super::document::Document;
use super::update::Effect;
use crate::model::TouchpointField;
use crate::store;

fn listing(folder: &Path) -> BTreeSet<String> {
    fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn state(path: &Path) -> (Vec<u8>, SystemTime) {
    (
        fs::read(path).unwrap(),
        fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn read_only_never_writes_the_file_whatever_is_attempted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    store::save(&path, &crate::demo::workspace(), None).unwrap();
    let before = state(&path);
    let files = listing(dir.path());

    let loaded = store::load(&path).unwrap();
    let mut doc = Document::opened(path.clone(), loaded, None);
    doc.set_read_only(true).unwrap();
    let mut app = App::new(doc, (120, 35), true);
    let mut background = Background::default();
    let mut presence = None;
    app.peers.open = super::others_open(&app, &mut presence);
    assert!(presence.is_none(), "no mark beside the file");

    // Every key of the keymap (but the one that ends review mode), from the board and from
    // an open card, each followed by typing and Enter (which commits whatever editor or
    // prompt it opened).
    let keys: Vec<KeyEvent> = super::keymap::BINDINGS
        .iter()
        .filter(|b| b.action != super::action::Action::ToggleReadOnly)
        .map(|b| KeyEvent::new(b.code, b.mods))
        .collect();
    for start in [None, Some(KeyCode::Enter)] {
        for key in &keys {
            if let Some(code) = start {
                app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
            }
            let mut effects = vec![app.handle_key(*key)];
            for c in "x1\n".chars() {
                let code = if c == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                };
                effects.push(app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)));
            }
            for effect in effects {
                match effect {
                    Effect::Save | Effect::Edited => background.save(&mut app, true),
                    Effect::Quit => {
                        background.finish(&mut app);
                        assert!(super::save(&mut app), "nothing to save on the way out");
                    }
                    Effect::Terminal => {
                        let pending = app.pending.take();
                        assert!(matches!(pending, Some(Pending::Copy(_))), "{pending:?}");
                    }
                    Effect::None => {}
                }
            }
            background.journal(&app);
            for _ in 0..3 {
                app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            }
        }
    }
    // An editor's outcome that comes back anyway is refused too.
    let card = app.journey().unwrap().stages[0].touchpoints[0].id.clone();
    let request = ExternalEdit {
        journey: app.journey().unwrap().id.clone(),
        card,
        field: TouchpointField::Notes,
        text: String::new(),
    };
    assert_eq!(
        app.finish_external_edit(request, Ok("typed".into())),
        Effect::None
    );
    assert!(!app.doc.is_dirty(), "no edit was made");
    background.save(&mut app, true);
    background.finish(&mut app);
    let draft = app.take_in_open_text();
    assert!(draft.is_none(), "{draft:?}");
    super::journal(&app, draft);
    assert!(super::save(&mut app));
    super::others_open(&app, &mut presence);
    drop(presence);

    assert_eq!(
        state(&path),
        before,
        "bytes and modification time unchanged"
    );
    assert_eq!(listing(dir.path()), files, "no new file beside it");
    assert!(
        app.doc.journal_path().is_none_or(|r| !r.exists()),
        "no recovery journal written"
    );
    assert!(store::orphaned_journals(&path).is_empty());
}

#[test]
fn a_writable_workspace_marks_itself_open_once_review_mode_ends() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    store::save(&path, &crate::demo::workspace(), None).unwrap();
    let loaded = store::load(&path).unwrap();
    let mut doc = Document::opened(path.clone(), loaded, None);
    doc.set_read_only(true).unwrap();
    let mut app = App::new(doc, (120, 35), true);
    let mut presence = None;
    super::others_open(&app, &mut presence);
    assert!(presence.is_none());
    app.handle_key(KeyEvent::new(KeyCode::Char('W'), KeyModifiers::SHIFT));
    assert!(app.doc.read_only.is_none());
    super::others_open(&app, &mut presence);
    let mark = format!(".map.json.open-{}-", std::process::id());
    let marked = || listing(dir.path()).iter().any(|n| n.starts_with(&mark));
    assert!(marked());
    drop(presence);
    assert!(!marked());
}
