//! Mermaid's reading of a journey diagram's text, step by step as Mermaid 11 does it before
//! its grammar sees a token: what it cleans up (quotes in tags, `%%{…}%%` directives, `%%`
//! comment lines), the entity codes it hides from its lexer (`#35;`), and the lexer of
//! `journey.jison`, rule by rule and in its order, so that cjm splits a diagram into the same
//! titles, sections, task names and task data as Mermaid. Each character keeps the line it
//! came from, for warnings.
//!
//! cjm reads a little more than Mermaid, before Mermaid's steps: the lines of a Markdown fence
//! around the diagram are skipped, and front matter between `---` lines may come before any
//! `journey` line, not only the first.

use super::text::{END, NAMED, NUMERIC, is_space, is_word};
use crate::export::MERMAID_NO_EMOTION;
use crate::import::Warning;

/// The text of a diagram, a character at a time, each with the line it came from (from 1).
#[derive(Debug, Default)]
pub(super) struct Source {
    /// The characters, after Mermaid's clean-up.
    chars: Vec<char>,
    /// The line of each character in the original text.
    lines: Vec<usize>,
}

/// Something between tokens that cjm reads and Mermaid skips, at a line.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event {
    /// A front matter block with a `title:`, the title when not blank.
    FrontTitle(Option<String>),
    /// cjm's `%% cjm: no emotion` comment line.
    NoEmotion,
}

/// A text ready for the lexer: its characters, what was read between them, and what could
/// not be read.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    /// The characters, cleaned up as Mermaid does.
    pub source: Source,
    /// Events by line, in order.
    pub events: Vec<(usize, Event)>,
    /// What could not be read (an unclosed front matter).
    pub warnings: Vec<Warning>,
}

/// Cleans `text` up as Mermaid does before lexing, noting cjm's events on the way.
pub(super) fn prepare(text: &str) -> Prepared {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut prepared = Prepared::default();
    let kept = outer_lines(&text, &mut prepared);
    let source = Source::new(&kept);
    let source = quote_attributes(source);
    let source = remove_directives(source);
    let source = remove_comment_lines(source, &mut prepared.events);
    let source = drop_style_semicolons(source, "style");
    let source = drop_style_semicolons(source, "classDef");
    prepared.source = hide_entities(source);
    prepared.events.sort_by_key(|(line, _)| *line);
    prepared
}

impl Source {
    /// The characters of `text`, each with its line.
    fn new(text: &str) -> Self {
        let mut source = Self::default();
        let mut line = 1;
        for c in text.chars() {
            source.push(c, line);
            if c == '\n' {
                line += 1;
            }
        }
        source
    }

    /// Appends `c`, from line `line`.
    fn push(&mut self, c: char, line: usize) {
        self.chars.push(c);
        self.lines.push(line);
    }

    /// Appends the characters from `start` to `end` of `other`.
    fn extend(&mut self, other: &Self, start: usize, end: usize) {
        self.chars.extend_from_slice(&other.chars[start..end]);
        self.lines.extend_from_slice(&other.lines[start..end]);
    }

    /// The characters from `start` to `end` as a string.
    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// Whether the characters from `at` on start with `word`, without regard to ASCII case.
    fn keyword(&self, at: usize, word: &str) -> bool {
        let mut chars = self.chars[at.min(self.chars.len())..].iter();
        word.chars()
            .all(|w| chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&w)))
    }

    /// The index of the first character from `at` that is not `\s`.
    fn skip_spaces(&self, at: usize) -> usize {
        self.run(at, is_space)
    }

    /// The index of the first character from `at` for which `keep` is false.
    fn run(&self, at: usize, keep: impl Fn(char) -> bool) -> usize {
        let len = self.chars[at..].iter().take_while(|c| keep(**c)).count();
        at + len
    }

    /// The index of the line break that ends the line of `at`, or the end.
    fn line_end(&self, at: usize) -> usize {
        self.run(at, |c| c != '\n')
    }

    /// The line of the character at `at` (the last line at the end).
    pub(super) fn line(&self, at: usize) -> usize {
        let last = self.lines.last().copied().unwrap_or(1);
        self.lines.get(at).copied().unwrap_or(last)
    }
}

/// `text` without the lines Mermaid never sees: a Markdown fence's lines and front matter
/// blocks (their `title:` noted as an event). They are left blank, so lines keep their numbers.
fn outer_lines(text: &str, prepared: &mut Prepared) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if is_fence(line) {
            kept.push("");
            i += 1;
        } else if line == "---" {
            let end = front_matter(&lines, i, prepared);
            kept.resize(end, "");
            i = end;
        } else {
            kept.push(lines[i]);
            i += 1;
        }
    }
    kept.join("\n")
}

/// Whether a trimmed line opens or closes a Markdown code fence: ```` ``` ```` or `~~~`,
/// with an optional language (```` ```mermaid ````).
fn is_fence(line: &str) -> bool {
    let rest = line
        .strip_prefix("```")
        .or_else(|| line.strip_prefix("~~~"));
    rest.is_some_and(|r| {
        r.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    })
}

/// Reads the front matter from the `---` line at index `start` to the next `---` line,
/// noting its `title:`; returns the index after it (after the opening line when no line
/// closes it, with a warning).
fn front_matter(lines: &[&str], start: usize, prepared: &mut Prepared) -> usize {
    let Some(length) = lines[start + 1..].iter().position(|l| l.trim() == "---") else {
        prepared.warnings.push(Warning {
            line: start + 1,
            message: "ignored: this `---` opens front matter that no `---` closes".into(),
        });
        return start + 1;
    };
    let body = &lines[start + 1..start + 1 + length];
    let indent = &lines[start][..lines[start].len() - lines[start].trim_start().len()];
    let title = body
        .iter()
        .find_map(|l| l.strip_prefix(indent)?.strip_prefix("title:"));
    if let Some(title) = title {
        let title = Some(yaml_scalar(title)).filter(|t| !t.is_empty());
        prepared.events.push((start + 1, Event::FrontTitle(title)));
    }
    start + length + 2
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

/// Mermaid's `cleanupText`: in a tag (`<a href="x">`), `="…"` becomes `='…'`.
fn quote_attributes(mut source: Source) -> Source {
    let mut at = 0;
    while let Some(offset) = source.chars[at..].iter().position(|c| *c == '<') {
        let open = at + offset;
        let name_end = source.run(open + 1, is_word);
        let close = source.chars[name_end..].iter().position(|c| *c == '>');
        match close.filter(|_| name_end > open + 1) {
            Some(close) => {
                let close = name_end + close;
                single_quote(&mut source.chars[name_end..close]);
                at = close + 1;
            }
            None => at = open + 1,
        }
    }
    source
}

/// Each `="…"` in the attributes `chars` as `='…'`.
fn single_quote(chars: &mut [char]) {
    let mut at = 0;
    while at + 1 < chars.len() {
        let close = (chars[at] == '=' && chars[at + 1] == '"')
            .then(|| chars[at + 2..].iter().position(|c| *c == '"'))
            .flatten();
        if let Some(end) = close {
            chars[at + 1] = '\'';
            chars[at + 2 + end] = '\'';
            at += end + 3;
            continue;
        }
        at += 1;
    }
}

/// Mermaid's `removeDirectives`: each `%%{name: …}%%` goes, up to its `}%%` (to the end when
/// there is none).
fn remove_directives(source: Source) -> Source {
    let mut out = Source::default();
    let mut at = 0;
    while at < source.chars.len() {
        match directive_end(&source, at) {
            Some(end) => at = end,
            None => {
                out.extend(&source, at, at + 1);
                at += 1;
            }
        }
    }
    out
}

/// The end of the directive starting at `at`, if one does, as Mermaid's `directiveRegex`
/// matches it.
fn directive_end(source: &Source, at: usize) -> Option<usize> {
    let chars = &source.chars;
    if chars.get(at..at + 3) != Some(&['%', '%', '{'][..]) {
        return None;
    }
    let name = source.skip_spaces(at + 3);
    let name_end = source.run(name, is_word);
    if name_end == name {
        return None;
    }
    let colon = source.skip_spaces(name_end);
    let after_name = if chars.get(colon) == Some(&':') {
        colon + 1
    } else {
        name_end
    };
    let value = source.skip_spaces(after_name);
    let value_end = source.run(value, is_word);
    let end = if value_end > value {
        value_end
    } else {
        directive_text_end(chars, value)
    };
    let end = source.skip_spaces(end);
    let closed = chars.get(end..end + 3) == Some(&['}', '%', '%'][..]);
    Some(if closed { end + 3 } else { end })
}

/// Where the free text of a directive from `at` stops: at its `}%%`, or at a line or
/// paragraph separator, which JavaScript's `.` does not match.
fn directive_text_end(chars: &[char], at: usize) -> usize {
    (at..chars.len())
        .find(|&i| {
            chars.get(i..i + 3) == Some(&['}', '%', '%'][..])
                || matches!(chars[i], '\u{2028}' | '\u{2029}')
        })
        .unwrap_or(chars.len())
}

/// Mermaid's `cleanupComments`: each line that is a `%%` comment (not `%%{`) goes, with any
/// blank lines before it; cjm's "no emotion" comment is noted as an event.
fn remove_comment_lines(source: Source, events: &mut Vec<(usize, Event)>) -> Source {
    let mut out = Source::default();
    let mut at = 0;
    while at < source.chars.len() {
        let line_start = at == 0 || source.chars[at - 1] == '\n';
        let comment = line_start.then(|| comment_line(&source, at)).flatten();
        match comment {
            Some((text_start, end)) => {
                let text = source.text(text_start, source.line_end(text_start));
                if text.trim() == MERMAID_NO_EMOTION {
                    events.push((source.line(text_start), Event::NoEmotion));
                }
                at = end;
            }
            None => {
                out.extend(&source, at, at + 1);
                at += 1;
            }
        }
    }
    out
}

/// The comment line at the line start `at`, as `^\s*%%(?!{)[^\n]+\n?`: where its `%%` is and
/// where the match ends.
fn comment_line(source: &Source, at: usize) -> Option<(usize, usize)> {
    let start = source.skip_spaces(at);
    let chars = &source.chars;
    let is_comment = chars.get(start..start + 2) == Some(&['%', '%'][..])
        && chars
            .get(start + 2)
            .is_some_and(|c| *c != '{' && *c != '\n');
    if !is_comment {
        return None;
    }
    let end = source.line_end(start);
    Some((start, if end < chars.len() { end + 1 } else { end }))
}

/// The first half of Mermaid's `encodeEntities`: on a line with `word` (`style` or
/// `classDef`), then `:`, then `#` with no space between them, and a `;` after the `#`, the
/// last `;` goes.
fn drop_style_semicolons(source: Source, word: &str) -> Source {
    let mut drop = Vec::new();
    let mut at = 0;
    while let Some(found) = find_word(&source.chars, at, word) {
        match style_semicolon(&source.chars, found + word.chars().count()) {
            Some(semicolon) => {
                drop.push(semicolon);
                at = semicolon + 1;
            }
            None => at = found + 1,
        }
    }
    if drop.is_empty() {
        return source;
    }
    let mut out = Source::default();
    let mut from = 0;
    for at in drop {
        out.extend(&source, from, at);
        from = at + 1;
    }
    out.extend(&source, from, source.chars.len());
    out
}

/// The index of the first `word` (case-sensitive) in `chars` from `at`.
fn find_word(chars: &[char], at: usize, word: &str) -> Option<usize> {
    let word: Vec<char> = word.chars().collect();
    (at..chars.len()).find(|&i| chars[i..].starts_with(&word))
}

/// For `:\S*#.*;` on the rest of the line from `at`: the `;` the match ends with, if it
/// matches.
fn style_semicolon(chars: &[char], at: usize) -> Option<usize> {
    let ends_line = |c: &char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
    let end = at + chars[at..].iter().take_while(|c| !ends_line(c)).count();
    let semicolon = (at..end).rev().find(|&i| chars[i] == ';')?;
    let has_hash_after = |colon: usize| {
        chars[colon + 1..end]
            .iter()
            .take_while(|c| !is_space(**c))
            .enumerate()
            .any(|(i, c)| *c == '#' && colon + 1 + i < semicolon)
    };
    (at..semicolon)
        .any(|i| chars[i] == ':' && has_hash_after(i))
        .then_some(semicolon)
}

/// The second half of Mermaid's `encodeEntities`: each `#name;` or `#123;` becomes a
/// placeholder its lexer reads as text, turned back into a character when it draws
/// ([`super::text::entities`]).
fn hide_entities(source: Source) -> Source {
    let mut out = Source::default();
    let mut at = 0;
    while at < source.chars.len() {
        let name_end = source.run(at + 1, is_word);
        let is_code = source.chars[at] == '#'
            && name_end > at + 1
            && source.chars.get(name_end) == Some(&';');
        if !is_code {
            out.extend(&source, at, at + 1);
            at += 1;
            continue;
        }
        let line = source.line(at);
        let name = source.text(at + 1, name_end);
        let start = if name.chars().all(|c| c.is_ascii_digit()) {
            NUMERIC
        } else {
            NAMED
        };
        for c in start.chars().chain(name.chars()).chain(END.chars()) {
            out.push(c, line);
        }
        at = name_end + 1;
    }
    out
}

/// A token of Mermaid's journey lexer, with what the grammar takes from it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// One or more line breaks.
    Newline,
    /// `journey`.
    Journey,
    /// `title …`: the text after `title` and one space.
    Title(String),
    /// `accTitle: …`: the rest of the line.
    AccTitle(String),
    /// `accDescr: …`: the rest of the line.
    AccDescr(String),
    /// `accDescr { … }`: the text up to `}` (`None` for `{}`), and whether a `}` closed it.
    AccDescrBlock(Option<String>, bool),
    /// `section …`: the text after `section` and one space.
    Section(String),
    /// A task name: the text up to `:`, `#`, `;` or the end of the line.
    TaskName(String),
    /// A task's data: `:` and the text up to `#`, `;` or the end of the line.
    TaskData(String),
    /// A `:` with nothing after it on its line.
    Colon,
    /// A character no rule reads (`;`).
    Invalid,
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    /// What it is.
    pub kind: Kind,
    /// The index of its first character.
    pub start: usize,
    /// The index after its last character.
    pub end: usize,
    /// The line of its first character.
    pub line: usize,
}

/// Mermaid's journey lexer over a prepared text.
#[derive(Debug)]
pub(super) struct Lexer<'s> {
    /// The text.
    source: &'s Source,
    /// Where the next token starts.
    at: usize,
}

impl<'s> Lexer<'s> {
    /// A lexer at the start of `source`.
    pub(super) fn new(source: &'s Source) -> Self {
        Self { source, at: 0 }
    }

    /// The next token, skipping whitespace and comments as Mermaid does; `None` at the end.
    pub(super) fn next_token(&mut self) -> Option<Token> {
        loop {
            let start = self.at;
            if start >= self.source.chars.len() {
                return None;
            }
            match self.skipped(start) {
                Some(end) => self.at = end,
                None => {
                    let (kind, end) = self.token(start);
                    self.at = end;
                    let line = self.source.line(start);
                    return Some(Token {
                        kind,
                        start,
                        end,
                        line,
                    });
                }
            }
        }
    }

    /// Where what Mermaid skips at `at` ends (rules 0, 1, 3 and 4: `%` and `x%%` comments,
    /// whitespace that is not a line break first, `#` comments), if it skips anything there.
    fn skipped(&self, at: usize) -> Option<usize> {
        let chars = &self.source.chars;
        let c = chars[at];
        let percent_comment = c == '%' && chars.get(at + 1) != Some(&'{');
        // `[^\}]%%`: one UTF-16 unit, so not a character outside the Basic Multilingual Plane.
        let doubled =
            c != '}' && c.len_utf16() == 1 && chars.get(at + 1..at + 3) == Some(&['%', '%'][..]);
        if percent_comment || c == '#' {
            return Some(self.source.line_end(at));
        }
        if doubled {
            return Some(self.source.line_end(at + 3));
        }
        if c != '\n' && is_space(c) {
            return Some(self.source.skip_spaces(at));
        }
        None
    }

    /// The token at `at` (rules 2 and 5 to 19) and where it ends.
    fn token(&self, at: usize) -> (Kind, usize) {
        let source = self.source;
        let chars = &source.chars;
        if chars[at] == '\n' {
            return (Kind::Newline, source.run(at, |c| c == '\n'));
        }
        if source.keyword(at, "journey") && !chars.get(at + 7).is_some_and(|c| is_word(*c)) {
            return (Kind::Journey, at + 7);
        }
        if let Some((text, end)) = self.spaced(at, "title", |c| !matches!(c, '#' | '\n' | ';')) {
            return (Kind::Title(text), end);
        }
        if let Some(token) = self.accessibility(at) {
            return token;
        }
        let name_char = |c: char| !matches!(c, '#' | ':' | '\n' | ';');
        if let Some((text, end)) = self.spaced(at, "section", name_char) {
            return (Kind::Section(text), end);
        }
        let end = source.run(at, name_char);
        if end > at {
            return (Kind::TaskName(source.text(at, end)), end);
        }
        if chars[at] == ':' {
            let end = source.run(at + 1, |c| !matches!(c, '#' | '\n' | ';'));
            if end > at + 1 {
                return (Kind::TaskData(source.text(at, end)), end);
            }
            return (Kind::Colon, at + 1);
        }
        (Kind::Invalid, at + 1)
    }

    /// `word`, one whitespace character and at least one character `keep` allows (`title` and
    /// `section`): the text after the whitespace, and where it ends.
    fn spaced(
        &self,
        at: usize,
        word: &str,
        keep: impl Fn(char) -> bool,
    ) -> Option<(String, usize)> {
        let space = at + word.len();
        if !self.source.keyword(at, word)
            || !self.source.chars.get(space).is_some_and(|c| is_space(*c))
        {
            return None;
        }
        let end = self.source.run(space + 1, keep);
        (end > space + 1).then(|| (self.source.text(space + 1, end), end))
    }

    /// `accTitle:`, `accDescr:` or `accDescr {` at `at` (rules 7 to 13), with its value.
    fn accessibility(&self, at: usize) -> Option<(Kind, usize)> {
        let source = self.source;
        let word = if source.keyword(at, "acctitle") {
            "acctitle"
        } else if source.keyword(at, "accdescr") {
            "accdescr"
        } else {
            return None;
        };
        let mark = source.skip_spaces(at + word.len());
        match source.chars.get(mark) {
            Some(':') => {
                let value = source.skip_spaces(mark + 1);
                let end = source.line_end(value);
                let text = source.text(value, end);
                let kind = if word == "acctitle" {
                    Kind::AccTitle(text)
                } else {
                    Kind::AccDescr(text)
                };
                Some((kind, end))
            }
            Some('{') if word == "accdescr" => {
                let value = source.skip_spaces(mark + 1);
                let end = source.run(value, |c| c != '}');
                let closed = end < source.chars.len();
                let text = (end > value).then(|| source.text(value, end));
                Some((Kind::AccDescrBlock(text, closed), end + usize::from(closed)))
            }
            _ => None,
        }
    }

    /// The task name at `at` (rule 15, whatever rule Mermaid applies there first) and where it
    /// ends; the lexer goes on after it.
    pub(super) fn task_name_at(&mut self, at: usize) -> String {
        let end = self
            .source
            .run(at, |c| !matches!(c, '#' | ':' | '\n' | ';'));
        self.at = end.max(at + 1).min(self.source.chars.len());
        self.source.text(at, end)
    }

    /// Whether the text from `start` to `end` is alone on its line (but for whitespace).
    pub(super) fn alone(&self, start: usize, end: usize) -> bool {
        let chars = &self.source.chars;
        let before = chars[..start]
            .iter()
            .rev()
            .take_while(|c| **c != '\n')
            .all(|c| is_space(*c));
        let after = chars[end..]
            .iter()
            .take_while(|c| **c != '\n')
            .all(|c| is_space(*c));
        before && after
    }

    /// Goes on at the end of the current line.
    pub(super) fn skip_line(&mut self) {
        self.at = self.source.line_end(self.at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text`, without line breaks.
    fn tokens(text: &str) -> Vec<Kind> {
        let prepared = prepare(text);
        let mut lexer = Lexer::new(&prepared.source);
        std::iter::from_fn(|| lexer.next_token())
            .map(|t| t.kind)
            .filter(|k| *k != Kind::Newline)
            .collect()
    }

    fn task(name: &str, data: &str) -> [Kind; 2] {
        [Kind::TaskName(name.into()), Kind::TaskData(data.into())]
    }

    #[test]
    fn comments_are_skipped_where_mermaid_skips_them() {
        let got =
            tokens("journey\n  a%%b: 3: A\n  ab%%c: 3: A\n  %% line\n  T: 3 %% x\n  😀%%d: 1\n");
        let mut want = vec![Kind::Journey];
        want.extend(task("ab%%c", ": 3: A"));
        want.extend(task("T", ": 3 %% x"));
        want.extend(task("😀%%d", ": 1"));
        assert_eq!(got, want);
    }

    #[test]
    fn keywords_are_read_where_mermaid_reads_them() {
        let got = tokens(
            "journey title X\ntitle search: 3: A\nsection A: B\nTitles: 1\njourney-map: 2\n",
        );
        let mut want = vec![
            Kind::Journey,
            Kind::Title("X".into()),
            Kind::Title("search: 3: A".into()),
            Kind::Section("A".into()),
            Kind::TaskData(": B".into()),
        ];
        want.extend(task("Titles", ": 1"));
        want.extend([
            Kind::Journey,
            Kind::TaskName("-map".into()),
            Kind::TaskData(": 2".into()),
        ]);
        assert_eq!(got, want);
    }

    #[test]
    fn accessibility_statements_take_their_values() {
        let got = tokens(
            "accTitle : A #1\naccDescr:d\naccDescr {\n  x\n  y }T: 1\naccDescr{}\naccDescr { open",
        );
        let mut want = vec![
            Kind::AccTitle("A #1".into()),
            Kind::AccDescr("d".into()),
            Kind::AccDescrBlock(Some("x\n  y ".into()), true),
        ];
        want.extend(task("T", ": 1"));
        want.extend([
            Kind::AccDescrBlock(None, true),
            Kind::AccDescrBlock(Some("open".into()), false),
        ]);
        assert_eq!(got, want);
    }

    #[test]
    fn entity_codes_are_hidden_from_the_lexer() {
        let got = tokens("Pay #35;42: 4: A #amp; B\nLifestyle: 3:#35;x#59; y\n");
        let mut want = vec![];
        want.extend(task(
            "Pay \u{FB02}\u{B0}\u{B0}35\u{B6}\u{DF}42",
            ": 4: A \u{FB02}\u{B0}amp\u{B6}\u{DF} B",
        ));
        // Mermaid drops the last `;` of a `style` line with `:` and `#`: `#35;` loses its end.
        want.extend(task("Lifestyle", ": 3:\u{FB02}\u{B0}\u{B0}35\u{B6}\u{DF}x"));
        assert_eq!(got, want);
    }

    #[test]
    fn clean_up_keeps_lines() {
        let prepared = prepare(
            "```mermaid\n%%{init: {\n}}%%\njourney\n%% cjm: no emotion\n<a href=\"x\">: 3\n",
        );
        let mut lexer = Lexer::new(&prepared.source);
        let found: Vec<(Kind, usize)> = std::iter::from_fn(|| lexer.next_token())
            .filter(|t| t.kind != Kind::Newline)
            .map(|t| (t.kind, t.line))
            .collect();
        assert_eq!(
            found,
            [
                (Kind::Journey, 4),
                (Kind::TaskName("<a href='x'>".into()), 6),
                (Kind::TaskData(": 3".into()), 6)
            ]
        );
        assert_eq!(prepared.events, [(5, Event::NoEmotion)]);
    }
}
