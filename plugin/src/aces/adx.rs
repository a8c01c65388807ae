//! ADX (Academy Density Exchange, S-2008-001/SMPTE ST 2065-3) film scans to ACES2065-1, as the
//! ACEScsc.ADX10/ADX16_to_ACES CTL computes it: ADX code values → channel-dependent density →
//! channel-independent density (a matrix) → relative log exposure (a table, then a straight line
//! above density 0.6) → exposure → ACES (a matrix).
//!
//! The density-to-log-exposure step is piecewise linear with every knot on a multiple of 0.001
//! density, so a LUT1D sampled every 0.001 reproduces it exactly (up to f32). OpenColorIO (the
//! reference) samples it at every half float instead, which bends it within one half step of a
//! knot (up to 3e-5 relative in exposure); see tests/golden.rs. Like OpenColorIO, densities below
//! the table extend its first segment (down to log exposure −10, where the CTL holds −6) and log
//! exposures stop at log10(65504).

use std::sync::LazyLock;

use crate::ops::{Log, LogParams, LogStyle, Lut1d, Matrix, Op, Range};

/// The two ADX encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdxDepth {
    Ten,
    Sixteen,
}

/// Channel-dependent to channel-independent density (the CTL's matrix, transposed for column
/// vectors).
const CDD_TO_CID: [[f64; 3]; 3] = [
    [0.75573, 0.22197, 0.02230],
    [0.05901, 0.96928, -0.02829],
    [0.16134, 0.07406, 0.76460],
];

/// Relative exposure to ACES2065-1 (the CTL's matrix, transposed).
const EXPOSURE_TO_ACES: [[f64; 3]; 3] = [
    [0.72286, 0.12630, 0.15084],
    [0.11923, 0.76418, 0.11659],
    [0.01427, 0.08213, 0.90359],
];

/// Channel-independent density to relative log exposure, up to density 0.6.
const DENSITY_TO_LOG_EXPOSURE: [[f64; 2]; 11] = [
    [-0.19, -6.0],
    [0.01, -2.721_718_645],
    [0.028, -2.521_718_645],
    [0.054, -2.321_718_645],
    [0.095, -2.121_718_645],
    [0.145, -1.921_718_645],
    [0.22, -1.721_718_645],
    [0.3, -1.521_718_645],
    [0.4, -1.321_718_645],
    [0.5, -1.121_718_645],
    [0.6, -0.926_545_676_714_876],
];

/// Lowest and highest log exposure (the lower end is OpenColorIO's extension of the table).
const LOG_EXPOSURE_FLOOR: f64 = -10.0;
const LOG_EXPOSURE_CEILING: f64 = 4.816_267_8;

/// Above density 0.6: log exposure = 100/55 · density − REF_PT (a 0.55 film gamma through the
/// density of an 18 % grey card).
fn straight_line(density: f64) -> f64 {
    let ref_pt = (7120.0 - 1520.0) / 8000.0 * (100.0 / 55.0) - 0.18f64.log10();
    (100.0 / 55.0) * density - ref_pt
}

/// Relative log exposure of a channel-independent density (f64, the CTL with OpenColorIO's ends;
/// the pixel path clamps with a Range after the LUT instead).
#[cfg(test)]
fn log_exposure(density: f64) -> f64 {
    unclamped_log_exposure(density).clamp(LOG_EXPOSURE_FLOOR, LOG_EXPOSURE_CEILING)
}

/// The table, its first segment extended below it and the straight line above it, unclamped.
fn unclamped_log_exposure(density: f64) -> f64 {
    let table = &DENSITY_TO_LOG_EXPOSURE;
    let [x0, y0] = table[0];
    let [x_last, _] = table[table.len() - 1];
    if density.is_nan() {
        density
    } else if density < x0 {
        let slope = (table[1][1] - y0) / (table[1][0] - x0);
        y0 - slope * (x0 - density)
    } else if density <= x_last {
        let i = table
            .windows(2)
            .position(|w| density <= w[1][0])
            .unwrap_or(table.len() - 2);
        let ([xa, ya], [xb, yb]) = (table[i], table[i + 1]);
        ya + (density - xa) / (xb - xa) * (yb - ya)
    } else {
        straight_line(density)
    }
}

/// The densities the table spans: from where the extended first segment reaches the floor to where
/// the straight line reaches the ceiling (both rounded outwards to the 0.001 grid of the knots).
const LUT_DENSITY_LOW: f64 = -0.44;
const LUT_DENSITY_HIGH: f64 = 3.76;
const LUT_DENSITY_STEP: f64 = 0.001;

/// The table, built once (4201 entries from `LUT_DENSITY_LOW` to `LUT_DENSITY_HIGH`), without the
/// floor and ceiling, whose knots are off the grid: a Range after it clamps exactly.
static LOG_EXPOSURE_LUT: LazyLock<Option<Lut1d>> = LazyLock::new(|| {
    let entries = ((LUT_DENSITY_HIGH - LUT_DENSITY_LOW) / LUT_DENSITY_STEP).round() as usize + 1;
    let values = (0..entries)
        .map(|i| unclamped_log_exposure(LUT_DENSITY_LOW + i as f64 * LUT_DENSITY_STEP) as f32)
        .collect();
    Lut1d::new(values, 1, false).ok()
});

/// Density to the LUT's 0–1 input.
fn density_to_lut_input() -> Matrix {
    let scale = 1.0 / (LUT_DENSITY_HIGH - LUT_DENSITY_LOW);
    Matrix::new(
        [[scale, 0.0, 0.0], [0.0, scale, 0.0], [0.0, 0.0, scale]],
        [-LUT_DENSITY_LOW * scale; 3],
    )
}

/// ADX code values (0–1) to ACES2065-1.
pub fn adx_to_aces(depth: AdxDepth) -> Option<Vec<Op>> {
    // Code value to channel-dependent density: (cv − offset) / step, cv = stored value · full scale.
    let (full_scale, offset, step) = match depth {
        AdxDepth::Ten => (1023.0, 95.0, 500.0),
        AdxDepth::Sixteen => (65535.0, 1520.0, 8000.0),
    };
    let scale = full_scale / step;
    let to_density = Matrix::new(
        [[scale, 0.0, 0.0], [0.0, scale, 0.0], [0.0, 0.0, scale]],
        [-offset / step; 3],
    );
    Some(vec![
        Op::Matrix(density_to_lut_input().after(&Matrix::from_rows(CDD_TO_CID).after(&to_density))),
        Op::Lut1d(LOG_EXPOSURE_LUT.as_ref()?.clone()),
        Op::Range(
            Range::new(
                Some(LOG_EXPOSURE_FLOOR),
                Some(LOG_EXPOSURE_CEILING),
                Some(LOG_EXPOSURE_FLOOR),
                Some(LOG_EXPOSURE_CEILING),
                true,
            )
            .ok()?,
        ),
        Op::Log(Log::new(LogStyle::AntiLog10, [LogParams::default(); 3]).ok()?),
        Op::Matrix(Matrix::from_rows(EXPOSURE_TO_ACES)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    #[test]
    fn the_table_and_the_line_meet_at_density_0_6() {
        let below = log_exposure(0.6);
        let above = straight_line(0.6);
        assert!((below - above).abs() < 1e-9, "{below} vs {above}");
    }

    #[test]
    fn the_lut_follows_the_table_between_its_knots() {
        let chain = Pipeline::new(vec![
            Op::Matrix(density_to_lut_input()),
            Op::Lut1d(LOG_EXPOSURE_LUT.clone().unwrap()),
        ]);
        for density in [
            -0.3f64, -0.1, 0.0, 0.01, 0.02, 0.028, 0.12345, 0.33, 0.55, 0.9, 1.7, 3.5,
        ] {
            let got = chain.eval_rgb([density as f32; 3])[0] as f64;
            let want = unclamped_log_exposure(density as f32 as f64);
            assert!((got - want).abs() < 2e-6, "{density}: {got} vs {want}");
        }
    }

    /// The CTL in f64 on ADX10 code values (inside the table, where CTL and OpenColorIO agree).
    fn ctl_adx10(cv: [f64; 3]) -> [f64; 3] {
        let cdd = cv.map(|v| (v - 95.0) / 500.0);
        let cid = [0, 1, 2].map(|i| (0..3).map(|j| CDD_TO_CID[i][j] * cdd[j]).sum::<f64>());
        let exposure = cid.map(|d| 10f64.powf(log_exposure(d)));
        [0, 1, 2].map(|i| (0..3).map(|j| EXPOSURE_TO_ACES[i][j] * exposure[j]).sum())
    }

    #[test]
    fn adx10_matches_the_ctl_in_f64() {
        let chain = Pipeline::new(adx_to_aces(AdxDepth::Ten).unwrap());
        let mut worst = 0f64;
        for r in (100..1000).step_by(37) {
            for g in (100..1000).step_by(53) {
                for b in (100..1000).step_by(71) {
                    let cv = [r as f64, g as f64, b as f64];
                    let want = ctl_adx10(cv);
                    let got = chain.eval_rgb(cv.map(|v| (v / 1023.0) as f32));
                    for i in 0..3 {
                        let rel = (got[i] as f64 - want[i]).abs() / want[i].abs().max(1e-2);
                        worst = worst.max(rel);
                    }
                }
            }
        }
        assert!(worst < 2e-6, "worst relative error {worst:e}");
    }

    #[test]
    fn exposure_stops_exactly_at_the_ceiling() {
        // Densities around where the line meets log10(65504): the clamp must not bend the line.
        let chain = Pipeline::new(adx_to_aces(AdxDepth::Sixteen).unwrap());
        let ops = adx_to_aces(AdxDepth::Sixteen).unwrap();
        let upto_log = Pipeline::new(ops[..3].to_vec());
        let ceiling_density = (LOG_EXPOSURE_CEILING + straight_line(0.0).abs()) * 0.55;
        for offset in [-0.003, -0.0005, -0.0001, 0.0001, 0.002] {
            let density = ceiling_density + offset;
            // A neutral density: the matrix rows sum to 1 (up to 1e-5), so cdd = cid.
            let code = ((density * 8000.0 + 1520.0) / 65535.0) as f32;
            let got = upto_log.eval_rgb([code; 3])[1] as f64;
            let cid = (code as f64 * 65535.0 - 1520.0) / 8000.0 * 1.0;
            let cid = cid * (CDD_TO_CID[1].iter().sum::<f64>());
            let want = log_exposure(cid);
            assert!((got - want).abs() < 2e-6, "{density}: {got} vs {want}");
        }
        assert!(chain.eval_rgb([1.0; 3]).iter().all(|v| v.is_finite()));
    }

    #[test]
    fn nan_and_infinities_do_not_panic() {
        for depth in [AdxDepth::Ten, AdxDepth::Sixteen] {
            let chain = Pipeline::new(adx_to_aces(depth).unwrap());
            // Infinite density saturates at the ceiling: 65504 in exposure, finite ACES.
            let out = chain.eval_rgb([f32::INFINITY, 0.5, 0.5]);
            assert!(out.iter().all(|v| v.is_finite()), "{out:?}");
            let _ = chain.eval_rgb([f32::NAN, f32::NEG_INFINITY, 0.5]);
        }
    }
}
