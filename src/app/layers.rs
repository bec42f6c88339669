//! The one stack of UI layers over the browsing screen: triage views, the rerun pane, the
//! search prompt, the save prompt, the attachment viewer and popups.
//!
//! Key dispatch, the footer hints, `update` and the renderer all read the top of this stack, so
//! they cannot disagree about which mode wins. Layers are kept in rank order (a popup is always
//! above the viewer, the viewer above the prompts, …), which is also the order `Esc` takes them
//! back in.

use super::kinds::{GroupBy, Overlay, Prompt};
use super::viewer::ViewerState;

/// A triage view shown in place of the grouped tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// Flaky tests ranked by flakiness (`F`).
    Flaky,
    /// Failures that still need triage (`T`).
    Triage,
    /// What changed against the baseline (`B`; the landing view with `--baseline`).
    Changes,
}

impl View {
    /// The tree grouping the view shows.
    #[must_use]
    pub fn grouping(self) -> GroupBy {
        match self {
            View::Flaky => GroupBy::Flaky,
            View::Triage => GroupBy::Triage,
            View::Changes => GroupBy::Changes,
        }
    }

    /// Name for hints ("leave the flaky view").
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            View::Flaky => "flaky view",
            View::Triage => "triage view",
            View::Changes => "changes view",
        }
    }
}

/// One layer of the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    /// A triage view in place of the grouped tree.
    View(View),
    /// The rerun output pane.
    Rerun,
    /// Typing a search query (the query itself lives in `SearchState`).
    Search,
    /// A one-line text prompt in the footer.
    Prompt(Prompt),
    /// The attachment viewer.
    Viewer(Box<ViewerState>),
    /// A popup.
    Popup(Overlay),
}

impl Layer {
    /// Rank in the stack: higher layers sit on top and are taken back first.
    #[must_use]
    pub fn rank(&self) -> u8 {
        match self {
            Layer::View(_) => 0,
            Layer::Rerun => 1,
            Layer::Search => 2,
            Layer::Prompt(_) => 3,
            Layer::Viewer(_) => 4,
            Layer::Popup(_) => 5,
        }
    }
}

/// The stack, bottom first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layers(Vec<Layer>);

impl Layers {
    /// The top layer, which gets the keys.
    #[must_use]
    pub fn top(&self) -> Option<&Layer> {
        self.0.last()
    }

    /// The top layer, mutably.
    pub fn top_mut(&mut self) -> Option<&mut Layer> {
        self.0.last_mut()
    }

    /// Every layer, bottom first.
    pub fn iter(&self) -> impl Iterator<Item = &Layer> {
        self.0.iter()
    }

    /// True when no layer is open.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a layer at its rank: above every layer of lower or equal rank. A view replaces
    /// another view, and the rerun pane, search, prompt and viewer are open at most once.
    pub fn push(&mut self, layer: Layer) {
        if !matches!(layer, Layer::Popup(_)) {
            let rank = layer.rank();
            self.0.retain(|l| l.rank() != rank);
        }
        let at = self
            .0
            .iter()
            .position(|l| l.rank() > layer.rank())
            .unwrap_or(self.0.len());
        self.0.insert(at, layer);
    }

    /// Removes and returns the top layer.
    pub fn pop(&mut self) -> Option<Layer> {
        self.0.pop()
    }

    /// Removes every layer the predicate picks.
    pub fn remove(&mut self, pick: impl Fn(&Layer) -> bool) {
        self.0.retain(|l| !pick(l));
    }

    /// True when a layer the predicate picks is open.
    #[must_use]
    pub fn has(&self, pick: impl Fn(&Layer) -> bool) -> bool {
        self.0.iter().any(pick)
    }

    /// The triage view shown, if any.
    #[must_use]
    pub fn view(&self) -> Option<View> {
        self.0.iter().find_map(|l| match l {
            Layer::View(v) => Some(*v),
            _ => None,
        })
    }

    /// The open attachment viewer.
    #[must_use]
    pub fn viewer(&self) -> Option<&ViewerState> {
        self.0.iter().find_map(|l| match l {
            Layer::Viewer(v) => Some(&**v),
            _ => None,
        })
    }

    /// The open attachment viewer, mutably.
    pub fn viewer_mut(&mut self) -> Option<&mut ViewerState> {
        self.0.iter_mut().find_map(|l| match l {
            Layer::Viewer(v) => Some(&mut **v),
            _ => None,
        })
    }

    /// The open prompt.
    #[must_use]
    pub fn prompt(&self) -> Option<&Prompt> {
        self.0.iter().find_map(|l| match l {
            Layer::Prompt(p) => Some(p),
            _ => None,
        })
    }

    /// The open prompt, mutably.
    pub fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        self.0.iter_mut().find_map(|l| match l {
            Layer::Prompt(p) => Some(p),
            _ => None,
        })
    }

    /// The topmost popup.
    #[must_use]
    pub fn popup(&self) -> Option<Overlay> {
        self.0.iter().rev().find_map(|l| match l {
            Layer::Popup(o) => Some(*o),
            _ => None,
        })
    }

    /// True while the search prompt has the keyboard.
    #[must_use]
    pub fn searching(&self) -> bool {
        self.has(|l| *l == Layer::Search)
    }

    /// True while the rerun pane is shown.
    #[must_use]
    pub fn rerun_shown(&self) -> bool {
        self.has(|l| *l == Layer::Rerun)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_keep_rank_order_whatever_the_push_order() {
        let mut layers = Layers::default();
        layers.push(Layer::Viewer(Box::default()));
        layers.push(Layer::Rerun);
        layers.push(Layer::View(View::Flaky));
        layers.push(Layer::Popup(Overlay::Help { scroll: 0 }));
        let ranks: Vec<u8> = layers.iter().map(Layer::rank).collect();
        assert_eq!(ranks, [0, 1, 4, 5]);
        // A rerun ending under an open viewer: its popup goes on top, the viewer stays below.
        layers.push(Layer::Popup(Overlay::SinceRerun { scroll: 0 }));
        assert_eq!(
            layers.top(),
            Some(&Layer::Popup(Overlay::SinceRerun { scroll: 0 }))
        );
        layers.pop();
        layers.pop();
        assert!(matches!(layers.top(), Some(Layer::Viewer(_))));
    }

    #[test]
    fn a_view_replaces_another() {
        let mut layers = Layers::default();
        layers.push(Layer::View(View::Flaky));
        layers.push(Layer::View(View::Triage));
        assert_eq!(layers.view(), Some(View::Triage));
        assert_eq!(layers.iter().count(), 1);
    }
}
