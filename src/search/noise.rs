//! The rule that tells a real match from noise: characters picked here and there across a text.
//!
//! Skim matches any text that holds the query's chars in order, so "kurir" matches "Memasukkan
//! **k**ode vo**u**che**r** flash sale d**i** ke**r**anjang". Its best alignment of the query
//! is judged by its *runs*, the stretches of adjacent matched chars. A match is kept when it is
//! one run (a piece of the text as typed), or when every run
//!
//! - starts a word (the text's start, after a char that is not a letter or digit, or a capital
//!   after a small letter or a digit): a prefix, or the initials "bk" of "bayar kurir";
//! - or goes on in the word the run before it ended in, only letters skipped in between: a word
//!   with letters left out, "pmbyrn" for "pembayaran";
//! - or is at least [`ROOT_RUN`] chars long: a root inside an affixed word, as "bayar" in
//!   "pembayaran" or "kirim" in "dikirimkan".
//!
//! Anything else is noise, and scores 0: a short run that begins inside a word the match did
//! not enter at its start. A kept match of more than one run loses [`WORD_PENALTY`] for each
//! word after the first that one of its runs begins in, so that the query as typed, or within
//! one word, ranks above the same letters spread over several words; and is dropped too when
//! less than [`MIN_SPREAD`] is left, as chance initials far apart ("data" in "**D**emo units
//! **a**re often low on battery by **t**he **a**fternoon").

use std::ops::RangeInclusive;

/// The shortest run that may begin inside a word the match did not enter at its start.
pub(super) const ROOT_RUN: usize = 4;

/// What each word a match's run begins in, after the first, costs: a matched char's worth of
/// skim's score.
pub(super) const WORD_PENALTY: i64 = 16;

/// The least score a match of more than one run must keep after [`WORD_PENALTY`]: a matched
/// char's worth.
pub(super) const MIN_SPREAD: i64 = 16;

/// What a match looks like, by the rule above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Adjacent chars: a piece of the text as typed (or a single char).
    OneRun,
    /// Runs that pass the rule, beginning in this many words.
    Runs {
        /// How many words the runs begin in: 1 when all are in the first run's word.
        words: usize,
    },
    /// Chars picked here and there.
    Noise,
}

/// Skim's `score` for a match at the ascending char `indices` in `text`, as the rule above
/// adjusts it: less [`WORD_PENALTY`] for each word after the first that a run begins in, and 0
/// for noise or a spread match left with less than [`MIN_SPREAD`].
pub(super) fn score(text: &str, score: i64, indices: &[usize]) -> i64 {
    match shape(text, indices) {
        Shape::OneRun => score,
        Shape::Runs { words } => {
            let penalty = WORD_PENALTY.saturating_mul(words.saturating_sub(1) as i64);
            let left = score.saturating_sub(penalty);
            if left >= MIN_SPREAD { left } else { 0 }
        }
        Shape::Noise => 0,
    }
}

/// The shape of skim's match at the ascending char `indices` in `text`. Indices past the end
/// of the text are ignored.
pub(super) fn shape(text: &str, indices: &[usize]) -> Shape {
    let (Some(&first), Some(&last)) = (indices.first(), indices.last()) else {
        return Shape::OneRun;
    };
    if last.saturating_sub(first) + 1 == indices.len() {
        return Shape::OneRun;
    }
    let mut walk = Walk::default();
    // Only the chars from the first match on, and the one before it, matter.
    if text.is_ascii() {
        let bytes = text.as_bytes();
        let prev = first.checked_sub(1).and_then(|i| bytes.get(i));
        let rest = bytes.get(first..).unwrap_or_default();
        walk.go(
            rest.iter().map(|&b| char::from(b)),
            prev.map(|&b| char::from(b)),
            first..=last,
            indices,
        );
    } else {
        let mut chars = text.chars();
        let prev = first.checked_sub(1).and_then(|i| chars.nth(i));
        walk.go(chars, prev, first..=last, indices);
    }
    match walk.runs {
        0 | 1 => Shape::OneRun,
        _ if walk.weak => Shape::Noise,
        _ => Shape::Runs { words: walk.words },
    }
}

/// Whether `c`, after `prev` (`None` at the text's start), begins a word, or is no part of one.
fn starts_word(prev: Option<char>, c: char) -> bool {
    let Some(prev) = prev else {
        return true;
    };
    !c.is_alphanumeric()
        || !prev.is_alphanumeric()
        || (c.is_uppercase() && (prev.is_lowercase() || prev.is_numeric()))
}

/// The runs of a match seen so far, walking its text.
#[derive(Default)]
struct Walk {
    /// How many runs began.
    runs: usize,
    /// How many of them began in a word of their own, rather than in the last run's word.
    words: usize,
    /// Where the last matched char is.
    last: Option<usize>,
    /// The current run's length.
    length: usize,
    /// Whether the current run began well: at a word, or in the word the last one ended in.
    anchored: bool,
    /// Whether a word began (or a separator came) since the last matched char.
    boundary: bool,
    /// Whether a finished run was weak: neither anchored nor [`ROOT_RUN`] long.
    weak: bool,
}

impl Walk {
    /// Walks `chars`, the text's chars at `span`, after `prev`, the one before them; `indices`
    /// are the matched ones, all in `span`.
    fn go(
        &mut self,
        chars: impl Iterator<Item = char>,
        mut prev: Option<char>,
        span: RangeInclusive<usize>,
        indices: &[usize],
    ) {
        let mut wanted = indices.iter().copied().peekable();
        for (i, c) in span.zip(chars) {
            let starts_word = starts_word(prev, c);
            if wanted.next_if_eq(&i).is_some() {
                self.matched(i, starts_word);
            } else if starts_word {
                self.boundary = true;
            }
            prev = Some(c);
        }
        self.end_run();
    }

    /// A matched char at `i`; `starts_word` if it begins a word.
    fn matched(&mut self, i: usize, starts_word: bool) {
        if self.last.is_some_and(|last| last + 1 == i) {
            self.length += 1;
        } else {
            self.end_run();
            let same_word = self.last.is_some() && !self.boundary && !starts_word;
            self.runs += 1;
            self.words += usize::from(!same_word);
            self.length = 1;
            self.anchored = starts_word || same_word;
        }
        self.last = Some(i);
        self.boundary = false;
    }

    /// Judges the current run, if any.
    fn end_run(&mut self) {
        if self.length > 0 && !self.anchored && self.length < ROOT_RUN {
            self.weak = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;

    use super::*;

    /// Whether skim's match of `query` in `text` is noise; `None` when skim finds none.
    fn noise(text: &str, query: &str) -> Option<bool> {
        let (_, indices) = SkimMatcherV2::default()
            .smart_case()
            .fuzzy_indices(text, query)?;
        Some(shape(text, &indices) == Shape::Noise)
    }

    #[test]
    fn chars_scattered_over_words_are_noise() {
        let voucher = "Memasukkan kode voucher flash sale di keranjang";
        assert_eq!(noise(voucher, "kurir"), Some(true));
        assert_eq!(noise(voucher, "voucher"), Some(false));
        assert_eq!(noise("Tukar uang di kasir", "kurir"), None);
        assert_eq!(
            noise("Pesan galat tidak menjelaskan syarat", "sale"),
            Some(true)
        );
    }

    #[test]
    fn a_piece_of_the_text_as_typed_is_never_noise() {
        for (text, query) in [
            ("Membayar dengan QRIS", "ayar"),
            ("Membayar dengan QRIS", "r d"),
            ("Keranjang", "an"),
            ("在线比较价格", "比较"),
            ("Keranjang", "j"),
        ] {
            assert_eq!(noise(text, query), Some(false), "{query} in {text}");
        }
    }

    #[test]
    fn word_starts_initials_and_roots_are_kept() {
        for (text, query) in [
            ("Bayar kurir", "bk"),
            ("Lacak kurir lewat WhatsApp", "lkw"),
            ("Lacak kurir lewat WhatsApp", "wa"),
            ("Calls support about the eSIM", "esim"),
            ("Promo flash sale", "flashsale"),
            ("Beli di e-wallet", "ewallet"),
            ("Membayar dengan QRIS", "bayar qris"),
            ("Pembayaran gagal saat ramai", "bayargagal"),
            ("Kesadaran dan perolehan", "sadar oleh"),
        ] {
            assert_eq!(noise(text, query), Some(false), "{query} in {text}");
        }
    }

    #[test]
    fn letters_left_out_of_one_word_are_kept() {
        for (text, query) in [
            ("Pembayaran", "pmbyrn"),
            ("Memasukkan", "memasukan"),
            ("Chooses a payment plan", "pymnt"),
            ("Lacak kurir", "lacak krr"),
        ] {
            assert_eq!(noise(text, query), Some(false), "{query} in {text}");
        }
    }

    #[test]
    fn a_short_run_inside_a_word_not_entered_at_its_start_is_noise() {
        // "y" begins inside "payment", and the match did not enter it at its "p".
        assert_eq!(noise("payment", "ymnt"), Some(true));
        // "ur" begins inside "voucher" after the match left "kode".
        assert_eq!(noise("kode voucher", "kur"), Some(true));
        // A capital inside a word begins one: "S" of "eSIM" after "Calls".
        assert_eq!(noise("Calls eSIM", "CS"), Some(false));
    }

    #[test]
    fn each_word_after_the_first_costs_a_char() {
        assert_eq!(shape("Bayar kurir", &[0, 1, 2]), Shape::OneRun);
        assert_eq!(shape("Bayar kurir", &[2, 3, 4, 5, 6]), Shape::OneRun);
        assert_eq!(shape("Bayar kurir", &[0, 6]), Shape::Runs { words: 2 });
        assert_eq!(shape("Pembayaran", &[0, 2, 3, 5]), Shape::Runs { words: 1 });
        assert_eq!(score("Bayar kurir", 50, &[0, 6]), 50 - WORD_PENALTY);
        assert_eq!(score("Bayar kurir", 50, &[0, 6, 8]), 50 - WORD_PENALTY);
        assert_eq!(score("Pembayaran", 90, &[0, 2, 3, 5, 7, 9]), 90, "one word");
        assert_eq!(
            score("payMent", 90, &[0, 3]),
            90 - WORD_PENALTY,
            "a camel hump"
        );
        assert_eq!(score("kode voucher", 40, &[0, 7, 11]), 0, "noise");
    }

    #[test]
    fn a_spread_match_left_with_too_little_is_dropped() {
        let text = "Demo units are often low on battery by the afternoon.";
        let (raw, indices) = SkimMatcherV2::default()
            .fuzzy_indices(text, "data")
            .expect("skim matches");
        assert_eq!(shape(text, &indices), Shape::Runs { words: 4 }, "initials");
        assert!(
            raw > 0 && raw - 3 * WORD_PENALTY < MIN_SPREAD,
            "premise: {raw}"
        );
        assert_eq!(score(text, raw, &indices), 0);
        let boundary = MIN_SPREAD + WORD_PENALTY;
        assert_eq!(score("Bayar kurir", boundary, &[0, 6]), MIN_SPREAD);
        assert_eq!(score("Bayar kurir", boundary - 1, &[0, 6]), 0);
        assert_eq!(
            score("Pembayaran", MIN_SPREAD - 1, &[0, 2]),
            0,
            "one word, two runs"
        );
        assert_eq!(
            score("Pembayaran", 1, &[0, 1]),
            1,
            "one run is never dropped"
        );
    }

    #[test]
    fn edge_cases_never_panic() {
        assert_eq!(shape("", &[]), Shape::OneRun);
        assert_eq!(shape("abc", &[]), Shape::OneRun);
        assert_eq!(shape("ab", &[0, 5, 9]), Shape::OneRun);
        assert_eq!(shape("xab ab", &[1, 5]), Shape::Noise);
        assert_eq!(shape("🎉a🎉b", &[1, 3]), Shape::Runs { words: 2 });
        assert_eq!(score("ab", i64::MIN, &[0, 1]), i64::MIN);
        assert_eq!(score("a b", i64::MIN, &[0, 2]), 0);
        assert_eq!(score("a b", i64::MAX, &[0, 2]), i64::MAX - WORD_PENALTY);
    }
}
