//! The TUI side of issue 11, driven through `update` like the runtime drives it: the Changes
//! view (the landing view with a baseline), the errors grouping, marking a set or a cluster,
//! `c` from a failure to its cluster, the Overview's lines and the Diff tab against the
//! baseline; screen snapshots at 80x24 and 120x36.

mod common;

use std::path::PathBuf;

use allure_tui::app::action::Payload;
use allure_tui::app::compare::CompareState;
use allure_tui::app::{Action, App, GroupBy, Tab};
use allure_tui::model::baseline::{load_baseline, read_run_listing, BaselineSpec};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];

/// The baseline as the command line gives it: relative, so screens do not depend on where the
/// project is checked out (tests run in the crate's directory).
fn baseline_path() -> PathBuf {
    PathBuf::from("tests/fixtures/changes/baseline")
}

/// The current launch compared with the baseline, as `allure-tui current --baseline baseline`
/// shows it once the baseline is read.
fn compared(size: (u16, u16)) -> App {
    compared_with(&baseline_path(), size)
}

/// The current launch compared with any baseline input.
fn compared_with(baseline: &std::path::Path, size: (u16, u16)) -> App {
    let mut app = common::app_prepared(&common::fixture("changes/current"), size, false, |app| {
        app.compare = CompareState::new(Some(BaselineSpec::Input(baseline.to_owned())));
    });
    let report = load_baseline(baseline, &common::load_options(baseline)).unwrap();
    common::apply(&mut app, &[Action::BaselineLoaded(Payload::new(report))]);
    app
}

fn detail_text(app: &App) -> Vec<String> {
    allure_tui::app::doc::detail_doc(app)
        .lines
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn snapshot(name: &str, app: &App) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", app.size.0, app.size.1),
        common::screen_text(app)
    );
}

fn select(app: &mut App, name: &str) {
    let id = common::test_named(app, name);
    assert!(app.reveal_test(id), "{name} is shown");
}

fn group_named(app: &App, name: &str) -> u32 {
    app.tree
        .roots
        .iter()
        .copied()
        .find(|&r| app.tree.nodes[r as usize].name == name)
        .unwrap_or_else(|| panic!("no group {name}"))
}

#[test]
fn a_baseline_lands_on_the_changes_view_at_the_first_new_failure() {
    for size in SIZES {
        let app = compared(size);
        assert_eq!(app.shown_grouping(), GroupBy::Changes);
        let (test, _) = app.selected().expect("a test is selected");
        assert_eq!(
            test.result.name, "update",
            "the first new failure in report order"
        );
        let roots: Vec<&str> = app
            .tree
            .roots
            .iter()
            .map(|&r| app.tree.nodes[r as usize].name.as_str())
            .collect();
        assert_eq!(
            roots,
            [
                "New failures",
                "Still failing",
                "Fixed",
                "Newly skipped",
                "Added",
                "Removed",
                "Slower"
            ],
            "one group per set, in order"
        );
        snapshot("changes_view", &app);
    }
}

#[test]
fn every_set_expanded_with_removed_tests_as_leaves() {
    for size in SIZES {
        let mut app = compared(size);
        common::apply(&mut app, &[Action::ExpandAll, Action::Top]);
        let ghosts: Vec<&str> = app
            .tree_state
            .rows
            .iter()
            .map(|&r| &app.tree.nodes[r as usize])
            .filter(|n| n.baseline_only.is_some())
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(ghosts, ["old_name", "parse[3.0]"], "removed tests are rows");
        snapshot("changes_view_expanded", &app);
        // A removed test's detail comes from the baseline.
        let removed = group_named(&app, "Removed");
        let first = app.tree.nodes[removed as usize].children[0];
        assert!(app.tree_state.select_node(first));
        let detail = allure_tui::app::doc::detail_doc(&app);
        let text: Vec<String> = detail.lines.iter().map(ToString::to_string).collect();
        assert_eq!(text[0], "old_name");
        assert!(text
            .iter()
            .any(|l| l.contains("Removed: in the baseline, not in this launch.")));
        // On a narrow screen the preview under the tree says what the removed test was.
        if size == (80, 24) {
            let screen = common::screen_text(&app);
            assert!(
                screen.contains("removed · was passed in the baseline · Enter: detail"),
                "{screen}"
            );
            assert!(screen.contains("In the baseline, not in this launch."));
        }
    }
}

#[test]
fn esc_leaves_the_view_and_b_comes_back() {
    let mut app = compared((120, 36));
    common::apply(&mut app, &[Action::Back]);
    assert_eq!(app.shown_grouping(), GroupBy::Suites);
    common::apply(&mut app, &[Action::ShowChangesView]);
    assert_eq!(app.shown_grouping(), GroupBy::Changes);
    common::apply(&mut app, &[Action::ShowChangesView]);
    assert_eq!(app.shown_grouping(), GroupBy::Suites);
}

#[test]
fn marking_a_set_or_a_cluster_marks_its_tests() {
    let mut app = compared((120, 36));
    let new_failures = group_named(&app, "New failures");
    assert!(app.tree_state.select_node(new_failures));
    common::apply(&mut app, &[Action::ToggleMark]);
    assert_eq!(app.marks.len(), 5, "the five new failures");
    let removed = group_named(&app, "Removed");
    common::apply(&mut app, &[Action::ClearMarks, Action::ExpandAll]);
    assert!(app.tree_state.select_node(removed));
    common::apply(&mut app, &[Action::ToggleMark]);
    assert!(app.marks.is_empty(), "removed tests are not in this launch");
    assert!(app
        .note
        .as_deref()
        .unwrap_or("")
        .contains("nothing to mark"));

    // The errors grouping: Esc leaves the view, then v four times.
    common::apply(&mut app, &[Action::Back]);
    common::apply(&mut app, &vec![Action::CycleGrouping; 4]);
    assert_eq!(app.shown_grouping(), GroupBy::Errors);
    let cluster = group_named(&app, "AssertionError: took <duration>");
    assert!(app.tree_state.select_node(cluster));
    common::apply(&mut app, &[Action::ToggleMark]);
    let mut marked: Vec<String> = app
        .marks
        .iter()
        .map(|k| {
            let t = app
                .report
                .tests
                .iter()
                .find(|t| t.key.as_str() == k)
                .unwrap();
            t.result.name.to_string()
        })
        .collect();
    marked.sort();
    assert_eq!(marked, ["parse[1.5]", "parse[2.0]"]);
}

#[test]
fn the_errors_grouping_puts_the_largest_cluster_first() {
    for size in SIZES {
        let mut app = common::app_for(&common::fixture("changes/current"), size, false);
        common::apply(&mut app, &vec![Action::CycleGrouping; 4]);
        assert_eq!(app.shown_grouping(), GroupBy::Errors);
        let sizes: Vec<u32> = app
            .tree
            .roots
            .iter()
            .map(|&r| app.tree.nodes[r as usize].counts.total())
            .collect();
        assert_eq!(sizes, [2, 2, 1, 1, 1, 1]);
        common::apply(&mut app, &[Action::ExpandAll]);
        snapshot("errors_grouping", &app);
    }
}

#[test]
fn c_goes_from_a_failure_to_its_cluster() {
    let mut app = compared((120, 36));
    select(&mut app, "update");
    let overview: Vec<String> = allure_tui::app::doc::detail_doc(&app)
        .lines
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        overview
            .iter()
            .any(|l| l == "Same failure as 1 other test (cluster 2118530b; c shows them)"),
        "{overview:#?}"
    );
    assert!(
        overview
            .iter()
            .any(|l| l == "Against tests/fixtures/changes/baseline: a new failure (passed there)"),
        "{overview:#?}"
    );
    common::apply(&mut app, &[Action::ShowCluster]);
    assert_eq!(app.shown_grouping(), GroupBy::Errors);
    assert_eq!(app.selected().unwrap().0.result.name, "update");
    let parent = app.tree.nodes[app.selected_node().unwrap() as usize]
        .parent
        .unwrap();
    assert_eq!(
        app.tree.nodes[parent as usize].name,
        "AssertionError: item '<str>' missing from cart <uuid>"
    );
    // A passing test has no cluster (the flat list, after the errors grouping, shows it).
    common::apply(&mut app, &[Action::CycleGrouping]);
    select(&mut app, "banner");
    common::apply(&mut app, &[Action::ShowCluster]);
    assert!(app
        .note
        .as_deref()
        .unwrap_or("")
        .contains("no failure cluster"));
}

#[test]
fn the_diff_tab_compares_with_the_baseline_attempt() {
    let mut app = compared((120, 36));
    select(&mut app, "tax");
    common::apply(&mut app, &[Action::ShowTab(Tab::Diff)]);
    let text: Vec<String> = allure_tui::app::doc::detail_doc(&app)
        .lines
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        text[0],
        "Against the baseline: tests/fixtures/changes/baseline (shop #1)"
    );
    assert!(
        text.contains(&"  status    failed → broken".to_owned()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"  duration  30ms → 30.00s".to_owned()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"  - AssertionError: tax 0.19 != 0.2".to_owned()),
        "{text:#?}"
    );
    assert!(text.contains(&"  + TimeoutError: tax service did not answer within 30s".to_owned()));
    assert!(text.contains(&"Against history".to_owned()));

    select(&mut app, "total");
    let text: Vec<String> = allure_tui::app::doc::detail_doc(&app)
        .lines
        .iter()
        .map(ToString::to_string)
        .collect();
    let steps = text
        .iter()
        .position(|l| l == "Steps baseline / now")
        .expect("steps diffed");
    assert_eq!(
        text[steps + 1..steps + 6],
        [
            "  - baseline  + now",
            "    ✓ open the cart",
            "  - ✓ apply coupon SAVE10",
            "  + ✗ apply coupon SAVE10",
            "  + - pay by card",
        ]
    );

    select(&mut app, "new_name");
    let text: Vec<String> = allure_tui::app::doc::detail_doc(&app)
        .lines
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(text[1].contains("Not in the baseline"), "{text:#?}");
}

/// The Diff tab reads the baseline's steps whatever input it came from: a zip (read in place)
/// and the Allure 2 and Allure 3 reports the real tools generated from the baseline.
#[test]
fn the_diff_tab_reads_steps_from_any_baseline_input() {
    let dir = common::archives::scratch("changes_view", "zip");
    let zip = dir.join("baseline.zip");
    common::archives::zip_of(&zip, &common::archives::files_below(&baseline_path(), ""));
    for baseline in [
        zip,
        common::fixture("changes/baseline-allure2-report"),
        common::fixture("changes/baseline-allure3-report"),
    ] {
        let mut app = compared_with(&baseline, (120, 36));
        select(&mut app, "total");
        common::apply(&mut app, &[Action::ShowTab(Tab::Diff)]);
        let text = detail_text(&app);
        let steps = text
            .iter()
            .position(|l| l == "Steps baseline / now")
            .unwrap_or_else(|| panic!("{}: steps diffed: {text:#?}", baseline.display()));
        assert_eq!(
            text[steps + 1..steps + 6],
            [
                "  - baseline  + now",
                "    ✓ open the cart",
                "  - ✓ apply coupon SAVE10",
                "  + ✗ apply coupon SAVE10",
                "  + - pay by card",
            ],
            "{}",
            baseline.display()
        );
    }
}

/// An Allure 3 history run has no steps: the Diff tab says so and compares message, trace and
/// duration (`current-allure3-report`: allure 3.18.0's report of the current launch, whose
/// history point is the baseline launch).
#[test]
fn a_history_baseline_diffs_message_trace_and_duration() {
    let report = common::fixture("changes/current-allure3-report");
    let mut app = common::app_prepared(&report, (120, 36), false, |app| {
        app.compare = CompareState::new(Some(BaselineSpec::Run(1)));
    });
    let listing = read_run_listing(
        &app.report.runs,
        &common::load_options(&report),
        &app.report.locations,
        1,
    );
    assert!(
        listing.is_some(),
        "the report's history point lists its tests"
    );
    common::apply(&mut app, &[Action::RunListingRead(Payload::new(listing))]);
    app.refresh_changes();
    app.rebuild_tree(None);
    select(&mut app, "tax");
    common::apply(&mut app, &[Action::ShowTab(Tab::Diff)]);
    let text = detail_text(&app);
    assert!(
        text.contains(&"  status    failed → broken".to_owned()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"  duration  30ms → 30.00s".to_owned()),
        "{text:#?}"
    );
    assert!(text.contains(&"  - AssertionError: tax 0.19 != 0.2".to_owned()));
    select(&mut app, "total");
    let text = detail_text(&app);
    assert!(
        !text.iter().any(|l| l == "Steps baseline / now"),
        "no steps to compare: {text:#?}"
    );
    assert!(
        text.iter().any(|l| l.contains("keeps no steps")),
        "{text:#?}"
    );
}

/// `--baseline previous` and `run:2` on the transitions fixture (real Allure 3 history): the
/// sets worked out by hand from its table (`tests/fixtures/transitions/make_fixture.py`).
#[test]
fn a_history_run_baseline_in_the_tui() {
    let results = common::fixture("transitions/allure-results");
    let names = |app: &App, set: &str| -> Vec<String> {
        let group = app
            .tree
            .roots
            .iter()
            .copied()
            .find(|&r| app.tree.nodes[r as usize].name == set);
        group
            .map(|g| {
                app.tree.nodes[g as usize]
                    .children
                    .iter()
                    .map(|&c| app.tree.nodes[c as usize].name.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let load = |n: usize| {
        let mut app = common::app_prepared(&results, (120, 36), false, |app| {
            app.compare = CompareState::new(Some(BaselineSpec::Run(n)));
        });
        // The runtime reads the run's line with the history, before applying it.
        let listing = read_run_listing(
            &app.report.runs,
            &common::load_options(&results),
            &app.report.locations,
            n,
        );
        common::apply(&mut app, &[Action::RunListingRead(Payload::new(listing))]);
        app.refresh_changes();
        app.rebuild_tree(None);
        app
    };
    let app = load(1);
    assert_eq!(
        names(&app, "New failures"),
        [
            "malfunctioned_from_passed",
            "new_failing",
            "regressed_after_only_skipped",
            "regressed_from_passed",
            "regressed_past_skipped",
            "still_broken"
        ]
    );
    assert_eq!(
        names(&app, "Still failing"),
        [
            "malfunctioned_from_failed",
            "regressed_from_broken",
            "still_failing"
        ]
    );
    assert_eq!(
        names(&app, "Fixed"),
        ["fixed_from_failed"],
        "fixed_past_skipped was skipped in run 1"
    );
    assert_eq!(names(&app, "Newly skipped"), ["skipped_now"]);
    assert_eq!(names(&app, "Added"), ["new_failing", "new_passing"]);
    assert!(names(&app, "Removed").is_empty());
    assert!(app.compare.changes.as_ref().unwrap().removed_available);

    let app = load(2);
    assert_eq!(
        names(&app, "Fixed"),
        ["fixed_past_skipped"],
        "broken in run 2"
    );
    assert_eq!(
        names(&app, "Still failing"),
        ["still_broken"],
        "broken in run 2 as now"
    );
    let too_far = {
        let mut app = load(3);
        app.refresh_changes();
        app.compare.waiting_reason()
    };
    assert!(too_far.unwrap().contains("the history has only 2 runs"));
}

/// A reload (`R`, `--watch`) keeps the selected change set: the place the reviewer is in.
#[test]
fn a_reload_keeps_the_selected_change_set() {
    let mut app = compared((120, 36));
    let groups: Vec<usize> = (0..app.tree_state.rows.len())
        .filter(|&r| {
            app.tree.nodes[app.tree_state.rows[r] as usize]
                .test
                .is_none()
        })
        .collect();
    let &row = groups
        .last()
        .filter(|&&r| r > 0)
        .expect("several change sets");
    app.tree_state.select_row(row);
    let path = |app: &App| app.node_path(app.tree_state.selected().expect("a row"));
    let before = path(&app);
    common::apply(
        &mut app,
        &common::load_actions(&common::fixture("changes/current")),
    );
    assert_eq!(path(&app), before);
}
