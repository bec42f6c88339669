//! Matching a launch's tests to a baseline's: by Allure identity, the same key rules history
//! matching uses, one to one.
//!
//! Every key a test may be known by is a candidate (Allure 3's key, Allure 2.45+'s, newer
//! Allure 3's history hash, the adapter's raw `historyId`, the `_fallbackTestCaseId` key; see
//! [`crate::model::identity`]), ranked in that order. A pair of tests matches when they share a
//! candidate; pairs are taken best first — both sides' Allure 3 keys before anything else, then
//! by the worse and the sum of the two ranks, then in test order — and each test is taken at most
//! once. Tests read from XML (`JUnit`, Allure 1) have no identity but their name: those left
//! unmatched are matched by normalised full name (`classname.name` against
//! `package.Class#method`, see [`normalized_name`]) when that name is unique on both sides.
//! A history run without a listing (Allure 2's) is its tests' entries, already tied to them; an
//! Allure 3 run's listing is matched like any baseline. No terminal dependencies.

use std::collections::HashMap;

use super::baseline::{identity_is_name, Baseline};
use crate::model::{Report, TestId, TestKeys};

/// Which baseline test each test is, and the reverse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// Per test of the launch, its baseline test.
    pub of_test: Vec<Option<u32>>,
    /// Per baseline test, its test in the launch.
    pub of_baseline: Vec<Option<TestId>>,
    /// Pairs matched by key.
    pub by_key: usize,
    /// Pairs matched by normalised full name (XML inputs).
    pub by_name: usize,
}

impl Matching {
    /// Pairs matched in all.
    #[must_use]
    pub fn matched(&self) -> usize {
        self.by_key + self.by_name
    }
}

/// The candidate keys of a test, best first, without repeats.
#[must_use]
pub fn candidates(keys: &TestKeys) -> Candidates<'_> {
    let mut out = Candidates::default();
    for key in [
        keys.allure3.as_deref(),
        keys.allure2.as_deref(),
        keys.history_hash.as_deref(),
        keys.raw_history_id.as_deref(),
        keys.fallback.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        if !key.is_empty() && !out.keys[..out.len].contains(&key) {
            out.keys[out.len] = key;
            out.len += 1;
        }
    }
    out
}

/// A test's candidate keys, best first (at most the five kinds of [`TestKeys`]), without an
/// allocation: matching asks for them twice per test.
#[derive(Debug, Clone, Copy, Default)]
pub struct Candidates<'a> {
    keys: [&'a str; 5],
    len: usize,
}

impl<'a> IntoIterator for Candidates<'a> {
    type Item = &'a str;
    type IntoIter = std::iter::Take<std::array::IntoIter<&'a str, 5>>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter().take(self.len)
    }
}

/// A full name as `JUnit` and Allure adapters both can write it: `#` and `::` become `.`, a
/// trailing `()` is dropped, and the parameter id of a pytest name (`test_x[1-2]`) is appended
/// when the full name lacks it (Allure's `fullName` carries no parameters, `JUnit`'s name does).
#[must_use]
pub fn normalized_name(full_name: Option<&str>, name: &str) -> String {
    let base = full_name
        .filter(|f| !f.trim().is_empty())
        .unwrap_or(name)
        .trim();
    let mut out = base.replace("::", ".").replace('#', ".");
    if let Some(stripped) = out.strip_suffix("()") {
        out = stripped.to_owned();
    }
    let name = name.trim();
    if let (Some(open), true) = (name.find('['), name.ends_with(']')) {
        if !out.contains('[') {
            out.push_str(&name[open..]);
        }
    }
    out
}

/// Matches the launch's tests to the baseline's (see the module docs).
#[must_use]
pub fn match_tests(report: &Report, baseline: &Baseline) -> Matching {
    let mut m = Matching {
        of_test: vec![None; report.tests.len()],
        of_baseline: vec![None; baseline.tests.len()],
        ..Matching::default()
    };
    // History runs without a listing: already tied.
    for (b, test) in baseline.tests.iter().enumerate() {
        if let Some(current) = test.current.filter(|&c| (c as usize) < report.tests.len()) {
            if m.of_test[current as usize].is_none() {
                m.of_test[current as usize] = Some(b as u32);
                m.of_baseline[b] = Some(current);
                m.by_key += 1;
            }
        }
    }
    // The pairs of best keys first (what the full pass would take first anyway, in the same
    // order): most tests match there, and the full pass then looks at the few left.
    match_by_keys(report, baseline, &mut m, 1);
    match_by_keys(report, baseline, &mut m, usize::MAX);
    match_by_name(report, baseline, &mut m);
    m
}

/// Pairs the unmatched tests of both sides that share one of their first `ranks` candidate keys,
/// best pair first (see the module docs).
fn match_by_keys(report: &Report, baseline: &Baseline, m: &mut Matching, ranks: usize) {
    let index = KeyIndex::of(baseline, m, ranks);
    if index.is_empty() {
        return;
    }
    let mut pairs: Vec<((u8, u8), u32, u32)> = Vec::with_capacity(report.tests.len());
    for (t, test) in report.tests.iter().enumerate() {
        if m.of_test[t].is_some() {
            continue;
        }
        for (rank, key) in candidates(&test.keys).into_iter().take(ranks).enumerate() {
            let rank = rank as u8;
            index.for_each(key, |b, their| {
                pairs.push(((rank.max(their), rank + their), t as u32, b));
            });
        }
    }
    pairs.sort_unstable();
    for (_, t, b) in pairs {
        if m.of_test[t as usize].is_none() && m.of_baseline[b as usize].is_none() {
            m.of_test[t as usize] = Some(b);
            m.of_baseline[b as usize] = Some(t);
            m.by_key += 1;
        }
    }
}

/// The candidate keys of the baseline's tests not matched yet: each key's entries `(baseline
/// test, rank)` as a chain through one vector, so 50k tests cost no allocation per key.
struct KeyIndex<'a> {
    heads: HashMap<&'a str, u32, foldhash::fast::RandomState>,
    /// `(baseline test, rank, next entry of the same key or u32::MAX)`.
    entries: Vec<(u32, u8, u32)>,
}

impl<'a> KeyIndex<'a> {
    /// The first `ranks` candidates of each unmatched baseline test.
    fn of(baseline: &'a Baseline, m: &Matching, ranks: usize) -> KeyIndex<'a> {
        let mut index = KeyIndex {
            heads: HashMap::with_capacity_and_hasher(
                baseline.tests.len(),
                foldhash::fast::RandomState::default(),
            ),
            entries: Vec::with_capacity(baseline.tests.len()),
        };
        for (b, test) in baseline.tests.iter().enumerate() {
            if m.of_baseline[b].is_some() || test.current.is_some() {
                continue;
            }
            for (rank, key) in candidates(&test.keys).into_iter().take(ranks).enumerate() {
                let at = index.entries.len() as u32;
                let next = index.heads.insert(key, at).unwrap_or(u32::MAX);
                index.entries.push((b as u32, rank as u8, next));
            }
        }
        index
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Calls `f(baseline test, rank)` for every entry of `key`.
    fn for_each(&self, key: &str, mut f: impl FnMut(u32, u8)) {
        let mut at = self.heads.get(key).copied().unwrap_or(u32::MAX);
        while let Some(&(b, rank, next)) = self.entries.get(at as usize) {
            f(b, rank);
            at = next;
        }
    }
}

/// Tests left unmatched where either side's identity is its name: by normalised full name,
/// when that name is unique among the unmatched tests of each side.
fn match_by_name(report: &Report, baseline: &Baseline, m: &mut Matching) {
    let launch_by_name = report
        .tests
        .iter()
        .any(|t| identity_is_name(&t.result.file));
    let baseline_by_name = baseline.tests.iter().any(|t| t.by_name);
    if !(launch_by_name || baseline_by_name) {
        return;
    }
    let mut theirs: HashMap<String, Option<u32>> = HashMap::new();
    for (b, test) in baseline.tests.iter().enumerate() {
        if m.of_baseline[b].is_none() && (launch_by_name || test.by_name) {
            let name = normalized_name(test.full_name.as_deref(), &test.name);
            theirs
                .entry(name)
                .and_modify(|slot| *slot = None)
                .or_insert(Some(b as u32));
        }
    }
    let mut ours: HashMap<String, Option<u32>> = HashMap::new();
    for (t, test) in report.tests.iter().enumerate() {
        if m.of_test[t].is_none() && (baseline_by_name || identity_is_name(&test.result.file)) {
            let r = &test.result;
            let name = normalized_name(r.full_name.as_deref(), &r.name);
            ours.entry(name)
                .and_modify(|slot| *slot = None)
                .or_insert(Some(t as u32));
        }
    }
    let mut pairs: Vec<(u32, u32)> = ours
        .iter()
        .filter_map(|(name, t)| Some(((*t)?, theirs.get(name).copied().flatten()?)))
        .collect();
    pairs.sort_unstable();
    for (t, b) in pairs {
        m.of_test[t as usize] = Some(b);
        m.of_baseline[b as usize] = Some(t);
        m.by_name += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::baseline::{BaselineOrigin, BaselineTest};
    use crate::model::{Parameter, ParameterMode, Status, TestResult, Text};

    fn result(full_name: &str, params: &[(&str, &str)]) -> TestResult {
        TestResult {
            full_name: Some(full_name.into()),
            name: full_name.rsplit('#').next().unwrap_or(full_name).into(),
            parameters: params
                .iter()
                .map(|(n, v)| Parameter {
                    name: (*n).into(),
                    value: Some((*v).into()),
                    excluded: false,
                    mode: ParameterMode::Default,
                })
                .collect(),
            ..TestResult::default()
        }
    }

    fn report(results: Vec<TestResult>) -> Report {
        Report {
            tests: crate::model::retries::group_results(results),
            ..Report::default()
        }
    }

    fn baseline_of(report: Report) -> Baseline {
        Baseline::of_report(report, std::path::Path::new("base"))
    }

    #[test]
    fn variants_match_one_to_one_and_renames_do_not_match() {
        let now = report(vec![
            result("a.T#x", &[("n", "1")]),
            result("a.T#x", &[("n", "2")]),
            result("a.T#renamed", &[]),
        ]);
        let before = baseline_of(report(vec![
            result("a.T#x", &[("n", "2")]),
            result("a.T#x", &[("n", "1")]),
            result("a.T#old", &[]),
        ]));
        let m = match_tests(&now, &before);
        assert_eq!(m.matched(), 2);
        for (t, b) in m.of_test.iter().enumerate() {
            if let Some(b) = b {
                assert_eq!(
                    now.tests[t].keys.allure3, before.tests[*b as usize].keys.allure3,
                    "each variant with its own"
                );
            }
        }
        let renamed = now
            .tests
            .iter()
            .position(|t| t.result.name == "renamed")
            .unwrap();
        assert_eq!(m.of_test[renamed], None);
    }

    #[test]
    fn the_allure3_key_wins_over_a_raw_history_id() {
        // The launch's test is known by its Allure 3 key and by a raw historyId; the baseline has
        // one test under each. The Allure 3 key decides.
        let mut now = result("a.T#x", &[]);
        now.history_id = Some("raw".into());
        let now = report(vec![now]);
        let same_key = now.tests[0].keys.allure3.clone();
        let test = |key: Option<Text>, raw: Option<&str>| BaselineTest {
            key: Text::from("k"),
            keys: TestKeys {
                allure3: key,
                raw_history_id: raw.map(Text::from),
                ..TestKeys::default()
            },
            status: Status::Passed,
            ..BaselineTest::default()
        };
        let before = Baseline {
            origin: BaselineOrigin::Run { n: 1, info: None },
            tests: vec![test(None, Some("raw")), test(same_key, None)],
            report: None,
            lists_tests: true,
            has_steps: false,
            has_traces: false,
            notes: Vec::new(),
        };
        let m = match_tests(&now, &before);
        assert_eq!(m.of_test, [Some(1)]);
        assert_eq!(m.of_baseline, [None, Some(0)]);
    }

    #[test]
    fn xml_tests_match_by_normalised_full_name() {
        let now = report(vec![result("tests.test_mod.TestCart#test_total", &[]), {
            let mut r = result("tests.test_mod.TestCart#test_param", &[("x", "1")]);
            r.name = "test_param[1]".into();
            r
        }]);
        let junit = |full: &str, name: &str| TestResult {
            full_name: Some(full.into()),
            name: name.into(),
            file: "TEST-cart.xml".into(),
            ..TestResult::default()
        };
        let before = baseline_of(report(vec![
            junit("tests.test_mod.TestCart.test_total", "test_total"),
            junit("tests.test_mod.TestCart.test_param[1]", "test_param[1]"),
            junit("tests.test_mod.TestCart.test_gone", "test_gone"),
        ]));
        let m = match_tests(&now, &before);
        assert_eq!((m.by_key, m.by_name), (0, 2));
        assert!(m.of_test.iter().all(Option::is_some));
        assert_eq!(
            normalized_name(Some("com.acme.CartTest.total()"), "total()"),
            "com.acme.CartTest.total"
        );
        assert_eq!(
            normalized_name(Some("tests/a.py::TestX::test_y"), "test_y"),
            "tests/a.py.TestX.test_y"
        );
    }
}
