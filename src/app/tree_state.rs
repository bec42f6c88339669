//! The tree view's state: expanded groups, the flattened visible rows, cursor and scroll offset.
//!
//! Rows are recomputed only on expand, collapse, filter or grouping changes; rendering reads
//! `rows[offset..offset + height]` only (100k tests stay cheap).

use std::collections::HashSet;

use crate::model::tree::{NodeId, Tree};

/// Lines kept visible above and below the cursor while scrolling.
pub const SCROLLOFF: usize = 3;

/// Expansion, visible rows, cursor and offset of a tree.
#[derive(Debug, Clone, Default)]
pub struct TreeState {
    /// Expanded groups.
    pub expanded: HashSet<NodeId>,
    /// When true (a filter or search is active) every visible group shows expanded.
    pub force_expanded: bool,
    /// Visible nodes in display order.
    pub rows: Vec<NodeId>,
    /// Index of the selected row.
    pub cursor: usize,
    /// Index of the first row on screen.
    pub offset: usize,
    /// Rows on screen (set from the layout).
    pub height: usize,
}

impl TreeState {
    /// True when a group shows its children.
    #[must_use]
    pub fn is_expanded(&self, node: NodeId) -> bool {
        self.force_expanded || self.expanded.contains(&node)
    }

    /// The selected node.
    #[must_use]
    pub fn selected(&self) -> Option<NodeId> {
        self.rows.get(self.cursor).copied()
    }

    /// Recomputes the rows; `visible[node]` says whether a node passes the filters. Keeps the
    /// selection on the same node, else on its nearest visible ancestor, else the first row.
    pub fn rebuild(&mut self, tree: &Tree, visible: &[bool]) {
        let selected = self.selected();
        self.rows.clear();
        let mut stack: Vec<NodeId> = tree.roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            if !visible.get(id as usize).copied().unwrap_or(false) {
                continue;
            }
            self.rows.push(id);
            let node = &tree.nodes[id as usize];
            if node.test.is_none() && self.is_expanded(id) {
                stack.extend(node.children.iter().rev().copied());
            }
        }
        self.cursor = 0;
        let mut target = selected;
        while let Some(node) = target {
            if let Some(row) = self.rows.iter().position(|&r| r == node) {
                self.cursor = row;
                break;
            }
            target = tree.nodes[node as usize].parent;
        }
        self.clamp();
    }

    /// Moves the cursor by `delta` rows.
    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.clamp();
    }

    /// Selects a row by index.
    pub fn select_row(&mut self, row: usize) {
        self.cursor = row.min(self.rows.len().saturating_sub(1));
        self.clamp();
    }

    /// Selects a node if it is a visible row.
    pub fn select_node(&mut self, node: NodeId) -> bool {
        match self.rows.iter().position(|&r| r == node) {
            Some(row) => {
                self.select_row(row);
                true
            }
            None => false,
        }
    }

    /// Keeps the cursor in range and on screen with [`SCROLLOFF`] lines of context.
    pub fn clamp(&mut self) {
        let len = self.rows.len();
        if len == 0 {
            self.cursor = 0;
            self.offset = 0;
            return;
        }
        self.cursor = self.cursor.min(len - 1);
        let height = self.height.max(1);
        let off = SCROLLOFF.min(height.saturating_sub(1) / 2);
        if self.cursor < self.offset + off {
            self.offset = self.cursor.saturating_sub(off);
        } else if self.cursor + off >= self.offset + height {
            self.offset = self.cursor + off + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tree::TreeNode;
    use crate::model::{Status, StatusCounts};

    fn node(
        name: &str,
        parent: Option<NodeId>,
        children: Vec<NodeId>,
        test: Option<u32>,
    ) -> TreeNode {
        TreeNode {
            name: name.into(),
            parent,
            children,
            test,
            counts: StatusCounts::default(),
            status: Status::Passed,
            depth: 0,
            baseline_only: None,
        }
    }

    /// g0 { t1, t2 }, g3 { t4 }
    fn tree() -> Tree {
        Tree {
            nodes: vec![
                node("g0", None, vec![1, 2], None),
                node("t1", Some(0), vec![], Some(0)),
                node("t2", Some(0), vec![], Some(1)),
                node("g3", None, vec![4], None),
                node("t4", Some(3), vec![], Some(2)),
            ],
            roots: vec![0, 3],
        }
    }

    #[test]
    fn rows_follow_expansion_and_visibility() {
        let tree = tree();
        let mut state = TreeState {
            height: 10,
            ..TreeState::default()
        };
        let all = vec![true; 5];
        state.rebuild(&tree, &all);
        assert_eq!(state.rows, [0, 3]);
        state.expanded.insert(0);
        state.rebuild(&tree, &all);
        assert_eq!(state.rows, [0, 1, 2, 3]);
        let mut only_t2 = vec![true, false, true, false, false];
        state.rebuild(&tree, &only_t2);
        assert_eq!(state.rows, [0, 2]);
        only_t2[3] = true;
        state.force_expanded = true;
        state.rebuild(&tree, &only_t2);
        assert_eq!(state.rows, [0, 2, 3]);
    }

    #[test]
    fn collapsing_keeps_the_selection_on_the_ancestor() {
        let tree = tree();
        let mut state = TreeState {
            height: 10,
            ..TreeState::default()
        };
        state.expanded.extend([0, 3]);
        state.rebuild(&tree, &[true; 5]);
        assert!(state.select_node(4));
        state.expanded.remove(&3);
        state.rebuild(&tree, &[true; 5]);
        assert_eq!(state.selected(), Some(3));
    }

    #[test]
    fn scrolling_keeps_context_around_the_cursor() {
        let mut state = TreeState {
            height: 10,
            rows: (0..100).collect(),
            ..TreeState::default()
        };
        state.move_by(20);
        assert_eq!(state.cursor, 20);
        assert_eq!(state.offset, 14, "3 lines below the cursor stay visible");
        state.move_by(-10);
        assert_eq!(state.offset, 7);
        state.move_by(1000);
        assert_eq!((state.cursor, state.offset), (99, 90));
    }
}
