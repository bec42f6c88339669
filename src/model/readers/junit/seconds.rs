//! `JUnit` `time` attributes (seconds, as text) to milliseconds.
//!
//! Allure 2 (`JunitXmlPlugin.getTime`) reads `Double.parseDouble(time)` and truncates
//! `BigDecimal.valueOf(seconds) * 1000` toward zero; Allure 3 rounds `parseFloat(time) * 1000`.
//! Both fail on Maven Surefire's grouped thousands (`time="1,234.500"`, Surefire formats with
//! the JVM's locale): Allure 2 drops the time, Allure 3 stops at the comma (1 000 ms). We read
//! the number that was meant (1 234 500 ms), and a lone decimal comma (`0,5`) as a decimal
//! point. Plain decimals are read digit by digit, so `0.253` is exactly 253 ms as in Allure 2.
//! No terminal dependencies.

/// Milliseconds of a `time` attribute, truncated toward zero; negative times are 0.
/// `None` for text that is no number (the caller notes it).
#[must_use]
pub fn parse_seconds(raw: &str) -> Option<i64> {
    let text = raw.trim();
    let normalized: std::borrow::Cow<'_, str> = if is_grouped(text) {
        text.replace(',', "").into()
    } else if text.matches(',').count() == 1 && !text.contains('.') {
        text.replacen(',', ".", 1).into()
    } else {
        text.into()
    };
    let ms = exact_decimal(&normalized).or_else(|| {
        let seconds: f64 = normalized.parse().ok()?;
        let ms = (seconds * 1000.0).trunc();
        (ms.is_finite() && ms.abs() < 9.0e15).then_some(ms as i64)
    })?;
    Some(ms.max(0))
}

/// `1,234` or `12,345,678.9`: digits grouped by three with commas.
fn is_grouped(text: &str) -> bool {
    let int = text.split_once('.').map_or(text, |(int, _)| int);
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let mut rest = groups.peekable();
    // A leading group of `0` is no thousands group: `0,014` is xunit.console's 14 ms on a
    // comma-decimal locale.
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `[+-]digits[.digits]` as milliseconds, digit by digit (no float rounding).
fn exact_decimal(text: &str) -> Option<i64> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if (int.is_empty() && fraction.is_empty())
        || !int
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut ms: i64 = 0;
    for digit in int.bytes() {
        ms = ms.checked_mul(10)?.checked_add(i64::from(digit - b'0'))?;
    }
    ms = ms.checked_mul(1000)?;
    let mut scale = 100;
    for digit in fraction.bytes().take(3) {
        ms += i64::from(digit - b'0') * scale;
        scale /= 10;
    }
    Some(if negative { -ms } else { ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_times_truncate_to_milliseconds_as_allure2() {
        assert_eq!(parse_seconds("0.253"), Some(253));
        assert_eq!(parse_seconds("0.001"), Some(1));
        assert_eq!(parse_seconds("0.0009"), Some(0));
        assert_eq!(parse_seconds(" 1.5 "), Some(1500));
        assert_eq!(parse_seconds("3"), Some(3000));
        assert_eq!(parse_seconds(".5"), Some(500));
        assert_eq!(parse_seconds("1.5E-1"), Some(150));
        assert_eq!(parse_seconds("-2"), Some(0));
    }

    #[test]
    fn surefire_grouped_thousands_and_decimal_commas_are_read_as_meant() {
        assert_eq!(parse_seconds("1,234.500"), Some(1_234_500));
        assert_eq!(parse_seconds("12,345,678"), Some(12_345_678_000));
        assert_eq!(parse_seconds("0,5"), Some(500));
        assert_eq!(
            parse_seconds("0,014"),
            Some(14),
            "a decimal comma, not 14 s"
        );
        assert_eq!(parse_seconds("0,250"), Some(250));
    }

    #[test]
    fn non_numbers_are_none() {
        for bad in [
            "",
            "fast",
            "1,2,3",
            "1.2.3",
            "NaN",
            "inf",
            "99999999999999999999",
            "1e300",
        ] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }
}
