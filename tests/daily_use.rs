//! Issue 9, "the TUI in daily use": one test (headless `update`, and screen snapshots at 80x24
//! and 120x36) per item, named after it. The tmux end-to-end tests (`tests/e2e.rs`) drive the
//! real binary through items 1, 4, 9, 11, 13 and 15 and count the keystrokes.

mod common;

use allure_tui::app::doc::{detail_view, popups::popup_frame};
use allure_tui::app::layout::{self, compute, detail_rows, tab_bar};
use allure_tui::app::{Action, App, Effect, Focus, GroupBy, Layer, Overlay, Tab, View};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];

fn daily(size: (u16, u16)) -> App {
    // Relative (tests run in the crate root): the launch popup shows the path, and snapshots
    // must not depend on where the project is checked out.
    common::app_for(std::path::Path::new("tests/fixtures/daily"), size, false)
}

fn sample(size: (u16, u16)) -> App {
    common::app_for(&common::sample_results(), size, false)
}

fn snapshot(name: &str, app: &App) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", app.size.0, app.size.1),
        common::screen_text(app)
    );
}

fn select(app: &mut App, name: &str, status: allure_tui::model::Status) {
    let id = app
        .report
        .tests
        .iter()
        .position(|t| t.result.name == name && t.result.status == status)
        .unwrap_or_else(|| panic!("no {status:?} test {name}")) as u32;
    assert!(app.reveal_test(id));
    common::apply(app, &[Action::ShowTab(app.tab)]);
}

#[test]
fn item_01_wrapped_details_scroll_to_their_last_row() {
    for size in SIZES {
        let mut app = daily(size);
        select(
            &mut app,
            "Pay with a card",
            allure_tui::model::Status::Failed,
        );
        common::apply(&mut app, &[Action::SwitchFocus, Action::Bottom]);
        let screen = common::screen_text(&app);
        // The last section, below a trace whose every line wraps at these widths.
        assert!(screen.contains("Category"), "{screen}");
        assert!(screen.contains("Product defects"), "{screen}");
        let view = detail_view(&app);
        assert_eq!(
            app.detail.scroll + detail_rows(&app),
            view.wrapped.rows.len(),
            "the last page ends on the last row"
        );
        drop(view);
        // Scrolling stops there: one more line changes nothing, one up moves one row.
        let bottom = app.detail.scroll;
        common::apply(&mut app, &[Action::MoveDown, Action::PageDown]);
        assert_eq!(app.detail.scroll, bottom);
        common::apply(&mut app, &[Action::MoveUp]);
        assert_eq!(app.detail.scroll, bottom - 1);
        // Wrapped trace lines continue at their indent, not at column 0.
        common::apply(&mut app, &[Action::Top]);
        let screen = common::screen_text(&app);
        assert!(
            screen.lines().any(
                |l| l.contains("│    ") && l.contains("request for an order")
                    || l.contains("│  ") && l.contains("line items and a very")
            ),
            "{screen}"
        );
        snapshot("item_01_trace_wraps_with_its_indent", &app);
    }
}

#[test]
fn item_01_the_viewer_reaches_the_end_of_long_lines() {
    use allure_tui::app::viewer::ViewerState;
    use allure_tui::model::attachment::AttachmentBody;
    let mut app = sample((80, 24));
    let text = (0..30)
        .map(|i| format!("line {i} {}", "word ".repeat(40)))
        .collect::<Vec<_>>()
        .join("\n");
    let viewer = ViewerState::from_body(
        "log".into(),
        Some("text/plain"),
        Ok(AttachmentBody {
            total: text.len() as u64,
            bytes: text.into_bytes(),
            truncated: false,
        }),
    );
    common::apply(
        &mut app,
        &[Action::AttachmentRead(Box::new(viewer)), Action::Bottom],
    );
    let screen = common::screen_text(&app);
    assert!(screen.contains("30 line 29 word"), "{screen}");
}

#[test]
fn item_01_clicks_hit_the_step_drawn_under_the_pointer() {
    let mut app = sample((120, 36));
    let nested = app
        .report
        .tests
        .iter()
        .position(|t| {
            allure_tui::app::detail::step_rows(&t.result, &std::collections::HashSet::new()).len()
                > 3
        })
        .expect("a test with steps") as u32;
    assert!(app.reveal_test(nested));
    common::apply(&mut app, &[Action::ShowTab(Tab::Steps)]);
    let body = layout::detail_body(&app).unwrap();
    let view = detail_view(&app);
    // Click on the row where the third item's first line is drawn.
    let line = view.doc.items[2];
    let row = view.wrapped.first_row(line).unwrap();
    drop(view);
    common::apply(&mut app, &[Action::Click(body.x + 4, body.y + row as u16)]);
    assert_eq!(app.detail.step_cursor, 2);
    assert_eq!(app.focus, Focus::Detail);
}

#[test]
fn item_02_tests_sharing_a_name_are_told_apart() {
    for size in SIZES {
        let mut app = daily(size);
        let labels: Vec<&str> = app.labels.iter().map(String::as_str).collect();
        assert!(labels.contains(&"Pay with a card [visa]"), "{labels:?}");
        assert!(labels.contains(&"Pay with a card [amex]"), "{labels:?}");
        common::apply(&mut app, &vec![Action::CycleGrouping; 5]);
        assert_eq!(app.shown_grouping(), GroupBy::Flat);
        let screen = common::screen_text(&app);
        // The distinguishing tails stay when the names are cut in the middle.
        assert!(screen.contains("<b>]"), "{screen}");
        assert!(screen.contains("<i>]"), "{screen}");
        // Same method in two classes: the flat view names the class.
        assert!(screen.contains("test_total · CartTest"), "{screen}");
        assert!(screen.contains("test_total · OrderTest"), "{screen}");
        snapshot("item_02_flat_view_names", &app);
    }
}

#[test]
fn item_03_the_tree_resizes_and_zooms() {
    let mut app = sample((120, 36));
    let before = compute(&app).tree.unwrap().width;
    common::apply(&mut app, &[Action::ResizeTree(4), Action::ResizeTree(4)]);
    assert_eq!(compute(&app).tree.unwrap().width, before + 8);
    common::apply(&mut app, &[Action::ResizeTree(-100)]);
    assert_eq!(compute(&app).tree.unwrap().width, layout::MIN_TREE_WIDTH);
    common::apply(&mut app, &[Action::ResizeTree(100)]);
    assert_eq!(
        compute(&app).detail.unwrap().width,
        layout::MIN_DETAIL_WIDTH
    );
    common::apply(&mut app, &[Action::ToggleZoom]);
    let areas = compute(&app);
    assert_eq!(areas.tree.unwrap().width, 120);
    assert!(areas.detail.is_none());
    common::apply(&mut app, &[Action::SwitchFocus]);
    let areas = compute(&app);
    assert_eq!(areas.detail.unwrap().width, 120, "zoom follows the focus");
    snapshot("item_03_detail_zoomed", &app);
    common::apply(&mut app, &[Action::ToggleZoom]);
    assert!(compute(&app).tree.is_some());
}

#[test]
fn item_04_the_first_failure_message_shows_at_80x24_without_a_key() {
    let app = sample((80, 24));
    assert!(compute(&app).preview.is_some());
    let screen = common::screen_text(&app);
    assert!(
        screen.contains("AssertionError: flaky: operation took 3.91s"),
        "{screen}"
    );
}

#[test]
fn item_04_tab_labels_are_the_same_at_every_width() {
    let app = sample((120, 36));
    let wide: Vec<String> = tab_bar(&app, 100).into_iter().map(|l| l.text).collect();
    assert_eq!(
        wide,
        [
            "1 Overview",
            "2 Steps",
            "3 Attachments",
            "4 History",
            "5 Retries",
            "6 Diff"
        ]
    );
    let tight: Vec<String> = tab_bar(&app, 40).into_iter().map(|l| l.text).collect();
    assert_eq!(
        tight,
        ["1 Overview", "2", "3", "4", "5", "6"],
        "numbers when tight"
    );
    for size in SIZES {
        let mut app = sample(size);
        common::apply(&mut app, &[Action::Activate]);
        assert!(common::screen_text(&app).contains("3 Attachments"));
    }
}

#[test]
fn item_05_run_level_errors_and_the_whole_environment() {
    for size in SIZES {
        let mut app = daily(size);
        let screen = common::screen_text(&app);
        assert!(screen.contains("(i)"), "{screen}");
        assert!(screen.contains("2 run"), "a badge in the header: {screen}");
        common::apply(&mut app, &[Action::ShowLaunchInfo]);
        let frame = popup_frame(&app, Overlay::LaunchInfo { scroll: 0 });
        let text: Vec<String> = frame.doc.lines.iter().map(ToString::to_string).collect();
        let text = text.join("\n");
        assert!(text.contains("Run-level errors (2)"), "{text}");
        assert!(text.contains("the payment sandbox is down"));
        assert!(text.contains("ECONNREFUSED"));
        // Every environment pair, in file order.
        let keys = [
            "os",
            "browser",
            "java",
            "region",
            "database",
            "build",
            "feature.flags",
            "commit",
        ];
        let env = &text[text
            .find("Environment (8)")
            .expect("the environment section")..];
        let at: Vec<usize> = keys
            .iter()
            .map(|k| {
                env.find(&format!("\n  {k} "))
                    .unwrap_or_else(|| panic!("{k}"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "file order: {at:?}");
        assert!(text.contains("0123456789abcdef0123456789abcdef01234567"));
        snapshot("item_05_launch_info", &app);
        common::apply(&mut app, &[Action::ShowLaunchInfo]);
        assert!(app.layers.is_empty(), "i closes it again");
    }
}

#[test]
fn item_06_history_rows_differ_by_seconds_and_run() {
    let mut app = common::app_for(
        &common::fixture("flaky-history/allure-results"),
        (120, 36),
        false,
    );
    let id = common::test_named(&app, "flaky");
    app.reveal_test(id);
    common::apply(&mut app, &[Action::ShowTab(Tab::History)]);
    let view = detail_view(&app);
    let text: Vec<String> = view.doc.lines.iter().map(ToString::to_string).collect();
    let rows: Vec<&String> = text.iter().filter(|l| l.starts_with("20")).collect();
    assert!(rows.len() >= 3, "{text:#?}");
    for row in &rows {
        // `YYYY-MM-DD HH:MM:SS` then the run label.
        assert_eq!(&row[16..17], ":", "{row}");
        let run = row[21..].trim_start();
        assert!(
            run.starts_with("run ") || run.starts_with('#') || run.starts_with("this run"),
            "{row}"
        );
    }
    let labels: std::collections::HashSet<&str> = rows.iter().map(|r| &r[21..33]).collect();
    assert_eq!(
        labels.len(),
        rows.len(),
        "every row names its run: {rows:#?}"
    );
}

#[test]
fn item_08_a_rerun_ending_over_the_viewer_keeps_keys_on_the_top_layer() {
    use allure_tui::app::viewer::ViewerState;
    use allure_tui::input::keymap::{action_for, hints, mode_of, Mode};
    let mut app = sample((120, 36));
    app.rerun.command = Some(vec!["pytest".into()]);
    common::apply(&mut app, &[Action::Rerun, Action::Back]);
    let viewer = ViewerState {
        lines: (0..100).map(|i| format!("line {i}")).collect(),
        ..ViewerState::default()
    };
    common::apply(
        &mut app,
        &[
            Action::AttachmentRead(Box::new(viewer)),
            Action::RerunFinished {
                exit: "exit status: 0".into(),
                code: Some(0),
                started: true,
            },
        ],
    );
    for action in common::load_actions(&common::sample_results()) {
        allure_tui::app::update(&mut app, action);
    }
    assert!(matches!(
        app.layers.top(),
        Some(Layer::Popup(Overlay::SinceRerun { .. }))
    ));
    // Dispatch, hints and update agree: the popup is in front.
    assert_eq!(mode_of(&app), Mode::Popup);
    let esc = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Esc);
    assert_eq!(action_for(&app, &esc), Some(Action::Back));
    assert_eq!(hints(&app)[0], ("Esc".to_owned(), "close"));
    common::apply(&mut app, &[Action::MoveDown]);
    assert_eq!(
        app.layers.viewer().unwrap().scroll,
        0,
        "j does not reach the hidden viewer"
    );
    common::apply(&mut app, &[Action::Back]);
    assert!(matches!(app.layers.top(), Some(Layer::Viewer(_))));
    assert_eq!(mode_of(&app), Mode::Viewer);
    common::apply(&mut app, &[Action::MoveDown]);
    assert_eq!(app.layers.viewer().unwrap().scroll, 1);
}

#[test]
fn item_09_esc_steps_back_one_layer_at_a_time() {
    let mut app = sample((120, 36));
    let mut typed = vec![
        Action::ShowFlakyView,
        Action::CycleFilter,
        Action::StartSearch,
    ];
    typed.extend("test".chars().map(Action::SearchInsert));
    typed.extend([Action::SearchAccept, Action::SwitchFocus, Action::ShowHelp]);
    common::apply(&mut app, &typed);
    let labels = |app: &App| {
        allure_tui::app::back::next_step(app).map(allure_tui::app::back::BackStep::label)
    };
    let mut steps = Vec::new();
    while let Some(step) = labels(&app) {
        steps.push(step);
        common::apply(&mut app, &[Action::Back]);
        assert!(steps.len() < 10);
    }
    assert_eq!(
        steps,
        [
            "close",
            "back to tree",
            "clear search",
            "clear filter",
            "leave flaky view"
        ]
    );
    assert_eq!(app.shown_grouping(), GroupBy::Suites);
    // q inside a view goes back; only q at the top level quits.
    common::apply(&mut app, &[Action::ShowTriageView, Action::QuitOrBack]);
    assert!(!app.should_quit && app.layers.view().is_none());
    common::apply(&mut app, &[Action::ShowHelp, Action::QuitOrBack]);
    assert!(!app.should_quit && app.layers.is_empty());
    common::apply(&mut app, &[Action::QuitOrBack]);
    assert!(app.should_quit);
}

#[test]
fn item_09_the_footer_says_how_to_go_back() {
    for size in SIZES {
        let mut app = sample(size);
        common::apply(&mut app, &[Action::ShowFlakyView]);
        let screen = common::screen_text(&app);
        let footer = screen.lines().last().unwrap().trim_matches('"');
        assert!(footer.starts_with("Esc leave flaky view"), "{screen}");
    }
}

#[test]
fn item_10_a_search_answer_for_the_tests_before_a_reload_is_dropped() {
    use allure_tui::app::action::Payload;
    use allure_tui::model::load_results;
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::StartSearch, Action::SearchInsert('t')]);
    // The worker's answer for the launch shown when the query was typed, its last test best.
    let generation = app.search.generation;
    let before = app.report.tests.len();
    let stale = allure_tui::app::search::Matches {
        hits: vec![true; before],
        best: Some(before as u32 - 1),
    };
    // A reload with fewer tests lands before the answer does.
    let mut report =
        load_results(&common::load_options(&common::sample_results()), &|_| {}).unwrap();
    report.tests.truncate(before / 2);
    common::apply(
        &mut app,
        &[Action::ResultsLoaded {
            report: Payload::new(report),
            now_ms: common::NOW_MS,
        }],
    );
    let matched = app.search.matches.clone();
    common::apply(
        &mut app,
        &[Action::SearchAnswered {
            generation,
            matches: stale,
        }],
    );
    assert_eq!(
        app.search.matches, matched,
        "the stale answer changed nothing"
    );
    assert_eq!(
        app.search.matches.as_ref().map(Vec::len),
        Some(before / 2),
        "the query was matched again on the reloaded tests"
    );
    let screen = common::screen_text(&app);
    assert!(screen.contains("/t"), "the search stays: {screen}");
}

#[test]
fn item_10_loads_reloads_and_reruns_are_actions() {
    use allure_tui::app::action::Payload;
    use allure_tui::model::{load_results, LoadOptions};
    let mut app = App::new(
        allure_tui::symbols::Symbols::UNICODE,
        (120, 36),
        common::NOW_MS,
    );
    common::apply(
        &mut app,
        &[Action::LoadFailed("no readable Allure results".into())],
    );
    assert!(common::screen_text(&app).contains("no readable Allure results"));
    common::apply(&mut app, &[Action::QuitOrBack]);
    assert!(app.should_quit, "q leaves the error screen");

    // `--watch` on a directory that has no results yet: the ones written later are shown.
    let mut app = App::new(
        allure_tui::symbols::Symbols::UNICODE,
        (120, 36),
        common::NOW_MS,
    );
    common::apply(
        &mut app,
        &[Action::LoadFailed("no readable Allure results".into())],
    );
    common::apply(&mut app, &common::load_actions(&common::sample_results()));
    assert!(app.load_error.is_none(), "the error is gone");
    let screen = common::screen_text(&app);
    assert!(!screen.contains("no readable Allure results"), "{screen}");
    let tests = app.report.tests.len();
    assert!(
        tests > 0 && screen.contains(&format!("{tests} tests")),
        "{screen}"
    );
    common::apply(&mut app, &[Action::MoveDown]);
    assert!(
        !app.should_quit && app.selected().is_some(),
        "keys work again"
    );

    // A first load, then a reload that keeps the selection; files still being written ask for
    // another look.
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::NextProblem]);
    let selected = app.selected().unwrap().0.key.clone();
    let options = LoadOptions {
        dirs: vec![common::sample_results()],
        ..LoadOptions::default()
    };
    let mut report = load_results(&options, &|_| {}).unwrap();
    report.files.pending = 1;
    let effects = common::apply(
        &mut app,
        &[Action::ResultsLoaded {
            report: Payload::new(report),
            now_ms: common::NOW_MS,
        }],
    );
    assert_eq!(effects, [Effect::ReloadLater { after_ms: 500 }]);
    assert_eq!(app.selected().unwrap().0.key, selected);
    assert_eq!(
        common::apply(&mut app, &[Action::ResultsChanged]),
        [Effect::Reload]
    );
    common::apply(&mut app, &[Action::RerunOutput("collected 1 item".into())]);
    assert_eq!(app.rerun.output.last().unwrap(), "collected 1 item");

    // A reload that fails part way: its reason is shown, the loaded tests stay, and the
    // footer stops saying "loading".
    let tests = app.report.tests.len();
    common::apply(
        &mut app,
        &[
            Action::LoadProgress(allure_tui::model::Progress {
                phase: allure_tui::model::Phase::Results,
                done: 3,
                total: 10,
            }),
            Action::LoadFailed("the results directory is gone".into()),
        ],
    );
    let screen = common::screen_text(&app);
    assert!(!screen.contains("loading results"), "{screen}");
    assert!(screen.contains("the results directory is gone"), "{screen}");
    assert_eq!(app.report.tests.len(), tests);
}

#[test]
fn item_11_help_fits_120x36_and_stops_at_its_end_when_it_scrolls() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::ShowHelp]);
    let help = Overlay::Help { scroll: 0 };
    assert_eq!(
        layout::popup_scroll_limit(&app, help),
        0,
        "no scrolling at 120x36"
    );
    let mut app = sample((80, 24));
    common::apply(&mut app, &[Action::ShowHelp, Action::Bottom]);
    let limit = layout::popup_scroll_limit(&app, help);
    assert!(limit > 0);
    assert_eq!(app.layers.popup(), Some(Overlay::Help { scroll: limit }));
    common::apply(&mut app, &[Action::MoveDown, Action::PageDown]);
    assert_eq!(
        app.layers.popup(),
        Some(Overlay::Help { scroll: limit }),
        "stops at the end"
    );
    common::apply(&mut app, &[Action::Top]);
    assert_eq!(app.layers.popup(), Some(Overlay::Help { scroll: 0 }));
    let text = common::screen_text(&app);
    assert!(text.contains("Ctrl-d") && !text.contains("C-c") && !text.contains("ctrl-"));
}

#[test]
fn item_12_one_enter_opens_the_selected_attachment() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::ShowTab(Tab::Attachments)]);
    assert_eq!(app.focus, Focus::Tree);
    let effects = common::apply(&mut app, &[Action::Activate]);
    assert!(
        matches!(effects.as_slice(), [Effect::OpenAttachment { .. }]),
        "{effects:?}"
    );
}

#[test]
fn item_13_s_sorts_the_tree() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::CycleOrder, Action::ExpandAll]);
    assert_eq!(app.order, allure_tui::app::order::TreeOrder::Duration);
    let durations: Vec<i64> = app
        .tree_state
        .rows
        .iter()
        .filter_map(|&r| app.tree.nodes[r as usize].test)
        .map(|t| app.report.tests[t as usize].result.duration().unwrap_or(0))
        .collect();
    // Within each group the slowest comes first; the very first test is the slowest of all
    // in the slowest group.
    assert!(durations.len() > 10);
    common::apply(&mut app, &[Action::CycleOrder]);
    assert_eq!(app.order, allure_tui::app::order::TreeOrder::Status);
    let first = app
        .tree_state
        .rows
        .iter()
        .find_map(|&r| app.tree.nodes[r as usize].test)
        .unwrap();
    assert!(app.report.tests[first as usize].result.status.is_problem());
    common::apply(&mut app, &[Action::CycleOrder, Action::CycleOrder]);
    assert_eq!(app.order, allure_tui::app::order::TreeOrder::Name);
}

#[test]
fn item_14_group_counts_and_hints_follow_the_search() {
    let mut app = sample((120, 36));
    let mut typing = vec![Action::StartSearch];
    typing.extend("chunk".chars().map(Action::SearchInsert));
    typing.extend([Action::SearchAccept, Action::Top]);
    common::apply(&mut app, &typing);
    let root = app.tree.roots[0];
    assert_eq!(app.shown_counts(root).total(), 7, "only the matching tests");
    let screen = common::screen_text(&app);
    assert!(screen.contains("1✗ 6✓"), "{screen}");
    assert!(
        screen.contains("Groups stay open while a filter or search is on"),
        "{screen}"
    );
    common::apply(&mut app, &[Action::Back]);
    let screen = common::screen_text(&app);
    assert!(
        screen.contains("Enter or h collapses it"),
        "an open group: {screen}"
    );
}

#[test]
fn item_15_the_flaky_view_names_the_test_first() {
    for size in SIZES {
        let mut app = sample(size);
        common::apply(&mut app, &[Action::ShowFlakyView]);
        assert_eq!(app.layers.view(), Some(View::Flaky));
        let screen = common::screen_text(&app);
        assert!(screen.contains("test_basic · WindowedTests"), "{screen}");
        assert!(!screen.contains("tests › "), "no path first: {screen}");
        snapshot("item_15_flaky_view", &app);
    }
}

#[test]
fn item_16_a_r_reruns_failed_and_flaky_with_the_same_plan_as_before() {
    let mut old = sample((120, 36));
    common::apply(
        &mut old,
        &[
            Action::CycleFilter,
            Action::MarkAllShown,
            Action::CycleFilter,
            Action::MarkAllShown,
        ],
    );
    let mut new = sample((120, 36));
    common::apply(&mut new, &[Action::MarkFailedAndFlaky]);
    assert_eq!(new.marks, old.marks);
    let plan = |app: &mut App| match common::apply(app, &[Action::Rerun]).as_slice() {
        [Effect::WritePlan { plan_json, .. }, ..] => plan_json.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(plan(&mut new), plan(&mut old));
}

#[test]
fn item_18_marking_and_planning_stay_linear_and_frames_reuse_the_detail() {
    use std::borrow::Cow;
    let mut app = sample((120, 36));
    // Many tests: O(n·k) marking and planning would take minutes here, not a blink.
    let template = app.report.tests[0].clone();
    app.report.tests = (0..60_000)
        .map(|i| {
            let mut t = template.clone();
            t.key = format!("k{i}").as_str().into();
            t.result.name = format!("test_{i}").as_str().into();
            t
        })
        .collect();
    app.analysis = allure_tui::analysis::Analysis::of(&app.report);
    app.rebuild_tree(None);
    common::apply(&mut app, &[Action::MarkAllShown]);
    assert_eq!(app.marks.len(), 60_000);
    let effects = common::apply(&mut app, &[Action::Rerun]);
    assert!(matches!(effects.first(), Some(Effect::WritePlan { .. })));
    assert_eq!(app.rerun.before.len(), 60_000);
    // After an update the detail document is current: drawing reuses it.
    common::apply(&mut app, &[Action::MoveDown]);
    assert!(matches!(detail_view(&app), Cow::Borrowed(_)));
}

#[test]
fn item_19_ascii_draws_the_flaky_view_and_popups_in_ascii() {
    let mut app = common::app_for(&common::sample_results(), (120, 36), true);
    for actions in [
        vec![Action::ShowFlakyView],
        vec![Action::ShowTriageView],
        vec![Action::ShowHelp],
        vec![Action::ShowLaunchInfo],
    ] {
        common::apply(&mut app, &actions);
        let screen = common::screen_text(&app);
        assert!(screen.is_ascii(), "{actions:?}:\n{screen}");
        common::apply(&mut app, &[Action::Back]);
    }
}
