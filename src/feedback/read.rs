//! Survey responses read from CSV: one row per answer (`kind` and `score` columns) or one row
//! per respondent (an `nps`, `csat` or `ces` column each), with a date, the place the response
//! is about and an optional comment. Every row that cannot be read is named by its line.

use csv::{ReaderBuilder, StringRecord};

use crate::model::date;
use crate::text::one_line;

/// A survey question whose scores cjm turns into a KPI figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Survey {
    /// Net Promoter Score: 0..=10.
    Nps,
    /// Customer satisfaction: 1..=5.
    Csat,
    /// Customer effort score: 1..=7 (7: very easy).
    Ces,
}

impl Survey {
    /// Every survey, in the order columns and reports list them.
    pub const ALL: [Survey; 3] = [Survey::Nps, Survey::Csat, Survey::Ces];

    /// The name people write: `NPS`, `CSAT`, `CES`.
    pub fn name(self) -> &'static str {
        match self {
            Survey::Nps => "NPS",
            Survey::Csat => "CSAT",
            Survey::Ces => "CES",
        }
    }

    /// The scores an answer may take.
    pub fn range(self) -> std::ops::RangeInclusive<u8> {
        match self {
            Survey::Nps => 0..=10,
            Survey::Csat => 1..=5,
            Survey::Ces => 1..=7,
        }
    }

    fn parse(text: &str) -> Option<Survey> {
        Survey::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(text.trim()))
    }
}

/// One answer: a survey and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// Which question.
    pub survey: Survey,
    /// The score, within the survey's range.
    pub score: u8,
}

/// One row of the responses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// The line the row starts on, from 1.
    pub line: usize,
    /// Who answered (may be empty).
    pub respondent: String,
    /// The day of the response, `YYYY-MM-DD`.
    pub date: String,
    /// The answers of the row (none when it only has a comment).
    pub answers: Vec<Answer>,
    /// What the respondent wrote (may be empty).
    pub comment: String,
    /// The stage it is about, by name or id (may be empty).
    pub stage: String,
    /// The card it is about, by title or id (may be empty).
    pub card: String,
    /// The event it followed, matched by the journey's event rules (may be empty).
    pub event: String,
}

/// A row that cannot be used, by line, with what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// The line the row starts on, from 1.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// The columns found in the header, by position.
#[derive(Default)]
struct Columns {
    respondent: Option<usize>,
    date: Option<usize>,
    kind: Option<usize>,
    score: Option<usize>,
    wide: Vec<(Survey, usize)>,
    comment: Option<usize>,
    stage: Option<usize>,
    card: Option<usize>,
    event: Option<usize>,
}

impl Columns {
    fn read(header: &StringRecord) -> Result<Self, String> {
        let mut columns = Columns::default();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase().replace([' ', '-'], "_");
            let slot = match name.as_str() {
                "respondent" | "respondent_id" => &mut columns.respondent,
                "date" | "day" | "submitted" | "submitted_at" => &mut columns.date,
                "kind" | "survey" | "question" => &mut columns.kind,
                "score" => &mut columns.score,
                "comment" | "comments" | "verbatim" => &mut columns.comment,
                "stage" => &mut columns.stage,
                "card" | "touchpoint" => &mut columns.card,
                "event" => &mut columns.event,
                other => {
                    if let Some(survey) = Survey::parse(other) {
                        columns.wide.push((survey, i));
                    }
                    continue;
                }
            };
            slot.get_or_insert(i);
        }
        if columns.date.is_none() {
            return Err("the header has no date column: name one `date`".into());
        }
        let long = columns.kind.is_some() && columns.score.is_some();
        if !long && columns.wide.is_empty() {
            return Err(
                "the header has neither `kind` and `score` columns nor a column named \
                        NPS, CSAT or CES: add one of them"
                    .into(),
            );
        }
        if long && !columns.wide.is_empty() {
            return Err(
                "the header has both `kind`/`score` and NPS/CSAT/CES columns: keep one \
                        layout"
                    .into(),
            );
        }
        if columns.stage.is_none() && columns.card.is_none() && columns.event.is_none() {
            return Err(
                "the header has no stage, card or event column: add one that says \
                        what each response is about"
                    .into(),
            );
        }
        Ok(columns)
    }
}

/// The responses of the CSV `text` (already decoded: no byte order mark) and its bad rows;
/// an error for a header cjm cannot use.
pub fn read(text: &str) -> Result<(Vec<Response>, Vec<BadRow>), String> {
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("the header cannot be read: {e}"))?
        .clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err("the file is empty: the first line names the columns".into());
    }
    let columns = Columns::read(&header)?;
    let mut responses = Vec::new();
    let mut bad = Vec::new();
    let mut record = StringRecord::new();
    let mut lines = Lines::new(text);
    loop {
        let at = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.at(record.position().map_or(at, |p| p.byte()));
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                match row(&columns, &record, line) {
                    Ok(response) => responses.push(response),
                    Err(message) => bad.push(BadRow { line, message }),
                }
            }
            Err(e) => {
                let line = lines.at(e.position().map_or(at, |p| p.byte()));
                bad.push(BadRow {
                    line,
                    message: format!("not readable as CSV ({e}): check its quotes"),
                });
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    if responses.is_empty() && bad.is_empty() {
        return Err("no response: the file has only its header".into());
    }
    Ok((responses, bad))
}

/// Line numbers of byte offsets met in increasing order. (The `csv` crate's own line count
/// goes wrong after a blank line, and its offset of a record points before the blank lines
/// it skipped.)
struct Lines<'t> {
    text: &'t str,
    byte: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `offset` that is not a line break.
    fn at(&mut self, offset: u64) -> usize {
        let bytes = self.text.as_bytes();
        let mut start = (offset as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.byte {
            return self.line;
        }
        self.line += memchr::memchr_iter(b'\n', &bytes[self.byte..start]).count();
        self.byte = start;
        self.line
    }
}

/// The separator of the header line: a comma, or a semicolon (Excel where the decimal mark
/// is a comma, as in Indonesia) or a tab (Excel's "Unicode text") when the header has more
/// of those than commas.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    [b';', b'\t']
        .into_iter()
        .find(|d| count(char::from(*d)) > count(','))
        .unwrap_or(b',')
}

/// One row as a response, or what is wrong with it.
fn row(columns: &Columns, record: &StringRecord, line: usize) -> Result<Response, String> {
    let cell = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").trim();
    let raw_date = cell(columns.date);
    let day = raw_date
        .get(..10)
        .filter(|_| raw_date.len() == 10 || raw_date[10..].starts_with(['T', ' ']))
        .filter(|d| date::parse_day(d).is_some())
        .ok_or_else(|| {
            format!(
                "date {:?} is not a date: write YYYY-MM-DD (a time after it is ignored)",
                one_line(raw_date)
            )
        })?;
    let mut answers = Vec::new();
    if let (Some(kind), Some(score)) = (columns.kind, columns.score) {
        let name = cell(Some(kind));
        let survey = Survey::parse(name).ok_or_else(|| {
            format!(
                "kind {:?} is not NPS, CSAT or CES: write one of them",
                one_line(name)
            )
        })?;
        let text = cell(Some(score));
        if text.is_empty() {
            return Err(format!(
                "no {} score: give one, or remove the row",
                survey.name()
            ));
        }
        answers.push(answer(survey, text)?);
    } else {
        for (survey, at) in &columns.wide {
            let text = cell(Some(*at));
            if !text.is_empty() {
                answers.push(answer(*survey, text)?);
            }
        }
    }
    let comment = cell(columns.comment).to_string();
    if answers.is_empty() && comment.is_empty() {
        return Err("no score and no comment: give a score, or remove the row".into());
    }
    Ok(Response {
        line,
        respondent: cell(columns.respondent).to_string(),
        date: day.to_string(),
        answers,
        comment,
        stage: cell(columns.stage).to_string(),
        card: cell(columns.card).to_string(),
        event: cell(columns.event).to_string(),
    })
}

/// The score `text` of `survey`, checked against its range.
fn answer(survey: Survey, text: &str) -> Result<Answer, String> {
    let range = survey.range();
    text.parse::<u8>()
        .ok()
        .filter(|s| range.contains(s))
        .map(|score| Answer { survey, score })
        .ok_or_else(|| {
            format!(
                "{} score {:?} is not a whole number from {} to {}: correct it, or remove the row",
                survey.name(),
                one_line(text),
                range.start(),
                range.end()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_rows_with_a_bom_free_header_quoted_commas_and_times() {
        let text = "Respondent,Date,Kind,Score,Comment,Stage,Card\n\
                    r1,2026-01-05,NPS,9,\"Cepat, mudah\",Pembelian,Bayar\n\
                    r2,2026-01-06T10:00:00Z,csat,4,,Pembelian,\n\
                    r3,2026-01-07 08:00,CES,7,\"dua\nbaris\",,Bayar\n";
        let (rows, bad) = read(text).unwrap();
        assert_eq!(bad, []);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].comment, "Cepat, mudah");
        assert_eq!(rows[1].date, "2026-01-06");
        assert_eq!(
            rows[1].answers,
            [Answer {
                survey: Survey::Csat,
                score: 4
            }]
        );
        assert_eq!(rows[2].comment, "dua\nbaris");
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4]);
        let crlf = "date,nps,stage\r\n\r\n2026-01-01,9,A\r\n\r\n\r\n2026-01-02,x,A\r\n";
        let (rows, bad) = read(crlf).unwrap();
        assert_eq!((rows[0].line, bad[0].line), (3, 6));
    }

    #[test]
    fn semicolons_and_tabs_separate_as_excel_writes_them() {
        for text in [
            "date;nps;stage;comment\n2026-01-05;9;A;Cepat, mudah\n",
            "date\tnps\tstage\tcomment\n2026-01-05\t9\tA\tCepat, mudah\n",
        ] {
            let (rows, bad) = read(text).unwrap();
            assert_eq!(bad, []);
            assert_eq!(rows[0].comment, "Cepat, mudah");
            assert_eq!(rows[0].answers[0].score, 9);
        }
    }

    #[test]
    fn wide_rows_give_an_answer_per_filled_column() {
        let text = "date,NPS,CSAT,CES,event,comment\n\
                    2026-01-05,10,5,,checkout_done,\n\
                    2026-01-05,,,,checkout_done,cuma komentar\n";
        let (rows, bad) = read(text).unwrap();
        assert_eq!(bad, []);
        assert_eq!(rows[0].answers.len(), 2);
        assert!(rows[1].answers.is_empty());
    }

    #[test]
    fn bad_rows_are_named_by_line_with_what_to_do() {
        let text = "date,kind,score,stage\n\
                    2026-13-01,NPS,9,A\n\
                    2026-01-01,NPS,11,A\n\
                    2026-01-01,CSAT,0,A\n\
                    2026-01-01,CES,4.5,A\n\
                    2026-01-01,Likert,3,A\n\
                    2026-01-01,NPS,,A\n\
                    \n\
                    2026-01-01,NPS,6,A\n";
        let (rows, bad) = read(text).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 9);
        let lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
        assert!(bad[0].message.contains("\"2026-13-01\" is not a date"));
        assert!(
            bad[1]
                .message
                .contains("NPS score \"11\" is not a whole number from 0 to 10")
        );
        assert!(bad[2].message.contains("from 1 to 5"));
        assert!(bad[3].message.contains("\"4.5\""));
        assert!(
            bad[4]
                .message
                .contains("\"Likert\" is not NPS, CSAT or CES")
        );
        assert!(bad[5].message.contains("no NPS score"));
    }

    #[test]
    fn a_header_without_what_is_needed_says_what_to_add() {
        assert!(
            read("kind,score,stage\n")
                .unwrap_err()
                .contains("no date column")
        );
        assert!(
            read("date,stage\n")
                .unwrap_err()
                .contains("NPS, CSAT or CES")
        );
        assert!(
            read("date,nps\n2026-01-01,9\n")
                .unwrap_err()
                .contains("no stage, card or event")
        );
        assert!(
            read("date,nps,stage\n")
                .unwrap_err()
                .contains("only its header")
        );
        assert!(read("").unwrap_err().contains("empty"));
    }

    #[test]
    fn a_broken_quote_is_a_bad_row_not_a_crash() {
        let text = "date,nps,stage\n2026-01-01,9,A\n2026-01-01,\"9,A\n";
        let (rows, bad) = read(text).unwrap();
        assert_eq!(rows.len(), 1);
        assert!(!bad.is_empty(), "{bad:?}");
    }
}
