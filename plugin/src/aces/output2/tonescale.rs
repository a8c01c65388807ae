//! The ACES 2.0 tonescale (Daniele–Siragusano "MM" curve), derived from the peak luminance.
//! Luminances here are in cd/m² relative to 100 = diffuse white (OpenColorIO's units).

use super::cam::{JMhParams, REFERENCE_LUMINANCE};
use super::real::Real;

/// Curve constants: contrast, grey anchor in and out, grey boost per stop of peak, toe.
pub(super) const CONTRAST: f64 = 1.15;
const GREY_IN: f64 = 0.18;
const GREY_OUT_NITS: f64 = 10.013;
const GREY_BOOST: f64 = 0.14;
pub(super) const TOE: f64 = 0.04;
/// Scene value that "hits the roof" at 100 and at 10000 nits.
const R_HIT_MIN: f64 = 128.0;
const R_HIT_MAX: f64 = 896.0;

/// Derived parameters of the curve for one peak luminance (derived in f64).
#[derive(Clone, Copy, Debug)]
pub struct ToneScale {
    /// Output luminance of 18 % grey divided by 100 (c_t).
    pub grey_out: f64,
    pub s_2: f64,
    pub m_2: f64,
    /// The AP1 clamp applied before the model: 8 × r_hit.
    pub forward_limit: f64,
    /// The largest display luminance (÷100) the inverse accepts.
    pub inverse_limit: f64,
    pub log_peak: f64,
}

impl ToneScale {
    pub fn new(peak: f64) -> ToneScale {
        let n_r = 100.0;
        let r_hit =
            R_HIT_MIN + (R_HIT_MAX - R_HIT_MIN) * ((peak / n_r).ln() / (10000.0f64 / 100.0).ln());
        let m_0 = peak / n_r;
        let m_1 = 0.5 * (m_0 + (m_0 * (m_0 + 4.0 * TOE)).sqrt());
        let u = ((r_hit / m_1) / ((r_hit / m_1) + 1.0)).powf(CONTRAST);
        let m = m_1 / u;
        let w_i = (peak / 100.0).log2();
        let grey_out = GREY_OUT_NITS / n_r * (1.0 + w_i * GREY_BOOST);
        let g_ip = 0.5 * (grey_out + (grey_out * (grey_out + 4.0 * TOE)).sqrt());
        let ratio = (g_ip / m).powf(1.0 / CONTRAST);
        let g_ipp2 = -(m_1 * ratio) / (ratio - 1.0);
        let w_2 = GREY_IN / g_ipp2;
        let u_2 = ((r_hit / m_1) / ((r_hit / m_1) + w_2)).powf(CONTRAST);
        ToneScale {
            grey_out,
            s_2: w_2 * m_1 * REFERENCE_LUMINANCE,
            m_2: m_1 / u_2,
            forward_limit: 8.0 * r_hit,
            inverse_limit: peak / (u_2 * n_r),
            log_peak: (peak / n_r).log10(),
        }
    }

    /// The per-pixel constants, rounded to `T`.
    pub fn curve<T: Real>(&self) -> ToneCurve<T> {
        ToneCurve {
            s_2: T::of(self.s_2),
            m_2: T::of(self.m_2),
            inverse_limit: T::of(self.inverse_limit),
        }
    }
}

/// The tonescale's per-pixel constants.
#[derive(Clone, Copy, Debug)]
pub struct ToneCurve<T> {
    s_2: T,
    m_2: T,
    inverse_limit: T,
}

impl<T: Real> ToneCurve<T> {
    /// Scene luminance to display luminance (both ×100).
    #[inline(always)]
    pub fn forward(&self, y: T) -> T {
        let f = self.m_2 * (y / (y + self.s_2)).powf(T::of(CONTRAST));
        T::of(0.0).max_of(f * f / (f + T::of(TOE))) * T::of(100.0)
    }

    /// Display luminance to scene luminance (both ×100); the display side is clamped to the
    /// curve's range.
    #[inline(always)]
    pub fn inverse(&self, y: T) -> T {
        let z = T::of(0.0).max_of(self.inverse_limit.min_of(y / T::of(REFERENCE_LUMINANCE)));
        let f = (z + (z * (T::of(4.0 * TOE) + z)).sqrt()) / T::of(2.0);
        self.s_2 / ((self.m_2 / f).powf(T::of(1.0 / CONTRAST)) - T::of(1.0))
    }

    /// Tone-mapped lightness from the achromatic response A (the forward pixel path).
    #[inline(always)]
    pub fn a_to_j(&self, a: T, cam: &JMhParams<T>) -> T {
        let y = cam.a_to_y(a);
        cam.y_to_j(self.forward(y)).copysign(a)
    }

    /// Scene lightness from tone-mapped lightness (the inverse pixel path).
    #[inline(always)]
    pub fn j_inverse(&self, j: T, cam: &JMhParams<T>) -> T {
        let y = cam.j_to_y(j.abs());
        cam.y_to_j(self.inverse(y)).copysign(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derived-constant table of aces_math.md §2.3 (double precision).
    #[test]
    fn derived_constants_match_the_published_table() {
        let rows: [(f64, f64, f64, f64, f64, f64, f64); 4] = [
            // peak, c_t, s_2, u_2, m_2, forward_limit, inverse_limit
            (
                100.0,
                0.10013,
                0.919858254,
                0.991799015,
                1.04710376,
                1024.0,
                1.0082688,
            ),
            (
                225.0,
                0.116530243,
                1.78462383,
                0.992259988,
                2.30717063,
                2105.905,
                2.26755087,
            ),
            (
                1000.0,
                0.146697452,
                5.89592689,
                0.986919171,
                10.1729114,
                4096.0,
                10.132542,
            ),
            (
                4000.0,
                0.174733852,
                18.1852692,
                0.972582099,
                41.16872,
                5945.528,
                41.1276334,
            ),
        ];
        for (peak, c_t, s_2, u_2, m_2, fl, il) in rows {
            let t = ToneScale::new(peak);
            let close = |a: f64, b: f64| (a - b).abs() <= 2e-6 * b.abs().max(1.0);
            assert!(close(t.grey_out, c_t), "{peak}: c_t {}", t.grey_out);
            assert!(close(t.s_2 / 100.0, s_2), "{peak}: s_2 {}", t.s_2);
            assert!(close(peak / (100.0 * t.inverse_limit), u_2), "{peak}: u_2");
            assert!(close(t.m_2, m_2), "{peak}: m_2 {}", t.m_2);
            assert!(
                (t.forward_limit - fl).abs() < 1e-3,
                "{peak}: {}",
                t.forward_limit
            );
            assert!(close(t.inverse_limit, il), "{peak}: {}", t.inverse_limit);
        }
    }

    #[test]
    fn grey_and_white_land_on_the_published_nits() {
        for (peak, grey, white) in [(100.0, 9.99993, 45.7566), (1000.0, 14.5116, 106.5639)] {
            let c = ToneScale::new(peak).curve::<f64>();
            assert!((c.forward(18.0) - grey).abs() < 1e-4, "{}", c.forward(18.0));
            assert!(
                (c.forward(100.0) - white).abs() < 1e-4,
                "{}",
                c.forward(100.0)
            );
            assert!((c.inverse(c.forward(18.0)) - 18.0).abs() < 1e-9);
        }
    }
}
