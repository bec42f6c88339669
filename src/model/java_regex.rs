//! Java regular expressions (`java.util.regex.Pattern`, as `categories.json` rules are written
//! for Allure 2) translated into `fancy-regex` patterns of exactly the same meaning.
//!
//! Allure 2 (`allure2 · category/CategoriesPlugin.java`) compiles each rule with `DOTALL` and
//! calls `Matcher.matches()`: the whole text must match. The translation walks the Java pattern
//! and writes every construct out explicitly, so no Rust default leaks in:
//! - `\Q…\E` quotes; `\h`, `\v` (Java's sets, not fancy-regex's hex digit and vertical tab);
//! - `\d \w \s` and the POSIX classes (`\p{Alpha}`…) are ASCII unless `(?U)`
//!   (`UNICODE_CHARACTER_CLASS`); `\b` follows Java 8–17 (a word character is a letter, a
//!   digit or `_`, as `Character.isLetterOrDigit`; Java 19+ made it ASCII);
//! - `(?i)` folds ASCII letters only unless `(?u)`; inline flags `i d m s u x U` with Java's
//!   scoping (to the end of the enclosing group);
//! - `.`, `^`, `$`, `\Z` with Java's line terminators (`\n \r \r\n \u0085 \u2028 \u2029`);
//!   `\R`, `\A`, `\z`, `\G` (the start, for `matches()`);
//! - `\p{javaLowerCase}` and the other `java…` classes, scripts and categories (`\p{IsLatin}`,
//!   `\p{sc=Greek}`), intersections `[a-z&&[^b]]`, possessive quantifiers, atomic groups,
//!   look-around, back-references (Java's `\11` rule) and octal/hex/unicode escapes.
//!
//! What cannot be matched exactly (`\X`, `\N{…}`, `\b{g}`, Unicode blocks `\p{InGreek}`, a
//! back-reference under ASCII-only `(?i)`…) is an [`JavaRegexError::Inexact`] error: the caller
//! warns and never uses the rule with another meaning. No terminal dependencies.

mod class;
mod escape;
mod property;

use std::fmt::Write as _;

/// Why a Java pattern has no exact Rust translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JavaRegexError {
    /// Java itself rejects the pattern (`PatternSyntaxException`).
    Syntax(String),
    /// Valid Java whose meaning we cannot reproduce exactly.
    Inexact(String),
}

impl std::fmt::Display for JavaRegexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JavaRegexError::Syntax(why) => write!(f, "not a valid Java regex: {why}"),
            JavaRegexError::Inexact(what) => {
                write!(
                    f,
                    "uses {what}, which cannot be matched exactly as Java does"
                )
            }
        }
    }
}

type Result<T> = std::result::Result<T, JavaRegexError>;

fn syntax<T>(why: impl Into<String>) -> Result<T> {
    Err(JavaRegexError::Syntax(why.into()))
}

fn inexact<T>(what: impl Into<String>) -> Result<T> {
    Err(JavaRegexError::Inexact(what.into()))
}

/// Java's pattern flags that change meaning (`CASE_INSENSITIVE`, `UNICODE_CASE`,
/// `UNICODE_CHARACTER_CLASS`, `DOTALL`, `MULTILINE`, `COMMENTS`, `UNIX_LINES`).
// Java's flags are independent switches, as in `Pattern`'s own bit set.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    case_insensitive: bool,
    unicode_case: bool,
    unicode_class: bool,
    dotall: bool,
    multiline: bool,
    comments: bool,
    unix_lines: bool,
}

impl Flags {
    fn ascii_case(self) -> bool {
        self.case_insensitive && !self.unicode_case && !self.unicode_class
    }

    fn unicode_case(self) -> bool {
        self.case_insensitive && (self.unicode_case || self.unicode_class)
    }
}

/// Translates a Java pattern compiled with `DOTALL` into a fancy-regex pattern that matches a
/// text exactly when Java's `Matcher.matches()` does (anchored at both ends).
pub fn translate_matches(java: &str) -> Result<String> {
    let mut translator = Translator {
        chars: java.chars().collect(),
        pos: 0,
        groups_total: 0,
        groups_seen: 0,
        out: String::from(r"\A(?:"),
    };
    translator.groups_total = translator.count_groups();
    let mut flags = Flags {
        dotall: true,
        ..Flags::default()
    };
    translator.alternation(&mut flags)?;
    if translator.pos < translator.chars.len() {
        return syntax("unmatched closing ')'");
    }
    translator.out.push_str(r")\z");
    Ok(translator.out)
}

struct Translator {
    chars: Vec<char>,
    pos: usize,
    /// Capturing groups in the whole pattern.
    groups_total: usize,
    /// Capturing groups opened so far (Java resolves `\11` against these).
    groups_seen: usize,
    out: String,
}

/// Writes a character as a Rust literal that means only itself, in or out of a class.
fn literal(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        c.to_string()
    } else {
        format!("\\x{{{:X}}}", u32::from(c))
    }
}

impl Translator {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// In comments mode, skips white space and `#` comments (Java's COMMENTS flag).
    fn skip_comments(&mut self, flags: Flags) {
        if !flags.comments {
            return;
        }
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r') {
                self.pos += 1;
            } else if c == '#' {
                while let Some(c) = self.next() {
                    if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    /// Counts capturing groups, skipping escapes, quotes and classes.
    fn count_groups(&self) -> usize {
        let (mut i, mut count, mut class_depth) = (0, 0, 0usize);
        let c = &self.chars;
        while i < c.len() {
            match c[i] {
                '\\' if c.get(i + 1) == Some(&'Q') => {
                    i += 2;
                    while i < c.len() && !(c[i] == '\\' && c.get(i + 1) == Some(&'E')) {
                        i += 1;
                    }
                    i += 1;
                }
                '\\' => i += 1,
                '[' => class_depth += 1,
                ']' if class_depth > 0 => class_depth -= 1,
                '(' if class_depth == 0 => {
                    let named = c.get(i + 1) == Some(&'?')
                        && c.get(i + 2) == Some(&'<')
                        && c.get(i + 3).is_some_and(|n| *n != '=' && *n != '!');
                    if c.get(i + 1) != Some(&'?') || named {
                        count += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        count
    }

    fn alternation(&mut self, flags: &mut Flags) -> Result<()> {
        loop {
            self.skip_comments(*flags);
            match self.peek() {
                None | Some(')') => return Ok(()),
                Some('|') => {
                    self.pos += 1;
                    self.out.push('|');
                }
                Some(c @ ('*' | '+' | '?' | '{')) => {
                    return syntax(format!("dangling meta character '{c}'"))
                }
                Some(_) => {
                    let quantifiable = self.atom(flags)?;
                    self.skip_comments(*flags);
                    if self.quantifier()? && !quantifiable {
                        return syntax("a quantifier follows nothing to repeat");
                    }
                }
            }
        }
    }

    /// Copies a quantifier (`* + ? {n} {n,} {n,m}` with an optional `?` or `+`) if one comes.
    fn quantifier(&mut self) -> Result<bool> {
        match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                self.out.push(c);
            }
            Some('{') => {
                self.pos += 1;
                let mut text = String::from("{");
                let mut seen_digit = false;
                let mut seen_comma = false;
                loop {
                    match self.next() {
                        Some(d) if d.is_ascii_digit() => {
                            seen_digit = true;
                            text.push(d);
                        }
                        Some(',') if seen_digit && !seen_comma => {
                            seen_comma = true;
                            text.push(',');
                        }
                        Some('}') if seen_digit => break,
                        _ => return syntax("illegal repetition"),
                    }
                }
                text.push('}');
                self.out.push_str(&text);
            }
            _ => return Ok(false),
        }
        if let Some(modifier @ ('?' | '+')) = self.peek() {
            self.pos += 1;
            self.out.push(modifier);
        }
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return syntax("dangling meta character after a quantifier");
        }
        Ok(true)
    }

    /// Translates one atom; false for what cannot be repeated (inline flags).
    fn atom(&mut self, flags: &mut Flags) -> Result<bool> {
        let Some(c) = self.next() else {
            return Ok(false);
        };
        match c {
            '(' => return self.group(flags),
            '[' => {
                let class = self.class(*flags, false)?;
                self.out.push_str(&class);
            }
            '.' => self.out.push_str(if flags.dotall {
                r"(?s:.)"
            } else if flags.unix_lines {
                r"[^\n]"
            } else {
                r"[^\n\r\x{85}\x{2028}\x{2029}]"
            }),
            '^' => self
                .out
                .push_str(match (flags.multiline, flags.unix_lines) {
                    (false, _) => r"\A",
                    (true, true) => r"(?:\A|(?<=\n)(?!\z))",
                    (true, false) => {
                        r"(?:\A|(?<=[\n\x{85}\x{2028}\x{2029}])(?!\z)|(?<=\r)(?!\n)(?!\z))"
                    }
                }),
            '$' => self.out.push_str(dollar(*flags)),
            '\\' => self.escape(*flags)?,
            _ => self.push_literal(c, *flags),
        }
        Ok(true)
    }

    fn push_literal(&mut self, c: char, flags: Flags) {
        if flags.ascii_case() && c.is_ascii_alphabetic() {
            let _ = write!(
                self.out,
                "[{}{}]",
                c.to_ascii_lowercase(),
                c.to_ascii_uppercase()
            );
        } else if flags.unicode_case() && c.to_lowercase().ne(c.to_uppercase()) {
            let _ = write!(self.out, "(?i:{})", literal(c));
        } else {
            self.out.push_str(&literal(c));
        }
    }

    fn group(&mut self, flags: &mut Flags) -> Result<bool> {
        let mut inner = *flags;
        if self.eat('?') {
            match self.next() {
                Some(':') => self.out.push_str("(?:"),
                Some('=') => self.out.push_str("(?="),
                Some('!') => self.out.push_str("(?!"),
                Some('>') => self.out.push_str("(?>"),
                Some('<') if self.eat('=') => self.out.push_str("(?<="),
                Some('<') if self.eat('!') => self.out.push_str("(?<!"),
                Some('<') => {
                    let mut name = String::new();
                    while let Some(n) = self.next() {
                        if n == '>' {
                            break;
                        }
                        if !n.is_ascii_alphanumeric() {
                            return syntax("a group name is ASCII letters and digits");
                        }
                        name.push(n);
                    }
                    if name.is_empty() || !name.starts_with(|n: char| n.is_ascii_alphabetic()) {
                        return syntax("a group name starts with a letter");
                    }
                    self.groups_seen += 1;
                    let _ = write!(self.out, "(?<{name}>");
                }
                Some(_) => {
                    self.pos -= 1;
                    let scoped = self.inline_flags(&mut inner)?;
                    if !scoped {
                        // `(?i)`: applies to the rest of the enclosing group.
                        *flags = inner;
                        return Ok(false);
                    }
                    self.out.push_str("(?:");
                }
                None => return syntax("unclosed group"),
            }
        } else {
            self.groups_seen += 1;
            self.out.push('(');
        }
        self.alternation(&mut inner)?;
        if !self.eat(')') {
            return syntax("unclosed group");
        }
        self.out.push(')');
        Ok(true)
    }

    /// Reads `idmsuxU` flags (with `-`) up to `)` (returns false) or `:` (returns true).
    fn inline_flags(&mut self, flags: &mut Flags) -> Result<bool> {
        let mut on = true;
        loop {
            let Some(c) = self.next() else {
                return syntax("unclosed group");
            };
            let slot = match c {
                ')' => return Ok(false),
                ':' => return Ok(true),
                '-' if on => {
                    on = false;
                    continue;
                }
                'i' => &mut flags.case_insensitive,
                'u' => &mut flags.unicode_case,
                'U' => &mut flags.unicode_class,
                's' => &mut flags.dotall,
                'm' => &mut flags.multiline,
                'x' => &mut flags.comments,
                'd' => &mut flags.unix_lines,
                other => return syntax(format!("unknown inline flag '{other}'")),
            };
            *slot = on;
        }
    }
}

/// Java's `$` (and `\Z` without MULTILINE): the end, or before a final line terminator.
fn dollar(flags: Flags) -> &'static str {
    match (flags.multiline, flags.unix_lines) {
        (false, true) => r"(?:\z|(?=\n\z))",
        (false, false) => r"(?:\z|(?=\r\n\z)|(?<!\r)(?=\n\z)|(?=[\r\x{85}\x{2028}\x{2029}]\z))",
        (true, true) => r"(?:\z|(?=\n))",
        (true, false) => r"(?:\z|(?=\r)|(?<!\r)(?=\n)|(?=[\x{85}\x{2028}\x{2029}]))",
    }
}

#[cfg(test)]
mod tests;

/// fancy-regex's backtracking budget for one match; `categories.json` is untrusted, so a
/// pattern such as `(a+)+b` on a long message gives up here instead of hanging.
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// The backtrack limit was hit: the engine could not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BacktrackLimitHit;

/// A Java pattern compiled for `Matcher.matches()` with `DOTALL`.
#[derive(Debug, Clone)]
pub struct JavaRegex {
    regex: fancy_regex::Regex,
}

impl JavaRegex {
    /// Compiles a Java pattern, or explains why it cannot be matched exactly.
    pub fn new(java: &str) -> Result<JavaRegex> {
        let rust = translate_matches(java)?;
        let regex = fancy_regex::RegexBuilder::new(&rust)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .or_else(|err| match err {
                // Our translation is valid Rust syntax, so what is left is Java that names
                // something Rust does not know (a property) or a construct the engine refuses.
                fancy_regex::Error::ParseError(..) => syntax(err.to_string()),
                _ => inexact(format!("a construct the engine refuses ({err})")),
            })?;
        Ok(JavaRegex { regex })
    }

    /// Whether the whole text matches, as Java's `matches()`.
    pub fn matches(&self, text: &str) -> std::result::Result<bool, BacktrackLimitHit> {
        self.regex.is_match(text).map_err(|_| BacktrackLimitHit)
    }
}
