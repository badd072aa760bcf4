//! Editing a field's text in the user's own editor (`$VISUAL`, else `$EDITOR`, else `vi`):
//! the text goes to a temporary file (0600, removed afterwards), the editor runs on it, and
//! what it leaves is read back. The event loop suspends the screen around [`edit`].

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// How often the wait for the editor looks for a signal that ends cjm.
const POLL: Duration = Duration::from_millis(50);

/// The editor to run, as program and arguments: `$VISUAL`, else `$EDITOR`, else `vi`. The
/// value is split on whitespace, so `EDITOR="code --wait"` works; quotes are not
/// interpreted.
pub fn command() -> Vec<String> {
    let var = |name: &str| std::env::var(name).ok();
    command_from(var("VISUAL").as_deref(), var("EDITOR").as_deref())
}

/// [`command`] from the two variables' values.
pub fn command_from(visual: Option<&str>, editor: Option<&str>) -> Vec<String> {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(|value| {
            value
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec!["vi".to_string()])
}

/// Runs `command` on a temporary file holding `text` and returns the file's text after the
/// editor exits (without the final line break editors add). `stop` is asked while the editor
/// runs: when it says a signal is ending cjm, the editor is stopped and the edit dropped.
/// Any failure (the editor cannot start, exits non-zero, leaves no readable UTF-8 text) is
/// an error in words for the status line.
pub fn edit(command: &[String], text: &str, stop: impl Fn() -> bool) -> Result<String, String> {
    let Some((program, args)) = command.split_first() else {
        return Err("no editor: set $VISUAL or $EDITOR".to_string());
    };
    let mut file = tempfile::Builder::new()
        .prefix("cjm-field-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot make a temporary file for the editor: {e}"))?;
    let content = if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    };
    file.write_all(content.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| format!("cannot write the temporary file for the editor: {e}"))?;
    let path = file.path().to_path_buf();
    let mut child = Command::new(program)
        .args(args)
        .arg(&path)
        .spawn()
        .map_err(|e| format!("cannot start the editor “{program}”: {e}"))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(format!("lost the editor “{program}”: {e}")),
        }
        if stop() {
            let _ = child.kill();
            let _ = child.wait();
            return Err("a signal ended cjm while the editor ran".to_string());
        }
        std::thread::sleep(POLL);
    };
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("exited with status {code}"),
            None => "was killed".to_string(),
        };
        return Err(format!("the editor “{program}” {how}"));
    }
    read_back(&path)
}

/// The edited file's text, without one final line break.
fn read_back(path: &Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read what the editor wrote: {e}"))?;
    let mut text = String::from_utf8(bytes)
        .map_err(|_| "the editor left text that is not UTF-8".to_string())?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(dir: &Path, name: &str, body: &str) -> String {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn visual_comes_before_editor_then_vi_and_words_are_split() {
        assert_eq!(command_from(Some("nvim"), Some("nano")), ["nvim"]);
        assert_eq!(command_from(None, Some("code --wait")), ["code", "--wait"]);
        assert_eq!(command_from(Some("  "), Some("nano")), ["nano"]);
        assert_eq!(command_from(None, None), ["vi"]);
    }

    #[test]
    fn the_editor_s_text_comes_back_without_its_final_line_break() {
        let dir = tempfile::tempdir().unwrap();
        let editor = script(
            dir.path(),
            "append",
            // The file is private to the user while the editor has it.
            "stat -c %a \"$1\" > \"$(dirname \"$0\")/mode\"; printf 'more\\n' >> \"$1\"",
        );
        let edited = edit(&[editor], "Line one\nLine two", || false).unwrap();
        assert_eq!(edited, "Line one\nLine two\nmore");
        let mode = std::fs::read_to_string(dir.path().join("mode")).unwrap();
        assert_eq!(mode.trim(), "600");
    }

    #[test]
    fn arguments_come_before_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let editor = script(dir.path(), "args", "printf '%s' \"$1\" > \"$2\"");
        let edited = edit(&[editor, "--wait".into()], "old", || false).unwrap();
        assert_eq!(edited, "--wait");
    }

    #[test]
    fn a_failing_or_missing_editor_is_an_error_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let failing = script(dir.path(), "fail", "echo changed > \"$1\"; exit 1");
        let error = edit(&[failing], "text", || false).unwrap_err();
        assert!(error.ends_with("exited with status 1"), "{error}");
        let missing = dir.path().join("no-such-editor");
        let error = edit(&[missing.to_string_lossy().into_owned()], "", || false).unwrap_err();
        assert!(error.starts_with("cannot start the editor"), "{error}");
        let binary = script(dir.path(), "binary", "printf '\\377' > \"$1\"");
        let error = edit(&[binary], "text", || false).unwrap_err();
        assert_eq!(error, "the editor left text that is not UTF-8");
    }

    #[test]
    fn a_signal_stops_the_editor() {
        let dir = tempfile::tempdir().unwrap();
        let forever = script(dir.path(), "forever", "exec sleep 60");
        let started = std::time::Instant::now();
        let error = edit(&[forever], "text", || true).unwrap_err();
        assert!(error.contains("signal"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}
