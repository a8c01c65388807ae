//! CLF LUT3D: an N×N×N grid of RGB outputs over the unit cube (blue varies fastest, red
//! slowest), with trilinear or tetrahedral interpolation, and its inverse.
//!
//! Inverse: a 3D LUT has no closed-form inverse, so it is found by search, per pixel.
//! 1. Exact: every cell whose output bounding box holds the value is solved. With tetrahedral
//!    interpolation each of the cell's six tetrahedra is an affine map, solved exactly (3×3);
//!    with trilinear, Newton steps inside the cell. The first cell (in red, green, blue order)
//!    that holds an exact preimage gives the answer. This agrees with OpenColorIO wherever the
//!    value lies in the LUT's gamut and the LUT does not fold over itself (where it does, both
//!    give an exact preimage, not always the same one).
//! 2. Outside the gamut (no cell holds the value): as OpenColorIO does, the value is held to
//!    [0, 1] and solved the same way on the LUT extended by one node past each face (each outer
//!    node is its nearest node pushed four times as far from 0.5), and the answer is held to the
//!    unit cube.
//! 3. Where even that finds nothing: damped Newton from the grid node whose output is nearest,
//!    kept inside the unit cube, which ends at the closest point the search finds (OpenColorIO
//!    gives 0 there).
//!
//! Both searches look only where the value lies: the cells and nodes are binned by their
//! outputs when the inverse is made (`output_index.rs`), which gives the answers a full scan
//! gives. Still, an inverted LUT3D is the slowest op a render can meet: about 1 µs per pixel in
//! the LUT's gamut and about 3 µs outside it (33³, one thread), against 50 µs for the full scan.

mod output_index;

use std::sync::{Arc, OnceLock};

use self::output_index::OutputIndex;
#[cfg(target_arch = "x86_64")]
use super::lattice::avx2::{interpolate_planar, interpolate_trilinear_planar, Fetch};
use super::lattice::Lattice;
use super::OpError;

/// Sanity cap on the grid side (the spec discourages more than 128).
pub const MAX_LUT3D_SIZE: usize = 129;

/// Bins per output axis of the inverse's index (at most; fewer for a LUT whose cells' outputs
/// spread wide).
const OUTPUT_BINS: usize = 64;

/// What the inverse searches: every cell's output box (min rgb, max rgb), and where they lie;
/// for values outside the LUT's gamut, the LUT extended by one node past each face.
#[derive(Debug)]
struct InverseSearch {
    boxes: Vec<[f32; 6]>,
    index: OutputIndex,
    /// Bins per axis of the extension's search; None for the extension itself.
    extension_bins: Option<usize>,
    /// Made at the first value outside the gamut, not with the pipeline: it would double the
    /// inverse's build (17 -> 34 ms for a 33³ LUT), and inputs that stay in the gamut never
    /// need it.
    extended: OnceLock<Box<Lut3d>>,
}

/// The extended LUT's outer nodes are their nearest node pushed away from mid-grey, four times
/// as far (OpenColorIO's inverse extends its grid the same way).
const EXTENSION_CENTRE: f32 = 0.5;
const EXTENSION_SCALE: f32 = 4.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Interpolation {
    #[default]
    Trilinear,
    Tetrahedral,
}

#[derive(Clone, Debug)]
pub struct Lut3d {
    size: usize,
    /// `size³` RGB triplets; the triplet of node (r, g, b) is at `((r·N + g)·N + b)·3`.
    values: Vec<f32>,
    pub interpolation: Interpolation,
    inverse: bool,
    /// What the inverse searches (built for the inverse only).
    search: Option<Arc<InverseSearch>>,
    /// The nodes padded for the vector tetrahedral path, built by its first block (shared by
    /// clones).
    lattice: Arc<OnceLock<Lattice>>,
}

impl PartialEq for Lut3d {
    fn eq(&self, other: &Lut3d) -> bool {
        self.size == other.size
            && self.interpolation == other.interpolation
            && self.inverse == other.inverse
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a.to_bits() == b.to_bits())
    }
}

impl Lut3d {
    pub fn new(
        size: usize,
        values: Vec<f32>,
        interpolation: Interpolation,
    ) -> Result<Lut3d, OpError> {
        if !(2..=MAX_LUT3D_SIZE).contains(&size) {
            return Err(OpError::InvalidLut(format!(
                "a LUT3D needs 2 to {MAX_LUT3D_SIZE} nodes per side, not {size}"
            )));
        }
        if values.len() != size * size * size * 3 {
            return Err(OpError::InvalidLut(format!(
                "a {size}³ LUT3D needs {} values, not {}",
                size * size * size * 3,
                values.len()
            )));
        }
        Ok(Lut3d {
            size,
            values,
            interpolation,
            inverse: false,
            search: None,
            lattice: Arc::default(),
        })
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn values(&self) -> &[f32] {
        &self.values
    }

    pub fn is_inverse(&self) -> bool {
        self.inverse
    }

    fn node(&self, r: usize, g: usize, b: usize) -> [f32; 3] {
        let i = ((r * self.size + g) * self.size + b) * 3;
        [self.values[i], self.values[i + 1], self.values[i + 2]]
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        if self.inverse {
            self.eval_inverse(rgb)
        } else {
            self.eval_forward(rgb)
        }
    }

    /// The cell's lower corner and the fractional position inside it, per axis.
    fn locate(&self, rgb: [f32; 3]) -> ([usize; 3], [f32; 3]) {
        let last = (self.size - 1) as f32;
        let mut base = [0usize; 3];
        let mut frac = [0f32; 3];
        for c in 0..3 {
            // NaN goes to the first node (max/min ignore NaN).
            let pos = (rgb[c] * last).max(0.0).min(last);
            base[c] = (pos as usize).min(self.size - 2);
            frac[c] = pos - base[c] as f32;
        }
        (base, frac)
    }

    fn eval_forward(&self, rgb: [f32; 3]) -> [f32; 3] {
        let ([r, g, b], [fr, fg, fb]) = self.locate(rgb);
        let n = |dr: usize, dg: usize, db: usize| self.node(r + dr, g + dg, b + db);
        match self.interpolation {
            Interpolation::Trilinear => {
                let lerp = |a: [f32; 3], b: [f32; 3], t: f32| -> [f32; 3] {
                    std::array::from_fn(|c| t.mul_add(b[c] - a[c], a[c]))
                };
                let c00 = lerp(n(0, 0, 0), n(0, 0, 1), fb);
                let c01 = lerp(n(0, 1, 0), n(0, 1, 1), fb);
                let c10 = lerp(n(1, 0, 0), n(1, 0, 1), fb);
                let c11 = lerp(n(1, 1, 0), n(1, 1, 1), fb);
                let c0 = lerp(c00, c01, fg);
                let c1 = lerp(c10, c11, fg);
                lerp(c0, c1, fr)
            }
            Interpolation::Tetrahedral => {
                // Walk from the black corner to the white one along the axes in decreasing
                // order of their fractions: one of the cell's six tetrahedra.
                let (first, second, third, f1, f2, f3) = if fr >= fg {
                    if fg >= fb {
                        ((1, 0, 0), (1, 1, 0), (1, 1, 1), fr, fg, fb)
                    } else if fr >= fb {
                        ((1, 0, 0), (1, 0, 1), (1, 1, 1), fr, fb, fg)
                    } else {
                        ((0, 0, 1), (1, 0, 1), (1, 1, 1), fb, fr, fg)
                    }
                } else if fb >= fg {
                    ((0, 0, 1), (0, 1, 1), (1, 1, 1), fb, fg, fr)
                } else if fb >= fr {
                    ((0, 1, 0), (0, 1, 1), (1, 1, 1), fg, fb, fr)
                } else {
                    ((0, 1, 0), (1, 1, 0), (1, 1, 1), fg, fr, fb)
                };
                let v0 = n(0, 0, 0);
                let v1 = n(first.0, first.1, first.2);
                let v2 = n(second.0, second.1, second.2);
                let v3 = n(third.0, third.1, third.2);
                std::array::from_fn(|c| {
                    v0[c] + f1 * (v1[c] - v0[c]) + f2 * (v2[c] - v1[c]) + f3 * (v3[c] - v2[c])
                })
            }
        }
    }

    fn eval_inverse(&self, target: [f32; 3]) -> [f32; 3] {
        if target.iter().any(|v| v.is_nan()) {
            return [f32::NAN; 3];
        }
        let t = target.map(f64::from);
        if let Some(x) = self.exact_preimage(t) {
            return x.map(|v| v as f32);
        }
        if let Some(x) = self.extended_preimage(target) {
            return x;
        }
        let last = (self.size - 1) as f64;
        // Start from the nearest node (an inverse always has its search).
        let node = (self.search.as_ref()).map_or(0, |search| {
            search.index.nearest_node(t, |i| self.node_distance2(i, t))
        });
        let n = self.size;
        let at = [node / (n * n), (node / n) % n, node % n];
        let mut x = at.map(|i| i as f64 / last);
        let forward =
            |x: [f64; 3]| -> [f64; 3] { self.eval_forward(x.map(|v| v as f32)).map(f64::from) };
        let mut fx = forward(x);
        let mut error = distance(&fx, &t);
        for _ in 0..40 {
            if error <= 1e-7 * t.iter().fold(1.0f64, |m, v| m.max(v.abs())) {
                break;
            }
            let jacobian = self.jacobian(x);
            let Ok(inv) = crate::ops::matrix::invert(&jacobian) else {
                break;
            };
            let residual = [t[0] - fx[0], t[1] - fx[1], t[2] - fx[2]];
            let step = crate::ops::matrix::mul_vec(&inv, &residual);
            // Damped: halve the step until the error goes down.
            let mut scale = 1.0;
            let mut improved = false;
            for _ in 0..12 {
                let candidate: [f64; 3] =
                    std::array::from_fn(|c| (x[c] + scale * step[c]).clamp(0.0, 1.0));
                let fc = forward(candidate);
                let e = distance(&fc, &t);
                if e < error {
                    (x, fx, error, improved) = (candidate, fc, e, true);
                    break;
                }
                scale *= 0.5;
            }
            if !improved {
                break;
            }
        }
        x.map(|v| v as f32)
    }

    /// Outside the LUT's gamut: the value, held to [0, 1], solved on the extended LUT, and the
    /// answer held to the unit cube (OpenColorIO's inverse does the same).
    fn extended_preimage(&self, target: [f32; 3]) -> Option<[f32; 3]> {
        let search = self.search.as_ref()?;
        let bins = search.extension_bins?;
        let extended = search
            .extended
            .get_or_init(|| Box::new(self.extended_inverse(bins)));
        let held = target.map(|v| v.clamp(0.0, 1.0));
        if held != target {
            // The extended LUT's inner cells are the LUT's own.
            if let Some(x) = self.exact_preimage(held.map(f64::from)) {
                return Some(x.map(|v| v as f32));
            }
        }
        let x = extended.exact_preimage(held.map(f64::from))?;
        // From the extended grid's unit to the LUT's: one node in, then held.
        let (wide, last) = ((self.size + 1) as f64, (self.size - 1) as f64);
        Some(x.map(|v| ((v * wide - 1.0).clamp(0.0, last) / last) as f32))
    }

    /// Squared distance of node `i`'s output (nodes in storage order) from `target`.
    fn node_distance2(&self, i: usize, target: [f64; 3]) -> f64 {
        let v = &self.values[i * 3..i * 3 + 3];
        (0..3).map(|c| (v[c] as f64 - target[c]).powi(2)).sum()
    }

    /// Central-difference Jacobian of the forward map at x (in f64, one cell wide at most).
    fn jacobian(&self, x: [f64; 3]) -> [[f64; 3]; 3] {
        let h = 0.25 / (self.size - 1) as f64;
        let mut j = [[0.0; 3]; 3];
        for axis in 0..3 {
            let mut lo = x;
            let mut hi = x;
            lo[axis] = (x[axis] - h).max(0.0);
            hi[axis] = (x[axis] + h).min(1.0);
            let span = hi[axis] - lo[axis];
            let (a, b) = (
                self.eval_forward(lo.map(|v| v as f32)),
                self.eval_forward(hi.map(|v| v as f32)),
            );
            for (out, row) in j.iter_mut().enumerate() {
                row[axis] = (b[out] as f64 - a[out] as f64) / span;
            }
        }
        j
    }

    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if !self.inverse && crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
            // SAFETY: the processor has AVX2 and FMA (checked just above).
            unsafe { self.apply_forward_avx2(r, g, b) };
            return;
        }
        for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
            [*r, *g, *b] = self.eval([*r, *g, *b]);
        }
    }

    /// The padded nodes of the vector paths, built on first use. A pipeline builds them when
    /// it is planned (`Pipeline::new`), so that renders find them ready.
    pub(crate) fn block_lattice(&self) -> &Lattice {
        self.lattice.get_or_init(|| {
            let nodes: Vec<[f32; 3]> = self
                .values
                .chunks_exact(3)
                .map(|v| [v[0], v[1], v[2]])
                .collect();
            Lattice::new(self.size, &nodes)
        })
    }

    /// Forward interpolation eight pixels at a time on the shared lattice kernels (fast mode's
    /// tetrahedral one, and its trilinear sibling). Per pixel, the tetrahedron's branches
    /// mispredicted on every other pixel of a varied image, and the trilinear scalar loop did
    /// not vectorise: a 33³ LUT took 120 ms or more per 1920x1080 frame on one thread (Zen 3).
    ///
    /// # Safety
    /// The processor must support AVX2 and FMA.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn apply_forward_avx2(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        const CHUNK: usize = 256;
        let lattice = self.block_lattice();
        let last = (self.size - 1) as f32;
        let n = r.len().min(g.len()).min(b.len());
        let mut positions = [[0.0f32; CHUNK]; 3];
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            let len = end - start;
            for (p, channel) in positions.iter_mut().zip([&*r, &*g, &*b]) {
                for (p, &v) in p.iter_mut().zip(&channel[start..end]) {
                    // As `locate`: NaN goes to the first node (max and min ignore NaN).
                    *p = (v * last).max(0.0).min(last);
                }
            }
            let [pr, pg, pb] = &positions;
            let at = [&pr[..len], &pg[..len], &pb[..len]];
            let (r, g, b) = (&mut r[start..end], &mut g[start..end], &mut b[start..end]);
            match self.interpolation {
                Interpolation::Tetrahedral => {
                    interpolate_planar(Fetch::Loads, lattice, at, r, g, b)
                }
                Interpolation::Trilinear => interpolate_trilinear_planar(lattice, at, r, g, b),
            }
        }
    }

    pub fn inverse(&self) -> Result<Lut3d, OpError> {
        let inverse = !self.inverse;
        Ok(Lut3d {
            inverse,
            search: inverse.then(|| {
                let mut search = self.inverse_search(OUTPUT_BINS);
                search.extension_bins = Some(OUTPUT_BINS);
                Arc::new(search)
            }),
            ..self.clone()
        })
    }

    /// The cells' output boxes and their index, with at most `bins` bins per axis (and no more
    /// than the LUT has cells per side).
    fn inverse_search(&self, bins: usize) -> InverseSearch {
        self.inverse_search_of(bins, |_| true)
    }

    /// [`Lut3d::inverse_search`] over the cells for which `listed` is true.
    fn inverse_search_of(
        &self,
        bins: usize,
        listed: impl Fn(usize) -> bool + Copy,
    ) -> InverseSearch {
        let boxes = self.cell_boxes();
        let nodes: Vec<[f32; 3]> = self
            .values
            .chunks_exact(3)
            .map(|v| [v[0], v[1], v[2]])
            .collect();
        let index = OutputIndex::new(&boxes, listed, &nodes, bins.min(self.size - 1));
        InverseSearch {
            boxes,
            index,
            extension_bins: None,
            extended: OnceLock::new(),
        }
    }

    /// The LUT with one more node past each face, edge and corner (see [`EXTENSION_SCALE`]),
    /// inverted, with its own search over its outer cells only (the inner ones are the LUT's
    /// own, which the LUT's search covers) and no extension of its own.
    fn extended_inverse(&self, bins: usize) -> Lut3d {
        let n = self.size;
        let wide = n + 2;
        let mut values = Vec::with_capacity(wide * wide * wide * 3);
        for r in 0..wide {
            for g in 0..wide {
                for b in 0..wide {
                    let inner = [r, g, b].map(|i| i.clamp(1, n) - 1);
                    let v = self.node(inner[0], inner[1], inner[2]);
                    let outer = [r, g, b].iter().any(|&i| i == 0 || i == wide - 1);
                    values.extend(v.map(|v| match outer {
                        true => (v - EXTENSION_CENTRE) * EXTENSION_SCALE + EXTENSION_CENTRE,
                        false => v,
                    }));
                }
            }
        }
        let mut extended = Lut3d {
            size: wide,
            values,
            interpolation: self.interpolation,
            inverse: true,
            search: None,
            lattice: Arc::default(),
        };
        let cells = wide - 1;
        let outer = move |index: usize| {
            let at = [
                index / (cells * cells),
                (index / cells) % cells,
                index % cells,
            ];
            at.iter().any(|&i| i == 0 || i == cells - 1)
        };
        extended.search = Some(Arc::new(extended.inverse_search_of(bins, outer)));
        extended
    }

    fn cell_boxes(&self) -> Vec<[f32; 6]> {
        let cells = self.size - 1;
        let mut boxes = Vec::with_capacity(cells * cells * cells);
        for r in 0..cells {
            for g in 0..cells {
                for b in 0..cells {
                    let mut bx = [
                        f32::INFINITY,
                        f32::INFINITY,
                        f32::INFINITY,
                        f32::NEG_INFINITY,
                        f32::NEG_INFINITY,
                        f32::NEG_INFINITY,
                    ];
                    for corner in 0..8 {
                        let v =
                            self.node(r + (corner >> 2), g + ((corner >> 1) & 1), b + (corner & 1));
                        for c in 0..3 {
                            bx[c] = bx[c].min(v[c]);
                            bx[c + 3] = bx[c + 3].max(v[c]);
                        }
                    }
                    boxes.push(bx);
                }
            }
        }
        boxes
    }

    /// An exact preimage of `target`, searched cell by cell (see the module notes).
    fn exact_preimage(&self, target: [f64; 3]) -> Option<[f64; 3]> {
        let search = self.search.as_ref()?;
        let cells = self.size - 1;
        let slack = 1e-6 * target.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        for &index in search.index.cells_near(target) {
            let index = index as usize;
            let bx = &search.boxes[index];
            let inside = (0..3).all(|c| {
                target[c] >= bx[c] as f64 - slack && target[c] <= bx[c + 3] as f64 + slack
            });
            if !inside {
                continue;
            }
            let base = [
                index / (cells * cells),
                (index / cells) % cells,
                index % cells,
            ];
            let found = match self.interpolation {
                Interpolation::Tetrahedral => self.solve_tetrahedra(base, target, slack),
                Interpolation::Trilinear => self.solve_trilinear_cell(base, target, slack),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Solves the six affine pieces of a tetrahedral cell.
    fn solve_tetrahedra(&self, base: [usize; 3], target: [f64; 3], slack: f64) -> Option<[f64; 3]> {
        const ORDERS: [[usize; 3]; 6] = [
            [0, 1, 2],
            [0, 2, 1],
            [2, 0, 1],
            [2, 1, 0],
            [1, 2, 0],
            [1, 0, 2],
        ];
        let at = |step: [usize; 3]| -> [f64; 3] {
            self.node(base[0] + step[0], base[1] + step[1], base[2] + step[2])
                .map(f64::from)
        };
        let v0 = at([0, 0, 0]);
        let last = (self.size - 1) as f64;
        for order in ORDERS {
            // Walk from the black corner along the axes in this order.
            let mut step = [0usize; 3];
            let mut corners = [v0; 4];
            for (k, &axis) in order.iter().enumerate() {
                step[axis] = 1;
                corners[k + 1] = at(step);
            }
            let m: [[f64; 3]; 3] = std::array::from_fn(|row| {
                std::array::from_fn(|col| corners[col + 1][row] - corners[col][row])
            });
            let Ok(inv) = crate::ops::matrix::invert(&m) else {
                continue;
            };
            let rhs = [target[0] - v0[0], target[1] - v0[1], target[2] - v0[2]];
            let f = crate::ops::matrix::mul_vec(&inv, &rhs);
            // Inside the tetrahedron: 1 ≥ f0 ≥ f1 ≥ f2 ≥ 0 (with a little slack).
            let eps = 1e-6;
            if f[0] <= 1.0 + eps && f[0] >= f[1] - eps && f[1] >= f[2] - eps && f[2] >= -eps {
                let mut x = [0.0; 3];
                for (k, &axis) in order.iter().enumerate() {
                    x[axis] = (base[axis] as f64 + f[k].clamp(0.0, 1.0)) / last;
                }
                let back = self.eval_forward(x.map(|v| v as f32)).map(f64::from);
                if distance(&back, &target) <= 10.0 * slack {
                    return Some(x);
                }
            }
        }
        None
    }

    /// Newton steps on the trilinear map of one cell, kept inside the cell.
    fn solve_trilinear_cell(
        &self,
        base: [usize; 3],
        target: [f64; 3],
        slack: f64,
    ) -> Option<[f64; 3]> {
        let last = (self.size - 1) as f64;
        let lo = base.map(|b| b as f64 / last);
        let hi = base.map(|b| (b + 1) as f64 / last);
        let mut x: [f64; 3] = std::array::from_fn(|c| 0.5 * (lo[c] + hi[c]));
        for _ in 0..30 {
            let fx = self.eval_forward(x.map(|v| v as f32)).map(f64::from);
            if distance(&fx, &target) <= slack {
                return Some(x);
            }
            let Ok(inv) = crate::ops::matrix::invert(&self.jacobian(x)) else {
                return None;
            };
            let residual = [target[0] - fx[0], target[1] - fx[1], target[2] - fx[2]];
            let step = crate::ops::matrix::mul_vec(&inv, &residual);
            x = std::array::from_fn(|c| (x[c] + step[c]).clamp(lo[c], hi[c]));
        }
        None
    }
}

fn distance(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (0..3).map(|c| (a[c] - b[c]).powi(2)).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A LUT of f(r, g, b) sampled on the grid, blue fastest.
    fn sampled(size: usize, f: impl Fn([f32; 3]) -> [f32; 3], interp: Interpolation) -> Lut3d {
        let last = (size - 1) as f32;
        let mut values = Vec::new();
        for r in 0..size {
            for g in 0..size {
                for b in 0..size {
                    values.extend(f([r as f32 / last, g as f32 / last, b as f32 / last]));
                }
            }
        }
        Lut3d::new(size, values, interp).unwrap()
    }

    /// A smooth, curved map to sample.
    fn curve([r, g, b]: [f32; 3]) -> [f32; 3] {
        [
            (r * 3.0).sin() * 0.5 + g * g,
            (g + b * 0.3).sqrt() - r * 0.2,
            b.powf(2.2) + 0.1 * r * g,
        ]
    }

    /// Points inside and outside the cube, on grid nodes (1/16 on a 17-node LUT) and on the
    /// planes where two fractions tie (where the tetrahedron choice can differ), NaN and the
    /// infinities, and a count that leaves a tail under eight for the reference path.
    fn probes() -> Vec<[f32; 3]> {
        let steps = [-0.3, 0.0, 0.03, 1.0 / 16.0, 0.2, 0.5, 0.51, 0.99, 1.0, 1.7];
        let mut px = Vec::new();
        for &r in &steps {
            for &g in &steps {
                for &b in &steps {
                    px.push([r, g, b]);
                }
            }
        }
        px.push([f32::NAN, 0.5, 0.2]);
        px.push([0.3, f32::INFINITY, f32::NEG_INFINITY]);
        px.push([0.123, 0.456, 0.789]);
        px
    }

    /// Each probe, its value by the block path and by `eval`, on a 17³ sampling of `curve`.
    fn block_and_eval(interpolation: Interpolation) -> Vec<([f32; 3], [f32; 3], [f32; 3])> {
        let lut = sampled(17, curve, interpolation);
        let px = probes();
        let [mut r, mut g, mut b]: [Vec<f32>; 3] =
            std::array::from_fn(|c| px.iter().map(|p| p[c]).collect());
        lut.apply(&mut r, &mut g, &mut b);
        px.iter()
            .enumerate()
            .map(|(i, input)| (*input, [r[i], g[i], b[i]], lut.eval(*input)))
            .collect()
    }

    /// The block path of a tetrahedral LUT (the vector lattice kernel where the processor has
    /// AVX2) against `eval`, over points inside and outside the cube, on grid nodes and on the
    /// planes where two fractions tie (where the tetrahedron choice can differ), NaN too: the
    /// same value within one rounding of each of the three steps.
    #[test]
    fn the_tetrahedral_block_path_follows_eval() {
        for (input, got, want) in block_and_eval(Interpolation::Tetrahedral) {
            for c in 0..3 {
                assert!(
                    (got[c] - want[c]).abs() <= 4.0 * f32::EPSILON * want[c].abs().max(1.0),
                    "{input:?}: block {got:?}, eval {want:?}"
                );
            }
        }
    }

    /// The trilinear block path does eval's fused multiply-adds in eval's order: the same bits,
    /// on and off the grid, outside the cube, for NaN and infinities, in whole registers and in
    /// the tail.
    #[test]
    fn the_trilinear_block_path_gives_evals_bits() {
        for (input, got, want) in block_and_eval(Interpolation::Trilinear) {
            assert_eq!(
                got.map(f32::to_bits),
                want.map(f32::to_bits),
                "{input:?}: block {got:?}, eval {want:?}"
            );
        }
    }

    fn affine(rgb: [f32; 3]) -> [f32; 3] {
        let [r, g, b] = rgb;
        [
            0.8 * r + 0.1 * g + 0.05,
            0.2 * r + 0.7 * g + 0.1 * b,
            0.9 * b + 0.02,
        ]
    }

    #[test]
    fn both_interpolations_reproduce_an_affine_map() {
        for interp in [Interpolation::Trilinear, Interpolation::Tetrahedral] {
            let lut = sampled(5, affine, interp);
            for p in [[0.3f32, 0.6, 0.9], [0.0, 1.0, 0.5], [0.77, 0.12, 0.05]] {
                let (got, want) = (lut.eval(p), affine(p));
                for c in 0..3 {
                    assert!((got[c] - want[c]).abs() < 1e-6, "{interp:?} {p:?}");
                }
            }
        }
    }

    #[test]
    fn blue_varies_fastest() {
        let lut = sampled(2, |p| p, Interpolation::Trilinear);
        assert_eq!(&lut.values()[3..6], &[0.0, 0.0, 1.0]);
        assert_eq!(lut.eval([1.0, 0.0, 0.0]), [1.0, 0.0, 0.0]);
    }

    #[test]
    fn tetrahedral_differs_from_trilinear_on_a_curved_map() {
        let curve = |p: [f32; 3]| p.map(|v| v * v);
        let tri = sampled(3, curve, Interpolation::Trilinear).eval([0.25, 0.5, 0.75]);
        let tet = sampled(3, curve, Interpolation::Tetrahedral).eval([0.25, 0.5, 0.75]);
        // Along each axis the map is separable, so both agree; mix channels to see a difference.
        assert_eq!(tri, tet);
        let mix = |p: [f32; 3]| [p[0] * p[1], p[1] * p[2], p[0] * p[2]];
        let tri = sampled(2, mix, Interpolation::Trilinear).eval([0.25, 0.5, 0.75]);
        let tet = sampled(2, mix, Interpolation::Tetrahedral).eval([0.25, 0.5, 0.75]);
        assert!((tri[0] - 0.125).abs() < 1e-6);
        assert!((tet[0] - 0.25).abs() < 1e-6, "{tet:?}");
    }

    #[test]
    fn the_inverse_finds_the_input_again() {
        for interp in [Interpolation::Trilinear, Interpolation::Tetrahedral] {
            let curve = |p: [f32; 3]| {
                let [r, g, b] = p.map(|v| v.powf(0.8));
                [
                    0.9 * r + 0.1 * g,
                    0.05 * r + 0.9 * g + 0.05 * b,
                    0.1 * g + 0.9 * b,
                ]
            };
            let lut = sampled(9, curve, interp);
            let inv = lut.inverse().unwrap();
            for p in [[0.3f32, 0.6, 0.9], [0.05, 0.95, 0.5], [0.5, 0.5, 0.5]] {
                let back = inv.eval(lut.eval(p));
                for c in 0..3 {
                    assert!((back[c] - p[c]).abs() < 1e-5, "{interp:?} {p:?} → {back:?}");
                }
            }
        }
    }

    /// The inverse through the output index gives the bits of the full scan (one bin), over
    /// values inside and outside the LUT's gamut, on nodes, NaN and infinities, for a smooth
    /// LUT, one that folds over itself (several preimages: the first cell's must win) and a
    /// noisy one (whose cells' outputs spread wide), both interpolations.
    #[test]
    fn the_indexed_inverse_gives_the_full_scans_bits() {
        let folded = |p: [f32; 3]| {
            let [r, g, b] = p;
            [
                (r * 5.0).sin() * 0.4 + 0.5,
                g * g - 0.3 * r,
                b + 0.2 * (r * 7.0).cos(),
            ]
        };
        let noisy = |p: [f32; 3]| {
            let h = (p[0] * 12.9898 + p[1] * 78.233 + p[2] * 37.719).sin() * 43758.547;
            let n = h - h.floor();
            [p[0] + 0.5 * n, p[1] - 0.3 * n, p[2] * n]
        };
        type Map<'a> = &'a dyn Fn([f32; 3]) -> [f32; 3];
        let maps: [(&str, Map); 3] = [("curve", &curve), ("folded", &folded), ("noisy", &noisy)];
        let mut values: Vec<[f32; 3]> = probes();
        for k in 0..400 {
            let t = k as f32;
            values.push([
                (t * 0.618).fract() * 1.6 - 0.3,
                (t * 0.414).fract() * 1.6 - 0.3,
                (t * 0.732).fract() * 1.6 - 0.3,
            ]);
        }
        for (name, map) in maps {
            for interp in [Interpolation::Trilinear, Interpolation::Tetrahedral] {
                let lut = sampled(17, map, interp);
                let indexed = lut.inverse().unwrap();
                let mut search = lut.inverse_search(1);
                search.extension_bins = Some(1);
                let scan = Lut3d {
                    search: Some(Arc::new(search)),
                    ..indexed.clone()
                };
                let mut found = 0;
                for &v in values.iter().chain(&[lut.eval([0.3, 0.6, 0.9])]) {
                    let (got, want) = (indexed.eval(v), scan.eval(v));
                    assert_eq!(
                        got.map(f32::to_bits),
                        want.map(f32::to_bits),
                        "{name} {interp:?} {v:?}: indexed {got:?}, full scan {want:?}"
                    );
                    found += usize::from(indexed.exact_preimage(v.map(f64::from)).is_some());
                }
                // Both kinds of answer were compared: exact preimages and the fallback's.
                assert!(
                    found > 20 && found < values.len() - 20,
                    "{name} {interp:?}: {found}"
                );
            }
        }
    }

    #[test]
    fn sizes_are_checked() {
        assert!(Lut3d::new(130, vec![], Interpolation::Trilinear).is_err());
        assert!(Lut3d::new(2, vec![0.0; 23], Interpolation::Trilinear).is_err());
    }
}
