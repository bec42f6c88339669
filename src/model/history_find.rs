//! Finding history: which `history.jsonl` files, Allure 2 `history/` directories and Allure 3
//! report history points belong to a launch.
//!
//! With `--history PATH` (repeatable) those paths are the only history read, for every results
//! location. Otherwise each location gets its own, looked for in its own source (a directory on
//! disk, or the archive it is in): a results directory's `history.jsonl`, else one beside it,
//! else `./history.jsonl` or `./.allure/history.jsonl`, and its Allure 2 `history/`; a generated
//! Allure 2 report's `history/` (which already holds the current launch); a generated Allure 3
//! report's `data/history/*.json`. Sources found for several locations are read once. No
//! terminal dependencies.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::history::HistorySearch;
use super::inputs::{Location, LocationKind};
use super::load::LoadOptions;
use super::source::{join, parent, DirSource, EntryKind, Source};
use super::warning::Warning;

/// A file or directory of history in some source.
#[derive(Clone)]
pub struct HistoryRef {
    /// The source it is in.
    pub source: Arc<dyn Source>,
    /// Its path within the source.
    pub path: String,
}

impl std::fmt::Debug for HistoryRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

impl PartialEq for HistoryRef {
    fn eq(&self, other: &Self) -> bool {
        self.label() == other.label()
    }
}

impl HistoryRef {
    /// How a person names it.
    #[must_use]
    pub fn label(&self) -> String {
        self.source.describe(&self.path)
    }
}

/// The history sources of a launch, each read once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistorySources {
    /// Allure 3 `history.jsonl` files.
    pub jsonl: Vec<HistoryRef>,
    /// Allure 2 `history/` directories, each with the index of the location it belongs to
    /// (`None` for `--history`, which belongs to every location).
    pub allure2: Vec<(HistoryRef, Option<usize>)>,
    /// Allure 3 reports' `data/history/` directories: one history point per file.
    pub points: Vec<HistoryRef>,
}

impl HistorySources {
    /// True when no history was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.jsonl.is_empty() && self.allure2.is_empty() && self.points.is_empty()
    }
}

/// The Allure 2 history files; a directory holding one of them is an Allure 2 history.
pub const ALLURE2_HISTORY_FILES: [&str; 5] = [
    "history.json",
    "history-trend.json",
    "duration-trend.json",
    "retry-trend.json",
    "categories-trend.json",
];

/// True for a directory holding at least one of Allure 2's history files.
#[must_use]
pub fn looks_like_allure2_dir(dir: &Path) -> bool {
    ALLURE2_HISTORY_FILES
        .iter()
        .any(|name| dir.join(name).is_file())
}

/// Finds the history sources for `options` and the launch's `locations`, recording every path
/// tried in `search` and explaining an unusable `--history` in `warnings`.
#[must_use]
pub fn find_history(
    options: &LoadOptions,
    locations: &[Location],
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
            let disk = |path: &Path| HistoryRef {
                source: Arc::new(DirSource::new(path.to_owned())),
                path: String::new(),
            };
            if explicit.is_dir() {
                found.try_allure2(&disk(explicit), None);
                found.try_allure2(&disk(&explicit.join("history")), None);
                found.try_jsonl(&disk(&explicit.join("history.jsonl")));
            } else {
                found.try_jsonl(&disk(explicit));
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
    for (index, location) in locations.iter().enumerate() {
        let here = |path: String| HistoryRef {
            source: location.source.clone(),
            path,
        };
        match location.kind {
            LocationKind::Results
            | LocationKind::Junit
            | LocationKind::Cucumber
            | LocationKind::Dotnet => {
                let mut candidates = vec![here(location.path("history.jsonl"))];
                if location.dir.is_empty() {
                    // The location is the given directory: look beside it on disk.
                    if let Some(beside) = location
                        .source
                        .local_path("")
                        .and_then(|p| p.parent().map(Path::to_owned))
                    {
                        let beside = if beside.as_os_str().is_empty() {
                            std::path::PathBuf::from(".")
                        } else {
                            beside
                        };
                        candidates.push(on_disk(&beside.join("history.jsonl")));
                    }
                } else {
                    candidates.push(here(join(parent(&location.dir), "history.jsonl")));
                }
                candidates.push(on_disk(&options.cwd.join("history.jsonl")));
                candidates.push(on_disk(&options.cwd.join(".allure").join("history.jsonl")));
                // The nearest one belongs to this location; farther ones are only looked at
                // when the nearer ones are absent.
                for candidate in &candidates {
                    if found.try_jsonl(candidate) {
                        break;
                    }
                }
                found.try_allure2(&here(location.path("history")), Some(index));
            }
            LocationKind::Allure2Report => {
                found.try_allure2(&here(location.path("history")), Some(index));
            }
            LocationKind::Allure3Report => {
                found.try_points(&here(location.path("data/history")));
            }
        }
    }
    found.sources
}

/// A path on disk as a history reference.
fn on_disk(path: &Path) -> HistoryRef {
    let parent_dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    HistoryRef {
        source: Arc::new(DirSource::new(parent_dir.to_owned())),
        path: name,
    }
}

/// True for a `.json` file name (any case).
#[must_use]
pub fn is_json_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Whether a source has a regular file at `path`.
fn is_file(reference: &HistoryRef) -> bool {
    if let Some(local) = reference.source.local_path(&reference.path) {
        return local.is_file();
    }
    let (dir, name) = reference
        .path
        .rsplit_once('/')
        .unwrap_or(("", reference.path.as_str()));
    reference.source.list(dir).is_ok_and(|entries| {
        entries
            .iter()
            .any(|e| e.kind == EntryKind::File && e.name == name)
    })
}

/// The names of the regular files of a directory of a source.
fn files_of(reference: &HistoryRef) -> Vec<String> {
    reference
        .source
        .list(&reference.path)
        .map(|entries| {
            entries
                .into_iter()
                .filter(|e| e.kind == EntryKind::File)
                .map(|e| e.name)
                .collect()
        })
        .unwrap_or_default()
}

struct Finder<'a> {
    search: &'a mut HistorySearch,
    seen: HashSet<String>,
    sources: HistorySources,
}

impl Finder<'_> {
    /// Records a candidate; true when it exists (even when already taken for another location).
    fn try_jsonl(&mut self, candidate: &HistoryRef) -> bool {
        let exists = is_file(candidate);
        if self.note(candidate, exists) && exists {
            self.sources.jsonl.push(candidate.clone());
        }
        exists
    }

    fn try_allure2(&mut self, candidate: &HistoryRef, location: Option<usize>) -> bool {
        let files = files_of(candidate);
        let exists = ALLURE2_HISTORY_FILES
            .iter()
            .any(|name| files.iter().any(|f| f == name));
        if self.note(candidate, exists) && exists {
            self.sources.allure2.push((candidate.clone(), location));
        }
        exists
    }

    fn try_points(&mut self, candidate: &HistoryRef) -> bool {
        let exists = files_of(candidate).iter().any(|f| is_json_name(f));
        if self.note(candidate, exists) && exists {
            self.sources.points.push(candidate.clone());
        }
        exists
    }

    /// Notes a candidate in the search record; false when the same one was seen before.
    fn note(&mut self, candidate: &HistoryRef, exists: bool) -> bool {
        let label = candidate.label();
        let key = candidate
            .source
            .local_path(&candidate.path)
            .and_then(|p| std::fs::canonicalize(p).ok())
            .map_or_else(|| label.clone(), |p| p.display().to_string());
        if !self.seen.insert(key) {
            return false;
        }
        self.search.tried.push((label, exists));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::inputs::resolve;
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
        let inputs = resolve(&options.dirs, options.limits).unwrap();
        let mut warnings = Vec::new();
        let sources = find_history(
            options,
            &inputs.locations,
            &mut HistorySearch::default(),
            &mut warnings,
        );
        (sources, warnings)
    }

    fn labels(refs: &[HistoryRef]) -> Vec<String> {
        refs.iter().map(HistoryRef::label).collect()
    }

    #[test]
    fn every_directory_gets_its_own_history() {
        let root = TempDir::new();
        root.write("linux/allure-results/x-result.json", "{}");
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
            labels(&sources.jsonl),
            [
                root.path()
                    .join("linux/allure-results/history.jsonl")
                    .display()
                    .to_string(),
                root.path()
                    .join("windows/history.jsonl")
                    .display()
                    .to_string()
            ]
        );
        assert_eq!(sources.allure2.len(), 1);
        assert_eq!(sources.allure2[0].1, Some(0));
        assert!(sources.allure2[0]
            .0
            .label()
            .ends_with("linux/allure-results/history"));
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
        root.write("a/x-result.json", "{}");
        root.write("a/history.jsonl", "{}\n");
        root.write("h1.jsonl", "{}\n");
        root.write("h2/history.json", "{}");
        let (sources, warnings) = find(&options(&root, &["a"], &["h1.jsonl", "h2", "nope"]));
        assert_eq!(
            labels(&sources.jsonl),
            [root.path().join("h1.jsonl").display().to_string()]
        );
        assert_eq!(sources.allure2.len(), 1);
        assert_eq!(sources.allure2[0].1, None);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].file.ends_with("nope"));
    }

    #[test]
    fn history_in_a_tree_is_found_beside_each_results_directory() {
        let root = TempDir::new();
        root.write("ci/job1/allure-results/x-result.json", "{}");
        root.write("ci/job1/history.jsonl", "{}\n");
        root.write("ci/job2/allure-results/y-result.json", "{}");
        root.write("ci/job2/allure-results/history/history-trend.json", "[]");
        let (sources, _) = find(&options(&root, &["ci"], &[]));
        assert!(sources.jsonl[0].label().ends_with("ci/job1/history.jsonl"));
        assert_eq!(sources.allure2[0].1, Some(1));
    }
}
