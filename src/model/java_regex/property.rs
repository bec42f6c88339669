//! Java's named character classes (`\p{…}`, `\h`, `\v`, `\d`, `\w`, `\s`) as Rust class text
//! of exactly the same set, or `None` when no exact equivalent exists. No terminal dependencies.

/// Java's `\h`: horizontal white space.
pub const HORIZONTAL: &str =
    r"[\t\x20\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]";
/// Java's `\v`: vertical white space (not Rust's `\v`, which is U+000B alone).
pub const VERTICAL: &str = r"[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}]";
/// What Java 8–18's `\b` counts as a word character (`Character.isLetterOrDigit` or `_`),
/// without `UNICODE_CHARACTER_CLASS`.
pub const JAVA17_WORD: &str = r"[\p{L}\p{Nd}_]";

/// `\d`, `\w`, `\s` (lowercase letter) as Rust class text: ASCII unless `unicode` (Java's
/// `UNICODE_CHARACTER_CLASS`, whose sets are UTS #18's, as Rust's are).
pub fn predefined(letter: char, unicode: bool) -> Option<&'static str> {
    Some(match (letter, unicode) {
        ('d', false) => "[0-9]",
        ('w', false) => "[0-9A-Za-z_]",
        ('s', false) => r"[\t\n\x0B\x0C\r\x20]",
        ('d', true) => r"\p{Nd}",
        ('w', true) => r"\w",
        ('s', true) => r"\p{White_Space}",
        ('h', _) => HORIZONTAL,
        ('v', _) => VERTICAL,
        _ => return None,
    })
}

/// A `\p{name}` class as Rust class text. `unicode` is `UNICODE_CHARACTER_CLASS`;
/// `case_insensitive` matters for `Lower`/`Upper`, which Java then widens to both cases.
/// `Err` carries why no exact equivalent exists.
pub fn property(name: &str, unicode: bool, case_insensitive: bool) -> Result<String, String> {
    if let Some(posix) = posix(name, unicode, case_insensitive) {
        return posix.map(str::to_owned);
    }
    let java = match name {
        "javaLowerCase" | "javaUpperCase" if case_insensitive => {
            return Err(format!("\\p{{{name}}} under (?i)"))
        }
        "javaLowerCase" => Some(r"\p{Lowercase}"),
        "javaUpperCase" => Some(r"\p{Uppercase}"),
        "javaTitleCase" => Some(r"\p{Lt}"),
        "javaDigit" => Some(r"\p{Nd}"),
        "javaLetter" => Some(r"\p{L}"),
        "javaLetterOrDigit" => Some(r"[\p{L}\p{Nd}]"),
        "javaAlphabetic" => Some(r"\p{Alphabetic}"),
        "javaIdeographic" => Some(r"\p{Ideographic}"),
        "javaSpaceChar" => Some(r"\p{Z}"),
        "javaISOControl" => Some(r"[\x00-\x1F\x7F-\x{9F}]"),
        "javaWhitespace" => Some(r"[[\t-\r\x1C-\x1F\p{Z}]--[\xA0\x{2007}\x{202F}]]"),
        _ if name.starts_with("java") => {
            return Err(format!("\\p{{{name}}} has no exact equivalent"))
        }
        _ => None,
    };
    if let Some(class) = java {
        return Ok(class.to_owned());
    }
    if name.starts_with("In") || name.starts_with("blk=") || name.starts_with("block=") {
        return Err(format!("Unicode blocks (\\p{{{name}}})"));
    }
    if case_insensitive && matches!(name, "Lu" | "Ll" | "Lt" | "IsLu" | "IsLl" | "IsLt") {
        return Err(format!("\\p{{{name}}} under (?i)"));
    }
    // Scripts, categories and binary properties: `IsLatin`, `IsAlphabetic`, `IsLu`, `L`,
    // `sc=Greek`, `gc=Nd`. Rust resolves the same names; an unknown one fails to compile.
    let bare = name.strip_prefix("Is").unwrap_or(name);
    let bare = bare
        .strip_prefix("script=")
        .map(|s| format!("sc={s}"))
        .or_else(|| {
            bare.strip_prefix("general_category=")
                .map(|s| format!("gc={s}"))
        })
        .unwrap_or_else(|| bare.to_owned());
    if bare
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_=-".contains(c))
        && !bare.is_empty()
    {
        Ok(format!(r"\p{{{bare}}}"))
    } else {
        Err(format!("\\p{{{name}}} is not a property name"))
    }
}

/// POSIX classes: ASCII unless `UNICODE_CHARACTER_CLASS`. `None` when `name` is not one.
fn posix(
    name: &str,
    unicode: bool,
    case_insensitive: bool,
) -> Option<Result<&'static str, String>> {
    let ascii = match name {
        "Lower" | "Upper" if case_insensitive && !unicode => "[A-Za-z]",
        "Lower" => "[a-z]",
        "Upper" => "[A-Z]",
        "ASCII" => r"[\x00-\x7F]",
        "Alpha" => "[A-Za-z]",
        "Digit" => "[0-9]",
        "Alnum" => "[0-9A-Za-z]",
        "Punct" => r"[!-/:-@\[-`{-~]",
        "Graph" => "[!-~]",
        "Print" => r"[\x20-~]",
        "Blank" => r"[\x20\t]",
        "Cntrl" => r"[\x00-\x1F\x7F]",
        "XDigit" => "[0-9A-Fa-f]",
        "Space" => r"[\t\n\x0B\x0C\r\x20]",
        _ => return None,
    };
    if !unicode {
        return Some(Ok(ascii));
    }
    Some(match name {
        "Lower" | "Upper" if case_insensitive => Err(format!("\\p{{{name}}} under (?iU)")),
        "Lower" => Ok(r"\p{Lowercase}"),
        "Upper" => Ok(r"\p{Uppercase}"),
        "ASCII" => Ok(ascii),
        "Alpha" => Ok(r"\p{Alphabetic}"),
        "Digit" => Ok(r"\p{Nd}"),
        "Alnum" => Ok(r"[\p{Alphabetic}\p{Nd}]"),
        "Punct" => Ok(r"\p{P}"),
        "Space" => Ok(r"\p{White_Space}"),
        "XDigit" => Ok(r"[\p{Nd}\p{Hex_Digit}]"),
        _ => Err(format!("\\p{{{name}}} under (?U)")),
    })
}
