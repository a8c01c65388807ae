//! The display encodings over register lanes, one channel at a time, for the register paths of
//! both the ACES 2.0 and the ACES 1.x output transforms: the steps of the portable lanes'
//! `*_encode8` (`encoding.rs`) with the register math. HLG is not here: its OOTF mixes the
//! channels, so it stays on the portable lanes.

use super::encoding::{
    srgb_constants, Eotf, PQ_C1, PQ_C2, PQ_C3, PQ_M1, PQ_M2, PQ_SCALE, SRGB_GAMMA, SRGB_OFFSET,
};
use crate::simd::lanes::F8;
use crate::simd::reg::{Reg, RegMask, K8};
use crate::simd::reg_math::MathK;

/// A per-channel display encoding's constants, pre-broadcast.
#[derive(Clone, Debug)]
pub(crate) enum EncodingK {
    /// Display-linear: negatives and NaN to 0.
    Clip,
    /// A pure power of this exponent (1/gamma).
    Power(K8),
    Pq(PqK),
    Srgb(SrgbK),
}

/// SMPTE ST 2084, as `pq_encode8`: (c1 + c2·p)/(1 + c3·p) = 1 + u, with u formed without the 1.
#[derive(Clone, Debug)]
pub(crate) struct PqK {
    scale: K8,
    m1: K8,
    m2: K8,
    c2_minus_c3: K8,
    c1_minus_1: K8,
    c3: K8,
    one: K8,
}

/// The sRGB piecewise curve, as `srgb_encode8`.
#[derive(Clone, Debug)]
pub(crate) struct SrgbK {
    inv_gamma: K8,
    gain: K8,
    offset: K8,
    linear_break: K8,
    slope: K8,
}

/// A constant in the lanes of `V`.
#[inline(always)]
fn k<V: Reg>(_in_hand: V, c: &K8) -> V {
    // SAFETY: a value of V exists, so V's instruction set is there (see the notes of `Reg`).
    unsafe { V::k(c) }
}

impl EncodingK {
    /// The constants of `eotf`; `None` for HLG.
    pub(crate) fn new(eotf: Eotf) -> Option<EncodingK> {
        let s = F8::splat;
        Some(match eotf {
            Eotf::Linear => EncodingK::Clip,
            Eotf::Bt1886 => EncodingK::Power(s(1.0 / 2.4)),
            Eotf::Gamma26 => EncodingK::Power(s(1.0 / 2.6)),
            Eotf::Gamma22 => EncodingK::Power(s(1.0 / 2.2)),
            Eotf::St2084 => EncodingK::Pq(PqK {
                scale: s(PQ_SCALE as f32),
                m1: s(PQ_M1 as f32),
                m2: s(PQ_M2 as f32),
                c2_minus_c3: s((PQ_C2 - PQ_C3) as f32),
                c1_minus_1: s((PQ_C1 - 1.0) as f32),
                c3: s(PQ_C3 as f32),
                one: s(1.0),
            }),
            Eotf::SrgbPiecewise => {
                let (linear_break, slope, _) = srgb_constants();
                EncodingK::Srgb(SrgbK {
                    inv_gamma: s(1.0 / SRGB_GAMMA as f32),
                    gain: s(1.0 + SRGB_OFFSET as f32),
                    offset: s(SRGB_OFFSET as f32),
                    linear_break: s(linear_break),
                    slope: s(slope),
                })
            }
            Eotf::Hlg => return None,
        })
    }

    /// Display-linear `v` (1.0 = 100 cd/m²) to code values.
    #[inline(always)]
    pub(crate) fn encode<V: Reg>(&self, math: &MathK, v: V) -> V {
        match self {
            EncodingK::Clip => v.max0(),
            EncodingK::Power(power) => math.pow_pos(v, k(v, power)).keep(v.gt0()),
            EncodingK::Pq(pq) => {
                let scaled = v.max0() * &pq.scale;
                let p = math.pow_pos(scaled, k(v, &pq.m1)).keep(scaled.gt0());
                let u = p.mul_add(k(v, &pq.c2_minus_c3), k(v, &pq.c1_minus_1))
                    / p.mul_add(k(v, &pq.c3), k(v, &pq.one));
                math.exp2(math.log2_1p(u) * &pq.m2)
            }
            EncodingK::Srgb(srgb) => {
                let v = v.max0();
                let curve = math
                    .pow_pos(v, k(v, &srgb.inv_gamma))
                    .mul_sub(k(v, &srgb.gain), k(v, &srgb.offset));
                v.ge(k(v, &srgb.linear_break))
                    .select(curve, v * &srgb.slope)
            }
        }
    }
}

/// A per-channel display decoding's constants (code values back to display light), for the
/// inverse register paths. HLG is not here: its inverse OOTF mixes the channels.
#[derive(Clone, Debug)]
pub(crate) enum DecodingK {
    /// Display-linear, passed through.
    Linear,
    /// A pure power of this exponent (gamma), of the code value held at 0 or above.
    Power(K8),
    /// The sRGB piecewise curve, as [`Eotf::decode`].
    Srgb {
        gamma: K8,
        offset: K8,
        per_gain: K8,
        encoded_break: K8,
        per_slope: K8,
    },
    Pq(PqDecodeK),
}

/// SMPTE ST 2084 decoding, as `pq_decode8`: n^(1/m2) − 1 formed without the 1 (exp2m1), so
/// that neither the numerator (mid-tones) nor the denominator (near the top) cancels.
#[derive(Clone, Debug)]
pub(crate) struct PqDecodeK {
    inv_m2: K8,
    inv_m1: K8,
    one_minus_c1: K8,
    c2_minus_c3: K8,
    c3: K8,
    inv_scale: K8,
}

impl DecodingK {
    /// The constants of `eotf`; `None` for HLG.
    pub(crate) fn new(eotf: Eotf) -> Option<DecodingK> {
        let s = F8::splat;
        Some(match eotf {
            Eotf::Linear => DecodingK::Linear,
            Eotf::Bt1886 => DecodingK::Power(s(2.4)),
            Eotf::Gamma26 => DecodingK::Power(s(2.6)),
            Eotf::Gamma22 => DecodingK::Power(s(2.2)),
            Eotf::SrgbPiecewise => {
                let (_, slope, encoded_break) = srgb_constants();
                DecodingK::Srgb {
                    gamma: s(SRGB_GAMMA as f32),
                    offset: s(SRGB_OFFSET as f32),
                    per_gain: s(1.0 / (1.0 + SRGB_OFFSET as f32)),
                    encoded_break: s(encoded_break),
                    per_slope: s(1.0 / slope),
                }
            }
            Eotf::St2084 => DecodingK::Pq(PqDecodeK {
                inv_m2: s((1.0 / PQ_M2) as f32),
                inv_m1: s((1.0 / PQ_M1) as f32),
                one_minus_c1: s((1.0 - PQ_C1) as f32),
                c2_minus_c3: s((PQ_C2 - PQ_C3) as f32),
                c3: s(PQ_C3 as f32),
                inv_scale: s((1.0 / PQ_SCALE) as f32),
            }),
            Eotf::Hlg => return None,
        })
    }

    /// Code value `v` to display light (1.0 = 100 cd/m²).
    #[inline(always)]
    pub(crate) fn decode<V: Reg>(&self, math: &MathK, v: V) -> V {
        match self {
            DecodingK::Linear => v,
            // NaN and negatives to 0, as the scalar max(v, 0).
            DecodingK::Power(gamma) => math.pow_pos(v, k(v, gamma)).keep(v.gt0()),
            DecodingK::Srgb {
                gamma,
                offset,
                per_gain,
                encoded_break,
                per_slope,
            } => {
                let base = (v + offset) * per_gain;
                let curve = math.pow_pos(base, k(v, gamma)).keep(base.gt0());
                v.ge(k(v, encoded_break))
                    .select(curve, v.max0() * per_slope)
            }
            DecodingK::Pq(pq) => {
                let n = v.max0();
                let np_minus_1 = math.exp2m1(math.log2_pos(n) * &pq.inv_m2);
                let num = (np_minus_1 + &pq.one_minus_c1).max0();
                let den = np_minus_1.neg_mul_add(k(v, &pq.c3), k(v, &pq.c2_minus_c3));
                let ratio = num / den;
                let linear = math.pow_pos(ratio, k(v, &pq.inv_m1)).keep(ratio.gt0());
                (linear * &pq.inv_scale).keep(n.gt0())
            }
        }
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;
    use crate::simd::avx2::V8;
    use crate::simd::lanes::LANES;

    /// Every register decoding and encoding against the portable lanes it mirrors, over code
    /// values and light from below 0 to above the top (NaN too): within a few f32 roundings
    /// relative to the value (at least 1e-3, the scale below which a code value's light is
    /// invisible), the difference of fused multiply-adds placed elsewhere.
    #[test]
    fn register_curves_follow_the_portable_lanes() {
        if crate::simd::best_isa() != crate::simd::Isa::Avx2Fma {
            eprintln!("no AVX2+FMA here: skipped");
            return;
        }
        let mut values: Vec<f32> = (0..=4000).map(|i| i as f32 / 3000.0 - 0.1).collect();
        values.extend([f32::NAN, -1.0, 0.0, 1.0, 50.0, 1e-6]);
        values.resize(values.len().next_multiple_of(LANES), 0.5);
        let math = MathK::new();
        for eotf in [
            Eotf::Linear,
            Eotf::Bt1886,
            Eotf::Gamma26,
            Eotf::Gamma22,
            Eotf::SrgbPiecewise,
            Eotf::St2084,
        ] {
            let decoding = DecodingK::new(eotf).expect("a register decoding");
            let encoding = EncodingK::new(eotf).expect("a register encoding");
            let (mut worst_decode, mut worst_encode) = (0.0f32, 0.0f32);
            for chunk in values.chunks(LANES) {
                let x = F8(chunk.try_into().expect("eight lanes"));
                let [lanes_decoded, _, _] = eotf.decode8([x; 3]);
                let [lanes_encoded, _, _] = eotf.encode8([x; 3]);
                let mut decoded = [0.0f32; LANES];
                let mut encoded = [0.0f32; LANES];
                // SAFETY: AVX2 and FMA are there (checked above).
                unsafe {
                    let v = V8::load(chunk);
                    decoding.decode(&math, v).store(&mut decoded);
                    encoding.encode(&math, v).store(&mut encoded);
                }
                let rel = |a: f32, b: f32| {
                    if a.is_nan() && b.is_nan() {
                        0.0
                    } else {
                        (a - b).abs() / b.abs().max(1e-3)
                    }
                };
                for i in 0..LANES {
                    worst_decode = worst_decode.max(rel(decoded[i], lanes_decoded.0[i]));
                    worst_encode = worst_encode.max(rel(encoded[i], lanes_encoded.0[i]));
                }
            }
            eprintln!("{eotf:?}: decode {worst_decode:.2e}, encode {worst_encode:.2e}");
            assert!(worst_decode <= 2e-6, "{eotf:?} decode: {worst_decode}");
            assert!(worst_encode <= 2e-6, "{eotf:?} encode: {worst_encode}");
        }
    }
}
