//! The forward tonescale of the block path as a table: achromatic response A in, tone-mapped A_ts
//! and J_ts out, each a cubic in a segment of A. Built once per preset in f64 from the exact
//! curve; it replaces five powers and three divisions per pixel with one row load and two cubics.
//!
//! Segments are the f32 bit patterns of A with the low `23 − SEGMENT_BITS` mantissa bits dropped:
//! `2^SEGMENT_BITS` equal segments per octave (uniform in log over the octaves, where the curve is
//! a near power law at the dark end). The position inside a segment is the dropped bits as a
//! fraction, exact in f32. Each cubic interpolates the curve at four Chebyshev nodes of the part
//! of its segment that is used (A is limited at the nonlinearity's inverse limit, so the last
//! segment is fitted only up to it). Below the first segment the curve is far below anything a
//! display shows (tested), and the block path renders black.

use super::cam::{JMhParams, NL_INVERSE_LIMIT};
use super::tonescale::ToneScale;
use crate::simd::lanes::F8;

/// 2^5 segments per octave: the interpolation error is far below f32 rounding (tested).
const SEGMENT_BITS: u32 = 5;
const SHIFT: u32 = 23 - SEGMENT_BITS;
const FRACTION_MASK: u32 = (1 << SHIFT) - 1;
/// The darkest tabulated A·A_w (the nonlinearity's output), as a power of two.
const DARKEST_LOG2: i32 = -20;

/// The forward tonescale table of one preset.
#[derive(Clone, Debug)]
pub(super) struct ToneTable {
    /// Per segment: cubic coefficients (in the segment fraction t) of A_ts, then of J_ts.
    rows: Vec<[f32; 8]>,
    /// The segment number (bits >> SHIFT) of row 0.
    first_segment: i32,
    /// The tabulated range of A (the start of row 0, and the nonlinearity's limit).
    a_min: f32,
    a_max: f32,
}

impl ToneTable {
    pub(super) fn new(input: &JMhParams<f64>, tone: &ToneScale) -> ToneTable {
        let curve = tone.curve::<f64>();
        let a_w = input.a_w_j;
        let a_max = (NL_INVERSE_LIMIT / a_w) as f32;
        let a_min = 2f32.powi(DARKEST_LOG2 - a_w.log2().ceil() as i32);
        let first_segment = (a_min.to_bits() >> SHIFT) as i32;
        let last_segment = (a_max.to_bits() >> SHIFT) as i32;
        // The exact curve (as the scalar path, in f64): A_ts and J_ts of A.
        let exact = |a: f64| {
            let display = curve.forward(input.a_to_y(a));
            let j = input.y_to_j(display);
            ((j / 100.0).powf(input.inv_cz), j)
        };
        let rows = (first_segment..=last_segment)
            .map(|segment| {
                let start = f32::from_bits((segment as u32) << SHIFT) as f64;
                let end = f32::from_bits(((segment + 1) as u32) << SHIFT) as f64;
                let used = ((a_max as f64 - start) / (end - start)).min(1.0);
                let a_ts = fit_cubic(|t| exact(start + t * (end - start)).0, used);
                let j_ts = fit_cubic(|t| exact(start + t * (end - start)).1, used);
                let mut row = [0.0f32; 8];
                for k in 0..4 {
                    row[k] = a_ts[k] as f32;
                    row[4 + k] = j_ts[k] as f32;
                }
                row
            })
            .collect();
        ToneTable {
            rows,
            first_segment,
            a_min,
            a_max,
        }
    }

    /// The darkest A the table holds; darker pixels render black on the block path.
    #[inline(always)]
    pub(super) fn a_min(&self) -> f32 {
        self.a_min
    }

    /// (A_ts, J_ts) of the achromatic response `a` (A ≥ the limit gives the limit's values).
    #[inline(always)]
    pub(super) fn lookup(&self, a: F8) -> (F8, F8) {
        let a = a.clamp_s(self.a_min, self.a_max);
        let bits = a.to_bits();
        let row = bits.shift_right(SHIFT) + (-self.first_segment);
        let t = bits.and(FRACTION_MASK).to_f32() * (1.0 / (1u32 << SHIFT) as f32);
        let [a0, a1, a2, a3, j0, j1, j2, j3] =
            F8::gather_rows(&self.rows, row.clamp(0, self.rows.len() as i32 - 1));
        let a_ts = ((a3 * t + a2) * t + a1) * t + a0;
        let j_ts = ((j3 * t + j2) * t + j1) * t + j0;
        (a_ts, j_ts)
    }

    /// The same in f64 arithmetic from the stored rows (for the tests).
    #[cfg(test)]
    pub(super) fn lookup_scalar(&self, a: f32) -> (f64, f64) {
        let lanes = self.lookup(F8::splat(a));
        (lanes.0 .0[0] as f64, lanes.1 .0[0] as f64)
    }
}

/// Monomial coefficients (c0..c3 in t) of the cubic through `f` at the four Chebyshev nodes of
/// [0, end].
fn fit_cubic(f: impl Fn(f64) -> f64, end: f64) -> [f64; 4] {
    let nodes: [f64; 4] = std::array::from_fn(|k| {
        let angle = (2 * k + 1) as f64 * std::f64::consts::PI / 8.0;
        0.5 * end * (1.0 - angle.cos())
    });
    let values = nodes.map(&f);
    // Newton's divided differences, then expanded to monomials.
    let mut d = values;
    for level in 1..4 {
        for i in (level..4).rev() {
            d[i] = (d[i] - d[i - 1]) / (nodes[i] - nodes[i - level]);
        }
    }
    // p(t) = d0 + (t − x0)(d1 + (t − x1)(d2 + (t − x2) d3)), expanded from the inside out.
    let mut poly = [d[3], 0.0, 0.0, 0.0];
    for level in (0..3).rev() {
        // poly ← poly · (t − x_level) + d_level
        let x = nodes[level];
        let mut next = [0.0; 4];
        for k in 0..4 {
            if k + 1 < 4 {
                next[k + 1] += poly[k];
            }
            next[k] -= x * poly[k];
        }
        next[0] += d[level];
        poly = next;
    }
    poly
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aces::AP0;

    /// Against the exact f64 curve over the whole table, densely: relative error of A_ts and J_ts
    /// within f32 rounding (3e-7), and the darkest tabulated A renders below 1e-12 of white.
    #[test]
    fn table_follows_the_exact_curve() {
        let input = JMhParams::<f64>::new(&AP0);
        for peak in [100.0, 225.0, 500.0, 1000.0, 2000.0, 4000.0] {
            let tone = ToneScale::new(peak);
            let curve = tone.curve::<f64>();
            let table = ToneTable::new(&input, &tone);
            let (mut worst_a, mut worst_j) = (0.0f64, 0.0f64);
            let mut a = table.a_min;
            while a < table.a_max * 1.5 {
                let display = curve.forward(input.a_to_y(a as f64));
                let j = input.y_to_j(display);
                let a_ts = (j / 100.0).powf(input.inv_cz);
                let (got_a, got_j) = table.lookup_scalar(a);
                worst_a = worst_a.max((got_a / a_ts - 1.0).abs());
                worst_j = worst_j.max((got_j / j - 1.0).abs());
                a *= 1.000_37;
            }
            eprintln!(
                "tone table {peak}: A_ts {worst_a:.2e}, J_ts {worst_j:.2e} ({} rows)",
                table.rows.len()
            );
            assert!(
                worst_a <= 3e-7 && worst_j <= 3e-7,
                "{peak}: {worst_a} {worst_j}"
            );
            let darkest = curve.forward(input.a_to_y(table.a_min as f64)) / 100.0;
            assert!(darkest < 1e-12, "{peak}: {darkest}");
        }
    }
}
