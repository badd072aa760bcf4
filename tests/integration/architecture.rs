//! The layering of docs/architecture.md, checked: the library's pure logic never reaches up
//! into the terminal app or the command line, nor into the terminal crates they use.

use std::fs;
use std::path::{Path, PathBuf};

/// The modules that hold the pure logic (everything in `src/` but `tui/`, `cli/` and the binary).
fn pure_logic_sources() -> Vec<PathBuf> {
    sources(&["tui", "cli", "main.rs", "lib.rs"])
}

/// Every Rust file in `src/` but those under the top-level entries `skip`.
fn sources(skip: &[&str]) -> Vec<PathBuf> {
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
            if skip.contains(&top.as_os_str().to_str().unwrap()) {
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

/// Whether `path` holds only tests (a `tests` folder or file, or property tests).
fn is_test_source(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "tests")
        || path
            .file_name()
            .is_some_and(|n| n == "tests.rs" || n.to_string_lossy().ends_with("_tests.rs"))
        || path.file_name().is_some_and(|n| n == "proptests.rs")
}

#[test]
fn the_synthetic_generator_is_reached_only_from_tests_so_the_binary_leaves_it_out() {
    let mut offences = Vec::new();
    for path in sources(&["synth", "lib.rs"]) {
        if is_test_source(&path) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        // A file's own test module comes last, after `#[cfg(test)]`.
        let lines = text.lines().take_while(|l| l.trim() != "#[cfg(test)]");
        for (number, line) in lines.enumerate() {
            if line.split("//").next().unwrap_or("").contains("synth::") {
                offences.push(format!("{}:{}", path.display(), number + 1));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the synthetic generator (benches, examples and tests only) is used by:\n{}",
        offences.join("\n")
    );
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
