//! Eight f32 lanes in one AVX2 register, for kernels that are only ever compiled for AVX2+FMA
//! (the `_avx2` twins). [`F8`](super::lanes::F8) is the portable reference: an array that LLVM
//! vectorises, which works for short expressions but in long kernels gets shuffled lane pairs and
//! a re-broadcast constant per use. `V8` says exactly which instruction runs.
//!
//! Soundness: every way to make a `V8` (or a mask) is an `unsafe fn` whose contract is that the
//! processor has AVX2 and FMA. Once a value exists, the operations on it are safe, since they
//! can only run where such a value was made.
//!
//! Constants live in [`K8`]: pre-broadcast lanes in memory that instructions read as operands
//! (a splat written as a literal costs a broadcast instruction at each use).
//!
//! The fast math mirrors [`super::lanes`] step for step (same series, same constants), so the
//! accuracy bounds stated there hold here too (tested against the portable functions).

use std::arch::x86_64::*;
use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

use super::lanes::{F8, LANES};

/// Eight f32 lanes in a register.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct V8(__m256);

/// Eight lane masks (all ones or all zeros per lane), as the compare instructions make them.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct VM(__m256);

/// A pre-broadcast constant (what [`V8::k`] reads as a memory operand).
pub type K8 = F8;

impl V8 {
    /// # Safety
    /// The processor must support AVX2 and FMA.
    #[inline(always)]
    pub unsafe fn splat(v: f32) -> V8 {
        V8(_mm256_set1_ps(v))
    }

    /// # Safety
    /// The processor must support AVX2 and FMA.
    #[inline(always)]
    pub unsafe fn from_f8(v: F8) -> V8 {
        V8(_mm256_load_ps(v.0.as_ptr()))
    }

    /// # Safety
    /// The processor must support AVX2 and FMA.
    #[inline(always)]
    pub unsafe fn k(c: &K8) -> V8 {
        // A plain aligned load, which LLVM may fold into the instruction that uses it.
        V8(_mm256_load_ps(c.0.as_ptr()))
    }

    /// The first eight values of `values` (which must hold eight).
    ///
    /// # Safety
    /// The processor must support AVX2 and FMA.
    #[inline(always)]
    pub unsafe fn load(values: &[f32]) -> V8 {
        assert!(values.len() >= LANES);
        V8(_mm256_loadu_ps(values.as_ptr()))
    }

    /// Stores the lanes into the first eight values of `values` (which must hold eight).
    #[inline(always)]
    pub fn store(self, values: &mut [f32]) {
        assert!(values.len() >= LANES);
        // SAFETY: eight values are there (asserted); a V8 exists only where AVX2 is available.
        unsafe { _mm256_storeu_ps(values.as_mut_ptr(), self.0) }
    }

    #[inline(always)]
    pub fn to_f8(self) -> F8 {
        let mut out = F8([0.0; LANES]);
        // SAFETY: a V8 exists only where AVX2 is available; `out` is 32-byte aligned.
        unsafe { _mm256_store_ps(out.0.as_mut_ptr(), self.0) };
        out
    }

    /// `self · b + c` in one rounding.
    #[inline(always)]
    pub fn mul_add(self, b: V8, c: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_fmadd_ps(self.0, b.0, c.0) })
    }

    /// `c − self · b` in one rounding.
    #[inline(always)]
    pub fn neg_mul_add(self, b: V8, c: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_fnmadd_ps(self.0, b.0, c.0) })
    }

    /// `self · b − c` in one rounding.
    #[inline(always)]
    pub fn mul_sub(self, b: V8, c: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_fmsub_ps(self.0, b.0, c.0) })
    }

    #[inline(always)]
    pub fn sqrt(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_sqrt_ps(self.0) })
    }

    #[inline(always)]
    fn zero(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_setzero_ps() })
    }

    #[inline(always)]
    fn bits(self, mask: i32) -> __m256 {
        // SAFETY: see the module notes.
        unsafe { _mm256_castsi256_ps(_mm256_set1_epi32(mask)) }
    }

    #[inline(always)]
    pub fn abs(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_and_ps(self.0, self.bits(0x7fff_ffff)) })
    }

    /// |self| with the sign of `sign` (self ≥ 0 assumed: only the sign bit is or-ed in).
    #[inline(always)]
    pub fn with_sign_of(self, sign: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_or_ps(self.0, _mm256_and_ps(sign.0, self.bits(i32::MIN))) })
    }

    /// `(self < b) ? b : self`, as [`F8::max`] (a NaN `b` gives `self`).
    #[inline(always)]
    pub fn max(self, b: V8) -> V8 {
        // SAFETY: see the module notes. MAXPS returns its second operand when unordered.
        V8(unsafe { _mm256_max_ps(b.0, self.0) })
    }

    /// `(b < self) ? b : self`, as [`F8::min`] (a NaN `b` gives `self`).
    #[inline(always)]
    pub fn min(self, b: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_min_ps(b.0, self.0) })
    }

    /// Clamp where NaN becomes `lo`, as [`F8::clamp_s`].
    #[inline(always)]
    pub fn clamp(self, lo: V8, hi: V8) -> V8 {
        lo.max(self).min(hi)
    }

    #[inline(always)]
    fn cmp<const OP: i32>(self, b: V8) -> VM {
        // SAFETY: see the module notes.
        VM(unsafe { _mm256_cmp_ps::<OP>(self.0, b.0) })
    }

    #[inline(always)]
    pub fn lt(self, b: V8) -> VM {
        self.cmp::<_CMP_LT_OQ>(b)
    }

    #[inline(always)]
    pub fn le(self, b: V8) -> VM {
        self.cmp::<_CMP_LE_OQ>(b)
    }

    #[inline(always)]
    pub fn gt(self, b: V8) -> VM {
        self.cmp::<_CMP_GT_OQ>(b)
    }

    #[inline(always)]
    pub fn ge(self, b: V8) -> VM {
        self.cmp::<_CMP_GE_OQ>(b)
    }

    #[inline(always)]
    pub fn eq(self, b: V8) -> VM {
        self.cmp::<_CMP_EQ_OQ>(b)
    }

    /// self > 0.
    #[inline(always)]
    pub fn gt0(self) -> VM {
        self.gt(self.zero())
    }

    /// self ≤ 0.
    #[inline(always)]
    pub fn le0(self) -> VM {
        self.le(self.zero())
    }

    /// max(self, 0) (NaN → 0).
    #[inline(always)]
    pub fn max0(self) -> V8 {
        self.zero().max(self)
    }

    /// self where `m`, zero elsewhere.
    #[inline(always)]
    pub fn keep(self, m: VM) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_and_ps(self.0, m.0) })
    }
}

impl VM {
    /// Lane-wise `m ? a : b`.
    #[inline(always)]
    pub fn select(self, a: V8, b: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_blendv_ps(b.0, a.0, self.0) })
    }

    #[inline(always)]
    pub fn any(self) -> bool {
        // SAFETY: see the module notes.
        unsafe { _mm256_movemask_ps(self.0) != 0 }
    }
}

impl BitAnd for VM {
    type Output = VM;
    #[inline(always)]
    fn bitand(self, b: VM) -> VM {
        // SAFETY: see the module notes.
        VM(unsafe { _mm256_and_ps(self.0, b.0) })
    }
}

impl BitOr for VM {
    type Output = VM;
    #[inline(always)]
    fn bitor(self, b: VM) -> VM {
        // SAFETY: see the module notes.
        VM(unsafe { _mm256_or_ps(self.0, b.0) })
    }
}

impl Not for VM {
    type Output = VM;
    #[inline(always)]
    fn not(self) -> VM {
        // SAFETY: see the module notes.
        VM(unsafe { _mm256_xor_ps(self.0, _mm256_castsi256_ps(_mm256_set1_epi32(-1))) })
    }
}

macro_rules! binary {
    ($trait:ident, $method:ident, $intrinsic:ident) => {
        impl $trait for V8 {
            type Output = V8;
            #[inline(always)]
            fn $method(self, b: V8) -> V8 {
                // SAFETY: see the module notes.
                V8(unsafe { $intrinsic(self.0, b.0) })
            }
        }
        impl $trait<&K8> for V8 {
            type Output = V8;
            #[inline(always)]
            fn $method(self, b: &K8) -> V8 {
                // SAFETY: see the module notes.
                V8(unsafe { $intrinsic(self.0, V8::k(b).0) })
            }
        }
    };
}

binary!(Add, add, _mm256_add_ps);
binary!(Sub, sub, _mm256_sub_ps);
binary!(Mul, mul, _mm256_mul_ps);
binary!(Div, div, _mm256_div_ps);

impl Neg for V8 {
    type Output = V8;
    #[inline(always)]
    fn neg(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_xor_ps(self.0, self.bits(i32::MIN)) })
    }
}

/// A 3×3 matrix of pre-broadcast rows.
pub type KMat3 = [[K8; 3]; 3];

pub fn kmat3(m: &[[f32; 3]; 3]) -> KMat3 {
    m.map(|row| row.map(F8::splat))
}

/// `m · v` with fused multiply-adds.
#[inline(always)]
pub fn mat3(m: &KMat3, v: [V8; 3]) -> [V8; 3] {
    [row3(&m[0], v), row3(&m[1], v), row3(&m[2], v)]
}

/// One row of [`mat3`].
#[inline(always)]
fn row3(r: &[K8; 3], v: [V8; 3]) -> V8 {
    // SAFETY: see the module notes (a V8 argument exists).
    unsafe { v[2].mul_add(V8::k(&r[2]), v[1].mul_add(V8::k(&r[1]), v[0] * &r[0])) }
}

/// The constants of the fast math, pre-broadcast.
#[derive(Clone, Debug)]
pub struct MathK {
    one: K8,
    half: K8,
    sqrt2: K8,
    mantissa: K8,
    min_positive: K8,
    log2_series: [K8; 5],
    two_over_ln2: K8,
    exp2_lo: K8,
    exp2_hi: K8,
    rounding_magic: K8,
    ln2: K8,
    exp2_series: [K8; 7],
    atan_series: [K8; 8],
    rad_to_deg: K8,
    ninety: K8,
    one_eighty: K8,
    three_sixty: K8,
}

impl Default for MathK {
    fn default() -> Self {
        MathK::new()
    }
}

impl MathK {
    pub fn new() -> MathK {
        let s = F8::splat;
        MathK {
            one: s(1.0),
            half: s(0.5),
            sqrt2: s(std::f32::consts::SQRT_2),
            mantissa: F8::splat(f32::from_bits(0x007f_ffff)),
            min_positive: s(f32::MIN_POSITIVE),
            log2_series: [1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0, 1.0 / 3.0, 1.0].map(s),
            two_over_ln2: s(2.0 / std::f32::consts::LN_2),
            exp2_lo: s(-126.0),
            exp2_hi: s(126.0),
            rounding_magic: s(12_582_912.0),
            ln2: s(std::f32::consts::LN_2),
            exp2_series: [
                1.0 / 5040.0,
                1.0 / 720.0,
                1.0 / 120.0,
                1.0 / 24.0,
                1.0 / 6.0,
                0.5,
                1.0,
            ]
            .map(s),
            atan_series: [
                -0.004_054_560_5,
                0.021_862_934,
                -0.055_912_293,
                0.096_421_95,
                -0.139_086_29,
                0.199_465_65,
                -0.333_298_6,
                0.999_999_34,
            ]
            .map(s),
            rad_to_deg: s(180.0 / std::f32::consts::PI),
            ninety: s(90.0),
            one_eighty: s(180.0),
            three_sixty: s(360.0),
        }
    }

    #[inline(always)]
    fn get(&self, c: &K8) -> V8 {
        // SAFETY: only called with a V8 argument in hand (see the module notes).
        unsafe { V8::k(c) }
    }

    /// Horner's rule over pre-broadcast coefficients, highest degree first.
    #[inline(always)]
    fn horner<const N: usize>(&self, x: V8, c: &[K8; N]) -> V8 {
        let mut acc = self.get(&c[0]);
        for k in &c[1..] {
            acc = acc.mul_add(x, self.get(k));
        }
        acc
    }

    /// [`super::lanes::log2_pos`]: log2 of a positive normal x.
    #[inline(always)]
    pub fn log2_pos(&self, x: V8) -> V8 {
        // SAFETY: see the module notes.
        unsafe {
            let bits = _mm256_castps_si256(x.0);
            let exponent = _mm256_sub_epi32(_mm256_srli_epi32::<23>(bits), _mm256_set1_epi32(127));
            let m = _mm256_or_ps(
                _mm256_and_ps(x.0, self.get(&self.mantissa).0),
                self.get(&self.one).0,
            );
            let m = V8(m);
            let high = m.ge(self.get(&self.sqrt2));
            let m = high.select(m * &self.half, m);
            // high is all ones (−1) where the mantissa was halved: exponent − (−1).
            let exponent = _mm256_sub_epi32(exponent, _mm256_castps_si256(high.0));
            let e = V8(_mm256_cvtepi32_ps(exponent));
            let one = self.get(&self.one);
            let t = (m - one) / (m + one);
            let series = self.horner(t * t, &self.log2_series);
            (t * &self.two_over_ln2).mul_add(series, e)
        }
    }

    /// [`super::lanes::exp2_fast`]: 2^x for x clamped to [−126, 126].
    #[inline(always)]
    pub fn exp2(&self, x: V8) -> V8 {
        let xc = x.clamp(self.get(&self.exp2_lo), self.get(&self.exp2_hi));
        let magic = self.get(&self.rounding_magic);
        let shifted = xc + magic;
        let n_float = shifted - magic;
        let f = (xc - n_float) * &self.ln2;
        let p = self
            .horner(f, &self.exp2_series)
            .mul_add(f, self.get(&self.one));
        // SAFETY: see the module notes.
        unsafe {
            // The low mantissa bits of `shifted` hold n; n + 127 shifted into the exponent.
            let n = _mm256_sub_epi32(_mm256_castps_si256(shifted.0), _mm256_castps_si256(magic.0));
            let scale = _mm256_slli_epi32::<23>(_mm256_add_epi32(n, _mm256_set1_epi32(127)));
            p * V8(_mm256_castsi256_ps(scale))
        }
    }

    /// [`super::lanes::pow_pos`]: x^p for x > 0 (smaller x act as the smallest normal).
    #[inline(always)]
    pub fn pow_pos(&self, x: V8, p: V8) -> V8 {
        self.exp2(p * self.log2_pos(x.max(self.get(&self.min_positive))))
    }

    /// [`super::lanes::atan2_degrees`]: the angle of (x, y) in degrees, in [0, 360].
    #[inline(always)]
    pub fn atan2_degrees(&self, y: V8, x: V8) -> V8 {
        let (ax, ay) = (x.abs(), y.abs());
        let swap = ay.gt(ax);
        let num = ax.min(ay);
        let den = ax.max(ay);
        // den = 0 only for (0, 0), where num = 0 too: 0/0 is NaN, replaced by 0.
        let t = den.gt0().select(num / den, den.zero());
        // NaN in: the compares above are false, so a NaN reaches t through min/max or the
        // division; keep it (atan of NaN is NaN below).
        let nan = x.cmp::<_CMP_UNORD_Q>(y);
        let t = nan.select(x + y, t);
        let r = t * self.horner(t * t, &self.atan_series) * &self.rad_to_deg;
        let r = swap.select(self.get(&self.ninety) - r, r);
        let r = x.lt(x.zero()).select(self.get(&self.one_eighty) - r, r);
        y.lt(y.zero()).select(self.get(&self.three_sixty) - r, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simd::lanes::{atan2_degrees, exp2_fast, log2_pos, pow_pos};

    fn have_avx2() -> bool {
        crate::simd::best_isa() == crate::simd::Isa::Avx2Fma
    }

    /// The register lanes against the portable lanes they mirror: the same series, so within a
    /// few f32 roundings of each other (FMA placement differs).
    #[test]
    fn register_math_follows_the_portable_math() {
        if !have_avx2() {
            eprintln!("no AVX2+FMA here: skipped");
            return;
        }
        let k = MathK::new();
        let mut worst = [0.0f64; 4];
        let mut x = 1e-30f32;
        while x < 1e30 {
            let xs = F8(std::array::from_fn(|i| x * (1.0 + i as f32 * 0.013)));
            // SAFETY: AVX2 and FMA are available (checked above).
            let v = unsafe { V8::from_f8(xs) };
            let log = k.log2_pos(v).to_f8();
            let exp = k.exp2(unsafe { V8::splat(0.001) } * v).to_f8();
            let pow = k.pow_pos(v, unsafe { V8::splat(0.42) }).to_f8();
            let ang = k.atan2_degrees(v - unsafe { V8::splat(1.0) }, unsafe { V8::splat(0.7) } - v);
            let ang = ang.to_f8();
            for i in 0..LANES {
                let xi = xs.0[i];
                let rel =
                    |a: f32, b: f32| ((a as f64 - b as f64) / (b as f64).abs().max(1e-30)).abs();
                // Errors relative to the bounds of the portable functions (see lanes.rs).
                let log2_x = (xi as f64).log2().abs();
                let log_diff = (log.0[i] - log2_pos(xi)).abs() as f64;
                worst[0] = worst[0].max(log_diff / log2_x.max(1.0));
                worst[1] = worst[1].max(rel(exp.0[i], exp2_fast(0.001 * xi)));
                let pow_bound = 3e-7 + 0.42 * log2_x * 1.2e-7;
                worst[2] = worst[2].max(rel(pow.0[i], pow_pos(xi, 0.42)) / pow_bound);
                worst[3] =
                    worst[3].max((ang.0[i] - atan2_degrees(xi - 1.0, 0.7 - xi)).abs() as f64);
            }
            x *= 1.0007;
        }
        eprintln!("register vs portable: {worst:?}");
        // log2 within 4e-7 (relative above 1), exp2 within 4e-7, pow within its own bound.
        assert!(
            worst[0] <= 4e-7 && worst[1] <= 4e-7 && worst[2] <= 1.0,
            "{worst:?}"
        );
        assert!(worst[3] <= 6e-5, "{worst:?}");
        // Special points of atan2.
        // SAFETY: AVX2 and FMA are available (checked above).
        let (zero, minus) = unsafe { (V8::splat(0.0), V8::splat(-1.0)) };
        assert_eq!(k.atan2_degrees(zero, zero).to_f8().0[0], 0.0);
        assert_eq!(k.atan2_degrees(zero, minus).to_f8().0[0], 180.0);
        let nan = unsafe { V8::splat(f32::NAN) };
        assert!(k.atan2_degrees(nan, minus).to_f8().0[0].is_nan());
    }
}
