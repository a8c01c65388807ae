//! Runs of ops fused into one pass of registers (`pipeline/fused.rs`) give the scalar
//! reference's bits, as the same ops one by one do, on values from deep negatives to beyond the
//! half-float range, with NaN, the infinities and a subnormal, for every kind of op a run can
//! hold: the matrices (with and without an offset), the camera log curves both ways, the CLF
//! Log in all eight styles, the ASC CDL in both styles and both directions with powers and
//! saturation, the CLF Range, the reference gamut compression both ways, the LUT1D. (Against OpenColorIO: `golden.rs`, whose
//! every case now checks the block path too.)

use amfx::aces;
use amfx::aces::registry::registry;
use amfx::ops::{Cdl, CdlStyle, Log, LogParams, LogStyle, Lut1d, Matrix, Op, Range};
use amfx::pipeline::Pipeline;

/// Each channel takes every value, the others shifted, so that pixels mix signs and scales.
fn pixels() -> Vec<[f32; 3]> {
    let mut values: Vec<f32> = (0..400)
        .map(|i| {
            let t = i as f32 / 40.0 - 2.0;
            t.signum() * (t.abs() * 3.0).exp2() * 0.01
        })
        .collect();
    values.extend([
        0.0,
        -0.0,
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN_POSITIVE,
        f32::MIN_POSITIVE / 4.0,
        1e30,
        -1e30,
        65504.0,
        0.18,
    ]);
    let n = values.len();
    (0..n)
        .map(|i| [values[i], values[(i * 7 + 3) % n], values[(i * 13 + 5) % n]])
        .collect()
}

fn planar(px: &[[f32; 3]]) -> [Vec<f32>; 3] {
    std::array::from_fn(|c| px.iter().map(|p| p[c]).collect())
}

/// The same bits, or both NaN: each fused op mirrors its scalar definition rounding for
/// rounding (`ops/registers.rs`).
fn same(got: f32, want: f32) -> bool {
    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
}

/// Asserts that `pipeline` fuses at least `fused_ops` ops and that its block path, fused and
/// op by op, gives the scalar reference's values on every pixel.
fn check(name: &str, pipeline: &Pipeline, fused_ops: usize) {
    let steps = pipeline.block_steps();
    eprintln!("{name}: {steps:?}");
    if amfx::simd::best_isa() == amfx::simd::Isa::Avx2Fma {
        let fused: usize = steps
            .iter()
            .filter(|s| s.starts_with("Fused("))
            .map(|s| s.matches('+').count() + 1)
            .sum();
        assert!(fused >= fused_ops, "{name}: {steps:?}");
    }
    let px = pixels();
    let [mut r, mut g, mut b] = planar(&px);
    let [mut r1, mut g1, mut b1] = planar(&px);
    // Odd block lengths exercise the padded remainder as well as whole registers.
    for (start, end) in [(0, 255), (255, 256), (256, px.len())] {
        pipeline.apply(&mut r[start..end], &mut g[start..end], &mut b[start..end]);
        pipeline.apply_unfused(
            &mut r1[start..end],
            &mut g1[start..end],
            &mut b1[start..end],
        );
    }
    for (i, input) in px.iter().enumerate() {
        let want = pipeline.eval_rgb(*input);
        let fused = [r[i], g[i], b[i]];
        let unfused = [r1[i], g1[i], b1[i]];
        for c in 0..3 {
            assert!(
                same(fused[c], want[c]) && same(unfused[c], want[c]),
                "{name}: {input:?} fused {fused:?}, op by op {unfused:?}, scalar {want:?}"
            );
        }
    }
}

const GRADE: Cdl = Cdl {
    slope: [1.1, 0.95, 1.2],
    offset: [0.01, -0.02, 0.0],
    power: [0.9, 1.1, 1.0],
    saturation: 0.8,
    style: CdlStyle::NoClamp,
    reverse: false,
};

#[test]
fn a_grade_in_acescct_after_a_camera_curve_follows_the_reference() {
    // The chain of the bench's chain b before its output transform: LogC3 → AP0, the CDL in
    // ACEScct (ACES → ACEScct, CDL, back), all six ops in one run.
    let idt = "urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1";
    let mut ops = registry().ops(idt).expect("LogC3 is registered");
    ops.extend(Pipeline::cdl_in_acescct(&GRADE).ops().iter().cloned());
    check("LogC3 + CDL in ACEScct", &Pipeline::new(ops), 5);
}

#[test]
fn clamped_cdls_with_powers_and_saturation_follow_the_reference() {
    for saturation in [1.0, 0.0, 1.7] {
        let cdl = Cdl {
            slope: [1.6, 0.7, 1.3],
            offset: [-0.05, 0.04, 0.1],
            power: [1.4, 0.6, 2.0],
            saturation,
            style: CdlStyle::Clamp,
            reverse: false,
        };
        let mut ops = aces::aces_to_acescct();
        ops.push(Op::Cdl(cdl));
        check(
            &format!("clamped CDL, sat {saturation}"),
            &Pipeline::new(ops),
            3,
        );
    }
}

/// The reverse CDL (what an inverted recipe runs), clamped and not, with powers and saturation.
#[test]
fn reverse_cdls_follow_the_reference() {
    for style in [CdlStyle::Clamp, CdlStyle::NoClamp] {
        for saturation in [1.0, 0.0, 0.8, 1.7] {
            let cdl = Cdl {
                slope: [1.6, 0.7, 1.3],
                offset: [-0.05, 0.04, 0.1],
                power: [1.4, 0.6, 1.0],
                saturation,
                style,
                reverse: true,
            };
            let mut ops = aces::aces_to_acescct();
            ops.push(Op::Cdl(cdl));
            ops.extend(aces::acescct_to_aces());
            // All five in one run: the CDL is not fused unless the run spans it.
            check(
                &format!("reverse CDL {style:?}, sat {saturation}"),
                &Pipeline::new(ops),
                5,
            );
        }
    }
}

#[test]
fn matrices_with_offsets_and_log_curves_both_ways_follow_the_reference() {
    // The middle matrix keeps the optimiser from cancelling the curves as an inverse pair.
    let lift = Matrix::new(
        [[1.2, -0.1, -0.1], [0.05, 0.9, 0.05], [0.0, -0.2, 1.2]],
        [0.01, -0.02, 0.03],
    );
    let twist = Matrix::new(
        [[0.9, 0.1, 0.0], [0.0, 1.1, -0.1], [0.1, 0.0, 0.9]],
        [-0.01, 0.0, 0.02],
    );
    let mut ops = vec![Op::Matrix(lift)];
    ops.extend(aces::aces_to_acescct());
    ops.push(Op::Matrix(twist));
    ops.extend(aces::acescct_to_aces());
    check("matrices + ACEScct both ways", &Pipeline::new(ops), 5);
}

#[test]
fn clf_logs_in_every_style_follow_the_reference() {
    // Each channel its own parameters (CLF allows it); a matrix after each log keeps the
    // optimiser from cancelling a style against its inverse.
    let params = |i: usize, camera: bool| LogParams {
        base: 10.0,
        log_side_slope: [0.25, 0.3, 0.18][i],
        log_side_offset: [0.6, 0.5, 0.55][i],
        lin_side_slope: [1.0, 1.2, 0.9][i],
        lin_side_offset: [0.01, 0.005, 0.02][i],
        lin_side_break: camera.then_some([0.01, 0.02, 0.005][i]),
        linear_slope: (camera && i == 1).then_some(3.0),
    };
    let twist = Matrix::new(
        [[0.9, 0.1, 0.0], [0.0, 1.1, -0.1], [0.1, 0.0, 0.9]],
        [0.0, 0.0, 0.0],
    );
    let styles = [
        LogStyle::Log10,
        LogStyle::Log2,
        LogStyle::AntiLog10,
        LogStyle::AntiLog2,
        LogStyle::LinToLog,
        LogStyle::LogToLin,
        LogStyle::CameraLinToLog,
        LogStyle::CameraLogToLin,
    ];
    for style in styles {
        let camera = style.is_camera();
        let log = Log::new(style, std::array::from_fn(|i| params(i, camera))).expect("valid");
        let ops = vec![
            Op::Matrix(twist.clone()),
            Op::Log(log),
            Op::Matrix(twist.clone()),
        ];
        check(&format!("CLF Log {style:?}"), &Pipeline::new(ops), 3);
    }
}

/// CLF Ranges clamped both sides, on one side only and not at all, in ACEScct (between log
/// curves, which keep the optimiser from folding a range into a neighbour).
#[test]
fn ranges_follow_the_reference() {
    let ranges = [
        Range::new(Some(0.1), Some(0.9), Some(0.0), Some(1.0), true),
        Range::new(Some(0.1), Some(0.9), Some(-0.5), Some(2.0), false),
        Range::new(Some(0.02), None, Some(0.02), None, true),
        Range::new(None, Some(0.8), None, Some(0.8), true),
    ];
    for range in ranges {
        let range = range.expect("a valid Range");
        let mut ops = aces::aces_to_acescct();
        ops.push(Op::Range(range.clone()));
        ops.extend(aces::acescct_to_aces());
        check(&format!("{range:?}"), &Pipeline::new(ops), 5);
        // Alone, too (its own loop goes pixel by pixel, so it runs in registers).
        let alone = Pipeline::new(vec![Op::Range(range.clone())]);
        check(&format!("{range:?} alone"), &alone, 1);
    }
}

/// The ACES reference gamut compression and its inverse, as the registry wraps them (AP0 to
/// AP1 and back), and the two in a row.
#[test]
fn the_reference_gamut_compression_follows_the_reference_both_ways() {
    for inverse in [false, true] {
        let ops = aces::reference_gamut_compress(inverse);
        check(&format!("RGC inverse={inverse}"), &Pipeline::new(ops), 3);
        let alone = Pipeline::new(vec![Op::GamutCompress(aces::GamutCompress::reference(
            inverse,
        ))]);
        check(&format!("RGC alone, inverse={inverse}"), &alone, 1);
    }
    let mut ops = aces::reference_gamut_compress(false);
    ops.extend(aces::acescct_to_aces());
    check("RGC then ACEScct to ACES", &Pipeline::new(ops), 4);
}

/// Forward LUT1Ds on the even domain, one column and three, of 2, 17 and 4096 entries (a curve
/// with negatives and a kink), between matrices and alone.
#[test]
fn lut1ds_follow_the_reference() {
    let twist = Matrix::new(
        [[0.9, 0.1, 0.0], [0.0, 1.1, -0.1], [0.1, 0.0, 0.9]],
        [0.01, 0.0, -0.02],
    );
    for size in [2usize, 17, 4096] {
        for components in [1usize, 3] {
            let values: Vec<f32> = (0..size * components)
                .map(|i| {
                    let t = (i / components) as f32 / (size - 1) as f32;
                    let channel = (i % components) as f32;
                    (t * (1.3 + 0.2 * channel)).powf(0.6) - 0.05 + if t > 0.7 { t } else { 0.0 }
                })
                .collect();
            let lut = Lut1d::new(values, components, false).expect("a valid LUT1D");
            let name = format!("LUT1D {size}x{components}");
            let ops = vec![
                Op::Matrix(twist.clone()),
                Op::Lut1d(lut.clone()),
                Op::Matrix(twist.clone()),
            ];
            check(&name, &Pipeline::new(ops), 3);
            check(
                &format!("{name} alone"),
                &Pipeline::new(vec![Op::Lut1d(lut)]),
                1,
            );
        }
    }
}
