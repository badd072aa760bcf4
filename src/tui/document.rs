//! The open workspace: its data, its undo history and how it relates to the file on disk.

use std::cell::OnceCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use crate::edit::{Edit, EditError, History, Undone};
use crate::merge::{Conflict, Merged, merge_by};
use crate::model::{Journey, Stage, Workspace};
use crate::store::{self, Base, Draft, Fingerprint, Journal, Loaded, SaveError, Written};

use super::figures::Figures;

/// Why a document in review mode is read-only (`--read-only`, or `W`).
pub const REVIEW: &str = "review mode, nothing is written (W allows edits)";

/// One workspace file opened for editing.
pub struct Document {
    /// The data, shared read-only with work done off the UI thread (saving, the recovery
    /// journal, search); an edit copies it only while such work still holds it.
    pub workspace: Arc<Workspace>,
    /// Undo and redo.
    pub history: History,
    /// The file it came from and is saved to.
    pub path: PathBuf,
    /// Why it must not be written, when it must not: the file's own reason, or review mode
    /// (see [`Document::set_read_only`]).
    pub read_only: Option<String>,
    /// Why the file itself must not be written (its permissions, a newer format), which no
    /// key turns off.
    file_read_only: Option<String>,
    fingerprint: Option<Fingerprint>,
    saved_revision: u64,
    /// Counts merges whose result differs from the file they took in (it holds something the
    /// file does not: our edits, or what the merge added, such as who wrote a conflict's
    /// value); the count the last save wrote. Different: the merge still has to be saved.
    merges: u64,
    saved_merges: u64,
    /// The file's content as this program last read or wrote it: the base of a three-way
    /// merge when someone else saves the file meanwhile. Kept as bytes (compressed once
    /// written), parsed only for a merge: a second copy of the workspace would double the
    /// memory a large map needs.
    base: Base,
    /// What the views keep of the workspace until it changes.
    figures: Figures,
    /// This instance's recovery journal of the file, made at its first use.
    journal: OnceCell<Option<Arc<Journal>>>,
    /// Who edits here: named beside our values in the conflicts a merge keeps.
    pub author: String,
    /// Whether the workspace was changed in place, outside the history
    /// ([`Document::workspace_mut`]): merges then always merge three ways.
    changed_in_place: bool,
}

/// A write of the recovery journal to run off the UI thread.
pub struct JournalJob {
    journal: Arc<Journal>,
    workspace: Arc<Workspace>,
    base: Option<Fingerprint>,
    draft: Option<Draft>,
}

impl JournalJob {
    /// Writes the journal; a failure leaves the edits in memory, to be journaled again.
    pub fn run(self) -> std::io::Result<()> {
        self.journal
            .write(&self.workspace, self.base, self.draft.as_ref())
    }
}

/// What a save did, for the status line.
pub enum Saved {
    /// Written to the workspace file.
    File,
    /// The file had changed on disk: its changes were merged with these edits, then written.
    /// Fields both sides changed differently keep these edits; the conflicts hold theirs.
    Merged(Vec<Conflict>),
}

/// A save to run off the UI thread: a snapshot of the workspace and where it goes.
pub struct SaveJob {
    workspace: Arc<Workspace>,
    path: PathBuf,
    expected: Option<Fingerprint>,
    revision: u64,
    merges: u64,
}

/// What a [`SaveJob`] did.
pub struct SaveOutcome {
    revision: u64,
    merges: u64,
    result: Result<Written, SaveError>,
}

impl SaveJob {
    /// Writes the snapshot (serializing, locking, checking and writing the file).
    pub fn run(self) -> SaveOutcome {
        SaveOutcome {
            revision: self.revision,
            merges: self.merges,
            result: store::write(&self.path, &self.workspace, self.expected),
        }
    }
}

/// How a finished save left the document.
pub enum Finished {
    /// The snapshot is on disk.
    Written,
    /// The file had changed on disk and nothing was written: merge it in
    /// ([`Document::merge_job`]), then save again.
    Changed,
}

/// A merge of what someone else saved into the edits here, to run off the UI thread: it reads
/// the file, and when it differs from what this document last read or wrote, merges it with
/// a snapshot of the edits three ways.
pub struct MergeJob {
    path: PathBuf,
    base: Base,
    ours: Arc<Workspace>,
    known: Option<Fingerprint>,
    revision: u64,
    stamp: crate::merge::Stamp,
    /// Nothing was edited here since the base was read or written: the merge is the file as
    /// read (`merge(base, base, theirs)` is `theirs`), so the base is neither parsed nor merged.
    unedited: bool,
}

/// What a [`MergeJob`] found.
pub struct MergeOutcome {
    revision: u64,
    result: Result<Option<Found>, String>,
}

/// A merge with the file as read, and whether the merge holds more than the file.
struct Found {
    merged: Merged,
    /// The file as read: the next base.
    fingerprint: Fingerprint,
    base: Base,
    differs: bool,
}

impl MergeJob {
    /// Reads, parses and merges.
    pub fn run(mut self) -> MergeOutcome {
        let result = (|| {
            let unparsed = store::read(&self.path).map_err(|e| e.reason())?;
            if Some(unparsed.fingerprint) == self.known {
                return Ok(None);
            }
            let (loaded, merged, differs) = if self.unedited {
                // `merge(base, base, theirs)` is `theirs`: the file as read is the merge.
                let mut loaded = unparsed.parse(&self.path).map_err(|e| e.reason())?;
                let workspace = std::mem::take(&mut loaded.workspace);
                let merged = Merged {
                    workspace,
                    conflicts: Vec::new(),
                };
                (loaded, merged, false)
            } else {
                let (mut loaded, merged) = self.merge(unparsed)?;
                // Compared here, and the file's parsed copy freed here, not on the UI thread:
                // a deep walk and a large free on a large map.
                let differs = merged.workspace != loaded.workspace;
                drop(std::mem::take(&mut loaded.workspace));
                (loaded, merged, differs)
            };
            Ok(Some(Found {
                merged,
                fingerprint: loaded.fingerprint,
                base: match loaded.file {
                    Some(file) => Base::Opened(file, loaded.fingerprint),
                    None => Base::Read(Arc::new(loaded.bytes)),
                },
                differs,
            }))
        })();
        MergeOutcome {
            revision: self.revision,
            result,
        }
    }
    /// Parses the file read and the base side by side (on a large map each takes about as
    /// long as the merge itself) and merges the file into the edits here three ways.
    fn merge(&mut self, unparsed: store::Unparsed) -> Result<(Loaded, Merged), String> {
        let (path, base) = (&self.path, &mut self.base);
        let (loaded, base) = std::thread::scope(|scope| {
            let theirs = scope.spawn(move || unparsed.parse(path));
            let base = base.workspace(path);
            (theirs.join(), base)
        });
        let loaded = loaded
            .map_err(|_| "the file could not be read".to_string())?
            .map_err(|e| e.reason())?;
        let base = base.map_err(|e| e.reason())?;
        let merged = merge_by(&base, &self.ours, &loaded.workspace, &self.stamp);
        drop(base);
        Ok((loaded, merged))
    }
}

/// How a finished merge left the document.
pub enum Merging {
    /// The file was as this document knew it: nothing to take in.
    Unchanged,
    /// Its changes are in, with what both sides changed.
    Merged(Vec<Conflict>),
    /// Edits were made here while it ran: run it again.
    Stale,
}

impl Document {
    /// A document for `workspace`, written to `path` or to be written there (used for
    /// workspaces made in memory; [`Document::opened`] takes a file as read).
    pub fn new(
        workspace: Workspace,
        path: PathBuf,
        fingerprint: Option<Fingerprint>,
        read_only: Option<String>,
    ) -> Self {
        Self {
            base: Base::Read(Arc::new(store::to_json(&workspace).into_bytes())),
            workspace: Arc::new(workspace),
            history: History::default(),
            path,
            file_read_only: read_only.clone(),
            read_only,
            fingerprint,
            saved_revision: 0,
            merges: 0,
            saved_merges: 0,
            figures: Figures::default(),
            journal: OnceCell::new(),
            author: String::new(),
            changed_in_place: false,
        }
    }

    /// The document for a file just read from `path`.
    pub fn opened(path: PathBuf, loaded: Loaded, read_only: Option<String>) -> Self {
        Self {
            workspace: Arc::new(loaded.workspace),
            history: History::default(),
            path,
            file_read_only: read_only.clone(),
            read_only,
            fingerprint: Some(loaded.fingerprint),
            saved_revision: 0,
            merges: 0,
            saved_merges: 0,
            base: match loaded.file {
                Some(file) => Base::Opened(file, loaded.fingerprint),
                None => Base::Read(Arc::new(loaded.bytes)),
            },
            figures: Figures::default(),
            journal: OnceCell::new(),
            author: String::new(),
            changed_in_place: false,
        }
    }

    /// This instance's recovery journal of the file (`None` without a data folder).
    fn journal(&self) -> Option<&Arc<Journal>> {
        self.journal
            .get_or_init(|| Journal::new(&self.path).map(Arc::new))
            .as_ref()
    }

    /// A journal write of the unsaved edits and `draft` (text typed and not taken in), to run
    /// off the UI thread; `None` when there is nothing to journal or nowhere to write it.
    pub fn journal_job(&self, draft: Option<Draft>) -> Option<JournalJob> {
        if self.read_only.is_some() || (!self.is_dirty() && draft.is_none()) {
            return None;
        }
        Some(JournalJob {
            journal: Arc::clone(self.journal()?),
            workspace: Arc::clone(&self.workspace),
            base: self.fingerprint,
            draft,
        })
    }

    /// Removes this instance's journal once every edit is on disk.
    pub fn discard_journal(&self) {
        if let Some(journal) = self.journal.get().and_then(Option::as_ref) {
            let _ = journal.discard();
        }
    }

    /// Where this instance journals its unsaved edits, for messages.
    pub fn journal_path(&self) -> Option<PathBuf> {
        self.journal().map(|j| j.path().to_path_buf())
    }

    /// The file as this program last read or wrote it: the base of merges.
    pub fn base_workspace(&mut self) -> Result<Workspace, store::LoadError> {
        self.base.workspace(&self.path)
    }

    /// The fingerprint of the file as this program last read or wrote it.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// Starts the work a document leaves until a frame is drawn (nothing that can wait runs
    /// before the first): reading a file just opened or merged again for the merge base,
    /// compressed, on a thread of its own. Cheap when there is nothing to start.
    pub fn after_frame(&mut self) {
        self.base.compress_in_background();
    }

    /// Turns review mode on (nothing is written: no save, no journal, no lock or mark) or
    /// off. Off is refused, with the reason, when the file itself may not be written.
    pub fn set_read_only(&mut self, on: bool) -> Result<(), String> {
        if on {
            self.read_only.get_or_insert_with(|| REVIEW.to_string());
        } else if let Some(reason) = &self.file_read_only {
            return Err(reason.clone());
        } else if let Some(reason) = store::write_refusal(&self.path) {
            // Asked only now: review mode opens nothing for writing.
            self.file_read_only = Some(reason.clone());
            return Err(reason);
        } else {
            self.read_only = None;
        }
        Ok(())
    }

    /// Whether there are edits (or a merge) not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision || self.merges != self.saved_merges
    }

    /// Applies an edit through the history.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let result = self.history.apply(Arc::make_mut(&mut self.workspace), edit);
        self.changed(result.is_ok());
        result
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Result<Option<Undone>, EditError> {
        let result = self.history.undo(Arc::make_mut(&mut self.workspace));
        self.changed(matches!(result, Ok(Some(_))));
        result
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<Option<Undone>, EditError> {
        let result = self.history.redo(Arc::make_mut(&mut self.workspace));
        self.changed(matches!(result, Ok(Some(_))));
        result
    }

    /// Notes a step through the history that changed the workspace: which stages' cards it
    /// changed. A step that failed, or found nothing to undo, changed nothing.
    fn changed(&mut self, done: bool) {
        if done {
            self.figures.changed(Some(self.history.touched()));
        }
    }

    /// The workspace to change in place, outside the history (tests, merges). Copies it
    /// first while work off the UI thread still holds a snapshot.
    pub fn workspace_mut(&mut self) -> &mut Workspace {
        self.figures.changed(None);
        self.changed_in_place = true;
        Arc::make_mut(&mut self.workspace)
    }

    /// A figure of one stage computed from its cards (its mean emotion, the lines of its
    /// lanes), kept until an edit changes that stage's cards: see [`Figures::stage_figure`].
    pub fn stage_figure<T: 'static>(
        &self,
        stage: &Stage,
        persona: Option<&str>,
        compute: fn(&Stage, Option<&str>) -> T,
    ) -> Rc<T> {
        self.figures.stage_figure(stage, persona, compute)
    }

    /// A summary of journey `journey` that walks all its cards (the channel matrix, the
    /// opportunity ranking), kept until the workspace changes: see [`Figures::summary`].
    pub fn summary<T: 'static>(
        &self,
        journey: usize,
        persona: Option<&str>,
        compute: fn(&Journey, Option<&str>) -> T,
    ) -> Option<Rc<T>> {
        self.figures
            .summary(&self.workspace, journey, persona, compute)
    }

    /// A save of the workspace as it is now, to run on another thread; hand its outcome to
    /// [`Document::finish_save`].
    pub fn save_job(&self) -> SaveJob {
        SaveJob {
            workspace: Arc::clone(&self.workspace),
            path: self.path.clone(),
            expected: self.fingerprint,
            revision: self.history.revision(),
            merges: self.merges,
        }
    }

    /// Takes in what a save did. When the file had changed on disk nothing was overwritten:
    /// the file's changes are merged with the edits here (three ways, by id), and the merge
    /// still has to be saved.
    pub fn finish_save(&mut self, outcome: SaveOutcome) -> Result<Finished, SaveError> {
        match outcome.result {
            Ok(written) => {
                self.fingerprint = Some(written.fingerprint);
                self.saved_revision = outcome.revision;
                self.saved_merges = outcome.merges;
                self.base = written.base;
                Ok(Finished::Written)
            }
            Err(SaveError::ChangedOnDisk { .. }) => Ok(Finished::Changed),
            Err(e) => Err(e),
        }
    }

    /// A merge of the file as it is now, to run off the UI thread; hand its outcome to
    /// [`Document::finish_merge`].
    pub fn merge_job(&mut self) -> MergeJob {
        MergeJob {
            path: self.path.clone(),
            // Shared, not copied, and never waited for here: the job waits for a compression
            // under way if it needs to.
            base: self.base.share(),
            ours: Arc::clone(&self.workspace),
            known: self.fingerprint,
            revision: self.history.revision(),
            stamp: self.stamp(),
            unedited: !self.is_dirty() && !self.changed_in_place,
        }
    }

    /// Takes in what a merge found. A merge of edits older than those here now is stale and
    /// changes nothing.
    pub fn finish_merge(&mut self, outcome: MergeOutcome) -> Result<Merging, SaveError> {
        if outcome.revision != self.history.revision() {
            return Ok(Merging::Stale);
        }
        let unreadable = |message: String| SaveError::Io {
            path: self.path.clone(),
            source: std::io::Error::other(format!(
                "{message} (it changed on disk and cannot be read; your edits are kept here \
                 and in the recovery file)"
            )),
        };
        match outcome.result.map_err(unreadable)? {
            None => Ok(Merging::Unchanged),
            Some(found) => Ok(Merging::Merged(self.take_merge(found))),
        }
    }

    /// Makes a merge the document's content, the file as read its new base.
    fn take_merge(&mut self, found: Found) -> Vec<Conflict> {
        let Found {
            merged,
            fingerprint,
            base,
            differs,
        } = found;
        if differs {
            self.merges += 1;
        }
        let old = std::mem::replace(&mut self.workspace, Arc::new(merged.workspace));
        // Freeing a large map takes a while: not on the UI thread.
        std::thread::spawn(move || drop(old));
        self.figures.changed(None);
        self.fingerprint = Some(fingerprint);
        self.base = base;
        merged.conflicts
    }

    /// Who edits here, now: stamped on the conflicts a merge keeps.
    fn stamp(&self) -> crate::merge::Stamp {
        crate::merge::Stamp {
            by: self.author.clone(),
            at: crate::model::date::iso_timestamp(crate::model::date::now_seconds()),
        }
    }

    /// Saves on this thread, merging first when the file changed on disk (used on the way
    /// out, where there is nothing left to keep responsive).
    pub fn save(&mut self) -> Result<Saved, SaveError> {
        let mut conflicts = Vec::new();
        for _ in 0..3 {
            match self.finish_save(self.save_job().run())? {
                Finished::Written if conflicts.is_empty() => return Ok(Saved::File),
                Finished::Written => return Ok(Saved::Merged(conflicts)),
                Finished::Changed => conflicts.extend(self.merge_from_disk()?),
            }
        }
        // Changed again and again in the moments between: the next save merges once more.
        Ok(Saved::Merged(conflicts))
    }

    /// Reads the file as it is now and merges its changes into the workspace here, on this
    /// thread. The file becomes the new base; edits here not yet in the file stay unsaved.
    pub fn merge_from_disk(&mut self) -> Result<Vec<Conflict>, SaveError> {
        let outcome = self.merge_job().run();
        match self.finish_merge(outcome)? {
            Merging::Merged(conflicts) => Ok(conflicts),
            Merging::Unchanged | Merging::Stale => Ok(Vec::new()),
        }
    }

    /// Whether the file on disk differs from what this program last read or wrote.
    pub fn changed_on_disk(&self) -> bool {
        // Never blocks: a FIFO swapped in for the file is refused, not read.
        let now = crate::safe_fs::read_regular(&self.path)
            .ok()
            .map(|b| Fingerprint::of(&b));
        now.is_some() && now != self.fingerprint
    }

    /// The file's name for the header.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::model::{FieldValue, TouchpointField};

    fn retitle(doc: &mut Document, title: &str) {
        let journey = &doc.workspace.journeys[0];
        let edit = Edit::SetField {
            journey: journey.id.clone(),
            card: journey.stages[0].touchpoints[0].id.clone(),
            field: TouchpointField::Title,
            value: FieldValue::Text(title.into()),
        };
        doc.apply(edit).unwrap();
    }

    static WALKS: AtomicUsize = AtomicUsize::new(0);

    fn first_title(journey: &Journey, _: Option<&str>) -> String {
        WALKS.fetch_add(1, Ordering::SeqCst);
        journey.stages[0].touchpoints[0].title.to_string()
    }

    #[test]
    fn a_summary_is_computed_once_per_change_of_the_workspace() {
        let mut doc = Document::new(crate::demo::workspace(), "demo.json".into(), None, None);
        let before = WALKS.load(Ordering::SeqCst);
        let first = doc.summary(0, None, first_title).unwrap();
        assert_eq!(doc.summary(0, None, first_title).unwrap(), first);
        assert_eq!(
            WALKS.load(Ordering::SeqCst),
            before + 1,
            "drawn twice, walked once"
        );
        retitle(&mut doc, "Renamed");
        assert_eq!(*doc.summary(0, None, first_title).unwrap(), "Renamed");
        doc.undo().unwrap();
        assert_eq!(doc.summary(0, None, first_title).unwrap(), first);
        doc.workspace_mut().journeys[0].stages[0].touchpoints[0].title = "Direct".into();
        assert_eq!(*doc.summary(0, None, first_title).unwrap(), "Direct");
        assert!(doc.summary(99, None, first_title).is_none());
    }

    static STAGE_WALKS: AtomicUsize = AtomicUsize::new(0);

    fn card_count(stage: &Stage, _: Option<&str>) -> usize {
        STAGE_WALKS.fetch_add(1, Ordering::SeqCst);
        stage.touchpoints.len()
    }

    /// How many stages of the first journey have their figure computed again when asked.
    fn walks(doc: &Document) -> usize {
        let before = STAGE_WALKS.load(Ordering::SeqCst);
        for stage in &doc.workspace.journeys[0].stages {
            doc.stage_figure(stage, None, card_count);
        }
        STAGE_WALKS.load(Ordering::SeqCst) - before
    }

    #[test]
    fn a_stage_figure_is_computed_again_only_when_an_edit_changed_its_stage() {
        let mut doc = Document::new(crate::demo::workspace(), "demo.json".into(), None, None);
        let stages = doc.workspace.journeys[0].stages.len();
        assert_eq!(walks(&doc), stages);
        assert_eq!(walks(&doc), 0, "nothing changed");
        retitle(&mut doc, "A title is not a stage figure");
        assert_eq!(walks(&doc), 0);
        let journey = &doc.workspace.journeys[0];
        let moved = Edit::MoveCard {
            journey: journey.id.clone(),
            card: journey.stages[0].touchpoints[0].id.clone(),
            stage: journey.stages[1].id.clone(),
            index: 0,
        };
        doc.apply(moved).unwrap();
        assert_eq!(walks(&doc), 2, "the two stages the card left and joined");
        let journey = &doc.workspace.journeys[0];
        assert_eq!(
            *doc.stage_figure(&journey.stages[1], None, card_count),
            journey.stages[1].touchpoints.len()
        );
        doc.undo().unwrap();
        assert_eq!(walks(&doc), 2);
        let journey = &doc.workspace.journeys[0];
        let emotion = Edit::SetField {
            journey: journey.id.clone(),
            card: journey.stages[0].touchpoints[0].id.clone(),
            field: TouchpointField::Emotion,
            value: FieldValue::Emotion(None),
        };
        doc.apply(emotion).unwrap();
        assert_eq!(walks(&doc), stages, "its stage is not in the edit");
        doc.workspace_mut().journeys[0].stages[2]
            .touchpoints
            .clear();
        assert_eq!(walks(&doc), stages);
    }

    #[test]
    fn a_save_writes_its_snapshot_and_edits_made_meanwhile_stay_unsaved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.json");
        let mut doc = Document::new(crate::demo::workspace(), path.clone(), None, None);
        retitle(&mut doc, "Saved");
        let job = doc.save_job();
        retitle(&mut doc, "Typed while saving");
        assert!(matches!(
            doc.finish_save(job.run()).unwrap(),
            Finished::Written
        ));
        let on_disk = store::load(&path).unwrap().workspace;
        assert_eq!(on_disk.journeys[0].stages[0].touchpoints[0].title, "Saved");
        assert!(doc.is_dirty(), "the later edit is not on disk yet");
        assert!(
            !doc.changed_on_disk(),
            "the file is the one this document wrote"
        );
        doc.save().unwrap();
        assert!(!doc.is_dirty());
        let on_disk = store::load(&path).unwrap().workspace;
        assert_eq!(*doc.workspace, on_disk);
    }
    /// A document on a fresh file, and another writer's copy of it with the first card
    /// retitled and saved.
    fn opened_then_saved_elsewhere(dir: &std::path::Path) -> (Document, PathBuf) {
        let path = dir.join("ws.json");
        store::save(&path, &crate::demo::workspace(), None).unwrap();
        let doc = Document::opened(path.clone(), store::load(&path).unwrap(), None);
        let mut theirs = store::load(&path).unwrap();
        theirs.workspace.journeys[0].stages[0].touchpoints[0].title = "Theirs".into();
        store::save(&path, &theirs.workspace, Some(theirs.fingerprint)).unwrap();
        (doc, path)
    }

    #[test]
    fn an_unedited_document_takes_the_file_in_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let (mut doc, path) = opened_then_saved_elsewhere(dir.path());
        let job = doc.merge_job();
        assert!(job.unedited);
        assert!(matches!(doc.finish_merge(job.run()), Ok(Merging::Merged(c)) if c.is_empty()));
        assert_eq!(*doc.workspace, store::load(&path).unwrap().workspace);
        assert!(!doc.is_dirty(), "nothing here the file lacks");
        assert!(!doc.changed_on_disk());
    }

    #[test]
    fn an_edited_document_merges_three_ways_keeping_its_edit() {
        let dir = tempfile::tempdir().unwrap();
        let (mut doc, _) = opened_then_saved_elsewhere(dir.path());
        let journey = &doc.workspace.journeys[0];
        let last = journey.stages.last().unwrap();
        let edit = Edit::SetField {
            journey: journey.id.clone(),
            card: last.touchpoints.last().unwrap().id.clone(),
            field: TouchpointField::Title,
            value: FieldValue::Text("Ours".into()),
        };
        doc.apply(edit).unwrap();
        let job = doc.merge_job();
        assert!(!job.unedited);
        assert!(matches!(doc.finish_merge(job.run()), Ok(Merging::Merged(c)) if c.is_empty()));
        let journey = &doc.workspace.journeys[0];
        assert_eq!(journey.stages[0].touchpoints[0].title, "Theirs");
        let last = journey.stages.last().unwrap();
        assert_eq!(last.touchpoints.last().unwrap().title, "Ours");
        assert!(doc.is_dirty(), "the merge holds our edit, not yet saved");
    }

    #[test]
    fn a_change_in_place_is_merged_three_ways_too() {
        let dir = tempfile::tempdir().unwrap();
        let (mut doc, _) = opened_then_saved_elsewhere(dir.path());
        doc.workspace_mut().journeys[0].stages[1].touchpoints[0].title = "In place".into();
        assert!(!doc.merge_job().unedited);
        doc.merge_from_disk().unwrap();
        let journey = &doc.workspace.journeys[0];
        assert_eq!(journey.stages[0].touchpoints[0].title, "Theirs");
        assert_eq!(journey.stages[1].touchpoints[0].title, "In place");
    }
}
