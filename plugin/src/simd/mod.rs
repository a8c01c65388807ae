//! Vector math for the pixel path: log2, exp2 and pow over slices of f32, written so the
//! compiler vectorises them, with runtime dispatch to AVX2+FMA where the processor has it.
//!
//! Accuracy (measured by the tests beside this file, over the whole f32 range used by images):
//! - `log2`: absolute error ≤ 2e-7 for x in [0.5, 2], relative error ≤ 2e-7 elsewhere; exact
//!   special values: log2(1) = 0, log2(0) = -inf, log2(x < 0) = NaN, log2(+inf) = +inf, NaN → NaN.
//! - `exp2`: relative error ≤ 3e-7; exp2(x > 128) = +inf, exp2(x < -126) = 0, NaN → NaN.
//! - `pow(x, p)` for x > 0 is `exp2(p · log2(x))`: relative error ≤ 3e-7 + |p·log2 x| · 1.4e-7.
//!
//! The scalar `*_one` functions are the portable reference; the slice functions run the same
//! code, compiled once per instruction set.

#[cfg(target_arch = "x86_64")]
pub mod avx2;
#[cfg(target_arch = "x86_64")]
pub mod avx512;
pub mod lanes;
mod math;
#[cfg(target_arch = "x86_64")]
pub mod pair;
#[cfg(target_arch = "x86_64")]
pub mod planar;
#[cfg(target_arch = "x86_64")]
pub mod reg;
#[cfg(target_arch = "x86_64")]
pub mod reg_math;

pub use math::{exp2_one, log2_one, pow_one, pow_positive_one};

/// The instruction sets the slice functions can use, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    Avx2Fma,
    Portable,
}

/// The best instruction set this processor runs (detected once).
pub fn best_isa() -> Isa {
    #[cfg(target_arch = "x86_64")]
    {
        static DETECTED: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
        *DETECTED.get_or_init(|| {
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                Isa::Avx2Fma
            } else {
                Isa::Portable
            }
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        Isa::Portable
    }
}

/// Whether the AVX2 kernels may also use AVX-512 (F, VL, DQ and BW, detected once): the ops'
/// 256-bit code compiled with 32 vector registers, and the ACES kernels and fused runs on pairs of
/// sixteen-lane registers ([`avx512::V16`]; Zen 4, 1920x1080, one thread: chain a 60 -> 45.5 ms
/// against one V16, chain c 24.6 -> 20.9 ms against four V8). `AMFX_NO_AVX512` in the
/// environment turns it off, to run (and test) the plain AVX2 code on such a processor.
pub fn has_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        static DETECTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *DETECTED.get_or_init(|| {
            best_isa() == Isa::Avx2Fma
                && is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512vl")
                && is_x86_feature_detected!("avx512dq")
                && is_x86_feature_detected!("avx512bw")
                && std::env::var_os("AMFX_NO_AVX512").is_none()
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

macro_rules! dispatched {
    ($(#[$doc:meta])* $name:ident, $one:path) => {
        $(#[$doc])*
        pub fn $name(values: &mut [f32]) {
            $name::with(best_isa(), values)
        }

        pub mod $name {
            use super::*;

            /// Runs on a chosen instruction set (falls back to portable when it is not available).
            pub fn with(isa: Isa, values: &mut [f32]) {
                #[cfg(target_arch = "x86_64")]
                if isa == Isa::Avx2Fma && best_isa() == Isa::Avx2Fma {
                    // SAFETY: the processor supports AVX2 and FMA (checked just above).
                    unsafe { avx2(values) };
                    return;
                }
                let _ = isa;
                portable(values)
            }

            fn portable(values: &mut [f32]) {
                values.iter_mut().for_each(|v| *v = $one(*v));
            }

            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2,fma")]
            fn avx2(values: &mut [f32]) {
                values.iter_mut().for_each(|v| *v = $one(*v));
            }
        }
    };
}

dispatched!(
    /// `log2` of every value in place.
    log2,
    math::log2_one
);
dispatched!(
    /// `exp2` of every value in place.
    exp2,
    math::exp2_one
);

/// `base^p` of every value in place, for a fixed exponent; values ≤ 0 pass through unchanged
/// (the convention of ASC CDL power).
pub fn pow_positive(values: &mut [f32], p: f32) {
    pow_positive_with(best_isa(), values, p)
}

/// [`pow_positive`] on a chosen instruction set.
pub fn pow_positive_with(isa: Isa, values: &mut [f32], p: f32) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx2Fma && best_isa() == Isa::Avx2Fma {
        // SAFETY: the processor supports AVX2 and FMA (checked just above).
        unsafe { pow_positive_avx2(values, p) };
        return;
    }
    let _ = isa;
    values
        .iter_mut()
        .for_each(|v| *v = math::pow_positive_one(*v, p));
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn pow_positive_avx2(values: &mut [f32], p: f32) {
    values
        .iter_mut()
        .for_each(|v| *v = math::pow_positive_one(*v, p));
}

#[cfg(test)]
mod tests;
