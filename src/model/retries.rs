//! Folding attempts of one test into a single [`Test`]: Allure's retry rule.
//!
//! Results with the same identity key are attempts of one test. The shown attempt is the one
//! with the latest `start`; a result without `start` loses to any timed one (Allure 2); on a tie
//! the file read later wins (Allure 3). The others are retries, kept oldest first.
//! No terminal dependencies.

use std::collections::HashMap;

use super::identity::TestKeys;
use super::report::Test;
use super::result::TestResult;
use super::text::Text;

/// A test being gathered: its key, its keys, its first attempt and any others, each with its
/// read order.
type Group = (Text, TestKeys, Attempt, Vec<Attempt>);

/// An attempt and its position in read order.
type Attempt = (usize, Box<TestResult>);

/// Groups results (in file-read order, each with its keys) into tests, sorted by full name,
/// name, then key.
#[must_use]
pub fn group_attempts(results: Vec<(Box<TestResult>, TestKeys)>) -> Vec<Test> {
    // Group index by key; groups in first-seen order, attempts in read order.
    let mut index: HashMap<Text, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(results.len(), foldhash::fast::RandomState::default());
    let mut groups: Vec<Group> = Vec::new();
    for (read_index, (result, keys)) in results.into_iter().enumerate() {
        // A generated report's own grouping wins (see `TestKeys::report_group`): it is the
        // identity key too, unless the report shows two tests of one key.
        let key = keys.report_group.clone().unwrap_or_else(|| {
            keys.primary().cloned().unwrap_or_else(|| {
                Text::from(match &result.uuid {
                    Some(uuid) => format!("uuid:{uuid}"),
                    None => format!("file:{}:{}", result.dir, result.file),
                })
            })
        });
        match index.get(&key) {
            Some(&at) => groups[at].3.push((read_index, result)),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, keys, (read_index, result), Vec::new()));
            }
        }
    }
    drop(index);
    let mut tests: Vec<Test> = groups
        .into_iter()
        .map(|(key, keys, first, mut more)| {
            if more.is_empty() {
                // Most tests ran once: no list to sort.
                return Test {
                    key,
                    keys,
                    result: first.1,
                    retries: Vec::new(),
                    history: Vec::new(),
                };
            }
            more.push(first);
            // Oldest first: untimed before timed, then by start, then by read order.
            more.sort_by_key(|(read, r)| (r.start.is_some(), r.start, *read));
            let (_, result) = more
                .pop()
                .expect("a group holds at least its first attempt");
            Test {
                key,
                keys,
                result,
                retries: more.into_iter().map(|(_, r)| *r).collect(),
                history: Vec::new(),
            }
        })
        .collect();
    tests.sort_by(|a, b| {
        a.result
            .full_name_or_name()
            .cmp(b.result.full_name_or_name())
            .then_with(|| a.result.name.cmp(&b.result.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    tests
}

/// [`group_attempts`] for results whose keys are not computed yet.
#[must_use]
pub fn group_results(results: Vec<TestResult>) -> Vec<Test> {
    group_attempts(
        results
            .into_iter()
            .map(|r| {
                let keys = TestKeys::of(&r);
                (Box::new(r), keys)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::status::Status;

    fn attempt(file: &str, status: Status, start: Option<i64>) -> TestResult {
        TestResult {
            file: file.into(),
            full_name: Some("pkg.T#m".into()),
            name: "m".into(),
            status,
            start,
            ..TestResult::default()
        }
    }

    #[test]
    fn latest_start_is_shown_and_the_rest_are_retries_oldest_first() {
        let tests = group_results(vec![
            attempt("b", Status::Passed, Some(30)),
            attempt("a", Status::Failed, Some(10)),
            attempt("c", Status::Broken, Some(20)),
        ]);
        assert_eq!(tests.len(), 1);
        assert_eq!(tests[0].result.status, Status::Passed);
        let retries: Vec<_> = tests[0].retries.iter().map(|r| r.status).collect();
        assert_eq!(retries, [Status::Failed, Status::Broken]);
    }

    #[test]
    fn untimed_attempts_lose_and_ties_go_to_the_later_file() {
        let tests = group_results(vec![
            attempt("20", Status::Failed, Some(5)),
            attempt("21", Status::Broken, Some(5)),
            attempt("22", Status::Passed, None),
        ]);
        assert_eq!(tests[0].result.file, "21");
        let retries: Vec<_> = tests[0].retries.iter().map(|r| r.file.as_str()).collect();
        assert_eq!(retries, ["22", "20"]);
    }

    #[test]
    fn different_parameters_are_different_tests() {
        let mut a = attempt("a", Status::Passed, Some(1));
        let mut b = attempt("b", Status::Passed, Some(1));
        for (r, v) in [(&mut a, "1"), (&mut b, "2")] {
            r.parameters.push(crate::model::result::Parameter {
                name: "x".into(),
                value: Some(v.into()),
                excluded: false,
                mode: crate::model::result::ParameterMode::Default,
            });
        }
        assert_eq!(group_results(vec![a, b]).len(), 2);
    }

    #[test]
    fn results_without_identity_stay_separate() {
        let mut a = attempt("a", Status::Passed, None);
        a.full_name = None;
        let mut b = a.clone();
        b.file = "b".into();
        assert_eq!(group_results(vec![a, b]).len(), 2);
    }
}
