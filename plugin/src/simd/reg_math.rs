//! The fast math of [`super::lanes`] on register lanes of any width ([`Reg`]): the same series
//! and constants step for step, so the accuracy bounds stated there hold here too (tested
//! against the portable functions below, for every width this processor runs).

use super::lanes::F8;
use super::reg::{Reg, RegMask, K8};

/// The constants of the fast math, pre-broadcast.
#[derive(Clone, Debug)]
pub struct MathK {
    one: K8,
    two: K8,
    half: K8,
    sqrt2: K8,
    min_positive: K8,
    log2_series: [K8; 4],
    two_over_ln2: K8,
    exp2_lo: K8,
    exp2_hi: K8,
    rounding_magic: K8,
    exp2_series: [K8; 7],
    atan_series: [K8; 8],
    rad_to_deg: K8,
    infinity: K8,
    wide_split: K8,
    four: K8,
    exp2_floor: K8,
    ninety: K8,
    one_eighty: K8,
    three_sixty: K8,
    ln2: K8,
    /// The Taylor series of e^w − 1 over w, highest degree first.
    expm1_series: [K8; 8],
}

impl Default for MathK {
    fn default() -> Self {
        MathK::new()
    }
}

impl MathK {
    pub fn new() -> MathK {
        let s = F8::splat;
        MathK {
            one: s(1.0),
            two: s(2.0),
            half: s(0.5),
            sqrt2: s(std::f32::consts::SQRT_2),
            min_positive: s(f32::MIN_POSITIVE),
            log2_series: super::math::LOG2_SERIES.map(s),
            two_over_ln2: s(2.0 / std::f32::consts::LN_2),
            exp2_lo: s(-126.0),
            exp2_hi: s(126.0),
            rounding_magic: s(12_582_912.0),
            exp2_series: super::math::EXP2_POLY.map(s),
            atan_series: [
                -0.004_054_560_5,
                0.021_862_934,
                -0.055_912_293,
                0.096_421_95,
                -0.139_086_29,
                0.199_465_65,
                -0.333_298_6,
                0.999_999_34,
            ]
            .map(s),
            rad_to_deg: s(180.0 / std::f32::consts::PI),
            infinity: s(f32::INFINITY),
            wide_split: s(64.0),
            four: s(4.0),
            exp2_floor: s(-127.0),
            ninety: s(90.0),
            one_eighty: s(180.0),
            three_sixty: s(360.0),
            ln2: s(std::f32::consts::LN_2),
            expm1_series: [
                1.0 / 40320.0,
                1.0 / 5040.0,
                1.0 / 720.0,
                1.0 / 120.0,
                1.0 / 24.0,
                1.0 / 6.0,
                0.5,
                1.0,
            ]
            .map(s),
        }
    }

    #[inline(always)]
    fn get<V: Reg>(&self, c: &K8) -> V {
        // SAFETY: only called with a V argument in hand (see the notes of `Reg`).
        unsafe { V::k(c) }
    }

    /// Horner's rule over pre-broadcast coefficients, highest degree first.
    #[inline(always)]
    fn horner<V: Reg, const N: usize>(&self, x: V, c: &[K8; N]) -> V {
        let mut acc: V = self.get(&c[0]);
        for k in &c[1..] {
            acc = acc.mul_add(x, self.get(k));
        }
        acc
    }

    /// [`super::lanes::log2_pos`]: log2 of a positive normal x.
    #[inline(always)]
    pub fn log2_pos<V: Reg>(&self, x: V) -> V {
        let (e, t, series) = self.log2_parts(x);
        (t * &self.two_over_ln2).mul_add(series, e)
    }

    /// The exponent, t and the atanh series of log2 x (x a positive normal).
    #[inline(always)]
    fn log2_parts<V: Reg>(&self, x: V) -> (V, V, V) {
        let one: V = self.get(&self.one);
        let m = x.mantissa();
        let high = m.ge(self.get(&self.sqrt2));
        let m = high.select(m * &self.half, m);
        let e = x.exponent();
        // Exact: small integers.
        let e = high.select(e + one, e);
        let t = (m - one) / (m + one);
        (e, t, self.horner(t * t, &self.log2_series))
    }

    /// [`super::lanes::log2_1p`]: log2(1 + u) for small |u| (≤ 0.3), accurate relative to the
    /// result.
    #[inline(always)]
    pub fn log2_1p<V: Reg>(&self, u: V) -> V {
        let t = u / (u + &self.two);
        t * &self.two_over_ln2 * self.horner(t * t, &self.log2_series)
    }

    /// [`super::lanes::exp2_fast`]: 2^x for x clamped to [−126, 126].
    #[inline(always)]
    pub fn exp2<V: Reg>(&self, x: V) -> V {
        let xc = x.clamp(self.get(&self.exp2_lo), self.get(&self.exp2_hi));
        let magic: V = self.get(&self.rounding_magic);
        let shifted = xc + magic;
        let n_float = shifted - magic;
        let f = xc - n_float;
        let p = self.horner(f, &self.exp2_series);
        p * V::pow2_of_rounded(shifted, magic)
    }

    /// [`crate::simd::exp2_one`] to the bit from 2^−126 up (the same steps; from −127 to −126
    /// the smallest normal instead of a subnormal): finite up to x < 128 (not capped at 2^126),
    /// +inf from 128, 0 below −127, NaN kept. For the ops that mirror their scalar definitions
    /// (the camera log curves, the CDL power).
    #[inline(always)]
    pub fn exp2_wide<V: Reg>(&self, x: V) -> V {
        // Above 64, 2^(x − 2) · 4: exact, and it reaches 2^128 (+inf) from the capped exp2.
        let high = x.gt(self.get(&self.wide_split));
        let e = self.exp2(high.select(x - &self.two, x));
        let e = high.select(e * &self.four, e);
        let e = e.keep(x.ge(self.get(&self.exp2_floor)));
        x.unordered(x).select(x, e)
    }

    /// [`crate::simd::log2_one`] to the bit for x ≥ the smallest normal, +inf and NaN: the
    /// same last steps (no fused multiply-add into the exponent), +inf → +inf, NaN kept.
    #[inline(always)]
    pub fn log2_normal<V: Reg>(&self, x: V) -> V {
        let (e, t, series) = self.log2_parts(x);
        let log = e + t * &self.two_over_ln2 * series;
        let special = x.ge(self.get(&self.infinity)) | x.unordered(x);
        special.select(x, log)
    }

    /// [`super::lanes::exp2m1`]: 2^x − 1, accurate relative to the result near x = 0 too.
    #[inline(always)]
    pub fn exp2m1<V: Reg>(&self, x: V) -> V {
        let w = x * &self.ln2;
        let series = self.horner(w, &self.expm1_series) * w;
        let near_zero = x.abs().lt(self.get(&self.half));
        near_zero.select(series, self.exp2(x) - &self.one)
    }

    /// [`super::lanes::pow_pos`]: x^p for x > 0 (smaller x act as the smallest normal).
    #[inline(always)]
    pub fn pow_pos<V: Reg>(&self, x: V, p: V) -> V {
        self.exp2(p * self.log2_pos(x.max(self.get(&self.min_positive))))
    }

    /// [`super::lanes::atan2_degrees`]: the angle of (x, y) in degrees, in [0, 360].
    #[inline(always)]
    pub fn atan2_degrees<V: Reg>(&self, y: V, x: V) -> V {
        let (ax, ay) = (x.abs(), y.abs());
        let swap = ay.gt(ax);
        let num = ax.min(ay);
        let den = ax.max(ay);
        // den = 0 only for (0, 0), where num = 0 too: 0/0 is NaN, replaced by 0.
        let t = den.gt0().select(num / den, den.zero());
        // NaN in: the compares above are false, so a NaN reaches t through min/max or the
        // division; keep it (atan of NaN is NaN below).
        let t = x.unordered(y).select(x + y, t);
        let r = t * self.horner(t * t, &self.atan_series) * &self.rad_to_deg;
        let r = swap.select(self.get::<V>(&self.ninety) - r, r);
        let r = x
            .lt(x.zero())
            .select(self.get::<V>(&self.one_eighty) - r, r);
        y.lt(y.zero())
            .select(self.get::<V>(&self.three_sixty) - r, r)
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;
    use crate::simd::avx2::V8;
    use crate::simd::avx512::V16;
    use crate::simd::lanes::{atan2_degrees, exp2_fast, exp2m1, log2_pos, pow_pos, LANES};

    /// Worst errors of the register math of width `V` against the portable lanes:
    /// log2 (relative above 1), exp2 (relative), pow (in units of its bound), atan2 (degrees),
    /// exp2m1 (relative).
    fn worst_against_portable<V: Reg>() -> [f64; 5] {
        let k = MathK::new();
        let n = V::BLOCKS * LANES;
        let mut worst = [0.0f64; 5];
        let mut x = 1e-30f32;
        let mut blocks = vec![F8::splat(0.0); V::BLOCKS];
        let mut out = vec![F8::splat(0.0); V::BLOCKS];
        let flat = |b: &[F8]| b.iter().flat_map(|f| f.0).collect::<Vec<f32>>();
        while x < 1e30 {
            let xs: Vec<f32> = (0..n).map(|i| x * (1.0 + i as f32 * 0.013)).collect();
            for (b, chunk) in blocks.iter_mut().zip(xs.chunks(LANES)) {
                b.0.copy_from_slice(chunk);
            }
            // SAFETY: the caller checked the instruction set.
            let (v, c) = unsafe { (V::from_f8s(&blocks), |c: f32| V::k(&F8::splat(c))) };
            let mut run = |r: V| {
                r.to_f8s(&mut out);
                flat(&out)
            };
            let log = run(k.log2_pos(v));
            let exp = run(k.exp2(c(0.001) * v));
            let pow = run(k.pow_pos(v, c(0.42)));
            let ang = run(k.atan2_degrees(v - c(1.0), c(0.7) - v));
            // Arguments in [−3, 3] on a log scale each way, across the series' switch at 0.5.
            let small = |x: f32| (x.log2() * 0.05).clamp(-3.0, 3.0);
            let args: Vec<f32> = xs.iter().map(|&x| small(x)).collect();
            for (b, chunk) in blocks.iter_mut().zip(args.chunks(LANES)) {
                b.0.copy_from_slice(chunk);
            }
            // SAFETY: as above.
            let expm1 = run(k.exp2m1(unsafe { V::from_f8s(&blocks) }));
            for i in 0..n {
                let xi = xs[i];
                let rel =
                    |a: f32, b: f32| ((a as f64 - b as f64) / (b as f64).abs().max(1e-30)).abs();
                let log2_x = (xi as f64).log2().abs();
                let log_diff = (log[i] - log2_pos(xi)).abs() as f64;
                worst[0] = worst[0].max(log_diff / log2_x.max(1.0));
                worst[1] = worst[1].max(rel(exp[i], exp2_fast(0.001 * xi)));
                let pow_bound = 3e-7 + 0.42 * log2_x * 1.2e-7;
                worst[2] = worst[2].max(rel(pow[i], pow_pos(xi, 0.42)) / pow_bound);
                worst[3] = worst[3].max((ang[i] - atan2_degrees(xi - 1.0, 0.7 - xi)).abs() as f64);
                worst[4] = worst[4].max(rel(expm1[i], exp2m1(args[i])));
            }
            x *= 1.0007;
        }
        worst
    }

    /// atan2 at its special points: (0, 0) → 0, (0, −1) → 180, NaN → NaN.
    fn atan2_special_points<V: Reg>() {
        let k = MathK::new();
        // SAFETY: the caller checked the instruction set.
        let c = |v: f32| unsafe { V::k(&F8::splat(v)) };
        let mut out = vec![F8::splat(0.0); V::BLOCKS];
        let mut first = |r: V| {
            r.to_f8s(&mut out);
            out[0].0[0]
        };
        assert_eq!(first(k.atan2_degrees(c(0.0), c(0.0))), 0.0);
        assert_eq!(first(k.atan2_degrees(c(0.0), c(-1.0))), 180.0);
        assert!(first(k.atan2_degrees(c(f32::NAN), c(-1.0))).is_nan());
    }

    /// # Safety (as a contract): the processor runs `V`'s instruction set.
    fn check<V: Reg>(name: &str) {
        let worst = worst_against_portable::<V>();
        eprintln!("{name} register vs portable: {worst:?}");
        // log2 within 4e-7 (relative above 1), exp2 within 4e-7, pow within its own bound.
        assert!(
            worst[0] <= 4e-7 && worst[1] <= 4e-7 && worst[2] <= 1.0,
            "{worst:?}"
        );
        assert!(worst[3] <= 6e-5, "{worst:?}");
        assert!(worst[4] <= 4e-7, "{worst:?}");
        atan2_special_points::<V>();
        floor_and_lookup::<V>();
    }

    /// `floor`, `lookup8` and `gather` lane by lane against the scalar floor and indexing.
    fn floor_and_lookup<V: Reg>() {
        let table = F8([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]);
        let samples = [
            -2.5f32, -1e-30, -0.0, 0.0, 0.3, 1.0, 1.999, 2.0, 3.5, 6.2, 7.0, 7.99, 1e6, -3.0, 0.5,
            5.0,
        ];
        let width = V::BLOCKS * LANES;
        for start in (0..samples.len()).step_by(width) {
            let mut lanes = vec![0.0f32; width];
            for (i, v) in lanes.iter_mut().enumerate() {
                *v = samples[(start + i) % samples.len()];
            }
            // SAFETY: the caller runs where V's instruction set is (see `check`).
            let x = unsafe { V::load(&lanes) };
            let mut out = vec![0.0f32; width];
            x.floor().store(&mut out);
            for (v, f) in lanes.iter().zip(&out) {
                assert_eq!(f.to_bits(), v.floor().to_bits(), "floor({v})");
            }
            // Indices in 0..8 (what `lookup8` asks): the fraction is truncated.
            let index: Vec<f32> = lanes.iter().map(|v| v.abs() % 8.0).collect();
            // SAFETY: as above.
            let i = unsafe { V::load(&index) };
            V::lookup8(&table, i).store(&mut out);
            for (v, got) in index.iter().zip(&out) {
                assert_eq!(*got, table.0[*v as usize], "table[{v}]");
            }
            // A gather from a five-entry table: indices truncated, the out-of-range ones (and
            // NaN) held at the ends.
            let five = [10.0f32, 11.0, 12.0, 13.0, 14.0];
            let wild: Vec<f32> = lanes
                .iter()
                .enumerate()
                .map(|(k, v)| if k % 5 == 4 { f32::NAN } else { *v })
                .collect();
            // SAFETY: as above.
            V::gather(&five, unsafe { V::load(&wild) }).store(&mut out);
            for (v, got) in wild.iter().zip(&out) {
                let want = if v.is_nan() || *v < 0.0 || *v >= 2f32.powi(31) {
                    10.0
                } else {
                    five[(*v as usize).min(4)]
                };
                assert_eq!(*got, want, "gather at {v}");
            }
        }
    }

    /// The register lanes against the portable lanes they mirror: the same series, so within a
    /// few f32 roundings of each other (FMA placement differs).
    #[test]
    fn register_math_follows_the_portable_math() {
        if crate::simd::best_isa() != crate::simd::Isa::Avx2Fma {
            eprintln!("no AVX2+FMA here: skipped");
            return;
        }
        check::<V8>("8 lanes");
        check::<crate::simd::pair::Pair<V8>>("two registers of 8 lanes");
        check::<crate::simd::pair::Quad<V8>>("four registers of 8 lanes");
        if crate::simd::has_avx512() {
            check::<V16>("16 lanes");
        } else {
            eprintln!("no AVX-512 here: 16-lane math skipped");
        }
    }
}
