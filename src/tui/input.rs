//! Text inputs: the field editor, prompts, the search box and the palette filter all use
//! ratatui-textarea, which brings Unicode cursor moves, word moves, Home/End and undo.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

/// A text input holding `text`, with the cursor at its end.
pub fn text_input(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(String::from).collect()
    };
    let mut input = TextArea::new(lines);
    input.set_cursor_line_style(Style::default());
    input.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    input.move_cursor(CursorMove::Bottom);
    input.move_cursor(CursorMove::End);
    input
}

/// A form's input: long lines wrap (at words, a long word at graphemes) rather than scroll
/// the labels out of view, and the cursor starts at the end of the first line, after the
/// first label.
pub fn form_input(text: &str) -> TextArea<'static> {
    let mut input = text_input(text);
    input.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    input.move_cursor(CursorMove::Top);
    input.move_cursor(CursorMove::End);
    input
}

/// The text of an input, lines joined with `\n`.
pub fn text_of(input: &TextArea) -> String {
    input.lines().join("\n")
}

/// Pastes `text`; a one-line input gets line breaks and tabs as spaces.
pub fn paste(input: &mut TextArea, text: &str, multiline: bool) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if multiline {
        input.insert_str(text);
    } else {
        input.insert_str(text.replace(['\n', '\t'], " "));
    }
}

/// Types one key into an input and says whether its text changed. The textarea's own
/// emacs-style keys apply, except that Ctrl-u deletes to the start of the line as in a shell
/// and Ctrl-z undoes.
pub fn type_key(input: &mut TextArea, key: KeyEvent) -> bool {
    if key.modifiers == KeyModifiers::CONTROL {
        match key.code {
            KeyCode::Char('u') => return input.delete_line_by_head(),
            KeyCode::Char('z') => return input.undo(),
            _ => {}
        }
    }
    input.input(key)
}
