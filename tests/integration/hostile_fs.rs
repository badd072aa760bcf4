//! A hostile folder: what another user of a shared writable folder, or a stray process, can
//! plant where cjm reads and writes. Beside the bad-input catalogue (tests/integration/bad_input.rs), which
//! breaks the files themselves. Each case: cjm neither hangs, nor follows a planted link, nor
//! loses an edit, and says what is wrong.
//!
//! Every run of the binary has a deadline: a hang fails the test instead of stalling it.

use crate::common;
use crate::pty;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{cjm_in, names_in, stderr};
use pty::Tui;
use tempfile::TempDir;

/// How long any one command may take.
const DEADLINE: Duration = Duration::from_secs(10);

/// Runs `command`, killing it and failing the test past the deadline.
fn within_deadline(mut command: Command) -> Output {
    let mut child: Child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cjm");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > DEADLINE {
            child.kill().ok();
            panic!("cjm hung: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn cjm(dir: &Path, args: &[&str]) -> Output {
    let mut command = cjm_in(dir);
    command.args(args);
    within_deadline(command)
}

/// A folder with a valid workspace `ws.json`, and a file of the user's that planted links
/// point at.
fn folder() -> (TempDir, PathBuf, PathBuf) {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws.json");
    // Not in canonical form, so that `cjm fmt` has to write it.
    let compact = serde_json::to_string(&cjm::demo::workspace()).unwrap();
    fs::write(&ws, compact).unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "the user's own file\n").unwrap();
    (dir, ws, victim)
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

fn victim_untouched(victim: &Path) {
    assert_eq!(fs::read_to_string(victim).unwrap(), "the user's own file\n");
    assert_eq!(
        fs::metadata(victim).unwrap().permissions().mode() & 0o777,
        0o644
    );
}

#[test]
fn a_lock_left_by_a_killed_save_never_blocks_whatever_it_holds() {
    let (dir, _ws, _) = folder();
    let lock = dir.path().join(".ws.json.lock");
    let live = std::process::id().to_string();
    for junk in ["garbage\n", live.as_str(), "", "1\n"] {
        fs::write(&lock, junk).unwrap();
        let output = cjm(dir.path(), &["fmt", "ws.json"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{junk:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_link_planted_as_the_lock_is_refused_and_never_followed() {
    let (dir, ws, victim) = folder();
    let before = fs::read(&ws).unwrap();
    symlink(&victim, dir.path().join(".ws.json.lock")).unwrap();
    let output = cjm(dir.path(), &["fmt", "ws.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    victim_untouched(&victim);
    assert_eq!(fs::read(&ws).unwrap(), before);
}

#[test]
fn links_planted_as_the_open_marks_of_the_next_processes_are_never_followed() {
    let (dir, ws, victim) = folder();
    // Plant links for the next few hundred process ids, as another user of the folder could.
    let next = std::process::id();
    for pid in next..next + 400 {
        symlink(&victim, dir.path().join(format!(".ws.json.open-{pid}"))).unwrap();
    }
    let mut tui = Tui::start(dir.path(), &[ws.to_str().unwrap()], 100, 30);
    tui.wait_for("Sees an unboxing");
    tui.send("+");
    tui.wait_for("saved");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    victim_untouched(&victim);
    let marks = names_in(dir.path())
        .into_iter()
        .filter(|n| {
            n.contains(".open-") && fs::symlink_metadata(dir.path().join(n)).unwrap().is_file()
        })
        .count();
    assert_eq!(marks, 0, "no mark of cjm's is left");
}

#[test]
fn a_fifo_is_refused_wherever_a_file_is_read() {
    let (dir, _ws, _) = folder();
    let fifo = dir.path().join("pipe.json");
    mkfifo(&fifo);
    for args in [
        &["check", "pipe.json"][..],
        &["show", "pipe.json"],
        &["fmt", "pipe.json"],
        &["export", "pipe.json", "--format", "csv"],
    ] {
        let output = cjm(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // The config file.
    let mut command = cjm_in(dir.path());
    command.env("CJM_CONFIG", &fifo).arg("config");
    let output = within_deadline(command);
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_fifo_swapped_in_for_the_map_never_freezes_the_app_nor_loses_the_edit() {
    let (dir, ws, _) = folder();
    let arg = ws.to_str().unwrap();
    let mut tui = Tui::start_with(
        dir.path(),
        &[arg],
        100,
        30,
        &[("CJM_AUTOSAVE_DELAY_MS", "60000")],
    );
    tui.wait_for("Sees an unboxing");
    let original = fs::read(&ws).unwrap();
    fs::remove_file(&ws).unwrap();
    mkfifo(&ws);
    // An edit just after the swap, then the app must still answer every key.
    tui.send("+");
    tui.wait_for("▲▲+2");
    tui.send("j");
    tui.send("q");
    tui.wait_for("not a regular file");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    // The file comes back; the edit waits in the journal.
    fs::remove_file(&ws).unwrap();
    fs::write(&ws, &original).unwrap();
    let mut tui = Tui::start(dir.path(), &[arg], 100, 30);
    tui.wait_for("Unsaved edits to");
    tui.send("y");
    tui.wait_for("▲▲+2");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn every_command_that_saves_removes_the_leftovers_of_killed_saves_and_readers_write_nothing() {
    let (dir, ws, _) = folder();
    let leftover = ".ws.json.aB3dE9.cjm-tmp";
    let plant = || fs::write(dir.path().join(leftover), "a part of a save").unwrap();
    let listing = || names_in(dir.path());

    plant();
    let before = listing();
    for args in [
        &["check", "ws.json"][..],
        &["show", "ws.json"],
        &["search", "ws.json", "x"],
    ] {
        cjm(dir.path(), args);
        assert_eq!(listing(), before, "{args:?} writes nothing");
    }
    for args in [
        vec!["fmt", "ws.json"],
        vec!["import", "journey.mmd", "--into", "ws.json"],
    ] {
        plant();
        fs::write(
            dir.path().join("journey.mmd"),
            "journey\n  title Kopi\n  section Beli\n    Pesan: 4: Ani\n",
        )
        .unwrap();
        let output = cjm(dir.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!listing().contains(&leftover.to_string()), "{args:?}");
    }
    assert!(ws.exists());
}

#[test]
fn review_mode_opens_nothing_for_writing() {
    let (dir, ws, _) = folder();
    let watch = Inotify::watch(dir.path());
    let mut tui = Tui::start(dir.path(), &["--read-only", ws.to_str().unwrap()], 100, 30);
    tui.wait_for("Sees an unboxing");
    tui.send("jl");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        watch.events(),
        Vec::<String>::new(),
        "nothing opened for writing"
    );
}

#[test]
fn the_data_folder_and_recovery_journals_are_private() {
    let dir = TempDir::new().unwrap();
    let mut tui = Tui::start_with(
        dir.path(),
        &[],
        100,
        30,
        &[("CJM_AUTOSAVE_DELAY_MS", "60000")],
    );
    tui.wait_for("Sees an unboxing");
    tui.send("+");
    tui.wait_for("▲▲+2");
    tui.hang_up();
    tui.wait_exit();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let data = dir.path().join("data/cjm");
    assert_eq!(mode(&data), 0o700);
    let recovery = data.join("recovery");
    assert_eq!(mode(&recovery), 0o700);
    let journals = names_in(&recovery);
    assert_eq!(journals.len(), 1, "{journals:?}");
    assert_eq!(mode(&recovery.join(&journals[0])), 0o600);
}

/// Watches a folder for files opened for writing and closed (inotify's IN_CLOSE_WRITE), the
/// trace a tester sees of a write-open even when nothing is written.
struct Inotify {
    fd: i32,
}

impl Inotify {
    fn watch(dir: &Path) -> Self {
        use std::os::unix::ffi::OsStrExt;
        // SAFETY: plain system calls on a descriptor this struct owns.
        unsafe {
            let fd = libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC);
            assert!(fd >= 0, "inotify_init1");
            let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).unwrap();
            let mask = libc::IN_CLOSE_WRITE | libc::IN_CREATE | libc::IN_MOVED_TO;
            assert!(libc::inotify_add_watch(fd, path.as_ptr(), mask) >= 0);
            Self { fd }
        }
    }

    /// What happened since the watch began: `write NAME`, `create NAME`, `rename NAME`.
    fn events(&self) -> Vec<String> {
        let mut buf = vec![0u8; 64 * 1024];
        // SAFETY: reads into a buffer of its length from the descriptor this struct owns.
        let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
        let n = usize::try_from(n).unwrap_or(0);
        let mut out = Vec::new();
        let mut at = 0;
        let head = std::mem::size_of::<libc::inotify_event>();
        while at + head <= n {
            // SAFETY: the kernel wrote a whole event here; read unaligned.
            let event: libc::inotify_event =
                unsafe { std::ptr::read_unaligned(buf[at..].as_ptr().cast()) };
            let name_bytes = &buf[at + head..at + head + event.len as usize];
            let name = String::from_utf8_lossy(name_bytes)
                .trim_end_matches('\0')
                .to_string();
            let what = if event.mask & libc::IN_CLOSE_WRITE != 0 {
                "write"
            } else if event.mask & libc::IN_CREATE != 0 {
                "create"
            } else {
                "rename"
            };
            out.push(format!("{what} {name}"));
            at += head + event.len as usize;
        }
        out
    }
}

impl Drop for Inotify {
    fn drop(&mut self) {
        // SAFETY: closes the descriptor this struct owns, once.
        unsafe { libc::close(self.fd) };
    }
}
