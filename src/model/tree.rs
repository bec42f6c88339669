//! Trees of tests: suites, behaviors, packages, or any grouping given as paths.
//!
//! An arena of nodes (`Vec` + `u32` ids). Groups carry status counts of the tests below them
//! and Allure's worst-status colour. No terminal dependencies.

use std::collections::HashMap;

use super::report::{Report, Test, TestId};
use super::status::{Status, StatusCounts};

/// Index of a node in [`Tree::nodes`].
pub type NodeId = u32;

/// A group or a test leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// Group name, or the test's display name.
    pub name: String,
    /// Parent group.
    pub parent: Option<NodeId>,
    /// Children: groups first (by name), then tests (by start, then name).
    pub children: Vec<NodeId>,
    /// The test of a leaf.
    pub test: Option<TestId>,
    /// Status counts of the tests below (a leaf counts itself).
    pub counts: StatusCounts,
    /// Worst status below, Allure's group colour.
    pub status: Status,
    /// Depth from the root level (0).
    pub depth: u16,
    /// A leaf for a test that is only in a baseline (a removed test, which the launch does not
    /// have): its index among the baseline's tests. Such a leaf has no `test` and no children.
    pub baseline_only: Option<u32>,
}

impl TreeNode {
    /// True for a group (not a test, nor a baseline-only leaf).
    #[must_use]
    pub fn is_group(&self) -> bool {
        self.test.is_none() && self.baseline_only.is_none()
    }
}

/// A leaf of [`Tree::from_groups`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leaf {
    /// A test of the launch.
    Test(TestId),
    /// A test only the baseline has: its index there, name and status.
    BaselineOnly {
        /// Index among the baseline's tests.
        index: u32,
        /// Display name.
        name: String,
        /// Status in the baseline.
        status: Status,
    },
}

/// A tree of groups and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    /// All nodes.
    pub nodes: Vec<TreeNode>,
    /// Top-level nodes.
    pub roots: Vec<NodeId>,
}

/// The built-in groupings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// `titlePath`, else `parentSuite / suite / subSuite` labels.
    Suites,
    /// `epic / feature / story` labels.
    Behaviors,
    /// The `package` label split on `.`, single-child chains collapsed.
    Packages,
    /// No groups.
    Flat,
}

/// The group path(s) of a test under a grouping. Several label values put a test under each
/// value (Allure 2's `groupByLabels`); a missing layer is skipped.
#[must_use]
pub fn group_paths(test: &Test, grouping: Grouping) -> Vec<Vec<String>> {
    let result = &test.result;
    match grouping {
        Grouping::Suites if !result.title_path.is_empty() => {
            vec![result.title_path.iter().map(ToString::to_string).collect()]
        }
        Grouping::Suites => label_paths(test, &["parentSuite", "suite", "subSuite"]),
        Grouping::Behaviors => label_paths(test, &["epic", "feature", "story"]),
        Grouping::Packages => match result.label("package") {
            Some(package) => vec![package
                .split('.')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect()],
            None => vec![Vec::new()],
        },
        Grouping::Flat => vec![Vec::new()],
    }
}

fn label_paths(test: &Test, layers: &[&str]) -> Vec<Vec<String>> {
    let mut paths = vec![Vec::with_capacity(layers.len())];
    for layer in layers {
        let mut all = test.result.label_values(layer);
        let Some(first) = all.next() else {
            continue;
        };
        let more: Vec<&str> = all.collect();
        if more.is_empty() {
            // One value, as nearly every test has: extend in place (the general case below
            // copied every path once per layer; at 100k tests that was most of a tree build).
            for path in &mut paths {
                path.push(first.to_owned());
            }
            continue;
        }
        let values: Vec<&str> = std::iter::once(first).chain(more).collect();
        let mut next = Vec::with_capacity(paths.len() * values.len());
        for path in &paths {
            for value in &values {
                let mut extended: Vec<String> = path.clone();
                extended.push((*value).to_owned());
                next.push(extended);
            }
        }
        paths = next;
    }
    paths
}

/// The first suite path of a test, for one-line displays.
#[must_use]
pub fn suite_path(test: &Test) -> Vec<String> {
    group_paths(test, Grouping::Suites)
        .into_iter()
        .next()
        .unwrap_or_default()
}

impl Tree {
    /// Builds a tree with one of the built-in groupings.
    #[must_use]
    pub fn build(report: &Report, grouping: Grouping) -> Tree {
        let mut tree = Tree::from_paths(
            report,
            report
                .tests
                .iter()
                .enumerate()
                .map(|(i, t)| (i as TestId, group_paths(t, grouping))),
        );
        if grouping == Grouping::Packages {
            tree.collapse_single_child_chains();
        }
        tree
    }

    /// Builds a tree from each test's group paths (a test with no paths is left out; an empty
    /// path puts it at the root).
    pub fn from_paths(
        report: &Report,
        paths: impl IntoIterator<Item = (TestId, Vec<Vec<String>>)>,
    ) -> Tree {
        let mut tree = Tree::default();
        let mut group_index: HashMap<(Option<NodeId>, String), NodeId> = HashMap::new();
        for (test_id, test_paths) in paths {
            let test = &report.tests[test_id as usize];
            for path in test_paths {
                let mut parent: Option<NodeId> = None;
                for (depth, segment) in path.into_iter().enumerate() {
                    let key = (parent, segment);
                    parent = Some(if let Some(&id) = group_index.get(&key) {
                        id
                    } else {
                        let id = tree.push(key.1.clone(), parent, None, depth as u16);
                        group_index.insert(key, id);
                        id
                    });
                }
                let depth = parent.map_or(0, |p| tree.nodes[p as usize].depth + 1);
                let leaf = tree.push(test.result.name.to_string(), parent, Some(test_id), depth);
                tree.nodes[leaf as usize].counts.add(test.result.status);
                tree.nodes[leaf as usize].status = test.result.status;
            }
        }
        tree.finish(report);
        tree
    }

    fn push(
        &mut self,
        name: String,
        parent: Option<NodeId>,
        test: Option<TestId>,
        depth: u16,
    ) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(TreeNode {
            name,
            parent,
            children: Vec::new(),
            test,
            counts: StatusCounts::default(),
            status: Status::Unknown,
            depth,
            baseline_only: None,
        });
        match parent {
            Some(p) => self.nodes[p as usize].children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// Sorts children and computes group counts bottom-up (children always have larger ids).
    fn finish(&mut self, report: &Report) {
        for id in (0..self.nodes.len()).rev() {
            if self.nodes[id].test.is_some() {
                continue;
            }
            let mut counts = StatusCounts::default();
            for &child in &self.nodes[id].children {
                counts.merge(&self.nodes[child as usize].counts);
            }
            self.nodes[id].counts = counts;
            self.nodes[id].status = counts.worst().unwrap_or(Status::Unknown);
        }
        let nodes = &self.nodes;
        let order = |&id: &NodeId| {
            let node = &nodes[id as usize];
            let start = node
                .test
                .and_then(|t| report.tests[t as usize].result.start);
            (node.test.is_some(), start, node.name.clone(), id)
        };
        let mut sorted_children: Vec<Vec<NodeId>> = nodes
            .iter()
            .map(|n| {
                let mut c = n.children.clone();
                c.sort_by_cached_key(order);
                c
            })
            .collect();
        let mut roots = self.roots.clone();
        roots.sort_by_cached_key(order);
        for (node, children) in self.nodes.iter_mut().zip(sorted_children.iter_mut()) {
            node.children = std::mem::take(children);
        }
        self.roots = roots;
    }

    /// Merges a group with its only child group (`a` > `b` > tests becomes `a.b` > tests), as
    /// Allure 2's packages tree does.
    fn collapse_single_child_chains(&mut self) {
        for id in 0..self.nodes.len() {
            loop {
                let node = &self.nodes[id];
                if node.test.is_some() || node.children.len() != 1 || node.name.is_empty() {
                    break;
                }
                let only = node.children[0] as usize;
                if self.nodes[only].test.is_some() {
                    break;
                }
                let child = std::mem::replace(
                    &mut self.nodes[only],
                    TreeNode {
                        name: String::new(),
                        parent: None,
                        children: Vec::new(),
                        test: None,
                        counts: StatusCounts::default(),
                        status: Status::Unknown,
                        depth: 0,
                        baseline_only: None,
                    },
                );
                let node = &mut self.nodes[id];
                node.name = format!("{}.{}", node.name, child.name);
                node.children = child.children;
                for &grandchild in &node.children.clone() {
                    self.nodes[grandchild as usize].parent = Some(id as NodeId);
                }
            }
        }
        // Fix depths after collapsing.
        let mut stack: Vec<(NodeId, u16)> = self.roots.iter().map(|&r| (r, 0)).collect();
        while let Some((id, depth)) = stack.pop() {
            self.nodes[id as usize].depth = depth;
            stack.extend(
                self.nodes[id as usize]
                    .children
                    .iter()
                    .map(|&c| (c, depth + 1)),
            );
        }
    }

    /// A flat tree of test leaves in the given order (for ranked views).
    #[must_use]
    pub fn ordered(report: &Report, tests: &[TestId]) -> Tree {
        let mut tree = Tree::default();
        for &test_id in tests {
            let test = &report.tests[test_id as usize];
            // Without groups, the innermost suite tells same-named tests apart.
            let name = match suite_path(test).last() {
                Some(suite) => format!("{suite} › {}", test.result.name),
                None => test.result.name.to_string(),
            };
            let leaf = tree.push(name, None, Some(test_id), 0);
            tree.nodes[leaf as usize].counts.add(test.result.status);
            tree.nodes[leaf as usize].status = test.result.status;
        }
        tree
    }

    /// One level of groups in the given order, each with its leaves in the given order (the
    /// triage views that rank: change sets, failure clusters). Groups without leaves are kept
    /// (they show nothing and are hidden like any empty group).
    #[must_use]
    pub fn from_groups(report: &Report, groups: Vec<(String, Vec<Leaf>)>) -> Tree {
        let mut tree = Tree::default();
        for (name, leaves) in groups {
            let group = tree.push(name, None, None, 0);
            let mut counts = StatusCounts::default();
            for leaf in leaves {
                match leaf {
                    Leaf::Test(test_id) => {
                        let test = &report.tests[test_id as usize];
                        let id =
                            tree.push(test.result.name.to_string(), Some(group), Some(test_id), 1);
                        tree.nodes[id as usize].counts.add(test.result.status);
                        tree.nodes[id as usize].status = test.result.status;
                        counts.add(test.result.status);
                    }
                    Leaf::BaselineOnly {
                        index,
                        name,
                        status,
                    } => {
                        let id = tree.push(name, Some(group), None, 1);
                        tree.nodes[id as usize].baseline_only = Some(index);
                        tree.nodes[id as usize].status = status;
                    }
                }
            }
            tree.nodes[group as usize].counts = counts;
            tree.nodes[group as usize].status = counts.worst().unwrap_or(Status::Unknown);
        }
        tree
    }

    /// Number of test leaves.
    #[must_use]
    pub fn leaf_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.test.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::identity::TestKeys;
    use crate::model::result::{Label, TestResult};

    fn test(name: &str, status: Status, labels: &[(&str, &str)]) -> Test {
        Test {
            key: name.into(),
            keys: TestKeys::default(),
            result: Box::new(TestResult {
                name: name.into(),
                status,
                labels: labels
                    .iter()
                    .map(|(n, v)| Label {
                        name: (*n).into(),
                        value: (*v).into(),
                    })
                    .collect(),
                ..TestResult::default()
            }),
            retries: Vec::new(),
            history: Vec::new(),
        }
    }

    fn report(tests: Vec<Test>) -> Report {
        Report {
            tests,
            ..Report::default()
        }
    }

    #[test]
    fn suites_skip_missing_layers_and_colour_groups_by_worst_status() {
        let r = report(vec![
            test(
                "a",
                Status::Passed,
                &[("parentSuite", "P"), ("subSuite", "S")],
            ),
            test(
                "b",
                Status::Broken,
                &[("parentSuite", "P"), ("subSuite", "S")],
            ),
            test("c", Status::Failed, &[("parentSuite", "P")]),
            test("root", Status::Skipped, &[]),
        ]);
        let tree = Tree::build(&r, Grouping::Suites);
        assert_eq!(tree.roots.len(), 2, "P and the label-less test");
        let p = &tree.nodes[tree.roots[0] as usize];
        assert_eq!(p.name, "P");
        assert_eq!(p.status, Status::Failed);
        assert_eq!(p.counts.total(), 3);
        let s = &tree.nodes[p.children[0] as usize];
        assert_eq!((s.name.as_str(), s.status), ("S", Status::Broken));
        assert_eq!(tree.nodes[tree.roots[1] as usize].test, Some(3));
    }

    #[test]
    fn title_path_wins_over_suite_labels() {
        let mut t = test("a", Status::Passed, &[("suite", "Label suite")]);
        t.result.title_path = vec!["file.ts".into(), "describe".into()];
        assert_eq!(suite_path(&t), ["file.ts", "describe"]);
    }

    #[test]
    fn several_label_values_put_a_test_under_each() {
        let r = report(vec![test(
            "a",
            Status::Passed,
            &[("feature", "F1"), ("feature", "F2")],
        )]);
        let tree = Tree::build(&r, Grouping::Behaviors);
        assert_eq!(tree.roots.len(), 2);
        assert_eq!(tree.leaf_count(), 2);
    }

    #[test]
    fn groups_keep_their_order_and_baseline_only_leaves() {
        let r = report(vec![
            test("a", Status::Failed, &[]),
            test("b", Status::Passed, &[]),
        ]);
        let tree = Tree::from_groups(
            &r,
            vec![
                ("Z first".into(), vec![Leaf::Test(1), Leaf::Test(0)]),
                (
                    "A second".into(),
                    vec![Leaf::BaselineOnly {
                        index: 7,
                        name: "gone".into(),
                        status: Status::Passed,
                    }],
                ),
            ],
        );
        let names: Vec<&str> = tree
            .roots
            .iter()
            .map(|&r| tree.nodes[r as usize].name.as_str())
            .collect();
        assert_eq!(names, ["Z first", "A second"]);
        let first = &tree.nodes[tree.roots[0] as usize];
        assert_eq!(first.counts.total(), 2);
        assert_eq!(first.status, Status::Failed);
        assert_eq!(tree.nodes[first.children[0] as usize].test, Some(1));
        let gone = &tree.nodes[tree.nodes[tree.roots[1] as usize].children[0] as usize];
        assert_eq!(gone.baseline_only, Some(7));
        assert!(!gone.is_group() && gone.test.is_none());
        assert!(first.is_group());
    }

    #[test]
    fn packages_split_on_dots_and_collapse_chains() {
        let r = report(vec![
            test("a", Status::Passed, &[("package", "com.acme.web")]),
            test("b", Status::Failed, &[("package", "com.acme.api")]),
        ]);
        let tree = Tree::build(&r, Grouping::Packages);
        assert_eq!(tree.roots.len(), 1);
        let root = &tree.nodes[tree.roots[0] as usize];
        assert_eq!(root.name, "com.acme");
        let names: Vec<_> = root
            .children
            .iter()
            .map(|&c| tree.nodes[c as usize].name.as_str())
            .collect();
        assert_eq!(names, ["api", "web"]);
        assert_eq!(tree.nodes[root.children[0] as usize].depth, 1);
    }
}
