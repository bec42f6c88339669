//! Building the shown tree: a grouping (or a triage view) in the chosen order, and which nodes
//! the filter and search leave visible, with their counts.

use crate::analysis::Analysis;
use crate::model::tree::{Grouping, Tree};
use crate::model::{Report, Status, StatusCounts, TestId};

use super::state::{App, GroupBy};

/// Tests only our rules call flaky (a retry flip, a high flip rate), beside Allure's count.
pub(crate) fn count_flipping(analysis: &Analysis) -> usize {
    analysis
        .tests
        .iter()
        .filter(|a| !a.flaky && super::views::is_flaky_candidate(a) && a.flakiness.is_flaky())
        .count()
}

/// Builds the tree of a grouping in the app's order.
#[must_use]
pub fn build_tree(app: &App, group_by: GroupBy) -> Tree {
    if group_by == GroupBy::Flaky {
        // The flaky view has its own ranking (`s` cycles it).
        return super::views::flaky_tree(&app.report, &app.analysis, app.flaky_sort);
    }
    if let Some(tree) = build_report_tree(
        &app.report,
        &app.analysis,
        group_by,
        app.symbols.path_sep,
        app.order,
    ) {
        return tree;
    }
    let mut tree = match group_by {
        GroupBy::Changes => super::change_views::changes_tree(app),
        _ => super::change_views::errors_tree(&app.report, &app.clusters),
    };
    let ranked_groups = tree.roots.clone();
    super::order::apply_order(&mut tree, &app.report, &app.analysis, app.order);
    // The change sets keep their order, the clusters theirs (largest first); `s` orders the
    // tests inside.
    tree.roots = ranked_groups;
    tree
}

/// The tree of a grouping that needs only the report and its analysis, in `order`; `None` for
/// the views built from the app's comparison, clusters or flaky ranking (Changes, Errors,
/// Flaky). [`build_tree`] gives the same tree; the first load builds this one on a thread.
#[must_use]
pub(crate) fn build_report_tree(
    report: &Report,
    analysis: &Analysis,
    group_by: GroupBy,
    path_sep: &str,
    order: super::order::TreeOrder,
) -> Option<Tree> {
    if matches!(
        group_by,
        GroupBy::Flaky | GroupBy::Changes | GroupBy::Errors
    ) {
        return None;
    }
    let mut tree = build_grouped(report, analysis, group_by, path_sep);
    super::order::apply_order(&mut tree, report, analysis, order);
    if group_by == GroupBy::Triage {
        super::views::new_and_regressed_first(&mut tree);
    }
    Some(tree)
}

/// Builds the tree of a grouping, in name order.
fn build_grouped(report: &Report, analysis: &Analysis, group_by: GroupBy, path_sep: &str) -> Tree {
    let grouping = match group_by {
        GroupBy::Flaky => {
            let ranked =
                super::views::flaky_ranking(report, analysis, super::views::FlakySort::default());
            return Tree::ordered(report, &ranked);
        }
        GroupBy::Triage => return super::views::triage_tree(report, analysis, path_sep),
        // Built from the app's comparison and clusters by `build_tree`.
        GroupBy::Changes | GroupBy::Errors => return Tree::default(),
        GroupBy::Suites => Grouping::Suites,
        GroupBy::Behaviors => Grouping::Behaviors,
        GroupBy::Packages => Grouping::Packages,
        // A flat list names each test with its innermost suite, or same-named tests (one per
        // class, say) could not be told apart.
        GroupBy::Flat => {
            let all: Vec<TestId> = (0..report.tests.len() as TestId).collect();
            return Tree::ordered(report, &all);
        }
        GroupBy::Categories => {
            let paths =
                report
                    .tests
                    .iter()
                    .zip(&analysis.tests)
                    .enumerate()
                    .map(|(i, (test, a))| {
                        let paths = match &a.category {
                            Some(category) => {
                                let message = test
                                    .result
                                    .details
                                    .message
                                    .as_deref()
                                    .and_then(crate::model::result::first_line)
                                    .map_or_else(
                                        || "(no message)".to_owned(),
                                        |l| l.chars().take(200).collect(),
                                    );
                                vec![vec![category.clone(), message]]
                            }
                            None => Vec::new(),
                        };
                        (i as TestId, paths)
                    });
            return Tree::from_paths(report, paths);
        }
    };
    Tree::build(report, grouping)
}

/// Tests per status under each node, counting only the tests that pass the filter and search
/// (a group's counts follow what it shows). One reverse pass: children have larger ids.
#[must_use]
pub fn visible_counts(tree: &Tree, report: &Report, visible_tests: &[bool]) -> Vec<StatusCounts> {
    let mut counts = vec![StatusCounts::default(); tree.nodes.len()];
    for id in (0..tree.nodes.len()).rev() {
        let node = &tree.nodes[id];
        if let Some(test) = node.test {
            if visible_tests.get(test as usize).copied().unwrap_or(false) {
                counts[id].add(report.tests[test as usize].result.status);
            }
        }
        if let Some(parent) = node.parent {
            let child = counts[id];
            for status in Status::ALL {
                counts[parent as usize].add_n(status, child.get(status));
            }
        }
    }
    counts
}

/// Node visibility from test visibility: a group is visible when any descendant is. A leaf
/// for a test only the baseline has (a removed test) shows when `baseline_only` says so (no
/// filter or search is on: it has no status or text of this launch to match). Children always
/// have larger ids than their parents, so one reverse pass suffices.
#[must_use]
pub fn visible_nodes(tree: &Tree, visible_tests: &[bool], baseline_only: bool) -> Vec<bool> {
    let mut visible = vec![false; tree.nodes.len()];
    for id in (0..tree.nodes.len()).rev() {
        let node = &tree.nodes[id];
        visible[id] = match (node.test, node.baseline_only) {
            (Some(test), _) => visible_tests.get(test as usize).copied().unwrap_or(false),
            (None, Some(_)) => baseline_only,
            (None, None) => node.children.iter().any(|&c| visible[c as usize]),
        };
    }
    visible
}
