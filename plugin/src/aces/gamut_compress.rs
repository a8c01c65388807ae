//! The ACES 1.3 Reference Gamut Compression (LMT.Academy.ReferenceGamutCompress, carried on as
//! ACES 2.0's Look.Academy.ReferenceGamutCompress) and its inverse.
//!
//! In linear AP1 each channel's distance from the achromatic axis (the pixel's largest channel) is
//! `(ach − c) / |ach|`; distances past a per-channel threshold are squeezed by a power curve so that
//! the distance limit lands on the AP1 boundary (distance 1). The op here works on AP1 values; the
//! registry wraps it in the AP0 ↔ AP1 matrices, as the CTL and OpenColorIO's built-in
//! (`ACES-LMT - ACES 1.3 Reference Gamut Compression`, whose f32 arithmetic this follows, with
//! amfx's vectorised pow: 3e-7 relative) do.

use super::primaries::{rgb_to_rgb, AP0, AP1};
use crate::ops::{Matrix, Op};
use crate::simd::pow_one;

/// How far beyond the AP1 boundary each channel is compressed from (cyan, magenta, yellow).
const LIMIT: [f64; 3] = [1.147, 1.264, 1.312];
/// The distance at which compression starts, per channel.
const THRESHOLD: [f64; 3] = [0.815, 0.803, 0.880];
/// The curve's power.
const POWER: f64 = 1.2;

/// The compression (or its inverse) on linear AP1 pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct GamutCompress {
    pub inverse: bool,
    threshold: [f32; 3],
    /// Chosen so that the limit distance compresses to exactly 1.
    scale: [f32; 3],
    power: f32,
}

impl GamutCompress {
    /// The ACES 1.3 reference parameters.
    pub fn reference(inverse: bool) -> GamutCompress {
        GamutCompress::new(LIMIT, THRESHOLD, POWER, inverse)
    }

    pub fn new(limit: [f64; 3], threshold: [f64; 3], power: f64, inverse: bool) -> GamutCompress {
        // In f32, like OpenColorIO, so that the two agree to the last bit where it matters.
        let power32 = power as f32;
        let scale = std::array::from_fn(|c| {
            let (lim, thr) = (limit[c] as f32, threshold[c] as f32);
            (lim - thr) / (((1.0 - thr) / (lim - thr)).powf(-power32) - 1.0).powf(1.0 / power32)
        });
        GamutCompress {
            inverse,
            threshold: threshold.map(|t| t as f32),
            scale,
            power: power32,
        }
    }

    /// The pixel path's numbers: per-channel threshold and scale, and the power, in f32.
    pub(crate) fn pixel_terms(&self) -> ([f32; 3], [f32; 3], f32) {
        (self.threshold, self.scale, self.power)
    }

    pub fn inverted(&self) -> GamutCompress {
        GamutCompress {
            inverse: !self.inverse,
            ..self.clone()
        }
    }

    /// The compressed (`INVERSE` false) or uncompressed distance of a distance at or past the
    /// threshold, with the vectorisable pow so that blocks of pixels run in SIMD lanes.
    #[inline(always)]
    fn distance<const INVERSE: bool>(&self, c: usize, dist: f32) -> f32 {
        let (thr, scale, power) = (self.threshold[c], self.scale[c], self.power);
        let nd = (dist - thr) / scale;
        let p = pow_one(nd, power);
        if !INVERSE {
            return thr + scale * nd / pow_one(1.0 + p, 1.0 / power);
        }
        let uncompressed = thr + scale * pow_one(-(p / (p - 1.0)), 1.0 / power);
        // Past the curve's asymptote there is no way back: leave it.
        if dist >= thr + scale {
            dist
        } else {
            uncompressed
        }
    }

    #[inline(always)]
    fn channel<const INVERSE: bool>(&self, c: usize, value: f32, ach: f32) -> f32 {
        let dist = (ach - value) / ach.abs();
        let moved = ach - self.distance::<INVERSE>(c, dist) * ach.abs();
        // NaN goes on through the curve (the comparisons are false), as in OpenColorIO.
        let out = if dist < self.threshold[c] {
            value
        } else {
            moved
        };
        if ach == 0.0 {
            0.0
        } else {
            out
        }
    }

    #[inline(always)]
    fn pixel<const INVERSE: bool>(&self, [r, g, b]: [f32; 3]) -> [f32; 3] {
        let ach = max(r, max(g, b));
        [
            self.channel::<INVERSE>(0, r, ach),
            self.channel::<INVERSE>(1, g, ach),
            self.channel::<INVERSE>(2, b, ach),
        ]
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        if self.inverse {
            self.pixel::<true>(rgb)
        } else {
            self.pixel::<false>(rgb)
        }
    }

    /// The direction is chosen once per block, so each loop runs one curve.
    #[inline(always)]
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        if self.inverse {
            self.apply_in::<true>(r, g, b)
        } else {
            self.apply_in::<false>(r, g, b)
        }
    }

    #[inline(always)]
    fn apply_in<const INVERSE: bool>(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
            [*r, *g, *b] = self.pixel::<INVERSE>([*r, *g, *b]);
        }
    }
}

/// `std::max` as C++ has it (the first argument unless the second is larger), so that NaN
/// pixels pick the same achromatic value as in OpenColorIO.
#[inline(always)]
fn max(a: f32, b: f32) -> f32 {
    if a < b {
        b
    } else {
        a
    }
}

/// ACES2065-1 in and out: to AP1, the compression (or its inverse), back to AP0.
pub fn reference_gamut_compress(inverse: bool) -> Vec<Op> {
    vec![
        Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1))),
        Op::GamutCompress(GamutCompress::reference(inverse)),
        Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP1, &AP0))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_lands_on_the_gamut_boundary() {
        let op = GamutCompress::reference(false);
        for (c, limit) in LIMIT.iter().enumerate() {
            let at_limit = op.distance::<false>(c, *limit as f32);
            assert!((at_limit - 1.0).abs() < 1e-5, "channel {c}: {at_limit}");
        }
    }

    #[test]
    fn values_inside_the_threshold_are_untouched() {
        let op = GamutCompress::reference(false);
        let rgb = [0.5f32, 0.45, 0.4];
        assert_eq!(op.eval(rgb), rgb);
        assert_eq!(op.eval([0.0, 0.0, 0.0]), [0.0, 0.0, 0.0]);
    }

    #[test]
    fn a_negative_channel_is_pulled_in_and_comes_back() {
        let op = GamutCompress::reference(false);
        let rgb = [0.8f32, 0.1, -0.2];
        let squeezed = op.eval(rgb);
        // Distance 1.25 from the achromatic axis, inside the blue limit (1.312): it lands in AP1.
        assert!(squeezed[2] > 0.0 && squeezed[2] < 0.01, "{squeezed:?}");
        assert_eq!(squeezed[0], rgb[0]);
        let back = op.inverted().eval(squeezed);
        for c in 0..3 {
            assert!((back[c] - rgb[c]).abs() < 1e-5, "{back:?}");
        }
    }

    #[test]
    fn nan_stays_nan() {
        let out = GamutCompress::reference(false).eval([f32::NAN, 0.2, 0.1]);
        assert!(out[0].is_nan());
    }
}
