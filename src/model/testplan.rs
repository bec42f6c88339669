//! Allure test plans (`testplan.json`): which tests an adapter should run.
//!
//! Format (`allure3 · core-api/src/testPlan.ts`): `{"version":"1.0","tests":[{"id","selector"}]}`
//! with `id` the `ALLURE_ID` label (absent when there is none) and `selector` the full name.
//! allure-pytest runs a test when its id is in the plan or its fullName equals a selector;
//! parametrised variants share a full name, so one entry reruns them all. No terminal
//! dependencies.

use serde::Serialize;

use super::report::Test;

/// One entry of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct PlanEntry {
    /// `ALLURE_ID` (or `AS_ID`) label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The test's full name.
    pub selector: String,
}

/// A whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestPlan {
    /// Always "1.0".
    pub version: &'static str,
    /// Entries, de-duplicated, sorted by selector.
    pub tests: Vec<PlanEntry>,
}

impl TestPlan {
    /// The plan that reruns `tests`.
    pub fn of<'a>(tests: impl IntoIterator<Item = &'a Test>) -> TestPlan {
        let mut entries: Vec<PlanEntry> = tests
            .into_iter()
            .map(|t| PlanEntry {
                id: t
                    .result
                    .label("ALLURE_ID")
                    .or_else(|| t.result.label("AS_ID"))
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned),
                selector: t.result.full_name_or_name().to_owned(),
            })
            .collect();
        entries.sort_by(|a, b| a.selector.cmp(&b.selector).then_with(|| a.id.cmp(&b.id)));
        entries.dedup();
        TestPlan {
            version: "1.0",
            tests: entries,
        }
    }

    /// The plan as pretty JSON with a trailing newline.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned());
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::result::{Label, TestResult};
    use crate::model::TestKeys;

    fn test(full: &str, allure_id: Option<&str>) -> Test {
        Test {
            key: full.to_owned(),
            keys: TestKeys::default(),
            result: TestResult {
                full_name: Some(full.into()),
                name: full.into(),
                labels: allure_id
                    .map(|id| {
                        vec![Label {
                            name: "ALLURE_ID".into(),
                            value: id.into(),
                        }]
                    })
                    .unwrap_or_default(),
                ..TestResult::default()
            },
            retries: Vec::new(),
            history: Vec::new(),
        }
    }

    #[test]
    fn plan_has_ids_when_known_and_one_entry_per_full_name() {
        let tests = [
            test("b.T#y", None),
            test("a.T#x", Some("101")),
            test("b.T#y", None),
        ];
        let plan = TestPlan::of(&tests);
        assert_eq!(
            plan.to_json(),
            "{\n  \"version\": \"1.0\",\n  \"tests\": [\n    {\n      \"id\": \"101\",\n      \"selector\": \"a.T#x\"\n    },\n    {\n      \"selector\": \"b.T#y\"\n    }\n  ]\n}\n"
        );
    }
}
