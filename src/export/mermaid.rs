//! Export to Mermaid `journey` diagrams: one diagram per journey, separated by a blank line.
//!
//! A Mermaid document holds one diagram, so `cjm export` writes Mermaid for one journey only
//! (several are refused); the library still joins several with a blank line, and the import
//! reads such a text back as several journeys. Mermaid's grammar cannot carry every character
//! as it is: [`clean`] writes those it cannot as entity codes (`#35;` for `#`), which Mermaid
//! draws as the character and the import reads back, and a line break in a section or task name
//! as `<br>`, which Mermaid draws as one. A card without emotion is written with the neutral
//! score 3 after a [`NO_EMOTION`] comment line, which Mermaid skips and the import reads, so
//! that it comes back without emotion. What an imported diagram held that the model has no
//! field for ([`Facts`]) is written back as it was.

use std::fmt::Write;

use serde_json::{Map, Value};

use super::Scope;
use crate::model::{Journey, Persona, Touchpoint};
use crate::text::one_line_js;

/// The Mermaid score of a touchpoint without emotion: neutral.
const NEUTRAL_SCORE: i8 = 3;

/// The comment line written before the task of a card without emotion (its score is then the
/// neutral 3, Mermaid needing one); the import reads the task back without emotion.
pub(crate) const NO_EMOTION: &str = "%% cjm: no emotion";

/// The journey field that holds its [`Facts`].
const FACTS_FIELD: &str = "mermaid";

/// What a Mermaid diagram held that cjm's model has no field for, kept by the import in the
/// journey's `mermaid` field (an unknown field to the rest of cjm, so saved and merged like
/// any) for the export to write back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The diagram's `accTitle`, written back as such.
    pub acc_title: Option<String>,
    /// When the diagram had no title: the name cjm gave the journey. No `title` is written
    /// while the journey keeps that name.
    pub untitled: Option<String>,
    /// Each task listed its own actors: a card without personas is written without actors,
    /// not with the journey's.
    pub own_actors: bool,
}

impl Facts {
    /// The facts kept in `journey` (none for a journey that did not come from Mermaid).
    pub fn of(journey: &Journey) -> Self {
        let Some(Value::Object(field)) = journey.extra.get(FACTS_FIELD) else {
            return Self::default();
        };
        let text = |key: &str| field.get(key).and_then(Value::as_str).map(String::from);
        Self {
            acc_title: text("acc_title"),
            untitled: text("untitled"),
            own_actors: field.get("own_actors").and_then(Value::as_bool) == Some(true),
        }
    }

    /// Keeps these facts in `journey`, or removes its field when there are none.
    pub fn store(&self, journey: &mut Journey) {
        let mut field = Map::new();
        if let Some(title) = &self.acc_title {
            field.insert("acc_title".into(), Value::from(title.as_str()));
        }
        if let Some(name) = &self.untitled {
            field.insert("untitled".into(), Value::from(name.as_str()));
        }
        if self.own_actors {
            field.insert("own_actors".into(), Value::Bool(true));
        }
        if field.is_empty() {
            journey.extra.remove(FACTS_FIELD);
        } else {
            journey
                .extra
                .insert(FACTS_FIELD.into(), Value::Object(field));
        }
    }
}

/// Where a text goes in the diagram, which decides the characters it cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// The `title` line.
    Title,
    /// The `accTitle:` line.
    AccTitle,
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

/// One journey as a diagram: title, accessible title, description, a section per stage, a
/// task per touchpoint.
fn diagram(scope: &Scope, journey: &Journey) -> String {
    let facts = Facts::of(journey);
    let mut out = String::from("journey\n");
    let title = clean(&journey.name, Field::Title);
    if !title.is_empty() && facts.untitled.as_deref() != Some(journey.name.as_str()) {
        let _ = writeln!(out, "  title {title}");
    }
    let acc_title = facts
        .acc_title
        .as_deref()
        .map(|t| clean(t, Field::AccTitle));
    if let Some(acc_title) = acc_title.filter(|t| !t.is_empty()) {
        let _ = writeln!(out, "  accTitle: {acc_title}");
    }
    description(&mut out, &journey.description);
    let everyone = if facts.own_actors {
        Vec::new()
    } else {
        scope.personas_of(journey)
    };
    for (i, stage) in journey.stages.iter().enumerate() {
        let name = clean(&stage.name, Field::Section);
        // Tasks before any section: how the import reads them, and how they came.
        let before_any = i == 0 && name.is_empty() && !stage.touchpoints.is_empty();
        if !before_any {
            let _ = writeln!(out, "  section {}", or_blank(name));
        }
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
/// [`NO_EMOTION`] line), the actors the touchpoint's personas, else `everyone`.
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
    let name = or_blank(clean(&touchpoint.title, Field::Task));
    let _ = write!(out, "    {name}: {score}");
    if !actors.is_empty() {
        let _ = write!(out, ": {}", actors.join(", "));
    }
    out.push('\n');
}

/// `name`, or a space as an entity code when it is empty: Mermaid needs a character there and
/// draws a space, which the import reads as no name.
fn or_blank(name: String) -> String {
    if name.is_empty() { entity(' ') } else { name }
}

/// `text` trimmed, on one line ([`one_line_js`]) but for the line breaks of a section or task
/// name (written `<br>`), with each character Mermaid cannot carry in `field` as an entity code, and the
/// first one too when Mermaid would otherwise read the name as a statement.
fn clean(text: &str, field: Field) -> String {
    let breaks = matches!(field, Field::Section | Field::Task);
    let text = text.replace("\r\n", "\n");
    let lines: Vec<String> = if breaks {
        text.split('\n').map(one_line_js).collect()
    } else {
        vec![one_line_js(&text)]
    };
    let joined = lines.join("\n");
    let mut out: Vec<String> = joined
        .trim()
        .split('\n')
        .map(|line| encode(line, field))
        .collect();
    let first = out.first_mut().filter(|line| needs_guard(line, field));
    if let Some(line) = first {
        *line = guarded(line);
    }
    out.join("<br>")
}

/// `line` with each character Mermaid cannot carry in `field` as an entity code.
fn encode(line: &str, field: Field) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let after = chars.get(i + 1).copied();
        if must_encode(c, field, i == 0, before, after) {
            out.push_str(&entity(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `c` (the first of its line when `first`, between `before` and `after`) must be an
/// entity code in `field`:
/// - `#` would start a comment or an entity code, `;` ends a statement, `<` starts a tag
///   Mermaid rewrites, and `¶` and `ﬂ` are in the placeholders Mermaid draws entities with;
/// - `%` first or next to another `%` would start a comment or a directive;
/// - `:` ends a name, and after `title` or in a description, when a non-space follows it, could
///   make Mermaid drop a `;` (its `style…:…#…;` rule);
/// - `,` separates actors, and `}` ends the description;
/// - `&`, `>` and a no-break space in the title and description, which Mermaid keeps as HTML
///   and draws escaped (`&amp;`).
fn must_encode(
    c: char,
    field: Field,
    first: bool,
    before: Option<char>,
    after: Option<char>,
) -> bool {
    let named = matches!(field, Field::Section | Field::Task | Field::Actor);
    match c {
        '#' | ';' | '<' | '\u{B6}' | '\u{FB02}' => true,
        '&' | '>' | '\u{A0}' => !named,
        '%' => first || before == Some('%') || after == Some('%'),
        ':' => named || after.is_some_and(|a| !a.is_whitespace()),
        ',' => field == Field::Actor,
        '}' => field == Field::Description,
        _ => false,
    }
}

/// `c` as a Mermaid entity code: `#35;` for `#`.
fn entity(c: char) -> String {
    format!("#{};", u32::from(c))
}

/// `line` with its first character as an entity code.
fn guarded(line: &str) -> String {
    let mut chars = line.chars();
    let first = chars.next().map(entity).unwrap_or_default();
    first + chars.as_str()
}

/// Whether the first line of a name in `field` needs its first character as an entity code:
/// a task name Mermaid would read as a statement, a section or task name starting with a
/// zero-width space (which the import drops, older cjm exports having put one there), a
/// description line cjm's import would read as a Markdown fence or front matter.
fn needs_guard(line: &str, field: Field) -> bool {
    match field {
        Field::Task => line.starts_with('\u{200B}') || reads_as_statement(line),
        Field::Section => line.starts_with('\u{200B}'),
        Field::Description => line == "---" || line.starts_with("```") || line.starts_with("~~~"),
        _ => false,
    }
}

/// Whether Mermaid's lexer would read a task named `name` as a statement: `journey` followed
/// by anything but a letter, digit or `_`; `title` or `section` followed by a space;
/// `accTitle` or `accDescr` alone (the task's `:` would follow) or followed by `{` (a `:` in
/// a name is always an entity code).
fn reads_as_statement(name: &str) -> bool {
    let after = |word: &str| {
        name.get(..word.len())
            .filter(|head| head.eq_ignore_ascii_case(word))
            .map(|_| &name[word.len()..])
    };
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    after("journey").is_some_and(|rest| !rest.starts_with(word_char))
        || ["title", "section"]
            .iter()
            .any(|w| after(w).is_some_and(|rest| rest.starts_with(char::is_whitespace)))
        || ["acctitle", "accdescr"].iter().any(|w| {
            after(w).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.is_empty() || rest.starts_with('{')
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_write_what_mermaid_cannot_read_as_entity_codes() {
        assert_eq!(
            clean("Pay: card #2; now", Field::Task),
            "Pay#58; card #35;2#59; now"
        );
        assert_eq!(clean("Step 1: pay", Field::Title), "Step 1: pay");
        assert_eq!(clean("10:30 #1", Field::Title), "10#58;30 #35;1");
        assert_eq!(clean("Rina, buyer", Field::Actor), "Rina#44; buyer");
        assert_eq!(clean("a\r\nb\nc", Field::Section), "a<br>b<br>c");
        assert_eq!(clean("a\r\nb\nc", Field::Title), "a b c");
        assert_eq!(clean("50% off %%x", Field::Task), "50% off #37;#37;x");
        assert_eq!(clean("% first", Field::Task), "#37; first");
        assert_eq!(clean("Q&A <b>", Field::Title), "Q#38;A #60;b#62;");
        assert_eq!(clean("Q&A <b>", Field::Task), "Q&A #60;b>");
        assert_eq!(clean("{x}", Field::Description), "{x#125;");
        assert_eq!(clean("<br>", Field::Task), "#60;br>");
    }

    #[test]
    fn empty_and_keyword_names_are_guarded() {
        assert_eq!(or_blank(clean("  ", Field::Task)), "#32;");
        assert_eq!(or_blank(clean("", Field::Section)), "#32;");
        assert_eq!(clean("Title search", Field::Task), "#84;itle search");
        assert_eq!(clean("Journey-map", Field::Task), "#74;ourney-map");
        assert_eq!(clean("accDescr {x}", Field::Task), "#97;ccDescr {x}");
        assert_eq!(clean("accTitle", Field::Task), "#97;ccTitle");
        assert_eq!(clean("accTitles", Field::Task), "accTitles");
        assert_eq!(clean("\u{200B}x", Field::Section), "#8203;x");
        assert_eq!(clean("Titles", Field::Task), "Titles");
        assert_eq!(clean("Title-search", Field::Task), "Title-search");
        assert_eq!(clean("Journeys", Field::Task), "Journeys");
        assert_eq!(clean("Title search", Field::Section), "Title search");
        assert_eq!(clean("```", Field::Description), "#96;``");
    }
}
