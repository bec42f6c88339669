//! Rerun state: the command, its streamed output, and what changed for the rerun tests.

use std::collections::HashMap;

use crate::model::{Report, Status};

/// Output lines kept for the rerun pane (older lines are dropped).
pub const MAX_OUTPUT_LINES: usize = 5_000;

/// pytest's exit code when it collected no test.
pub const EXIT_NO_TESTS: i32 = 5;

/// What a rerun that ran nothing most likely means.
pub const NO_TESTS_RAN: &str = "0 tests ran: the plan's selectors matched nothing (check the command's working directory, --rerun-cwd)";

/// A test's state before a rerun, to compare with after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    /// Identity key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Status before.
    pub status: Status,
    /// First line of the message before.
    pub message: Option<String>,
    /// Attempts before (a rerun adds one).
    pub attempts: usize,
}

/// What happened to one rerun test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Failing before, passing now.
    NowPassing,
    /// Failing before and now, same message.
    StillFailing,
    /// Failing before and now, with another message.
    MessageChanged,
    /// No new attempt was recorded.
    NotRerun,
    /// Passing before; see its status now.
    Other,
    /// The test is gone from the results.
    Missing,
}

impl Outcome {
    /// Label for the list.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Outcome::NowPassing => "now passing",
            Outcome::StillFailing => "still failing",
            Outcome::MessageChanged => "still failing, message changed",
            Outcome::NotRerun => "not rerun (no new attempt)",
            Outcome::Other => "rerun",
            Outcome::Missing => "gone from the results",
        }
    }
}

/// One row of the "since rerun" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinceRow {
    /// Display name.
    pub name: String,
    /// Status before.
    pub before: Status,
    /// Status now, when the test is still there.
    pub now: Option<Status>,
    /// The verdict.
    pub outcome: Outcome,
}

/// The rerun pane and its process.
#[derive(Debug, Clone, Default)]
pub struct RerunState {
    /// Configured command (`--rerun-cmd` / `ALLURE_TUI_RERUN_CMD`) as an argument vector.
    pub command: Option<Vec<String>>,
    /// True while the child runs.
    pub running: bool,
    /// Streamed output (stdout and stderr interleaved).
    pub output: Vec<String>,
    /// Where plans the app runs itself go: inside a private directory removed on exit
    /// (`None` when none could be made).
    pub plan_path: Option<std::path::PathBuf>,
    /// Where plans handed to the user go, to outlive the app
    /// (`$XDG_STATE_HOME/allure-tui/plans`).
    pub saved_plans_dir: Option<std::path::PathBuf>,
    /// The last plan written.
    pub last_plan: Option<std::path::PathBuf>,
    /// The directory the command runs in (`--rerun-cwd`; default: the current one).
    pub cwd: Option<std::path::PathBuf>,
    /// The shell line the user can run themselves.
    pub command_line: Option<String>,
    /// Tests rerun, as they were before.
    pub before: Vec<Before>,
    /// The comparison after the reload.
    pub since: Option<Vec<SinceRow>>,
    /// Exit status of the last run, for people.
    pub exit: Option<String>,
    /// Exit code of the last run, when it exited normally.
    pub exit_code: Option<i32>,
    /// First line shown in the pane.
    pub scroll: usize,
    /// Show the newest output (until the user scrolls).
    pub follow: bool,
}

impl RerunState {
    /// Appends output, keeping at most [`MAX_OUTPUT_LINES`].
    pub fn push_output(&mut self, line: String) {
        self.output.push(line);
        if self.output.len() > MAX_OUTPUT_LINES {
            let excess = self.output.len() - MAX_OUTPUT_LINES;
            self.output.drain(..excess);
        }
    }
}

fn first_line(text: Option<&str>) -> Option<String> {
    text.and_then(crate::model::result::first_line)
        .map(str::to_owned)
}

/// Test indices by identity key, to look many keys up in O(1) each.
fn by_key(report: &Report) -> HashMap<&str, usize> {
    report
        .tests
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect()
}

/// Snapshots tests before a rerun (O(n + k)); `name_of` labels a test by its index.
#[must_use]
pub fn snapshot(
    report: &Report,
    keys: &[String],
    name_of: &dyn Fn(usize) -> String,
) -> Vec<Before> {
    let index = by_key(report);
    keys.iter()
        .filter_map(|key| index.get(key.as_str()).map(|&i| (i, &report.tests[i])))
        .map(|(i, t)| Before {
            key: t.key.to_string(),
            name: name_of(i),
            status: t.result.status,
            message: first_line(t.result.details.message.as_deref()),
            attempts: t.retries.len() + 1,
        })
        .collect()
}

/// Compares the snapshot with the reloaded report (O(n + k)).
#[must_use]
pub fn since(before: &[Before], report: &Report) -> Vec<SinceRow> {
    let index = by_key(report);
    before
        .iter()
        .map(|b| {
            let Some(test) = index.get(b.key.as_str()).map(|&i| &report.tests[i]) else {
                return SinceRow {
                    name: b.name.clone(),
                    before: b.status,
                    now: None,
                    outcome: Outcome::Missing,
                };
            };
            let now = test.result.status;
            let outcome = if test.retries.len() < b.attempts {
                Outcome::NotRerun
            } else if !b.status.is_problem() {
                Outcome::Other
            } else if now == Status::Passed {
                Outcome::NowPassing
            } else if first_line(test.result.details.message.as_deref()) == b.message {
                Outcome::StillFailing
            } else {
                Outcome::MessageChanged
            };
            SinceRow {
                name: b.name.clone(),
                before: b.status,
                now: Some(now),
                outcome,
            }
        })
        .collect()
}

/// Splits a command line into words like a POSIX shell does for quoting (single and double
/// quotes, backslash escapes) without ever running a shell: the words become an argument vector.
pub fn split_command(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("unclosed single quote".to_owned()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("unclosed double quote".to_owned()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("unclosed double quote".to_owned()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if words.is_empty() {
        return Err("the rerun command is empty".to_owned());
    }
    Ok(words)
}

/// Quotes a word for display in a shell command line.
#[must_use]
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_like_a_shell_without_one() {
        assert_eq!(
            split_command("pytest -k 'a b' \"c d\" e\\ f").unwrap(),
            ["pytest", "-k", "a b", "c d", "e f"]
        );
        assert_eq!(
            split_command("echo '$(rm -rf /)'").unwrap(),
            ["echo", "$(rm -rf /)"]
        );
        assert!(split_command("  ").is_err());
        assert!(split_command("a 'b").is_err());
    }

    #[test]
    fn quoting_round_trips_through_split() {
        for word in ["plain", "with space", "it's", "", "$HOME"] {
            let line = format!("cmd {}", shell_quote(word));
            assert_eq!(split_command(&line).unwrap()[1], word);
        }
    }

    #[test]
    fn output_is_capped() {
        let mut state = RerunState::default();
        for i in 0..(MAX_OUTPUT_LINES + 10) {
            state.push_output(i.to_string());
        }
        assert_eq!(state.output.len(), MAX_OUTPUT_LINES);
        assert_eq!(state.output[0], "10");
    }
}
