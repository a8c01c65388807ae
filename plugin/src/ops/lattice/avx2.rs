//! Tetrahedral and trilinear interpolation on AVX2+FMA: eight pixels at a time. The four corners of each
//! pixel's tetrahedron are fetched either with gathers (one per corner and channel), or with one
//! 16-byte load per corner and pixel and a transpose (`Fetch::Loads`, the default: on AMD Zen 3
//! twelve gathers per eight pixels cost about three times as much as the loads and shuffles).
//! The same arithmetic as `Lattice::interpolate` (the reference) in the same order, so the
//! results are the same to the bit.

use std::arch::x86_64::*;

use super::Lattice;

/// How the corners of the tetrahedra are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fetch {
    /// The measured alternative, kept for the tests' comparison.
    #[cfg_attr(not(test), allow(dead_code))]
    Gathers,
    Loads,
}

/// The lattice's strides and last cell, in every lane.
#[derive(Clone, Copy)]
struct Grid {
    stride: [__m256; 3],
    top: __m256,
}

impl Grid {
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    fn new(lattice: &Lattice) -> Grid {
        Grid {
            stride: {
                let [r, g, b] = lattice.strides();
                [
                    _mm256_set1_ps(r as f32),
                    _mm256_set1_ps(g as f32),
                    _mm256_set1_ps(b as f32),
                ]
            },
            top: _mm256_set1_ps((lattice.size() - 2) as f32),
        }
    }

    /// Eight positions from `i` on: the offset of each one's cell (its black corner) in the
    /// node storage, as a float, and the fractions inside the cell per axis.
    ///
    /// The caller must have checked that `i + 8` is within every slice.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    fn locate(&self, [pr, pg, pb]: [&[f32]; 3], i: usize) -> (__m256, [__m256; 3]) {
        // SAFETY: i + 8 ≤ every slice's length (the caller's loop bound).
        let p = unsafe {
            [
                _mm256_loadu_ps(pr.as_ptr().add(i)),
                _mm256_loadu_ps(pg.as_ptr().add(i)),
                _mm256_loadu_ps(pb.as_ptr().add(i)),
            ]
        };
        // Positions lie in [0, N − 1]: the cell's corner is floor(p), at most N − 2.
        let floor = |v: __m256| {
            _mm256_min_ps(
                _mm256_round_ps::<{ _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC }>(v),
                self.top,
            )
        };
        // Not `map`: its closure would be a call, outside this function's target features.
        let base = [floor(p[0]), floor(p[1]), floor(p[2])];
        let fraction = [
            _mm256_sub_ps(p[0], base[0]),
            _mm256_sub_ps(p[1], base[1]),
            _mm256_sub_ps(p[2], base[2]),
        ];
        // Float offsets are exact: the largest is 4·N³ < 2^24.
        let origin = _mm256_fmadd_ps(
            base[0],
            self.stride[0],
            _mm256_fmadd_ps(
                base[1],
                self.stride[1],
                _mm256_mul_ps(base[2], self.stride[2]),
            ),
        );
        (origin, fraction)
    }
}

/// Eight results into each channel from `i` on.
///
/// The caller must have checked that `i + 8` is within every channel.
#[target_feature(enable = "avx2,fma")]
#[inline]
fn store(out: [__m256; 3], channels: [&mut [f32]; 3], i: usize) {
    let [r, g, b] = channels;
    // SAFETY: i + 8 ≤ every channel's length (the caller's loop bound).
    unsafe {
        _mm256_storeu_ps(r.as_mut_ptr().add(i), out[0]);
        _mm256_storeu_ps(g.as_mut_ptr().add(i), out[1]);
        _mm256_storeu_ps(b.as_mut_ptr().add(i), out[2]);
    }
}

/// How many positions and outputs there are in all of the slices.
fn common_len(positions: [&[f32]; 3], r: &[f32], g: &[f32], b: &[f32]) -> usize {
    positions
        .iter()
        .map(|p| p.len())
        .chain([r.len(), g.len(), b.len()])
        .min()
        .unwrap_or(0)
}

/// Planar interpolation of `r.len()` positions; the tail (under eight) takes the reference path.
///
/// The caller must have checked that the processor has AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
#[inline]
pub(crate) fn interpolate_planar(
    fetch: Fetch,
    lattice: &Lattice,
    positions: [&[f32]; 3],
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    let n = common_len(positions, r, g, b);
    let grid = Grid::new(lattice);
    let [stride_r, stride_g, stride_b] = grid.stride;
    let stride_all = _mm256_add_ps(_mm256_add_ps(stride_r, stride_g), stride_b);
    let ptr = lattice.nodes().as_ptr();
    let mut i = 0;
    while i + 8 <= n {
        let (origin, [f_r, f_g, f_b]) = grid.locate(positions, i);

        // The axis walked first (largest fraction) and last (smallest), as in the reference.
        let r_ge_g = _mm256_cmp_ps::<_CMP_GE_OQ>(f_r, f_g);
        let r_ge_b = _mm256_cmp_ps::<_CMP_GE_OQ>(f_r, f_b);
        let g_ge_b = _mm256_cmp_ps::<_CMP_GE_OQ>(f_g, f_b);
        let r_first = _mm256_and_ps(r_ge_g, r_ge_b);
        let first = _mm256_blendv_ps(
            _mm256_blendv_ps(stride_b, stride_g, g_ge_b),
            stride_r,
            r_first,
        );
        let b_last = _mm256_and_ps(r_ge_b, g_ge_b);
        let last = _mm256_blendv_ps(
            _mm256_blendv_ps(stride_r, stride_g, r_ge_g),
            stride_b,
            b_last,
        );

        let f1 = _mm256_max_ps(_mm256_max_ps(f_r, f_g), f_b);
        let f3 = _mm256_min_ps(_mm256_min_ps(f_r, f_g), f_b);
        let f2 = _mm256_max_ps(
            _mm256_min_ps(f_r, f_g),
            _mm256_min_ps(_mm256_max_ps(f_r, f_g), f_b),
        );

        let i0 = _mm256_cvtps_epi32(origin);
        let i1 = _mm256_cvtps_epi32(_mm256_add_ps(origin, first));
        let i2 = _mm256_cvtps_epi32(_mm256_add_ps(origin, _mm256_sub_ps(stride_all, last)));
        let i3 = _mm256_cvtps_epi32(_mm256_add_ps(origin, stride_all));

        let corners = match fetch {
            Fetch::Gathers => [i0, i1, i2, i3].map(|index| gather(ptr, index)),
            Fetch::Loads => [i0, i1, i2, i3].map(|index| load_transposed(ptr, index)),
        };
        let [v0, v1, v2, v3] = corners;
        let mut out = [_mm256_setzero_ps(); 3];
        for (c, o) in out.iter_mut().enumerate() {
            // Multiply then add, not fused: the same roundings as the reference.
            let acc = _mm256_add_ps(v0[c], _mm256_mul_ps(f1, _mm256_sub_ps(v1[c], v0[c])));
            let acc = _mm256_add_ps(acc, _mm256_mul_ps(f2, _mm256_sub_ps(v2[c], v1[c])));
            *o = _mm256_add_ps(acc, _mm256_mul_ps(f3, _mm256_sub_ps(v3[c], v2[c])));
        }
        store(out, [&mut *r, &mut *g, &mut *b], i);
        i += 8;
    }
    let [pr, pg, pb] = positions;
    for k in i..n {
        [r[k], g[k], b[k]] = lattice.interpolate([pr[k], pg[k], pb[k]]);
    }
}

/// Planar trilinear interpolation of `r.len()` positions, eight at a time: the cell's eight
/// corners by loads and transposes, then the reference's fused multiply-adds (blue, green, red)
/// in its order, so the results are `Lattice::interpolate_trilinear`'s to the bit. The tail
/// (under eight) takes the reference path.
///
/// The caller must have checked that the processor has AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
#[inline]
pub(crate) fn interpolate_trilinear_planar(
    lattice: &Lattice,
    positions: [&[f32]; 3],
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    let n = common_len(positions, r, g, b);
    let grid = Grid::new(lattice);
    let [stride_r, stride_g, stride_b] = grid.stride;
    let ptr = lattice.nodes().as_ptr();
    let lerp = |a: [__m256; 3], b: [__m256; 3], t: __m256| -> [__m256; 3] {
        [
            _mm256_fmadd_ps(t, _mm256_sub_ps(b[0], a[0]), a[0]),
            _mm256_fmadd_ps(t, _mm256_sub_ps(b[1], a[1]), a[1]),
            _mm256_fmadd_ps(t, _mm256_sub_ps(b[2], a[2]), a[2]),
        ]
    };
    let mut i = 0;
    while i + 8 <= n {
        let (origin, [f_r, f_g, f_b]) = grid.locate(positions, i);
        let corner = |offset: __m256| {
            load_transposed(ptr, _mm256_cvtps_epi32(_mm256_add_ps(origin, offset)))
        };
        let along_blue = |offset: __m256| {
            let low = corner(offset);
            let high = corner(_mm256_add_ps(offset, stride_b));
            lerp(low, high, f_b)
        };
        let low_red = lerp(along_blue(_mm256_setzero_ps()), along_blue(stride_g), f_g);
        let high_red = lerp(
            along_blue(stride_r),
            along_blue(_mm256_add_ps(stride_r, stride_g)),
            f_g,
        );
        let out = lerp(low_red, high_red, f_r);
        store(out, [&mut *r, &mut *g, &mut *b], i);
        i += 8;
    }
    let [pr, pg, pb] = positions;
    for k in i..n {
        [r[k], g[k], b[k]] = lattice.interpolate_trilinear([pr[k], pg[k], pb[k]]);
    }
}

/// The R, G and B of eight nodes, one gather per channel.
///
/// Every index must be a node's first float inside the lattice (the corner of a cell is at
/// most N − 2 per axis, and a corner adds at most one step per axis).
#[target_feature(enable = "avx2,fma")]
#[inline]
fn gather(nodes: *const f32, index: __m256i) -> [__m256; 3] {
    // SAFETY: see above; the three channels follow the node's first float.
    unsafe {
        [
            _mm256_i32gather_ps::<4>(nodes, index),
            _mm256_i32gather_ps::<4>(nodes.add(1), index),
            _mm256_i32gather_ps::<4>(nodes.add(2), index),
        ]
    }
}

/// The R, G and B of eight nodes: one 16-byte load per node (R, G, B, pad), then a 4×4
/// transpose in each half of the register. Same contract as [`gather`].
#[target_feature(enable = "avx2,fma")]
#[inline]
fn load_transposed(nodes: *const f32, index: __m256i) -> [__m256; 3] {
    let mut at = [0i32; 8];
    // SAFETY: `at` holds eight i32; every node read is inside the lattice (see `gather`), and
    // each node's four floats are all in the node storage.
    unsafe {
        _mm256_storeu_si256(at.as_mut_ptr().cast(), index);
        let node = |k: usize| _mm_loadu_ps(nodes.add(at[k] as usize));
        let pair = |lo: usize, hi: usize| {
            _mm256_insertf128_ps::<1>(_mm256_castps128_ps256(node(lo)), node(hi))
        };
        // Rows [r g b pad] of nodes (0,4), (1,5), (2,6), (3,7), two per register.
        let (a, b, c, d) = (pair(0, 4), pair(1, 5), pair(2, 6), pair(3, 7));
        let ab_lo = _mm256_unpacklo_ps(a, b); // r0 r1 g0 g1 | r4 r5 g4 g5
        let cd_lo = _mm256_unpacklo_ps(c, d); // r2 r3 g2 g3 | r6 r7 g6 g7
        let ab_hi = _mm256_unpackhi_ps(a, b); // b0 b1 .. .. | b4 b5 .. ..
        let cd_hi = _mm256_unpackhi_ps(c, d); // b2 b3 .. .. | b6 b7 .. ..
        [
            _mm256_shuffle_ps::<0x44>(ab_lo, cd_lo),
            _mm256_shuffle_ps::<0xEE>(ab_lo, cd_lo),
            _mm256_shuffle_ps::<0x44>(ab_hi, cd_hi),
        ]
    }
}
