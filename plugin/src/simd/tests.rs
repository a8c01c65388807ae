//! Every path against the standard library (the truth) and against each other.

use super::*;

/// Samples spanning subnormals to 1e38, dense around 1.
fn positive_samples() -> Vec<f32> {
    let mut v = Vec::new();
    let mut x = 1e-40f32;
    while x < 3e38 {
        v.push(x);
        x *= 1.000_37;
    }
    v.extend((0..20_000).map(|i| 0.5 + i as f32 / 13_333.0));
    v
}

#[test]
fn log2_is_within_its_documented_bound() {
    let mut worst = 0.0f64;
    for x in positive_samples() {
        let got = log2_one(x) as f64;
        let want = (x as f64).log2();
        let err = if (0.5..=2.0).contains(&x) {
            (got - want).abs()
        } else {
            ((got - want) / want).abs()
        };
        worst = worst.max(err);
        assert!(
            err <= 2e-7,
            "log2({x:e}) = {got}, want {want} (error {err:e})"
        );
    }
    eprintln!("log2 worst error {worst:e}");
}

#[test]
fn log2_special_values() {
    assert_eq!(log2_one(1.0), 0.0);
    assert_eq!(log2_one(2.0), 1.0);
    assert_eq!(log2_one(0.0), f32::NEG_INFINITY);
    assert_eq!(log2_one(f32::INFINITY), f32::INFINITY);
    assert!(log2_one(-1.0).is_nan());
    assert!(log2_one(f32::NAN).is_nan());
}

#[test]
fn exp2_is_within_its_documented_bound() {
    let mut worst = 0.0f64;
    let mut x = -126.0f32;
    while x < 127.9 {
        let got = exp2_one(x) as f64;
        let want = (x as f64).exp2();
        let err = ((got - want) / want).abs();
        worst = worst.max(err);
        assert!(
            err <= 3e-7,
            "exp2({x}) = {got:e}, want {want:e} (error {err:e})"
        );
        x += 0.000_77;
    }
    eprintln!("exp2 worst error {worst:e}");
}

#[test]
fn exp2_special_values() {
    assert_eq!(exp2_one(0.0), 1.0);
    assert_eq!(exp2_one(10.0), 1024.0);
    assert_eq!(exp2_one(200.0), f32::INFINITY);
    assert_eq!(exp2_one(f32::INFINITY), f32::INFINITY);
    assert_eq!(exp2_one(-200.0), 0.0);
    assert_eq!(exp2_one(f32::NEG_INFINITY), 0.0);
    assert!(exp2_one(f32::NAN).is_nan());
}

#[test]
fn pow_positive_passes_non_positive_values_through() {
    let mut v = [-0.5, 0.0, 0.25, 4.0, f32::NAN];
    pow_positive(&mut v, 0.5);
    assert_eq!(v[..2], [-0.5, 0.0]);
    assert!((v[2] - 0.5).abs() < 1e-7 && (v[3] - 2.0).abs() < 1e-6);
    assert!(v[4].is_nan());
}

#[test]
fn every_instruction_set_gives_the_portable_result() {
    let samples = positive_samples();
    for (name, f) in [
        ("log2", log2::with as fn(Isa, &mut [f32])),
        ("exp2", exp2::with),
    ] {
        let inputs: Vec<f32> = if name == "exp2" {
            samples.iter().map(|x| x.log2() * 0.9).collect()
        } else {
            samples.clone()
        };
        let mut portable = inputs.clone();
        f(Isa::Portable, &mut portable);
        let mut best = inputs.clone();
        f(best_isa(), &mut best);
        for (i, (a, b)) in portable.iter().zip(&best).enumerate() {
            // FMA contraction may differ by the last bit; nothing more.
            let ulp = (a.to_bits() as i64 - b.to_bits() as i64).abs();
            assert!(
                ulp <= 2 || (a.is_nan() && b.is_nan()),
                "{name}({}) portable {a} vs {:?} {b}",
                inputs[i],
                best_isa()
            );
        }
    }
}
