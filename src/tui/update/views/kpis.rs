//! Moving in the KPIs view, and adding KPIs and measurements from a one-line prompt.
//!
//! The view lists every stage's KPIs; `app.row` is the selected KPI within the selected stage.
//! Up/Down walk all the rows, crossing into the next or previous stage; Left/Right jump by
//! stage.

use crate::edit::Edit;
use crate::model::{Kpi, date};
use crate::report::kpi_input::{
    self, KPI_EXAMPLE, KPI_SYNTAX, figure_text, kind_name, kpi_change_text, measurement_hint,
    target_text,
};

use super::super::super::action::Action;
use super::super::super::app::{App, Mode, PromptPurpose, View};
use super::super::Effect;

impl App {
    /// Up/Down choose a KPI (across stages), Left/Right a stage, g/G the first/last KPI of the
    /// stage, Enter adds a measurement, Esc goes back to the board.
    pub(in super::super) fn update_kpis(&mut self, action: Action) -> Effect {
        let kpis = |app: &App| app.stage().map_or(0, |s| s.kpis.len());
        let stages = self.journey().map_or(0, |j| j.stages.len());
        self.row = self.row.min(kpis(self).saturating_sub(1));
        match action {
            Action::Up if self.row > 0 => self.row -= 1,
            Action::Up if self.sel.stage > 0 => {
                self.select_stage(self.sel.stage - 1);
                self.row = kpis(self).saturating_sub(1);
            }
            Action::Down if self.row + 1 < kpis(self) => self.row += 1,
            Action::Down if self.sel.stage + 1 < stages => {
                self.select_stage(self.sel.stage + 1);
                self.row = 0;
            }
            Action::Left | Action::Right => {
                let stage = if action == Action::Left {
                    self.sel.stage.saturating_sub(1)
                } else {
                    self.sel.stage + 1
                };
                self.select_stage(stage);
                self.row = 0;
            }
            Action::First => self.row = 0,
            Action::Last => self.row = kpis(self).saturating_sub(1),
            Action::OpenCard => self.start_kpi_prompt(Action::AddMeasurement),
            Action::Cancel => self.show_view(View::Board),
            _ => {}
        }
        Effect::None
    }

    /// Opens the selected KPI's form: settings and measurements.
    pub(in super::super) fn edit_selected_kpi(&mut self) {
        let Some(stage) = self.stage() else {
            return;
        };
        match stage.kpis.get(self.row) {
            Some(kpi) => {
                let kind = super::super::super::app::FormKind::Kpi {
                    stage: stage.id.clone(),
                    kpi: kpi.id.clone(),
                };
                self.open_form(kind);
            }
            None => self.say(format!("{} has no KPI: add one with : add KPI", stage.name)),
        }
    }

    /// Asks before deleting the selected KPI with its measurements.
    pub(in super::super) fn delete_kpi(&mut self) {
        let (Some(journey), Some(stage)) = (self.journey(), self.stage()) else {
            return;
        };
        let Some(kpi) = stage.kpis.get(self.row) else {
            self.say(format!("{} has no KPI to delete", stage.name));
            return;
        };
        let question = format!(
            "Delete KPI “{}” with its {} measurements?",
            kpi.name,
            kpi.measurements.len()
        );
        let edit = Edit::RemoveKpi {
            journey: journey.id.clone(),
            stage: stage.id.clone(),
            kpi: kpi.id.clone(),
        };
        self.mode = Mode::Confirm { question, edit };
    }

    /// The index of the KPI a measurement goes to: the selected row in the KPIs view,
    /// elsewhere the selected stage's only KPI.
    fn measured_kpi(&self) -> Option<usize> {
        let count = self.stage()?.kpis.len();
        match self.view {
            View::Kpis if count > 0 => Some(self.row.min(count - 1)),
            _ if count == 1 => Some(0),
            _ => None,
        }
    }

    /// Opens the prompt for a new measurement of the selected KPI, or a new KPI.
    pub(in super::super) fn start_kpi_prompt(&mut self, action: Action) {
        let Some(stage) = self.stage() else {
            self.say("this journey has no stage: press A to add one");
            return;
        };
        let stage_name = stage.name.clone();
        if action == Action::AddKpi {
            self.prompt(PromptPurpose::AddKpi, "");
            self.placeholder(&format!("e.g. {KPI_EXAMPLE}"));
            self.say(format!("new KPI in {stage_name}: {KPI_SYNTAX}"));
            return;
        }
        let count = stage.kpis.len();
        let Some(index) = self.measured_kpi() else {
            if count == 0 {
                self.say(format!("{stage_name} has no KPI: add one with : add KPI"));
            } else {
                self.view = View::Kpis;
                self.row = 0;
                self.say(format!(
                    "{stage_name} has {count} KPIs: choose one with ↑/↓, then m"
                ));
            }
            return;
        };
        let kpi = &stage.kpis[index];
        let hint = measurement_hint(kpi.kind);
        let message = format!(
            "{} ({}): dated today, or type YYYY-MM-DD first",
            kpi.name,
            kind_name(kpi.kind)
        );
        self.prompt(PromptPurpose::AddMeasurement, "");
        self.placeholder(&hint);
        self.say(message);
    }

    /// Shows `text` in the open prompt while it is empty.
    fn placeholder(&mut self, text: &str) {
        let style = self.theme().dim();
        if let Mode::Prompt { input, .. } = &mut self.mode {
            input.set_placeholder_text(text);
            input.set_placeholder_style(style);
        }
    }

    /// Adds what the prompt says; a bad answer keeps the prompt open with a message.
    pub(in super::super) fn answer_kpi_prompt(
        &mut self,
        purpose: PromptPurpose,
        text: &str,
    ) -> Effect {
        let (Some(journey), Some(stage)) = (self.journey(), self.stage()) else {
            self.mode = Mode::Board;
            return Effect::None;
        };
        let (journey_id, stage_id, stage_name) =
            (journey.id.clone(), stage.id.clone(), stage.name.clone());
        match purpose {
            PromptPurpose::AddKpi => {
                let kpi = match kpi_input::parse_kpi(text) {
                    Ok(kpi) => kpi,
                    Err(e) => {
                        self.warn(e.to_string());
                        return Effect::None;
                    }
                };
                let taken = |k: &Kpi| k.name.to_lowercase() == kpi.name.to_lowercase();
                if stage.kpis.iter().any(taken) {
                    self.warn(format!(
                        "{stage_name} already has a KPI named “{}”",
                        kpi.name
                    ));
                    return Effect::None;
                }
                let index = stage.kpis.len();
                let message = format!(
                    "added KPI “{}” ({} {}) to {stage_name}: m adds a measurement",
                    kpi.name,
                    kind_name(kpi.kind),
                    target_text(&kpi)
                );
                self.mode = Mode::Board;
                let effect = self.apply(Edit::PutKpi {
                    journey: journey_id,
                    stage: stage_id,
                    index,
                    kpi,
                });
                if effect == Effect::Edited {
                    self.view = View::Kpis;
                    self.row = index;
                    self.say(message);
                }
                effect
            }
            PromptPurpose::AddMeasurement => {
                let Some(index) = self.measured_kpi() else {
                    self.mode = Mode::Board;
                    return Effect::None;
                };
                let Some(kpi) = self.stage().map(|s| s.kpis[index].clone()) else {
                    return Effect::None;
                };
                let measurement =
                    match kpi_input::parse_measurement(&kpi, text, &date::today_text()) {
                        Ok(m) => m,
                        Err(e) => {
                            self.warn(e.to_string());
                            return Effect::None;
                        }
                    };
                let (day, figure) = (
                    measurement.date.clone(),
                    measurement.figure(kpi.kind, &kpi.unit),
                );
                // Oldest first: after every measurement of the same day or before.
                let at = kpi
                    .measurements
                    .iter()
                    .position(|m| m.date > day)
                    .unwrap_or(kpi.measurements.len());
                let before = kpi.measurements[..at]
                    .iter()
                    .rev()
                    .find_map(|m| Some((m.date.clone(), m.figure(kpi.kind, &kpi.unit)?)));
                let mut updated = kpi.clone();
                updated.measurements.insert(at, measurement);
                let summary = updated.summary();
                let unit = kpi.unit.as_str();
                let change = match (before, figure) {
                    (Some((when, previous)), Some(figure)) => {
                        format!(
                            "{} since {when}",
                            kpi_change_text(kpi.kind, unit, Some(previous), Some(figure))
                        )
                    }
                    _ => "first measurement".to_string(),
                };
                let target = match summary.on_target {
                    Some(true) => " · ✓ on target",
                    Some(false) => " · ✗ off target",
                    None => "",
                };
                let message = format!(
                    "{} {} on {day}, {change}{target} — u to undo",
                    kpi.name,
                    figure_text(figure, unit)
                );
                self.mode = Mode::Board;
                let effect = self.apply(Edit::PutKpi {
                    journey: journey_id,
                    stage: stage_id,
                    index,
                    kpi: updated,
                });
                if effect == Effect::Edited {
                    self.say(message);
                }
                effect
            }
            _ => Effect::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testkit::{demo_app, keys as type_text, message, press};

    fn demo() -> App {
        demo_app((80, 24))
    }

    use crossterm::event::KeyCode;

    use crate::model::{Direction, KpiKind};

    use super::*;
    use crate::tui::app::Level;

    /// Runs "add KPI" from the palette (listed after "add KPI measurement").
    fn palette_add_kpi(app: &mut App) {
        press(app, KeyCode::Char(':'));
        type_text(app, "add KPI");
        let Mode::Palette(panel) = &app.mode else {
            panic!("no palette");
        };
        let at = panel
            .entries
            .iter()
            .position(|(a, _)| *a == Action::AddKpi)
            .expect("add KPI in the palette");
        for _ in 0..at {
            press(app, KeyCode::Down);
        }
        press(app, KeyCode::Enter);
    }

    fn measurements(app: &App, stage: usize, kpi: usize) -> usize {
        app.journey().unwrap().stages[stage].kpis[kpi]
            .measurements
            .len()
    }

    #[test]
    fn m_types_enter_adds_a_measurement_and_u_undoes_it() {
        let mut app = demo();
        press(&mut app, KeyCode::Char('4'));
        assert_eq!(app.view, View::Kpis);
        // Purchase: checkout conversion, then checkout CSAT.
        for _ in 0..3 {
            press(&mut app, KeyCode::Right);
        }
        press(&mut app, KeyCode::Down);
        assert_eq!((app.sel.stage, app.row), (3, 1));
        press(&mut app, KeyCode::Char('m'));
        let Mode::Prompt { purpose, input } = &app.mode else {
            panic!("no prompt");
        };
        assert_eq!(*purpose, PromptPurpose::AddMeasurement);
        assert_eq!(
            input.placeholder_text(),
            "answers 1 2 3 4 5, e.g. 3 5 10 40 42"
        );
        assert_eq!(
            message(&app),
            "Checkout CSAT (CSAT): dated today, or type YYYY-MM-DD first"
        );
        type_text(&mut app, "2026-03-02 10 20 70 300 300");
        assert_eq!(press(&mut app, KeyCode::Enter), Effect::Edited);
        assert!(matches!(app.mode, Mode::Board));
        assert_eq!(measurements(&app, 3, 1), 3);
        let kpi = &app.journey().unwrap().stages[3].kpis[1];
        assert_eq!(kpi.measurements[2].buckets, Some([10, 20, 70, 300, 300]));
        assert_eq!(
            message(&app),
            "Checkout CSAT 85.7 % on 2026-03-02, +16.1 pp since 2026-02-02 · ✓ on target — u to undo"
        );
        assert_eq!(press(&mut app, KeyCode::Char('u')), Effect::Edited);
        assert_eq!(measurements(&app, 3, 1), 2);
        assert_eq!(message(&app), "undid edit KPI");
        assert_eq!(app.sel.stage, 3);
    }

    #[test]
    fn a_measurement_without_a_date_is_today_and_older_dates_go_in_order() {
        let mut app = demo();
        press(&mut app, KeyCode::Char('4'));
        press(&mut app, KeyCode::Char('m'));
        type_text(&mut app, "2500/100000");
        press(&mut app, KeyCode::Enter);
        let kpi = &app.journey().unwrap().stages[0].kpis[0];
        assert_eq!(kpi.measurements[2].date, date::today_text());
        assert_eq!(kpi.measurements[2].numerator, Some(2500));
        press(&mut app, KeyCode::Char('m'));
        type_text(&mut app, "2025-12-01 1 100");
        press(&mut app, KeyCode::Enter);
        let kpi = &app.journey().unwrap().stages[0].kpis[0];
        assert_eq!(kpi.measurements[0].date, "2025-12-01");
        assert_eq!(kpi.measurements.len(), 4);
        assert_eq!(
            message(&app),
            "Ad click-through rate 1 % on 2025-12-01, first measurement · ✓ on target — u to undo"
        );
    }

    #[test]
    fn a_bad_answer_keeps_the_prompt_open_with_the_reason() {
        let mut app = demo();
        press(&mut app, KeyCode::Char('4'));
        for _ in 0..5 {
            press(&mut app, KeyCode::Right);
        }
        press(&mut app, KeyCode::Char('m'));
        type_text(&mut app, "120 40");
        assert_eq!(press(&mut app, KeyCode::Enter), Effect::None);
        assert!(matches!(
            app.mode,
            Mode::Prompt {
                purpose: PromptPurpose::AddMeasurement,
                ..
            }
        ));
        assert_eq!(
            app.message,
            Some((
                "NPS needs three counts: promoters passives detractors, e.g. 120 40 30 (or a score: NPS 32)".into(),
                Level::Error
            ))
        );
        assert_eq!(measurements(&app, 5, 0), 2);
        type_text(&mut app, " 30");
        assert_eq!(press(&mut app, KeyCode::Enter), Effect::Edited);
        assert_eq!(measurements(&app, 5, 0), 3);
        press(&mut app, KeyCode::Char('m'));
        press(&mut app, KeyCode::Esc);
        assert!(matches!(app.mode, Mode::Board));
        assert_eq!(measurements(&app, 5, 0), 3);
    }

    #[test]
    fn m_on_the_board_measures_the_stage_s_only_kpi_or_asks_to_choose() {
        let mut app = demo();
        press(&mut app, KeyCode::Char('m'));
        assert!(matches!(
            app.mode,
            Mode::Prompt {
                purpose: PromptPurpose::AddMeasurement,
                ..
            }
        ));
        type_text(&mut app, "1/10");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Board);
        assert_eq!(measurements(&app, 0, 0), 3);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Char('m'));
        assert!(matches!(app.mode, Mode::Board));
        assert_eq!(
            message(&app),
            "Consideration has no KPI: add one with : add KPI"
        );
        for _ in 0..2 {
            press(&mut app, KeyCode::Right);
        }
        press(&mut app, KeyCode::Char('m'));
        assert!(matches!(app.mode, Mode::Board));
        assert_eq!(app.view, View::Kpis);
        assert_eq!(
            message(&app),
            "Purchase has 2 KPIs: choose one with ↑/↓, then m"
        );
    }

    #[test]
    fn add_kpi_from_the_palette() {
        let mut app = demo();
        press(&mut app, KeyCode::Right);
        palette_add_kpi(&mut app);
        let Mode::Prompt { purpose, input } = &app.mode else {
            panic!("no prompt");
        };
        assert_eq!(*purpose, PromptPurpose::AddKpi);
        assert_eq!(
            input.placeholder_text(),
            "e.g. Checkout conversion: ratio % >= 65"
        );
        type_text(&mut app, "Compare clicks ratio");
        assert_eq!(press(&mut app, KeyCode::Enter), Effect::None);
        assert!(matches!(app.mode, Mode::Prompt { .. }));
        assert!(message(&app).starts_with("a KPI is typed as name: nps|csat|ces|ratio|value"));
        press(&mut app, KeyCode::Esc);
        palette_add_kpi(&mut app);
        type_text(&mut app, "Compare clicks: ratio % >= 30");
        assert_eq!(press(&mut app, KeyCode::Enter), Effect::Edited);
        let kpis = &app.journey().unwrap().stages[1].kpis;
        assert_eq!(kpis.len(), 1);
        assert_eq!(
            (
                kpis[0].kind,
                kpis[0].unit.as_str(),
                kpis[0].target,
                kpis[0].direction
            ),
            (KpiKind::Ratio, "%", Some(30.0), Direction::Higher)
        );
        assert_eq!((app.view, app.row), (View::Kpis, 0));
        assert_eq!(
            message(&app),
            "added KPI “Compare clicks” (ratio ≥ 30 %) to Consideration: m adds a measurement"
        );
        // The same name again is refused; undo removes the KPI.
        palette_add_kpi(&mut app);
        type_text(&mut app, "compare CLICKS: value");
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            message(&app),
            "Consideration already has a KPI named “compare CLICKS”"
        );
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('u'));
        assert!(app.journey().unwrap().stages[1].kpis.is_empty());
    }

    #[test]
    fn up_and_down_walk_every_kpi_across_stages() {
        let mut app = demo();
        press(&mut app, KeyCode::Char('4'));
        let mut seen = Vec::new();
        for _ in 0..10 {
            seen.push((app.sel.stage, app.row));
            press(&mut app, KeyCode::Down);
        }
        assert_eq!(
            seen,
            [
                (0, 0),
                (1, 0),
                (2, 0),
                (3, 0),
                (3, 1),
                (4, 0),
                (5, 0),
                (5, 0),
                (5, 0),
                (5, 0)
            ]
        );
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Char('G'));
        assert_eq!((app.sel.stage, app.row), (3, 1));
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Up);
        assert_eq!((app.sel.stage, app.row), (2, 0));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char('g'));
        assert_eq!((app.sel.stage, app.row), (3, 0));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.view, View::Board);
    }
}
