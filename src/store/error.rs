//! Load and save errors that name the file and, where it helps, the line and column.

use std::io;
use std::path::{Path, PathBuf};

/// Why a workspace could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong and what to do.
        message: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The text is not a valid workspace.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong and what to do.
        message: String,
    },
}

impl LoadError {
    /// What is wrong, without naming the file (for a message that names it already): the
    /// line and column first when there are some.
    pub fn reason(&self) -> String {
        match self {
            Self::Io { message, .. } => message.clone(),
            Self::Invalid {
                line,
                column,
                message,
                ..
            } => format!("line {line}, column {column}: {message}"),
        }
    }

    pub(super) fn at(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: shorten(message.into()),
        }
    }

    pub(super) fn io(path: &Path, source: io::Error) -> Self {
        let message = match source.kind() {
            io::ErrorKind::NotFound => "no such file".to_string(),
            io::ErrorKind::PermissionDenied => {
                "permission denied: check the file's owner and mode".to_string()
            }
            io::ErrorKind::IsADirectory => "is a folder, not a workspace file".to_string(),
            _ => format!("cannot read: {source}"),
        };
        Self::Io {
            path: path.to_path_buf(),
            message,
            source,
        }
    }
}

/// The longest message, in characters: a huge value quoted by the parser is cut in the middle.
const MESSAGE_CHARS: usize = 300;

/// `message` cut in the middle when longer than [`MESSAGE_CHARS`].
fn shorten(message: String) -> String {
    let count = message.chars().count();
    if count <= MESSAGE_CHARS {
        return message;
    }
    let head = crate::text::cut(&message, MESSAGE_CHARS - 80);
    let tail = crate::text::cut_end(&message, 79);
    format!("{head}…{tail}")
}

/// Why a workspace could not be written. The file on disk is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone else saved the file since this program read it.
    #[error("{} changed on disk since it was read; not overwritten", path.display())]
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// Writing failed: disk full, read-only folder, permissions...
    #[error("{}: cannot save: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl SaveError {
    pub(super) fn io(path: &Path, source: io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
