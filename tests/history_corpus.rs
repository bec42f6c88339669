//! `history append` against the real tools' files in the shared corpus: for every dataset,
//! appending the final run to the history before it must give the history after it, field by
//! field (Allure 3: the last `history.jsonl` line; Allure 2: `allure-results/history/` before,
//! `allure2-history/` after). Random or moment-of-writing values are set aside: uuid,
//! timestamp, `uid` and the uid inside `reportUrl`. Reported as ignored without ../shared (a failure under CI).

mod common;

use common::harness::{self, Need};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use allure_tui::history_write::{append, AppendOptions};
use allure_tui::model::{load_results, LoadOptions, Report};
use serde_json::Value;

const DATASETS: [&str; 4] = [
    "pytest-itsdangerous",
    "pytest-more-itertools",
    "vitest-ufo",
    "allure-pytest-examples",
];

fn load(results: &Path) -> Report {
    let options = LoadOptions {
        dirs: vec![results.to_path_buf()],
        history: Vec::new(),
        history_limit: None,
        cwd: results.to_path_buf(),
        settle: None,
        ..LoadOptions::default()
    };
    load_results(&options, &|_| {}).expect("results load")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("history-corpus-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Where two JSON values differ, as paths (at most a few per call).
fn diff(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff(&format!("{path}.{key}"), x, y, out),
                    (x, y) => out.push(format!("{path}.{key}: ours {x:?} theirs {y:?}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: ours {a} theirs {b}")),
    }
}

fn check_allure3(name: &str, dataset: &Path) {
    let report = load(&dataset.join("allure-results"));
    let all = lines(&dataset.join("history.jsonl"));
    let dir = scratch(&format!("{name}-a3"));
    let path = dir.join("history.jsonl");
    std::fs::write(&path, all[..all.len() - 1].join("\n") + "\n").unwrap();
    let theirs: Value = serde_json::from_str(all.last().unwrap()).unwrap();
    let options = AppendOptions {
        to: path.clone(),
        report_name: theirs["name"].as_str().map(str::to_owned),
        ..AppendOptions::default()
    };
    append(&report, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = lines(&path);
    assert_eq!(written.len(), all.len(), "{name}: one line appended");
    assert_eq!(
        written[..all.len() - 1],
        all[..all.len() - 1],
        "{name}: old lines kept byte for byte"
    );
    let mut ours: Value = serde_json::from_str(written.last().unwrap()).unwrap();
    let mut theirs = theirs;
    for line in [&mut ours, &mut theirs] {
        let obj = line.as_object_mut().unwrap();
        obj.remove("uuid");
        obj.remove("timestamp");
        // Order follows the order files were read in; compare as sets.
        let ids: BTreeSet<String> = obj["knownTestCaseIds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        obj.insert(
            "knownTestCaseIds".into(),
            serde_json::to_value(ids).unwrap(),
        );
    }
    let mut differences = Vec::new();
    diff("$", &ours, &theirs, &mut differences);
    assert!(
        differences.is_empty(),
        "{name}: {} differences, e.g. {:#?}",
        differences.len(),
        &differences[..differences.len().min(8)]
    );
    eprintln!(
        "{name}: Allure 3 line matches ({} entries)",
        ours["testResults"].as_object().unwrap().len()
    );
}

/// The uid of an Allure 2 item and the uid inside its reportUrl, set aside.
fn strip_uids(value: &mut Value) {
    if let Some(map) = value.as_object_mut() {
        for entry in map.values_mut() {
            for item in entry["items"].as_array_mut().unwrap() {
                let item = item.as_object_mut().unwrap();
                item.remove("uid");
                if let Some(Value::String(url)) = item.get_mut("reportUrl") {
                    if let Some((base, _)) = url.rsplit_once("#testresult/") {
                        *url = format!("{base}#testresult/UID");
                    }
                }
            }
        }
    }
}

fn check_allure2(name: &str, dataset: &Path) {
    let report = load(&dataset.join("allure-results"));
    let dir = scratch(&format!("{name}-a2")).join("history");
    std::fs::create_dir_all(&dir).unwrap();
    for file in allure_tui::history_write::allure2_dir::ALLURE2_FILES {
        std::fs::copy(
            dataset.join("allure-results/history").join(file),
            dir.join(file),
        )
        .unwrap();
    }
    let options = AppendOptions {
        to: dir.clone(),
        ..AppendOptions::default()
    };
    append(&report, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut counts = BTreeMap::new();
    for file in allure_tui::history_write::allure2_dir::ALLURE2_FILES {
        let read =
            |p: PathBuf| -> Value { serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap() };
        let mut ours = read(dir.join(file));
        let mut theirs = read(dataset.join("allure2-history").join(file));
        if file == "history.json" {
            strip_uids(&mut ours);
            strip_uids(&mut theirs);
        }
        let mut differences = Vec::new();
        diff(file, &ours, &theirs, &mut differences);
        assert!(
            differences.is_empty(),
            "{name}/{file}: {} differences, e.g. {:#?}",
            differences.len(),
            &differences[..differences.len().min(8)]
        );
        counts.insert(file, ours.as_array().map_or(0, Vec::len));
    }
    eprintln!("{name}: Allure 2 history matches (trend points per file: {counts:?})");
}

fn allure3_append_gives_the_real_last_line() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    for name in DATASETS {
        check_allure3(name, &corpus.join("datasets").join(name));
    }
}

fn allure2_append_gives_the_real_history_dir() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    for name in DATASETS {
        check_allure2(name, &corpus.join("datasets").join(name));
    }
}

fn main() {
    harness::run(vec![
        harness::trial(
            "allure3_append_gives_the_real_last_line",
            &[Need::Corpus],
            allure3_append_gives_the_real_last_line,
        ),
        harness::trial(
            "allure2_append_gives_the_real_history_dir",
            &[Need::Corpus],
            allure2_append_gives_the_real_history_dir,
        ),
    ]);
}
