//! The display line of a hit: a field's items on one line, cut to a snippet around the match.

use super::MatchedField;
use crate::model::TouchpointField;

/// What replaces a line break, and separates list items other than tags.
pub(super) const LINE_BREAK: &str = " · ";

/// How far a snippet reaches back for the start of a word before the first match.
const WORD_SNAP: usize = 12;

/// The items of a field on one line, and `indices` (char indices into item `matched`) moved
/// to that line. Line breaks become [`LINE_BREAK`] (runs of them, with the blanks around them,
/// count as one), other control characters a space; blank items are left out.
pub(super) fn one_line(
    items: &[&str],
    separator: &str,
    matched: usize,
    indices: &[usize],
) -> (String, Vec<usize>) {
    let mut line = Line::default();
    let mut mapped = Vec::with_capacity(indices.len());
    for (i, item) in items.iter().enumerate() {
        if item.trim().is_empty() {
            continue;
        }
        if line.chars > 0 {
            line.push_str(separator);
        }
        let mut wanted = if i == matched { indices } else { &[] }.iter().peekable();
        let item_start = line.chars;
        let mut pending_break = false;
        for (ci, ch) in item.chars().enumerate() {
            let is_wanted = wanted.next_if_eq(&&ci).is_some();
            if ch == '\n' || ch == '\r' {
                let keep = mapped.last().map_or(item_start, |&m| m + 1);
                line.trim_end(keep.max(item_start));
                pending_break = line.chars > item_start;
                continue;
            }
            if pending_break {
                if ch.is_whitespace() && !is_wanted {
                    continue;
                }
                line.push_str(LINE_BREAK);
                pending_break = false;
            }
            if is_wanted {
                mapped.push(line.chars);
            }
            line.push(if ch.is_control() { ' ' } else { ch });
        }
    }
    (line.text, mapped)
}

/// What goes between two items of `field` on the display line.
pub(super) fn separator(field: MatchedField) -> &'static str {
    match field {
        MatchedField::Card(TouchpointField::Tags) => ", ",
        _ => LINE_BREAK,
    }
}

/// A line being built, with its length in chars.
#[derive(Default)]
struct Line {
    text: String,
    chars: usize,
}

impl Line {
    fn push(&mut self, ch: char) {
        self.text.push(ch);
        self.chars += 1;
    }

    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    /// Drops trailing whitespace, but not the chars before `keep`.
    fn trim_end(&mut self, keep: usize) {
        while self.chars > keep && self.text.ends_with(char::is_whitespace) {
            self.text.pop();
            self.chars -= 1;
        }
    }
}

/// `text` cut to at most `max` chars around the matched `indices`, with "…" where it was cut,
/// and the indices moved to the cut text (those outside the window are dropped).
pub(super) fn snippet(text: String, indices: Vec<usize>, max: usize) -> (String, Vec<usize>) {
    let len = text.chars().count();
    if len <= max || max < 3 {
        return (text, indices);
    }
    let chars: Vec<char> = text.chars().collect();
    let first = indices.first().copied().unwrap_or(0);
    let last = indices.last().copied().unwrap_or(first);

    // Room for the text between two "…".
    let budget = max - 2;
    let span = last - first + 1;
    let mut start = if span <= budget {
        first.saturating_sub((budget - span) / 2)
    } else {
        first.saturating_sub(WORD_SNAP)
    };
    start = start.min(len + 1 - max);

    let end_for = |start: usize| {
        let avail = max - usize::from(start > 0);
        if len - start <= avail {
            len
        } else {
            start + avail - 1
        }
    };
    // Begin at a word when that keeps the whole match in view.
    if start > 0 {
        let look = &chars[start..first.min(start + WORD_SNAP)];
        if let Some(space) = look.iter().position(|c| c.is_whitespace()) {
            let snapped = start + space + 1;
            if last < end_for(snapped) {
                start = snapped;
            }
        }
    }
    let end = end_for(start);

    let lead = usize::from(start > 0);
    let mut out = String::with_capacity(max * 4);
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < len {
        out.push('…');
    }
    let indices = indices
        .into_iter()
        .filter(|&i| i >= start && i < end)
        .map(|i| i - start + lead)
        .collect();
    (out, indices)
}
