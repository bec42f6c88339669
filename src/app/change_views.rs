//! The trees of the Changes view (one group per change set against the baseline) and the
//! errors grouping (one group per failure cluster, largest first, named by its signature).

use crate::analysis::changes::ChangeSet;
use crate::analysis::clusters::Clusters;
use crate::model::tree::{Leaf, Tree};
use crate::model::Report;

use super::state::App;

/// The Changes view: the sets in their order, each with its tests (removed tests as leaves of
/// their own, from the baseline). Empty while there is no comparison.
#[must_use]
pub fn changes_tree(app: &App) -> Tree {
    let (Some(changes), Some(baseline)) = (&app.compare.changes, &app.compare.baseline) else {
        return Tree::default();
    };
    let groups = ChangeSet::ALL
        .iter()
        .map(|&set| {
            let leaves = changes
                .get(set)
                .iter()
                .filter_map(|change| match (change.test, change.baseline) {
                    (Some(test), _) => Some(Leaf::Test(test)),
                    (None, Some(index)) => {
                        let test = baseline.tests.get(index as usize)?;
                        Some(Leaf::BaselineOnly {
                            index,
                            name: test.name.to_string(),
                            status: test.status,
                        })
                    }
                    (None, None) => None,
                })
                .collect();
            (set.title().to_owned(), leaves)
        })
        .collect();
    Tree::from_groups(&app.report, groups)
}

/// The change set a group of the Changes view stands for, by its name.
#[must_use]
pub fn set_of_group(name: &str) -> Option<ChangeSet> {
    ChangeSet::ALL.into_iter().find(|s| s.title() == name)
}

/// The errors grouping: every failure cluster, largest first, named by its signature.
#[must_use]
pub fn errors_tree(report: &Report, clusters: &Clusters) -> Tree {
    let groups = clusters
        .clusters
        .iter()
        .map(|c| {
            (
                c.signature.clone(),
                c.tests.iter().map(|&t| Leaf::Test(t)).collect(),
            )
        })
        .collect();
    Tree::from_groups(report, groups)
}
