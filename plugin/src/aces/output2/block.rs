//! The block path: eight pixels at a time through every step of the output transform (forward
//! and inverse), each branch of the scalar path turned into a select, with the fast math of
//! [`crate::simd::lanes`]. The scalar `forward`/`inverse` stay the reference; the lanes follow
//! them step by step, with three exact rewrites that save powers:
//! - (J_ts/J)^(1/cz) = A_ts/A and (J_ts/J_max)^(1/cz) = A_ts/A_max, as J = 100·A^cz;
//! - the inverse never forms the scene J: its A comes straight out of the tonescale;
//! - cos h and sin h are a/M and b/M (no trigonometry), the hue angle is a fast atan2.
//!
//! The inverse tonescale's `(m_2/f)^(1/1.15) − 1` is formed as `2^(log2(m_2/f)/1.15) − 1` with an
//! expm1-type series, so near the peak (where the difference goes to zero) it keeps its relative
//! precision instead of cancelling.
//!
//! Agreement with the scalar path is tested in `tests.rs` (bounds stated there).
//!
//! Where the processor has AVX2 and FMA, every kernel runs in `block/avx2.rs` instead: the same
//! steps in registers with pre-broadcast constants (LLVM's vectorisation of these array lanes
//! shuffles lane pairs and re-broadcasts a constant at each use in a kernel this long). These
//! lanes stay the portable path and the reference that one is tested against.

use super::cam::{JMhParams, NL_INVERSE_LIMIT, NL_OFFSET};
use super::chroma::{ChromaCompression, NORM_FOURIER};
use super::gamut::{
    GamutShape, COMPRESSION_THRESHOLD, CUSP_MID_BLEND, FOCUS_GAIN_BLEND, SMOOTH_CUSPS,
};
use super::real::{cast_mat, Mat3};
use super::tone_table::ToneTable;
use super::tonescale::{ToneScale, CONTRAST, TOE};
use super::OutputTransform2;
use crate::ops::matrix::{invert, mul};
use crate::simd::lanes::{atan2_degrees8, clamp3, keep3, map3, mat3, F8, LANES};

/// The lane loop over blocks of eight; the last block is padded with zeros (its padding lanes are
/// computed and dropped). A macro rather than a closure so that the kernel inlines into it.
macro_rules! blocks {
    ($self:ident, $kernel:ident, $r:ident, $g:ident, $b:ident) => {{
        let n = $r.len().min($g.len()).min($b.len());
        let mut start = 0;
        while start < n {
            let count = (n - start).min(LANES);
            let end = start + count;
            let mut lanes = [F8::splat(0.0); 3];
            for (lane, channel) in lanes.iter_mut().zip([&*$r, &*$g, &*$b]) {
                if count == LANES {
                    lane.0.copy_from_slice(&channel[start..end]);
                } else {
                    lane.0[..count].copy_from_slice(&channel[start..end]);
                }
            }
            let out = $self.$kernel(lanes);
            for (channel, lanes) in [&mut *$r, &mut *$g, &mut *$b].into_iter().zip(out) {
                if count == LANES {
                    channel[start..end].copy_from_slice(&lanes.0);
                } else {
                    channel[start..end].copy_from_slice(&lanes.0[..count]);
                }
            }
            start = end;
        }
    }};
}

#[cfg(target_arch = "x86_64")]
mod avx2;

const NL_EXPONENT: f32 = 0.42;
const LOG10_2: f32 = std::f32::consts::LOG10_2;

/// The per-preset constants of the block path, in f32 (matrices fused in f64 first).
#[derive(Clone, Debug)]
pub(super) struct BlockParams {
    /// Clamped AP1 to the input model's cone space, and back (ACES2065-1 side).
    ap1_to_cone: Mat3<f32>,
    cone_to_ap1: Mat3<f32>,
    in_cone_to_aab: Mat3<f32>,
    in_aab_to_cone: Mat3<f32>,
    /// The limiting space's model.
    lim_rgb_to_cone: Mat3<f32>,
    lim_cone_to_rgb: Mat3<f32>,
    lim_cone_to_aab: Mat3<f32>,
    lim_aab_to_cone: Mat3<f32>,
    cz: f32,
    inv_cz: f32,
    a_w_j: f32,
    inv_a_w_j: f32,
    inv_f_l_100: f32,
    /// Tonescale s_2 in cone-signal units, m_2, and the inverse's upper clamp.
    tone_s: f32,
    tone_m: f32,
    tone_inverse_limit: f32,
    /// J_max (the peak's lightness), its reciprocal, and 1/A at J_max.
    limit_j_max: f32,
    inv_limit_j_max: f32,
    inv_a_limit: f32,
    /// Chroma compression.
    sat: f32,
    sat_thr: f32,
    compr: f32,
    norm_scale: f32,
    /// Gamut compression.
    mid_j: f32,
    gain_base: f32,
    lower_hull_gamma_inv: f32,
    model_gamma_inv: f32,
    /// The forward tonescale, tabulated.
    pub(super) tone_table: ToneTable,
    /// The register path's pre-broadcast constants (made on its first run).
    #[cfg(target_arch = "x86_64")]
    reg_k: std::sync::OnceLock<Box<avx2::RegK>>,
}

impl BlockParams {
    pub(super) fn new(
        input: &JMhParams<f64>,
        limit: &JMhParams<f64>,
        tone: &ToneScale,
        chroma: &ChromaCompression<f64>,
        gamut: &GamutShape<f64>,
        ap0_to_ap1: &Mat3<f64>,
    ) -> BlockParams {
        let ap1_to_ap0 = invert(ap0_to_ap1).unwrap_or([[0.0; 3]; 3]);
        let limit_j_max = gamut.limit_j_max;
        BlockParams {
            ap1_to_cone: cast_mat(&mul(&input.rgb_to_cone, &ap1_to_ap0)),
            cone_to_ap1: cast_mat(&mul(ap0_to_ap1, &input.cone_to_rgb)),
            in_cone_to_aab: cast_mat(&input.cone_to_aab),
            in_aab_to_cone: cast_mat(&input.aab_to_cone),
            lim_rgb_to_cone: cast_mat(&limit.rgb_to_cone),
            lim_cone_to_rgb: cast_mat(&limit.cone_to_rgb),
            lim_cone_to_aab: cast_mat(&limit.cone_to_aab),
            lim_aab_to_cone: cast_mat(&limit.aab_to_cone),
            cz: input.cz as f32,
            inv_cz: input.inv_cz as f32,
            a_w_j: input.a_w_j as f32,
            inv_a_w_j: (1.0 / input.a_w_j) as f32,
            inv_f_l_100: (1.0 / (100.0 * input.f_l_n)) as f32,
            tone_s: (tone.s_2 * input.f_l_n) as f32,
            tone_m: tone.m_2 as f32,
            tone_inverse_limit: tone.inverse_limit as f32,
            limit_j_max: limit_j_max as f32,
            inv_limit_j_max: (1.0 / limit_j_max) as f32,
            inv_a_limit: (1.0 / (limit_j_max / 100.0).powf(input.inv_cz)) as f32,
            sat: chroma.sat as f32,
            sat_thr: chroma.sat_thr as f32,
            compr: chroma.compr as f32,
            norm_scale: chroma.scale as f32,
            mid_j: gamut.mid_j as f32,
            gain_base: (limit_j_max * gamut.focus_dist) as f32,
            lower_hull_gamma_inv: gamut.lower_hull_gamma_inv as f32,
            model_gamma_inv: gamut.model_gamma_inv as f32,
            tone_table: ToneTable::new(input, tone),
            #[cfg(target_arch = "x86_64")]
            reg_k: std::sync::OnceLock::new(),
        }
    }

    /// The register path's constants for `t` (whose block parameters these are).
    #[cfg(target_arch = "x86_64")]
    fn reg_k(&self, t: &OutputTransform2) -> &avx2::RegK {
        self.reg_k.get_or_init(|| Box::new(avx2::RegK::new(t)))
    }
}

/// The cone compression, odd-extended.
#[inline(always)]
fn nl_forward(c: F8) -> F8 {
    let p = c.abs().pow_pos(NL_EXPONENT);
    (p / (p + NL_OFFSET as f32)).copysign(c)
}

/// Its inverse (the signal limited below 0.99 first), odd-extended.
#[inline(always)]
fn nl_inverse(c: F8) -> F8 {
    let r = c.abs().min_s(NL_INVERSE_LIMIT as f32);
    let p = r * NL_OFFSET as f32 / (1.0 - r);
    p.pow_pos(1.0 / NL_EXPONENT).copysign(c)
}

/// The positive branch of the compression.
#[inline(always)]
fn nl_forward_positive(v: F8) -> F8 {
    let p = v.pow_pos(NL_EXPONENT);
    p / (p + NL_OFFSET as f32)
}

/// The hue-dependent parameters of the gamut compression, per lane.
struct HueShape8 {
    cusp_j: F8,
    cusp_m: F8,
    gamma_top_inv: F8,
    focus_j: F8,
    inv_focus_j: F8,
    threshold: F8,
}

/// The hue of an (a, b) pair with its cosine and sine (1 and 0 where M = 0, as h = 0 there).
#[inline(always)]
fn hue(a: F8, b: F8, m: F8) -> (F8, F8, F8) {
    let h = atan2_degrees8(b, a);
    let inv_m = 1.0 / m;
    let coloured = m.gt_s(0.0);
    let cos_h = coloured.select(a * inv_m, F8::splat(1.0));
    let sin_h = coloured.select(b * inv_m, F8::splat(0.0));
    (h, cos_h, sin_h)
}

/// A smooth toe below `limit` (identity above it); `INVERSE` undoes it.
#[inline(always)]
fn toe<const INVERSE: bool>(x: F8, limit: F8, k1_in: F8, k2_in: F8) -> F8 {
    let k2 = k2_in.max_s(0.001);
    let k1 = (k1_in * k1_in + k2 * k2).sqrt();
    let k3 = (limit + k1) / (limit + k2);
    let toed = if INVERSE {
        (x * x + k1 * x) / (k3 * (x + k2))
    } else {
        let minus_b = k3 * x - k1;
        let minus_ac = k2 * k3 * x;
        0.5 * (minus_b + (minus_b * minus_b + 4.0 * minus_ac).sqrt())
    };
    x.gt(limit).select(x, toed)
}

/// `j_ref·(j_intersect/j_ref)^inv_gamma · m_max / (j_max − slope·m_max)`: where the compression
/// line meets a gamma-shaped hull.
#[inline(always)]
fn line_meets_hull(
    j_intersect: F8,
    slope: F8,
    inv_gamma: F8,
    j_max: F8,
    m_max: F8,
    j_ref: F8,
) -> F8 {
    let shifted = j_ref * (j_intersect / j_ref).pow_pos_v(inv_gamma);
    shifted * m_max / (j_max - slope * m_max)
}

#[inline(always)]
fn smooth_min(a: F8, b: F8, scale: F8) -> F8 {
    let s = scale * SMOOTH_CUSPS as f32;
    let h = (s - (a - b).abs()).max_s(0.0) / s;
    a.min(b) - h * h * h * s * (1.0 / 6.0)
}

#[inline(always)]
fn remap_m<const INVERSE: bool>(m: F8, gamut: F8, reach: F8) -> F8 {
    let proportion = (gamut / reach).max_s(COMPRESSION_THRESHOLD as f32);
    let threshold = proportion * gamut;
    let unchanged = m.le(threshold) | proportion.ge_s(1.0);
    let m_offset = m - threshold;
    let gamut_offset = gamut - threshold;
    let reach_offset = reach - threshold;
    let scale = reach_offset / ((reach_offset / gamut_offset) - 1.0);
    let nd = m_offset / scale;
    let rolled = if INVERSE {
        nd.ge_s(1.0).select(scale, scale * -(nd / (nd - 1.0)))
    } else {
        scale * nd / (nd + 1.0)
    };
    unchanged.select(m, threshold + rolled)
}

impl OutputTransform2 {
    /// ACES2065-1 to display-linear RGB in the encoding primaries, eight pixels at a time
    /// ([`Self::forward`] per lane, with the fast math).
    #[inline(always)]
    pub(super) fn forward8(&self, aces: [F8; 3]) -> [F8; 3] {
        let p = &self.block;
        let ap1 = clamp3(mat3(&self.ap0_to_ap1, aces), 0.0, self.ap1_limit);
        let cone = map3!(mat3(&p.ap1_to_cone, ap1), nl_forward);
        let [a_chroma, a, b] = mat3(&p.in_cone_to_aab, cone);
        let m = (a * a + b * b).sqrt();
        let (h, cos_h, sin_h) = hue(a, b, m);
        let lanes = self.tables.lanes();
        let reach_m = lanes.reach_m(h);
        let norm = self.norm8(cos_h, sin_h);

        let (a_ts, j_ts) = self.tonescale8(a_chroma);
        let m_cc = self.chroma_forward8(a_chroma, m, a_ts, j_ts, norm, reach_m);
        let [j_out, m_out] = self.gamut_forward8(j_ts, m_cc, h, reach_m);

        let a_out = j_out
            .gt_s(0.0)
            .select((j_out * 0.01).pow_pos(p.inv_cz), F8::splat(0.0));
        let aab = [a_out, m_out * cos_h, m_out * sin_h];
        let cone = map3!(mat3(&p.lim_aab_to_cone, aab), nl_inverse);
        let limited = clamp3(mat3(&p.lim_cone_to_rgb, cone), 0.0, self.white_limit);
        // A ≤ 0 (black) renders to black (the scalar path gets there through NaN and the clamp),
        // and so does A below the tone table (its display values are far below visibility).
        let lit = a_chroma.ge_s(p.tone_table.a_min());
        let limited = keep3(lit, limited);
        mat3(&self.to_encoding, limited)
    }

    /// Display-linear RGB in the encoding primaries back to ACES2065-1, eight pixels at a time
    /// ([`Self::inverse`] per lane).
    #[inline(always)]
    pub(super) fn inverse8(&self, display: [F8; 3]) -> [F8; 3] {
        let p = &self.block;
        let limited = clamp3(mat3(&self.from_encoding, display), 0.0, self.white_limit);
        let cone = map3!(mat3(&p.lim_rgb_to_cone, limited), nl_forward);
        let [a_chroma, a, b] = mat3(&p.lim_cone_to_aab, cone);
        let m = (a * a + b * b).sqrt();
        let (h, cos_h, sin_h) = hue(a, b, m);
        let lit = a_chroma.gt_s(0.0);
        let j = lit.select(a_chroma.pow_pos(p.cz) * 100.0, F8::splat(0.0));
        let m = lit.select(m, F8::splat(0.0));
        let lanes = self.tables.lanes();
        let reach_m = lanes.reach_m(h);
        let norm = self.norm8(cos_h, sin_h);

        let [j_ts, m_cc] = self.gamut_inverse8(j, m, h, reach_m);
        let (a_ts, a_scene) = self.tonescale_inverse8(j_ts);
        let m_scene = self.chroma_inverse8(a_scene, m_cc, a_ts, j_ts, norm, reach_m);

        let aab = [a_scene, m_scene * cos_h, m_scene * sin_h];
        let cone = map3!(mat3(&p.in_aab_to_cone, aab), nl_inverse);
        let ap1 = clamp3(mat3(&p.cone_to_ap1, cone), 0.0, self.ap1_limit);
        let aces = mat3(&self.ap1_to_ap0, ap1);
        keep3(lit, aces)
    }

    /// The hue-dependent normaliser of M (chroma compression).
    #[inline(always)]
    fn norm8(&self, cos_h: F8, sin_h: F8) -> F8 {
        let k = NORM_FOURIER;
        let c2 = 2.0 * cos_h * cos_h - 1.0;
        let s2 = 2.0 * cos_h * sin_h;
        let c3 = 4.0 * cos_h * cos_h * cos_h - 3.0 * cos_h;
        let s3 = 3.0 * sin_h - 4.0 * sin_h * sin_h * sin_h;
        let m = cos_h * k[0] + c2 * k[1] + c3 * k[2] + sin_h * k[3] + s2 * k[4] + s3 * k[5] + k[6];
        m * self.block.norm_scale
    }

    /// Tonescale from the achromatic response: (A_ts, J_ts), from the table.
    #[inline(always)]
    fn tonescale8(&self, a_chroma: F8) -> (F8, F8) {
        self.block.tone_table.lookup(a_chroma)
    }

    /// Inverse tonescale from display lightness: (A_ts, A of the scene).
    #[inline(always)]
    fn tonescale_inverse8(&self, j_ts: F8) -> (F8, F8) {
        let p = &self.block;
        let a_ts = j_ts
            .gt_s(0.0)
            .select((j_ts * 0.01).pow_pos(p.inv_cz), F8::splat(0.0));
        let r = (a_ts * p.a_w_j).min_s(NL_INVERSE_LIMIT as f32);
        let u = (r * NL_OFFSET as f32 / (1.0 - r)).pow_pos(1.0 / NL_EXPONENT);
        let z = F8::splat(0.0).max(F8::splat(p.tone_inverse_limit).min(u * p.inv_f_l_100));
        let f = (z + (z * (z + 4.0 * TOE as f32)).sqrt()) * 0.5;
        // (m_2/f)^(1/c) − 1 without cancellation near the peak.
        let ratio_minus_1 = ((p.tone_m / f).log2_pos() * (1.0 / CONTRAST as f32)).exp2m1();
        let scene = F8::splat(p.tone_s) / ratio_minus_1;
        let scene = z.gt_s(0.0).select(scene, F8::splat(0.0));
        (a_ts, nl_forward_positive(scene) * p.inv_a_w_j)
    }

    #[inline(always)]
    fn chroma_forward8(
        &self,
        a_chroma: F8,
        m: F8,
        a_ts: F8,
        j_ts: F8,
        norm: F8,
        reach_m: F8,
    ) -> F8 {
        let p = &self.block;
        let nj = j_ts * p.inv_limit_j_max;
        let snj = (1.0 - nj).max_s(0.0);
        let inv_norm = 1.0 / norm;
        let limit = a_ts * p.inv_a_limit * reach_m * inv_norm;
        let mc = m * (a_ts / a_chroma) * inv_norm;
        let k2 = (nj * nj + p.sat_thr).sqrt();
        let mc = limit - toe::<false>(limit - mc, limit - 0.001, snj * p.sat, k2);
        let mc = toe::<false>(mc, limit, nj * p.compr, snj);
        m.eq(F8::splat(0.0)).select(m, mc * norm)
    }

    #[inline(always)]
    fn chroma_inverse8(
        &self,
        a_scene: F8,
        mc: F8,
        a_ts: F8,
        j_ts: F8,
        norm: F8,
        reach_m: F8,
    ) -> F8 {
        let p = &self.block;
        let nj = j_ts * p.inv_limit_j_max;
        let snj = (1.0 - nj).max_s(0.0);
        let inv_norm = 1.0 / norm;
        let limit = a_ts * p.inv_a_limit * reach_m * inv_norm;
        let m = toe::<true>(mc * inv_norm, limit, nj * p.compr, snj);
        let k2 = (nj * nj + p.sat_thr).sqrt();
        let m = limit - toe::<true>(limit - m, limit - 0.001, snj * p.sat, k2);
        let m = m * norm * (a_scene / a_ts);
        mc.eq(F8::splat(0.0)).select(mc, m)
    }

    #[inline(always)]
    fn hue_shape8(&self, h: F8) -> HueShape8 {
        let p = &self.block;
        let [cusp_j, cusp_m, gamma_top_inv] = self.tables.lanes().cusp(h);
        let blend = (CUSP_MID_BLEND as f32 - cusp_j * p.inv_limit_j_max).min_s(1.0);
        let focus_j = (p.mid_j - cusp_j) * blend + cusp_j;
        HueShape8 {
            cusp_j,
            cusp_m,
            gamma_top_inv,
            focus_j,
            inv_focus_j: 1.0 / focus_j,
            threshold: (p.limit_j_max - cusp_j) * FOCUS_GAIN_BLEND as f32 + cusp_j,
        }
    }

    /// Where the line through (J, M/gain) meets the lightness axis.
    #[inline(always)]
    fn j_intersect8(&self, j: F8, m_scaled: F8, hue: &HueShape8) -> F8 {
        let top = self.block.limit_j_max;
        let a = m_scaled * hue.inv_focus_j;
        let lower = j.lt(hue.focus_j);
        let b = lower.select(1.0 - m_scaled, -(m_scaled + 1.0 + a * top));
        let c = lower.select(-j, m_scaled * top + j);
        let root = (b * b - 4.0 * a * c).sqrt();
        let den = lower.select(b + root, b - root);
        -2.0 * c / den
    }

    /// One compression (or with `INVERSE` expansion) step: (J, M, gamut boundary M).
    #[inline(always)]
    fn compress8<const INVERSE: bool>(
        &self,
        j: F8,
        m: F8,
        jx: F8,
        hue: &HueShape8,
        reach_m: F8,
    ) -> [F8; 3] {
        let p = &self.block;
        let top = F8::splat(p.limit_j_max);
        let adjust = ((top - hue.threshold) / (top - jx).max_s(0.0001)).log2_pos() * LOG10_2;
        let gain = jx.gt(hue.threshold).select(
            (adjust * adjust + 1.0) * p.gain_base,
            F8::splat(p.gain_base),
        );
        let inv_gain = 1.0 / gain;
        let j_intersect = self.j_intersect8(j, m * inv_gain, hue);
        let direction = j_intersect
            .lt(hue.focus_j)
            .select(j_intersect, top - j_intersect);
        let slope = direction * (j_intersect - hue.focus_j) * hue.inv_focus_j * inv_gain;
        let j_intersect_cusp = self.j_intersect8(hue.cusp_j, hue.cusp_m * inv_gain, hue);
        let lower = line_meets_hull(
            j_intersect,
            slope,
            F8::splat(p.lower_hull_gamma_inv),
            hue.cusp_j,
            hue.cusp_m,
            j_intersect_cusp,
        );
        let upper = line_meets_hull(
            top - j_intersect,
            -slope,
            hue.gamma_top_inv,
            top - hue.cusp_j,
            hue.cusp_m,
            top - j_intersect_cusp,
        );
        let boundary = smooth_min(lower, upper, hue.cusp_m);
        let reach = line_meets_hull(
            j_intersect,
            slope,
            F8::splat(p.model_gamma_inv),
            top,
            reach_m,
            top,
        );
        let remapped = remap_m::<INVERSE>(m, boundary, reach);
        [j_intersect + remapped * slope, remapped, boundary]
    }

    /// Gamut compression of tone-mapped (J, M), with the scalar path's early outs as selects.
    #[inline(always)]
    fn gamut_forward8(&self, j: F8, m: F8, h: F8, reach_m: F8) -> [F8; 2] {
        let hue = self.hue_shape8(h);
        let [jc, mc, boundary] = self.compress8::<false>(j, m, j, &hue, reach_m);
        self.gamut_early_outs(j, m, jc, mc, boundary)
    }

    /// Gamut expansion of display (J, M): above the threshold the focus gain is taken at the
    /// J of a first expansion step (the scalar path's fixed-point step).
    #[inline(always)]
    fn gamut_inverse8(&self, j: F8, m: F8, h: F8, reach_m: F8) -> [F8; 2] {
        let hue = self.hue_shape8(h);
        let [j1, m1, b1] = self.compress8::<true>(j, m, j, &hue, reach_m);
        let refine = j.gt(hue.threshold);
        let [jc, mc, boundary] = if refine.any() {
            let jx = refine.select(b1.le_s(0.0).select(j, j1), j);
            self.compress8::<true>(j, m, jx, &hue, reach_m)
        } else {
            [j1, m1, b1]
        };
        self.gamut_early_outs(j, m, jc, mc, boundary)
    }

    /// J ≤ 0 → (0, 0); M ≤ 0, J above the peak or no gamut boundary → (J, 0).
    #[inline(always)]
    fn gamut_early_outs(&self, j: F8, m: F8, jc: F8, mc: F8, boundary: F8) -> [F8; 2] {
        let black = j.le_s(0.0);
        let neutral = m.le_s(0.0) | j.gt_s(self.block.limit_j_max) | boundary.le_s(0.0);
        let zero = F8::splat(0.0);
        [
            black.select(zero, neutral.select(j, jc)),
            (black | neutral).select(zero, mc),
        ]
    }

    /// The display encoding of [`Self::forward8`].
    #[inline(always)]
    pub(super) fn forward_encoded8(&self, aces: [F8; 3]) -> [F8; 3] {
        self.preset.eotf.encode8(self.forward8(aces))
    }

    #[inline(always)]
    pub(super) fn inverse_encoded8(&self, cv: [F8; 3]) -> [F8; 3] {
        self.inverse8(self.preset.eotf.decode8(cv))
    }

    /// Runs a kernel over planar channels, compiled for the best instruction set available:
    /// in registers (`block/avx2.rs`) where the processor has AVX2 and FMA, else on the
    /// portable lanes.
    pub(super) fn run(&self, kernel: Kernel, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if crate::simd::has_avx512() {
            // SAFETY: the processor supports AVX2, FMA and those AVX-512 subsets (detected).
            unsafe {
                match kernel {
                    Kernel::Forward => avx2::run_avx512::<false, false>(self, r, g, b),
                    Kernel::ForwardEncoded => avx2::run_avx512::<false, true>(self, r, g, b),
                    Kernel::Inverse => avx2::run_avx512::<true, false>(self, r, g, b),
                    Kernel::InverseEncoded => avx2::run_avx512::<true, true>(self, r, g, b),
                }
            }
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
            // SAFETY: the processor supports AVX2 and FMA (checked just above).
            unsafe {
                match kernel {
                    Kernel::Forward => avx2::run_avx2::<false, false>(self, r, g, b),
                    Kernel::ForwardEncoded => avx2::run_avx2::<false, true>(self, r, g, b),
                    Kernel::Inverse => avx2::run_avx2::<true, false>(self, r, g, b),
                    Kernel::InverseEncoded => avx2::run_avx2::<true, true>(self, r, g, b),
                }
            }
            return;
        }
        match kernel {
            Kernel::Forward => blocks!(self, forward8, r, g, b),
            Kernel::ForwardEncoded => blocks!(self, forward_encoded8, r, g, b),
            Kernel::Inverse => blocks!(self, inverse8, r, g, b),
            Kernel::InverseEncoded => blocks!(self, inverse_encoded8, r, g, b),
        }
    }
}

/// Which transform a block run applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kernel {
    Forward,
    ForwardEncoded,
    Inverse,
    InverseEncoded,
}
