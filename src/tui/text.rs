//! Making user text safe and fit for the screen: no control characters reach the terminal,
//! and widths count wide (CJK, emoji) and zero-width (combining) characters right.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Whether `c` must not be printed: C0/C1 controls and the bidirectional overrides that could
/// reorder what the screen shows.
fn is_unsafe(c: char) -> bool {
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

/// `text` cut to `width` columns, ending in `…` when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    let text = one_line(text);
    if text.width() <= width {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    text.width()
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
    fn fitting_counts_wide_characters() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("Kesadaran dan perolehan", 10), "Kesadaran…");
        assert_eq!(fit("购买智能手机", 7), "购买智…");
        assert_eq!(width(&fit("購買📱📱📱📱", 7)), 7);
        assert_eq!(fit("e\u{301}te\u{301}", 3), "e\u{301}te\u{301}");
    }
}
