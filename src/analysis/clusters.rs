//! Failure clusters: the failed and broken tests of a launch grouped by their failure
//! signature (see [`super::signature`]), largest cluster first.
//!
//! Used by the TUI's errors grouping, the JSON `clusters`, the Markdown and text sections, the
//! GitHub job summary and annotations, and `--cluster ID`. Pure; no terminal dependencies.

use std::collections::HashMap;

use super::signature::{cluster_id, Signer};
use crate::model::{Report, TestId};

/// Failed and broken tests that share a failure signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// First 8 hex digits of the md5 of the signature.
    pub id: String,
    /// The normalized signature: `Type: masked first line` (and ` @ frame` with frames).
    pub signature: String,
    /// Its tests, in report order (sorted by full name).
    pub tests: Vec<TestId>,
}

/// Every cluster of a launch, and each test's cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clusters {
    /// Largest first; equal sizes in the order of their first test.
    pub clusters: Vec<Cluster>,
    /// Per test (in report order), the index of its cluster in `clusters`; `None` for tests
    /// that did not fail.
    pub of_test: Vec<Option<u32>>,
    /// Whether signatures include the failure's frame (`--cluster-by-frame`).
    pub by_frame: bool,
}

impl Clusters {
    /// Clusters the failed and broken tests of a report by the signature of their shown
    /// attempt. `by_frame` adds the innermost frame outside the test framework.
    #[must_use]
    pub fn of(report: &Report, by_frame: bool) -> Clusters {
        let mut index: HashMap<String, usize, foldhash::fast::RandomState> = HashMap::default();
        let mut signer = Signer::default();
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut of_test = vec![None; report.tests.len()];
        for (i, test) in report.tests.iter().enumerate() {
            let result = &test.result;
            if !result.status.is_problem() {
                continue;
            }
            let signature = signer.sign(
                result.details.message.as_deref(),
                result.details.trace.as_deref(),
                by_frame,
            );
            let slot = match index.get(&signature) {
                Some(&slot) => slot,
                None => {
                    clusters.push(Cluster {
                        id: cluster_id(&signature),
                        signature: signature.clone(),
                        tests: Vec::new(),
                    });
                    index.insert(signature, clusters.len() - 1);
                    clusters.len() - 1
                }
            };
            clusters[slot].tests.push(i as TestId);
            of_test[i] = Some(slot as u32);
        }
        // Stable: equal sizes keep the order of their first test.
        let mut order: Vec<usize> = (0..clusters.len()).collect();
        order.sort_by_key(|&c| std::cmp::Reverse(clusters[c].tests.len()));
        let mut position = vec![0u32; clusters.len()];
        for (new, &old) in order.iter().enumerate() {
            position[old] = new as u32;
        }
        for slot in of_test.iter_mut().flatten() {
            *slot = position[*slot as usize];
        }
        let mut taken: Vec<Option<Cluster>> = clusters.into_iter().map(Some).collect();
        let clusters = order.iter().filter_map(|&c| taken[c].take()).collect();
        Clusters {
            clusters,
            of_test,
            by_frame,
        }
    }

    /// The cluster of a test, if it failed.
    #[must_use]
    pub fn of_test(&self, test: TestId) -> Option<&Cluster> {
        let slot = self.of_test.get(test as usize).copied().flatten()?;
        self.clusters.get(slot as usize)
    }

    /// The cluster with an id (case-insensitive).
    #[must_use]
    pub fn by_id(&self, id: &str) -> Option<&Cluster> {
        self.clusters
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(id.trim()))
    }

    /// Failed and broken tests in all.
    #[must_use]
    pub fn failures(&self) -> usize {
        self.clusters.iter().map(|c| c.tests.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, TestResult};

    fn report(results: &[(&str, Status, &str)]) -> Report {
        let results = results
            .iter()
            .map(|(name, status, message)| TestResult {
                full_name: Some(format!("pkg.T#{name}").into()),
                name: (*name).into(),
                status: *status,
                details: crate::model::result::StatusDetails {
                    message: (!message.is_empty()).then(|| (*message).into()),
                    ..Default::default()
                },
                ..TestResult::default()
            })
            .collect();
        Report {
            tests: crate::model::retries::group_results(results),
            ..Report::default()
        }
    }

    #[test]
    fn masked_variants_cluster_and_the_largest_comes_first() {
        let r = report(&[
            ("a", Status::Failed, "AssertionError: assert x == 1"),
            ("b", Status::Failed, "AssertionError: took 4.88s"),
            ("c", Status::Broken, "AssertionError: took 2.33s"),
            ("d", Status::Passed, ""),
            ("e", Status::Failed, "AssertionError: took 0.1s"),
        ]);
        let c = Clusters::of(&r, false);
        assert_eq!(c.clusters.len(), 2);
        assert_eq!(c.clusters[0].signature, "AssertionError: took <duration>");
        assert_eq!(c.clusters[0].tests, [1, 2, 4]);
        assert_eq!(c.clusters[1].tests, [0]);
        assert_eq!(c.of_test, [Some(1), Some(0), Some(0), None, Some(0)]);
        assert_eq!(c.of_test(3), None);
        assert_eq!(c.of_test(2).unwrap().id, c.clusters[0].id);
        assert_eq!(
            c.by_id(&c.clusters[1].id.to_uppercase()),
            Some(&c.clusters[1])
        );
        assert_eq!(c.failures(), 4);
    }
}
