//! How tests are named on screen so that tests sharing a name can be told apart: parametrized
//! variants and Scenario Outline examples get their parameter values, and rows whose group is
//! not their suite (flat, flaky, triage, categories, packages…) add their suite, with as many
//! outer suites as it takes. Built once per load.

use std::collections::{HashMap, HashSet};

use crate::model::tree::suite_path;
use crate::model::{ParameterMode, Report, Test, TestId};
use crate::sanitize::sanitize_line;

use super::state::App;

/// The parameters that count for telling variants apart: shown ones that count for identity
/// (an excluded parameter, a run's start time say, differs between runs of the same test, and
/// a masked or hidden one shows nothing), as (name, sanitized value).
fn shown_parameters(test: &Test) -> Vec<(&str, String)> {
    test.result
        .parameters
        .iter()
        .filter(|p| p.mode == ParameterMode::Default && !p.excluded)
        .map(|p| {
            let value = sanitize_line(p.value.as_deref().unwrap_or("null")).into_owned();
            (p.name.as_str(), value)
        })
        .collect()
}

/// A line sanitized, keeping the string itself when it is clean (most are: no copy).
fn sanitized(line: String) -> String {
    match sanitize_line(&line) {
        std::borrow::Cow::Borrowed(_) => line,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// One label per test: its name, and the values of the parameters that tell it from the
/// other tests of that name in brackets (only those that differ among them: a row is narrow,
/// and a long value they all share would push the one that differs out of sight), unless the
/// name already carries them, as pytest's `test_x[a-b]` does.
#[must_use]
pub fn build_labels(report: &Report) -> Vec<String> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, test) in report.tests.iter().enumerate() {
        by_name
            .entry(test.result.name.as_str())
            .or_default()
            .push(i);
    }
    let mut labels: Vec<Option<String>> = vec![None; report.tests.len()];
    for members in by_name.values().filter(|m| m.len() > 1) {
        let parameters: Vec<Vec<(&str, String)>> = members
            .iter()
            .map(|&i| shown_parameters(&report.tests[i]))
            .collect();
        // A parameter differs when some variant has another value for it, or none.
        let value_of = |params: &[(&str, String)], name: &str| {
            params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        let differs = |name: &str| {
            let first = value_of(&parameters[0], name);
            parameters[1..].iter().any(|p| value_of(p, name) != first)
        };
        for (&i, params) in members.iter().zip(&parameters) {
            let telling: Vec<&str> = params
                .iter()
                .filter(|(name, _)| differs(name))
                .map(|(_, v)| v.as_str())
                .collect();
            let values: Vec<&str> = if telling.is_empty() {
                params.iter().map(|(_, v)| v.as_str()).collect()
            } else {
                telling
            };
            let name = sanitize_line(&report.tests[i].result.name).into_owned();
            if !values.is_empty() && !values.iter().all(|v| name.contains(v)) {
                labels[i] = Some(format!("{name} [{}]", values.join(", ")));
            }
        }
    }
    labels
        .into_iter()
        .zip(&report.tests)
        .map(|(label, test)| label.unwrap_or_else(|| sanitize_line(&test.result.name).into_owned()))
        .collect()
}

/// One suite label per test, for places without the suite tree around the test: its innermost
/// suite (class, file or describe block), with as many outer suites as it takes to tell apart
/// tests that share a label (`test_timed › TestTimedSerializer` and
/// `test_url_safe › TestTimedSerializer`); empty for a test without suites. O(tests × depth).
#[must_use]
pub fn build_suite_labels(report: &Report, labels: &[String], sep: &str) -> Vec<String> {
    let paths: Vec<Vec<String>> = report
        .tests
        .iter()
        .map(|t| suite_path(t).into_iter().map(sanitized).collect())
        .collect();
    let tail = |i: usize, k: usize| &paths[i][paths[i].len().saturating_sub(k)..];
    let mut depth = vec![1usize; paths.len()];
    let mut by_label: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, label) in labels.iter().enumerate().take(paths.len()) {
        by_label.entry(label.as_str()).or_default().push(i);
    }
    for members in by_label.values().filter(|m| m.len() > 1) {
        let mut open = members.clone();
        let mut k = 1;
        while !open.is_empty() {
            // The different suites that end in each tail of k levels.
            let mut suites_by_tail: HashMap<&[String], HashSet<&[String]>> = HashMap::new();
            for &i in members {
                suites_by_tail
                    .entry(tail(i, k))
                    .or_default()
                    .insert(&paths[i]);
            }
            open.retain(|&i| {
                let told_apart = suites_by_tail[tail(i, k)].len() == 1 || k >= paths[i].len();
                if told_apart {
                    depth[i] = k;
                }
                !told_apart
            });
            k += 1;
        }
    }
    (0..paths.len())
        .map(|i| tail(i, depth[i]).join(sep))
        .collect()
}

impl App {
    /// A test's label (see [`build_labels`]).
    #[must_use]
    pub fn label(&self, test: TestId) -> String {
        self.labels.get(test as usize).cloned().unwrap_or_else(|| {
            self.report
                .tests
                .get(test as usize)
                .map(|t| sanitize_line(&t.result.name).into_owned())
                .unwrap_or_default()
        })
    }

    /// The innermost suite of a test (class, file or describe block), when it has one.
    #[must_use]
    pub fn innermost_suite(&self, test: TestId) -> Option<String> {
        let test = self.report.tests.get(test as usize)?;
        suite_path(test)
            .last()
            .map(|s| sanitize_line(s).into_owned())
    }

    /// The suite that tells a test apart where no suite tree is around it (see
    /// [`build_suite_labels`]); `None` for a test without suites.
    #[must_use]
    pub fn suite_label(&self, test: TestId) -> Option<&str> {
        self.suite_labels
            .get(test as usize)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A label with its suite, for places without the suite tree around it
    /// (`test_basic · WindowedTests`).
    #[must_use]
    pub fn label_with_suite(&self, test: TestId) -> String {
        match self.suite_label(test) {
            Some(suite) => format!("{}{}{suite}", self.label(test), self.symbols.dot),
            None => self.label(test),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Parameter, TestResult};

    fn test(name: &str, params: &[(&str, &str, ParameterMode)]) -> Test {
        Test {
            key: name.into(),
            keys: crate::model::TestKeys::default(),
            result: Box::new(TestResult {
                name: name.into(),
                parameters: params
                    .iter()
                    .map(|(n, v, mode)| Parameter {
                        name: (*n).into(),
                        value: Some((*v).into()),
                        excluded: false,
                        mode: *mode,
                    })
                    .collect(),
                ..TestResult::default()
            }),
            retries: Vec::new(),
            history: Vec::new(),
        }
    }

    /// Variants that share long values show only the values that differ (a real API suite's
    /// two variants differed only inside their request body, and both rows read the same once
    /// cut to 80 columns).
    #[test]
    fn shared_names_show_only_the_values_that_differ() {
        let case = |data: &str| {
            test(
                "login",
                &[
                    ("title", "missing parameters", ParameterMode::Default),
                    ("url", "api/login", ParameterMode::Default),
                    ("data", data, ParameterMode::Default),
                ],
            )
        };
        let report = Report {
            tests: vec![case("{'password': 'x'}"), case("{'username': 'y'}")],
            ..Report::default()
        };
        assert_eq!(
            build_labels(&report),
            ["login [{'password': 'x'}]", "login [{'username': 'y'}]"]
        );
    }

    #[test]
    fn shared_names_get_their_parameter_values() {
        let report = Report {
            tests: vec![
                test("Outline", &[("a", "1", ParameterMode::Default)]),
                test(
                    "Outline",
                    &[
                        ("a", "2", ParameterMode::Default),
                        ("token", "s3cret", ParameterMode::Masked),
                        ("id", "x", ParameterMode::Hidden),
                    ],
                ),
                test("test_x[1]", &[("n", "1", ParameterMode::Default)]),
                test("test_x[1]", &[("n", "1", ParameterMode::Default)]),
                test("unique", &[("n", "1", ParameterMode::Default)]),
            ],
            ..Report::default()
        };
        assert_eq!(
            build_labels(&report),
            [
                "Outline [1]",
                "Outline [2]",
                "test_x[1]",
                "test_x[1]",
                "unique"
            ]
        );
    }
}
