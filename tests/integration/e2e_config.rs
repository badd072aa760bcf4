//! The config file in the real binary, in a pseudo-terminal: a broken file still starts with
//! the defaults and says what is wrong; a good one changes the marks and turns autosave off.

use crate::pty;

use std::fs;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use cjm::model::{Emotion, Journey, Touchpoint, Workspace};
use pty::Tui;
use pty::keys::CTRL_S;
use tempfile::TempDir;

/// A journey with two cards, one of them feeling -2.
fn write_fixture(path: &Path) {
    let mut journey = Journey::with_default_stages("Phone");
    let mut sad = Touchpoint::new("Waits in a queue");
    sad.emotion = Emotion::new(-2);
    journey.stages[0].touchpoints = vec![sad, Touchpoint::new("Asks a friend")];
    let ws = Workspace {
        journeys: vec![journey],
        ..Workspace::default()
    };
    cjm::store::save(path, &ws, None).unwrap();
}

/// Waits until `ready` holds, failing with `what` after a deadline.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_broken_config_starts_with_the_defaults_and_says_what_is_wrong() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let config = home.path().join("c.toml");
    fs::write(&config, "emotion_marks = \"faces\"\ntheme = \"blue\"\n").unwrap();
    let env = [("CJM_CONFIG", config.to_str().unwrap())];
    let mut tui = Tui::start_with(home.path(), &[file.to_str().unwrap()], 160, 30, &env);
    tui.wait_for("Waits in a queue");
    tui.wait_for("c.toml:2:9: key `theme`: unknown theme");
    // Nothing of the broken file applies: arrows, not faces.
    tui.wait_for("▼▼-2");
    assert!(!tui.screen().contains("😣"), "{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_good_config_changes_the_marks_and_with_autosave_off_only_ctrl_s_saves() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let before = fs::read(&file).unwrap();
    let config = home.path().join("c.toml");
    fs::write(&config, "autosave = false\nemotion_marks = \"ascii\"\n").unwrap();
    // Were autosave on, this delay would save at once.
    let env = [
        ("CJM_CONFIG", config.to_str().unwrap()),
        ("CJM_AUTOSAVE_DELAY_MS", "0"),
    ];
    let mut tui = Tui::start_with(home.path(), &[file.to_str().unwrap()], 120, 30, &env);
    tui.wait_for(" --2 no channel");
    assert!(
        !tui.screen().contains("config:"),
        "no warning: {}",
        tui.screen()
    );
    tui.send("d");
    tui.wait_for("autosave off — Ctrl-s saves");
    // The recovery journal still runs (300 ms after the edit); by then an autosave with no
    // delay would long have written the file.
    let recovery = home.path().join("data/cjm/recovery");
    wait_until("the recovery journal", || {
        fs::read_dir(&recovery).is_ok_and(|mut entries| entries.next().is_some())
    });
    assert_eq!(
        fs::read(&file).unwrap(),
        before,
        "nothing saved before Ctrl-s"
    );
    assert!(tui.screen().contains("● unsaved"), "{}", tui.screen());
    tui.send(CTRL_S);
    tui.wait_for(" saved ");
    assert_ne!(fs::read(&file).unwrap(), before, "Ctrl-s saved");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn with_autosave_off_quitting_asks_and_a_second_q_leaves_the_file_as_it_was() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let before = fs::read(&file).unwrap();
    let config = home.path().join("c.toml");
    fs::write(&config, "autosave = false\n").unwrap();
    let env = [("CJM_CONFIG", config.to_str().unwrap())];
    let mut tui = Tui::start_with(home.path(), &[file.to_str().unwrap()], 120, 30, &env);
    tui.wait_for("Waits in a queue");
    tui.send("d");
    tui.wait_for("autosave off — Ctrl-s saves");
    tui.send("q");
    tui.wait_for("q again quits without saving");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(fs::read(&file).unwrap(), before, "not saved");
    let recovery = home.path().join("data/cjm/recovery");
    let kept = fs::read_dir(&recovery).map_or(0, |entries| entries.count());
    assert_eq!(kept, 1, "the edits stay in the recovery file");
}
