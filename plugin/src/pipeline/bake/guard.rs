//! The guard: fast mode's promise of one code value, kept where a LUT cannot keep it.
//!
//! No 65³ lattice follows the ACES 2.0 output transform to one 10-bit code value everywhere:
//! its gamut compression has kinks smaller than a cell, and its chroma handling is cone-shaped
//! around the grey axis (see `tests/fast_mode.rs`). So after baking, every cell of the lattice
//! is checked against the exact pipeline at seven points inside it (its centre and the centroids
//! of the six tetrahedra the interpolation splits it into); a cell whose worst point is off by
//! more than [`THRESHOLD_CV10`] is marked, and at render the pixels that fall in a marked cell,
//! or outside the baked domain (or are NaN), are rendered by the exact pipeline instead.
//!
//! Fast mode is then as exact as the check is dense, and as fast as the picture allows: the
//! share of a frame's pixels in marked cells is what it costs. The marks take one bit per cell
//! (32 KiB at 65³), read per pixel.

use rayon::prelude::*;

use super::BakedPipeline;
use crate::pipeline::Pipeline;
use crate::simd::lanes::LANES;

/// A cell is marked when a checked point is further than this from exact, in 10-bit code
/// values: a third of the target, as points between the checked ones were measured up to 2.5
/// times further off than the worst checked one (at 0.5, bench chain b reached 1.12).
pub const THRESHOLD_CV10: f32 = 0.35;

/// Check points inside a cell, in cell units (red, green, blue): the centre, then the centroids
/// of the six tetrahedra of the interpolation (each holds the cell's 0-0-0 and 1-1-1 corners).
const CHECK_POINTS: [[f64; 3]; 7] = [
    [0.5, 0.5, 0.5],
    [0.75, 0.5, 0.25],
    [0.75, 0.25, 0.5],
    [0.5, 0.75, 0.25],
    [0.25, 0.75, 0.5],
    [0.5, 0.25, 0.75],
    [0.25, 0.5, 0.75],
];

/// The marked cells and the exact pipeline that renders their pixels.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Guard {
    /// Cells per side: the lattice's size − 1.
    cells: usize,
    /// One bit per cell, red slowest and blue fastest.
    marks: Vec<u64>,
    marked: usize,
    /// The baked domain's bounds: values outside (and NaN) are rendered exactly.
    low: f32,
    high: f32,
    exact: Pipeline,
}

/// What a guarded chunk set aside: the pixels to render exactly, by index in the chunk, with
/// their input values (the LUT overwrites them in place).
pub(super) struct SetAside<const N: usize> {
    count: usize,
    index: [u16; N],
    rgb: [[f32; N]; 3],
}

impl<const N: usize> SetAside<N> {
    pub fn new() -> Self {
        SetAside {
            count: 0,
            index: [0; N],
            rgb: [[0.0; N]; 3],
        }
    }
}

impl Guard {
    /// Checks every cell of `baked` (unguarded) against `exact`, in parallel on rayon's pool.
    pub fn new(baked: &BakedPipeline, exact: &Pipeline) -> Guard {
        let cells = baked.size() - 1;
        let domain = baked.domain();
        let coordinate = |cell: usize, offset: f64| -> f32 {
            domain.from_unit((cell as f64 + offset) / cells as f64) as f32
        };
        // One task per red cell: the worst error of each of its cells² cells.
        let worst: Vec<Vec<f32>> = (0..cells)
            .into_par_iter()
            .map(|ri| {
                let count = cells * cells;
                let mut worst = vec![0f32; count];
                let mut fast: [Vec<f32>; 3] = std::array::from_fn(|_| vec![0.0; count]);
                let mut want: [Vec<f32>; 3] = std::array::from_fn(|_| vec![0.0; count]);
                for point in &CHECK_POINTS {
                    for (c, values) in fast.iter_mut().enumerate() {
                        for (k, v) in values.iter_mut().enumerate() {
                            let at = [ri, k / cells, k % cells];
                            *v = coordinate(at[c], point[c]);
                        }
                    }
                    want.clone_from(&fast);
                    {
                        let [r, g, b] = &mut fast;
                        baked.apply(r, g, b);
                    }
                    {
                        let [r, g, b] = &mut want;
                        exact.apply(r, g, b);
                    }
                    for (k, w) in worst.iter_mut().enumerate() {
                        *w = w.max(error_cv10([0, 1, 2].map(|c| (fast[c][k], want[c][k]))));
                    }
                }
                worst
            })
            .collect();
        let total = cells * cells * cells;
        let mut marks = vec![0u64; total.div_ceil(64)];
        let mut marked = 0;
        for (i, &w) in worst.iter().flatten().enumerate() {
            if w > THRESHOLD_CV10 {
                marks[i / 64] |= 1 << (i % 64);
                marked += 1;
            }
        }
        let (low, high) = domain.bounds();
        Guard {
            cells,
            marks,
            marked,
            low: low as f32,
            high: high as f32,
            exact: exact.clone(),
        }
    }

    /// The share of the lattice's cells whose pixels are rendered exactly.
    pub fn marked_share(&self) -> f64 {
        self.marked as f64 / (self.cells * self.cells * self.cells) as f64
    }

    /// Whether the pixel with input `rgb` at shaper positions `p` is rendered exactly.
    #[inline(always)]
    pub fn is_marked(&self, rgb: [f32; 3], p: [f32; 3]) -> bool {
        // NaN fails both comparisons.
        let inside = rgb.iter().all(|&v| v >= self.low && v <= self.high);
        if !inside {
            return true;
        }
        let last = self.cells - 1;
        let cell = p.map(|p| (p as usize).min(last));
        let i = (cell[0] * self.cells + cell[1]) * self.cells + cell[2];
        self.marks[i / 64] & (1 << (i % 64)) != 0
    }

    /// Sets aside the pixels of a chunk that are rendered exactly (before the LUT overwrites
    /// them): `values` are the chunk's inputs, `p` their shaper positions. Returns how many:
    /// when it is all of them, the caller renders the chunk with [`Guard::apply_exact`] instead.
    #[inline(always)]
    pub fn set_aside<const N: usize>(
        &self,
        values: [&[f32]; 3],
        p: [&[f32]; 3],
        aside: &mut SetAside<N>,
    ) -> usize {
        aside.count = 0;
        let n = values[0].len().min(N);
        for k in 0..n {
            let rgb = [values[0][k], values[1][k], values[2][k]];
            if self.is_marked(rgb, [p[0][k], p[1][k], p[2][k]]) {
                let at = aside.count;
                aside.index[at] = k as u16;
                for (c, &v) in rgb.iter().enumerate() {
                    aside.rgb[c][at] = v;
                }
                aside.count += 1;
            }
        }
        aside.count
    }

    /// A whole chunk through the exact pipeline, in place.
    pub fn apply_exact(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.exact.apply(r, g, b)
    }

    /// Renders what was set aside exactly and puts it in its place in the chunk's outputs.
    pub fn finish<const N: usize>(&self, aside: &mut SetAside<N>, [r, g, b]: [&mut [f32]; 3]) {
        let count = aside.count;
        if count == 0 {
            return;
        }
        // Padded to whole groups of lanes with copies of the last pixel, so the exact ops run
        // their vector code and no scalar tail (the copies' results are not used).
        let padded = count.next_multiple_of(LANES).min(N);
        let [sr, sg, sb] = &mut aside.rgb;
        for k in count..padded {
            sr[k] = sr[count - 1];
            sg[k] = sg[count - 1];
            sb[k] = sb[count - 1];
        }
        self.exact
            .apply(&mut sr[..padded], &mut sg[..padded], &mut sb[..padded]);
        for (k, &i) in aside.index[..count].iter().enumerate() {
            let i = i as usize;
            r[i] = sr[k];
            g[i] = sg[k];
            b[i] = sb[k];
        }
    }

    /// One pixel through the exact pipeline (the scalar reference of a marked pixel).
    pub fn exact_rgb(&self, rgb: [f32; 3]) -> [f32; 3] {
        self.exact.eval_rgb(rgb)
    }
}

/// The larger channel difference of (fast, exact) pairs in 10-bit code values; equal
/// infinities agree, a NaN on one side only is the worst error.
fn error_cv10(pairs: [(f32, f32); 3]) -> f32 {
    pairs
        .iter()
        .map(|&(fast, exact)| {
            if fast == exact || (fast.is_nan() && exact.is_nan()) {
                0.0
            } else {
                let e = (fast - exact).abs() * 1023.0;
                if e.is_nan() {
                    f32::INFINITY
                } else {
                    e
                }
            }
        })
        .fold(0.0, f32::max)
}
