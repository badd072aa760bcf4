use super::*;
use crate::model::{Journey, Touchpoint};
use std::os::unix::fs::PermissionsExt;
use tempfile::TempDir;

fn sample() -> Workspace {
    let mut journey = Journey::with_default_stages("Beli ponsel");
    journey.stages[0]
        .touchpoints
        .push(Touchpoint::new("Lihat iklan 📱 广告"));
    Workspace {
        journeys: vec![journey],
        ..Workspace::default()
    }
}

fn error_text(text: &str) -> String {
    parse(Path::new("ws.json"), text.as_bytes())
        .unwrap_err()
        .to_string()
}

#[test]
fn save_then_load_round_trips() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ws.json");
    let ws = sample();
    let written = save(&path, &ws, None).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.workspace, ws);
    assert_eq!(loaded.fingerprint, written);
    assert!(loaded.read_only.is_none());
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n"));
    assert_eq!(text, to_json(&loaded.workspace), "output is canonical");
}

#[test]
fn unknown_fields_survive_a_round_trip() {
    let mut value = serde_json::to_value(sample()).unwrap();
    value["theme"] = "dark".into();
    value["journeys"][0]["event_rules"] = serde_json::json!([{"event": "view_*"}]);
    value["journeys"][0]["stages"][0]["touchpoints"][0]["sentiment_source"] = "survey".into();
    let text = serde_json::to_string(&value).unwrap();
    let (ws, _) = parse(Path::new("ws.json"), text.as_bytes()).unwrap();
    let again: serde_json::Value = serde_json::from_str(&to_json(&ws)).unwrap();
    assert_eq!(again, value);
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let message = error_text("{\n  \"format\": \"cjm-workspace\",\n  \"version\": 1,\n  oops\n}");
    assert!(message.starts_with("ws.json:4:3: "), "{message}");
    assert!(!message.contains(" at line "), "{message}");
}

#[test]
fn emotion_out_of_range_points_at_the_value() {
    let mut value = serde_json::to_value(sample()).unwrap();
    value["journeys"][0]["stages"][0]["touchpoints"][0]["emotion"] = 7.into();
    let text = serde_json::to_string_pretty(&value).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\"emotion\""))
        .unwrap()
        + 1;
    let message = error_text(&text);
    assert!(
        message.starts_with(&format!("ws.json:{line}:")),
        "{message}"
    );
    assert!(message.contains("emotion 7 is out of range"), "{message}");
}

#[test]
fn duplicate_id_points_at_the_second_one() {
    let mut ws = sample();
    let first = ws.journeys[0].id.clone();
    ws.journeys[0].stages[3].id = first;
    let text = to_json(&ws);
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(&ws.journeys[0].id))
        .nth(1)
        .unwrap()
        .0
        + 1;
    let message = error_text(&text);
    assert!(
        message.starts_with(&format!("ws.json:{line}:")),
        "{message}"
    );
    assert!(message.contains("duplicate id"), "{message}");
}

#[test]
fn bad_bytes_get_precise_messages() {
    assert!(error_text("").contains("ws.json:1:1: the file is empty"));
    let invalid = b"{\n  \"format\": \"cjm-\xff\"\n}";
    let message = parse(Path::new("ws.json"), invalid)
        .unwrap_err()
        .to_string();
    assert!(message.starts_with("ws.json:2:18: "), "{message}");
    assert!(message.contains("UTF-8"));
    let wrong = error_text("{\"format\": \"trello\", \"version\": 1, \"journeys\": []}");
    assert!(wrong.contains("not a cjm workspace"), "{wrong}");
    let zero = error_text("{\"format\": \"cjm-workspace\", \"version\": 0}");
    assert!(zero.contains("version\" 0"), "{zero}");
    let missing = error_text("{\"format\": \"cjm-workspace\"}");
    assert!(missing.contains("missing field `version`"), "{missing}");
}

#[test]
fn byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", to_json(&sample()));
    assert!(parse(Path::new("ws.json"), text.as_bytes()).is_ok());
}

#[test]
fn newer_version_opens_read_only_or_explains() {
    let mut value = serde_json::to_value(sample()).unwrap();
    value["version"] = 9.into();
    let text = serde_json::to_string(&value).unwrap();
    let (_, read_only) = parse(Path::new("ws.json"), text.as_bytes()).unwrap();
    assert!(read_only.unwrap().contains("newer cjm (format version 9"));

    value["journeys"] = "now a map".into();
    let message = error_text(&serde_json::to_string(&value).unwrap());
    assert!(message.contains("newer cjm (format version 9"), "{message}");
}

#[test]
fn save_refuses_to_overwrite_a_file_changed_on_disk() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ws.json");
    let first = save(&path, &sample(), None).unwrap();
    fs::write(&path, "someone else's edit").unwrap();
    let err = save(&path, &sample(), Some(first)).unwrap_err();
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }));
    assert_eq!(fs::read_to_string(&path).unwrap(), "someone else's edit");
    assert!(
        save(&path, &sample(), None).is_err(),
        "a new file must not exist yet"
    );
}

#[test]
fn new_files_are_private_and_existing_modes_are_kept() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ws.json");
    let fp = save(&path, &sample(), None).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    save(&path, &sample(), Some(fp)).unwrap();
    assert_eq!(mode(&path), 0o644);
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn a_symlinked_workspace_stays_a_symlink() {
    let dir = TempDir::new().unwrap();
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    let fp = save(&real, &sample(), None).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut ws = sample();
    ws.journeys[0].name = "Renamed".into();
    save(&link, &ws, Some(fp)).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&real).unwrap().workspace.journeys[0].name, "Renamed");
}

#[test]
fn unreadable_paths_say_why() {
    let dir = TempDir::new().unwrap();
    let message = load(dir.path()).unwrap_err().to_string();
    assert!(message.contains("is a folder"), "{message}");
    let message = load(&dir.path().join("none.json")).unwrap_err().to_string();
    assert!(message.ends_with("no such file"), "{message}");
}

#[test]
fn an_unwritable_folder_leaves_the_file_alone() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("missing-folder").join("ws.json");
    let err = save(&path, &sample(), None).unwrap_err();
    assert!(matches!(err, SaveError::Io { .. }), "{err}");
}
