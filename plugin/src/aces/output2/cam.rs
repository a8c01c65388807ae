//! The colour appearance model of ACES 2.0: Hellwig 2022 (a CAM16 variant) with the simplifications
//! of the ACES 2.0 output transform — fixed dim viewing conditions, full adaptation to the white of
//! each RGB space, no Helmholtz–Kohlrausch term, hue in degrees.

use super::preset::rgb_to_xyz;
use super::real::{cast_mat, mul_vec, Mat3, Real};
use crate::aces::Chromaticities;
use crate::ops::matrix::{invert, mul};

/// RGB 1.0 is this many cd/m² inside the model.
pub const REFERENCE_LUMINANCE: f64 = 100.0;
/// Adapting field luminance L_A and background Y_b.
const ADAPTING_LUMINANCE: f64 = 100.0;
const BACKGROUND: f64 = 20.0;
/// Dim surround: F, c, N_c (ACES 2.0 fixes the surround to dim).
const SURROUND_C: f64 = 0.59;
const SURROUND_NC: f64 = 0.9;
/// The cone nonlinearity's offset (27.13) and the ×400 folded into the opponent matrix.
pub(super) const NL_OFFSET: f64 = 0.2713 * 100.0;
const NL_SCALE: f64 = 4.0 * 100.0;
/// Ra is limited below 1 before inverting the nonlinearity; beyond it the inverse explodes.
pub(super) const NL_INVERSE_LIMIT: f64 = 0.99;

/// The "primaries" whose RGB space is the CAM16 cone space.
const CAM16: Chromaticities = Chromaticities {
    red: [0.8336, 0.1735],
    green: [2.3854, -1.4659],
    blue: [0.087, -0.125],
    white: [0.333, 0.333],
};

/// Luminance-level adaptation factor F_L for L_A = 100.
pub fn luminance_adaptation() -> f64 {
    let k = 1.0 / (5.0 * ADAPTING_LUMINANCE + 1.0);
    let k4 = k * k * k * k;
    0.2 * k4 * (5.0 * ADAPTING_LUMINANCE)
        + 0.1 * (1.0 - k4).powi(2) * (5.0 * ADAPTING_LUMINANCE).powf(1.0 / 3.0)
}

/// The exponent c·z between achromatic response and lightness J.
pub fn model_gamma() -> f64 {
    SURROUND_C * (1.48 + (BACKGROUND / REFERENCE_LUMINANCE).sqrt())
}

/// Everything the model needs for one RGB space (one per: AP0 input, AP1 reach, limiting gamut).
#[derive(Clone, Debug)]
pub struct JMhParams<T> {
    pub(super) rgb_to_cone: Mat3<T>,
    pub(super) cone_to_rgb: Mat3<T>,
    pub(super) cone_to_aab: Mat3<T>,
    pub(super) aab_to_cone: Mat3<T>,
    /// F_L / 100.
    pub(super) f_l_n: T,
    pub(super) cz: T,
    pub(super) inv_cz: T,
    /// The achromatic response of the reference white, before scaling.
    pub(super) a_w_j: T,
    inv_a_w_j: T,
}

impl<T: Real> JMhParams<T> {
    /// Derives the model's matrices for an RGB space (built in f64, rounded to `T`).
    pub fn new(space: &Chromaticities) -> JMhParams<T> {
        let xyz_to_cam16 = invert(&rgb_to_xyz(&CAM16)).unwrap_or([[0.0; 3]; 3]);
        let to_xyz = rgb_to_xyz(space);
        let white_xyz: [f64; 3] =
            std::array::from_fn(|i| (0..3).map(|k| to_xyz[i][k] * REFERENCE_LUMINANCE).sum());
        let white_y = white_xyz[1];
        let white_cone = crate::ops::matrix::mul_vec(&xyz_to_cam16, &white_xyz);

        let f_l = luminance_adaptation();
        let f_l_n = f_l / REFERENCE_LUMINANCE;
        let cz = model_gamma();
        // Full von Kries adaptation to this space's white, merged with the F_L/100 scaling, so
        // the white of every space gives equal cone signals (that is how ACES white becomes the
        // display white without an explicit CAT).
        let adapt: [f64; 3] = std::array::from_fn(|i| f_l_n * white_y / white_cone[i]);
        let white_ra = nl_forward_f64(f_l_n * white_y);

        let rgb_to_cam16 = mul(&xyz_to_cam16, &to_xyz);
        let rgb_to_cone: Mat3<f64> = std::array::from_fn(|i| {
            std::array::from_fn(|j| adapt[i] * rgb_to_cam16[i][j] * REFERENCE_LUMINANCE)
        });
        let cone_to_rgb = invert(&rgb_to_cone).unwrap_or([[0.0; 3]; 3]);

        // Opponent rows A, a, b, with the ×400 of the nonlinearity moved here.
        let base = [
            [2.0, 1.0, 1.0 / 20.0],
            [1.0, -12.0 / 11.0, 1.0 / 11.0],
            [1.0 / 9.0, 1.0 / 9.0, -2.0 / 9.0],
        ];
        let scaled = base.map(|row| row.map(|v| v * NL_SCALE));
        let a_w: f64 = (0..3).map(|j| scaled[0][j] * white_ra).sum();
        let chroma_scale = 43.0 * SURROUND_NC;
        let cone_to_aab = [
            scaled[0].map(|v| v / a_w),
            scaled[1].map(|v| v * chroma_scale),
            scaled[2].map(|v| v * chroma_scale),
        ];
        let aab_to_cone = invert(&cone_to_aab).unwrap_or([[0.0; 3]; 3]);
        let a_w_j = nl_forward_f64(f_l);

        JMhParams {
            rgb_to_cone: cast_mat(&rgb_to_cone),
            cone_to_rgb: cast_mat(&cone_to_rgb),
            cone_to_aab: cast_mat(&cone_to_aab),
            aab_to_cone: cast_mat(&aab_to_cone),
            f_l_n: T::of(f_l_n),
            cz: T::of(cz),
            inv_cz: T::of(1.0 / cz),
            a_w_j: T::of(a_w_j),
            inv_a_w_j: T::of(1.0 / a_w_j),
        }
    }

    /// Linear RGB (1.0 = 100 nits) to achromatic response A and opponent a, b.
    #[inline(always)]
    pub fn rgb_to_aab(&self, rgb: [T; 3]) -> [T; 3] {
        let cone = mul_vec(&self.rgb_to_cone, rgb).map(nl_forward);
        mul_vec(&self.cone_to_aab, cone)
    }

    /// A, a, b to lightness J, colourfulness M and hue h in degrees [0, 360].
    #[inline(always)]
    pub fn aab_to_jmh(&self, [a_chroma, a, b]: [T; 3]) -> [T; 3] {
        let zero = T::of(0.0);
        if a_chroma <= zero {
            return [zero; 3];
        }
        let j = achromatic_to_j(a_chroma, self.cz);
        let m = (a * a + b * b).sqrt();
        [j, m, hue_degrees(b.atan2(a))]
    }

    #[inline(always)]
    pub fn rgb_to_jmh(&self, rgb: [T; 3]) -> [T; 3] {
        self.aab_to_jmh(self.rgb_to_aab(rgb))
    }

    /// J, M and the cosine and sine of the hue (computed once per pixel) to A, a, b.
    #[inline(always)]
    pub fn jmh_to_aab(&self, j: T, m: T, cos_h: T, sin_h: T) -> [T; 3] {
        [j_to_achromatic(j, self.inv_cz), m * cos_h, m * sin_h]
    }

    #[inline(always)]
    pub fn aab_to_rgb(&self, aab: [T; 3]) -> [T; 3] {
        let cone = mul_vec(&self.aab_to_cone, aab).map(nl_inverse);
        mul_vec(&self.cone_to_rgb, cone)
    }

    pub fn jmh_to_rgb(&self, [j, m, h]: [T; 3]) -> [T; 3] {
        let radians = to_radians(h);
        self.aab_to_rgb(self.jmh_to_aab(j, m, radians.cos(), radians.sin()))
    }

    /// Achromatic shortcut: J of a neutral with luminance |y| (100 = reference white).
    #[inline(always)]
    pub fn y_to_j(&self, abs_y: T) -> T {
        let ra = nl_forward_positive(abs_y * self.f_l_n);
        achromatic_to_j(ra * self.inv_a_w_j, self.cz)
    }

    /// Signed version of [`Self::y_to_j`].
    pub fn y_to_j_signed(&self, y: T) -> T {
        self.y_to_j(y.abs()).copysign(y)
    }

    /// Achromatic shortcut: luminance of a neutral with achromatic response A.
    #[inline(always)]
    pub fn a_to_y(&self, a_chroma: T) -> T {
        nl_inverse_positive(self.a_w_j * a_chroma) / self.f_l_n
    }

    /// Achromatic shortcut: luminance of a neutral with lightness |j|.
    #[inline(always)]
    pub fn j_to_y(&self, abs_j: T) -> T {
        self.a_to_y(j_to_achromatic(abs_j, self.inv_cz))
    }

    pub fn inv_cz(&self) -> T {
        self.inv_cz
    }
}

#[inline(always)]
fn achromatic_to_j<T: Real>(a: T, cz: T) -> T {
    T::of(100.0) * a.powf(cz)
}

#[inline(always)]
fn j_to_achromatic<T: Real>(j: T, inv_cz: T) -> T {
    (j * T::of(1.0 / 100.0)).powf(inv_cz)
}

/// π as OpenColorIO rounds it (to f32, also on the f64 table path, so hues agree).
#[inline(always)]
fn pi<T: Real>() -> T {
    T::of(std::f32::consts::PI as f64)
}

/// Degrees to radians.
#[inline(always)]
pub fn to_radians<T: Real>(degrees: T) -> T {
    pi::<T>() * degrees / T::of(180.0)
}

/// atan2's radians in [-π, π] to degrees in [0, 360] (360 itself can occur after rounding; the
/// tables carry a second upper wrap entry for it).
#[inline(always)]
fn hue_degrees<T: Real>(radians: T) -> T {
    let degrees = T::of(180.0) * radians / pi::<T>();
    if degrees < T::of(0.0) {
        degrees + T::of(360.0)
    } else {
        degrees
    }
}

/// The post-adaptation cone compression, odd-extended to negative signals.
#[inline(always)]
fn nl_forward<T: Real>(v: T) -> T {
    nl_forward_positive(v.abs()).copysign(v)
}

#[inline(always)]
fn nl_forward_positive<T: Real>(v: T) -> T {
    let p = v.powf(T::of(0.42));
    p / (T::of(NL_OFFSET) + p)
}

fn nl_forward_f64(v: f64) -> f64 {
    nl_forward_positive(v)
}

#[inline(always)]
fn nl_inverse<T: Real>(v: T) -> T {
    nl_inverse_positive(v.abs()).copysign(v)
}

#[inline(always)]
fn nl_inverse_positive<T: Real>(ra: T) -> T {
    let limited = ra.min_of(T::of(NL_INVERSE_LIMIT));
    let p = T::of(NL_OFFSET) * limited / (T::of(1.0) - limited);
    p.powf(T::of(1.0 / 0.42))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aces::AP0;

    #[test]
    fn viewing_condition_constants_match_the_published_values() {
        assert!((luminance_adaptation() - 0.7937005275).abs() < 1e-9);
        assert!((model_gamma() - 1.1370560213).abs() < 1e-9);
        assert!((nl_forward_f64(luminance_adaptation()) - 0.0323680263).abs() < 1e-9);
    }

    #[test]
    fn reference_white_has_lightness_100_and_no_colour() {
        let p = JMhParams::<f64>::new(&AP0);
        let [j, m, _] = p.rgb_to_jmh([1.0, 1.0, 1.0]);
        assert!((j - 100.0).abs() < 1e-9, "{j}");
        assert!(m < 1e-9, "{m}");
        assert!((p.y_to_j(100.0) - 100.0).abs() < 1e-9);
        assert!((p.j_to_y(100.0) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn jmh_round_trips() {
        let p = JMhParams::<f64>::new(&AP0);
        for rgb in [[0.2, 0.5, 0.9], [3.0, 0.1, 0.4], [0.01, 0.02, 0.005]] {
            let back = p.jmh_to_rgb(p.rgb_to_jmh(rgb));
            for c in 0..3 {
                assert!(
                    (back[c] - rgb[c]).abs() < 1e-6 * rgb[c],
                    "{rgb:?} -> {back:?}"
                );
            }
        }
    }
}
