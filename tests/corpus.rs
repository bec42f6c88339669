//! The binary against every dataset of the shared corpus: the facts its README lists must hold.
//! Reported as ignored when `../shared/corpus` is absent (a failure under CI).

mod common;

use common::harness::{self, Need};

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

const DATASETS: [&str; 4] = [
    "pytest-itsdangerous",
    "pytest-more-itertools",
    "vitest-ufo",
    "allure-pytest-examples",
];

fn facts(dataset: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dataset.join("facts.json")).unwrap()).unwrap()
}

fn check_dataset(name: &str) {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dataset = corpus.join("datasets").join(name);
    let facts = facts(&dataset);
    let results = dataset.join("allure-results");
    let summary = common::summary_json(&[results.to_str().unwrap()]);

    let totals = &summary["totals"];
    assert_eq!(totals["total"], facts["tests"], "{name}: tests");
    for (status, count) in facts["final_status_counts"].as_object().unwrap() {
        assert_eq!(&totals[status.as_str()], count, "{name}: {status}");
    }
    assert_eq!(
        totals["retries"], facts["retry_attempts_total"],
        "{name}: retries"
    );
    let tests = summary["tests"].as_array().unwrap();
    let retried = tests
        .iter()
        .filter(|t| t["attempts"].as_array().unwrap().len() > 1)
        .count();
    assert_eq!(
        retried as u64,
        facts["tests_with_retries"].as_u64().unwrap(),
        "{name}: retried tests"
    );
    assert_eq!(
        totals["flaky"], facts["flaky_by_history_jsonl"],
        "{name}: flaky"
    );

    let mut categories: BTreeMap<String, u64> = BTreeMap::new();
    for test in tests {
        for c in test["categories"].as_array().unwrap() {
            *categories
                .entry(c.as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    let expected: BTreeMap<String, u64> = facts["allure2_categories"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(categories, expected, "{name}: categories");

    // Previous runs + the current one (history.jsonl already holds the current launch).
    let lines = facts["history_jsonl_lines"].as_u64().unwrap() as usize;
    assert_eq!(
        summary["trend"].as_array().unwrap().len(),
        lines,
        "{name}: trend points"
    );

    let by_key: BTreeMap<&str, &Value> = tests
        .iter()
        .map(|t| (t["key"].as_str().unwrap(), t))
        .collect();
    for notable in facts["notable_tests"].as_array().unwrap() {
        let key = notable["key"].as_str().unwrap();
        let label = notable["test"].as_str().unwrap();
        let test = by_key
            .get(key)
            .unwrap_or_else(|| panic!("{name}: no test with key {key} ({label})"));
        assert_eq!(test["status"], notable["final_status"], "{label}: status");
        let attempts: Vec<String> = notable["attempts_oldest_first"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            common::statuses(&test["attempts"]),
            attempts,
            "{label}: attempts"
        );
        let statuses_in = |field: &str| -> Vec<String> {
            notable[field]
                .as_array()
                .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default()
        };
        // Both formats are read and a test's history is their union by run: a run missing in
        // one format (`-`, or a key that differs because Allure 3 keeps repeated parameters and
        // Allure 2 collapses them) is taken from the other. Both lists are newest first with the
        // current run first; Allure 2's has no gaps, so it lines up when it is as long.
        let jsonl = statuses_in("history_jsonl_newest_first");
        let allure2 = statuses_in("allure2_history_items_newest_first");
        let previous: Vec<String> = (1..jsonl.len())
            .filter_map(|i| {
                let a3 = jsonl[i].as_str();
                if a3 != "-" {
                    return Some(a3.to_owned());
                }
                (allure2.len() == jsonl.len()).then(|| allure2[i].clone())
            })
            .collect();
        assert_eq!(
            common::statuses(&test["history"]),
            previous,
            "{label}: history"
        );
        assert_eq!(
            test["flaky"], notable["flaky_history_jsonl"],
            "{label}: flaky"
        );
        let category = test["categories"]
            .as_array()
            .unwrap()
            .first()
            .cloned()
            .unwrap_or(Value::Null);
        assert_eq!(category, notable["allure2_category"], "{label}: category");
    }
    assert!(
        summary["warnings"].as_array().unwrap().is_empty(),
        "{name}: {}",
        summary["warnings"]
    );
}

fn pytest_itsdangerous_matches_its_facts() {
    check_dataset(DATASETS[0]);
}

fn pytest_more_itertools_matches_its_facts() {
    check_dataset(DATASETS[1]);
}

fn vitest_ufo_matches_its_facts() {
    check_dataset(DATASETS[2]);
}

fn allure_pytest_examples_matches_its_facts() {
    check_dataset(DATASETS[3]);
}

fn allure2_history_alone_gives_the_same_flaky_tests() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    for name in DATASETS {
        let dataset = corpus.join("datasets").join(name);
        let facts = facts(&dataset);
        // The Allure 2 history written for the final run includes it: it must be recognised.
        let summary = common::summary_json(&[
            dataset.join("allure-results").to_str().unwrap(),
            "--history",
            dataset.join("allure2-history").to_str().unwrap(),
        ]);
        assert_eq!(
            summary["totals"]["flaky"], facts["flaky_by_allure2_history"],
            "{name}"
        );
    }
}

fn malformed_set_loads_with_a_warning_for_every_unreadable_file() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("malformed");
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir.join("EXPECTED.json")).unwrap()).unwrap();
    let results = dir.join("allure-results");
    let summary = common::summary_json(&[
        results.to_str().unwrap(),
        "--history",
        dir.join("history.jsonl").to_str().unwrap(),
    ]);
    let warned: Vec<String> = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["file"].as_str().unwrap().to_owned())
        .collect();
    let loaded: Vec<String> = summary["tests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["attempts"].as_array().unwrap().iter())
        .map(|a| a["file"].as_str().unwrap().to_owned())
        .collect();
    for (file, what) in expected.as_object().unwrap() {
        if !file.ends_with("-result.json") {
            continue;
        }
        let what = what.as_str().unwrap();
        let is_warned = warned.iter().any(|w| w.ends_with(file.as_str()));
        if what.contains("unparseable") {
            assert!(is_warned, "{file} ({what}) has no warning");
        } else {
            assert!(
                loaded.contains(file) || is_warned,
                "{file} ({what}) silently dropped"
            );
        }
    }
    // Every result file is either loaded or warned about.
    for entry in std::fs::read_dir(&results).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with("-result.json") {
            assert!(
                loaded.contains(&name) || warned.iter().any(|w| w.ends_with(&name)),
                "{name} dropped"
            );
        }
    }
    assert!(
        warned.iter().any(|w| w.ends_with("history.jsonl")),
        "corrupt history line warned"
    );
    assert!(
        warned.iter().any(|w| w.ends_with("-container.json")),
        "truncated container warned"
    );
    // history.jsonl: 4 valid runs of key tc1 (newest first passed, failed, passed, failed) around
    // a corrupt line; the trend holds them oldest first, then the current launch.
    let trend = summary["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 5);
    let runs: Vec<(u64, u64)> = trend[..4]
        .iter()
        .map(|p| (p["passed"].as_u64().unwrap(), p["failed"].as_u64().unwrap()))
        .collect();
    assert_eq!(runs, [(0, 1), (1, 0), (0, 1), (1, 0)]);
}

fn malformed_text_output_is_inert() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let results = corpus.join("malformed/allure-results");
    for format in ["text", "markdown", "json"] {
        let out = common::run(&["summary", "--format", format, results.to_str().unwrap()]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !common::has_control(&text),
            "{format} output carries control characters"
        );
        assert!(
            !text.contains('\u{9b}') && !text.contains('\u{202e}'),
            "{format}: C1/BiDi leaked"
        );
    }
}

fn fixtures_from_the_allure_repositories_load() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let demo = corpus.join("fixtures/allure2-demo-test-data");
    let summary = common::summary_json(&[demo.to_str().unwrap()]);
    let totals = &summary["totals"];
    // 30 result files, 10 historyIds with several attempts (README of fixtures/).
    assert!(totals["total"].as_u64().unwrap() > 0);
    assert!(totals["retries"].as_u64().unwrap() > 0);
}

fn main() {
    harness::run(vec![
        harness::trial(
            "pytest_itsdangerous_matches_its_facts",
            &[Need::Corpus],
            pytest_itsdangerous_matches_its_facts,
        ),
        harness::trial(
            "pytest_more_itertools_matches_its_facts",
            &[Need::Corpus],
            pytest_more_itertools_matches_its_facts,
        ),
        harness::trial(
            "vitest_ufo_matches_its_facts",
            &[Need::Corpus],
            vitest_ufo_matches_its_facts,
        ),
        harness::trial(
            "allure_pytest_examples_matches_its_facts",
            &[Need::Corpus],
            allure_pytest_examples_matches_its_facts,
        ),
        harness::trial(
            "allure2_history_alone_gives_the_same_flaky_tests",
            &[Need::Corpus],
            allure2_history_alone_gives_the_same_flaky_tests,
        ),
        harness::trial(
            "malformed_set_loads_with_a_warning_for_every_unreadable_file",
            &[Need::Corpus],
            malformed_set_loads_with_a_warning_for_every_unreadable_file,
        ),
        harness::trial(
            "malformed_text_output_is_inert",
            &[Need::Corpus],
            malformed_text_output_is_inert,
        ),
        harness::trial(
            "fixtures_from_the_allure_repositories_load",
            &[Need::Corpus],
            fixtures_from_the_allure_repositories_load,
        ),
    ]);
}
