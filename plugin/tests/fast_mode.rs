//! Fast mode (the recipe baked into a shaper + 65³ LUT) against exact mode on whole recipes,
//! with the accuracy check `amfx bench --mode fast` prints (`pipeline::bake::accuracy`).
//!
//! Measured on these chains (48³ samples, display code values × 1023). Two sets, both of
//! samples whose exact output is inside (0, 1) (`accuracy.rs`): **in the display's gamut** (the
//! ACES value in the display's limiting primaries has no negative component: the set the
//! one-code-value target is held on) and **all of AP1** (no negative ACEScg component), the
//! latter also split by AP1 saturation. The lattice holds what the chain does on top of its grey
//! response (a 1025-entry per-channel table, `bake/tone.rs`); ACES 2.0 chains are baked before
//! the white limit and the display encoding (`bake/display.rs`):
//!
//! | chain, 65³ | display gamut | AP1 sat ≤ 0.1 | ≤ 0.3 | ≤ 0.5 | ≤ 0.9 | all of AP1 |
//! |---|---|---|---|---|---|---|
//! | LogC4 + CDL + ACES 2.0 Rec.709 (valid_v2) | 35.5 | 1.00 | 4.92 | 7.98 | 21.8 | 719 |
//! | LogC3 + CDL + ACES 2.0 Rec.709 (bench b) | 34.4 | 3.14 | 7.49 | 7.49 | 15.5 | 111 |
//! | ACES + ACES 2.0 Rec.709 (bench a) | 29.3 | 3.26 | 6.29 | 15.3 | 78.8 | 142 |
//! | ACES + ACES 1.x Rec.709 video (bench c) | 131 | 4.04 | 5.89 | 75.4 | 164 | 190 |
//! | ACES + ACES 2.0 P3 1000 nits PQ (bench d) | 303 | 1.41 | 2.06 | 2.89 | 54.5 | 496 |
//!
//! Without the grey-response table (the previous bake): sat ≤ 0.1 was 1.09 / 2.87 / 3.21 / 3.86 /
//! 2.44, so it only helps PQ much; greys themselves are now within 0.1 code value.
//!
//! Why one code value is not met (probed along lines through the worst inputs with `amfx eval`):
//! - in the display's gamut, the worst samples sit near its edge, where the rendering pushes a
//!   channel through 0 (clamped after the lookup): the stored |u|^(1/2.4) is vertical there
//!   (storing light instead is worse, 43 code values), and ACES 2.0's gamut compression has
//!   kinks near the cusp (a 0.02-stop feature in a 0.4-stop cell). ACES 1.x (c) clamps display
//!   light to [0, 1] inside its ODT, so the lattice holds a kink there: baking before that clamp
//!   needs an unclamped forward from `aces/output1` (not in this module's reach);
//! - near neutral, the output transforms are cone-shaped around the grey axis (hue-dependent
//!   chroma handling): the error grows with saturation inside the six tetrahedra around the
//!   diagonal and barely with the lattice size (129³ gave 0.4–2.1 at sat ≤ 0.1).
//!
//! The one-code-value targets stay ignored tests until a different bake meets them.
//!
//! **The guard** (`bake/guard.rs`, what renders and `amfx bench/eval --mode fast` use): every
//! cell is checked at 7 points; where one is more than 0.35 code value off, and outside the
//! domain, pixels are rendered exactly. Measured, 65³, 2 threads (`amfx bench --mode fast`):
//!
//! | chain | display gamut | all of AP1 | cells exact | bench frame's pixels exact | bake + guard |
//! |---|---|---|---|---|---|
//! | bench b (LogC3 codes frame) | 0.43 | 10.3 | 65 % | ~70 % | 218 ms |
//! | bench a (stops frame) | 0.30 | 0.53 | 32 % | ~100 % | 206 ms |
//! | bench d (stops frame) | 0.58 | 1.24 | 27 % | ~90 % | 231 ms |
//! | bench c (stops frame) | 0.00 | 0.00 | 76 % | ~100 % | 489 ms |
//!
//! So the guard keeps the promise, but near-neutral pictures (the stops frame: channels close
//! together) fall almost wholly in marked cells: the cone around the grey axis (above) is the
//! LUT's real limit, and until the bake follows it, fast mode is no faster than exact there.
//!
//! **Tried (session 6, branch `cone-lattice-experiment`, not on main):** a lattice over (grey
//! level = mean of the shaper positions, chroma = their spread with quadratically spaced nodes,
//! hexagonal hue), 65 × 49 × 97 nodes, tetrahedral in those coordinates. It follows the cone:
//! AP1 saturation ≤ 0.1 went from 3.26 / 3.14 to 0.04 / 0.44 code values (a / b), ≤ 0.5 from
//! 15.3 / 7.49 to 2.45 / 3.13. But the display gamut's worst cells (gamut-compression kinks) stay
//! 14-112 code values off, so the guard still marks 25-53 % of the cells, and the bench frames
//! (random LogC3 code values: mostly saturated, much of it outside the display's gamut) kept
//! 57-97 % of their pixels on the exact path; even a guard that ignored every out-of-gamut check
//! point left 5-63 % exact and broke the in-gamut promise in straddling cells (b 56, d 9 code
//! values). The LUT path itself got slower (68 vs 56 ms UHD 2T: the cone coordinates cost three
//! divisions and a square root per pixel). A LUT-based fast mode cannot meet both the accuracy
//! and the speed target on such frames; see the #9 notes.

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

/// The target on DESIGN.md's in-gamut set, the display's gamut. Not met yet (see the table).
#[test]
#[ignore = "not met yet: see the table at the top"]
fn every_colour_in_the_display_gamut_is_within_one_code_value() {
    for file in [
        "bench/a_aces2_sdr709.amf",
        "bench/b_logc3_cdl_aces2_709.amf",
        "bench/c_aces1_sdrvideo709.amf",
        "bench/d_aces2_hdr1000_p3pq.amf",
    ] {
        let built = built(file, &BuildOptions::default());
        let baked = built
            .pipeline
            .bake(built.input_domain(), DEFAULT_SIZE)
            .unwrap();
        let report = accuracy::measure(&built.pipeline, &baked, built.to_aces.as_ref(), 48);
        let e = report.display_gamut.in_10bit_codes();
        assert!(e <= 1.0, "{file}: {e} code values");
    }
}

/// What fast mode renders: the LUT, guarded by the exact pipeline where it is off.
#[test]
fn guarded_fast_mode_is_within_one_code_value_in_the_display_gamut() {
    for file in [
        "bench/a_aces2_sdr709.amf",
        "bench/b_logc3_cdl_aces2_709.amf",
        "bench/d_aces2_hdr1000_p3pq.amf",
    ] {
        let built = built(file, &BuildOptions::default());
        let baked = built
            .pipeline
            .bake(built.input_domain(), DEFAULT_SIZE)
            .unwrap()
            .guarded(&built.pipeline);
        let report = accuracy::measure(&built.pipeline, &baked, built.to_aces.as_ref(), 48);
        let e = report.display_gamut.in_10bit_codes();
        assert!(report.display_gamut.samples > 1000, "{file}: {report:?}");
        assert!(e <= 1.0, "{file}: {e} code values");
    }
}

/// The display's gamut is a part of AP1 for these displays (Rec.709, P3), and each set is
/// measured against the exact pipeline on real samples.
#[test]
fn the_display_gamut_is_measured_inside_ap1() {
    use amfx::aces::{AP1, REC709};
    let built = built("bench/a_aces2_sdr709.amf", &BuildOptions::default());
    assert_eq!(accuracy::display_primaries(&built.pipeline), REC709);
    assert_eq!(
        accuracy::display_primaries(&amfx::pipeline::Pipeline::default()),
        AP1
    );
    let baked = built.pipeline.bake(built.input_domain(), 17).unwrap();
    let report = accuracy::measure(&built.pipeline, &baked, built.to_aces.as_ref(), 16);
    assert!(report.display_gamut.samples >= 30, "{report:?}");
    assert!(
        report.display_gamut.samples < report.ap1.samples,
        "{report:?}"
    );
    assert!(
        report.display_gamut.max_error <= report.ap1.max_error,
        "{report:?}"
    );
    // A 17³ bake is visibly off: the measure sees it.
    assert!(report.display_gamut.in_10bit_codes() > 1.0, "{report:?}");
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
        let display = accuracy::measure(&built.pipeline, &baked, built.to_aces.as_ref(), 48);
        let display = display.display_gamut;
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
        println!(
            "{file} {size} bake {bake_ms:.0} ms | display gamut {:.2} {:?} | AP1 by saturation {}",
            display.in_10bit_codes(),
            display.worst_input,
            row.join(" | ")
        );
    }
}
