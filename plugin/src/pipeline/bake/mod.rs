//! Fast mode: a whole pipeline baked into a per-channel shaper and an N³ 3D LUT, read back with
//! tetrahedral interpolation.
//!
//! The shaper depends on what the pipeline's first op reads ([`InputDomain`]): scene-linear
//! values are spread by stops (an ACEScct-like log2 curve with a linear toe, covering about
//! -0.0069 to 65536), code values linearly (camera log, ACEScct and display code values over
//! -0.1 to 1.1 by default).
//!
//! Outside the domain the result is defined, not extrapolated: each channel is held at the
//! domain's edge before the lookup (so +inf reads as the top, -inf as the bottom), and NaN
//! reads as 0. Node values that the exact pipeline makes NaN are stored as 0, and infinities
//! as ±1e30.
//!
//! The lattice is evaluated with the exact pipeline's planar path, slice by slice on rayon's
//! current pool. [`accuracy`] measures how far fast mode is from exact on in-gamut input.

pub mod accuracy;
#[cfg(target_arch = "x86_64")]
pub mod avx2;
mod display;
mod guard;
mod shaper;
mod tone;

pub use guard::THRESHOLD_CV10;
pub use shaper::{InputDomain, SCENE_MAX, SCENE_MIN};

use rayon::prelude::*;

use self::display::Encoding;
use self::guard::{Guard, SetAside};
use self::shaper::Shaper;
use self::tone::{ToneCurve, STEPS_PER_CELL};
use super::Pipeline;
use crate::ops::lattice::avx2::Fetch;
use crate::ops::lattice::Lattice;
use crate::simd::{best_isa, Isa};

/// Nodes per side when nobody says otherwise: 65³ (OpenColorIO bakes at 65 too).
pub const DEFAULT_SIZE: usize = 65;
/// Nodes per side allowed.
pub const SIZES: std::ops::RangeInclusive<usize> = 2..=129;

/// Pixels per chunk of the interleaved path (positions and results live on the stack).
const CHUNK: usize = 64;

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum BakeError {
    #[error("a baked LUT needs 2 to 129 nodes per side, not {0}")]
    Size(usize),
    #[error("the input domain {0} is empty or not finite")]
    Domain(String),
}

/// A pipeline baked for fast mode: shaper, then 3D LUT.
#[derive(Clone, Debug, PartialEq)]
pub struct BakedPipeline {
    domain: InputDomain,
    shaper: Shaper,
    /// What the chain does on top of its grey response (see `tone.rs`).
    lattice: Lattice,
    /// The grey response, added back per channel after the lookup.
    tone: ToneCurve,
    /// The display encoding applied after the lookup, when the lattice holds display light.
    encoding: Option<Encoding>,
    /// The cells rendered exactly (see `guard.rs`); None renders every pixel by the LUT.
    guard: Option<Box<Guard>>,
    #[cfg(target_arch = "x86_64")]
    fetch: Fetch,
}

impl Pipeline {
    /// Bakes the pipeline into `size`³ nodes over `domain`, evaluating the exact pipeline at
    /// every node (in parallel, on rayon's current pool).
    pub fn bake(&self, domain: InputDomain, size: usize) -> Result<BakedPipeline, BakeError> {
        if !SIZES.contains(&size) {
            return Err(BakeError::Size(size));
        }
        if !domain.is_valid() {
            return Err(BakeError::Domain(domain.to_string()));
        }
        let axis: Vec<f32> = (0..size)
            .map(|i| domain.from_unit(i as f64 / (size - 1) as f64) as f32)
            .collect();
        // A pipeline ending on a display encoding is baked before it (see `display.rs`).
        let split = display::split(self.ops());
        let before = split.as_ref().map(|(ops, _, _)| Pipeline::new(ops.clone()));
        // What the lattice and the tone curve hold for planar inputs (made finite).
        let evaluate = |r: &mut [f32], g: &mut [f32], b: &mut [f32]| -> Vec<[f32; 3]> {
            match (&split, &before) {
                (Some((_, stage, encoding)), Some(before)) => {
                    before.apply(r, g, b);
                    stage.apply(encoding.scale, r, g, b);
                    for v in [&mut *r, &mut *g, &mut *b] {
                        v.iter_mut().for_each(|v| *v = encoding.store(*v));
                    }
                }
                _ => self.apply(r, g, b),
            }
            (0..r.len())
                .map(|k| [r[k], g[k], b[k]].map(crate::ops::lattice::finite))
                .collect()
        };
        // The grey response, per channel, at STEPS_PER_CELL entries per node step.
        let grey_count = (size - 1) * STEPS_PER_CELL + 1;
        let mut grey: [Vec<f32>; 3] = std::array::from_fn(|_| {
            (0..grey_count)
                .map(|k| domain.from_unit(k as f64 / (grey_count - 1) as f64) as f32)
                .collect()
        });
        let tone = {
            let [r, g, b] = &mut grey;
            ToneCurve::new(&evaluate(r, g, b))
        };
        // One slice of constant red per task: N² pixels, stored as what the chain does on top
        // of the grey response.
        let slices: Vec<Vec<[f32; 3]>> = (0..size)
            .into_par_iter()
            .map(|ri| {
                let count = size * size;
                let mut r = vec![axis[ri]; count];
                let mut g = Vec::with_capacity(count);
                let mut b = Vec::with_capacity(count);
                for &gv in &axis {
                    g.extend(std::iter::repeat_n(gv, size));
                    b.extend_from_slice(&axis);
                }
                let out = evaluate(&mut r, &mut g, &mut b);
                let node_tone = |c: usize, i: usize| tone.table(c)[i * STEPS_PER_CELL];
                out.iter()
                    .enumerate()
                    .map(|(k, px)| {
                        let at = [ri, k / size, k % size];
                        std::array::from_fn(|c| px[c] - node_tone(c, at[c]))
                    })
                    .collect()
            })
            .collect();
        let rgb: Vec<[f32; 3]> = slices.into_iter().flatten().collect();
        Ok(BakedPipeline {
            domain,
            shaper: Shaper::new(&domain, size),
            lattice: Lattice::new(size, &rgb),
            tone,
            encoding: split.map(|(_, _, encoding)| encoding),
            guard: None,
            #[cfg(target_arch = "x86_64")]
            fetch: Fetch::Loads,
        })
    }
}

impl BakedPipeline {
    pub fn size(&self) -> usize {
        self.lattice.size()
    }

    pub fn domain(&self) -> InputDomain {
        self.domain
    }

    /// Fast mode as renders use it: the LUT where it is within one code value of `exact` (the
    /// pipeline this was baked from), `exact` itself in the cells where it is not and outside
    /// the domain (`guard.rs`). Checks every cell, in parallel on rayon's current pool.
    pub fn guarded(mut self, exact: &Pipeline) -> BakedPipeline {
        self.guard = None;
        let guard = Guard::new(&self, exact);
        self.guard = Some(Box::new(guard));
        self
    }

    /// Whether a pixel of input `rgb` is rendered by the exact pipeline (guarded, and in a
    /// marked cell or outside the domain).
    pub fn renders_exactly(&self, rgb: [f32; 3]) -> bool {
        self.guard
            .as_ref()
            .is_some_and(|g| g.is_marked(rgb, rgb.map(|v| self.shaper.position(v))))
    }

    /// The share of the lattice's cells rendered exactly, when guarded.
    pub fn exact_share(&self) -> Option<f64> {
        self.guard.as_ref().map(|g| g.marked_share())
    }

    /// How the AVX2 path reads the lattice (for comparing the two; both give the same bits).
    #[cfg(target_arch = "x86_64")]
    #[cfg(test)]
    pub(crate) fn set_fetch(&mut self, fetch: Fetch) {
        self.fetch = fetch;
    }

    /// The scalar reference: one pixel through shaper and lattice.
    pub fn eval_rgb(&self, rgb: [f32; 3]) -> [f32; 3] {
        let p = rgb.map(|v| self.shaper.position(v));
        if let Some(guard) = &self.guard {
            if guard.is_marked(rgb, p) {
                return guard.exact_rgb(rgb);
            }
        }
        let residual = self.lattice.interpolate(p);
        let s: [f32; 3] = std::array::from_fn(|c| self.tone.at(c, p[c]) + residual[c]);
        match &self.encoding {
            Some(e) => e.finish_rgb(s),
            None => s,
        }
    }

    /// Planar channels in place, on the best instruction set the processor has.
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.apply_with(best_isa(), r, g, b)
    }

    /// [`BakedPipeline::apply`] on a chosen instruction set (portable when it is not there).
    pub fn apply_with(&self, isa: Isa, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if isa == Isa::Avx2Fma && best_isa() == Isa::Avx2Fma {
            // SAFETY: the processor has AVX2 and FMA (checked just above).
            unsafe { self.apply_avx2(r, g, b) };
            return;
        }
        let _ = isa;
        self.apply_portable(r, g, b)
    }

    /// Interleaved RGBA f32 pixels in place (alpha untouched): the kernel's fused path, with
    /// no de-interleaving into blocks first.
    pub fn apply_rgba(&self, pixels: &mut [f32]) {
        self.apply_rgba_with(best_isa(), pixels)
    }

    /// [`BakedPipeline::apply_rgba`] on a chosen instruction set.
    pub fn apply_rgba_with(&self, isa: Isa, pixels: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if isa == Isa::Avx2Fma && best_isa() == Isa::Avx2Fma {
            // SAFETY: the processor has AVX2 and FMA (checked just above).
            unsafe { self.apply_rgba_avx2(pixels) };
            return;
        }
        let _ = isa;
        self.apply_rgba_portable(pixels)
    }

    /// Sets aside the chunk's pixels that the guard renders exactly; true when that is all of
    /// them and the guard has rendered the chunk (marked cells come in patches, so the LUT is
    /// skipped then).
    #[inline(always)]
    fn guard_chunk(
        &self,
        [r, g, b]: [&mut [f32]; 3],
        p: [&[f32]; 3],
        aside: &mut SetAside<CHUNK>,
    ) -> bool {
        let Some(guard) = &self.guard else {
            return false;
        };
        if guard.set_aside([&*r, &*g, &*b], p, aside) < r.len() {
            return false;
        }
        guard.apply_exact(r, g, b);
        true
    }

    fn apply_portable(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        let mut p = [[0f32; CHUNK]; 3];
        let mut aside = SetAside::<CHUNK>::new();
        let n = r.len().min(g.len()).min(b.len());
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            let len = end - start;
            let [pr, pg, pb] = &mut p;
            self.shaper.positions(&r[start..end], &mut pr[..len]);
            self.shaper.positions(&g[start..end], &mut pg[..len]);
            self.shaper.positions(&b[start..end], &mut pb[..len]);
            let values = [&mut r[start..end], &mut g[start..end], &mut b[start..end]];
            if self.guard_chunk(values, [&pr[..len], &pg[..len], &pb[..len]], &mut aside) {
                continue;
            }
            self.lattice.interpolate_planar(
                [&pr[..len], &pg[..len], &pb[..len]],
                &mut r[start..end],
                &mut g[start..end],
                &mut b[start..end],
            );
            for (c, (p, v)) in [
                (&pr[..len], &mut r[start..end]),
                (&pg[..len], &mut g[start..end]),
                (&pb[..len], &mut b[start..end]),
            ]
            .into_iter()
            .enumerate()
            {
                for (v, &p) in v.iter_mut().zip(p) {
                    *v += self.tone.at(c, p);
                }
            }
            if let Some(e) = &self.encoding {
                e.finish(&mut r[start..end], &mut g[start..end], &mut b[start..end]);
            }
            if let Some(guard) = &self.guard {
                guard.finish(
                    &mut aside,
                    [&mut r[start..end], &mut g[start..end], &mut b[start..end]],
                );
            }
        }
    }

    fn apply_rgba_portable(&self, pixels: &mut [f32]) {
        for px in pixels.chunks_exact_mut(4) {
            let out = self.eval_rgb([px[0], px[1], px[2]]);
            px[..3].copy_from_slice(&out);
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn apply_avx2(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        let mut p = [[0f32; CHUNK]; 3];
        let mut aside = SetAside::<CHUNK>::new();
        let n = r.len().min(g.len()).min(b.len());
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            let len = end - start;
            let [pr, pg, pb] = &mut p;
            self.shaper.positions(&r[start..end], &mut pr[..len]);
            self.shaper.positions(&g[start..end], &mut pg[..len]);
            self.shaper.positions(&b[start..end], &mut pb[..len]);
            let values = [&mut r[start..end], &mut g[start..end], &mut b[start..end]];
            if self.guard_chunk(values, [&pr[..len], &pg[..len], &pb[..len]], &mut aside) {
                continue;
            }
            crate::ops::lattice::avx2::interpolate_planar(
                self.fetch,
                &self.lattice,
                [&pr[..len], &pg[..len], &pb[..len]],
                &mut r[start..end],
                &mut g[start..end],
                &mut b[start..end],
            );
            avx2::add_tone(&self.tone, 0, &pr[..len], &mut r[start..end]);
            avx2::add_tone(&self.tone, 1, &pg[..len], &mut g[start..end]);
            avx2::add_tone(&self.tone, 2, &pb[..len], &mut b[start..end]);
            if let Some(e) = &self.encoding {
                e.finish(&mut r[start..end], &mut g[start..end], &mut b[start..end]);
            }
            if let Some(guard) = &self.guard {
                guard.finish(
                    &mut aside,
                    [&mut r[start..end], &mut g[start..end], &mut b[start..end]],
                );
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn apply_rgba_avx2(&self, pixels: &mut [f32]) {
        let mut planar = [[0f32; CHUNK]; 3];
        let mut p = [[0f32; CHUNK]; 3];
        let mut aside = SetAside::<CHUNK>::new();
        for chunk in pixels.chunks_mut(4 * CHUNK) {
            let len = chunk.len() / 4;
            // Whole groups of eight go through the vector (de)interleave, the rest one by one.
            let vectored = len / 8 * 8;
            let [r, g, b] = &mut planar;
            avx2::deinterleave_rgba(chunk, r, g, b);
            for (i, px) in chunk.chunks_exact(4).enumerate().skip(vectored) {
                r[i] = px[0];
                g[i] = px[1];
                b[i] = px[2];
            }
            let [pr, pg, pb] = &mut p;
            self.shaper.positions(&r[..len], &mut pr[..len]);
            self.shaper.positions(&g[..len], &mut pg[..len]);
            self.shaper.positions(&b[..len], &mut pb[..len]);
            let values = [&mut r[..len], &mut g[..len], &mut b[..len]];
            if !self.guard_chunk(values, [&pr[..len], &pg[..len], &pb[..len]], &mut aside) {
                crate::ops::lattice::avx2::interpolate_planar(
                    self.fetch,
                    &self.lattice,
                    [&pr[..len], &pg[..len], &pb[..len]],
                    &mut r[..len],
                    &mut g[..len],
                    &mut b[..len],
                );
                avx2::add_tone(&self.tone, 0, &pr[..len], &mut r[..len]);
                avx2::add_tone(&self.tone, 1, &pg[..len], &mut g[..len]);
                avx2::add_tone(&self.tone, 2, &pb[..len], &mut b[..len]);
                if let Some(e) = &self.encoding {
                    e.finish(&mut r[..len], &mut g[..len], &mut b[..len]);
                }
                if let Some(guard) = &self.guard {
                    guard.finish(&mut aside, [&mut r[..len], &mut g[..len], &mut b[..len]]);
                }
            }
            avx2::interleave_rgb(r, g, b, chunk);
            for (i, px) in chunk.chunks_exact_mut(4).enumerate().skip(vectored) {
                px[0] = r[i];
                px[1] = g[i];
                px[2] = b[i];
            }
        }
    }
}

#[cfg(test)]
mod tests;
