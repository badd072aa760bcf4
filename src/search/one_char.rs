//! Skim's score for a query of one char, without its score matrix.
//!
//! The first key typed matches the most texts, and skim spends most of its time on each in
//! setting up the matrix. With one query char the matrix reduces to this: the best place of
//! the char, worth 15 plus the bonus of where it sits (a word's head, after a separator,
//! a camel hump; twice that as the text's first char), less 2 for a case mismatch. The
//! property tests hold it to skim's own score.

/// Skim v2's smart-case score of `text` for the one-char query `query`, `None` when the char
/// is not in it.
pub(super) fn score(text: &str, query: char) -> Option<i64> {
    let case_sensitive = query.is_ascii_uppercase();
    let mut best: Option<i64> = None;
    let mut prev = CharType::Empty;
    for (i, c) in text.chars().enumerate() {
        let kind = CharType::of(c);
        let same = if case_sensitive {
            c == query
        } else {
            c.eq_ignore_ascii_case(&query)
        };
        if same {
            let bonus = bonus(prev, kind) * if i == 0 { 2 } else { 1 };
            let mismatch = if !case_sensitive && c != query { 2 } else { 0 };
            let here = 15 + bonus - mismatch;
            best = Some(best.map_or(here, |b| b.max(here)));
        }
        prev = kind;
    }
    best
}

/// What skim makes of a char when it weighs where a match sits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

impl CharType {
    fn of(c: char) -> Self {
        match c {
            '\0' => Self::Empty,
            ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Self::HardSep,
            '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Self::SoftSep,
            '0'..='9' => Self::Number,
            'A'..='Z' => Self::Upper,
            _ => Self::Lower,
        }
    }
}

/// Skim's in-place bonus of a char of type `kind` after one of type `prev`: a word's head 8,
/// after a soft separator 7, a camel hump 6, else 0.
fn bonus(prev: CharType, kind: CharType) -> i64 {
    use CharType as T;
    match (prev, kind) {
        (T::Empty | T::HardSep, _) => 8,
        (T::SoftSep, _) => 7,
        (T::Lower | T::Number, T::Upper) => 6,
        _ => 0,
    }
}
