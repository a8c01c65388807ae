//! Eight f32 lanes as a plain array, with element-wise operations written as fixed 8-iteration
//! loops that LLVM turns into one 256-bit instruction each when the caller is compiled for AVX2
//! (and into SSE pairs or scalar code otherwise), plus the branch-free fast math the ACES 2.0
//! block path needs.
//!
//! Accuracy of the fast functions (measured by the tests below; inputs in the stated domains):
//! - [`log2_pos`]: absolute error ≤ 2e-7 on [0.5, 2], relative ≤ 2e-7 elsewhere (x > 0 normal).
//! - [`exp2_fast`]: relative error ≤ 3e-7 on [-126, 126] (inputs are clamped there).
//! - [`pow_pos`]: `exp2(p·log2 x)`, relative error ≤ 3e-7 + |p·log2 x|·1.2e-7 (x > 0).
//! - [`log2_1p`]: log2(1 + u) for u in [-0.3, 0.3], absolute error ≤ 1e-8 + 2e-7·|log2(1 + u)|.
//! - [`exp2m1`]: 2^x − 1, relative error ≤ 3e-7 (also for x near 0).
//! - [`atan2_degrees`]: the hue angle in [0, 360], absolute error ≤ 3e-5 degrees (one f32 ulp at
//!   360; the polynomial itself is within 8e-6 degrees).
//!
//! Masks are lanes of all-ones or all-zero bits, as the vector compare instructions make them.

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

pub const LANES: usize = 8;

/// Eight f32 lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C, align(32))]
pub struct F8(pub [f32; LANES]);

/// Eight i32 lanes (table indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, align(32))]
pub struct I8(pub [i32; LANES]);

/// Eight lane masks: each lane all ones (true) or all zeros (false).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, align(32))]
pub struct M8(pub [u32; LANES]);

/// `[expr for each lane i]` as a plain loop: no closure, so nothing is left out of line (a closure
/// that LLVM declines to inline is compiled without the caller's AVX2/FMA and calls `fmaf`).
macro_rules! lanewise {
    (|$i:ident| $e:expr) => {{
        let mut out = [Default::default(); LANES];
        for $i in 0..LANES {
            out[$i] = $e;
        }
        out
    }};
}

#[inline(always)]
fn mask_of(c: bool) -> u32 {
    (c as u32).wrapping_neg()
}

impl F8 {
    #[inline(always)]
    pub fn splat(v: f32) -> F8 {
        F8([v; LANES])
    }

    #[inline(always)]
    pub fn load(values: &[f32; LANES]) -> F8 {
        F8(*values)
    }

    /// `f` per lane; pass `#[inline(always)]` fn items, not closures (see `lanewise!`).
    #[inline(always)]
    pub fn map(self, f: impl Fn(f32) -> f32) -> F8 {
        F8(lanewise!(|i| f(self.0[i])))
    }

    /// `f` per pair of lanes (fn items, as [`Self::map`]).
    #[inline(always)]
    pub fn zip(self, other: F8, f: impl Fn(f32, f32) -> f32) -> F8 {
        F8(lanewise!(|i| f(self.0[i], other.0[i])))
    }

    #[inline(always)]
    pub fn mul_add(self, b: F8, c: F8) -> F8 {
        F8(lanewise!(|i| self.0[i].mul_add(b.0[i], c.0[i])))
    }

    #[inline(always)]
    pub fn sqrt(self) -> F8 {
        F8(lanewise!(|i| self.0[i].sqrt()))
    }

    #[inline(always)]
    pub fn abs(self) -> F8 {
        F8(lanewise!(|i| f32::from_bits(
            self.0[i].to_bits() & 0x7fff_ffff
        )))
    }

    /// |self| with the sign of `sign`.
    #[inline(always)]
    pub fn copysign(self, sign: F8) -> F8 {
        F8(lanewise!(|i| f32::from_bits(
            (self.0[i].to_bits() & 0x7fff_ffff) | (sign.0[i].to_bits() & 0x8000_0000)
        )))
    }

    /// `(self < b) ? b : self`, C++'s `std::max` (a NaN `b` gives `self`).
    #[inline(always)]
    pub fn max(self, b: F8) -> F8 {
        F8(lanewise!(|i| if self.0[i] < b.0[i] {
            b.0[i]
        } else {
            self.0[i]
        }))
    }

    /// `(b < self) ? b : self`, C++'s `std::min` (a NaN `b` gives `self`).
    #[inline(always)]
    pub fn min(self, b: F8) -> F8 {
        F8(lanewise!(|i| if b.0[i] < self.0[i] {
            b.0[i]
        } else {
            self.0[i]
        }))
    }

    #[inline(always)]
    pub fn max_s(self, b: f32) -> F8 {
        self.max(F8::splat(b))
    }

    #[inline(always)]
    pub fn min_s(self, b: f32) -> F8 {
        self.min(F8::splat(b))
    }

    /// Clamp where NaN becomes `lo` (OpenColorIO's Range op).
    #[inline(always)]
    pub fn clamp_s(self, lo: f32, hi: f32) -> F8 {
        F8::splat(lo).max(self).min_s(hi)
    }

    #[inline(always)]
    pub fn lt(self, b: F8) -> M8 {
        M8(lanewise!(|i| mask_of(self.0[i] < b.0[i])))
    }

    #[inline(always)]
    pub fn le(self, b: F8) -> M8 {
        M8(lanewise!(|i| mask_of(self.0[i] <= b.0[i])))
    }

    #[inline(always)]
    pub fn gt(self, b: F8) -> M8 {
        b.lt(self)
    }

    #[inline(always)]
    pub fn ge(self, b: F8) -> M8 {
        b.le(self)
    }

    #[inline(always)]
    pub fn eq(self, b: F8) -> M8 {
        M8(lanewise!(|i| mask_of(self.0[i] == b.0[i])))
    }

    #[inline(always)]
    pub fn lt_s(self, b: f32) -> M8 {
        self.lt(F8::splat(b))
    }

    #[inline(always)]
    pub fn le_s(self, b: f32) -> M8 {
        self.le(F8::splat(b))
    }

    #[inline(always)]
    pub fn gt_s(self, b: f32) -> M8 {
        self.gt(F8::splat(b))
    }

    #[inline(always)]
    pub fn ge_s(self, b: f32) -> M8 {
        self.ge(F8::splat(b))
    }

    /// The lanes' bit patterns.
    #[inline(always)]
    pub fn to_bits(self) -> I8 {
        I8(lanewise!(|i| self.0[i].to_bits() as i32))
    }

    /// Truncation towards zero after clamping to [lo, hi] (NaN → lo); with the clamp done in
    /// float the conversion is one vector instruction (`as i32` saturates lane by lane).
    #[inline(always)]
    pub fn to_i32_clamped(self, lo: i32, hi: i32) -> I8 {
        let clamped = self.clamp_s(lo as f32, hi as f32);
        // SAFETY: the value is finite and within [lo, hi] ⊂ i32 after the clamp (NaN → lo).
        I8(lanewise!(|i| unsafe {
            clamped.0[i].to_int_unchecked::<i32>()
        }))
    }

    /// Reads `table[index]` per lane; indices are clamped into the table, so any index is safe.
    #[inline(always)]
    pub fn gather<const N: usize>(table: &[f32; N], index: I8) -> F8 {
        F8(lanewise!(|i| table[(index.0[i].max(0) as usize).min(N - 1)]))
    }

    /// Reads `table[index]` (a row of `K` values) per lane and returns the rows' columns (rows of
    /// 4 or 8 values as whole-row loads and a transpose where AVX2 is available).
    #[inline(always)]
    pub fn gather_rows<const K: usize>(table: &[[f32; K]], index: I8) -> [F8; K] {
        let last = table.len().saturating_sub(1);
        let rows: [usize; LANES] = lanewise!(|i| (index.0[i].max(0) as usize).min(last));
        #[cfg(target_arch = "x86_64")]
        if (K == 4 || K == 8) && !table.is_empty() && std::is_x86_feature_detected!("avx2") {
            let mut columns = [F8::splat(0.0); K];
            // SAFETY: AVX2 is available (checked just above); every row index is within the
            // table and each row holds K contiguous f32 values; `columns` holds K lanes.
            unsafe {
                let base = table.as_ptr() as *const f32;
                let out = columns.as_mut_ptr() as *mut f32;
                if K == 8 {
                    transpose_rows8(base, rows, out);
                } else {
                    transpose_rows4(base, rows, out);
                }
            }
            return columns;
        }
        let mut columns = [F8::splat(0.0); K];
        for (c, column) in columns.iter_mut().enumerate() {
            for (i, &row) in rows.iter().enumerate() {
                column.0[i] = table[row][c];
            }
        }
        columns
    }
}

/// Eight rows of eight f32 (at `base + 8·row`) transposed into eight lanes of columns at `out`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn transpose_rows8(base: *const f32, rows: [usize; LANES], out: *mut f32) {
    use std::arch::x86_64::*;
    let r: [__m256; 8] = std::array::from_fn(|i| _mm256_loadu_ps(base.add(8 * rows[i])));
    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
    let t4 = _mm256_unpacklo_ps(r[4], r[5]);
    let t5 = _mm256_unpackhi_ps(r[4], r[5]);
    let t6 = _mm256_unpacklo_ps(r[6], r[7]);
    let t7 = _mm256_unpackhi_ps(r[6], r[7]);
    let u0 = _mm256_shuffle_ps::<0x44>(t0, t2);
    let u1 = _mm256_shuffle_ps::<0xee>(t0, t2);
    let u2 = _mm256_shuffle_ps::<0x44>(t1, t3);
    let u3 = _mm256_shuffle_ps::<0xee>(t1, t3);
    let u4 = _mm256_shuffle_ps::<0x44>(t4, t6);
    let u5 = _mm256_shuffle_ps::<0xee>(t4, t6);
    let u6 = _mm256_shuffle_ps::<0x44>(t5, t7);
    let u7 = _mm256_shuffle_ps::<0xee>(t5, t7);
    let columns = [
        _mm256_permute2f128_ps::<0x20>(u0, u4),
        _mm256_permute2f128_ps::<0x20>(u1, u5),
        _mm256_permute2f128_ps::<0x20>(u2, u6),
        _mm256_permute2f128_ps::<0x20>(u3, u7),
        _mm256_permute2f128_ps::<0x31>(u0, u4),
        _mm256_permute2f128_ps::<0x31>(u1, u5),
        _mm256_permute2f128_ps::<0x31>(u2, u6),
        _mm256_permute2f128_ps::<0x31>(u3, u7),
    ];
    for (c, column) in columns.into_iter().enumerate() {
        _mm256_storeu_ps(out.add(8 * c), column);
    }
}

/// Eight rows of four f32 (at `base + 4·row`) transposed into four lanes of columns at `out`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn transpose_rows4(base: *const f32, rows: [usize; LANES], out: *mut f32) {
    use std::arch::x86_64::*;
    // Row i in the low half, row i + 4 in the high half.
    let r: [__m256; 4] = std::array::from_fn(|i| {
        _mm256_set_m128(
            _mm_loadu_ps(base.add(4 * rows[i + 4])),
            _mm_loadu_ps(base.add(4 * rows[i])),
        )
    });
    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
    let columns = [
        _mm256_shuffle_ps::<0x44>(t0, t2),
        _mm256_shuffle_ps::<0xee>(t0, t2),
        _mm256_shuffle_ps::<0x44>(t1, t3),
        _mm256_shuffle_ps::<0xee>(t1, t3),
    ];
    for (c, column) in columns.into_iter().enumerate() {
        _mm256_storeu_ps(out.add(8 * c), column);
    }
}

impl I8 {
    /// Logical right shift of each lane's bits.
    #[inline(always)]
    pub fn shift_right(self, n: u32) -> I8 {
        I8(lanewise!(|i| ((self.0[i] as u32) >> n) as i32))
    }

    /// Bitwise and with `mask` in each lane.
    #[inline(always)]
    pub fn and(self, mask: u32) -> I8 {
        I8(lanewise!(|i| ((self.0[i] as u32) & mask) as i32))
    }

    #[inline(always)]
    pub fn splat(v: i32) -> I8 {
        I8([v; LANES])
    }

    #[inline(always)]
    pub fn to_f32(self) -> F8 {
        F8(lanewise!(|i| self.0[i] as f32))
    }

    #[inline(always)]
    pub fn clamp(self, lo: i32, hi: i32) -> I8 {
        I8(lanewise!(|i| self.0[i].clamp(lo, hi)))
    }

    /// Adds 1 in the lanes where `m` is set.
    #[inline(always)]
    pub fn inc_where(self, m: M8) -> I8 {
        I8(lanewise!(|i| self.0[i].wrapping_sub(m.0[i] as i32)))
    }
}

impl Add<i32> for I8 {
    type Output = I8;
    #[inline(always)]
    fn add(self, b: i32) -> I8 {
        I8(lanewise!(|i| self.0[i].wrapping_add(b)))
    }
}

impl M8 {
    /// Lane-wise `m ? a : b`.
    #[inline(always)]
    pub fn select(self, a: F8, b: F8) -> F8 {
        F8(lanewise!(|i| {
            let m = self.0[i];
            f32::from_bits((a.0[i].to_bits() & m) | (b.0[i].to_bits() & !m))
        }))
    }

    #[inline(always)]
    pub fn select_s(self, a: f32, b: F8) -> F8 {
        self.select(F8::splat(a), b)
    }

    /// Whether any lane is set.
    #[inline(always)]
    pub fn any(self) -> bool {
        self.0.iter().fold(0, |acc, m| acc | m) != 0
    }
}

impl BitAnd for M8 {
    type Output = M8;
    #[inline(always)]
    fn bitand(self, b: M8) -> M8 {
        M8(lanewise!(|i| self.0[i] & b.0[i]))
    }
}

impl BitOr for M8 {
    type Output = M8;
    #[inline(always)]
    fn bitor(self, b: M8) -> M8 {
        M8(lanewise!(|i| self.0[i] | b.0[i]))
    }
}

impl Not for M8 {
    type Output = M8;
    #[inline(always)]
    fn not(self) -> M8 {
        M8(lanewise!(|i| !self.0[i]))
    }
}

macro_rules! binary {
    ($trait:ident, $method:ident, $op:tt) => {
        impl $trait for F8 {
            type Output = F8;
            #[inline(always)]
            fn $method(self, b: F8) -> F8 {
                F8(lanewise!(|i| self.0[i] $op b.0[i]))
            }
        }
        impl $trait<f32> for F8 {
            type Output = F8;
            #[inline(always)]
            fn $method(self, b: f32) -> F8 {
                F8(lanewise!(|i| self.0[i] $op b))
            }
        }
        impl $trait<F8> for f32 {
            type Output = F8;
            #[inline(always)]
            fn $method(self, b: F8) -> F8 {
                F8(lanewise!(|i| self $op b.0[i]))
            }
        }
    };
}

binary!(Add, add, +);
binary!(Sub, sub, -);
binary!(Mul, mul, *);
binary!(Div, div, /);

impl Neg for F8 {
    type Output = F8;
    #[inline(always)]
    fn neg(self) -> F8 {
        F8(lanewise!(|i| -self.0[i]))
    }
}

/// `m · v` for a 3×3 matrix of rows, summed left to right.
#[inline(always)]
pub fn mat3(m: &[[f32; 3]; 3], v: [F8; 3]) -> [F8; 3] {
    [
        v[0] * m[0][0] + v[1] * m[0][1] + v[2] * m[0][2],
        v[0] * m[1][0] + v[1] * m[1][1] + v[2] * m[1][2],
        v[0] * m[2][0] + v[1] * m[2][1] + v[2] * m[2][2],
    ]
}

/// `f` on each of three channels, as direct calls (a function passed as a value goes through an
/// `Fn::call` shim that LLVM may leave out of line, compiled without AVX2/FMA).
macro_rules! map3 {
    ($v:expr, $f:path) => {{
        let v: [$crate::simd::lanes::F8; 3] = $v;
        [$f(v[0]), $f(v[1]), $f(v[2])]
    }};
}
pub(crate) use map3;

/// Each channel clamped to [lo, hi], NaN to lo.
#[inline(always)]
pub fn clamp3(v: [F8; 3], lo: f32, hi: f32) -> [F8; 3] {
    [
        v[0].clamp_s(lo, hi),
        v[1].clamp_s(lo, hi),
        v[2].clamp_s(lo, hi),
    ]
}

/// Each channel where `m` is set, zero elsewhere.
#[inline(always)]
pub fn keep3(m: M8, v: [F8; 3]) -> [F8; 3] {
    let zero = F8::splat(0.0);
    [
        m.select(v[0], zero),
        m.select(v[1], zero),
        m.select(v[2], zero),
    ]
}

// ---- Scalar branch-free kernels (mapped over lanes) ----

const LN2: f32 = std::f32::consts::LN_2;
const SQRT2: f32 = std::f32::consts::SQRT_2;

/// 2/ln 2 times the atanh series t + t³/3 + … + t⁹/9: log2((1 + t)/(1 − t)) for |t| ≤ 0.18
/// (the next term, 2/ln 2 · t¹¹/11, stays below 2e-9).
#[inline(always)]
fn log2_atanh_series(t: f32) -> f32 {
    (2.0 / LN2) * t * super::math::atanh_over_t(t * t)
}

/// log2 of a positive normal x (no special values: 0, negatives, NaN and inf give garbage).
#[inline(always)]
pub fn log2_pos(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let high = m >= SQRT2;
    let m = if high { m * 0.5 } else { m };
    let exponent = exponent + high as i32;
    exponent as f32 + log2_atanh_series((m - 1.0) / (m + 1.0))
}

/// log2(1 + u) for small |u| (≤ 0.3), accurate relative to the result (u itself is exact).
#[inline(always)]
pub fn log2_1p(u: f32) -> f32 {
    log2_atanh_series(u / (2.0 + u))
}

/// 2^x for x in [-126, 126] (clamped there), by exponent split and a degree-6 polynomial
/// (`math::EXP2_POLY`).
#[inline(always)]
pub fn exp2_fast(x: f32) -> f32 {
    let (p, n) = super::math::exp2_split(x.clamp(-126.0, 126.0));
    p * f32::from_bits(((n + 127) as u32) << 23)
}

/// x^p for x > 0. Smaller x (0, negatives) are treated as the smallest normal, NaN stays NaN
/// only through p·log2 (callers pass finite values).
#[inline(always)]
pub fn pow_pos(x: f32, p: f32) -> f32 {
    exp2_fast(p * log2_pos(x.max(f32::MIN_POSITIVE)))
}

/// 2^x − 1, accurate relative to the result also near x = 0 (a series there), for x ≤ 126.
#[inline(always)]
pub fn exp2m1(x: f32) -> f32 {
    let w = x * LN2;
    let series = w
        .mul_add(1.0 / 40320.0, 1.0 / 5040.0)
        .mul_add(w, 1.0 / 720.0)
        .mul_add(w, 1.0 / 120.0)
        .mul_add(w, 1.0 / 24.0)
        .mul_add(w, 1.0 / 6.0)
        .mul_add(w, 0.5)
        .mul_add(w, 1.0)
        * w;
    if x.abs() < 0.5 {
        series
    } else {
        exp2_fast(x) - 1.0
    }
}

/// atan(t) for t in [0, 1]: a degree-15 odd polynomial (error ≤ 4e-8 in exact arithmetic).
#[inline(always)]
fn atan_unit(t: f32) -> f32 {
    let s = t * t;
    let p = s
        .mul_add(-0.004_054_560_5, 0.021_862_934)
        .mul_add(s, -0.055_912_293)
        .mul_add(s, 0.096_421_95)
        .mul_add(s, -0.139_086_29)
        .mul_add(s, 0.199_465_65)
        .mul_add(s, -0.333_298_6)
        .mul_add(s, 0.999_999_34);
    t * p
}

/// The angle of (x, y) in degrees, in [0, 360] (the hue of an opponent pair a = x, b = y). Zero
/// for (0, 0); NaN in gives NaN out.
#[inline(always)]
pub fn atan2_degrees(y: f32, x: f32) -> f32 {
    let (ax, ay) = (x.abs(), y.abs());
    let swap = ay > ax;
    let (num, den) = if swap { (ax, ay) } else { (ay, ax) };
    let t = if den > 0.0 { num / den } else { 0.0 };
    let t = if den.is_nan() || num.is_nan() {
        f32::NAN
    } else {
        t
    };
    let mut r = atan_unit(t) * (180.0 / std::f32::consts::PI);
    r = if swap { 90.0 - r } else { r };
    r = if x < 0.0 { 180.0 - r } else { r };
    if y < 0.0 {
        360.0 - r
    } else {
        r
    }
}

// ---- Lane versions ----

impl F8 {
    #[inline(always)]
    pub fn log2_pos(self) -> F8 {
        F8(lanewise!(|i| log2_pos(self.0[i])))
    }

    #[inline(always)]
    pub fn exp2(self) -> F8 {
        F8(lanewise!(|i| exp2_fast(self.0[i])))
    }

    /// self^p for self > 0 (smaller values act as the smallest normal float).
    #[inline(always)]
    pub fn pow_pos(self, p: f32) -> F8 {
        F8(lanewise!(|i| pow_pos(self.0[i], p)))
    }

    /// self^p per lane, for self > 0.
    #[inline(always)]
    pub fn pow_pos_v(self, p: F8) -> F8 {
        F8(lanewise!(|i| pow_pos(self.0[i], p.0[i])))
    }

    #[inline(always)]
    pub fn log2_1p(self) -> F8 {
        F8(lanewise!(|i| log2_1p(self.0[i])))
    }

    #[inline(always)]
    pub fn exp2m1(self) -> F8 {
        F8(lanewise!(|i| exp2m1(self.0[i])))
    }
}

/// Lane-wise [`atan2_degrees`].
#[inline(always)]
pub fn atan2_degrees8(y: F8, x: F8) -> F8 {
    F8(lanewise!(|i| atan2_degrees(y.0[i], x.0[i])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_and_exp2_are_within_their_bounds() {
        let mut x = 1e-37f32;
        while x < 1e37 {
            let want = (x as f64).log2();
            let got = log2_pos(x) as f64;
            let err = if (0.5..=2.0).contains(&x) {
                (got - want).abs()
            } else {
                ((got - want) / want).abs()
            };
            assert!(err <= 2e-7, "log2({x}) = {got} (want {want})");
            x *= 1.000_61;
        }
        let mut e = -126.0f32;
        while e < 126.0 {
            let want = 2f64.powf(e as f64);
            let got = exp2_fast(e) as f64;
            assert!(((got - want) / want).abs() <= 3e-7, "exp2({e}) = {got}");
            e += 0.000_97;
        }
    }

    #[test]
    fn pow_is_within_its_bound() {
        for p in [
            0.42f32,
            1.0 / 0.42,
            1.15,
            1.0 / 1.137,
            1.137,
            1.0 / 2.4,
            78.84375,
        ] {
            let mut x = 1e-6f32;
            while x < 1e4 {
                let want = (x as f64).powf(p as f64);
                let got = pow_pos(x, p) as f64;
                let bound = 3e-7 + (p as f64 * (x as f64).log2()).abs() * 1.2e-7;
                if want > 1e-30 && want < 1e30 {
                    assert!(
                        ((got - want) / want).abs() <= bound,
                        "{x}^{p} = {got} ({want})"
                    );
                }
                x *= 1.003;
            }
        }
        assert!(pow_pos(0.0, 0.42) < 1e-15);
    }

    #[test]
    fn log2_1p_is_accurate_near_zero() {
        let mut u = -0.3f32;
        while u < 0.3 {
            let want = (u as f64).ln_1p() / std::f64::consts::LN_2;
            let got = log2_1p(u) as f64;
            assert!(
                (got - want).abs() <= 1e-8 + 2e-7 * want.abs(),
                "{u}: {got} {want}"
            );
            u += 0.000_37;
        }
    }

    #[test]
    fn exp2m1_is_accurate_near_zero() {
        let mut x = -3.0f32;
        while x < 3.0 {
            let want = (x as f64 * std::f64::consts::LN_2).exp_m1();
            let got = exp2m1(x) as f64;
            assert!(((got - want) / want).abs() <= 3e-7, "{x}: {got} {want}");
            x += 0.000_71;
        }
        let tiny = (1e-6 * std::f64::consts::LN_2).exp_m1();
        assert!((exp2m1(1e-6) as f64 / tiny - 1.0).abs() < 1e-7);
    }

    #[test]
    fn atan2_degrees_is_within_its_bound() {
        let mut worst = 0.0f64;
        for i in 0..100_000 {
            let angle = i as f64 * std::f64::consts::TAU / 100_000.0;
            for radius in [1e-30, 1e-3, 1.0, 700.0] {
                let (x, y) = ((radius * angle.cos()) as f32, (radius * angle.sin()) as f32);
                let mut want = (y as f64).atan2(x as f64).to_degrees();
                if want < 0.0 {
                    want += 360.0;
                }
                let got = atan2_degrees(y, x) as f64;
                let d = (got - want).abs();
                let err = d.min((d - 360.0).abs());
                worst = worst.max(err);
                assert!((0.0..=360.0).contains(&got), "{x},{y}: {got}");
            }
        }
        eprintln!("atan2 worst {worst:e} degrees");
        assert!(worst <= 3e-5, "{worst}");
        assert_eq!(atan2_degrees(0.0, 0.0), 0.0);
        assert_eq!(atan2_degrees(0.0, -1.0), 180.0);
        assert!(atan2_degrees(f32::NAN, 1.0).is_nan());
    }

    #[test]
    fn lane_ops_and_masks() {
        let a = F8([1.0, -2.0, 3.0, f32::NAN, 0.0, 5.0, -0.5, 8.0]);
        let b = F8::splat(2.0);
        let m = a.lt(b);
        assert_eq!(m.0[0], u32::MAX);
        assert_eq!(m.0[2], 0);
        assert_eq!(m.0[3], 0);
        let s = m.select(a, b);
        assert_eq!(s.0[1], -2.0);
        assert_eq!(s.0[5], 2.0);
        assert_eq!(
            a.clamp_s(0.0, 4.0).0,
            [1.0, 0.0, 3.0, 0.0, 0.0, 4.0, 0.0, 4.0]
        );
        let table = [10.0f32, 11.0, 12.0];
        let got = F8::gather(&table, I8([0, 1, 2, 3, -1, 1, 0, 99]));
        assert_eq!(got.0, [10.0, 11.0, 12.0, 12.0, 10.0, 11.0, 10.0, 12.0]);
        assert!(m.any() && !(m & !m).any());
        assert_eq!(F8::splat(-3.0).copysign(a).0[1], -3.0);
    }
}
