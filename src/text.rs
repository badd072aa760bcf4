//! Making text from a file safe to print: no control character or bidirectional override
//! from a workspace, a file name or an argument ever reaches a terminal, in the TUI or on
//! the command line. Also how a name typed by a person finds a record ([`same_name`]).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

/// Whether `c` must not be printed: C0/C1 controls and the bidirectional overrides that could
/// reorder what the screen shows.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` on one line: line breaks and tabs become spaces, other unsafe characters `�`.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// [`one_line`], with the line and paragraph separators and the byte order mark as spaces too:
/// for text a JavaScript program reads (Mermaid), to which they are line ends or whitespace.
pub fn one_line_js(text: &str) -> String {
    one_line(text)
        .chars()
        .map(|c| match c {
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' => ' ',
            c => c,
        })
        .collect()
}

/// `text` for a terminal, line breaks kept: every unsafe character ([`is_unsafe`]) becomes
/// `�`, except `\n`, a `\r` right before one, and `\t`. The one rule for everything the
/// command line prints for people (messages, and output when standard output is a terminal).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let keep = |i: usize, c: char| match c {
        '\n' | '\t' => true,
        '\r' => text[i + 1..].starts_with('\n'),
        c => !is_unsafe(c),
    };
    if text.char_indices().all(|(i, c)| keep(i, c)) {
        return Cow::Borrowed(text);
    }
    let safe = |(i, c)| if keep(i, c) { c } else { '\u{FFFD}' };
    Cow::Owned(text.char_indices().map(safe).collect())
}

/// The longest start of `text` made of whole grapheme clusters and at most `max` characters:
/// a cut never splits a flag, an emoji from its skin tone or a letter from its accents.
pub fn cut(text: &str, max: usize) -> &str {
    let mut chars = 0;
    let mut end = 0;
    for (at, g) in text.grapheme_indices(true) {
        chars += g.chars().count();
        if chars > max {
            break;
        }
        end = at + g.len();
    }
    &text[..end]
}

/// The longest end of `text` made of whole grapheme clusters and at most `max` characters.
pub fn cut_end(text: &str, max: usize) -> &str {
    let mut chars = 0;
    let mut start = text.len();
    for (at, g) in text.grapheme_indices(true).rev() {
        chars += g.chars().count();
        if chars > max {
            break;
        }
        start = at;
    }
    &text[start..]
}

/// Whether two names are the same to a person: any case, spaces around them aside.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_keep_grapheme_clusters_whole() {
        let text = "ab🇮🇩👍🏽e\u{301}z";
        assert_eq!(cut(text, 2), "ab");
        assert_eq!(cut(text, 3), "ab", "half a flag is no flag");
        assert_eq!(cut(text, 4), "ab🇮🇩");
        assert_eq!(cut(text, 7), "ab🇮🇩👍🏽");
        assert_eq!(cut(text, 8), "ab🇮🇩👍🏽e\u{301}");
        assert_eq!(cut(text, 99), text);
        assert_eq!(cut_end(text, 1), "z");
        assert_eq!(cut_end(text, 2), "z", "the accent stays with its letter");
        assert_eq!(cut_end(text, 3), "e\u{301}z");
    }

    #[test]
    fn control_characters_never_pass() {
        let cleaned = one_line("a\x1b[31mb\x07c\u{202E}d\u{9b}e\nf");
        assert_eq!(cleaned, "a\u{FFFD}[31mb\u{FFFD}c\u{FFFD}d\u{FFFD}e f");
        assert!(!cleaned.chars().any(|c| c.is_control()));
    }

    #[test]
    fn terminal_safe_keeps_line_breaks_and_tabs_only() {
        let text = "a\x1b]52;c;aGk=\x07b\u{9b}2J\u{202E}\x7f\tc\r\nd\re\n";
        assert_eq!(
            terminal_safe(text),
            "a\u{FFFD}]52;c;aGk=\u{FFFD}b\u{FFFD}2J\u{FFFD}\u{FFFD}\tc\r\nd\u{FFFD}e\n"
        );
        assert!(matches!(terminal_safe("plain\ttext\r\n"), Cow::Borrowed(_)));
    }
}
