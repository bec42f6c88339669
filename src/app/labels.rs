//! How tests are named on screen so that tests sharing a name can be told apart: parametrized
//! variants and Scenario Outline examples get their parameter values, and the views that lose
//! the suite tree (flat, flaky, triage, categories) add the innermost suite. Built once per load.

use std::collections::HashMap;

use crate::model::tree::suite_path;
use crate::model::{ParameterMode, Report, Test, TestId};
use crate::sanitize::sanitize_line;

use super::state::App;

/// The parameter values that tell variants apart: shown ones that count for identity (an
/// excluded parameter, a run's start time say, differs between runs of the same test, and a
/// masked or hidden one shows nothing).
fn parameter_values(test: &Test) -> Vec<String> {
    test.result
        .parameters
        .iter()
        .filter(|p| p.mode == ParameterMode::Default && !p.excluded)
        .map(|p| sanitize_line(p.value.as_deref().unwrap_or("null")).into_owned())
        .collect()
}

/// One label per test: its name, and its parameter values in brackets when another test has
/// the same name (unless the name already carries them, as pytest's `test_x[a-b]` does).
#[must_use]
pub fn build_labels(report: &Report) -> Vec<String> {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for test in &report.tests {
        *by_name.entry(test.result.name.as_str()).or_default() += 1;
    }
    report
        .tests
        .iter()
        .map(|test| {
            let name = sanitize_line(&test.result.name).into_owned();
            if by_name.get(test.result.name.as_str()).copied().unwrap_or(0) < 2 {
                return name;
            }
            let values = parameter_values(test);
            if values.is_empty() || values.iter().all(|v| name.contains(v.as_str())) {
                return name;
            }
            format!("{name} [{}]", values.join(", "))
        })
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

    /// A label with its innermost suite, for places without the suite tree around it
    /// (`test_basic · WindowedTests`).
    #[must_use]
    pub fn label_with_suite(&self, test: TestId) -> String {
        match self.innermost_suite(test) {
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
