//! The ACES 1.x Reference Rendering Transform: the "sweeteners" (glow, red modifier, global
//! desaturation in AP1) and the RRT tone scale, forward and inverse (RRT.ctl, InvRRT.ctl,
//! ACESlib.RRT_Common).

use super::matrix::{map3, mul, Mat3};
use super::spline::{rrt_params, Spline, ToneStage};
#[cfg(target_arch = "x86_64")]
use super::{
    inverse_registers::RegInverse,
    registers::{c, RegStage},
};
use crate::simd::lanes::atan2_degrees;
#[cfg(target_arch = "x86_64")]
use crate::simd::reg_math::MathK;
#[cfg(target_arch = "x86_64")]
use crate::simd::{
    lanes::F8,
    reg::{kmat3, mat3, KMat3, Reg, RegMask, K8},
};

const GLOW_GAIN: f32 = 0.05;
const GLOW_MID: f32 = 0.08;
const RED_SCALE: f32 = 0.82;
const RED_PIVOT: f32 = 0.03;
/// Full width of the red modifier's hue window, in degrees.
const RED_WIDTH: f32 = 135.0;
/// The saturation measure's denominator floor: dark noise is not saturated.
const SAT_NOISE_LIMIT: f32 = 0.01;
const HALF_MAX: f32 = 65504.0;
const RRT_SATURATION: f64 = 0.96;

/// Saturation (max − min)/max, made safe for negatives and near black.
#[inline(always)]
fn saturation([r, g, b]: [f32; 3]) -> f32 {
    let lo = r.min(g).min(b);
    let hi = r.max(g).max(b);
    (hi.max(1e-10) - lo.max(1e-10)) / hi.max(SAT_NOISE_LIMIT)
}

/// Luma plus a chroma term (`rgb_2_yc`, radius weight 1.75).
#[inline(always)]
fn yc([r, g, b]: [f32; 3]) -> f32 {
    let chroma = (b * (b - g) + g * (g - r) + r * (r - b)).max(0.0).sqrt();
    (b + g + r + 1.75 * chroma) / 3.0
}

/// A smooth step from 0 to 1 over x in [−2, 2].
#[inline(always)]
fn sigmoid(x: f32) -> f32 {
    let t = (1.0 - (x / 2.0).abs()).max(0.0);
    (1.0 + x.signum() * (1.0 - t * t)) / 2.0
}

#[inline(always)]
fn glow_gain(rgb: [f32; 3]) -> f32 {
    GLOW_GAIN * sigmoid((saturation(rgb) - 0.4) / 0.2)
}

#[inline(always)]
fn glow_forward(rgb: [f32; 3]) -> [f32; 3] {
    let gain = glow_gain(rgb);
    let y = yc(rgb);
    // Selects, not branches (the lane loops vectorise): the middle piece is computed always.
    let middle = gain * (GLOW_MID / y - 0.5);
    let glow = if y >= 2.0 * GLOW_MID { 0.0 } else { middle };
    let glow = if y <= 2.0 / 3.0 * GLOW_MID {
        gain
    } else {
        glow
    };
    map3(rgb, |v| v * (1.0 + glow))
}

fn glow_inverse(rgb: [f32; 3]) -> [f32; 3] {
    let gain = glow_gain(rgb);
    let y = yc(rgb);
    let glow = if y <= (1.0 + gain) * 2.0 / 3.0 * GLOW_MID {
        -gain / (1.0 + gain)
    } else if y >= 2.0 * GLOW_MID {
        0.0
    } else {
        gain * (GLOW_MID / y - 0.5) / (gain / 2.0 - 1.0)
    };
    rgb.map(|v| v * (1.0 + glow))
}

/// The red modifier's weight: a cubic B-spline bump over hue, centred on red (0°), 0 outside
/// ±67.5°; a neutral pixel (no hue) gets 0. Written with selects, not branches (lane loops).
#[inline(always)]
fn red_hue_weight([r, g, b]: [f32; 3]) -> f32 {
    // The vector math's atan2 (within 1e-4 degree), in (−180, 180] as the CTL's atan2.
    let hue = atan2_degrees(3f32.sqrt() * (g - b), 2.0 * r - g - b);
    let hue = if hue > 180.0 { hue - 360.0 } else { hue };
    let knot = (hue + RED_WIDTH / 2.0) * 4.0 / RED_WIDTH;
    let inside = knot > 0.0 && knot < 4.0 && !(r == g && g == b);
    let j = (knot.max(0.0) as u32).min(3);
    let t = knot - j as f32;
    // The four pieces of the uniform cubic B-spline basis (×1.5 so that the peak is 1).
    let pieces = [
        t * t * t / 6.0,
        ((-3.0 * t + 3.0) * t + 3.0) * t / 6.0 + 1.0 / 6.0,
        ((3.0 * t - 6.0) * t) * t / 6.0 + 4.0 / 6.0,
        (((-t + 3.0) * t - 3.0) * t + 1.0) / 6.0,
    ];
    let y = if j == 0 {
        pieces[0]
    } else if j == 1 {
        pieces[1]
    } else if j == 2 {
        pieces[2]
    } else {
        pieces[3]
    };
    if inside {
        y * 1.5
    } else {
        0.0
    }
}

/// Pulls saturated reds toward the pivot. The saturation is measured after the glow, as
/// OpenColorIO does (the CTL measures it before; the glow is a common factor of all channels, so
/// the two differ only below 0.01, at most by the glow's 5 %).
#[inline(always)]
fn red_forward(rgb: [f32; 3]) -> [f32; 3] {
    let w = red_hue_weight(rgb);
    let s = saturation(rgb);
    let [r, g, b] = rgb;
    let pulled = r + w * s * (RED_PIVOT - r) * (1.0 - RED_SCALE);
    [if w > 0.0 { pulled } else { r }, g, b]
}

/// The exact inverse of [`red_forward`] where red is the largest channel (inside the window).
fn red_inverse(rgb: [f32; 3]) -> [f32; 3] {
    let w = red_hue_weight(rgb);
    if w <= 0.0 {
        return rgb;
    }
    let [r, g, b] = rgb;
    let min_channel = g.min(b);
    let a = w * (1.0 - RED_SCALE) - 1.0;
    let bq = r - w * (RED_PIVOT + min_channel) * (1.0 - RED_SCALE);
    let c = w * RED_PIVOT * min_channel * (1.0 - RED_SCALE);
    let red = (-bq - (bq * bq - 4.0 * a * c).max(0.0).sqrt()) / (2.0 * a);
    [red, g, b]
}

/// A saturation matrix about AP1 luminance (`calc_sat_adjust_matrix`).
pub fn saturation_matrix(sat: f64, luma: [f64; 3]) -> [[f64; 3]; 3] {
    std::array::from_fn(|i| {
        std::array::from_fn(|k| (1.0 - sat) * luma[k] + if i == k { sat } else { 0.0 })
    })
}

/// The RRT's sweeteners and tone scale, with the matrices they need.
#[derive(Clone, Debug, PartialEq)]
pub struct Rrt {
    ap0_to_ap1: Mat3,
    ap1_to_ap0: Mat3,
    /// The global desaturation (in AP1).
    desat: Mat3,
    /// The inverse of the desaturation.
    resat: Mat3,
    tone: Spline,
}

impl Rrt {
    pub fn new() -> Rrt {
        let m = super::matrix::Matrices::get();
        let desat = saturation_matrix(RRT_SATURATION, m.ap1_luma);
        Rrt {
            ap0_to_ap1: Mat3::cast(&m.ap0_to_ap1),
            ap1_to_ap0: Mat3::cast(&m.ap1_to_ap0),
            desat: Mat3::cast(&desat),
            resat: Mat3::cast(&super::matrix::invert_or_zero(&desat)),
            tone: Spline::new(&rrt_params()),
        }
    }

    /// ACES2065-1 to the AP1 values the tone scale takes (`rrt_sweeteners`).
    #[inline(always)]
    pub fn sweeten(&self, aces: [f32; 3]) -> [f32; 3] {
        let aces = map3(red_forward(glow_forward(aces)), |v| v.max(0.0));
        // The CTL also clamps AP1 at HALF_MAX here; OpenColorIO does not, and neither do we: it
        // only matters for ACES values above ~45000, whose desaturated neighbours it would bend.
        let ap1 = map3(mul(&self.ap0_to_ap1, aces), |v| v.max(0.0));
        mul(&self.desat, ap1)
    }

    /// The inverse of [`Self::sweeten`] (`inv_rrt_sweeteners`).
    pub fn unsweeten(&self, ap1: [f32; 3]) -> [f32; 3] {
        let ap1 = mul(&self.resat, ap1).map(|v| v.clamp(0.0, HALF_MAX));
        let aces = mul(&self.ap1_to_ap0, ap1).map(|v| v.clamp(0.0, HALF_MAX));
        glow_inverse(red_inverse(aces))
    }

    /// ACES2065-1 to OCES.
    pub fn forward(&self, aces: [f32; 3]) -> [f32; 3] {
        self.forward_stage(aces)
    }

    /// OCES to ACES2065-1.
    pub fn inverse(&self, oces: [f32; 3]) -> [f32; 3] {
        let ap1 = mul(&self.ap0_to_ap1, oces).map(|v| self.tone.inverse(v));
        self.unsweeten(ap1)
    }
}

impl ToneStage for Rrt {
    #[inline(always)]
    fn before_tone(&self, aces: [f32; 3]) -> [f32; 3] {
        self.sweeten(aces)
    }

    #[inline(always)]
    fn tone(&self) -> &Spline {
        &self.tone
    }

    #[inline(always)]
    fn after_tone(&self, tone_mapped: [f32; 3]) -> [f32; 3] {
        mul(&self.ap1_to_ap0, tone_mapped)
    }
}

impl Default for Rrt {
    fn default() -> Rrt {
        Rrt::new()
    }
}

// The sweeteners again over register lanes (see `registers.rs`): the same steps as the scalar
// functions above, with the register math's atan2.

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn saturation_reg<V: Reg>([r, g, b]: [V; 3]) -> V {
    let lo = r.min(g).min(b);
    let hi = r.max(g).max(b);
    let floor = c::<V>(1e-10);
    (hi.max(floor) - lo.max(floor)) / hi.max(c::<V>(SAT_NOISE_LIMIT))
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn yc_reg<V: Reg>([r, g, b]: [V; 3]) -> V {
    let chroma = r.zero().max(b * (b - g) + g * (g - r) + r * (r - b)).sqrt();
    (b + g + r + chroma * c::<V>(1.75)) * c::<V>(1.0 / 3.0)
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn sigmoid_reg<V: Reg>(x: V) -> V {
    let one = c::<V>(1.0);
    let t = x.zero().max(one - (x * c::<V>(0.5)).abs());
    (one + one.with_sign_of(x) * (one - t * t)) * c::<V>(0.5)
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn glow_forward_reg<V: Reg>(rgb: [V; 3]) -> [V; 3] {
    let gain = sigmoid_reg((saturation_reg(rgb) - c::<V>(0.4)) * c::<V>(5.0)) * c::<V>(GLOW_GAIN);
    let y = yc_reg(rgb);
    let middle = gain * (c::<V>(GLOW_MID) / y - c::<V>(0.5));
    let glow = y.ge(c::<V>(2.0 * GLOW_MID)).select(y.zero(), middle);
    let glow = y.le(c::<V>(2.0 / 3.0 * GLOW_MID)).select(gain, glow);
    let factor = glow + c::<V>(1.0);
    [rgb[0] * factor, rgb[1] * factor, rgb[2] * factor]
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn red_hue_weight_reg<V: Reg>(m: &MathK, [r, g, b]: [V; 3]) -> V {
    let hue = m.atan2_degrees((g - b) * c::<V>(3f32.sqrt()), r * c::<V>(2.0) - g - b);
    let hue = hue.gt(c::<V>(180.0)).select(hue - c::<V>(360.0), hue);
    let knot = (hue + c::<V>(RED_WIDTH / 2.0)) * c::<V>(4.0 / RED_WIDTH);
    let grey = r.eq(g) & g.eq(b);
    let inside = knot.gt0() & knot.lt(c::<V>(4.0)) & !grey;
    // The B-spline piece j = floor(knot) in 0..=3, its cubic's coefficients read from a table.
    let j = knot.floor().clamp(knot.zero(), c::<V>(3.0));
    let t = knot - j;
    let [t3, t2, t1, t0] = &RED_PIECES;
    let y = V::lookup8(t3, j)
        .mul_add(t, V::lookup8(t2, j))
        .mul_add(t, V::lookup8(t1, j))
        .mul_add(t, V::lookup8(t0, j));
    y.keep(inside)
}

/// The four pieces of the uniform cubic B-spline basis, ×1.5 (so that the peak is 1), as
/// tables of their coefficients by power of t (t³ first), one entry per piece.
#[cfg(target_arch = "x86_64")]
static RED_PIECES: [K8; 4] = {
    const fn row(p: [f32; 4]) -> K8 {
        let s = 1.5 / 6.0;
        F8([p[0] * s, p[1] * s, p[2] * s, p[3] * s, 0.0, 0.0, 0.0, 0.0])
    }
    [
        row([1.0, -3.0, 3.0, -1.0]),
        row([0.0, 3.0, -6.0, 3.0]),
        row([0.0, 3.0, 0.0, -3.0]),
        row([0.0, 1.0, 4.0, 1.0]),
    ]
};

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn red_forward_reg<V: Reg>(m: &MathK, rgb: [V; 3]) -> [V; 3] {
    let w = red_hue_weight_reg(m, rgb);
    let s = saturation_reg(rgb);
    let [r, g, b] = rgb;
    let pulled = r + w * s * (c::<V>(RED_PIVOT) - r) * c::<V>(1.0 - RED_SCALE);
    [w.gt0().select(pulled, r), g, b]
}

/// The RRT's matrices, pre-broadcast.
#[cfg(target_arch = "x86_64")]
pub(super) struct RrtK {
    ap0_to_ap1: KMat3,
    ap1_to_ap0: KMat3,
    desat: KMat3,
}

#[cfg(target_arch = "x86_64")]
impl Rrt {
    pub(super) fn register_constants(&self) -> RrtK {
        RrtK {
            ap0_to_ap1: kmat3(&self.ap0_to_ap1.0),
            ap1_to_ap0: kmat3(&self.ap1_to_ap0.0),
            desat: kmat3(&self.desat.0),
        }
    }

    /// The glow of [`Rrt::sweeten`] in registers (a pass of its own: see `registers.rs`).
    ///
    /// # Safety
    /// `V`'s instruction set must be there.
    #[inline(always)]
    pub(super) unsafe fn glow_reg<V: Reg>(&self, aces: [V; 3]) -> [V; 3] {
        glow_forward_reg(aces)
    }

    /// [`Rrt::sweeten`] after the glow ([`Self::glow_reg`]) in registers.
    ///
    /// # Safety
    /// `V`'s instruction set must be there.
    #[inline(always)]
    pub(super) unsafe fn sweeten_reg<V: Reg>(&self, k: &RrtK, m: &MathK, aces: [V; 3]) -> [V; 3] {
        let x = red_forward_reg(m, aces);
        let zero = x[0].zero();
        let aces = [zero.max(x[0]), zero.max(x[1]), zero.max(x[2])];
        let ap1 = mat3(&k.ap0_to_ap1, aces);
        mat3(
            &k.desat,
            [zero.max(ap1[0]), zero.max(ap1[1]), zero.max(ap1[2])],
        )
    }
}

#[cfg(target_arch = "x86_64")]
impl RegStage for Rrt {
    type K = RrtK;
    type Tone = Spline;

    fn reg_constants(&self) -> RrtK {
        self.register_constants()
    }

    fn register_tone(&self) -> &Spline {
        &self.tone
    }

    const HAS_FIRST: bool = true;

    #[inline(always)]
    unsafe fn first_reg<V: Reg>(&self, rgb: [V; 3]) -> [V; 3] {
        self.glow_reg(rgb)
    }

    #[inline(always)]
    unsafe fn before_reg<V: Reg>(&self, k: &RrtK, m: &MathK, aces: [V; 3]) -> [V; 3] {
        self.sweeten_reg(k, m, aces)
    }

    #[inline(always)]
    unsafe fn after_reg<V: Reg>(&self, k: &RrtK, _m: &MathK, y: [V; 3]) -> [V; 3] {
        mat3(&k.ap1_to_ap0, y)
    }
}

/// [`glow_inverse`] over register lanes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn glow_inverse_reg<V: Reg>(rgb: [V; 3]) -> [V; 3] {
    let gain = sigmoid_reg((saturation_reg(rgb) - c::<V>(0.4)) * c::<V>(5.0)) * c::<V>(GLOW_GAIN);
    let y = yc_reg(rgb);
    let one = c::<V>(1.0);
    let middle = gain * (c::<V>(GLOW_MID) / y - c::<V>(0.5)) / (gain * c::<V>(0.5) - one);
    let glow = y.ge(c::<V>(2.0 * GLOW_MID)).select(y.zero(), middle);
    let low = (one + gain) * c::<V>(2.0 / 3.0 * GLOW_MID);
    let glow = y.le(low).select(-gain / (one + gain), glow);
    let factor = glow + one;
    [rgb[0] * factor, rgb[1] * factor, rgb[2] * factor]
}

/// [`red_inverse`] over register lanes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn red_inverse_reg<V: Reg>(m: &MathK, rgb: [V; 3]) -> [V; 3] {
    let w = red_hue_weight_reg(m, rgb);
    let [r, g, b] = rgb;
    let min_channel = g.min(b);
    let scale = c::<V>(1.0 - RED_SCALE);
    let a = (w * scale) - c::<V>(1.0);
    let bq = r - w * (c::<V>(RED_PIVOT) + min_channel) * scale;
    let c0 = w * c::<V>(RED_PIVOT) * min_channel * scale;
    let d = (bq * bq - c::<V>(4.0) * a * c0).max0().sqrt();
    let red = (-bq - d) / (a + a);
    [w.gt0().select(red, r), g, b]
}

/// The inverse RRT's matrices, pre-broadcast.
#[cfg(target_arch = "x86_64")]
pub(super) struct RrtInverseK {
    ap0_to_ap1: KMat3,
    ap1_to_ap0: KMat3,
    resat: KMat3,
}

/// [`Rrt::inverse`] around its inverse tone scale, over register lanes (see
/// `inverse_registers.rs`).
#[cfg(target_arch = "x86_64")]
impl RegInverse for Rrt {
    type K = RrtInverseK;

    fn inverse_constants(&self) -> RrtInverseK {
        RrtInverseK {
            ap0_to_ap1: kmat3(&self.ap0_to_ap1.0),
            ap1_to_ap0: kmat3(&self.ap1_to_ap0.0),
            resat: kmat3(&self.resat.0),
        }
    }

    fn inverse_tone(&self) -> &Spline {
        &self.tone
    }

    #[inline(always)]
    unsafe fn before_inverse_reg<V: Reg>(
        &self,
        k: &RrtInverseK,
        _m: &MathK,
        oces: [V; 3],
    ) -> [V; 3] {
        mat3(&k.ap0_to_ap1, oces)
    }

    #[inline(always)]
    unsafe fn after_inverse_reg<V: Reg>(&self, k: &RrtInverseK, m: &MathK, ap1: [V; 3]) -> [V; 3] {
        let (zero, top) = (ap1[0].zero(), c::<V>(HALF_MAX));
        // No closures here: they would not inherit the caller's target features.
        let [r, g, b] = mat3(&k.resat, ap1);
        let ap1 = [r.clamp(zero, top), g.clamp(zero, top), b.clamp(zero, top)];
        let [r, g, b] = mat3(&k.ap1_to_ap0, ap1);
        let aces = [r.clamp(zero, top), g.clamp(zero, top), b.clamp(zero, top)];
        glow_inverse_reg(red_inverse_reg(m, aces))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desaturation_matrix_matches_the_ctl() {
        let m = super::super::matrix::Matrices::get();
        let desat = saturation_matrix(0.96, m.ap1_luma);
        let ctl = [
            [0.970_889_148_671, 0.026_963_270_632, 0.002_147_580_696],
            [0.010_889_148_671, 0.986_963_270_632, 0.002_147_580_696],
            [0.010_889_148_671, 0.026_963_270_632, 0.962_147_580_696],
        ];
        for i in 0..3 {
            for k in 0..3 {
                assert!((desat[i][k] - ctl[i][k]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn red_modifier_weight_peaks_on_red_and_vanishes_outside_its_window() {
        assert!((red_hue_weight([1.0, 0.0, 0.0]) - 1.0).abs() < 1e-6);
        assert_eq!(red_hue_weight([0.0, 1.0, 0.0]), 0.0);
        assert_eq!(red_hue_weight([0.5, 0.5, 0.5]), 0.0);
    }

    #[test]
    fn sweeteners_invert() {
        let rrt = Rrt::new();
        for aces in [
            [0.18f32, 0.18, 0.18],
            [0.5, 0.1, 0.05],
            [0.02, 0.01, 0.005],
            [2.0, 0.6, 0.9],
        ] {
            let back = rrt.inverse(rrt.forward(aces));
            // The CTL's inverse red modifier reads the hue weight of the modified colour, so
            // saturated reds come back within about a per cent only.
            let tolerance = if red_hue_weight(aces) > 0.0 {
                1e-2
            } else {
                1e-4
            };
            for c in 0..3 {
                let err = (back[c] - aces[c]).abs() / aces[c].max(0.1);
                assert!(err < tolerance, "{aces:?} -> {back:?}");
            }
        }
    }
}
