//! Fast mode (the recipe baked into a shaper + 65³ LUT) against exact mode on whole recipes,
//! with the accuracy check `amfx bench --mode fast` prints (`pipeline::bake::accuracy`).
//!
//! Measured on these chains (48³ samples, display code values × 1023; in gamut as
//! `accuracy.rs` defines it: AP1 components ≥ 0 and an exact output inside (0, 1), so "all of
//! AP1" is the whole in-gamut set and the other columns its less saturated parts). ACES 2.0
//! chains are baked before the white limit and the display encoding (`bake/display.rs`):
//!
//! | chain, 65³ | AP1 sat ≤ 0.1 | ≤ 0.3 | ≤ 0.5 | ≤ 0.9 | all of AP1 |
//! |---|---|---|---|---|---|
//! | LogC4 + CDL + ACES 2.0 Rec.709 (valid_v2) | 1.09 | 4.45 | 7.75 | 21.9 | 719 |
//! | LogC3 + CDL + ACES 2.0 Rec.709 (bench b) | 2.87 | 7.09 | 7.09 | 15.4 | 111 |
//! | ACES + ACES 2.0 Rec.709 (bench a) | 3.21 | 6.45 | 15.6 | 78 | 143 |
//! | ACES + ACES 1.x Rec.709 video (bench c) | 3.86 | 7.13 | 75.6 | 162 | 191 |
//! | ACES + ACES 2.0 P3 1000 nits PQ (bench d) | 2.44 | 3.84 | 5.65 | 54.7 | 496 |
//!
//! At 129³ (bake 0.6–1.2 s on 2 busy cores): 0.37 / 3.34 / 3.34 / 174 / 405; 2.09 / 2.51 / 2.66 /
//! 8.2 / 128; 1.24 / 1.41 / 4.72 / 58 / 78; 1.30 / 3.37 / 30 / 112 / 112; 0.85 / 0.85 / 1.07 /
//! 111 / 293 (PQ there stored with power 1/2.4).
//!
//! What is left is the rendering itself changing faster than a cell (mid-bright greys near the
//! white limit, saturated colours through the gamut compression), not the display encoding.
//! The one-code-value targets stay ignored tests until a finer or adaptive lattice meets them.

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
#[ignore = "not met yet: see the table at the top"]
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

/// Prints the error table (run with `--ignored --nocapture`; AMFX_BAKE_SIZE picks the size).
#[test]
#[ignore = "a measurement, not a check"]
fn print_error_table() {
    let size: usize = std::env::var("AMFX_BAKE_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SIZE);
    for file in [
        "amf/valid_v2.amf",
        "bench/b_logc3_cdl_aces2_709.amf",
        "bench/a_aces2_sdr709.amf",
        "bench/c_aces1_sdrvideo709.amf",
        "bench/d_aces2_hdr1000_p3pq.amf",
    ] {
        let built = built(file, &BuildOptions::default());
        let t = std::time::Instant::now();
        let baked = built.pipeline.bake(built.input_domain(), size).unwrap();
        let bake_ms = t.elapsed().as_secs_f64() * 1e3;
        let row: Vec<String> = [0.1, 0.3, 0.5, 0.9, 1.0]
            .iter()
            .map(|&s| {
                let r = accuracy::measure_up_to_saturation(
                    &built.pipeline,
                    &baked,
                    built.to_aces.as_ref(),
                    s,
                    48,
                );
                format!("{:.2} {:?}", r.in_10bit_codes(), r.worst_input)
            })
            .collect();
        println!("{file} {size} bake {bake_ms:.0} ms | {}", row.join(" | "));
    }
}
