//! The ACES 1.x SDR Output Device Transforms (OCES to display), forward and inverse: the 48-nit
//! tone scale, cinema black/white to linear code values, white simulation, dark-to-dim surround
//! and desaturation for video, adaptation to D65, limiting to a gamut, and the display clamp.

use super::matrix::{invert_or_zero, map3, mul, product, xyz_to_rgb, Mat3, Matrices, IDENTITY};
use super::presets::OdtPreset;
use super::rrt::saturation_matrix;
use super::spline::{odt_48nits_params, Spline, ToneStage};
use crate::aces::rgb_to_xyz;
use crate::simd::lanes::pow_pos;
#[cfg(target_arch = "x86_64")]
use {
    super::inverse_registers::RegInverse,
    super::registers::{c, RegStage},
    crate::simd::reg::{kmat3, mat3, KMat3, Reg, RegMask},
    crate::simd::reg_math::MathK,
};

const CINEMA_WHITE: f32 = 48.0;
const CINEMA_BLACK: f32 = 0.02;
const DIM_SURROUND_GAMMA: f32 = 0.9811;
const ODT_SATURATION: f64 = 0.93;
/// Width of the DCI white roll-off (top half of the range).
const ROLL_WIDTH: f32 = 0.5;

/// Luminance (cd/m²) to linear code value between cinema black and white.
#[inline(always)]
fn y_to_lin_cv(y: f32) -> f32 {
    (y - CINEMA_BLACK) / (CINEMA_WHITE - CINEMA_BLACK)
}

#[inline]
fn lin_cv_to_y(v: f32) -> f32 {
    v * (CINEMA_WHITE - CINEMA_BLACK) + CINEMA_BLACK
}

/// Scales AP1 by Y^(γ−1): the CTL's xyY power on Y with x, y kept (Y below 1e-10 is read as
/// 1e-10, as OpenColorIO does; the CTL zeroes negative luminance, which the tone scale never
/// produces).
#[inline(always)]
fn surround(ap1: [f32; 3], luma: &[f32; 3], gamma: f32) -> [f32; 3] {
    let y = (luma[0] * ap1[0] + luma[1] * ap1[1] + luma[2] * ap1[2]).max(1e-10);
    let gain = pow_pos(y, gamma - 1.0);
    map3(ap1, |v| v * gain)
}

/// `roll_white_fwd`: a quadratic shoulder bringing 1.0 down to `white`.
#[inline(always)]
fn roll_white_forward(v: f32, white: f32) -> f32 {
    let (x0, x1) = (-1.0f32, -1.0 + ROLL_WIDTH);
    let (y0, y1) = (-white, x1);
    let m1 = x1 - x0;
    let a = y0 - y1 + m1;
    let b = 2.0 * (y1 - y0) - m1;
    let c = y0;
    let t = (-v - x0) / (x1 - x0);
    // Selects, not branches (the lane loops vectorise).
    let rolled = -((t * a + b) * t + c);
    let rolled = if t < 0.0 { -(t * b + c) } else { rolled };
    if t > 1.0 {
        v
    } else {
        rolled
    }
}

/// `roll_white_rev`.
#[inline]
fn roll_white_inverse(v: f32, white: f32) -> f32 {
    let (x0, x1) = (-1.0f32, -1.0 + ROLL_WIDTH);
    let (y0, y1) = (-white, x1);
    let m1 = x1 - x0;
    let a = y0 - y1 + m1;
    let b = 2.0 * (y1 - y0) - m1;
    if -v < y0 {
        -x0
    } else if -v > y1 {
        v
    } else {
        let c = y0 + v;
        let d = (b * b - 4.0 * a * c).max(0.0).sqrt();
        let t = 2.0 * c / (-d - b);
        -(t * (x1 - x0) + x0)
    }
}

/// One SDR ODT, ready for pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Odt {
    pub preset: OdtPreset,
    ap0_to_ap1: Mat3,
    ap1_to_ap0: Mat3,
    tone: Spline,
    luma: [f32; 3],
    /// AP1 code values (after the surround step) to limiting RGB, or to display RGB.
    to_limit: Mat3,
    /// Limiting RGB to display RGB, for limited ODTs.
    limit_to_display: Option<Mat3>,
    /// Display RGB back to AP1 code values (before the inverse surround step); inverse ODTs
    /// do not limit.
    display_to_ap1: Mat3,
}

impl Odt {
    pub fn new(preset: &OdtPreset) -> Odt {
        let m = Matrices::get();
        let desat = if preset.dim_surround {
            saturation_matrix(ODT_SATURATION, m.ap1_luma)
        } else {
            IDENTITY
        };
        let cat = if preset.adapt_to_d65 {
            m.d60_to_d65
        } else {
            IDENTITY
        };
        let ap1_to_xyz = product(&cat, &product(&m.ap1_to_xyz, &desat));
        let xyz_to_display = xyz_to_rgb(&preset.display);
        let (to_limit, limit_to_display) = match &preset.limiting {
            Some(limiting) => (
                product(&xyz_to_rgb(limiting), &ap1_to_xyz),
                Some(Mat3::cast(&product(&xyz_to_display, &rgb_to_xyz(limiting)))),
            ),
            None => (product(&xyz_to_display, &ap1_to_xyz), None),
        };
        let display_to_ap1 = invert_or_zero(&product(&xyz_to_display, &ap1_to_xyz));
        Odt {
            preset: *preset,
            ap0_to_ap1: Mat3::cast(&m.ap0_to_ap1),
            ap1_to_ap0: Mat3::cast(&m.ap1_to_ap0),
            tone: Spline::new(&odt_48nits_params()),
            luma: m.ap1_luma.map(|v| v as f32),
            to_limit: Mat3::cast(&to_limit),
            limit_to_display,
            display_to_ap1: Mat3::cast(&display_to_ap1),
        }
    }

    /// OCES to display-linear RGB (1.0 = the display's white), clamped as the CTL clamps.
    pub fn forward(&self, oces: [f32; 3]) -> [f32; 3] {
        self.forward_stage(oces)
    }

    /// Display-linear RGB back to OCES (the CTL's InvODT; no gamut limiting on the way back).
    pub fn inverse(&self, rgb: [f32; 3]) -> [f32; 3] {
        let mut cv = mul(&self.display_to_ap1, rgb);
        if self.preset.dim_surround {
            cv = surround(cv, &self.luma, 1.0 / DIM_SURROUND_GAMMA);
        }
        if let Some((_, scale)) = self.preset.white_scale {
            cv = cv.map(|v| v / scale as f32);
        }
        if let Some(white) = self.preset.roll_white {
            cv = cv.map(|v| roll_white_inverse(v, white as f32));
        }
        let ap1 = cv.map(|v| self.tone.inverse(lin_cv_to_y(v)));
        mul(&self.ap1_to_ap0, ap1)
    }
}

impl ToneStage for Odt {
    #[inline(always)]
    fn before_tone(&self, oces: [f32; 3]) -> [f32; 3] {
        mul(&self.ap0_to_ap1, oces)
    }

    #[inline(always)]
    fn tone(&self) -> &Spline {
        &self.tone
    }

    /// From the tone scale's luminance to display-linear RGB.
    #[inline(always)]
    fn after_tone(&self, y: [f32; 3]) -> [f32; 3] {
        let mut cv = map3(y, y_to_lin_cv);
        if let Some(white) = self.preset.roll_white {
            cv = map3(cv, |v| roll_white_forward(v, white as f32));
        }
        if let Some((limit, scale)) = self.preset.white_scale {
            cv = map3(cv, |v| v.min(limit as f32) * scale as f32);
        }
        if self.preset.dim_surround {
            cv = surround(cv, &self.luma, DIM_SURROUND_GAMMA);
        }
        let mut rgb = mul(&self.to_limit, cv);
        if let Some(to_display) = &self.limit_to_display {
            rgb = mul(to_display, map3(rgb, |v| v.clamp(0.0, 1.0)));
        }
        if self.preset.clamp_to_white {
            map3(rgb, |v| v.clamp(0.0, 1.0))
        } else {
            map3(rgb, |v| v.max(0.0))
        }
    }
}

/// The ODT's matrices, pre-broadcast.
#[cfg(target_arch = "x86_64")]
pub(super) struct OdtK {
    ap0_to_ap1: KMat3,
    to_limit: KMat3,
    limit_to_display: Option<KMat3>,
}

/// [`roll_white_forward`] over register lanes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn roll_white_forward_reg<V: Reg>(v: V, white: f32) -> V {
    let (x0, x1) = (-1.0f32, -1.0 + ROLL_WIDTH);
    let (y0, y1) = (-white, x1);
    let m1 = x1 - x0;
    let a = y0 - y1 + m1;
    let b = 2.0 * (y1 - y0) - m1;
    let t = (-v - c::<V>(x0)) * c::<V>(1.0 / (x1 - x0));
    let rolled = -((t * c::<V>(a) + c::<V>(b)) * t + c::<V>(y0));
    let rolled = t.lt(t.zero()).select(-(t * c::<V>(b) + c::<V>(y0)), rolled);
    t.gt(c::<V>(1.0)).select(v, rolled)
}

/// The steps after the tone scale over register lanes (see `registers.rs`): the same steps as
/// [`ToneStage::after_tone`], with the register math's pow.
#[cfg(target_arch = "x86_64")]
impl RegStage for Odt {
    type K = OdtK;
    type Tone = Spline;

    fn reg_constants(&self) -> OdtK {
        OdtK {
            ap0_to_ap1: kmat3(&self.ap0_to_ap1.0),
            to_limit: kmat3(&self.to_limit.0),
            limit_to_display: self.limit_to_display.map(|m| kmat3(&m.0)),
        }
    }

    fn register_tone(&self) -> &Spline {
        &self.tone
    }

    #[inline(always)]
    unsafe fn before_reg<V: Reg>(&self, k: &OdtK, _m: &MathK, oces: [V; 3]) -> [V; 3] {
        mat3(&k.ap0_to_ap1, oces)
    }

    #[inline(always)]
    unsafe fn after_reg<V: Reg>(&self, k: &OdtK, m: &MathK, y: [V; 3]) -> [V; 3] {
        let black = c::<V>(CINEMA_BLACK);
        let per_range = c::<V>(1.0 / (CINEMA_WHITE - CINEMA_BLACK));
        let mut cv = [
            (y[0] - black) * per_range,
            (y[1] - black) * per_range,
            (y[2] - black) * per_range,
        ];
        if let Some(white) = self.preset.roll_white {
            let white = white as f32;
            cv = [
                roll_white_forward_reg(cv[0], white),
                roll_white_forward_reg(cv[1], white),
                roll_white_forward_reg(cv[2], white),
            ];
        }
        if let Some((limit, scale)) = self.preset.white_scale {
            let (limit, scale) = (c::<V>(limit as f32), c::<V>(scale as f32));
            cv = [
                limit.min(cv[0]) * scale,
                limit.min(cv[1]) * scale,
                limit.min(cv[2]) * scale,
            ];
        }
        if self.preset.dim_surround {
            let l = self.luma;
            let sum = cv[0] * c::<V>(l[0]) + cv[1] * c::<V>(l[1]) + cv[2] * c::<V>(l[2]);
            let y = c::<V>(1e-10).max(sum);
            let gain = m.pow_pos(y, c::<V>(DIM_SURROUND_GAMMA - 1.0));
            cv = [cv[0] * gain, cv[1] * gain, cv[2] * gain];
        }
        let mut rgb = mat3(&k.to_limit, cv);
        let (zero, one) = (rgb[0].zero(), c::<V>(1.0));
        if let Some(to_display) = &k.limit_to_display {
            rgb = mat3(
                to_display,
                [
                    rgb[0].clamp(zero, one),
                    rgb[1].clamp(zero, one),
                    rgb[2].clamp(zero, one),
                ],
            );
        }
        let rgb = [zero.max(rgb[0]), zero.max(rgb[1]), zero.max(rgb[2])];
        if self.preset.clamp_to_white {
            [rgb[0].min(one), rgb[1].min(one), rgb[2].min(one)]
        } else {
            rgb
        }
    }
}

/// [`roll_white_inverse`] over register lanes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn roll_white_inverse_reg<V: Reg>(v: V, white: f32) -> V {
    let (x0, x1) = (-1.0f32, -1.0 + ROLL_WIDTH);
    let (y0, y1) = (-white, x1);
    let m1 = x1 - x0;
    let a = y0 - y1 + m1;
    let b = 2.0 * (y1 - y0) - m1;
    let c0 = v + c::<V>(y0);
    let d = (c::<V>(b * b) - c::<V>(4.0 * a) * c0).max0().sqrt();
    let t = (c0 + c0) / (-d - c::<V>(b));
    let rolled = -(t.mul_add(c::<V>(x1 - x0), c::<V>(x0)));
    let minus_v = -v;
    let out = minus_v.gt(c::<V>(y1)).select(v, rolled);
    minus_v.lt(c::<V>(y0)).select(c::<V>(-x0), out)
}

/// The inverse ODT's matrices, pre-broadcast.
#[cfg(target_arch = "x86_64")]
pub(super) struct OdtInverseK {
    display_to_ap1: KMat3,
    ap1_to_ap0: KMat3,
}

/// [`Odt::inverse`] around its inverse tone scale, over register lanes (see
/// `inverse_registers.rs`), with the register math's pow.
#[cfg(target_arch = "x86_64")]
impl RegInverse for Odt {
    type K = OdtInverseK;

    fn inverse_constants(&self) -> OdtInverseK {
        OdtInverseK {
            display_to_ap1: kmat3(&self.display_to_ap1.0),
            ap1_to_ap0: kmat3(&self.ap1_to_ap0.0),
        }
    }

    fn inverse_tone(&self) -> &Spline {
        &self.tone
    }

    #[inline(always)]
    unsafe fn before_inverse_reg<V: Reg>(&self, k: &OdtInverseK, m: &MathK, rgb: [V; 3]) -> [V; 3] {
        let mut cv = mat3(&k.display_to_ap1, rgb);
        if self.preset.dim_surround {
            let l = self.luma;
            let sum = cv[0] * c::<V>(l[0]) + cv[1] * c::<V>(l[1]) + cv[2] * c::<V>(l[2]);
            let y = c::<V>(1e-10).max(sum);
            let gain = m.pow_pos(y, c::<V>(1.0 / DIM_SURROUND_GAMMA - 1.0));
            cv = [cv[0] * gain, cv[1] * gain, cv[2] * gain];
        }
        if let Some((_, scale)) = self.preset.white_scale {
            let per_scale = c::<V>(1.0 / scale as f32);
            cv = [cv[0] * per_scale, cv[1] * per_scale, cv[2] * per_scale];
        }
        if let Some(white) = self.preset.roll_white {
            let white = white as f32;
            cv = [
                roll_white_inverse_reg(cv[0], white),
                roll_white_inverse_reg(cv[1], white),
                roll_white_inverse_reg(cv[2], white),
            ];
        }
        let (range, black) = (c::<V>(CINEMA_WHITE - CINEMA_BLACK), c::<V>(CINEMA_BLACK));
        [
            cv[0].mul_add(range, black),
            cv[1].mul_add(range, black),
            cv[2].mul_add(range, black),
        ]
    }

    #[inline(always)]
    unsafe fn after_inverse_reg<V: Reg>(&self, k: &OdtInverseK, _m: &MathK, ap1: [V; 3]) -> [V; 3] {
        mat3(&k.ap1_to_ap0, ap1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roll_white_inverts() {
        for white in [0.918f32, 0.908] {
            for i in 0..=20 {
                let v = i as f32 / 20.0;
                let back = roll_white_inverse(roll_white_forward(v, white), white);
                assert!((back - v).abs() < 1e-5, "{v} -> {back}");
            }
            assert!((roll_white_forward(1.0, white) - white).abs() < 1e-6);
        }
    }
}
