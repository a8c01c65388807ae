//! Golden tests: amfx's scalar reference against OpenColorIO 2.6 (values made by `scripts/golden`).
//!
//! Tolerance (DESIGN.md): 1e-5, absolute up to 1 and relative above. "Relative" is taken against
//! the pixel's largest channel: a channel that is a small difference of large terms (the AP1 to AP0
//! matrix on a pixel of 20000) carries the rounding of those terms, in OpenColorIO as in amfx.
//! Where OpenColorIO gives NaN for a finite input, amfx must give NaN too. For inputs with a NaN or
//! infinite channel OpenColorIO is not consistent (ACEScct alone turns NaN into the curve's floor,
//! the same curve inside a CDL chain returns NaN); amfx lets NaN propagate, and the test accepts
//! NaN or OpenColorIO's value there. Which value such pixels get in the host is settled by the
//! hardening work.

use std::path::{Path, PathBuf};

use amfx::aces;
use amfx::ops::{Cdl, CdlStyle};
use amfx::pipeline::Pipeline;

const TOLERANCE: f32 = 1e-5;
/// Beyond the half-float range (65504) a pixel is the exp2 of an f32 argument above 16, whose
/// last-bit rounding alone is 5e-6 relative: there both OpenColorIO and amfx are a few ulps from
/// the exact value, so the bound is 3e-5 relative. No image file carries such values.
const TOLERANCE_BEYOND_HALF: f32 = 3e-5;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn read_f32(path: &Path) -> Vec<[f32; 3]> {
    let bytes = std::fs::read(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/golden)", path.display()));
    assert_eq!(bytes.len() % 12, 0, "{} is not RGB float32", path.display());
    bytes
        .chunks_exact(12)
        .map(|px| {
            std::array::from_fn(|c| f32::from_le_bytes(px[4 * c..4 * c + 4].try_into().unwrap()))
        })
        .collect()
}

/// Checks every pixel of a golden case; returns the worst error within the half-float range.
fn check(case: &str, pipeline: &Pipeline) -> f32 {
    let inputs = read_f32(&golden_dir().join(format!("{case}.in.f32")));
    let expected = read_f32(&golden_dir().join(format!("{case}.f32")));
    assert_eq!(
        inputs.len(),
        expected.len(),
        "{case}: input and output counts differ"
    );
    let mut worst = 0.0f32;
    for (input, want) in inputs.iter().zip(&expected) {
        let got = pipeline.eval_rgb(*input);
        let magnitude = want
            .iter()
            .filter(|v| v.is_finite())
            .fold(1.0f32, |m, v| m.max(v.abs()));
        for c in 0..3 {
            if !input.iter().all(|v| v.is_finite()) && (got[c].is_nan() || want[c].is_nan()) {
                continue;
            }
            if want[c].is_nan() {
                assert!(
                    got[c].is_nan(),
                    "{case}: {input:?} gave {got:?}, OpenColorIO {want:?}"
                );
                continue;
            }
            if want[c].abs() > 1e30 {
                // Beyond any image value; only the sign and magnitude class are meaningful.
                assert!(
                    got[c].signum() == want[c].signum() && got[c].abs() > 1e29,
                    "{case}: {input:?} gave {got:?}, OpenColorIO {want:?}"
                );
                continue;
            }
            let error = (got[c] - want[c]).abs() / magnitude;
            let tolerance = if magnitude > 65504.0 {
                TOLERANCE_BEYOND_HALF
            } else {
                TOLERANCE
            };
            if magnitude <= 65504.0 {
                worst = worst.max(error);
            }
            assert!(
                error <= tolerance,
                "{case}: {input:?} gave {got:?}, OpenColorIO {want:?} (error {error:e})"
            );
        }
    }
    eprintln!(
        "{case}: {} pixels, worst error {worst:.2e} (within the half-float range)",
        inputs.len()
    );
    worst
}

const GRADE: Cdl = Cdl {
    slope: [1.1, 0.95, 1.2],
    offset: [0.01, -0.02, 0.0],
    power: [0.9, 1.1, 1.0],
    saturation: 0.8,
    style: CdlStyle::NoClamp,
    reverse: false,
};

const STRONG: Cdl = Cdl {
    slope: [1.6, 0.7, 1.3],
    offset: [-0.05, 0.04, 0.1],
    power: [1.4, 0.6, 2.0],
    saturation: 1.7,
    style: CdlStyle::NoClamp,
    reverse: false,
};

#[test]
fn aces_to_acescct_matches_opencolorio() {
    let pipeline = Pipeline::new(aces::aces_to_acescct());
    check("aces_to_acescct_stops", &pipeline);
    check("aces_to_acescct_range", &pipeline);
}

#[test]
fn acescct_to_aces_matches_opencolorio() {
    check("acescct_to_aces", &Pipeline::new(aces::acescct_to_aces()));
}

#[test]
fn cdl_in_acescct_matches_opencolorio() {
    for (name, cdl) in [("grade", GRADE), ("strong", STRONG)] {
        let pipeline = Pipeline::cdl_in_acescct(&cdl);
        check(&format!("cdl_{name}_stops"), &pipeline);
        check(&format!("cdl_{name}_range"), &pipeline);
    }
}

#[test]
fn clamped_cdl_in_acescct_matches_opencolorio() {
    for (name, cdl) in [("grade", GRADE), ("strong", STRONG)] {
        let clamped = Cdl {
            style: CdlStyle::Clamp,
            ..cdl
        };
        check(
            &format!("cdl_{name}_clamp_stops"),
            &Pipeline::cdl_in_acescct(&clamped),
        );
    }
}

#[test]
fn inverse_cdl_in_acescct_matches_opencolorio() {
    for (name, cdl) in [("grade", GRADE), ("strong", STRONG)] {
        let inverse = Pipeline::cdl_in_acescct(&cdl)
            .inverse()
            .expect("invertible");
        check(&format!("cdl_{name}_inverse"), &inverse);
    }
}
