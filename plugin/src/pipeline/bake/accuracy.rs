//! How far fast mode is from exact mode, on in-gamut input: the figure `amfx bench --mode fast`
//! prints and the tests hold to one 10-bit code value.
//!
//! The samples fill the input domain in the shaper's spacing, one jittered point per stratum of
//! a `k`³ grid (so they fall between the lattice's nodes, not on them):
//! - code-value domains: code values in [0, 1]³ (camera log, ACEScct, display code values);
//! - scene-linear domains: ACES values from 0 to the top of the domain, every combination.
//!
//! Two sets of samples are reported, both of colours whose exact output is strictly inside (0, 1)
//! on every channel (display code values of something the display shows unclipped); the error is
//! the largest absolute difference of any channel:
//! - **in the display's gamut** (the set the one-code-value target is held on): the sample's ACES
//!   value (after the input transform `to_aces`, when given), converted to the display's limiting
//!   primaries (Rec.709 for a Rec.709 output, P3 for P3, AP1 when the chain ends on no display),
//!   has no negative component. These are the colours a display LUT is for;
//! - **in AP1** (no negative ACEScg component): everything a scene holds, reported beside it
//!   honestly. Saturated colours outside the display's gamut go through the output transform's
//!   gamut compression, which changes faster than a 65³ cell; the camera cube's corners outside
//!   AP1 are colours no scene has (there the ACES 2.0 output transform itself jumps from white to
//!   black between neighbouring code values, OpenColorIO too), and are in neither set.
//!
//! No sample is dropped for any other reason. [`measure_up_to_saturation`] reports the less
//! saturated parts of AP1.

use rayon::prelude::*;

use super::{BakedPipeline, InputDomain};
use crate::aces::{rgb_to_rgb, Chromaticities, AP0, AP1};
use crate::ops::{Matrix, Op};
use crate::pipeline::Pipeline;

/// Samples per axis of the standard check (48³ ≈ 110k samples).
pub const SAMPLES_PER_AXIS: usize = 48;

/// Tolerance of the gamut tests, for components that are 0 up to rounding.
const GAMUT_TOLERANCE: f32 = 1e-6;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Accuracy {
    /// Largest absolute difference on any channel, in output units.
    pub max_error: f32,
    /// An input where it occurs.
    pub worst_input: [f32; 3],
    /// Samples compared (those with an exact output inside (0, 1)).
    pub samples: usize,
}

impl Accuracy {
    /// The error in 10-bit code values (1 = 1/1023).
    pub fn in_10bit_codes(&self) -> f32 {
        self.max_error * 1023.0
    }
}

/// The two figures: in the display's gamut (the target's set) and in all of AP1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Report {
    pub display_gamut: Accuracy,
    pub ap1: Accuracy,
}

/// Compares `baked` with `exact` on the samples of the baked domain, in the display's gamut and
/// in AP1; `to_aces` takes an input to ACES2065-1 (an empty pipeline for ACES input; None: every
/// sample is in both sets, for display code values in).
pub fn measure(
    exact: &Pipeline,
    baked: &BakedPipeline,
    to_aces: Option<&Pipeline>,
    per_axis: usize,
) -> Report {
    let to_display = Matrix::from_rows(rgb_to_rgb(&AP0, &display_primaries(exact)));
    Report {
        display_gamut: measure_where(exact, baked, to_aces, per_axis, |aces| {
            to_display.eval(aces).iter().all(|&v| v >= -GAMUT_TOLERANCE)
        }),
        ap1: measure_up_to_saturation(exact, baked, to_aces, 1.0, per_axis),
    }
}

/// The primaries of the display the pipeline ends on: the output transform's limiting
/// primaries, AP1 when it ends on none.
pub fn display_primaries(pipeline: &Pipeline) -> Chromaticities {
    use crate::aces::output1::OutputTransform1;
    match pipeline.ops().last() {
        Some(Op::AcesOutput2(o)) if !o.inverse => o.transform.preset().limiting,
        Some(Op::AcesOutput1(o)) if !o.inverse => match o.transform.as_ref() {
            OutputTransform1::Odt(odt) => odt.preset.limiting.unwrap_or(odt.preset.display),
            OutputTransform1::RrtOdt(rrtodt) => rrtodt.preset.limiting,
            OutputTransform1::HdrOdt(hdr) => hdr.preset.display,
            OutputTransform1::Encoding(_) => AP1,
            OutputTransform1::Rrt(_) => AP1,
            OutputTransform1::RrtThenOdt(o) => {
                o.odt.preset.limiting.unwrap_or(o.odt.preset.display)
            }
            OutputTransform1::RrtThenHdrOdt(o) => o.odt.preset.display,
        },
        _ => AP1,
    }
}

/// The error on the samples whose AP1 saturation, (max − min) / max of the ACEScg components,
/// is at most `max_saturation` (needs `to_aces`; 1 keeps all of AP1).
pub fn measure_up_to_saturation(
    exact: &Pipeline,
    baked: &BakedPipeline,
    to_aces: Option<&Pipeline>,
    max_saturation: f32,
    per_axis: usize,
) -> Accuracy {
    let to_ap1 = Matrix::from_rows(rgb_to_rgb(&AP0, &AP1));
    measure_where(exact, baked, to_aces, per_axis, |aces| {
        let cg = to_ap1.eval(aces);
        let (low, high) = (cg[0].min(cg[1]).min(cg[2]), cg[0].max(cg[1]).max(cg[2]));
        let saturation = if high > 0.0 { (high - low) / high } else { 0.0 };
        low >= -GAMUT_TOLERANCE && saturation <= max_saturation
    })
}

/// The error on the samples whose ACES value passes `keep` (every sample without `to_aces`)
/// and whose exact output is inside (0, 1).
fn measure_where(
    exact: &Pipeline,
    baked: &BakedPipeline,
    to_aces: Option<&Pipeline>,
    per_axis: usize,
    keep: impl Fn([f32; 3]) -> bool + Sync,
) -> Accuracy {
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
                .filter(|&px| to_aces.is_none_or(|p| keep(p.eval_rgb(px))))
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
