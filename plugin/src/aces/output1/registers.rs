//! The ACES 1.x forward stages in registers: the steps before and after the tone scale written
//! over [`Reg`] (in `rrt.rs` and `odt.rs`), the tone scale too (its segment polynomials read by
//! a table permute, `spline.rs`) and the display encoding (`output2::encoding_reg`; HLG on the
//! portable lanes), run 32 pixels at a time in a [`Quad`] of AVX2 registers (chain c, 1920x1080,
//! one thread: one register 52 ms against 43 ms with two; in a later run two 41 ms, four 36.5,
//! eight 38), or in a [`Pair`] of AVX-512 registers where the processor has them (Zen 4: 20.9 ms
//! against 24.6 with the four AVX2 registers).
//!
//! Why: the per-pixel steps (glow, red modifier, matrices, surround) ran one pixel at a time
//! inside the eight-lane runner and were most of an ACES 1.x chain's time. In registers they
//! follow the portable reference within the register math's bounds (`simd::reg_math`), not to
//! the bit; `tests/aces1_golden.rs` holds the block path to OpenColorIO.

use super::spline::{exp10_reg, log10_reg, ToneReg};
use crate::aces::output2::encoding_reg::EncodingK;
use crate::aces::output2::Eotf;
use crate::simd::avx2::V8;
use crate::simd::avx512::V16;
use crate::simd::lanes::F8;
use crate::simd::pair::{Pair, Quad};
use crate::simd::planar::{each_register, each_register_of, RegKernel, RegKernel1};
use crate::simd::reg::{Reg, K8};
use crate::simd::reg_math::MathK;

/// The most eight-lane blocks a register holds: the runner's register type decides it.
const MAX_BLOCKS: usize = <Quad<V8> as Reg>::BLOCKS;

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
    /// The tone step applied to each channel.
    type Tone: ToneReg;
    fn reg_constants(&self) -> Self::K;
    fn register_tone(&self) -> &Self::Tone;
    /// Whether the stage has a [`RegStage::first_reg`] (the identity is not run).
    const HAS_FIRST: bool = false;
    /// A first step of its own before [`RegStage::before_reg`] (the RRT's glow).
    ///
    /// # Safety
    /// `V`'s instruction set must be there.
    #[inline(always)]
    unsafe fn first_reg<V: Reg>(&self, rgb: [V; 3]) -> [V; 3] {
        rgb
    }
    /// # Safety
    /// `V`'s instruction set must be there.
    unsafe fn before_reg<V: Reg>(&self, k: &Self::K, m: &MathK, rgb: [V; 3]) -> [V; 3];
    /// # Safety
    /// As [`RegStage::before_reg`].
    unsafe fn after_reg<V: Reg>(&self, k: &Self::K, m: &MathK, y: [V; 3]) -> [V; 3];
}

/// `stage` over planar channels, then `encoding` (scale, curve) when given: on AVX-512 when
/// `wide`, else on AVX2.
///
/// # Safety
/// The processor must support AVX2 and FMA, and AVX-512 F, VL, DQ and BW when `wide`.
pub(super) unsafe fn run<S: RegStage>(
    wide: bool,
    stage: &S,
    encoding: Option<(f32, Eotf)>,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    // SAFETY: as this function's contract.
    unsafe {
        if wide {
            run_avx512(stage, encoding, r, g, b)
        } else {
            run_avx2(stage, encoding, r, g, b)
        }
    }
}

/// `stage` over planar channels, then `encoding` (scale, curve) when given, on AVX2.
///
/// # Safety
/// The processor must support AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
unsafe fn run_avx2<S: RegStage>(
    stage: &S,
    encoding: Option<(f32, Eotf)>,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    stage_blocks::<S, Quad<V8>>(stage, encoding, r, g, b)
}

/// [`run_avx2`] on two AVX-512 registers (32 lanes, as the AVX2 runner's four), where the
/// processor has them (see [`crate::simd::has_avx512`]).
///
/// # Safety
/// The processor must support AVX2, FMA, AVX-512F, VL, DQ and BW.
#[target_feature(enable = "avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")]
unsafe fn run_avx512<S: RegStage>(
    stage: &S,
    encoding: Option<(f32, Eotf)>,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    stage_blocks::<S, Pair<V16>>(stage, encoding, r, g, b)
}

/// The steps after the tone scale, then `encoding` (scale, curve) when given, on one register.
#[inline(always)]
unsafe fn after_reg<S: RegStage, V: Reg>(
    stage: &S,
    k: &S::K,
    m: &MathK,
    encoding: Option<(f32, Eotf)>,
    y: [V; 3],
) -> [V; 3] {
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

/// The body of the runner, in passes over the block (which sits in the first-level cache):
/// the steps before the tone scale, the tone scale channel by channel, the steps after it, the
/// encoding channel by channel. Short loops instead of one long one: each pixel's steps are one
/// dependent chain, and only a short loop body lets the processor run the chains of successive
/// registers side by side (chain c: 63 ms as one loop, 60 in three passes, 43 with the rest of
/// this module's changes).
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
    let tone_k = stage.register_tone().register_constants();
    let m = MathK::new();
    let n = r.len().min(g.len()).min(b.len());
    let (r, g, b) = (&mut r[..n], &mut g[..n], &mut b[..n]);
    if S::HAS_FIRST {
        each_register::<V>(r, g, b, &First(stage));
    }
    each_register::<V>(
        r,
        g,
        b,
        &Before {
            stage,
            k: &k,
            m: &m,
        },
    );
    // The tone step in three passes over each channel (log10, the curve in log10, 10^y): each
    // a short chain, so that many registers' chains run side by side.
    let tone = Tone {
        tone: stage.register_tone(),
        k: &tone_k,
    };
    for channel in [&mut *r, &mut *g, &mut *b] {
        each_register_of::<V>(channel, &Log10(&m));
        each_register_of::<V>(channel, &tone);
        each_register_of::<V>(channel, &Exp10(&m));
    }
    // The encoding in a pass of its own, channel by channel, where it has a register version.
    let in_registers = encoding.and_then(|(scale, eotf)| Some((scale, EncodingK::new(eotf)?)));
    let after = After {
        stage,
        k: &k,
        m: &m,
        // HLG, which mixes the channels, encodes in the after-tone pass on the portable lanes.
        encoding: encoding.filter(|_| in_registers.is_none()),
    };
    each_register::<V>(r, g, b, &after);
    if let Some((scale, curve)) = &in_registers {
        let encode = Encode {
            scale: K8::splat(*scale),
            curve,
            m: &m,
        };
        for channel in [r, g, b] {
            each_register_of::<V>(channel, &encode);
        }
    }
}

/// A display encoding of one channel after its scale, as a one-channel kernel.
struct Encode<'a> {
    scale: K8,
    curve: &'a EncodingK,
    m: &'a MathK,
}

impl<V: Reg> RegKernel1<V> for Encode<'_> {
    #[inline(always)]
    fn run(&self, x: V) -> V {
        self.curve.encode(self.m, x * &self.scale)
    }
}

/// The stage's first step, as a planar kernel.
struct First<'a, S: RegStage>(&'a S);

impl<S: RegStage, V: Reg> RegKernel<V> for First<'_, S> {
    #[inline(always)]
    fn run(&self, rgb: [V; 3]) -> [V; 3] {
        // SAFETY: a register of V exists, so V's instruction set is there.
        unsafe { self.0.first_reg(rgb) }
    }
}

/// The steps before the tone scale, as a planar kernel.
struct Before<'a, S: RegStage> {
    stage: &'a S,
    k: &'a S::K,
    m: &'a MathK,
}

impl<S: RegStage, V: Reg> RegKernel<V> for Before<'_, S> {
    #[inline(always)]
    fn run(&self, rgb: [V; 3]) -> [V; 3] {
        // SAFETY: a register of V exists, so V's instruction set is there.
        unsafe { self.stage.before_reg(self.k, self.m, rgb) }
    }
}

/// The tone step in log10-log10, as a one-channel kernel.
struct Tone<'a, T: ToneReg> {
    tone: &'a T,
    k: &'a T::K,
}

impl<T: ToneReg, V: Reg> RegKernel1<V> for Tone<'_, T> {
    #[inline(always)]
    fn run(&self, logx: V) -> V {
        // SAFETY: as in `Before::run`.
        unsafe { self.tone.forward_log_reg(self.k, logx) }
    }
}

/// The tone step's log10 of its input, as a one-channel kernel.
struct Log10<'a>(&'a MathK);

impl<V: Reg> RegKernel1<V> for Log10<'_> {
    #[inline(always)]
    fn run(&self, x: V) -> V {
        // SAFETY: as in `Before::run`.
        unsafe { log10_reg(self.0, x) }
    }
}

/// The tone step's 10^y of its output, as a one-channel kernel.
struct Exp10<'a>(&'a MathK);

impl<V: Reg> RegKernel1<V> for Exp10<'_> {
    #[inline(always)]
    fn run(&self, y: V) -> V {
        // SAFETY: as in `Before::run`.
        unsafe { exp10_reg(self.0, y) }
    }
}

/// The steps after the tone scale and the encoding, as a planar kernel.
struct After<'a, S: RegStage> {
    stage: &'a S,
    k: &'a S::K,
    m: &'a MathK,
    encoding: Option<(f32, Eotf)>,
}

impl<S: RegStage, V: Reg> RegKernel<V> for After<'_, S> {
    #[inline(always)]
    fn run(&self, y: [V; 3]) -> [V; 3] {
        // SAFETY: as in `Before::run`.
        unsafe { after_reg(self.stage, self.k, self.m, self.encoding, y) }
    }
}
