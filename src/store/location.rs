//! Turning byte offsets into the line and column a user's editor shows.

/// The 1-based line and column (in characters) of byte `offset` in `bytes`. A line ends at
/// `\n`, `\r\n` or a lone `\r` (old Mac files), as in editors.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let is_break = |i: usize| match before[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    };
    let line = (0..before.len()).filter(|&i| is_break(i)).count() + 1;
    let line_start = (0..before.len())
        .rev()
        .find(|&i| is_break(i))
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The byte offset in `text` of serde_json's 1-based `line` and byte `column`, on a character
/// boundary. serde_json counts only `\n` as a line break, so its line and column are turned
/// into an offset before [`line_col`] counts them as an editor does.
pub fn serde_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line.checked_sub(2) {
        None => 0,
        Some(breaks) => text
            .match_indices('\n')
            .nth(breaks)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// serde_json reports a bad value (out of range, wrong type) where it stopped reading, which
/// is the `,` `}` or `]` after the value, often on the next line. This moves back from
/// `offset` to the value's last character, where the user has to look.
pub fn end_of_previous_value(text: &str, offset: usize) -> usize {
    let at = text.as_bytes().get(offset).copied();
    if !matches!(
        at,
        Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') | None
    ) {
        return offset;
    }
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .unwrap_or(offset)
}

/// The byte offset of the `nth` (1-based) `"id": "<id>"` pair in `text`.
pub fn find_id(text: &str, id: &str, nth: usize) -> Option<usize> {
    let quoted = serde_json::to_string(id).ok()?;
    let mut found = 0;
    let mut from = 0;
    while let Some(pos) = text[from..].find("\"id\"") {
        let key = from + pos;
        from = key + 4;
        let rest = text[from..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        if rest.trim_start().starts_with(&quoted) {
            found += 1;
            if found == nth {
                return Some(key);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\nçd\ne";
        assert_eq!(line_col(text.as_bytes(), 0), (1, 1));
        assert_eq!(line_col(text.as_bytes(), 3), (2, 1));
        assert_eq!(line_col(text.as_bytes(), 5), (2, 2));
        assert_eq!(line_col(text.as_bytes(), 7), (3, 1));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_and_crlf_is_one_break() {
        for text in ["ab\rçd\re", "ab\r\nçd\r\ne", "ab\nçd\r\ne"] {
            let e = text.find('e').unwrap();
            assert_eq!(line_col(text.as_bytes(), e), (3, 1), "{text:?}");
            let d = text.find('d').unwrap();
            assert_eq!(line_col(text.as_bytes(), d), (2, 2), "{text:?}");
        }
        // The `\r` of a CRLF is still on its line, at its end.
        assert_eq!(line_col(b"ab\r\nc", 2), (1, 3));
    }

    #[test]
    fn serde_json_places_become_offsets() {
        let text = "ab\rçd\nxé!";
        assert_eq!(serde_offset(text, 1, 1), 0);
        assert_eq!(serde_offset(text, 1, 4), 3, "bytes, across a lone CR");
        assert_eq!(serde_offset(text, 1, 5), 3, "inside ç: its first byte");
        assert_eq!(serde_offset(text, 2, 4), text.find('!').unwrap());
        assert_eq!(serde_offset(text, 2, 99), text.len());
        assert_eq!(serde_offset(text, 9, 1), text.len());
    }

    #[test]
    fn value_errors_point_at_the_value() {
        let text = "{\n  \"emotion\": 9\n}";
        // serde_json stops at the closing brace on line 3.
        assert_eq!(
            end_of_previous_value(text, text.len() - 1),
            text.find('9').unwrap()
        );
        let text = "{\"a\": 12, \"b\": 1}";
        assert_eq!(end_of_previous_value(text, 8), 7);
        assert_eq!(
            end_of_previous_value(text, 2),
            2,
            "inside a token: unchanged"
        );
        let text = "{\r  \"emotion\": 9\r}";
        assert_eq!(
            end_of_previous_value(text, text.len() - 1),
            text.find('9').unwrap()
        );
    }

    #[test]
    fn finds_the_nth_id_pair_only() {
        let text = "{\"personas\": [\"x\"], \"id\": \"x\",\n \"id\" : \"x\"}";
        assert_eq!(find_id(text, "x", 1), Some(20));
        assert_eq!(find_id(text, "x", 2), Some(32));
        assert_eq!(find_id(text, "x", 3), None);
    }
}
