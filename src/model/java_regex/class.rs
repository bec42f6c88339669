//! Java character classes: unions, ranges, nested classes, `&&` intersections, `\Q…\E`, and
//! `(?i)`'s ASCII-only folding, written as Rust classes whose members are all escaped (so
//! Rust's own `--` and `~~` operators never appear by accident).

use super::escape::{class_literal, Escaped};
use super::{syntax, Flags, Result, Translator};

impl Translator {
    /// Translates a class after its `[`; `nested` for a class inside another.
    pub(super) fn class(&mut self, flags: Flags, nested: bool) -> Result<String> {
        let mut body = String::new();
        if self.eat('^') {
            body.push('^');
        }
        let mut first = true;
        loop {
            self.skip_comments(flags);
            let Some(c) = self.next() else {
                return syntax("unclosed character class");
            };
            match c {
                ']' if !first => break,
                '[' => {
                    let inner = self.class(flags, true)?;
                    body.push_str(&inner);
                }
                '&' if self.peek() == Some('&') => {
                    self.pos += 1;
                    body.push_str("&&");
                }
                '\\' => match self.read_escape(flags, true)? {
                    Escaped::Char(start) => self.range_from(start, flags, &mut body)?,
                    Escaped::Set(set) => body.push_str(&set),
                    Escaped::Quote(chars) => {
                        for q in chars {
                            push_range(q, q, flags, &mut body);
                        }
                    }
                    Escaped::Other(_) => return syntax("an assertion inside a character class"),
                },
                start => self.range_from(start, flags, &mut body)?,
            }
            first = false;
        }
        if body.is_empty() || body == "^" {
            return syntax("empty character class");
        }
        let class = format!("[{body}]");
        Ok(if flags.unicode_case() && !nested {
            format!("(?i:{class})")
        } else {
            class
        })
    }

    /// A single character or, when `-` and another character follow, a range.
    fn range_from(&mut self, start: char, flags: Flags, body: &mut String) -> Result<()> {
        let is_range =
            self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']' && n != '[');
        if !is_range {
            push_range(start, start, flags, body);
            return Ok(());
        }
        self.pos += 1;
        let end = match self.next() {
            Some('\\') => match self.read_escape(flags, true)? {
                Escaped::Char(end) => end,
                _ => return syntax("illegal character range"),
            },
            Some(end) => end,
            None => return syntax("unclosed character class"),
        };
        if end < start {
            return syntax("illegal character range");
        }
        push_range(start, end, flags, body);
        Ok(())
    }
}

/// Writes `start-end`, plus its ASCII case counterparts under ASCII-only `(?i)`.
fn push_range(start: char, end: char, flags: Flags, body: &mut String) {
    let write = |a: char, b: char, body: &mut String| {
        body.push_str(&class_literal(a));
        if a != b {
            body.push('-');
            body.push_str(&class_literal(b));
        }
    };
    write(start, end, body);
    if flags.ascii_case() {
        for (from, to, shift) in [('a', 'z', -32i32), ('A', 'Z', 32)] {
            let lo = start.max(from);
            let hi = end.min(to);
            if lo <= hi {
                let moved =
                    |c: char| char::from_u32((u32::from(c) as i32 + shift) as u32).unwrap_or(c);
                write(moved(lo), moved(hi), body);
            }
        }
    }
}
