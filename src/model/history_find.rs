//! Finding history: which `history.jsonl` files and Allure 2 `history/` directories belong to a
//! launch.
//!
//! With `--history PATH` (repeatable) those paths are the only history read, for every results
//! directory. Otherwise each results directory gets its own: its `history.jsonl`, else one beside
//! it (`<dir>/../history.jsonl`), else `./history.jsonl` or `./.allure/history.jsonl`; and its
//! Allure 2 `history/`. Sources found for several directories are read once. No terminal
//! dependencies.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::history::HistorySearch;
use super::load::LoadOptions;
use super::warning::Warning;

/// The history sources of a launch, each read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistorySources {
    /// Allure 3 `history.jsonl` files.
    pub jsonl: Vec<PathBuf>,
    /// Allure 2 `history/` directories, each with the index of the results directory it
    /// belongs to (`None` for `--history`, which belongs to every directory).
    pub allure2: Vec<(PathBuf, Option<usize>)>,
}

impl HistorySources {
    /// True when no history was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.jsonl.is_empty() && self.allure2.is_empty()
    }
}

/// True for a directory holding at least one of Allure 2's history files.
#[must_use]
pub fn looks_like_allure2_dir(dir: &Path) -> bool {
    [
        "history.json",
        "history-trend.json",
        "duration-trend.json",
        "retry-trend.json",
        "categories-trend.json",
    ]
    .iter()
    .any(|name| dir.join(name).is_file())
}

/// Finds the history sources for `options`, recording every path tried in `search` and
/// explaining an unusable `--history` in `warnings`.
#[must_use]
pub fn find_history(
    options: &LoadOptions,
    search: &mut HistorySearch,
    warnings: &mut Vec<Warning>,
) -> HistorySources {
    let mut found = Finder {
        search,
        seen: HashSet::new(),
        sources: HistorySources::default(),
    };
    if !options.history.is_empty() {
        for explicit in &options.history {
            let before = found.sources.clone();
            if explicit.is_dir() {
                found.try_allure2(explicit, None);
                found.try_allure2(&explicit.join("history"), None);
                found.try_jsonl(&explicit.join("history.jsonl"));
            } else {
                found.try_jsonl(explicit);
            }
            if found.sources == before {
                warnings.push(Warning::new(
                    explicit.display().to_string(),
                    "--history names neither a history.jsonl nor an Allure 2 history directory",
                ));
            }
        }
        return found.sources;
    }
    for (index, dir) in options.dirs.iter().enumerate() {
        let parent = dir.parent().map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        });
        let candidates = [
            Some(dir.join("history.jsonl")),
            parent.map(|p| p.join("history.jsonl")),
            Some(options.cwd.join("history.jsonl")),
            Some(options.cwd.join(".allure").join("history.jsonl")),
        ];
        // The nearest one belongs to this directory; farther ones are only looked at when the
        // nearer ones are absent.
        for candidate in candidates.into_iter().flatten() {
            if found.try_jsonl(&candidate) {
                break;
            }
        }
        found.try_allure2(&dir.join("history"), Some(index));
    }
    found.sources
}

struct Finder<'a> {
    search: &'a mut HistorySearch,
    seen: HashSet<PathBuf>,
    sources: HistorySources,
}

impl Finder<'_> {
    /// Records a candidate; true when it exists (even when already taken for another
    /// directory).
    fn try_jsonl(&mut self, path: &Path) -> bool {
        let exists = path.is_file();
        if self.note(path, exists) && exists {
            self.sources.jsonl.push(path.to_owned());
        }
        exists
    }

    fn try_allure2(&mut self, path: &Path, dir: Option<usize>) -> bool {
        let exists = path.is_dir() && looks_like_allure2_dir(path);
        if self.note(path, exists) && exists {
            self.sources.allure2.push((path.to_owned(), dir));
        }
        exists
    }

    /// Notes a path in the search record; false when the same file was seen before.
    fn note(&mut self, path: &Path, exists: bool) -> bool {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        if !self.seen.insert(key) {
            return false;
        }
        self.search.tried.push((path.display().to_string(), exists));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    fn options(root: &TempDir, dirs: &[&str], history: &[&str]) -> LoadOptions {
        LoadOptions {
            dirs: dirs.iter().map(|d| root.path().join(d)).collect(),
            history: history.iter().map(|h| root.path().join(h)).collect(),
            cwd: root.path().join("elsewhere"),
            ..LoadOptions::default()
        }
    }

    fn find(options: &LoadOptions) -> (HistorySources, Vec<Warning>) {
        let mut warnings = Vec::new();
        let sources = find_history(options, &mut HistorySearch::default(), &mut warnings);
        (sources, warnings)
    }

    #[test]
    fn every_directory_gets_its_own_history() {
        let root = TempDir::new();
        root.write("linux/allure-results/history.jsonl", "{}\n");
        root.write("linux/allure-results/history/history.json", "{}");
        root.write("windows/history.jsonl", "{}\n");
        root.write("windows/allure-results/x-result.json", "{}");
        let opts = options(
            &root,
            &["linux/allure-results", "windows/allure-results"],
            &[],
        );
        let (sources, warnings) = find(&opts);
        assert!(warnings.is_empty());
        assert_eq!(
            sources.jsonl,
            [
                root.path().join("linux/allure-results/history.jsonl"),
                root.path().join("windows/history.jsonl")
            ]
        );
        assert_eq!(
            sources.allure2,
            [(root.path().join("linux/allure-results/history"), Some(0))]
        );
    }

    #[test]
    fn a_shared_history_is_read_once() {
        let root = TempDir::new();
        root.write("history.jsonl", "{}\n");
        root.write("a/x-result.json", "{}");
        root.write("b/x-result.json", "{}");
        let (sources, _) = find(&options(&root, &["a", "b"], &[]));
        assert_eq!(sources.jsonl.len(), 1);
    }

    #[test]
    fn explicit_history_is_the_only_history() {
        let root = TempDir::new();
        root.write("a/history.jsonl", "{}\n");
        root.write("h1.jsonl", "{}\n");
        root.write("h2/history.json", "{}");
        let (sources, warnings) = find(&options(&root, &["a"], &["h1.jsonl", "h2", "nope"]));
        assert_eq!(sources.jsonl, [root.path().join("h1.jsonl")]);
        assert_eq!(sources.allure2, [(root.path().join("h2"), None)]);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].file.ends_with("nope"));
    }
}
