//! Glyph sets: Unicode by default, pure ASCII for `--ascii` and non-UTF-8 locales.
//!
//! Every status mark, tree guide and sparkline level the program draws comes from here.

use crate::model::Status;

/// The glyphs used to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    /// True for the ASCII-only set.
    pub ascii: bool,
    /// Sparkline levels, lowest first.
    pub spark: &'static [char],
    /// Status marks: passed, failed, broken, skipped, unknown.
    pub status: [&'static str; 5],
    /// Separator between suite path segments.
    pub path_sep: &'static str,
    /// Separator between inline facts.
    pub dot: &'static str,
    /// Multiplication sign for "retried 2×".
    pub times: &'static str,
    /// Ellipsis for cut text.
    pub ellipsis: &'static str,
    /// Tree: expanded group.
    pub expanded: &'static str,
    /// Tree: collapsed group.
    pub collapsed: &'static str,
    /// Missing run in a status strip.
    pub absent: char,
    /// "then → now".
    pub arrow: &'static str,
}

impl Default for Symbols {
    fn default() -> Symbols {
        Symbols::UNICODE
    }
}

impl Symbols {
    /// Unicode glyphs.
    pub const UNICODE: Symbols = Symbols {
        ascii: false,
        spark: &['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
        status: ["✓", "✗", "!", "-", "?"],
        path_sep: " › ",
        dot: " · ",
        times: "×",
        ellipsis: "…",
        expanded: "▾",
        collapsed: "▸",
        absent: '·',
        arrow: "→",
    };

    /// Pure ASCII glyphs.
    pub const ASCII: Symbols = Symbols {
        ascii: true,
        spark: &['_', '.', ':', '-', '=', '+', '*', '#'],
        status: ["+", "x", "!", "-", "?"],
        path_sep: " > ",
        dot: " | ",
        times: "x",
        ellipsis: "...",
        expanded: "v",
        collapsed: ">",
        absent: ' ',
        arrow: "->",
    };

    /// The set for a flag.
    #[must_use]
    pub fn new(ascii: bool) -> Symbols {
        if ascii {
            Symbols::ASCII
        } else {
            Symbols::UNICODE
        }
    }

    /// The mark of a status.
    #[must_use]
    pub fn status(&self, status: Status) -> &'static str {
        self.status[status.display_index()]
    }

    /// A one-character status for strips: `✓✗!-?` / `+x!-?`.
    #[must_use]
    pub fn status_char(&self, status: Status) -> char {
        self.status(status).chars().next().unwrap_or('?')
    }
}

/// Whether the locale promises UTF-8 (`LC_ALL`, then `LC_CTYPE`, then `LANG`).
#[must_use]
pub fn locale_is_utf8(get: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| get(name).filter(|v| !v.is_empty()))
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_set_is_ascii() {
        let s = Symbols::ASCII;
        assert!(s.spark.iter().all(char::is_ascii));
        for text in s.status.iter().chain([
            &s.path_sep,
            &s.dot,
            &s.times,
            &s.ellipsis,
            &s.expanded,
            &s.collapsed,
        ]) {
            assert!(text.is_ascii(), "{text}");
        }
    }

    #[test]
    fn locale_detection_prefers_lc_all() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(locale_is_utf8(env(&[("LANG", "en_US.UTF-8")])));
        assert!(!locale_is_utf8(env(&[
            ("LC_ALL", "C"),
            ("LANG", "en_US.UTF-8")
        ])));
        assert!(!locale_is_utf8(env(&[])));
    }
}
