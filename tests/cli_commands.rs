//! The subcommands: output, exit codes (0 ok, 1 findings or differences, 2 bad input) and
//! files left alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn cjm(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cjm"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("CJM_WORKSPACE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("run cjm")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

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
    for format in ["markdown", "csv", "mermaid", "html", "json"] {
        let out = cjm(dir.path(), &["export", "ws.json", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(stdout(&out).contains("Smartphone purchase"), "{format}");
    }
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
    let markdown = fs::read_to_string(dir.path().join("map.md")).unwrap();
    assert!(markdown.contains("Kesadaran dan perolehan"));
    assert!(!markdown.contains("Smartphone purchase"));
    let over = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "json", "-o", "./ws.json"],
    );
    assert_eq!(over.status.code(), Some(2));
    assert!(
        stderr(&over).contains("is the workspace being read"),
        "{}",
        stderr(&over)
    );
    let unwritable = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "csv", "-o", "no/such/dir/x.csv"],
    );
    assert_eq!(unwritable.status.code(), Some(2));
    assert!(
        stderr(&unwritable).contains("no/such/dir/x.csv: cannot write"),
        "{}",
        stderr(&unwritable)
    );
    let unknown = cjm(
        dir.path(),
        &["export", "ws.json", "-f", "csv", "-j", "Nope"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("the journeys are"));
    assert_eq!(fs::read(&file).unwrap(), before);
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
    let unknown = cjm(dir.path(), &["import", "ws.json"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("--format"),
        "{}",
        stderr(&unknown)
    );
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
