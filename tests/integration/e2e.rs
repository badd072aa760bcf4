//! End-to-end flows: the real binary in a pseudo-terminal, as a user drives it.

use crate::pty;

use std::fs;
use std::path::Path;

use cjm::model::{Journey, Touchpoint, Workspace};
use pty::Tui;
use pty::keys::{CTRL_R, DOWN, ENTER, ESC};
use tempfile::TempDir;

/// A small workspace: "Phone" with cards in its first stage, "Kedua" with one card.
fn write_fixture(path: &Path) {
    let mut phone = Journey::with_default_stages("Phone");
    phone.stages[0].touchpoints = vec![
        Touchpoint::new("Sees an ad"),
        Touchpoint::new("Asks a friend"),
    ];
    let mut kedua = Journey::with_default_stages("Kedua");
    kedua.stages[3].touchpoints = vec![Touchpoint::new("Bayar di kasir")];
    let ws = Workspace {
        journeys: vec![phone, kedua],
        ..Workspace::default()
    };
    cjm::store::save(path, &ws, None).unwrap();
}

/// Rina (a) and Budi (b) on the fixture map `map.json` in `home`, each saving 50 ms after an
/// edit.
fn pair(home: &Path) -> (std::path::PathBuf, Tui, Tui) {
    let file = home.join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let fast = |user| [("USER", user), ("CJM_AUTOSAVE_DELAY_MS", "50")];
    let a = Tui::start_with(home, &[arg], 100, 30, &fast("rina"));
    let b = Tui::start_with(home, &[arg], 100, 30, &fast("budi"));
    (file, a, b)
}

#[test]
fn add_edit_quit_and_reopen() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("map.json does not exist yet");
    assert!(!file.exists(), "nothing is written before a choice");
    tui.key_until(ENTER, "Post-purchase");
    tui.wait_for("saved map.json");
    assert!(file.exists(), "the empty journey is written at once");

    tui.send("a");
    tui.wait_for("new: Enter adds");
    tui.send("Kartu 📱");
    tui.key_until(ENTER, "added “Kartu 📱”");
    tui.send("e");
    tui.wait_for("EDIT");
    tui.send(" baru");
    tui.key_until(ENTER, "BOARD");
    tui.send("2");
    tui.wait_for("│ lanes");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.in_alternate_screen(), "the terminal is restored");

    let saved = fs::read_to_string(&file).unwrap();
    assert!(saved.contains("\"title\": \"Kartu 📱 baru\""), "{saved}");
    let journey: Workspace = serde_json::from_str(&saved).unwrap();
    assert_eq!(journey.journeys[0].name, "Map", "named after the file");

    // Back where it was left: the lanes, the card selected.
    let tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("│ lanes");
    tui.wait_for("▌Kartu 📱 baru");
}

#[test]
fn a_new_file_left_at_the_start_screen_is_never_written() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("salah-ketik.json");
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start(home.path(), &[arg], 80, 24);
    tui.wait_for("new file, not written yet");
    tui.send(ESC);
    assert_eq!(tui.wait_exit(), 0);
    assert!(!file.exists());
    let left: Vec<_> = fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("salah-ketik"))
        .collect();
    assert!(left.is_empty(), "no lock, mark or temporary file: {left:?}");
}

#[test]
fn search_and_jump_to_another_journey() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let mut tui = Tui::start(home.path(), &[file.to_str().unwrap()], 100, 30);
    tui.wait_for("Phone (1/2)");
    tui.send("/");
    tui.wait_for("Search all journeys");
    tui.send("kasir");
    tui.wait_for("Search: 1 matches");
    tui.key_until(ENTER, "Kedua (2/2)");
    tui.wait_for("stage 4/6");
    tui.wait_gone("Search:");
    // Esc from a search returns to where the user was.
    tui.send("/");
    tui.wait_for("Search all journeys");
    tui.send("friend");
    tui.wait_for("Phone (1/2)");
    tui.key_until(ESC, "Kedua (2/2)");
}

#[test]
fn delete_and_undo() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let mut tui = Tui::start(home.path(), &[file.to_str().unwrap()], 100, 30);
    tui.wait_for("Sees an ad");
    tui.send("d");
    tui.wait_for("deleted “Sees an ad” — u to undo");
    tui.wait_gone("▌Sees an ad");
    tui.send("u");
    tui.wait_for("undid delete card");
    tui.wait_for("▌Sees an ad");
    tui.send(CTRL_R);
    tui.wait_for("redid delete card");
    tui.send("u");
    tui.wait_for("undid delete card");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let saved = fs::read_to_string(&file).unwrap();
    assert!(saved.contains("Sees an ad"));
}

#[test]
fn a_tiny_terminal_gets_a_notice_and_can_quit() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let mut tui = Tui::start(home.path(), &[file.to_str().unwrap()], 30, 8);
    tui.wait_for("terminal too small");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn switch_views_filter_by_persona_and_add_a_kpi_measurement() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("demo.json");
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start(home.path(), &[arg], 120, 35);
    tui.wait_for("The demo");
    for _ in 0..cjm::templates::Start::all().len() - 1 {
        tui.send(DOWN);
    }
    tui.key_until(ENTER, "Smartphone purchase (1/3)");
    tui.send("2");
    tui.wait_for("│ lanes");
    tui.wait_for(" Pain points ");
    tui.send("3");
    tui.wait_for("Channels × stages");
    tui.send("P");
    tui.wait_for("persona: Alex");
    tui.send("P");
    tui.wait_for("persona: Priya");
    tui.send("P");
    tui.send("P");
    tui.wait_for("all personas");
    // View 4: the first KPI is Awareness' ad click-through rate, a ratio.
    tui.send("4");
    tui.wait_for("Ad click-through rate");
    tui.send("m");
    tui.wait_for("New measurement");
    tui.send("2026-03-01 30/1000");
    tui.key_until(ENTER, "3 % on 2026-03-01");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let saved = fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains("\"date\": \"2026-03-01\""),
        "the measurement is saved"
    );
}

#[test]
fn a_read_only_file_opens_read_only_and_is_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&file).unwrap();
    let mut tui = Tui::start(home.path(), &[file.to_str().unwrap()], 100, 30);
    tui.wait_for("read-only");
    tui.send("d");
    tui.wait_for("read-only:");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(fs::read(&file).unwrap(), before);
}

/// Edits saved only after a minute, so they are unsaved when the signal comes.
const NO_AUTOSAVE: &[(&str, &str)] = &[("CJM_AUTOSAVE_DELAY_MS", "60000")];

#[test]
fn edits_survive_a_dropped_ssh_link_and_are_offered_back() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let before = fs::read(&file).unwrap();
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
    tui.wait_for("Sees an ad");
    tui.send("a");
    tui.wait_for("new: Enter adds");
    tui.send("Kartu darurat");
    tui.key_until(ENTER, "added “Kartu darurat”");
    tui.signal("HUP");
    assert_eq!(tui.wait_exit(), 128 + 1, "SIGHUP ends cjm");
    assert!(!tui.in_alternate_screen(), "the terminal is restored");
    assert_eq!(fs::read(&file).unwrap(), before, "nothing was saved yet");

    let mut tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("Unsaved edits to");
    tui.send("y");
    tui.wait_for("restored the unsaved edits");
    tui.wait_for("Kartu darurat");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(fs::read_to_string(&file).unwrap().contains("Kartu darurat"));

    // Saved: nothing is offered any more.
    let mut tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("Kartu darurat");
    assert!(!tui.screen().contains("Unsaved edits"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn declined_recovered_edits_are_kept_aside() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
    tui.wait_for("Sees an ad");
    tui.send("d");
    tui.wait_for("deleted “Sees an ad”");
    tui.signal("TERM");
    assert_eq!(tui.wait_exit(), 128 + 15);

    let mut tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("Unsaved edits to");
    tui.send("n");
    tui.wait_for("kept the edits aside in");
    tui.wait_for("Sees an ad");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let recovery = home.path().join("data/cjm/recovery");
    let kept: Vec<String> = fs::read_dir(&recovery)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|name| name.contains(".declined-")),
        "{kept:?}"
    );
}

#[test]
fn each_instance_sees_the_other_with_the_file_open() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let mut first = Tui::start(home.path(), &[arg], 100, 30);
    first.wait_for("Sees an ad");
    let mut second = Tui::start(home.path(), &[arg], 100, 30);
    second.wait_for("tester on Awareness");
    first.wait_for("tester on Awareness");
    second.send("q");
    assert_eq!(second.wait_exit(), 0);
    first.wait_gone("tester on");
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    let marks = fs::read_dir(home.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".open-")
        })
        .count();
    assert_eq!(marks, 0, "no mark is left behind");
}

#[test]
fn two_instances_on_one_file_keep_both_edits_and_show_a_true_conflict() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let mut first = Tui::start_with(home.path(), &[arg], 100, 30, &[("USER", "rina")]);
    let mut second = Tui::start_with(home.path(), &[arg], 100, 30, &[("USER", "budi")]);
    first.wait_for("budi on Awareness");
    second.wait_for("rina on Awareness");

    // Different cards: both edits survive, and each sees the other's.
    first.send("e");
    first.wait_for("EDIT");
    first.send(" on TV");
    first.key_until(ENTER, "BOARD");
    second.send("j+");
    second.wait_for("▲ +1");
    second.wait_for("Sees an ad on TV");
    first.wait_until("the other's emotion", |s| s.contains("▲ +1"));

    // The same field, changed differently: one is kept, the other shown.
    first.send("e");
    first.wait_for("EDIT");
    first.send(" (first)");
    first.key_until(ENTER, "BOARD");
    second.send("k");
    second.send("e");
    second.wait_for("EDIT");
    second.send(" (second)");
    second.key_until(ENTER, "BOARD");
    second.wait_for("1 conflict");
    second.send(":");
    second.send("review conflicts");
    // Both instances see it, and show the same value.
    first.wait_for("1 conflict");
    second.key_until(ENTER, "Conflicts");
    second.wait_for("▶ Sees an ad on TV (first)");
    second.wait_for("  Sees an ad on TV (second)");
    second.wait_for("by budi, 2026");
    second.send(ESC);
    second.wait_gone("Conflicts —");
    // Quitting with it unresolved says so; it stays in the file for anyone to resolve.
    second.send("q");
    second.wait_for("1 conflict(s) not resolved");
    second.send("q");
    assert_eq!(second.wait_exit(), 0);
    first.send("q");
    first.wait_for("not resolved");
    first.send("q");
    assert_eq!(first.wait_exit(), 0);

    let saved = fs::read_to_string(&file).unwrap();
    assert!(saved.contains("\"emotion\": 1"), "{saved}");
    assert!(saved.contains("\"conflicts\""), "{saved}");
    assert!(saved.contains("Sees an ad on TV (first)"), "{saved}");
    assert!(saved.contains("Sees an ad on TV (second)"), "{saved}");
}

/// Restarts on `file` and takes every journal offered back (`y`), then saves and quits.
fn restore_everything(home: &Path, file: &Path, journals: usize) -> String {
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start(home, &[arg], 100, 30);
    for more in (0..journals).rev() {
        tui.wait_until("the next journal offered", |s| {
            s.contains("Unsaved edits to")
                && (more == 0 && !s.contains("more from other runs")
                    || s.contains(&format!("({more} more from other runs")))
        });
        tui.send("y");
    }
    tui.wait_gone("Unsaved edits to");
    tui.wait_for("restored the unsaved edits");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    fs::read_to_string(file).unwrap()
}

#[test]
fn a_terminal_closed_right_after_an_edit_loses_nothing() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
    tui.wait_for("Sees an ad");
    tui.send("a");
    tui.wait_for("new: Enter adds");
    tui.send("Kartu darurat");
    tui.key_until(ENTER, "added “Kartu darurat”");
    // The pane closes a moment after the edit, before the journal's own delay.
    tui.hang_up();
    assert_eq!(tui.wait_exit(), 128 + 1, "a hangup ends cjm");
    assert!(!fs::read_to_string(&file).unwrap().contains("Kartu darurat"));
    assert!(restore_everything(home.path(), &file, 1).contains("Kartu darurat"));
}

#[test]
fn text_still_being_typed_survives_every_way_out() {
    for (way, code) in [("hangup", 1), ("TERM", 15), ("INT", 2), ("QUIT", 3)] {
        let home = TempDir::new().unwrap();
        let file = home.path().join("map.json");
        write_fixture(&file);
        let arg = file.to_str().unwrap();
        let mut tui = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
        tui.wait_for("Sees an ad");
        tui.send("e");
        tui.wait_for("EDIT");
        let typed = format!(" then {way}");
        tui.send(&typed);
        tui.wait_for(&typed);
        if way == "hangup" {
            tui.hang_up();
        } else {
            tui.signal(way);
        }
        assert_eq!(tui.wait_exit(), 128 + code, "{way} ends cjm");
        let saved = restore_everything(home.path(), &file, 1);
        assert!(
            saved.contains(&format!("Sees an ad{typed}")),
            "{way}:\n{saved}"
        );
    }
}

#[test]
fn one_instances_save_never_drops_anothers_journal_and_every_crash_is_offered() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let journals = home.path().join("data/cjm/recovery");
    let journal_count = || {
        fs::read_dir(&journals).map_or(0, |entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".recovery.json"))
                .count()
        })
    };
    let wait_journals = |n: usize| {
        let start = std::time::Instant::now();
        while journal_count() < n {
            assert!(start.elapsed() < pty::DEADLINE, "no journal written");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    let add = |tui: &mut Tui, title: &str| {
        tui.send("a");
        tui.wait_for("new: Enter adds");
        tui.send(title);
        tui.key_until(ENTER, &format!("added “{title}”"));
    };

    // A saves while B's edit is only journaled; then B dies without a word.
    let mut a = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
    let mut b = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
    a.wait_for("tester on Awareness");
    b.wait_for("tester on Awareness");
    add(&mut b, "Kartu B");
    wait_journals(1);
    add(&mut a, "Kartu A");
    a.key_until(pty::keys::CTRL_S, "saved map.json");
    b.signal("KILL");
    b.wait_exit();
    a.send("q");
    assert_eq!(a.wait_exit(), 0);
    let saved = restore_everything(home.path(), &file, 1);
    assert!(
        saved.contains("Kartu A") && saved.contains("Kartu B"),
        "{saved}"
    );

    // Both die with unsaved edits: both are offered, one after the other.
    let mut a = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
    let mut b = Tui::start_with(home.path(), &[arg], 100, 30, NO_AUTOSAVE);
    a.wait_for("tester on Awareness");
    add(&mut a, "Kartu C");
    add(&mut b, "Kartu D");
    wait_journals(2);
    a.signal("KILL");
    b.signal("KILL");
    a.wait_exit();
    b.wait_exit();
    let saved = restore_everything(home.path(), &file, 2);
    assert!(
        saved.contains("Kartu C") && saved.contains("Kartu D"),
        "{saved}"
    );
    assert_eq!(journal_count(), 0, "every journal offered back is gone");
}

#[test]
fn a_title_typed_while_another_saves_it_is_a_conflict_in_both_and_survives_quitting() {
    let home = TempDir::new().unwrap();
    let (file, mut a, mut b) = pair(home.path());
    a.wait_for("budi on Awareness");
    b.wait_for("rina on Awareness");
    // A opens the title editor and types; meanwhile B changes the same title and saves.
    a.send("e");
    a.wait_for("EDIT");
    a.send(" kata Rina");
    a.wait_for("kata Rina");
    b.send("e");
    b.wait_for("EDIT");
    b.send(" kata Budi");
    b.key_until(ENTER, "BOARD");
    let start = std::time::Instant::now();
    while !fs::read_to_string(&file).unwrap().contains("kata Budi") {
        assert!(
            start.elapsed() < pty::DEADLINE,
            "B's title never reached the file"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Then A presses Enter: not an overwrite of B's value, a conflict every instance sees.
    a.key_until(ENTER, "1 conflict");
    b.wait_for("1 conflict");
    // Both quit without resolving it: it stays in the file, with both values.
    for tui in [&mut a, &mut b] {
        tui.send("q");
        tui.wait_for("not resolved");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
    let saved = fs::read_to_string(&file).unwrap();
    let ws: Workspace = serde_json::from_str(&saved).unwrap();
    let [conflict] = &ws.conflicts[..] else {
        panic!("one conflict kept: {saved}");
    };
    let values: Vec<String> = conflict
        .values
        .iter()
        .map(|c| c.value.to_string())
        .collect();
    assert_eq!(
        values,
        ["\"Sees an ad kata Budi\"", "\"Sees an ad kata Rina\""],
        "{saved}"
    );
    assert!(conflict.values.iter().any(|c| c.by == "rina"), "{saved}");
    // `cjm check` reports it with both values (exit 1).
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_cjm"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(out.contains("unresolved-conflict"), "{out}");
    assert!(
        out.contains("kata Budi") && out.contains("kata Rina"),
        "{out}"
    );
}

#[test]
fn each_sees_who_is_where_and_one_follows_the_other() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("map.json");
    write_fixture(&file);
    let arg = file.to_str().unwrap();
    let mut a = Tui::start_with(home.path(), &[arg], 100, 30, &[("USER", "rina")]);
    let mut b = Tui::start_with(home.path(), &[arg], 100, 30, &[("USER", "budi")]);
    b.wait_for("rina on Awareness › Sees an ad");
    a.send("j");
    b.wait_for("rina on Awareness › Asks a friend");
    b.wait_for("@rina");
    a.send("e");
    b.wait_for("Asks a friend (editing)");
    a.send(ESC);
    b.wait_gone("(editing)");
    // Budi follows Rina: his view moves with hers, to another journey too.
    b.key_until("F", "following rina");
    b.wait_until("at Rina's card", |s| s.contains("▌Asks a friend"));
    a.send("]");
    b.wait_for("Kedua (2/2)");
    a.send("lll");
    b.wait_for("stage 4/6");
    // Budi moves: he stops following, and Rina's moves leave him be.
    b.key_until("h", "stopped following: you moved");
    a.send("[");
    b.wait_for("rina on Phone");
    assert!(b.screen().contains("Kedua (2/2)"), "{}", b.screen());
    for tui in [&mut a, &mut b] {
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

#[test]
fn a_comment_reaches_the_other_instance_which_replies_and_resolves() {
    let home = TempDir::new().unwrap();
    let (file, mut a, mut b) = pair(home.path());
    b.wait_for("rina on Awareness");
    a.send("C");
    a.wait_for("Enter posts it");
    a.send("Perlu versi vertikal?");
    a.key_until(ENTER, "commented");
    // Budi sees the mark on the card, reads the thread and replies.
    b.wait_for("✎1");
    b.key_until("T", "Comments — open threads");
    b.wait_for("Perlu versi vertikal?");
    b.send("r");
    b.wait_for("reply to rina");
    b.send("Ya, minggu depan");
    b.key_until(ENTER, "replied");
    a.key_until("T", "Comments — open threads");
    a.wait_for("↳ budi");
    a.wait_for("Ya, minggu depan");
    // Rina resolves it: the mark goes on both screens.
    a.key_until("x", "resolved");
    a.send(ESC);
    b.wait_gone("✎1");
    for tui in [&mut a, &mut b] {
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
    let saved = fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains("\"resolved\": true") && saved.contains("Ya, minggu depan"),
        "{saved}"
    );
}

#[test]
fn a_form_takes_typing_from_its_first_key_and_help_pages_and_filters() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("demo.json");
    cjm::store::save(&file, &cjm::demo::workspace(), None).unwrap();
    let arg = file.to_str().unwrap();
    let mut tui = Tui::start(home.path(), &[arg], 100, 30);
    tui.wait_for("Smartphone purchase");
    // A new persona: typing goes after "Name: " at once, and the field says what it expects.
    tui.send("p");
    tui.wait_for("Personas (");
    tui.send("a");
    tui.wait_for("Name: who travels the journey");
    tui.send("Rina, first-time buyer");
    tui.wait_for("Name: Rina, first-time buyer");
    tui.send(pty::keys::CTRL_S);
    tui.wait_for("▌  Rina, first-time buyer");
    let saved = || fs::read_to_string(&file).unwrap();
    tui.send(ESC);
    tui.wait_gone("Personas (");
    // Help: a page down, then the end, says where it is; / filters.
    tui.send("?");
    tui.wait_for("1–");
    tui.send("\x1b[6~");
    tui.wait_until("the second page", |screen| {
        screen.contains("Help —") && !screen.contains(" 1–")
    });
    tui.send("\x1b[F");
    tui.wait_until("the end", |screen| {
        screen
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(3)
            .any(|w| w[1] == "of" && w[0].ends_with(w[2]))
    });
    tui.send("/word");
    tui.wait_for("delete the word before");
    tui.wait_gone("select left");
    tui.send(ESC);
    tui.wait_for("select left");
    tui.send(ESC);
    tui.wait_gone("Help —");
    tui.send(pty::keys::CTRL_S);
    tui.wait_until("the persona saved", |_| {
        saved().contains("Rina, first-time buyer")
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
