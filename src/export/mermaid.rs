//! Export to Mermaid `journey` diagrams: one diagram per journey, separated by a blank line.
//!
//! A Mermaid document holds one diagram, so `cjm export` writes Mermaid for one journey only
//! (several are refused); the library still joins several with a blank line, and the import
//! reads such a text back as several journeys. Mermaid's grammar cannot carry every character:
//! [`clean`] replaces the ones it cannot with look-alikes (which the import turns back), so that
//! the output always parses and reads the same. A card without emotion is written with the
//! neutral score 3 after a [`NO_EMOTION`] comment line, which Mermaid skips and the import
//! reads, so that it comes back without emotion.

use std::fmt::Write;

use super::Scope;
use crate::model::{Journey, Persona, Touchpoint};

/// Put before a section or task name that is empty or would read as a Mermaid keyword; the
/// import drops it. A zero-width space: Mermaid does not skip it as blank, readers see nothing.
const GUARD: char = '\u{200B}';

/// The Mermaid score of a touchpoint without emotion: neutral.
const NEUTRAL_SCORE: i8 = 3;

/// The comment line written before the task of a card without emotion (its score is then the
/// neutral 3, Mermaid needing one); the import reads the task back without emotion.
pub(crate) const NO_EMOTION: &str = "%% cjm: no emotion";

/// Words that Mermaid reads as a statement when a task name starts with them.
const KEYWORDS: [&str; 5] = ["journey", "title", "section", "acctitle", "accdescr"];

/// Where a text goes in the diagram, which decides the characters it cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// The `title` line.
    Title,
    /// A line of the `accDescr { ... }` block.
    Description,
    /// A `section` line.
    Section,
    /// A task name.
    Task,
    /// One name in a task's actor list.
    Actor,
}

/// The journeys of `scope` as Mermaid `journey` diagrams, separated by a blank line.
pub fn to_mermaid(scope: &Scope) -> String {
    let diagrams: Vec<String> = scope.journeys.iter().map(|j| diagram(scope, j)).collect();
    diagrams.join("\n")
}

/// One journey as a diagram: title, description, a section per stage, a task per touchpoint.
fn diagram(scope: &Scope, journey: &Journey) -> String {
    let mut out = String::from("journey\n");
    let title = clean(&journey.name, Field::Title);
    if !title.is_empty() {
        let _ = writeln!(out, "  title {title}");
    }
    description(&mut out, &journey.description);
    let everyone = scope.personas_of(journey);
    for stage in &journey.stages {
        let _ = writeln!(out, "  section {}", clean(&stage.name, Field::Section));
        for touchpoint in &stage.touchpoints {
            task(&mut out, scope, &everyone, touchpoint);
        }
    }
    out
}

/// The journey description as an `accDescr { ... }` block, when there is one.
fn description(out: &mut String, text: &str) {
    let lines: Vec<String> = text.lines().map(|l| clean(l, Field::Description)).collect();
    let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
        return;
    };
    let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
    out.push_str("  accDescr {\n");
    for line in &lines[first..=last] {
        let _ = writeln!(out, "    {line}");
    }
    out.push_str("  }\n");
}

/// A task line: `name: score: actors`, the score being emotion + 3 (3 without emotion, after a
/// [`NO_EMOTION`] line), the actors the touchpoint's personas, else the journey's.
fn task(out: &mut String, scope: &Scope, everyone: &[&Persona], touchpoint: &Touchpoint) {
    let score = touchpoint.emotion.map_or(NEUTRAL_SCORE, |e| e.value() + 3);
    if touchpoint.emotion.is_none() {
        let _ = writeln!(out, "    {NO_EMOTION}");
    }
    let own = scope.persona_names(&touchpoint.personas);
    let personas = if own.is_empty() { everyone } else { &own };
    let actors: Vec<String> = personas
        .iter()
        .map(|p| clean(&p.name, Field::Actor))
        .filter(|name| !name.is_empty())
        .collect();
    let _ = write!(
        out,
        "    {}: {score}",
        clean(&touchpoint.title, Field::Task)
    );
    if !actors.is_empty() {
        let _ = write!(out, ": {}", actors.join(", "));
    }
    out.push('\n');
}

/// `text` on one trimmed line, with each character Mermaid cannot carry in `field` replaced,
/// and guarded when Mermaid would otherwise drop or misread it.
fn clean(text: &str, field: Field) -> String {
    let line = one_line(text);
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let doubled = i.checked_sub(1).and_then(|p| chars.get(p)) == Some(&'%')
                || chars.get(i + 1) == Some(&'%');
            replacement(c, field, i == 0 || doubled)
        })
        .collect();
    let guard = match field {
        Field::Section => out.is_empty(),
        Field::Task => out.is_empty() || reads_as_keyword(&out),
        _ => false,
    };
    if guard {
        out.insert(0, GUARD);
    }
    out
}

/// `text` on one line, safe for a terminal: line breaks and tabs become spaces and other
/// unsafe characters `�` (the one sanitiser, [`crate::text::one_line`]); a CRLF is one
/// break, and the line and paragraph separators and byte order mark, which Mermaid's grammar
/// treats as breaks or blanks, become spaces too.
fn one_line(text: &str) -> String {
    crate::text::one_line(&text.replace("\r\n", "\n"))
        .chars()
        .map(|c| match c {
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' => ' ',
            c => c,
        })
        .collect()
}

/// The character to write for `c` in `field`; `percent_is_markup` tells whether a `%` there
/// would start a comment or a directive (it starts the text or touches another `%`).
fn replacement(c: char, field: Field, percent_is_markup: bool) -> char {
    let named = matches!(field, Field::Section | Field::Task | Field::Actor);
    match c {
        '#' => '＃',
        ';' => '；',
        '<' => '＜',
        '%' if percent_is_markup => '％',
        ':' if named => '\u{A789}',
        ',' if field == Field::Actor => '\u{201A}',
        '}' if field == Field::Description => '｝',
        c => c,
    }
}

/// Whether Mermaid would read a task named `name` as a statement: it starts with a keyword
/// followed by anything but a letter, a digit or `_`.
fn reads_as_keyword(name: &str) -> bool {
    KEYWORDS.iter().any(|keyword| {
        name.get(..keyword.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(keyword))
            && !name[keyword.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_what_mermaid_cannot_read() {
        assert_eq!(
            clean("Pay: card #2; now", Field::Task),
            "Pay\u{A789} card ＃2； now"
        );
        assert_eq!(clean("Step 1: pay", Field::Title), "Step 1: pay");
        assert_eq!(clean("Rina, buyer", Field::Actor), "Rina\u{201A} buyer");
        assert_eq!(clean("a\r\nb\nc", Field::Section), "a b c");
        assert_eq!(clean("50% off %%x", Field::Task), "50% off ％％x");
        assert_eq!(clean("% first", Field::Task), "％ first");
        assert_eq!(clean("Q&A <b>", Field::Title), "Q&A ＜b>");
        assert_eq!(clean("{x}", Field::Description), "{x｝");
    }

    #[test]
    fn empty_and_keyword_names_are_guarded() {
        assert_eq!(clean("  ", Field::Task), "\u{200B}");
        assert_eq!(clean("", Field::Section), "\u{200B}");
        assert_eq!(clean("Title search", Field::Task), "\u{200B}Title search");
        assert_eq!(clean("Journey-map", Field::Task), "\u{200B}Journey-map");
        assert_eq!(clean("Titles", Field::Task), "Titles");
        assert_eq!(clean("Journeys", Field::Task), "Journeys");
        assert_eq!(clean("Title search", Field::Section), "Title search");
    }
}
