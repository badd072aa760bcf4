//! Reading config files: valid, partial, broken, wrong values, unknown keys.

use std::path::{Path, PathBuf};

use super::parse::parse_with_home;
use super::*;

const FILE: &str = "/cfg/config.toml";

fn read(text: &str) -> Result<(Config, Vec<String>), ConfigError> {
    parse_with_home(text, Path::new(FILE), Some(Path::new("/home/u")))
}

fn error(text: &str) -> ConfigError {
    read(text).expect_err("the file should be refused")
}

#[test]
fn an_empty_file_is_the_defaults() {
    assert_eq!(read("").unwrap(), (Config::default(), vec![]));
    assert_eq!(read("# nothing\n\n").unwrap().0, Config::default());
}

#[test]
fn the_default_file_is_the_defaults_without_warnings() {
    assert_eq!(read(DEFAULT_FILE).unwrap(), (Config::default(), vec![]));
}

#[test]
fn the_default_file_names_every_setting() {
    for key in parse::KEYS {
        assert!(DEFAULT_FILE.contains(key), "{key} is not in DEFAULT_FILE");
    }
}

#[test]
fn a_full_file_sets_everything() {
    let text = r#"
autosave = false
autosave_delay_ms = 2500
stale_after_days = 30
default_workspace = "~/maps/team.json"
theme = "light"
mouse = true
emotion_marks = "faces"

[keys.board]
"x" = "delete"
"ctrl-d" = "delete"

[keys."open card"]
"Q" = "quit"
"#;
    let (config, warnings) = read(text).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(!config.autosave);
    assert_eq!(config.autosave_delay_ms, 2500);
    assert_eq!(config.stale_after_days, 30);
    assert_eq!(
        config.default_workspace,
        Some(PathBuf::from("/home/u/maps/team.json"))
    );
    assert_eq!(config.theme, ThemeChoice::Light);
    assert!(config.mouse);
    assert_eq!(config.emotion_marks, EmotionMarks::Faces);
    assert_eq!(config.keys["board"]["x"], "delete");
    assert_eq!(config.keys["board"]["ctrl-d"], "delete");
    assert_eq!(config.keys["open card"]["Q"], "quit");
}

#[test]
fn a_partial_file_keeps_the_defaults_for_the_rest() {
    let (config, warnings) = read("theme = \"mono\"\n").unwrap();
    assert!(warnings.is_empty());
    assert_eq!(
        config,
        Config {
            theme: ThemeChoice::Mono,
            ..Config::default()
        }
    );
}

#[test]
fn every_choice_reads_by_its_name() {
    for theme in ThemeChoice::ALL {
        let (config, _) = read(&format!("theme = \"{}\"", theme.name())).unwrap();
        assert_eq!(config.theme, theme);
    }
    for marks in EmotionMarks::ALL {
        let (config, _) = read(&format!("emotion_marks = \"{}\"", marks.name())).unwrap();
        assert_eq!(config.emotion_marks, marks);
    }
}

#[test]
fn broken_toml_names_the_file_line_and_column() {
    let e = error("autosave = true\ntheme = \"light\nmouse = false\n");
    // The string runs to the end of line 2 without its closing quote.
    assert_eq!((e.line, e.column), (2, 15), "{e}");
    assert_eq!(e.key, None);
    assert_eq!(
        e.to_string(),
        "/cfg/config.toml:2:15: invalid basic string, expected `\"`"
    );
    let e = error("autosave = true\n[keys\n");
    assert_eq!(e.line, 2, "{e}");
    let e = error("theme = \"dark\"\ntheme = \"light\"\n");
    assert_eq!(
        e.to_string(),
        "/cfg/config.toml:2:1: key `theme`: duplicate key"
    );
}

#[test]
fn an_unknown_theme_says_what_to_write() {
    let e = error("autosave = true\n\ntheme = \"blue\"\n");
    assert_eq!(
        e.to_string(),
        "/cfg/config.toml:3:9: key `theme`: unknown theme \"blue\": use default, light, dark \
         or mono"
    );
    let e = error("emotion_marks = \"smileys\"");
    assert_eq!(e.key.as_deref(), Some("emotion_marks"));
    assert!(e.message.contains("arrows, faces or ascii"), "{e}");
}

#[test]
fn a_wrong_type_names_the_key_and_what_to_write() {
    let e = error("autosave = \"yes\"");
    assert_eq!(
        e.to_string(),
        "/cfg/config.toml:1:12: key `autosave`: found a string: use true or false (no quotes)"
    );
    let e = error("mouse = 1");
    assert_eq!(e.key.as_deref(), Some("mouse"));
    let e = error("autosave_delay_ms = \"1000\"");
    assert!(e.message.contains("whole number of milliseconds"), "{e}");
    let e = error("stale_after_days = 1.5");
    assert_eq!(
        e.message,
        "found a float: use a whole number of days from 1 to 36500 (no quotes)"
    );
    let e = error("theme = 3");
    assert!(e.message.contains("in quotes"), "{e}");
    let e = error("default_workspace = false");
    assert!(e.message.contains("file path in quotes"), "{e}");
    let e = error("[theme]\nname = \"dark\"");
    assert_eq!((e.key.as_deref(), e.line), (Some("theme"), 1), "{e}");
}

#[test]
fn numbers_out_of_range_are_refused() {
    for text in [
        "autosave_delay_ms = -1",
        "autosave_delay_ms = 3600001",
        "autosave_delay_ms = 99999999999999999999",
        "stale_after_days = 0",
        "stale_after_days = -5",
        "stale_after_days = 36501",
    ] {
        let e = error(text);
        assert!(e.message.contains("out of range"), "{text}: {e}");
    }
    let e = error("autosave_delay_ms = 0xFFFFFFFF");
    assert_eq!(
        e.message,
        "0xFFFFFFFF is out of range: use a whole number of milliseconds from 0 to 3600000 (no \
         quotes)"
    );
    assert_eq!(
        read("autosave_delay_ms = 0").unwrap().0.autosave_delay_ms,
        0
    );
    assert_eq!(
        read("autosave_delay_ms = 0x10")
            .unwrap()
            .0
            .autosave_delay_ms,
        16
    );
    assert_eq!(
        read("stale_after_days = 1_000").unwrap().0.stale_after_days,
        1000
    );
}

#[test]
fn the_first_problem_in_the_file_is_the_one_reported() {
    // Keys are read in file order, not alphabetical order.
    let e = error("theme = \"blue\"\nautosave = 3\n");
    assert_eq!(e.key.as_deref(), Some("theme"));
}

#[test]
fn unknown_keys_are_warnings_and_the_rest_applies() {
    let (config, warnings) = read("them = \"dark\"\nmouse = true\n\n[colors]\nred = 1\n").unwrap();
    assert!(config.mouse);
    assert_eq!(config.theme, ThemeChoice::Default);
    assert_eq!(
        warnings,
        [
            "/cfg/config.toml:1:1: unknown key `them` ignored (did you mean `theme`?)",
            "/cfg/config.toml:4:2: unknown key `colors` ignored",
        ]
    );
}

#[test]
fn bindings_must_be_text() {
    let e = error("[keys.board]\nx = 3\n");
    assert_eq!(e.key.as_deref(), Some("keys.board.x"));
    assert_eq!(e.line, 2);
    let e = error("keys = \"vim\"");
    assert_eq!(e.key.as_deref(), Some("keys"));
    let e = error("[keys]\nboard = \"vim\"");
    assert_eq!(e.key.as_deref(), Some("keys.board"));
}

#[test]
fn a_tilde_is_the_home_folder_and_a_relative_path_starts_at_the_config() {
    let workspace = |raw: &str| {
        read(&format!("default_workspace = {raw:?}")).map(|(c, _)| c.default_workspace.unwrap())
    };
    assert_eq!(workspace("~").unwrap(), PathBuf::from("/home/u"));
    assert_eq!(
        workspace("~/a.json").unwrap(),
        PathBuf::from("/home/u/a.json")
    );
    assert_eq!(
        workspace("/abs/a.json").unwrap(),
        PathBuf::from("/abs/a.json")
    );
    assert_eq!(
        workspace("maps/a.json").unwrap(),
        PathBuf::from("/cfg/maps/a.json")
    );
    assert!(
        workspace("~bob/a.json")
            .unwrap_err()
            .message
            .contains("~user")
    );
    assert!(workspace("").unwrap_err().message.contains("empty"));
    let no_home = parse_with_home("default_workspace = \"~/a\"", Path::new(FILE), None);
    assert!(no_home.unwrap_err().message.contains("home"));
}

#[test]
fn hostile_text_never_panics() {
    for text in [
        "\u{0}",
        "=",
        "[[keys]]",
        "keys = []",
        "[keys.board]\n\"\" = \"\"",
        "a.b.c = 1",
        "theme = \"\u{1b}[31m\"",
        "\u{feff}theme = \"dark\"",
        "é = 1\nthème = 2",
    ] {
        let _ = read(text);
    }
    // A position inside a multi-byte character still maps to a column.
    let e = error("# ééé\ntheme = \"bleu\"");
    assert_eq!((e.line, e.column), (2, 9));
}

#[test]
fn the_effective_settings_read_back_as_the_same_config() {
    let text = "autosave = false\nautosave_delay_ms = 5\nstale_after_days = 7\n\
                default_workspace = \"/x/\\\"q\\\"\\\\.json\"\ntheme = \"dark\"\nmouse = true\n\
                emotion_marks = \"ascii\"\n[keys.board]\n\"x\" = \"delete\"\n[keys.\"a b\"]\n\"\\\"\" = \"quit\"\n";
    let (config, warnings) = read(text).unwrap();
    assert!(warnings.is_empty());
    let shown = effective(&config);
    assert_eq!(read(&shown).unwrap(), (config, vec![]), "{shown}");
    let defaults = effective(&Config::default());
    assert!(
        defaults.contains("# default_workspace: not set"),
        "{defaults}"
    );
    assert_eq!(read(&defaults).unwrap().0, Config::default());
}

#[test]
fn loading_a_missing_file_gives_the_defaults_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_from(dir.path().join("config.toml"));
    assert!(!loaded.exists);
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.config, Config::default());
}

#[test]
fn loading_a_folder_or_a_broken_file_gives_the_defaults_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_from(dir.path().to_path_buf());
    assert_eq!(loaded.config, Config::default());
    assert!(
        loaded.warnings[0].contains("is a folder"),
        "{:?}",
        loaded.warnings
    );

    let file = dir.path().join("config.toml");
    std::fs::write(&file, "mouse = true\ntheme = \"blue\"\n").unwrap();
    let loaded = load_from(file.clone());
    assert!(loaded.exists);
    assert_eq!(
        loaded.config,
        Config::default(),
        "nothing of a broken file applies"
    );
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0].starts_with(&format!("{}:2:9: key `theme`", file.display())));
    assert!(loaded.warnings[0].ends_with("; using the default settings"));

    std::fs::write(&file, b"theme = \"\xff\"").unwrap();
    assert!(load_from(file.clone()).warnings[0].contains("not UTF-8"));

    std::fs::write(&file, "mouse = true\nmice = 2\n").unwrap();
    let loaded = load_from(file);
    assert!(loaded.config.mouse);
    assert_eq!(loaded.warnings.len(), 1);
}

#[cfg(unix)]
#[test]
fn loading_an_unreadable_file_gives_the_defaults_and_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "mouse = true\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        return; // root reads anything
    }
    let loaded = load_from(file);
    assert!(loaded.exists);
    assert_eq!(loaded.config, Config::default());
    assert!(
        loaded.warnings[0].contains("cannot be read"),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn docs_config_md_holds_the_default_file_verbatim() {
    let docs = include_str!("../../docs/config.md");
    assert!(
        docs.contains(&format!("```toml\n{DEFAULT_FILE}```\n")),
        "docs/config.md must show DEFAULT_FILE exactly, in a ```toml block"
    );
    for key in parse::KEYS {
        assert!(
            docs.contains(&format!("`{key}`")) || docs.contains(&format!("[{key}.")),
            "{key}"
        );
    }
}
