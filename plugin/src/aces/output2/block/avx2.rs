//! The forward block path in AVX2 registers ([`V8`]): the same steps as
//! [`OutputTransform2::forward8`] (the portable lanes), with every constant pre-broadcast once per
//! preset ([`ForwardK`]) and read as a memory operand, and fused multiply-adds in the matrices
//! and polynomials. The inverse keeps the portable lanes (its round trip has the thinner margin).
//!
//! The hue tables and the tone table are read through their portable lookups (gathers either
//! way); their lanes cross over through memory.

use super::super::cam::{NL_INVERSE_LIMIT, NL_OFFSET};
use super::super::chroma::NORM_FOURIER;
use super::super::gamut::{COMPRESSION_THRESHOLD, CUSP_MID_BLEND, FOCUS_GAIN_BLEND, SMOOTH_CUSPS};
use super::super::{Eotf, OutputTransform2};
use super::{LOG10_2, NL_EXPONENT};
use crate::simd::avx2::{kmat3, mat3, KMat3, MathK, K8, V8, VM};
use crate::simd::lanes::{F8, LANES};

/// Every constant of the forward block path, pre-broadcast.
#[derive(Clone, Debug)]
pub(in super::super) struct ForwardK {
    math: MathK,
    ap0_to_ap1: KMat3,
    ap1_to_cone: KMat3,
    in_cone_to_aab: KMat3,
    lim_aab_to_cone: KMat3,
    lim_cone_to_rgb: KMat3,
    to_encoding: KMat3,
    ap1_limit: K8,
    white_limit: K8,
    zero: K8,
    half: K8,
    one: K8,
    two: K8,
    three: K8,
    four: K8,
    minus_two: K8,
    hundredth: K8,
    toe_floor: K8,
    toe_gap: K8,
    adjust_floor: K8,
    nl_exponent: K8,
    nl_inverse_exponent: K8,
    nl_offset: K8,
    nl_limit: K8,
    /// The chroma normaliser's Fourier terms, times its scale.
    norm: [K8; 7],
    a_min: K8,
    inv_cz: K8,
    limit_j_max: K8,
    inv_limit_j_max: K8,
    inv_a_limit: K8,
    sat: K8,
    sat_thr: K8,
    compr: K8,
    mid_j: K8,
    gain_base: K8,
    log10_2: K8,
    cusp_mid_blend: K8,
    focus_gain_blend: K8,
    smooth_cusps: K8,
    sixth: K8,
    compression_threshold: K8,
    lower_hull_gamma_inv: K8,
    model_gamma_inv: K8,
    /// 1/gamma of a pure-power display encoding (None: the encoding's own lanes).
    encode_power: Option<K8>,
}

impl ForwardK {
    pub(in super::super) fn new(t: &OutputTransform2) -> ForwardK {
        let p = &t.block;
        let s = F8::splat;
        let encode_power = match t.preset.eotf {
            Eotf::Bt1886 => Some(s(1.0 / 2.4)),
            Eotf::Gamma26 => Some(s(1.0 / 2.6)),
            Eotf::Gamma22 => Some(s(1.0 / 2.2)),
            _ => None,
        };
        ForwardK {
            math: MathK::new(),
            ap0_to_ap1: kmat3(&t.ap0_to_ap1),
            ap1_to_cone: kmat3(&p.ap1_to_cone),
            in_cone_to_aab: kmat3(&p.in_cone_to_aab),
            lim_aab_to_cone: kmat3(&p.lim_aab_to_cone),
            lim_cone_to_rgb: kmat3(&p.lim_cone_to_rgb),
            to_encoding: kmat3(&t.to_encoding),
            ap1_limit: s(t.ap1_limit),
            white_limit: s(t.white_limit),
            zero: s(0.0),
            half: s(0.5),
            one: s(1.0),
            two: s(2.0),
            three: s(3.0),
            four: s(4.0),
            minus_two: s(-2.0),
            hundredth: s(0.01),
            toe_floor: s(0.001),
            toe_gap: s(0.001),
            adjust_floor: s(0.0001),
            nl_exponent: s(NL_EXPONENT),
            nl_inverse_exponent: s(1.0 / NL_EXPONENT),
            nl_offset: s(NL_OFFSET as f32),
            nl_limit: s(NL_INVERSE_LIMIT as f32),
            norm: NORM_FOURIER.map(|k| s(k * p.norm_scale)),
            a_min: s(p.tone_table.a_min()),
            inv_cz: s(p.inv_cz),
            limit_j_max: s(p.limit_j_max),
            inv_limit_j_max: s(p.inv_limit_j_max),
            inv_a_limit: s(p.inv_a_limit),
            sat: s(p.sat),
            sat_thr: s(p.sat_thr),
            compr: s(p.compr),
            mid_j: s(p.mid_j),
            gain_base: s(p.gain_base),
            log10_2: s(LOG10_2),
            cusp_mid_blend: s(CUSP_MID_BLEND as f32),
            focus_gain_blend: s(FOCUS_GAIN_BLEND as f32),
            smooth_cusps: s(SMOOTH_CUSPS as f32),
            sixth: s(1.0 / 6.0),
            compression_threshold: s(COMPRESSION_THRESHOLD as f32),
            lower_hull_gamma_inv: s(p.lower_hull_gamma_inv),
            model_gamma_inv: s(p.model_gamma_inv),
            encode_power,
        }
    }
}

/// The hue-dependent parameters of the gamut compression, per lane.
struct HueShape {
    cusp_j: V8,
    cusp_m: V8,
    gamma_top_inv: V8,
    focus_j: V8,
    inv_focus_j: V8,
    threshold: V8,
}

/// One forward pass over eight pixels; `k` and `t` belong together.
struct Forward<'a> {
    t: &'a OutputTransform2,
    k: &'a ForwardK,
}

impl Forward<'_> {
    #[inline(always)]
    fn c(&self, c: &K8) -> V8 {
        // SAFETY: a Forward exists only inside the AVX2+FMA runner below.
        unsafe { V8::k(c) }
    }

    #[inline(always)]
    fn nl_forward(&self, c: V8) -> V8 {
        let p = self.k.math.pow_pos(c.abs(), self.c(&self.k.nl_exponent));
        (p / (p + &self.k.nl_offset)).with_sign_of(c)
    }

    #[inline(always)]
    fn nl_inverse(&self, c: V8) -> V8 {
        let k = self.k;
        let r = c.abs().min(self.c(&k.nl_limit));
        let p = r * &k.nl_offset / (self.c(&k.one) - r);
        k.math
            .pow_pos(p, self.c(&k.nl_inverse_exponent))
            .with_sign_of(c)
    }

    #[inline(always)]
    fn clamp3(&self, v: [V8; 3], hi: &K8) -> [V8; 3] {
        let (lo, hi) = (self.c(&self.k.zero), self.c(hi));
        [v[0].clamp(lo, hi), v[1].clamp(lo, hi), v[2].clamp(lo, hi)]
    }

    /// ACES2065-1 to display-linear RGB in the encoding primaries.
    #[inline(always)]
    fn forward(&self, aces: [V8; 3]) -> [V8; 3] {
        let (t, k) = (self.t, self.k);
        let ap1 = self.clamp3(mat3(&k.ap0_to_ap1, aces), &k.ap1_limit);
        let [c0, c1, c2] = mat3(&k.ap1_to_cone, ap1);
        let cone = [
            self.nl_forward(c0),
            self.nl_forward(c1),
            self.nl_forward(c2),
        ];
        let [a_chroma, a, b] = mat3(&k.in_cone_to_aab, cone);
        let m = b.mul_add(b, a * a).sqrt();
        let h = k.math.atan2_degrees(b, a);
        let inv_m = self.c(&k.one) / m;
        let coloured = m.gt0();
        let cos_h = coloured.select(a * inv_m, self.c(&k.one));
        let sin_h = (b * inv_m).keep(coloured);
        let h8 = h.to_f8();
        let lanes = t.tables.lanes();
        let reach_m = self.v(lanes.reach_m(h8));
        let norm = self.norm(cos_h, sin_h);

        let (a_ts, j_ts) = t.block.tone_table.lookup(a_chroma.to_f8());
        let (a_ts, j_ts) = (self.v(a_ts), self.v(j_ts));
        let m_cc = self.chroma(a_chroma, m, a_ts, j_ts, norm, reach_m);
        let hue = self.hue_shape(lanes.cusp(h8));
        let [j_out, m_out] = self.gamut(j_ts, m_cc, &hue, reach_m);

        let a_out = k
            .math
            .pow_pos(j_out * &k.hundredth, self.c(&k.inv_cz))
            .keep(j_out.gt0());
        let aab = [a_out, m_out * cos_h, m_out * sin_h];
        let [c0, c1, c2] = mat3(&k.lim_aab_to_cone, aab);
        let cone = [
            self.nl_inverse(c0),
            self.nl_inverse(c1),
            self.nl_inverse(c2),
        ];
        let limited = self.clamp3(mat3(&k.lim_cone_to_rgb, cone), &k.white_limit);
        // Black and below the tone table render black, as on the portable lanes.
        let lit = a_chroma.ge(self.c(&k.a_min));
        let [r, g, b] = limited;
        mat3(&k.to_encoding, [r.keep(lit), g.keep(lit), b.keep(lit)])
    }

    #[inline(always)]
    fn v(&self, f: F8) -> V8 {
        // SAFETY: as in `c`.
        unsafe { V8::from_f8(f) }
    }

    /// The display encoding: pure powers here, the others through the portable lanes.
    #[inline(always)]
    fn encode(&self, rgb: [V8; 3]) -> [V8; 3] {
        match &self.k.encode_power {
            Some(power) => {
                let power = self.c(power);
                let [r, g, b] = rgb;
                [
                    self.k.math.pow_pos(r, power).keep(r.gt0()),
                    self.k.math.pow_pos(g, power).keep(g.gt0()),
                    self.k.math.pow_pos(b, power).keep(b.gt0()),
                ]
            }
            None => {
                let [r, g, b] = rgb;
                let [r, g, b] = self
                    .t
                    .preset
                    .eotf
                    .encode8([r.to_f8(), g.to_f8(), b.to_f8()]);
                [self.v(r), self.v(g), self.v(b)]
            }
        }
    }

    /// The hue-dependent normaliser of M (chroma compression), scale included.
    #[inline(always)]
    fn norm(&self, c: V8, s: V8) -> V8 {
        let k = self.k;
        let (cc, ss) = (c * c, s * s);
        let c2 = cc.mul_sub(self.c(&k.two), self.c(&k.one));
        let s2 = (c * s) * &k.two;
        let c3 = c * cc.mul_sub(self.c(&k.four), self.c(&k.three));
        let s3 = s * ss.neg_mul_add(self.c(&k.four), self.c(&k.three));
        let n = &k.norm;
        let acc = c.mul_add(self.c(&n[0]), self.c(&n[6]));
        let acc = c2.mul_add(self.c(&n[1]), acc);
        let acc = c3.mul_add(self.c(&n[2]), acc);
        let acc = s.mul_add(self.c(&n[3]), acc);
        let acc = s2.mul_add(self.c(&n[4]), acc);
        s3.mul_add(self.c(&n[5]), acc)
    }

    /// The forward toe: identity above `limit`.
    #[inline(always)]
    fn toe(&self, x: V8, limit: V8, k1_in: V8, k2_in: V8) -> V8 {
        let k = self.k;
        let k2 = k2_in.max(self.c(&k.toe_floor));
        let k1 = k1_in.mul_add(k1_in, k2 * k2).sqrt();
        let k3 = (limit + k1) / (limit + k2);
        let minus_b = k3.mul_sub(x, k1);
        let minus_ac = k2 * k3 * x;
        let root = minus_b.mul_add(minus_b, minus_ac * &k.four).sqrt();
        let toed = (minus_b + root) * &k.half;
        x.gt(limit).select(x, toed)
    }

    #[inline(always)]
    fn chroma(&self, a_chroma: V8, m: V8, a_ts: V8, j_ts: V8, norm: V8, reach_m: V8) -> V8 {
        let k = self.k;
        let nj = j_ts * &k.inv_limit_j_max;
        let snj = (self.c(&k.one) - nj).max0();
        let inv_norm = self.c(&k.one) / norm;
        let limit = a_ts * &k.inv_a_limit * reach_m * inv_norm;
        let mc = m * (a_ts / a_chroma) * inv_norm;
        let k2 = nj.mul_add(nj, self.c(&k.sat_thr)).sqrt();
        let mc = limit - self.toe(limit - mc, limit - &k.toe_gap, snj * &k.sat, k2);
        let mc = self.toe(mc, limit, nj * &k.compr, snj);
        m.eq(self.c(&k.zero)).select(m, mc * norm)
    }

    #[inline(always)]
    fn hue_shape(&self, [cusp_j, cusp_m, gamma_top_inv]: [F8; 3]) -> HueShape {
        let k = self.k;
        let (cusp_j, cusp_m) = (self.v(cusp_j), self.v(cusp_m));
        let blend = cusp_j
            .neg_mul_add(self.c(&k.inv_limit_j_max), self.c(&k.cusp_mid_blend))
            .min(self.c(&k.one));
        let focus_j = (self.c(&k.mid_j) - cusp_j).mul_add(blend, cusp_j);
        HueShape {
            cusp_j,
            cusp_m,
            gamma_top_inv: self.v(gamma_top_inv),
            focus_j,
            inv_focus_j: self.c(&k.one) / focus_j,
            threshold: (self.c(&k.limit_j_max) - cusp_j)
                .mul_add(self.c(&k.focus_gain_blend), cusp_j),
        }
    }

    /// Where the line through (J, M/gain) meets the lightness axis.
    #[inline(always)]
    fn j_intersect(&self, j: V8, m_scaled: V8, hue: &HueShape) -> V8 {
        let k = self.k;
        let top = self.c(&k.limit_j_max);
        let one = self.c(&k.one);
        let a = m_scaled * hue.inv_focus_j;
        let lower = j.lt(hue.focus_j);
        let b = lower.select(one - m_scaled, -(a.mul_add(top, m_scaled + one)));
        let c = lower.select(-j, m_scaled.mul_add(top, j));
        let root = b.mul_add(b, -(a * &k.four * c)).sqrt();
        let den = lower.select(b + root, b - root);
        c * &k.minus_two / den
    }

    /// `j_ref·(j_intersect/j_ref)^inv_gamma · m_max / (j_max − slope·m_max)`.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn line_meets_hull(
        &self,
        j_intersect: V8,
        slope: V8,
        inv_gamma: V8,
        j_max: V8,
        m_max: V8,
        j_ref: V8,
    ) -> V8 {
        let shifted = j_ref * self.k.math.pow_pos(j_intersect / j_ref, inv_gamma);
        shifted * m_max / slope.neg_mul_add(m_max, j_max)
    }

    #[inline(always)]
    fn smooth_min(&self, a: V8, b: V8, scale: V8) -> V8 {
        let k = self.k;
        let s = scale * &k.smooth_cusps;
        let h = (s - (a - b).abs()).max0() / s;
        (h * h * h * s).neg_mul_add(self.c(&k.sixth), a.min(b))
    }

    #[inline(always)]
    fn remap_m(&self, m: V8, gamut: V8, reach: V8) -> V8 {
        let k = self.k;
        let one = self.c(&k.one);
        let proportion = (gamut / reach).max(self.c(&k.compression_threshold));
        let threshold = proportion * gamut;
        let unchanged = m.le(threshold) | proportion.ge(one);
        let m_offset = m - threshold;
        let gamut_offset = gamut - threshold;
        let reach_offset = reach - threshold;
        let scale = reach_offset / ((reach_offset / gamut_offset) - one);
        let nd = m_offset / scale;
        let rolled = scale * nd / (nd + one);
        unchanged.select(m, threshold + rolled)
    }

    /// Gamut compression of tone-mapped (J, M), with the scalar path's early outs as selects.
    #[inline(always)]
    fn gamut(&self, j: V8, m: V8, hue: &HueShape, reach_m: V8) -> [V8; 2] {
        let k = self.k;
        let top = self.c(&k.limit_j_max);
        let adjust = self
            .k
            .math
            .log2_pos((top - hue.threshold) / (top - j).max(self.c(&k.adjust_floor)))
            * &k.log10_2;
        let gain_base = self.c(&k.gain_base);
        let gain = j.gt(hue.threshold).select(
            adjust.mul_add(adjust, self.c(&k.one)) * gain_base,
            gain_base,
        );
        let inv_gain = self.c(&k.one) / gain;
        let j_intersect = self.j_intersect(j, m * inv_gain, hue);
        let direction = j_intersect
            .lt(hue.focus_j)
            .select(j_intersect, top - j_intersect);
        let slope = direction * (j_intersect - hue.focus_j) * hue.inv_focus_j * inv_gain;
        let j_intersect_cusp = self.j_intersect(hue.cusp_j, hue.cusp_m * inv_gain, hue);
        let lower = self.line_meets_hull(
            j_intersect,
            slope,
            self.c(&k.lower_hull_gamma_inv),
            hue.cusp_j,
            hue.cusp_m,
            j_intersect_cusp,
        );
        let upper = self.line_meets_hull(
            top - j_intersect,
            -slope,
            hue.gamma_top_inv,
            top - hue.cusp_j,
            hue.cusp_m,
            top - j_intersect_cusp,
        );
        let boundary = self.smooth_min(lower, upper, hue.cusp_m);
        let reach = self.line_meets_hull(
            j_intersect,
            slope,
            self.c(&k.model_gamma_inv),
            top,
            reach_m,
            top,
        );
        let mc = self.remap_m(m, boundary, reach);
        let jc = mc.mul_add(slope, j_intersect);
        // J ≤ 0 → (0, 0); M ≤ 0, J above the peak or no gamut boundary → (J, 0).
        let black: VM = j.le0();
        let neutral = m.le0() | j.gt(top) | boundary.le0();
        let zero = self.c(&k.zero);
        [
            black.select(zero, neutral.select(j, jc)),
            (black | neutral).select(zero, mc),
        ]
    }
}

/// [`OutputTransform2::forward8`] (with the display encoding when `ENCODED`) over planar
/// channels, in AVX2 registers.
///
/// # Safety
/// The processor must support AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn run_forward<const ENCODED: bool>(
    t: &OutputTransform2,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    forward_blocks::<ENCODED>(t, r, g, b)
}

/// [`run_forward`] compiled where AVX-512 is there too (see [`crate::simd::has_avx512`]): the
/// same 256-bit code, with 32 registers to keep its constants and temporaries in.
///
/// # Safety
/// The processor must support AVX2, FMA, AVX-512F, VL, DQ and BW.
#[target_feature(enable = "avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")]
pub(super) unsafe fn run_forward_avx512<const ENCODED: bool>(
    t: &OutputTransform2,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    forward_blocks::<ENCODED>(t, r, g, b)
}

/// The body of both runners, inlined into each.
///
/// # Safety
/// The processor must support AVX2 and FMA.
#[inline(always)]
unsafe fn forward_blocks<const ENCODED: bool>(
    t: &OutputTransform2,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    let pass = Forward {
        t,
        k: t.block.forward_k(t),
    };
    let n = r.len().min(g.len()).min(b.len());
    let mut start = 0;
    // Whole blocks straight from and to the channels.
    while start + LANES <= n {
        let whole = start..start + LANES;
        let rgb = [
            V8::load(&r[whole.clone()]),
            V8::load(&g[whole.clone()]),
            V8::load(&b[whole]),
        ];
        let out = pass.forward(rgb);
        let out = if ENCODED { pass.encode(out) } else { out };
        out[0].store(&mut r[start..start + LANES]);
        out[1].store(&mut g[start..start + LANES]);
        out[2].store(&mut b[start..start + LANES]);
        start += LANES;
    }
    // The remainder, padded with zeros.
    while start < n {
        let count = (n - start).min(LANES);
        let end = start + count;
        let mut lanes = [F8::splat(0.0); 3];
        for (lane, channel) in lanes.iter_mut().zip([&*r, &*g, &*b]) {
            lane.0[..count].copy_from_slice(&channel[start..end]);
        }
        let rgb = [
            V8::from_f8(lanes[0]),
            V8::from_f8(lanes[1]),
            V8::from_f8(lanes[2]),
        ];
        let out = pass.forward(rgb);
        let out = if ENCODED { pass.encode(out) } else { out };
        for (channel, lane) in [&mut *r, &mut *g, &mut *b].into_iter().zip(out) {
            channel[start..end].copy_from_slice(&lane.to_f8().0[..count]);
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::{Preset, PRESETS};
    use super::*;

    /// The register path against the portable lanes it mirrors and against the scalar path,
    /// every preset, forward and encoded (compared as light), over a grid of ACES values with
    /// negatives and highlights: within 2e-5 relative to the pixel's largest channel (at least
    /// 1), the block path's bound (FMA roundings differ; a wrong step is off by far more).
    #[test]
    fn register_path_follows_the_portable_lanes() {
        if crate::simd::best_isa() != crate::simd::Isa::Avx2Fma {
            eprintln!("no AVX2+FMA here: skipped");
            return;
        }
        let steps = [-0.05f32, 0.0, 0.001, 0.02, 0.18, 0.5, 1.0, 4.0, 30.0, 200.0];
        let mut px = Vec::new();
        for &r in &steps {
            for &g in &steps {
                for &b in &steps {
                    px.push([r, g, b]);
                }
            }
        }
        px.push([1.0; 3]); // an odd length: the remainder path too
        let presets: Vec<&Preset> = PRESETS.iter().collect();
        for preset in presets {
            let t = OutputTransform2::new(preset);
            for encoded in [false, true] {
                let planar = || -> [Vec<f32>; 3] {
                    std::array::from_fn(|c| px.iter().map(|p| p[c]).collect())
                };
                let [mut r0, mut g0, mut b0] = planar();
                if encoded {
                    blocks!(t, forward_encoded8, r0, g0, b0);
                } else {
                    blocks!(t, forward8, r0, g0, b0);
                }
                let [mut r1, mut g1, mut b1] = planar();
                // SAFETY: AVX2 and FMA are available (checked above).
                unsafe {
                    if encoded {
                        run_forward::<true>(&t, &mut r1, &mut g1, &mut b1);
                    } else {
                        run_forward::<false>(&t, &mut r1, &mut g1, &mut b1);
                    }
                }
                // Code values are compared as light (decoded): near black a code value
                // magnifies the light's last-bit differences a thousandfold.
                let light = |rgb: [f32; 3]| {
                    if encoded {
                        t.preset.eotf.decode(rgb)
                    } else {
                        rgb
                    }
                };
                let (mut worst, mut worst_scalar) = (0.0f32, 0.0f32);
                for (i, p) in px.iter().enumerate() {
                    let exact = if encoded {
                        light(t.forward_encoded(*p))
                    } else {
                        t.forward(*p)
                    };
                    let portable = light([r0[i], g0[i], b0[i]]);
                    let register = light([r1[i], g1[i], b1[i]]);
                    // Relative to the pixel's largest channel (at least 1): a small channel
                    // next to a clipped one comes out of a cancellation in the matrices.
                    let scale = exact.iter().fold(1.0f32, |m, v| m.max(v.abs()));
                    for c in 0..3 {
                        worst = worst.max((portable[c] - register[c]).abs() / scale);
                        worst_scalar = worst_scalar.max((exact[c] - register[c]).abs() / scale);
                    }
                }
                eprintln!(
                    "{} encoded={encoded}: register vs portable {worst:.2e}, vs scalar \
                     {worst_scalar:.2e}",
                    preset.name
                );
                assert!(worst <= 2e-5, "{}: {worst}", preset.name);
                assert!(worst_scalar <= 2e-5, "{}: {worst_scalar}", preset.name);
            }
        }
    }

    /// Where AVX-512 is there, its twin of the register path runs the same instructions'
    /// arithmetic (only the registers and encodings differ): the same bits, every preset.
    #[test]
    fn the_avx512_twin_gives_the_same_bits() {
        if !crate::simd::has_avx512() {
            eprintln!("no AVX-512 here (or AMFX_NO_AVX512 set): skipped");
            return;
        }
        let steps = [
            -0.05f32,
            0.0,
            0.001,
            0.02,
            0.18,
            0.5,
            1.0,
            4.0,
            30.0,
            200.0,
            f32::NAN,
        ];
        let mut px = Vec::new();
        for &r in &steps {
            for &g in &steps {
                for &b in &steps {
                    px.push([r, g, b]);
                }
            }
        }
        for preset in PRESETS.iter() {
            let t = OutputTransform2::new(preset);
            for encoded in [false, true] {
                let planar = || -> [Vec<f32>; 3] {
                    std::array::from_fn(|c| px.iter().map(|p| p[c]).collect())
                };
                let [mut r0, mut g0, mut b0] = planar();
                let [mut r1, mut g1, mut b1] = planar();
                // SAFETY: AVX2, FMA and the AVX-512 subsets are available (checked above).
                unsafe {
                    if encoded {
                        run_forward::<true>(&t, &mut r0, &mut g0, &mut b0);
                        run_forward_avx512::<true>(&t, &mut r1, &mut g1, &mut b1);
                    } else {
                        run_forward::<false>(&t, &mut r0, &mut g0, &mut b0);
                        run_forward_avx512::<false>(&t, &mut r1, &mut g1, &mut b1);
                    }
                }
                for (a, b) in [(&r0, &r1), (&g0, &g1), (&b0, &b1)] {
                    let bits = |v: &Vec<f32>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(a), bits(b), "{} encoded={encoded}", preset.name);
                }
            }
        }
    }
}
