//! What the command-line test files share: `cjm` run without a terminal in a folder of its
//! own, with its home, data and recovery folders inside it, and its output as text.
//! Each test file uses some of these.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `cjm` to run in `dir`: HOME, the data, config and recovery folders are inside `dir`, no
/// workspace, config or colour setting leaks in from the environment, standard input is empty.
pub fn cjm_in(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cjm"));
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("CJM_RECOVERY_DIR", dir.join("recovery"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("CJM_CONFIG")
        .env_remove("CJM_WORKSPACE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    command
}

/// Runs `cjm ARGS` in `dir` and waits for it.
pub fn cjm(dir: &Path, args: &[&str]) -> Output {
    cjm_in(dir).args(args).output().expect("run cjm")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `cjm ARGS` in `dir`, asserts that it refuses with exit 2 and that its error says
/// `expected`, and returns what it printed.
pub fn refused(dir: &Path, args: &[&str], expected: &str) -> Output {
    let output = cjm(dir, args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "cjm {args:?}: {}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains(expected),
        "cjm {args:?}: expected {expected:?} in:\n{}",
        stderr(&output)
    );
    output
}

/// The names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts that `bytes`, which cjm printed (`what` says where), cannot drive a terminal: UTF-8
/// text with no control character but `\n` and `\t` (no ESC, BEL, DEL, nor a C1 control such
/// as the 8-bit CSI `\u{9b}`) and no bidirectional override.
pub fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text =
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8 ({e}): {bytes:?}"));
    let unsafe_char = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert!(
        unsafe_char.is_none(),
        "{what}: {unsafe_char:?} reaches the terminal in {text:?}"
    );
}

/// Says why a test cannot run here (a tool it needs is missing) and how to get it. Locally
/// the test then passes with this note on standard error; under CI (`CI` set, as `.ci/run`
/// does) or with `CJM_REQUIRE_TOOLS=1` it fails instead, since `.ci/run` installs every tool
/// the tests need: a test that cannot run must not pass there.
pub fn cannot_run(note: &str) {
    let set =
        |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    if set("CI") || set("CJM_REQUIRE_TOOLS") {
        panic!("{note}; .ci/run installs it, so under CI this test must run");
    }
    // Straight to stderr, past the test harness's capture, so the note shows in every run.
    let _ = writeln!(std::io::stderr(), "note: {note}");
}
