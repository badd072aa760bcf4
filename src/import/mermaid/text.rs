//! Text as Mermaid, a JavaScript program, reads it: JavaScript's whitespace, `trim` and
//! `Number()`, the line breaks Mermaid draws for `<br>`, and the entity codes (`#35;`) Mermaid
//! turns into characters when it draws a diagram.

/// The placeholder Mermaid puts for the `#` of a numeric entity code (`#35;`).
pub(super) const NUMERIC: &str = "\u{FB02}\u{B0}\u{B0}";
/// The placeholder Mermaid puts for the `#` of a named entity code (`#amp;`).
pub(super) const NAMED: &str = "\u{FB02}\u{B0}";
/// The placeholder Mermaid puts for the `;` that ends an entity code.
pub(super) const END: &str = "\u{B6}\u{DF}";

/// Whether JavaScript's `\s` matches `c`.
pub(super) fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Whether JavaScript's `\w` matches `c`.
pub(super) fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `text` without JavaScript whitespace at either end, as JavaScript's `trim()`.
pub(super) fn trim(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// JavaScript's `Number(text)`, which Mermaid reads a task's score with: blank is 0, hex,
/// octal and binary literals and `Infinity` are numbers, anything else not a decimal is NaN.
pub(super) fn number(text: &str) -> f64 {
    let text = trim(text);
    if text.is_empty() {
        return 0.0;
    }
    let radixes = [("0x", 16), ("0o", 8), ("0b", 2)];
    for (prefix, radix) in radixes {
        let head = text.get(..2).filter(|h| h.eq_ignore_ascii_case(prefix));
        if head.is_some() {
            return integer(&text[2..], radix);
        }
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if unsigned == "Infinity" {
        return if text.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    if !is_decimal(unsigned) {
        return f64::NAN;
    }
    text.parse().unwrap_or(f64::NAN)
}

/// The value of `digits` in `radix`, NaN when empty or not all digits.
fn integer(digits: &str, radix: u32) -> f64 {
    if digits.is_empty() {
        return f64::NAN;
    }
    digits
        .chars()
        .try_fold(0.0, |value: f64, c| {
            c.to_digit(radix)
                .map(|d| value * f64::from(radix) + f64::from(d))
        })
        .unwrap_or(f64::NAN)
}

/// Whether `text` is an unsigned JavaScript decimal literal: digits with an optional fraction
/// (`5`, `5.`, `.5`) and exponent (`5e1`).
fn is_decimal(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = digits(whole) && digits(fraction) && whole.len() + fraction.len() > 0;
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// `text` with each `<br>` (`<br/>`, `<BR />`…) a line break, as Mermaid draws section and
/// task names.
pub(super) fn line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match br_len(rest) {
            Some(len) => {
                out.push('\n');
                rest = &rest[len..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length in bytes of the `<br\s*\/?>` at the start of `text`, if there is one.
fn br_len(text: &str) -> Option<usize> {
    let head = text.get(..3)?;
    if !head.eq_ignore_ascii_case("<br") {
        return None;
    }
    let after = text[3..].trim_start_matches(is_space);
    let after = after.strip_prefix('/').unwrap_or(after);
    after.strip_prefix('>')?;
    Some(text.len() - after.len() + 1)
}

/// `text` with Mermaid's entity placeholders turned into the characters Mermaid draws for
/// them: `#35;` is `#`, `#amp;` is `&`; a name HTML does not know stays as `&name;`, as a
/// browser shows it.
pub(super) fn entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['\u{FB02}', '\u{B6}']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix(NUMERIC) {
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            match after[digits..].strip_prefix(END) {
                Some(tail) => {
                    out.push(numeric(&after[..digits]));
                    rest = tail;
                }
                None => {
                    out.push_str("&#");
                    rest = after;
                }
            }
        } else if let Some(after) = rest.strip_prefix(NAMED) {
            let len = after.len() - after.trim_start_matches(is_word).len();
            let known = named(&after[..len]).filter(|_| after[len..].starts_with(END));
            match known {
                Some(c) => {
                    out.push(c);
                    rest = &after[len + END.len()..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            }
        } else if let Some(after) = rest.strip_prefix(END) {
            out.push(';');
            rest = after;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push_str(rest);
    out
}

/// The character a browser shows for the numeric reference `&#digits;`.
fn numeric(digits: &str) -> char {
    const REPLACEMENT: char = '\u{FFFD}';
    let Ok(code) = digits.parse::<u32>() else {
        return REPLACEMENT;
    };
    if let Some(c) = windows_1252(code) {
        return c;
    }
    match code {
        0 => REPLACEMENT,
        code => char::from_u32(code).unwrap_or(REPLACEMENT),
    }
}

/// The character HTML reads for a reference to `code` in 0x80..=0x9F, which it takes as
/// Windows-1252.
fn windows_1252(code: u32) -> Option<char> {
    const TABLE: [(u32, char); 27] = [
        (0x80, '€'),
        (0x82, '‚'),
        (0x83, 'ƒ'),
        (0x84, '„'),
        (0x85, '…'),
        (0x86, '†'),
        (0x87, '‡'),
        (0x88, 'ˆ'),
        (0x89, '‰'),
        (0x8A, 'Š'),
        (0x8B, '‹'),
        (0x8C, 'Œ'),
        (0x8E, 'Ž'),
        (0x91, '\u{2018}'),
        (0x92, '\u{2019}'),
        (0x93, '\u{201C}'),
        (0x94, '\u{201D}'),
        (0x95, '•'),
        (0x96, '–'),
        (0x97, '—'),
        (0x98, '˜'),
        (0x99, '™'),
        (0x9A, 'š'),
        (0x9B, '›'),
        (0x9C, 'œ'),
        (0x9E, 'ž'),
        (0x9F, 'Ÿ'),
    ];
    TABLE.iter().find(|(c, _)| *c == code).map(|(_, to)| *to)
}

/// The character of the HTML named reference `&name;`, for the names people write in
/// diagrams; `None` for the others.
fn named(name: &str) -> Option<char> {
    const NAMES: [(&str, char); 48] = [
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{A0}'),
        ("num", '#'),
        ("semi", ';'),
        ("colon", ':'),
        ("comma", ','),
        ("percnt", '%'),
        ("lbrace", '{'),
        ("rbrace", '}'),
        ("lcub", '{'),
        ("rcub", '}'),
        ("excl", '!'),
        ("quest", '?'),
        ("equals", '='),
        ("plus", '+'),
        ("minus", '−'),
        ("sol", '/'),
        ("bsol", '\\'),
        ("verbar", '|'),
        ("ast", '*'),
        ("commat", '@'),
        ("dollar", '$'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("deg", '°'),
        ("middot", '·'),
        ("bull", '•'),
        ("hellip", '…'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("larr", '←'),
        ("rarr", '→'),
        ("uarr", '↑'),
        ("darr", '↓'),
        ("harr", '↔'),
        ("hearts", '♥'),
        ("euro", '€'),
        ("pound", '£'),
        ("yen", '¥'),
        ("times", '×'),
        ("divide", '÷'),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_javascript_reads_them() {
        for (text, value) in [
            ("5", 5.0),
            (" 3 ", 3.0),
            ("", 0.0),
            ("  ", 0.0),
            ("2.5", 2.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("+4", 4.0),
            ("-1", -1.0),
            ("1e0", 1.0),
            ("0x10", 16.0),
            ("0B11", 3.0),
            ("0o7", 7.0),
        ] {
            assert_eq!(number(text), value, "{text:?}");
        }
        for text in [
            "great", "NaN", "inf", "1_000", "0x", "-0x1", "5 5", "e5", "1e", ".",
        ] {
            assert!(number(text).is_nan(), "{text:?}");
        }
        assert_eq!(number("-Infinity"), f64::NEG_INFINITY);
    }

    #[test]
    fn br_tags_are_line_breaks() {
        assert_eq!(
            line_breaks("a<br>b<BR/>c<br />d<br\t/ >e"),
            "a\nb\nc\nd<br\t/ >e"
        );
        assert_eq!(line_breaks("<b>x</b> <br"), "<b>x</b> <br");
    }

    #[test]
    fn entity_placeholders_become_characters() {
        let code = |inner: &str| {
            let start = if inner.chars().all(|c| c.is_ascii_digit()) {
                NUMERIC
            } else {
                NAMED
            };
            format!("{start}{inner}{END}")
        };
        let text = format!(
            "Pay {}42 {} {} {} {} {}",
            code("35"),
            code("amp"),
            code("foo"),
            code("0"),
            code("150"),
            code("128512")
        );
        assert_eq!(entities(&text), "Pay #42 & &foo; \u{FFFD} – 😀");
        assert_eq!(entities("a\u{B6}\u{DF}b \u{FB02}\u{B0}\u{B0}x"), "a;b &#x");
        assert_eq!(entities("ﬂ plain ¶"), "ﬂ plain ¶");
    }
}
