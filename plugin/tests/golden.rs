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
