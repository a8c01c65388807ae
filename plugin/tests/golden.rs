//! Golden tests: amfx's scalar reference against OpenColorIO 2.6 (values made by `scripts/golden`).
//! The comparison rule is in `common/mod.rs`.

mod common;

use std::path::Path;

use amfx::aces;
use amfx::ops::{Cdl, CdlStyle};
use amfx::pipeline::Pipeline;

fn check(case: &str, pipeline: &Pipeline) -> f32 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    common::check_pair(
        case,
        &dir.join(format!("{case}.in.f32")),
        &dir.join(format!("{case}.f32")),
        |px| pipeline.eval_rgb(px),
    )
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
