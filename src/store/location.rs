//! Turning byte offsets into the line and column a user's editor shows.

/// The 1-based line and column (in characters) of byte `offset` in `bytes`.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// serde_json reports a bad value (out of range, wrong type) where it stopped reading, which
/// is the `,` `}` or `]` after the value, often on the next line. This moves back to the
/// value's last character, where the user has to look.
pub fn end_of_previous_value(text: &str, line: usize, column: usize) -> (usize, usize) {
    let Some(line_start) = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .try_fold(0usize, |sum, len| Some(sum + len))
    else {
        return (line, column);
    };
    let offset = text[line_start..]
        .char_indices()
        .nth(column - 1)
        .map_or(text.len(), |(i, _)| line_start + i);
    let before = &text.as_bytes()[..offset.min(text.len())];
    let at = text.as_bytes().get(offset).copied();
    if !matches!(
        at,
        Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') | None
    ) {
        return (line, column);
    }
    match before.iter().rposition(|b| !b.is_ascii_whitespace()) {
        Some(end) => line_col(text.as_bytes(), end),
        None => (line, column),
    }
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
    fn value_errors_point_at_the_value() {
        let text = "{\n  \"emotion\": 9\n}";
        // serde_json stops at the closing brace on line 3.
        assert_eq!(end_of_previous_value(text, 3, 1), (2, 14));
        let text = "{\"a\": 12, \"b\": 1}";
        assert_eq!(end_of_previous_value(text, 1, 9), (1, 8));
        assert_eq!(
            end_of_previous_value(text, 1, 3),
            (1, 3),
            "inside a token: unchanged"
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
