//! Search ranking pinned by fixture queries (`tests/fixtures/search/`): for each query, the test
//! the TUI selects first, and where given, exactly which tests match. The same query language
//! drives `--grep`, where plain terms are substrings.

use allure_tui::analysis::query::{Haystack, Query};
use allure_tui::app::search::match_all;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/search/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn haystacks() -> Vec<Haystack> {
    fixture("names.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|full| Haystack {
            name: full.rsplit('#').next().unwrap().into(),
            full_name: Some(full.into()),
            labels: String::new(),
            parameters: String::new(),
        })
        .collect()
}

#[test]
fn fixture_queries_select_the_expected_test_first() {
    let hay = haystacks();
    let mut checked = 0;
    for line in fixture("queries.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (query, expected) = line.split_once(" => ").unwrap();
        let (best, only) = match expected.split_once(" | only ") {
            Some((best, only)) => (best, Some(only)),
            None => (expected, None),
        };
        let matches = match_all(&hay, query);
        let got = matches.best.map(|i| hay[i as usize].name.as_str());
        assert_eq!(got, Some(best), "best match of {query:?}");
        if let Some(only) = only {
            let mut expected: Vec<&str> = only.split_whitespace().collect();
            expected.sort_unstable();
            let mut found: Vec<&str> = hay
                .iter()
                .zip(&matches.hits)
                .filter(|(_, hit)| **hit)
                .map(|(h, _)| h.name.as_str())
                .collect();
            found.sort_unstable();
            assert_eq!(found, expected, "tests matching {query:?}");
        }
        checked += 1;
    }
    assert!(checked >= 15);
}

#[test]
fn grep_takes_the_same_syntax_with_plain_terms_as_substrings() {
    let hay = haystacks();
    let grep = |query: &str| -> Vec<&str> {
        let q = Query::parse(query);
        hay.iter()
            .filter(|h| q.matches_exactly(h))
            .map(|h| h.name.as_str())
            .collect()
    };
    assert_eq!(grep("mrgsrt"), Vec::<&str>::new(), "no fuzzy matching");
    assert_eq!(
        grep("merge_sorted"),
        ["test_merge_sorted", "test_merge_sorted_key"]
    );
    assert_eq!(grep("interop speed"), ["test_html_interop_speed"]);
    assert_eq!(
        grep("^tests.test_curried !namespace"),
        ["test_curried_merge", "test_curried_operator"]
    );
}
