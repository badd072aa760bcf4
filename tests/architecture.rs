//! The layering of docs/architecture.md, checked: the library's pure logic never reaches up
//! into the terminal app or the command line, nor into the terminal crates they use.

use std::fs;
use std::path::{Path, PathBuf};

/// The modules that hold the pure logic (everything in `src/` but `tui/`, `cli/` and the binary).
fn pure_logic_sources() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let top = path
                .strip_prefix(&src)
                .unwrap()
                .components()
                .next()
                .unwrap();
            if ["tui", "cli", "main.rs", "lib.rs"].contains(&top.as_os_str().to_str().unwrap()) {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn pure_logic_never_uses_the_terminal_app_or_the_command_line() {
    let sources = pure_logic_sources();
    assert!(sources.len() > 30, "the walk found only {}", sources.len());
    let forbidden = [
        "ratatui",
        "crossterm",
        "crate::tui",
        "crate::cli",
        "clap::",
        "indicatif",
    ];
    let mut offences = Vec::new();
    for path in sources {
        let text = fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                if code.contains(word) {
                    offences.push(format!("{}:{}: {word}", path.display(), number + 1));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "layering broken:\n{}",
        offences.join("\n")
    );
}
