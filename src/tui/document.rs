//! The open workspace: its data, its undo history and how it relates to the file on disk.

use std::path::{Path, PathBuf};

use cjm::edit::{Edit, EditError, History, Undone};
use cjm::model::Workspace;
use cjm::store::{self, Fingerprint, SaveError};

/// One workspace file opened for editing.
pub struct Document {
    /// The data.
    pub workspace: Workspace,
    /// Undo and redo.
    pub history: History,
    /// The file it came from and is saved to.
    pub path: PathBuf,
    /// Why it must not be written, when it must not.
    pub read_only: Option<String>,
    fingerprint: Option<Fingerprint>,
    saved_revision: u64,
    /// Where edits go after the file changed on disk under us, so they are never lost.
    conflict_copy: Option<PathBuf>,
}

/// What a save did, for the status line.
pub enum Saved {
    /// Written to the workspace file.
    File,
    /// The file changed on disk; the edits went to this copy beside it instead.
    ConflictCopy(PathBuf),
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
            workspace,
            history: History::default(),
            path,
            read_only,
            fingerprint,
            saved_revision: 0,
            conflict_copy: None,
        }
    }

    /// Whether there are edits not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision
    }

    /// Applies an edit through the history.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.workspace, edit)
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Result<Option<Undone>, EditError> {
        self.history.undo(&mut self.workspace)
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<Option<Undone>, EditError> {
        self.history.redo(&mut self.workspace)
    }

    /// Writes the workspace. When the file changed on disk since it was read, nothing is
    /// overwritten: the edits go to a copy beside it, now and on every later save.
    pub fn save(&mut self) -> Result<Saved, SaveError> {
        if let Some(copy) = &self.conflict_copy {
            store::write_atomic(copy, store::to_json(&self.workspace).as_bytes()).map_err(
                |source| SaveError::Io {
                    path: copy.clone(),
                    source,
                },
            )?;
            self.saved_revision = self.history.revision();
            return Ok(Saved::ConflictCopy(copy.clone()));
        }
        match store::save(&self.path, &self.workspace, self.fingerprint) {
            Ok(fingerprint) => {
                self.fingerprint = Some(fingerprint);
                self.saved_revision = self.history.revision();
                Ok(Saved::File)
            }
            Err(SaveError::ChangedOnDisk { .. }) => {
                self.conflict_copy = Some(conflict_path(&self.path));
                self.save()
            }
            Err(e) => Err(e),
        }
    }

    /// Where saves go since the file changed on disk under us, if it did.
    pub fn conflict_copy(&self) -> Option<&Path> {
        self.conflict_copy.as_deref()
    }

    /// The file's name for the header.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }
}

/// `ws.json` → `ws.json.conflict-<seconds since 1970>`, beside the original.
fn conflict_path(path: &Path) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".conflict-{secs}"));
    path.with_file_name(name)
}
