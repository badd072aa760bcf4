//! `cjm config` and the settings the commands take from the config file: where it is looked
//! for, the effective settings, warnings and exit codes, the default file; the default
//! workspace, the stale threshold of `check` and the marks of `show`.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{cjm_in, stderr, stdout};
use tempfile::TempDir;

/// `cjm ARGS` in `dir` with `CJM_CONFIG` set to `config`.
fn with_config(dir: &Path, config: &Path, args: &[&str]) -> Output {
    cjm_in(dir)
        .env("CJM_CONFIG", config)
        .args(args)
        .output()
        .expect("run cjm")
}

/// A folder with a config file holding `text`.
fn config_file(text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("my config.toml");
    fs::write(&file, text).unwrap();
    (dir, file)
}

/// A workspace with one journey, last reviewed `days` days ago, and one card of emotion -2.
fn workspace_reviewed(path: &Path, days: i64) {
    let day = cjm::model::date::day_text(cjm::model::date::today() - days);
    let text = format!(
        r#"{{"format": "cjm-workspace", "version": 1, "journeys": [{{"id": "jo-1", "name": "J",
        "last_reviewed": "{day}", "stages": [{{"id": "st-1", "name": "S", "touchpoints":
        [{{"id": "tp-1", "title": "T", "channel": "Web", "emotion": -2}}]}}]}}]}}"#
    );
    fs::write(path, text).unwrap();
}

#[test]
fn without_a_file_it_names_where_it_looks_and_prints_the_defaults() {
    let dir = TempDir::new().unwrap();
    let out = common::cjm(dir.path(), &["config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected_path = dir.path().join("config/cjm/config.toml");
    assert_eq!(
        stdout(&out),
        format!(
            "# config: {} (not found: defaults)\n{}",
            expected_path.display(),
            cjm::config::effective(&cjm::config::Config::default())
        )
    );
    assert_eq!(stderr(&out), "");
}

#[test]
fn home_dot_config_is_the_last_place_looked() {
    let dir = TempDir::new().unwrap();
    let out = cjm_in(dir.path())
        .env_remove("XDG_CONFIG_HOME")
        .arg("config")
        .output()
        .unwrap();
    let expected = dir.path().join(".config/cjm/config.toml");
    assert!(
        stdout(&out).starts_with(&format!("# config: {} (not found", expected.display())),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_good_file_is_shown_as_the_settings_in_effect() {
    let (dir, file) = config_file(
        "theme = \"dark\"\nautosave = false\nemotion_marks = \"faces\"\n\n[keys.board]\n\"x\" = \"delete_card\"\n",
    );
    let out = with_config(dir.path(), &file, &["config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("# config: {} (exists)\n", file.display())),
        "{text}"
    );
    for line in [
        "autosave = false\n",
        "autosave_delay_ms = 1000\n",
        "theme = \"dark\"\n",
        "emotion_marks = \"faces\"\n",
        "[keys.board]\n\"x\" = \"delete_card\"\n",
        "# key bindings that differ from the defaults:\n#   [keys.board] \"x\" = \"delete_card\"",
    ] {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }
}

#[test]
fn a_broken_file_is_a_warning_with_file_line_and_key_and_exit_one() {
    let (dir, file) = config_file("mouse = true\ntheme = \"blue\"\n");
    let out = with_config(dir.path(), &file, &["config"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "warning: {}:2:9: key `theme`: unknown theme \"blue\": use default, light, dark or \
             mono; using the default settings\n",
            file.display()
        )
    );
    assert!(
        stdout(&out).contains("mouse = false\n"),
        "the defaults apply"
    );

    fs::write(&file, "autosave = \n").unwrap();
    let out = with_config(dir.path(), &file, &["config"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("warning: {}:1:", file.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_keys_are_warnings_and_the_rest_applies() {
    let (dir, file) = config_file("mouse = true\ncolour = \"red\"\n");
    let out = with_config(dir.path(), &file, &["config"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "warning: {}:2:1: unknown key `colour` ignored\n",
            file.display()
        )
    );
    assert!(stdout(&out).contains("mouse = true\n"));
}

#[test]
fn a_folder_in_place_of_the_file_is_a_warning() {
    let dir = TempDir::new().unwrap();
    let out = with_config(dir.path(), dir.path(), &["config"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a folder, not a file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_default_file_prints_and_reads_back_as_the_defaults() {
    let dir = TempDir::new().unwrap();
    let out = common::cjm(dir.path(), &["config", "--default"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), cjm::config::DEFAULT_FILE);
    let file = dir.path().join("config.toml");
    fs::write(&file, stdout(&out)).unwrap();
    let out = with_config(dir.path(), &file, &["config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).ends_with(&cjm::config::effective(&cjm::config::Config::default())));
}

#[test]
fn the_default_workspace_comes_after_the_argument_and_cjm_workspace() {
    let (dir, file) = config_file("default_workspace = \"maps/configured.json\"\n");
    fs::create_dir(dir.path().join("maps")).unwrap();
    let configured = dir.path().join("maps/configured.json");
    workspace_reviewed(&configured, 0);
    let from_env = dir.path().join("env.json");
    workspace_reviewed(&from_env, 0);
    let named = dir.path().join("named.json");
    workspace_reviewed(&named, 0);

    // A relative path starts at the config file's folder.
    let out = with_config(dir.path(), &file, &["check", "--format", "json"]);
    assert!(stdout(&out).contains("configured.json"), "{}", stdout(&out));
    let out = cjm_in(dir.path())
        .env("CJM_CONFIG", &file)
        .env("CJM_WORKSPACE", &from_env)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("env.json"), "{}", stdout(&out));
    let out = with_config(
        dir.path(),
        &file,
        &["check", "--format", "json", "named.json"],
    );
    assert!(stdout(&out).contains("named.json"), "{}", stdout(&out));
}

#[test]
fn check_flags_stale_journeys_after_the_configured_days() {
    let (dir, file) = config_file("stale_after_days = 7\n");
    let workspace = dir.path().join("ws.json");
    workspace_reviewed(&workspace, 10);
    let out = common::cjm(dir.path(), &["check", "ws.json"]);
    assert!(!stdout(&out).contains("stale-journey"), "{}", stdout(&out));
    let out = with_config(dir.path(), &file, &["check", "ws.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("stale-journey: last reviewed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn commands_warn_about_a_broken_config_and_go_on_with_the_defaults() {
    let (dir, file) = config_file("stale_after_days = \"soon\"\n");
    let workspace = dir.path().join("ws.json");
    workspace_reviewed(&workspace, 10);
    let out = with_config(dir.path(), &file, &["check", "ws.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with(&format!(
            "warning: config: {}:1:20: key `stale_after_days`",
            file.display()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn show_marks_emotions_as_configured() {
    let (dir, file) = config_file("emotion_marks = \"ascii\"\n");
    let workspace = dir.path().join("ws.json");
    workspace_reviewed(&workspace, 0);
    let args = ["show", "ws.json", "--width", "60", "--color", "never"];
    let arrows = stdout(&common::cjm(dir.path(), &args));
    assert!(arrows.contains("▼▼-2 Web"), "{arrows}");
    let ascii = stdout(&with_config(dir.path(), &file, &args));
    assert!(ascii.contains(" --2 Web"), "{ascii}");
    fs::write(&file, "emotion_marks = \"faces\"\n").unwrap();
    let faces = stdout(&with_config(dir.path(), &file, &args));
    assert!(faces.contains("😣-2 Web"), "{faces}");
}
