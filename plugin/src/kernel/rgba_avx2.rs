//! RGBA f32 runs (de)interleaved eight pixels at a time on AVX2: the format float hosts (Nuke,
//! Resolve) hand over, so its copy into and out of planar blocks is on every render's path
//! (scalar, it was about a seventh of an ACES 1.x frame's time).
//!
//! Pixels keep their order. Each register holds pixel k in its low half and pixel k + 4 in its
//! high half, so one 4×4 transpose per half gives R, G, B and A of pixels 0-7 in order.

use std::arch::x86_64::*;

/// Pixels per step.
const STEP: usize = 8;

/// Reads pixels of RGBA f32 from `ptr` (any alignment) into planar channels.
///
/// # Safety
/// The processor must support AVX2; `ptr` must be valid for reading as many pixels as the
/// shortest channel holds (that many are read).
#[target_feature(enable = "avx2")]
pub(super) unsafe fn read(ptr: *const f32, [r, g, b, a]: [&mut [f32]; 4]) {
    let n = r.len().min(g.len()).min(b.len()).min(a.len());
    let whole = n - n % STEP;
    for i in (0..whole).step_by(STEP) {
        // SAFETY: pixels i..i + 8 are inside the run, and i + 8 ≤ n for every channel.
        unsafe {
            let px = ptr.add(4 * i);
            let pair = |k: usize| _mm256_loadu2_m128(px.add(4 * (k + 4)), px.add(4 * k));
            let [p0, p1, p2, p3] = [pair(0), pair(1), pair(2), pair(3)];
            let rg01 = _mm256_unpacklo_ps(p0, p1); // r0 r1 g0 g1 | r4 r5 g4 g5
            let ba01 = _mm256_unpackhi_ps(p0, p1); // b0 b1 a0 a1 | b4 b5 a4 a5
            let rg23 = _mm256_unpacklo_ps(p2, p3);
            let ba23 = _mm256_unpackhi_ps(p2, p3);
            _mm256_storeu_ps(r.as_mut_ptr().add(i), _mm256_shuffle_ps::<0x44>(rg01, rg23));
            _mm256_storeu_ps(g.as_mut_ptr().add(i), _mm256_shuffle_ps::<0xEE>(rg01, rg23));
            _mm256_storeu_ps(b.as_mut_ptr().add(i), _mm256_shuffle_ps::<0x44>(ba01, ba23));
            _mm256_storeu_ps(a.as_mut_ptr().add(i), _mm256_shuffle_ps::<0xEE>(ba01, ba23));
        }
    }
    for i in whole..n {
        // SAFETY: pixel i is inside the run.
        unsafe {
            let px = ptr.add(4 * i);
            [r[i], g[i], b[i], a[i]] = [0, 1, 2, 3].map(|c| px.add(c).read_unaligned());
        }
    }
}

/// Writes planar channels as pixels of RGBA f32 at `ptr` (any alignment).
///
/// With `stream`, and `ptr` aligned to 16 bytes, the stores bypass the caches (non-temporal):
/// no line of the destination is read in before it is overwritten, and none evicts the
/// pipeline's working set; they are fenced before returning.
///
/// # Safety
/// The processor must support AVX2; `ptr` must be valid for writing as many pixels as the
/// shortest channel holds (that many are written).
#[target_feature(enable = "avx2")]
pub(super) unsafe fn write(ptr: *mut f32, [r, g, b, a]: [&[f32]; 4], stream: bool) {
    let n = r.len().min(g.len()).min(b.len()).min(a.len());
    let whole = n - n % STEP;
    let stream = stream && ptr.cast::<__m128>().is_aligned();
    for i in (0..whole).step_by(STEP) {
        // SAFETY: as in `read`, for writes.
        unsafe {
            let load = |c: &[f32]| _mm256_loadu_ps(c.as_ptr().add(i));
            let [rv, gv, bv, av] = [load(r), load(g), load(b), load(a)];
            let rg_lo = _mm256_unpacklo_ps(rv, gv); // r0 g0 r1 g1 | r4 g4 r5 g5
            let rg_hi = _mm256_unpackhi_ps(rv, gv); // r2 g2 r3 g3 | r6 g6 r7 g7
            let ba_lo = _mm256_unpacklo_ps(bv, av);
            let ba_hi = _mm256_unpackhi_ps(bv, av);
            let pairs = [
                _mm256_shuffle_ps::<0x44>(rg_lo, ba_lo), // pixel 0 | pixel 4
                _mm256_shuffle_ps::<0xEE>(rg_lo, ba_lo), // pixel 1 | pixel 5
                _mm256_shuffle_ps::<0x44>(rg_hi, ba_hi), // pixel 2 | pixel 6
                _mm256_shuffle_ps::<0xEE>(rg_hi, ba_hi), // pixel 3 | pixel 7
            ];
            let px = ptr.add(4 * i);
            for (k, pair) in pairs.into_iter().enumerate() {
                if stream {
                    // Every pixel starts 16 bytes after the last: all aligned, as `ptr` is.
                    _mm_stream_ps(px.add(4 * k), _mm256_castps256_ps128(pair));
                    _mm_stream_ps(px.add(4 * (k + 4)), _mm256_extractf128_ps::<1>(pair));
                } else {
                    _mm256_storeu2_m128(px.add(4 * (k + 4)), px.add(4 * k), pair);
                }
            }
        }
    }
    if stream {
        // Orders the streamed stores before any later store (the worker's hand-off included).
        _mm_sfence();
    }
    for i in whole..n {
        // SAFETY: pixel i is inside the run.
        unsafe {
            let px = ptr.add(4 * i);
            for (c, v) in [r[i], g[i], b[i], a[i]].into_iter().enumerate() {
                px.add(c).write_unaligned(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simd::{best_isa, Isa};

    /// Distinct values per pixel and channel, so a swapped pair shows.
    fn pixels(n: usize) -> Vec<f32> {
        (0..4 * n).map(|k| k as f32 * 0.5 - 3.0).collect()
    }

    #[test]
    fn runs_of_every_length_read_and_write_in_pixel_order() {
        if best_isa() != Isa::Avx2Fma {
            return;
        }
        for n in 0..40 {
            // One float in front, so the run is not aligned to 16 bytes.
            let mut memory = vec![f32::NAN; 4 * n + 1];
            memory[1..].copy_from_slice(&pixels(n));
            let mut planar = [vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]];
            {
                let [r, g, b, a] = &mut planar;
                // SAFETY: AVX2 is there (checked above); the memory holds n pixels after [0].
                unsafe { read(memory[1..].as_ptr(), [r, g, b, a]) };
            }
            for (i, px) in memory[1..].chunks_exact(4).enumerate() {
                for c in 0..4 {
                    assert_eq!(planar[c][i].to_bits(), px[c].to_bits(), "n {n} pixel {i}");
                }
            }
            // Written at a 16-byte boundary (where streaming applies) and 4 bytes past one
            // (where it must fall back), streamed or not, with a guard float either side.
            let mut out = vec![f32::NAN; 4 * n + 10];
            let aligned = out.as_ptr().align_offset(16);
            for (start, stream) in [
                (aligned + 4, false),
                (aligned + 4, true),
                (aligned + 5, true),
            ] {
                out.fill(f32::NAN);
                {
                    let [r, g, b, a] = &planar;
                    // SAFETY: as above; `out` has room for n pixels after `start` and a guard.
                    unsafe { write(out[start..].as_mut_ptr(), [r, g, b, a], stream) };
                }
                let case = format!("n {n}, stream {stream}, at {start}");
                assert!(
                    out[start - 1].is_nan() && out[start + 4 * n].is_nan(),
                    "{case}: wrote outside"
                );
                assert_eq!(out[start..start + 4 * n], memory[1..], "{case}");
            }
        }
    }
}
