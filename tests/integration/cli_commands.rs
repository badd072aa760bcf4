//! The subcommands: output, exit codes (0 ok, 1 warnings or differences, 2 bad input) and
//! files left alone.

use crate::common;

use std::fs;
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{cjm, cjm_in, refused, stderr, stdout};
use tempfile::TempDir;

/// A copy of the demo workspace in a fresh folder.
fn demo() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("ws.json");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.json"),
        &file,
    )
    .unwrap();
    (dir, file)
}

#[test]
fn show_prints_every_stage_and_card_of_a_journey() {
    let (dir, _) = demo();
    let out = cjm(
        dir.path(),
        &[
            "show",
            "ws.json",
            "-j",
            "Smartphone purchase",
            "--width",
            "100",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "Smartphone purchase",
        "Awareness",
        "Advocacy",
        "Refers a friend",
        "▼▼-2",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    assert!(!text.contains('\x1b'), "no colour in a pipe");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    let colored = cjm(
        dir.path(),
        &["show", "ws.json", "--color", "always", "--width", "80"],
    );
    assert!(stdout(&colored).contains("\x1b["));
}

#[test]
fn search_finds_cards_and_says_when_nothing_matches() {
    let (dir, _) = demo();
    let out = cjm(dir.path(), &["search", "kurir", "ws.json", "--limit", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].matches(" › ").count(), 2, "{lines:?}");
    let json = cjm(dir.path(), &["search", "kurir", "ws.json", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        hits[0]["touchpoint_id"]
            .as_str()
            .unwrap()
            .starts_with("tp-")
    );
    assert!(hits[0]["field"].is_string());
    let none = cjm(dir.path(), &["search", "qqqqzzzz", "ws.json"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stdout(&none), "");
}

#[test]
fn check_reports_findings_and_exits_one() {
    let (dir, file) = demo();
    let before = fs::read(&file).unwrap();
    let out = cjm(dir.path(), &["check", "ws.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines().all(|l| l.starts_with("ws.json: ")),
        "one finding per line, FILE first:\n{text}"
    );
    assert!(text.contains(": kpi-off-target: "), "{text}");
    let json = cjm(dir.path(), &["check", "ws.json", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        text.lines().count()
    );
    assert_eq!(fs::read(&file).unwrap(), before, "check never writes");
}

#[test]
fn check_of_a_clean_map_exits_zero_and_of_a_broken_file_two() {
    let dir = TempDir::new().unwrap();
    let clean = r#"{"format": "cjm-workspace", "version": 1, "journeys": [{"id": "jo-1", "name": "J", "stages": [{"id": "st-1", "name": "S", "touchpoints": [{"id": "tp-1", "title": "T", "channel": "Web", "emotion": 1}]}]}]}"#;
    fs::write(dir.path().join("clean.json"), clean).unwrap();
    let out = cjm(dir.path(), &["check", "clean.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    fs::write(dir.path().join("broken.json"), "{\"format\": ").unwrap();
    let out = cjm(dir.path(), &["check", "broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: broken.json:1:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_of_a_new_map_is_short_and_says_how_to_fix_each_finding() {
    let dir = TempDir::new().unwrap();
    let stages: Vec<String> = [
        "Awareness",
        "Consideration",
        "Decision",
        "Purchase",
        "Post-purchase",
        "Advocacy",
    ]
    .iter()
    .enumerate()
    .map(|(i, name)| format!(r#"{{"id": "st-{i}", "name": "{name}"}}"#))
    .collect();
    let new = format!(
        r#"{{"format": "cjm-workspace", "version": 1, "journeys": [{{"id": "jo-1", "name": "Beli HP", "stages": [{}]}}]}}"#,
        stages.join(", ")
    );
    fs::write(dir.path().join("new.json"), new).unwrap();
    let out = cjm(dir.path(), &["check", "new.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "new.json: Beli HP: info: never-reviewed: never reviewed: no review date; fix: once \
         the team has checked the map against what customers do, : mark journey reviewed (it \
         stamps today's date)\n\
         new.json: Beli HP: warning: empty-journey: no touchpoints yet in its 6 stages; fix: \
         select a stage and a (add card) for each thing the customer does there; r (rename \
         stage) or D (delete stage) fit the stages to the journey\n"
    );
}

#[test]
fn check_fixes_use_the_configured_keys_and_info_alone_exits_zero() {
    let dir = TempDir::new().unwrap();
    let map = r#"{"format": "cjm-workspace", "version": 1, "journeys": [{"id": "jo-1", "name": "J", "stages": [{"id": "st-1", "name": "S", "touchpoints": [{"id": "tp-1", "title": "T", "channel": "Web", "emotion": 1, "opportunities": [{"title": "Faster", "impact": 3}]}]}]}]}"#;
    fs::write(dir.path().join("map.json"), map).unwrap();
    fs::create_dir_all(dir.path().join("config/cjm")).unwrap();
    fs::write(
        dir.path().join("config/cjm/config.toml"),
        "[keys.board]\n\"I\" = \"none\"\n\"i\" = \"cycle_impact\"\n\"E\" = \"none\"\n\
         \"ctrl-e\" = \"cycle_effort\"\n",
    )
    .unwrap();
    let out = cjm(dir.path(), &["check", "map.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "info only: {}", stdout(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["never-reviewed", "no-kpi", "unrated-opportunity"]);
    assert!(findings.iter().all(|f| f["severity"] == "info"));
    let fix = findings[2]["fix"].as_str().unwrap();
    assert!(
        fix.contains(
            "press i (opportunity impact) then a digit 1-5, and Ctrl-e (opportunity effort)"
        ),
        "{fix}"
    );
}

#[test]
fn check_takes_journeys_by_name_or_id_and_refuses_an_unknown_one() {
    let (dir, _) = demo();
    let all = cjm(dir.path(), &["check", "ws.json", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let future = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["journey"]["name"] == "Future: smartphone purchase")
        .unwrap();
    let id = future["journey"]["id"].as_str().unwrap();
    for name in ["future: SMARTPHONE purchase", id] {
        let out = cjm(dir.path(), &["check", "ws.json", "--journey", name]);
        let text = stdout(&out);
        assert!(!text.is_empty());
        assert!(
            text.lines()
                .all(|l| l.starts_with("ws.json: Future: smartphone purchase")),
            "{text}"
        );
        assert!(text.contains(": info: never-reviewed: "), "{text}");
    }
    let out = refused(
        dir.path(),
        &["check", "ws.json", "-j", "Nope"],
        "no journey named \"Nope\"; the journeys are: \"Smartphone purchase\"",
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn fmt_rewrites_to_canonical_form_and_check_only_reports() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("ws.json");
    let messy = r#"{"version": 1, "format": "cjm-workspace", "journeys": []}"#;
    fs::write(&file, messy).unwrap();
    let out = cjm(dir.path(), &["fmt", "ws.json", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("not in canonical form"));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        messy,
        "--check never writes"
    );
    let out = cjm(dir.path(), &["fmt", "ws.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let formatted = fs::read_to_string(&file).unwrap();
    assert!(
        formatted.starts_with("{\n  \"format\": \"cjm-workspace\",\n"),
        "{formatted}"
    );
    assert_eq!(
        cjm(dir.path(), &["fmt", "ws.json", "--check"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn diff_names_changes_by_place_and_exits_one() {
    let (dir, file) = demo();
    let old = dir.path().join("old.json");
    fs::copy(&file, &old).unwrap();
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("Sees an unboxing video", "Sees a TikTok unboxing", 1),
    )
    .unwrap();
    let out = cjm(dir.path(), &["diff", "old.json", "ws.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "~ Smartphone purchase › Awareness › Sees a TikTok unboxing: title: \
         \"Sees an unboxing video\" → \"Sees a TikTok unboxing\"\n"
    );
    let same = cjm(dir.path(), &["diff", "ws.json", "ws.json"]);
    assert_eq!(same.status.code(), Some(0));
    let json = cjm(
        dir.path(),
        &["diff", "old.json", "ws.json", "--format", "json"],
    );
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(changes[0]["field"], "title");
}

#[test]
fn diff_works_as_a_git_diff_driver() {
    let (dir, _) = demo();
    // git passes: path old-file old-hex old-mode new-file new-hex new-mode.
    let args = [
        "diff",
        "ws.json",
        "/dev/null",
        ".",
        ".",
        "ws.json",
        "abc",
        "100644",
    ];
    let out = cjm(dir.path(), &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "git expects 0: {}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.starts_with("cjm diff ws.json\n"), "{text}");
    assert!(text.contains("+ Smartphone purchase: added"), "{text}");
    let bad = cjm(dir.path(), &["diff", "a", "b", "c"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn export_writes_each_format_and_never_over_the_workspace() {
    let (dir, file) = demo();
    let before = fs::read(&file).unwrap();
    let phone = ["-j", "Smartphone purchase"];
    let export = |format: &str| {
        let args = [&["export", "ws.json", "--format", format][..], &phone[..]].concat();
        let out = cjm(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}: nothing on stderr for stdout");
        stdout(&out)
    };
    let markdown = export("markdown");
    assert!(markdown.starts_with("# Customer journey maps\n\n## Smartphone purchase\n"));
    assert!(markdown.contains(
        "| Stage | Customer action | Touchpoint | Channel | Emotion | Thoughts | Pain points | \
         Opportunities | Owner | Personas | Evidence | Tags |"
    ));
    assert!(markdown.contains("| Refers a friend |") || markdown.contains("Refers a friend"));
    assert!(markdown.contains("### KPIs"), "{markdown}");
    let csv = export("csv");
    assert!(csv.starts_with("journey_id,journey,stage_id,stage,touchpoint_id,title,"));
    assert!(csv.contains("\r\n"), "CRLF record ends");
    assert!(csv.contains(",Smartphone purchase,"));
    assert!(!csv.contains("Belanja"), "only the journey asked for");
    let mermaid = export("mermaid");
    assert!(
        mermaid.starts_with("journey\n  title Smartphone purchase\n"),
        "{mermaid}"
    );
    assert!(mermaid.contains("  section Awareness\n"));
    assert!(
        mermaid.contains("    Fails the credit check: 1: "),
        "{mermaid}"
    );
    let html = export("html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("<svg") && html.contains("Smartphone purchase"));
    assert!(!html.contains("<script"));
    let json: serde_json::Value = serde_json::from_str(&export("json")).unwrap();
    assert_eq!(json["format"], "cjm-workspace");
    assert_eq!(json["journeys"].as_array().unwrap().len(), 1);
    assert_eq!(json["journeys"][0]["name"], "Smartphone purchase");

    let out = cjm(
        dir.path(),
        &[
            "export",
            "ws.json",
            "-f",
            "markdown",
            "-o",
            "map.md",
            "-j",
            "Belanja omnichannel Toko Nusantara",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "wrote map.md\n");
    let markdown = fs::read_to_string(dir.path().join("map.md")).unwrap();
    assert!(markdown.contains("Kesadaran dan perolehan"));
    assert!(!markdown.contains("Smartphone purchase"));
    let dash = cjm(dir.path(), &["export", "ws.json", "-f", "csv", "-o", "-"]);
    assert_eq!(dash.status.code(), Some(0));
    assert!(stdout(&dash).starts_with("journey_id,"));
    assert_eq!(
        stderr(&dash),
        "",
        "`-o -` is standard output: no \"wrote -\""
    );
    refused(
        dir.path(),
        &["export", "ws.json", "-f", "json", "-o", "./ws.json"],
        "is the workspace being read",
    );
    refused(
        dir.path(),
        &["export", "ws.json", "-f", "csv", "-o", "no/such/dir/x.csv"],
        "no/such/dir/x.csv: cannot write",
    );
    let unknown = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "csv", "-j", "Nope"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("the journeys are"));
    refused(dir.path(), &["export", "ws.json", "-f", "pdf"], "markdown");
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn export_names_each_journey_once_in_workspace_order() {
    let (dir, file) = demo();
    let ws: serde_json::Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    let first = ws["journeys"][0]["id"].as_str().unwrap();
    let second = ws["journeys"][1]["name"].as_str().unwrap();
    let args = [
        "export",
        "ws.json",
        "-f",
        "json",
        "-j",
        second,
        "-j",
        "smartphone PURCHASE",
        "-j",
        first,
    ];
    let out = cjm(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Smartphone purchase", second]);
    fs::write(dir.path().join("two.json"), &out.stdout).unwrap();
    let check = cjm(dir.path(), &["check", "two.json"]);
    assert_ne!(check.status.code(), Some(2), "loads: {}", stderr(&check));
}

#[test]
fn mermaid_export_takes_one_journey() {
    let (dir, _) = demo();
    let out = cjm(dir.path(), &["export", "ws.json", "-f", "mermaid"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let message = stderr(&out);
    assert!(
        message.starts_with(
            "error: Mermaid holds one journey per diagram: choose one with --journey (the \
             journeys are \"Smartphone purchase\" (jo-"
        ),
        "{message}"
    );
    let one = cjm(
        dir.path(),
        &[
            "export",
            "ws.json",
            "-f",
            "mermaid",
            "-j",
            "Smartphone purchase",
        ],
    );
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(stdout(&one).matches("journey\n").count(), 1);
}

/// A workspace of one journey whose texts try to drive a terminal.
fn hostile_workspace(dir: &Path) -> (PathBuf, &'static str) {
    let evil =
        "Evil \x1b]0;pwned\x07 \x1b[31mred\u{9b}2J \u{202E}gnp.exe \u{2066}x\u{2069} #1; 50%";
    let ws = serde_json::json!({
        "format": "cjm-workspace",
        "version": 1,
        "personas": [{"id": "pe-1", "name": evil}],
        "journeys": [{
            "id": "jo-1",
            "name": evil,
            "description": evil,
            "personas": ["pe-1"],
            "stages": [{
                "id": "st-1",
                "name": evil,
                "touchpoints": [{
                    "id": "tp-1",
                    "title": evil,
                    "channel": evil,
                    "emotion": -1,
                    "pain_points": [evil],
                    "notes": evil
                }]
            }]
        }]
    });
    let file = dir.join("evil.json");
    fs::write(&file, serde_json::to_string_pretty(&ws).unwrap()).unwrap();
    (file, evil)
}

/// The characters of `text` that must never reach a terminal (line breaks aside).
fn unsafe_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| cjm::text::is_unsafe(*c) && !matches!(c, '\n' | '\r'))
        .collect()
}

#[test]
fn hostile_text_is_exact_in_data_formats_and_harmless_in_documents() {
    let dir = TempDir::new().unwrap();
    let (_, evil) = hostile_workspace(dir.path());
    let export = |format: &str| {
        let out = cjm(dir.path(), &["export", "evil.json", "-f", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        stdout(&out)
    };
    // CSV and JSON keep the data exact in a pipe.
    let csv = export("csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(&row[5], evil, "title");
    let json: serde_json::Value = serde_json::from_str(&export("json")).unwrap();
    assert_eq!(
        json["journeys"][0]["stages"][0]["touchpoints"][0]["title"],
        evil
    );
    // Documents meant to be read never carry escape, bell, C1 or bidi controls.
    for format in ["markdown", "mermaid"] {
        let text = export(format);
        assert_eq!(unsafe_chars(&text), [], "{format}:\n{text}");
        assert!(text.contains("pwned"), "{format}");
    }
    let html = export("html");
    assert!(
        !html.contains('\x1b') && !html.contains('\u{9b}'),
        "HTML escapes controls"
    );
    // Every command that prints text from the file keeps it on one safe line.
    for args in [
        &["show", "evil.json", "--width", "80"][..],
        &["search", "Evil", "evil.json"],
        &["check", "evil.json"],
        &["diff", "/dev/null", "evil.json"],
    ] {
        let out = cjm(dir.path(), args);
        assert_ne!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(
            unsafe_chars(&stdout(&out)),
            [],
            "{args:?}:\n{}",
            stdout(&out)
        );
    }
}

/// The output of `cjm ARGS` run with a terminal as standard output.
fn in_terminal(dir: &Path, args: &[&str]) -> String {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pseudo-terminal");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_cjm"));
    command.args(args);
    command.cwd(dir);
    command.env("HOME", dir);
    command.env_remove("CJM_WORKSPACE");
    let mut child = pty.slave.spawn_command(command).expect("start cjm");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("read the terminal");
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0; 4096];
        // Linux reports the end of a terminal whose program left as an error.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        let _ = send.send(out);
    });
    let out = receive
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("cjm finishes");
    let _ = child.wait();
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_terminal_never_receives_control_characters_from_a_file() {
    let dir = TempDir::new().unwrap();
    hostile_workspace(dir.path());
    for format in ["csv", "json", "markdown"] {
        let text = in_terminal(dir.path(), &["export", "evil.json", "-f", format]);
        assert_eq!(unsafe_chars(&text), [], "{format} on a terminal:\n{text}");
        assert!(text.contains("pwned"), "{format}: {text}");
    }
    let json = in_terminal(dir.path(), &["search", "Evil", "evil.json", "--json"]);
    assert_eq!(unsafe_chars(&json), [], "{json}");
}

#[test]
fn export_writes_into_a_fifo_and_refuses_a_read_only_file() {
    let (dir, file) = demo();
    let fifo = dir.path().join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let out = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "csv", "-o", "out.fifo"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(reader.join().unwrap().starts_with("journey_id,journey,"));
    assert!(
        fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO is still a FIFO"
    );
    let null = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "csv", "-o", "/dev/null"],
    );
    assert_eq!(null.status.code(), Some(0), "{}", stderr(&null));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    // The check is on the mode bits, so it holds for root too.
    let locked = dir.path().join("locked.csv");
    fs::write(&locked, "keep me").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    let out = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "csv", "-o", "locked.csv"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: locked.csv is read-only: "),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&locked).unwrap(), "keep me");

    let messy = dir.path().join("messy.json");
    let text = fs::read_to_string(&file).unwrap().replace("\n  ", "\n    ");
    fs::write(&messy, &text).unwrap();
    fs::set_permissions(&messy, fs::Permissions::from_mode(0o444)).unwrap();
    refused(
        dir.path(),
        &["fmt", "messy.json"],
        "messy.json is read-only",
    );
    assert_eq!(fs::read_to_string(&messy).unwrap(), text);
}

#[test]
fn import_adds_a_journey_to_a_workspace() {
    let (dir, file) = demo();
    let csv = cjm(
        dir.path(),
        &[
            "export",
            "ws.json",
            "-f",
            "csv",
            "-j",
            "Smartphone purchase",
            "-o",
            "phone.csv",
        ],
    );
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let out = cjm(
        dir.path(),
        &[
            "import",
            "phone.csv",
            "--into",
            "ws.json",
            "--name",
            "Phone again",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = cjm(dir.path(), &["search", "Refers a friend", "ws.json"]);
    assert!(
        stdout(&check).contains("Phone again › Advocacy › Refers a friend"),
        "{}",
        stdout(&check)
    );
    let text = fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches("\"name\": \"Phone again\"").count(), 1);

    let mermaid = "journey\n  title Belanja\n  section Cari\n    Buka aplikasi: 4: Sari\n";
    fs::write(dir.path().join("j.mmd"), mermaid).unwrap();
    let printed = cjm(dir.path(), &["import", "j.mmd"]);
    assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
    let ws: serde_json::Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(
        ws["journeys"][0]["stages"][0]["touchpoints"][0]["emotion"],
        1
    );
    fs::write(
        dir.path().join("tanpa judul.mmd"),
        "journey\n  section A\n    Tugas: 3\n",
    )
    .unwrap();
    let untitled = cjm(dir.path(), &["import", "tanpa judul.mmd"]);
    let ws: serde_json::Value = serde_json::from_slice(&untitled.stdout).unwrap();
    assert_eq!(
        ws["journeys"][0]["name"], "tanpa judul",
        "named after the file"
    );
    refused(dir.path(), &["import", "ws.json"], "--format");
}

#[test]
fn completions_and_man_page() {
    let dir = TempDir::new().unwrap();
    let bash = cjm(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    assert!(stdout(&bash).contains("export"));
    let man = cjm(dir.path(), &["man"]);
    assert!(stdout(&man).contains(".TH cjm"));
}

/// `cjm ARGS` in `dir` with `input` on standard input.
fn cjm_input(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = cjm_in(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cjm");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // cjm may stop reading early (a usage error): a closed pipe is fine here.
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("cjm finishes");
    writer.join().unwrap();
    out
}

#[test]
fn every_command_that_reads_a_workspace_reads_standard_input() {
    let (dir, file) = demo();
    let bytes = fs::read(&file).unwrap();
    let check = cjm_input(dir.path(), &["check", "-"], &bytes);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stdout(&check).starts_with("-: "), "{}", stdout(&check));
    let show = cjm_input(
        dir.path(),
        &["show", "-", "-j", "Smartphone purchase", "--width", "100"],
        &bytes,
    );
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    assert!(stdout(&show).contains("Refers a friend"));
    let search = cjm_input(dir.path(), &["search", "kurir", "-"], &bytes);
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    assert!(stdout(&search).contains("Lacak kurir"));
    let export = cjm_input(dir.path(), &["export", "-", "-f", "json"], &bytes);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    assert_eq!(stdout(&export), String::from_utf8_lossy(&bytes));
    let canonical = cjm_input(dir.path(), &["fmt", "-", "--check"], &bytes);
    assert_eq!(canonical.status.code(), Some(0), "{}", stderr(&canonical));
    let messy = cjm_input(
        dir.path(),
        &["fmt", "-", "--check"],
        br#"{"version": 1, "format": "cjm-workspace"}"#,
    );
    assert_eq!(messy.status.code(), Some(1));
    let rewrite = cjm_input(dir.path(), &["fmt", "-"], &bytes);
    assert_eq!(rewrite.status.code(), Some(2));
    assert!(
        stderr(&rewrite).contains("fmt cannot rewrite standard input"),
        "{}",
        stderr(&rewrite)
    );
    let empty = cjm_input(dir.path(), &["check", "-"], b"");
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("standard input is empty"));
    let broken = cjm_input(dir.path(), &["check", "-"], b"{\n  \"format\": ");
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).starts_with("error: -:2:"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn git_show_into_check() {
    let (dir, _) = demo();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git is installed");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        out
    };
    git(&["init", "-q"]);
    git(&["add", "ws.json"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@x",
        "commit",
        "-qm",
        "map",
    ]);
    let shown = git(&["show", "HEAD:ws.json"]);
    let check = cjm_input(dir.path(), &["check", "-"], &shown.stdout);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
}

#[test]
fn diff_as_a_git_diff_driver_in_a_real_repository() {
    let (dir, file) = demo();
    let bin = env!("CARGO_BIN_EXE_cjm");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-c", &format!("diff.cjm.command={bin} diff")])
            .args(["-c", "user.name=t", "-c", "user.email=t@x"])
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git is installed")
    };
    fs::write(dir.path().join(".gitattributes"), "*.json diff=cjm\n").unwrap();
    for args in [
        &["init", "-q"][..],
        &["add", "."],
        &["commit", "-qm", "map"],
    ] {
        assert!(git(args).status.success(), "git {args:?}");
    }
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("Sees an unboxing video", "Sees a TikTok unboxing", 1),
    )
    .unwrap();
    let modified = git(&["diff"]);
    assert_eq!(modified.status.code(), Some(0), "{}", stderr(&modified));
    assert_eq!(
        stdout(&modified),
        "cjm diff ws.json\n~ Smartphone purchase › Awareness › Sees a TikTok unboxing: title: \
         \"Sees an unboxing video\" → \"Sees a TikTok unboxing\"\n"
    );
    assert!(git(&["mv", "ws.json", "map.json"]).status.success());
    assert!(git(&["add", "map.json"]).status.success());
    let renamed = git(&["diff", "--cached", "-M"]);
    assert_eq!(renamed.status.code(), Some(0), "{}", stderr(&renamed));
    let text = stdout(&renamed);
    assert!(text.starts_with("cjm diff ws.json → map.json\n"), "{text}");
    assert!(text.contains("title: \"Sees an unboxing video\" → \"Sees a TikTok unboxing\""));
    // A side that does not load is a line of the output, and git goes on.
    fs::write(dir.path().join("map.json"), "{\"format\": ").unwrap();
    let broken = git(&["diff"]);
    assert_eq!(broken.status.code(), Some(0), "{}", stderr(&broken));
    assert!(
        stdout(&broken).contains("! the new side does not load: map.json:1:"),
        "{}",
        stdout(&broken)
    );
}

#[test]
fn diff_refuses_standard_input_twice_and_odd_argument_counts() {
    let (dir, file) = demo();
    let bytes = fs::read(&file).unwrap();
    let twice = cjm_input(dir.path(), &["diff", "-", "-"], &bytes);
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        stderr(&twice).contains("only one side can be standard input"),
        "{}",
        stderr(&twice)
    );
    let one = cjm_input(dir.path(), &["diff", "-", "ws.json"], &bytes);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    for count in [3, 5, 8] {
        let mut args = vec!["diff"];
        args.extend(std::iter::repeat_n("ws.json", count));
        let out = cjm(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{count} arguments");
    }
    refused(dir.path(), &["diff", "ws.json", "nope.json"], "nope.json");
}

#[test]
fn show_prints_every_card_of_a_huge_stage_and_says_when_there_are_no_stages() {
    let dir = TempDir::new().unwrap();
    let many: Vec<serde_json::Value> = (0..3000)
        .map(|i| serde_json::json!({"id": format!("tp-{i}"), "title": format!("Card {i}")}))
        .collect();
    let few: Vec<serde_json::Value> = (0..250)
        .map(|i| serde_json::json!({"id": format!("tq-{i}"), "title": format!("Other {i}")}))
        .collect();
    let ws = serde_json::json!({
        "format": "cjm-workspace",
        "version": 1,
        "journeys": [
            {"id": "jo-1", "name": "Big", "stages": [
                {"id": "st-1", "name": "Many", "touchpoints": many},
                {"id": "st-2", "name": "Few", "touchpoints": few},
                {"id": "st-3", "name": "None"}
            ]},
            {"id": "jo-2", "name": "Bare"}
        ]
    });
    fs::write(dir.path().join("big.json"), ws.to_string()).unwrap();
    let out = cjm(dir.path(), &["show", "big.json", "--width", "60"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // Titles are padded to the column's width, so `Card 1 ` is not `Card 10`.
    let count = |prefix: &str, n: usize| {
        (0..n)
            .filter(|i| text.contains(&format!("{prefix} {i} ")))
            .count()
    };
    assert_eq!(count("Card", 3000), 3000, "every card of the huge stage");
    assert_eq!(count("Other", 250), 250, "every card of the other stage");
    assert_eq!(text.matches("Card 2999 ").count(), 1, "no card twice");
    assert_eq!(text.matches("Other 249 ").count(), 1, "no card twice");
    assert!(
        text.ends_with("Bare\n(no stages)\n\n"),
        "{}",
        &text[text.len() - 200..]
    );
}

#[test]
fn missing_files_and_bad_options_are_usage_errors() {
    let dir = TempDir::new().unwrap();
    for args in [
        &["show", "nope.json"][..],
        &["search", "x", "nope.json"],
        &["export", "nope.json", "-f", "csv"],
        &["check", "nope.json"],
        &["fmt", "nope.json"],
        &["fmt", "nope.json", "--check"],
        &["import", "nope.csv"],
    ] {
        let out = cjm(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).starts_with("error: nope."),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "", "{args:?}");
    }
    assert!(!dir.path().join("nope.json").exists(), "nothing is created");
    let (dir, _) = demo();
    refused(dir.path(), &["show", "ws.json", "--view", "gantt"], "board");
    for args in [
        &["search", "", "ws.json"][..],
        &["search", "  ", "ws.json"],
        &["search", "x", "ws.json", "--limit", "0"],
    ] {
        let out = cjm(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn fmt_refuses_a_file_from_a_newer_cjm() {
    let dir = TempDir::new().unwrap();
    let newer = r#"{"version": 99, "format": "cjm-workspace", "journeys": []}"#;
    fs::write(dir.path().join("new.json"), newer).unwrap();
    for args in [&["fmt", "new.json"][..], &["fmt", "new.json", "--check"]] {
        let out = cjm(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("newer cjm"), "{}", stderr(&out));
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("new.json")).unwrap(),
        newer
    );
}

#[test]
fn search_json_names_fields_by_stable_keys() {
    let (dir, _) = demo();
    let keys = [
        "title",
        "action",
        "channel",
        "stage",
        "tags",
        "pain_points",
        "opportunities",
        "thoughts",
        "owner",
        "notes",
        "evidence",
    ];
    let mut seen = std::collections::BTreeSet::new();
    for query in [
        "kurir",
        "Pengambilan",
        "voucher",
        "credit",
        "review",
        "trade",
    ] {
        let out = cjm(dir.path(), &["search", query, "ws.json", "--json"]);
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for hit in hits.as_array().unwrap() {
            let field = hit["field"].as_str().unwrap().to_string();
            assert!(keys.contains(&field.as_str()), "{field}");
            seen.insert(field);
        }
    }
    assert!(seen.len() >= 2, "{seen:?}");
}

#[test]
fn figures_read_the_same_in_check_markdown_and_html() {
    let (dir, _) = demo();
    let check = stdout(&cjm(dir.path(), &["check", "ws.json"]));
    assert!(
        check.contains("is at 2.18 % against a target of 2.5 %"),
        "{check}"
    );
    let phone = ["-j", "Smartphone purchase"];
    let markdown = stdout(&cjm(
        dir.path(),
        &[&["export", "ws.json", "-f", "markdown"][..], &phone[..]].concat(),
    ));
    assert!(markdown.contains("| 2.18 % (2026-02-02) |"), "{markdown}");
    let html = stdout(&cjm(
        dir.path(),
        &[&["export", "ws.json", "-f", "html"][..], &phone[..]].concat(),
    ));
    assert!(html.contains("<strong>2.18</strong>"), "HTML");
}

#[test]
fn import_errors_name_file_and_line_and_stdin_journeys_get_a_name() {
    let dir = TempDir::new().unwrap();
    let untitled = cjm_input(
        dir.path(),
        &["import", "-", "--format", "mermaid"],
        b"journey\n  section A\n    Task: 4: Me\n",
    );
    assert_eq!(untitled.status.code(), Some(0), "{}", stderr(&untitled));
    let ws: serde_json::Value = serde_json::from_slice(&untitled.stdout).unwrap();
    assert_eq!(ws["journeys"][0]["name"], "Imported journey");

    fs::write(
        dir.path().join("flow.mmd"),
        "%% hi\nflowchart TD\n  A-->B\n",
    )
    .unwrap();
    let flow = cjm(dir.path(), &["import", "flow.mmd"]);
    assert_eq!(flow.status.code(), Some(2));
    assert!(
        stderr(&flow).starts_with("error: flow.mmd:2: expected a Mermaid journey diagram"),
        "{}",
        stderr(&flow)
    );
    fs::write(dir.path().join("empty.mmd"), "%% nothing readable\n\n").unwrap();
    let empty = cjm(dir.path(), &["import", "empty.mmd"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).starts_with("error: empty.mmd: no Mermaid journey diagram"),
        "line 0 is left out: {}",
        stderr(&empty)
    );
    assert_eq!(stdout(&empty), "");
    fs::write(
        dir.path().join("warn.csv"),
        "journey,stage,title,emotion\r\nShop,Buy,\"Two\r\nlines\",1\r\nShop,Buy,Pays,happy\r\n",
    )
    .unwrap();
    let warn = cjm(dir.path(), &["import", "warn.csv"]);
    assert_eq!(warn.status.code(), Some(0), "{}", stderr(&warn));
    assert!(
        stderr(&warn).starts_with("warn.csv:4: warning: emotion \"happy\""),
        "{}",
        stderr(&warn)
    );
    fs::write(
        dir.path().join("latin1.csv"),
        b"journey,stage,title\nCaf\xE9,A,B\n",
    )
    .unwrap();
    let latin1 = cjm(dir.path(), &["import", "latin1.csv"]);
    assert_eq!(latin1.status.code(), Some(2));
    assert!(
        stderr(&latin1).starts_with("error: latin1.csv:2: not UTF-8 text"),
        "{}",
        stderr(&latin1)
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "journey\tstage\ttitle\r\nToko\tBeli\tBayar 💳\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    fs::write(dir.path().join("excel.csv"), utf16).unwrap();
    let excel = cjm(dir.path(), &["import", "excel.csv"]);
    assert_eq!(excel.status.code(), Some(0), "{}", stderr(&excel));
    let ws: serde_json::Value = serde_json::from_slice(&excel.stdout).unwrap();
    assert_eq!(
        ws["journeys"][0]["stages"][0]["touchpoints"][0]["title"],
        "Bayar 💳"
    );
}

#[test]
fn a_mermaid_round_trip_keeps_personas_one_on_into() {
    let dir = TempDir::new().unwrap();
    let ws = serde_json::json!({
        "format": "cjm-workspace",
        "version": 1,
        "personas": [{"id": "pe-1", "name": "Rina, buyer #1"}],
        "journeys": [{"id": "jo-1", "name": "Shop #1", "personas": ["pe-1"], "stages": [
            {"id": "st-1", "name": "Buy", "touchpoints": [
                {"id": "tp-1", "title": "Pays; 100%", "emotion": 1},
                {"id": "tp-2", "title": "Waits"}
            ]}
        ]}]
    });
    fs::write(dir.path().join("ws.json"), ws.to_string()).unwrap();
    let out = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "mermaid", "-o", "shop.mmd"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let into = cjm(dir.path(), &["import", "shop.mmd", "--into", "ws.json"]);
    assert_eq!(into.status.code(), Some(0), "{}", stderr(&into));
    assert_eq!(stderr(&into), "added journey \"Shop #1\" to ws.json\n");
    let ws: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("ws.json")).unwrap()).unwrap();
    assert_eq!(ws["personas"].as_array().unwrap().len(), 1, "{ws}");
    let cards = &ws["journeys"][1]["stages"][0]["touchpoints"];
    assert_eq!(cards[0]["title"], "Pays; 100%");
    assert_eq!(cards[0]["emotion"], 1);
    assert!(
        cards[1].get("emotion").is_none(),
        "no emotion stays none: {ws}"
    );
}

#[test]
fn man_and_completions_document_every_command_and_a_closed_pipe_is_fine() {
    let dir = TempDir::new().unwrap();
    let man = cjm(dir.path(), &["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    for expected in [
        ".SS \"cjm show\"",
        ".SS \"cjm export\"",
        "\\fB\\-\\-journey\\fR",
        "\\fB\\-\\-into\\fR",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(expected), "{expected} missing");
    }
    for args in [&["man"][..], &["completions", "bash"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_cjm"))
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn show_prints_every_view() {
    let (dir, _) = demo();
    let show = |view: &str| {
        let args = [
            "show",
            "ws.json",
            "-j",
            "Smartphone purchase",
            "--width",
            "100",
            "--view",
            view,
        ];
        let out = cjm(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{view}: {}", stderr(&out));
        stdout(&out)
    };
    let board = show("board");
    assert!(
        board.contains("hurts most: Post-purchase"),
        "the curve is under the board:\n{board}"
    );
    let lanes = show("lanes");
    for label in [
        "Action", "Touch-", "Channel", "Thoughts", "Emotion", "Pain", "Oppor-",
    ] {
        assert!(lanes.contains(label), "{label}:\n{lanes}");
    }
    assert!(
        lanes.contains("Advocacy"),
        "every stage, in bands:\n{lanes}"
    );
    let channels = show("channels");
    assert!(
        channels.contains("Call centre") && channels.contains("All channels"),
        "{channels}"
    );
    let kpis = show("kpis");
    assert!(
        kpis.contains("Relationship NPS") && kpis.contains("31.9"),
        "{kpis}"
    );
    let opportunities = show("opportunities");
    assert!(
        opportunities.contains("Show the APR next to each option"),
        "{opportunities}"
    );
    for text in [&board, &lanes, &channels, &kpis, &opportunities] {
        let width = unicode_width::UnicodeWidthStr::width;
        assert!(text.lines().all(|l| width(l) <= 100), "{text}");
    }
}

#[test]
fn comments_and_conflicts_are_listed_and_reach_the_exports() {
    use cjm::model::{Candidate, Comment, Conflict, RecordKind, Reply, Workspace};
    let (dir, file) = demo();
    let mut ws: Workspace = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    let card = ws.journeys[0].stages[0].touchpoints[0].clone();
    ws.comments = vec![
        Comment {
            id: "cm-1".into(),
            kind: RecordKind::Card,
            record: card.id.clone(),
            by: "rina".into(),
            at: "2026-12-07T06:00:00Z".into(),
            text: "Masih relevan untuk Gen Z?".into(),
            replies: vec![Reply {
                id: "re-1".into(),
                by: "budi".into(),
                at: "2026-12-07T06:05:00Z".into(),
                text: "Ya, versi vertikal".into(),
                ..Reply::default()
            }],
            ..Comment::default()
        },
        Comment {
            id: "cm-2".into(),
            kind: RecordKind::Journey,
            record: ws.journeys[0].id.clone(),
            by: "budi".into(),
            at: "2026-12-07T06:10:00Z".into(),
            text: "Done here".into(),
            resolved: true,
            ..Comment::default()
        },
    ];
    let value = |v: &str, by: &str| Candidate {
        value: serde_json::json!(v),
        by: by.into(),
        ..Candidate::default()
    };
    ws.conflicts = vec![Conflict::new(
        RecordKind::Card,
        &card.id,
        "title",
        vec![
            value(&card.title, "rina"),
            value("Sees a short video", "budi"),
        ],
    )];
    fs::write(&file, cjm::store::to_json(&ws)).unwrap();

    let out = cjm(dir.path(), &["comments", "ws.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Smartphone purchase › Awareness › Sees an unboxing video · rina"),
        "{text}"
    );
    assert!(
        text.contains("↳ budi, 2026-12-07T06:05:00Z: Ya, versi vertikal"),
        "{text}"
    );
    assert!(
        text.contains("Done here") && text.contains("resolved"),
        "{text}"
    );
    let open = stdout(&cjm(dir.path(), &["comments", "ws.json", "--open"]));
    assert!(!open.contains("Done here"), "{open}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&cjm(
        dir.path(),
        &["comments", "ws.json", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json[0]["on"], "card");
    assert_eq!(json[0]["replies"][0]["text"], "Ya, versi vertikal");
    assert_eq!(json[1]["resolved"], true);

    let check = cjm(dir.path(), &["check", "ws.json"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stdout(&check).contains("unresolved-conflict"),
        "{}",
        stdout(&check)
    );
    for (format, marks) in [
        (
            "markdown",
            [
                "### Comments",
                "Masih relevan",
                "### Conflicts",
                "Sees a short video",
            ],
        ),
        (
            "html",
            [
                "class=\"comment\"",
                "Masih relevan",
                "class=\"conflict\"",
                "Sees a short video",
            ],
        ),
        (
            "json",
            [
                "\"comments\"",
                "Masih relevan",
                "\"conflicts\"",
                "Sees a short video",
            ],
        ),
    ] {
        let out = stdout(&cjm(dir.path(), &["export", "ws.json", "--format", format]));
        for mark in marks {
            assert!(out.contains(mark), "{format} lacks {mark:?}");
        }
    }
    let shown = stdout(&cjm(dir.path(), &["show", "ws.json", "--width", "120"]));
    assert!(shown.contains('!') && shown.contains("✎1"), "{shown}");
}
