//! The ACES 1.x inverse stages (display code values back to OCES, OCES back to ACES) in
//! registers, for `direction=inverse` and `amfx lmt`: the scalar inverse of each stage
//! (`Odt::inverse`, `Rrt::inverse`) written over [`Reg`], run in passes over the block as the
//! forward runner does (`registers.rs`): the decoding channel by channel, the steps before the
//! inverse tone scale, the inverse tone scale channel by channel, the steps after it.
//!
//! Every ACES 1.x stage with a tone scale runs here (the RRT, the SDR and HDR ODTs, the RRT+ODT
//! presets); HLG decodes on the portable lanes (see [`decode`]). In registers the steps follow the
//! scalar ones within the register math's bounds, not to the bit; `tests/aces1_golden.rs` holds
//! the block path to OpenColorIO.

use super::spline::{Spline, SplineInverseK};
use crate::aces::output2::encoding_reg::DecodingK;
use crate::aces::output2::Eotf;
use crate::simd::avx2::V8;
use crate::simd::avx512::V16;
use crate::simd::lanes::{F8, LANES};
use crate::simd::pair::{Pair, Quad};
use crate::simd::planar::{each_register, each_register_of, RegKernel, RegKernel1};
use crate::simd::reg::Reg;
use crate::simd::reg_math::MathK;

/// An inverse stage whose steps around its inverse tone scale have register versions.
pub(super) trait RegInverse {
    /// The stage's pre-broadcast constants.
    type K;
    fn inverse_constants(&self) -> Self::K;
    /// The tone scale inverted per channel between the two halves.
    fn inverse_tone(&self) -> &Spline;
    /// From the stage's output space to the tone scale's luminance, per channel.
    ///
    /// # Safety
    /// `V`'s instruction set must be there.
    unsafe fn before_inverse_reg<V: Reg>(&self, k: &Self::K, m: &MathK, rgb: [V; 3]) -> [V; 3];
    /// From the tone scale's scene values to the stage's input space.
    ///
    /// # Safety
    /// As [`RegInverse::before_inverse_reg`].
    unsafe fn after_inverse_reg<V: Reg>(&self, k: &Self::K, m: &MathK, x: [V; 3]) -> [V; 3];
}

/// Code values to display light in place: channel by channel in registers (two AVX-512 ones
/// when `wide`, else four AVX2 ones) where the curve has a register version, else (HLG, whose
/// OOTF mixes the channels) on the portable lanes.
///
/// # Safety
/// The processor must support AVX2 and FMA, and AVX-512 F, VL, DQ and BW when `wide`.
pub(super) unsafe fn decode(wide: bool, eotf: Eotf, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    let Some(curve) = DecodingK::new(eotf) else {
        // SAFETY: as this function's contract.
        unsafe { decode_lanes(eotf, r, g, b) };
        return;
    };
    // SAFETY: as this function's contract.
    unsafe {
        if wide {
            decode_avx512(&curve, r, g, b)
        } else {
            decode_avx2(&curve, r, g, b)
        }
    }
}

/// [`Eotf::decode8`] over planar channels, eight pixels at a time (the tail padded with zeros),
/// compiled for AVX2+FMA: without FMA its fused multiply-adds are library calls (3x slower).
///
/// # Safety
/// The processor must support AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
unsafe fn decode_lanes(eotf: Eotf, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    let n = r.len().min(g.len()).min(b.len());
    for start in (0..n).step_by(LANES) {
        let end = (start + LANES).min(n);
        let mut lanes = [F8::splat(0.0); 3];
        for (lane, channel) in lanes.iter_mut().zip([&*r, &*g, &*b]) {
            lane.0[..end - start].copy_from_slice(&channel[start..end]);
        }
        let out = eotf.decode8(lanes);
        for (channel, lane) in [&mut *r, &mut *g, &mut *b].into_iter().zip(out) {
            channel[start..end].copy_from_slice(&lane.0[..end - start]);
        }
    }
}

#[target_feature(enable = "avx2,fma")]
unsafe fn decode_avx2(curve: &DecodingK, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    decode_blocks::<Quad<V8>>(curve, r, g, b)
}

#[target_feature(enable = "avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")]
unsafe fn decode_avx512(curve: &DecodingK, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    decode_blocks::<Pair<V16>>(curve, r, g, b)
}

/// # Safety
/// The processor must support `V`'s instruction set.
#[inline(always)]
unsafe fn decode_blocks<V: Reg>(curve: &DecodingK, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    let m = MathK::new();
    let decode = Decode { curve, m: &m };
    for channel in [r, g, b] {
        // SAFETY: as this function's contract.
        unsafe { each_register_of::<V>(channel, &decode) };
    }
}

/// `stage`'s inverse over planar channels, in place: on two AVX-512 registers when `wide`,
/// else on four AVX2 ones.
///
/// # Safety
/// The processor must support AVX2 and FMA, and AVX-512 F, VL, DQ and BW when `wide`.
pub(super) unsafe fn run<S: RegInverse>(
    wide: bool,
    stage: &S,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    // SAFETY: as this function's contract.
    unsafe {
        if wide {
            run_avx512(stage, r, g, b)
        } else {
            run_avx2(stage, r, g, b)
        }
    }
}

#[target_feature(enable = "avx2,fma")]
unsafe fn run_avx2<S: RegInverse>(stage: &S, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    stage_blocks::<S, Quad<V8>>(stage, r, g, b)
}

#[target_feature(enable = "avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")]
unsafe fn run_avx512<S: RegInverse>(stage: &S, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    stage_blocks::<S, Pair<V16>>(stage, r, g, b)
}

/// The passes over the block (which sits in the first-level cache).
///
/// # Safety
/// The processor must support `V`'s instruction set.
#[inline(always)]
unsafe fn stage_blocks<S: RegInverse, V: Reg>(
    stage: &S,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    let k = stage.inverse_constants();
    let tone_k = stage.inverse_tone().inverse_constants();
    let m = MathK::new();
    let n = r.len().min(g.len()).min(b.len());
    let (r, g, b) = (&mut r[..n], &mut g[..n], &mut b[..n]);
    let before = Before {
        stage,
        k: &k,
        m: &m,
    };
    // SAFETY (the three passes): as this function's contract.
    unsafe { each_register::<V>(r, g, b, &before) };
    let tone = Tone {
        tone: stage.inverse_tone(),
        k: &tone_k,
        m: &m,
    };
    for channel in [&mut *r, &mut *g, &mut *b] {
        unsafe { each_register_of::<V>(channel, &tone) };
    }
    let after = After {
        stage,
        k: &k,
        m: &m,
    };
    unsafe { each_register::<V>(r, g, b, &after) };
}

/// A decoding of one channel, as a one-channel kernel.
struct Decode<'a> {
    curve: &'a DecodingK,
    m: &'a MathK,
}

impl<V: Reg> RegKernel1<V> for Decode<'_> {
    #[inline(always)]
    fn run(&self, v: V) -> V {
        self.curve.decode(self.m, v)
    }
}

/// The steps before the inverse tone scale, as a planar kernel.
struct Before<'a, S: RegInverse> {
    stage: &'a S,
    k: &'a S::K,
    m: &'a MathK,
}

impl<S: RegInverse, V: Reg> RegKernel<V> for Before<'_, S> {
    #[inline(always)]
    fn run(&self, rgb: [V; 3]) -> [V; 3] {
        // SAFETY: a register of V exists, so V's instruction set is there.
        unsafe { self.stage.before_inverse_reg(self.k, self.m, rgb) }
    }
}

/// The inverse tone scale, as a one-channel kernel.
struct Tone<'a> {
    tone: &'a Spline,
    k: &'a SplineInverseK,
    m: &'a MathK,
}

impl<V: Reg> RegKernel1<V> for Tone<'_> {
    #[inline(always)]
    fn run(&self, y: V) -> V {
        // SAFETY: as in `Before::run`.
        unsafe { self.tone.inverse_reg(self.k, self.m, y) }
    }
}

/// The steps after the inverse tone scale, as a planar kernel.
struct After<'a, S: RegInverse> {
    stage: &'a S,
    k: &'a S::K,
    m: &'a MathK,
}

impl<S: RegInverse, V: Reg> RegKernel<V> for After<'_, S> {
    #[inline(always)]
    fn run(&self, x: [V; 3]) -> [V; 3] {
        // SAFETY: as in `Before::run`.
        unsafe { self.stage.after_inverse_reg(self.k, self.m, x) }
    }
}
