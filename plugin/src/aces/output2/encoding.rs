//! Display encodings of the ACES 2.0 output transforms (the CTL `eotf_enum`), on display-linear
//! RGB where 1.0 = 100 cd/m². Encoding clamps negatives to 0 first, as the CTL does.

/// The display's transfer function (the output is encoded with its inverse).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eotf {
    /// Display linear, passed through.
    Linear,
    /// SMPTE ST 2084 (PQ), absolute: 1.0 = 100 cd/m².
    St2084,
    /// ITU-R BT.2100 HLG for a 1000 cd/m² display (system gamma 1.2).
    Hlg,
    /// Pure power 2.6 (cinema).
    Gamma26,
    /// ITU-R BT.1886 with Lw = 1, Lb = 0: a pure power 2.4.
    Bt1886,
    /// Pure power 2.2.
    Gamma22,
    /// IEC 61966-2-1 piecewise sRGB.
    SrgbPiecewise,
}

use crate::simd::lanes::{keep3, map3, F8};

// PQ's exponent of 78.8 magnifies f32 rounding to ~1e-5, so the curve is evaluated in f64.
pub(super) const PQ_M1: f64 = 2610.0 / 16384.0;
pub(super) const PQ_M2: f64 = 2523.0 / 4096.0 * 128.0;
pub(super) const PQ_C1: f64 = 3424.0 / 4096.0;
pub(super) const PQ_C2: f64 = 2413.0 / 4096.0 * 32.0;
pub(super) const PQ_C3: f64 = 2392.0 / 4096.0 * 32.0;
/// Display-linear 1.0 in PQ's 10000 cd/m² units.
pub(super) const PQ_SCALE: f64 = 100.0 / 10000.0;

const HLG_A: f32 = 0.178_832_77;
const HLG_B: f32 = 0.284_668_92;
const HLG_C: f32 = 0.559_910_7;
const HLG_PEAK_NITS: f32 = 1000.0;
const HLG_SYSTEM_GAMMA: f32 = 1.2;
const BT2100_LUMA: [f32; 3] = [0.2627, 0.6780, 0.0593];

/// The sRGB piecewise curve as a "moncurve" of gamma 2.4 and offset 0.055, whose break points
/// make it continuous in value and slope (not the rounded 0.0031308 / 12.92).
pub(super) const SRGB_GAMMA: f64 = 2.4;
pub(super) const SRGB_OFFSET: f64 = 0.055;

pub(super) fn srgb_constants() -> (f32, f32, f32) {
    let (g, o) = (SRGB_GAMMA, SRGB_OFFSET);
    let linear_break = (o * g / ((g - 1.0) * (1.0 + o))).powf(g);
    let slope = ((g - 1.0) / o).powf(g - 1.0) * ((1.0 + o) / g).powf(g);
    let encoded_break = o / (g - 1.0);
    (linear_break as f32, slope as f32, encoded_break as f32)
}

impl Eotf {
    /// Display-linear RGB to code values.
    pub fn encode(self, rgb: [f32; 3]) -> [f32; 3] {
        let rgb = rgb.map(|v| if v > 0.0 { v } else { 0.0 });
        match self {
            Eotf::Linear => rgb,
            Eotf::St2084 => rgb.map(|v| pq_encode(v as f64 * PQ_SCALE) as f32),
            Eotf::Hlg => hlg_encode(rgb),
            Eotf::Gamma26 => rgb.map(|v| v.powf(1.0 / 2.6)),
            Eotf::Bt1886 => rgb.map(|v| v.powf(1.0 / 2.4)),
            Eotf::Gamma22 => rgb.map(|v| v.powf(1.0 / 2.2)),
            Eotf::SrgbPiecewise => {
                let (linear_break, slope, _) = srgb_constants();
                rgb.map(|v| {
                    if v >= linear_break {
                        (1.0 + SRGB_OFFSET as f32) * v.powf(1.0 / SRGB_GAMMA as f32)
                            - SRGB_OFFSET as f32
                    } else {
                        v * slope
                    }
                })
            }
        }
    }

    /// Code values to display-linear RGB.
    pub fn decode(self, cv: [f32; 3]) -> [f32; 3] {
        match self {
            Eotf::Linear => cv,
            Eotf::St2084 => cv.map(|v| (pq_decode(v as f64) / PQ_SCALE) as f32),
            Eotf::Hlg => hlg_decode(cv),
            Eotf::Gamma26 => cv.map(|v| v.max(0.0).powf(2.6)),
            Eotf::Bt1886 => cv.map(|v| v.max(0.0).powf(2.4)),
            Eotf::Gamma22 => cv.map(|v| v.max(0.0).powf(2.2)),
            Eotf::SrgbPiecewise => {
                let (_, slope, encoded_break) = srgb_constants();
                cv.map(|v| {
                    if v >= encoded_break {
                        ((v + SRGB_OFFSET as f32) / (1.0 + SRGB_OFFSET as f32))
                            .powf(SRGB_GAMMA as f32)
                    } else {
                        v.max(0.0) / slope
                    }
                })
            }
        }
    }
}

/// The lane versions: the same curves in f32 with the fast math of [`crate::simd::lanes`].
/// PQ's steep exponents are kept accurate by working with log2(1 + u) and 2^x − 1 where the scalar
/// path has ratios near 1. (Named functions rather than closures, so they inline into the AVX2
/// twin of the block loop.)
impl Eotf {
    #[inline(always)]
    pub fn encode8(self, rgb: [F8; 3]) -> [F8; 3] {
        let rgb = map3!(rgb, positive_part);
        match self {
            Eotf::Linear => rgb,
            Eotf::St2084 => map3!(rgb, pq_encode8),
            Eotf::Hlg => hlg_encode8(rgb),
            Eotf::Gamma26 => map3!(rgb, gamma_encode8::<26>),
            Eotf::Bt1886 => map3!(rgb, gamma_encode8::<24>),
            Eotf::Gamma22 => map3!(rgb, gamma_encode8::<22>),
            Eotf::SrgbPiecewise => map3!(rgb, srgb_encode8),
        }
    }

    #[inline(always)]
    pub(crate) fn decode8(self, cv: [F8; 3]) -> [F8; 3] {
        match self {
            Eotf::Linear => cv,
            Eotf::St2084 => map3!(cv, pq_decode8),
            Eotf::Hlg => hlg_decode8(cv),
            Eotf::Gamma26 => map3!(cv, gamma_decode8::<26>),
            Eotf::Bt1886 => map3!(cv, gamma_decode8::<24>),
            Eotf::Gamma22 => map3!(cv, gamma_decode8::<22>),
            Eotf::SrgbPiecewise => map3!(cv, srgb_decode8),
        }
    }
}

/// v where v > 0, else 0 (NaN too).
#[inline(always)]
fn positive_part(v: F8) -> F8 {
    v.gt_s(0.0).select(v, F8::splat(0.0))
}

/// v^p where v > 0, else 0.
#[inline(always)]
fn positive_pow(v: F8, p: f32) -> F8 {
    v.gt_s(0.0).select(v.pow_pos(p), F8::splat(0.0))
}

/// Pure power of gamma TENTHS/10.
#[inline(always)]
fn gamma_encode8<const TENTHS: u32>(v: F8) -> F8 {
    positive_pow(v, 10.0 / TENTHS as f32)
}

#[inline(always)]
fn gamma_decode8<const TENTHS: u32>(v: F8) -> F8 {
    positive_pow(v, TENTHS as f32 / 10.0)
}

#[inline(always)]
fn pq_encode8(v: F8) -> F8 {
    let p = positive_pow(v * PQ_SCALE as f32, PQ_M1 as f32);
    // (c1 + c2·p)/(1 + c3·p) = 1 + u, with u formed without the 1.
    let u = (p * (PQ_C2 - PQ_C3) as f32 + (PQ_C1 - 1.0) as f32) / (p * PQ_C3 as f32 + 1.0);
    (u.log2_1p() * PQ_M2 as f32).exp2()
}

#[inline(always)]
fn pq_decode8(n: F8) -> F8 {
    let zero = F8::splat(0.0);
    let n = zero.max(n);
    // n^(1/m2) − c1 as (n^(1/m2) − 1) + (1 − c1): no cancellation in the mid-tones.
    let np_minus_1 = (n.log2_pos() * (1.0 / PQ_M2) as f32).exp2m1();
    let num = (np_minus_1 + (1.0 - PQ_C1) as f32).max_s(0.0);
    // c2 − c3·np as (c2 − c3) − c3·(np − 1): no cancellation near the top.
    let den = (PQ_C2 - PQ_C3) as f32 - np_minus_1 * PQ_C3 as f32;
    let linear = positive_pow(num / den, (1.0 / PQ_M1) as f32);
    n.gt_s(0.0).select(linear * (1.0 / PQ_SCALE) as f32, zero)
}

#[inline(always)]
fn srgb_encode8(v: F8) -> F8 {
    let (linear_break, slope, _) = srgb_constants();
    let curve =
        v.pow_pos(1.0 / SRGB_GAMMA as f32) * (1.0 + SRGB_OFFSET as f32) - SRGB_OFFSET as f32;
    v.ge_s(linear_break).select(curve, v * slope)
}

#[inline(always)]
fn srgb_decode8(v: F8) -> F8 {
    let (_, slope, encoded_break) = srgb_constants();
    let curve =
        ((v + SRGB_OFFSET as f32) * (1.0 / (1.0 + SRGB_OFFSET) as f32)).pow_pos(SRGB_GAMMA as f32);
    v.ge_s(encoded_break)
        .select(curve, v.max_s(0.0) * (1.0 / slope))
}

#[inline(always)]
fn luma8(rgb: [F8; 3]) -> F8 {
    rgb[0] * BT2100_LUMA[0] + rgb[1] * BT2100_LUMA[1] + rgb[2] * BT2100_LUMA[2]
}

/// The HLG OETF of scene light e.
#[inline(always)]
fn hlg_oetf8(e: F8) -> F8 {
    let low = (e * 3.0).sqrt();
    let high = (e * 12.0 - HLG_B).max_s(f32::MIN_POSITIVE).log2_pos()
        * (HLG_A * std::f32::consts::LN_2)
        + HLG_C;
    e.le_s(1.0 / 12.0).select(low, high)
}

#[inline(always)]
fn hlg_inverse_oetf8(v: F8) -> F8 {
    let v = v.max_s(0.0);
    let high = (((v - HLG_C) * (std::f32::consts::LOG2_E / HLG_A)).exp2() + HLG_B) * (1.0 / 12.0);
    v.le_s(0.5).select(v * v * (1.0 / 3.0), high)
}

#[inline(always)]
fn hlg_encode8(rgb: [F8; 3]) -> [F8; 3] {
    let nits = [rgb[0] * 100.0, rgb[1] * 100.0, rgb[2] * 100.0];
    let y_d = luma8(nits);
    let gain = (y_d * (1.0 / HLG_PEAK_NITS)).pow_pos((1.0 - HLG_SYSTEM_GAMMA) / HLG_SYSTEM_GAMMA)
        * (1.0 / HLG_PEAK_NITS);
    let scene = keep3(
        y_d.gt_s(0.0),
        [gain * nits[0], gain * nits[1], gain * nits[2]],
    );
    map3!(scene, hlg_oetf8)
}

#[inline(always)]
fn hlg_decode8(cv: [F8; 3]) -> [F8; 3] {
    let scene = map3!(cv, hlg_inverse_oetf8);
    let y_s = luma8(scene);
    let gain = y_s
        .gt_s(0.0)
        .select(y_s.pow_pos(HLG_SYSTEM_GAMMA - 1.0), F8::splat(0.0))
        * (HLG_PEAK_NITS / 100.0);
    [gain * scene[0], gain * scene[1], gain * scene[2]]
}

/// Linear light (1.0 = 10000 cd/m²) to PQ.
fn pq_encode(l: f64) -> f64 {
    let p = l.powf(PQ_M1);
    ((PQ_C1 + PQ_C2 * p) / (1.0 + PQ_C3 * p)).powf(PQ_M2)
}

/// PQ to linear light (1.0 = 10000 cd/m²).
fn pq_decode(n: f64) -> f64 {
    let np = n.max(0.0).powf(1.0 / PQ_M2);
    ((np - PQ_C1).max(0.0) / (PQ_C2 - PQ_C3 * np)).powf(1.0 / PQ_M1)
}

fn luma(rgb: [f32; 3]) -> f32 {
    BT2100_LUMA[0] * rgb[0] + BT2100_LUMA[1] * rgb[1] + BT2100_LUMA[2] * rgb[2]
}

/// Display light to HLG: undo the 1000-nit OOTF (BT.2390 §7), then the HLG OETF.
fn hlg_encode(rgb: [f32; 3]) -> [f32; 3] {
    let nits = rgb.map(|v| v * 100.0);
    let y_d = luma(nits);
    let scene = if y_d > 0.0 {
        let gain = (y_d / HLG_PEAK_NITS).powf((1.0 - HLG_SYSTEM_GAMMA) / HLG_SYSTEM_GAMMA);
        nits.map(|v| gain * v / HLG_PEAK_NITS)
    } else {
        [0.0; 3]
    };
    scene.map(|e| {
        if e <= 1.0 / 12.0 {
            (3.0 * e).sqrt()
        } else {
            HLG_A * (12.0 * e - HLG_B).ln() + HLG_C
        }
    })
}

/// HLG to display light: the inverse OETF, then the 1000-nit OOTF.
fn hlg_decode(cv: [f32; 3]) -> [f32; 3] {
    let scene = cv.map(|v| {
        let v = v.max(0.0);
        if v <= 0.5 {
            v * v / 3.0
        } else {
            (((v - HLG_C) / HLG_A).exp() + HLG_B) / 12.0
        }
    });
    let y_s = luma(scene);
    let gain = if y_s > 0.0 {
        y_s.powf(HLG_SYSTEM_GAMMA - 1.0)
    } else {
        0.0
    };
    scene.map(|e| HLG_PEAK_NITS * gain * e / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Eotf; 7] = [
        Eotf::Linear,
        Eotf::St2084,
        Eotf::Hlg,
        Eotf::Gamma26,
        Eotf::Bt1886,
        Eotf::Gamma22,
        Eotf::SrgbPiecewise,
    ];

    #[test]
    fn every_encoding_round_trips() {
        for eotf in ALL {
            let top = match eotf {
                Eotf::St2084 => 100.0,
                Eotf::Hlg => 10.0,
                _ => 1.0,
            };
            for rgb in [[0.0, 0.001, 0.01], [0.18, 0.5, 0.9], [0.3, 0.02, 0.7]] {
                let rgb = rgb.map(|v| v * top);
                let back = eotf.decode(eotf.encode(rgb));
                for c in 0..3 {
                    let err = (back[c] - rgb[c]).abs() / rgb[c].max(1.0);
                    assert!(err < 1e-5, "{eotf:?} {rgb:?} -> {back:?}");
                }
            }
        }
    }

    #[test]
    fn published_anchor_values() {
        // PQ: 100 cd/m² is 0.508078, 10000 cd/m² is 1.
        assert!((Eotf::St2084.encode([1.0; 3])[0] - 0.508_078).abs() < 1e-5);
        assert!((Eotf::St2084.encode([100.0; 3])[0] - 1.0).abs() < 1e-5);
        // sRGB break points (aces_math.md §2.8).
        let (yb, rs, xb) = srgb_constants();
        assert!((yb - 0.003_039_9).abs() < 1e-6 && (rs - 12.923).abs() < 1e-3);
        assert!((xb - 0.039_286).abs() < 1e-6);
        assert!((Eotf::SrgbPiecewise.encode([1.0; 3])[0] - 1.0).abs() < 1e-6);
        // HLG: 1000 cd/m² white is 1.0; negatives clamp.
        let hlg = Eotf::Hlg.encode([10.0; 3]);
        assert!((hlg[0] - 1.0).abs() < 1e-5, "{hlg:?}");
        assert_eq!(Eotf::Bt1886.encode([-0.5, 0.0, 1.0]), [0.0, 0.0, 1.0]);
    }
}
