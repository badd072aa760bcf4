//! Making text from a file safe to print: no control character or bidirectional override
//! from a workspace, a file name or an argument ever reaches a terminal, in the TUI or on
//! the command line.

use std::borrow::Cow;

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

/// `n` with a comma every three digits: 12,345.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The edit distance between two short texts (insertions, deletions, substitutions), for
/// "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
    }

    #[test]
    fn edit_distance_counts_single_character_changes() {
        assert_eq!(edit_distance("them", "theme"), 1);
        assert_eq!(edit_distance("dwon", "down"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kartu", "kartu"), 0);
    }
}
