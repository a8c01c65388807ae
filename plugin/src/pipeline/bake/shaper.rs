//! The shaper: where an input channel value lies along the baked LUT's axes.
//!
//! Scene-linear input is spread by stops (a log2 curve with a linear toe, like ACEScct), so that
//! the cells are evenly spaced in perceived brightness; code values (camera log, ACEScct, display)
//! are already spread that way, so their shaper is a straight line.

use crate::ops::{FixedFunction, LogStyle, Op};
use crate::simd::log2_one;

/// What the first op of a pipeline reads, which decides the shaper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InputDomain {
    /// Scene-linear values (ACES2065-1, ACEScg…): from [`SCENE_MIN`] (just below 0) to
    /// [`SCENE_MAX`], by stops above 2^-7 and linearly below.
    SceneLinear,
    /// Code values (camera log, ACEScct, display code values), linearly from `low` to `high`.
    CodeValue { low: f32, high: f32 },
}

/// Where the log side of the scene-linear shaper would reach 0: ACEScct's log2 offset.
const SCENE_LOG_FLOOR: f64 = -9.72;
/// Below 2^-7 the scene-linear shaper is a straight line (ACEScct's break).
const SCENE_BREAK: f64 = 0.0078125;
/// The top of the scene-linear domain, in stops: 2^16 = 65536, above half float's largest value.
const SCENE_LOG_CEILING: f64 = 16.0;
/// The top of the scene-linear domain.
pub const SCENE_MAX: f64 = 65536.0;
/// The bottom of the scene-linear domain, where the toe meets 0 (about -0.0069, ACEScct's 0).
pub const SCENE_MIN: f64 = SCENE_BREAK * (1.0 - (-7.0 - SCENE_LOG_FLOOR) * std::f64::consts::LN_2);

impl InputDomain {
    /// Camera, ACEScct and display code values, with room for super-whites and sub-blacks.
    pub const CODE_VALUES: InputDomain = InputDomain::CodeValue {
        low: -0.1,
        high: 1.1,
    };

    /// ACEScc code values: from the encoding of 0 to OpenColorIO's ceiling.
    pub const ACESCC: InputDomain = InputDomain::CodeValue {
        low: -0.36,
        high: 1.5,
    };

    /// What the first op that is not linear reads: a decoding op (a log to linear, a LUT, an
    /// inverse output transform) reads code values, an encoding op (linear to log, a forward
    /// output transform) scene-linear values. Matrices, Ranges, CDLs and exponents say nothing
    /// and are looked past; a pipeline of only those reads scene-linear values.
    pub fn of_ops(ops: &[Op]) -> InputDomain {
        for op in ops {
            let domain = match op {
                Op::LogToLin(_) | Op::Lut1d(_) | Op::Lut3d(_) => InputDomain::CODE_VALUES,
                Op::LinToLog(_) => InputDomain::SceneLinear,
                Op::Log(log) => match log.style {
                    LogStyle::AntiLog2
                    | LogStyle::AntiLog10
                    | LogStyle::LogToLin
                    | LogStyle::CameraLogToLin => InputDomain::CODE_VALUES,
                    LogStyle::Log2
                    | LogStyle::Log10
                    | LogStyle::LinToLog
                    | LogStyle::CameraLinToLog => InputDomain::SceneLinear,
                },
                Op::Fixed(FixedFunction::AcesCcDecode) => InputDomain::ACESCC,
                Op::Fixed(FixedFunction::AcesCcEncode) => InputDomain::SceneLinear,
                Op::AcesOutput2(output) if output.inverse => InputDomain::CODE_VALUES,
                Op::AcesOutput2(_) => InputDomain::SceneLinear,
                // An inverse ODT or RRTODT reads code values; the inverse RRT reads OCES.
                Op::AcesOutput1(output)
                    if output.inverse && output.transform.encoding().is_some() =>
                {
                    InputDomain::CODE_VALUES
                }
                Op::AcesOutput1(_) => InputDomain::SceneLinear,
                Op::GamutCompress(_) => InputDomain::SceneLinear,
                Op::CameraCurve(curve) if curve.decode => InputDomain::CODE_VALUES,
                Op::CameraCurve(_) => InputDomain::SceneLinear,
                // The knot curves amfx builds (ACES looks) read scene-linear ACES.
                Op::Piecewise(_) => InputDomain::SceneLinear,
                Op::Matrix(_) | Op::Range(_) | Op::Cdl(_) | Op::Exponent(_) => continue,
            };
            return domain;
        }
        InputDomain::SceneLinear
    }

    /// The range of values the shaper covers; values outside are held at its edges.
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            InputDomain::SceneLinear => (SCENE_MIN, SCENE_MAX),
            InputDomain::CodeValue { low, high } => (low as f64, high as f64),
        }
    }

    /// Shaper position in [0, 1] of an input value (f64, for building and checking).
    pub fn to_unit(&self, x: f64) -> f64 {
        let t = match *self {
            InputDomain::SceneLinear => {
                let span = SCENE_LOG_CEILING - SCENE_LOG_FLOOR;
                if x >= SCENE_BREAK {
                    (x.log2() - SCENE_LOG_FLOOR) / span
                } else {
                    let at_break = (SCENE_BREAK.log2() - SCENE_LOG_FLOOR) / span;
                    let slope = 1.0 / (SCENE_BREAK * std::f64::consts::LN_2 * span);
                    at_break + slope * (x - SCENE_BREAK)
                }
            }
            InputDomain::CodeValue { low, high } => (x - low as f64) / (high as f64 - low as f64),
        };
        t.clamp(0.0, 1.0)
    }

    /// The input value at shaper position `t` in [0, 1]: where the LUT's nodes sit.
    pub fn from_unit(&self, t: f64) -> f64 {
        match *self {
            InputDomain::SceneLinear => {
                let span = SCENE_LOG_CEILING - SCENE_LOG_FLOOR;
                let at_break = (SCENE_BREAK.log2() - SCENE_LOG_FLOOR) / span;
                if t >= at_break {
                    (t * span + SCENE_LOG_FLOOR).exp2()
                } else {
                    let slope = 1.0 / (SCENE_BREAK * std::f64::consts::LN_2 * span);
                    SCENE_BREAK + (t - at_break) / slope
                }
            }
            InputDomain::CodeValue { low, high } => low as f64 + t * (high as f64 - low as f64),
        }
    }

    /// True for a straight (code value) domain with sensible bounds.
    pub(super) fn is_valid(&self) -> bool {
        match *self {
            InputDomain::SceneLinear => true,
            InputDomain::CodeValue { low, high } => {
                low.is_finite() && high.is_finite() && high > low
            }
        }
    }
}

impl std::fmt::Display for InputDomain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputDomain::SceneLinear => write!(f, "scene-linear {SCENE_MIN:.4}..{SCENE_MAX}"),
            InputDomain::CodeValue { low, high } => write!(f, "code values {low}..{high}"),
        }
    }
}

/// The shaper in f32, scaled to node units: position = shaper(x) · (N − 1), in [0, N − 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Shaper {
    log: bool,
    log_scale: f32,
    log_offset: f32,
    toe_scale: f32,
    toe_offset: f32,
    /// Values below take the toe (every value, for a straight shaper).
    toe_below: f32,
    /// N − 1: the highest position.
    pub last: f32,
}

impl Shaper {
    pub fn new(domain: &InputDomain, size: usize) -> Shaper {
        let last = (size - 1) as f64;
        match *domain {
            InputDomain::SceneLinear => {
                let span = SCENE_LOG_CEILING - SCENE_LOG_FLOOR;
                let at_break = (SCENE_BREAK.log2() - SCENE_LOG_FLOOR) / span;
                let slope = 1.0 / (SCENE_BREAK * std::f64::consts::LN_2 * span);
                Shaper {
                    log: true,
                    log_scale: (last / span) as f32,
                    log_offset: (-SCENE_LOG_FLOOR * last / span) as f32,
                    toe_scale: (slope * last) as f32,
                    toe_offset: ((at_break - slope * SCENE_BREAK) * last) as f32,
                    toe_below: SCENE_BREAK as f32,
                    last: last as f32,
                }
            }
            InputDomain::CodeValue { low, high } => {
                let scale = last / (high as f64 - low as f64);
                Shaper {
                    log: false,
                    log_scale: 0.0,
                    log_offset: 0.0,
                    toe_scale: scale as f32,
                    toe_offset: (-(low as f64) * scale) as f32,
                    toe_below: f32::INFINITY,
                    last: last as f32,
                }
            }
        }
    }

    #[inline(always)]
    pub fn position(&self, x: f32) -> f32 {
        if self.log {
            self.position_log(x)
        } else {
            self.position_linear(x)
        }
    }

    /// Positions of a run of values (`log` is fixed per shaper, so each loop is straight).
    #[inline(always)]
    pub fn positions(&self, values: &[f32], out: &mut [f32]) {
        if self.log {
            for (o, &x) in out.iter_mut().zip(values) {
                *o = self.position_log(x);
            }
        } else {
            for (o, &x) in out.iter_mut().zip(values) {
                *o = self.position_linear(x);
            }
        }
    }

    /// Position of one value, in [0, N − 1]; NaN reads as 0, values beyond the domain (±inf
    /// too) are held at its edges. Branch-free, so that loops over it vectorise.
    #[inline(always)]
    fn position_log(&self, x: f32) -> f32 {
        let x = if x.is_nan() { 0.0 } else { x };
        let toe = self.toe_scale.mul_add(x, self.toe_offset);
        let log = self.log_scale.mul_add(log2_one(x), self.log_offset);
        let p = if x < self.toe_below { toe } else { log };
        let p = if p > 0.0 { p } else { 0.0 };
        if p < self.last {
            p
        } else {
            self.last
        }
    }

    #[inline(always)]
    fn position_linear(&self, x: f32) -> f32 {
        let x = if x.is_nan() { 0.0 } else { x };
        let p = self.toe_scale.mul_add(x, self.toe_offset);
        let p = if p > 0.0 { p } else { 0.0 };
        if p < self.last {
            p
        } else {
            self.last
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scene_shaper_is_acescct_rescaled() {
        // 0.18 sits where ACEScct puts it, 0.4135884 of 17.52 units above -9.72 ... rescaled to
        // the 25.72 stops the domain spans.
        let d = InputDomain::SceneLinear;
        let t = d.to_unit(0.18);
        assert!((t - 0.413_588_4 * 17.52 / 25.72).abs() < 1e-6, "{t}");
        assert!((SCENE_MIN + 0.006_917).abs() < 1e-5, "{SCENE_MIN}");
        assert_eq!(d.to_unit(SCENE_MIN), 0.0);
        assert!((d.to_unit(SCENE_MAX) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn from_unit_inverts_to_unit() {
        for d in [InputDomain::SceneLinear, InputDomain::CODE_VALUES] {
            for k in 0..=100 {
                let t = k as f64 / 100.0;
                let back = d.to_unit(d.from_unit(t));
                assert!((back - t).abs() < 1e-12, "{d}: {t} -> {back}");
            }
        }
    }

    #[test]
    fn the_f32_shaper_follows_the_f64_definition() {
        for d in [InputDomain::SceneLinear, InputDomain::CODE_VALUES] {
            let s = Shaper::new(&d, 65);
            let (lo, hi) = d.bounds();
            for k in 0..=2000 {
                let t = k as f64 / 2000.0;
                let x = d.from_unit(t);
                let want = d.to_unit(x) * 64.0;
                let got = s.position(x as f32) as f64;
                let mut out = [0.0f32];
                s.positions(&[x as f32], &mut out);
                assert!((got - want).abs() < 2e-5, "{d}: {x} -> {got}, want {want}");
                assert_eq!(out[0], got as f32);
            }
            // Outside the domain: held at the edges; NaN reads as 0.
            assert_eq!(s.position(f32::INFINITY), 64.0);
            assert_eq!(s.position(f32::NEG_INFINITY), 0.0);
            assert_eq!(s.position((hi * 2.0) as f32), 64.0);
            assert_eq!(s.position((lo - 1.0) as f32), 0.0);
            assert_eq!(s.position(f32::NAN), s.position(0.0));
        }
    }
}
