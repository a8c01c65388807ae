//! ACEScct (S-2016-001): AP1 primaries, log2 encoding with a linear toe below 2^-7.

use super::primaries::{rgb_to_rgb, AP0, AP1};
use crate::ops::{CameraLog, Matrix, Op};

/// The ACEScct curve as a CLF camera log: `(log2(x) + 9.72) / 17.52` above 2^-7.
pub fn acescct_curve() -> CameraLog {
    CameraLog::new(2.0, 1.0 / 17.52, 9.72 / 17.52, 1.0, 0.0, 0.0078125)
}

/// ACES2065-1 to ACEScct.
pub fn aces_to_acescct() -> Vec<Op> {
    vec![
        Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1))),
        Op::LinToLog(acescct_curve()),
    ]
}

/// ACEScct to ACES2065-1.
pub fn acescct_to_aces() -> Vec<Op> {
    vec![
        Op::LogToLin(acescct_curve()),
        Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP1, &AP0))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_toe_constants_of_the_specification_follow_from_the_curve() {
        // S-2016-001 publishes A = 10.5402377416545 and B = 0.0729055341958355.
        let curve = acescct_curve();
        assert!((curve.linear_slope() - 10.5402377416545).abs() < 1e-5);
        assert!((curve.lin_to_log(0.0) as f64 - 0.0729055341958355).abs() < 1e-7);
    }

    #[test]
    fn mid_grey_encodes_to_the_published_value() {
        // 0.18 -> 0.4135884 (S-2016-001).
        assert!((acescct_curve().lin_to_log(0.18) - 0.413_588_4).abs() < 1e-6);
    }
}
