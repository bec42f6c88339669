//! End to end: the real binary in a real terminal (tmux), driven by keys, read off the screen.
//! Covers issue 9's items 1 (wrapped details scroll to their end), 4 (the first failure's
//! message without a key at 80x24), 9 (Esc steps back, q in a view), 11 (help fits 120x36),
//! 13 (fzf-style search) and 15 (flaky view names first), and measures the keystrokes the README
//! promises. Reported as ignored where tmux is not installed (a failure under CI).

mod common;

use common::harness::{self, Need};
use common::Tmux;

/// Keys sent to a session, counted (tmux key names; a literal string counts its characters).
struct Keys<'a> {
    session: &'a Tmux,
    sent: usize,
}

impl<'a> Keys<'a> {
    fn new(session: &'a Tmux) -> Keys<'a> {
        Keys { session, sent: 0 }
    }

    /// Sends named keys (`Escape`, `Enter`) or single characters, one keystroke each.
    fn press(&mut self, keys: &[&str]) {
        self.session.keys(keys);
        self.sent += keys.len();
    }

    /// Types text, one keystroke per character.
    fn type_text(&mut self, text: &str) {
        self.session.keys(&[text]);
        self.sent += text.chars().count();
    }
}

fn app_command(args: &str) -> String {
    format!(
        "{} {args}; echo \"exit=$?\"; sleep 60",
        env!("CARGO_BIN_EXE_allure-tui")
    )
}

fn sample_command() -> String {
    app_command(&common::sample_results().display().to_string())
}

fn browse_a_report_with_keys_and_quit_cleanly() {
    let dir = common::fixture("flaky-history/allure-results");
    let command = app_command(&dir.display().to_string());
    let Some(session) = Tmux::start("browse", (120, 30), &[], &command) else {
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
    session.keys(&["q"]);
    let screen = session.wait_for("exit=0");
    assert!(
        !screen.contains("4 History"),
        "the alternate screen is gone:\n{screen}"
    );
}

/// Item 4 and the first keystroke count: 0 keys to the first failure's message, at 80x24 (the
/// preview under the tree) and at 120x36 (the Overview).
fn the_first_failure_message_takes_no_key() {
    for (name, size) in [("first80", (80, 24)), ("first120", (120, 36))] {
        let Some(session) = Tmux::start(name, size, &[], &sample_command()) else {
            return;
        };
        let keys = Keys::new(&session);
        session.wait_for("AssertionError: flaky: operation took 3.91s");
        assert_eq!(keys.sent, 0, "keystrokes to the first failure's message");
        session.keys(&["q"]);
        session.wait_for("exit=0");
    }
}

/// Item 1: at 120x36 a failing test's long, wrapping trace no longer stops the scroll; `G`
/// reaches the sections below it.
fn wrapped_details_scroll_to_their_end() {
    let dir = common::fixture("daily");
    let Some(session) = Tmux::start(
        "wrap",
        (120, 36),
        &[],
        &app_command(&dir.display().to_string()),
    ) else {
        return;
    };
    session.wait_for("4 History");
    // The failing payment test (its message and trace wrap at this width).
    session.keys(&["/", "amex", "Enter", "Tab", "G"]);
    session.wait_for("Category");
    session.wait_for("Product defects");
    session.keys(&["g"]);
    session.wait_for("AssertionError: expected the payment");
    session.keys(&["Escape", "Escape", "q"]);
    session.wait_for("exit=0");
}

/// Item 9: Esc takes one step back at a time and the footer says which; q inside a view goes
/// back and quits only at the top level.
fn esc_steps_back_and_q_quits_only_at_the_top() {
    let Some(session) = Tmux::start("esc", (120, 36), &[], &sample_command()) else {
        return;
    };
    session.wait_for("4 History");
    session.keys(&["F", "f", "/", "odd", "Enter"]);
    session.wait_for("Esc clear search");
    session.keys(&["Escape"]);
    session.wait_for("Esc clear filter");
    session.keys(&["Escape"]);
    session.wait_for("Esc leave flaky view");
    session.keys(&["Escape"]);
    session.wait_for("╭ suites");
    session.keys(&["T"]);
    session.wait_for("Esc leave triage view");
    session.keys(&["q"]);
    session.wait_for("╭ suites");
    session.keys(&["q"]);
    session.wait_for("exit=0");
}

/// Item 11: the help fits 120x36 without scrolling, in columns; Esc closes it.
fn help_fits_without_scrolling() {
    let Some(session) = Tmux::start("help", (120, 36), &[], &sample_command()) else {
        return;
    };
    session.wait_for("4 History");
    session.keys(&["?"]);
    let screen = session.wait_for("Ctrl-c quits from anywhere");
    assert!(
        screen.contains("Move") && screen.contains("Copy menu"),
        "{screen}"
    );
    assert!(
        !screen.contains(" of "),
        "no scroll position: it all fits\n{screen}"
    );
    session.keys(&["G"]);
    session.wait_for("Move");
    session.keys(&["Escape"]);
    session.wait_gone("Ctrl-c quits from anywhere");
    session.keys(&["q"]);
    session.wait_for("exit=0");
}

/// Item 13: terms in any order must all match; `!` excludes.
fn search_takes_fzf_terms() {
    let Some(session) = Tmux::start("search", (120, 36), &[], &sample_command()) else {
        return;
    };
    session.wait_for("4 History");
    session.keys(&["/", "odd chunked", "Enter"]);
    let screen = session.wait_for("4 rows");
    assert!(screen.contains("test_odd"), "{screen}");
    assert!(!screen.contains("test_even"), "{screen}");
    session.keys(&["Escape", "/", "^test_strict !size", "Enter"]);
    let screen = session.wait_for("5 rows");
    assert!(screen.contains("test_strict_false"), "{screen}");
    assert!(!screen.contains("with_size_none"), "{screen}");
    session.keys(&["q"]);
    session.wait_for("exit=0");
}

/// Item 15: the flaky view puts the test's name first, then its suite and reasons.
fn flaky_view_names_the_test_first() {
    let Some(session) = Tmux::start("flaky", (120, 36), &[], &sample_command()) else {
        return;
    };
    session.wait_for("4 History");
    session.keys(&["F"]);
    let screen = session.wait_for("test_basic · WindowedTests");
    assert!(screen.contains("retry flip"), "{screen}");
    session.keys(&["q", "q"]);
    session.wait_for("exit=0");
}

/// The keystroke counts of the README: rerun every failed and flaky test (`A r`), and copy
/// the selected failure's trace (`Y 4`).
fn rerun_failed_and_flaky_and_copy_a_trace_in_two_keys_each() {
    // The "test command" prints the plan it was given, so the screen shows what would rerun.
    let env = ["ALLURE_TUI_RERUN_CMD=sh -c 'cat \"$ALLURE_TESTPLAN_PATH\"'".to_owned()];
    let Some(session) = Tmux::start("keys", (140, 40), &env, &sample_command()) else {
        return;
    };
    session.wait_for("4 History");
    // Flaky tests are known once the history is read.
    session.wait_for("10 runs");
    let mut keys = Keys::new(&session);
    keys.press(&["A", "r"]);
    let screen = session.wait_for("since the rerun");
    assert_eq!(
        keys.sent, 2,
        "keystrokes to rerun every failed and flaky test"
    );
    assert!(screen.contains("5 tests planned"), "{screen}");
    session.keys(&["Escape"]);
    session.wait_for("WindowedTests#test_basic");
    // The pane follows the output; its top says what ran.
    session.keys(&["g"]);
    let screen = session.wait_for("rerunning 5 tests");
    assert!(screen.contains("ChunkedTests#test_even"), "{screen}");
    session.keys(&["Escape"]);
    session.wait_gone("Esc hide");
    let mut keys = Keys::new(&session);
    keys.press(&["Y", "4"]);
    session.wait_for("copied the trace");
    assert_eq!(keys.sent, 2, "keystrokes to copy a trace");
    keys.type_text("q");
    session.wait_for("exit=0");
}

fn narrow_terminal_opens_details_full_screen() {
    let dir = common::fixture("basic");
    let Some(session) = Tmux::start(
        "narrow",
        (80, 24),
        &[],
        &app_command(&dir.display().to_string()),
    ) else {
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
    let env = ["ALLURE_TUI_RERUN_CMD=printf '<%s>\\n' 'a;b' '$(echo pwned)' $HOME".to_owned()];
    let Some(session) = Tmux::start(
        "argv",
        (120, 30),
        &env,
        &app_command(&dir.display().to_string()),
    ) else {
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

/// A path that holds nothing readable: the TUI says why until the user quits, then the shell
/// gets the one line and exit status 2, as `summary` gives them.
fn a_failed_load_is_shown_then_exits_2_with_its_line() {
    let dir = common::fixture("empty");
    let command = app_command(&dir.display().to_string());
    let Some(session) = Tmux::start("failed-load", (100, 24), &[], &command) else {
        return;
    };
    session.wait_for("no readable Allure results");
    session.keys(&["q"]);
    let screen = session.wait_for("exit=2");
    assert!(
        screen.contains("allure-tui: no readable Allure results"),
        "the reason is printed to the shell:\n{screen}"
    );
}

fn main() {
    let tmux = &[Need::Tmux];
    harness::run(vec![
        harness::trial(
            "browse_a_report_with_keys_and_quit_cleanly",
            tmux,
            browse_a_report_with_keys_and_quit_cleanly,
        ),
        harness::trial(
            "the_first_failure_message_takes_no_key",
            tmux,
            the_first_failure_message_takes_no_key,
        ),
        harness::trial(
            "wrapped_details_scroll_to_their_end",
            tmux,
            wrapped_details_scroll_to_their_end,
        ),
        harness::trial(
            "esc_steps_back_and_q_quits_only_at_the_top",
            tmux,
            esc_steps_back_and_q_quits_only_at_the_top,
        ),
        harness::trial(
            "help_fits_without_scrolling",
            tmux,
            help_fits_without_scrolling,
        ),
        harness::trial("search_takes_fzf_terms", tmux, search_takes_fzf_terms),
        harness::trial(
            "a_failed_load_is_shown_then_exits_2_with_its_line",
            tmux,
            a_failed_load_is_shown_then_exits_2_with_its_line,
        ),
        harness::trial(
            "flaky_view_names_the_test_first",
            tmux,
            flaky_view_names_the_test_first,
        ),
        harness::trial(
            "rerun_failed_and_flaky_and_copy_a_trace_in_two_keys_each",
            tmux,
            rerun_failed_and_flaky_and_copy_a_trace_in_two_keys_each,
        ),
        harness::trial(
            "narrow_terminal_opens_details_full_screen",
            tmux,
            narrow_terminal_opens_details_full_screen,
        ),
        harness::trial(
            "the_rerun_command_gets_its_words_literally_not_through_a_shell",
            tmux,
            the_rerun_command_gets_its_words_literally_not_through_a_shell,
        ),
    ]);
}
