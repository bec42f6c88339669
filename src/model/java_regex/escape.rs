//! Backslash escapes of a Java pattern, in and out of character classes.

use super::property::{self, JAVA17_WORD};
use super::{dollar, inexact, literal, syntax, Flags, Result, Translator};

/// What one escape stands for.
pub(super) enum Escaped {
    /// One character (`\t`, `\x41`, `\.`).
    Char(char),
    /// A set of characters, as Rust class text (`[0-9]`, `\p{Nd}`).
    Set(String),
    /// `\Q…\E`: these characters literally.
    Quote(Vec<char>),
    /// An assertion or back-reference, as Rust text (not allowed in classes).
    Other(String),
}

impl Translator {
    /// Translates an escape outside classes (the backslash is consumed).
    pub(super) fn escape(&mut self, flags: Flags) -> Result<()> {
        match self.read_escape(flags, false)? {
            Escaped::Char(c) => self.push_literal(c, flags),
            Escaped::Set(set) => self.out.push_str(&set),
            Escaped::Quote(chars) => {
                // Quoted text is one atom for a following quantifier only in its last char,
                // as in Java, so the characters are written one by one.
                for c in chars {
                    self.push_literal(c, flags);
                }
            }
            Escaped::Other(text) => self.out.push_str(&text),
        }
        Ok(())
    }

    /// Reads one escape after its backslash.
    pub(super) fn read_escape(&mut self, flags: Flags, in_class: bool) -> Result<Escaped> {
        let Some(c) = self.next() else {
            return syntax("a pattern ends with a backslash");
        };
        let unicode = flags.unicode_class;
        Ok(match c {
            'Q' => {
                let mut quoted = Vec::new();
                while let Some(q) = self.next() {
                    if q == '\\' && self.peek() == Some('E') {
                        self.pos += 1;
                        break;
                    }
                    quoted.push(q);
                }
                Escaped::Quote(quoted)
            }
            'E' => return syntax("\\E without \\Q"),
            'd' | 'w' | 's' | 'h' | 'v' => Escaped::Set(
                property::predefined(c, unicode)
                    .unwrap_or_default()
                    .to_owned(),
            ),
            'D' | 'W' | 'S' | 'H' | 'V' => {
                let set = property::predefined(c.to_ascii_lowercase(), unicode).unwrap_or_default();
                Escaped::Set(format!("[^{set}]"))
            }
            'p' | 'P' => {
                let name = self.property_name()?;
                let set =
                    property::property(&name, unicode, flags.case_insensitive).or_else(inexact)?;
                Escaped::Set(if c == 'P' { format!("[^{set}]") } else { set })
            }
            't' => Escaped::Char('\t'),
            'n' => Escaped::Char('\n'),
            'r' => Escaped::Char('\r'),
            'f' => Escaped::Char('\x0C'),
            'a' => Escaped::Char('\x07'),
            'e' => Escaped::Char('\x1B'),
            'c' => match self.next() {
                Some(x) => Escaped::Char(char::from_u32(u32::from(x) ^ 64).unwrap_or(x)),
                None => return syntax("\\c needs a character"),
            },
            '0' => Escaped::Char(self.octal()?),
            'x' => Escaped::Char(self.hex_escape()?),
            'u' => Escaped::Char(self.unicode_escape()?),
            'N' => return inexact("\\N{…} (named characters)"),
            'X' => return inexact("\\X (grapheme clusters)"),
            _ if in_class && c.is_ascii_alphanumeric() => {
                return syntax(format!("illegal escape \\{c} in a character class"))
            }
            // `\G` is where the previous match ended: for matches(), the start.
            'A' | 'G' => Escaped::Other(r"\A".to_owned()),
            'z' => Escaped::Other(r"\z".to_owned()),
            'Z' => Escaped::Other(
                dollar(Flags {
                    multiline: false,
                    ..flags
                })
                .to_owned(),
            ),
            'R' => Escaped::Other(r"(?:\r\n|[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}])".to_owned()),
            'b' | 'B' => {
                if self.peek() == Some('{') {
                    return inexact("\\b{g} (grapheme boundaries)");
                }
                Escaped::Other(word_boundary(c == 'b', unicode))
            }
            'k' => Escaped::Other(self.named_backref(flags)?),
            '1'..='9' => Escaped::Other(self.backref(c, flags)?),
            _ if c.is_ascii_alphabetic() => return syntax(format!("illegal escape \\{c}")),
            other => Escaped::Char(other),
        })
    }

    fn property_name(&mut self) -> Result<String> {
        match self.next() {
            Some('{') => {
                let mut name = String::new();
                loop {
                    match self.next() {
                        Some('}') => break,
                        Some(n) => name.push(n),
                        None => return syntax("unclosed \\p{…}"),
                    }
                }
                Ok(name)
            }
            Some(letter) if letter.is_ascii_alphabetic() => Ok(letter.to_string()),
            _ => syntax("\\p needs a property name"),
        }
    }

    fn octal(&mut self) -> Result<char> {
        let digit = |c: Option<char>| c.and_then(|c| c.to_digit(8));
        let Some(first) = digit(self.peek()) else {
            return syntax("illegal octal escape");
        };
        self.pos += 1;
        let mut value = first;
        for _ in 0..2 {
            match digit(self.peek()) {
                // Java reads a third digit only while the value stays at most 0377.
                Some(d) if value * 8 + d <= 0o377 => {
                    value = value * 8 + d;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        Ok(char::from_u32(value).unwrap_or('\0'))
    }

    fn hex_digits(&mut self, count: usize) -> Result<u32> {
        let mut value = 0;
        for _ in 0..count {
            let Some(d) = self.next().and_then(|c| c.to_digit(16)) else {
                return syntax("illegal hexadecimal escape");
            };
            value = value * 16 + d;
        }
        Ok(value)
    }

    fn hex_escape(&mut self) -> Result<char> {
        if self.eat('{') {
            let mut value: u32 = 0;
            loop {
                match self.next() {
                    Some('}') => break,
                    Some(c) if c.is_ascii_hexdigit() => {
                        value = value
                            .saturating_mul(16)
                            .saturating_add(c.to_digit(16).unwrap_or(0));
                    }
                    _ => return syntax("illegal \\x{…} escape"),
                }
            }
            return char::from_u32(value).map_or_else(|| syntax("\\x{…} is not a character"), Ok);
        }
        let value = self.hex_digits(2)?;
        Ok(char::from_u32(value).unwrap_or('\0'))
    }

    fn unicode_escape(&mut self) -> Result<char> {
        let high = self.hex_digits(4)?;
        if (0xD800..0xDC00).contains(&high)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.pos;
            self.pos += 2;
            let low = self.hex_digits(4)?;
            if (0xDC00..0xE000).contains(&low) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(code).map_or_else(|| syntax("bad surrogate pair"), Ok);
            }
            self.pos = save;
        }
        char::from_u32(high).map_or_else(|| inexact("a lone surrogate \\uXXXX"), Ok)
    }

    /// `\N…`: Java takes the first digit, then more while the number names a group seen so far.
    fn backref(&mut self, first: char, flags: Flags) -> Result<String> {
        let mut number = first.to_digit(10).unwrap_or(0) as usize;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            let longer = number * 10 + d as usize;
            if longer > self.groups_seen {
                break;
            }
            number = longer;
            self.pos += 1;
        }
        if number > self.groups_total {
            // Java accepts it; it never matches.
            return Ok("(?!)".to_owned());
        }
        backref_text(&format!("\\{number}"), flags)
    }

    fn named_backref(&mut self, flags: Flags) -> Result<String> {
        if !self.eat('<') {
            return syntax("\\k needs <name>");
        }
        let mut name = String::new();
        loop {
            match self.next() {
                Some('>') => break,
                Some(n) if n.is_ascii_alphanumeric() => name.push(n),
                _ => return syntax("bad \\k<name>"),
            }
        }
        backref_text(&format!("\\k<{name}>"), flags)
    }
}

fn backref_text(reference: &str, flags: Flags) -> Result<String> {
    if flags.ascii_case() {
        return inexact("a back-reference under ASCII-only (?i)");
    }
    Ok(if flags.unicode_case() {
        format!("(?i:{reference})")
    } else {
        format!("(?:{reference})")
    })
}

/// `\b` / `\B`: Rust's Unicode boundary under `(?U)`, else Java 8–17's letter-or-digit rule.
fn word_boundary(boundary: bool, unicode: bool) -> String {
    match (boundary, unicode) {
        (true, true) => r"\b".to_owned(),
        (false, true) => r"\B".to_owned(),
        (true, false) => {
            format!("(?:(?<={JAVA17_WORD})(?!{JAVA17_WORD})|(?<!{JAVA17_WORD})(?={JAVA17_WORD}))")
        }
        (false, false) => {
            format!("(?:(?<={JAVA17_WORD})(?={JAVA17_WORD})|(?<!{JAVA17_WORD})(?!{JAVA17_WORD}))")
        }
    }
}

/// A character class member written literally (used for ranges and ASCII case counterparts).
pub(super) fn class_literal(c: char) -> String {
    literal(c)
}
