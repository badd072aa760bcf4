//! The base of a three-way merge: the file's content as this program last read or wrote it,
//! kept compressed, and the streaming write that produces it along with the file.

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::thread::JoinHandle;

use lz4_flex::frame::{FrameDecoder, FrameEncoder};

use super::error::LoadError;
use super::{Fingerprint, parse};
use crate::model::Workspace;

/// The file's bytes as last read or written, kept compressed (LZ4, a tenth or less of the
/// size for JSON) so that a large workspace is not held twice: bytes written are compressed
/// while they stream to the file, bytes read on a thread of their own.
#[derive(Debug)]
pub enum Base {
    /// The bytes as read, not compressed (a workspace made in memory, or read from standard
    /// input).
    Read(Vec<u8>),
    /// The file just read, still open (so it reads the same bytes again even after someone
    /// saves over the file) with the fingerprint of those bytes: read again and compressed
    /// when [`Base::compress_in_background`] is called, once the first frame is drawn.
    Opened(File, Fingerprint),
    /// The bytes being read again and compressed on a thread of their own.
    Compressing(JoinHandle<io::Result<Vec<u8>>>),
    /// The bytes as an LZ4 frame.
    Compressed(Vec<u8>),
}

impl Base {
    /// Starts reading an [`Base::Opened`] file again and compressing it on a thread of its
    /// own; anything else is left as it is.
    pub fn compress_in_background(&mut self) {
        if !matches!(self, Self::Opened(..)) {
            return;
        }
        let Self::Opened(mut file, fingerprint) = std::mem::replace(self, Self::Read(Vec::new()))
        else {
            unreachable!("matched just above");
        };
        *self = Self::Compressing(std::thread::spawn(move || {
            file.seek(SeekFrom::Start(0))?;
            let mut tee = Tee {
                out: &mut io::sink(),
                hasher: Fingerprint::hasher(),
                len: 0,
                copy: FrameEncoder::new(Vec::new()),
            };
            io::copy(&mut file, &mut tee)?;
            if (Fingerprint {
                len: tee.len,
                hash: tee.hasher.finish(),
            }) != fingerprint
            {
                return Err(io::Error::other(
                    "the file was rewritten in place while it was being opened",
                ));
            }
            tee.copy.finish().map_err(io::Error::other)
        }));
    }

    /// A copy to read on another thread (the compressed bytes, waiting for the compression
    /// under way first).
    pub fn copy(&mut self, path: &Path) -> Result<Base, LoadError> {
        self.settle(path)?;
        Ok(match self {
            Self::Read(bytes) => Self::Read(bytes.clone()),
            Self::Compressed(frame) => Self::Compressed(frame.clone()),
            Self::Opened(..) | Self::Compressing(_) => unreachable!("settled above"),
        })
    }

    /// Waits for the compression of a file just opened, leaving [`Base::Read`] or
    /// [`Base::Compressed`].
    fn settle(&mut self, path: &Path) -> Result<(), LoadError> {
        self.compress_in_background();
        if let Self::Compressing(_) = self {
            let Self::Compressing(handle) = std::mem::replace(self, Self::Read(Vec::new())) else {
                unreachable!("matched just above");
            };
            let frame = handle
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the copy of the file as read was lost")))
                .map_err(|source| LoadError::io(path, source))?;
            *self = Self::Compressed(frame);
        }
        Ok(())
    }

    /// The workspace the base holds (waiting for its compression first); `path` only names
    /// the file in errors.
    pub fn workspace(&mut self, path: &Path) -> Result<Workspace, LoadError> {
        self.settle(path)?;
        let bytes = match self {
            Self::Read(bytes) => return parse(path, bytes).map(|(workspace, _)| workspace),
            Self::Opened(..) | Self::Compressing(_) => unreachable!("waited for above"),
            Self::Compressed(frame) => {
                let mut bytes = Vec::new();
                FrameDecoder::new(frame.as_slice())
                    .read_to_end(&mut bytes)
                    .map_err(|source| LoadError::io(path, source))?;
                bytes
            }
        };
        parse(path, &bytes).map(|(workspace, _)| workspace)
    }
}

/// Streams a workspace's canonical JSON (see [`super::to_json`]) into `out`, returning the
/// fingerprint of what was written and its compressed copy.
pub(super) fn stream(
    workspace: &Workspace,
    out: &mut dyn Write,
) -> io::Result<(Fingerprint, Base)> {
    let mut tee = Tee {
        out,
        hasher: Fingerprint::hasher(),
        len: 0,
        copy: FrameEncoder::new(Vec::new()),
    };
    {
        let mut buffered = BufWriter::with_capacity(1 << 16, &mut tee);
        // serde_json gives an I/O error back as it was (a full disk stays a full disk).
        serde_json::to_writer_pretty(&mut buffered, workspace).map_err(io::Error::from)?;
        buffered.write_all(b"\n")?;
        buffered.flush()?;
    }
    let fingerprint = Fingerprint {
        len: tee.len,
        hash: tee.hasher.finish(),
    };
    let copy = tee.copy.finish().map_err(io::Error::other)?;
    Ok((fingerprint, Base::Compressed(copy)))
}

/// A writer that passes bytes on while fingerprinting and compressing them.
struct Tee<'a> {
    out: &'a mut dyn Write,
    hasher: twox_hash::XxHash3_64,
    len: usize,
    copy: FrameEncoder<Vec<u8>>,
}

impl Write for Tee<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.out.write_all(bytes)?;
        self.hasher.write(bytes);
        self.len += bytes.len();
        self.copy.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::to_json;
    use crate::synth::{self, Options};

    /// The bytes a base keeps in memory once it has them.
    fn kept(base: &Base) -> usize {
        match base {
            Base::Read(bytes) | Base::Compressed(bytes) => bytes.len(),
            Base::Opened(..) | Base::Compressing(_) => unreachable!("the tests wait for it"),
        }
    }

    #[test]
    fn streaming_writes_the_canonical_text_with_its_fingerprint_and_a_smaller_copy() {
        let workspace = synth::workspace(Options::cards(3_000));
        let mut out = Vec::new();
        let (fingerprint, base) = stream(&workspace, &mut out).unwrap();
        let text = to_json(&workspace);
        assert_eq!(out, text.as_bytes());
        assert_eq!(fingerprint, Fingerprint::of(text.as_bytes()));
        assert!(
            kept(&base) * 4 < text.len(),
            "{} of {}",
            kept(&base),
            text.len()
        );
        let mut base = base;
        assert_eq!(base.workspace(Path::new("ws.json")).unwrap(), workspace);
    }

    #[test]
    fn a_base_as_read_gives_back_its_workspace_compressed_or_not() {
        let workspace = crate::demo::workspace();
        let json = to_json(&workspace).into_bytes();
        let mut base = Base::Read(json.clone());
        assert_eq!(base.workspace(Path::new("ws.json")).unwrap(), workspace);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.json");
        std::fs::write(&path, &json).unwrap();
        let file = File::open(&path).unwrap();
        let mut base = Base::Opened(file, Fingerprint::of(&json));
        base.compress_in_background();
        // Someone else saves over the file meanwhile: the base is still the file as read.
        crate::store::write_atomic(&path, b"{}").unwrap();
        assert_eq!(base.workspace(Path::new("ws.json")).unwrap(), workspace);
        assert!(matches!(base, Base::Compressed(_)));
        assert!(kept(&base) < json.len());
        // A file rewritten in place is not taken for the one that was read.
        std::fs::write(&path, &json).unwrap();
        let file = File::open(&path).unwrap();
        let mut base = Base::Opened(file, Fingerprint::of(b"other bytes"));
        let error = base.workspace(Path::new("ws.json")).unwrap_err();
        assert!(error.to_string().contains("rewritten in place"), "{error}");
        let mut broken = Base::Compressed(b"not lz4".to_vec());
        let error = broken.workspace(Path::new("ws.json")).unwrap_err();
        assert!(error.to_string().starts_with("ws.json"), "{error}");
    }
}
