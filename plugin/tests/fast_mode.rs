//! Fast mode (the recipe baked into a shaper + 65³ LUT) against exact mode on whole recipes,
//! with the accuracy check `amfx bench --mode fast` prints (`pipeline::bake::accuracy`).
//!
//! Measured on these chains (65³, 48³ samples, in display code values × 1023):
//!
//! | chain | AP1 sat ≤ 0.1 | ≤ 0.3 | ≤ 0.5 | ≤ 0.9 | all of AP1 |
//! |---|---|---|---|---|---|
//! | LogC4 + CDL + ACES 2.0 Rec.709 (valid_v2) | 2.6 | 6.7 | 6.7 | 32 | 454 |
//! | LogC3 + CDL + ACES 2.0 Rec.709 (bench b) | 0.52 | 4.1 | 5.1 | 20 | 199 |
//! | ACES + ACES 2.0 Rec.709 (bench a) | 0.71 | 0.71 | 19 | 52 | 126 |
//! | ACES + ACES 2.0 P3 1000 nits PQ (bench d) | 1.5 | 1.5 | 12 | 119 | 262 |
//!
//! The large errors sit where a display channel crosses 0 inside a cell (the BT.1886/PQ
//! encoding's infinite slope there) and at bright saturated colours where the ACES 2.0 output
//! transform itself jumps (OpenColorIO agrees with exact mode there). The one-code-value target
//! over all of AP1 is kept as an ignored test until the LUT holds display-linear values.

use std::path::{Path, PathBuf};

use amfx::pipeline::bake::{accuracy, DEFAULT_SIZE};
use amfx::pipeline::{build, BuildOptions, Built, InputDomain};

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file)
}

fn built(file: &str, options: &BuildOptions) -> Built {
    let path = data(file);
    let document = amfx::amf::read_file(&path).unwrap();
    build(&document.amf, &path, options).unwrap()
}

/// Max error in 10-bit code values over samples up to `max_saturation` in AP1.
fn error_cv10(file: &str, max_saturation: f32) -> f32 {
    let built = built(file, &BuildOptions::default());
    let baked = built
        .pipeline
        .bake(built.input_domain(), DEFAULT_SIZE)
        .unwrap();
    let report = accuracy::measure_up_to_saturation(
        &built.pipeline,
        &baked,
        built.to_aces.as_ref(),
        max_saturation,
        48,
    );
    assert!(
        report.samples >= 10,
        "{file}: only {} samples",
        report.samples
    );
    report.in_10bit_codes()
}

#[test]
#[ignore = "not met yet: see the table at the top"]
fn near_neutral_logc3_is_within_one_code_value() {
    let e = error_cv10("bench/b_logc3_cdl_aces2_709.amf", 0.1);
    assert!(e <= 1.0, "{e} code values");
}

#[test]
#[ignore = "not met yet: 6.4 code values with these samples"]
fn near_neutral_aces_input_is_within_one_code_value() {
    let e = error_cv10("bench/a_aces2_sdr709.amf", 0.3);
    assert!(e <= 1.0, "{e} code values");
}

/// The target of DESIGN.md: one 10-bit code value over every in-gamut colour. Not met yet
/// (see the table above).
#[test]
#[ignore = "not met yet: see the table at the top"]
fn every_in_gamut_colour_is_within_one_code_value() {
    for file in [
        "amf/valid_v2.amf",
        "bench/b_logc3_cdl_aces2_709.amf",
        "bench/a_aces2_sdr709.amf",
    ] {
        let e = error_cv10(file, 1.0);
        assert!(e <= 1.0, "{file}: {e} code values");
    }
}

#[test]
fn the_input_domain_follows_the_applied_stages() {
    let file = "amf/valid_v2.amf";
    // LogC4 in: camera code values.
    let forward = built(file, &BuildOptions::default());
    assert_eq!(forward.input_domain(), InputDomain::CODE_VALUES);
    assert!(forward.to_aces.as_ref().is_some_and(|p| !p.is_identity()));
    // Input transform off: the pixels are ACES.
    let no_input = BuildOptions {
        input: false,
        ..BuildOptions::default()
    };
    let aces_in = built(file, &no_input);
    assert_eq!(aces_in.input_domain(), InputDomain::SceneLinear);
    assert!(aces_in.to_aces.as_ref().is_some_and(|p| p.is_identity()));
    // Inverted: display code values in, no gamut to check against.
    let inverse = BuildOptions {
        inverse: true,
        ..BuildOptions::default()
    };
    let display_in = built(file, &inverse);
    assert_eq!(display_in.input_domain(), InputDomain::CODE_VALUES);
    assert!(display_in.to_aces.is_none());
    // Inverted with the output transform off: ACES back to LogC4, scene-linear in.
    let no_output = BuildOptions {
        inverse: true,
        output: false,
        ..BuildOptions::default()
    };
    assert_eq!(
        built(file, &no_output).input_domain(),
        InputDomain::SceneLinear
    );
}

#[test]
fn fast_mode_follows_exact_mode_along_the_grey_axis() {
    // Camera code values of greys (LogC3 neutral stays neutral in AWG3): the display ramp, from
    // 2% up. Below, the encoding's slope near 0 (BT.1886) takes the error to ~2 code values.
    let built = built("bench/b_logc3_cdl_aces2_709.amf", &BuildOptions::default());
    let baked = built
        .pipeline
        .bake(built.input_domain(), DEFAULT_SIZE)
        .unwrap();
    for k in 0..=200 {
        let v = k as f32 / 200.0;
        let (fast, exact) = (baked.eval_rgb([v; 3]), built.pipeline.eval_rgb([v; 3]));
        if exact.iter().any(|&e| e < 0.02) {
            continue;
        }
        for c in 0..3 {
            assert!(
                (fast[c] - exact[c]).abs() <= 1.0 / 1023.0,
                "{v}: {fast:?} vs {exact:?}"
            );
        }
    }
}
