//! How a pipeline's ops run over a block: each run of neighbouring ops with a register form
//! ([`RegOp`]) goes over the block once, one register of pixels through all of them, and the
//! other ops run one by one.
//!
//! Why: the grade before an output transform (LogC3 → matrix → ACEScct → CDL → ACEScct⁻¹ →
//! matrix) made six passes over every block, each loading and storing every channel, each a
//! short loop of its own. Fused, the values stay in registers from the first op to the last
//! and one op's work overlaps the next one's: those six ops alone, 1920x1080 on one thread,
//! Zen 3, went from 33-44 ms to 31-32 ms (6 alternating runs).

#[cfg(target_arch = "x86_64")]
use crate::ops::registers::RegOp;
use crate::ops::Op;
#[cfg(target_arch = "x86_64")]
use crate::simd::reg_math::MathK;

/// One step of a pipeline's block path.
#[derive(Debug)]
pub(super) enum Step {
    /// The op at this index, on its own.
    Op(usize),
    /// Neighbouring ops in one pass of registers.
    #[cfg(target_arch = "x86_64")]
    Fused(Box<FusedRun>),
}

/// Ops in one pass of registers.
#[cfg(target_arch = "x86_64")]
#[derive(Debug)]
pub(super) struct FusedRun {
    ops: Vec<RegOp>,
    kinds: Vec<&'static str>,
    math: MathK,
}

/// The block path of `ops`: runs of ops with register forms fused where this processor runs
/// the register kernels, every op on its own elsewhere.
pub(super) fn plan(ops: &[Op]) -> Vec<Step> {
    // Tables the block path derives from an op are built here, at build time, not in a render;
    // only where the vector LUT path runs (elsewhere LUTs interpolate their own nodes).
    if crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
        for op in ops {
            if let Op::Lut3d(lut) = op {
                if !lut.is_inverse() {
                    lut.block_lattice();
                }
            }
        }
    }
    #[cfg(target_arch = "x86_64")]
    if crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
        return plan_registers(ops);
    }
    (0..ops.len()).map(Step::Op).collect()
}

#[cfg(target_arch = "x86_64")]
fn plan_registers(ops: &[Op]) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut run: Vec<(usize, RegOp)> = Vec::new();
    let flush = |run: &mut Vec<(usize, RegOp)>, steps: &mut Vec<Step>| match run.len() {
        0 => {}
        // A lone op keeps its own loop, where that is vectorised.
        1 if run[0].1.has_vector_loop() => steps.push(Step::Op(run.remove(0).0)),
        _ => steps.push(Step::Fused(Box::new(FusedRun {
            kinds: run.iter().map(|(i, _)| ops[*i].kind()).collect(),
            ops: run.drain(..).map(|(_, op)| op).collect(),
            math: MathK::new(),
        }))),
    };
    for (i, op) in ops.iter().enumerate() {
        match RegOp::new(op) {
            Some(reg) => run.push((i, reg)),
            None => {
                flush(&mut run, &mut steps);
                steps.push(Step::Op(i));
            }
        }
    }
    flush(&mut run, &mut steps);
    steps
}

#[cfg(target_arch = "x86_64")]
impl FusedRun {
    /// The kinds of the ops in the run, in order.
    pub(super) fn kinds(&self) -> &[&'static str] {
        &self.kinds
    }

    /// Planar channels through every op of the run, in place.
    pub(super) fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        if crate::simd::has_avx512() {
            // SAFETY: the processor has AVX2, FMA and these AVX-512 subsets (detected).
            unsafe { self.apply_avx512(r, g, b) }
        } else {
            // SAFETY: a run is planned only where AVX2 and FMA are (see `plan`).
            unsafe { self.apply_avx2(r, g, b) }
        }
    }

    /// # Safety
    /// The processor must support AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn apply_avx2(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        use crate::simd::{avx2::V8, pair::Quad};
        // Four chains rather than two: chain b, 1920x1080, one thread, 93.8 -> 92.7 ms.
        crate::simd::planar::each_register::<Quad<V8>>(r, g, b, self)
    }

    /// # Safety
    /// The processor must support AVX2, FMA, AVX-512F, VL, DQ and BW.
    #[target_feature(enable = "avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")]
    unsafe fn apply_avx512(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        use crate::simd::{avx512::V16, pair::Pair};
        // Two chains rather than one: chain b, Zen 4, 1920x1080, one thread, 61.8 -> 56.8 ms.
        crate::simd::planar::each_register::<Pair<V16>>(r, g, b, self)
    }
}

#[cfg(target_arch = "x86_64")]
impl<V: crate::simd::reg::Reg> crate::simd::planar::RegKernel<V> for FusedRun {
    #[inline(always)]
    fn run(&self, rgb: [V; 3]) -> [V; 3] {
        let mut rgb = rgb;
        for op in &self.ops {
            // SAFETY: a register of V exists, so its instruction set is there.
            rgb = unsafe { op.run(&self.math, rgb) };
        }
        rgb
    }
}
