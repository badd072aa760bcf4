//! Work the event loop hands to other threads so that no key waits for it: saving the
//! workspace and journaling unsaved edits to the recovery file.
//!
//! Each job takes a snapshot of the workspace (an `Arc`, no copy). An edit made while a job
//! still holds the snapshot copies the workspace once (`Arc::make_mut`); the job writes the
//! workspace as it was when the job started, and a save or journal asked for meanwhile runs
//! when the one under way is done. A job that ends wakes the event loop
//! ([`Background::waking`]), which takes its result in at once.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use super::app::App;
use super::document::{Finished, MergeOutcome, Merging, SaveOutcome};
use super::wake::Wake;

/// How many times a merge made stale by edits typed while it ran starts again before the
/// next runs on the UI thread (a person typing faster than a huge map merges).
const STALE_MERGES: u32 = 3;

/// Work on a thread of its own. Its result is on the channel before the loop is woken, so a
/// wake always finds it.
struct Job<T>(Receiver<T>);

/// Wakes the event loop when dropped: at the end of a job, even one that panicked.
struct WakeOnDrop(Option<Sender<Wake>>);

impl Drop for WakeOnDrop {
    fn drop(&mut self) {
        if let Some(waker) = &self.0 {
            let _ = waker.send(Wake::WorkDone);
        }
    }
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work`, waking the loop through `waker` when it ends.
    fn start(waker: Option<Sender<Wake>>, work: impl FnOnce() -> T + Send + 'static) -> Self {
        let (sender, receiver) = mpsc::sync_channel(1);
        std::thread::spawn(move || {
            // Declared first, dropped last: the result is sent (or the sender dropped by a
            // panic) before the loop wakes.
            let _wake = WakeOnDrop(waker);
            let sender = sender;
            let _ = sender.send(work());
        });
        Self(receiver)
    }

    /// The result once the job is done (`Some(None)` when it panicked), `None` before.
    fn done(&self) -> Option<Option<T>> {
        match self.0.try_recv() {
            Ok(result) => Some(Some(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(None),
        }
    }

    /// Waits for the result (`None` when the job panicked).
    fn wait(self) -> Option<T> {
        self.0.recv().ok()
    }
}

/// A save under way.
struct Saving {
    job: Job<SaveOutcome>,
    /// Whether to say "saved" when it is done (a save the user asked for).
    announce: bool,
}

/// The saves and journal writes under way, and those asked for meanwhile.
#[derive(Default)]
pub struct Background {
    /// Wakes the event loop when a job ends; without it, the loop polls.
    waker: Option<Sender<Wake>>,
    saving: Option<Saving>,
    /// A save asked for while one was under way (with its `announce`).
    save_next: Option<bool>,
    journaling: Option<Job<()>>,
    /// A journal asked for while one was under way.
    journal_next: bool,
    /// A merge of someone else's save under way, and how many times in a row one went stale.
    merging: Option<Job<MergeOutcome>>,
    stale_merges: u32,
    /// A save waiting for the merge under way (with its `announce`).
    save_after_merge: Option<bool>,
    /// A merge left edits to save (see [`Background::take_merged`]).
    merged: bool,
}

impl Background {
    /// Work that wakes the loop through `waker` when it ends.
    pub fn waking(waker: Sender<Wake>) -> Self {
        Self {
            waker: Some(waker),
            ..Self::default()
        }
    }

    /// Whether the loop must look for finished work now and then: work is under way and
    /// nothing wakes the loop when it ends.
    pub fn needs_polling(&self) -> bool {
        self.waker.is_none()
            && (self.saving.is_some() || self.journaling.is_some() || self.merging.is_some())
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
        let job = app.doc.merge_job();
        self.merging = Some(Job::start(self.waker.clone(), move || job.run()));
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
            job: Job::start(self.waker.clone(), move || job.run()),
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
            self.journaling = Some(Job::start(self.waker.clone(), move || {
                let _ = job.run();
            }));
        }
    }

    /// Takes in the work that has finished and starts what was queued behind it; returns
    /// whether the screen changed.
    pub fn poll(&mut self, app: &mut App) -> bool {
        let mut changed = false;
        if let Some(_done) = self.journaling.as_ref().and_then(Job::done) {
            self.journaling = None;
            if std::mem::take(&mut self.journal_next) {
                self.journal(app);
            }
        }
        if let Some(outcome) = self.saving.as_ref().and_then(|s| s.job.done()) {
            let announce = self.saving.take().is_some_and(|s| s.announce);
            self.take_save(app, outcome, announce);
            changed = true;
        }
        if let Some(outcome) = self.merging.as_ref().and_then(Job::done) {
            self.merging = None;
            self.take_merge(app, outcome);
            changed = true;
        }
        changed
    }

    /// Waits for the merge under way and takes it in.
    fn join_merge(&mut self, app: &mut App) {
        if let Some(job) = self.merging.take() {
            let outcome = job.wait();
            self.take_merge(app, outcome);
        }
    }

    /// Takes in a merge's outcome (`None`: it failed): reports it, starts it again when it
    /// went stale, and saves its result when a save waits for it or autosave is on.
    fn take_merge(&mut self, app: &mut App, outcome: Option<MergeOutcome>) {
        let Some(outcome) = outcome else {
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
        if let Some(job) = self.journaling.take() {
            job.wait();
        }
    }

    /// Waits for the save under way and takes it in.
    fn join_save(&mut self, app: &mut App) {
        if let Some(saving) = self.saving.take() {
            let outcome = saving.job.wait();
            self.take_save(app, outcome, saving.announce);
        }
    }

    /// Takes in a save's outcome (`None`: it failed); `announce` says "saved" when done.
    fn take_save(&mut self, app: &mut App, outcome: Option<SaveOutcome>, announce: bool) {
        let name = app.doc.file_name();
        let Some(outcome) = outcome else {
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
                if announce {
                    app.say(format!("saved {name}"));
                }
            }
            Ok(Finished::Changed) => {
                // Someone else saved first: merge their changes in, then save the merge.
                self.save_after_merge = Some(announce || self.save_next.unwrap_or(false));
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
