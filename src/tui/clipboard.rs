//! Copying to the clipboard through the terminal: the OSC 52 escape sequence asks the
//! terminal to put text on the system clipboard, so a copy works over SSH and needs no
//! clipboard tool on the machine cjm runs on.
//!
//! tmux takes the plain sequence when `set -g set-clipboard on` (and passes it to the outer
//! terminal); with `set -g allow-passthrough on` it also lets a wrapped copy through
//! unchanged. Inside tmux both are sent: each of the two settings is then enough, and a
//! terminal that receives both sets the same text twice.

/// The bytes that put `text` on the clipboard: the OSC 52 sequence, followed, inside tmux
/// (`tmux`: `$TMUX` is set), by the same sequence wrapped for tmux's passthrough.
pub fn sequence(text: &str, tmux: bool) -> String {
    let plain = osc52(text);
    if tmux {
        let wrapped = passthrough(&plain);
        format!("{plain}{wrapped}")
    } else {
        plain
    }
}

/// `ESC ] 52 ; c ; BASE64 ST`: set the clipboard (`c`) to `text`.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x1b\\", base64(text.as_bytes()))
}

/// `sequence` inside tmux's passthrough: `ESC P tmux; …  ESC \`, each escape in it doubled.
fn passthrough(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

/// Standard base64 (RFC 4648) with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (text, encoded) in vectors {
            assert_eq!(base64(text.as_bytes()), encoded, "{text:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
        assert_eq!(base64("Kartu 📱".as_bytes()), "S2FydHUg8J+TsQ==");
    }

    #[test]
    fn the_sequence_is_osc_52_with_the_text_in_base64() {
        let markdown = "### Sees an ad\n\n- Channel: TV\n";
        assert_eq!(
            sequence(markdown, false),
            format!("\x1b]52;c;{}\x1b\\", base64(markdown.as_bytes()))
        );
        assert_eq!(
            osc52("hi"),
            "\x1b]52;c;aGk=\x1b\\",
            "ESC ] 52 ; c ; base64 ESC \\"
        );
    }

    #[test]
    fn inside_tmux_a_passthrough_copy_follows_the_plain_one() {
        let both = sequence("hi", true);
        let plain = "\x1b]52;c;aGk=\x1b\\";
        assert!(both.starts_with(plain));
        assert_eq!(
            &both[plain.len()..],
            "\x1bPtmux;\x1b\x1b]52;c;aGk=\x1b\x1b\\\x1b\\"
        );
    }
}
