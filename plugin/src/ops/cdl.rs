//! ASC CDL: slope, offset, power, then saturation with Rec.709 luma weights.

use super::OpError;

/// Whether values are clamped to [0, 1] (ASC CDL v1.2 / CLF `Fwd`) or not (CLF `FwdNoClamp`,
/// OpenColorIO's default and what ACES working spaces need, since ACEScct goes above 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CdlStyle {
    #[default]
    NoClamp,
    Clamp,
}

/// An ASC CDL, in the forward (grading) direction unless `reverse` is set.
#[derive(Clone, Debug, PartialEq)]
pub struct Cdl {
    pub slope: [f64; 3],
    pub offset: [f64; 3],
    pub power: [f64; 3],
    pub saturation: f64,
    pub style: CdlStyle,
    /// Applies the exact inverse (CLF `Rev` / `RevNoClamp`).
    pub reverse: bool,
}

pub(super) const LUMA: [f32; 3] = [0.2126, 0.7152, 0.0722];

impl Default for Cdl {
    fn default() -> Self {
        Cdl {
            slope: [1.0; 3],
            offset: [0.0; 3],
            power: [1.0; 3],
            saturation: 1.0,
            style: CdlStyle::NoClamp,
            reverse: false,
        }
    }
}

#[inline(always)]
fn clamp01(v: f32) -> f32 {
    v.clamp(0.0, 1.0)
}

#[inline(always)]
fn luma([r, g, b]: [f32; 3]) -> f32 {
    LUMA[0] * r + LUMA[1] * g + LUMA[2] * b
}

impl Cdl {
    /// Checks the values the ASC and CLF allow: slope ≥ 0, power > 0, saturation ≥ 0, all finite.
    pub fn validate(&self) -> Result<(), OpError> {
        let all = self
            .slope
            .iter()
            .chain(&self.offset)
            .chain(&self.power)
            .chain([&self.saturation]);
        if all.into_iter().any(|v| !v.is_finite()) {
            return Err(OpError::InvalidCdl(
                "every value must be a finite number".into(),
            ));
        }
        if self.slope.iter().any(|&s| s < 0.0) {
            return Err(OpError::InvalidCdl(format!(
                "slope {:?} has a negative value",
                self.slope
            )));
        }
        if self.power.iter().any(|&p| p <= 0.0) {
            return Err(OpError::InvalidCdl(format!(
                "power {:?} must be above 0",
                self.power
            )));
        }
        if self.saturation < 0.0 {
            return Err(OpError::InvalidCdl(format!(
                "saturation {} is negative",
                self.saturation
            )));
        }
        Ok(())
    }

    pub fn is_identity(&self) -> bool {
        // A clamping CDL still clamps, so only the unclamped style can be a no-op.
        self.style == CdlStyle::NoClamp
            && self.slope == [1.0; 3]
            && self.offset == [0.0; 3]
            && self.power == [1.0; 3]
            && self.saturation == 1.0
    }

    pub fn inverse(&self) -> Result<Cdl, OpError> {
        if !self.reverse && (self.slope.contains(&0.0) || self.saturation == 0.0) {
            return Err(OpError::CdlNotInvertible(
                "a slope or saturation of 0 loses the image",
            ));
        }
        Ok(Cdl {
            reverse: !self.reverse,
            ..self.clone()
        })
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        if self.reverse {
            self.eval_reverse(rgb)
        } else {
            self.eval_forward(rgb)
        }
    }

    /// Planar evaluation: the forward direction runs channel by channel in straight loops so that
    /// they vectorise; the same arithmetic as `eval`, so the results are identical.
    #[inline(always)]
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        if self.reverse {
            for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
                [*r, *g, *b] = self.eval_reverse([*r, *g, *b]);
            }
            return;
        }
        let clamp = self.style == CdlStyle::Clamp;
        for (i, channel) in [&mut *r, &mut *g, &mut *b].into_iter().enumerate() {
            let (slope, offset, p) = (
                self.slope[i] as f32,
                self.offset[i] as f32,
                self.power[i] as f32,
            );
            if clamp {
                for v in channel.iter_mut() {
                    *v = clamp01(*v * slope + offset);
                }
            } else {
                for v in channel.iter_mut() {
                    *v = *v * slope + offset;
                }
            }
            if p != 1.0 {
                for v in channel.iter_mut() {
                    *v = crate::simd::pow_positive_one(*v, p);
                }
            }
        }
        let sat = self.saturation as f32;
        if sat == 1.0 {
            return;
        }
        for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
            let y = luma([*r, *g, *b]);
            let mix = |v: f32| {
                let out = y + sat * (v - y);
                if clamp {
                    clamp01(out)
                } else {
                    out
                }
            };
            [*r, *g, *b] = [mix(*r), mix(*g), mix(*b)];
        }
    }

    fn eval_forward(&self, rgb: [f32; 3]) -> [f32; 3] {
        let clamp = self.style == CdlStyle::Clamp;
        let sop: [f32; 3] = std::array::from_fn(|i| {
            let v = rgb[i] * self.slope[i] as f32 + self.offset[i] as f32;
            let v = if clamp { clamp01(v) } else { v };
            power(v, self.power[i] as f32)
        });
        let sat = self.saturation as f32;
        if sat == 1.0 {
            return sop;
        }
        let y = luma(sop);
        sop.map(|v| {
            let out = y + sat * (v - y);
            if clamp {
                clamp01(out)
            } else {
                out
            }
        })
    }

    #[inline(always)]
    fn eval_reverse(&self, rgb: [f32; 3]) -> [f32; 3] {
        let clamp = self.style == CdlStyle::Clamp;
        let c = if clamp { rgb.map(clamp01) } else { rgb };
        let sat = self.saturation as f32;
        let unsat = if sat == 1.0 {
            c
        } else {
            let y = luma(c);
            c.map(|v| y + (v - y) / sat)
        };
        std::array::from_fn(|i| {
            let u = if clamp { clamp01(unsat[i]) } else { unsat[i] };
            let v = (power(u, 1.0 / self.power[i] as f32) - self.offset[i] as f32)
                / self.slope[i] as f32;
            if clamp {
                clamp01(v)
            } else {
                v
            }
        })
    }
}

/// The CDL power: values at or below 0 pass through unchanged (ASC no-clamp convention).
#[inline(always)]
fn power(v: f32, p: f32) -> f32 {
    if p == 1.0 || v <= 0.0 {
        v
    } else {
        crate::simd::pow_one(v, p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grade() -> Cdl {
        Cdl {
            slope: [1.1, 0.95, 1.2],
            offset: [0.01, -0.02, 0.0],
            power: [0.9, 1.1, 1.0],
            saturation: 0.8,
            ..Cdl::default()
        }
    }

    #[test]
    fn the_asc_formula_on_one_pixel() {
        // Worked by hand from the ASC CDL definition, in f64.
        let (r, g, b) = (0.5f64, 0.25f64, 0.75f64);
        let sr = (r * 1.1 + 0.01).powf(0.9);
        let sg = (g * 0.95 - 0.02).powf(1.1);
        let sb = b * 1.2;
        let y = 0.2126 * sr + 0.7152 * sg + 0.0722 * sb;
        let want = [y + 0.8 * (sr - y), y + 0.8 * (sg - y), y + 0.8 * (sb - y)];
        let got = grade().eval([0.5, 0.25, 0.75]);
        for i in 0..3 {
            assert!(
                (got[i] as f64 - want[i]).abs() < 2e-7,
                "{got:?} vs {want:?}"
            );
        }
    }

    #[test]
    fn negative_values_skip_the_power() {
        let cdl = Cdl {
            power: [2.0; 3],
            ..Cdl::default()
        };
        assert_eq!(cdl.eval([-0.5, 0.0, 0.5]), [-0.5, 0.0, 0.25]);
    }

    #[test]
    fn the_clamped_style_clamps_after_sop_and_saturation() {
        let cdl = Cdl {
            slope: [4.0; 3],
            style: CdlStyle::Clamp,
            ..Cdl::default()
        };
        assert_eq!(cdl.eval([0.5, -0.5, 0.1]), [1.0, 0.0, 0.4]);
    }

    #[test]
    fn reverse_undoes_forward() {
        let cdl = grade();
        let inv = cdl.inverse().unwrap();
        for rgb in [[0.5, 0.25, 0.75], [0.1, 0.9, 0.4], [2.0, 1.5, 3.0]] {
            let back = inv.eval(cdl.eval(rgb));
            for i in 0..3 {
                assert!((back[i] - rgb[i]).abs() < 1e-5, "{rgb:?} -> {back:?}");
            }
        }
    }

    #[test]
    fn validation_names_the_bad_value() {
        let bad = Cdl {
            power: [1.0, 0.0, 1.0],
            ..Cdl::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("power"));
        let nan = Cdl {
            saturation: f64::NAN,
            ..Cdl::default()
        };
        assert!(nan.validate().is_err());
    }
}
