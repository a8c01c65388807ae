//! Gamut compression: colours outside the limiting gamut are pulled towards a focus point on the
//! lightness axis, with a Reinhard-type rolloff between the limiting gamut's boundary and the reach
//! gamut's (AP1) boundary. The boundary is an approximation built from the hue's cusp and two
//! gamma-shaped hulls (lower fixed, upper from the per-hue gamma table).

use super::real::{lerp, Real};

/// Smoothing of the hull's two halves at the cusp, and the matching inflation of cusp M.
pub const SMOOTH_CUSPS: f64 = 0.12;
pub const SMOOTH_M: f64 = 0.27;
/// How far towards mid grey the focus point moves for light cusps.
pub(super) const CUSP_MID_BLEND: f64 = 1.3;
/// Where (between cusp and top) the focus gain starts to grow.
pub(super) const FOCUS_GAIN_BLEND: f64 = 0.3;
const FOCUS_DISTANCE: f64 = 1.35;
const FOCUS_DISTANCE_SCALING: f64 = 1.75;
/// Colours within this fraction of the gamut boundary are left alone.
pub(super) const COMPRESSION_THRESHOLD: f64 = 0.75;

/// Per-preset gamut compression constants.
#[derive(Clone, Copy, Debug)]
pub struct GamutShape<T> {
    pub limit_j_max: T,
    /// 1/(c·z): the reach boundary's exponent.
    pub model_gamma_inv: T,
    pub mid_j: T,
    pub focus_dist: T,
    pub lower_hull_gamma_inv: T,
}

impl<T: Real> GamutShape<T> {
    pub fn new(limit_j_max: f64, model_gamma_inv: f64, mid_j: f64, log_peak: f64) -> Self {
        GamutShape {
            limit_j_max: T::of(limit_j_max),
            model_gamma_inv: T::of(model_gamma_inv),
            mid_j: T::of(mid_j),
            focus_dist: T::of(FOCUS_DISTANCE + FOCUS_DISTANCE * FOCUS_DISTANCE_SCALING * log_peak),
            lower_hull_gamma_inv: T::of(1.0 / (1.14 + 0.07 * log_peak)),
        }
    }

    /// The hue-dependent part, from the cusp and upper hull gamma looked up for that hue.
    #[inline(always)]
    pub fn at_cusp(&self, cusp_j: T, cusp_m: T, gamma_top_inv: T) -> HueShape<T> {
        let blend = T::of(1.0).min_of(T::of(CUSP_MID_BLEND) - cusp_j / self.limit_j_max);
        HueShape {
            cusp_j,
            cusp_m,
            gamma_top_inv,
            focus_j: lerp(cusp_j, self.mid_j, blend),
            analytical_threshold: lerp(cusp_j, self.limit_j_max, T::of(FOCUS_GAIN_BLEND)),
        }
    }

    /// Focus gain: grows above the analytical threshold so lines converge less near the top.
    #[inline(always)]
    pub fn focus_gain(&self, j: T, hue: &HueShape<T>) -> T {
        let mut gain = self.limit_j_max * self.focus_dist;
        if j > hue.analytical_threshold {
            let adjust = ((self.limit_j_max - hue.analytical_threshold)
                / T::of(0.0001).max_of(self.limit_j_max - j))
            .log10();
            gain = gain * (adjust * adjust + T::of(1.0));
        }
        gain
    }

    /// Where the compression line through (J, M) meets the lightness axis.
    #[inline(always)]
    pub fn j_intersect(&self, j: T, m: T, focus_j: T, gain: T) -> T {
        let m_scaled = m / gain;
        let a = m_scaled / focus_j;
        if j < focus_j {
            let b = T::of(1.0) - m_scaled;
            let c = -j;
            let root = (b * b - T::of(4.0) * a * c).sqrt();
            T::of(-2.0) * c / (b + root)
        } else {
            let b = -(T::of(1.0) + m_scaled + self.limit_j_max * a);
            let c = self.limit_j_max * m_scaled + j;
            let root = (b * b - T::of(4.0) * a * c).sqrt();
            T::of(-2.0) * c / (b - root)
        }
    }

    /// Slope (dJ/dM) of the compression line leaving the axis at `j_intersect`.
    #[inline(always)]
    pub fn slope(&self, j_intersect: T, focus_j: T, gain: T) -> T {
        let direction = if j_intersect < focus_j {
            j_intersect
        } else {
            self.limit_j_max - j_intersect
        };
        direction * (j_intersect - focus_j) / (focus_j * gain)
    }

    /// M where the compression line meets the approximate limiting-gamut hull.
    #[inline(always)]
    pub fn gamut_boundary_m(
        &self,
        hue: &HueShape<T>,
        j_intersect: T,
        slope: T,
        j_intersect_cusp: T,
    ) -> T {
        let lower = line_meets_hull(
            j_intersect,
            slope,
            self.lower_hull_gamma_inv,
            hue.cusp_j,
            hue.cusp_m,
            j_intersect_cusp,
        );
        // The upper hull is the same shape with the J axis flipped at the top.
        let top = self.limit_j_max;
        let upper = line_meets_hull(
            top - j_intersect,
            -slope,
            hue.gamma_top_inv,
            top - hue.cusp_j,
            hue.cusp_m,
            top - j_intersect_cusp,
        );
        smooth_min(lower, upper, hue.cusp_m)
    }

    /// Compresses (or with `INVERSE` expands) M along the line through (J, M); `jx` is the
    /// lightness that sets the focus gain (J itself forward, an estimate of it in the inverse).
    #[inline(always)]
    pub fn compress<const INVERSE: bool>(
        &self,
        j: T,
        m: T,
        jx: T,
        hue: &HueShape<T>,
        reach_m: T,
    ) -> [T; 2] {
        let gain = self.focus_gain(jx, hue);
        let j_intersect = self.j_intersect(j, m, hue.focus_j, gain);
        let slope = self.slope(j_intersect, hue.focus_j, gain);
        let j_intersect_cusp = self.j_intersect(hue.cusp_j, hue.cusp_m, hue.focus_j, gain);
        let boundary = self.gamut_boundary_m(hue, j_intersect, slope, j_intersect_cusp);
        if boundary <= T::of(0.0) {
            return [j, T::of(0.0)];
        }
        let reach = line_meets_hull(
            j_intersect,
            slope,
            self.model_gamma_inv,
            self.limit_j_max,
            reach_m,
            self.limit_j_max,
        );
        let remapped = remap_m::<T, INVERSE>(m, boundary, reach);
        [j_intersect + remapped * slope, remapped]
    }

    /// Forward gamut compression of tone-mapped (J, M); `hue` is looked up only when needed.
    #[inline(always)]
    pub fn forward(&self, j: T, m: T, hue: impl FnOnce() -> HueShape<T>, reach_m: T) -> [T; 2] {
        let zero = T::of(0.0);
        if j <= zero {
            return [zero, zero];
        }
        if m <= zero || j > self.limit_j_max {
            return [j, zero];
        }
        self.compress::<false>(j, m, j, &hue(), reach_m)
    }

    /// Inverse gamut compression of display (J, M).
    #[inline(always)]
    pub fn inverse(&self, j: T, m: T, hue: impl FnOnce() -> HueShape<T>, reach_m: T) -> [T; 2] {
        let zero = T::of(0.0);
        if j <= zero {
            return [zero, zero];
        }
        if m <= zero || j > self.limit_j_max {
            return [j, zero];
        }
        let hue = &hue();
        // Above the threshold the gain depends on the unknown source J: one fixed-point step.
        let mut jx = j;
        if jx > hue.analytical_threshold {
            jx = self.compress::<true>(j, m, jx, hue, reach_m)[0];
        }
        self.compress::<true>(j, m, jx, hue, reach_m)
    }
}

/// The hue-dependent gamut parameters.
#[derive(Clone, Copy, Debug)]
pub struct HueShape<T> {
    pub cusp_j: T,
    pub cusp_m: T,
    pub gamma_top_inv: T,
    pub focus_j: T,
    pub analytical_threshold: T,
}

/// Approximate intersection of the line `J = slope·M + j_intersect` with the hull
/// `J = j_max·(M/m_max)^(1/inv_gamma)`, by shifting the intersection through the hull's exponent.
#[inline(always)]
fn line_meets_hull<T: Real>(
    j_intersect: T,
    slope: T,
    inv_gamma: T,
    j_max: T,
    m_max: T,
    j_ref: T,
) -> T {
    let shifted = j_ref * (j_intersect / j_ref).powf(inv_gamma);
    shifted * m_max / (j_max - slope * m_max)
}

/// Cubic smooth minimum, its width a fraction of `scale`.
#[inline(always)]
fn smooth_min<T: Real>(a: T, b: T, scale: T) -> T {
    let s = T::of(SMOOTH_CUSPS) * scale;
    let h = (s - (a - b).abs()).max_of(T::of(0.0)) / s;
    a.min_of(b) - h * h * h * s * T::of(1.0 / 6.0)
}

/// Reinhard-type rolloff of M between the gamut boundary and the reach boundary.
#[inline(always)]
fn remap_m<T: Real, const INVERSE: bool>(m: T, gamut: T, reach: T) -> T {
    let proportion = (gamut / reach).max_of(T::of(COMPRESSION_THRESHOLD));
    let threshold = proportion * gamut;
    if m <= threshold || proportion >= T::of(1.0) {
        return m;
    }
    let m_offset = m - threshold;
    let gamut_offset = gamut - threshold;
    let reach_offset = reach - threshold;
    let scale = reach_offset / ((reach_offset / gamut_offset) - T::of(1.0));
    let nd = m_offset / scale;
    let rolled = if !INVERSE {
        scale * nd / (T::of(1.0) + nd)
    } else if nd >= T::of(1.0) {
        scale
    } else {
        scale * -(nd / (nd - T::of(1.0)))
    };
    threshold + rolled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remap_inverts_inside_the_reach() {
        for m in [10.0, 55.0, 70.0, 89.0] {
            let f = remap_m::<f64, false>(m, 60.0, 90.0);
            let back = remap_m::<f64, true>(f, 60.0, 90.0);
            assert!((back - m).abs() < 1e-9, "{m}: {f} -> {back}");
            assert!(f <= 60.0 + 1e-9 || m <= 60.0);
        }
    }

    #[test]
    fn compression_inverts_below_the_threshold() {
        let shape = GamutShape::<f64>::new(100.0, 1.0 / 1.137, 34.1, 0.0);
        let hue = shape.at_cusp(60.0, 80.0, 1.0 / 1.5);
        for (j, m) in [(20.0, 30.0), (50.0, 70.0), (65.0, 40.0)] {
            let [jc, mc] = shape.forward(j, m, || hue, 150.0);
            let [jb, mb] = shape.inverse(jc, mc, || hue, 150.0);
            assert!(
                (jb - j).abs() < 1e-6 && (mb - m).abs() < 1e-6,
                "({j},{m}) -> ({jb},{mb})"
            );
        }
    }
}
