//! CI outputs through the binary: `JUnit` XML parsed back with an XML parser, the GitHub job
//! summary under its size cap, annotations and their escaping, the same `--fail-on` gate in
//! every format, shell completions and the man page.

mod common;

use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ci-formats-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout_of(args: &[&str], envs: &[(&str, &str)]) -> (String, Option<i32>) {
    let mut cmd = common::bin();
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_WORKSPACE");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn junit_parses_back_with_one_testcase_per_test_and_surefire_reruns() {
    let retries = common::fixture("retries");
    let (xml, code) = stdout_of(
        &["summary", "--format", "junit", retries.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, Some(0));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let summary = common::summary_json(&[retries.to_str().unwrap()]);
    let tests = summary["tests"].as_array().unwrap();
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), tests.len(), "one testcase per shown test");
    assert_eq!(root.attribute("tests").unwrap(), tests.len().to_string());
    for test in tests {
        let name = test["name"].as_str().unwrap();
        let case = cases
            .iter()
            .find(|c| c.attribute("name") == Some(name))
            .expect(name);
        assert!(
            case.attribute("classname").is_some_and(|c| !c.is_empty()),
            "{name}"
        );
        let seconds: f64 = case.attribute("time").unwrap().parse().unwrap();
        assert!(seconds >= 0.0);
        let children: Vec<&str> = case
            .children()
            .filter(roxmltree::Node::is_element)
            .map(|c| c.tag_name().name())
            .collect();
        let status = test["status"].as_str().unwrap();
        let expected = match status {
            "failed" => Some("failure"),
            "broken" => Some("error"),
            "skipped" | "unknown" => Some("skipped"),
            _ => None,
        };
        if let Some(e) = expected {
            assert_eq!(children.first().copied(), Some(e), "{name}");
        }
        let earlier_problems = test["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .skip(1)
            .filter(|a| matches!(a["status"].as_str(), Some("failed" | "broken")))
            .count();
        let reruns = children
            .iter()
            .filter(|c| c.starts_with("flaky") || c.starts_with("rerun"))
            .count();
        assert_eq!(
            reruns, earlier_problems,
            "{name}: one rerun element per failed earlier attempt"
        );
        if status == "passed" && earlier_problems > 0 {
            assert!(
                children.iter().all(|c| c.starts_with("flaky")),
                "{name}: {children:?}"
            );
        }
    }
}

#[test]
fn unknown_status_is_skipped_with_a_reason() {
    let dir = scratch("unknown");
    std::fs::write(
        dir.join("u-result.json"),
        r#"{"uuid":"u","name":"odd <&> test","fullName":"m.C#odd","status":"weird","labels":[{"name":"package","value":"m"},{"name":"testClass","value":"C"}]}"#,
    )
    .unwrap();
    let (xml, _) = stdout_of(
        &["summary", "--format", "junit", dir.to_str().unwrap()],
        &[],
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(case.attribute("name"), Some("odd <&> test"));
    assert_eq!(case.attribute("classname"), Some("m.C"));
    let skipped = case.children().find(|n| n.has_tag_name("skipped")).unwrap();
    assert!(skipped.attribute("message").unwrap().contains("unknown"));
}

#[test]
fn the_same_fail_on_gate_applies_in_every_format() {
    let retries = common::fixture("retries");
    for format in ["text", "markdown", "json", "junit", "github"] {
        let (_, code) = stdout_of(
            &[
                "summary",
                "--format",
                format,
                "--fail-on",
                "failed,broken",
                retries.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(code, Some(1), "{format}");
        let (_, code) = stdout_of(
            &[
                "summary",
                "--format",
                format,
                "--fail-on",
                "new",
                retries.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(code, Some(0), "{format}: no history, nothing new");
    }
}

/// Many failing tests with long names full of Markdown.
fn many_failures(dir: &Path, n: usize) {
    for i in 0..n {
        let name = format!(
            "test_{i} **bold** [link](http://x) <b>html</b> | pipe @someone #{i} {}",
            "x".repeat(300)
        );
        let doc = serde_json::json!({
            "uuid": format!("u{i}"), "name": name, "fullName": format!("pkg.mod.T#test_{i}"),
            "status": "failed", "start": 1000 + i, "stop": 2000 + i,
            "statusDetails": {"message": format!("AssertionError {i}: {}", "y".repeat(500)),
                              "trace": format!("File \"/ws/app/tests/test_x.py\", line {}, in t\nAssertionError", i + 1)},
            "labels": [{"name": "framework", "value": "pytest"}, {"name": "package", "value": "tests.test_x"}]
        });
        std::fs::write(dir.join(format!("r{i}-result.json")), doc.to_string()).unwrap();
    }
}

#[test]
fn github_summary_stays_under_the_cap_escapes_names_and_never_fails() {
    let dir = scratch("github");
    let results = dir.join("results");
    std::fs::create_dir_all(&results).unwrap();
    many_failures(&results, 3000);
    let summary_file = dir.join("step_summary.md");
    std::fs::write(&summary_file, "previous step's summary\n").unwrap();
    let (stdout, code) = stdout_of(
        &["summary", "--format", "github", results.to_str().unwrap()],
        &[("GITHUB_STEP_SUMMARY", summary_file.to_str().unwrap())],
    );
    assert_eq!(code, Some(0));
    assert!(stdout.is_empty(), "the summary went to the file");
    let text = std::fs::read_to_string(&summary_file).unwrap();
    assert!(
        text.starts_with("previous step's summary\n"),
        "appended, not replaced"
    );
    assert!(text.len() <= 256 * 1024 + 64, "{} bytes", text.len());
    assert!(
        text.contains("Cut to stay under GitHub's 1 MiB"),
        "says it was cut"
    );
    assert!(text.contains("3000 tests"));
    assert!(
        !text.contains("**bold**") && !text.contains("<b>html</b>") && !text.contains("[link]"),
        "names escaped"
    );
    assert!(
        text.contains("rerun: `` pytest tests/test_x.py::test_"),
        "rerun command"
    );
    // An unwritable summary path is a warning, not a failure.
    let (_, code) = stdout_of(
        &["summary", "--format", "github", results.to_str().unwrap()],
        &[("GITHUB_STEP_SUMMARY", "/nonexistent-dir/summary.md")],
    );
    assert_eq!(code, Some(0));
}

#[test]
fn annotations_are_capped_escaped_and_located_in_the_workspace() {
    let dir = scratch("annotations");
    let results = dir.join("results");
    std::fs::create_dir_all(&results).unwrap();
    many_failures(&results, 12);
    let (stdout, _) = stdout_of(
        &[
            "summary",
            "--format",
            "json",
            "-o",
            dir.join("s.json").to_str().unwrap(),
            "--annotations",
            "github",
            results.to_str().unwrap(),
        ],
        &[("GITHUB_WORKSPACE", "/ws/app")],
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 10, "GitHub's per-step cap");
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::notice ") && l.contains("2 more failures")));
    for line in &errors {
        assert!(line.contains("file=tests/test_x.py,line="), "{line}");
        let (props, message) = line["::error ".len()..].split_once("::").unwrap();
        assert!(!message.contains('\n') && !message.contains('\r'));
        let title = props.split(",title=").nth(1).unwrap();
        assert!(
            !title.contains(',') && !title.contains(':'),
            "title escaped: {title}"
        );
    }
    assert!(dir.join("s.json").is_file(), "-o wrote the summary");
}

#[test]
fn completions_and_man_page_are_generated() {
    for (shell, needle) in [
        ("bash", "_allure__tui() {"),
        ("zsh", "#compdef allure-tui"),
        ("fish", "complete -c allure-tui"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (text, code) = stdout_of(&["completions", shell], &[]);
        assert_eq!(code, Some(0), "{shell}");
        assert!(text.contains(needle), "{shell}");
        assert!(text.contains("history"), "{shell}: subcommands included");
    }
    let (man, code) = stdout_of(&["man"], &[]);
    assert_eq!(code, Some(0));
    assert!(
        man.starts_with(".ie") || man.contains(".TH allure-tui"),
        "roff: {}",
        &man[..80.min(man.len())]
    );
    assert!(man.contains("summary") && man.contains("history"));
}

#[test]
fn version_names_the_commit() {
    let (text, code) = stdout_of(&["--version"], &[]);
    assert_eq!(code, Some(0));
    assert!(
        text.starts_with(&format!(
            "allure-tui {} (commit ",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
}

#[test]
fn dash_output_is_standard_output_in_every_format() {
    let dir = scratch("dash");
    let retries = common::fixture("retries");
    let summary_file = dir.join("step_summary.md");
    for format in ["text", "json", "markdown", "junit", "github"] {
        let mut cmd = common::bin();
        cmd.args(["summary", "--format", format, "-o", "-"])
            .arg(&retries)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .env("GITHUB_STEP_SUMMARY", &summary_file);
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.len() > 100,
            "{format}: the summary is on stdout: {stdout}"
        );
        assert!(!dir.join("-").exists(), "{format}: no file named '-'");
        assert!(
            !summary_file.exists(),
            "{format}: `-o -` wins over $GITHUB_STEP_SUMMARY"
        );
    }
}

/// `-o FILE` that cannot be written fails the step (exit 2, said on stderr) in every format
/// but `github`, whose job summary never fails a step.
#[test]
fn an_unwritable_output_file_exits_2_except_for_the_job_summary() {
    let dir = scratch("unwritable");
    let retries = common::fixture("retries");
    for (format, code) in [("text", 2), ("json", 2), ("junit", 2), ("github", 0)] {
        let out = common::bin()
            .args(["summary", "--format", format, "-o"])
            .arg(&dir)
            .arg(&retries)
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("write"), "{format}: {err}");
    }
}
