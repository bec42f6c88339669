//! What each results directory says about its launch (`executor.json`, `environment.properties`
//! / `environment.xml`, `categories.json`), and how several directories make one launch.
//!
//! Matrix jobs and shards give one `allure-results` per job. Like Allure 2 (`allure generate A B`)
//! every directory's environment is shown, one line per key holding every value in first-seen
//! order (`os: Linux, Windows`); the launch's name and build describe all of them; real
//! conflicts (different build orders, launch names or category rules) are warnings that say
//! which one applies. No terminal dependencies.

use serde_json::Value;

use super::categories::CategoryRules;
use super::convert::Issues;
use super::environment::{merge_environment, read_environment, EnvironmentFile};
use super::json_read::parse_json_bytes;
use super::launch::Executor;
use super::warning::Warning;

/// What one results directory says about its launch.
#[derive(Debug, Clone, Default)]
pub struct DirLaunch {
    /// Its `executor.json`.
    pub executor: Option<Executor>,
    /// Its environment pairs, in file order.
    pub environment: Vec<(String, String)>,
    /// Its `categories.json` rules: they apply to its own results, as in Allure 2 (each
    /// directory is a launch of its own there).
    pub categories: Option<CategoryRules>,
    /// The `categories.json` document, to tell whether two directories' rules differ.
    pub categories_doc: Option<Value>,
    /// `*-result.json` files in it.
    pub result_files: usize,
}

/// One environment key of the launch with every value its directories gave, in first-seen
/// order (Allure 2's environment widget: `{name, values}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentEntry {
    /// The key.
    pub name: String,
    /// Its distinct values, first seen first.
    pub values: Vec<String>,
}

impl EnvironmentEntry {
    /// The values as one line, as Allure 2 shows them: `Linux, Windows`.
    #[must_use]
    pub fn value(&self) -> String {
        self.values.join(", ")
    }
}

/// True for the launch-level files of a results directory.
#[must_use]
pub fn is_launch_file(name: &str) -> bool {
    matches!(
        name,
        "categories.json" | "executor.json" | "environment.properties" | "environment.xml"
    )
}

/// Reads a launch-level file of a results directory (see [`is_launch_file`]) into `launch`;
/// problems become warnings naming `file`.
pub fn read_launch_file(
    name: &str,
    file: &str,
    bytes: std::io::Result<Vec<u8>>,
    launch: &mut DirLaunch,
    warnings: &mut Vec<Warning>,
) {
    let mut warn = |reason: String| warnings.push(Warning::new(file.to_owned(), reason));
    match name {
        "categories.json" | "executor.json" => {
            let parsed = bytes
                .map_err(|e| e.to_string())
                .and_then(|bytes| parse_json_bytes(&bytes));
            let doc = match parsed {
                Ok(doc) => doc.value,
                Err(reason) => return warn(reason),
            };
            if name == "categories.json" {
                let (rules, notes) = CategoryRules::from_json(&doc);
                if !notes.is_empty() {
                    warn(notes.join("; "));
                }
                launch.categories = Some(rules);
                launch.categories_doc = Some(doc);
            } else {
                let mut issues = Issues::default();
                let executor = Executor::from_json(&doc, &mut issues);
                if !issues.items.is_empty() {
                    warn(issues.items.join("; "));
                }
                launch.executor = Some(executor);
            }
        }
        "environment.properties" | "environment.xml" => match bytes {
            Ok(bytes) => {
                let kind = EnvironmentFile::of_name(name).unwrap_or(EnvironmentFile::Properties);
                let (pairs, notes) = read_environment(kind, &bytes);
                if !notes.is_empty() {
                    warn(notes.join("; "));
                }
                // A repeated key keeps its place and takes the last value, environment.xml
                // after environment.properties (Allure 2's LinkedHashMap).
                merge_environment(&mut launch.environment, pairs);
            }
            Err(e) => warn(e.to_string()),
        },
        _ => {}
    }
}

/// The launch several directories make together.
#[derive(Debug, Clone, Default)]
pub struct MergedLaunch {
    /// The executor: the first directory's, its build name and report name naming every
    /// directory's build when they differ.
    pub executor: Option<Executor>,
    /// Every key with every value.
    pub environment: Vec<EnvironmentEntry>,
    /// The first directory's category rules, for what is not any one directory's: the category
    /// counts of history runs.
    pub categories: CategoryRules,
}

/// Merges the directories' launch files. `dirs` names the directories for warnings; directories
/// without results are left out (their files say nothing about this launch).
#[must_use]
pub fn merge_launches(
    launches: &[DirLaunch],
    dirs: &[std::path::PathBuf],
    warnings: &mut Vec<Warning>,
) -> MergedLaunch {
    let name = |i: usize| {
        dirs.get(i)
            .map(|d| d.display().to_string())
            .unwrap_or_default()
    };
    let used: Vec<usize> = (0..launches.len())
        .filter(|&i| launches[i].result_files > 0)
        .collect();
    let mut merged = MergedLaunch::default();
    for &i in &used {
        for (key, value) in &launches[i].environment {
            match merged.environment.iter_mut().find(|e| e.name == *key) {
                Some(entry) if !entry.values.contains(value) => entry.values.push(value.clone()),
                Some(_) => {}
                None => merged.environment.push(EnvironmentEntry {
                    name: key.clone(),
                    values: vec![value.clone()],
                }),
            }
        }
    }
    let executors: Vec<(usize, &Executor)> = used
        .iter()
        .filter_map(|&i| launches[i].executor.as_ref().map(|e| (i, e)))
        .collect();
    if let Some(&(first_dir, first)) = executors.first() {
        for &(dir, other) in &executors[1..] {
            if let (Some(theirs), Some(ours)) = (other.build_order, first.build_order) {
                if theirs != ours {
                    warnings.push(Warning::new(
                        format!("{}/executor.json", name(dir)),
                        format!(
                            "build order {theirs} differs from {}'s {ours}; the launch takes the highest, as Allure 2's trend does",
                            name(first_dir)
                        ),
                    ));
                }
            }
            if other.name.is_some() && first.name.is_some() && other.name != first.name {
                warnings.push(Warning::new(
                    format!("{}/executor.json", name(dir)),
                    format!(
                        "launch name \"{}\" differs from {}'s \"{}\"; the launch is named after both",
                        other.name.as_deref().unwrap_or_default(),
                        name(first_dir),
                        first.name.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
        // Allure 2 (`extractLatestExecutor`) labels the trend with the highest build order.
        let latest = executors
            .iter()
            .max_by_key(|(dir, e)| (e.build_order, std::cmp::Reverse(*dir)))
            .map_or(first, |(_, e)| *e);
        let mut executor = latest.clone();
        executor.name = joined(executors.iter().map(|(_, e)| e.name.as_deref()));
        executor.build_name = joined(executors.iter().map(|(_, e)| e.build_name.as_deref()));
        executor.report_name = joined(executors.iter().map(|(_, e)| e.report_name.as_deref()));
        merged.executor = Some(executor);
    }
    let rules: Vec<usize> = used
        .iter()
        .copied()
        .filter(|&i| launches[i].categories.is_some())
        .collect();
    if let Some(&first) = rules.first() {
        merged.categories = launches[first].categories.clone().unwrap_or_default();
        for &other in &rules[1..] {
            if launches[other].categories_doc != launches[first].categories_doc {
                warnings.push(Warning::new(
                    format!("{}/categories.json", name(other)),
                    format!(
                        "its rules differ from {}/categories.json; as in Allure 2, each directory's rules categorise its own results",
                        name(first)
                    ),
                ));
            }
        }
    }
    merged
}

/// Distinct names in first-seen order, joined with " + ": one name when all agree.
fn joined<'a>(names: impl Iterator<Item = Option<&'a str>>) -> Option<String> {
    let mut distinct: Vec<&str> = Vec::new();
    for name in names.flatten() {
        if !distinct.contains(&name) {
            distinct.push(name);
        }
    }
    (!distinct.is_empty()).then(|| distinct.join(" + "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn launch(env: &[(&str, &str)], order: Option<i64>, name: &str) -> DirLaunch {
        DirLaunch {
            executor: Some(Executor {
                name: Some("CI".into()),
                build_order: order,
                build_name: Some(name.into()),
                ..Executor::default()
            }),
            environment: env
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            result_files: 1,
            ..DirLaunch::default()
        }
    }

    #[test]
    fn environment_keeps_every_value_in_first_seen_order() {
        let dirs = vec![PathBuf::from("linux"), PathBuf::from("windows")];
        let launches = [
            launch(&[("os", "Linux"), ("python", "3.11")], Some(7), "linux #7"),
            launch(
                &[("os", "Windows"), ("python", "3.11"), ("arch", "x64")],
                Some(7),
                "windows #7",
            ),
        ];
        let mut warnings = Vec::new();
        let merged = merge_launches(&launches, &dirs, &mut warnings);
        let lines: Vec<(String, String)> = merged
            .environment
            .iter()
            .map(|e| (e.name.clone(), e.value()))
            .collect();
        assert_eq!(
            lines,
            [
                ("os".into(), "Linux, Windows".into()),
                ("python".into(), "3.11".into()),
                ("arch".into(), "x64".into())
            ]
        );
        let executor = merged.executor.unwrap();
        assert_eq!(
            executor.build_name.as_deref(),
            Some("linux #7 + windows #7")
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn conflicts_are_warnings_naming_what_applies() {
        let dirs = vec![PathBuf::from("a"), PathBuf::from("b")];
        let mut a = launch(&[], Some(7), "a");
        let mut b = launch(&[], Some(8), "b");
        b.executor.as_mut().unwrap().name = Some("Other CI".into());
        a.categories = Some(CategoryRules::default());
        a.categories_doc = Some(serde_json::json!([{"name": "A"}]));
        b.categories = Some(CategoryRules::default());
        b.categories_doc = Some(serde_json::json!([{"name": "B"}]));
        let mut warnings = Vec::new();
        let merged = merge_launches(&[a, b], &dirs, &mut warnings);
        assert_eq!(merged.executor.unwrap().build_order, Some(8), "the highest");
        let text: Vec<String> = warnings
            .iter()
            .map(|w| format!("{}: {}", w.file, w.reason))
            .collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].starts_with(
            "b/executor.json: build order 8 differs from a's 7; the launch takes the highest"
        ));
        assert!(text[1].contains("launch name \"Other CI\""));
        assert!(text[2].starts_with("b/categories.json: its rules differ from a/categories.json"));
        assert!(text[2].contains("each directory's rules categorise its own results"));
    }

    #[test]
    fn directories_without_results_say_nothing() {
        let dirs = vec![PathBuf::from("a"), PathBuf::from("empty")];
        let mut empty = launch(&[("os", "Plan9")], Some(1), "stale");
        empty.result_files = 0;
        let merged = merge_launches(
            &[launch(&[("os", "Linux")], Some(7), "a"), empty],
            &dirs,
            &mut Vec::new(),
        );
        assert_eq!(merged.environment[0].values, ["Linux"]);
        assert_eq!(merged.executor.unwrap().build_name.as_deref(), Some("a"));
    }
}
