//! Overview tab: status, message, folded trace, assertion diff, flakiness with its reasons,
//! labels, parameters, links and description.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::analysis::TestAnalysis;
use crate::app::text::{format_ago, format_duration, format_time};
use crate::app::App;
use crate::model::{ParameterMode, Status, Test};
use crate::sanitize::{sanitize_block, sanitize_line};
use crate::sparkline::status_strip;
use crate::theme::Theme;

/// Traces longer than this are folded to their relevant frames.
const FOLD_OVER: usize = 25;

/// Lines of the Overview tab for a test.
#[must_use]
pub fn overview_lines(
    app: &App,
    test: &Test,
    analysis: &TestAnalysis,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let s = &app.symbols;
    let r = &test.result;
    let mut lines = Vec::new();
    let mut head = vec![Span::styled(
        format!(
            "{} {}",
            s.status(r.status),
            r.status.as_str().to_uppercase()
        ),
        theme
            .status(r.status)
            .add_modifier(ratatui::style::Modifier::BOLD),
    )];
    if let Some(d) = r.duration() {
        head.push(Span::raw(format!("{}{}", s.dot, format_duration(d))));
    }
    if let Some(start) = r.start {
        head.push(Span::styled(
            format!(
                "{}started {} UTC ({})",
                s.dot,
                format_time(start),
                format_ago(start, app.now_ms)
            ),
            theme.muted,
        ));
    }
    lines.push(Line::from(head));
    if let Some(full) = &r.full_name {
        // A hostile 100k-character name must not push the message off the first screens.
        let full = crate::app::text::fit(&sanitize_line(full), 500, s.ellipsis);
        lines.push(Line::styled(full, theme.muted));
    }
    let markers = crate::summary::markers(test, analysis, s);
    if !markers.is_empty() {
        lines.push(Line::styled(markers.join(s.dot), theme.marker));
    }
    if let Some(id) = app.selected_test() {
        lines.extend(super::changes::overview_facts(app, id, theme));
    }
    if let Some(message) = r
        .details
        .message
        .as_deref()
        .filter(|m| !m.trim().is_empty())
    {
        section(&mut lines, "Message", theme);
        for line in sanitize_block(message).lines().take(200) {
            lines.push(Line::styled(format!("  {line}"), theme.status(r.status)));
        }
    }
    if let (Some(expected), Some(actual)) = (&r.details.expected, &r.details.actual) {
        section(&mut lines, "Expected / actual", theme);
        lines.extend(diff_lines(expected, actual, theme, ("expected", "actual")));
    }
    if let Some(trace) = r.details.trace.as_deref().filter(|t| !t.trim().is_empty()) {
        let trace_text = sanitize_block(trace);
        let all: Vec<&str> = trace_text.lines().collect();
        if all.len() > FOLD_OVER && !app.detail.trace_unfolded {
            let kept = fold_trace(&all);
            section(
                &mut lines,
                &format!(
                    "Trace ({} of {} lines; t unfolds)",
                    kept.iter().filter(|k| k.is_some()).count(),
                    all.len()
                ),
                theme,
            );
            for entry in kept {
                match entry {
                    Some(i) => lines.push(Line::raw(format!("  {}", all[i]))),
                    None => lines.push(Line::styled(format!("  {}", s.ellipsis), theme.muted)),
                }
            }
        } else {
            let title = if all.len() > FOLD_OVER {
                "Trace (t folds)"
            } else {
                "Trace"
            };
            section(&mut lines, title, theme);
            lines.extend(all.iter().map(|l| Line::raw(format!("  {l}"))));
        }
    }
    flakiness_lines(app, test, analysis, theme, &mut lines);
    label_lines(test, theme, &mut lines, s.dot);
    let params: Vec<Line> = r
        .parameters
        .iter()
        .filter(|p| p.mode != ParameterMode::Hidden)
        .map(|p| {
            let value = match p.mode {
                ParameterMode::Masked => "******".to_owned(),
                _ => sanitize_line(p.value.as_deref().unwrap_or("null")).into_owned(),
            };
            let excluded = if p.excluded {
                "  (excluded from identity)"
            } else {
                ""
            };
            Line::from(vec![
                Span::raw(format!("  {} = ", sanitize_line(&p.name))),
                Span::raw(value),
                Span::styled(excluded, theme.muted),
            ])
        })
        .collect();
    if !params.is_empty() {
        section(&mut lines, "Parameters", theme);
        lines.extend(params);
    }
    let body = r.body();
    if !body.links.is_empty() {
        section(&mut lines, "Links", theme);
        for link in &body.links {
            let kind = link.kind.as_deref().unwrap_or("link");
            let name = link.name.as_deref().unwrap_or("");
            lines.push(Line::from(vec![
                Span::styled(format!("  [{}] ", sanitize_line(kind)), theme.muted),
                Span::raw(format!("{} ", sanitize_line(name))),
                Span::styled(sanitize_line(&link.url).into_owned(), theme.key),
            ]));
        }
    }
    let description = body
        .description
        .as_deref()
        .map(plain_markdown)
        .or_else(|| body.description_html.as_deref().map(plain_html));
    if let Some(text) = description.filter(|d| !d.trim().is_empty()) {
        section(&mut lines, "Description", theme);
        lines.extend(
            sanitize_block(&text)
                .lines()
                .map(|l| Line::raw(format!("  {l}"))),
        );
    }
    if !body.issues.is_empty() {
        // Read when the test was opened, so not among the load warnings: shown here.
        section(&mut lines, "File problems", theme);
        for issue in &body.issues {
            lines.push(Line::styled(
                format!("  {}", sanitize_line(issue)),
                theme.warning,
            ));
        }
    }
    if let Some(category) = &analysis.category {
        section(&mut lines, "Category", theme);
        lines.push(Line::raw(format!("  {}", sanitize_line(category))));
    }
    lines
}

fn section(lines: &mut Vec<Line<'static>>, title: &str, theme: &Theme) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(title.to_owned(), theme.heading));
}

fn flakiness_lines(
    app: &App,
    test: &Test,
    analysis: &TestAnalysis,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let f = &analysis.flakiness;
    if f.runs < 2 && !f.retry_flip && !analysis.flaky {
        return;
    }
    let s = &app.symbols;
    section(lines, "Flakiness", theme);
    let mut facts = Vec::new();
    if let Some(flip) = f.flip_rate {
        facts.push(format!("flip {:.0}%", flip * 100.0));
    }
    if let Some(fail) = f.fail_rate {
        facts.push(format!("fail {:.0}%", fail * 100.0));
    }
    facts.push(format!("{} pass/fail runs", f.runs));
    let strip: Vec<Status> = test
        .history
        .iter()
        .take(19)
        .map(|h| h.status)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .chain(std::iter::once(test.result.status))
        .collect();
    facts.push(status_strip(strip, s));
    lines.push(Line::raw(format!("  {}", facts.join(s.dot))));
    let mut reasons = Vec::new();
    if f.retry_flip {
        reasons.push("flipped between attempts in this launch".to_owned());
    }
    if analysis.flaky {
        if test.result.details.flaky {
            reasons.push("marked flaky by the adapter".to_owned());
        } else {
            reasons.push("Allure: a pass newer than a failure in the last 5 runs".to_owned());
        }
    }
    if f.streak > 1 {
        reasons.push(format!("same status for the last {} runs", f.streak));
    }
    for reason in reasons {
        lines.push(Line::styled(
            format!("  {} {reason}", s.dot.trim()),
            theme.muted,
        ));
    }
}

fn label_lines(test: &Test, theme: &Theme, lines: &mut Vec<Line<'static>>, dot: &str) {
    let r = &test.result;
    let mut shown = Vec::new();
    for name in [
        "owner",
        "severity",
        "epic",
        "feature",
        "story",
        "tag",
        "host",
        "framework",
    ] {
        let mut values: Vec<String> = Vec::new();
        for value in r.label_values(name) {
            // Adapters that re-apply labels on retries write duplicates; show each once.
            let value = sanitize_line(value).into_owned();
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if !values.is_empty() {
            shown.push(format!("{name}: {}", values.join(", ")));
        }
    }
    if !shown.is_empty() {
        section(lines, "Labels", theme);
        for chunk in shown.chunks(3) {
            lines.push(Line::raw(format!("  {}", chunk.join(dot))));
        }
    }
}

/// Keeps the relevant frames of a long trace: the head, lines naming errors, assertions and
/// test code, and the tail. `None` marks folded runs.
#[must_use]
pub fn fold_trace(lines: &[&str]) -> Vec<Option<usize>> {
    let relevant = |l: &str| {
        let t = l.trim_start();
        t.starts_with("E ")
            || t.starts_with('>')
            || l.contains("Error")
            || l.contains("Exception")
            || l.contains("assert")
            || l.contains("test")
            || l.contains("Test")
    };
    let n = lines.len();
    let mut keep: Vec<bool> = (0..n).map(|i| i < 3 || i + 8 >= n).collect();
    let mut extra = 0;
    for (i, line) in lines.iter().enumerate() {
        if extra >= 30 {
            break;
        }
        if !keep[i] && relevant(line) {
            keep[i] = true;
            extra += 1;
        }
    }
    let mut out = Vec::new();
    let mut folded = false;
    for (i, k) in keep.into_iter().enumerate() {
        if k {
            out.push(Some(i));
            folded = false;
        } else if !folded {
            out.push(None);
            folded = true;
        }
    }
    out
}

/// Expected vs actual as `-`/`+` lines (a line diff for multi-line values).
#[must_use]
pub fn diff_lines(
    expected: &str,
    actual: &str,
    theme: &Theme,
    labels: (&str, &str),
) -> Vec<Line<'static>> {
    let expected = sanitize_block(expected);
    let actual = sanitize_block(actual);
    let old: Vec<&str> = expected.lines().take(500).collect();
    let new: Vec<&str> = actual.lines().take(500).collect();
    let mut out = Vec::new();
    // Longest common subsequence table, bounded by the 500-line caps above.
    let (rows, cols) = (old.len(), new.len());
    let mut lcs = vec![vec![0u16; cols + 1]; rows + 1];
    for row in (0..rows).rev() {
        for col in (0..cols).rev() {
            lcs[row][col] = if old[row] == new[col] {
                lcs[row + 1][col + 1] + 1
            } else {
                lcs[row + 1][col].max(lcs[row][col + 1])
            };
        }
    }
    let push = |out: &mut Vec<Line<'static>>, mark: &str, text: &str, style: Style| {
        out.push(Line::styled(format!("  {mark} {text}"), style));
    };
    let (mut row, mut col) = (0, 0);
    while row < rows || col < cols {
        if row < rows && col < cols && old[row] == new[col] {
            push(&mut out, " ", old[row], Style::new());
            row += 1;
            col += 1;
        } else if col < cols && (row == rows || lcs[row][col + 1] > lcs[row + 1][col]) {
            push(&mut out, "+", new[col], theme.diff_actual);
            col += 1;
        } else {
            push(&mut out, "-", old[row], theme.diff_expected);
            row += 1;
        }
    }
    out.insert(
        0,
        Line::styled(format!("  - {}  + {}", labels.0, labels.1), theme.muted),
    );
    out
}

/// Markdown as plain text: headings, emphasis and code marks dropped.
#[must_use]
pub fn plain_markdown(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.trim_start_matches('#').trim_start();
            l.replace("**", "").replace("__", "").replace('`', "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// HTML as plain text: tags dropped (block tags become line breaks), entities decoded.
#[must_use]
pub fn plain_html(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                let name = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if matches!(
                    name.as_str(),
                    "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "pre"
                ) {
                    out.push('\n');
                }
            }
            (true, c) => tag.push(c),
            (false, c) => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_head_tail_and_errors() {
        let mut trace: Vec<String> = (0..100).map(|i| format!("  frame {i}")).collect();
        trace[50] = "AssertionError: boom".to_owned();
        let refs: Vec<&str> = trace.iter().map(String::as_str).collect();
        let kept = fold_trace(&refs);
        assert!(kept.contains(&Some(0)) && kept.contains(&Some(50)) && kept.contains(&Some(99)));
        assert!(!kept.contains(&Some(20)));
        assert!(kept.contains(&None));
    }

    #[test]
    fn diff_marks_changed_lines() {
        let lines = diff_lines(
            "a\nb\nc",
            "a\nx\nc",
            &Theme::monochrome(),
            ("expected", "actual"),
        );
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            ["  - expected  + actual", "    a", "  - b", "  + x", "    c"]
        );
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            plain_html("<p>Hi <b>there</b> &amp; you</p><script>x</script>"),
            "\nHi there & you\nx"
        );
    }
}
