//! What a register kernel needs of its lanes, whatever their width: [`Reg`] is implemented by
//! [`V8`](super::avx2::V8) (one AVX2 register) and [`V16`](super::avx512::V16) (one AVX-512
//! register), so one kernel text compiles to both.
//!
//! Why two widths: a long kernel such as the ACES 2.0 output transform is one chain of dependent
//! steps per block (pow, division, square root, table lookups in turn), longer than the
//! processor's reordering window, so it runs at the latency of that chain, not at the throughput
//! of the vector units. Sixteen lanes per instruction carry twice the pixels along the same chain
//! (on Zen 4 a 512-bit operation costs about what a 256-bit one does in latency).
//!
//! Constants are [`K8`]s (eight copies, 32-byte aligned): the 256-bit path reads them as a
//! memory operand, the 512-bit path broadcasts their first lane (an embedded broadcast operand).

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

use super::lanes::F8;

/// A pre-broadcast constant.
pub type K8 = F8;

/// A register of f32 lanes.
///
/// Soundness: every way to make a value (the `unsafe fn`s) requires the processor to have the
/// instruction set the implementation is written for; once a value exists, the operations on it
/// are safe, since they can only run where such a value was made.
pub trait Reg:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + for<'a> Add<&'a K8, Output = Self>
    + for<'a> Sub<&'a K8, Output = Self>
    + for<'a> Mul<&'a K8, Output = Self>
    + for<'a> Div<&'a K8, Output = Self>
{
    /// Lane masks, as the compares make them.
    type Mask: RegMask<Self>;
    /// How many eight-lane blocks one register holds.
    const BLOCKS: usize;

    /// # Safety
    /// The processor must support the implementation's instruction set.
    unsafe fn k(c: &K8) -> Self;

    /// The lanes of `BLOCKS` eight-lane blocks, in order.
    ///
    /// # Safety
    /// As [`Reg::k`].
    unsafe fn from_f8s(blocks: &[F8]) -> Self;

    /// The first `BLOCKS · 8` values of `values` (which must hold that many).
    ///
    /// # Safety
    /// As [`Reg::k`].
    unsafe fn load(values: &[f32]) -> Self;

    /// Stores the lanes into `BLOCKS` eight-lane blocks.
    fn to_f8s(self, blocks: &mut [F8]);

    /// Stores the lanes into the first `BLOCKS · 8` values of `values`.
    fn store(self, values: &mut [f32]);

    fn zero(self) -> Self;
    /// `self · b + c` in one rounding.
    fn mul_add(self, b: Self, c: Self) -> Self;
    /// `c − self · b` in one rounding.
    fn neg_mul_add(self, b: Self, c: Self) -> Self;
    /// `self · b − c` in one rounding.
    fn mul_sub(self, b: Self, c: Self) -> Self;
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    /// |self| with the sign of `sign` (self ≥ 0 assumed: only the sign bit is or-ed in).
    fn with_sign_of(self, sign: Self) -> Self;
    /// `(self < b) ? b : self` (a NaN `b` gives `self`).
    fn max(self, b: Self) -> Self;
    /// `(b < self) ? b : self` (a NaN `b` gives `self`).
    fn min(self, b: Self) -> Self;
    fn lt(self, b: Self) -> Self::Mask;
    fn le(self, b: Self) -> Self::Mask;
    fn gt(self, b: Self) -> Self::Mask;
    fn ge(self, b: Self) -> Self::Mask;
    fn eq(self, b: Self) -> Self::Mask;
    /// Either is NaN.
    fn unordered(self, b: Self) -> Self::Mask;
    /// self where `m`, zero elsewhere.
    fn keep(self, m: Self::Mask) -> Self;

    /// The unbiased binary exponent of a positive normal value, as a float.
    fn exponent(self) -> Self;
    /// The mantissa bits of `self` under the exponent of 1.0: a value in [1, 2).
    fn mantissa(self) -> Self;
    /// 2^n, where n is the integer in the low mantissa bits of `shifted` = n + `magic`
    /// (the rounding trick: `magic` is 1.5 · 2^23), for n in [−126, 127].
    fn pow2_of_rounded(shifted: Self, magic: Self) -> Self;

    /// Rounded towards −∞.
    fn floor(self) -> Self;
    /// `table[i]` per lane, for i = the lane's value truncated, which must be in 0..8.
    fn lookup8(table: &K8, index: Self) -> Self;

    /// `table[i]` per lane, for i = the lane's value truncated; an index below 0, NaN or
    /// beyond the table reads its first or last entry (never outside it). `table` holds 1 to
    /// `i32::MAX` values.
    fn gather(table: &[f32], index: Self) -> Self;

    /// Clamp where NaN becomes `lo`.
    #[inline(always)]
    fn clamp(self, lo: Self, hi: Self) -> Self {
        lo.max(self).min(hi)
    }

    /// self > 0.
    #[inline(always)]
    fn gt0(self) -> Self::Mask {
        self.gt(self.zero())
    }

    /// self ≤ 0.
    #[inline(always)]
    fn le0(self) -> Self::Mask {
        self.le(self.zero())
    }

    /// max(self, 0) (NaN → 0).
    #[inline(always)]
    fn max0(self) -> Self {
        self.zero().max(self)
    }
}

/// Lane masks of a [`Reg`].
pub trait RegMask<V>:
    Copy + BitAnd<Output = Self> + BitOr<Output = Self> + Not<Output = Self>
{
    /// Lane-wise `m ? a : b`.
    fn select(self, a: V, b: V) -> V;
    fn any(self) -> bool;
}

/// A 3×3 matrix of pre-broadcast rows.
pub type KMat3 = [[K8; 3]; 3];

pub fn kmat3(m: &[[f32; 3]; 3]) -> KMat3 {
    m.map(|row| row.map(F8::splat))
}

/// `m · v` with fused multiply-adds.
#[inline(always)]
pub fn mat3<V: Reg>(m: &KMat3, v: [V; 3]) -> [V; 3] {
    [row3(&m[0], v), row3(&m[1], v), row3(&m[2], v)]
}

/// One row of [`mat3`].
#[inline(always)]
fn row3<V: Reg>(r: &[K8; 3], v: [V; 3]) -> V {
    // SAFETY: a V argument exists, so its instruction set is there.
    unsafe { v[2].mul_add(V::k(&r[2]), v[1].mul_add(V::k(&r[1]), v[0] * &r[0])) }
}
