//! Failure clusters for the CI outputs: failed and broken tests that share a cause.
//!
//! Interim rule until failure clustering lands (issue #11): the same Allure category and the
//! same first message line once numbers and hex addresses are blanked. The CI formats only
//! take a `Vec<FailureCluster>`, so a better clusterer replaces this function alone.

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::model::Report;

/// Tests failing for what looks like one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureCluster {
    /// A short label: the category and the normalised message.
    pub label: String,
    /// Indexes into `report.tests`, in test order.
    pub tests: Vec<usize>,
}

/// The first line of a message with digits runs and `0x…` addresses replaced by `#`.
#[must_use]
pub fn normalise(message: &str) -> String {
    let line = crate::model::result::first_line(message).unwrap_or("");
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            if c == '0' && chars.peek() == Some(&'x') {
                chars.next();
            }
            while chars.peek().is_some_and(char::is_ascii_hexdigit) {
                chars.next();
            }
            out.push('#');
        } else {
            out.push(c);
        }
    }
    out
}

/// Clusters of the failed and broken tests, largest first (ties: first test first).
#[must_use]
pub fn failure_clusters(report: &Report, analysis: &Analysis) -> Vec<FailureCluster> {
    let mut index: HashMap<(Option<String>, String), usize> = HashMap::new();
    let mut clusters: Vec<FailureCluster> = Vec::new();
    for (i, test) in report.tests.iter().enumerate() {
        if !test.result.status.is_problem() {
            continue;
        }
        let message = normalise(test.result.details.message.as_deref().unwrap_or(""));
        let category = analysis.tests.get(i).and_then(|a| a.category.clone());
        let key = (category.clone(), message.clone());
        let slot = *index.entry(key).or_insert_with(|| {
            let label = match (category, message.is_empty()) {
                (Some(c), false) => format!("{c}: {message}"),
                (Some(c), true) => c,
                (None, false) => message,
                (None, true) => "(no message)".to_owned(),
            };
            clusters.push(FailureCluster {
                label,
                tests: Vec::new(),
            });
            clusters.len() - 1
        });
        clusters[slot].tests.push(i);
    }
    clusters.sort_by(|a, b| {
        b.tests
            .len()
            .cmp(&a.tests.len())
            .then(a.tests[0].cmp(&b.tests[0]))
    });
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_addresses_do_not_split_clusters() {
        assert_eq!(
            normalise("\nTimeout after 1500ms at 0x7f3a9c\nmore"),
            "Timeout after #ms at #"
        );
    }
}
