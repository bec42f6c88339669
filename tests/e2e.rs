//! End to end: the real binary in a real terminal (tmux), driven by keys, read off the screen.
//! Reported as ignored where tmux is not installed (a failure under CI).

mod common;

use common::harness::{self, Need};

fn browse_a_report_with_keys_and_quit_cleanly() {
    let dir = common::fixture("flaky-history/allure-results");
    let command = format!(
        "{} {}; echo \"exit=$?\"; sleep 60",
        env!("CARGO_BIN_EXE_allure-tui"),
        dir.display()
    );
    let Some(session) = common::Tmux::start("browse", (120, 30), &[], &command) else {
        return;
    };
    // Opens on the first failure with its Overview. (Each text is waited for: a capture can
    // catch a frame half drawn.)
    session.wait_for("4 History");
    session.wait_for("FAILED");
    session.wait_for("brand_new");
    // The History tab of the flaky test.
    session.keys(&["/", "flaky", "Enter", "4"]);
    session.wait_for("previous runs");
    session.wait_for("flip rate");
    // Help lists the keys; Escape closes it.
    session.keys(&["?"]);
    session.wait_for("next failure");
    session.keys(&["Escape", "Escape", "q"]);
    let screen = session.wait_for("exit=0");
    assert!(
        !screen.contains("4 History"),
        "the alternate screen is gone:\n{screen}"
    );
}

fn narrow_terminal_opens_details_full_screen() {
    let dir = common::fixture("basic");
    let command = format!(
        "{} {}; echo \"exit=$?\"; sleep 60",
        env!("CARGO_BIN_EXE_allure-tui"),
        dir.display()
    );
    let Some(session) = common::Tmux::start("narrow", (80, 24), &[], &command) else {
        return;
    };
    session.wait_for("removes_item");
    session.keys(&["Enter"]);
    session.wait_for("4 History");
    session.wait_for("AssertionError: expected 0 items, got 1");
    session.keys(&["Escape"]);
    session.wait_for("CartTest");
    session.keys(&["q"]);
    session.wait_for("exit=0");
}

fn the_rerun_command_gets_its_words_literally_not_through_a_shell() {
    let dir = common::fixture("basic");
    // Were this line given to a shell, `;` would end the command and `$(...)` would run.
    let command = format!(
        "{} {}; echo \"exit=$?\"; sleep 60",
        env!("CARGO_BIN_EXE_allure-tui"),
        dir.display()
    );
    let env = ["ALLURE_TUI_RERUN_CMD=printf '<%s>\\n' 'a;b' '$(echo pwned)' $HOME".to_owned()];
    let Some(session) = common::Tmux::start("argv", (120, 30), &env, &command) else {
        return;
    };
    session.wait_for("4 History");
    session.keys(&["r"]);
    // The comparison popup comes up when the command ends; close it to read the output.
    session.wait_for("since the rerun");
    session.keys(&["Escape"]);
    session.wait_for("<$(echo pwned)>");
    session.wait_for("<a;b>");
    let screen = session.wait_for("<$HOME>");
    assert!(!screen.contains("<pwned>"), "{screen}");
    session.keys(&["Escape", "q"]);
    session.wait_for("exit=0");
}

fn main() {
    harness::run(vec![
        harness::trial(
            "browse_a_report_with_keys_and_quit_cleanly",
            &[Need::Tmux],
            browse_a_report_with_keys_and_quit_cleanly,
        ),
        harness::trial(
            "narrow_terminal_opens_details_full_screen",
            &[Need::Tmux],
            narrow_terminal_opens_details_full_screen,
        ),
        harness::trial(
            "the_rerun_command_gets_its_words_literally_not_through_a_shell",
            &[Need::Tmux],
            the_rerun_command_gets_its_words_literally_not_through_a_shell,
        ),
    ]);
}
