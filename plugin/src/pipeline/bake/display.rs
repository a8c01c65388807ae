//! Baking before the display encoding: when a pipeline ends on a forward ACES output transform,
//! the lattice holds display light (pre-shaped by a power, see [`store_power`]) and the
//! encoding (BT.1886, PQ, sRGB, HLG…) is applied per pixel after the interpolation. The encodings
//! are nearly vertical near black, so interpolating their code values across a cell where a
//! channel crosses 0 is far off; display light is smooth there.

use std::sync::Arc;

use crate::aces::output1::OutputTransform1;
use crate::aces::output2::{Eotf, OutputTransform2};
use crate::ops::Op;
use crate::simd::lanes::F8;

/// Light u is stored as sign(u)·|u|^power: for the power-law encodings 1/2.4, close to the code
/// values, which follow the rendering more evenly than light does (measured on the bench chains:
/// storing light itself doubles the error on mid-bright greys); for PQ and HLG light itself
/// (measured: better from 0.3 saturation up).
fn store_power(eotf: Eotf) -> f32 {
    match eotf {
        Eotf::Bt1886 | Eotf::Gamma22 | Eotf::Gamma26 | Eotf::SrgbPiecewise => 1.0 / 2.4,
        Eotf::St2084 | Eotf::Hlg | Eotf::Linear => 1.0,
    }
}

/// The last op's display-linear stage.
#[derive(Clone, Debug)]
pub(super) enum LinearStage {
    Aces2(Arc<OutputTransform2>),
    Aces1(Arc<OutputTransform1>),
}

impl LinearStage {
    /// Input of the op to what the lattice holds, planar: for ACES 2.0 the rendering in limiting
    /// RGB before its white-limit clamp (the clamp, the matrix to the encoding primaries and the
    /// encoding follow the lookup: a clamp inside a cell is a kink no interpolation follows),
    /// for ACES 1.x display light in the encoding's units.
    pub fn apply(&self, scale: f32, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        match self {
            LinearStage::Aces2(t) => {
                for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
                    [*r, *g, *b] = t.render_unlimited([*r, *g, *b]);
                }
            }
            LinearStage::Aces1(t) => {
                for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
                    [*r, *g, *b] = t.forward_linear([*r, *g, *b]).map(|v| v * scale);
                }
            }
        }
    }
}

/// The display encoding applied after the lookup.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Encoding {
    pub eotf: Eotf,
    /// Display-linear values are multiplied by this before encoding (ACES 1.x cinema scales).
    pub scale: f32,
    /// The power the nodes are stored with.
    pub power: f32,
    /// ACES 2.0: the white limit and the matrix to the encoding primaries, after the lookup.
    pub limit: Option<(f32, [[f32; 3]; 3])>,
}

/// Splits a pipeline ending on a forward output transform with a display encoding into the ops
/// before it, its display-linear stage and its encoding.
pub(super) fn split(ops: &[Op]) -> Option<(Vec<Op>, LinearStage, Encoding)> {
    let (last, before) = ops.split_last()?;
    let mut limit = None;
    let (stage, eotf, scale) = match last {
        Op::AcesOutput2(o) if !o.inverse => {
            let p = o.transform.preset();
            limit = Some(o.transform.display_stage());
            (LinearStage::Aces2(Arc::clone(&o.transform)), p.eotf, 1.0)
        }
        Op::AcesOutput1(o) if !o.inverse => {
            let e = o.transform.encoding()?;
            (
                LinearStage::Aces1(Arc::clone(&o.transform)),
                e.eotf,
                e.scale as f32,
            )
        }
        _ => return None,
    };
    let power = store_power(eotf);
    Some((
        before.to_vec(),
        stage,
        Encoding {
            eotf,
            scale,
            power,
            limit,
        },
    ))
}

impl Encoding {
    /// Display light (encoding units) to the stored value.
    pub fn store(&self, u: f32) -> f32 {
        if self.power == 1.0 {
            u
        } else {
            u.abs().powf(self.power).copysign(u)
        }
    }

    /// Stored values to code values, eight at a time.
    #[inline(always)]
    pub fn finish8(&self, s: [F8; 3]) -> [F8; 3] {
        // No closures here: one left out of line would lose AVX2/FMA (see `simd::lanes`).
        // BT.1886 stored with its own power and nothing between: the code values themselves.
        if self.limit.is_none() && self.eotf == Eotf::Bt1886 && self.power == 1.0 / 2.4 {
            return [s[0].max_s(0.0), s[1].max_s(0.0), s[2].max_s(0.0)];
        }
        let u = if self.power == 1.0 {
            s
        } else {
            let p = 1.0 / self.power;
            [unpower(s[0], p), unpower(s[1], p), unpower(s[2], p)]
        };
        let u = match &self.limit {
            Some((white, m)) => {
                let l = [
                    u[0].max_s(0.0).min_s(*white),
                    u[1].max_s(0.0).min_s(*white),
                    u[2].max_s(0.0).min_s(*white),
                ];
                [
                    l[0] * m[0][0] + l[1] * m[0][1] + l[2] * m[0][2],
                    l[0] * m[1][0] + l[1] * m[1][1] + l[2] * m[1][2],
                    l[0] * m[2][0] + l[1] * m[2][1] + l[2] * m[2][2],
                ]
            }
            None => u,
        };
        self.eotf.encode8(u)
    }

    /// Stored values to code values, planar, in place.
    #[inline(always)]
    pub fn finish(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        let n = r.len().min(g.len()).min(b.len());
        let mut i = 0;
        while i < n {
            let len = (n - i).min(8);
            let mut lanes = [F8::splat(0.0); 3];
            lanes[0].0[..len].copy_from_slice(&r[i..i + len]);
            lanes[1].0[..len].copy_from_slice(&g[i..i + len]);
            lanes[2].0[..len].copy_from_slice(&b[i..i + len]);
            let out = self.finish8(lanes);
            r[i..i + len].copy_from_slice(&out[0].0[..len]);
            g[i..i + len].copy_from_slice(&out[1].0[..len]);
            b[i..i + len].copy_from_slice(&out[2].0[..len]);
            i += 8;
        }
    }

    /// One pixel (the scalar reference uses the same lane code, so every path agrees).
    pub fn finish_rgb(&self, s: [f32; 3]) -> [f32; 3] {
        let out = self.finish8(s.map(F8::splat));
        out.map(|v| v.0[0])
    }
}

/// s^p for s > 0, else 0: the stored value back to light (negatives are clamped after anyway).
#[inline(always)]
fn unpower(s: F8, p: f32) -> F8 {
    s.gt_s(0.0).select(s.pow_pos(p), F8::splat(0.0))
}
