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
    value["journeys"][0]["swimlanes"] = serde_json::json!([{"name": "backstage"}]);
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

/// Whether this process runs as root, for whom permission bits do not stop a write: files it
/// creates belong to uid 0.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let file = tempfile::NamedTempFile::new().unwrap();
    file.as_file().metadata().unwrap().uid() == 0
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_symlink_to_another_folder_is_replaced_in_the_targets_folder() {
    let links = TempDir::new().unwrap();
    let targets = TempDir::new().unwrap();
    let real = targets.path().join("real.json");
    let fp = save(&real, &sample(), None).unwrap();
    // A relative link to a link to the file: both links stay links.
    std::os::unix::fs::symlink(&real, links.path().join("hop.json")).unwrap();
    let link = links.path().join("ws.json");
    std::os::unix::fs::symlink("hop.json", &link).unwrap();
    let mut ws = sample();
    ws.journeys[0].name = "Renamed".into();
    save(&link, &ws, Some(fp)).unwrap();
    for l in [&link, &links.path().join("hop.json")] {
        assert!(fs::symlink_metadata(l).unwrap().file_type().is_symlink());
    }
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("hop.json"));
    assert_eq!(load(&real).unwrap().workspace.journeys[0].name, "Renamed");
    assert_eq!(
        names_in(targets.path()),
        ["real.json"],
        "no temporary file left"
    );
    assert_eq!(names_in(links.path()), ["hop.json", "ws.json"]);
}

#[test]
fn a_dangling_symlink_creates_its_target() {
    let dir = TempDir::new().unwrap();
    let link = dir.path().join("ws.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    write_atomic(&link, b"{}\n").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(dir.path().join("real.json")).unwrap(), b"{}\n");
}

#[test]
fn failed_writes_say_what_failed_and_that_nothing_changed() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("no-such-folder").join("ws.json");
    let error = write_atomic(&missing, b"new").unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
    let message = error.to_string();
    assert!(
        message.contains("no-such-folder does not exist"),
        "{message}"
    );
    assert!(message.ends_with("ws.json was not created"), "{message}");

    let error = write_atomic(dir.path(), b"new").unwrap_err();
    assert!(error.to_string().contains("is a folder"), "{error}");

    if running_as_root() {
        println!("note: running as root: folder and file permissions do not stop a write here");
        return;
    }
    let folder = dir.path().join("locked");
    fs::create_dir(&folder).unwrap();
    let path = folder.join("ws.json");
    fs::write(&path, "old").unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    let error = write_atomic(&path, b"new").unwrap_err();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(error.kind(), std::io::ErrorKind::PermissionDenied);
    let message = error.to_string();
    assert!(message.contains("locked is not writable"), "{message}");
    assert!(message.ends_with("ws.json is unchanged"), "{message}");
    assert_eq!(fs::read(&path).unwrap(), b"old");
    assert_eq!(names_in(&folder), ["ws.json"]);
}

#[test]
fn the_owner_of_a_replaced_file_is_kept_where_allowed() {
    use std::os::unix::fs::MetadataExt;
    if !running_as_root() {
        println!("note: not root: cannot give a file to another user to test this");
        return;
    }
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ws.json");
    fs::write(&path, "old").unwrap();
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&path, b"new").unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
}

/// Sets the modification time of `path` `age` in the past.
fn age(path: &Path, age: std::time::Duration) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(std::time::SystemTime::now() - age)
        .unwrap();
}

#[test]
fn stray_temporary_files_of_this_workspace_only_are_cleaned() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ws.json");
    fs::write(&path, "{}").unwrap();
    let old = std::time::Duration::from_secs(60);
    // Under the write lock no write is under way: a fresh temporary file is a leftover too.
    let stray = [
        ".ws.json.aB3dE9.cjm-tmp",
        ".ws.json.ZZZZZZ.cjm-tmp",
        ".ws.json.fresh1.cjm-tmp",
    ];
    let kept = [
        ".ws.json.aB3dE.cjm-tmp",             // five random characters
        ".ws.json.aB3dE9.cjm-tmp.bak",        // not the suffix
        ".ws.json.conflict-1.aB3dE9.cjm-tmp", // the conflict copy's temporary file
        ".other.json.aB3dE9.cjm-tmp",         // another workspace's
        "ws.json.aB3dE9.cjm-tmp",             // not hidden
    ];
    for name in stray.iter().chain(&kept) {
        fs::write(dir.path().join(name), "partial").unwrap();
        if !name.contains("fresh") {
            age(&dir.path().join(name), old);
        }
    }
    // A folder and a symlink named like temporary files are not ours either.
    let folder = dir.path().join(".ws.json.dir123.cjm-tmp");
    fs::create_dir(&folder).unwrap();
    let link = dir.path().join(".ws.json.link12.cjm-tmp");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let before = names_in(dir.path());

    assert_eq!(clean_stray_temps(&path).unwrap(), stray.len());
    let mut expected: Vec<String> = before
        .into_iter()
        .filter(|n| !stray.contains(&n.as_str()))
        .collect();
    expected.sort();
    assert_eq!(names_in(dir.path()), expected);
    assert_eq!(
        fs::read(&path).unwrap(),
        b"{}",
        "the workspace is untouched"
    );
    assert_eq!(
        clean_stray_temps(&path).unwrap(),
        0,
        "nothing left to clean"
    );
    assert_eq!(
        clean_stray_temps(&dir.path().join("gone").join("ws.json")).unwrap(),
        0,
        "a missing folder has nothing to clean"
    );
}

#[test]
fn stray_temporary_files_of_a_symlinked_workspace_are_found_beside_the_target() {
    let links = TempDir::new().unwrap();
    let targets = TempDir::new().unwrap();
    let real = targets.path().join("real.json");
    fs::write(&real, "{}").unwrap();
    let link = links.path().join("ws.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let stray = targets.path().join(".real.json.q1w2e3.cjm-tmp");
    fs::write(&stray, "partial").unwrap();
    age(&stray, std::time::Duration::from_secs(60));
    // A file named after the link, beside the link, is not a temporary file of any write.
    let decoy = links.path().join(".ws.json.q1w2e3.cjm-tmp");
    fs::write(&decoy, "not ours").unwrap();
    age(&decoy, std::time::Duration::from_secs(60));
    assert_eq!(clean_stray_temps(&link).unwrap(), 1);
    assert!(!stray.exists());
    assert!(decoy.exists());
}

#[test]
fn a_pipe_is_not_read_as_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ws.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let error = load(&fifo).unwrap_err().to_string();
    assert!(error.contains("not a regular file"), "{error}");
}

#[test]
fn a_huge_value_quoted_in_an_error_is_cut() {
    let huge = "x".repeat(100_000);
    let text =
        format!("{{\"format\": \"cjm-workspace\", \"version\": 1, \"journeys\": \"{huge}\"}}");
    let error = parse(Path::new("ws.json"), text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        error.chars().count() < 400,
        "{} chars",
        error.chars().count()
    );
    assert!(error.starts_with("ws.json:1:"), "{error}");
}
