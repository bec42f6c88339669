//! Small text helpers shared by the documents and panes: formatting times and durations, cutting to width.

use unicode_width::UnicodeWidthStr;

pub use crate::summary::format_duration;

/// "1 run", "3 runs", "2 matches", "4 entries": a count with its noun.
#[must_use]
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        return format!("1 {noun}");
    }
    let consonant_y =
        noun.ends_with('y') && !noun[..noun.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{count} {}ies", &noun[..noun.len() - 1])
    } else if ["ch", "sh", "s", "x"].iter().any(|e| noun.ends_with(e)) {
        format!("{count} {noun}es")
    } else {
        format!("{count} {noun}s")
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, for tables where attempts minutes apart must differ.
#[must_use]
pub fn format_time_seconds(ms: i64) -> String {
    format!(
        "{}:{:02}",
        format_time(ms),
        ms.div_euclid(1000).rem_euclid(60)
    )
}

/// `YYYY-MM-DD HH:MM` in UTC for an epoch-ms timestamp.
#[must_use]
pub fn format_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// "3h ago", "2d ago" relative to `now`.
#[must_use]
pub fn format_ago(ms: i64, now: i64) -> String {
    let secs = (now - ms) / 1000;
    match secs {
        s if s < 0 => "in the future".to_owned(),
        s if s < 60 => "just now".to_owned(),
        s if s < 3600 => format!("{}m ago", s / 60),
        s if s < 86_400 => format!("{}h ago", s / 3600),
        s => format!("{}d ago", s / 86_400),
    }
}

/// Cuts a string to a display width, with an ellipsis when cut.
#[must_use]
pub fn fit(text: &str, width: usize, ellipsis: &str) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let budget = width.saturating_sub(ellipsis.width());
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push_str(ellipsis);
    out
}

/// Cuts a string to a display width by dropping its middle, so the end that tells similar names
/// apart stays: `test_escaping[markup-<b>]` becomes `test_es…[markup-<b>]`. A trailing
/// `[…]` or `(…)` (parameters) is kept whole when it takes at most two thirds of the room.
#[must_use]
pub fn fit_middle(text: &str, width: usize, ellipsis: &str) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let budget = width.saturating_sub(ellipsis.width());
    if budget < 4 {
        return fit(text, width, ellipsis);
    }
    let params = [('[', ']'), ('(', ')')].iter().find_map(|&(open, close)| {
        text.ends_with(close)
            .then(|| text.rfind(open))
            .flatten()
            .map(|at| text[at..].width())
    });
    let tail_w = match params {
        Some(w) if w <= budget * 2 / 3 => w,
        _ => budget / 2,
    };
    let head_w = budget - tail_w;
    let head = take_width(text.chars(), head_w);
    let mut tail: Vec<char> = take_width(text.chars().rev(), tail_w).chars().collect();
    tail.reverse();
    format!("{head}{ellipsis}{}", tail.into_iter().collect::<String>())
}

fn take_width(chars: impl Iterator<Item = char>, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in chars {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00");
        assert_eq!(format_time(1_795_316_271_026), "2026-11-22 02:57");
    }

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("abcdef", 4, "…"), "abc…");
        assert_eq!(fit("日本語テキスト", 5, "…"), "日本…");
        assert_eq!(fit("ok", 4, "…"), "ok");
    }

    #[test]
    fn plurals_read_right() {
        assert_eq!(plural(1, "test"), "1 test");
        assert_eq!(plural(0, "test"), "0 tests");
        assert_eq!(plural(2, "match"), "2 matches");
        assert_eq!(plural(3, "plan entry"), "3 plan entries");
        assert_eq!(plural(2, "day"), "2 days");
    }

    #[test]
    fn middle_cuts_keep_the_distinguishing_end() {
        assert_eq!(
            fit_middle("test_escaping[markup-<b>]", 20, "…"),
            "test_es…[markup-<b>]"
        );
        assert_eq!(
            fit_middle("test_string_interpolation_with_format", 20, "…"),
            "test_strin…th_format"
        );
        assert_eq!(fit_middle("short", 20, "…"), "short");
        assert_eq!(fit_middle("abcdefghij", 8, "..."), "abc...ij");
    }
}
