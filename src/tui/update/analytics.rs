//! The analytics view's actions: asking for an events file and analysing it in the background
//! ([`crate::tui::analysis`]), taking in the outcome as the event loop polls it, cancelling,
//! switching the attribution model, scrolling, and applying the figures as KPI measurements
//! through one undoable edit.

use crate::analytics::Model;
use crate::analytics::apply::{apply, last_event_day};
use crate::edit::Edit;
use crate::model::Journey;

use super::super::action::Action;
use super::super::analysis::{Analysed, Choice, Job, Outcome, Status, expand_path, home_dir};
use super::super::app::{App, Mode, PromptPurpose, View};
use super::Effect;
use crate::analytics::retention::Period;
use crate::number::thousands;
use crate::text::one_line;

impl App {
    /// Asks for the events file to analyse the current journey against; says what is missing
    /// instead when the journey has no event rules or an analysis is already running.
    pub(super) fn start_analysis_prompt(&mut self) {
        if self.analytics.job.is_some() {
            self.warn("an analysis is running: Esc cancels it");
            return;
        }
        let Some(journey) = self.journey() else {
            self.say("no journey yet: press N to create one");
            return;
        };
        if journey.event_rules.is_empty() {
            let name = journey.name.clone();
            self.warn(format!(
                "“{name}” has no event rules yet: add them in : edit journey details"
            ));
            return;
        }
        let last = self.analytics.last_file.clone().unwrap_or_default();
        self.prompt(PromptPurpose::AnalyzeFile, &last);
    }

    /// Starts analysing the current journey against the file typed in the prompt; a blank
    /// answer keeps the prompt open.
    pub(super) fn answer_analysis_prompt(&mut self, file: &str) -> Effect {
        if file.is_empty() {
            self.warn("type the path of an events file (Esc to cancel)");
            return Effect::None;
        }
        if file == "-" {
            // Standard input is the terminal here: the keys would be read as events.
            self.warn("the app cannot read events from standard input: type a file's path");
            return Effect::None;
        }
        self.mode = Mode::Board;
        let Some(journey) = self.journey().cloned() else {
            return Effect::None;
        };
        self.analytics.last_file = Some(file.to_string());
        let choice = self.analytics.choice.clone();
        // The status line shows its progress from now on.
        self.start_job(file, journey, choice);
        Effect::None
    }

    /// Starts analysing `journey` against `file` (as the user typed it) as `choice` says;
    /// true when it started.
    fn start_job(&mut self, file: &str, journey: Journey, choice: Choice) -> bool {
        let path = expand_path(file, home_dir());
        match Job::start(path, file.to_string(), journey, choice) {
            Ok(job) => {
                self.analytics.job = Some(job);
                true
            }
            Err(e) => {
                self.warn(format!("could not start the analysis: {e}"));
                false
            }
        }
    }

    /// Whether an analysis is being read: the event loop then polls it now and then.
    pub fn analysis_busy(&self) -> bool {
        self.analytics.job.is_some()
    }

    /// What the status line says while an analysis is being read.
    pub fn analysis_progress(&self) -> Option<String> {
        let job = self.analytics.job.as_ref()?;
        Some(progress_text(&job.file, job.status()))
    }

    /// Takes in the analysis when it has finished; true when the screen must be redrawn.
    /// Never waits.
    pub fn poll_analysis(&mut self) -> bool {
        let Some(outcome) = self.analytics.job.as_ref().and_then(Job::poll) else {
            return self.analytics.job.is_some();
        };
        self.take_outcome(outcome);
        true
    }

    /// Waits (up to ten seconds) for the analysis under way and takes it in, as the event
    /// loop would when it comes.
    #[cfg(test)]
    pub(crate) fn wait_for_analysis(&mut self) {
        let Some(job) = &self.analytics.job else {
            return;
        };
        let outcome = job
            .wait(std::time::Duration::from_secs(10))
            .expect("the analysis finishes within ten seconds");
        self.take_outcome(outcome);
    }

    fn take_outcome(&mut self, outcome: Outcome) {
        let Some(job) = self.analytics.job.take() else {
            return;
        };
        let analysis = match outcome {
            Outcome::Done(analysis) => *analysis,
            Outcome::Cancelled => {
                self.say(format!("analysis of {} cancelled", job.file));
                return;
            }
            Outcome::Failed(message) => {
                self.warn(message);
                return;
            }
        };
        self.analytics.choice = job.choice.clone();
        let mut summary = format!(
            "analyzed {}: {} rows, {} customers, {} conversions",
            job.file,
            thousands(analysis.rows),
            thousands(analysis.customers),
            thousands(analysis.conversions)
        );
        match analysis.skipped_rows {
            0 => {}
            1 => summary.push_str(", 1 row skipped"),
            n => summary.push_str(&format!(", {} rows skipped", thousands(n))),
        }
        self.analytics.results.insert(
            job.journey.clone(),
            Analysed {
                file: job.file,
                analysis,
            },
        );
        let index = self.doc.workspace.journey_index(&job.journey);
        let free = matches!(self.mode, Mode::Board) && self.editor.is_none();
        match index {
            // Nothing is open: show the figures, on the journey they are of.
            Some(index) if free => {
                if index != self.sel.journey {
                    self.switch_journey(index);
                    self.clamp_selection();
                }
                self.show_view(View::Analytics);
            }
            Some(_) => summary.push_str(" — 6 shows them"),
            None => {}
        }
        self.say(summary);
    }

    /// Asks the analysis under way to stop; true when there was one.
    pub(super) fn cancel_analysis(&mut self) -> bool {
        let Some(job) = &self.analytics.job else {
            return false;
        };
        job.cancel();
        let file = job.file.clone();
        self.say(format!("cancelling the analysis of {file}…"));
        true
    }

    /// Shows the next attribution model.
    pub(super) fn cycle_model(&mut self) {
        if self.analysis().is_none() {
            self.say("no analysis of this journey yet: “: analyze events file” runs one");
            return;
        }
        let models = Model::ALL;
        let at = models
            .iter()
            .position(|m| *m == self.analytics.model)
            .unwrap_or(0);
        self.analytics.model = models[(at + 1) % models.len()];
        if self.view != View::Analytics {
            self.show_view(View::Analytics);
        }
        self.say(format!(
            "attribution model: {} (m for the next)",
            self.analytics.model.name()
        ));
    }

    /// Counts retention by the other period (week, month), analysing the journey's file again
    /// when it has an analysis.
    pub(super) fn cycle_retention(&mut self) {
        let mut choice = self.analytics.choice.clone();
        choice.period = match choice.period {
            Period::Week => Period::Month,
            Period::Month => Period::Week,
        };
        let what = format!("retention by {}", choice.period.name());
        self.analyse_again(choice, &what);
    }

    /// Asks for the column to segment the analysis by.
    pub(super) fn start_segment_prompt(&mut self) {
        let by = self.analytics.choice.by.clone().unwrap_or_default();
        self.prompt(PromptPurpose::SegmentBy, &by);
    }

    /// Segments the analysis by the column typed in the prompt (none when blank), analysing the
    /// journey's file again when it has an analysis.
    pub(super) fn answer_segment_prompt(&mut self, column: &str) -> Effect {
        self.mode = Mode::Board;
        let mut choice = self.analytics.choice.clone();
        choice.by = (!column.is_empty()).then(|| column.to_string());
        let what = match &choice.by {
            Some(by) => format!("segments by {}", one_line(by)),
            None => "no segments".to_string(),
        };
        self.analyse_again(choice, &what);
        Effect::None
    }

    /// Runs the journey's analysis again on its file as `choice` says (`what` names the change
    /// for the status line); without an analysis, the next one is run so. The choice is kept
    /// once an analysis with it has finished, so that one that fails changes nothing.
    fn analyse_again(&mut self, choice: Choice, what: &str) {
        if self.analytics.job.is_some() {
            self.warn("an analysis is running: Esc cancels it");
            return;
        }
        let (Some(journey), Some(file)) = (
            self.journey().cloned(),
            self.analysis().map(|a| a.file.clone()),
        ) else {
            self.analytics.choice = choice;
            self.say(format!("{what} from the next analysis"));
            return;
        };
        if self.start_job(&file, journey, choice) {
            self.say(format!("{what}: analysing {file} again…"));
        }
    }

    /// Scrolls the analytics view; Esc goes back to the board.
    pub(super) fn update_analytics(&mut self, action: Action) -> Effect {
        let most = super::super::view::analytics_scroll_limit(self);
        self.row = self.row.min(most);
        match action {
            Action::Down => self.row = (self.row + 1).min(most),
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::First => self.row = 0,
            Action::Last => self.row = most,
            Action::Cancel => self.show_view(View::Board),
            _ => {}
        }
        Effect::None
    }

    /// Writes the analysis's stage figures into the current journey as KPI measurements
    /// dated by its last event, as one edit (`u` undoes it).
    pub(super) fn apply_analysis(&mut self) -> Effect {
        let (Some(journey), Some(analysed)) = (self.journey(), self.analysis()) else {
            self.say("no analysis of this journey yet: “: analyze events file” runs one");
            return Effect::None;
        };
        let Some(day) = last_event_day(&analysed.analysis) else {
            self.warn("the analysis has no mapped event, so no date to write figures for");
            return Effect::None;
        };
        let mut changed = journey.clone();
        let applied = match apply(&mut changed, &analysed.analysis, &day) {
            Ok(applied) => applied,
            Err(message) => {
                self.warn(message);
                return Effect::None;
            }
        };
        let edits = kpi_edits(journey, &changed);
        if applied.stages == 0 {
            self.warn("none of the analysis's stages is in the journey any more");
            return Effect::None;
        }
        if edits.is_empty() {
            self.say(format!(
                "the KPIs already hold these figures for {day}: nothing to write"
            ));
            return Effect::None;
        }
        let effect = self.apply(Edit::Batch {
            label: "apply analysis".into(),
            edits,
        });
        if effect == Effect::Edited {
            let created = match applied.created_kpis {
                0 => String::new(),
                1 => " (1 new KPI)".into(),
                n => format!(" ({n} new KPIs)"),
            };
            self.say(format!(
                "wrote {} measurements dated {day} — u to undo{created}",
                applied.measurements
            ));
        }
        effect
    }
}

/// The KPIs of `after` that are new or differ from `before`'s, as edits (stages by id).
fn kpi_edits(before: &Journey, after: &Journey) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (old, new) in before.stages.iter().zip(&after.stages) {
        for (index, kpi) in new.kpis.iter().enumerate() {
            if old.kpis.iter().any(|k| k == kpi) {
                continue;
            }
            edits.push(Edit::PutKpi {
                journey: before.id.clone(),
                stage: new.id.clone(),
                index,
                kpi: kpi.clone(),
            });
        }
    }
    edits
}

/// What the status line says while `file` is read.
fn progress_text(file: &str, status: Status) -> String {
    if status.cancelling {
        return format!("cancelling the analysis of {file}…");
    }
    let rows = format!("{} rows", thousands(status.rows));
    match status.percent() {
        Some(percent) => format!("analyzing {file}: {percent}% · {rows} — Esc cancels"),
        None => format!("analyzing {file}: {rows} — Esc cancels"),
    }
}

#[cfg(test)]
mod tests;
