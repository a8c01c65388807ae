//! Every path of the baked pipeline against the scalar reference, and baking against exact.

use super::*;
use crate::ops::{Cdl, Matrix, Op};

fn grade() -> Pipeline {
    Pipeline::cdl_in_acescct(&Cdl {
        slope: [1.1, 0.95, 1.2],
        offset: [0.01, -0.02, 0.0],
        power: [0.9, 1.1, 1.0],
        saturation: 0.8,
        ..Cdl::default()
    })
}

/// Inputs across and beyond the domain, with the special values.
fn inputs(domain: InputDomain, count: usize) -> Vec<[f32; 3]> {
    let (lo, hi) = domain.bounds();
    let mut state = 0x1234_5678_9abc_def1u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let specials = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        0.0,
        -0.0,
        lo as f32,
        hi as f32,
        (hi * 4.0) as f32,
        (lo - 1.0) as f32,
        f32::MIN_POSITIVE,
        1e-30,
    ];
    let mut out: Vec<[f32; 3]> = specials
        .iter()
        .flat_map(|&a| specials.iter().map(move |&b| [a, b, 0.18]))
        .collect();
    while out.len() < count {
        out.push(std::array::from_fn(|_| {
            domain.from_unit(next() * 1.1 - 0.05) as f32
        }));
    }
    out
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

fn check_paths(baked: &BakedPipeline) {
    #[cfg(target_arch = "x86_64")]
    for fetch in [Fetch::Gathers, Fetch::Loads] {
        let mut baked = baked.clone();
        baked.set_fetch(fetch);
        check_paths_with(&baked);
    }
    #[cfg(not(target_arch = "x86_64"))]
    check_paths_with(baked);
}

fn check_paths_with(baked: &BakedPipeline) {
    let px = inputs(baked.domain(), 5000);
    let want: Vec<[f32; 3]> = px.iter().map(|&p| baked.eval_rgb(p)).collect();
    for (p, w) in px.iter().zip(&want) {
        assert!(w.iter().all(|v| v.is_finite()), "{p:?} -> {w:?}");
    }
    check_paths_against(baked, &px, &want, 1e-6);
}

/// Every path (planar and interleaved, portable and AVX2) gives `want` for `px`, within
/// `tolerance` (relative above 1; NaN agrees with NaN), and leaves alpha alone.
fn check_paths_against(baked: &BakedPipeline, px: &[[f32; 3]], want: &[[f32; 3]], tolerance: f32) {
    for isa in [Isa::Portable, Isa::Avx2Fma] {
        let mut planar: [Vec<f32>; 3] = std::array::from_fn(|c| px.iter().map(|p| p[c]).collect());
        {
            let [r, g, b] = &mut planar;
            baked.apply_with(isa, r, g, b);
        }
        let mut rgba: Vec<f32> = px.iter().flat_map(|p| [p[0], p[1], p[2], 0.5]).collect();
        baked.apply_rgba_with(isa, &mut rgba);
        for (k, w) in want.iter().enumerate() {
            for c in 0..3 {
                assert!(
                    agrees(planar[c][k], w[c], tolerance),
                    "{isa:?} planar {:?}: {} vs {}",
                    px[k],
                    planar[c][k],
                    w[c]
                );
                assert!(
                    agrees(rgba[4 * k + c], w[c], tolerance),
                    "{isa:?} rgba {:?}: {} vs {}",
                    px[k],
                    rgba[4 * k + c],
                    w[c]
                );
            }
            assert_eq!(rgba[4 * k + 3], 0.5, "alpha is left alone");
        }
    }
}

#[test]
fn simd_and_portable_paths_match_the_reference() {
    for domain in [InputDomain::SceneLinear, InputDomain::CODE_VALUES] {
        for size in [2, 17, 65] {
            check_paths(&grade().bake(domain, size).unwrap());
        }
    }
}

#[test]
fn an_identity_bakes_to_the_identity_inside_the_domain() {
    for domain in [InputDomain::SceneLinear, InputDomain::CODE_VALUES] {
        let baked = Pipeline::default().bake(domain, 33).unwrap();
        let (lo, hi) = domain.bounds();
        for k in 0..=200 {
            let x = domain.from_unit(k as f64 / 200.0) as f32;
            let got = baked.eval_rgb([x, x, x]);
            // Greys follow the tone table: chords 1/16 of a cell long (0.05 stops on the
            // scene shaper: 1.5e-4 relative at most), read at f32 positions.
            for v in got {
                assert!(
                    (v - x).abs() <= 2e-4 * x.abs().max(0.01),
                    "{domain}: {x} -> {got:?}"
                );
            }
        }
        // Held at the edges outside.
        assert!(close(baked.eval_rgb([hi as f32 * 2.0; 3])[0], hi as f32));
        assert!(close(baked.eval_rgb([lo as f32 - 1.0; 3])[1], lo as f32));
        // NaN reads as 0.
        assert_eq!(baked.eval_rgb([f32::NAN; 3]), baked.eval_rgb([0.0; 3]));
    }
}

#[test]
fn a_linear_map_on_code_values_bakes_exactly() {
    // A matrix is affine, and tetrahedral interpolation of an affine map on a straight shaper
    // is exact.
    let m = Matrix::from_rows([[0.8, 0.15, 0.05], [0.1, 0.85, 0.05], [0.02, 0.08, 0.9]]);
    let p = Pipeline::new(vec![Op::Matrix(m)]);
    let baked = p.bake(InputDomain::CODE_VALUES, 9).unwrap();
    for px in [[0.3f32, 0.6, 0.9], [0.01, 0.99, 0.5], [1.05, -0.05, 0.2]] {
        let (got, want) = (baked.eval_rgb(px), p.eval_rgb(px));
        for c in 0..3 {
            assert!(
                (got[c] - want[c]).abs() < 2e-6,
                "{px:?}: {got:?} vs {want:?}"
            );
        }
    }
}

#[test]
fn a_grade_bakes_within_two_code_values_of_acescct() {
    // Scene-linear in and out: the lattice holds linear values, and interpolating them linearly
    // across a cell 0.4 stops wide is off by up to ~1% where the output curves (1.2 ACEScct
    // code values, measured). Display code values out (what fast mode is for) fare far better.
    let p = grade();
    let baked = p.bake(InputDomain::SceneLinear, 65).unwrap();
    let to_cct = Pipeline::new(crate::aces::aces_to_acescct());
    for stops in -8..=8 {
        for tint in [[1.0f32, 1.0, 1.0], [1.3, 1.0, 0.7], [0.6, 0.9, 1.2]] {
            let x = tint.map(|t| 0.18 * t * (stops as f32 * 0.93).exp2());
            let (got, want) = (
                to_cct.eval_rgb(baked.eval_rgb(x)),
                to_cct.eval_rgb(p.eval_rgb(x)),
            );
            for c in 0..3 {
                assert!(
                    (got[c] - want[c]).abs() < 2.0 / 1023.0,
                    "{x:?}: {got:?} vs {want:?}"
                );
            }
        }
    }
}

#[test]
fn bad_sizes_and_domains_are_refused() {
    let p = grade();
    assert_eq!(p.bake(InputDomain::SceneLinear, 1), Err(BakeError::Size(1)));
    assert_eq!(
        p.bake(InputDomain::SceneLinear, 130),
        Err(BakeError::Size(130))
    );
    let empty = InputDomain::CodeValue {
        low: 1.0,
        high: 1.0,
    };
    assert!(matches!(p.bake(empty, 9), Err(BakeError::Domain(_))));
    let nan = InputDomain::CodeValue {
        low: f32::NAN,
        high: 1.0,
    };
    assert!(matches!(p.bake(nan, 9), Err(BakeError::Domain(_))));
}

#[test]
fn accuracy_finds_a_planted_error() {
    let p = Pipeline::new(vec![Op::Matrix(Matrix::from_rows([
        [0.5, 0.0, 0.0],
        [0.0, 0.5, 0.0],
        [0.0, 0.0, 0.5],
    ]))]);
    let good = p.bake(InputDomain::CODE_VALUES, 17).unwrap();
    let report = accuracy::measure(&p, &good, None, 16).display_gamut;
    assert_eq!(report.samples, 16 * 16 * 16);
    assert!(report.max_error < 1e-6, "{report:?}");
    // Measured against another pipeline, the difference shows up.
    let other = Pipeline::new(vec![Op::Matrix(Matrix::from_rows([
        [0.5, 0.0, 0.0],
        [0.0, 0.5, 0.0],
        [0.0, 0.0, 0.51],
    ]))]);
    // 0.01·b, largest near b = 1.
    let report = accuracy::measure(&other, &good, None, 16).display_gamut;
    assert!(
        report.max_error > 0.009 && report.max_error <= 0.01,
        "{report:?}"
    );
}

/// Baked before the display encoding: at the lattice's nodes the lookup is exact, so the white
/// limit, the matrix to the encoding primaries and the encoding after it are the transform's own
/// (for a preset with D60 white scaling, and for PQ).
#[test]
fn an_output_transform_bakes_to_itself_at_the_nodes() {
    for id in [
        "Output.Academy.Rec709-D60_100nit_in_Rec709-D65_BT1886.a2.v1",
        "Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1",
        "Output.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1",
    ] {
        let pipeline = output_pipeline(id);
        let domain = InputDomain::SceneLinear;
        let baked = pipeline.bake(domain, 17).unwrap();
        assert!(baked.encoding.is_some(), "{id}: baked before the encoding");
        // Every path agrees with the reference, and stays finite on non-finite input.
        check_paths(&baked);
        for (r, g, b) in [(5, 9, 7), (8, 8, 8), (10, 6, 4), (3, 7, 11), (12, 12, 9)] {
            let at = |i: usize| domain.from_unit(i as f64 / 16.0) as f32;
            let px = [at(r), at(g), at(b)];
            let (fast, exact) = (baked.eval_rgb(px), pipeline.eval_rgb(px));
            for c in 0..3 {
                assert!(
                    (fast[c] - exact[c]).abs() < 2e-5,
                    "{id} {px:?}: {fast:?} vs {exact:?}"
                );
            }
        }
    }
}

/// Greys lie on the lattice's diagonal, where the residual is 0 at every node: they follow the
/// fine tone table, far closer than the lattice alone (which was off by 2-3 code values).
#[test]
fn greys_follow_the_tone_curve() {
    use crate::aces::output2::{OutputOp, OutputTransform2};
    let id = "Output.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1";
    let (transform, _) = OutputTransform2::for_transform_id(id).unwrap();
    let pipeline = Pipeline::new(vec![Op::AcesOutput2(OutputOp {
        transform,
        inverse: false,
    })]);
    let baked = pipeline.bake(InputDomain::SceneLinear, 65).unwrap();
    let mut worst = 0f32;
    for k in 0..=400 {
        let x = 0.001f32 * (k as f32 * 0.04).exp2();
        let (fast, exact) = (baked.eval_rgb([x; 3]), pipeline.eval_rgb([x; 3]));
        for c in 0..3 {
            worst = worst.max((fast[c] - exact[c]).abs());
        }
    }
    assert!(worst * 1023.0 < 0.1, "{} code values", worst * 1023.0);
}

/// An ACES 2.0 output transform, forward, as a pipeline.
fn output_pipeline(id: &str) -> Pipeline {
    use crate::aces::output2::{OutputOp, OutputTransform2};
    let (transform, _) = OutputTransform2::for_transform_id(id).unwrap();
    Pipeline::new(vec![Op::AcesOutput2(OutputOp {
        transform,
        inverse: false,
    })])
}

/// The same value, or both NaN, or within `tolerance` (relative above 1).
fn agrees(a: f32, b: f32, tolerance: f32) -> bool {
    a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= tolerance * a.abs().max(1.0)
}

/// A coarse bake of the ACES 2.0 Rec.709 output transform, guarded: pixels in marked cells,
/// outside the domain and NaN take the exact pipeline's values, the others the LUT's, on every
/// path (planar and interleaved, portable and AVX2).
#[test]
fn a_guarded_bake_renders_marked_cells_and_the_outside_exactly() {
    let exact = output_pipeline("Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1");
    let domain = InputDomain::SceneLinear;
    let lut = exact.bake(domain, 17).unwrap();
    assert_eq!(lut.exact_share(), None);
    let guarded = lut.clone().guarded(&exact);
    let share = guarded.exact_share().unwrap();
    assert!(share > 0.0 && share < 1.0, "{share}");

    let (lo, hi) = domain.bounds();
    for outside in [
        [f32::NAN, 0.18, 0.18],
        [(lo - 1.0) as f32, 0.18, 0.18],
        [0.18, (hi * 4.0) as f32, 0.18],
    ] {
        assert!(guarded.renders_exactly(outside), "{outside:?}");
    }
    let px = inputs(domain, 5000);
    let (mut exact_count, mut lut_count) = (0, 0);
    for &p in &px {
        let (got, want) = if guarded.renders_exactly(p) {
            exact_count += 1;
            (guarded.eval_rgb(p), exact.eval_rgb(p))
        } else {
            lut_count += 1;
            (guarded.eval_rgb(p), lut.eval_rgb(p))
        };
        for c in 0..3 {
            assert!(agrees(got[c], want[c], 0.0), "{p:?}: {got:?} vs {want:?}");
        }
    }
    assert!(
        exact_count > 100 && lut_count > 100,
        "{exact_count} exact, {lut_count} LUT"
    );

    // Every path: the exact pipeline's planar code (in display code values) is within 5e-5 of
    // its scalar reference.
    let want: Vec<[f32; 3]> = px.iter().map(|&p| guarded.eval_rgb(p)).collect();
    check_paths_against(&guarded, &px, &want, 5e-5);
}

/// The guard's purpose: a 17³ bake of the output transform is many code values off in the
/// display's gamut; guarded, it is within one.
#[test]
fn the_guard_holds_a_coarse_bake_to_one_code_value() {
    let exact = output_pipeline("Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1");
    let lut = exact.bake(InputDomain::SceneLinear, 17).unwrap();
    let to_aces = Pipeline::default();
    let before = accuracy::measure(&exact, &lut, Some(&to_aces), 24).display_gamut;
    let guarded = lut.guarded(&exact);
    let after = accuracy::measure(&exact, &guarded, Some(&to_aces), 24).display_gamut;
    assert!(before.in_10bit_codes() > 4.0, "{before:?}");
    assert!(after.in_10bit_codes() <= 1.0, "{after:?}");
    assert_eq!(after.samples, before.samples);
}
