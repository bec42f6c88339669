//! The one gate between untrusted report text and the terminal.
//!
//! Strips escape sequences (CSI, OSC, DCS and other `ESC` forms, including C1 `U+009B`), C0/C1
//! control characters and `BiDi` overrides, so a report can neither move the cursor, set the
//! clipboard or title, nor reorder what is shown. Everything printed or drawn from a report goes
//! through here.

use std::borrow::Cow;

/// Sanitizes text for a single line: newlines and tabs become spaces.
#[must_use]
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    sanitize(text, false)
}

/// Sanitizes text that may span lines: `\n` is kept, a tab becomes four spaces, `\r\n` → `\n`.
#[must_use]
pub fn sanitize_block(text: &str) -> Cow<'_, str> {
    sanitize(text, true)
}

fn is_clean(text: &str) -> bool {
    text.chars()
        .all(|c| !is_unsafe(c) && c != '\n' && c != '\t')
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Characters that reorder text (`BiDi` embeddings, overrides, isolates and marks).
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn sanitize(text: &str, multiline: bool) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' if multiline => out.push('\n'),
            '\n' | '\t' if !multiline => out.push(' '),
            '\t' => out.push_str("    "),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After `ESC`: CSI (`[`), OSC/DCS/SOS/PM/APC (string until BEL or ST), or a two-char escape.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if ('\u{20}'..='\u{2f}').contains(c) => {
            // nF escape: intermediates then one final byte.
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next();
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte in `@`..`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !(' '..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// A control string ends at BEL, `ESC \` or C1 ST.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            sanitize_line("plain — ünïcödé 🙂"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_are_removed() {
        let hostile = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{1b}[2J\u{1b}[Hc\u{1b}[31mred\u{1b}[0m\
                       \u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{1b}]0;title\u{7}d\u{9b}31me";
        assert_eq!(sanitize_line(hostile), "abcredlinkde");
    }

    #[test]
    fn controls_and_bidi_are_removed() {
        assert_eq!(
            sanitize_line("x\u{0}y\u{8}z\u{7}\r\u{202E}evil\u{2066}"),
            "xyzevil"
        );
    }

    #[test]
    fn lines_and_blocks_treat_newlines_differently() {
        assert_eq!(sanitize_line("a\nb\tc"), "a b c");
        assert_eq!(sanitize_block("a\r\nb\tc"), "a\nb    c");
    }

    #[test]
    fn unterminated_sequences_do_not_leak() {
        assert_eq!(sanitize_line("ok\u{1b}]52;c;never-ends"), "ok");
        assert_eq!(sanitize_line("ok\u{1b}"), "ok");
    }

    #[test]
    fn output_never_contains_escape_or_control() {
        let samples = [
            "\u{1b}\u{1b}[",
            "\u{9b}\u{9b}",
            "\u{1b}P\u{1b}",
            "\u{1b}(B",
            "\u{85}x",
        ];
        for s in samples {
            let out = sanitize_block(s);
            assert!(
                !out.chars().any(|c| c.is_control() && c != '\n'),
                "{s:?} -> {out:?}"
            );
        }
    }
}
