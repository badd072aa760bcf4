//! Import from Mermaid `journey` diagrams, read as Mermaid reads them.
//!
//! The text goes through Mermaid's own steps ([`lexer`]): its clean-up, its entity codes and
//! its lexer, rule by rule, so a `%%` or `#` is a comment exactly where Mermaid skips one and
//! `title`, `section` and `journey` are keywords exactly where Mermaid reads them. Its tokens
//! then become a journey: `title` (or a front matter `title:`, or `accTitle:`) names it,
//! `accDescr` describes it, sections become stages and tasks touchpoints, score 1..5 becoming
//! emotion -2..2, and actors personas, one per distinct name (case counts) across the text.
//! Names read as Mermaid draws them: `<br>` in a section or task name is a line break and an
//! entity code (`#35;`, `#amp;`) the character it stands for. What Mermaid holds and the model
//! has no field for (an `accTitle`, a missing title, tasks without actors) is kept in the
//! journey's `mermaid` field ([`Facts`]) for the export. Where Mermaid would reject the
//! diagram, cjm reads what it can and warns, naming the line.
//!
//! cjm reads a little more than Mermaid: each `journey` line alone on its line starts another
//! journey (cjm's export of several journeys), the lines of a Markdown fence
//! (```` ```mermaid ````) around the diagram are skipped, and a task after cjm's
//! `%% cjm: no emotion` line has no emotion.

mod lexer;
mod text;

use std::collections::VecDeque;

use self::lexer::{Event, Kind, Lexer, Token};
use super::{ImportError, Imported, Warning};
use crate::export::MermaidFacts as Facts;
use crate::model::{Emotion, Journey, Persona, Stage, Touchpoint, new_id};
use crate::text::one_line_js;

/// What older versions of cjm's export put before an empty or keyword-like name: dropped.
const GUARD: char = '\u{200B}';
/// How much of an unreadable line an error message quotes, in characters.
const QUOTE_LEN: usize = 40;

/// Reads the journeys of Mermaid `journey` diagrams.
pub fn from_mermaid(text: &str) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let prepared = lexer::prepare(&text);
    let mut reader = Reader {
        lines: text.split('\n').collect(),
        warnings: prepared.warnings,
        events: prepared.events.into(),
        ..Reader::default()
    };
    let mut lexer = Lexer::new(&prepared.source);
    while let Some(token) = lexer.next_token() {
        reader.token(token, &mut lexer);
    }
    reader.finish()
}

/// Names an imported journey `name`: for a journey from a diagram without a title, whose
/// export writes no title while it keeps the name it was imported with, that name becomes
/// `name`.
pub fn name_untitled(journey: &mut Journey, name: &str) {
    let mut facts = Facts::of(journey);
    if facts.untitled.as_deref() == Some(journey.name.as_str()) {
        facts.untitled = Some(name.to_string());
        facts.store(journey);
    }
    journey.name = name.to_string();
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
    /// One per `section` (and one without a name for tasks before any), with its tasks.
    stages: Vec<Stage>,
    /// The text of the last `section` as Mermaid's lexer gave it.
    section: String,
    /// The ids of every actor of its tasks, in order of appearance.
    personas: Vec<String>,
}

/// A task name waiting for its data (`: score: actors`).
#[derive(Debug)]
struct Pending {
    /// The name as Mermaid's lexer gave it.
    name: String,
    /// Its line.
    line: usize,
    /// Whether cjm's "no emotion" comment came right before it.
    no_emotion: bool,
}

/// The state of an import: journeys read so far and the one being read.
#[derive(Debug, Default)]
struct Reader<'t> {
    /// The lines of the text, for quoting.
    lines: Vec<&'t str>,
    /// Finished journeys.
    journeys: Vec<Journey>,
    /// The diagram being read.
    current: Option<Diagram>,
    /// Every actor met, one persona per name.
    personas: Vec<Persona>,
    /// What could not be read as it was.
    warnings: Vec<Warning>,
    /// What was read between tokens and is still to come, by line.
    events: VecDeque<(usize, Event)>,
    /// A front matter `title:` waiting for the next `journey` line.
    front_title: Option<String>,
    /// The first text outside any diagram, for the error when there is no diagram.
    stray: Option<(usize, String)>,
    /// The line of the first diagram skipped for having nothing in it.
    empty: Option<usize>,
    /// Whether cjm's "no emotion" comment came since the last statement.
    no_emotion: bool,
    /// A task name waiting for its data.
    pending: Option<Pending>,
    /// The line of the `section` the last token was, if it was one.
    after_section: Option<usize>,
}

impl Reader<'_> {
    /// Reads one token; `lexer` goes on where this leaves it.
    fn token(&mut self, token: Token, lexer: &mut Lexer) {
        let Token {
            kind,
            start,
            end,
            line,
        } = token;
        match kind {
            Kind::Newline => {
                self.resolve();
                self.after_section = None;
                return;
            }
            Kind::TaskData(data) => return self.data(line, &data),
            Kind::Colon => return self.colon(line),
            _ => self.resolve(),
        }
        self.events_before(line);
        let no_emotion = std::mem::take(&mut self.no_emotion);
        self.after_section = None;
        if kind == Kind::Journey {
            return self.journey(start, end, line, lexer);
        }
        if self.current.is_none() {
            self.stray(line);
            return lexer.skip_line();
        }
        match kind {
            Kind::TaskName(name) => {
                self.pending = Some(Pending {
                    name,
                    line,
                    no_emotion,
                });
            }
            Kind::Section(name) => {
                self.after_section = Some(line);
                self.diagram().section(name);
            }
            Kind::Invalid => {
                self.warn(
                    line,
                    "ignored from `;` on: Mermaid rejects `;` here (write `#59;`)",
                );
                lexer.skip_line();
            }
            kind => {
                let mut notes = Vec::new();
                self.diagram().statement(kind, &mut notes);
                for note in notes {
                    self.warn(line, &note);
                }
            }
        }
    }

    /// Reads a `journey` keyword from `start` to `end` at `line`: the start of the first
    /// diagram, or of another one when alone on its line; anywhere else Mermaid rejects it, and
    /// it is read as the start of a task name.
    fn journey(&mut self, start: usize, end: usize, line: usize, lexer: &mut Lexer) {
        if self.current.is_none() || lexer.alone(start, end) {
            return self.start(line);
        }
        let name = lexer.task_name_at(start);
        self.warn(
            line,
            "Mermaid reads `journey` here as its keyword and rejects the diagram: read as a \
             task name",
        );
        self.pending = Some(Pending {
            name,
            line,
            no_emotion: false,
        });
    }

    /// Applies the events before `line`.
    fn events_before(&mut self, line: usize) {
        while self.events.front().is_some_and(|(at, _)| *at < line) {
            match self.events.pop_front().map(|(_, event)| event) {
                Some(Event::FrontTitle(title)) => self.front_title = title,
                Some(Event::NoEmotion) => self.no_emotion = true,
                None => {}
            }
        }
    }

    /// Notes text outside any diagram at `line`.
    fn stray(&mut self, line: usize) {
        let text = self.lines.get(line - 1).copied().unwrap_or_default().trim();
        self.stray.get_or_insert_with(|| (line, text.to_string()));
        let message = "ignored: not inside a diagram (none starts with `journey`)";
        if self.warnings.last().is_none_or(|w| w.line != line) {
            self.warn(line, message);
        }
    }

    /// Reads a task's data (`: score: actors`) at `line`: the data of the waiting task name,
    /// else more of a `section` name on the same line, else a task without a name.
    fn data(&mut self, line: usize, data: &str) {
        if let Some(pending) = self.pending.take() {
            return self.task(pending, Some(data));
        }
        if self.after_section == Some(line) {
            self.warn(
                line,
                "`:` in a section name (Mermaid rejects it): kept in the name",
            );
            return self.diagram().more_section(data);
        }
        if self.current.is_none() {
            return self.stray(line);
        }
        self.warn(
            line,
            "task without a name (Mermaid rejects it): imported without title",
        );
        let pending = Pending {
            name: String::new(),
            line,
            no_emotion: std::mem::take(&mut self.no_emotion),
        };
        self.task(pending, Some(data));
    }

    /// Reads a `:` with nothing after it at `line`: the end of the waiting task name, which
    /// then has no score.
    fn colon(&mut self, line: usize) {
        if self.pending.is_some() {
            return self.resolve();
        }
        if self.current.is_none() {
            return self.stray(line);
        }
        self.warn(line, "ignored: a `:` without a task");
    }

    /// Reads the waiting task name, if any, as a task without data.
    fn resolve(&mut self) {
        if let Some(pending) = self.pending.take() {
            self.task(pending, None);
        }
    }

    /// Reads a task from its name and data (`None`: Mermaid would reject it without).
    fn task(&mut self, pending: Pending, data: Option<&str>) {
        let line = pending.line;
        let mut notes = Vec::new();
        if data.is_none() {
            let bare = text::trim(&pending.name);
            if ["title", "section"]
                .iter()
                .any(|k| bare.eq_ignore_ascii_case(k))
            {
                let note = format!("ignored: `{bare}` without a text (Mermaid rejects it)");
                return self.warn(line, &note);
            }
            notes.push(
                "no `: score` after the task name (Mermaid rejects it): imported without emotion"
                    .to_string(),
            );
        }
        let Some(diagram) = self.current.as_mut() else {
            return;
        };
        diagram.task(&pending, data, &mut self.personas, &mut notes);
        for note in notes {
            self.warn(line, &note);
        }
    }

    /// The diagram being read (one is started if none is, which the callers rule out).
    fn diagram(&mut self) -> &mut Diagram {
        self.current.get_or_insert_with(Diagram::default)
    }

    /// Starts a diagram at line `line`, closing the current one.
    fn start(&mut self, line: usize) {
        self.close();
        self.current = Some(Diagram {
            line,
            front_title: self.front_title.take(),
            ..Diagram::default()
        });
    }

    /// Ends the current diagram: a journey, unless it is empty.
    fn close(&mut self) {
        self.resolve();
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
        self.warnings.sort_by_key(|w| w.line);
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
                    crate::text::cut(&text, QUOTE_LEN).to_string()
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
    /// Reads a title or accessibility statement, noting in `notes` what it could not read.
    fn statement(&mut self, kind: Kind, notes: &mut Vec<String>) {
        match kind {
            Kind::Title(raw) => {
                let title = plain(&raw);
                if title.is_empty() {
                    notes.push("ignored: `title` without a text".into());
                } else {
                    self.title = Some(title);
                }
            }
            Kind::AccTitle(raw) => self.acc_title = Some(plain(&raw)).filter(|t| !t.is_empty()),
            Kind::AccDescr(raw) => self.description = paragraph(&raw),
            Kind::AccDescrBlock(raw, closed) => {
                if !closed {
                    notes.push("`accDescr {` is not closed by `}`: read to the end".into());
                }
                if let Some(raw) = raw {
                    self.description = paragraph(&raw);
                }
            }
            _ => {}
        }
    }

    /// Starts a stage for a `section` whose text is `raw`.
    fn section(&mut self, raw: String) {
        self.stages.push(Stage::new(&name(&raw)));
        self.section = raw;
    }

    /// Adds `raw` (a `:` and what follows) to the name of the last section.
    fn more_section(&mut self, raw: &str) {
        self.section.push_str(raw);
        let name = name(&self.section);
        if let Some(stage) = self.stages.last_mut() {
            stage.name = name;
        }
    }

    /// Reads a task into the last stage (one without a name when there is none yet, as
    /// Mermaid puts tasks before any section in none), noting in `notes` what it could not
    /// read as it is.
    fn task(
        &mut self,
        pending: &Pending,
        data: Option<&str>,
        personas: &mut Vec<Persona>,
        notes: &mut Vec<String>,
    ) {
        let mut touchpoint = Touchpoint::new(&name(&pending.name));
        if let Some(data) = data {
            // As Mermaid: `:` and the rest, cut at `:`; the score, the actors, nothing more.
            let data = data.strip_prefix(':').unwrap_or(data);
            let mut pieces = data.split(':');
            let score = pieces.next().unwrap_or_default();
            touchpoint.emotion = emotion(score, pending.no_emotion, notes);
            let actors = pieces.next().unwrap_or_default();
            touchpoint.personas = self.actors(actors, personas, notes);
            let extra: Vec<&str> = pieces.collect();
            if !extra.is_empty() {
                notes.push(format!("ignored after the actors: {:?}", extra.join(":")));
            }
        }
        if self.stages.is_empty() {
            self.stages.push(Stage::new(""));
        }
        if let Some(stage) = self.stages.last_mut() {
            stage.touchpoints.push(touchpoint);
        }
    }

    /// The persona ids of a task's actor list `raw` (names between commas), each name a
    /// persona of its own, case and all; an empty name is none.
    fn actors(
        &mut self,
        raw: &str,
        personas: &mut Vec<Persona>,
        notes: &mut Vec<String>,
    ) -> Vec<String> {
        let mut ids = Vec::new();
        for actor in raw.split(',') {
            let actor = plain(actor);
            if actor.is_empty() {
                continue;
            }
            let id = persona_id(personas, &actor);
            if !self.personas.contains(&id) {
                self.personas.push(id.clone());
            }
            if ids.contains(&id) {
                notes.push(format!("actor {actor:?} is listed twice: kept once"));
            } else {
                ids.push(id);
            }
        }
        ids
    }

    /// The journey read, or `None` when the diagram holds nothing.
    fn into_journey(self) -> Option<Journey> {
        let titled = self.title.is_some() || self.front_title.is_some();
        let name = self
            .title
            .or(self.front_title)
            .or_else(|| self.acc_title.clone());
        if name.is_none() && self.description.is_empty() && self.stages.is_empty() {
            return None;
        }
        let name = name.unwrap_or_default();
        let mut journey = Journey {
            id: new_id("jo"),
            name: name.clone(),
            description: self.description,
            personas: self.personas,
            stages: self.stages,
            ..Journey::default()
        };
        let facts = Facts {
            acc_title: self.acc_title,
            untitled: (!titled).then_some(name),
            own_actors: true,
        };
        facts.store(&mut journey);
        Some(journey)
    }
}

/// The emotion for a Mermaid score, read as Mermaid reads it (JavaScript's `Number`): rounded
/// and clamped to 1..5; none when it is missing or not a number, or a 3 after cjm's "no
/// emotion" comment (`no_emotion`). Each change is noted.
fn emotion(score: &str, no_emotion: bool, notes: &mut Vec<String>) -> Option<Emotion> {
    let score = text::trim(score);
    if score.is_empty() {
        notes.push("no score after the task name: imported without emotion".into());
        return None;
    }
    let value = text::number(score);
    if no_emotion && value == 3.0 {
        return None;
    }
    if !value.is_finite() {
        notes.push(format!(
            "score {score:?} is not a number: imported without emotion"
        ));
        return None;
    }
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

/// The id of the persona named `name` (exactly: `ann` and `Ann` are two), made when new.
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

/// A section or task name as Mermaid draws it: `<br>` a line break, entity codes the
/// characters they stand for, on one line otherwise ([`one_line_js`], as the export writes
/// names), trimmed, without the guard older cjm exports put first.
fn name(raw: &str) -> String {
    let raw = text::trim(raw);
    let raw = raw.strip_prefix(GUARD).unwrap_or(raw);
    let text = text::entities(&text::line_breaks(raw));
    let lines: Vec<String> = text.split('\n').map(one_line_js).collect();
    text::trim(&lines.join("\n")).to_string()
}

/// A title or actor name as Mermaid draws it: entity codes the characters they stand for, on
/// one line, trimmed.
fn plain(raw: &str) -> String {
    text::trim(&one_line_js(&text::entities(raw))).to_string()
}

/// A description as Mermaid keeps it: entity codes the characters they stand for, each line
/// on its own ([`one_line_js`]) and trimmed, without blank lines at either end.
fn paragraph(raw: &str) -> String {
    let text = text::entities(raw);
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| text::trim(&one_line_js(line)).to_string())
        .collect();
    text::trim(&lines.join("\n")).to_string()
}
