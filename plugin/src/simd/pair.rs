//! Two registers driven as one value ([`Pair`]): every operation is issued for both halves back
//! to back, so a long dependent kernel (see [`super::reg`]) carries two independent chains
//! through the processor at once. Out-of-order execution cannot reach a second block by itself
//! when one block's chain is longer than its window, and LLVM does not interleave two calls of
//! a kernel on its own; this is how the ACES kernels and fused runs get that parallelism
//! ([`Quad`] of `V8`: thirty-two lanes in four AVX2 registers; a `Pair` of `V16` on AVX-512).
//!
//! Soundness: a `Pair` is made only from two values of its register type (see [`Reg`]).

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

use super::lanes::{F8, LANES};
use super::reg::{Reg, RegMask, K8};

/// Two registers of lanes: the first's lanes, then the second's.
#[derive(Clone, Copy, Debug)]
pub struct Pair<R>(R, R);

/// Four registers driven as one (a pair of pairs): four independent chains. On Zen 3 this is
/// what the long AVX2 kernels run on: at 1920x1080 on one thread, against a [`Pair`], the
/// ACES 2.0 output transform went from 74 to 70 ms (chain a), the ACES 1.x one from 41 to
/// 36.5 ms (chain c); eight registers (64 lanes) were slower again than four, as they spill.
pub type Quad<R> = Pair<Pair<R>>;

/// The lane masks of a [`Pair`].
#[derive(Clone, Copy, Debug)]
pub struct MaskPair<M>(M, M);

impl<R: Reg> Reg for Pair<R> {
    type Mask = MaskPair<R::Mask>;
    const BLOCKS: usize = 2 * R::BLOCKS;

    #[inline(always)]
    unsafe fn k(c: &K8) -> Self {
        let k = R::k(c);
        Pair(k, k)
    }

    #[inline(always)]
    unsafe fn from_f8s(blocks: &[F8]) -> Self {
        let (a, b) = blocks.split_at(R::BLOCKS);
        Pair(R::from_f8s(a), R::from_f8s(b))
    }

    #[inline(always)]
    unsafe fn load(values: &[f32]) -> Self {
        Pair(R::load(values), R::load(&values[R::BLOCKS * LANES..]))
    }

    #[inline(always)]
    fn to_f8s(self, blocks: &mut [F8]) {
        let (a, b) = blocks.split_at_mut(R::BLOCKS);
        self.0.to_f8s(a);
        self.1.to_f8s(b);
    }

    #[inline(always)]
    fn store(self, values: &mut [f32]) {
        let (a, b) = values.split_at_mut(R::BLOCKS * LANES);
        self.0.store(a);
        self.1.store(b);
    }

    #[inline(always)]
    fn zero(self) -> Pair<R> {
        Pair(self.0.zero(), self.1.zero())
    }

    #[inline(always)]
    fn mul_add(self, b: Pair<R>, c: Pair<R>) -> Pair<R> {
        Pair(self.0.mul_add(b.0, c.0), self.1.mul_add(b.1, c.1))
    }

    #[inline(always)]
    fn neg_mul_add(self, b: Pair<R>, c: Pair<R>) -> Pair<R> {
        Pair(self.0.neg_mul_add(b.0, c.0), self.1.neg_mul_add(b.1, c.1))
    }

    #[inline(always)]
    fn mul_sub(self, b: Pair<R>, c: Pair<R>) -> Pair<R> {
        Pair(self.0.mul_sub(b.0, c.0), self.1.mul_sub(b.1, c.1))
    }

    #[inline(always)]
    fn sqrt(self) -> Pair<R> {
        Pair(self.0.sqrt(), self.1.sqrt())
    }

    #[inline(always)]
    fn abs(self) -> Pair<R> {
        Pair(self.0.abs(), self.1.abs())
    }

    #[inline(always)]
    fn with_sign_of(self, sign: Pair<R>) -> Pair<R> {
        Pair(self.0.with_sign_of(sign.0), self.1.with_sign_of(sign.1))
    }

    #[inline(always)]
    fn max(self, b: Pair<R>) -> Pair<R> {
        Pair(self.0.max(b.0), self.1.max(b.1))
    }

    #[inline(always)]
    fn min(self, b: Pair<R>) -> Pair<R> {
        Pair(self.0.min(b.0), self.1.min(b.1))
    }

    #[inline(always)]
    fn lt(self, b: Pair<R>) -> MaskPair<R::Mask> {
        MaskPair(self.0.lt(b.0), self.1.lt(b.1))
    }

    #[inline(always)]
    fn le(self, b: Pair<R>) -> MaskPair<R::Mask> {
        MaskPair(self.0.le(b.0), self.1.le(b.1))
    }

    #[inline(always)]
    fn gt(self, b: Pair<R>) -> MaskPair<R::Mask> {
        MaskPair(self.0.gt(b.0), self.1.gt(b.1))
    }

    #[inline(always)]
    fn ge(self, b: Pair<R>) -> MaskPair<R::Mask> {
        MaskPair(self.0.ge(b.0), self.1.ge(b.1))
    }

    #[inline(always)]
    fn eq(self, b: Pair<R>) -> MaskPair<R::Mask> {
        MaskPair(self.0.eq(b.0), self.1.eq(b.1))
    }

    #[inline(always)]
    fn unordered(self, b: Pair<R>) -> MaskPair<R::Mask> {
        MaskPair(self.0.unordered(b.0), self.1.unordered(b.1))
    }

    #[inline(always)]
    fn keep(self, m: MaskPair<R::Mask>) -> Pair<R> {
        Pair(self.0.keep(m.0), self.1.keep(m.1))
    }

    #[inline(always)]
    fn exponent(self) -> Pair<R> {
        Pair(self.0.exponent(), self.1.exponent())
    }

    #[inline(always)]
    fn mantissa(self) -> Pair<R> {
        Pair(self.0.mantissa(), self.1.mantissa())
    }

    #[inline(always)]
    fn floor(self) -> Pair<R> {
        Pair(self.0.floor(), self.1.floor())
    }

    #[inline(always)]
    fn lookup8(table: &K8, index: Pair<R>) -> Pair<R> {
        Pair(R::lookup8(table, index.0), R::lookup8(table, index.1))
    }

    #[inline(always)]
    fn gather(table: &[f32], index: Pair<R>) -> Pair<R> {
        Pair(R::gather(table, index.0), R::gather(table, index.1))
    }

    #[inline(always)]
    fn pow2_of_rounded(shifted: Pair<R>, magic: Pair<R>) -> Pair<R> {
        Pair(
            R::pow2_of_rounded(shifted.0, magic.0),
            R::pow2_of_rounded(shifted.1, magic.1),
        )
    }
}

impl<R: Reg> RegMask<Pair<R>> for MaskPair<R::Mask> {
    #[inline(always)]
    fn select(self, a: Pair<R>, b: Pair<R>) -> Pair<R> {
        Pair(self.0.select(a.0, b.0), self.1.select(a.1, b.1))
    }

    #[inline(always)]
    fn any(self) -> bool {
        (self.0 | self.1).any()
    }
}

impl<M: BitAnd<Output = M>> BitAnd for MaskPair<M> {
    type Output = MaskPair<M>;
    #[inline(always)]
    fn bitand(self, b: MaskPair<M>) -> MaskPair<M> {
        MaskPair(self.0 & b.0, self.1 & b.1)
    }
}

impl<M: BitOr<Output = M>> BitOr for MaskPair<M> {
    type Output = MaskPair<M>;
    #[inline(always)]
    fn bitor(self, b: MaskPair<M>) -> MaskPair<M> {
        MaskPair(self.0 | b.0, self.1 | b.1)
    }
}

impl<M: Not<Output = M>> Not for MaskPair<M> {
    type Output = MaskPair<M>;
    #[inline(always)]
    fn not(self) -> MaskPair<M> {
        MaskPair(!self.0, !self.1)
    }
}

macro_rules! binary {
    ($trait:ident, $method:ident) => {
        impl<R: Reg> $trait for Pair<R> {
            type Output = Pair<R>;
            #[inline(always)]
            fn $method(self, b: Pair<R>) -> Pair<R> {
                Pair(self.0.$method(b.0), self.1.$method(b.1))
            }
        }
        impl<R: Reg> $trait<&K8> for Pair<R> {
            type Output = Pair<R>;
            #[inline(always)]
            fn $method(self, b: &K8) -> Pair<R> {
                Pair(self.0.$method(b), self.1.$method(b))
            }
        }
    };
}

binary!(Add, add);
binary!(Sub, sub);
binary!(Mul, mul);
binary!(Div, div);

impl<R: Reg> Neg for Pair<R> {
    type Output = Pair<R>;
    #[inline(always)]
    fn neg(self) -> Pair<R> {
        Pair(-self.0, -self.1)
    }
}
