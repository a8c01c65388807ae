//! Camera curves that are not a CLF camera log: Canon Log 2 and Log 3 (a log mirrored below
//! black, Log 3 with a straight middle), Apple Log (a square-law toe under a log) and ARRI LogC3 at
//! the exposure indexes whose highlights roll off into the top code values (a cubic before the log).
//!
//! Each is evaluated in its closed form, as the ACES reference CTL writes it; OpenColorIO samples
//! Canon's into a 4096-entry LUT1D over [0, 1] and Apple's at every half-float value, which agree
//! with the closed form to a few 1e-7 inside [0, 1] (outside, its Canon LUT holds the ends).

// The constants are written as published; f32 keeps what it can of them.
#![allow(clippy::excessive_precision)]

use super::super::ops::CameraLog;
use crate::simd::{exp2_one, log2_one};

const LOG2_10: f32 = std::f32::consts::LOG2_10;

/// Which curve.
#[derive(Clone, Debug, PartialEq)]
pub enum CurveShape {
    /// Canon Log 2 (scene-linear scaled by 0.9, as in Canon's transforms).
    CanonLog2,
    /// Canon Log 3 (scene-linear scaled by 0.9).
    CanonLog3,
    /// Apple Log (iPhone 15 Pro and later).
    AppleLog,
    /// ARRI LogC3 whose code values above 0.8 first pass through a cubic (ARRI's highlight
    /// roll-off for exposure indexes whose sensor clip would land above code 1).
    ArriLogC3Rolloff { log: CameraLog, rolloff: Rolloff },
}

/// A curve in one direction: `decode` is code value to scene-linear.
#[derive(Clone, Debug, PartialEq)]
pub struct CameraCurve {
    pub shape: CurveShape,
    pub decode: bool,
}

impl CameraCurve {
    pub fn decoding(shape: CurveShape) -> CameraCurve {
        CameraCurve {
            shape,
            decode: true,
        }
    }

    pub fn inverted(&self) -> CameraCurve {
        CameraCurve {
            shape: self.shape.clone(),
            decode: !self.decode,
        }
    }

    #[inline(always)]
    pub fn channel(&self, x: f32) -> f32 {
        // Code values far above any image overflow the exponential: held at the largest float,
        // as OpenColorIO's sampled curves hold them, so that a matrix after it cannot make NaN.
        self.unbounded(x).clamp(-f32::MAX, f32::MAX)
    }

    #[inline(always)]
    fn unbounded(&self, x: f32) -> f32 {
        match (&self.shape, self.decode) {
            (CurveShape::CanonLog2, true) => canon_log2_decode(x),
            (CurveShape::CanonLog2, false) => canon_log2_encode(x),
            (CurveShape::CanonLog3, true) => canon_log3_decode(x),
            (CurveShape::CanonLog3, false) => canon_log3_encode(x),
            (CurveShape::AppleLog, true) => apple_log_decode(x),
            (CurveShape::AppleLog, false) => apple_log_encode(x),
            (CurveShape::ArriLogC3Rolloff { log, rolloff }, true) => {
                log.log_to_lin(rolloff.apply(x))
            }
            (CurveShape::ArriLogC3Rolloff { log, rolloff }, false) => {
                unroll(log.lin_to_log(x) as f64, rolloff.clip) as f32
            }
        }
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        rgb.map(|v| self.channel(v))
    }

    /// The curve is chosen once per block, so each loop runs one closed form.
    #[inline(always)]
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        match (&self.shape, self.decode) {
            (CurveShape::CanonLog2, true) => map(r, g, b, canon_log2_decode),
            (CurveShape::CanonLog2, false) => map(r, g, b, canon_log2_encode),
            (CurveShape::CanonLog3, true) => map(r, g, b, canon_log3_decode),
            (CurveShape::CanonLog3, false) => map(r, g, b, canon_log3_encode),
            (CurveShape::AppleLog, true) => map(r, g, b, apple_log_decode),
            (CurveShape::AppleLog, false) => map(r, g, b, apple_log_encode),
            (CurveShape::ArriLogC3Rolloff { log, rolloff }, true) => {
                map(r, g, b, |x| log.log_to_lin(rolloff.apply(x)))
            }
            (CurveShape::ArriLogC3Rolloff { .. }, false) => map(r, g, b, |x| self.unbounded(x)),
        }
    }
}

#[inline(always)]
fn map(r: &mut [f32], g: &mut [f32], b: &mut [f32], curve: impl Fn(f32) -> f32) {
    for channel in [r, g, b] {
        for v in channel.iter_mut() {
            *v = curve(*v).clamp(-f32::MAX, f32::MAX);
        }
    }
}

// Canon Log 2: x = 0.24136077·log10(87.099375·lin + 1) + 0.092864125, mirrored about its black.
const CLOG2_BLACK: f32 = 0.092_864_125;
const CLOG2_SLOPE: f32 = 0.241_360_77;
const CLOG2_GAIN: f32 = 87.099_375;
const CANON_SCALE: f32 = 0.9;

#[inline(always)]
fn canon_log2_decode(x: f32) -> f32 {
    let d = x - CLOG2_BLACK;
    let magnitude = (exp2_one(d.abs() * (LOG2_10 / CLOG2_SLOPE)) - 1.0) / CLOG2_GAIN;
    CANON_SCALE * if d < 0.0 { -magnitude } else { magnitude }
}

#[inline(always)]
fn canon_log2_encode(lin: f32) -> f32 {
    let lin = lin / CANON_SCALE;
    let magnitude = CLOG2_SLOPE / LOG2_10 * log2_one(CLOG2_GAIN * lin.abs() + 1.0);
    if lin < 0.0 {
        CLOG2_BLACK - magnitude
    } else {
        CLOG2_BLACK + magnitude
    }
}

// Canon Log 3: two logs joined by a straight line through black.
const CLOG3_SLOPE: f32 = 0.367_268_45;
const CLOG3_GAIN: f32 = 14.983_25;
const CLOG3_LOW_OFFSET: f32 = 0.127_839_01;
const CLOG3_HIGH_OFFSET: f32 = 0.122_405_37;
const CLOG3_LINE_SLOPE: f32 = 1.975_479_8;
const CLOG3_LINE_OFFSET: f32 = 0.125_122_19;
const CLOG3_LOW_BREAK: f32 = 0.097_465_473;
const CLOG3_HIGH_BREAK: f32 = 0.152_778_91;
const CLOG3_LIN_BREAK: f32 = 0.014;

#[inline(always)]
fn canon_log3_decode(x: f32) -> f32 {
    let lin = if x < CLOG3_LOW_BREAK {
        -(exp2_one((CLOG3_LOW_OFFSET - x) * (LOG2_10 / CLOG3_SLOPE)) - 1.0) / CLOG3_GAIN
    } else if x <= CLOG3_HIGH_BREAK {
        (x - CLOG3_LINE_OFFSET) / CLOG3_LINE_SLOPE
    } else {
        (exp2_one((x - CLOG3_HIGH_OFFSET) * (LOG2_10 / CLOG3_SLOPE)) - 1.0) / CLOG3_GAIN
    };
    CANON_SCALE * lin
}

#[inline(always)]
fn canon_log3_encode(lin: f32) -> f32 {
    let lin = lin / CANON_SCALE;
    if lin < -CLOG3_LIN_BREAK {
        CLOG3_LOW_OFFSET - CLOG3_SLOPE / LOG2_10 * log2_one(1.0 - CLOG3_GAIN * lin)
    } else if lin <= CLOG3_LIN_BREAK {
        CLOG3_LINE_SLOPE * lin + CLOG3_LINE_OFFSET
    } else {
        CLOG3_HIGH_OFFSET + CLOG3_SLOPE / LOG2_10 * log2_one(CLOG3_GAIN * lin + 1.0)
    }
}

// Apple Log: x = γ·log2(lin + β) + δ above lin = Rt, c·(lin − R0)² down to R0, 0 below.
const APPLE_R0: f32 = -0.056_410_88;
const APPLE_RT: f32 = 0.01;
const APPLE_C: f32 = 47.287_112_36;
const APPLE_BETA: f32 = 0.009_640_52;
const APPLE_GAMMA: f32 = 0.085_504_79;
const APPLE_DELTA: f32 = 0.693_369_45;

/// The code value at lin = Rt, where the toe meets the log: c·(Rt − R0)².
const APPLE_CODE_BREAK: f32 = {
    let d = APPLE_RT as f64 - APPLE_R0 as f64;
    (APPLE_C as f64 * d * d) as f32
};

#[inline(always)]
fn apple_log_decode(x: f32) -> f32 {
    if x >= APPLE_CODE_BREAK {
        exp2_one((x - APPLE_DELTA) / APPLE_GAMMA) - APPLE_BETA
    } else if x >= 0.0 {
        (x / APPLE_C).sqrt() + APPLE_R0
    } else {
        APPLE_R0
    }
}

#[inline(always)]
fn apple_log_encode(lin: f32) -> f32 {
    if lin >= APPLE_RT {
        APPLE_GAMMA * log2_one(lin + APPLE_BETA) + APPLE_DELTA
    } else if lin >= APPLE_R0 {
        let d = lin - APPLE_R0;
        APPLE_C * d * d
    } else {
        0.0
    }
}

// ARRI's roll-off: above code 0.8, a cubic Hermite from (0.8, slope 1) to (1, clip) whose end
// slope is ((clip − 0.8)/0.2)², evaluated before the log.
const ROLLOFF_START: f64 = 0.8;
const ROLLOFF_SPAN: f64 = 0.2;

/// The roll-off as evaluated on pixels: the same cubic as a polynomial in
/// s = (t − 0.8)/0.2, in f32 (1e-7 of a code value).
#[derive(Clone, Debug, PartialEq)]
pub struct Rolloff {
    /// The code value the sensor clip would have without the roll-off.
    pub clip: f64,
    poly: [f32; 4],
}

impl Rolloff {
    pub fn new(clip: f64) -> Rolloff {
        // Hermite from (0, 0.8) with tangent 0.2 to (1, clip) with tangent 0.2·end_slope.
        let (p0, p1) = (ROLLOFF_START, clip);
        let m0 = ROLLOFF_SPAN;
        let m1 = ROLLOFF_SPAN * ((clip - ROLLOFF_START) / ROLLOFF_SPAN).powi(2);
        let poly = [
            p0,
            m0,
            -3.0 * p0 + 3.0 * p1 - 2.0 * m0 - m1,
            2.0 * p0 - 2.0 * p1 + m0 + m1,
        ];
        Rolloff {
            clip,
            poly: poly.map(|c| c as f32),
        }
    }

    #[inline(always)]
    fn apply(&self, t: f32) -> f32 {
        let s = (t - ROLLOFF_START as f32) * (1.0 / ROLLOFF_SPAN as f32);
        let [a0, a1, a2, a3] = self.poly;
        let cubic = s.mul_add(s.mul_add(s.mul_add(a3, a2), a1), a0);
        if t > ROLLOFF_START as f32 {
            cubic
        } else {
            t
        }
    }
}

fn rolloff(t: f64, clip: f64) -> f64 {
    if t.is_nan() || t <= ROLLOFF_START {
        return t;
    }
    let s = (t - ROLLOFF_START) / ROLLOFF_SPAN;
    let s2 = 1.0 - s;
    let end_slope = ((clip - ROLLOFF_START) / ROLLOFF_SPAN).powi(2);
    (1.0 + 2.0 * s) * s2 * s2 * ROLLOFF_START
        + (3.0 - 2.0 * s) * s * s * clip
        + ROLLOFF_SPAN * s * s2 * s2
        - ROLLOFF_SPAN * s * s * s2 * end_slope
}

/// The code value whose roll-off is `y`: Newton's method on the cubic (increasing where images
/// live), bounded so that a runaway step cannot leave the curve's useful span.
fn unroll(y: f64, clip: f64) -> f64 {
    if y.is_nan() || y <= ROLLOFF_START {
        return y;
    }
    let mut t = ROLLOFF_START + (y - ROLLOFF_START) * ROLLOFF_SPAN / (clip - ROLLOFF_START);
    for _ in 0..32 {
        let h = 1e-7;
        let f = rolloff(t, clip) - y;
        let slope = (rolloff(t + h, clip) - rolloff(t - h, clip)) / (2.0 * h);
        if slope.is_nan() || slope <= 0.0 {
            break;
        }
        let next = (t - f / slope).clamp(ROLLOFF_START, 4.0);
        if (next - t).abs() < 1e-12 {
            return next;
        }
        t = next;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(shape: CurveShape, codes: &[f32], tolerance: f32) {
        let decode = CameraCurve::decoding(shape);
        let encode = decode.inverted();
        for &x in codes {
            let back = encode.channel(decode.channel(x));
            assert!(
                (back - x).abs() <= tolerance,
                "{:?}: {x} -> {back}",
                decode.shape
            );
        }
    }

    #[test]
    fn curves_round_trip_over_their_code_values() {
        let codes = [
            -0.05f32, 0.0, 0.05, 0.0929, 0.1, 0.125, 0.15, 0.2, 0.4, 0.6, 0.8, 1.0,
        ];
        round_trip(CurveShape::CanonLog2, &codes, 2e-6);
        round_trip(CurveShape::CanonLog3, &codes, 2e-6);
        round_trip(CurveShape::AppleLog, &codes[1..], 2e-6);
    }

    #[test]
    fn the_rolloff_starts_smoothly_and_ends_at_the_clip() {
        let clip = 1.05;
        assert_eq!(rolloff(0.8, clip), 0.8);
        assert!((rolloff(1.0, clip) - clip).abs() < 1e-12);
        let slope = (rolloff(0.8 + 1e-6, clip) - 0.8) / 1e-6;
        assert!((slope - 1.0).abs() < 1e-4, "{slope}");
        for t in [0.81, 0.9, 0.99, 1.0, 1.02] {
            assert!((unroll(rolloff(t, clip), clip) - t).abs() < 1e-9, "{t}");
        }
        let pixels = Rolloff::new(clip);
        for t in [0.5f32, 0.8, 0.81, 0.9, 0.99, 1.0, 1.02] {
            let exact = rolloff(t as f64, clip);
            assert!((pixels.apply(t) as f64 - exact).abs() < 3e-7, "{t}");
        }
    }
}
