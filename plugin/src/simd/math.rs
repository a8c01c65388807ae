//! The scalar definitions: branch-free, so that loops over them vectorise.

const LN2: f32 = std::f32::consts::LN_2;
const SQRT2: f32 = std::f32::consts::SQRT_2;
/// 1.5 · 2^23: adding it to |x| < 2^22 rounds x to an integer held in the mantissa's low bits.
const ROUNDING_MAGIC: f32 = 12_582_912.0;

/// atanh(t)/t for t² in [0, 0.0295] (|t| ≤ 3 − 2√2): a cubic in t², highest degree first,
/// fitted for amfx to the least relative error (7e-10). It replaced the atanh series'
/// 1 + t²/3 + t⁴/5 + t⁶/7 + t⁸/9 (3e-10): one FMA fewer on the chain of every log and power
/// (1920x1080, one thread, 3 alternating runs: chain b 84.7 -> 82.1 ms, c 35.5 -> 34.9 ms).
pub(crate) const LOG2_SERIES: [f32; 4] = [0.149_628_22, 0.199_873_94, 0.333_334_1, 1.0];

/// log2 by exponent extraction and the atanh series of the mantissa around 1.
///
/// With m in [√½, √2), t = (m − 1)/(m + 1) lies in ±0.1716 and ln m = 2·t·atanh(t)/t, the
/// last factor by [`LOG2_SERIES`].
#[inline(always)]
pub fn log2_one(x: f32) -> f32 {
    // Subnormals are scaled up first so their exponent is exact.
    let tiny = x < f32::MIN_POSITIVE;
    let scaled = if tiny { x * 8_388_608.0 } else { x }; // 2^23
    let bits = scaled.to_bits();
    let mut exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let mut m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let high = m >= SQRT2;
    m = if high { m * 0.5 } else { m };
    exponent += high as i32;
    exponent -= if tiny { 23 } else { 0 };
    let t = (m - 1.0) / (m + 1.0);
    let log2_m = (2.0 / LN2) * t * atanh_over_t(t * t);
    let result = exponent as f32 + log2_m;
    // Special values, chosen without branches.
    let result = if x == 0.0 { f32::NEG_INFINITY } else { result };
    let result = if x == f32::INFINITY {
        f32::INFINITY
    } else {
        result
    };
    if x < 0.0 || x.is_nan() {
        f32::NAN
    } else {
        result
    }
}

/// [`LOG2_SERIES`] at t² (Horner, in the order the lane and register paths use).
#[inline(always)]
pub(crate) fn atanh_over_t(t2: f32) -> f32 {
    let [c3, c2, c1, c0] = LOG2_SERIES;
    t2.mul_add(c3, c2).mul_add(t2, c1).mul_add(t2, c0)
}

/// 2^f for f in [−½, ½]: a degree-6 polynomial in f, highest degree first, fitted for amfx to the
/// smallest relative error (reweighted least squares over the interval): 1.9e-9 in exact
/// arithmetic, 9.6e-8 evaluated by Horner's rule in f32. It replaced a degree-7 Taylor series of
/// e^(f·ln2) of the same f32 accuracy: one multiply and one fused multiply-add fewer on the
/// dependent chain of every power (chain b, 1920x1080, one thread: 92.8 -> 85.1 ms).
pub(crate) const EXP2_POLY: [f32; 7] = [
    1.534_571_6e-4,
    1.339_990_2e-3,
    9.618_489e-3,
    5.550_329e-2,
    2.402_264_6e-1,
    6.931_472e-1,
    1.0,
];

/// 2^x = p · 2^n for x already clamped to a range the caller can scale: n the nearest integer,
/// p = 2^(x − n) by [`EXP2_POLY`] (shared by the scalar and lane versions).
#[inline(always)]
pub(crate) fn exp2_split(xc: f32) -> (f32, i32) {
    let shifted = xc + ROUNDING_MAGIC;
    let n_float = shifted - ROUNDING_MAGIC;
    let n = (shifted.to_bits() as i32).wrapping_sub(ROUNDING_MAGIC.to_bits() as i32);
    let f = xc - n_float;
    let [c6, c5, c4, c3, c2, c1, c0] = EXP2_POLY;
    let p = f
        .mul_add(c6, c5)
        .mul_add(f, c4)
        .mul_add(f, c3)
        .mul_add(f, c2)
        .mul_add(f, c1)
        .mul_add(f, c0);
    (p, n)
}

/// exp2 by splitting off the integer part (an exponent) and [`EXP2_POLY`] for the fraction
/// in [−½, ½] (within 1e-7 relative).
#[inline(always)]
pub fn exp2_one(x: f32) -> f32 {
    // Beyond these the result is inf or 0 anyway; clamping keeps the exponent arithmetic in range.
    let xc = x.clamp(-127.0, 128.0);
    // Adding 1.5·2^23 rounds to the nearest integer (ties to even) and leaves that integer in the
    // low mantissa bits: n as a float and as an int, with no float→int conversion to vectorise.
    let (p, n) = exp2_split(xc);
    // 2^n in two halves, so n = 128 (→ inf) and n = −127 (→ subnormal) need no special case.
    let half = n >> 1;
    let scale_a = f32::from_bits(((half + 127) as u32) << 23);
    let scale_b = f32::from_bits(((n - half + 127) as u32) << 23);
    let result = p * scale_a * scale_b;
    let result = if x < -127.0 { 0.0 } else { result };
    if x.is_nan() {
        f32::NAN
    } else {
        result
    }
}

/// x^p for x > 0; other x follow the IEEE pow of a positive exponent loosely (0 → 0).
#[inline(always)]
pub fn pow_one(x: f32, p: f32) -> f32 {
    exp2_one(p * log2_one(x))
}

/// x^p for x > 0, and x itself for x ≤ 0 (and NaN) — the ASC CDL convention.
#[inline(always)]
pub fn pow_positive_one(x: f32, p: f32) -> f32 {
    let y = pow_one(x, p);
    if x > 0.0 {
        y
    } else {
        x
    }
}
