//! A test harness (libtest-mimic) that decides at run time what can run here. A test whose
//! prerequisite is missing (tmux, the shared corpus, the Python environment) is reported as
//! `ignored: <why>` instead of passing silently; under CI (`CI` set, or
//! `ALLURE_TUI_REQUIRE_ALL=1`) it fails instead, so CI always runs every test.

use libtest_mimic::{Arguments, Failed, Trial};

/// Something a test needs that a machine may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The `tmux` program, to drive the real binary in a terminal.
    Tmux,
    /// `../shared/corpus`, the real Allure data.
    Corpus,
    /// `target/pyenv` with pytest and allure-pytest (`.ci/run` builds it).
    PythonEnv,
}

impl Need {
    /// Why it is missing here, or `None` when it is present.
    #[must_use]
    pub fn missing(self) -> Option<&'static str> {
        match self {
            Need::Tmux => std::process::Command::new("tmux")
                .arg("-V")
                .output()
                .is_err()
                .then_some("tmux not installed"),
            Need::Corpus => (!super::corpus_path().is_dir()).then_some("../shared/corpus absent"),
            Need::PythonEnv => {
                (!super::python_path().is_file()).then_some("no target/pyenv (.ci/run builds it)")
            }
        }
    }
}

/// True where every test must run: CI, or when asked.
fn required() -> bool {
    let set =
        |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    set("CI") || set("ALLURE_TUI_REQUIRE_ALL")
}

/// A test that runs only when what it needs is here.
pub fn trial(name: &str, needs: &[Need], test: fn()) -> Trial {
    let missing: Vec<&str> = needs.iter().filter_map(|n| n.missing()).collect();
    if missing.is_empty() {
        return Trial::test(name, move || {
            test();
            Ok(())
        });
    }
    let reason = format!("ignored: {}", missing.join(", "));
    if required() {
        Trial::test(name, move || {
            Err(Failed::from(format!("{reason}; CI runs every test")))
        })
    } else {
        Trial::test(name, || Ok(()))
            .with_kind(reason)
            .with_ignored_flag(true)
    }
}

/// Runs the trials like `cargo test` would and exits with its status.
pub fn run(trials: Vec<Trial>) -> ! {
    libtest_mimic::run(&Arguments::from_args(), trials).exit()
}
