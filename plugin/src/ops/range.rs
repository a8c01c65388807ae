//! CLF Range: an affine map of [minIn, maxIn] onto [minOut, maxOut], clamped unless `noClamp`.
//! Values are normalized (the reader has already divided by the bit-depth scales).

use super::OpError;

/// One CLF Range node in normalized units. A missing bound does not clamp on that side.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    pub min_in: Option<f64>,
    pub max_in: Option<f64>,
    pub min_out: Option<f64>,
    pub max_out: Option<f64>,
    /// `Clamp` (true, the default) or `noClamp` (false, which requires both pairs).
    pub clamp: bool,
    // Derived in f32 for the pixel path.
    scale: f32,
    offset: f32,
    low: f32,
    high: f32,
}

impl Range {
    /// Builds and checks a range: each side needs both its in and out value, at least one side
    /// must be present, `noClamp` needs both, a one-sided range cannot rescale (in == out), and
    /// with both sides maxIn > minIn, maxOut >= minOut.
    pub fn new(
        min_in: Option<f64>,
        max_in: Option<f64>,
        min_out: Option<f64>,
        max_out: Option<f64>,
        clamp: bool,
    ) -> Result<Range, OpError> {
        let bad = |why: String| Err(OpError::InvalidRange(why));
        if min_in.is_some() != min_out.is_some() {
            return bad("minInValue and minOutValue must be given together".into());
        }
        if max_in.is_some() != max_out.is_some() {
            return bad("maxInValue and maxOutValue must be given together".into());
        }
        let all = [min_in, max_in, min_out, max_out];
        if all.iter().flatten().any(|v| !v.is_finite()) {
            return bad("every value must be a finite number".into());
        }
        let (scale, offset) = match (min_in, max_in, min_out, max_out) {
            (None, None, _, _) => return bad("a Range needs a min or a max pair".into()),
            (Some(lo_in), Some(hi_in), Some(lo_out), Some(hi_out)) => {
                if hi_in <= lo_in {
                    return bad(format!(
                        "maxInValue {hi_in} must be above minInValue {lo_in}"
                    ));
                }
                if hi_out < lo_out {
                    return bad(format!(
                        "maxOutValue {hi_out} must not be below minOutValue {lo_out}"
                    ));
                }
                let scale = (hi_out - lo_out) / (hi_in - lo_in);
                (scale, lo_out - lo_in * scale)
            }
            (lo_in, hi_in, lo_out, hi_out) => {
                if !clamp {
                    return bad("style noClamp needs both the min and the max pair".into());
                }
                for (side, i, o) in [("min", lo_in, lo_out), ("max", hi_in, hi_out)] {
                    if let (Some(i), Some(o)) = (i, o) {
                        if !close(i, o) {
                            return bad(format!(
                                "a one-sided range cannot rescale: {side}InValue {i} and {side}OutValue {o} differ once normalized"
                            ));
                        }
                    }
                }
                (1.0, 0.0)
            }
        };
        Ok(Range {
            min_in,
            max_in,
            min_out,
            max_out,
            clamp,
            scale: scale as f32,
            offset: offset as f32,
            low: min_out.map_or(f32::NEG_INFINITY, |v| v as f32),
            high: max_out.map_or(f32::INFINITY, |v| v as f32),
        })
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        rgb.map(|v| self.eval_channel(v))
    }

    fn eval_channel(&self, v: f32) -> f32 {
        let v = self.scale.mul_add(v, self.offset);
        if self.clamp {
            // Written with comparisons so that NaN passes through (amfx lets NaN propagate).
            if v < self.low {
                self.low
            } else if v > self.high {
                self.high
            } else {
                v
            }
        } else {
            v
        }
    }

    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for channel in [r, g, b] {
            for v in channel.iter_mut() {
                *v = self.eval_channel(*v);
            }
        }
    }

    /// The inverse maps the out range back onto the in range. A clamped range loses what lies
    /// outside, so its inverse clamps to the out range first, then rescales.
    pub fn inverse(&self) -> Result<Range, OpError> {
        Range::new(
            self.min_out,
            self.max_out,
            self.min_in,
            self.max_in,
            self.clamp,
        )
    }

    /// The pixel path's numbers: (scale, offset, low, high) in f32, the bounds ±inf where a
    /// side does not clamp, and whether it clamps at all.
    pub(crate) fn pixel_terms(&self) -> (f32, f32, f32, f32, bool) {
        (self.scale, self.offset, self.low, self.high, self.clamp)
    }

    pub fn is_identity(&self) -> bool {
        !self.clamp && self.scale == 1.0 && self.offset == 0.0
    }
}

/// Normalized one-sided values come from different integer scales: compare to float precision.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_pairs_rescale_and_clamp() {
        let r = Range::new(Some(0.1), Some(0.9), Some(0.0), Some(1.0), true).unwrap();
        let [a, b, c] = r.eval([0.5, -1.0, 2.0]);
        assert!((a - 0.5).abs() < 1e-7);
        assert_eq!([b, c], [0.0, 1.0]);
        let free = Range::new(Some(0.1), Some(0.9), Some(0.0), Some(1.0), false).unwrap();
        assert!((free.eval([2.0; 3])[0] - 2.375).abs() < 1e-6);
    }

    #[test]
    fn one_side_only_clamps_that_side() {
        let r = Range::new(Some(0.1), None, Some(0.1), None, true).unwrap();
        assert_eq!(r.eval([-1.0, 0.5, 100.0]), [0.1, 0.5, 100.0]);
    }

    #[test]
    fn illegal_ranges_are_refused() {
        assert!(Range::new(Some(0.1), None, Some(0.2), None, true).is_err());
        assert!(Range::new(Some(0.1), None, Some(0.1), None, false).is_err());
        assert!(Range::new(Some(0.5), Some(0.5), Some(0.0), Some(1.0), true).is_err());
        assert!(Range::new(Some(0.5), None, None, None, true).is_err());
        assert!(Range::new(None, None, None, None, true).is_err());
    }

    #[test]
    fn inverse_undoes_an_unclamped_range() {
        let r = Range::new(Some(0.1), Some(0.9), Some(-0.5), Some(2.0), false).unwrap();
        let back = r.inverse().unwrap().eval(r.eval([0.3, 1.5, -0.2]));
        for (b, want) in back.iter().zip([0.3, 1.5, -0.2]) {
            assert!((b - want).abs() < 1e-6);
        }
    }
}
