//! `App`: the whole UI state, built from a report, changed only by `update`.

use std::collections::HashSet;

use crate::analysis::Analysis;
use crate::model::tree::{NodeId, Tree};
use crate::model::{HistoryBundle, Progress, Report, StatusCounts, Test, TestId};
use crate::symbols::Symbols;

use super::detail::DetailState;
use super::filter::StatusFilter;
pub use super::kinds::{Focus, GroupBy, Loading, Overlay, Prompt, PromptPurpose, Tab};
pub use super::layers::View;
use super::layers::{Layer, Layers};
use super::search::{self, SearchState};
use super::tree_build::count_flipping;
pub use super::tree_build::{build_tree, visible_counts, visible_nodes};
use super::tree_state::TreeState;

/// The whole UI state.
// The flags (sample, quit, detail open, hyperlinks) are independent yes/no facts; folding
// them into enums would only obscure them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Default)]
pub struct App {
    /// The loaded launch.
    pub report: Report,
    /// Allure's rules over it.
    pub analysis: Analysis,
    /// Search text of each test, built once per load.
    pub haystacks: std::sync::Arc<Vec<crate::analysis::query::Haystack>>,
    /// Loading stage.
    pub loading: Loading,
    /// Latest progress report.
    pub progress: Option<Progress>,
    /// A fatal load error to show.
    pub load_error: Option<String>,
    /// The grouping `v` chose (a triage view on the layer stack may show another tree).
    pub group_by: GroupBy,
    /// The tree for the grouping.
    pub tree: Tree,
    /// Tree view state.
    pub tree_state: TreeState,
    /// Status filter.
    pub filter: StatusFilter,
    /// Fuzzy search.
    pub search: SearchState,
    /// Keyboard focus.
    pub focus: Focus,
    /// Detail tab.
    pub tab: Tab,
    /// Detail pane state (scroll, steps, attachments).
    pub detail: DetailState,
    /// The stack of layers over the browsing screen (views, rerun pane, prompts, viewer,
    /// popups); its top gets the keys.
    pub layers: Layers,
    /// Terminal size.
    pub size: (u16, u16),
    /// On narrow screens: the detail is shown full-screen.
    pub detail_open: bool,
    /// Glyph set.
    pub symbols: Symbols,
    /// Styles by role (colour or monochrome).
    pub theme: crate::theme::Theme,
    /// "Now" for relative dates, epoch ms (injected so screens are reproducible).
    pub now_ms: i64,
    /// A one-line note for the footer (e.g. "no more failures").
    pub note: Option<String>,
    /// True when showing the built-in sample.
    pub is_sample: bool,
    /// Set by `Quit`.
    pub should_quit: bool,
    /// Draw links as OSC 8 hyperlinks (off in tests and on terminals that cannot).
    pub hyperlinks: bool,
    /// The grouping `tree` was built for.
    pub tree_grouping: Option<GroupBy>,
    /// Marked tests, by identity key (so marks survive reloads).
    pub marks: std::collections::HashSet<String>,
    /// Rerun command, output and results.
    pub rerun: super::rerun::RerunState,
    /// Order of the flaky view.
    pub flaky_sort: super::views::FlakySort,
    /// Order of the other trees (`s`).
    pub order: super::order::TreeOrder,
    /// True when results are watched for changes.
    pub watching: bool,
    /// `q` was pressed once while a rerun runs; a second `q` quits.
    pub quit_armed: bool,
    /// Expanded groups of the groupings not shown now, by group path.
    pub saved_expansions: std::collections::HashMap<GroupBy, Vec<Vec<String>>>,
    /// The last test selected, to come back to from a view where it is not shown.
    pub last_test: Option<TestId>,
    /// The place a reload keeps until its history is in (see [`super::place`]).
    pub pending_place: super::place::PendingPlace,
    /// Shown tests by status under each tree node (following the filter and search).
    pub counts: Vec<StatusCounts>,
    /// Bumped whenever what the tree or the detail shows may have changed (loads, filters).
    pub revision: u64,
    /// The detail document, built once per selection.
    pub detail_cache: super::doc::DetailCache,
    /// Display labels of the tests (name, plus what tells same-named tests apart).
    pub labels: Vec<String>,
    /// Suites that tell tests apart where no suite tree is around them (see
    /// `labels::build_suite_labels`).
    pub suite_labels: Vec<String>,
    /// Tests only our rules call flaky (a retry flip, a high flip rate), for the header.
    pub flipping: usize,
    /// The launch's title, for the header.
    pub title: String,
    /// Tree pane width chosen with `<` / `>` (columns; `None`: the default share).
    pub tree_width: Option<u16>,
    /// The focused pane is shown alone (`z`).
    pub zoomed: bool,
    /// The baseline (`--baseline`) and what changed against it.
    pub compare: super::compare::CompareState,
    /// The launch's failure clusters, built once per load.
    pub clusters: crate::analysis::clusters::Clusters,
    /// Cluster by signature and stack frame (`--cluster-by-frame`).
    pub cluster_by_frame: bool,
}

impl App {
    /// An app waiting for results.
    #[must_use]
    pub fn new(symbols: Symbols, size: (u16, u16), now_ms: i64) -> App {
        App {
            size,
            symbols,
            now_ms,
            ..App::default()
        }
    }

    /// Shows freshly loaded results: builds the tree and selects the first failure.
    pub fn on_results(&mut self, report: Report) {
        self.report = report;
        // The first tree is built with the rest of the load's derived data, on the thread
        // that has less to do, unless a baseline makes the Changes view land first.
        let first_view = self.compare.spec.is_none().then(|| self.shown_grouping());
        let tree = self.analyse(first_view);
        self.loading = Loading::History;
        self.progress = None;
        self.refresh_changes();
        self.land_on_changes();
        self.rebuild_tree_from(
            None,
            tree.filter(|_| first_view == Some(self.shown_grouping())),
        );
        super::update::select_first_problem(self);
    }

    /// Swaps in reloaded results (after a rerun, or a change on disk), keeping the grouping,
    /// filters, search, selection, marks and expanded groups; compares the rerun tests.
    pub fn on_reload(&mut self, report: Report) {
        let place = self.take_reload_place();
        let last_key = self
            .last_test
            .and_then(|t| self.report.tests.get(t as usize))
            .map(|t| t.key.clone());
        let expanded = self.expanded_paths();
        self.release_derived();
        self.report = report;
        // Test ids index the new tests: the remembered one is found again by its key.
        self.last_test = last_key.and_then(|key| {
            let found = self.report.tests.iter().position(|t| t.key == key);
            found.map(|t| t as TestId)
        });
        self.analyse(None);
        // An answer still being computed on the worker is for the old tests: drop it (applied
        // to the new ones it indexed past their end).
        self.search.generation = self.search.generation.wrapping_add(1);
        self.search.pending = false;
        if self.search.is_active() {
            // The test list changed: match again (reloads are rare, so synchronously).
            let hits = search::match_all(&self.haystacks, &self.search.query).hits;
            self.search.hits = hits.iter().filter(|h| **h).count();
            self.search.matches = Some(hits);
        }
        let keys: std::collections::HashSet<&str> =
            self.report.tests.iter().map(|t| t.key.as_str()).collect();
        self.marks.retain(|k| keys.contains(k.as_str()));
        self.loading = Loading::History;
        self.refresh_changes();
        let shown = self.shown_grouping();
        self.tree = build_tree(self, shown);
        self.tree_grouping = Some(shown);
        self.expand_paths(&expanded.into_iter().collect());
        self.tree_state.rows.clear();
        self.refresh_rows();
        if let Some(place) = &place {
            self.restore_place(place);
        }
        // The history may change what the view shows (the flaky view ranks by it): the place
        // is restored again once it is in.
        self.keep_place_pending(place);
        if !self.rerun.before.is_empty() && !self.rerun.running {
            self.rerun.since = Some(super::rerun::since(&self.rerun.before, &self.report));
            self.rerun.before.clear();
            self.layers
                .push(Layer::Popup(Overlay::SinceRerun { scroll: 0 }));
        }
    }

    /// Drops what was derived from the report being replaced before the new report's is built:
    /// nothing draws in between, and building the new beside the old would scatter the
    /// survivors of every reload over half-used pages (the reload soak's memory, issue 10).
    fn release_derived(&mut self) {
        self.analysis = Analysis::default();
        self.haystacks = std::sync::Arc::default();
        self.clusters = crate::analysis::clusters::Clusters::default();
        self.labels = Vec::new();
        self.suite_labels = Vec::new();
        self.tree = Tree::default();
        self.tree_state.rows = Vec::new();
        self.counts = Vec::new();
        self.detail_cache = super::doc::DetailCache::default();
    }

    /// Everything derived from the report once per load: Allure's rules, search texts, labels
    /// and the header's counts (so nothing scans every test per frame).
    ///
    /// With `tree_for`, also builds that grouping's tree (see
    /// [`super::tree_build::build_report_tree`]) and returns it.
    fn analyse(&mut self, tree_for: Option<GroupBy>) -> Option<Tree> {
        self.analysis = crate::analysis::analyse(&mut self.report);
        // The rest only reads the report, in two halves of about the same cost, one on a scoped
        // thread: at 100k tests they were 0.45 s of the wait for the first frame, one after
        // the other (BENCHMARKS.md, "TUI at 100k").
        let (report, analysis, path_sep, by_frame, order) = (
            &self.report,
            &self.analysis,
            self.symbols.path_sep,
            self.cluster_by_frame,
            self.order,
        );
        // Derived data lives beside the report it is derived from (crate::heap).
        let heap = crate::heap::LoadArena::here();
        let (searchable, named) = std::thread::scope(|scope| {
            let searchable = scope.spawn(|| {
                heap.enter();
                (
                    search::haystacks(report),
                    // Clusters depend on the results only (not on history): once per load.
                    crate::analysis::clusters::Clusters::of(report, by_frame),
                    tree_for.and_then(|group_by| {
                        super::tree_build::build_report_tree(
                            report, analysis, group_by, path_sep, order,
                        )
                    }),
                )
            });
            let labels = super::labels::build_labels(report);
            let suite_labels = super::labels::build_suite_labels(report, &labels, path_sep);
            // A panic on the thread is the same bug as one here: resume it.
            let searchable = searchable
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (searchable, (labels, suite_labels))
        });
        let (haystacks, clusters, tree) = searchable;
        (self.haystacks, self.clusters) = (std::sync::Arc::new(haystacks), clusters);
        (self.labels, self.suite_labels) = named;
        // The title may read the file system (a directory's canonical name): once per load.
        self.title = crate::summary::launch_title(&self.report);
        self.flipping = count_flipping(&self.analysis);
        tree
    }

    /// The expanded groups as name paths (node ids change when the tree is rebuilt).
    fn expanded_paths(&self) -> Vec<Vec<String>> {
        self.tree_state
            .expanded
            .iter()
            .map(|&n| self.node_path(n))
            .collect()
    }

    /// Expands exactly the groups of the current tree found at these name paths.
    fn expand_paths(&mut self, paths: &HashSet<Vec<String>>) {
        self.tree_state.expanded = (0..self.tree.nodes.len() as NodeId)
            .filter(|&n| {
                self.tree.nodes[n as usize].test.is_none() && paths.contains(&self.node_path(n))
            })
            .collect();
    }

    /// Names from the root down to a node: stable across reloads, unlike node ids.
    #[must_use]
    pub fn node_path(&self, node: NodeId) -> Vec<String> {
        let mut path = Vec::new();
        let mut current = Some(node);
        while let Some(n) = current {
            path.push(self.tree.nodes[n as usize].name.clone());
            current = self.tree.nodes[n as usize].parent;
        }
        path.reverse();
        path
    }

    /// Records the end of the rerun command. Exit code 5 is pytest's "no tests collected": the
    /// plan's selectors matched nothing, most often because the command ran in another
    /// directory than the one that wrote the results.
    pub fn on_rerun_finished(&mut self, exit: &str, code: Option<i32>, started: bool) {
        self.rerun.running = false;
        self.rerun.exit_code = code;
        if code == Some(super::rerun::EXIT_NO_TESTS) {
            self.rerun
                .push_output(format!("[{exit}] {}", super::rerun::NO_TESTS_RAN));
        }
        if started {
            self.rerun
                .push_output(format!("[{exit}] reloading the results"));
        } else {
            // Nothing ran: no reload, no comparison; the pane shows why.
            self.rerun.push_output(format!("[{exit}]"));
            self.rerun.before.clear();
        }
        self.rerun.exit = Some(exit.to_owned());
        self.rerun.follow = true;
    }

    /// Adds history read in the background, keeping the selection.
    pub fn on_history(&mut self, bundle: HistoryBundle) {
        let reload_place = self.take_pending_place();
        if bundle.is_empty() {
            // No history found, nothing to say about it: the analysis and the tree made for
            // the results stand (re-making them cost 160 ms at 100k tests on every reload).
            self.report.history_search = bundle.search;
            self.loading = Loading::Done;
            self.progress = None;
            return;
        }
        let selected = self.selected_test();
        bundle.apply(&mut self.report);
        self.analysis = crate::analysis::analyse(&mut self.report);
        self.flipping = count_flipping(&self.analysis);
        self.loading = Loading::Done;
        self.progress = None;
        self.refresh_changes();
        self.rebuild_tree(selected);
        if let Some(place) = &reload_place {
            if self.restore_place(place) {
                return;
            }
        }
        if selected.is_none() && self.shown_grouping() == GroupBy::Changes {
            super::update::select_first_problem(self);
        }
    }

    /// The selected tree node.
    #[must_use]
    pub fn selected_node(&self) -> Option<NodeId> {
        self.tree_state.selected()
    }

    /// The test of the selected row, when it is a test.
    #[must_use]
    pub fn selected_test(&self) -> Option<TestId> {
        self.selected_node()
            .and_then(|n| self.tree.nodes.get(n as usize))
            .and_then(|n| n.test)
    }

    /// The selected test with its analysis.
    #[must_use]
    pub fn selected(&self) -> Option<(&Test, &crate::analysis::TestAnalysis)> {
        let id = self.selected_test()? as usize;
        Some((self.report.tests.get(id)?, self.analysis.tests.get(id)?))
    }

    /// The grouping the tree shows: a triage view's, else the chosen one.
    #[must_use]
    pub fn shown_grouping(&self) -> GroupBy {
        self.layers.view().map_or(self.group_by, View::grouping)
    }

    /// True below 100 columns: one pane at a time.
    #[must_use]
    pub fn is_narrow(&self) -> bool {
        self.size.0 < 100
    }

    /// Which tests pass the status filter and the search.
    #[must_use]
    pub fn visible_tests(&self) -> Vec<bool> {
        self.report
            .tests
            .iter()
            .zip(&self.analysis.tests)
            .enumerate()
            .map(|(i, (test, analysis))| {
                self.filter.accepts(test, analysis)
                    && self
                        .search
                        .matches
                        .as_ref()
                        .is_none_or(|m| m.get(i).copied().unwrap_or(false))
            })
            .collect()
    }

    /// Whether leaves of tests only the baseline has (removed tests) show: only without a
    /// status filter or search, which they have nothing of this launch to match.
    #[must_use]
    pub fn baseline_only_shown(&self) -> bool {
        self.filter == StatusFilter::All && !self.search.is_active()
    }

    /// Rebuilds the tree for the grouping and filters; keeps `keep` (or the current test)
    /// selected when it is still shown.
    pub fn rebuild_tree(&mut self, keep: Option<TestId>) {
        self.rebuild_tree_from(keep, None);
    }

    /// [`App::rebuild_tree`], with the shown grouping's tree already built (by
    /// [`super::tree_build::build_report_tree`]) when `built` is given.
    fn rebuild_tree_from(&mut self, keep: Option<TestId>, built: Option<Tree>) {
        let keep = keep.or_else(|| self.selected_test()).or(self.last_test);
        let shown = self.shown_grouping();
        let switching = self.tree_grouping.filter(|g| *g != shown);
        if let Some(previous) = switching {
            // Remember the view being left (by group names: node ids differ between trees)
            // so that coming back to it finds it as it was.
            let paths = self.expanded_paths();
            self.saved_expansions.insert(previous, paths);
        }
        self.tree_grouping = Some(shown);
        self.tree = built.unwrap_or_else(|| build_tree(self, shown));
        if switching.is_some() {
            let wanted: HashSet<Vec<String>> = self
                .saved_expansions
                .get(&shown)
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            self.expand_paths(&wanted);
        }
        self.tree_state.rows.clear();
        self.refresh_rows();
        let kept = keep.is_some_and(|test| {
            self.last_test = Some(test);
            self.reveal_test(test)
        });
        if !kept && switching.is_some() {
            // The new view does not show the selected test (a passing test, and the triage
            // view): start on its first failure, as the app does at start-up, rather than on a
            // collapsed group.
            super::navigate::select_first_problem(self);
        }
    }

    /// Recomputes the visible rows and the groups' counts after a filter, search or expansion
    /// change.
    pub fn refresh_rows(&mut self) {
        let visible_tests = self.visible_tests();
        self.counts = visible_counts(&self.tree, &self.report, &visible_tests);
        let visible = visible_nodes(&self.tree, &visible_tests, self.baseline_only_shown());
        self.tree_state.force_expanded =
            self.filter != StatusFilter::All || self.search.is_active();
        self.tree_state.rebuild(&self.tree, &visible);
        self.revision += 1;
    }

    /// Tests under a node that the filter and search show, by status.
    #[must_use]
    pub fn shown_counts(&self, node: NodeId) -> StatusCounts {
        self.counts
            .get(node as usize)
            .copied()
            .unwrap_or(self.tree.nodes[node as usize].counts)
    }

    /// Expands the ancestors of a test's first node and selects it. False when it is filtered out.
    pub fn reveal_test(&mut self, test: TestId) -> bool {
        let Some(node) = self.tree.nodes.iter().position(|n| n.test == Some(test)) else {
            return false;
        };
        self.reveal_node(node as NodeId)
    }

    /// Expands a node's ancestors and selects it.
    pub fn reveal_node(&mut self, node: NodeId) -> bool {
        let mut parent = self.tree.nodes[node as usize].parent;
        let mut changed = false;
        while let Some(p) = parent {
            changed |= self.tree_state.expanded.insert(p);
            parent = self.tree.nodes[p as usize].parent;
        }
        if changed {
            let visible = visible_nodes(
                &self.tree,
                &self.visible_tests(),
                self.baseline_only_shown(),
            );
            self.tree_state.rebuild(&self.tree, &visible);
        }
        let found = self.tree_state.select_node(node);
        if found {
            self.detail = DetailState::for_test(self.selected().map(|(t, _)| t));
        }
        found
    }
}
