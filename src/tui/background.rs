//! Work the event loop hands to other threads so that no key waits for it: saving the
//! workspace and journaling unsaved edits to the recovery file.
//!
//! Each job takes a snapshot of the workspace (an `Arc`, no copy). An edit made while a job
//! still holds the snapshot copies the workspace once (`Arc::make_mut`); the job writes the
//! workspace as it was when the job started, and a save or journal asked for meanwhile runs
//! when the one under way is done.

use std::thread::JoinHandle;

use super::app::App;
use super::document::{Finished, MergeOutcome, Merging, SaveOutcome};

/// How many times a merge made stale by edits typed while it ran starts again before the
/// next runs on the UI thread (a person typing faster than a huge map merges).
const STALE_MERGES: u32 = 3;

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
    /// A merge of someone else's save under way, and how many times in a row one went stale.
    merging: Option<JoinHandle<MergeOutcome>>,
    stale_merges: u32,
    /// A save waiting for the merge under way (with its `announce`).
    save_after_merge: Option<bool>,
    /// A merge left edits to save (see [`Background::take_merged`]).
    merged: bool,
}

impl Background {
    /// Whether work is under way: the loop then wakes often to take in its result.
    pub fn busy(&self) -> bool {
        self.saving.is_some() || self.journaling.is_some() || self.merging.is_some()
    }

    /// Whether a save or a merge is under way or waiting to start: the file is not to be
    /// looked at for others' changes meanwhile.
    pub fn saving(&self) -> bool {
        self.saving.is_some() || self.save_next.is_some() || self.merging.is_some()
    }

    /// Starts merging what someone else saved, off the UI thread (unless one is under way).
    pub fn merge(&mut self, app: &mut App) {
        if self.merging.is_some() {
            return;
        }
        match app.doc.merge_job() {
            Ok(job) => self.merging = Some(std::thread::spawn(move || job.run())),
            Err(e) => app.warn(format!("{e}")),
        }
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
        if self.merging.as_ref().is_some_and(JoinHandle::is_finished) {
            self.join_merge(app);
            changed = true;
        }
        changed
    }

    /// Takes in the merge under way (waiting for it): reports it, starts it again when it
    /// went stale, and saves its result when a save waits for it or autosave is on.
    fn join_merge(&mut self, app: &mut App) {
        let Some(handle) = self.merging.take() else {
            return;
        };
        let Ok(outcome) = handle.join() else {
            app.warn("the changes on disk could not be merged; your edits are kept");
            return;
        };
        match app.doc.finish_merge(outcome) {
            Ok(Merging::Unchanged) => {}
            Ok(Merging::Merged(conflicts)) => {
                self.stale_merges = 0;
                app.clamp_selection();
                let then = if self.save_after_merge.is_some() {
                    "merged its changes with yours, saving"
                } else {
                    "took in its changes"
                };
                report_merge(app, conflicts, then);
            }
            Ok(Merging::Stale) if self.stale_merges < STALE_MERGES => {
                self.stale_merges += 1;
                self.merge(app);
                return;
            }
            Ok(Merging::Stale) => {
                self.stale_merges = 0;
                match app.doc.merge_from_disk() {
                    Ok(conflicts) => report_merge(app, conflicts, "took in its changes"),
                    Err(e) => app.warn(format!("{e}")),
                }
            }
            Err(e) => app.warn(format!("{e}")),
        }
        match self.save_after_merge.take() {
            // A save waited for the merge: the merge still has to reach the file.
            Some(announce) => self.save(app, announce),
            // Our edits, merged with theirs, still have to reach the file: the loop arms the
            // autosave as for an edit.
            None => self.merged = app.doc.is_dirty(),
        }
    }

    /// Whether a merge left edits to save since the last call.
    pub fn take_merged(&mut self) -> bool {
        std::mem::take(&mut self.merged)
    }

    /// Waits for the work under way and takes it in (on the way out). Returns whether every
    /// edit is on disk.
    pub fn finish(&mut self, app: &mut App) -> bool {
        self.join_journal();
        while self.saving.is_some() || self.merging.is_some() {
            self.join_merge(app);
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
            Ok(Finished::Changed) => {
                // Someone else saved first: merge their changes in, then save the merge.
                self.save_after_merge = Some(saving.announce || self.save_next.unwrap_or(false));
                self.save_next = None;
                self.merge(app);
                return;
            }
            Err(e) => app.warn(format!("not saved: {e}")),
        }
        if let Some(announce) = self.save_next.take() {
            self.save(app, announce);
        }
    }
}

/// Says that the file had changed on disk and was merged with the edits here (`then`: what
/// followed, "saved", "saving" or "took in its changes"), and how many fields both sides
/// changed (each kept as a conflict in the workspace).
pub fn report_merge(app: &mut App, conflicts: Vec<crate::merge::Conflict>, then: &str) {
    let name = app.doc.file_name();
    if conflicts.is_empty() {
        app.say(format!("{name} changed on disk: {then}"));
    } else {
        app.warn(format!(
            "{name} changed on disk: merged, {then}; {} field(s) changed on both sides are \
             kept as conflicts — : review conflicts",
            conflicts.len()
        ));
    }
}
