//! `update` without a terminal: actions in, state and effects out (on the built-in sample and
//! our fixtures).

mod common;

use allure_tui::app::{Action, App, Effect, Focus, GroupBy, Overlay, Tab};
use allure_tui::model::Status;

fn sample(size: (u16, u16)) -> App {
    common::app_for(&common::sample_results(), size, false)
}

fn selected_name(app: &App) -> String {
    app.selected()
        .map(|(t, _)| t.result.name.to_string())
        .unwrap_or_default()
}

#[test]
fn opens_on_the_first_failure_with_its_overview() {
    let app = sample((120, 40));
    let (test, _) = app.selected().expect("a test is selected");
    assert_eq!(test.result.status, Status::Failed);
    assert_eq!(app.tab, Tab::Overview);
    assert_eq!(app.focus, Focus::Tree);
}

#[test]
fn n_and_shift_n_walk_the_failures_and_wrap() {
    let mut app = sample((120, 40));
    let first = selected_name(&app);
    common::apply(&mut app, &[Action::NextProblem]);
    let second = selected_name(&app);
    assert_ne!(first, second);
    assert!(app.selected().unwrap().0.result.status.is_problem());
    common::apply(&mut app, &[Action::NextProblem]);
    assert_eq!(selected_name(&app), first, "wraps around");
    common::apply(&mut app, &[Action::PrevProblem]);
    assert_eq!(selected_name(&app), second);
}

#[test]
fn movement_and_collapse_keep_the_selection_sensible() {
    let mut app = sample((120, 40));
    let rows = app.tree_state.rows.len();
    common::apply(&mut app, &[Action::Bottom]);
    assert_eq!(app.tree_state.cursor, rows - 1);
    common::apply(&mut app, &[Action::Top, Action::Collapse]);
    assert_eq!(app.tree_state.rows.len(), 1, "the root collapsed");
    common::apply(&mut app, &[Action::Expand]);
    assert!(app.tree_state.rows.len() > 1);
    common::apply(&mut app, &[Action::ExpandAll]);
    assert!(app.tree_state.rows.len() > rows);
    common::apply(&mut app, &[Action::CollapseAll]);
    assert_eq!(app.tree_state.rows.len(), 1);
}

#[test]
fn filter_cycles_and_shows_only_matching_tests() {
    let mut app = sample((120, 40));
    common::apply(&mut app, &[Action::CycleFilter]);
    let shown: Vec<Status> = app
        .tree_state
        .rows
        .iter()
        .filter_map(|&r| app.tree.nodes[r as usize].test)
        .map(|t| app.report.tests[t as usize].result.status)
        .collect();
    assert_eq!(shown.len(), 2);
    assert!(shown.iter().all(|s| s.is_problem()));
    common::apply(&mut app, &[Action::CycleFilter]);
    let flaky: Vec<u32> = app
        .tree_state
        .rows
        .iter()
        .filter_map(|&r| app.tree.nodes[r as usize].test)
        .collect();
    assert!(!flaky.is_empty());
    for _ in 0..3 {
        common::apply(&mut app, &[Action::CycleFilter]);
    }
    assert_eq!(app.filter, allure_tui::app::filter::StatusFilter::All);
}

#[test]
fn search_filters_incrementally_and_esc_restores() {
    let mut app = sample((120, 40));
    let before = selected_name(&app);
    let all_rows = app.tree_state.rows.len();
    let mut actions = vec![Action::StartSearch];
    actions.extend("powerset".chars().map(Action::SearchInsert));
    let effects = common::apply(&mut app, &actions);
    assert!(effects.is_empty(), "small reports match synchronously");
    let tests: Vec<String> = app
        .tree_state
        .rows
        .iter()
        .filter_map(|&r| app.tree.nodes[r as usize].test)
        .map(|t| {
            app.report.tests[t as usize]
                .result
                .full_name
                .as_deref()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(!tests.is_empty());
    assert!(tests.iter().all(|n| n.contains("Powerset")), "{tests:?}");
    common::apply(&mut app, &[Action::SearchAccept]);
    assert!(!app.layers.searching() && app.search.is_active());
    assert!(selected_name(&app).contains("combinatorics") || app.selected().is_some());
    common::apply(&mut app, &[Action::Back]);
    assert!(!app.search.is_active());
    assert!(app.tree_state.rows.len() >= all_rows);
    let _ = before;
}

#[test]
fn large_reports_search_on_the_worker_and_drop_stale_answers() {
    let mut app = sample((120, 40));
    // Pretend the report is large: matching goes through an effect.
    app.haystacks = std::sync::Arc::new(vec![
        allure_tui::analysis::query::Haystack::default();
        allure_tui::app::search::SYNC_LIMIT + 1
    ]);
    let effects = common::apply(&mut app, &[Action::StartSearch, Action::SearchInsert('x')]);
    let Some(Effect::Search { generation, query }) = effects.first().cloned() else {
        panic!("expected a search effect, got {effects:?}")
    };
    assert_eq!(query, "x");
    common::apply(&mut app, &[Action::SearchInsert('y')]);
    let stale = allure_tui::app::search::Matches {
        hits: vec![false; app.report.tests.len()],
        best: None,
    };
    allure_tui::app::update::apply_matches(&mut app, generation, stale);
    assert!(
        app.search.matches.is_none(),
        "an older generation is ignored"
    );
}

#[test]
fn grouping_cycles_through_every_view() {
    let mut app = sample((120, 40));
    let mut roots = Vec::new();
    for expected in [
        GroupBy::Behaviors,
        GroupBy::Packages,
        GroupBy::Categories,
        GroupBy::Errors,
        GroupBy::Flat,
        GroupBy::Suites,
    ] {
        common::apply(&mut app, &[Action::CycleGrouping]);
        assert_eq!(app.group_by, expected);
        roots.push(app.tree.nodes[app.tree.roots[0] as usize].name.clone());
    }
    assert_eq!(roots[0], "more-itertools", "epic label");
    assert_eq!(roots[2], "Injected flakiness", "category");
    assert_eq!(
        roots[3],
        "AssertionError: flaky: operation took <duration>, budget is <duration> (run <n>, attempt <n>, injected by corpus_plugin)",
        "the largest failure cluster, by its signature"
    );
    assert!(app.tree.roots.len() == 1, "suites again");
}

#[test]
fn tabs_switch_by_number_and_brackets() {
    let mut app = sample((120, 40));
    common::apply(&mut app, &[Action::ShowTab(Tab::History)]);
    assert_eq!(app.tab, Tab::History);
    common::apply(
        &mut app,
        &[Action::NextTab, Action::NextTab, Action::NextTab],
    );
    assert_eq!(app.tab, Tab::Overview, "wraps");
    common::apply(&mut app, &[Action::PrevTab]);
    assert_eq!(app.tab, Tab::Diff);
}

#[test]
fn narrow_screens_show_one_pane_at_a_time() {
    let mut app = sample((80, 24));
    assert!(app.is_narrow() && !app.detail_open);
    common::apply(&mut app, &[Action::Activate]);
    assert!(app.detail_open);
    assert_eq!(app.focus, Focus::Detail);
    common::apply(&mut app, &[Action::Back]);
    assert!(!app.detail_open);
    common::apply(&mut app, &[Action::Resize(160, 48)]);
    assert!(!app.is_narrow());
    assert_eq!(app.tree_state.height, 48 - 3 - 1 - 2);
}

#[test]
fn resizing_keeps_the_selection() {
    let mut app = sample((160, 48));
    let before = selected_name(&app);
    common::apply(
        &mut app,
        &[
            Action::Resize(80, 24),
            Action::Resize(200, 60),
            Action::Resize(80, 24),
        ],
    );
    assert_eq!(selected_name(&app), before);
    let cursor = app.tree_state.cursor;
    assert!(
        cursor >= app.tree_state.offset && cursor < app.tree_state.offset + app.tree_state.height
    );
}

#[test]
fn steps_open_on_the_first_failed_step_and_collapse() {
    let mut app = sample((160, 48));
    common::apply(
        &mut app,
        &[Action::ShowTab(Tab::Steps), Action::SwitchFocus],
    );
    let (test, _) = app.selected().unwrap();
    let rows = allure_tui::app::detail::step_rows(&test.result, &app.detail.collapsed_steps);
    let step =
        allure_tui::app::detail::step_at(&test.result, &rows[app.detail.step_cursor]).unwrap();
    assert!(
        step.status.is_problem(),
        "cursor on a failed step: {}",
        step.name
    );
    // Collapse a step that has children, in a test that has one.
    let nested = app
        .report
        .tests
        .iter()
        .position(|t| t.result.body().steps.iter().any(|s| !s.steps.is_empty()))
        .expect("the sample has nested steps") as u32;
    assert!(app.reveal_test(nested));
    let (test, _) = app.selected().unwrap();
    let rows = allure_tui::app::detail::step_rows(&test.result, &app.detail.collapsed_steps);
    let parent = rows.iter().position(|r| r.has_children).unwrap();
    let before = rows.len();
    app.detail.step_cursor = parent;
    common::apply(&mut app, &[Action::Collapse]);
    let (test, _) = app.selected().unwrap();
    let after = allure_tui::app::detail::step_rows(&test.result, &app.detail.collapsed_steps).len();
    assert!(
        after < before,
        "collapsing hides sub-steps ({before} -> {after})"
    );
    common::apply(&mut app, &[Action::Expand]);
    let (test, _) = app.selected().unwrap();
    assert_eq!(
        allure_tui::app::detail::step_rows(&test.result, &app.detail.collapsed_steps).len(),
        before
    );
}

#[test]
fn enter_on_an_attachment_asks_the_runtime_to_read_it() {
    let mut app = sample((160, 48));
    common::apply(
        &mut app,
        &[Action::ShowTab(Tab::Attachments), Action::SwitchFocus],
    );
    let effects = common::apply(&mut app, &[Action::Activate]);
    match effects.as_slice() {
        [Effect::OpenAttachment {
            files, attachment, ..
        }] => {
            assert!(attachment.source.is_some());
            // The effect can read it: the files are the sample's own.
            let body = files.read_attachment(attachment, 1 << 20).unwrap();
            assert!(!body.bytes.is_empty());
        }
        other => panic!("expected one OpenAttachment, got {other:?}"),
    }
}

#[test]
fn viewer_scrolls_searches_and_closes() {
    use allure_tui::app::viewer::ViewerState;
    use allure_tui::model::attachment::AttachmentBody;
    let mut app = sample((160, 48));
    let text: String = (0..100)
        .map(|i| format!("line {i}\n"))
        .collect::<Vec<_>>()
        .concat();
    let body = AttachmentBody {
        bytes: text.into_bytes(),
        total: 700,
        truncated: false,
    };
    common::apply(
        &mut app,
        &[Action::AttachmentRead(Box::new(ViewerState::from_body(
            "log".into(),
            Some("text/plain"),
            Ok(body),
        )))],
    );
    let mut actions = vec![Action::PageDown, Action::StartSearch];
    actions.extend("line 9".chars().map(Action::SearchInsert));
    actions.push(Action::SearchAccept);
    common::apply(&mut app, &actions);
    let viewer = app.layers.viewer().unwrap();
    assert_eq!(viewer.matches.len(), 11, "line 9 and line 90..99");
    common::apply(&mut app, &[Action::NextMatch]);
    assert!(app.layers.viewer().unwrap().scroll >= 90);
    common::apply(&mut app, &[Action::Back]);
    assert!(app.layers.viewer().is_none());
}

#[test]
fn popups_stack_and_close() {
    let mut app = sample((120, 40));
    common::apply(&mut app, &[Action::ShowHelp]);
    assert_eq!(app.layers.popup(), Some(Overlay::Help { scroll: 0 }));
    common::apply(&mut app, &[Action::Back, Action::ShowWarnings]);
    assert_eq!(app.layers.popup(), Some(Overlay::Warnings { scroll: 0 }));
    common::apply(&mut app, &[Action::ShowWarnings]);
    assert!(app.layers.is_empty());
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = sample((160, 48));
    let areas = allure_tui::app::layout::compute(&app);
    let tree = areas.tree.unwrap();
    common::apply(&mut app, &[Action::Click(tree.x + 5, tree.y + 1)]);
    assert_eq!(app.tree_state.cursor, 0);
    common::apply(&mut app, &[Action::Scroll(tree.x + 5, tree.y + 5, 1)]);
    assert_eq!(app.tree_state.cursor, 3);
}

#[test]
fn quit_stops_the_loop() {
    let mut app = sample((120, 40));
    common::apply(&mut app, &[Action::Quit]);
    assert!(app.should_quit);
}

/// Results without any history: the empty history that follows ends the load, records where
/// history was looked for, and leaves the tree and the user's place as they were (the tree is
/// not rebuilt for nothing).
#[test]
fn an_empty_history_ends_the_load_and_keeps_the_place() {
    let actions = common::load_actions(&common::fixture("basic"));
    let Ok([results, history]) = <[Action; 2]>::try_from(actions) else {
        panic!("a load is results, then history");
    };
    let mut app = App::new(allure_tui::symbols::Symbols::new(false), (120, 40), 0);
    common::apply(&mut app, &[Action::Resize(120, 40), results]);
    assert_eq!(app.loading, allure_tui::app::Loading::History);
    common::apply(
        &mut app,
        &[Action::ExpandAll, Action::MoveDown, Action::MoveDown],
    );
    let (place, rows) = (selected_name(&app), app.tree_state.rows.clone());
    common::apply(&mut app, &[history]);
    assert_eq!(app.loading, allure_tui::app::Loading::Done);
    assert!(
        !app.report.history_search.tried.is_empty(),
        "where history was looked for"
    );
    assert_eq!((selected_name(&app), &app.tree_state.rows), (place, &rows));
}
