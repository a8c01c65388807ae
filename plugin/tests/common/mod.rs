//! What the golden tests share: reading the oracle's raw float32 files and the comparison rule.
//!
//! The rule (DESIGN.md): 1e-5, absolute up to 1 and relative above, where "relative" is taken
//! against the pixel's largest channel — a channel that is a small difference of large terms (the
//! AP1 to AP0 matrix on a pixel of 20000) carries the rounding of those terms in OpenColorIO as in
//! amfx. Beyond the half-float range (65504) a value is the exp2 of an f32 argument above 16,
//! whose last-bit rounding alone is 5e-6 relative, so the bound there is 3e-5. Where OpenColorIO
//! gives NaN for a finite input amfx must give NaN too. For inputs with a NaN or infinite channel
//! OpenColorIO is not consistent (ACEScct alone turns NaN into the curve's floor, the same curve in
//! a CDL chain returns NaN); amfx lets NaN propagate, and either answer is accepted there. Inputs
//! beyond the half-float range (the oracle's 1e30 special pixel) are not compared: no image carries
//! them, and OpenColorIO's own fast pow saturates there (a 1e30 pixel through an Exponent comes
//! out 100x apart from the exact value).

#![allow(dead_code)] // each test binary uses its part

use std::path::Path;

pub const TOLERANCE: f32 = 1e-5;
pub const TOLERANCE_BEYOND_HALF: f32 = 3e-5;

/// Raw little-endian float32 RGB triplets; None if the file is missing.
pub fn read_f32(path: &Path) -> Option<Vec<[f32; 3]>> {
    let bytes = std::fs::read(path).ok()?;
    assert_eq!(bytes.len() % 12, 0, "{} is not RGB float32", path.display());
    Some(
        bytes
            .chunks_exact(12)
            .map(|px| {
                std::array::from_fn(|c| {
                    f32::from_le_bytes([px[4 * c], px[4 * c + 1], px[4 * c + 2], px[4 * c + 3]])
                })
            })
            .collect(),
    )
}

/// The error of one pixel against OpenColorIO's (0 where the rule accepts anything), or why it
/// fails the rule.
pub fn pixel_error(input: &[f32; 3], got: &[f32; 3], want: &[f32; 3]) -> Result<f32, String> {
    let magnitude = want
        .iter()
        .filter(|v| v.is_finite())
        .fold(1.0f32, |m, v| m.max(v.abs()));
    let finite_input = input.iter().all(|v| v.is_finite());
    if input.iter().any(|v| v.abs() > 65504.0) {
        return Ok(0.0);
    }
    let mut worst = 0.0f32;
    for c in 0..3 {
        if !finite_input && (got[c].is_nan() || want[c].is_nan()) {
            continue;
        }
        if want[c].is_nan() {
            if !got[c].is_nan() {
                return Err(format!("channel {c}: OpenColorIO NaN"));
            }
            continue;
        }
        if want[c].abs() > 1e30 {
            // Beyond any image value; only the sign and magnitude class are meaningful.
            if got[c].signum() != want[c].signum() || got[c].abs() <= 1e29 {
                return Err(format!("channel {c}: beyond 1e30"));
            }
            continue;
        }
        let error = (got[c] - want[c]).abs() / magnitude;
        let tolerance = if magnitude > 65504.0 {
            TOLERANCE_BEYOND_HALF
        } else {
            TOLERANCE
        };
        if error.is_nan() || error > tolerance {
            return Err(format!("channel {c}: error {error:e}"));
        }
        if magnitude <= 65504.0 {
            worst = worst.max(error);
        }
    }
    Ok(worst)
}

/// Compares `eval` with OpenColorIO on every pixel of a golden pair; panics on the first pixel
/// that fails the rule, returns the worst error within the half-float range.
pub fn check_pair(
    case: &str,
    inputs: &Path,
    expected: &Path,
    eval: impl Fn([f32; 3]) -> [f32; 3],
) -> f32 {
    let inputs = read_f32(inputs)
        .unwrap_or_else(|| panic!("{} is missing (run scripts/golden)", inputs.display()));
    let expected = read_f32(expected)
        .unwrap_or_else(|| panic!("{} is missing (run scripts/golden)", expected.display()));
    assert_eq!(
        inputs.len(),
        expected.len(),
        "{case}: input and output counts differ"
    );
    let mut worst = 0.0f32;
    for (input, want) in inputs.iter().zip(&expected) {
        let got = eval(*input);
        match pixel_error(input, &got, want) {
            Ok(e) => worst = worst.max(e),
            Err(why) => panic!("{case}: {input:?} gave {got:?}, OpenColorIO {want:?} ({why})"),
        }
    }
    eprintln!(
        "{case}: {} pixels, worst error {worst:.2e} (within the half-float range)",
        inputs.len()
    );
    worst
}

/// The block path of `pipeline` (`Pipeline::apply`: the vector kernels, runs of ops fused into
/// one pass of registers where the processor has them) over `inputs`, in the kernel's blocks.
pub fn block_path(pipeline: &amfx::pipeline::Pipeline, inputs: &[[f32; 3]]) -> Vec<[f32; 3]> {
    let mut out = Vec::with_capacity(inputs.len());
    for block in inputs.chunks(amfx::kernel::BLOCK) {
        let [mut r, mut g, mut b]: [Vec<f32>; 3] =
            std::array::from_fn(|c| block.iter().map(|px| px[c]).collect());
        pipeline.apply(&mut r, &mut g, &mut b);
        out.extend((0..block.len()).map(|i| [r[i], g[i], b[i]]));
    }
    out
}
