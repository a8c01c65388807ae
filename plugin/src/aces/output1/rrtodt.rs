//! The ACES 1.1+ single-stage HDR output transforms (RRT sweeteners, single-stage tone scale,
//! gamut limiting, D65 adaptation; ACESlib.OutputTransforms `outputTransform` with a dark
//! surround, stretched black and no white simulation), forward and inverse.

use super::matrix::{invert_or_zero, map3, mul, product, xyz_to_rgb, Mat3, Matrices};
use super::presets::RrtOdtPreset;
use super::rrt::Rrt;
use super::spline::{ssts_params, Spline, ToneStage};
use crate::aces::rgb_to_xyz;

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
