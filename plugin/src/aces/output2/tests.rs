//! Published values (OpenColorIO's unit tests, aces_math.md §5) and self-consistency.

// The published values are quoted digit for digit.
#![allow(clippy::excessive_precision)]

use super::*;
use crate::simd::lanes::{F8, LANES};

fn preset(name: &str) -> &'static Preset {
    match PRESETS.iter().find(|p| p.name == name) {
        Some(p) => p,
        None => panic!("no preset {name}"),
    }
}

fn assert_close(got: [f32; 3], want: [f32; 3], tol: f32, what: &str) {
    for c in 0..3 {
        let err = (got[c] - want[c]).abs() / want[c].abs().max(1.0);
        assert!(err <= tol, "{what}: {got:?} vs {want:?}");
    }
}

/// `BuiltinTransform_tests.cpp`: ACES (0.5, 0.4, 0.3) through the ACES 2.0 built-ins to XYZ.
#[test]
fn builtin_values_to_xyz() {
    for (name, want) in [
        (
            "Rec709-D65_100nit_in_Rec709-D65_BT1886",
            [0.26260215, 0.25207460, 0.20617345],
        ),
        (
            "P3-D65_100nit_in_P3-D65_sRGB-Piecewise",
            [0.26260215, 0.25207475, 0.20617352],
        ),
        (
            "P3-D65_1000nit_in_P3-D65_ST2084",
            [0.46536559, 0.43852845, 0.33688101],
        ),
        (
            "P3-D65_4000nit_in_P3-D65_ST2084",
            [0.55653530, 0.51967967, 0.38678783],
        ),
        (
            "P3-D65_108nit_in_P3-D65_ST2084",
            [0.16253395, 0.15513620, 0.12449738],
        ),
    ] {
        let t = OutputTransform2::for_preset(preset(name));
        assert_close(t.forward_xyz([0.5, 0.4, 0.3]), want, 1e-4, name);
    }
}

/// `FixedFunctionOpCPU_tests.cpp`: the rendering alone, peak 1000, P3-D65 limiting.
#[test]
fn fixed_function_values() {
    let t = OutputTransform2::for_preset(preset("P3-D65_1000nit_in_P3-D65_ST2084"));
    let grey = t.render([0.18, 0.18, 0.18]);
    assert_close(
        grey,
        [0.145115077, 0.145115703, 0.145115480],
        1e-5,
        "18% grey",
    );
    let diffuser = t.render([0.97784, 0.97784, 0.97784]);
    assert_close(
        diffuser,
        [1.041565537, 1.041566610, 1.041566253],
        1e-5,
        "diffuser",
    );
    let back = t.unrender(grey);
    assert_close(back, [0.18; 3], 1e-4, "18% grey back");
}

/// OpenColorIO bug #2220: a hue that rounds to exactly 360 degrees.
#[test]
fn hue_at_360_degrees() {
    let t = OutputTransform2::for_preset(preset("Rec709-D65_100nit_in_Rec709-D65_BT1886"));
    let got = t.render([0.742242277, 0.0931933373, 0.321542144]);
    assert_close(got, [0.74736571, -0.00193525, 0.19451357], 1e-4, "#2220");
}

#[test]
fn round_trip_over_the_display_cube() {
    for name in [
        "Rec709-D65_100nit_in_Rec709-D65_BT1886",
        "P3-D60_1000nit_in_Rec2100-D65_ST2084",
    ] {
        let t = OutputTransform2::for_preset(preset(name));
        let top = (t.preset().peak / 100.0) as f32;
        let mut worst = 0.0f32;
        for i in 0..7 {
            for j in 0..7 {
                for k in 0..7 {
                    let rgb = [i, j, k].map(|v| v as f32 / 6.0 * top);
                    let again = t.render(t.unrender(rgb));
                    for c in 0..3 {
                        worst = worst.max((again[c] - rgb[c]).abs() / top.max(1.0));
                    }
                }
            }
        }
        assert!(worst < 1e-3, "{name}: {worst}");
    }
}

#[test]
fn planar_apply_matches_per_pixel() {
    let t = OutputTransform2::for_preset(preset("Rec709-D65_100nit_in_Rec709-D65_BT1886"));
    let px = [
        [0.18f32, 0.18, 0.18],
        [1.0, 0.2, 0.05],
        [0.0, 0.0, 0.0],
        [20.0, 5.0, 40.0],
    ];
    let (mut r, mut g, mut b): (Vec<f32>, Vec<f32>, Vec<f32>) = (
        px.iter().map(|p| p[0]).collect(),
        px.iter().map(|p| p[1]).collect(),
        px.iter().map(|p| p[2]).collect(),
    );
    t.apply(&mut r, &mut g, &mut b);
    for (i, p) in px.iter().enumerate() {
        assert_close([r[i], g[i], b[i]], t.forward(*p), 2e-5, "block path");
    }
}

#[test]
fn cache_shares_one_build() {
    let p = preset("P3-D65_500nit_in_P3-D65_ST2084");
    let a = OutputTransform2::for_preset(p);
    let b = OutputTransform2::for_preset(p);
    assert!(Arc::ptr_eq(&a, &b));
    let (c, d) =
        OutputTransform2::for_transform_id(&p.inverse_transform_id()).expect("official id");
    assert!(Arc::ptr_eq(&a, &c));
    assert_eq!(d, Direction::Inverse);
}

/// ACES2065-1 test pixels: an exposure ladder of greys, near-neutrals, saturated AP0/AP1
/// primaries and secondaries, a coarse cube from -0.1 to 65504, a pseudo-random scatter and the
/// special values (NaN, ±inf).
fn scene_grid() -> Vec<[f32; 3]> {
    let mut px = Vec::new();
    let axis: Vec<f32> = [-0.1f32, 0.0]
        .into_iter()
        .chain((0..13).map(|i| 0.18 * 2f32.powf(-12.0 + i as f32 * 24.5 / 12.0)))
        .collect();
    for &r in &axis {
        for &g in &axis {
            for &b in &axis {
                px.push([r, g, b]);
            }
        }
    }
    let tints = [
        [1.0, 1.0, 1.0],
        [1.02, 1.0, 0.98],
        [0.98, 1.0, 1.02],
        [1.0, 1.03, 1.0],
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
        [1.0, 1.0, 0.0],
        [0.0, 1.0, 1.0],
        [1.0, 0.0, 1.0],
        [0.9, 0.05, 0.02],
        [0.05, 0.08, 0.9],
    ];
    for i in 0..200 {
        let exposure = 0.18 * 2f32.powf(-10.0 + i as f32 * 0.09);
        for t in tints {
            px.push(t.map(|v| v * exposure));
        }
    }
    let mut state = 0x1234_5678u32;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as f32 / u32::MAX as f32
    };
    for _ in 0..20_000 {
        let scale = 2f32.powf(next() * 16.0 - 8.0);
        px.push([next() * scale, next() * scale, next() * scale]);
    }
    px.extend([
        [f32::NAN, 0.5, 0.5],
        [f32::INFINITY, 0.0, 1.0],
        [-f32::INFINITY, 1.0, 1.0],
        [65504.0; 3],
    ]);
    px
}

/// The display cube of a preset (encoding primaries, 0 … peak in 1/16 steps) plus a scatter.
fn display_grid(t: &OutputTransform2) -> Vec<[f32; 3]> {
    let top = (t.preset().peak / 100.0) as f32 * 1.05;
    let steps = 16;
    let mut px = Vec::new();
    for i in 0..=steps {
        for j in 0..=steps {
            for k in 0..=steps {
                px.push([i, j, k].map(|v| v as f32 / steps as f32 * top));
            }
        }
    }
    px
}

fn planar_run(px: &[[f32; 3]], run: impl Fn(&mut [f32], &mut [f32], &mut [f32])) -> Vec<[f32; 3]> {
    let mut r: Vec<f32> = px.iter().map(|p| p[0]).collect();
    let mut g: Vec<f32> = px.iter().map(|p| p[1]).collect();
    let mut b: Vec<f32> = px.iter().map(|p| p[2]).collect();
    run(&mut r, &mut g, &mut b);
    (0..px.len()).map(|i| [r[i], g[i], b[i]]).collect()
}

/// Error relative to the larger of 1 and the reference's largest channel (NaN counts as inf).
fn scaled_error(got: [f32; 3], want: [f32; 3]) -> f32 {
    let magnitude = want.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    (0..3)
        .map(|c| (got[c] - want[c]).abs() / magnitude)
        .map(|e| if e.is_nan() { f32::INFINITY } else { e })
        .fold(0.0, f32::max)
}

/// One preset per limiting gamut, peak and display encoding.
fn lane_presets() -> Vec<&'static Preset> {
    [
        "Rec709-D65_100nit_in_Rec709-D65_BT1886",
        "Rec709-D65_100nit_in_Rec709-D65_sRGB-Piecewise",
        "P3-D65_48nit_in_XYZ-E_Gamma2pt6",
        "P3-D65_1000nit_in_P3-D65_ST2084",
        "P3-D60_4000nit_in_P3-D65_ST2084",
        "P3-D65_1000nit_in_Rec2100-D65_HLG",
        "Rec2100-D65_500nit_in_Rec2100-D65_ST2084",
        "P3-D60_100nit_in_P3-D65_Gamma2pt2",
    ]
    .into_iter()
    .map(preset)
    .collect()
}

/// The block path against the scalar reference, forward, display-linear: within 2e-5 (absolute
/// up to 1, relative above), NaN/inf inputs included.
#[test]
fn block_forward_matches_scalar() {
    let px = scene_grid();
    for p in lane_presets() {
        let t = OutputTransform2::for_preset(p);
        let lanes = planar_run(&px, |r, g, b| t.apply(r, g, b));
        let (mut worst, mut at) = (0.0f32, [0.0f32; 3]);
        for (input, got) in px.iter().zip(&lanes) {
            let e = scaled_error(*got, t.forward(*input));
            if e > worst {
                (worst, at) = (e, *input);
            }
        }
        eprintln!("block forward {}: worst {worst:.2e} at {at:?}", p.name);
        assert!(worst <= 2e-5, "{}: {worst:e} at {at:?}", p.name);
    }
}

/// Encoded output of the block path against the scalar reference, decoded back to display-linear
/// light (as the goldens compare): within 2e-5 of the largest channel. (Code values of a dim channel
/// in a bright saturated pixel differ more: its absolute display-linear error, ~2e-6 of the pixel,
/// is a large part of the channel itself.)
#[test]
fn block_forward_encoded_matches_scalar() {
    let px = scene_grid();
    for p in lane_presets() {
        let t = OutputTransform2::for_preset(p);
        let op = OutputOp {
            transform: Arc::clone(&t),
            inverse: false,
        };
        let lanes = planar_run(&px, |r, g, b| op.apply(r, g, b));
        let (mut worst, mut at) = (0.0f32, [0.0f32; 3]);
        for (input, got) in px.iter().zip(&lanes) {
            let want = op.eval(*input);
            let linear = p.eotf.decode(want);
            let e = scaled_error(p.eotf.decode(*got), linear);
            if e > worst {
                (worst, at) = (e, *input);
            }
        }
        eprintln!("block encoded {}: worst {worst:.2e} at {at:?}", p.name);
        assert!(worst <= 2e-5, "{}: {worst:e} at {at:?}", p.name);
    }
}

/// The block inverse against the scalar inverse over the display cube, compared through the
/// (scalar) forward: display-linear within 3e-5. The worst point is at the top of an HDR range
/// (display within 2% of the peak, ACES above 2000), where the inverse's conditioning magnifies
/// the last-bit differences of two f32 evaluations; there the register path (2.9e-5) and the
/// portable lanes (below 2e-5) are equally far from an f64 evaluation
/// (`inverse_precision_against_f64`).
#[test]
fn block_inverse_matches_scalar() {
    for p in lane_presets() {
        let t = OutputTransform2::for_preset(p);
        let px = display_grid(&t);
        let lanes = planar_run(&px, |r, g, b| t.apply_inverse(r, g, b));
        let (mut worst, mut at) = (0.0f32, [0.0f32; 3]);
        let (mut worst_aces, mut at_aces) = (0.0f32, [0.0f32; 3]);
        for (input, got) in px.iter().zip(&lanes) {
            let want = t.inverse(*input);
            let e = scaled_error(t.forward(*got), t.forward(want));
            if e > worst {
                (worst, at) = (e, *input);
            }
            let e = scaled_error(*got, want);
            if e > worst_aces {
                (worst_aces, at_aces) = (e, *input);
            }
        }
        eprintln!(
            "block inverse {}: via forward {worst:.2e} at {at:?}; ACES {worst_aces:.2e} at {at_aces:?}",
            p.name
        );
        assert!(worst <= 3e-5, "{}: {worst:e} at {at:?}", p.name);
    }
}

/// Encoded inverse of the block path against the scalar one, compared through the forward
/// (within 3e-5, as [`block_inverse_matches_scalar`]).
#[test]
fn block_inverse_encoded_matches_scalar() {
    for p in lane_presets() {
        let t = OutputTransform2::for_preset(p);
        let op = OutputOp {
            transform: Arc::clone(&t),
            inverse: true,
        };
        let px: Vec<[f32; 3]> = display_grid(&t).iter().map(|d| p.eotf.encode(*d)).collect();
        let lanes = planar_run(&px, |r, g, b| op.apply(r, g, b));
        let mut worst = 0.0f32;
        for (input, got) in px.iter().zip(&lanes) {
            let e = scaled_error(t.forward(*got), t.forward(op.eval(*input)));
            worst = worst.max(e);
        }
        eprintln!("block inverse encoded {}: via forward {worst:.2e}", p.name);
        assert!(worst <= 3e-5, "{}: {worst:e}", p.name);
    }
}

/// Remainders (lengths not a multiple of eight) give the same pixels as whole blocks.
#[test]
fn block_remainders_match_whole_blocks() {
    let t = OutputTransform2::for_preset(preset("P3-D65_1000nit_in_P3-D65_ST2084"));
    let px: Vec<[f32; 3]> = scene_grid().into_iter().take(21).collect();
    let whole = planar_run(&px, |r, g, b| t.apply(r, g, b));
    for len in [1, 7, 9, 13] {
        let part = planar_run(&px[..len], |r, g, b| t.apply(r, g, b));
        assert_eq!(&part[..], &whole[..len], "{len}");
    }
}

/// The inverse in f64 arithmetic (tables as stored, looked up at the f32-rounded hue): the "true"
/// value both f32 implementations (amfx's, OpenColorIO's) approximate.
fn inverse_f64(t: &OutputTransform2, xyz: [f32; 3]) -> [f64; 3] {
    let p = t.preset();
    let input = JMhParams::<f64>::new(&AP0);
    let limit = JMhParams::<f64>::new(&p.limiting);
    let tone_scale = ToneScale::new(p.peak);
    let tone = tone_scale.curve::<f64>();
    let inv_cz = 1.0 / cam::model_gamma();
    let limit_j_max = input.y_to_j(p.peak);
    let mid_j = input.y_to_j(tone_scale.grey_out * cam::REFERENCE_LUMINANCE);
    let chroma = ChromaCompression::<f64>::new(p.peak, tone_scale.log_peak, limit_j_max, inv_cz);
    let gamut = GamutShape::<f64>::new(limit_j_max, inv_cz, mid_j, tone_scale.log_peak);
    let scale = display_scale(p);
    let to_xyz = rgb_to_xyz(&p.limiting).map(|row| row.map(|v| v * scale));
    let from_xyz = invert(&to_xyz).unwrap_or([[0.0; 3]; 3]);
    let limited = mul_vec(&from_xyz, xyz.map(|v| v as f64)).map(|v| clamp(v, 0.0, p.peak / 100.0));
    let [j, m, h] = limit.rgb_to_jmh(limited);
    let reach_m = t.tables().reach_m(h as f32) as f64;
    let cusp = t.tables().cusp(h as f32).map(|v| v as f64);
    let radians = to_radians(h);
    let (cos_h, sin_h) = (radians.cos(), radians.sin());
    let norm = chroma.norm(cos_h, sin_h);
    let [j_ts, m_cc] = gamut.inverse(j, m, || gamut.at_cusp(cusp[0], cusp[1], cusp[2]), reach_m);
    let j_scene = tone.j_inverse(j_ts, &input);
    let m_scene = chroma.inverse(j_scene, m_cc, j_ts, norm, reach_m);
    let aces = input.aab_to_rgb(input.jmh_to_aab(j_scene, m_scene, cos_h, sin_h));
    let ap0_to_ap1 = rgb_to_rgb(&AP0, &AP1);
    let ap1_limit = 8.0 * (128.0 + 768.0 * ((p.peak / 100.0).ln() / 100f64.ln()));
    let ap1 = mul_vec(&ap0_to_ap1, aces).map(|v| clamp(v, 0.0, ap1_limit));
    mul_vec(&invert(&ap0_to_ap1).unwrap_or([[0.0; 3]; 3]), ap1)
}

/// The inverse on the portable lanes (where the block path runs in registers, the lanes it
/// mirrors).
fn portable_inverse(t: &OutputTransform2, px: &[[f32; 3]]) -> Vec<[f32; 3]> {
    let mut out = Vec::with_capacity(px.len());
    for chunk in px.chunks(LANES) {
        let lanes: [F8; 3] = std::array::from_fn(|c| {
            F8(std::array::from_fn(|i| chunk.get(i).map_or(0.0, |p| p[c])))
        });
        let back = t.inverse8(lanes);
        out.extend((0..chunk.len()).map(|i| [back[0].0[i], back[1].0[i], back[2].0[i]]));
    }
    out
}

fn read_golden(name: &str) -> Vec<[f32; 3]> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/aces2")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_default();
    bytes
        .chunks_exact(12)
        .map(|px| {
            std::array::from_fn(|c| {
                f32::from_le_bytes([px[4 * c], px[4 * c + 1], px[4 * c + 2], px[4 * c + 3]])
            })
        })
        .collect()
}

/// The inverse near the top of the display range, in ACES2065-1, against an f64 evaluation of the
/// same math: amfx's f32 inverse (scalar and block) is as close to it as OpenColorIO's f32 inverse
/// is, i.e. their difference (up to 7.6e-4) is the f32 rounding of both sides magnified by the
/// inverse's conditioning, not a difference in the math.
#[test]
fn inverse_precision_against_f64() {
    for (golden, peak, limiting) in [
        ("SDR-100nit-P3-D65_2.0", 100.0, P3_D65),
        (
            "HDR-1000nit-REC2020-D60-in-REC2020-D65_2.0",
            1000.0,
            REC2020_D60,
        ),
        ("HDR-4000nit-P3-D60-in-P3-D65_2.0", 4000.0, P3_D60),
    ] {
        let inputs = read_golden(&format!("{golden}_inv.in.f32"));
        let theirs = read_golden(&format!("{golden}_inv.f32"));
        if inputs.is_empty() || inputs.len() != theirs.len() {
            continue;
        }
        let scale_white = golden.contains("D60-in");
        let encoding = if limiting == P3_D60 {
            P3_D65
        } else if limiting == REC2020_D60 {
            REC2020
        } else {
            limiting
        };
        let p = Preset {
            name: "golden",
            peak,
            limiting,
            encoding,
            eotf: Eotf::Linear,
            scale_white,
            linear_scale: 1.0,
        };
        let t = OutputTransform2::new(&p);
        let block = {
            let mut x = Preset {
                encoding: XYZ_E,
                scale_white: false,
                ..p
            };
            x.linear_scale = display_scale(&p);
            OutputTransform2::new(&x)
        };
        let lanes = planar_run(&inputs, |r, g, b| block.apply_inverse(r, g, b));
        let portable = portable_inverse(&block, &inputs);
        let err = |got: [f32; 3], want: [f64; 3]| {
            let magnitude = want.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            (0..3)
                .map(|c| (got[c] as f64 - want[c]).abs() / magnitude)
                .fold(0.0, f64::max)
        };
        let (mut ours, mut block_worst, mut ocio, mut between) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        let mut portable_worst = 0.0f64;
        for (((input, their), lane), portable) in
            inputs.iter().zip(&theirs).zip(&lanes).zip(&portable)
        {
            let truth = inverse_f64(&t, *input);
            let scalar = t.inverse_xyz(*input);
            ours = ours.max(err(scalar, truth));
            block_worst = block_worst.max(err(*lane, truth));
            portable_worst = portable_worst.max(err(*portable, truth));
            ocio = ocio.max(err(*their, truth));
            between = between.max(err(scalar, their.map(|v| v as f64)));
        }
        eprintln!(
            "{golden}: vs f64 — amfx scalar {ours:.2e}, amfx block {block_worst:.2e} \
             (portable lanes {portable_worst:.2e}), OpenColorIO {ocio:.2e}; amfx vs OpenColorIO \
             {between:.2e}"
        );
        // At least as precise as OpenColorIO, up to a margin for the block path's fast math.
        let bound = 1.5 * ocio + 1e-4;
        assert!(
            ours <= bound && block_worst <= bound,
            "{golden}: {ours} {block_worst} {ocio}"
        );
    }
}
