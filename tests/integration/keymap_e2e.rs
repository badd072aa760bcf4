//! The user's key bindings from the config file, in the real binary in a pseudo-terminal.

use crate::pty;

use std::fs;
use std::path::Path;

use cjm::model::{Journey, Touchpoint, Workspace};
use pty::Tui;
use pty::keys::ESC;
use tempfile::TempDir;

/// A journey whose first stage holds three cards.
fn write_fixture(path: &Path) {
    let mut phone = Journey::with_default_stages("Phone");
    phone.stages[0].touchpoints = vec![
        Touchpoint::new("Sees an ad"),
        Touchpoint::new("Asks a friend"),
        Touchpoint::new("Buys online"),
    ];
    let ws = Workspace {
        journeys: vec![phone],
        ..Workspace::default()
    };
    cjm::store::save(path, &ws, None).unwrap();
}

/// Starts cjm on a fixture with `config` as its config file (`CJM_CONFIG`).
fn start(home: &TempDir, config: &str) -> Tui {
    let file = home.path().join("map.json");
    write_fixture(&file);
    let config_file = home.path().join("config.toml");
    fs::write(&config_file, config).unwrap();
    let env = [("CJM_CONFIG", config_file.to_str().unwrap())];
    Tui::start_with(home.path(), &[file.to_str().unwrap()], 120, 35, &env)
}

#[test]
fn a_rebound_key_moves_the_selection_and_help_shows_it() {
    let home = TempDir::new().unwrap();
    let mut tui = start(&home, "[keys.board]\n\"n\" = \"down\"\n\"j\" = \"none\"\n");
    tui.wait_for("▌Sees an ad");
    // `j` no longer moves, `n` does: one card down. Help, which lists the user's keys,
    // shows once both keys are handled.
    tui.send("j");
    tui.send("n");
    tui.send("?");
    tui.wait_for("↓ n");
    assert!(!tui.screen().contains("j ↓"), "{}", tui.screen());
    tui.send(ESC);
    tui.wait_gone("↓ n");
    let screen = tui.screen();
    assert!(screen.contains("▌Asks a friend"), "{screen}");
    assert!(!screen.contains("▌Buys online"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_broken_binding_is_named_in_the_status_line_and_the_rest_applies() {
    let home = TempDir::new().unwrap();
    let config = "theme = \"dark\"\n\n[keys.board]\n\"x\" = \"frobnicate\"\n\"n\" = \"down\"\n";
    let mut tui = start(&home, config);
    tui.wait_for("config.toml:4: [keys.board] \"x\": no action \"frobnicate\"");
    tui.send("n");
    tui.wait_for("▌Asks a friend");
    tui.send("x");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
