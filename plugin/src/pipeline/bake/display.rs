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
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Encoding {
    pub eotf: Eotf,
    /// Display-linear values are multiplied by this before encoding (ACES 1.x cinema scales).
    pub scale: f32,
    /// The power the nodes are stored with.
    pub power: f32,
    /// ACES 2.0: the white limit and the matrix to the encoding primaries, after the lookup.
    pub limit: Option<(f32, [[f32; 3]; 3])>,
    /// Otherwise, when the finish works channel by channel (no matrix but a uniform scale, an
    /// encoding of one channel at a time): the finish after the white clamp, as a table.
    pub table: Option<FinishTable>,
    /// When the whole finish is a gain and a clamp (stored code values, see [`clamp_only`]):
    /// code value = min(max(s, 0)·gain, top).
    pub clamp_only: Option<(f32, f32)>,
}

/// The uniform scale k of a matrix k·I (within rounding), if it is one.
fn uniform_scale(m: &[[f32; 3]; 3]) -> Option<f32> {
    let k = m[0][0];
    let uniform = (0..3).all(|i| {
        (0..3).all(|j| {
            let want = if i == j { k } else { 0.0 };
            (m[i][j] - want).abs() <= 1e-7 * k.abs()
        })
    });
    (uniform && k > 0.0).then_some(k)
}

/// Table entries per octave of the stored value: 2^MANTISSA_BITS, the stored value's top
/// mantissa bits.
const MANTISSA_BITS: u32 = 6;
/// The stored values the table covers: 2^LOWEST_OCTAVE (code values below 1e-4 of a 10-bit
/// step for every encoding here) to 2^HIGHEST_OCTAVE (above 10 000 nits as light).
const LOWEST_OCTAVE: i32 = -30;
const HIGHEST_OCTAVE: i32 = 8;

/// A per-channel finish (code value of a stored value, white clamp excluded) sampled at
/// 2^[`MANTISSA_BITS`] entries per octave, read by the stored value's float bits: within an
/// entry the floats are evenly spaced, so the low mantissa bits are the fraction between two
/// entries. Smooth in log, the encodings follow such a table to well under 0.01 code values.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FinishTable {
    /// Stored values are held in [low, top] first: the table's bottom, and the white clamp in
    /// stored units (or the table's top).
    low: f32,
    top: f32,
    /// Index of the first entry in (float bits >> (23 − MANTISSA_BITS)) units.
    base: u32,
    /// The entries, the last repeated.
    values: Vec<f32>,
}

impl FinishTable {
    /// For the encodings that work channel by channel after a uniform scale.
    fn for_encoding(
        eotf: Eotf,
        power: f32,
        limit: Option<(f32, [[f32; 3]; 3])>,
    ) -> Option<FinishTable> {
        if matches!(eotf, Eotf::Hlg | Eotf::Linear) {
            return None;
        }
        let (white, k) = match limit {
            Some((white, m)) => (white as f64, uniform_scale(&m)? as f64),
            None => (f64::INFINITY, 1.0),
        };
        let power = power as f64;
        let low = (LOWEST_OCTAVE as f64).exp2();
        let high = (HIGHEST_OCTAVE as f64).exp2();
        let shift = 23 - MANTISSA_BITS;
        let base = ((127 + LOWEST_OCTAVE) as u32) << MANTISSA_BITS;
        let count = ((HIGHEST_OCTAVE - LOWEST_OCTAVE) as usize) << MANTISSA_BITS;
        let mut values: Vec<f32> = (0..=count)
            .map(|j| {
                let s = f32::from_bits((base + j as u32) << shift) as f64;
                let u = (k * s.powf(1.0 / power)) as f32;
                eotf.encode([u; 3])[0]
            })
            .collect();
        values.push(values[count]);
        Some(FinishTable {
            low: low as f32,
            top: white.powf(power).min(high) as f32,
            base,
            values,
        })
    }

    /// Code values of eight stored values.
    #[inline(always)]
    fn lookup8(&self, s: F8) -> F8 {
        // NaN and everything below the table read as its first entry (≈ the encoding of 0).
        let s = s.clamp_s(self.low, self.top.max(self.low));
        let last = self.values.len() - 2;
        let mut out = [0.0; 8];
        for (o, v) in out.iter_mut().zip(s.0) {
            let bits = v.to_bits();
            let j = (((bits >> (23 - MANTISSA_BITS)) - self.base) as usize).min(last);
            let f = (bits & ((1 << (23 - MANTISSA_BITS)) - 1)) as f32
                * (1.0 / (1u32 << (23 - MANTISSA_BITS)) as f32);
            let (a, b) = (self.values[j], self.values[j + 1]);
            *o = a + f * (b - a);
        }
        F8(out)
    }
}

/// The finish as a gain and a clamp, when the stored values are the code values up to them: a
/// pure 2.4 power (BT.1886) stored with its own power, and after the lookup nothing, or a white
/// limit and a uniform scale k·I (the limiting primaries are the encoding's): then
/// (k·min(max(s^2.4, 0), w))^(1/2.4) = min(max(s, 0)·k^(1/2.4), (k·w)^(1/2.4)), without a pow.
fn clamp_only(eotf: Eotf, power: f32, limit: Option<(f32, [[f32; 3]; 3])>) -> Option<(f32, f32)> {
    if eotf != Eotf::Bt1886 || power != 1.0 / 2.4 {
        return None;
    }
    let Some((white, m)) = limit else {
        return Some((1.0, f32::INFINITY));
    };
    uniform_scale(&m).map(|k| {
        let p = 1.0 / 2.4;
        (
            (k as f64).powf(p) as f32,
            ((k as f64) * (white as f64)).powf(p) as f32,
        )
    })
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
    let clamp_only = clamp_only(eotf, power, limit);
    let table = match clamp_only {
        Some(_) => None,
        None => FinishTable::for_encoding(eotf, power, limit),
    };
    Some((
        before.to_vec(),
        stage,
        Encoding {
            eotf,
            scale,
            power,
            limit,
            clamp_only,
            table,
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
        if let Some((gain, top)) = self.clamp_only {
            return [
                (s[0].max_s(0.0) * gain).min_s(top),
                (s[1].max_s(0.0) * gain).min_s(top),
                (s[2].max_s(0.0) * gain).min_s(top),
            ];
        }
        if let Some(t) = &self.table {
            return [t.lookup8(s[0]), t.lookup8(s[1]), t.lookup8(s[2])];
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
        let whole = n / 8 * 8;
        // Whole groups of eight by fixed-size copies (a variable-length copy is a memcpy call).
        for i in (0..whole).step_by(8) {
            let lanes = [
                F8(r[i..i + 8].try_into().unwrap_or([0.0; 8])),
                F8(g[i..i + 8].try_into().unwrap_or([0.0; 8])),
                F8(b[i..i + 8].try_into().unwrap_or([0.0; 8])),
            ];
            let out = self.finish8(lanes);
            r[i..i + 8].copy_from_slice(&out[0].0);
            g[i..i + 8].copy_from_slice(&out[1].0);
            b[i..i + 8].copy_from_slice(&out[2].0);
        }
        for i in whole..n {
            [r[i], g[i], b[i]] = self.finish_rgb([r[i], g[i], b[i]]);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The table against the encoding itself, from deep blacks to the white clamp.
    #[test]
    fn the_finish_table_follows_the_encoding() {
        let limit =
            |white: f32, k: f32| Some((white, [[k, 0.0, 0.0], [0.0, k, 0.0], [0.0, 0.0, k]]));
        for (eotf, power, white, k) in [
            (Eotf::St2084, 1.0, 10.0, 0.01),
            (Eotf::SrgbPiecewise, 1.0 / 2.4, 1.0, 1.0),
            (Eotf::Gamma26, 1.0 / 2.4, 0.48, 1.0),
        ] {
            let table = FinishTable::for_encoding(eotf, power, limit(white, k)).unwrap();
            let mut worst = 0f32;
            for i in 0..=4000 {
                // Stored values from 1e-9 to twice the white clamp, by ratios.
                let s = 1e-9f32 * (i as f32 * 0.01).exp2();
                let u = s.powf(1.0 / power).min(white) * k;
                let want = eotf.encode([u; 3])[0];
                let got = table.lookup8(F8::splat(s)).0[0];
                worst = worst.max((got - want).abs());
            }
            assert!(
                worst * 1023.0 < 0.01,
                "{eotf:?}: {} code values",
                worst * 1023.0
            );
            // Not finite, negative: the encoding of (nearly) 0, or of white.
            let zero = table.lookup8(F8::splat(-1.0)).0[0];
            assert!(zero.abs() < 1e-3, "{eotf:?}: {zero}");
            assert_eq!(table.lookup8(F8::splat(f32::NAN)).0[0], zero);
            let top = eotf.encode([white * k; 3])[0];
            let inf = table.lookup8(F8::splat(f32::INFINITY)).0[0];
            assert!((inf - top).abs() < 1e-5, "{eotf:?}: {inf} vs {top}");
        }
        // Not channel by channel: no table.
        let mixing = Some((1.0, [[0.9, 0.1, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]));
        assert!(FinishTable::for_encoding(Eotf::St2084, 1.0, mixing).is_none());
        assert!(FinishTable::for_encoding(Eotf::Hlg, 1.0, None).is_none());
    }

    #[test]
    fn a_bt1886_finish_with_a_uniform_scale_is_a_clamp() {
        let m = [[0.5, 0.0, 0.0], [0.0, 0.5, 0.0], [0.0, 0.0, 0.5]];
        let (gain, top) = clamp_only(Eotf::Bt1886, 1.0 / 2.4, Some((2.0, m))).unwrap();
        for s in [0.0f32, 0.3, 0.7, 1.0, 1.2, 1.5] {
            let want = Eotf::Bt1886.encode([0.5 * s.powf(2.4).min(2.0); 3])[0];
            let got = (s.max(0.0) * gain).min(top);
            assert!((got - want).abs() < 1e-6, "{s}: {got} vs {want}");
        }
        assert!(clamp_only(Eotf::St2084, 1.0 / 2.4, None).is_none());
        let mixing = [[0.9, 0.1, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        assert!(clamp_only(Eotf::Bt1886, 1.0 / 2.4, Some((1.0, mixing))).is_none());
    }
}
