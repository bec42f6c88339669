//! A command that reruns one test, for the job summary. Shown, never run: text from the report
//! is quoted for a POSIX shell and stripped of control characters.
//!
//! pytest (the `framework` label or a `module.Class#method` full name with `package` label):
//! the node id `path/to/module.py::Class::method`. vitest/jest (`project:file#title` full names):
//! `npx vitest run FILE -t 'NAME$'`, the name regex-escaped (`-t` is a regular expression over the
//! test's full name: `"/" + "/"` unescaped would select nothing). Anything else: a one-test Allure
//! test plan, which every Allure adapter honours through `ALLURE_TESTPLAN_PATH`.

use crate::model::Test;
use crate::sanitize::sanitize_line;

/// Quotes a word for a POSIX shell.
#[must_use]
pub fn shell_quote(text: &str) -> String {
    let clean = sanitize_line(text);
    if !clean.is_empty()
        && clean
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        return clean.into_owned();
    }
    format!("'{}'", clean.replace('\'', "'\\''"))
}

/// The rerun command of a test.
#[must_use]
pub fn rerun_command(test: &Test) -> String {
    let result = &test.result;
    let framework = result.label("framework").unwrap_or("");
    let full_name = result.full_name.as_deref().unwrap_or("");
    if framework == "pytest" {
        if let Some(package) = result.label("package") {
            let mut id = format!("{}.py", package.replace('.', "/"));
            if let Some(class) = result.label("testClass").filter(|c| !c.is_empty()) {
                id.push_str("::");
                id.push_str(class.rsplit('.').next().unwrap_or(class));
            }
            let method = result
                .label("testMethod")
                .map(str::to_owned)
                .or_else(|| full_name.rsplit_once('#').map(|(_, m)| m.to_owned()))
                .unwrap_or_else(|| result.name.to_string());
            id.push_str("::");
            id.push_str(method.split('[').next().unwrap_or(&method));
            return format!("pytest {}", shell_quote(&id));
        }
    }
    if matches!(framework, "vitest" | "jest") || is_js_full_name(full_name) {
        if let Some((file, _)) = full_name
            .split_once(':')
            .map_or(Some(full_name), |(_, rest)| Some(rest))
            .and_then(|rest| rest.split_once('#'))
        {
            let runner = if framework == "jest" {
                "npx jest"
            } else {
                "npx vitest run"
            };
            return format!(
                "{runner} {} -t {}",
                shell_quote(file),
                shell_quote(&format!("{}$", regex_escape(&result.name)))
            );
        }
    }
    let selector = if full_name.is_empty() {
        &result.name
    } else {
        full_name
    };
    let plan = serde_json::json!({"version": "1.0", "tests": [{"selector": selector}]});
    format!(
        "echo {} > testplan.json && ALLURE_TESTPLAN_PATH=testplan.json <your test command>",
        shell_quote(&plan.to_string())
    )
}

/// Escapes the characters a JavaScript regular expression gives a meaning to, so a test name
/// matches itself (`a+b (x)` → `a\+b \(x\)`).
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_js_full_name(full_name: &str) -> bool {
    full_name.split_once('#').is_some_and(|(file, _)| {
        [".ts", ".js", ".tsx", ".jsx", ".mjs", ".cjs"]
            .iter()
            .any(|e| file.ends_with(e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vitest_names_are_regex_escaped_and_anchored() {
        let test = Test {
            key: "k".into(),
            keys: crate::model::TestKeys::default(),
            result: Box::new(crate::model::TestResult {
                name: r#""/" + "/""#.into(),
                full_name: Some(r#"ufo:test/base.test.ts#withBase "/" + "/""#.into()),
                ..crate::model::TestResult::default()
            }),
            retries: Vec::new(),
            history: Vec::new(),
        };
        assert_eq!(
            rerun_command(&test),
            r#"npx vitest run test/base.test.ts -t '"/" \+ "/"$'"#
        );
        assert_eq!(
            regex_escape("a.b*c(d)[e]{f}|g?h^i$j\\k"),
            r"a\.b\*c\(d\)\[e\]\{f\}\|g\?h\^i\$j\\k"
        );
    }

    #[test]
    fn quoting_survives_quotes_and_drops_escapes() {
        assert_eq!(shell_quote("a b'c\u{1b}[31m"), "'a b'\\''c'");
        assert_eq!(shell_quote("tests/x.py::T::m"), "tests/x.py::T::m");
    }
}
