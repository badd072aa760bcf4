//! Import from Mermaid `journey` diagrams, read as leniently as Mermaid reads them.
//!
//! Each `journey` line starts a journey (cjm's export writes one diagram per journey):
//! `title` (or a front matter `title:`, or `accTitle:`) names it, `accDescr` describes it,
//! sections become stages and tasks touchpoints, score 1..5 becoming emotion -2..2, and actors
//! personas, one per distinct name across the text. `%%` and `#` comments are skipped, and so
//! are the lines of a Markdown fence (```` ```mermaid ````) around the diagram; what cannot be
//! read as it is becomes a warning naming its line. What cjm's export writes comes back as it
//! was: its look-alikes (`꞉` `＃` `；` `＜` `％` `｝`, and `‚` in actor names) turn back into
//! the characters they stand for, and a task after cjm's `%% cjm: no emotion` line has no
//! emotion.

use super::{ImportError, Imported, Warning};
use crate::export::MERMAID_NO_EMOTION;
use crate::model::{Emotion, Journey, Persona, Stage, Touchpoint, new_id};

/// What cjm's export puts before an empty or keyword-like name: dropped.
const GUARD: char = '\u{200B}';
/// What cjm's export writes for `:` in names: read back as `:`.
const COLON: char = '\u{A789}';
/// What cjm's export writes for `,` in actor names: read back as `,`.
const COMMA: char = '\u{201A}';
/// The look-alikes cjm's export writes for characters Mermaid cannot carry, and those
/// characters: read back everywhere.
const LOOK_ALIKES: [(char, char); 5] = [
    ('＃', '#'),
    ('；', ';'),
    ('＜', '<'),
    ('％', '%'),
    ('｝', '}'),
];
/// How much of an unreadable line an error message quotes, in characters.
const QUOTE_LEN: usize = 40;

/// Reads the journeys of Mermaid `journey` diagrams.
pub fn from_mermaid(text: &str) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut reader = Reader::default();
    let mut next = 0;
    while next < lines.len() {
        next = reader.line(&lines, next);
    }
    reader.finish()
}

/// A journey diagram being read, from its `journey` line on.
#[derive(Debug, Default)]
struct Diagram {
    /// The line of its `journey` keyword.
    line: usize,
    /// The last `title` statement.
    title: Option<String>,
    /// The `title:` of the front matter before it.
    front_title: Option<String>,
    /// The last `accTitle:`.
    acc_title: Option<String>,
    /// The last `accDescr`.
    description: String,
    /// One per `section`, with its tasks.
    stages: Vec<Stage>,
    /// The ids of every actor of its tasks, in order of appearance.
    personas: Vec<String>,
}

/// The state of an import: journeys read so far and the one being read.
#[derive(Debug, Default)]
struct Reader {
    /// Finished journeys.
    journeys: Vec<Journey>,
    /// The diagram being read.
    current: Option<Diagram>,
    /// Every actor met, one persona per name.
    personas: Vec<Persona>,
    /// What could not be read as it was.
    warnings: Vec<Warning>,
    /// A front matter `title:` waiting for the next `journey` line.
    front_title: Option<String>,
    /// The first text outside any diagram, for the error when there is no diagram.
    stray: Option<(usize, String)>,
    /// The line of the first diagram skipped for having nothing in it.
    empty: Option<usize>,
    /// Whether cjm's "no emotion" comment came since the last statement.
    no_emotion: bool,
}

impl Reader {
    /// Reads the line at index `i` (with the lines a block starting there spans); returns the
    /// index of the next line to read.
    fn line(&mut self, lines: &[&str], i: usize) -> usize {
        let text = lines[i].trim();
        if text.starts_with("```") || text.starts_with("~~~") {
            // A Markdown fence around the diagram, as in a README.
            return i + 1;
        }
        if text == "---" {
            return self.front_matter(lines, i);
        }
        let block = keyword(text, "accdescr").and_then(|rest| rest.trim_start().strip_prefix('{'));
        match block {
            Some(first) if self.current.is_some() => self.description_block(lines, i, first),
            _ => {
                self.statement(i + 1, text);
                i + 1
            }
        }
    }

    /// Reads one statement at line `number`.
    fn statement(&mut self, number: usize, text: &str) {
        let text = text.trim();
        if text == MERMAID_NO_EMOTION {
            self.no_emotion = true;
            return;
        }
        if text.is_empty() || text.starts_with(['%', '#']) {
            return;
        }
        let no_emotion = std::mem::take(&mut self.no_emotion);
        if let Some(rest) = keyword(text, "journey").filter(|rest| !starts_with_word(rest)) {
            self.start(number);
            return self.statement(number, rest);
        }
        let Some(diagram) = self.current.as_mut() else {
            self.stray.get_or_insert_with(|| (number, text.to_string()));
            return self.warn(
                number,
                "ignored: not inside a diagram (none starts with `journey`)",
            );
        };
        let mut notes = Vec::new();
        diagram.statement(text, no_emotion, &mut self.personas, &mut notes);
        for note in notes {
            self.warn(number, &note);
        }
    }

    /// Reads front matter from the `---` line at index `start` to the next `---` line, keeping
    /// its `title:`; returns the index after it.
    fn front_matter(&mut self, lines: &[&str], start: usize) -> usize {
        let Some(length) = lines[start + 1..].iter().position(|l| l.trim() == "---") else {
            self.warn(
                start + 1,
                "ignored: this `---` opens front matter that no `---` closes",
            );
            return start + 1;
        };
        let body = &lines[start + 1..start + 1 + length];
        let indent = &lines[start][..lines[start].len() - lines[start].trim_start().len()];
        let title = body
            .iter()
            .find_map(|l| l.strip_prefix(indent)?.strip_prefix("title:"));
        if let Some(title) = title {
            self.front_title = Some(yaml_scalar(title)).filter(|t| !t.is_empty());
        }
        start + length + 2
    }

    /// Reads an `accDescr { ... }` block from line index `start`, `first` being the text after
    /// its `{`; returns the index after the line of its `}`.
    fn description_block(&mut self, lines: &[&str], start: usize, first: &str) -> usize {
        let mut text = String::new();
        let rest = lines.get(start + 1..).unwrap_or_default().iter().copied();
        for (i, line) in (start..).zip(std::iter::once(first).chain(rest)) {
            if let Some((inside, after)) = line.split_once('}') {
                text.push_str(inside);
                self.describe(&text);
                self.statement(i + 1, after);
                return i + 1;
            }
            text.push_str(line);
            text.push('\n');
        }
        self.warn(
            start + 1,
            "`accDescr {` is not closed by `}`: read to the end",
        );
        self.describe(&text);
        lines.len()
    }

    /// Sets the current diagram's description.
    fn describe(&mut self, text: &str) {
        if let Some(diagram) = self.current.as_mut() {
            diagram.description = paragraph(text);
        }
    }

    /// Starts a diagram at line `number`, closing the current one.
    fn start(&mut self, number: usize) {
        self.close();
        self.current = Some(Diagram {
            line: number,
            front_title: self.front_title.take(),
            ..Diagram::default()
        });
    }

    /// Ends the current diagram: a journey, unless it is empty.
    fn close(&mut self) {
        let Some(diagram) = self.current.take() else {
            return;
        };
        let line = diagram.line;
        match diagram.into_journey() {
            Some(journey) => self.journeys.push(journey),
            None => {
                self.empty.get_or_insert(line);
                self.warn(line, "skipped: this diagram has no title, section or task");
            }
        }
    }

    /// Notes what line `line` could not give as it was.
    fn warn(&mut self, line: usize, message: &str) {
        let message = message.to_string();
        self.warnings.push(Warning { line, message });
    }

    /// The import, or why there is nothing to import.
    fn finish(mut self) -> Result<Imported, ImportError> {
        self.close();
        if !self.journeys.is_empty() {
            return Ok(Imported {
                journeys: self.journeys,
                personas: self.personas,
                warnings: self.warnings,
            });
        }
        let (line, message) = match (self.empty, self.stray) {
            (Some(line), _) => (
                line,
                "the journey diagram is empty: it has no title, section or task".to_string(),
            ),
            (None, Some((line, text))) => (
                line,
                format!(
                    "expected a Mermaid journey diagram starting with `journey`, found {:?}",
                    text.chars().take(QUOTE_LEN).collect::<String>()
                ),
            ),
            (None, None) => (
                0,
                "no Mermaid journey diagram: the text is empty or only comments".to_string(),
            ),
        };
        Err(ImportError { line, message })
    }
}

impl Diagram {
    /// Reads one statement inside the diagram, noting in `notes` what it could not read as is;
    /// `no_emotion` when cjm's "no emotion" comment came right before it.
    fn statement(
        &mut self,
        text: &str,
        no_emotion: bool,
        personas: &mut Vec<Persona>,
        notes: &mut Vec<String>,
    ) {
        if let Some(rest) = keyword(text, "acctitle").and_then(|r| r.trim_start().strip_prefix(':'))
        {
            self.acc_title = Some(rest.trim().to_string());
        } else if let Some(rest) =
            keyword(text, "accdescr").and_then(|r| r.trim_start().strip_prefix(':'))
        {
            self.description = unlook(rest.trim());
        } else if let Some(rest) = spaced_keyword(text, "title") {
            let title = restore(until_comment(rest, notes));
            if title.is_empty() {
                notes.push("ignored: `title` without a text".into());
            } else {
                self.title = Some(title);
            }
        } else if let Some(rest) = spaced_keyword(text, "section") {
            let name = until_comment(rest, notes);
            if name.trim().is_empty() {
                notes.push("`section` without a name: the stage has none".into());
            }
            if name.contains(':') {
                notes.push("`:` in a section name (Mermaid rejects it): kept in the name".into());
            }
            self.stages.push(Stage::new(&restore(name)));
        } else {
            self.task(until_comment(text, notes), no_emotion, personas, notes);
        }
    }

    /// Reads a task `name: score: actors` into the last stage; `no_emotion` when cjm wrote it
    /// for a card without emotion (its score 3 is then no emotion).
    fn task(
        &mut self,
        text: &str,
        no_emotion: bool,
        personas: &mut Vec<Persona>,
        notes: &mut Vec<String>,
    ) {
        let (name, data) = text.split_once(':').unwrap_or((text, ""));
        if name.trim().is_empty() {
            notes.push("task without a name (Mermaid rejects it): imported without title".into());
        }
        let mut touchpoint = Touchpoint::new(&restore(name));
        let mut pieces = data.split(':');
        let score = pieces.next().unwrap_or_default().trim();
        touchpoint.emotion = if no_emotion && score == "3" {
            None
        } else {
            emotion(score, notes)
        };
        for actor in pieces.next().unwrap_or_default().split(',') {
            let actor = restore(actor).replace(COMMA, ",");
            if actor.is_empty() {
                continue;
            }
            let id = persona_id(personas, &actor);
            if !self.personas.contains(&id) {
                self.personas.push(id.clone());
            }
            if !touchpoint.personas.contains(&id) {
                touchpoint.personas.push(id);
            }
        }
        let extra: Vec<&str> = pieces.collect();
        if !extra.is_empty() {
            notes.push(format!("ignored after the actors: {:?}", extra.join(":")));
        }
        if self.stages.is_empty() {
            notes.push("task before any section: put in a stage without a name".into());
            self.stages.push(Stage::new(""));
        }
        if let Some(stage) = self.stages.last_mut() {
            stage.touchpoints.push(touchpoint);
        }
    }

    /// The journey read, or `None` when the diagram holds nothing.
    fn into_journey(self) -> Option<Journey> {
        let name = self.title.or(self.front_title).or(self.acc_title);
        if name.is_none() && self.description.is_empty() && self.stages.is_empty() {
            return None;
        }
        Some(Journey {
            id: new_id("jo"),
            name: name.unwrap_or_default(),
            description: self.description,
            personas: self.personas,
            stages: self.stages,
            ..Journey::default()
        })
    }
}

/// The emotion for a Mermaid score: rounded and clamped to 1..5, none when it is missing or
/// not a number (each noted).
fn emotion(score: &str, notes: &mut Vec<String>) -> Option<Emotion> {
    if score.is_empty() {
        notes.push("no score after the task name: imported without emotion".into());
        return None;
    }
    let Some(value) = score.parse::<f64>().ok().filter(|v| v.is_finite()) else {
        notes.push(format!(
            "score {score:?} is not a number: imported without emotion"
        ));
        return None;
    };
    let read = value.round().clamp(1.0, 5.0);
    if read != value {
        let why = if value.fract() == 0.0 {
            "is outside 1 to 5"
        } else {
            "is not a whole number"
        };
        notes.push(format!("score {score} {why}: read as {read}"));
    }
    Emotion::new(read as i64 - 3)
}

/// The id of the persona named `name`, made when it is new.
fn persona_id(personas: &mut Vec<Persona>, name: &str) -> String {
    if let Some(persona) = personas.iter().find(|p| p.name == name) {
        return persona.id.clone();
    }
    let persona = Persona {
        id: new_id("pe"),
        name: name.to_string(),
        ..Persona::default()
    };
    let id = persona.id.clone();
    personas.push(persona);
    id
}

/// What follows `word` at the start of `text`, matched without regard to ASCII case.
fn keyword<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    head.eq_ignore_ascii_case(word).then(|| &text[word.len()..])
}

/// What follows `word` and a space (or nothing) at the start of `text`, as Mermaid wants
/// after `title` and `section`.
fn spaced_keyword<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    keyword(text, word).filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

/// Whether `text` starts with a letter, digit or `_` (so a keyword before it is no keyword).
fn starts_with_word(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// `text` up to a `#` comment or a `;` (which Mermaid rejects: noted).
fn until_comment<'t>(text: &'t str, notes: &mut Vec<String>) -> &'t str {
    let Some(end) = text.find(['#', ';']) else {
        return text;
    };
    if text[end..].starts_with(';') {
        notes.push("ignored from `;` on: Mermaid does not allow `;` here".into());
    }
    &text[..end]
}

/// A name as cjm wrote it: trimmed, without the export's guard, with `꞉` back to `:` and the
/// other look-alikes back to what they stand for.
fn restore(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_prefix(GUARD).unwrap_or(text);
    unlook(&text.trim().replace(COLON, ":"))
}

/// `text` with each of the export's [`LOOK_ALIKES`] back to the character it stands for.
fn unlook(text: &str) -> String {
    text.chars()
        .map(|c| {
            LOOK_ALIKES
                .iter()
                .find(|(look_alike, _)| *look_alike == c)
                .map_or(c, |(_, original)| *original)
        })
        .collect()
}

/// Lines trimmed, without blank lines at either end, look-alikes turned back.
fn paragraph(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    unlook(lines.join("\n").trim())
}

/// A one-line YAML value: without its quotes, or without a ` #` comment.
fn yaml_scalar(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return inner.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    raw.split(" #").next().unwrap_or(raw).trim().to_string()
}
