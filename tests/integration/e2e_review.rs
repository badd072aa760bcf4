//! End-to-end flows of review meetings and pairing, in a pseudo-terminal: `--read-only`
//! writes nothing, the presentation, a field edited in `$EDITOR` (and an editor that fails),
//! a card copied through OSC 52, and the mouse, whose capture is undone on every way out.

use crate::pty;

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::SystemTime;

use cjm::model::{Journey, Touchpoint, Workspace};
use pty::keys::{CTRL_S, ENTER, ESC, TAB};
use pty::{Tui, contains};
use tempfile::TempDir;

/// F5 as xterm sends it.
const F5: &str = "\x1b[15~";
/// Backspace as most terminals send it.
const BACKSPACE: &str = "\x7f";

/// A small workspace: "Phone" with two cards in its first stage, one in its second.
fn write_fixture(path: &Path) {
    let mut phone = Journey::with_default_stages("Phone");
    let mut ad = Touchpoint::new("Sees an ad");
    ad.channel = "TV".into();
    ad.notes = "Seen twice".into();
    phone.stages[0].touchpoints = vec![ad, Touchpoint::new("Asks a friend")];
    phone.stages[0].goal = "Hear about the phone".into();
    phone.stages[1].touchpoints = vec![Touchpoint::new("Compares prices")];
    let ws = Workspace {
        journeys: vec![phone],
        ..Workspace::default()
    };
    cjm::store::save(path, &ws, None).unwrap();
}

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

/// An executable shell script `name` in `dir` with `body`; returns its path.
fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn read_only_writes_nothing_whatever_is_attempted() {
    let home = TempDir::new().unwrap();
    let folder = home.path().join("maps");
    fs::create_dir(&folder).unwrap();
    let file = folder.join("map.json");
    write_fixture(&file);
    // A stray temporary file of an old save: a writable start would clean it up.
    let stray = folder.join(".map.json.AbC123.cjm-tmp");
    fs::write(&stray, "partial").unwrap();
    let old = SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stray)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let before = state(&file);
    let files = listing(&folder);
    let marker = home.path().join("editor-ran");
    let editor = script(
        home.path(),
        "editor",
        &format!("touch {}", marker.display()),
    );
    let env = [("VISUAL", editor.as_str()), ("EDITOR", editor.as_str())];
    let arg = file.to_str().unwrap();

    let mut tui = Tui::start_with(home.path(), &[arg, "--read-only"], 100, 30, &env);
    tui.wait_for("review mode, nothing is written");
    tui.wait_for(" read-only ");
    for keys in ["d", "a", "e", "+", "J", "L", "A", "D", "u"] {
        tui.send(keys);
        tui.wait_for("read-only: review mode");
        tui.send(ESC);
        tui.wait_gone("read-only: review mode");
    }
    tui.send(CTRL_S);
    tui.wait_for("read-only: review mode");
    // In the open card: edit a field, in place and in the editor.
    tui.key_until(ENTER, "Customer action");
    for keys in ["e", "E", "+"] {
        tui.send(keys);
        tui.wait_for("read-only: review mode");
        tui.send(TAB);
        tui.wait_gone("read-only: review mode");
    }
    // (An Esc followed at once by a key reads as Alt and that key.)
    tui.key_until(ESC, "BOARD");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!marker.exists(), "the editor never ran");

    // A signal on the way out writes nothing either (no recovery journal).
    let mut tui = Tui::start_with(home.path(), &[arg, "--read-only"], 100, 30, &env);
    tui.wait_for(" read-only ");
    tui.send("d");
    tui.wait_for("read-only: review mode");
    tui.signal("HUP");
    assert_eq!(tui.wait_exit(), 128 + 1);

    assert_eq!(
        state(&file),
        before,
        "bytes and modification time unchanged"
    );
    assert_eq!(listing(&folder), files, "no new file, none removed");
    assert!(
        !home.path().join("data/cjm/recovery").exists(),
        "no recovery journal"
    );
}

#[test]
fn read_only_on_a_missing_file_creates_nothing() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("new.json");
    let mut tui = Tui::start(
        home.path(),
        &[file.to_str().unwrap(), "--read-only"],
        100,
        30,
    );
    assert_eq!(tui.wait_exit(), 2);
    assert!(
        tui.screen()
            .contains("--read-only opens only a file that exists")
    );
    assert!(!file.exists());
}

#[test]
fn w_ends_review_mode_and_edits_are_saved_again() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start(home.path(), &[arg, "--read-only"], 100, 30);
    tui.wait_for(" read-only ");
    tui.send("W");
    tui.wait_for("read-only off");
    tui.send("+");
    tui.wait_for("emotion +1");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("\"emotion\": 1")
    );
}

#[test]
fn the_presentation_walks_the_stages() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let mut tui = Tui::start(home.path(), &[file.to_str().unwrap()], 100, 30);
    tui.wait_for("Sees an ad");
    tui.send(F5);
    tui.wait_for("Phone · presentation");
    tui.wait_for("Hear about the phone");
    tui.wait_for("stage 1/6");
    tui.send(" ");
    tui.wait_for("stage 2/6");
    tui.wait_for("Compares prices");
    tui.send(BACKSPACE);
    tui.wait_for("stage 1/6");
    tui.send(ESC);
    tui.wait_for("BOARD");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_field_edited_in_the_editor_comes_back_and_a_failed_editor_changes_nothing() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let tty = home.path().join("tty-state");
    // The editor sees a terminal back in its normal mode (not raw), and adds a line.
    let editor = script(
        home.path(),
        "editor",
        &format!(
            "stty -a < /dev/tty > {}\nprintf 'Written in the editor\\n' >> \"$1\"",
            tty.display()
        ),
    );
    let failing = script(home.path(), "failing", "echo ruined > \"$1\"; exit 1");
    let arg = file.to_str().unwrap();
    let env = [("VISUAL", editor.as_str())];
    let mut tui = Tui::start_with(home.path(), &[arg], 100, 30, &env);
    tui.wait_for("Sees an ad");
    tui.send(ENTER);
    tui.wait_for("Customer action");
    // Down to Notes, the tenth field.
    for _ in 0..9 {
        tui.send("j");
    }
    tui.send("E");
    tui.wait_for("notes edited in the editor");
    tui.wait_for("Written in the editor");
    assert!(tui.in_alternate_screen(), "the screen is back");
    let stty = fs::read_to_string(&tty).unwrap();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo "),
        "the editor got a cooked terminal: {stty}"
    );
    tui.send("q");
    tui.wait_for("BOARD");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let saved = fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains("\"notes\": \"Seen twice\\nWritten in the editor\""),
        "{saved}"
    );

    let env = [("VISUAL", failing.as_str())];
    let before = fs::read(&file).unwrap();
    let mut tui = Tui::start_with(home.path(), &[arg], 100, 30, &env);
    tui.wait_for("Sees an ad");
    tui.send(ENTER);
    tui.wait_for("Customer action");
    for _ in 0..9 {
        tui.send("j");
    }
    tui.send("E");
    tui.wait_for("exited with status 1: notes unchanged");
    tui.wait_for("Written in the editor");
    tui.key_until(ESC, "BOARD");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn y_copies_the_card_as_markdown_through_osc_52() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let ws = cjm::store::load(&file).unwrap().workspace;
    let journey = &ws.journeys[0];
    let markdown = cjm::export::card_markdown(
        &ws,
        journey,
        &journey.stages[0],
        &journey.stages[0].touchpoints[0],
    );
    let osc52 = cjm::tui::clipboard::osc52(&markdown);
    assert!(
        osc52.starts_with("\x1b]52;c;IyMjIFNlZXMgYW4gYWQ"),
        "### Sees an ad"
    );

    let mut tui = Tui::start_with(home.path(), &[file.to_str().unwrap()], 100, 30, &[]);
    tui.wait_for("Sees an ad");
    tui.send("y");
    tui.wait_for(&format!(
        "copied “Sees an ad” as Markdown ({} bytes)",
        markdown.len()
    ));
    tui.wait_for_raw("the OSC 52 sequence", osc52.as_bytes());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    // Inside tmux a passthrough copy follows.
    let env = [("TMUX", "/tmp/tmux-1000/default,1,0")];
    let mut tui = Tui::start_with(home.path(), &[file.to_str().unwrap()], 100, 30, &env);
    tui.wait_for("Sees an ad");
    tui.send("y");
    let wrapped = format!("\x1bPtmux;{}\x1b\\", osc52.replace('\x1b', "\x1b\x1b"));
    tui.wait_for_raw("the tmux passthrough", wrapped.as_bytes());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// A mouse event in SGR encoding (what crossterm asks for): button, column and row from 1.
fn sgr(button: u8, column: u16, row: u16) -> String {
    format!("\x1b[<{button};{column};{row}M")
}

/// Mouse capture on (the SGR and basic modes crossterm enables).
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
/// Mouse capture off, and bracketed paste off.
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";
const SGR_OFF: &[u8] = b"\x1b[?1006l";
const PASTE_OFF: &[u8] = b"\x1b[?2004l";

fn with_mouse(home: &Path) {
    let config = home.join("config/cjm");
    fs::create_dir_all(&config).unwrap();
    fs::write(config.join("config.toml"), "mouse = true\n").unwrap();
}

#[test]
fn with_the_mouse_on_a_click_selects_and_every_exit_turns_capture_off() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    with_mouse(home.path());
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("Sees an ad");
    assert!(contains(&tui.raw(), MOUSE_ON), "capture is on");
    // 100 columns hold five stages of 20: the second column's first card is at column 21
    // (from 0), row 2.
    tui.send(&sgr(0, 24, 3));
    tui.wait_for("stage 2/6");
    tui.wait_for("▌Compares prices");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let raw = tui.raw();
    let quit_at = raw.len() - 200.min(raw.len());
    for (name, code) in [("mouse", MOUSE_OFF), ("SGR", SGR_OFF), ("paste", PASTE_OFF)] {
        assert!(contains(&raw[quit_at..], code), "{name} off on quit");
    }
    assert!(!tui.in_alternate_screen());

    // A signal.
    let mut tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("Sees an ad");
    tui.signal("TERM");
    assert_eq!(tui.wait_exit(), 128 + 15);
    let raw = tui.raw();
    for code in [MOUSE_OFF, SGR_OFF, PASTE_OFF] {
        assert!(contains(&raw[raw.len() - 200.min(raw.len())..], code));
    }
    assert!(!tui.in_alternate_screen());
}

#[test]
fn without_the_setting_the_mouse_is_never_captured() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let mut tui = Tui::start(home.path(), &[file.to_str().unwrap()], 100, 30);
    tui.wait_for("Sees an ad");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!contains(&tui.raw(), MOUSE_ON));
}
