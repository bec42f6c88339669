//! The query language of the TUI's `/` search and of `--grep`, parsed in one place so both find
//! tests the same way (fzf's syntax).
//!
//! Space-separated terms must all match, in any order:
//! - `word`: fuzzy in the TUI, a substring for `--grep` (a fuzzy match in a headless selection
//!   would rerun unrelated tests);
//! - `'word`: a substring; `^word`: a prefix; `word$`: a suffix; `^word$`: the whole name;
//! - `!word` (also `!^word`, `!word$`): the test must not match;
//! - `owner:alice`, `tag:smoke`, `severity:critical`, `feature:login`, and any `label=value`:
//!   a label of that name whose value contains the text.
//!
//! Name terms look at the test's name, its full name and its parameter values (masked and
//! hidden ones excepted). Upper case in a term makes that term
//! case-sensitive (smart case, as in fzf).
//!
//! No terminal dependencies.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::model::text::Text;
use crate::model::Test;

/// Label names usable as `name:value` field terms (any label works as `name=value`).
pub const FIELD_LABELS: [&str; 4] = ["owner", "tag", "severity", "feature"];

/// What a test is searched by, built once per load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Haystack {
    /// The test's name (shared with the report: no copy).
    pub name: Text,
    /// Its full name, when it differs from the name.
    pub full_name: Option<Text>,
    /// Its labels as `name=value` lines.
    pub labels: String,
    /// Its displayed parameter values, space-separated (Scenario Outline examples and
    /// parametrized variants are found by them).
    pub parameters: String,
}

impl Haystack {
    /// The haystack of a test.
    #[must_use]
    pub fn of(test: &Test) -> Haystack {
        let r = &test.result;
        let full_name = r.full_name.clone().filter(|full| *full != r.name);
        // Sized once: 14 labels grew it five times.
        let mut labels = String::with_capacity(
            r.labels
                .iter()
                .map(|l| l.name.len() + l.value.len() + 2)
                .sum(),
        );
        for label in &r.labels {
            labels.push_str(&label.name);
            labels.push('=');
            labels.push_str(&label.value);
            labels.push('\n');
        }
        let parameters = r
            .parameters
            .iter()
            .filter(|p| p.mode == crate::model::ParameterMode::Default)
            .filter_map(|p| p.value.as_deref())
            .collect::<Vec<_>>()
            .join(" ");
        Haystack {
            name: r.name.clone(),
            full_name,
            labels,
            parameters,
        }
    }

    fn label_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.labels.lines().filter_map(move |line| {
            let (n, v) = line.split_once('=')?;
            n.eq_ignore_ascii_case(name).then_some(v)
        })
    }
}

/// How a term matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Fuzzy (TUI) or substring (`--grep`).
    Plain,
    /// A substring (`'word`).
    Exact,
    /// A prefix of the name or full name (`^word`).
    Prefix,
    /// A suffix (`word$`).
    Suffix,
    /// The whole name or full name (`^word$`).
    Whole,
    /// A label's value contains the text (`owner:alice`, `epic=Checkout`).
    Label(String),
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// How it matches.
    pub kind: Kind,
    /// The text to find.
    pub text: String,
    /// `!term`: the test must not match.
    pub negated: bool,
    /// The term has upper case: compare case-sensitively.
    pub case_sensitive: bool,
}

/// A parsed query: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms, in the order typed.
    pub terms: Vec<Term>,
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn parse_term(word: &str) -> Option<Term> {
    let (negated, word) = match word.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    let field = FIELD_LABELS.iter().find_map(|name| {
        word.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(|value| ((*name).to_owned(), value))
    });
    let label = field.or_else(|| {
        word.split_once('=')
            .filter(|(name, _)| is_label_name(name))
            .map(|(name, value)| (name.to_owned(), value))
    });
    let (kind, text) = if let Some((name, value)) = label {
        (Kind::Label(name), value)
    } else if let Some(rest) = word.strip_prefix('\'') {
        (Kind::Exact, rest)
    } else {
        let (prefix, rest) = match word.strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let (suffix, rest) = match rest.strip_suffix('$').filter(|r| !r.is_empty()) {
            Some(inner) => (true, inner),
            None => (false, rest),
        };
        let kind = match (prefix, suffix) {
            (true, true) => Kind::Whole,
            (true, false) => Kind::Prefix,
            (false, true) => Kind::Suffix,
            // fzf: a negated plain term is an exact one.
            (false, false) if negated => Kind::Exact,
            (false, false) => Kind::Plain,
        };
        (kind, rest)
    };
    if text.is_empty() && !matches!(kind, Kind::Label(_)) {
        return None;
    }
    Some(Term {
        kind,
        text: text.to_owned(),
        negated,
        case_sensitive: text.chars().any(char::is_uppercase),
    })
}

impl Query {
    /// Parses a query; empty terms (a lone `!` or `^`) are ignored.
    #[must_use]
    pub fn parse(text: &str) -> Query {
        Query {
            terms: text.split_whitespace().filter_map(parse_term).collect(),
        }
    }

    /// True when the query has no term (everything matches).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a test matches with every plain term taken as a substring (`--grep`).
    #[must_use]
    pub fn matches_exactly(&self, hay: &Haystack) -> bool {
        self.terms
            .iter()
            .all(|t| term_score(t, hay, None).is_some() != t.negated)
    }

    /// The test's score when it matches with plain terms fuzzy (the TUI's `/`); higher ranks
    /// first. `None` when it does not match.
    #[must_use]
    pub fn score(&self, hay: &Haystack, matcher: &SkimMatcherV2) -> Option<i64> {
        let mut total = 0;
        for term in &self.terms {
            match (term_score(term, hay, Some(matcher)), term.negated) {
                (Some(s), false) => total += s,
                (None, true) => {}
                _ => return None,
            }
        }
        Some(total)
    }

    /// Character indices of `text` that the query's positive name terms match, to highlight.
    #[must_use]
    pub fn highlights(&self, text: &str, matcher: &SkimMatcherV2) -> Vec<usize> {
        let mut out = Vec::new();
        for term in self.terms.iter().filter(|t| !t.negated) {
            let found = match term.kind {
                Kind::Label(_) => None,
                Kind::Plain => matcher.fuzzy_indices(text, &term.text).map(|(_, i)| i),
                _ => substring_at(text, &term.text, term.case_sensitive).map(|at| {
                    let start = text[..at].chars().count();
                    (start..start + term.text.chars().count()).collect()
                }),
            };
            out.extend(found.unwrap_or_default());
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A matcher configured as the search uses it.
#[must_use]
pub fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().smart_case()
}

fn fold(text: &str, case_sensitive: bool) -> std::borrow::Cow<'_, str> {
    if case_sensitive {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.to_lowercase())
    }
}

/// Byte offset of `needle` in `hay` (case folded unless `case_sensitive`), when the folded
/// text keeps its byte offsets.
fn substring_at(hay: &str, needle: &str, case_sensitive: bool) -> Option<usize> {
    let folded = fold(hay, case_sensitive);
    let at = folded.find(fold(needle, case_sensitive).as_ref())?;
    (folded.len() == hay.len()).then_some(at)
}

fn contains(hay: &str, needle: &str, case_sensitive: bool) -> bool {
    fold(hay, case_sensitive).contains(fold(needle, case_sensitive).as_ref())
}

/// Where a needle sits in a name, for ranking: a whole word beats a word start beats anywhere.
fn placement_bonus(field: &str, needle: &str, case_sensitive: bool) -> i64 {
    let hay = fold(field, case_sensitive);
    let needle = fold(needle, case_sensitive);
    let Some(at) = hay.find(needle.as_ref()) else {
        return 0;
    };
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let before = boundary(hay[..at].chars().next_back());
    let after = boundary(hay[at + needle.len()..].chars().next());
    let stripped = hay.strip_prefix("test_").unwrap_or(&hay);
    if stripped == needle.as_ref() || hay == needle {
        400
    } else if before && after {
        250
    } else if before {
        150
    } else {
        100
    }
}

/// A term's score against a test; `None` when it does not match. Name matches count double
/// against full-name matches, and a substring placed at word boundaries beats scattered
/// letters, so a function's own test ranks first. `matcher` is `None` for exact matching.
fn term_score(term: &Term, hay: &Haystack, matcher: Option<&SkimMatcherV2>) -> Option<i64> {
    let cs = term.case_sensitive;
    let text = term.text.as_str();
    let fields = [
        hay.name.as_str(),
        hay.full_name.as_deref().unwrap_or_default(),
        hay.parameters.as_str(),
    ];
    let test_field = |f: &str| match &term.kind {
        Kind::Plain | Kind::Exact => contains(f, text, cs),
        Kind::Prefix => fold(f, cs).starts_with(fold(text, cs).as_ref()),
        Kind::Suffix => fold(f, cs).ends_with(fold(text, cs).as_ref()),
        Kind::Whole => fold(f, cs) == fold(text, cs),
        Kind::Label(_) => false,
    };
    if let Kind::Label(name) = &term.kind {
        return hay
            .label_values(name)
            .any(|v| contains(v, text, cs))
            .then_some(50);
    }
    let mut best: Option<i64> = None;
    for (i, field) in fields.iter().enumerate().filter(|(_, f)| !f.is_empty()) {
        let weight = if i == 0 { 2 } else { 1 };
        let score = if test_field(field) {
            Some(placement_bonus(field, text, cs) * weight + 100 - (field.len() as i64).min(99))
        } else if term.kind == Kind::Plain {
            matcher
                .and_then(|m| m.fuzzy_match(field, text))
                .filter(|score| is_tight(*score, text))
                .map(|score| score * weight / 4)
        } else {
            None
        };
        best = best.max(score);
    }
    best
}

/// A fuzzy match counts only when its letters are not scattered thinly through a long name:
/// skim gives about 16 points a letter plus bonuses for runs and word starts, and takes points
/// for gaps, so loose matches of `memoize` across `test_merge_…_size` fall below this.
fn is_tight(score: i64, needle: &str) -> bool {
    score >= 12 * needle.chars().count() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hay(name: &str, full: &str, labels: &[(&str, &str)]) -> Haystack {
        Haystack {
            name: name.into(),
            full_name: Some(full.into()),
            parameters: String::new(),
            labels: labels.iter().fold(String::new(), |mut all, (n, v)| {
                for part in [n, "=", v, "\n"] {
                    all.push_str(part);
                }
                all
            }),
        }
    }

    #[test]
    fn parses_fzf_terms() {
        let q = Query::parse(
            "html_interop  'exact ^pre suf$ ^whole$ !neg !^np owner:alice epic=Checkout",
        );
        let kinds: Vec<(&Kind, bool)> = q.terms.iter().map(|t| (&t.kind, t.negated)).collect();
        assert_eq!(
            kinds,
            [
                (&Kind::Plain, false),
                (&Kind::Exact, false),
                (&Kind::Prefix, false),
                (&Kind::Suffix, false),
                (&Kind::Whole, false),
                (&Kind::Exact, true),
                (&Kind::Prefix, true),
                (&Kind::Label("owner".into()), false),
                (&Kind::Label("epic".into()), false),
            ]
        );
        assert_eq!(q.terms[2].text, "pre");
        assert_eq!(q.terms[3].text, "suf");
        assert!(Query::parse("  ! ^ ").is_empty());
        // Not a label: a name with brackets.
        assert_eq!(Query::parse("test_x[a=1]").terms[0].kind, Kind::Plain);
    }

    #[test]
    fn every_term_must_match_in_any_order() {
        let m = matcher();
        let interop = hay(
            "test_html_interop_speed",
            "tests.test_html#test_html_interop_speed",
            &[],
        );
        let dict = hay(
            "test_dict_interpol",
            "tests.test_dict#test_dict_interpol",
            &[],
        );
        let q = Query::parse("html_interop speed");
        assert!(q.score(&interop, &m).is_some());
        assert!(q.score(&dict, &m).is_none());
        assert!(Query::parse("speed interop").score(&interop, &m).is_some());
        assert!(Query::parse("interop !html").score(&interop, &m).is_none());
        assert!(Query::parse("inter !html").score(&dict, &m).is_some());
        assert!(
            Query::parse("interop").score(&dict, &m).is_none(),
            "terms are not matched across the name and full name joined"
        );
    }

    #[test]
    fn anchors_and_labels() {
        let t = hay(
            "test_login",
            "shop.auth.LoginTest#test_login",
            &[("owner", "alice"), ("tag", "smoke"), ("epic", "Checkout")],
        );
        for (query, hit) in [
            ("^test_log", true),
            ("^shop.auth", true),
            ("^login", false),
            ("login$", true),
            ("^test_login$", true),
            ("^test_log$", false),
            ("owner:alice", true),
            ("owner:bob", false),
            ("!owner:bob", true),
            ("tag:smo", true),
            ("epic=checkout", true),
            ("severity:critical", false),
            ("'LoginTest", true),
            ("'logintest", true),
            ("'LOGINTEST", false),
        ] {
            assert_eq!(Query::parse(query).matches_exactly(&t), hit, "{query}");
        }
    }

    #[test]
    fn grep_takes_plain_terms_as_substrings() {
        let t = hay("test_memoize", "tests.test_functoolz#test_memoize", &[]);
        assert!(Query::parse("memoize").matches_exactly(&t));
        assert!(
            !Query::parse("mmz").matches_exactly(&t),
            "no fuzzy in --grep"
        );
    }

    #[test]
    fn highlights_cover_each_positive_term() {
        let q = Query::parse("'log !zzz ^te");
        assert_eq!(q.highlights("test_login", &matcher()), [0, 1, 5, 6, 7]);
    }
}
