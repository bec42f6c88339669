//! Allure's test identity: the keys that group retries and find a test's history.
//!
//! Allure 3.18 (`allure3 · core/src/store/convert.ts`) keys a test by
//! `md5("ALLURE_ID=" + id)` (else `md5(testCaseId)`, else `md5(fullName)`) plus `"." + md5(params)`,
//! with the non-excluded parameters sorted by `localeCompare` and not de-duplicated. Allure 2.45+
//! (`Allure2Plugin.java`) and newer Allure 3 (`core-api/src/utils/identity.ts`) skip empty names,
//! de-duplicate, sort by UTF-8 bytes and write `#___unknown_value___#` for a null value. Newer
//! Allure 3 history may also be keyed by `md5(testCaseHash:paramsHash:default)`. Old history
//! (Allure 2 <= 2.44) is keyed by the adapter's raw `historyId`. We compute them all and try them
//! as candidates. No terminal dependencies.

use std::cmp::Ordering;

use md5::{Digest, Md5};

use super::result::{Label, Parameter, TestResult};
use super::text::Text;

/// A test's Allure id, as written: the value of the first `ALLURE_ID` or `AS_ID` label, in label
/// order, that is an id and not a placeholder (empty, blank or `-1` once trimmed).
///
/// The one rule behind identity ([`TestKeys`]) and `testplan.json` ids. Allure 3.18.0
/// (`core/src/store/convert.ts calculateTestId`) takes the first label of either name whose value
/// is not exactly `-1`, and gives up on the id when that value is empty; it lets `" "` and
/// `" -1 "` through as ids. Older `TestNG` adapters write `AS_ID=-1` on every test without an id,
/// and others an empty or blank `ALLURE_ID`: those must not make unrelated tests one. The value
/// is returned untrimmed because Allure 3 hashes it untrimmed (`md5("ALLURE_ID=" + value)`).
#[must_use]
pub fn allure_id(labels: &[Label]) -> Option<&str> {
    labels
        .iter()
        .filter(|l| l.name == "ALLURE_ID" || l.name == "AS_ID")
        .map(|l| l.value.as_str())
        .find(|value| !is_placeholder_id(value))
}

/// True for values that stand for "no id": empty, blank, or `-1` (trimmed).
#[must_use]
pub fn is_placeholder_id(value: &str) -> bool {
    let trimmed = value.trim();
    trimmed.is_empty() || trimmed == "-1"
}

/// Placeholder Allure writes for a parameter without a value.
pub const UNKNOWN_PARAMETER_VALUE: &str = "#___unknown_value___#";

/// Every key a result may be known by. Equal keys share one allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestKeys {
    /// Allure 3.18 key: what `history.jsonl` uses and what we group retries by.
    pub allure3: Option<Text>,
    /// Allure 2.45+ key (also newer Allure 3's identity): what `history/history.json` uses.
    pub allure2: Option<Text>,
    /// Newer Allure 3 history hash `md5(testCaseHash:paramsHash:default)`.
    pub history_hash: Option<Text>,
    /// The adapter's raw `historyId`.
    pub raw_history_id: Option<Text>,
    /// `_fallbackTestCaseId` label + params hash (Allure 3 fallback candidate).
    pub fallback: Option<Text>,
    /// The test a generated report files this result under: results with the same one are
    /// attempts of one test, whatever their other keys say. A report already decided its
    /// retries, by the rule of the generator that made it (Allure 2 grouped them by
    /// `historyId` before 2.45, by its retry hash since: `RetryPlugin.java`), so it is read,
    /// not decided again. It is the shown attempt's [`TestKeys::primary`] key, so the same
    /// test in two reports (or in a report and results) is still one test, as two results
    /// directories make it; a second test of that key in one report gets `key\t#2`, and so
    /// on. Never a history key.
    pub report_group: Option<Text>,
}

impl TestKeys {
    /// Computes all keys of a result.
    #[must_use]
    pub fn of(result: &TestResult) -> TestKeys {
        let allure_id = allure_id(&result.labels);
        let identity = non_empty(result.test_case_id.as_deref())
            .or_else(|| non_empty(result.full_name.as_deref()));
        let case_hash = identity.map(md5_hex);
        let a3_case = allure_id
            .map(|id| md5_hex(&format!("ALLURE_ID={id}")))
            .or_else(|| case_hash.clone());
        let (a3_string, a2_string) = (
            allure3_params_string(&result.parameters),
            allure2_params_string(&result.parameters),
        );
        let a3_params = md5_hex(&a3_string);
        // Most tests have no repeated parameters and no case-only ordering differences.
        let a2_params = if a2_string == a3_string {
            a3_params.clone()
        } else {
            md5_hex(&a2_string)
        };
        let allure3 = a3_case.map(|case| Text::from(format!("{case}.{a3_params}")));
        let allure2 = case_hash.as_ref().map(|case| {
            let key = format!("{case}.{a2_params}");
            match &allure3 {
                Some(same) if *same == key => same.clone(),
                _ => Text::from(key),
            }
        });
        TestKeys {
            allure3,
            allure2,
            history_hash: case_hash
                .as_ref()
                .map(|case| Text::from(md5_hex(&format!("{case}:{a2_params}:default")))),
            raw_history_id: result.history_id.clone().filter(|id| !id.is_empty()),
            fallback: result
                .labels
                .iter()
                .rev()
                .find(|l| l.name == "_fallbackTestCaseId" && !l.value.is_empty())
                .map(|l| Text::from(format!("{}.{a3_params}", l.value))),
            report_group: None,
        }
    }

    /// The key that groups attempts of one test: the Allure 3 key, else the raw historyId.
    #[must_use]
    pub fn primary(&self) -> Option<&Text> {
        self.allure3.as_ref().or(self.raw_history_id.as_ref())
    }

    /// Candidates for looking a test up in Allure 3 `history.jsonl`, in order.
    #[must_use]
    pub fn allure3_candidates(&self) -> Vec<&str> {
        dedup([
            self.allure3.as_deref(),
            self.history_hash.as_deref(),
            self.raw_history_id.as_deref(),
            self.fallback.as_deref(),
        ])
    }

    /// Candidates for looking a test up in Allure 2 `history/history.json`, in order.
    #[must_use]
    pub fn allure2_candidates(&self) -> Vec<&str> {
        dedup([
            self.allure2.as_deref(),
            self.allure3.as_deref(),
            self.raw_history_id.as_deref(),
        ])
    }
}

fn dedup<const N: usize>(keys: [Option<&str>; N]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(N);
    for key in keys.into_iter().flatten() {
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}

/// Lowercase hex md5 of a UTF-8 string.
#[must_use]
pub fn md5_hex(text: &str) -> String {
    let digest = Md5::digest(text.as_bytes());
    let mut out = String::with_capacity(32);
    for byte in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    out
}

/// Allure 3.18's parameter string: non-excluded, named parameters sorted by name then value with
/// `localeCompare`, not de-duplicated, joined as `name:value` by `,`.
#[must_use]
pub fn allure3_params_string(params: &[Parameter]) -> String {
    let mut kept = identity_params(params);
    kept.sort_by(|a, b| locale_compare(a.0, b.0).then_with(|| locale_compare(a.1, b.1)));
    join_params(&kept)
}

/// Allure 2.45+ parameter string: like Allure 3's but sorted by UTF-8 bytes and de-duplicated.
#[must_use]
pub fn allure2_params_string(params: &[Parameter]) -> String {
    let mut kept = identity_params(params);
    kept.sort_unstable();
    kept.dedup();
    join_params(&kept)
}

/// The `(name, value)` pairs that take part in identity: named, not excluded, null values as
/// Allure's placeholder.
fn identity_params(params: &[Parameter]) -> Vec<(&str, &str)> {
    params
        .iter()
        .filter(|p| !p.excluded && !p.name.is_empty())
        .map(|p| {
            (
                p.name.as_str(),
                p.value.as_deref().unwrap_or(UNKNOWN_PARAMETER_VALUE),
            )
        })
        .collect()
}

fn join_params(params: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(name);
        out.push(':');
        out.push_str(value);
    }
    out
}

/// An approximation of JavaScript's default `localeCompare` (ICU root collation): whitespace <
/// punctuation < symbols < digits < letters, letters compared case-insensitively first, lowercase
/// before uppercase on a tie. Exact for the ASCII names and values adapters write in practice.
#[must_use]
pub fn locale_compare(a: &str, b: &str) -> Ordering {
    fn primary(c: char) -> (u8, char) {
        let class = if c.is_whitespace() {
            0
        } else if c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c) {
            1
        } else if c.is_ascii_punctuation() {
            2
        } else if c.is_numeric() {
            3
        } else if c.is_alphabetic() {
            4
        } else {
            5
        };
        (class, c.to_lowercase().next().unwrap_or(c))
    }
    let primary_order = a.chars().map(primary).cmp(b.chars().map(primary));
    primary_order.then_with(|| {
        // Tertiary: lowercase sorts before uppercase.
        let case = |c: char| u8::from(c.is_uppercase());
        a.chars().map(case).cmp(b.chars().map(case))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::result::{Label, ParameterMode};

    fn param(name: &str, value: Option<&str>, excluded: bool) -> Parameter {
        Parameter {
            name: name.into(),
            value: value.map(Into::into),
            excluded,
            mode: ParameterMode::Default,
        }
    }

    #[test]
    fn md5_of_empty_string_is_the_no_parameter_hash() {
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn test_case_id_wins_over_full_name_and_allure_id_wins_over_both() {
        let mut r = TestResult {
            full_name: Some("a.b#c".into()),
            ..TestResult::default()
        };
        let by_full_name = TestKeys::of(&r);
        assert_eq!(
            by_full_name.allure3.as_deref(),
            Some(format!("{}.d41d8cd98f00b204e9800998ecf8427e", md5_hex("a.b#c")).as_str())
        );
        r.test_case_id = Some("tc".into());
        assert!(TestKeys::of(&r)
            .allure3
            .unwrap()
            .starts_with(&md5_hex("tc")));
        r.labels.push(Label {
            name: "AS_ID".into(),
            value: "42".into(),
        });
        let keys = TestKeys::of(&r);
        assert!(keys.allure3.unwrap().starts_with(&md5_hex("ALLURE_ID=42")));
        assert!(
            keys.allure2.unwrap().starts_with(&md5_hex("tc")),
            "Allure 2 ignores ALLURE_ID"
        );
    }

    fn labels(pairs: &[(&str, &str)]) -> Vec<Label> {
        pairs
            .iter()
            .map(|(name, value)| Label {
                name: (*name).into(),
                value: (*value).into(),
            })
            .collect()
    }

    #[test]
    fn placeholder_ids_are_no_ids() {
        for placeholder in ["-1", "", " ", " -1 ", "\t"] {
            assert_eq!(allure_id(&labels(&[("AS_ID", placeholder)])), None);
            assert_eq!(allure_id(&labels(&[("ALLURE_ID", placeholder)])), None);
        }
        assert_eq!(allure_id(&labels(&[("suite", "42")])), None);
        assert_eq!(allure_id(&labels(&[("ALLURE_ID", "-12")])), Some("-12"));
        assert_eq!(allure_id(&labels(&[("ALLURE_ID", "0")])), Some("0"));
    }

    #[test]
    fn the_first_real_id_wins_in_label_order_across_both_names() {
        assert_eq!(
            allure_id(&labels(&[("AS_ID", "-1"), ("ALLURE_ID", "4242")])),
            Some("4242")
        );
        assert_eq!(
            allure_id(&labels(&[("AS_ID", "77"), ("ALLURE_ID", "78")])),
            Some("77"),
            "label order decides, not the label name (as Allure 3.18.0's find)"
        );
        assert_eq!(
            allure_id(&labels(&[("ALLURE_ID", " "), ("AS_ID", "5")])),
            Some("5")
        );
    }

    #[test]
    fn placeholder_ids_fall_back_to_the_full_name() {
        let result = |name: &str, id: &str| TestResult {
            full_name: Some(name.into()),
            labels: labels(&[("AS_ID", id)]),
            ..TestResult::default()
        };
        let a = TestKeys::of(&result("garden.Chores#mows_lawn", "-1"));
        let b = TestKeys::of(&result("garden.Chores#prunes_hedge", "-1"));
        assert_ne!(a.allure3, b.allure3);
        assert!(a
            .allure3
            .unwrap()
            .starts_with(&md5_hex("garden.Chores#mows_lawn")));
    }

    #[test]
    fn real_ids_hash_as_allure3_does() {
        // historyIds written by Allure 3.18.0 for tests/fixtures/placeholder-ids.
        let keys = |pairs: &[(&str, &str)]| {
            TestKeys::of(&TestResult {
                full_name: Some("garden.Chores#x".into()),
                labels: labels(pairs),
                ..TestResult::default()
            })
            .allure3
            .unwrap()
        };
        assert_eq!(
            keys(&[("AS_ID", "-1"), ("ALLURE_ID", "4242")]),
            "0f3c84b9ef6c39b55cc6a2dc9ec8bd31.d41d8cd98f00b204e9800998ecf8427e"
        );
        assert_eq!(
            keys(&[("AS_ID", "77"), ("ALLURE_ID", "78")]),
            "4a8d434ca670da49ca1c3fb6262bedde.d41d8cd98f00b204e9800998ecf8427e"
        );
    }

    #[test]
    fn excluded_parameters_do_not_change_the_key() {
        let base = vec![param("a", Some("1"), false)];
        let mut with_excluded = base.clone();
        with_excluded.push(param("started_at", Some("now"), true));
        assert_eq!(
            allure3_params_string(&base),
            allure3_params_string(&with_excluded)
        );
        assert_eq!(allure3_params_string(&with_excluded), "a:1");
    }

    #[test]
    fn allure2_deduplicates_and_uses_placeholder_for_null() {
        let params = vec![
            param("tok", Some("x"), false),
            param("tok", Some("x"), false),
            param("b", None, false),
            param("", Some("no name"), false),
        ];
        assert_eq!(
            allure2_params_string(&params),
            format!("b:{UNKNOWN_PARAMETER_VALUE},tok:x")
        );
        assert_eq!(
            allure3_params_string(&params),
            format!("b:{UNKNOWN_PARAMETER_VALUE},tok:x,tok:x")
        );
    }

    #[test]
    fn locale_order_differs_from_byte_order_for_case() {
        let params = vec![param("B", Some("1"), false), param("a", Some("2"), false)];
        assert_eq!(allure3_params_string(&params), "a:2,B:1");
        assert_eq!(allure2_params_string(&params), "B:1,a:2");
        assert_eq!(locale_compare("a", "A"), Ordering::Less);
        assert_eq!(locale_compare("_x", "1"), Ordering::Less);
    }

    #[test]
    fn candidates_are_ordered_and_unique() {
        let r = TestResult {
            full_name: Some("f".into()),
            history_id: Some("raw".into()),
            ..TestResult::default()
        };
        let keys = TestKeys::of(&r);
        let a3 = keys.allure3_candidates();
        assert_eq!(a3[0], keys.allure3.as_deref().unwrap());
        assert!(a3.contains(&"raw"));
        let a2 = keys.allure2_candidates();
        assert_eq!(
            a2.len(),
            2,
            "allure2 and allure3 keys coincide here: {a2:?}"
        );
    }
}
