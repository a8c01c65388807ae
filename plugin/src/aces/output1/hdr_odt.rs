//! The ACES 1.0.x HDR Output Device Transforms (OCES to a PQ display, after a separate RRT;
//! replaced by the single-stage RRTODTs in 1.1), forward and inverse: AP1, the `c9` HDR tone
//! scale per channel, the black offset (1.0.1 on), display primaries (through D65 for Rec.2020),
//! the clip at 0, and PQ of the absolute luminance.

use super::matrix::{invert_or_zero, map3, mul, product, xyz_to_rgb, Mat3, Matrices, IDENTITY};
use super::presets::HdrOdtPreset;
use super::spline::{odt_hdr_params, HdrToneVersion, Spline, ToneStage};
use crate::aces::rgb_to_xyz;
#[cfg(target_arch = "x86_64")]
use {
    super::inverse_registers::RegInverse,
    super::registers::{c, RegStage},
    crate::simd::reg::{kmat3, mat3, KMat3, Reg},
    crate::simd::reg_math::MathK,
};

/// log10 of what the 1.0.1 ODTs subtract after the tone scale so that black reaches code value
/// 0 (the tone scale's value at the RRT's black).
const LOG_BLACK_OFFSET: f64 = -4.455_016_648_3;

/// One HDR ODT, ready for pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct HdrOdt {
    pub preset: HdrOdtPreset,
    ap0_to_ap1: Mat3,
    ap1_to_ap0: Mat3,
    tone: Spline,
    black_offset: f32,
    /// AP1 (cd/m²) to display RGB (cd/m²).
    ap1_to_display: Mat3,
    /// Display RGB back to AP1, as the inverse CTL writes it (which is not always the forward's
    /// inverse: see [`HdrOdtPreset::inverse_adapts`]).
    display_to_ap1: Mat3,
}

impl HdrOdt {
    /// `None` for a preset whose peak has no tone scale (the presets are ours: never).
    pub fn new(preset: &HdrOdtPreset) -> Option<HdrOdt> {
        let m = Matrices::get();
        let tone = odt_hdr_params(preset.peak, preset.tone)?;
        let cat = |adapts: bool| if adapts { m.d60_to_d65 } else { IDENTITY };
        let ap1_to_display = product(
            &xyz_to_rgb(&preset.display),
            &product(&cat(preset.adapt_to_d65), &m.ap1_to_xyz),
        );
        let display_to_ap1 = product(
            &invert_or_zero(&m.ap1_to_xyz),
            &product(
                &invert_or_zero(&cat(preset.inverse_adapts)),
                &rgb_to_xyz(&preset.display),
            ),
        );
        let black_offset = match preset.tone {
            HdrToneVersion::V1_0_0 => 0.0,
            HdrToneVersion::V1_0_1 => 10f64.powf(LOG_BLACK_OFFSET) as f32,
        };
        Some(HdrOdt {
            preset: *preset,
            ap0_to_ap1: Mat3::cast(&m.ap0_to_ap1),
            ap1_to_ap0: Mat3::cast(&m.ap1_to_ap0),
            tone: Spline::new(&tone),
            black_offset,
            ap1_to_display: Mat3::cast(&ap1_to_display),
            display_to_ap1: Mat3::cast(&display_to_ap1),
        })
    }

    /// OCES to display-linear RGB (1.0 = 100 cd/m²), negatives clipped.
    pub fn forward(&self, oces: [f32; 3]) -> [f32; 3] {
        self.forward_stage(oces)
    }

    /// Display-linear RGB (1.0 = 100 cd/m²) back to OCES.
    pub fn inverse(&self, rgb: [f32; 3]) -> [f32; 3] {
        let ap1 = mul(&self.display_to_ap1, rgb.map(|v| v * 100.0));
        let ap1 = ap1.map(|v| self.tone.inverse(v + self.black_offset));
        mul(&self.ap1_to_ap0, ap1)
    }
}

impl ToneStage for HdrOdt {
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
        let nits = map3(y, |v| v - self.black_offset);
        // `max` also turns NaN into 0, as the CTL's clamp does.
        map3(mul(&self.ap1_to_display, nits), |v| v.max(0.0) / 100.0)
    }
}

/// The HDR ODT's matrices, pre-broadcast.
#[cfg(target_arch = "x86_64")]
pub(super) struct HdrOdtK {
    ap0_to_ap1: KMat3,
    ap1_to_display: KMat3,
}

/// The steps around the tone scale over register lanes (see `registers.rs`).
#[cfg(target_arch = "x86_64")]
impl RegStage for HdrOdt {
    type K = HdrOdtK;
    type Tone = Spline;

    fn reg_constants(&self) -> HdrOdtK {
        HdrOdtK {
            ap0_to_ap1: kmat3(&self.ap0_to_ap1.0),
            ap1_to_display: kmat3(&self.ap1_to_display.0),
        }
    }

    fn register_tone(&self) -> &Spline {
        &self.tone
    }

    #[inline(always)]
    unsafe fn before_reg<V: Reg>(&self, k: &HdrOdtK, _m: &MathK, oces: [V; 3]) -> [V; 3] {
        mat3(&k.ap0_to_ap1, oces)
    }

    #[inline(always)]
    unsafe fn after_reg<V: Reg>(&self, k: &HdrOdtK, _m: &MathK, y: [V; 3]) -> [V; 3] {
        let black = c::<V>(self.black_offset);
        let d = mat3(
            &k.ap1_to_display,
            [y[0] - black, y[1] - black, y[2] - black],
        );
        let (zero, hundredth) = (d[0].zero(), c::<V>(0.01));
        [
            zero.max(d[0]) * hundredth,
            zero.max(d[1]) * hundredth,
            zero.max(d[2]) * hundredth,
        ]
    }
}

/// The inverse HDR ODT's matrices, pre-broadcast.
#[cfg(target_arch = "x86_64")]
pub(super) struct HdrOdtInverseK {
    display_to_ap1: KMat3,
    ap1_to_ap0: KMat3,
}

/// [`HdrOdt::inverse`] around its inverse tone scale, over register lanes (see
/// `inverse_registers.rs`).
#[cfg(target_arch = "x86_64")]
impl RegInverse for HdrOdt {
    type K = HdrOdtInverseK;

    fn inverse_constants(&self) -> HdrOdtInverseK {
        HdrOdtInverseK {
            display_to_ap1: kmat3(&self.display_to_ap1.0),
            ap1_to_ap0: kmat3(&self.ap1_to_ap0.0),
        }
    }

    fn inverse_tone(&self) -> &Spline {
        &self.tone
    }

    #[inline(always)]
    unsafe fn before_inverse_reg<V: Reg>(
        &self,
        k: &HdrOdtInverseK,
        _m: &MathK,
        rgb: [V; 3],
    ) -> [V; 3] {
        let hundred = c::<V>(100.0);
        let ap1 = mat3(
            &k.display_to_ap1,
            [rgb[0] * hundred, rgb[1] * hundred, rgb[2] * hundred],
        );
        let offset = c::<V>(self.black_offset);
        [ap1[0] + offset, ap1[1] + offset, ap1[2] + offset]
    }

    #[inline(always)]
    unsafe fn after_inverse_reg<V: Reg>(
        &self,
        k: &HdrOdtInverseK,
        _m: &MathK,
        ap1: [V; 3],
    ) -> [V; 3] {
        mat3(&k.ap1_to_ap0, ap1)
    }
}

#[cfg(test)]
mod tests {
    use super::super::presets::HDR_ODT_PRESETS;
    use super::super::spline::rrt_params;
    use super::*;

    #[test]
    fn aces_black_reaches_code_value_zero_from_1_0_1_on() {
        // OCES black is the RRT's floor (1e-4) in every channel.
        let oces_black = Spline::new(&rrt_params()).forward(0.0);
        for preset in &HDR_ODT_PRESETS {
            let odt = HdrOdt::new(preset).expect("tone scale");
            let black = odt.forward([oces_black; 3]);
            let max = black.iter().fold(0.0f32, |m, v| m.max(*v));
            match preset.tone {
                // Within f32 rounding of the offset.
                HdrToneVersion::V1_0_1 => assert!(max < 1e-8, "{}: {black:?}", preset.key),
                HdrToneVersion::V1_0_0 => assert!(max > 4e-5, "{}: {black:?}", preset.key),
            }
        }
    }

    #[test]
    fn grey_is_ten_nits_and_the_inverse_returns() {
        let grey = Spline::new(&rrt_params()).forward(0.18);
        for preset in HDR_ODT_PRESETS
            .iter()
            .filter(|p| p.inverse_adapts == p.adapt_to_d65)
        {
            let odt = HdrOdt::new(preset).expect("tone scale");
            let out = odt.forward([grey; 3]);
            let offset = odt.black_offset / 100.0;
            for v in out {
                assert!((v + offset - 0.1).abs() < 2e-6, "{}: {out:?}", preset.key);
            }
            for oces in [[grey; 3], [0.5, 0.4, 0.3], [30.0, 25.0, 20.0]] {
                let back = odt.inverse(odt.forward(oces));
                for c in 0..3 {
                    assert!(
                        (back[c] - oces[c]).abs() <= 5e-5 * oces[c],
                        "{}: {oces:?} -> {back:?}",
                        preset.key
                    );
                }
            }
        }
    }
}
