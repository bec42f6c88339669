//! ISO 8601 date-times as `JUnit` `timestamp` and Cucumber `start_timestamp` write them, to epoch
//! ms.
//!
//! Allure 2 (`JunitXmlPlugin`: `ZonedDateTimeParser`, then `LocalDateTimeParser` in the JVM's
//! default zone) reads `2026-03-01T10:15:30`, `2026-03-01T10:15:30.123456+02:00` and
//! `2026-03-01T10:20:00Z`. A time without a zone is read as UTC here, so the answer does not
//! depend on the machine (Allure 2's depends on the JVM's zone; the oracle ran in UTC). Hand-made
//! rather than a date crate: one fixed format, a dozen lines, no new dependency. No terminal
//! dependencies.

/// Parses `YYYY-MM-DD[T| ]hh:mm[:ss[.fraction]][Z|±hh[:]mm]` to epoch ms (fractions below a
/// millisecond are dropped). `None` for anything else, or a field out of range.
#[must_use]
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    let mut at = 16;
    let mut second = 0;
    let mut millis = 0;
    if b.get(at) == Some(&b':') {
        second = num(at + 1..at + 3)?;
        at += 3;
        if matches!(b.get(at), Some(b'.' | b',')) {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return None;
            }
            for i in 0..3 {
                millis = millis * 10
                    + b.get(at + 1 + i)
                        .filter(|_| i < digits)
                        .map_or(0, |d| i64::from(d - b'0'));
            }
            at += 1 + digits;
        }
    }
    let offset_minutes = match b.get(at) {
        None => 0,
        Some(b'Z' | b'z') if at + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = num(at + 1..at + 3)?;
            let rest = &b[at + 3..];
            let minutes = match rest {
                [] => 0,
                [b':', ..] if rest.len() == 3 => num(at + 4..at + 6)?,
                _ if rest.len() == 2 => num(at + 3..at + 5)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        Some(_) => return None,
    };
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_junit_writers_use_give_allure2s_epoch_ms() {
        // Allure 2.46.1 (TZ=UTC) in the junit-surefire oracle: 1772360130000 and 1772360400000;
        // junit-pytest-reruns: 1796065526274.
        assert_eq!(
            parse_timestamp("2026-03-01T10:15:30"),
            Some(1_772_360_130_000)
        );
        assert_eq!(
            parse_timestamp("2026-03-01T10:20:00Z"),
            Some(1_772_360_400_000)
        );
        assert_eq!(
            parse_timestamp("2026-11-30T19:05:26.274302+00:00"),
            Some(1_796_065_526_274)
        );
        assert_eq!(
            parse_timestamp("2026-03-01T12:15:30+02:00"),
            parse_timestamp("2026-03-01T10:15:30")
        );
        assert_eq!(
            parse_timestamp("2026-03-01 10:15:30.5-0130"),
            Some(1_772_360_130_500 + 90 * 60_000)
        );
        assert_eq!(parse_timestamp("1970-01-01T00:00"), Some(0));
        assert_eq!(parse_timestamp("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(
            parse_timestamp("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
    }

    #[test]
    fn anything_else_is_none() {
        for bad in [
            "",
            "yesterday",
            "2026-02-30T00:00:00",
            "2026-13-01T00:00:00",
            "2026-01-01T24:00:00",
            "2026-01-01T10:00:00+25:00",
            "2026-01-01T10:00:00Zjunk",
            "2026-01-01T10:00:00.",
            "２０２６-01-01T10:00:00",
            "2026-01-01",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}
