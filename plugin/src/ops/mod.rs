//! The op vocabulary: every transform amfx applies is a list of these.
//!
//! Each op has a scalar reference evaluation (`eval`, the truth the fast paths must match), a
//! planar evaluation over a block of pixels (`apply`, what the kernel runs) and an inverse.
//! Ops know nothing of files or pixels formats.

mod cdl;
mod exponent;
mod fixed;
pub(crate) mod lattice;
pub(crate) mod log;
pub mod lut1d;
pub mod lut3d;
pub(crate) mod matrix;
mod piecewise;
mod range;
#[cfg(target_arch = "x86_64")]
pub(crate) mod registers;

pub use cdl::{Cdl, CdlStyle};
pub use exponent::{Exponent, ExponentParams, ExponentStyle};
pub use fixed::FixedFunction;
pub use log::{CameraLog, Log, LogParams, LogStyle};
pub use lut1d::Lut1d;
pub use lut3d::{Interpolation, Lut3d};
pub use matrix::Matrix;
pub use piecewise::Piecewise;
pub use range::Range;

/// One step of a pipeline, on RGB triplets.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Matrix(Matrix),
    /// Linear to log with a linear toe (CLF `cameraLinToLog`).
    LinToLog(CameraLog),
    /// Log to linear (CLF `cameraLogToLin`).
    LogToLin(CameraLog),
    Cdl(Cdl),
    /// CLF Range: rescale, clamped unless `noClamp`.
    Range(Range),
    /// CLF LUT1D (or its inverse).
    Lut1d(Lut1d),
    /// CLF LUT3D (or its inverse).
    Lut3d(Lut3d),
    /// CLF Log in any style, per-channel parameters.
    Log(Log),
    /// CLF Exponent in any style.
    Exponent(Exponent),
    /// A closed-form curve no CLF node expresses (ACEScc).
    Fixed(FixedFunction),
    /// An ACES 2.0 output transform, display encoding included (or its inverse).
    AcesOutput2(crate::aces::output2::OutputOp),
    /// An ACES 1.x output stage (RRT, ODT or single-stage HDR output, or an inverse).
    AcesOutput1(crate::aces::output1::OutputOp1),
    /// The ACES reference gamut compression on linear AP1 (or its inverse).
    GamutCompress(crate::aces::GamutCompress),
    /// A camera curve no CLF node expresses (Canon Log 2/3, Apple Log, ARRI LogC3 roll-off).
    CameraCurve(crate::aces::CameraCurve),
    /// A per-channel curve through knots at any spacing (CTL's interpolate1D).
    Piecewise(Piecewise),
}

impl Op {
    /// What kind of op this is, in a word (for reports such as `amfx bench`).
    pub fn kind(&self) -> &'static str {
        match self {
            Op::Matrix(_) => "Matrix",
            Op::LinToLog(_) => "LinToLog",
            Op::LogToLin(_) => "LogToLin",
            Op::Cdl(_) => "CDL",
            Op::Range(_) => "Range",
            Op::Lut1d(_) => "LUT1D",
            Op::Lut3d(_) => "LUT3D",
            Op::Log(_) => "Log",
            Op::Exponent(_) => "Exponent",
            Op::Fixed(_) => "Fixed",
            Op::AcesOutput2(_) => "AcesOutput2",
            Op::AcesOutput1(_) => "AcesOutput1",
            Op::GamutCompress(_) => "GamutCompress",
            Op::CameraCurve(_) => "CameraCurve",
            Op::Piecewise(_) => "Piecewise",
        }
    }

    /// Scalar reference evaluation of one pixel.
    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        match self {
            Op::Matrix(m) => m.eval(rgb),
            Op::LinToLog(l) => rgb.map(|v| l.lin_to_log(v)),
            Op::LogToLin(l) => rgb.map(|v| l.log_to_lin(v)),
            Op::Cdl(c) => c.eval(rgb),
            Op::Range(r) => r.eval(rgb),
            Op::Lut1d(l) => l.eval(rgb),
            Op::Lut3d(l) => l.eval(rgb),
            Op::Log(l) => l.eval(rgb),
            Op::Exponent(e) => e.eval(rgb),
            Op::Fixed(f) => f.eval(rgb),
            Op::AcesOutput2(o) => o.eval(rgb),
            Op::AcesOutput1(o) => o.eval(rgb),
            Op::GamutCompress(g) => g.eval(rgb),
            Op::CameraCurve(c) => c.eval(rgb),
            Op::Piecewise(p) => p.eval(rgb),
        }
    }

    /// Applies the op to planar channels of equal length, compiled for the best instruction set
    /// the processor has.
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if crate::simd::has_avx512() {
            // SAFETY: the processor supports AVX2, FMA and those AVX-512 subsets (detected).
            unsafe { self.apply_avx512(r, g, b) };
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
            // SAFETY: the processor supports AVX2 and FMA (checked just above).
            unsafe { self.apply_avx2(r, g, b) };
            return;
        }
        self.apply_inline(r, g, b)
    }

    /// The same code as `apply_inline`, generated for AVX2+FMA (everything it calls is inlined).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn apply_avx2(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.apply_inline(r, g, b)
    }

    /// The same code again, where AVX-512 is there too (see [`crate::simd::has_avx512`]).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")]
    fn apply_avx512(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.apply_inline(r, g, b)
    }

    #[inline(always)]
    fn apply_inline(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        match self {
            Op::Matrix(m) => m.apply(r, g, b),
            Op::LinToLog(l) => {
                for channel in [r, g, b] {
                    for v in channel.iter_mut() {
                        *v = l.lin_to_log(*v);
                    }
                }
            }
            Op::LogToLin(l) => {
                for channel in [r, g, b] {
                    for v in channel.iter_mut() {
                        *v = l.log_to_lin(*v);
                    }
                }
            }
            Op::Cdl(c) => c.apply(r, g, b),
            Op::Range(op) => op.apply(r, g, b),
            Op::Lut1d(op) => op.apply(r, g, b),
            Op::Lut3d(op) => op.apply(r, g, b),
            Op::Log(op) => op.apply(r, g, b),
            Op::Exponent(op) => op.apply(r, g, b),
            Op::Fixed(op) => op.apply(r, g, b),
            Op::AcesOutput2(op) => op.apply(r, g, b),
            Op::AcesOutput1(op) => op.apply(r, g, b),
            Op::GamutCompress(op) => op.apply(r, g, b),
            Op::CameraCurve(op) => op.apply(r, g, b),
            Op::Piecewise(op) => op.apply(r, g, b),
        }
    }

    pub fn inverse(&self) -> Result<Op, OpError> {
        Ok(match self {
            Op::Matrix(m) => Op::Matrix(m.inverse()?),
            Op::LinToLog(l) => Op::LogToLin(l.clone()),
            Op::LogToLin(l) => Op::LinToLog(l.clone()),
            Op::Cdl(c) => Op::Cdl(c.inverse()?),
            Op::Range(r) => Op::Range(r.inverse()?),
            Op::Lut1d(l) => Op::Lut1d(l.inverse()?),
            Op::Lut3d(l) => Op::Lut3d(l.inverse()?),
            Op::Log(l) => Op::Log(l.inverse()?),
            Op::Exponent(e) => Op::Exponent(e.inverse()?),
            Op::Fixed(f) => Op::Fixed(f.inverse()),
            Op::AcesOutput2(o) => Op::AcesOutput2(o.inverted()),
            Op::AcesOutput1(o) => Op::AcesOutput1(o.inverted()),
            Op::GamutCompress(g) => Op::GamutCompress(g.inverted()),
            Op::CameraCurve(c) => Op::CameraCurve(c.inverted()),
            Op::Piecewise(p) => Op::Piecewise(p.inverse()?),
        })
    }

    /// True when the op leaves every pixel as it is.
    pub fn is_identity(&self) -> bool {
        match self {
            Op::Matrix(m) => m.is_identity(),
            Op::Cdl(c) => c.is_identity(),
            Op::Range(r) => r.is_identity(),
            Op::Exponent(e) => e.is_identity(),
            Op::LinToLog(_)
            | Op::LogToLin(_)
            | Op::Lut1d(_)
            | Op::Lut3d(_)
            | Op::Log(_)
            | Op::Fixed(_)
            | Op::AcesOutput2(_)
            | Op::AcesOutput1(_)
            | Op::GamutCompress(_)
            | Op::CameraCurve(_)
            | Op::Piecewise(_) => false,
        }
    }
}

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum OpError {
    #[error("the matrix cannot be inverted (determinant {0:e})")]
    SingularMatrix(f64),
    #[error("the CDL cannot be inverted: {0}")]
    CdlNotInvertible(&'static str),
    #[error("invalid CDL: {0}")]
    InvalidCdl(String),
    #[error("invalid Range: {0}")]
    InvalidRange(String),
    #[error("invalid Exponent: {0}")]
    InvalidExponent(String),
    #[error("invalid Log: {0}")]
    InvalidLog(String),
    #[error("invalid LUT: {0}")]
    InvalidLut(String),
}

#[cfg(test)]
mod tests {
    use crate::ops::Cdl;
    use crate::pipeline::Pipeline;

    /// Where AVX-512 is there, the ops compiled for it give the AVX2 build's bits: a CDL in
    /// ACEScct (matrices, the ACEScct log curves both ways, slope/offset/power, saturation).
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_avx512_build_gives_the_avx2_bits() {
        if !crate::simd::has_avx512() {
            eprintln!("no AVX-512 here (or AMFX_NO_AVX512 set): skipped");
            return;
        }
        let grade = Pipeline::cdl_in_acescct(&Cdl {
            slope: [1.1, 0.95, 1.2],
            offset: [0.01, -0.02, 0.0],
            power: [0.9, 1.1, 1.0],
            saturation: 0.8,
            ..Cdl::default()
        });
        let values: Vec<f32> = (0..1000)
            .map(|i| (i as f32 - 100.0) * 0.0137)
            .chain([0.0, -0.0, f32::NAN, f32::INFINITY, f32::MIN_POSITIVE, 1e30])
            .collect();
        let channels = || -> [Vec<f32>; 3] {
            std::array::from_fn(|c| values.iter().map(|v| v * (1.0 + c as f32 * 0.3)).collect())
        };
        let [mut r0, mut g0, mut b0] = channels();
        let [mut r1, mut g1, mut b1] = channels();
        for op in grade.ops() {
            // SAFETY: AVX2, FMA and the AVX-512 subsets are available (checked above).
            unsafe {
                op.apply_avx2(&mut r0, &mut g0, &mut b0);
                op.apply_avx512(&mut r1, &mut g1, &mut b1);
            }
        }
        for (a, b) in [(&r0, &r1), (&g0, &g1), (&b0, &b1)] {
            let bits = |v: &Vec<f32>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(a), bits(b));
        }
        assert!(grade.ops().len() >= 4, "{:?}", grade.ops());
    }
}
