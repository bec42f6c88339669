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
        cwd,
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
    assert_eq!(cwd, &None, "the current directory unless --rerun-cwd");
    assert!(app.rerun.running && app.layers.rerun_shown());
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
fn without_a_command_the_plan_is_kept_in_the_state_dir_and_the_command_line_copied() {
    let mut app = sample();
    app.rerun.plan_path = Some("/private/testplan.json".into());
    app.rerun.saved_plans_dir = Some("/state/allure-tui/plans".into());
    let effects = common::apply(&mut app, &[Action::Rerun]);
    // A plan the user runs later must outlive the app: not in the private directory.
    let expected = "/state/allure-tui/plans/testplan-20261122-060000.json";
    match effects.as_slice() {
        [Effect::WritePlan { plan_path, .. }, Effect::Copy { text }] => {
            assert_eq!(plan_path.to_str(), Some(expected));
            assert_eq!(
                text,
                &format!("ALLURE_TESTPLAN_PATH={expected} <your test command>")
            );
        }
        other => panic!("unexpected effects {other:?}"),
    }
    assert!(!app.rerun.running);
    assert!(app
        .rerun
        .output
        .iter()
        .any(|l| l.contains(&format!("ALLURE_TESTPLAN_PATH={expected}"))));
    assert!(app.rerun.output[0].starts_with("Test plan for 1 test, 1 plan entry,"));
    // Without any state directory nothing is written to a shared place.
    app.rerun.saved_plans_dir = None;
    assert!(common::apply(&mut app, &[Action::Rerun]).is_empty());
    assert!(app.note.as_deref().unwrap().contains("XDG_STATE_HOME"));
}

#[test]
fn a_rerun_command_uses_the_private_plan_and_the_rerun_cwd() {
    let mut app = sample();
    app.rerun.command = Some(vec!["pytest".into()]);
    app.rerun.plan_path = Some("/private/testplan.json".into());
    app.rerun.cwd = Some("/src/project".into());
    let effects = common::apply(&mut app, &[Action::Rerun]);
    let [Effect::Rerun { plan_path, cwd, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(plan_path.to_str(), Some("/private/testplan.json"));
    assert_eq!(cwd.as_deref(), Some(std::path::Path::new("/src/project")));
    assert_eq!(
        app.rerun.output[0],
        "rerunning 1 test, 1 plan entry, written to /private/testplan.json"
    );
    assert!(app.rerun.output[1].starts_with("$ cd /src/project && ALLURE_TESTPLAN_PATH="));
    // No private directory could be made: nothing runs, and the note says why.
    common::apply(
        &mut app,
        &[Action::RerunFinished {
            exit: "exit status: 0".into(),
            code: Some(0),
            started: true,
        }],
    );
    app.rerun.plan_path = None;
    assert!(common::apply(&mut app, &[Action::Rerun]).is_empty());
    assert!(app.note.as_deref().unwrap().contains("private directory"));
}

#[test]
fn a_rerun_that_ran_nothing_says_so_and_why() {
    let mut app = sample();
    app.rerun.command = Some(vec!["pytest".into()]);
    common::apply(&mut app, &[Action::Rerun]);
    let effects = common::apply(
        &mut app,
        &[Action::RerunFinished {
            exit: "exit status: 5".into(),
            code: Some(5),
            started: true,
        }],
    );
    assert_eq!(effects, [Effect::Reload], "the results are read again");
    assert!(app.rerun.output.iter().any(|l| l
        == "[exit status: 5] 0 tests ran: the plan's selectors matched nothing (check the command's working directory, --rerun-cwd)"));
    // After the reload, the comparison says no test ran too.
    for action in common::load_actions(&common::sample_results()) {
        allure_tui::app::update(&mut app, action);
    }
    let since = app.rerun.since.as_ref().expect("a comparison");
    assert!(since
        .iter()
        .all(|r| r.outcome == allure_tui::app::rerun::Outcome::NotRerun));
    let screen = common::screen_text(&app);
    assert!(screen.contains("1 test planned, 0 ran"), "{screen}");
    assert!(
        screen.contains("0 tests ran: the plan's selectors matched nothing"),
        "{screen}"
    );
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
    app.on_rerun_finished("exit status: 0", Some(0), true);

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
    assert_eq!(app.layers.popup(), Some(Overlay::SinceRerun { scroll: 0 }));
    let since = app.rerun.since.as_ref().unwrap();
    let outcome = |name: &str| {
        since
            .iter()
            .find(|r| r.name.starts_with(&format!("{name} ")) || r.name == name)
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
    assert_eq!(app.layers.popup(), Some(Overlay::CopyMenu { cursor: 0 }));
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
    assert!(app.layers.is_empty());
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
    let prompt = app.layers.prompt().cloned().expect("a prompt");
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
    assert!(app.layers.prompt().is_none());
}

#[test]
fn flaky_view_ranks_retry_flips_first_then_flip_rate() {
    let mut app = sample();
    common::apply(&mut app, &[Action::ShowFlakyView]);
    assert_eq!(app.shown_grouping(), GroupBy::Flaky);
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
    common::apply(&mut app, &[Action::CycleOrder]);
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
