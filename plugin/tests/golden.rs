//! Golden tests: amfx's scalar reference and its block path against OpenColorIO 2.6 (values made
//! by `scripts/golden`). The comparison rule is in `common/mod.rs`.

mod common;

use std::path::Path;

use amfx::aces;
use amfx::ops::{Cdl, CdlStyle};
use amfx::pipeline::Pipeline;

/// The scalar reference, then the block path (fused runs included), each under the rule.
fn check(case: &str, pipeline: &Pipeline) -> f32 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let (inputs, expected) = (
        dir.join(format!("{case}.in.f32")),
        dir.join(format!("{case}.f32")),
    );
    let worst = common::check_pair(case, &inputs, &expected, |px| pipeline.eval_rgb(px));
    let pixels = common::read_f32(&inputs).expect("read above");
    let block = common::block_path(pipeline, &pixels);
    let next = std::cell::Cell::new(0);
    let block_case = format!("{case} block path {:?}", pipeline.block_steps());
    common::check_pair(&block_case, &inputs, &expected, |px| {
        let i = next.replace(next.get() + 1);
        assert_eq!(px.map(f32::to_bits), pixels[i].map(f32::to_bits));
        block[i]
    });
    worst
}

const GRADE: Cdl = Cdl {
    slope: [1.1, 0.95, 1.2],
    offset: [0.01, -0.02, 0.0],
    power: [0.9, 1.1, 1.0],
    saturation: 0.8,
    style: CdlStyle::NoClamp,
    reverse: false,
};

const STRONG: Cdl = Cdl {
    slope: [1.6, 0.7, 1.3],
    offset: [-0.05, 0.04, 0.1],
    power: [1.4, 0.6, 2.0],
    saturation: 1.7,
    style: CdlStyle::NoClamp,
    reverse: false,
};

#[test]
fn aces_to_acescct_matches_opencolorio() {
    let pipeline = Pipeline::new(aces::aces_to_acescct());
    check("aces_to_acescct_stops", &pipeline);
    check("aces_to_acescct_range", &pipeline);
}

#[test]
fn acescct_to_aces_matches_opencolorio() {
    check("acescct_to_aces", &Pipeline::new(aces::acescct_to_aces()));
}

#[test]
fn cdl_in_acescct_matches_opencolorio() {
    for (name, cdl) in [("grade", GRADE), ("strong", STRONG)] {
        let pipeline = Pipeline::cdl_in_acescct(&cdl);
        check(&format!("cdl_{name}_stops"), &pipeline);
        check(&format!("cdl_{name}_range"), &pipeline);
    }
}

#[test]
fn clamped_cdl_in_acescct_matches_opencolorio() {
    for (name, cdl) in [("grade", GRADE), ("strong", STRONG)] {
        let clamped = Cdl {
            style: CdlStyle::Clamp,
            ..cdl
        };
        check(
            &format!("cdl_{name}_clamp_stops"),
            &Pipeline::cdl_in_acescct(&clamped),
        );
    }
}

#[test]
fn inverse_cdl_in_acescct_matches_opencolorio() {
    for (name, cdl) in [("grade", GRADE), ("strong", STRONG)] {
        let inverse = Pipeline::cdl_in_acescct(&cdl)
            .inverse()
            .expect("invertible");
        check(&format!("cdl_{name}_inverse"), &inverse);
    }
}

/// Camera input transforms by their ACES 2.0 transformIds, against OpenColorIO's built-ins; the
/// inverse (ACES to camera) through the registry's inverse id.
#[test]
fn camera_input_transforms_match_opencolorio() {
    use amfx::aces::registry::registry;
    let cameras = [
        (
            "ARRI_ALEXA-LOGC-EI800-AWG",
            "CSC.Arri.LogC3_to_ACES.a2.v1",
            None,
        ),
        (
            "ARRI_LOGC4",
            "CSC.Arri.LogC4_to_ACES.a2.v1",
            Some("CSC.Arri.ACES_to_LogC4.a2.v1"),
        ),
        (
            "SONY_SLOG3-SGAMUT3",
            "CSC.Sony.SLog3_SGamut3_to_ACES.a2.v1",
            Some("CSC.Sony.ACES_to_SLog3_SGamut3.a2.v1"),
        ),
        (
            "SONY_SLOG3-SGAMUT3.CINE",
            "CSC.Sony.SLog3_SGamut3Cine_to_ACES.a2.v1",
            Some("CSC.Sony.ACES_to_SLog3_SGamut3Cine.a2.v1"),
        ),
        (
            "SONY_SLOG3-SGAMUT3-VENICE",
            "CSC.Sony.Venice_SLog3_SGamut3_to_ACES.a2.v1",
            Some("CSC.Sony.ACES_to_Venice_SLog3_SGamut3.a2.v1"),
        ),
        (
            "SONY_SLOG3-SGAMUT3.CINE-VENICE",
            "CSC.Sony.Venice_SLog3_SGamut3Cine_to_ACES.a2.v1",
            Some("CSC.Sony.ACES_to_Venice_SLog3_SGamut3Cine.a2.v1"),
        ),
        (
            "PANASONIC_VLOG-VGAMUT",
            "CSC.Panasonic.VLog_VGamut_to_ACES.a2.v1",
            Some("CSC.Panasonic.ACES_to_VLog_VGamut.a2.v1"),
        ),
        (
            "RED_LOG3G10-RWG",
            "CSC.Red.Log3G10_RWG_to_ACES.a2.v1",
            Some("CSC.Red.ACES_to_Log3G10_RWG.a2.v1"),
        ),
        (
            "APPLE_LOG",
            "CSC.Apple.AppleLog_BT2020_to_ACES.a2.v1",
            Some("CSC.Apple.ACES_to_AppleLog_BT2020.a2.v1"),
        ),
        // No OpenColorIO built-in: the studio config's colour spaces (scripts/golden).
        (
            "dlog_dgamut",
            "CSC.DJI.DLog_DGamut_to_ACES.a1.v1",
            Some("CSC.DJI.ACES_to_DLog_DGamut.a1.v1"),
        ),
        (
            "bmdfilm_gen5",
            "CSC.Blackmagic.BMDFilm_WideGamut_Gen5_to_ACES.a2.v1",
            Some("CSC.Academy.ACES_to_BMDFilm_WideGamut_Gen5.a2.v1"),
        ),
    ];
    let urn = |id: &str| format!("urn:ampas:aces:transformId:v2.0:{id}");
    for (builtin, to_aces, from_aces) in cameras {
        let forward = Pipeline::new(registry().ops(&urn(to_aces)).expect(to_aces));
        check(&format!("camera_{builtin}"), &forward);
        // LogC3's ACES 2.0 CSC has no registered inverse id: invert the pipeline instead.
        let inverse = match from_aces {
            Some(id) => Pipeline::new(registry().ops(&urn(id)).expect(id)),
            None => forward.inverse().expect("invertible"),
        };
        check(&format!("camera_{builtin}_inverse"), &inverse);
    }
}

/// Canon Log 2 and 3 (Cinema Gamut) against OpenColorIO's built-ins, which sample the curve into
/// a 4096-entry LUT over [0, 1]: forward over code values in [0, 1]; the inverse with amfx's code
/// values held to [0, 1] as OpenColorIO's inverted LUT holds them (amfx follows Canon's closed
/// form beyond).
#[test]
fn canon_log_cinema_gamut_matches_opencolorio() {
    use amfx::aces::registry::registry;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let urn = |id: &str| format!("urn:ampas:aces:transformId:v2.0:{id}");
    for (builtin, log) in [("CANON_CLOG2-CGAMUT", 2), ("CANON_CLOG3-CGAMUT", 3)] {
        let to_aces = format!("CSC.Canon.CLog{log}_CGamut_to_ACES.a1.v1");
        let from_aces = format!("CSC.Canon.ACES_to_CLog{log}_CGamut.a1.v1");
        check(
            &format!("camera_{builtin}"),
            &Pipeline::new(registry().ops(&urn(&to_aces)).expect("registered")),
        );
        let inverse = Pipeline::new(registry().ops(&urn(&from_aces)).expect("registered"));
        let case = format!("camera_{builtin}_inverse");
        common::check_pair(
            &case,
            &dir.join(format!("{case}.in.f32")),
            &dir.join(format!("{case}.f32")),
            |px| inverse.eval_rgb(px).map(|v| v.clamp(0.0, 1.0)),
        );
    }
}

#[test]
fn acescc_matches_opencolorio_both_ways() {
    use amfx::aces::registry::registry;
    let ops = |id: &str| {
        Pipeline::new(
            registry()
                .ops(&format!("urn:ampas:aces:transformId:v2.0:{id}"))
                .expect(id),
        )
    };
    check("acescc_to_aces", &ops("CSC.Academy.ACEScc_to_ACES.a2.v1"));

    // Encoding: within 1e-5 everywhere except right at the toe's break (linear 2^-15, ACEScc
    // -0.30137), where OpenColorIO's own value is 3e-5 off the formula (it gives -0.3013388 for
    // exactly 2^-15, where both branches of the formula give -0.3013699); there 5e-5 is allowed.
    let encode = ops("CSC.Academy.ACES_to_ACEScc.a2.v1");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let inputs = common::read_f32(&dir.join("aces_to_acescc.in.f32")).expect("inputs");
    let expected = common::read_f32(&dir.join("aces_to_acescc.f32")).expect("outputs");
    let (mut worst, mut at_break) = (0.0f32, 0);
    for (input, want) in inputs.iter().zip(&expected) {
        let got = encode.eval_rgb(*input);
        match common::pixel_error(input, &got, want) {
            Ok(e) => worst = worst.max(e),
            Err(why) => {
                let near_break = (0..3)
                    .all(|c| (got[c] - want[c]).abs() <= 5e-5 || want[c].is_nan())
                    && (0..3).any(|c| (want[c] + 0.301_37).abs() < 0.002);
                assert!(
                    near_break,
                    "aces_to_acescc: {input:?} gave {got:?}, OpenColorIO {want:?} ({why})"
                );
                at_break += 1;
            }
        }
    }
    eprintln!("aces_to_acescc: {} pixels, worst error {worst:.2e}; {at_break} at the toe break within 5e-5", inputs.len());
}

/// The Academy looks by their transformIds (every official spelling), against OpenColorIO's
/// built-in LMTs; the inverse gamut compression through its own id.
#[test]
fn academy_looks_match_opencolorio() {
    use amfx::aces::registry::registry;
    let ops = |id: &str| Pipeline::new(registry().ops(id).expect(id));
    for id in [
        "urn:ampas:aces:transformId:v2.0:Look.Academy.ReferenceGamutCompress.a2.v1",
        "urn:ampas:aces:transformId:v1.5:LMT.Academy.ReferenceGamutCompress.a1.v1.0",
        "urn:ampas:aces:transformId:v1.5:LMT.Academy.GamutCompress.a1.3.0",
    ] {
        check("look_gamut_compress_range", &ops(id));
        check("look_gamut_compress_stops", &ops(id));
    }
    for id in [
        "urn:ampas:aces:transformId:v2.0:InvLook.Academy.ReferenceGamutCompress.a2.v1",
        "urn:ampas:aces:transformId:v1.5:InvLMT.Academy.ReferenceGamutCompress.a1.v1.0",
    ] {
        check("look_gamut_compress_inverse", &ops(id));
    }
    check(
        "look_blue_light_fix",
        &ops("urn:ampas:aces:transformId:v1.5:LMT.Academy.BlueLightArtifactFix.a1.1.0"),
    );
}

/// Cameras OpenColorIO has no built-in for, against their published ACES 1.x CTL evaluated in
/// float64 by `scripts/golden` (ARRI's tables and printed constants, Sony's and Canon's formulas
/// and matrices, all read from the CTL files), by their official transformIds.
#[test]
fn cameras_without_a_builtin_match_their_ctl() {
    use amfx::aces::registry::registry;
    let v15 = "urn:ampas:aces:transformId:v1.5:";
    for (case, id) in [
        ("arri_v3_logc_ei160", "IDT.ARRI.Alexa-v3-logC-EI160.a1.v2"),
        ("arri_v3_logc_ei400", "IDT.ARRI.Alexa-v3-logC-EI400.a1.v2"),
        ("arri_v3_logc_ei1600", "IDT.ARRI.Alexa-v3-logC-EI1600.a1.v2"),
        ("arri_v3_logc_ei3200", "IDT.ARRI.Alexa-v3-logC-EI3200.a1.v1"),
        (
            "arri_v2_logc_ei160_cct3200",
            "IDT.ARRI.Alexa-v2-logC-EI160-CCT3200.a1.v1",
        ),
        (
            "arri_v2_logc_ei1600_cct11000",
            "IDT.ARRI.Alexa-v2-logC-EI1600-CCT11000.a1.v1",
        ),
        (
            "arri_v3_raw_ei800_cct5600_nd",
            "IDT.ARRI.Alexa-v3-raw-EI800-CCT5600-ND1pt3.a1.v2",
        ),
        (
            "arri_v2_raw_ei400_cct2000",
            "IDT.ARRI.Alexa-v2-raw-EI400-CCT2000.a1.v1",
        ),
        ("sony_slog1_10i", "IDT.Sony.SLog1_SGamut_10i.a1.v1"),
        ("sony_slog1_12i", "IDT.Sony.SLog1_SGamut_12i.a1.v1"),
        (
            "sony_slog2_daylight_10i",
            "IDT.Sony.SLog2_SGamut_Daylight_10i.a1.v1",
        ),
        (
            "sony_slog2_tungsten_12i",
            "IDT.Sony.SLog2_SGamut_Tungsten_12i.a1.v1",
        ),
        (
            "canon_clog2_bt2020_tungsten",
            "IDT.Canon.CanonLog2_BT2020_Tng.a1.v2",
        ),
        (
            "canon_clog3_bt2020_daylight",
            "IDT.Canon.CanonLog3_BT2020_D55.a1.v2",
        ),
        (
            "canon_clog3_cgamut_tungsten",
            "IDT.Canon.CanonLog3_CinemaGamut_Tng.a1.v2",
        ),
    ] {
        let id = format!("{v15}{id}");
        check(
            &format!("camera_ctl_{case}"),
            &Pipeline::new(registry().ops(&id).expect("registered")),
        );
    }
}

/// ACESproxy 10i and ADX10/ADX16 by every official spelling of their ids, against OpenColorIO's
/// built-ins (ACESproxy10i_to_ACES2065-1 both ways, ADX10/16_to_ACES2065-1). OpenColorIO has no
/// 12-bit ACESproxy; it is held to the CTL in `aces/acesproxy.rs`'s tests.
#[test]
fn acesproxy_and_adx_match_opencolorio() {
    use amfx::aces::registry::registry;
    let ops = |id: &str| Pipeline::new(registry().ops(id).expect(id));
    for id in [
        "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACESproxy10i_to_ACES.a2.v1",
        "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACESproxy10i_to_ACES.a1.0.3",
        "ACEScsc.ACESproxy10i_to_ACES.a1.0.0",
    ] {
        check("acesproxy10i_to_aces", &ops(id));
    }
    // The published unit value (OpenColorIO's BuiltinTransform_tests.cpp), 1e-6.
    let got = ops("CSC.Academy.ACESproxy10i_to_ACES.a2.v1").eval_rgb([0.5, 0.4, 0.3]);
    for (g, w) in got
        .iter()
        .zip([0.433_437_174_444, 0.151_629_880_817, 0.031_769_555_400])
    {
        assert!((*g as f64 - w).abs() < 1e-6, "{got:?}");
    }

    // Encoding: OpenColorIO's inverse has no pre-clamp; the CTL clamps ACES at 0 before the matrix
    // (amfx follows the CTL), so inputs with a negative channel are held to amfx on the clamped
    // input, every other pixel to OpenColorIO.
    let encode = ops("urn:ampas:aces:transformId:v2.0:CSC.Academy.ACES_to_ACESproxy10i.a2.v1");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let inputs = common::read_f32(&dir.join("aces_to_acesproxy10i.in.f32")).expect("inputs");
    let expected = common::read_f32(&dir.join("aces_to_acesproxy10i.f32")).expect("outputs");
    let (mut worst, mut clamped) = (0.0f32, 0);
    for (input, want) in inputs.iter().zip(&expected) {
        let got = encode.eval_rgb(*input);
        if input.iter().any(|v| *v < 0.0) {
            assert_eq!(got, encode.eval_rgb(input.map(|v| v.max(0.0))), "{input:?}");
            clamped += 1;
            continue;
        }
        match common::pixel_error(input, &got, want) {
            Ok(e) => worst = worst.max(e),
            Err(why) => {
                panic!("aces_to_acesproxy10i: {input:?} gave {got:?}, OpenColorIO {want:?} ({why})")
            }
        }
    }
    eprintln!("aces_to_acesproxy10i: {} pixels, worst error {worst:.2e}; {clamped} with a negative channel pre-clamped", inputs.len());

    // ADX: OpenColorIO samples density to log exposure at every half float, which bends the
    // piecewise-linear table and the clamp at log10(65504) within a half step of their knots (up
    // to 7e-4 relative next to the clamp, ADX16 only reaches it). Where a pixel misses OpenColorIO,
    // amfx must be within the rule of the CTL evaluated in f64 and OpenColorIO must be further off.
    for (case, ids, full_scale, offset, step) in [
        (
            "adx10_to_aces",
            [
                "urn:ampas:aces:transformId:v2.0:CSC.Academy.ADX10_to_ACES.a2.v1",
                "ACEScsc.ADX10_to_ACES.a1.0.0",
            ],
            1023.0,
            95.0,
            500.0,
        ),
        (
            "adx16_to_aces",
            [
                "urn:ampas:aces:transformId:v2.0:CSC.Academy.ADX16_to_ACES.a2.v1",
                "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ADX16_to_ACES.a1.0.3",
            ],
            65535.0,
            1520.0,
            8000.0,
        ),
    ] {
        let inputs = common::read_f32(&dir.join(format!("{case}.in.f32"))).expect("inputs");
        let expected = common::read_f32(&dir.join(format!("{case}.f32"))).expect("outputs");
        for id in ids {
            let chain = ops(id);
            let (mut worst, mut ocio_off) = (0.0f32, 0);
            for (input, want) in inputs.iter().zip(&expected) {
                let got = chain.eval_rgb(*input);
                match common::pixel_error(input, &got, want) {
                    Ok(e) => worst = worst.max(e),
                    Err(why) => {
                        let ctl = adx_ctl_f64(*input, full_scale, offset, step).map(|v| v as f32);
                        let ours = common::pixel_error(input, &got, &ctl);
                        let theirs = common::pixel_error(input, want, &ctl);
                        assert!(
                            matches!((&ours, &theirs), (Ok(a), Ok(b)) if a < b) || (ours.is_ok() && theirs.is_err()),
                            "{case}: {input:?} gave {got:?}, OpenColorIO {want:?} ({why}), CTL {ctl:?}"
                        );
                        ocio_off += 1;
                    }
                }
            }
            eprintln!("{case}: {} pixels, worst error {worst:.2e}; {ocio_off} where OpenColorIO's half-float table is off the CTL and amfx is not", inputs.len());
        }
    }
}

/// ACEScsc.ADX*_to_ACES in f64 from the CTL's constants, with OpenColorIO's ends (the first
/// segment extended to log exposure -10, the line stopped at log10(65504)).
fn adx_ctl_f64(code: [f32; 3], full_scale: f64, offset: f64, step: f64) -> [f64; 3] {
    const CDD_TO_CID: [[f64; 3]; 3] = [
        [0.75573, 0.22197, 0.02230],
        [0.05901, 0.96928, -0.02829],
        [0.16134, 0.07406, 0.76460],
    ];
    const EXP_TO_ACES: [[f64; 3]; 3] = [
        [0.72286, 0.12630, 0.15084],
        [0.11923, 0.76418, 0.11659],
        [0.01427, 0.08213, 0.90359],
    ];
    const TABLE: [[f64; 2]; 11] = [
        [-0.19, -6.0],
        [0.01, -2.721718645],
        [0.028, -2.521718645],
        [0.054, -2.321718645],
        [0.095, -2.121718645],
        [0.145, -1.921718645],
        [0.22, -1.721718645],
        [0.3, -1.521718645],
        [0.4, -1.321718645],
        [0.5, -1.121718645],
        [0.6, -0.926545676714876],
    ];
    let cdd = code.map(|v| (v as f64 * full_scale - offset) / step);
    let cid: [f64; 3] = std::array::from_fn(|i| (0..3).map(|j| CDD_TO_CID[i][j] * cdd[j]).sum());
    let log_e = cid.map(|d| {
        if d < TABLE[0][0] {
            let slope = (TABLE[1][1] - TABLE[0][1]) / (TABLE[1][0] - TABLE[0][0]);
            (TABLE[0][1] - slope * (TABLE[0][0] - d)).max(-10.0)
        } else if d <= 0.6 {
            let i = (0..10).find(|&i| d <= TABLE[i + 1][0]).unwrap_or(9);
            let ([x0, y0], [x1, y1]) = (TABLE[i], TABLE[i + 1]);
            y0 + (d - x0) / (x1 - x0) * (y1 - y0)
        } else {
            let ref_pt = (7120.0 - 1520.0) / 8000.0 * (100.0 / 55.0) - 0.18f64.log10();
            ((100.0 / 55.0) * d - ref_pt).min(4.8162678)
        }
    });
    let exposure = log_e.map(|l| 10f64.powf(l));
    std::array::from_fn(|i| (0..3).map(|j| EXP_TO_ACES[i][j] * exposure[j]).sum())
}

/// The ACES PQ and HLG utilities by every official spelling, against their CTL evaluated in
/// float64 (`scripts/ctl-pq-hlg`; OpenColorIO has the PQ curves only inside its display
/// transforms).
#[test]
fn pq_and_hlg_utilities_match_their_ctl() {
    use amfx::aces::registry::registry;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/aces_util");
    for (name, ids) in [
        (
            "pq_to_nits",
            &[
                "urn:ampas:aces:transformId:v1.5:ACESutil.DolbyPQ_to_Lin.a1.0.3",
                "ACESutil.DolbyPQ_to_Lin.a1.0.3",
                "ACESlib.DolbyPQ_to_Lin.a1.0.1",
                "ACESlib.ST2048_to_Lin.a1.0.1.ctl",
            ][..],
        ),
        (
            "nits_to_pq",
            &[
                "urn:ampas:aces:transformId:v1.5:ACESutil.Lin_to_DolbyPQ.a1.0.3",
                "ACESlib.Lin_to_DolbyPQ.a1.0.1",
                "ACESlib.Lin_to_SMPTE2048.a1.0.1",
            ][..],
        ),
        (
            "pq_to_hlg",
            &[
                "urn:ampas:aces:transformId:v1.5:ACESutil.DolbyPQ_to_HLG_1000nits.a1.1.0",
                "ACESutil.DolbyPQ_to_HLG_1000nits.a1.1",
            ][..],
        ),
        (
            "hlg_to_pq",
            &[
                "urn:ampas:aces:transformId:v1.5:ACESutil.HLG_to_DolbyPQ_1000nits.a1.1.0",
                "ACESutil.HLG_to_DolbyPQ_1000nits.a1.1",
            ][..],
        ),
    ] {
        for id in ids {
            let pipeline = Pipeline::new(registry().ops(id).expect(id));
            let worst = common::check_pair(
                &format!("{name} ({id})"),
                &dir.join(format!("{name}.in.f32")),
                &dir.join(format!("{name}.f32")),
                |px| pipeline.eval_rgb(px),
            );
            assert!(worst <= 5e-6, "{id}: {worst:.2e}");
        }
    }
    // Known values: 100 cd/m² is PQ 0.508078, 1000 cd/m² is HLG 0.75 for a 1000-nit white.
    let to_pq = Pipeline::new(registry().ops("ACESlib.Lin_to_DolbyPQ.a1.0.1").expect("PQ"));
    assert!((to_pq.eval_rgb([100.0; 3])[0] - 0.508_078).abs() < 1e-5);
    let pq_1000 = to_pq.eval_rgb([1000.0; 3]);
    let to_hlg = Pipeline::new(
        registry()
            .ops("ACESutil.DolbyPQ_to_HLG_1000nits.a1.1")
            .expect("HLG"),
    );
    assert!((to_hlg.eval_rgb(pq_1000)[0] - 1.0).abs() < 1e-5);
}

/// ACEScg both ways by every official spelling, against OpenColorIO's ACEScg_to_ACES2065-1; the
/// unity transform leaves pixels alone.
#[test]
fn acescg_and_unity_match_opencolorio() {
    use amfx::aces::registry::registry;
    let ops = |id: &str| Pipeline::new(registry().ops(id).expect(id));
    for id in [
        "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScg_to_ACES.a2.v1",
        "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACEScg_to_ACES.a1.0.3",
    ] {
        check("acescg_to_aces", &ops(id));
    }
    for id in [
        "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACES_to_ACEScg.a2.v1",
        "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACES_to_ACEScg.a1.0.3",
    ] {
        check("aces_to_acescg", &ops(id));
    }
    let unity = ops("urn:ampas:aces:transformId:v2.0:CSC.Academy.Unity.a2.v1");
    for rgb in [[0.18f32, -0.5, 65504.0], [1e-20, 1.0, 0.0]] {
        assert_eq!(unity.eval_rgb(rgb), rgb);
    }
}

/// The bench's chain e, the issue's own, built from its AMF: LogC3, the CDL in ACEScct, the
/// corpus's MasterLookBright CLF LMT (read where it lies in ../shared), ACES 2.0 Rec.709 with
/// its BT.1886 encoding. Held to the ACES 2.0 rule (`aces2_golden.rs`, issue 8) in display-linear
/// light, 1e-4, and to a quarter of a 10-bit code value in the encoded output: near black the
/// encoding magnifies display-linear differences a hundredfold, and 1e-5 in code values is finer
/// than OpenColorIO agrees with itself (its lossless and unoptimised processors differ by 7e-5
/// on a saturated green of this chain).
#[test]
fn the_bench_chain_with_a_clf_lmt_matches_opencolorio() {
    let amf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bench/e_logc3_cdl_clf_aces2_709.amf");
    let document = amfx::amf::read_file(&amf).expect("the bench AMF reads");
    let built = amfx::pipeline::build(&document.amf, &amf, &Default::default())
        .expect("the chain builds (needs ../shared beside the repo)");
    let pipeline = &built.pipeline;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let inputs = common::read_f32(&dir.join("amf_bench_e.in.f32")).expect("run scripts/golden");
    let expected = common::read_f32(&dir.join("amf_bench_e.f32")).expect("run scripts/golden");
    assert_eq!(inputs.len(), expected.len());
    let block = common::block_path(pipeline, &inputs);
    let display_linear = |v: f32| v.max(0.0).powf(2.4);
    let camera = Pipeline::new(
        amfx::aces::registry::registry()
            .ops("urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1")
            .expect("LogC3 is registered"),
    );
    for (path, outputs) in [
        (
            "eval",
            inputs.iter().map(|px| pipeline.eval_rgb(*px)).collect(),
        ),
        ("block path", block),
    ] {
        let (mut worst_linear, mut worst_code, mut compared) = (0.0f32, 0.0f32, 0);
        for ((input, got), want) in inputs.iter().zip(&outputs).zip(&expected) {
            // Pixels the camera curve takes to an infinity or NaN (non-finite codes and codes
            // far above 1) are not compared: both give a defined colour, OpenColorIO black and
            // amfx the LMT's first node through the output transform (a dark grey).
            if camera.eval_rgb(*input).iter().any(|v| !v.is_finite()) {
                continue;
            }
            compared += 1;
            for c in 0..3 {
                let code = (got[c] - want[c]).abs();
                let linear = (display_linear(got[c]) - display_linear(want[c])).abs();
                assert!(
                    code <= 0.25 / 1023.0 && linear <= 1e-4,
                    "chain e {path}: {input:?} gave {got:?}, OpenColorIO {want:?}"
                );
                worst_code = worst_code.max(code);
                worst_linear = worst_linear.max(linear);
            }
        }
        eprintln!(
            "chain e {path}: {compared} pixels, worst {:.3} 10-bit codes, {worst_linear:.1e} display-linear",
            worst_code * 1023.0
        );
        assert!(compared > 2000);
    }
}

/// ACES 2.0's `Look.Academy.v1_SDR_Tonescale_Match.a2.v1` against pairs of its published table
/// (ampas/aces-look at e0e70ecf, `ACESv1_constrast_match/Look.Academy.Contrast_of_ACESv1.ctl`,
/// table rows 0, 1, 2, 89, 160, 256, 384, 511 to 513, 600, 704, 768, 832, 896, 960, 1000, 1016,
/// 1017, 1022, 1023). amfx derives the table rather than shipping it; against all 1,024 rows
/// its outputs differ by at most 4.4e-5 relative, or by one unit of the 5th decimal (row 89).
/// Between rows the CTL interpolates linearly; outside it holds the end rows.
#[test]
fn tonescale_match_look_matches_its_published_table() {
    use amfx::aces::registry::registry;
    const PUBLISHED: [[f64; 2]; 21] = [
        [0.00199, 0.00000],
        [0.00201, 0.00009],
        [0.00202, 0.00016],
        [0.00436, 0.00508],
        [0.00814, 0.00930],
        [0.01896, 0.01873],
        [0.05855, 0.05180],
        [0.17921, 0.17840],
        [0.18079, 0.18047],
        [0.18239, 0.18257],
        [0.39248, 0.50923],
        [0.98099, 1.79345],
        [1.72381, 3.47404],
        [3.02911, 6.57911],
        [5.32281, 13.22198],
        [9.35334, 31.36365],
        [13.30403, 67.41282],
        [15.31756, 102.51946],
        [15.45308, 105.64096],
        [16.14887, 123.77023],
        [16.29174, 128.00191],
    ];
    let id = "urn:ampas:aces:transformId:v2.0:Look.Academy.v1_SDR_Tonescale_Match.a2.v1";
    let pipeline = Pipeline::new(registry().ops(id).expect("registered"));
    let near = |got: f32, want: f64| (f64::from(got) - want).abs() <= 1.01e-5 + 5e-5 * want;
    // Each row, the midpoint of the rows 511..513 (exact linear interpolation) and the ends.
    let mut cases: Vec<(f64, f64)> = PUBLISHED.iter().map(|&[x, y]| (x, y)).collect();
    for pair in PUBLISHED[7..10].windows(2) {
        let t = 0.25;
        cases.push((
            pair[0][0] + t * (pair[1][0] - pair[0][0]),
            pair[0][1] + t * (pair[1][1] - pair[0][1]),
        ));
    }
    cases.extend([
        (-1.0, 0.0),
        (0.0, 0.0),
        (0.001, 0.0),
        (20.0, 128.00191),
        (1e30, 128.00191),
    ]);
    let inputs: Vec<[f32; 3]> = cases.iter().map(|&(x, _)| [x as f32; 3]).collect();
    let block = common::block_path(&pipeline, &inputs);
    for (i, &(x, want)) in cases.iter().enumerate() {
        let scalar = pipeline.eval_rgb(inputs[i]);
        for (path, got) in [("scalar", scalar), ("block", block[i])] {
            assert!(
                got.iter().all(|&v| near(v, want)),
                "{path}: look({x}) = {got:?}, published {want}"
            );
        }
    }
    // Per channel, as the CTL reads it: one pixel spanning the table.
    let px = pipeline.eval_rgb([0.18079, 0.00199, 16.29174]);
    assert!(
        near(px[0], 0.18047) && px[1] == 0.0 && near(px[2], 128.00191),
        "{px:?}"
    );
    assert!(pipeline.eval_rgb([f32::NAN; 3]).iter().all(|v| v.is_nan()));
}
