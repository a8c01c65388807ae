//! CLF Exponent: basic, mirrored and pass-through powers, and the monitor curve (a power with a
//! linear toe: sRGB, Rec.709, L*), forward and reverse, with per-channel parameters.

use super::OpError;
use crate::simd::pow_one;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExponentStyle {
    /// `max(0, x)^g`
    Basic,
    /// `sign(x)·|x|^g`
    BasicMirror,
    /// `x^g` for x ≥ 0, x unchanged below.
    BasicPassThru,
    /// `((x + k)/(1 + k))^g` above the break, a straight line below.
    MonCurve,
    /// The monitor curve mirrored for negative values.
    MonCurveMirror,
}

impl ExponentStyle {
    pub fn has_offset(self) -> bool {
        matches!(
            self,
            ExponentStyle::MonCurve | ExponentStyle::MonCurveMirror
        )
    }
}

/// One channel's parameters: the exponent g and (monitor curves only) the offset k.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExponentParams {
    pub exponent: f64,
    pub offset: f64,
}

impl ExponentParams {
    pub const IDENTITY: ExponentParams = ExponentParams {
        exponent: 1.0,
        offset: 0.0,
    };
}

/// Derived per-channel constants for the f32 pixel path.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Channel {
    power: f32,
    // Monitor curve, forward: x ≥ break → (x·scale + shift)^power, else x·slope.
    scale: f32,
    shift: f32,
    slope: f32,
    brk: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Exponent {
    pub style: ExponentStyle,
    pub params: [ExponentParams; 3],
    /// The `...Rev` styles: the inverse curve.
    pub reverse: bool,
    channels: [Channel; 3],
}

impl Exponent {
    /// Checks the values CLF allows: a finite exponent > 0 (monitor curves: g in [1, 10],
    /// k in [0, 0.9]).
    pub fn new(
        style: ExponentStyle,
        params: [ExponentParams; 3],
        reverse: bool,
    ) -> Result<Exponent, OpError> {
        for p in &params {
            let bad = |why: String| Err(OpError::InvalidExponent(why));
            if !p.exponent.is_finite() || !p.offset.is_finite() {
                return bad("exponent and offset must be finite numbers".into());
            }
            if style.has_offset() {
                if !(1.0..=10.0).contains(&p.exponent) {
                    return bad(format!(
                        "a monCurve exponent must be in [1, 10], not {}",
                        p.exponent
                    ));
                }
                if !(0.0..=0.9).contains(&p.offset) {
                    return bad(format!(
                        "a monCurve offset must be in [0, 0.9], not {}",
                        p.offset
                    ));
                }
            } else if p.exponent <= 0.0 {
                return bad(format!("the exponent must be above 0, not {}", p.exponent));
            }
        }
        let channels = params.map(|p| derive(style, p, reverse));
        Ok(Exponent {
            style,
            params,
            reverse,
            channels,
        })
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        std::array::from_fn(|i| self.eval_channel(i, rgb[i]))
    }

    #[inline(always)]
    fn eval_channel(&self, i: usize, x: f32) -> f32 {
        let c = &self.channels[i];
        match self.style {
            ExponentStyle::Basic => pow_one(x.max(0.0), c.power),
            ExponentStyle::BasicMirror => pow_one(x.abs(), c.power).copysign(x),
            ExponentStyle::BasicPassThru => {
                if x >= 0.0 {
                    pow_one(x, c.power)
                } else {
                    x
                }
            }
            ExponentStyle::MonCurve => self.mon_curve(c, x),
            ExponentStyle::MonCurveMirror => {
                if x >= 0.0 {
                    self.mon_curve(c, x)
                } else {
                    -self.mon_curve(c, -x)
                }
            }
        }
    }

    #[inline(always)]
    fn mon_curve(&self, c: &Channel, x: f32) -> f32 {
        if self.reverse {
            if x >= c.brk {
                c.scale * pow_one(x, c.power) + c.shift
            } else {
                x * c.slope
            }
        } else if x >= c.brk {
            pow_one(c.scale.mul_add(x, c.shift), c.power)
        } else {
            x * c.slope
        }
    }

    #[inline(always)]
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for (i, channel) in [r, g, b].into_iter().enumerate() {
            for v in channel {
                *v = self.eval_channel(i, *v);
            }
        }
    }

    pub fn inverse(&self) -> Result<Exponent, OpError> {
        Exponent::new(self.style, self.params, !self.reverse)
    }

    pub fn is_identity(&self) -> bool {
        // Basic clamps negatives, so it is never a no-op; the others are at g = 1, k = 0.
        self.style != ExponentStyle::Basic
            && self.params.iter().all(|p| *p == ExponentParams::IDENTITY)
    }
}

fn derive(style: ExponentStyle, p: ExponentParams, reverse: bool) -> Channel {
    let (g, k) = (p.exponent, p.offset);
    if !style.has_offset() {
        let power = if reverse { 1.0 / g } else { g };
        return Channel {
            power: power as f32,
            scale: 1.0,
            shift: 0.0,
            slope: 1.0,
            brk: 0.0,
        };
    }
    if g == 1.0 || k == 0.0 {
        // No toe: the break and slope formulas divide by zero; the curve is the pure power
        // (g = 1 with k > 0 is the straight line (x + k)/(1 + k), which has no toe either).
        let power = if reverse { 1.0 / g } else { g };
        let (scale, shift) = if reverse {
            (1.0 + k, -k)
        } else {
            (1.0 / (1.0 + k), k / (1.0 + k))
        };
        return Channel {
            power: power as f32,
            scale: scale as f32,
            shift: shift as f32,
            slope: 1.0,
            brk: f32::NEG_INFINITY,
        };
    }
    let x_break = k / (g - 1.0);
    let y_break = ((k * g) / ((g - 1.0) * (1.0 + k))).powf(g);
    let slope = y_break / x_break;
    if reverse {
        Channel {
            power: (1.0 / g) as f32,
            scale: (1.0 + k) as f32,
            shift: (-k) as f32,
            slope: (1.0 / slope) as f32,
            brk: y_break as f32,
        }
    } else {
        Channel {
            power: g as f32,
            scale: (1.0 / (1.0 + k)) as f32,
            shift: (k / (1.0 + k)) as f32,
            slope: slope as f32,
            brk: x_break as f32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(p: ExponentParams) -> [ExponentParams; 3] {
        [p; 3]
    }

    #[test]
    fn srgb_monitor_curve_meets_its_published_values() {
        let srgb = Exponent::new(
            ExponentStyle::MonCurve,
            same(ExponentParams {
                exponent: 2.4,
                offset: 0.055,
            }),
            false,
        )
        .unwrap();
        // sRGB EOTF: 0.5 → ((0.5 + 0.055)/1.055)^2.4; below 0.04045 → x/12.92.
        let want = ((0.5f64 + 0.055) / 1.055).powf(2.4) as f32;
        assert!((srgb.eval([0.5; 3])[0] - want).abs() < 1e-7);
        assert!((srgb.eval([0.02; 3])[0] - 0.02 / 12.92).abs() < 1e-6);
        let inv = srgb.inverse().unwrap();
        for x in [-0.1f32, 0.001, 0.03, 0.2, 0.9, 2.0] {
            let back = inv.eval(srgb.eval([x; 3]))[0];
            assert!((back - x).abs() < 2e-6 * x.abs().max(1.0), "{x} → {back}");
        }
    }

    #[test]
    fn basic_styles_treat_negatives_differently() {
        let p = same(ExponentParams {
            exponent: 2.0,
            offset: 0.0,
        });
        let at = |style| {
            Exponent::new(style, p, false)
                .unwrap()
                .eval([-0.5, 0.5, 0.0])
        };
        assert_eq!(at(ExponentStyle::Basic), [0.0, 0.25, 0.0]);
        assert_eq!(at(ExponentStyle::BasicMirror), [-0.25, 0.25, 0.0]);
        assert_eq!(at(ExponentStyle::BasicPassThru), [-0.5, 0.25, 0.0]);
    }

    #[test]
    fn mon_curve_limits_are_enforced() {
        let p = same(ExponentParams {
            exponent: 0.5,
            offset: 0.1,
        });
        assert!(Exponent::new(ExponentStyle::MonCurve, p, false).is_err());
        let identity = Exponent::new(
            ExponentStyle::MonCurveMirror,
            same(ExponentParams::IDENTITY),
            true,
        )
        .unwrap();
        assert!(identity.is_identity());
        assert_eq!(identity.eval([-0.3, 0.0, 0.7]), [-0.3, 0.0, 0.7]);
    }
}
