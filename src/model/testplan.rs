//! Allure test plans (`testplan.json`): which tests an adapter should run.
//!
//! Format (`allure3 · core-api/src/testPlan.ts`): `{"version":"1.0","tests":[{"id","selector"}]}`
//! with `id` the test's Allure id ([`allure_id`]: `ALLURE_ID`/`AS_ID`, never a placeholder such
//! as `-1`, which would make adapters select every test labelled `-1`; absent when there is
//! none) and `selector` the full name.
//! allure-pytest runs a test when its id is in the plan or its fullName equals a selector;
//! parametrised variants share a full name, so one entry reruns them all. No terminal
//! dependencies.

use serde::Serialize;

use super::identity::allure_id;
use super::report::Test;

/// One entry of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct PlanEntry {
    /// The test's Allure id ([`allure_id`]), when it has one.
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
                id: allure_id(&t.result.labels).map(str::to_owned),
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
            key: full.into(),
            keys: TestKeys::default(),
            result: Box::new(TestResult {
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
            }),
            retries: Vec::new(),
            history: Vec::new(),
        }
    }

    #[test]
    fn placeholder_ids_stay_out_of_the_plan() {
        let tests = [
            test("a.T#x", Some("-1")),
            test("a.T#y", Some(" ")),
            test("a.T#z", Some("")),
        ];
        let plan = TestPlan::of(&tests);
        assert!(plan.tests.iter().all(|e| e.id.is_none()), "{plan:?}");
        assert!(!plan.to_json().contains("\"id\""));
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
