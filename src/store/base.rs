//! The base of a three-way merge: the file's content as this program last read or wrote it,
//! kept compressed, and the streaming write that produces it along with the file.

use std::hash::Hasher;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use lz4_flex::frame::{FrameDecoder, FrameEncoder};

use super::error::LoadError;
use super::{Fingerprint, parse};
use crate::model::Workspace;

/// The file's bytes as last read or written. Bytes just read are kept as they are (they are
/// in memory already); bytes written are compressed while they stream to the file (LZ4, a
/// tenth or less of the size for JSON), so a large workspace is not held twice.
#[derive(Debug, Clone)]
pub enum Base {
    /// The bytes as read.
    Read(Vec<u8>),
    /// The bytes written, as an LZ4 frame.
    Compressed(Vec<u8>),
}

impl Base {
    /// The workspace the base holds; `path` only names the file in errors.
    pub fn workspace(&self, path: &Path) -> Result<Workspace, LoadError> {
        let bytes = match self {
            Self::Read(bytes) => return parse(path, bytes).map(|(workspace, _)| workspace),
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

    /// The bytes it keeps in memory.
    pub fn kept(&self) -> usize {
        match self {
            Self::Read(bytes) | Self::Compressed(bytes) => bytes.len(),
        }
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

    #[test]
    fn streaming_writes_the_canonical_text_with_its_fingerprint_and_a_smaller_copy() {
        let workspace = synth::workspace(Options::cards(3_000));
        let mut out = Vec::new();
        let (fingerprint, base) = stream(&workspace, &mut out).unwrap();
        let text = to_json(&workspace);
        assert_eq!(out, text.as_bytes());
        assert_eq!(fingerprint, Fingerprint::of(text.as_bytes()));
        assert!(
            base.kept() * 4 < text.len(),
            "{} of {}",
            base.kept(),
            text.len()
        );
        assert_eq!(base.workspace(Path::new("ws.json")).unwrap(), workspace);
    }

    #[test]
    fn a_base_as_read_gives_back_its_workspace() {
        let workspace = crate::demo::workspace();
        let base = Base::Read(to_json(&workspace).into_bytes());
        assert_eq!(base.workspace(Path::new("ws.json")).unwrap(), workspace);
        let broken = Base::Compressed(b"not lz4".to_vec());
        let error = broken.workspace(Path::new("ws.json")).unwrap_err();
        assert!(error.to_string().starts_with("ws.json"), "{error}");
    }
}
