//! Findings of the fresh-eyes walk of the whole UI (issue 9, "done means"; the list is in the
//! QA notes): one headless test per fixed finding, each failing if the fix broke.

mod common;

use std::path::Path;

use allure_tui::app::layout::compute;
use allure_tui::app::{Action, App, Focus, GroupBy, Tab, View};
use allure_tui::model::Status;

fn sample(size: (u16, u16)) -> App {
    common::app_for(&common::sample_results(), size, false)
}

fn select(app: &mut App, name: &str) {
    let id = common::test_named(app, name);
    assert!(app.reveal_test(id), "{name} is not shown");
    common::apply(app, &[Action::ShowTab(app.tab)]);
}

/// Wide to narrow with the detail focused: the narrow screen shows the detail, so `j` scrolls
/// what is drawn; narrow to wide and back with the tree focused shows the tree.
#[test]
fn narrowing_the_window_shows_the_focused_pane() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::SwitchFocus]);
    assert_eq!(app.focus, Focus::Detail);
    common::apply(&mut app, &[Action::Resize(80, 24)]);
    let areas = compute(&app);
    assert!(areas.detail.is_some(), "the focused detail is drawn");
    assert!(areas.tree.is_none());
    let screen = common::screen_text(&app);
    assert!(screen.contains("1 Overview"), "{screen}");
    // Esc goes back to the tree, which is then what a narrow screen shows.
    common::apply(&mut app, &[Action::Back]);
    assert_eq!(app.focus, Focus::Tree);
    assert!(compute(&app).tree.is_some());
    common::apply(&mut app, &[Action::Resize(120, 36), Action::Resize(80, 24)]);
    assert!(compute(&app).tree.is_some(), "the focused tree stays drawn");
}

/// `T` from a passing test: the triage view opens on its first failure (its group expanded),
/// not on a collapsed group; leaving it keeps that failure selected.
#[test]
fn a_view_without_the_selection_starts_on_its_first_failure() {
    for size in [(80, 24), (120, 36)] {
        let mut app = sample(size);
        select(&mut app, "test_odd");
        assert_eq!(
            app.selected().map(|(t, _)| t.result.status),
            Some(Status::Passed)
        );
        common::apply(&mut app, &[Action::ShowTriageView]);
        assert_eq!(app.layers.view(), Some(View::Triage));
        let (test, _) = app
            .selected()
            .expect("a test is selected in the triage view");
        assert!(test.result.status.is_problem(), "{}", test.result.name);
        let screen = common::screen_text(&app);
        assert!(!screen.contains("Select a test"), "{screen}");
        let name = test.result.name.clone();
        common::apply(&mut app, &[Action::Back]);
        assert_eq!(
            app.selected().map(|(t, _)| t.result.name.clone()),
            Some(name)
        );
        // A view that shows the selection keeps it.
        select(&mut app, "test_odd");
        common::apply(&mut app, &[Action::ShowFlakyView]);
        assert_eq!(
            app.selected().map(|(t, _)| t.result.name.to_string()),
            Some("test_odd".to_owned())
        );
    }
}

/// Why an attachment cannot be shown is read to its end at 80x24: the note wraps like text.
#[test]
fn the_viewer_wraps_the_reason_an_attachment_is_not_shown() {
    use allure_tui::app::viewer::ViewerState;
    let mut app = sample((80, 24));
    let reason = "refused to read sub/dir/../../../secret.txt: source is not a plain file name \
                  in the results directory (end of the reason)";
    let viewer = ViewerState::from_body(
        "nested dir (text/plain)".to_owned(),
        Some("text/plain"),
        Err(reason.to_owned()),
    );
    common::apply(&mut app, &[Action::AttachmentRead(Box::new(viewer))]);
    let screen = common::screen_text(&app);
    assert!(screen.contains("(end of the reason)"), "{screen}");
}

/// `n` where the filter hides every failure says they are hidden, not that there are none.
#[test]
fn next_failure_says_when_the_filter_hides_them() {
    let mut app = sample((120, 36));
    // "failed + broken", "flaky", "new / regressed", then "skipped": none in the sample.
    common::apply(&mut app, &vec![Action::CycleFilter; 4]);
    common::apply(&mut app, &[Action::NextProblem]);
    let note = app.note.clone().unwrap_or_default();
    assert!(
        note.contains("2 hidden by the view, filter or search"),
        "{note}"
    );
}

fn same_names(size: (u16, u16)) -> App {
    common::app_for(Path::new("tests/fixtures/same-names"), size, false)
}

/// The tree pane's part of each screen line (at 120 columns, its first 47).
fn tree_text(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches('"').chars().take(47).collect::<String>() + "\n")
        .collect()
}

fn group_by(app: &mut App, grouping: GroupBy) {
    for _ in 0..6 {
        if app.group_by == grouping {
            return;
        }
        common::apply(app, &[Action::CycleGrouping]);
    }
    panic!("no grouping {grouping:?}");
}

/// The same method in two classes of the same name (in two modules) reads differently wherever
/// rows are not under their suite: the suffix takes as many suite levels as it needs.
#[test]
fn same_named_tests_in_same_named_classes_are_told_apart() {
    let mut app = same_names((160, 36));
    group_by(&mut app, GroupBy::Flat);
    let screen = common::screen_text(&app);
    for row in [
        "test_expiry · test_clock › TimedCodec",
        "test_expiry · test_token › TimedCodec",
        "test_expiry · StampSigner",
        "test_roundtrip · TimedCodec",
    ] {
        assert!(screen.contains(row), "{row}\n{screen}");
    }
    // The detail title names the failure the same way.
    let failed = common::test_named(&app, "test_expiry");
    let failed = (failed..app.report.tests.len() as u32)
        .find(|&t| app.report.tests[t as usize].result.status == Status::Failed)
        .expect("the failed test_expiry");
    assert_eq!(
        app.label_with_suite(failed),
        "test_expiry · test_token › TimedCodec"
    );
}

/// Packages hang tests under their module, not their class: the rows name the class. The suites
/// tree, where each row is under its class, does not repeat it; nor does a triage group that
/// is the suite path.
#[test]
fn rows_name_their_suite_only_when_their_group_is_not_it() {
    let mut app = same_names((120, 36));
    group_by(&mut app, GroupBy::Packages);
    common::apply(&mut app, &[Action::ExpandAll]);
    let screen = common::screen_text(&app);
    assert!(screen.contains("test_expiry · StampSigner"), "{screen}");
    assert!(screen.contains("test_roundtrip · TimedCodec"), "{screen}");
    group_by(&mut app, GroupBy::Suites);
    common::apply(&mut app, &[Action::ExpandAll]);
    let screen = tree_text(&common::screen_text(&app));
    assert!(screen.contains("test_expiry"), "{screen}");
    assert!(!screen.contains("test_expiry ·"), "{screen}");
    common::apply(&mut app, &[Action::ShowTriageView]);
    let screen = tree_text(&common::screen_text(&app));
    assert!(screen.contains("app › test_token › TimedCodec"), "{screen}");
    assert!(!screen.contains("test_expiry ·"), "{screen}");
}

fn matrix(size: (u16, u16)) -> App {
    let root = Path::new("tests/fixtures/matrix");
    let options = allure_tui::model::LoadOptions {
        dirs: vec![
            root.join("linux/allure-results"),
            root.join("windows/allure-results"),
        ],
        cwd: root.to_owned(),
        ..allure_tui::model::LoadOptions::default()
    };
    let report = allure_tui::model::load_results(&options, &|_| {}).expect("results load");
    let bundle = allure_tui::model::read_history(
        &allure_tui::model::HistoryInput::of(&report),
        &options,
        &|_| {},
    );
    let mut app = App::new(allure_tui::symbols::Symbols::new(false), size, 0);
    common::apply(
        &mut app,
        &[
            Action::Resize(size.0, size.1),
            Action::ResultsLoaded {
                report: allure_tui::app::action::Payload::new(report),
                now_ms: 0,
            },
            Action::HistoryLoaded(allure_tui::app::action::Payload::new(bundle)),
        ],
    );
    app
}

/// Every status, retries and flaky tests: the totals line takes its compact form when the full
/// one does not fit, rather than cutting the run's duration (`· 3.`); counts agree in number.
#[test]
fn the_header_never_cuts_a_figure() {
    let wide = common::screen_text(&matrix((120, 36)));
    let totals = header_line(&wide, 1);
    assert!(totals.ends_with("3.10s"), "{totals}");
    assert!(totals.contains("4 retries (4 tests)"), "{totals}");
    for width in [100, 96, 80] {
        let screen = common::screen_text(&matrix((width, 30)));
        let totals = header_line(&screen, 1);
        assert!(totals.ends_with("3.10s"), "{width} columns: {totals}");
    }
    // Narrower than even the glyphs' form: the duration goes whole, no separator dangles.
    for width in [62, 58] {
        let screen = common::screen_text(&matrix((width, 30)));
        let totals = header_line(&screen, 1);
        assert!(totals.ends_with("retries"), "{width} columns: {totals}");
    }
    // The trend line fits too, whatever the width.
    for width in [100, 120] {
        let screen = common::screen_text(&sample((width, 30)));
        let trend = header_line(&screen, 2);
        assert!(
            trend.contains("duration") && !trend.ends_with("duration"),
            "{trend}"
        );
    }
}

/// Line `n` of a screen as text (0 is the title), without its quotes and trailing blanks.
fn header_line(screen: &str, n: usize) -> &str {
    screen
        .lines()
        .nth(n)
        .unwrap_or_default()
        .trim_matches('"')
        .trim_end()
}

/// The pane's rows as text: what is between the borders of the detail pane.
fn detail_rows(screen: &str, left: usize) -> Vec<String> {
    screen
        .lines()
        .map(|l| {
            l.trim_matches('"')
                .chars()
                .skip(left + 1)
                .collect::<String>()
        })
        .collect()
}

/// Retries: with room, messages continue in their own column when they wrap; without it they
/// go under their row, so no row is broken at column 0. The header's columns are over them.
#[test]
fn the_attempts_table_keeps_its_columns() {
    let mut app = sample((80, 24));
    common::apply(&mut app, &[Action::Activate, Action::ShowTab(Tab::Retries)]);
    let screen = common::screen_text(&app);
    let rows = detail_rows(&screen, 0);
    let header = rows
        .iter()
        .find(|r| r.contains("start (UTC)"))
        .expect("the header");
    let shown = rows
        .iter()
        .find(|r| r.starts_with("> 3"))
        .expect("the shown attempt");
    let column = |row: &str, text: &str| row.find(text).map(|at| row[..at].chars().count());
    assert_eq!(
        column(header, "message"),
        column(shown, "Assertion"),
        "{screen}"
    );
    let after = rows
        .iter()
        .skip_while(|r| !r.starts_with("> 3"))
        .nth(1)
        .unwrap();
    assert_eq!(
        Some(after.chars().take_while(|c| *c == ' ').count()),
        column(shown, "Assertion"),
        "the message continues in its column\n{screen}"
    );
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::ShowTab(Tab::Retries)]);
    let screen = common::screen_text(&app);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("│    AssertionError: flaky")),
        "messages under their rows in a narrower pane\n{screen}"
    );
    assert!(!screen.contains("│operation took"), "{screen}");
}

/// The launch popup: a long value continues under the value, not under the field names.
#[test]
fn launch_values_wrap_under_their_column() {
    let mut app = sample((80, 24));
    common::apply(&mut app, &[Action::ShowLaunchInfo]);
    let screen = common::screen_text(&app);
    let url = screen
        .lines()
        .position(|l| l.contains("build url"))
        .expect("the build url");
    // Columns inside the popup: after its left border, the second `│` of the line.
    let inside = |line: &str| -> Vec<char> {
        line.chars()
            .skip_while(|c| *c != '│')
            .skip(1)
            .skip_while(|c| *c != '│')
            .skip(1)
            .collect()
    };
    let first = inside(screen.lines().nth(url).unwrap());
    let next = inside(screen.lines().nth(url + 1).unwrap());
    let value_at = first
        .iter()
        .collect::<String>()
        .find("https")
        .map(|b| first.iter().collect::<String>()[..b].chars().count());
    let continued_at = next.iter().position(|c| *c != ' ');
    assert_eq!(
        continued_at, value_at,
        "continues under the value\n{screen}"
    );
}

/// A narrow detail (the flaky view at 120x36 gives it about 46 columns): the History table drops
/// the year rather than breaking every row.
#[test]
fn the_history_table_fits_a_narrow_pane() {
    let mut app = sample((120, 36));
    common::apply(
        &mut app,
        &[Action::ShowFlakyView, Action::ShowTab(Tab::History)],
    );
    let screen = common::screen_text(&app);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("date (UTC)") && l.contains("duration")),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("11-22 ") && l.contains("passed") && l.contains("ms")),
        "a row with its date, status and duration on one line\n{screen}"
    );
}

/// The narrow preview of a group names the group; with nothing shown it has no title.
#[test]
fn the_preview_names_a_group_and_nothing_when_nothing_is_shown() {
    let mut app = sample((80, 24));
    common::apply(&mut app, &[Action::Top]);
    assert!(app.selected().is_none(), "the root group");
    let screen = common::screen_text(&app);
    assert!(screen.contains("╭ tests "), "{screen}");
    assert!(!screen.contains(" group "), "{screen}");
    common::apply(&mut app, &vec![Action::CycleFilter; 4]);
    let screen = common::screen_text(&app);
    assert!(!screen.contains(" group "), "{screen}");
}

/// One previous run is "1 previous run".
#[test]
fn one_previous_run_is_singular() {
    let mut app = matrix((120, 36));
    common::apply(&mut app, &[Action::ShowTab(Tab::History)]);
    let screen = common::screen_text(&app);
    assert!(screen.contains("1 previous run ·"), "{screen}");
}

/// The Diff tab names the last passing run as the History tab does: to the second, with its
/// label, so the two can be matched when runs are minutes apart.
#[test]
fn the_diff_names_runs_as_the_history_does() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::ShowTab(Tab::Diff)]);
    let diff = common::screen_text(&app);
    assert!(diff.contains("2026-11-22 03:02:51 UTC, run 9"), "{diff}");
    common::apply(&mut app, &[Action::ShowTab(Tab::History)]);
    let history = common::screen_text(&app);
    assert!(history.contains("2026-11-22 03:02:51  run 9"), "{history}");
}

/// Run-level errors: a stack that starts with the message again shows it once; a stack that
/// says something else keeps its first line.
#[test]
fn run_level_errors_do_not_repeat_their_message() {
    let mut app = common::app_for(Path::new("tests/fixtures/globals-repeat"), (120, 36), false);
    common::apply(&mut app, &[Action::ShowLaunchInfo]);
    let screen = common::screen_text(&app);
    assert_eq!(screen.matches("request took 3.2s").count(), 1, "{screen}");
    assert!(screen.contains("at setup (setup.ts:7:11)"), "{screen}");
    assert!(screen.contains("Error: connect ECONNREFUSED"), "{screen}");
}

/// A long step title continues under the title, not under the status mark.
#[test]
fn a_wrapped_step_title_continues_under_the_title() {
    let mut app = same_names((80, 24));
    common::apply(&mut app, &[Action::Activate, Action::ShowTab(Tab::Steps)]);
    let screen = common::screen_text(&app);
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let at = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains("deliberately"))
        .expect("the step");
    let title = lines[at].iter().collect::<String>();
    let title_column = title[..title.find("Open").unwrap()].chars().count();
    let next = &lines[at + 1];
    let continued = next.iter().skip(2).position(|c| *c != ' ').map(|p| p + 2);
    assert_eq!(continued, Some(title_column), "{screen}");
}

/// A reload (a watched directory changed, or `R`) says so in the footer: the numbers on screen
/// changed for a reason.
#[test]
fn a_reload_says_so() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &common::load_actions(&common::sample_results()));
    assert_eq!(app.note.as_deref(), Some("results reloaded: 67 tests"));
    let screen = common::screen_text(&app);
    assert!(screen.contains("results reloaded: 67 tests"), "{screen}");
}

/// The job summary counts in words that agree with the numbers: "1 cluster, 1 failure".
#[test]
fn the_job_summary_says_one_cluster() {
    // On stdout: a CI runner's own job summary file is not ours to write.
    let out = common::bin()
        .args(["summary", "tests/fixtures/same-names", "--format", "github"])
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("### Failure clusters (1 cluster, 1 failure)"),
        "{text}"
    );
}

/// `A` says what it marked in words that read right, whole at 80 columns.
#[test]
fn marking_failures_says_what_it_marked() {
    let mut app = sample((80, 24));
    common::apply(&mut app, &[Action::MarkFailedAndFlaky]);
    let note = app.note.clone().unwrap_or_default();
    assert!(
        note.starts_with("marked 5 failed, broken or flaky tests (5 new)"),
        "{note}"
    );
    let screen = common::screen_text(&app);
    assert!(screen.contains("r reruns them"), "{screen}");
}

/// A suite suffix that does not fit is cut in its middle: the class at its end stays.
#[test]
fn a_cut_suite_suffix_keeps_its_class() {
    let mut app = same_names((100, 30));
    group_by(&mut app, GroupBy::Flat);
    let screen = tree_text(&common::screen_text(&app));
    assert!(
        screen.contains("test_expiry · test_clock…TimedCodec"),
        "{screen}"
    );
}

/// The row under the cursor, as a name path from the root (node ids change on a rebuild).
fn selected_path(app: &App) -> Vec<String> {
    let node = app.tree_state.selected().expect("a row is selected");
    app.node_path(node)
}

/// A reload (`R`, `--watch`) keeps the selected group row where it was: it is the place the
/// reviewer is working in (the changes view's groups: `tests/changes_view.rs`).
#[test]
fn a_reload_keeps_the_selected_group() {
    let mut app = sample((120, 36));
    // The last group row: any row but the first tells a kept place from a reset one.
    let row = (0..app.tree_state.rows.len())
        .rev()
        .find(|&r| {
            app.tree.nodes[app.tree_state.rows[r] as usize]
                .test
                .is_none()
        })
        .filter(|&r| r > 0)
        .expect("groups below the first row");
    app.tree_state.select_row(row);
    let before = selected_path(&app);
    common::apply(&mut app, &common::load_actions(&common::sample_results()));
    assert_eq!(selected_path(&app), before);
}

/// A reload keeps the selected test in the flaky view, as in the suites tree.
#[test]
fn a_reload_keeps_the_selected_test_in_the_flaky_view() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::ShowFlakyView, Action::ExpandAll]);
    let last_test = (0..app.tree_state.rows.len())
        .rev()
        .find(|&r| {
            app.tree.nodes[app.tree_state.rows[r] as usize]
                .test
                .is_some()
        })
        .expect("a flaky test");
    app.tree_state.select_row(last_test);
    let before = app.selected().expect("a test").0.key.clone();
    common::apply(&mut app, &common::load_actions(&common::sample_results()));
    assert_eq!(app.selected().expect("a test").0.key, before);
}

/// The flaky view's reasons and strip are what it is for: a test with a long name keeps them
/// (its name is cut instead), so every row shows them in the same columns, at 80 and 120
/// columns alike.
#[test]
fn flaky_view_rows_keep_their_reasons_when_names_are_long() {
    for size in [(80, 24), (120, 36)] {
        let mut app = sample(size);
        common::apply(&mut app, &[Action::ShowFlakyView]);
        let first = app.tree.nodes[app.tree_state.rows[0] as usize]
            .test
            .expect("a test row");
        app.labels[first as usize] = format!("test_{}", "very_long_name_".repeat(6));
        let screen = common::screen_text(&app);
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| l.starts_with("\"│") && (l.contains('✓') || l.contains('✗')))
            .filter(|l| l.contains("flip") || l.contains("test_very_lon"))
            .collect();
        assert!(rows.len() >= 5, "{screen}");
        let long = rows
            .iter()
            .find(|l| l.contains("test_very_lon"))
            .unwrap_or_else(|| panic!("the long-named row: {screen}"));
        assert!(long.contains("flip") && long.contains('…'), "{screen}");
        // The reasons end in one column on every row (padded to one width): what is left of
        // a row once the tree's border, the strip and the padding are cut off.
        let columns: std::collections::HashSet<usize> = rows
            .iter()
            .map(|l| {
                let tree = &l[..l.find("││").unwrap_or(l.len())];
                let strip = |c: char| " ✓✗!○?│─".contains(c);
                tree.trim_end_matches(strip).chars().count()
            })
            .collect();
        assert_eq!(columns.len(), 1, "{screen}");
    }
}
