//! Text inputs: the field editor, prompts, the search box and the palette filter all use
//! ratatui-textarea, which brings Unicode cursor moves, word moves, Home/End and undo.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};
use unicode_segmentation::UnicodeSegmentation;

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
    if let Some(step) = grapheme_step(key)
        && let Some(changed) = step_grapheme(input, step)
    {
        return changed;
    }
    input.input(key)
}

/// A cursor move or a deletion of one character as the user sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Left,
    Right,
    DeleteBefore,
    DeleteAfter,
}

/// The step `key` asks for (←, →, Backspace, Delete and their Ctrl-b, Ctrl-f, Ctrl-h, Ctrl-d).
fn grapheme_step(key: KeyEvent) -> Option<Step> {
    let ctrl = key.modifiers == KeyModifiers::CONTROL;
    if key.modifiers != KeyModifiers::NONE && !ctrl {
        return None;
    }
    match (key.code, ctrl) {
        (KeyCode::Left, false) | (KeyCode::Char('b'), true) => Some(Step::Left),
        (KeyCode::Right, false) | (KeyCode::Char('f'), true) => Some(Step::Right),
        (KeyCode::Backspace, false) | (KeyCode::Char('h'), true) => Some(Step::DeleteBefore),
        (KeyCode::Delete, false) | (KeyCode::Char('d'), true) => Some(Step::DeleteAfter),
        _ => None,
    }
}

/// Takes `step` over a whole grapheme cluster (a flag, an emoji with its skin tone, a letter
/// with its combining marks), which the text area would split, counting characters. `None`
/// at the start or end of a line, where the text area's own move (to the next line) applies.
fn step_grapheme(input: &mut TextArea, step: Step) -> Option<bool> {
    let (row, col) = (input.cursor().0, input.cursor().1);
    let line = input.lines().get(row)?;
    // The character offsets where clusters start, and the line's end.
    let mut bounds = vec![0];
    for g in line.graphemes(true) {
        bounds.push(bounds.last().copied().unwrap_or(0) + g.chars().count());
    }
    let before = bounds.iter().rev().copied().find(|&b| b < col);
    let after = bounds.iter().copied().find(|&b| b > col);
    let jump = |input: &mut TextArea, to: usize| {
        input.move_cursor(CursorMove::Jump(
            u16::try_from(row).unwrap_or(u16::MAX),
            u16::try_from(to).unwrap_or(u16::MAX),
        ));
    };
    match step {
        Step::Left => jump(input, before?),
        Step::Right => jump(input, after?),
        Step::DeleteBefore => {
            let from = before?;
            jump(input, from);
            return Some(input.delete_str(col - from));
        }
        Step::DeleteAfter => return Some(input.delete_str(after? - col)),
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextArea, code: KeyCode) -> bool {
        type_key(input, KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn the_cursor_and_deletions_take_whole_grapheme_clusters() {
        // "a", a flag (2 chars), a thumbs-up with a skin tone (2), e with an accent (2), "z".
        let mut input = text_input("a🇮🇩👍🏽e\u{301}z");
        assert_eq!(input.cursor(), (0, 8));
        press(&mut input, KeyCode::Left);
        assert_eq!(input.cursor(), (0, 7));
        press(&mut input, KeyCode::Left);
        assert_eq!(input.cursor(), (0, 5), "over the accented e at once");
        press(&mut input, KeyCode::Left);
        assert_eq!(input.cursor(), (0, 3));
        press(&mut input, KeyCode::Right);
        assert_eq!(input.cursor(), (0, 5));
        assert!(press(&mut input, KeyCode::Backspace));
        assert_eq!(input.lines(), ["a🇮🇩e\u{301}z"], "the whole thumbs-up goes");
        assert!(press(&mut input, KeyCode::Delete));
        assert_eq!(input.lines(), ["a🇮🇩z"], "the e with its accent goes");
        press(&mut input, KeyCode::Home);
        press(&mut input, KeyCode::Right);
        assert!(press(&mut input, KeyCode::Delete));
        assert_eq!(input.lines(), ["az"], "both halves of the flag go");
        assert!(input.undo());
        assert_eq!(input.lines(), ["a🇮🇩z"], "one undo step brings it back");
    }

    #[test]
    fn at_the_start_or_end_of_a_line_the_text_area_moves_between_lines() {
        let mut input = text_input("ab\ncd");
        press(&mut input, KeyCode::Home);
        press(&mut input, KeyCode::Left);
        assert_eq!(input.cursor(), (0, 2));
        press(&mut input, KeyCode::Right);
        assert_eq!(input.cursor(), (1, 0));
        press(&mut input, KeyCode::Backspace);
        assert_eq!(input.lines(), ["abcd"]);
    }
}
