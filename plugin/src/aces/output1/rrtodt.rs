//! The ACES 1.1+ single-stage HDR output transforms (RRT sweeteners, single-stage tone scale,
//! gamut limiting, D65 adaptation; ACESlib.OutputTransforms `outputTransform` with a dark
//! surround, stretched black and no white simulation), forward and inverse.

use super::matrix::{invert_or_zero, map3, mul, product, xyz_to_rgb, Mat3, Matrices};
use super::presets::RrtOdtPreset;
use super::rrt::Rrt;
use super::spline::{ssts_params, Spline, ToneStage};
use crate::aces::rgb_to_xyz;
#[cfg(target_arch = "x86_64")]
use {
    super::inverse_registers::RegInverse,
    super::registers::{c, RegStage},
    super::rrt::{RrtInverseK, RrtK},
    crate::simd::reg::{kmat3, mat3, KMat3, Reg},
    crate::simd::reg_math::MathK,
};

/// One HDR output transform, ready for pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct RrtOdt {
    pub preset: RrtOdtPreset,
    rrt: Rrt,
    tone: Spline,
    y_min: f32,
    y_max: f32,
    /// AP1 code values to limiting RGB.
    to_limit: Mat3,
    /// Limiting RGB to display RGB (through the D60 to D65 adaptation).
    limit_to_display: Mat3,
    /// Display RGB to AP1 code values (the inverse does not limit).
    display_to_ap1: Mat3,
}

impl RrtOdt {
    pub fn new(preset: &RrtOdtPreset) -> RrtOdt {
        let m = Matrices::get();
        let xyz_to_display = product(&xyz_to_rgb(&preset.display), &m.d60_to_d65);
        let limit_to_display = product(&xyz_to_display, &rgb_to_xyz(&preset.limiting));
        RrtOdt {
            preset: *preset,
            rrt: Rrt::new(),
            tone: Spline::new(&ssts_params(preset.y_min, preset.y_mid, preset.y_max)),
            y_min: preset.y_min as f32,
            y_max: preset.y_max as f32,
            to_limit: Mat3::cast(&product(&xyz_to_rgb(&preset.limiting), &m.ap1_to_xyz)),
            limit_to_display: Mat3::cast(&limit_to_display),
            display_to_ap1: Mat3::cast(&invert_or_zero(&product(&xyz_to_display, &m.ap1_to_xyz))),
        }
    }

    /// ACES2065-1 to display-linear RGB (1.0 = 100 cd/m², black at 0).
    pub fn forward(&self, aces: [f32; 3]) -> [f32; 3] {
        self.forward_stage(aces)
    }

    /// Display-linear RGB (1.0 = 100 cd/m²) back to ACES2065-1.
    pub fn inverse(&self, rgb: [f32; 3]) -> [f32; 3] {
        let cv = mul(&self.display_to_ap1, rgb.map(|v| v * 100.0 / self.y_max));
        let ap1 = cv.map(|v| {
            self.tone
                .inverse(v * (self.y_max - self.y_min) + self.y_min)
        });
        self.rrt.unsweeten(ap1)
    }
}

impl ToneStage for RrtOdt {
    #[inline(always)]
    fn before_tone(&self, aces: [f32; 3]) -> [f32; 3] {
        self.rrt.sweeten(aces)
    }

    #[inline(always)]
    fn tone(&self) -> &Spline {
        &self.tone
    }

    /// From the tone scale's luminance to display-linear RGB.
    #[inline(always)]
    fn after_tone(&self, y: [f32; 3]) -> [f32; 3] {
        let cv = map3(y, |v| (v - self.y_min) / (self.y_max - self.y_min));
        let limited = map3(mul(&self.to_limit, cv), |v| v.clamp(0.0, 1.0));
        let nits_per_100 = self.y_max / 100.0;
        map3(mul(&self.limit_to_display, limited), |v| {
            v.max(0.0) * nits_per_100
        })
    }
}

/// The RRT's constants and the limiting matrices, pre-broadcast.
#[cfg(target_arch = "x86_64")]
pub(super) struct RrtOdtK {
    rrt: RrtK,
    to_limit: KMat3,
    limit_to_display: KMat3,
}

/// The steps around the tone scale over register lanes (see `registers.rs`).
#[cfg(target_arch = "x86_64")]
impl RegStage for RrtOdt {
    type K = RrtOdtK;
    type Tone = Spline;

    fn reg_constants(&self) -> RrtOdtK {
        RrtOdtK {
            rrt: self.rrt.register_constants(),
            to_limit: kmat3(&self.to_limit.0),
            limit_to_display: kmat3(&self.limit_to_display.0),
        }
    }

    fn register_tone(&self) -> &Spline {
        &self.tone
    }

    const HAS_FIRST: bool = true;

    #[inline(always)]
    unsafe fn first_reg<V: Reg>(&self, rgb: [V; 3]) -> [V; 3] {
        self.rrt.glow_reg(rgb)
    }

    #[inline(always)]
    unsafe fn before_reg<V: Reg>(&self, k: &RrtOdtK, m: &MathK, aces: [V; 3]) -> [V; 3] {
        self.rrt.sweeten_reg(&k.rrt, m, aces)
    }

    #[inline(always)]
    unsafe fn after_reg<V: Reg>(&self, k: &RrtOdtK, _m: &MathK, y: [V; 3]) -> [V; 3] {
        let (low, per_range) = (c::<V>(self.y_min), c::<V>(1.0 / (self.y_max - self.y_min)));
        let cv = [
            (y[0] - low) * per_range,
            (y[1] - low) * per_range,
            (y[2] - low) * per_range,
        ];
        let l = mat3(&k.to_limit, cv);
        let (zero, one) = (l[0].zero(), c::<V>(1.0));
        let limited = [
            l[0].clamp(zero, one),
            l[1].clamp(zero, one),
            l[2].clamp(zero, one),
        ];
        let d = mat3(&k.limit_to_display, limited);
        let nits_per_100 = c::<V>(self.y_max / 100.0);
        [
            zero.max(d[0]) * nits_per_100,
            zero.max(d[1]) * nits_per_100,
            zero.max(d[2]) * nits_per_100,
        ]
    }
}

/// The inverse's constants: its own matrix and the RRT's.
#[cfg(target_arch = "x86_64")]
pub(super) struct RrtOdtInverseK {
    display_to_ap1: KMat3,
    rrt: RrtInverseK,
}

/// [`RrtOdt::inverse`] around its inverse tone scale, over register lanes (see
/// `inverse_registers.rs`): after it, the RRT's unsweetening.
#[cfg(target_arch = "x86_64")]
impl RegInverse for RrtOdt {
    type K = RrtOdtInverseK;

    fn inverse_constants(&self) -> RrtOdtInverseK {
        RrtOdtInverseK {
            display_to_ap1: kmat3(&self.display_to_ap1.0),
            rrt: self.rrt.inverse_constants(),
        }
    }

    fn inverse_tone(&self) -> &Spline {
        &self.tone
    }

    #[inline(always)]
    unsafe fn before_inverse_reg<V: Reg>(
        &self,
        k: &RrtOdtInverseK,
        _m: &MathK,
        rgb: [V; 3],
    ) -> [V; 3] {
        let per_peak = c::<V>(100.0 / self.y_max);
        let cv = mat3(
            &k.display_to_ap1,
            [rgb[0] * per_peak, rgb[1] * per_peak, rgb[2] * per_peak],
        );
        let (range, low) = (c::<V>(self.y_max - self.y_min), c::<V>(self.y_min));
        [
            cv[0].mul_add(range, low),
            cv[1].mul_add(range, low),
            cv[2].mul_add(range, low),
        ]
    }

    #[inline(always)]
    unsafe fn after_inverse_reg<V: Reg>(
        &self,
        k: &RrtOdtInverseK,
        m: &MathK,
        ap1: [V; 3],
    ) -> [V; 3] {
        self.rrt.after_inverse_reg(&k.rrt, m, ap1)
    }
}
