//! Moving in the channels view: the channel x stage matrix, and the list of a cell's
//! touchpoints that Enter opens over it (`App::drill`).

use crate::report::channels::Matrix;

use super::super::super::action::Action;
use super::super::super::app::{App, View};
use super::super::Effect;

impl App {
    /// Up/Down choose a channel (`row`), Left/Right a stage, Enter lists the cell's
    /// touchpoints; in that list Up/Down choose one, Enter shows it on the board and Esc
    /// closes the list.
    pub(in super::super) fn update_channels(&mut self, action: Action) -> Effect {
        let Some(matrix) = self
            .doc
            .summary(self.sel.journey, self.persona.as_deref(), Matrix::new)
        else {
            return Effect::None;
        };
        let rows = matrix.rows.len();
        self.row = self.row.min(rows.saturating_sub(1));
        if self.drill.is_some() {
            self.update_channel_list(&matrix, action);
            return Effect::None;
        }
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(rows.saturating_sub(1)),
            Action::First => self.row = 0,
            Action::Last => self.row = rows.saturating_sub(1),
            Action::Left => self.select_stage(self.sel.stage.saturating_sub(1)),
            Action::Right => self.select_stage(self.sel.stage + 1),
            Action::OpenCard => self.open_channel_cell(&matrix),
            _ => {}
        }
        Effect::None
    }

    /// Opens the list of the selected cell's touchpoints, or says the cell is empty.
    fn open_channel_cell(&mut self, matrix: &Matrix) {
        let Some(row) = matrix.rows.get(self.row) else {
            self.say("no touchpoint yet: add cards on the board (1)");
            return;
        };
        let stage = self.stage().map(|s| s.name.clone()).unwrap_or_default();
        let cards = row
            .cells
            .get(self.sel.stage)
            .map(|c| c.cards.as_slice())
            .unwrap_or_default();
        let Some(&(_, first)) = cards.first() else {
            let whose = if self.persona.is_some() {
                " for this persona"
            } else {
                ""
            };
            self.say(format!("no touchpoint in {} × {stage}{whose}", row.name()));
            return;
        };
        self.drill = Some(0);
        self.sel.card = first;
        let count = cards.len();
        let noun = if count == 1 {
            "touchpoint"
        } else {
            "touchpoints"
        };
        self.say(format!(
            "{} × {stage}: {count} {noun} — Enter shows one on the board, Esc closes",
            row.name()
        ));
    }

    /// Moves in the open list of a cell's touchpoints, jumps to one or closes the list. The
    /// highlighted touchpoint is also the selected card, so the board's card keys act on it.
    fn update_channel_list(&mut self, matrix: &Matrix, action: Action) {
        let cards = matrix
            .cell(self.row, self.sel.stage)
            .map(|c| c.cards.clone())
            .unwrap_or_default();
        let Some(at) = self.drill.filter(|_| !cards.is_empty()) else {
            self.drill = None;
            return;
        };
        let last = cards.len() - 1;
        let at = match action {
            Action::Up => at.saturating_sub(1),
            Action::Down => (at + 1).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::Cancel => {
                self.drill = None;
                return;
            }
            Action::OpenCard => {
                let (stage, card) = cards[at.min(last)];
                self.drill = None;
                self.view = View::Board;
                self.sel.stage = stage;
                self.sel.card = card;
                let title = self.card().map(|c| c.title.clone()).unwrap_or_default();
                self.say(format!("view 1: board, on “{title}”"));
                return;
            }
            _ => at,
        };
        let at = at.min(last);
        self.drill = Some(at);
        self.sel.card = cards[at].1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testkit::{demo_app, keys as chars, message, press};

    fn demo() -> App {
        demo_app((80, 24))
    }

    use crossterm::event::KeyCode;

    use crate::tui::app::{App, View};

    #[test]
    fn arrows_choose_a_channel_and_a_stage_within_the_matrix() {
        let mut app = demo();
        chars(&mut app, "3");
        assert_eq!(app.view, View::Channels);
        assert_eq!((app.row, app.sel.stage), (0, 0));
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Left);
        assert_eq!((app.row, app.sel.stage), (0, 0));
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Right);
        assert_eq!((app.row, app.sel.stage), (1, 1));
        press(&mut app, KeyCode::End);
        assert_eq!(app.row, 7, "the eight channels of the smartphone journey");
        press(&mut app, KeyCode::Down);
        assert_eq!(app.row, 7);
        for _ in 0..9 {
            press(&mut app, KeyCode::Right);
        }
        assert_eq!(app.sel.stage, 5);
        press(&mut app, KeyCode::Home);
        assert_eq!(app.row, 0);
        // Esc with no list open changes nothing.
        press(&mut app, KeyCode::Esc);
        assert_eq!((app.view, app.row, app.drill), (View::Channels, 0, None));
    }

    #[test]
    fn enter_lists_a_cells_touchpoints_and_esc_closes_the_list() {
        let mut app = demo();
        chars(&mut app, "3");
        // Web x Consideration: "Compares models side by side", "Reads customer reviews".
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.drill, Some(0));
        assert!(message(&app).starts_with("Web × Consideration: 2 touchpoints"));
        assert_eq!(app.card().unwrap().title, "Compares models side by side");
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        assert_eq!(app.drill, Some(1));
        assert_eq!(app.card().unwrap().title, "Reads customer reviews");
        // Left/Right wait while the list is open.
        press(&mut app, KeyCode::Right);
        assert_eq!((app.sel.stage, app.drill), (1, Some(1)));
        press(&mut app, KeyCode::Up);
        assert_eq!(app.drill, Some(0));
        press(&mut app, KeyCode::Esc);
        assert_eq!((app.view, app.drill, app.row), (View::Channels, None, 0));
        // An empty cell: Web x Post-purchase.
        for _ in 0..3 {
            press(&mut app, KeyCode::Right);
        }
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.drill, None);
        assert_eq!(message(&app), "no touchpoint in Web × Post-purchase");
    }

    #[test]
    fn enter_in_the_list_shows_the_card_on_the_board() {
        let mut app = demo();
        chars(&mut app, "3");
        // Web x Purchase: "Chooses a payment plan", "Fails the credit check".
        for _ in 0..3 {
            press(&mut app, KeyCode::Right);
        }
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::End);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Board);
        assert_eq!(app.drill, None);
        assert_eq!((app.sel.stage, app.sel.card), (3, 1));
        assert_eq!(app.card().unwrap().title, "Fails the credit check");
        assert_eq!(message(&app), "view 1: board, on “Fails the credit check”");
        // Back in the channels view, no list is open.
        chars(&mut app, "3");
        assert_eq!(app.drill, None);
    }

    #[test]
    fn the_persona_filter_leaves_out_other_personas_cards() {
        let mut app = demo();
        chars(&mut app, "3");
        // Email x Awareness holds Priya's trade-in offer only.
        for _ in 0..5 {
            press(&mut app, KeyCode::Down);
        }
        chars(&mut app, "P");
        assert_eq!(
            app.persona_name(),
            Some("Alex, first-time smartphone buyer")
        );
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.drill, None);
        assert_eq!(
            message(&app),
            "no touchpoint in Email × Awareness for this persona"
        );
        chars(&mut app, "P");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.drill, Some(0));
        assert_eq!(app.card().unwrap().title, "Gets a trade-in offer email");
    }

    #[test]
    fn a_list_left_open_closes_when_its_cell_empties() {
        let mut app = demo();
        chars(&mut app, "3");
        for _ in 0..5 {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.drill, Some(0));
        // The card keys act on the listed card: deleting it empties the cell.
        chars(&mut app, "d");
        press(&mut app, KeyCode::Down);
        assert_eq!(app.drill, None);
        chars(&mut app, "u");
        assert_eq!(app.journey().unwrap().stages[0].touchpoints.len(), 3);
    }
}
