//! Sparklines and status strips as plain strings (no terminal needed).

use crate::model::Status;
use crate::symbols::Symbols;

/// How far above the median a value may be and still set the scale: beyond it, a value is an
/// outlier (a broken clock, one hung run) that is drawn at the top without flattening the rest.
pub const OUTLIER_FACTOR: f64 = 10.0;

/// The top of a sparkline's scale: the largest value not above [`OUTLIER_FACTOR`] times the
/// median (with at least three values; otherwise simply the largest).
fn scale_top(values: &[Option<f64>]) -> f64 {
    let mut present: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    present.sort_by(f64::total_cmp);
    let max = present.last().copied().unwrap_or(0.0);
    if present.len() < 3 {
        return max;
    }
    let median = present[present.len() / 2];
    if median <= 0.0 {
        return max;
    }
    present
        .iter()
        .copied()
        .filter(|v| *v <= median * OUTLIER_FACTOR)
        .fold(0.0_f64, f64::max)
}

/// A sparkline of values scaled between 0 and the maximum (outliers aside, see
/// [`OUTLIER_FACTOR`]); `None` draws a gap.
#[must_use]
pub fn sparkline(values: &[Option<f64>], symbols: &Symbols) -> String {
    let max = scale_top(values);
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

/// A sparkline scaled between the minimum and maximum value (outliers aside, see
/// [`OUTLIER_FACTOR`]), for series that never approach zero (pass rate, duration); a flat series
/// draws at mid height.
#[must_use]
pub fn sparkline_range(values: &[Option<f64>], symbols: &Symbols) -> String {
    let min = values
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let max = scale_top(values);
    let top = symbols.spark.len() - 1;
    values
        .iter()
        .map(|v| match v {
            None => symbols.absent,
            Some(_) if max - min <= f64::EPSILON => symbols.spark[top / 2],
            Some(v) => {
                let level = ((v - min) / (max - min)) * top as f64;
                symbols.spark[level.round().clamp(0.0, top as f64) as usize]
            }
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
    fn one_absurd_value_does_not_flatten_the_rest() {
        // A run whose clock read decades: drawn at the top, the others keep their shape.
        let values = [Some(2.0), Some(8.0), Some(4.0), Some(6.3e13), Some(8.0)];
        assert_eq!(sparkline(&values, &Symbols::UNICODE), "▃█▅██");
        assert_eq!(sparkline_range(&values, &Symbols::UNICODE), "▁█▃██");
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
