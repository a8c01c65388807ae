//! Published values (OpenColorIO's unit tests, aces_math.md §5) and self-consistency.

// The published values are quoted digit for digit.
#![allow(clippy::excessive_precision)]

use super::*;

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
        assert_eq!([r[i], g[i], b[i]], t.forward(*p));
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
