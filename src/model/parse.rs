//! The fast path for Allure's JSON documents: typed, lenient, borrowed parsing straight into
//! the model (see `parse/result_doc.rs`), with the `Value`-based converter as the fallback for
//! what it refuses. No terminal dependencies.

pub mod loose;
pub mod result_doc;

use super::convert::{convert_body, convert_result, Issues};
use super::json_read::parse_json_bytes;
use super::result::{ContainerFixtures, ResultBody, TestResult};
use super::text::Interner;
use result_doc::{BodyDoc, ContainerDoc, Converter, ResultDoc};

/// Parses a `*-result.json`: `Ok(None)` when the document is not an object, `Err` with a reason
/// when it is not JSON at all. Issues are what was wrong but repaired or dropped.
pub fn parse_result(
    bytes: &[u8],
    interner: &mut Interner,
) -> Result<(Option<TestResult>, Vec<String>), String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(doc) = is_object(body)
        .then(|| serde_json::from_slice::<ResultDoc>(body).ok())
        .flatten()
    {
        let mut converter = Converter::new(interner);
        let result = converter.result(doc);
        return Ok((Some(result), converter.issues.items));
    }
    // Not the plain case (not an object, duplicate keys, deep nesting, invalid UTF-8, broken
    // JSON): the lenient path gives the precise reason and repairs what can be repaired.
    let doc = parse_json_bytes(bytes)?;
    let mut issues = Issues { items: doc.notes };
    let result = convert_result(&doc.value, &mut issues);
    Ok((result, issues.items))
}

/// True when the document starts as an object. The typed path is for objects only: serde
/// also fills a struct from an array, field by field (`[{"uuid": …}]` would become a result
/// whose uuid is an object); anything else goes to the lenient path, which says what it is.
fn is_object(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Parses the body of a `*-result.json` (see [`ResultBody`]); its problems are the body's
/// `issues`. Never fails: a file that is no longer a result gives an empty body saying so.
#[must_use]
pub fn parse_body(bytes: &[u8]) -> ResultBody {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(doc) = is_object(body)
        .then(|| serde_json::from_slice::<BodyDoc>(body).ok())
        .flatten()
    {
        return Converter::new(&mut Interner::default()).body(doc);
    }
    match parse_json_bytes(bytes) {
        Ok(doc) => match doc.value.as_object() {
            Some(obj) => {
                let mut body = convert_body(obj);
                body.issues.splice(0..0, doc.notes);
                body
            }
            None => ResultBody {
                issues: vec!["$: expected an object".to_owned()],
                ..ResultBody::default()
            },
        },
        Err(reason) => ResultBody {
            issues: vec![format!("unreadable: {reason}")],
            ..ResultBody::default()
        },
    }
}

/// Parses a `*-container.json`, as [`parse_result`] does.
pub fn parse_container(
    bytes: &[u8],
    interner: &mut Interner,
) -> Result<(Option<ContainerFixtures>, Vec<String>), String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(doc) = is_object(body)
        .then(|| serde_json::from_slice::<ContainerDoc>(body).ok())
        .flatten()
    {
        let mut converter = Converter::new(interner);
        let container = converter.container(doc);
        return Ok((Some(container), converter.issues.items));
    }
    let doc = parse_json_bytes(bytes)?;
    let mut issues = Issues { items: doc.notes };
    let container = super::convert::convert_container(&doc.value, &mut issues);
    Ok((container, issues.items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::convert::convert_container;
    use std::path::{Path, PathBuf};

    fn slow_result(bytes: &[u8]) -> Result<(Option<TestResult>, Vec<String>), String> {
        let doc = parse_json_bytes(bytes)?;
        let mut issues = Issues { items: doc.notes };
        Ok((convert_result(&doc.value, &mut issues), issues.items))
    }

    fn slow_container(bytes: &[u8]) -> Result<(Option<ContainerFixtures>, Vec<String>), String> {
        let doc = parse_json_bytes(bytes)?;
        let mut issues = Issues { items: doc.notes };
        Ok((convert_container(&doc.value, &mut issues), issues.items))
    }

    fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                json_files(&path, out);
            } else if path.to_string_lossy().ends_with("-result.json")
                || path.to_string_lossy().ends_with("-container.json")
            {
                out.push(path);
            }
        }
    }

    /// A document that is an array is no result (serde would fill a struct from it field by
    /// field), and times written as strings of digits are read as Allure 2 reads them, with a
    /// note; both paths agree.
    #[test]
    fn arrays_are_no_result_and_times_in_strings_are_numbers() {
        let mut interner = Interner::default();
        let (result, issues) = parse_result(br#"[{"uuid":"u12"}]"#, &mut interner).unwrap();
        assert!(result.is_none());
        assert_eq!(issues, ["$: expected an object, got an array"]);
        let doc = br#"{"uuid":"u1","name":"t","status":"passed","start":"1700000000000","stop":" 1700000001000 "}"#;
        let (result, issues) = parse_result(doc, &mut interner).unwrap();
        let result = result.unwrap();
        assert_eq!(
            (result.start, result.stop),
            (Some(1_700_000_000_000), Some(1_700_000_001_000))
        );
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert!(issues[0].starts_with("start: a number written as a string"));
        let (slow, slow_issues) = slow_result(doc).unwrap();
        assert_eq!(slow.unwrap().start, result.start);
        assert_eq!(slow_issues, issues);
    }

    /// The fast path gives exactly what the `Value` path gives (results, containers and the
    /// wording of every note) on every fixture, and on the shared corpus when present (real
    /// adapters' output and the malformed set).
    #[test]
    fn fast_and_lenient_paths_agree() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        json_files(&root.join("tests/fixtures"), &mut files);
        let corpus = root.join("../shared/corpus");
        if corpus.is_dir() {
            json_files(&corpus, &mut files);
        } else {
            eprintln!("skipping the shared corpus: ../shared/corpus is absent");
        }
        assert!(files.len() > 10);
        let mut interner = Interner::default();
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let name = file.to_string_lossy();
            if name.ends_with("-result.json") {
                assert_eq!(
                    parse_result(&bytes, &mut interner),
                    slow_result(&bytes),
                    "{name}"
                );
            } else {
                assert_eq!(
                    parse_container(&bytes, &mut interner),
                    slow_container(&bytes),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn wrong_types_are_noted_as_the_lenient_path_words_them() {
        let doc = br#"{"uuid": 7, "name": ["x"], "status": 3, "start": "soon", "stop": 1e300,
            "labels": [{"name": "a"}, 5, {"name": "b", "value": 2}], "links": [null, {"url": ""}],
            "parameters": [{"name": "p", "value": {"k": 1}}, "x"], "steps": [3, {"name": 4}],
            "attachments": "a.txt", "statusDetails": {"message": true, "flaky": "TRUE"}}"#;
        let mut interner = Interner::default();
        let fast = parse_result(doc, &mut interner);
        assert_eq!(fast, slow_result(doc));
        let (result, issues) = fast.unwrap();
        let result = result.unwrap();
        assert_eq!(result.uuid.as_deref(), Some("7"));
        assert_eq!(result.labels.len(), 1);
        assert_eq!(result.parameters[0].value.as_deref(), Some(r#"{"k":1}"#));
        assert!(result.details.flaky);
        assert!(issues.len() >= 5, "{issues:?}");
        let body = parse_body(doc);
        assert_eq!(body.steps[0].name, "4");
        assert!(body.issues.len() >= 3, "{:?}", body.issues);
    }
}
