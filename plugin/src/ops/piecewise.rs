//! A per-channel piecewise-linear curve through (x, y) knots at any spacing, held at its end
//! values outside them: CTL's `interpolate1D`, which the ACES looks defined by a table of pairs
//! use (no CLF node has knots at arbitrary inputs).
//!
//! The segment holding a value is found through an index over the bits of its float: for
//! non-negative floats the bit pattern grows with the value, so equal steps of bits are equal
//! fractions of an octave, which suits knots spread by stops. Each index bucket points at the
//! last knot at or below its start; a step or two along the knots finds the segment, with the
//! same result as CTL's binary search.

use super::OpError;

/// Most knots accepted (far above any published table).
pub const MAX_KNOTS: usize = 1 << 16;
/// Most index buckets: 32 KiB of indices.
const MAX_BUCKETS: usize = 1 << 14;

#[derive(Clone, Debug, PartialEq)]
pub struct Piecewise {
    x: Vec<f32>,
    y: Vec<f32>,
    /// Bits of `x[0]`, where bucket 0 starts.
    base: u32,
    /// Bits per bucket, as a shift.
    shift: u32,
    /// Per bucket, the last knot at or below the bucket's first value (below the last knot).
    start: Vec<u16>,
}

impl Piecewise {
    /// The curve through `(x[i], y[i])`: x finite, at least 0 and strictly increasing, y finite.
    pub fn new(x: Vec<f32>, y: Vec<f32>) -> Result<Piecewise, OpError> {
        let bad = |why: String| Err(OpError::InvalidLut(why));
        if x.len() != y.len() || x.len() < 2 || x.len() > MAX_KNOTS {
            return bad(format!(
                "a knot curve needs 2 to {MAX_KNOTS} (x, y) pairs, not {} x and {} y",
                x.len(),
                y.len()
            ));
        }
        if !x.iter().chain(&y).all(|v| v.is_finite()) {
            return bad("a knot curve's knots must be finite".into());
        }
        // +0.0 and up: the bit patterns then order as the values do.
        if x[0].is_sign_negative() || x.windows(2).any(|w| w[1] <= w[0]) {
            return bad("a knot curve's inputs must start at 0 or above and increase".into());
        }
        let base = x[0].to_bits();
        let span = x[x.len() - 1].to_bits() - base;
        let mut shift = 0;
        while (span >> shift) as usize >= MAX_BUCKETS {
            shift += 1;
        }
        let buckets = (span >> shift) as usize + 1;
        let last_segment = x.len() - 2;
        let mut knot = 0;
        let start = (0..buckets)
            .map(|b| {
                let first = f32::from_bits(base + ((b as u32) << shift));
                while knot < last_segment && x[knot + 1] <= first {
                    knot += 1;
                }
                knot as u16
            })
            .collect();
        Ok(Piecewise {
            x,
            y,
            base,
            shift,
            start,
        })
    }

    /// The curve with inputs and outputs swapped: its inverse where y increases throughout.
    pub fn inverse(&self) -> Result<Piecewise, OpError> {
        if self.y.windows(2).any(|w| w[1] <= w[0]) || self.y[0].is_sign_negative() {
            return Err(OpError::InvalidLut(
                "a knot curve whose outputs do not start at 0 or above and increase has no inverse"
                    .into(),
            ));
        }
        Piecewise::new(self.y.clone(), self.x.clone())
    }

    /// The curve at `p`, as CTL's `interpolate1D` gives it (NaN stays NaN).
    #[inline]
    pub fn value(&self, p: f32) -> f32 {
        let last = self.x.len() - 1;
        if p < self.x[0] {
            return self.y[0];
        }
        if p >= self.x[last] {
            return self.y[last];
        }
        if p.is_nan() {
            return p;
        }
        // x[0] <= p < x[last]: the bucket exists and its knot is at or below p (abs: -0.0
        // passes as +0.0).
        let bucket = ((p.abs().to_bits() - self.base) >> self.shift) as usize;
        let mut i = self.start[bucket] as usize;
        while self.x[i + 1] <= p {
            i += 1;
        }
        let t = (p - self.x[i]) / (self.x[i + 1] - self.x[i]);
        let s = 1.0 - t;
        s * self.y[i] + t * self.y[i + 1]
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        rgb.map(|v| self.value(v))
    }

    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for channel in [r, g, b] {
            for v in channel.iter_mut() {
                *v = self.value(*v);
            }
        }
    }

    /// The knots, (x, y).
    pub fn knots(&self) -> (&[f32], &[f32]) {
        (&self.x, &self.y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CTL's interpolate1D written plainly: a binary search, then the same blend.
    fn interpolate1d(x: &[f32], y: &[f32], p: f32) -> f32 {
        let n = x.len();
        if p < x[0] {
            return y[0];
        }
        if p >= x[n - 1] {
            return y[n - 1];
        }
        let (mut i, mut j) = (0, n);
        while i < j - 1 {
            let k = (i + j) / 2;
            if x[k] == p {
                return y[k];
            } else if x[k] < p {
                i = k;
            } else {
                j = k;
            }
        }
        let t = (p - x[i]) / (x[i + 1] - x[i]);
        (1.0 - t) * y[i] + t * y[i + 1]
    }

    fn stops_curve() -> Piecewise {
        // Knots by stops, rounded as a published table would be, and a curve through them.
        let x: Vec<f32> = (0..300)
            .map(|i| {
                let v = 0.18 * 2f64.powf(-7.0 + 14.0 * i as f64 / 299.0);
                ((v * 1e5).round() / 1e5) as f32
            })
            .collect();
        let y: Vec<f32> = x.iter().map(|v| v * v.sqrt() + 0.001).collect();
        Piecewise::new(x, y).unwrap()
    }

    /// The index finds the same segment as a binary search, at the knots, between them, outside
    /// them and at the bucket edges.
    #[test]
    fn the_index_gives_the_binary_search_result() {
        let curve = stops_curve();
        let (x, y) = (curve.x.clone(), curve.y.clone());
        let mut probes = vec![-1.0f32, 0.0, 1e-30, 100.0, f32::INFINITY, f32::NEG_INFINITY];
        for w in x.windows(2) {
            probes.extend([
                w[0],
                w[1],
                0.5 * (w[0] + w[1]),
                f32::from_bits(w[1].to_bits() - 1),
            ]);
        }
        for b in 0..curve.start.len() as u32 {
            let first = f32::from_bits(curve.base + (b << curve.shift));
            probes.extend([first, f32::from_bits(first.to_bits().saturating_sub(1))]);
        }
        for p in probes {
            let want = interpolate1d(&x, &y, p);
            assert_eq!(curve.value(p).to_bits(), want.to_bits(), "at {p}");
        }
        assert!(curve.value(f32::NAN).is_nan());
    }

    #[test]
    fn the_inverse_swaps_the_knots_and_round_trips() {
        let curve = stops_curve();
        let inverse = curve.inverse().unwrap();
        for i in 0..2000 {
            let p = 0.18 * 2f32.powf(-6.9 + 13.8 * i as f32 / 1999.0);
            let back = inverse.value(curve.value(p));
            assert!((back - p).abs() <= 2e-6 * p.max(1.0), "{p} -> {back}");
        }
    }

    #[test]
    fn bad_knots_are_refused() {
        let ok = vec![0.0f32, 1.0, 2.0];
        assert!(Piecewise::new(ok.clone(), vec![0.0, 1.0]).is_err());
        assert!(Piecewise::new(vec![0.0, 2.0, 1.0], ok.clone()).is_err());
        assert!(Piecewise::new(vec![-1.0, 1.0, 2.0], ok.clone()).is_err());
        assert!(Piecewise::new(ok.clone(), vec![0.0, f32::NAN, 1.0]).is_err());
        // Outputs that fall have no inverse.
        let falling = Piecewise::new(ok.clone(), vec![2.0, 1.0, 0.0]).unwrap();
        assert!(falling.inverse().is_err());
    }
}
