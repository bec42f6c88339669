//! Sparklines and status strips as plain strings (no terminal needed).

use crate::model::Status;
use crate::symbols::Symbols;

/// A sparkline of values scaled between 0 and the maximum; `None` draws a gap.
#[must_use]
pub fn sparkline(values: &[Option<f64>], symbols: &Symbols) -> String {
    let max = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let top = symbols.spark.len() - 1;
    values
        .iter()
        .map(|v| match v {
            None => symbols.absent,
            Some(v) if max <= 0.0 || *v <= 0.0 => symbols.spark[0],
            // Any non-zero value shows at least one step above the floor.
            Some(v) => {
                symbols.spark[((v / max) * top as f64).round().clamp(1.0, top as f64) as usize]
            }
        })
        .collect()
}

/// A sparkline scaled between the minimum and maximum value, for series that never approach
/// zero (pass rate, duration); a flat series draws at mid height.
#[must_use]
pub fn sparkline_range(values: &[Option<f64>], symbols: &Symbols) -> String {
    let present = values.iter().flatten().copied();
    let min = present.clone().fold(f64::INFINITY, f64::min);
    let max = present.fold(f64::NEG_INFINITY, f64::max);
    let top = symbols.spark.len() - 1;
    values
        .iter()
        .map(|v| match v {
            None => symbols.absent,
            Some(_) if max - min <= f64::EPSILON => symbols.spark[top / 2],
            Some(v) => symbols.spark[(((v - min) / (max - min)) * top as f64).round() as usize],
        })
        .collect()
}

/// A strip of status marks, oldest left, newest right.
#[must_use]
pub fn status_strip(
    statuses_oldest_first: impl IntoIterator<Item = Status>,
    symbols: &Symbols,
) -> String {
    statuses_oldest_first
        .into_iter()
        .map(|s| symbols.status_char(s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_to_the_maximum_and_keeps_gaps() {
        let line = sparkline(&[Some(0.0), Some(1.0), None, Some(8.0)], &Symbols::UNICODE);
        assert_eq!(line, "▁▂·█");
    }

    #[test]
    fn range_scaling_spreads_close_values() {
        let line = sparkline_range(&[Some(99.0), Some(100.0), Some(99.5)], &Symbols::UNICODE);
        assert_eq!(line, "▁█▅");
        assert_eq!(
            sparkline_range(&[Some(5.0), Some(5.0)], &Symbols::ASCII),
            "--"
        );
    }

    #[test]
    fn all_zero_is_flat() {
        assert_eq!(sparkline(&[Some(0.0), Some(0.0)], &Symbols::ASCII), "__");
    }

    #[test]
    fn strip_marks_each_status() {
        let strip = status_strip(
            [Status::Passed, Status::Failed, Status::Broken],
            &Symbols::ASCII,
        );
        assert_eq!(strip, "+x!");
    }
}
