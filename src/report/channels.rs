//! The omnichannel matrix of a journey: one row per channel, one column per stage. Each cell
//! holds the touchpoints of that channel in that stage, how many there are and how they feel
//! on average.
//!
//! Rows are the journey's channels in its own order, then any other channel its cards use, in
//! map order; cards without a channel go to a last row, [`NO_CHANNEL`]. Channels are matched
//! ignoring case and surrounding spaces, and shown as first written. The rows depend on the
//! whole journey, not on the persona filter, so a row keeps its place when the filter
//! changes; only the cells count fewer cards.

use super::counts_for;
use crate::model::{Journey, Touchpoint};

/// The name of the row of cards that have no channel.
pub const NO_CHANNEL: &str = "no channel";

/// The touchpoints of one channel in one stage (or a sum of such cells).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The cards, as (stage index, card index in the stage), in map order.
    pub cards: Vec<(usize, usize)>,
    /// The sum of the emotions of the cards that have one.
    pub emotion_sum: i32,
    /// How many of the cards have an emotion.
    pub rated: usize,
}

impl Cell {
    /// How many touchpoints the cell holds.
    pub fn count(&self) -> usize {
        self.cards.len()
    }

    /// Whether the cell holds no touchpoint.
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    /// The mean emotion of the cards that have one, or `None` when none has.
    pub fn mean(&self) -> Option<f64> {
        (self.rated > 0).then(|| f64::from(self.emotion_sum) / self.rated as f64)
    }

    /// The rounded mean, -2..=2, for a colour or a mark.
    pub fn mean_class(&self) -> Option<i8> {
        self.mean().map(mean_class)
    }

    /// The cell as text readable without colour: `2 ▼ -0.5` (two touchpoints, mean -0.5),
    /// `1 ·` (one touchpoint, emotion not set), or nothing for an empty cell.
    pub fn label(&self) -> String {
        match self.mean() {
            _ if self.is_empty() => String::new(),
            Some(mean) => format!("{} {}{}", self.count(), mean_mark(mean), mean_text(mean)),
            None => format!("{} ·", self.count()),
        }
    }

    fn add(&mut self, at: (usize, usize), card: &Touchpoint) {
        self.cards.push(at);
        if let Some(emotion) = card.emotion {
            self.emotion_sum += i32::from(emotion.value());
            self.rated += 1;
        }
    }

    fn merge(&mut self, other: &Cell) {
        self.cards.extend_from_slice(&other.cards);
        self.emotion_sum += other.emotion_sum;
        self.rated += other.rated;
    }
}

/// One channel's row: a cell per stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The channel as first written, or `None` for the cards without one.
    pub channel: Option<String>,
    /// One cell per stage, left to right.
    pub cells: Vec<Cell>,
    /// All the row's cells together.
    total: Cell,
}

impl Row {
    /// The row's name: its channel, or [`NO_CHANNEL`].
    pub fn name(&self) -> &str {
        self.channel.as_deref().unwrap_or(NO_CHANNEL)
    }

    /// All the row's touchpoints across the stages.
    pub fn total(&self) -> &Cell {
        &self.total
    }
}

/// The channel x stage matrix of a journey.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    /// One row per channel, the cards without a channel last.
    pub rows: Vec<Row>,
    /// The number of stages (columns).
    pub stages: usize,
    /// Each stage's cells together.
    stage_totals: Vec<Cell>,
    /// Every cell together.
    total: Cell,
}

impl Matrix {
    /// The matrix of `journey`, counting only the cards for `persona` (by id) when one is
    /// given; see [`counts_for`].
    pub fn new(journey: &Journey, persona: Option<&str>) -> Self {
        let stages = journey.stages.len();
        let mut rows: Vec<Row> = Vec::new();
        let blank = |channel: Option<String>| Row {
            channel,
            cells: vec![Cell::default(); stages],
            total: Cell::default(),
        };
        for channel in &journey.channels {
            if find(&rows, channel).is_none() && !channel.trim().is_empty() {
                rows.push(blank(Some(channel.trim().to_string())));
            }
        }
        let mut no_channel: Option<Row> = None;
        for (s, stage) in journey.stages.iter().enumerate() {
            for (c, card) in stage.touchpoints.iter().enumerate() {
                let row = if card.channel.trim().is_empty() {
                    no_channel.get_or_insert_with(|| blank(None))
                } else {
                    let i = find(&rows, &card.channel).unwrap_or_else(|| {
                        rows.push(blank(Some(card.channel.trim().to_string())));
                        rows.len() - 1
                    });
                    &mut rows[i]
                };
                if counts_for(card, persona) {
                    row.cells[s].add((s, c), card);
                }
            }
        }
        rows.extend(no_channel);
        // The totals are summed once here: the view shows them on every frame.
        for row in &mut rows {
            row.total = sum(row.cells.iter());
        }
        let stage_totals = (0..stages)
            .map(|s| sum(rows.iter().filter_map(|r| r.cells.get(s))))
            .collect();
        let total = sum(rows.iter().flat_map(|r| r.cells.iter()));
        Self {
            rows,
            stages,
            stage_totals,
            total,
        }
    }

    /// The cell of `row` in `stage`, if both exist.
    pub fn cell(&self, row: usize, stage: usize) -> Option<&Cell> {
        self.rows.get(row)?.cells.get(stage)
    }

    /// All channels' touchpoints in `stage` (an empty cell past the last stage).
    pub fn stage_total(&self, stage: usize) -> &Cell {
        const EMPTY: &Cell = &Cell {
            cards: Vec::new(),
            emotion_sum: 0,
            rated: 0,
        };
        self.stage_totals.get(stage).unwrap_or(EMPTY)
    }

    /// Every counted touchpoint of the journey.
    pub fn total(&self) -> &Cell {
        &self.total
    }
}

fn find(rows: &[Row], channel: &str) -> Option<usize> {
    let key = channel.trim().to_lowercase();
    rows.iter().position(|r| {
        r.channel
            .as_deref()
            .is_some_and(|c| c.to_lowercase() == key)
    })
}

fn sum<'a>(cells: impl Iterator<Item = &'a Cell>) -> Cell {
    let mut total = Cell::default();
    for cell in cells {
        total.merge(cell);
    }
    total.cards.sort_unstable();
    total
}

/// A mean emotion rounded to the nearest whole score (halves away from zero), -2..=2.
pub fn mean_class(mean: f64) -> i8 {
    mean.round().clamp(-2.0, 2.0) as i8
}

/// A two-column mark for a mean emotion, like the board's: `▼▼`, `▼ `, `● `, `▲ `, `▲▲`.
pub fn mean_mark(mean: f64) -> &'static str {
    match mean_class(mean) {
        -2 => "▼▼",
        -1 => "▼ ",
        0 => "● ",
        1 => "▲ ",
        _ => "▲▲",
    }
}

/// A mean emotion with one decimal and its sign: `-0.5`, `+1.7`, ` 0.0`.
pub fn mean_text(mean: f64) -> String {
    let tenths = (mean * 10.0).round();
    if tenths == 0.0 {
        " 0.0".to_string()
    } else {
        format!("{:+.1}", tenths / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Stage};

    fn card(title: &str, channel: &str, emotion: Option<i64>) -> Touchpoint {
        let mut card = Touchpoint::new(title);
        card.channel = channel.into();
        card.emotion = emotion.and_then(Emotion::new);
        card
    }

    fn smartphone() -> Journey {
        crate::demo::workspace().journeys.remove(0)
    }

    fn row<'a>(matrix: &'a Matrix, name: &str) -> &'a Row {
        matrix.rows.iter().find(|r| r.name() == name).unwrap()
    }

    #[test]
    fn cells_count_touchpoints_and_average_their_emotion() {
        let matrix = Matrix::new(&smartphone(), None);
        assert_eq!(matrix.stages, 6);
        let names: Vec<&str> = matrix.rows.iter().map(Row::name).collect();
        assert_eq!(
            names,
            [
                "Web",
                "App",
                "Store",
                "Chat",
                "Call centre",
                "Email",
                "Social media",
                "Courier"
            ]
        );
        let web = row(&matrix, "Web");
        let counts: Vec<usize> = web.cells.iter().map(Cell::count).collect();
        assert_eq!(counts, [1, 2, 1, 2, 0, 1]);
        assert_eq!(web.cells[1].mean(), Some(0.5));
        assert_eq!(web.cells[1].label(), "2 ▲ +0.5");
        assert_eq!(web.cells[3].mean(), Some(-1.0));
        assert_eq!(web.cells[3].label(), "2 ▼ -1.0");
        assert_eq!(web.cells[3].cards, [(3, 0), (3, 1)]);
        assert_eq!(web.cells[4].label(), "");
        assert_eq!(web.total().count(), 7);
        assert_eq!(matrix.stage_total(0).count(), 3);
        assert_eq!(matrix.stage_total(0).cards, [(0, 0), (0, 1), (0, 2)]);
        assert_eq!(matrix.total().count(), 18);
        assert!(matrix.cell(0, 6).is_none() && matrix.cell(8, 0).is_none());
    }

    #[test]
    fn the_persona_filter_counts_only_that_personas_cards() {
        let journey = smartphone();
        let alex = "pe-0tr3p6zzw47j";
        let all = Matrix::new(&journey, None);
        let only = Matrix::new(&journey, Some(alex));
        // The rows stay; the trade-in email and the referral are Priya's only.
        assert_eq!(all.rows.len(), only.rows.len());
        assert_eq!(row(&all, "Email").cells[0].count(), 1);
        assert_eq!(row(&only, "Email").cells[0].count(), 0);
        assert_eq!(row(&only, "Social media").cells[5].count(), 0);
        // Alex's own card and cards for everyone count.
        assert_eq!(row(&only, "App").cells[4].count(), 1);
        assert_eq!(only.total().count(), 16);
        let card = &journey.stages[0].touchpoints[2];
        assert!(counts_for(card, None) && !counts_for(card, Some(alex)));
        assert!(counts_for(card, Some("pe-azpdpcrkk2as")));
    }

    #[test]
    fn channels_match_ignoring_case_and_cards_without_one_come_last() {
        let mut journey = Journey::with_default_stages("t");
        journey.channels = vec!["Web".into(), "Kiosk".into(), " web ".into(), " ".into()];
        journey.stages[0].touchpoints = vec![
            card("a", "", Some(-2)),
            card("b", " WEB", Some(1)),
            card("c", "Toko fisik", None),
            card("d", "\t", Some(2)),
        ];
        journey.stages[1].touchpoints =
            vec![card("e", "web", None), card("f", "toko FISIK", Some(-1))];
        let matrix = Matrix::new(&journey, None);
        let names: Vec<&str> = matrix.rows.iter().map(Row::name).collect();
        assert_eq!(names, ["Web", "Kiosk", "Toko fisik", NO_CHANNEL]);
        assert_eq!(matrix.rows[3].channel, None);
        assert_eq!(matrix.rows[0].cells[0].cards, [(0, 1)]);
        assert_eq!(matrix.rows[0].cells[1].label(), "1 ·");
        assert!(matrix.rows[1].total().is_empty());
        assert_eq!(matrix.rows[2].total().mean(), Some(-1.0));
        assert_eq!(matrix.rows[2].total().rated, 1);
        assert_eq!(matrix.rows[3].cells[0].cards, [(0, 0), (0, 3)]);
        assert_eq!(matrix.rows[3].cells[0].label(), "2 ●  0.0");
    }

    #[test]
    fn an_empty_journey_has_no_rows() {
        let mut journey = Journey::with_default_stages("t");
        journey.stages.push(Stage::new("Extra"));
        let matrix = Matrix::new(&journey, None);
        assert!(matrix.rows.is_empty());
        assert_eq!(matrix.stages, 7);
        assert!(matrix.stage_total(0).is_empty());
    }

    #[test]
    fn means_read_without_colour() {
        assert_eq!(mean_text(-0.04), " 0.0");
        assert_eq!(mean_text(2.0 / 3.0), "+0.7");
        assert_eq!(mean_text(-1.25), "-1.3");
        assert_eq!(mean_mark(-0.5), "▼ ");
        assert_eq!(mean_mark(-1.5), "▼▼");
        assert_eq!(mean_mark(0.49), "● ");
        assert_eq!(mean_mark(1.5), "▲▲");
        assert_eq!(mean_class(0.5), 1);
    }
}
