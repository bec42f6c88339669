//! Load warnings: a file that could not be read (or only partly), and why.
//!
//! No terminal dependencies.

use std::path::PathBuf;

use serde::Serialize;

use super::result::TestResult;

/// Something wrong with one input file. Loading always continues past it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The file, as a path the user can find.
    pub file: String,
    /// What was wrong and what was done about it.
    pub reason: String,
}

impl Warning {
    /// A warning about `file`.
    pub fn new(file: impl Into<String>, reason: impl Into<String>) -> Warning {
        Warning {
            file: file.into(),
            reason: reason.into(),
        }
    }
}

/// One warning for each of several results directories that gave no readable test result: it
/// is skipped and the others make the launch. (A single such directory is no launch at all;
/// headless commands exit 2 on it.)
#[must_use]
pub fn empty_dir_warnings(results: &[TestResult], dirs: &[PathBuf]) -> Vec<Warning> {
    if dirs.len() < 2 {
        return Vec::new();
    }
    let mut has_results = vec![false; dirs.len()];
    for result in results {
        if let Some(seen) = has_results.get_mut(usize::from(result.dir)) {
            *seen = true;
        }
    }
    dirs.iter()
        .zip(has_results)
        .filter(|(_, seen)| !seen)
        .map(|(dir, _)| {
            Warning::new(
                dir.display().to_string(),
                "no readable test results in this directory; skipped, the other directories make the launch",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_empty_directories_among_several_are_warned_about() {
        let dirs = vec![PathBuf::from("linux"), PathBuf::from("windows")];
        let linux = TestResult {
            dir: 0,
            ..TestResult::default()
        };
        let warnings = empty_dir_warnings(std::slice::from_ref(&linux), &dirs);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].file, "windows");
        assert!(
            empty_dir_warnings(&[], &dirs[..1]).is_empty(),
            "alone: no launch, no note"
        );
        let windows = TestResult {
            dir: 1,
            ..TestResult::default()
        };
        assert!(empty_dir_warnings(&[linux, windows], &dirs).is_empty());
    }
}
