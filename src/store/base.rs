//! The base of a three-way merge: the file's content as this program last read or wrote it,
//! kept compressed, and the streaming write that produces it along with the file.

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use lz4_flex::frame::{FrameDecoder, FrameEncoder};

use super::error::LoadError;
use super::{Fingerprint, parse};
use crate::model::Workspace;

/// The file's bytes as last read or written, kept compressed (LZ4, a tenth or less of the
/// size for JSON) so that a large workspace is not held twice: bytes written are compressed
/// while they stream to the file, bytes read on a thread of their own. Copies share the bytes,
/// so handing one to a merge on another thread costs nothing and never waits.
#[derive(Debug)]
pub enum Base {
    /// The bytes as read, not compressed (a workspace made in memory, or read from standard
    /// input).
    Read(Arc<Vec<u8>>),
    /// The file just read, still open (so it reads the same bytes again even after someone
    /// saves over the file) with the fingerprint of those bytes: read again and compressed
    /// when [`Base::compress_in_background`] is called, once the first frame is drawn.
    Opened(File, Fingerprint),
    /// The bytes as an LZ4 frame, or the frame being made on a thread of its own.
    Compressed(Arc<Frame>),
}

/// An LZ4 frame of the file's bytes, set once when it is made (or why it could not be).
pub type Frame = OnceLock<Result<Vec<u8>, String>>;

impl Base {
    /// The base of bytes just written, compressed as they streamed.
    fn written(frame: Vec<u8>) -> Self {
        Self::Compressed(Arc::new(OnceLock::from(Ok(frame))))
    }

    /// Starts reading an [`Base::Opened`] file again and compressing it on a thread of its
    /// own; anything else is left as it is.
    pub fn compress_in_background(&mut self) {
        if !matches!(self, Self::Opened(..)) {
            return;
        }
        let frame = Arc::new(Frame::new());
        let Self::Opened(file, fingerprint) =
            std::mem::replace(self, Self::Compressed(Arc::clone(&frame)))
        else {
            unreachable!("matched just above");
        };
        std::thread::spawn(move || {
            // A panic must still set the frame: whoever waits for it would wait for ever.
            let made = std::panic::catch_unwind(AssertUnwindSafe(|| compress(file, fingerprint)))
                .unwrap_or_else(|_| Err(io::Error::other("the copy of the file as read was lost")));
            let _ = frame.set(made.map_err(|e| e.to_string()));
        });
    }

    /// A copy to read on another thread: it shares the bytes, and a compression under way.
    pub fn share(&mut self) -> Base {
        self.compress_in_background();
        match self {
            Self::Read(bytes) => Self::Read(Arc::clone(bytes)),
            Self::Compressed(frame) => Self::Compressed(Arc::clone(frame)),
            Self::Opened(..) => unreachable!("compressing since just above"),
        }
    }

    /// The workspace the base holds (waiting for its compression first); `path` only names
    /// the file in errors.
    pub fn workspace(&mut self, path: &Path) -> Result<Workspace, LoadError> {
        self.compress_in_background();
        let frame = match self {
            Self::Read(bytes) => return parse(path, bytes).map(|(workspace, _)| workspace),
            Self::Opened(..) => unreachable!("compressing since just above"),
            Self::Compressed(frame) => frame
                .wait()
                .as_ref()
                .map_err(|e| LoadError::io(path, io::Error::other(e.clone())))?,
        };
        let mut bytes = Vec::new();
        FrameDecoder::new(frame.as_slice())
            .read_to_end(&mut bytes)
            .map_err(|source| LoadError::io(path, source))?;
        parse(path, &bytes).map(|(workspace, _)| workspace)
    }
}

/// Reads an opened file again from its start into an LZ4 frame, checking that it still holds
/// the bytes of `fingerprint`.
fn compress(mut file: File, fingerprint: Fingerprint) -> io::Result<Vec<u8>> {
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
    Ok((fingerprint, Base::written(copy)))
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
            Base::Read(bytes) => bytes.len(),
            Base::Compressed(frame) => frame.get().unwrap().as_ref().unwrap().len(),
            Base::Opened(..) => unreachable!("the tests wait for it"),
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
        let mut base = Base::Read(Arc::new(json.clone()));
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
        let mut broken = Base::written(b"not lz4".to_vec());
        let error = broken.workspace(Path::new("ws.json")).unwrap_err();
        assert!(error.to_string().starts_with("ws.json"), "{error}");
    }
}
