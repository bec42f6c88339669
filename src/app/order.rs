//! The order of the tree (`s`): by name (as the grouping builds it), duration, status or
//! flakiness. Groups are ordered by the same key over their tests (total duration, worst
//! status, highest flip rate), so the slowest or flakiest branch comes first.

use crate::analysis::Analysis;
use crate::model::tree::{NodeId, Tree};
use crate::model::{Report, Status};

use super::state::App;

/// How the tree's children are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TreeOrder {
    /// As the grouping builds it: by name.
    #[default]
    Name,
    /// Slowest first.
    Duration,
    /// Failed, broken, passed, skipped, unknown.
    Status,
    /// Highest flip rate first, retry flips before the rest.
    Flakiness,
}

impl TreeOrder {
    /// The next order in the cycle.
    #[must_use]
    pub fn next(self) -> TreeOrder {
        match self {
            TreeOrder::Name => TreeOrder::Duration,
            TreeOrder::Duration => TreeOrder::Status,
            TreeOrder::Status => TreeOrder::Flakiness,
            TreeOrder::Flakiness => TreeOrder::Name,
        }
    }

    /// Label for the tree title and the footer.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            TreeOrder::Name => "by name",
            TreeOrder::Duration => "slowest first",
            TreeOrder::Status => "by status",
            TreeOrder::Flakiness => "flakiest first",
        }
    }
}

/// `s`: the next order, keeping the selection.
pub(crate) fn cycle_order(app: &mut App) {
    app.order = app.order.next();
    app.rebuild_tree(None);
    app.note = Some(format!("tree order: {} (s changes)", app.order.label()));
}

/// Sorts every node's children (and the roots) by the order; stable, so equal keys keep the
/// grouping's name order. O(nodes log nodes).
pub fn apply_order(tree: &mut Tree, report: &Report, analysis: &Analysis, order: TreeOrder) {
    if order == TreeOrder::Name || tree.nodes.is_empty() {
        return;
    }
    // A key per node where smaller sorts first; groups aggregate their children. Children
    // always have larger ids than their parents, so one reverse pass fills groups.
    let mut key = vec![0f64; tree.nodes.len()];
    let mut filled = vec![false; tree.nodes.len()];
    for id in (0..tree.nodes.len()).rev() {
        let node = &tree.nodes[id];
        let own = node.test.map(|t| {
            let test = &report.tests[t as usize];
            let a = &analysis.tests[t as usize];
            match order {
                TreeOrder::Name => 0.0,
                TreeOrder::Duration => -(test.result.duration().unwrap_or(0) as f64),
                TreeOrder::Status => status_rank(test.result.status),
                TreeOrder::Flakiness => {
                    -(a.flakiness.flip_rate.unwrap_or(0.0)
                        + if a.flakiness.retry_flip || a.flaky {
                            1.0
                        } else {
                            0.0
                        })
                }
            }
        });
        if let Some(own) = own {
            key[id] = own;
            filled[id] = true;
        }
        if let (Some(parent), true) = (node.parent, filled[id]) {
            let p = parent as usize;
            key[p] = if !filled[p] {
                key[id]
            } else if order == TreeOrder::Duration {
                // Total time of the group.
                key[p] + key[id]
            } else {
                key[p].min(key[id])
            };
            filled[p] = true;
        }
    }
    let by_key = |a: &NodeId, b: &NodeId| key[*a as usize].total_cmp(&key[*b as usize]);
    tree.roots.sort_by(by_key);
    for node in &mut tree.nodes {
        node.children.sort_by(by_key);
    }
}

fn status_rank(status: Status) -> f64 {
    Status::BY_PRIORITY
        .iter()
        .position(|s| *s == status)
        .unwrap_or(0) as f64
}
