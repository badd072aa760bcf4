//! Work the event loop hands to other threads so that no key waits for it: saving the
//! workspace and journaling unsaved edits to the recovery file.
//!
//! Each job takes a snapshot of the workspace (an `Arc`, no copy). An edit made while a job
//! still holds the snapshot copies the workspace once (`Arc::make_mut`); the job writes the
//! workspace as it was when the job started, and a save or journal asked for meanwhile runs
//! when the one under way is done.

use std::thread::JoinHandle;

use super::app::App;
use super::document::{Finished, SaveOutcome};

/// A save under way.
struct Saving {
    handle: JoinHandle<SaveOutcome>,
    /// Whether to say "saved" when it is done (a save the user asked for).
    announce: bool,
}

/// The saves and journal writes under way, and those asked for meanwhile.
#[derive(Default)]
pub struct Background {
    saving: Option<Saving>,
    /// A save asked for while one was under way (with its `announce`).
    save_next: Option<bool>,
    journaling: Option<JoinHandle<()>>,
    /// A journal asked for while one was under way.
    journal_next: bool,
}

impl Background {
    /// Whether work is under way: the loop then wakes often to take in its result.
    pub fn busy(&self) -> bool {
        self.saving.is_some() || self.journaling.is_some()
    }

    /// Whether a save is under way or waiting to start.
    pub fn saving(&self) -> bool {
        self.saving.is_some() || self.save_next.is_some()
    }

    /// Starts saving unsaved edits, or queues a save after the one under way. `announce`
    /// reports the outcome either way ("nothing to save", "saved").
    pub fn save(&mut self, app: &mut App, announce: bool) {
        if self.saving.is_some() {
            self.save_next = Some(announce || self.save_next.unwrap_or(false));
            return;
        }
        if app.doc.read_only.is_some() || !app.doc.is_dirty() {
            if announce {
                app.say("nothing to save");
            }
            return;
        }
        let job = app.doc.save_job();
        self.saving = Some(Saving {
            handle: std::thread::spawn(move || job.run()),
            announce,
        });
    }

    /// Starts journaling unsaved edits to the recovery file, or queues it after the one under
    /// way. A workspace with nothing unsaved needs no journal.
    pub fn journal(&mut self, app: &App) {
        if self.journaling.is_some() {
            self.journal_next = true;
            return;
        }
        if let Some(job) = app.doc.journal_job(None) {
            self.journaling = Some(std::thread::spawn(move || {
                let _ = job.run();
            }));
        }
    }

    /// Takes in the work that has finished and starts what was queued behind it; returns
    /// whether the screen changed.
    pub fn poll(&mut self, app: &mut App) -> bool {
        let mut changed = false;
        if self
            .journaling
            .as_ref()
            .is_some_and(JoinHandle::is_finished)
        {
            self.join_journal();
            if std::mem::take(&mut self.journal_next) {
                self.journal(app);
            }
        }
        if self.saving.as_ref().is_some_and(|s| s.handle.is_finished()) {
            self.join_save(app);
            changed = true;
        }
        changed
    }

    /// Waits for the work under way and takes it in (on the way out). Returns whether every
    /// edit is on disk.
    pub fn finish(&mut self, app: &mut App) -> bool {
        self.join_journal();
        while self.saving.is_some() {
            self.join_save(app);
        }
        !app.doc.is_dirty()
    }

    /// Waits for the journal write under way, if any.
    pub fn join_journal(&mut self) {
        if let Some(handle) = self.journaling.take() {
            let _ = handle.join();
        }
    }

    fn join_save(&mut self, app: &mut App) {
        let Some(saving) = self.saving.take() else {
            return;
        };
        let name = app.doc.file_name();
        let Ok(outcome) = saving.handle.join() else {
            app.warn("not saved: the save failed unexpectedly; your edits are kept");
            return;
        };
        match app.doc.finish_save(outcome) {
            Ok(Finished::Written) => {
                if !app.doc.is_dirty() {
                    // The edits are on disk: the journal of them is not needed any more.
                    self.join_journal();
                    self.journal_next = false;
                    app.doc.discard_journal();
                }
                if saving.announce {
                    app.say(format!("saved {name}"));
                }
            }
            Ok(Finished::Merged(conflicts)) => {
                app.clamp_selection();
                report_merge(app, conflicts, "saving");
                // The merge still has to reach the file.
                self.save_next = Some(self.save_next.unwrap_or(false));
            }
            Err(e) => app.warn(format!("not saved: {e}")),
        }
        if let Some(announce) = self.save_next.take() {
            self.save(app, announce);
        }
    }
}

/// Says that the file had changed on disk and was merged with the edits here (`then`: what
/// followed, "saved" or "saving"), and how many fields both sides changed (each kept as a
/// conflict in the workspace).
pub fn report_merge(app: &mut App, conflicts: Vec<crate::merge::Conflict>, then: &str) {
    let name = app.doc.file_name();
    if conflicts.is_empty() {
        app.say(format!(
            "{name} changed on disk: merged its changes with yours, {then}"
        ));
    } else {
        app.warn(format!(
            "{name} changed on disk: merged, {then}; {} field(s) changed on both sides are \
             kept as conflicts — : review conflicts",
            conflicts.len()
        ));
    }
}
