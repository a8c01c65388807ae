//! The baked pipeline's other AVX2 steps: the grey-axis tone residual and the RGBA
//! (de)interleaving around the lattice (whose interpolation is `ops::lattice::avx2`).

use std::arch::x86_64::*;

use super::tone::ToneCurve;

/// Adds channel `c`'s grey response at positions `p` to `values` (the residual the lattice
/// gave): the same arithmetic as `ToneCurve::at`, eight at a time; the tail one by one.
#[target_feature(enable = "avx2,fma")]
#[inline]
pub(super) fn add_tone(tone: &ToneCurve, c: usize, p: &[f32], values: &mut [f32]) {
    let n = p.len().min(values.len());
    let table = tone.table(c);
    let steps = _mm256_set1_ps(tone.steps());
    let top = _mm256_set1_epi32(table.len() as i32 - 2);
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: i + 8 ≤ n ≤ both lengths; positions are in [0, N − 1], so the index is in
        // 0 ..= len − 2 after the min, and index + 1 is inside the table.
        unsafe {
            let q = _mm256_mul_ps(_mm256_loadu_ps(p.as_ptr().add(i)), steps);
            let index = _mm256_min_epi32(_mm256_cvttps_epi32(q), top);
            let f = _mm256_sub_ps(q, _mm256_cvtepi32_ps(index));
            let lo = _mm256_i32gather_ps::<4>(table.as_ptr(), index);
            let hi = _mm256_i32gather_ps::<4>(table.as_ptr().add(1), index);
            let t = _mm256_add_ps(lo, _mm256_mul_ps(f, _mm256_sub_ps(hi, lo)));
            let v = values.as_mut_ptr().add(i);
            _mm256_storeu_ps(v, _mm256_add_ps(t, _mm256_loadu_ps(v)));
        }
        i += 8;
    }
    for k in i..n {
        values[k] += tone.at(c, p[k]);
    }
}

/// Splits interleaved RGBA pixels (a multiple of eight) into R, G and B. Within each group of
/// eight the pixels come out in the order 0 2 4 6 1 3 5 7 (a 4×4 transpose per register half);
/// [`interleave_rgb`] puts them back, and everything between works lane by lane.
#[target_feature(enable = "avx2,fma")]
#[inline]
pub(super) fn deinterleave_rgba(pixels: &[f32], r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
    let groups = (pixels.len() / 32)
        .min(r.len() / 8)
        .min(g.len() / 8)
        .min(b.len() / 8);
    for k in 0..groups {
        // SAFETY: group k covers floats 32k..32k + 32 of `pixels` and 8k..8k + 8 of each channel.
        unsafe {
            let p = pixels.as_ptr().add(32 * k);
            let (p01, p23) = (_mm256_loadu_ps(p), _mm256_loadu_ps(p.add(8)));
            let (p45, p67) = (_mm256_loadu_ps(p.add(16)), _mm256_loadu_ps(p.add(24)));
            let rg_lo = _mm256_unpacklo_ps(p01, p23); // r0 r2 g0 g2 | r1 r3 g1 g3
            let ba_lo = _mm256_unpackhi_ps(p01, p23); // b0 b2 a0 a2 | b1 b3 a1 a3
            let rg_hi = _mm256_unpacklo_ps(p45, p67);
            let ba_hi = _mm256_unpackhi_ps(p45, p67);
            _mm256_storeu_ps(
                r.as_mut_ptr().add(8 * k),
                _mm256_shuffle_ps::<0x44>(rg_lo, rg_hi),
            );
            _mm256_storeu_ps(
                g.as_mut_ptr().add(8 * k),
                _mm256_shuffle_ps::<0xEE>(rg_lo, rg_hi),
            );
            _mm256_storeu_ps(
                b.as_mut_ptr().add(8 * k),
                _mm256_shuffle_ps::<0x44>(ba_lo, ba_hi),
            );
        }
    }
}

/// Writes R, G and B (in [`deinterleave_rgba`]'s order) back into the pixels, keeping alpha.
#[target_feature(enable = "avx2,fma")]
#[inline]
pub(super) fn interleave_rgb(r: &[f32], g: &[f32], b: &[f32], pixels: &mut [f32]) {
    let groups = (pixels.len() / 32)
        .min(r.len() / 8)
        .min(g.len() / 8)
        .min(b.len() / 8);
    for k in 0..groups {
        // SAFETY: as in `deinterleave_rgba`.
        unsafe {
            let p = pixels.as_mut_ptr().add(32 * k);
            let rv = _mm256_loadu_ps(r.as_ptr().add(8 * k));
            let gv = _mm256_loadu_ps(g.as_ptr().add(8 * k));
            let bv = _mm256_loadu_ps(b.as_ptr().add(8 * k));
            let zero = _mm256_setzero_ps();
            let rg_lo = _mm256_unpacklo_ps(rv, gv); // r0 g0 r2 g2 | r1 g1 r3 g3
            let b0_lo = _mm256_unpacklo_ps(bv, zero); // b0 0 b2 0 | b1 0 b3 0
            let rg_hi = _mm256_unpackhi_ps(rv, gv);
            let b0_hi = _mm256_unpackhi_ps(bv, zero);
            let rgb = [
                _mm256_shuffle_ps::<0x44>(rg_lo, b0_lo), // pixels 0 | 1
                _mm256_shuffle_ps::<0xEE>(rg_lo, b0_lo), // pixels 2 | 3
                _mm256_shuffle_ps::<0x44>(rg_hi, b0_hi), // pixels 4 | 5
                _mm256_shuffle_ps::<0xEE>(rg_hi, b0_hi), // pixels 6 | 7
            ];
            for (j, v) in rgb.into_iter().enumerate() {
                let at = p.add(8 * j);
                let with_alpha = _mm256_blend_ps::<0b1000_1000>(v, _mm256_loadu_ps(at));
                _mm256_storeu_ps(at, with_alpha);
            }
        }
    }
}
