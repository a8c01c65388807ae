//! The ACES 1.x forward stages in registers: the steps before and after the tone scale written
//! over [`Reg`] (in `rrt.rs` and `odt.rs`), the tone scale too (its segment polynomials read by
//! a table permute, `spline.rs`), run sixteen pixels at a time in a [`Pair`] of AVX2 registers;
//! the display encoding stays on the portable lanes, eight lanes at a time through memory.
//!
//! Why: the per-pixel steps (glow, red modifier, matrices, surround) ran one pixel at a time
//! inside the eight-lane runner and were most of an ACES 1.x chain's time. In registers they
//! follow the portable reference within the register math's bounds (`simd::reg_math`), not to
//! the bit; `tests/aces1_golden.rs` holds the block path to OpenColorIO.

use super::spline::{Spline, SplineK};
use crate::aces::output2::Eotf;
use crate::simd::avx2::V8;
use crate::simd::lanes::F8;
use crate::simd::pair::Pair;
use crate::simd::planar::RegKernel;
use crate::simd::reg::{Reg, K8};
use crate::simd::reg_math::MathK;

/// The most eight-lane blocks a register holds ([`Pair`] of [`V8`]).
const MAX_BLOCKS: usize = 2;

/// A constant in every lane.
///
/// # Safety
/// As [`Reg::k`].
#[inline(always)]
pub(super) unsafe fn c<V: Reg>(x: f32) -> V {
    V::k(&K8::splat(x))
}

/// An output stage whose steps around its tone scale have register versions.
pub(super) trait RegStage {
    /// The stage's pre-broadcast constants.
    type K;
    fn reg_constants(&self) -> Self::K;
    fn spline(&self) -> &Spline;
    /// # Safety
    /// `V`'s instruction set must be there.
    unsafe fn before_reg<V: Reg>(&self, k: &Self::K, m: &MathK, rgb: [V; 3]) -> [V; 3];
    /// # Safety
    /// As [`RegStage::before_reg`].
    unsafe fn after_reg<V: Reg>(&self, k: &Self::K, m: &MathK, y: [V; 3]) -> [V; 3];
}

/// `stage` over planar channels, then `encoding` (scale, curve) when given, on AVX2.
///
/// # Safety
/// The processor must support AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn run_avx2<S: RegStage>(
    stage: &S,
    encoding: Option<(f32, Eotf)>,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    stage_blocks::<S, Pair<V8>>(stage, encoding, r, g, b)
}

/// One register of pixels through the stage.
#[inline(always)]
unsafe fn stage_reg<S: RegStage, V: Reg>(
    stage: &S,
    (k, tone_k): (&S::K, &SplineK),
    m: &MathK,
    encoding: Option<(f32, Eotf)>,
    rgb: [V; 3],
) -> [V; 3] {
    let v = stage.before_reg(k, m, rgb);
    let tone = stage.spline();
    let y = [
        tone.forward_reg(tone_k, m, v[0]),
        tone.forward_reg(tone_k, m, v[1]),
        tone.forward_reg(tone_k, m, v[2]),
    ];
    let out = stage.after_reg(k, m, y);
    let Some((scale, eotf)) = encoding else {
        return out;
    };
    let mut lanes = [[F8::splat(0.0); MAX_BLOCKS]; 3];
    for (blocks, value) in lanes.iter_mut().zip(out) {
        value.to_f8s(blocks);
    }
    for i in 0..V::BLOCKS {
        let encoded = eotf.encode8([
            lanes[0][i] * scale,
            lanes[1][i] * scale,
            lanes[2][i] * scale,
        ]);
        for (channel, e) in lanes.iter_mut().zip(encoded) {
            channel[i] = e;
        }
    }
    [
        V::from_f8s(&lanes[0]),
        V::from_f8s(&lanes[1]),
        V::from_f8s(&lanes[2]),
    ]
}

/// The body of the runner: whole registers from and to the channels, the rest padded.
///
/// # Safety
/// The processor must support `V`'s instruction set.
#[inline(always)]
unsafe fn stage_blocks<S: RegStage, V: Reg>(
    stage: &S,
    encoding: Option<(f32, Eotf)>,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    let k = stage.reg_constants();
    let tone_k = stage.spline().register_constants();
    let m = MathK::new();
    let kernel = StageKernel {
        stage,
        k: &k,
        tone_k: &tone_k,
        m: &m,
        encoding,
    };
    crate::simd::planar::each_register::<V>(r, g, b, &kernel)
}

/// A stage and its constants, as the planar runner's kernel.
struct StageKernel<'a, S: RegStage> {
    stage: &'a S,
    k: &'a S::K,
    tone_k: &'a SplineK,
    m: &'a MathK,
    encoding: Option<(f32, Eotf)>,
}

impl<S: RegStage, V: Reg> RegKernel<V> for StageKernel<'_, S> {
    #[inline(always)]
    fn run(&self, rgb: [V; 3]) -> [V; 3] {
        // SAFETY: a register of V exists, so V's instruction set is there.
        unsafe {
            stage_reg(
                self.stage,
                (self.k, self.tone_k),
                self.m,
                self.encoding,
                rgb,
            )
        }
    }
}
