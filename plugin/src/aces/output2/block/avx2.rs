//! The block path in registers: the same steps as [`OutputTransform2::forward8`] and
//! [`OutputTransform2::inverse8`] (the portable lanes), written once over [`Reg`] and compiled
//! either for four AVX2 registers
//! driven together ([`Quad`] of [`V8`], 32 lanes) or for two AVX-512 registers ([`Pair`] of
//! [`V16`], 32 lanes too): the kernel is bound by its chain of dependent steps, and chains side
//! by side carry more pixels along it (Zen 3, chain b at 1920x1080 on one thread: 145-150 ms
//! with one V8 chain, 108-113 ms with two, and in a later run 99 ms with two against 94 ms with
//! four; Zen 4, chain a: 60 ms with one V16, 45.5 with two, and four do not fit the 32-lane
//! runner). Every constant is pre-broadcast once
//! per preset ([`RegK`]) and read as a memory operand, and fused multiply-adds in the
//! matrices and polynomials. The inverse's steps share the forward's (the toe, the gamut
//! compression and the M remapping take an `INVERSE` switch, as on the portable lanes).
//!
//! The hue tables and the tone table are read through their portable lookups (gathers either
//! way), eight lanes at a time; their lanes cross over through memory.

use super::super::cam::{NL_INVERSE_LIMIT, NL_OFFSET};
use super::super::chroma::NORM_FOURIER;
use super::super::encoding_reg::{DecodingK, EncodingK};
use super::super::gamut::{COMPRESSION_THRESHOLD, CUSP_MID_BLEND, FOCUS_GAIN_BLEND, SMOOTH_CUSPS};
use super::super::tonescale::{CONTRAST, TOE};
use super::super::OutputTransform2;
use super::{LOG10_2, NL_EXPONENT};
use crate::simd::avx2::V8;
use crate::simd::avx512::V16;
use crate::simd::lanes::F8;
use crate::simd::pair::{Pair, Quad};
use crate::simd::planar::RegKernel;
use crate::simd::reg::{kmat3, mat3, KMat3, Reg, RegMask, K8};
use crate::simd::reg_math::MathK;

/// The most eight-lane blocks a register holds: the widest of the runners' register types
/// ([`Quad`] of [`V8`] and [`Pair`] of [`V16`] hold four).
const MAX_BLOCKS: usize = <Quad<V8> as Reg>::BLOCKS;

/// Every constant of the block path (both directions), pre-broadcast.
#[derive(Clone, Debug)]
pub(in super::super) struct RegK {
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
    /// The display encoding in registers; `None` for HLG (through its portable lanes).
    encoding: Option<EncodingK>,
    // The inverse's own.
    from_encoding: KMat3,
    lim_rgb_to_cone: KMat3,
    lim_cone_to_aab: KMat3,
    in_aab_to_cone: KMat3,
    cone_to_ap1: KMat3,
    ap1_to_ap0: KMat3,
    cz: K8,
    hundred: K8,
    a_w_j: K8,
    inv_a_w_j: K8,
    inv_f_l_100: K8,
    tone_s: K8,
    tone_m: K8,
    tone_inverse_limit: K8,
    four_toe: K8,
    inv_contrast: K8,
    /// The display decoding in registers; `None` for HLG.
    decoding: Option<DecodingK>,
}

impl RegK {
    pub(in super::super) fn new(t: &OutputTransform2) -> RegK {
        let p = &t.block;
        let s = F8::splat;
        RegK {
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
            encoding: EncodingK::new(t.preset.eotf),
            from_encoding: kmat3(&t.from_encoding),
            lim_rgb_to_cone: kmat3(&p.lim_rgb_to_cone),
            lim_cone_to_aab: kmat3(&p.lim_cone_to_aab),
            in_aab_to_cone: kmat3(&p.in_aab_to_cone),
            cone_to_ap1: kmat3(&p.cone_to_ap1),
            ap1_to_ap0: kmat3(&t.ap1_to_ap0),
            cz: s(p.cz),
            hundred: s(100.0),
            a_w_j: s(p.a_w_j),
            inv_a_w_j: s(p.inv_a_w_j),
            inv_f_l_100: s(p.inv_f_l_100),
            tone_s: s(p.tone_s),
            tone_m: s(p.tone_m),
            tone_inverse_limit: s(p.tone_inverse_limit),
            four_toe: s(4.0 * TOE as f32),
            inv_contrast: s(1.0 / CONTRAST as f32),
            decoding: DecodingK::new(t.preset.eotf),
        }
    }
}

/// The polar form of a colour's (a, b).
struct Polar<V> {
    m: V,
    h: V,
    cos_h: V,
    sin_h: V,
}

/// The hue-dependent parameters of the gamut compression, per lane.
struct HueShape<V> {
    cusp_j: V,
    cusp_m: V,
    gamma_top_inv: V,
    focus_j: V,
    inv_focus_j: V,
    threshold: V,
}

/// One forward pass over the lanes of a `V`; `k` and `t` belong together.
struct Steps<'a, V> {
    t: &'a OutputTransform2,
    k: &'a RegK,
    lanes: std::marker::PhantomData<V>,
}

impl<V: Reg> Steps<'_, V> {
    #[inline(always)]
    fn c(&self, c: &K8) -> V {
        // SAFETY: a Steps exists only inside the runners below, which have V's instructions.
        unsafe { V::k(c) }
    }

    /// Lanes that crossed over through memory.
    #[inline(always)]
    fn v(&self, blocks: &[F8; MAX_BLOCKS]) -> V {
        // SAFETY: as in `c`.
        unsafe { V::from_f8s(blocks) }
    }

    /// Reach M and the cusp row (J, M, 1/upper-hull gamma) at hue `h`, eight lanes at a time.
    #[inline(always)]
    fn hue_tables(&self, h: V) -> (V, [V; 3]) {
        let lanes = self.t.tables.lanes();
        let mut hue = [F8::splat(0.0); MAX_BLOCKS];
        h.to_f8s(&mut hue);
        let mut reach = [F8::splat(0.0); MAX_BLOCKS];
        let mut cusp = [[F8::splat(0.0); MAX_BLOCKS]; 3];
        for i in 0..V::BLOCKS {
            let (reach_m, [j, m, g]) = lanes.reach_and_cusp(hue[i]);
            reach[i] = reach_m;
            cusp[0][i] = j;
            cusp[1][i] = m;
            cusp[2][i] = g;
        }
        (
            self.v(&reach),
            [self.v(&cusp[0]), self.v(&cusp[1]), self.v(&cusp[2])],
        )
    }

    /// The tone table's (A, J) after the tone scale for achromatic response `a`.
    #[inline(always)]
    fn tone_table(&self, a: V) -> (V, V) {
        let mut input = [F8::splat(0.0); MAX_BLOCKS];
        a.to_f8s(&mut input);
        let mut a_ts = [F8::splat(0.0); MAX_BLOCKS];
        let mut j_ts = [F8::splat(0.0); MAX_BLOCKS];
        for i in 0..V::BLOCKS {
            (a_ts[i], j_ts[i]) = self.t.block.tone_table.lookup(input[i]);
        }
        (self.v(&a_ts), self.v(&j_ts))
    }

    #[inline(always)]
    fn nl_forward(&self, c: V) -> V {
        let p = self.k.math.pow_pos(c.abs(), self.c(&self.k.nl_exponent));
        (p / (p + &self.k.nl_offset)).with_sign_of(c)
    }

    #[inline(always)]
    fn nl_inverse(&self, c: V) -> V {
        let k = self.k;
        let r = c.abs().min(self.c(&k.nl_limit));
        let p = r * &k.nl_offset / (self.c(&k.one) - r);
        k.math
            .pow_pos(p, self.c(&k.nl_inverse_exponent))
            .with_sign_of(c)
    }

    #[inline(always)]
    fn clamp3(&self, v: [V; 3], hi: &K8) -> [V; 3] {
        let (lo, hi) = (self.c(&self.k.zero), self.c(hi));
        [v[0].clamp(lo, hi), v[1].clamp(lo, hi), v[2].clamp(lo, hi)]
    }

    /// ACES2065-1 to display-linear RGB in the encoding primaries.
    #[inline(always)]
    fn forward(&self, aces: [V; 3]) -> [V; 3] {
        let k = self.k;
        let ap1 = self.clamp3(mat3(&k.ap0_to_ap1, aces), &k.ap1_limit);
        let [c0, c1, c2] = mat3(&k.ap1_to_cone, ap1);
        let cone = [
            self.nl_forward(c0),
            self.nl_forward(c1),
            self.nl_forward(c2),
        ];
        let [a_chroma, a, b] = mat3(&k.in_cone_to_aab, cone);
        let polar = self.polar(a, b);
        let (reach_m, cusp) = self.hue_tables(polar.h);
        let norm = self.norm(polar.cos_h, polar.sin_h);

        let (a_ts, j_ts) = self.tone_table(a_chroma);
        let m_cc = self.chroma(a_chroma, polar.m, a_ts, j_ts, norm, reach_m);
        let hue = self.hue_shape(cusp);
        let [j_out, m_out] = self.gamut_forward(j_ts, m_cc, &hue, reach_m);
        let (cos_h, sin_h) = (polar.cos_h, polar.sin_h);

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

    /// M, the hue and its cosine and sine (1 and 0 where M = 0, as h = 0 there) of (a, b).
    #[inline(always)]
    fn polar(&self, a: V, b: V) -> Polar<V> {
        let k = self.k;
        let m = b.mul_add(b, a * a).sqrt();
        let h = k.math.atan2_degrees(b, a);
        let inv_m = self.c(&k.one) / m;
        let coloured = m.gt0();
        Polar {
            m,
            h,
            cos_h: coloured.select(a * inv_m, self.c(&k.one)),
            sin_h: (b * inv_m).keep(coloured),
        }
    }

    /// Display-linear RGB in the encoding primaries back to ACES2065-1.
    #[inline(always)]
    fn inverse(&self, display: [V; 3]) -> [V; 3] {
        let k = self.k;
        let limited = self.clamp3(mat3(&k.from_encoding, display), &k.white_limit);
        let [c0, c1, c2] = mat3(&k.lim_rgb_to_cone, limited);
        let cone = [
            self.nl_forward(c0),
            self.nl_forward(c1),
            self.nl_forward(c2),
        ];
        let [a_chroma, a, b] = mat3(&k.lim_cone_to_aab, cone);
        let polar = self.polar(a, b);
        let lit = a_chroma.gt0();
        let j = (k.math.pow_pos(a_chroma, self.c(&k.cz)) * &k.hundred).keep(lit);
        let m = polar.m.keep(lit);
        let (reach_m, cusp) = self.hue_tables(polar.h);
        let norm = self.norm(polar.cos_h, polar.sin_h);
        let hue = self.hue_shape(cusp);

        let [j_ts, m_cc] = self.gamut_inverse(j, m, &hue, reach_m);
        let (a_ts, a_scene) = self.tonescale_inverse(j_ts);
        let m_scene = self.chroma_inverse(a_scene, m_cc, a_ts, j_ts, norm, reach_m);

        let aab = [a_scene, m_scene * polar.cos_h, m_scene * polar.sin_h];
        let [c0, c1, c2] = mat3(&k.in_aab_to_cone, aab);
        let cone = [
            self.nl_inverse(c0),
            self.nl_inverse(c1),
            self.nl_inverse(c2),
        ];
        let ap1 = self.clamp3(mat3(&k.cone_to_ap1, cone), &k.ap1_limit);
        let [r, g, b] = mat3(&k.ap1_to_ap0, ap1);
        [r.keep(lit), g.keep(lit), b.keep(lit)]
    }

    /// Inverse tonescale from display lightness: (A_ts, A of the scene), as
    /// [`OutputTransform2::tonescale_inverse8`] (its (m_2/f)^(1/c) − 1 by exp2m1).
    #[inline(always)]
    fn tonescale_inverse(&self, j_ts: V) -> (V, V) {
        let k = self.k;
        let m = &k.math;
        let a_ts = m
            .pow_pos(j_ts * &k.hundredth, self.c(&k.inv_cz))
            .keep(j_ts.gt0());
        let r = (a_ts * &k.a_w_j).min(self.c(&k.nl_limit));
        let u = m.pow_pos(
            r * &k.nl_offset / (self.c(&k.one) - r),
            self.c(&k.nl_inverse_exponent),
        );
        let z = self.c(&k.tone_inverse_limit).min(u * &k.inv_f_l_100).max0();
        let f = (z + (z * (z + &k.four_toe)).sqrt()) * &k.half;
        let ratio_minus_1 = m.exp2m1(m.log2_pos(self.c(&k.tone_m) / f) * &k.inv_contrast);
        let scene = (self.c(&k.tone_s) / ratio_minus_1).keep(z.gt0());
        let p = m.pow_pos(scene, self.c(&k.nl_exponent));
        (a_ts, p / (p + &k.nl_offset) * &k.inv_a_w_j)
    }

    #[inline(always)]
    fn chroma_inverse(&self, a_scene: V, mc: V, a_ts: V, j_ts: V, norm: V, reach_m: V) -> V {
        let k = self.k;
        let nj = j_ts * &k.inv_limit_j_max;
        let snj = (self.c(&k.one) - nj).max0();
        let inv_norm = self.c(&k.one) / norm;
        let limit = a_ts * &k.inv_a_limit * reach_m * inv_norm;
        let m = self.toe::<true>(mc * inv_norm, limit, nj * &k.compr, snj);
        let k2 = nj.mul_add(nj, self.c(&k.sat_thr)).sqrt();
        let m = limit - self.toe::<true>(limit - m, limit - &k.toe_gap, snj * &k.sat, k2);
        let m = m * norm * (a_scene / a_ts);
        mc.eq(self.c(&k.zero)).select(mc, m)
    }

    /// Code values to display light: every curve but HLG here, HLG through its portable lanes.
    #[inline(always)]
    fn decode(&self, cv: [V; 3]) -> [V; 3] {
        let Some(decoding) = &self.k.decoding else {
            return self.curve_on_lanes::<false>(cv);
        };
        let math = &self.k.math;
        let [r, g, b] = cv;
        [
            decoding.decode(math, r),
            decoding.decode(math, g),
            decoding.decode(math, b),
        ]
    }

    /// The display encoding (`ENCODE`) or decoding on the portable lanes, eight pixels at a
    /// time (not a closure argument: a closure would not inherit the runner's features).
    #[inline(always)]
    fn curve_on_lanes<const ENCODE: bool>(&self, rgb: [V; 3]) -> [V; 3] {
        let eotf = self.t.preset.eotf;
        let mut lanes = [[F8::splat(0.0); MAX_BLOCKS]; 3];
        for (channel, blocks) in rgb.into_iter().zip(&mut lanes) {
            channel.to_f8s(blocks);
        }
        let mut out = [[F8::splat(0.0); MAX_BLOCKS]; 3];
        for i in 0..V::BLOCKS {
            let block = [lanes[0][i], lanes[1][i], lanes[2][i]];
            let [r, g, b] = if ENCODE {
                eotf.encode8(block)
            } else {
                eotf.decode8(block)
            };
            out[0][i] = r;
            out[1][i] = g;
            out[2][i] = b;
        }
        [self.v(&out[0]), self.v(&out[1]), self.v(&out[2])]
    }

    /// The display encoding: every curve but HLG here, HLG through its portable lanes.
    #[inline(always)]
    fn encode(&self, rgb: [V; 3]) -> [V; 3] {
        let Some(encoding) = &self.k.encoding else {
            return self.curve_on_lanes::<true>(rgb);
        };
        let math = &self.k.math;
        let [r, g, b] = rgb;
        [
            encoding.encode(math, r),
            encoding.encode(math, g),
            encoding.encode(math, b),
        ]
    }

    /// The hue-dependent normaliser of M (chroma compression), scale included.
    #[inline(always)]
    fn norm(&self, c: V, s: V) -> V {
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

    /// A smooth toe below `limit` (identity above it); `INVERSE` undoes it.
    #[inline(always)]
    fn toe<const INVERSE: bool>(&self, x: V, limit: V, k1_in: V, k2_in: V) -> V {
        let k = self.k;
        let k2 = k2_in.max(self.c(&k.toe_floor));
        let k1 = k1_in.mul_add(k1_in, k2 * k2).sqrt();
        let k3 = (limit + k1) / (limit + k2);
        let toed = if INVERSE {
            x.mul_add(x, k1 * x) / (k3 * (x + k2))
        } else {
            let minus_b = k3.mul_sub(x, k1);
            let minus_ac = k2 * k3 * x;
            let root = minus_b.mul_add(minus_b, minus_ac * &k.four).sqrt();
            (minus_b + root) * &k.half
        };
        x.gt(limit).select(x, toed)
    }

    #[inline(always)]
    fn chroma(&self, a_chroma: V, m: V, a_ts: V, j_ts: V, norm: V, reach_m: V) -> V {
        let k = self.k;
        let nj = j_ts * &k.inv_limit_j_max;
        let snj = (self.c(&k.one) - nj).max0();
        let inv_norm = self.c(&k.one) / norm;
        let limit = a_ts * &k.inv_a_limit * reach_m * inv_norm;
        let mc = m * (a_ts / a_chroma) * inv_norm;
        let k2 = nj.mul_add(nj, self.c(&k.sat_thr)).sqrt();
        let mc = limit - self.toe::<false>(limit - mc, limit - &k.toe_gap, snj * &k.sat, k2);
        let mc = self.toe::<false>(mc, limit, nj * &k.compr, snj);
        m.eq(self.c(&k.zero)).select(m, mc * norm)
    }

    #[inline(always)]
    fn hue_shape(&self, [cusp_j, cusp_m, gamma_top_inv]: [V; 3]) -> HueShape<V> {
        let k = self.k;
        let blend = cusp_j
            .neg_mul_add(self.c(&k.inv_limit_j_max), self.c(&k.cusp_mid_blend))
            .min(self.c(&k.one));
        let focus_j = (self.c(&k.mid_j) - cusp_j).mul_add(blend, cusp_j);
        HueShape {
            cusp_j,
            cusp_m,
            gamma_top_inv,
            focus_j,
            inv_focus_j: self.c(&k.one) / focus_j,
            threshold: (self.c(&k.limit_j_max) - cusp_j)
                .mul_add(self.c(&k.focus_gain_blend), cusp_j),
        }
    }

    /// Where the line through (J, M/gain) meets the lightness axis.
    #[inline(always)]
    fn j_intersect(&self, j: V, m_scaled: V, hue: &HueShape<V>) -> V {
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
        j_intersect: V,
        slope: V,
        inv_gamma: V,
        j_max: V,
        m_max: V,
        j_ref: V,
    ) -> V {
        let shifted = j_ref * self.k.math.pow_pos(j_intersect / j_ref, inv_gamma);
        shifted * m_max / slope.neg_mul_add(m_max, j_max)
    }

    #[inline(always)]
    fn smooth_min(&self, a: V, b: V, scale: V) -> V {
        let k = self.k;
        let s = scale * &k.smooth_cusps;
        let h = (s - (a - b).abs()).max0() / s;
        (h * h * h * s).neg_mul_add(self.c(&k.sixth), a.min(b))
    }

    #[inline(always)]
    fn remap_m<const INVERSE: bool>(&self, m: V, gamut: V, reach: V) -> V {
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
        let rolled = if INVERSE {
            nd.ge(one).select(scale, -(scale * nd / (nd - one)))
        } else {
            scale * nd / (nd + one)
        };
        unchanged.select(m, threshold + rolled)
    }

    /// Gamut compression of tone-mapped (J, M), with the scalar path's early outs as selects.
    #[inline(always)]
    fn gamut_forward(&self, j: V, m: V, hue: &HueShape<V>, reach_m: V) -> [V; 2] {
        let [jc, mc, boundary] = self.compress::<false>(j, m, j, hue, reach_m);
        self.gamut_early_outs(j, m, jc, mc, boundary)
    }

    /// Gamut expansion of display (J, M): above the threshold the focus gain is taken at the
    /// J of a first expansion step (the scalar path's fixed-point step).
    #[inline(always)]
    fn gamut_inverse(&self, j: V, m: V, hue: &HueShape<V>, reach_m: V) -> [V; 2] {
        let [j1, m1, b1] = self.compress::<true>(j, m, j, hue, reach_m);
        let refine = j.gt(hue.threshold);
        let [jc, mc, boundary] = if refine.any() {
            let jx = refine.select(b1.le0().select(j, j1), j);
            self.compress::<true>(j, m, jx, hue, reach_m)
        } else {
            [j1, m1, b1]
        };
        self.gamut_early_outs(j, m, jc, mc, boundary)
    }

    /// One compression (or with `INVERSE` expansion) step of (J, M), the focus gain taken at
    /// `jx`: (J, M, gamut boundary M).
    #[inline(always)]
    fn compress<const INVERSE: bool>(
        &self,
        j: V,
        m: V,
        jx: V,
        hue: &HueShape<V>,
        reach_m: V,
    ) -> [V; 3] {
        let k = self.k;
        let top = self.c(&k.limit_j_max);
        let adjust = self
            .k
            .math
            .log2_pos((top - hue.threshold) / (top - jx).max(self.c(&k.adjust_floor)))
            * &k.log10_2;
        let gain_base = self.c(&k.gain_base);
        let gain = jx.gt(hue.threshold).select(
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
        let mc = self.remap_m::<INVERSE>(m, boundary, reach);
        [mc.mul_add(slope, j_intersect), mc, boundary]
    }

    /// J ≤ 0 → (0, 0); M ≤ 0, J above the peak or no gamut boundary → (J, 0).
    #[inline(always)]
    fn gamut_early_outs(&self, j: V, m: V, jc: V, mc: V, boundary: V) -> [V; 2] {
        let k = self.k;
        let top = self.c(&k.limit_j_max);
        let black = j.le0();
        let neutral = m.le0() | j.gt(top) | boundary.le0();
        let zero = self.c(&k.zero);
        [
            black.select(zero, neutral.select(j, jc)),
            (black | neutral).select(zero, mc),
        ]
    }
}

/// [`OutputTransform2::forward8`] (with the display encoding when `ENCODED`), or with
/// `INVERSE` [`OutputTransform2::inverse8`] (after the display decoding when `ENCODED`), over
/// planar channels, 32 lanes in four AVX2 registers ([`Quad`]).
///
/// # Safety
/// The processor must support AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn run_avx2<const INVERSE: bool, const ENCODED: bool>(
    t: &OutputTransform2,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    blocks::<Quad<V8>, INVERSE, ENCODED>(t, r, g, b)
}

/// [`run_avx2`] on two AVX-512 registers (see [`crate::simd::has_avx512`]): the same steps
/// and the same 32 pixels at once, in half the instructions.
///
/// # Safety
/// The processor must support AVX2, FMA, AVX-512F, VL, DQ and BW.
#[target_feature(enable = "avx2,fma,avx512f,avx512vl,avx512dq,avx512bw")]
pub(super) unsafe fn run_avx512<const INVERSE: bool, const ENCODED: bool>(
    t: &OutputTransform2,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    blocks::<Pair<V16>, INVERSE, ENCODED>(t, r, g, b)
}

/// The body of both runners, inlined into each.
///
/// # Safety
/// The processor must support `V`'s instruction set.
#[inline(always)]
unsafe fn blocks<V: Reg, const INVERSE: bool, const ENCODED: bool>(
    t: &OutputTransform2,
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
) {
    let steps = Steps::<V> {
        t,
        k: t.block.reg_k(t),
        lanes: std::marker::PhantomData,
    };
    let pass = Pass::<V, INVERSE, ENCODED>(steps);
    crate::simd::planar::each_register::<V>(r, g, b, &pass)
}

/// One direction of the transform as the planar runner's kernel, with or without the display
/// curve.
struct Pass<'a, V, const INVERSE: bool, const ENCODED: bool>(Steps<'a, V>);

impl<V: Reg, const INVERSE: bool, const ENCODED: bool> RegKernel<V>
    for Pass<'_, V, INVERSE, ENCODED>
{
    #[inline(always)]
    fn run(&self, rgb: [V; 3]) -> [V; 3] {
        match (INVERSE, ENCODED) {
            (false, false) => self.0.forward(rgb),
            (false, true) => self.0.encode(self.0.forward(rgb)),
            (true, false) => self.0.inverse(rgb),
            (true, true) => self.0.inverse(self.0.decode(rgb)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::{Preset, PRESETS};
    use super::*;
    use crate::simd::lanes::LANES;

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
                        run_avx2::<false, true>(&t, &mut r1, &mut g1, &mut b1);
                    } else {
                        run_avx2::<false, false>(&t, &mut r1, &mut g1, &mut b1);
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

    /// The register inverse against the portable lanes' inverse it mirrors, every preset, on
    /// display light and on code values (a cube from below 0 to above the peak; NaN gives a
    /// finite value):
    /// compared through the scalar forward, as `tests.rs` compares the inverses (near the gamut
    /// boundary the inverse magnifies a last-bit difference; its forward image does not), within
    /// 2e-5 relative to the pixel's largest channel (at least 1).
    #[test]
    fn register_inverse_follows_the_portable_lanes() {
        if crate::simd::best_isa() != crate::simd::Isa::Avx2Fma {
            eprintln!("no AVX2+FMA here: skipped");
            return;
        }
        for preset in PRESETS.iter() {
            let t = OutputTransform2::new(preset);
            for encoded in [false, true] {
                let top = if encoded {
                    1.02
                } else {
                    (preset.peak / 100.0) as f32 * 1.05
                };
                let steps: Vec<f32> = [-0.02f32, 0.0]
                    .into_iter()
                    .chain((1..=12).map(|i| (i as f32 / 12.0).powi(2) * top))
                    .collect();
                let mut px = Vec::new();
                for &r in &steps {
                    for &g in &steps {
                        for &b in &steps {
                            px.push([r, g, b]);
                        }
                    }
                }
                px.push([f32::NAN, 0.5, 0.5]);
                let planar = || -> [Vec<f32>; 3] {
                    std::array::from_fn(|c| px.iter().map(|p| p[c]).collect())
                };
                let [mut r0, mut g0, mut b0] = planar();
                if encoded {
                    blocks!(t, inverse_encoded8, r0, g0, b0);
                } else {
                    blocks!(t, inverse8, r0, g0, b0);
                }
                let [mut r1, mut g1, mut b1] = planar();
                // SAFETY: AVX2 and FMA are available (checked above).
                unsafe {
                    if encoded {
                        run_avx2::<true, true>(&t, &mut r1, &mut g1, &mut b1);
                    } else {
                        run_avx2::<true, false>(&t, &mut r1, &mut g1, &mut b1);
                    }
                }
                let (mut worst, mut worst_aces) = (0.0f32, 0.0f32);
                for i in 0..px.len() {
                    let portable = [r0[i], g0[i], b0[i]];
                    let register = [r1[i], g1[i], b1[i]];
                    if px[i].iter().any(|v| v.is_nan()) {
                        // A defined value; which one is the curve's choice (the register
                        // decodings take NaN as 0, as the scalar `max(v, 0)` does).
                        assert!(register.iter().all(|v| v.is_finite()), "{register:?}");
                        continue;
                    }
                    let want = t.forward(portable);
                    let got = t.forward(register);
                    let scale = want.iter().fold(1.0f32, |m, v| m.max(v.abs()));
                    let aces_scale = portable.iter().fold(1.0f32, |m, v| m.max(v.abs()));
                    for c in 0..3 {
                        worst = worst.max((got[c] - want[c]).abs() / scale);
                        worst_aces = worst_aces.max((register[c] - portable[c]).abs() / aces_scale);
                    }
                }
                eprintln!(
                    "{} encoded={encoded}: register vs portable inverse, through the forward \
                     {worst:.2e}, in ACES {worst_aces:.2e}",
                    preset.name
                );
                assert!(worst <= 2e-5, "{}: {worst}", preset.name);
            }
        }
    }

    /// Where AVX-512 is there, its twin of the register path runs the same instructions'
    /// arithmetic (only the registers and encodings differ): the same bits, every preset, both
    /// directions (the inverse over the same values, which cover code values and light).
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
            for (inverse, encoded) in [(false, false), (false, true), (true, false), (true, true)] {
                let planar = || -> [Vec<f32>; 3] {
                    std::array::from_fn(|c| px.iter().map(|p| p[c]).collect())
                };
                let [mut r0, mut g0, mut b0] = planar();
                let [mut r1, mut g1, mut b1] = planar();
                // SAFETY: AVX2, FMA and the AVX-512 subsets are available (checked above).
                unsafe {
                    match (inverse, encoded) {
                        (false, false) => {
                            run_avx2::<false, false>(&t, &mut r0, &mut g0, &mut b0);
                            run_avx512::<false, false>(&t, &mut r1, &mut g1, &mut b1);
                        }
                        (false, true) => {
                            run_avx2::<false, true>(&t, &mut r0, &mut g0, &mut b0);
                            run_avx512::<false, true>(&t, &mut r1, &mut g1, &mut b1);
                        }
                        (true, false) => {
                            run_avx2::<true, false>(&t, &mut r0, &mut g0, &mut b0);
                            run_avx512::<true, false>(&t, &mut r1, &mut g1, &mut b1);
                        }
                        (true, true) => {
                            run_avx2::<true, true>(&t, &mut r0, &mut g0, &mut b0);
                            run_avx512::<true, true>(&t, &mut r1, &mut g1, &mut b1);
                        }
                    }
                }
                for (a, b) in [(&r0, &r1), (&g0, &g1), (&b0, &b1)] {
                    let bits = |v: &Vec<f32>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(
                        bits(a),
                        bits(b),
                        "{} inverse={inverse} encoded={encoded}",
                        preset.name
                    );
                }
            }
        }
    }
}
