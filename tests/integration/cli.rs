//! The command line: exit codes, error messages, and files left untouched on bad input.

use crate::common;

use std::fs;

use common::{cjm, stderr};
use tempfile::TempDir;

#[test]
fn help_and_version_exit_zero() {
    let home = TempDir::new().unwrap();
    let help = cjm(home.path(), &["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Customer journey maps"));
    let version = cjm(home.path(), &["--version"]);
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("cjm "));
    let sub_help = cjm(home.path(), &["check", "--help"]);
    assert!(sub_help.status.success());
    assert!(String::from_utf8_lossy(&sub_help.stdout).contains("Usage: cjm check"));
    for output in [help, version, sub_help] {
        assert!(output.stderr.is_empty(), "{}", stderr(&output));
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let home = TempDir::new().unwrap();
    assert_eq!(cjm(home.path(), &["--frobnicate"]).status.code(), Some(2));
}

#[test]
fn malformed_file_names_line_and_column_and_is_left_untouched() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("broken.json");
    let text = "{\n  \"format\": \"cjm-workspace\",\n  \"version\": 1,\n  \"journeys\": [\n    {\"id\": \"jo-1\", \"name\": \"x\",}\n  ]\n}\n";
    fs::write(&file, text).unwrap();
    let output = cjm(home.path(), &[file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!("error: {}:5:", file.display())),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        text,
        "the file is untouched"
    );
}

#[test]
fn emotion_out_of_range_is_reported_where_it_is() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("ws.json");
    let text = r#"{
  "format": "cjm-workspace",
  "version": 1,
  "journeys": [
    {
      "id": "jo-1",
      "name": "Beli",
      "stages": [
        {
          "id": "st-1",
          "name": "Awareness",
          "touchpoints": [
            {
              "id": "tp-1",
              "title": "Iklan",
              "emotion": 9
            }
          ]
        }
      ]
    }
  ]
}
"#;
    fs::write(&file, text).unwrap();
    let output = cjm(home.path(), &[file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains(":16:"), "{message}");
    assert!(message.contains("emotion 9 is out of range"), "{message}");
}

#[test]
fn a_folder_is_not_a_workspace() {
    let home = TempDir::new().unwrap();
    let output = cjm(home.path(), &[home.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is a folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_new_file_in_a_missing_folder_is_refused() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("no-such-folder").join("ws.json");
    let output = cjm(home.path(), &[file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-folder does not exist: create it first"),
        "{}",
        stderr(&output)
    );
    assert!(!file.exists());
}

#[test]
fn without_a_terminal_cjm_says_so_and_creates_nothing() {
    let home = TempDir::new().unwrap();
    let output = cjm(home.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("needs a terminal"),
        "{}",
        stderr(&output)
    );
    let default = home.path().join("data/cjm/workspace.json");
    assert!(
        !default.exists(),
        "nothing is created when there is no terminal to show it in"
    );
}
