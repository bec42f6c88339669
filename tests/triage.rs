//! The triage loop without a terminal: marks, rerun effects and plans, the since-rerun
//! comparison after a reload, copy, save, the flaky and needs-triage views, the Diff tab.

mod common;

use allure_tui::app::{Action, App, Effect, GroupBy, Overlay, Tab};
use allure_tui::model::{load_results, LoadOptions, Status};

fn sample() -> App {
    common::app_for(&common::sample_results(), (160, 48), false)
}

fn fixture(name: &str) -> App {
    common::app_for(&common::fixture(name), (160, 48), false)
}

#[test]
fn space_marks_tests_and_whole_groups() {
    let mut app = sample();
    let key = app.selected().unwrap().0.key.clone();
    common::apply(&mut app, &[Action::ToggleMark]);
    assert!(app.marks.contains(key.as_str()));
    assert_eq!(app.marks.len(), 1);
    // On a group: every test below it.
    common::apply(&mut app, &[Action::Top, Action::ToggleMark]);
    assert_eq!(app.marks.len(), app.report.tests.len());
    common::apply(&mut app, &[Action::Top, Action::ToggleMark]);
    assert!(app.marks.is_empty(), "a fully marked group unmarks");
    common::apply(&mut app, &[Action::CycleFilter, Action::MarkAllShown]);
    assert_eq!(app.marks.len(), 2, "the failed ones the filter shows");
    common::apply(&mut app, &[Action::ClearMarks]);
    assert!(app.marks.is_empty());
}

#[test]
fn rerun_writes_a_plan_for_the_marked_tests_and_runs_the_argv() {
    let mut app = sample();
    app.rerun.command = Some(vec!["pytest".into(), "-x".into(), "tests dir".into()]);
    app.rerun.plan_path = Some("/tmp/plan.json".into());
    common::apply(&mut app, &[Action::CycleFilter, Action::MarkAllShown]);
    let effects = common::apply(&mut app, &[Action::Rerun]);
    let [Effect::Rerun {
        plan_json,
        plan_path,
        argv,
    }] = effects.as_slice()
    else {
        panic!("expected one rerun effect, got {effects:?}")
    };
    assert_eq!(
        argv,
        &["pytest", "-x", "tests dir"],
        "an argument vector, never a shell line"
    );
    assert_eq!(plan_path.to_str(), Some("/tmp/plan.json"));
    let plan: serde_json::Value = serde_json::from_str(plan_json).unwrap();
    assert_eq!(plan["version"], "1.0");
    let selectors = common::field(&plan["tests"], "selector");
    assert_eq!(
        selectors,
        [
            "tests.test_more.ChunkedTests#test_even",
            "tests.test_more.WindowedTests#test_basic"
        ]
    );
    assert!(app.rerun.running && app.rerun.visible);
    assert_eq!(app.rerun.before.len(), 2);
    assert!(app
        .rerun
        .command_line
        .as_deref()
        .unwrap()
        .ends_with("pytest -x 'tests dir'"));
    // A second r while running only shows the pane.
    assert!(common::apply(&mut app, &[Action::Rerun]).is_empty());
}

#[test]
fn without_a_command_the_plan_is_written_and_the_command_line_copied() {
    let mut app = sample();
    app.rerun.plan_path = Some("/tmp/p.json".into());
    let effects = common::apply(&mut app, &[Action::Rerun]);
    match effects.as_slice() {
        [Effect::WritePlan { plan_path, .. }, Effect::Copy { text }] => {
            assert_eq!(plan_path.to_str(), Some("/tmp/p.json"));
            assert_eq!(text, "ALLURE_TESTPLAN_PATH=/tmp/p.json <your test command>");
        }
        other => panic!("unexpected effects {other:?}"),
    }
    assert!(!app.rerun.running);
    assert!(app
        .rerun
        .output
        .iter()
        .any(|l| l.contains("ALLURE_TESTPLAN_PATH=/tmp/p.json")));
}

#[test]
fn reload_after_a_rerun_compares_and_keeps_state() {
    // Before: the fixture with two failing attempts; after: a new passing attempt of "flips"
    // and a new failing attempt with another message of "always_fails".
    let before_dir = common::fixture("retries");
    let mut app = common::app_for(&before_dir, (160, 48), false);
    let flips = common::test_named(&app, "flips");
    app.reveal_test(flips);
    common::apply(
        &mut app,
        &[Action::MarkAllShown, Action::ShowTab(Tab::Retries)],
    );
    app.rerun.command = Some(vec!["true".into()]);
    common::apply(&mut app, &[Action::Rerun]);
    app.on_rerun_finished("exit status: 0".into(), true);

    let dir = std::env::temp_dir().join(format!("allure-tui-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&before_dir).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    std::fs::write(
        dir.join("s2-result.json"),
        r#"{"uuid":"s2","name":"always_fails","fullName":"shop.cart.CartTest#always_fails","status":"failed","start":1700000001000,"stop":1700000001100,"statusDetails":{"message":"TimeoutError: something else"}}"#,
    )
    .unwrap();
    let options = LoadOptions {
        dirs: vec![dir.clone()],
        cwd: dir.clone(),
        ..LoadOptions::default()
    };
    let report = load_results(&options, &|_| {}).unwrap();
    app.on_reload(report);
    let _ = std::fs::remove_dir_all(&dir);

    assert_eq!(
        app.selected().unwrap().0.result.name,
        "flips",
        "selection kept"
    );
    assert_eq!(app.tab, Tab::Retries);
    assert_eq!(app.marks.len(), 2, "marks kept");
    assert_eq!(
        app.overlays.last(),
        Some(&Overlay::SinceRerun { scroll: 0 })
    );
    let since = app.rerun.since.as_ref().unwrap();
    let outcome = |name: &str| {
        since
            .iter()
            .find(|r| r.name == name)
            .unwrap()
            .outcome
            .label()
    };
    assert_eq!(outcome("always_fails"), "still failing, message changed");
    assert_eq!(outcome("flips"), "not rerun (no new attempt)");
    let fails = app
        .report
        .tests
        .iter()
        .find(|t| t.result.name == "always_fails")
        .unwrap();
    assert_eq!(
        fails.retries.len(),
        2,
        "the new attempt is a retry of the old ones"
    );
}

#[test]
fn copy_takes_what_the_menu_names_and_caps_it() {
    let mut app = sample();
    let effects = common::apply(&mut app, &[Action::CopyFullName]);
    assert_eq!(
        effects,
        [Effect::Copy {
            text: "tests.test_more.ChunkedTests#test_even".into()
        }]
    );
    common::apply(&mut app, &[Action::OpenCopyMenu]);
    assert_eq!(app.overlays.last(), Some(&Overlay::CopyMenu { cursor: 0 }));
    let effects = common::apply(
        &mut app,
        &[Action::MoveDown, Action::MoveDown, Action::Activate],
    );
    let [Effect::Copy { text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(
        text.starts_with("AssertionError"),
        "item 3 is the message: {text}"
    );
    assert!(app.overlays.is_empty());
    // A huge trace is cut to what terminals accept, and the note says so.
    let id = app.selected_test().unwrap() as usize;
    app.report.tests[id].result.details.trace = Some("x".repeat(300_000).into());
    let effects = common::apply(&mut app, &[Action::CopyItem(3)]);
    let [Effect::Copy { text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(text.len(), allure_tui::app::triage::MAX_COPY_BYTES);
    assert!(app
        .note
        .as_deref()
        .unwrap()
        .contains("first 100000 of 300000"));
}

#[test]
fn save_asks_for_a_path_then_saves() {
    let mut app = sample();
    common::apply(
        &mut app,
        &[Action::ShowTab(Tab::Attachments), Action::StartSave],
    );
    let prompt = app.prompt.clone().expect("a prompt");
    // Prefilled with the attachment's display name when it is a usable file name.
    let (test, _) = app.selected().unwrap();
    let first = allure_tui::app::detail::attachment_rows(&test.result)[0]
        .attachment
        .clone();
    let expected = first
        .name
        .filter(|n| allure_tui::model::attachment::is_safe_source(n))
        .or(first.source)
        .unwrap();
    assert_eq!(prompt.text, expected);
    // Ctrl-U clears it; then type a path.
    let mut actions = vec![Action::SearchClear];
    actions.extend("out.txt".chars().map(Action::SearchInsert));
    actions.push(Action::SearchAccept);
    let effects = common::apply(&mut app, &actions);
    let [Effect::SaveAttachment { dest, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(dest.to_str(), Some("out.txt"));
    assert!(app.prompt.is_none());
}

#[test]
fn flaky_view_ranks_retry_flips_first_then_flip_rate() {
    let mut app = sample();
    common::apply(&mut app, &[Action::ShowFlakyView]);
    assert_eq!(app.group_by, GroupBy::Flaky);
    let ranked: Vec<_> = app
        .tree_state
        .rows
        .iter()
        .map(|&r| &app.analysis.tests[app.tree.nodes[r as usize].test.unwrap() as usize].flakiness)
        .collect();
    assert!(ranked.len() >= 3);
    let flips = ranked.iter().take_while(|f| f.retry_flip).count();
    assert!(flips >= 1);
    let rates: Vec<f64> = ranked[flips..]
        .iter()
        .map(|f| f.flip_rate.unwrap_or(0.0))
        .collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
    common::apply(&mut app, &[Action::CycleSort]);
    assert_eq!(app.flaky_sort, allure_tui::app::views::FlakySort::FailRate);
    let test = app.selected().unwrap().0;
    let reason = allure_tui::app::views::flaky_reason(
        test,
        &app.analysis.tests[app.selected_test().unwrap() as usize],
        &app.symbols,
    );
    assert!(
        reason.contains("fail ") && reason.contains("runs"),
        "{reason}"
    );
}

#[test]
fn needs_triage_puts_new_and_regressed_first_and_skips_known() {
    let mut app = fixture("flaky-history/allure-results");
    common::apply(&mut app, &[Action::ShowTriageView]);
    let root = &app.tree.nodes[app.tree.roots[0] as usize];
    assert_eq!(root.name, allure_tui::app::views::NEW_AND_REGRESSED);
    assert_eq!(root.counts.total(), 3);
    let id = app
        .report
        .tests
        .iter()
        .position(|t| t.result.name == "regressed")
        .unwrap();
    app.report.tests[id].result.details.known = true;
    app.rebuild_tree(None);
    assert_eq!(
        app.tree.nodes[app.tree.roots[0] as usize].counts.total(),
        2,
        "known failures need no triage"
    );
}

#[test]
fn diff_tab_compares_with_the_last_pass_and_earlier_failure() {
    let mut app = fixture("flaky-history/allure-results");
    let id = common::test_named(&app, "flaky");
    app.reveal_test(id);
    common::apply(&mut app, &[Action::ShowTab(Tab::Diff)]);
    let (test, _) = app.selected().unwrap();
    let lines: Vec<String> = allure_tui::ui::diff::diff_tab_lines(
        &app,
        test,
        &allure_tui::ui::theme::Theme::monochrome(),
    )
    .iter()
    .map(ToString::to_string)
    .collect();
    let text = lines.join("\n");
    assert!(text.contains("Last passed"), "{text}");
    assert!(text.contains("(1 run ago)"), "{text}");
    assert!(text.contains("A new failure"), "messages differ: {text}");
    assert!(
        text.contains("- flaky failed in run 4") && text.contains("+ flaky failed"),
        "{text}"
    );
    assert_eq!(test.result.status, Status::Failed);
}
