//! Making user text safe and fit for the screen: no control characters reach the terminal,
//! and widths count wide (CJK, emoji) and zero-width (combining) characters right.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub use crate::text::one_line;

/// `text` cut to `width` columns, ending in `…` when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    let text = one_line(text);
    if text.width() <= width {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    // Whole grapheme clusters only: a flag, an emoji with its skin tone or a letter with its
    // accents is kept or cut as one.
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` word-wrapped into at most `lines` lines of `width` columns; a word longer than a line
/// is broken, and the last line ends in `…` when text was left over.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let text = one_line(text);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words = text.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.peek().copied() {
        let gap = usize::from(!line.is_empty());
        if line.width() + gap + word.width() <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            words.next();
            continue;
        }
        if out.len() + 1 == lines || width == 0 {
            break;
        }
        if line.is_empty() {
            // A word longer than the line: break it where the line is full.
            let cut = word
                .grapheme_indices(true)
                .scan(0, |used, (i, g)| {
                    *used += g.width();
                    Some((i + g.len(), *used))
                })
                .take_while(|(_, used)| *used <= width)
                .last()
                .map_or(word.len(), |(end, _)| end);
            out.push(word[..cut].to_string());
            let rest = &word[cut..];
            // The word was only peeked at: past it, the words after it.
            words.next();
            let mut remaining: Vec<&str> = vec![rest];
            remaining.extend(words);
            return [out, wrap(&remaining.join(" "), width, lines - 1)].concat();
        }
        out.push(std::mem::take(&mut line));
    }
    if words.peek().is_some() {
        let rest: Vec<&str> = std::iter::once(line.as_str()).chain(words).collect();
        line = fit(rest.join(" ").trim_start(), width);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// `text` on one line, cut and padded to exactly `cells` columns, on the left.
pub fn pad(text: &str, cells: usize) -> String {
    let text = fit(text, cells);
    let fill = " ".repeat(cells.saturating_sub(width(&text)));
    format!("{text}{fill}")
}

/// `text` on one line, cut and padded to exactly `cells` columns, on the right (numbers).
pub fn pad_left(text: &str, cells: usize) -> String {
    let text = fit(text, cells);
    let fill = " ".repeat(cells.saturating_sub(width(&text)));
    format!("{fill}{text}")
}

/// `parts` joined with ` · ` into lines of at most `total` columns after a one-column margin;
/// a part is never split across lines, and is cut only when it alone is too wide.
pub fn pack(parts: &[String], total: usize) -> Vec<String> {
    let room = total.saturating_sub(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        let part = fit(part, room);
        if !line.is_empty() && width(&line) + 3 + width(&part) > room {
            lines.push(format!(" {}", std::mem::take(&mut line)));
        }
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(&part);
    }
    if !line.is_empty() {
        lines.push(format!(" {line}"));
    }
    lines
}

/// Display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    text.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_counts_wide_characters() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("Kesadaran dan perolehan", 10), "Kesadaran…");
        assert_eq!(fit("购买智能手机", 7), "购买智…");
        assert_eq!(width(&fit("購買📱📱📱📱", 7)), 7);
        assert_eq!(fit("e\u{301}te\u{301}", 3), "e\u{301}te\u{301}");
    }

    #[test]
    fn wrapping_breaks_at_words_and_marks_what_is_cut() {
        assert_eq!(
            wrap("Sees an unboxing video", 17, 2),
            ["Sees an unboxing", "video"]
        );
        assert_eq!(wrap("short", 17, 2), ["short"]);
        assert_eq!(wrap("", 17, 2), [""]);
        assert_eq!(
            wrap("Finds a lower price online after the visit", 17, 2),
            ["Finds a lower", "price online aft…"]
        );
        assert_eq!(
            wrap("Pembayaran-gagal-saat-rush-hour", 10, 2),
            ["Pembayaran", "-gagal-sa…"]
        );
        assert_eq!(wrap("购买智能手机很好", 7, 2), ["购买智", "能手机…"]);
        assert_eq!(
            wrap("abcdefghijkl", 4, 3),
            ["abcd", "efgh", "ijkl"],
            "a broken word goes on once, not again after its rest"
        );
        for lines in wrap("x\x1b[2J a\nb", 4, 2) {
            assert!(!lines.chars().any(char::is_control));
        }
    }

    #[test]
    fn cutting_and_wrapping_never_split_a_grapheme_cluster() {
        // A flag is two characters, a thumbs-up with a skin tone two, an accented e two.
        assert_eq!(fit("Bayar 🇮🇩🇮🇩🇮🇩", 10), "Bayar 🇮🇩…");
        assert_eq!(fit("👍🏽👍🏽👍🏽", 5), "👍🏽👍🏽…");
        assert_eq!(fit("Cafe\u{301} Cafe\u{301}", 6), "Cafe\u{301} …");
        for line in wrap("🇮🇩🇮🇩🇮🇩🇮🇩🇮🇩", 4, 3) {
            let flags = line.trim_end_matches(['…', ' ']);
            assert!(flags.chars().count() % 2 == 0, "a flag split: {line:?}");
        }
        assert_eq!(
            wrap("e\u{301}e\u{301}e\u{301}", 2, 2),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
    }
}
