//! Opening and moving in the compare view: this journey beside the one it is a variant of
//! (or its variant, or the next journey), one row per stage.

use crate::report::compare::{self, Comparison, Partner};

use super::super::super::action::Action;
use super::super::super::app::{App, View};
use super::super::Effect;

impl App {
    /// The journeys the compare view shows, as indexes (A, B): the chosen partner when it
    /// is still another journey, else the one [`compare::partner`] picks.
    pub fn compare_pair(&self) -> Option<(usize, usize)> {
        let journeys = &self.doc.workspace.journeys;
        let this = self.sel.journey;
        let other = self
            .compare_with
            .filter(|i| *i != this && *i < journeys.len())
            .or_else(|| compare::partner(journeys, this).map(|(i, _)| i))?;
        Some(compare::sides(journeys, this, other))
    }

    /// The comparison on screen, with whether the current journey is side A.
    pub fn comparison(&self) -> Option<(Comparison, bool)> {
        let (a, b) = self.compare_pair()?;
        let journeys = &self.doc.workspace.journeys;
        Some((
            compare::compare(&journeys[a], &journeys[b]),
            a == self.sel.journey,
        ))
    }

    /// Opens the compare view beside the journey's variant, or the next journey; in the
    /// compare view, `c` puts the next journey beside it instead.
    pub(in super::super) fn open_compare(&mut self) {
        let journeys = &self.doc.workspace.journeys;
        let this = self.sel.journey;
        if journeys.len() < 2 {
            self.say("this is the only journey: nothing to compare it with (N creates one)");
            return;
        }
        let (other, why) = if self.view == View::Compare {
            let current = self
                .compare_pair()
                .map(|(a, b)| if a == this { b } else { a });
            let mut next = (current.unwrap_or(this) + 1) % journeys.len();
            if next == this {
                next = (next + 1) % journeys.len();
            }
            (next, Partner::Next)
        } else {
            let Some(partner) = compare::partner(journeys, this) else {
                return;
            };
            partner
        };
        let name = journeys[other].name.clone();
        self.compare_with = Some(other);
        self.view = View::Compare;
        self.row = self
            .comparison()
            .and_then(|(c, this_is_a)| c.row_of(self.sel.stage, this_is_a))
            .unwrap_or(0);
        self.say(match why {
            Partner::Base => format!("compare with “{name}”, which this journey is a variant of"),
            Partner::Variant => format!("compare with “{name}”, a variant of this journey"),
            Partner::Next => format!("compare with the next journey, “{name}” (c for another)"),
        });
    }

    /// Up/Down or Left/Right choose a stage; Esc or Enter go back to the board, at that stage.
    pub(in super::super) fn update_compare(&mut self, action: Action) -> Effect {
        let Some((comparison, this_is_a)) = self.comparison() else {
            if matches!(action, Action::Cancel | Action::OpenCard) {
                self.show_view(View::Board);
            }
            return Effect::None;
        };
        let last = comparison.stages.len().saturating_sub(1);
        self.row = self.row.min(last);
        match action {
            Action::Up | Action::Left => self.row = self.row.saturating_sub(1),
            Action::Down | Action::Right => self.row = (self.row + 1).min(last),
            Action::First => self.row = 0,
            Action::Last => self.row = last,
            Action::Cancel | Action::OpenCard => {
                self.show_view(View::Board);
                return Effect::None;
            }
            _ => {}
        }
        // The journey on screen follows, when it has the stage.
        let stage = comparison
            .stages
            .get(self.row)
            .and_then(|s| if this_is_a { s.a } else { s.b });
        if let Some(stage) = stage {
            self.select_stage(stage);
        }
        Effect::None
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testkit::{message, press};

    fn app_on(workspace: Workspace) -> App {
        super::super::super::testkit::app_on(workspace, (100, 30))
    }

    use crossterm::event::KeyCode;

    use crate::model::Workspace;

    use super::*;

    #[test]
    fn c_compares_with_the_variant_and_esc_goes_back() {
        let mut app = app_on(crate::demo::workspace());
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.view, View::Compare);
        assert_eq!(app.compare_with, Some(2));
        assert_eq!(app.compare_pair(), Some((0, 2)));
        assert_eq!(app.row, 1);
        assert_eq!(
            message(&app),
            "compare with “Future: smartphone purchase”, a variant of this journey"
        );
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Right);
        assert_eq!((app.row, app.sel.stage), (3, 3));
        press(&mut app, KeyCode::Char('G'));
        press(&mut app, KeyCode::Down);
        assert_eq!((app.row, app.sel.stage), (5, 5));
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Left);
        assert_eq!((app.row, app.sel.stage), (3, 3));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.view, View::Board);
        assert_eq!(app.sel.stage, 3);
        press(&mut app, KeyCode::Char('c'));
        press(&mut app, KeyCode::Char('1'));
        assert_eq!(app.view, View::Board);
    }

    #[test]
    fn the_future_state_compares_with_its_current_state_on_the_left() {
        let mut app = app_on(crate::demo::workspace());
        press(&mut app, KeyCode::Char(']'));
        press(&mut app, KeyCode::Char(']'));
        assert_eq!(app.sel.journey, 2);
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.compare_pair(), Some((0, 2)));
        assert_eq!(
            message(&app),
            "compare with “Smartphone purchase”, which this journey is a variant of"
        );
        let (_, this_is_a) = app.comparison().unwrap();
        assert!(!this_is_a);
        // c again: the next journey instead.
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.compare_with, Some(1));
        assert_eq!(app.compare_pair(), Some((2, 1)));
        assert_eq!(
            message(&app),
            "compare with the next journey, “Belanja omnichannel Toko Nusantara” (c for another)"
        );
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.compare_with, Some(0));
    }

    #[test]
    fn without_a_variant_the_next_journey_and_alone_nothing() {
        let mut app = app_on(crate::demo::workspace());
        press(&mut app, KeyCode::Char(']'));
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.compare_pair(), Some((1, 2)));
        assert!(message(&app).starts_with("compare with the next journey"));

        let mut ws = crate::demo::workspace();
        ws.journeys.truncate(1);
        let mut alone = app_on(ws);
        press(&mut alone, KeyCode::Char('c'));
        assert_eq!(alone.view, View::Board);
        assert_eq!(alone.compare_with, None);
        assert_eq!(
            message(&alone),
            "this is the only journey: nothing to compare it with (N creates one)"
        );
    }
}
