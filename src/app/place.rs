//! Where the cursor is, by what it shows rather than by node id: node ids and test ids change
//! when a reload rebuilds the tree, so a reload keeps the reviewer's place by these.
//!
//! A reload arrives in two steps (results, then their history), and a view may not show the
//! place until the history is in (the flaky view ranks by history): the place is kept between
//! the two steps, unless the reviewer moved meanwhile. No terminal dependencies.

use crate::model::tree::NodeId;

use super::state::App;
use crate::model::TestId;

/// The selected row, stable across reloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A test, by its key (Allure's identity).
    Test(String),
    /// A group (or a baseline-only leaf), by the names from the root down to it.
    Node(Vec<String>),
}

/// A place to come back to once the reload's history is in, with the cursor row it was left
/// at: a cursor moved since means the reviewer chose another place.
#[derive(Debug, Clone, Default)]
pub struct PendingPlace(Option<(Place, usize)>);

impl App {
    /// The selected row's place; `None` when the tree shows nothing.
    #[must_use]
    pub fn place(&self) -> Option<Place> {
        let node = self.tree_state.selected()?;
        match self.tree.nodes.get(node as usize)?.test {
            Some(test) => Some(Place::Test(
                self.report.tests.get(test as usize)?.key.to_string(),
            )),
            None => Some(Place::Node(self.node_path(node))),
        }
    }

    /// Selects a place, expanding its groups; false when the tree does not show it.
    pub fn restore_place(&mut self, place: &Place) -> bool {
        match place {
            Place::Test(key) => self
                .report
                .tests
                .iter()
                .position(|t| t.key.as_str() == key)
                .is_some_and(|test| self.reveal_test(test as TestId)),
            Place::Node(path) => self
                .node_at_path(path)
                .is_some_and(|node| self.reveal_node(node)),
        }
    }

    /// The node at a name path, walking down from the roots.
    fn node_at_path(&self, path: &[String]) -> Option<NodeId> {
        let (first, rest) = path.split_first()?;
        let named = |nodes: &[NodeId], name: &str| {
            nodes
                .iter()
                .copied()
                .find(|&n| self.tree.nodes[n as usize].name == name)
        };
        let mut node = named(&self.tree.roots, first)?;
        for name in rest {
            node = named(&self.tree.nodes[node as usize].children, name)?;
        }
        Some(node)
    }

    /// The place a reload keeps: the one left pending by a reload whose history has not
    /// arrived yet (when the cursor has not moved since), else the selected row's.
    pub(crate) fn take_reload_place(&mut self) -> Option<Place> {
        self.take_pending_place().or_else(|| self.place())
    }

    /// Keeps a place for the history that completes this reload.
    pub(crate) fn keep_place_pending(&mut self, place: Option<Place>) {
        self.pending_place.0 = place.map(|p| (p, self.tree_state.cursor));
    }

    /// The place a completing reload's history should restore, if the cursor has not moved.
    pub(crate) fn take_pending_place(&mut self) -> Option<Place> {
        let cursor = self.tree_state.cursor;
        match self.pending_place.0.take() {
            Some((place, at)) if at == cursor => Some(place),
            _ => None,
        }
    }
}
