//! Copying through the terminal with OSC 52: works over SSH and in tmux (`set-clipboard on`),
//! no X11 or clipboard daemon needed.

/// Base64 (standard alphabet, padded) of some bytes.
#[must_use]
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
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The OSC 52 sequence that puts `text` on the clipboard. The payload is base64, so nothing in
/// the text can end the sequence early or inject another one.
#[must_use]
pub fn osc52(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", base64(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn osc52_bytes_are_exact_and_inert() {
        assert_eq!(osc52("tests.T#m"), "\u{1b}]52;c;dGVzdHMuVCNt\u{7}");
        let hostile = osc52("x\u{7}\u{1b}]0;pwned\u{7}");
        assert_eq!(hostile.matches('\u{7}').count(), 1, "only the terminator");
        assert_eq!(hostile.matches('\u{1b}').count(), 1, "only the introducer");
    }
}
