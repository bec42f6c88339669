//! Real projects' results that Allure reads in its own way (issue 7): placeholder test ids and
//! Java `environment.properties`, on small fixtures whose `expected.json` records the real
//! tools' answers.

mod common;

use common::{fixture, run, summary_json};

fn expected(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixture(name).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn placeholder_ids_do_not_make_one_test_of_many() {
    let want = &expected("placeholder-ids")["allure_tui"];
    let results = fixture("placeholder-ids/allure-results");
    let doc = summary_json(&[results.to_str().unwrap()]);
    assert_eq!(doc["totals"]["total"], want["tests"]);
    assert_eq!(doc["totals"]["retries"], want["retries"]);
    let retried: Vec<&str> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["attempts"].as_array().unwrap().len() > 1)
        .flat_map(|t| t["attempts"].as_array().unwrap())
        .map(|a| a["file"].as_str().unwrap())
        .collect();
    assert_eq!(retried.len(), 2, "{retried:?}");
    for name in want["grouped"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(retried.iter().any(|f| f.contains(name)), "{retried:?}");
    }
}

#[test]
fn placeholder_ids_stay_out_of_the_test_plan() {
    let want = &expected("placeholder-ids")["allure_tui"];
    let results = fixture("placeholder-ids/allure-results");
    let out = run(&["testplan", results.to_str().unwrap()]);
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = plan["tests"].as_array().unwrap();
    let selectors: Vec<&str> = entries
        .iter()
        .map(|e| e["selector"].as_str().unwrap())
        .collect();
    assert_eq!(
        serde_json::json!(selectors),
        want["testplan_selectors"],
        "one entry per failed test"
    );
    let ids: serde_json::Map<String, serde_json::Value> = entries
        .iter()
        .filter(|e| e.get("id").is_some())
        .map(|e| (e["selector"].as_str().unwrap().to_owned(), e["id"].clone()))
        .collect();
    assert_eq!(serde_json::Value::Object(ids), want["testplan_ids"]);
}

#[test]
fn environment_is_read_as_allure2_reads_java_properties_and_xml() {
    let want = &expected("environment-java")["environment"];
    let results = fixture("environment-java/allure-results");
    let doc = summary_json(&[results.to_str().unwrap()]);
    let got: Vec<serde_json::Value> = doc["launch"]["environment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| serde_json::json!([pair[0], pair[1]]))
        .collect();
    assert_eq!(&serde_json::Value::Array(got), want);
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("environment.properties"));
    assert!(warnings[0]["reason"]
        .as_str()
        .unwrap()
        .contains("read as ISO-8859-1"));
}

#[test]
fn category_regexes_are_matched_as_java_does() {
    let want = &expected("categories-java")["categories"];
    let results = fixture("categories-java/allure-results");
    let doc = summary_json(&[results.to_str().unwrap()]);
    let got: serde_json::Map<String, serde_json::Value> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["categories"][0].clone(),
            )
        })
        .collect();
    assert_eq!(&serde_json::Value::Object(got), want);
    let warnings = doc["warnings"].as_array().unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}
