//! The open workspace: its data, its undo history and how it relates to the file on disk.

use std::path::PathBuf;
use std::sync::Arc;

use crate::edit::{Edit, EditError, History, Undone};
use crate::merge::{Conflict, merge};
use crate::model::Workspace;
use crate::store::{self, Fingerprint, SaveError};

/// One workspace file opened for editing.
pub struct Document {
    /// The data, shared read-only with work done off the UI thread (saving, search); an edit
    /// copies it only while such work still holds it.
    pub workspace: Arc<Workspace>,
    /// Undo and redo.
    pub history: History,
    /// The file it came from and is saved to.
    pub path: PathBuf,
    /// Why it must not be written, when it must not.
    pub read_only: Option<String>,
    fingerprint: Option<Fingerprint>,
    saved_revision: u64,
    /// The file's content as this program last read or wrote it: the base of a three-way
    /// merge when someone else saves the file meanwhile.
    base: Workspace,
}

/// What a save did, for the status line.
pub enum Saved {
    /// Written to the workspace file.
    File,
    /// The file had changed on disk: its changes were merged with these edits, then written.
    /// Fields both sides changed differently keep these edits; the conflicts hold theirs.
    Merged(Vec<Conflict>),
}

impl Document {
    /// A document for `workspace` as read from (or just written to) `path`.
    pub fn new(
        workspace: Workspace,
        path: PathBuf,
        fingerprint: Option<Fingerprint>,
        read_only: Option<String>,
    ) -> Self {
        Self {
            base: workspace.clone(),
            workspace: Arc::new(workspace),
            history: History::default(),
            path,
            read_only,
            fingerprint,
            saved_revision: 0,
        }
    }

    /// Whether there are edits not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision
    }

    /// Applies an edit through the history.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(Arc::make_mut(&mut self.workspace), edit)
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Result<Option<Undone>, EditError> {
        self.history.undo(Arc::make_mut(&mut self.workspace))
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<Option<Undone>, EditError> {
        self.history.redo(Arc::make_mut(&mut self.workspace))
    }

    /// Writes the workspace. When the file changed on disk since it was read, nothing is
    /// overwritten: the file's changes are merged with the edits here first (three ways, by
    /// id), and the merge is written.
    pub fn save(&mut self) -> Result<Saved, SaveError> {
        match store::save(&self.path, &self.workspace, self.fingerprint) {
            Ok(fingerprint) => {
                self.saved(fingerprint);
                Ok(Saved::File)
            }
            Err(SaveError::ChangedOnDisk { .. }) => {
                let conflicts = self.merge_from_disk()?;
                let fingerprint = store::save(&self.path, &self.workspace, self.fingerprint)?;
                self.saved(fingerprint);
                Ok(Saved::Merged(conflicts))
            }
            Err(e) => Err(e),
        }
    }

    fn saved(&mut self, fingerprint: Fingerprint) {
        self.fingerprint = Some(fingerprint);
        self.saved_revision = self.history.revision();
        self.base = Workspace::clone(&self.workspace);
    }

    /// Reads the file as it is now and merges its changes into the workspace here. The file
    /// becomes the new base; edits here not yet in the file stay unsaved.
    pub fn merge_from_disk(&mut self) -> Result<Vec<Conflict>, SaveError> {
        let unreadable = |message: String| SaveError::Io {
            path: self.path.clone(),
            source: std::io::Error::other(format!(
                "it changed on disk and cannot be read ({message}); your edits are kept here \
                 and in the recovery file"
            )),
        };
        let loaded = store::load(&self.path).map_err(|e| unreadable(e.to_string()))?;
        let merged = merge(&self.base, &self.workspace, &loaded.workspace);
        self.workspace = Arc::new(merged.workspace);
        self.fingerprint = Some(loaded.fingerprint);
        self.base = loaded.workspace;
        Ok(merged.conflicts)
    }

    /// Whether the file on disk differs from what this program last read or wrote.
    pub fn changed_on_disk(&self) -> bool {
        let now = std::fs::read(&self.path).ok().map(|b| Fingerprint::of(&b));
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
