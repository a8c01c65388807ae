//! Sixteen f32 lanes in one AVX-512 register ([`V16`]): the same operations as
//! [`V8`](super::avx2::V8), twice the pixels per instruction, for kernels whose time is the
//! latency of one long chain of steps (see [`super::reg`]). Masks are the mask registers.
//!
//! Soundness: every way to make a `V16` is an `unsafe fn` whose contract is that the processor
//! has AVX2, FMA and AVX-512 F, VL, DQ and BW (what [`super::has_avx512`] detects; see [`Reg`]).

use std::arch::x86_64::*;
use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

use super::lanes::{F8, LANES};
use super::reg::{Reg, RegMask, K8};

/// How many f32 a [`V16`] holds.
const WIDTH: usize = 2 * LANES;

/// Sixteen f32 lanes in a register.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct V16(__m512);

/// Sixteen lane masks in a mask register.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct M16(__mmask16);

impl V16 {
    #[inline(always)]
    fn bits(self) -> __m512i {
        // SAFETY: see the module notes.
        unsafe { _mm512_castps_si512(self.0) }
    }

    #[inline(always)]
    fn of_bits(bits: __m512i) -> V16 {
        // SAFETY: see the module notes (only called with a V16 in hand).
        V16(unsafe { _mm512_castsi512_ps(bits) })
    }

    #[inline(always)]
    fn splat_bits(mask: i32) -> __m512i {
        // SAFETY: see the module notes (only called with a V16 in hand).
        unsafe { _mm512_set1_epi32(mask) }
    }

    #[inline(always)]
    fn cmp<const OP: i32>(self, b: V16) -> M16 {
        // SAFETY: see the module notes.
        M16(unsafe { _mm512_cmp_ps_mask::<OP>(self.0, b.0) })
    }
}

impl Reg for V16 {
    type Mask = M16;
    const BLOCKS: usize = 2;

    #[inline(always)]
    unsafe fn k(c: &K8) -> V16 {
        // One lane read and broadcast, which LLVM folds into the using instruction.
        V16(_mm512_set1_ps(c.0[0]))
    }

    #[inline(always)]
    unsafe fn from_f8s(blocks: &[F8]) -> V16 {
        assert!(blocks.len() >= 2);
        // Consecutive F8s are consecutive f32s (32 bytes each, no padding).
        V16(_mm512_loadu_ps(blocks.as_ptr().cast()))
    }

    #[inline(always)]
    unsafe fn load(values: &[f32]) -> V16 {
        assert!(values.len() >= WIDTH);
        V16(_mm512_loadu_ps(values.as_ptr()))
    }

    #[inline(always)]
    fn to_f8s(self, blocks: &mut [F8]) {
        assert!(blocks.len() >= 2);
        // SAFETY: two F8s are 16 consecutive f32s; a V16 exists only where AVX-512 is there.
        unsafe { _mm512_storeu_ps(blocks.as_mut_ptr().cast(), self.0) }
    }

    #[inline(always)]
    fn store(self, values: &mut [f32]) {
        assert!(values.len() >= WIDTH);
        // SAFETY: sixteen values are there (asserted); see the module notes.
        unsafe { _mm512_storeu_ps(values.as_mut_ptr(), self.0) }
    }

    #[inline(always)]
    fn zero(self) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_setzero_ps() })
    }

    #[inline(always)]
    fn mul_add(self, b: V16, c: V16) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_fmadd_ps(self.0, b.0, c.0) })
    }

    #[inline(always)]
    fn neg_mul_add(self, b: V16, c: V16) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_fnmadd_ps(self.0, b.0, c.0) })
    }

    #[inline(always)]
    fn mul_sub(self, b: V16, c: V16) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_fmsub_ps(self.0, b.0, c.0) })
    }

    #[inline(always)]
    fn sqrt(self) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_sqrt_ps(self.0) })
    }

    #[inline(always)]
    fn abs(self) -> V16 {
        // SAFETY: see the module notes.
        V16::of_bits(unsafe { _mm512_and_si512(self.bits(), V16::splat_bits(0x7fff_ffff)) })
    }

    #[inline(always)]
    fn with_sign_of(self, sign: V16) -> V16 {
        // SAFETY: see the module notes.
        V16::of_bits(unsafe {
            _mm512_or_si512(
                self.bits(),
                _mm512_and_si512(sign.bits(), V16::splat_bits(i32::MIN)),
            )
        })
    }

    #[inline(always)]
    fn max(self, b: V16) -> V16 {
        // SAFETY: see the module notes. VMAXPS returns its second operand when unordered.
        V16(unsafe { _mm512_max_ps(b.0, self.0) })
    }

    #[inline(always)]
    fn min(self, b: V16) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_min_ps(b.0, self.0) })
    }

    #[inline(always)]
    fn lt(self, b: V16) -> M16 {
        self.cmp::<_CMP_LT_OQ>(b)
    }

    #[inline(always)]
    fn le(self, b: V16) -> M16 {
        self.cmp::<_CMP_LE_OQ>(b)
    }

    #[inline(always)]
    fn gt(self, b: V16) -> M16 {
        self.cmp::<_CMP_GT_OQ>(b)
    }

    #[inline(always)]
    fn ge(self, b: V16) -> M16 {
        self.cmp::<_CMP_GE_OQ>(b)
    }

    #[inline(always)]
    fn eq(self, b: V16) -> M16 {
        self.cmp::<_CMP_EQ_OQ>(b)
    }

    #[inline(always)]
    fn unordered(self, b: V16) -> M16 {
        self.cmp::<_CMP_UNORD_Q>(b)
    }

    #[inline(always)]
    fn keep(self, m: M16) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_maskz_mov_ps(m.0, self.0) })
    }

    #[inline(always)]
    fn exponent(self) -> V16 {
        // SAFETY: see the module notes.
        unsafe {
            let biased = _mm512_srli_epi32::<23>(self.bits());
            V16(_mm512_cvtepi32_ps(_mm512_sub_epi32(
                biased,
                V16::splat_bits(127),
            )))
        }
    }

    #[inline(always)]
    fn mantissa(self) -> V16 {
        // SAFETY: see the module notes.
        V16::of_bits(unsafe {
            _mm512_or_si512(
                _mm512_and_si512(self.bits(), V16::splat_bits(0x007f_ffff)),
                V16::splat_bits(0x3f80_0000),
            )
        })
    }

    #[inline(always)]
    fn floor(self) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe {
            _mm512_roundscale_ps::<{ _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC }>(self.0)
        })
    }

    #[inline(always)]
    fn lookup8(table: &K8, index: V16) -> V16 {
        // SAFETY: see the module notes; a K8 is eight aligned f32, and indices below 8 read
        // the first eight of the sixteen broadcast.
        V16(unsafe {
            _mm512_permutexvar_ps(
                _mm512_cvttps_epi32(index.0),
                _mm512_broadcast_f32x8(_mm256_load_ps(table.0.as_ptr())),
            )
        })
    }

    #[inline(always)]
    fn gather(table: &[f32], index: V16) -> V16 {
        let last = super::avx2::gather_last(table);
        // SAFETY: see the module notes; the indices are clamped to the table (NaN and values
        // past i32 convert to i32::MIN, clamped to 0).
        V16(unsafe {
            let i = _mm512_cvttps_epi32(index.0);
            let i = _mm512_max_epi32(i, _mm512_setzero_si512());
            let i = _mm512_min_epi32(i, _mm512_set1_epi32(last));
            _mm512_i32gather_ps::<4>(i, table.as_ptr())
        })
    }

    #[inline(always)]
    fn pow2_of_rounded(shifted: V16, magic: V16) -> V16 {
        // SAFETY: see the module notes.
        unsafe {
            let n = _mm512_sub_epi32(shifted.bits(), magic.bits());
            let scale = _mm512_slli_epi32::<23>(_mm512_add_epi32(n, V16::splat_bits(127)));
            V16::of_bits(scale)
        }
    }
}

impl RegMask<V16> for M16 {
    #[inline(always)]
    fn select(self, a: V16, b: V16) -> V16 {
        // SAFETY: see the module notes.
        V16(unsafe { _mm512_mask_blend_ps(self.0, b.0, a.0) })
    }

    #[inline(always)]
    fn any(self) -> bool {
        self.0 != 0
    }
}

impl BitAnd for M16 {
    type Output = M16;
    #[inline(always)]
    fn bitand(self, b: M16) -> M16 {
        M16(self.0 & b.0)
    }
}

impl BitOr for M16 {
    type Output = M16;
    #[inline(always)]
    fn bitor(self, b: M16) -> M16 {
        M16(self.0 | b.0)
    }
}

impl Not for M16 {
    type Output = M16;
    #[inline(always)]
    fn not(self) -> M16 {
        M16(!self.0)
    }
}

macro_rules! binary {
    ($trait:ident, $method:ident, $intrinsic:ident) => {
        impl $trait for V16 {
            type Output = V16;
            #[inline(always)]
            fn $method(self, b: V16) -> V16 {
                // SAFETY: see the module notes.
                V16(unsafe { $intrinsic(self.0, b.0) })
            }
        }
        impl $trait<&K8> for V16 {
            type Output = V16;
            #[inline(always)]
            fn $method(self, b: &K8) -> V16 {
                // SAFETY: see the module notes.
                V16(unsafe { $intrinsic(self.0, V16::k(b).0) })
            }
        }
    };
}

binary!(Add, add, _mm512_add_ps);
binary!(Sub, sub, _mm512_sub_ps);
binary!(Mul, mul, _mm512_mul_ps);
binary!(Div, div, _mm512_div_ps);

impl Neg for V16 {
    type Output = V16;
    #[inline(always)]
    fn neg(self) -> V16 {
        // SAFETY: see the module notes.
        V16::of_bits(unsafe { _mm512_xor_si512(self.bits(), V16::splat_bits(i32::MIN)) })
    }
}
