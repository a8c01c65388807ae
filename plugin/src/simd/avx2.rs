//! Eight f32 lanes in one AVX2 register ([`V8`]), for kernels that are only ever compiled for
//! AVX2+FMA (the `_avx2` twins). [`F8`](super::lanes::F8) is the portable reference: an array
//! that LLVM vectorises, which works for short expressions but in long kernels gets shuffled
//! lane pairs and a re-broadcast constant per use. `V8` says exactly which instruction runs.
//!
//! Soundness: every way to make a `V8` is an `unsafe fn` whose contract is that the processor
//! has AVX2 and FMA (see [`Reg`]).

use std::arch::x86_64::*;
use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

use super::lanes::{F8, LANES};
use super::reg::{Reg, RegMask, K8};

/// Eight f32 lanes in a register.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct V8(__m256);

/// Eight lane masks (all ones or all zeros per lane), as the compare instructions make them.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct VM(__m256);

impl V8 {
    #[inline(always)]
    fn bits(self, mask: i32) -> __m256 {
        // SAFETY: see the module notes.
        unsafe { _mm256_castsi256_ps(_mm256_set1_epi32(mask)) }
    }

    #[inline(always)]
    fn cmp<const OP: i32>(self, b: V8) -> VM {
        // SAFETY: see the module notes.
        VM(unsafe { _mm256_cmp_ps::<OP>(self.0, b.0) })
    }
}

impl Reg for V8 {
    type Mask = VM;
    const BLOCKS: usize = 1;

    #[inline(always)]
    unsafe fn k(c: &K8) -> V8 {
        // A plain aligned load, which LLVM may fold into the instruction that uses it.
        V8(_mm256_load_ps(c.0.as_ptr()))
    }

    #[inline(always)]
    unsafe fn from_f8s(blocks: &[F8]) -> V8 {
        V8(_mm256_load_ps(blocks[0].0.as_ptr()))
    }

    #[inline(always)]
    unsafe fn load(values: &[f32]) -> V8 {
        assert!(values.len() >= LANES);
        V8(_mm256_loadu_ps(values.as_ptr()))
    }

    #[inline(always)]
    fn to_f8s(self, blocks: &mut [F8]) {
        // SAFETY: a V8 exists only where AVX2 is available; an F8 is 32-byte aligned.
        unsafe { _mm256_store_ps(blocks[0].0.as_mut_ptr(), self.0) }
    }

    #[inline(always)]
    fn store(self, values: &mut [f32]) {
        assert!(values.len() >= LANES);
        // SAFETY: eight values are there (asserted); a V8 exists only where AVX2 is available.
        unsafe { _mm256_storeu_ps(values.as_mut_ptr(), self.0) }
    }

    #[inline(always)]
    fn zero(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_setzero_ps() })
    }

    #[inline(always)]
    fn mul_add(self, b: V8, c: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_fmadd_ps(self.0, b.0, c.0) })
    }

    #[inline(always)]
    fn neg_mul_add(self, b: V8, c: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_fnmadd_ps(self.0, b.0, c.0) })
    }

    #[inline(always)]
    fn mul_sub(self, b: V8, c: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_fmsub_ps(self.0, b.0, c.0) })
    }

    #[inline(always)]
    fn sqrt(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_sqrt_ps(self.0) })
    }

    #[inline(always)]
    fn abs(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_and_ps(self.0, self.bits(0x7fff_ffff)) })
    }

    #[inline(always)]
    fn with_sign_of(self, sign: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_or_ps(self.0, _mm256_and_ps(sign.0, self.bits(i32::MIN))) })
    }

    #[inline(always)]
    fn max(self, b: V8) -> V8 {
        // SAFETY: see the module notes. MAXPS returns its second operand when unordered.
        V8(unsafe { _mm256_max_ps(b.0, self.0) })
    }

    #[inline(always)]
    fn min(self, b: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_min_ps(b.0, self.0) })
    }

    #[inline(always)]
    fn lt(self, b: V8) -> VM {
        self.cmp::<_CMP_LT_OQ>(b)
    }

    #[inline(always)]
    fn le(self, b: V8) -> VM {
        self.cmp::<_CMP_LE_OQ>(b)
    }

    #[inline(always)]
    fn gt(self, b: V8) -> VM {
        self.cmp::<_CMP_GT_OQ>(b)
    }

    #[inline(always)]
    fn ge(self, b: V8) -> VM {
        self.cmp::<_CMP_GE_OQ>(b)
    }

    #[inline(always)]
    fn eq(self, b: V8) -> VM {
        self.cmp::<_CMP_EQ_OQ>(b)
    }

    #[inline(always)]
    fn unordered(self, b: V8) -> VM {
        self.cmp::<_CMP_UNORD_Q>(b)
    }

    #[inline(always)]
    fn keep(self, m: VM) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_and_ps(self.0, m.0) })
    }

    #[inline(always)]
    fn exponent(self) -> V8 {
        // SAFETY: see the module notes.
        unsafe {
            let biased = _mm256_srli_epi32::<23>(_mm256_castps_si256(self.0));
            V8(_mm256_cvtepi32_ps(_mm256_sub_epi32(
                biased,
                _mm256_set1_epi32(127),
            )))
        }
    }

    #[inline(always)]
    fn mantissa(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe {
            _mm256_or_ps(
                _mm256_and_ps(self.0, self.bits(0x007f_ffff)),
                self.bits(0x3f80_0000),
            )
        })
    }

    #[inline(always)]
    fn floor(self) -> V8 {
        self.floor_impl()
    }

    #[inline(always)]
    fn lookup8(table: &K8, index: V8) -> V8 {
        V8::lookup8_impl(table, index)
    }

    #[inline(always)]
    fn gather(table: &[f32], index: V8) -> V8 {
        let last = gather_last(table);
        // SAFETY: see the module notes; the indices are clamped to the table (NaN and values
        // past i32 convert to i32::MIN, clamped to 0).
        V8(unsafe {
            let i = _mm256_cvttps_epi32(index.0);
            let i = _mm256_max_epi32(i, _mm256_setzero_si256());
            let i = _mm256_min_epi32(i, _mm256_set1_epi32(last));
            _mm256_i32gather_ps::<4>(table.as_ptr(), i)
        })
    }

    #[inline(always)]
    fn pow2_of_rounded(shifted: V8, magic: V8) -> V8 {
        // SAFETY: see the module notes.
        unsafe {
            let n = _mm256_sub_epi32(_mm256_castps_si256(shifted.0), _mm256_castps_si256(magic.0));
            let scale = _mm256_slli_epi32::<23>(_mm256_add_epi32(n, _mm256_set1_epi32(127)));
            V8(_mm256_castsi256_ps(scale))
        }
    }
}

impl V8 {
    #[inline(always)]
    fn floor_impl(self) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_round_ps::<{ _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC }>(self.0) })
    }

    #[inline(always)]
    fn lookup8_impl(table: &K8, index: V8) -> V8 {
        // SAFETY: see the module notes; a K8 is eight aligned f32.
        V8(unsafe {
            _mm256_permutevar8x32_ps(
                _mm256_load_ps(table.0.as_ptr()),
                _mm256_cvttps_epi32(index.0),
            )
        })
    }
}

impl RegMask<V8> for VM {
    #[inline(always)]
    fn select(self, a: V8, b: V8) -> V8 {
        // SAFETY: see the module notes.
        V8(unsafe { _mm256_blendv_ps(b.0, a.0, self.0) })
    }

    #[inline(always)]
    fn any(self) -> bool {
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

/// The last index of a table that [`Reg::gather`] reads.
#[inline(always)]
pub(super) fn gather_last(table: &[f32]) -> i32 {
    assert!(
        !table.is_empty() && table.len() <= i32::MAX as usize,
        "a gather table of {} values",
        table.len()
    );
    (table.len() - 1) as i32
}
