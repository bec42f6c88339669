//! Baselines: what a launch is compared with (`--baseline B`). Reading them is model work;
//! comparing is `analysis::changes`.
//!
//! B is either any input the product reads (a results directory, an archive, a generated Allure
//! 2 or 3 report, and every input kind the loader learns: a baseline is loaded by the same entry
//! point, [`load_baseline`]), or a run of the launch's own history: `previous` (= `run:1`, the
//! newest previous run) or `run:N` (the N-th newest). An Allure 3 history run lists every test
//! it held (a `history.jsonl` line's `testResults`, or an Allure 3 report's
//! `data/history/*.json` point of the same shape), so [`read_run_listing`] reads that run again,
//! through the same sources history was found in (a directory or an archive), to say which tests
//! were removed since. No terminal dependencies.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::history::{HistoryFormat, HistorySearch};
use super::history_find::{find_history, is_json_name, HistoryRef};
use super::inputs::Location;
use super::load::{load_results, LoadError, LoadOptions};
use super::report::{Report, RunInfo};
use super::source::join;
use super::status::Status;

/// What `--baseline` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaselineSpec {
    /// Any input the product reads: a results directory (or, as the loader learns them, an
    /// archive, a report, `JUnit` XML…).
    Input(PathBuf),
    /// A run of the history: 1 is the newest previous run (`previous`), 2 the one before.
    Run(usize),
}

impl BaselineSpec {
    /// Reads `previous`, `run:N` (N ≥ 1) or a path. A path that happens to be called
    /// `previous` is given as `./previous`.
    pub fn parse(text: &str) -> Result<BaselineSpec, String> {
        let trimmed = text.trim();
        if trimmed == "previous" {
            return Ok(BaselineSpec::Run(1));
        }
        if let Some(n) = trimmed.strip_prefix("run:") {
            return match n.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(BaselineSpec::Run(n)),
                _ => Err(format!(
                    "--baseline {text}: run:N needs N ≥ 1 (run:1 is the previous run)"
                )),
            };
        }
        if trimmed.is_empty() {
            return Err("--baseline needs a path, `previous` or `run:N`".to_owned());
        }
        Ok(BaselineSpec::Input(PathBuf::from(text)))
    }

    /// How the command line named it: the path, `previous` or `run:N`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            BaselineSpec::Input(path) => path.display().to_string(),
            BaselineSpec::Run(1) => "previous".to_owned(),
            BaselineSpec::Run(n) => format!("run:{n}"),
        }
    }
}

/// Loads a baseline input: the one function every kind of input goes through (the loader's
/// own [`load_results`]). It is read with the launch's own options (working directory, archive
/// caps) as a launch of its own, without history: a baseline is one launch, and its history
/// would never be looked at.
pub fn load_baseline(path: &Path, options: &LoadOptions) -> Result<Report, LoadError> {
    let options = LoadOptions {
        dirs: vec![path.to_owned()],
        history: Vec::new(),
        history_limit: Some(0),
        settle: None,
        ..options.clone()
    };
    load_results(&options, &|_| {})
}

/// The index in [`Report::runs`] (oldest first) of `run:n` (1 = the newest), when the history
/// has that many runs.
#[must_use]
pub fn run_index(runs: &[RunInfo], n: usize) -> Option<usize> {
    (n >= 1 && n <= runs.len()).then(|| runs.len() - n)
}

/// One test of an Allure 3 history run, as its `history.jsonl` line lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListedTest {
    /// The history key the line keeps it under.
    pub key: String,
    /// Display name.
    pub name: Option<String>,
    /// Full name.
    pub full_name: Option<String>,
    /// Status in that run.
    pub status: Status,
    /// Duration, ms.
    pub duration: Option<i64>,
    /// Failure message.
    pub message: Option<String>,
    /// Stack trace.
    pub trace: Option<String>,
}

/// Every test an Allure 3 history run held: the `history.jsonl` line of that run, read again
/// (history matching keeps only the entries of current tests).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunListing {
    /// The file it came from.
    pub file: String,
    /// Its tests, in the line's order.
    pub tests: Vec<ListedTest>,
}

#[derive(Deserialize)]
struct StampDoc {
    timestamp: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LineDoc {
    #[serde(default)]
    test_results: serde_json::Map<String, serde_json::Value>,
}

/// The listing of `run:n`, when that run came from Allure 3 history (a `history.jsonl` line or
/// an Allure 3 report's history point) and is found again, by its timestamp, among the history
/// sources of the launch read with `options` from `locations` (found as
/// [`super::history_match::read_history`] finds them: on disk or inside an archive). `None`
/// for Allure 2 runs: Allure 2 history lists no names and keeps the keys of deleted tests
/// forever, so it cannot say what was removed.
#[must_use]
pub fn read_run_listing(
    runs: &[RunInfo],
    options: &LoadOptions,
    locations: &[Location],
    n: usize,
) -> Option<RunListing> {
    let run = &runs[run_index(runs, n)?];
    if run.format != Some(HistoryFormat::Allure3) {
        return None;
    }
    let timestamp = run.timestamp?;
    let sources = find_history(
        options,
        locations,
        &mut HistorySearch::default(),
        &mut Vec::new(),
    );
    sources
        .jsonl
        .iter()
        .find_map(|reference| line_of_jsonl(reference, timestamp))
        .or_else(|| {
            sources
                .points
                .iter()
                .find_map(|reference| point_at(reference, timestamp))
        })
}

/// The line of a `history.jsonl` with the run's timestamp.
fn line_of_jsonl(reference: &HistoryRef, timestamp: i64) -> Option<RunListing> {
    let stream: Box<dyn Read + Send + '_> = match reference.source.local_path(&reference.path) {
        Some(path) => Box::new(std::fs::File::open(path).ok()?),
        None => reference.source.open(&reference.path).ok()?,
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 20, stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        if let Some(listing) = listing_at(&line, timestamp, reference.label()) {
            return Some(listing);
        }
    }
}

/// The history point (one file of an Allure 3 report's `data/history/`) with the run's
/// timestamp.
fn point_at(reference: &HistoryRef, timestamp: i64) -> Option<RunListing> {
    let mut names: Vec<String> = reference
        .source
        .list(&reference.path)
        .ok()?
        .into_iter()
        .filter(|e| is_json_name(&e.name))
        .map(|e| e.name)
        .collect();
    names.sort();
    names.into_iter().find_map(|name| {
        let path = join(&reference.path, &name);
        let bytes = reference.source.read(&path).ok()?;
        listing_at(&bytes, timestamp, reference.source.describe(&path))
    })
}

/// The run's tests when `bytes` (one history line or point) has the run's timestamp.
fn listing_at(bytes: &[u8], timestamp: i64, file: String) -> Option<RunListing> {
    // Only the timestamp first: a line can be hundreds of megabytes.
    let stamp = serde_json::from_slice::<StampDoc>(bytes).ok()?;
    if stamp.timestamp.map(|t| t as i64) != Some(timestamp) {
        return None;
    }
    let doc: LineDoc = serde_json::from_slice(bytes).ok()?;
    Some(RunListing {
        file,
        tests: doc
            .test_results
            .into_iter()
            .filter_map(|(key, entry)| listed_test(key, &entry))
            .collect(),
    })
}

fn listed_test(key: String, entry: &serde_json::Value) -> Option<ListedTest> {
    let entry = entry.as_object()?;
    let text = |name: &str| {
        entry
            .get(name)
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let error = entry.get("error").and_then(serde_json::Value::as_object);
    let error_text = |name: &str| {
        error
            .and_then(|e| e.get(name))
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let number = |name: &str| entry.get(name).and_then(serde_json::Value::as_f64);
    let duration = number("duration").map(|d| d as i64).or_else(|| {
        super::result::duration_of(
            number("start").map(|v| v as i64),
            number("stop").map(|v| v as i64),
        )
    });
    Some(ListedTest {
        name: text("name"),
        full_name: text("fullName"),
        status: text("status").map_or(Status::Unknown, |s| Status::parse(&s)),
        duration,
        message: text("message").or_else(|| error_text("message")),
        trace: text("trace").or_else(|| error_text("trace")),
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_read_runs_and_paths() {
        assert_eq!(BaselineSpec::parse("previous"), Ok(BaselineSpec::Run(1)));
        assert_eq!(BaselineSpec::parse("run:3"), Ok(BaselineSpec::Run(3)));
        assert!(BaselineSpec::parse("run:0").is_err());
        assert!(BaselineSpec::parse("run:x").is_err());
        assert!(BaselineSpec::parse(" ").is_err());
        assert_eq!(
            BaselineSpec::parse("./previous"),
            Ok(BaselineSpec::Input(PathBuf::from("./previous")))
        );
        assert_eq!(BaselineSpec::Run(1).describe(), "previous");
        assert_eq!(BaselineSpec::Run(2).describe(), "run:2");
    }

    #[test]
    fn run_n_counts_back_from_the_newest() {
        let runs = vec![RunInfo::default(); 3];
        assert_eq!(run_index(&runs, 1), Some(2));
        assert_eq!(run_index(&runs, 3), Some(0));
        assert_eq!(run_index(&runs, 4), None);
        assert_eq!(run_index(&runs, 0), None);
    }

    #[test]
    fn a_listing_is_the_line_with_the_run_s_timestamp() {
        let dir = crate::test_support::TempDir::new();
        let path = dir.write(
            "history.jsonl",
            concat!(
                r#"{"timestamp":100,"testResults":{"k1":{"name":"a","status":"passed"}}}"#,
                "\n",
                "not json\n",
                r#"{"timestamp":200,"testResults":{"k1":{"name":"a","fullName":"p.a","status":"failed","error":{"message":"m"},"start":1,"stop":6},"k2":{"name":"b","status":"broken","duration":9}}}"#,
                "\n"
            ),
        );
        let run = |timestamp| RunInfo {
            timestamp: Some(timestamp),
            format: Some(HistoryFormat::Allure3),
            ..RunInfo::default()
        };
        let runs = vec![run(100), run(200)];
        // Found as history is found: here, given with --history.
        let options = LoadOptions {
            history: vec![path],
            ..LoadOptions::default()
        };
        let listing = read_run_listing(&runs, &options, &[], 1).expect("the newest run");
        assert_eq!(listing.tests.len(), 2);
        assert_eq!(listing.tests[0].key, "k1");
        assert_eq!(listing.tests[0].status, Status::Failed);
        assert_eq!(listing.tests[0].message.as_deref(), Some("m"));
        assert_eq!(listing.tests[0].duration, Some(5));
        assert_eq!(listing.tests[1].duration, Some(9));
        assert_eq!(
            read_run_listing(&runs, &options, &[], 2)
                .unwrap()
                .tests
                .len(),
            1,
            "run:2 is the older line"
        );
        let allure2 = vec![RunInfo {
            format: Some(HistoryFormat::Allure2),
            ..run(200)
        }];
        assert_eq!(read_run_listing(&allure2, &options, &[], 1), None);
    }
}
