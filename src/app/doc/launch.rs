//! The launch information (`i`): the executor and build, the whole environment in file order,
//! the run-level errors of Allure 3 `*-globals.json`, and the inputs that were read.

use ratatui::text::{Line, Span};

use super::Doc;

use crate::app::text::plural;
use crate::app::App;
use crate::model::Report;
use crate::sanitize::{sanitize_block, sanitize_line};
use crate::theme::Theme;

/// The environment as key and value, in file order, sanitized. The one place the TUI reads
/// `report.environment`: a key with several values (several results directories) is shown
/// joined, as Allure 2 shows it (`os: Linux, Windows`).
#[must_use]
pub fn environment(report: &Report) -> Vec<(String, String)> {
    report
        .environment
        .iter()
        .map(|entry| {
            (
                sanitize_line(&entry.name).into_owned(),
                sanitize_line(&entry.value()).into_owned(),
            )
        })
        .collect()
}

/// How many run-level errors the launch has.
#[must_use]
pub fn global_error_count(report: &Report) -> usize {
    report.globals.iter().map(|(_, g)| g.errors.len()).sum()
}

fn heading(lines: &mut Vec<Line<'static>>, title: String, theme: &Theme) {
    if !lines.is_empty() {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(title, theme.heading));
}

/// Width of a field's name column: a long value continues under the value, not the name.
const FIELD_NAME: u16 = 2 + 14 + 1;

fn field(doc: &mut Doc, name: &str, value: String, theme: &Theme) {
    doc.hang.push((doc.lines.len(), FIELD_NAME));
    doc.lines.push(Line::from(vec![
        Span::styled(format!("  {name:<14} "), theme.muted),
        Span::raw(value),
    ]));
}

/// The launch information popup (fields and environment values continue under the value
/// when they wrap).
#[must_use]
pub fn launch_doc(app: &App) -> Doc {
    let theme = &app.theme;
    let report = &app.report;
    let dot = app.symbols.dot;
    let mut doc = Doc::default();
    // Run-level errors first when there are any: they are why the badge sent the user here.
    if global_error_count(report) > 0 {
        error_lines(app, &mut doc.lines);
    }
    heading(&mut doc.lines, "Launch".to_owned(), theme);
    field(
        &mut doc,
        "name",
        crate::summary::launch_title(report),
        theme,
    );
    if let Some(e) = &report.executor {
        let mut ci = Vec::new();
        if let Some(name) = &e.name {
            ci.push(sanitize_line(name).into_owned());
        }
        if let Some(kind) = &e.kind {
            ci.push(format!("({})", sanitize_line(kind)));
        }
        if !ci.is_empty() {
            field(&mut doc, "executor", ci.join(" "), theme);
        }
        let build: Vec<String> = [
            e.build_name
                .as_deref()
                .map(|b| sanitize_line(b).into_owned()),
            e.build_order.map(|o| format!("order {o}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !build.is_empty() {
            field(&mut doc, "build", build.join(dot), theme);
        }
        for (name, url) in [
            ("build url", &e.build_url),
            ("report", &e.report_name),
            ("report url", &e.report_url),
            ("ci url", &e.url),
        ] {
            if let Some(url) = url {
                field(&mut doc, name, sanitize_line(url).into_owned(), theme);
            }
        }
    } else {
        doc.lines.push(Line::styled(
            "  no executor.json: no CI build information",
            theme.muted,
        ));
    }

    let env = environment(report);
    heading(
        &mut doc.lines,
        format!("Environment ({})", env.len()),
        theme,
    );
    if env.is_empty() {
        doc.lines.push(Line::styled(
            "  no environment.properties or environment.xml",
            theme.muted,
        ));
    }
    let key_w = env
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0)
        .min(30);
    for (key, value) in env {
        doc.hang.push((doc.lines.len(), key_w as u16 + 3));
        doc.lines.push(Line::from(vec![
            Span::styled(format!("  {key:<key_w$} "), theme.key),
            Span::raw(value),
        ]));
    }

    if global_error_count(report) == 0 {
        error_lines(app, &mut doc.lines);
    }
    let attachments: usize = report
        .globals
        .iter()
        .map(|(_, g)| g.attachments.len())
        .sum();
    if attachments > 0 {
        heading(
            &mut doc.lines,
            format!("Run-level attachments ({attachments})"),
            theme,
        );
        for (_, globals) in &report.globals {
            for a in &globals.attachments {
                let name = a
                    .name
                    .as_deref()
                    .or(a.source.as_deref())
                    .unwrap_or("(unnamed)");
                doc.lines.push(Line::raw(format!(
                    "  {} ({})",
                    sanitize_line(name),
                    sanitize_line(a.mime.as_deref().unwrap_or("unknown type"))
                )));
            }
        }
    }

    heading(&mut doc.lines, "Inputs read".to_owned(), theme);
    if !report.inputs.is_empty() {
        field(&mut doc, "read", crate::summary::inputs_line(report), theme);
    }
    for dir in &report.dirs {
        field(
            &mut doc,
            "results",
            sanitize_line(&dir.display().to_string()).into_owned(),
            theme,
        );
    }
    let f = &report.files;
    let mut files = vec![
        plural(f.results, "result file"),
        plural(f.containers, "container"),
        plural(f.attachments, "attachment"),
    ];
    if f.unreadable_results > 0 {
        files.push(format!("{} unreadable", f.unreadable_results));
    }
    if f.pending > 0 {
        files.push(format!("{} still being written", f.pending));
    }
    field(&mut doc, "files", files.join(dot), theme);
    if report.history_search.used.is_empty() {
        field(&mut doc, "history", "none found".to_owned(), theme);
    }
    for used in &report.history_search.used {
        field(&mut doc, "history", sanitize_line(used).into_owned(), theme);
    }
    let runs = report.runs.len();
    if runs > 0 {
        field(&mut doc, "previous runs", runs.to_string(), theme);
    }
    let warnings = report.warnings.len();
    field(
        &mut doc,
        "warnings",
        if warnings == 0 {
            "none".to_owned()
        } else {
            format!("{} (w lists them)", plural(warnings, "file"))
        },
        theme,
    );
    doc
}

/// The run-level errors: each message, the head of its trace, and its file.
fn error_lines(app: &App, lines: &mut Vec<Line<'static>>) {
    let theme = &app.theme;
    let report = &app.report;
    let errors = global_error_count(report);
    heading(lines, format!("Run-level errors ({errors})"), theme);
    if errors == 0 {
        lines.push(Line::styled(
            "  none (Allure 3 writes them to *-globals.json)",
            theme.muted,
        ));
    }
    for (_, globals) in &report.globals {
        for error in &globals.errors {
            let message = error.message.as_deref().unwrap_or("(no message)");
            for (i, line) in sanitize_block(message).lines().take(20).enumerate() {
                let mark = if i == 0 { "! " } else { "  " };
                lines.push(Line::styled(format!("  {mark}{line}"), theme.warning));
            }
            if let Some(trace) = &error.trace {
                let trace = sanitize_block(trace);
                // A JavaScript stack starts with the message again: shown once is enough.
                // (`AssertionError: <text>` under `beforeEach hook failed: <text>`).
                let repeats = |first: &str| {
                    let first = first.trim();
                    let text = first.split_once(": ").map_or(first, |(_, text)| text);
                    !text.is_empty() && message.contains(text)
                };
                let skip = usize::from(trace.lines().next().is_some_and(repeats));
                let total = trace.lines().count() - skip;
                for line in trace.lines().skip(skip).take(TRACE_LINES) {
                    lines.push(Line::styled(format!("    {line}"), theme.muted));
                }
                if total > TRACE_LINES {
                    lines.push(Line::styled(
                        format!("    (first {TRACE_LINES} of {total} trace lines)"),
                        theme.muted,
                    ));
                }
            }
            lines.push(Line::styled(
                format!("    in {}", sanitize_line(&error.file)),
                theme.muted,
            ));
        }
    }
}

/// Trace lines shown per run-level error.
const TRACE_LINES: usize = 6;
