//! Quotes from interview or focus-group notes written in Markdown, placed on a journey's cards
//! by the headings above them.
//!
//! A quote is a block of `> ` lines (joined with spaces) or one list item (`- `, `* `, `+ `,
//! `1. `). A heading names a card by its title, or a stage by its name (case and surrounding
//! spaces aside); a card heading under a stage heading is looked for in that stage first. A
//! heading closes the headings of its level and deeper. A quote goes to the card its nearest
//! heading names; one under a heading that names a stage only, or nothing, or under no
//! heading, is not placed, with the reason.

use crate::model::Journey;

/// One quote read from the notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteQuote {
    /// The line it starts on, from 1.
    pub line: usize,
    /// What was said, on one line.
    pub text: String,
    /// The card it goes to, as (stage index, card index), or why it goes nowhere.
    pub place: Result<(usize, usize), String>,
}

/// What a heading names in the journey.
#[derive(Debug, Clone, PartialEq)]
enum Named {
    Stage(usize),
    Card(usize, usize),
    Nothing(String),
}

/// The quotes of `text`, each with its card in `journey` or the reason it has none.
pub fn read_notes(text: &str, journey: &Journey) -> Vec<NoteQuote> {
    let mut headings: Vec<(usize, Named)> = Vec::new();
    let mut quotes: Vec<NoteQuote> = Vec::new();
    // The quote of `>` lines being read, and its first line.
    let mut open: Option<(usize, Vec<String>)> = None;
    let finish = |open: &mut Option<(usize, Vec<String>)>,
                  headings: &[(usize, Named)],
                  quotes: &mut Vec<NoteQuote>| {
        if let Some((line, parts)) = open.take() {
            push(quotes, line, &parts.join(" "), headings);
        }
    };
    let mut fenced = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            finish(&mut open, &headings, &mut quotes);
            continue;
        }
        if fenced {
            continue;
        }
        if let Some(rest) = line.strip_prefix('>') {
            let rest = rest.trim();
            match &mut open {
                Some((_, parts)) if !rest.is_empty() => parts.push(rest.to_string()),
                Some(_) => finish(&mut open, &headings, &mut quotes),
                None if !rest.is_empty() => open = Some((n + 1, vec![rest.to_string()])),
                None => {}
            }
            continue;
        }
        finish(&mut open, &headings, &mut quotes);
        if let Some((level, title)) = heading(line) {
            headings.retain(|(l, _)| *l < level);
            let named = name(journey, &headings, title);
            headings.push((level, named));
        } else if let Some(item) = list_item(line) {
            push(&mut quotes, n + 1, item, &headings);
        }
    }
    finish(&mut open, &headings, &mut quotes);
    quotes
}

/// Adds the quote `text` read at `line`, placed by the innermost heading.
fn push(quotes: &mut Vec<NoteQuote>, line: usize, text: &str, headings: &[(usize, Named)]) {
    let text = text.trim().trim_matches(['"', '“', '”']).trim();
    if text.is_empty() {
        return;
    }
    let place = match headings.last() {
        None => Err("under no heading: put it under a heading naming its card".to_string()),
        Some((_, Named::Card(stage, card))) => Ok((*stage, *card)),
        Some((_, Named::Stage(_))) => Err(
            "under a stage heading: put it under a heading naming one of the stage's cards"
                .to_string(),
        ),
        Some((_, Named::Nothing(why))) => Err(why.clone()),
    };
    quotes.push(NoteQuote {
        line,
        text: text.to_string(),
        place,
    });
}

/// What the heading `title` names: a card of the stage the headings above name first, then a
/// stage, then the one card of the journey with that title.
fn name(journey: &Journey, above: &[(usize, Named)], title: &str) -> Named {
    let key = |text: &str| text.trim().to_lowercase();
    let wanted = key(title);
    let scope = above.iter().rev().find_map(|(_, n)| match n {
        Named::Stage(s) | Named::Card(s, _) => Some(*s),
        Named::Nothing(_) => None,
    });
    if let Some(s) = scope
        && let Some(c) = journey.stages[s]
            .touchpoints
            .iter()
            .position(|t| key(&t.title) == wanted)
    {
        return Named::Card(s, c);
    }
    if let Some(s) = journey.stages.iter().position(|s| key(&s.name) == wanted) {
        return Named::Stage(s);
    }
    let cards: Vec<(usize, usize)> = journey
        .stages
        .iter()
        .enumerate()
        .flat_map(|(s, stage)| {
            stage
                .touchpoints
                .iter()
                .enumerate()
                .filter(|(_, t)| key(&t.title) == wanted)
                .map(move |(c, _)| (s, c))
        })
        .collect();
    let title = crate::text::one_line(title.trim());
    match cards.as_slice() {
        [(s, c)] => Named::Card(*s, *c),
        [] => Named::Nothing(format!(
            "the heading “{title}” names no stage or card of the journey: write a card's title \
             or a stage's name"
        )),
        _ => Named::Nothing(format!(
            "the heading “{title}” names {} cards: put it under a heading naming the stage",
            cards.len()
        )),
    }
}

/// A Markdown heading's level and text (`## Checkout` → 2, `Checkout`), closing `#`s dropped.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    let rest = line.get(level..)?;
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

/// The text of a list item (`- `, `* `, `+ `, `1. `, `1) `), a task box dropped.
fn list_item(line: &str) -> Option<&str> {
    let rest = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        line[digits..].strip_prefix(['.', ')'])?
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    Some(
        ["[ ] ", "[x] ", "[X] "]
            .iter()
            .find_map(|b| rest.strip_prefix(b))
            .unwrap_or(rest),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, Touchpoint};

    fn journey() -> Journey {
        let stage = |name: &str, cards: &[&str]| Stage {
            touchpoints: cards.iter().map(|t| Touchpoint::new(t)).collect(),
            ..Stage::new(name)
        };
        Journey {
            stages: vec![
                stage("Pembelian", &["Bayar dengan QRIS", "Memasang voucher"]),
                stage("Pengiriman", &["Lacak kurir", "Bayar dengan QRIS"]),
            ],
            ..Journey::with_default_stages("Belanja")
        }
    }

    #[test]
    fn quotes_go_to_the_card_their_heading_names() {
        let notes = "# Wawancara Rina, 5 Januari\n\
                     \n\
                     ## Pembelian\n\
                     ### Memasang voucher\n\
                     > Vouchernya selalu gagal,\n\
                     > padahal sudah sesuai syarat.\n\
                     \n\
                     - \"Minimal belanjanya tidak disebut\"\n\
                     1. Saya menyerah\n\
                     ### bayar dengan qris\n\
                     * [x] Cepat sekali\n\
                     ## Lacak kurir\n\
                     - Kurirnya tidak bisa dihubungi\n\
                     ```\n\
                     - not a quote\n\
                     ```\n";
        let quotes = read_notes(notes, &journey());
        type Placed<'a> = (usize, &'a str, Option<(usize, usize)>);
        let placed: Vec<Placed> = quotes
            .iter()
            .map(|q| (q.line, q.text.as_str(), q.place.clone().ok()))
            .collect();
        assert_eq!(
            placed,
            [
                (
                    5,
                    "Vouchernya selalu gagal, padahal sudah sesuai syarat.",
                    Some((0, 1))
                ),
                (8, "Minimal belanjanya tidak disebut", Some((0, 1))),
                (9, "Saya menyerah", Some((0, 1))),
                (11, "Cepat sekali", Some((0, 0))),
                (13, "Kurirnya tidak bisa dihubungi", Some((1, 0))),
            ]
        );
    }

    #[test]
    fn unplaced_quotes_say_why() {
        let notes = "- before any heading\n\
                     # Pembelian\n\
                     > under the stage alone\n\
                     # Bayar dengan QRIS\n\
                     - two cards have this title\n\
                     # Checkout\n\
                     - nothing is called that\n\
                     ## Pengiriman\n\
                     ### Bayar dengan QRIS\n\
                     - the second stage's card\n";
        let quotes = read_notes(notes, &journey());
        let why: Vec<(usize, String)> = quotes
            .iter()
            .map(|q| (q.line, q.place.clone().err().unwrap_or_default()))
            .collect();
        assert!(why[0].1.contains("under no heading"), "{why:?}");
        assert!(why[1].1.contains("stage heading"), "{why:?}");
        assert!(why[2].1.contains("names 2 cards"), "{why:?}");
        assert!(
            why[3].1.contains("“Checkout” names no stage or card"),
            "{why:?}"
        );
        assert_eq!(quotes[4].place, Ok((1, 1)));
        assert_eq!(
            why.iter().map(|w| w.0).collect::<Vec<_>>(),
            [1, 3, 5, 7, 10]
        );
    }

    #[test]
    fn headings_and_list_items_are_read_as_markdown_writes_them() {
        assert_eq!(heading("## Bayar ##"), Some((2, "Bayar")));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("####### seven"), None);
        assert_eq!(list_item("- a"), Some("a"));
        assert_eq!(list_item("12) b"), Some("b"));
        assert_eq!(list_item("-not"), None);
        assert_eq!(list_item("2026 was a year"), None);
    }
}
