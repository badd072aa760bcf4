//! A cheap test that rules a text out before it is fuzzy scored.
//!
//! A fuzzy match needs every char of the query somewhere in the text, so a text whose
//! [`CharSet`] lacks one of the query's cannot match. Chars are folded as skim folds them
//! (ASCII letters either case), so the set never rules out a real match in either case mode.

/// Which chars a text holds, as 64 buckets: one per ASCII letter (either case) and digit, one
/// for the space, and a few shared by other ASCII chars and by everything else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CharSet(u64);

impl CharSet {
    /// The chars of `text`.
    pub(super) fn of(text: &str) -> Self {
        let bits = if text.is_ascii() {
            text.bytes().fold(0, |set, b| set | bit(char::from(b)))
        } else {
            text.chars().fold(0, |set, c| set | bit(c))
        };
        Self(bits)
    }

    /// Whether every bucket of `wanted` is in this set: false means `wanted`'s text cannot
    /// match this one.
    pub(super) fn holds(self, wanted: Self) -> bool {
        self.0 & wanted.0 == wanted.0
    }
}

/// The bucket of `c`: the same for chars that skim's smart case may match with each other.
fn bit(c: char) -> u64 {
    let c = c.to_ascii_lowercase();
    let code = u32::from(c);
    let bucket = match c {
        'a'..='z' => code - u32::from('a'),
        '0'..='9' => 26 + code - u32::from('0'),
        ' ' => 36,
        _ if c.is_ascii() => 37 + code % 8,
        _ => 45 + code % 19,
    };
    1 << bucket
}
