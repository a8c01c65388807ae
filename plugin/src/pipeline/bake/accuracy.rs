//! How far fast mode is from exact mode, on in-gamut input: the figure `amfx bench --mode fast`
//! prints and the tests hold to one 10-bit code value.
//!
//! The samples fill the input domain in the shaper's spacing, one jittered point per stratum of
//! a `k`³ grid (so they fall between the lattice's nodes, not on them):
//! - code-value domains: code values in [0, 1]³ (camera log, ACEScct, display code values);
//! - scene-linear domains: ACES values from 0 to the top of the domain, every combination.
//!
//! A sample counts when it is in gamut and its exact output is strictly inside (0, 1) on every
//! channel (display code values of something the display shows unclipped); the error is the
//! largest absolute difference of any channel. This is the in-gamut set of the one-code-value
//! target; `measure_up_to_saturation` reports its less saturated parts, and nothing here measures
//! outside it (clipped outputs, negative AP1), where fast mode is defined but not held to it. In gamut means inside AP1 (no negative ACEScg component) once the
//! input transform (`to_aces`, when given) has made it ACES2065-1: the camera cube's corners are
//! colours no scene has, and there the ACES 2.0 output transform itself jumps from white to
//! black between neighbouring code values (OpenColorIO too), which no LUT can follow.

use rayon::prelude::*;

use super::{BakedPipeline, InputDomain};
use crate::aces::{rgb_to_rgb, AP0, AP1};
use crate::ops::Matrix;
use crate::pipeline::Pipeline;

/// Samples per axis of the standard check (48³ ≈ 110k samples).
pub const SAMPLES_PER_AXIS: usize = 48;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Accuracy {
    /// Largest absolute difference on any channel, in output units.
    pub max_error: f32,
    /// An input where it occurs.
    pub worst_input: [f32; 3],
    /// Samples compared (those with an exact output inside [0, 1]).
    pub samples: usize,
}

impl Accuracy {
    /// The error in 10-bit code values (1 = 1/1023).
    pub fn in_10bit_codes(&self) -> f32 {
        self.max_error * 1023.0
    }
}

/// Compares `baked` with `exact` over the in-gamut samples of the baked domain; `to_aces` takes
/// an input to ACES2065-1 (an empty pipeline for ACES input; None: every sample is in gamut,
/// for display code values in).
pub fn measure(
    exact: &Pipeline,
    baked: &BakedPipeline,
    to_aces: Option<&Pipeline>,
    per_axis: usize,
) -> Accuracy {
    measure_up_to_saturation(exact, baked, to_aces, 1.0, per_axis)
}

/// [`measure`] on the samples whose AP1 saturation, (max − min) / max of the ACEScg
/// components, is at most `max_saturation` (needs `to_aces`; 1 keeps all of AP1).
pub fn measure_up_to_saturation(
    exact: &Pipeline,
    baked: &BakedPipeline,
    to_aces: Option<&Pipeline>,
    max_saturation: f32,
    per_axis: usize,
) -> Accuracy {
    let to_ap1 = Matrix::from_rows(rgb_to_rgb(&AP0, &AP1));
    let domain = baked.domain();
    let per_axis = per_axis.max(2);
    // Shaper positions of the sampled range, per axis.
    let (lo, hi) = match domain {
        InputDomain::SceneLinear => (domain.to_unit(0.0), 1.0),
        InputDomain::CodeValue { .. } => (domain.to_unit(0.0), domain.to_unit(1.0)),
    };
    let total = per_axis * per_axis * per_axis;
    let sample = |index: usize| -> [f32; 3] {
        let cell = [
            index / (per_axis * per_axis),
            (index / per_axis) % per_axis,
            index % per_axis,
        ];
        std::array::from_fn(|c| {
            let t = (cell[c] as f64 + jitter(index, c)) / per_axis as f64;
            domain.from_unit(lo + t * (hi - lo)) as f32
        })
    };
    let none = Accuracy {
        max_error: 0.0,
        worst_input: [0.0; 3],
        samples: 0,
    };
    (0..total)
        .into_par_iter()
        .chunks(4096)
        .map(|indices| {
            let inputs: Vec<[f32; 3]> = indices
                .iter()
                .map(|&i| sample(i))
                .filter(|&px| {
                    to_aces.is_none_or(|p| {
                        let cg = to_ap1.eval(p.eval_rgb(px));
                        let (low, high) =
                            (cg[0].min(cg[1]).min(cg[2]), cg[0].max(cg[1]).max(cg[2]));
                        let saturation = if high > 0.0 { (high - low) / high } else { 0.0 };
                        low >= -1e-6 && saturation <= max_saturation
                    })
                })
                .collect();
            let mut e = planar(&inputs);
            let mut f = planar(&inputs);
            {
                let [r, g, b] = &mut e;
                exact.apply(r, g, b);
            }
            {
                let [r, g, b] = &mut f;
                baked.apply(r, g, b);
            }
            let mut acc = none;
            for (k, input) in inputs.iter().enumerate() {
                let want = [e[0][k], e[1][k], e[2][k]];
                if !want.iter().all(|&v| v > 0.0 && v < 1.0) {
                    continue;
                }
                acc.samples += 1;
                let error = (0..3).fold(0f32, |m, c| m.max((f[c][k] - want[c]).abs()));
                // NaN in the fast result counts as the worst error.
                let error = if error.is_nan() { f32::INFINITY } else { error };
                if error > acc.max_error {
                    acc.max_error = error;
                    acc.worst_input = *input;
                }
            }
            acc
        })
        .reduce(
            || none,
            |a, b| {
                let mut best = if b.max_error > a.max_error { b } else { a };
                best.samples = a.samples + b.samples;
                best
            },
        )
}

fn planar(inputs: &[[f32; 3]]) -> [Vec<f32>; 3] {
    std::array::from_fn(|c| inputs.iter().map(|px| px[c]).collect())
}

/// A deterministic offset in [0.1, 0.9) for sample `index`, channel `c`.
fn jitter(index: usize, c: usize) -> f64 {
    let mut h = (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ (c as u64 + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 31;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 29;
    0.1 + 0.8 * (h >> 11) as f64 / (1u64 << 53) as f64
}
