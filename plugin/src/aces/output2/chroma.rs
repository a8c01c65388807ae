//! Chroma compression: the in-gamut, tonescale-aware reduction of colourfulness that keeps
//! highlights from staying saturated as they approach the peak.

use super::real::Real;

/// Compression and expansion strengths and their change per decade of peak luminance.
const COMPRESS: f64 = 2.4;
const COMPRESS_PER_DECADE: f64 = 3.3;
const EXPAND: f64 = 1.3;
const EXPAND_PER_DECADE: f64 = 0.69;
const EXPAND_THRESHOLD: f64 = 0.5;

/// The normaliser's coefficients of cos h, cos 2h, cos 3h, sin h, sin 2h, sin 3h and 1 (f32, as
/// OpenColorIO holds them).
pub(super) const NORM_FOURIER: [f32; 7] = [
    11.34072, 16.46899, 7.88380, 14.66441, -6.37224, 9.19364, 77.12896,
];

/// Per-preset chroma compression parameters.
#[derive(Clone, Copy, Debug)]
pub struct ChromaCompression<T> {
    pub(super) sat: T,
    pub(super) sat_thr: T,
    pub(super) compr: T,
    pub(super) scale: T,
    /// Lightness of the peak, and 1/(c·z).
    limit_j_max: T,
    inv_cz: T,
}

impl<T: Real> ChromaCompression<T> {
    pub fn new(peak: f64, log_peak: f64, limit_j_max: f64, inv_cz: f64) -> ChromaCompression<T> {
        ChromaCompression {
            limit_j_max: T::of(limit_j_max),
            inv_cz: T::of(inv_cz),
            sat: T::of((EXPAND - EXPAND * EXPAND_PER_DECADE * log_peak).max(0.2)),
            sat_thr: T::of(EXPAND_THRESHOLD / peak),
            compr: T::of(COMPRESS + COMPRESS * COMPRESS_PER_DECADE * log_peak),
            scale: T::of((0.03379 * peak).powf(0.30596) - 0.45135),
        }
    }

    /// The hue-dependent normaliser of M (a 3rd-order Fourier fit), from cos/sin of the hue.
    #[inline(always)]
    pub fn norm(&self, cos_h: T, sin_h: T) -> T {
        let c2 = T::of(2.0) * cos_h * cos_h - T::of(1.0);
        let s2 = T::of(2.0) * cos_h * sin_h;
        let c3 = T::of(4.0) * cos_h * cos_h * cos_h - T::of(3.0) * cos_h;
        let s3 = T::of(3.0) * sin_h - T::of(4.0) * sin_h * sin_h * sin_h;
        let k = NORM_FOURIER.map(|v| T::of(v as f64));
        let m = k[0] * cos_h + k[1] * c2 + k[2] * c3 + k[3] * sin_h + k[4] * s2 + k[5] * s3 + k[6];
        m * self.scale
    }

    /// (J, M) → compressed M at tone-mapped lightness `j_ts`. `reach_m` is the reach gamut's M
    /// at the top of the lightness range for this hue.
    #[inline(always)]
    pub fn forward(&self, j: T, m: T, j_ts: T, norm: T, reach_m: T) -> T {
        let (limit_j_max, inv_cz) = (self.limit_j_max, self.inv_cz);
        if m == T::of(0.0) {
            return m;
        }
        let nj = j_ts / limit_j_max;
        let snj = T::of(0.0).max_of(T::of(1.0) - nj);
        let limit = nj.powf(inv_cz) * reach_m / norm;
        let mut mc = m * (j_ts / j).powf(inv_cz);
        mc = mc / norm;
        mc = limit
            - toe_forward(
                limit - mc,
                limit - T::of(0.001),
                snj * self.sat,
                (nj * nj + self.sat_thr).sqrt(),
            );
        mc = toe_forward(mc, limit, nj * self.compr, snj);
        mc * norm
    }

    /// The exact inverse of [`Self::forward`]: compressed M at `j_ts` → M at scene lightness `j`.
    #[inline(always)]
    pub fn inverse(&self, j: T, mc: T, j_ts: T, norm: T, reach_m: T) -> T {
        let (limit_j_max, inv_cz) = (self.limit_j_max, self.inv_cz);
        if mc == T::of(0.0) {
            return mc;
        }
        let nj = j_ts / limit_j_max;
        let snj = T::of(0.0).max_of(T::of(1.0) - nj);
        let limit = nj.powf(inv_cz) * reach_m / norm;
        let mut m = mc / norm;
        m = toe_inverse(m, limit, nj * self.compr, snj);
        m = limit
            - toe_inverse(
                limit - m,
                limit - T::of(0.001),
                snj * self.sat,
                (nj * nj + self.sat_thr).sqrt(),
            );
        m = m * norm;
        m * (j_ts / j).powf(-inv_cz)
    }
}

/// A smooth toe below `limit` (identity above it).
#[inline(always)]
fn toe_forward<T: Real>(x: T, limit: T, k1_in: T, k2_in: T) -> T {
    if x > limit {
        return x;
    }
    let k2 = k2_in.max_of(T::of(0.001));
    let k1 = (k1_in * k1_in + k2 * k2).sqrt();
    let k3 = (limit + k1) / (limit + k2);
    let minus_b = k3 * x - k1;
    let minus_ac = k2 * k3 * x;
    T::of(0.5) * (minus_b + (minus_b * minus_b + T::of(4.0) * minus_ac).sqrt())
}

#[inline(always)]
fn toe_inverse<T: Real>(x: T, limit: T, k1_in: T, k2_in: T) -> T {
    if x > limit {
        return x;
    }
    let k2 = k2_in.max_of(T::of(0.001));
    let k1 = (k1_in * k1_in + k2 * k2).sqrt();
    let k3 = (limit + k1) / (limit + k2);
    (x * x + k1 * x) / (k3 * (x + k2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// aces_math.md §2.4 table: compr, sat, sat_thr, chroma_compress_scale per peak.
    #[test]
    fn parameters_match_the_published_table() {
        for (peak, compr, sat, thr, scale) in [
            (100.0, 2.4, 1.3, 5e-3, 1.0000531),
            (1000.0, 10.32, 0.403, 5e-4, 2.4845958),
            (4000.0, 15.0883151, 0.2, 1.25e-4, 4.0356318),
        ] {
            let log_peak = (peak / 100.0f64).log10();
            let c = ChromaCompression::<f64>::new(peak, log_peak, 100.0, 1.0);
            assert!((c.compr - compr).abs() < 1e-6, "{peak}");
            assert!((c.sat - sat).abs() < 1e-6, "{peak}");
            assert!((c.sat_thr - thr).abs() < 1e-12, "{peak}");
            assert!((c.scale - scale).abs() < 1e-6, "{peak}: {}", c.scale);
        }
    }

    #[test]
    fn toe_inverts() {
        for x in [0.01, 0.2, 0.7] {
            let y = toe_forward(x, 1.0, 0.5, 0.3);
            assert!((toe_inverse(y, 1.0, 0.5, 0.3) - x).abs() < 1e-12);
        }
    }

    #[test]
    fn compression_inverts() {
        let c = ChromaCompression::<f64>::new(1000.0, 1.0, 283.25, 1.0 / 1.137);
        let norm = c.norm(0.3f64.cos(), 0.3f64.sin());
        let (j, j_ts, reach) = (60.0, 50.0, 400.0);
        let mc = c.forward(j, 30.0, j_ts, norm, reach);
        let m = c.inverse(j, mc, j_ts, norm, reach);
        assert!((m - 30.0).abs() < 1e-9, "{m}");
    }
}
