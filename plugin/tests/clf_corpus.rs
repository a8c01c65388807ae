//! Every CLF in `../shared/corpus/clf` is either evaluated within 1e-5 of OpenColorIO 2.6 (values
//! made by `scripts/golden-clf`) or rejected with the expected error.
//!
//! Error metric (as in golden.rs): absolute up to 1, relative to the pixel's largest channel
//! above; NaN where OpenColorIO gives NaN for finite input; for inputs with a NaN or infinite
//! channel either NaN or OpenColorIO's value; outputs beyond 1e30 only by sign and magnitude.
//!
//! Deviations from OpenColorIO, on purpose:
//! - `illegal/indexMap_test2.clf` (an IndexMap in a CLF v3 file): OpenColorIO accepts it; the CLF
//!   v3 spec removed IndexMap, and the test suite files it under `illegal/`, so we reject it.
//! - Inverse LUT1D: where the table is flat or nearly so (a 131072-entry LUT's last entries, a
//!   table whose last value differs in the last bit), many inputs map to the same output and the
//!   inverse is ill-conditioned: OpenColorIO and amfx may pick different points of the flat run.
//!   There the check is made through the forward LUT (both answers must give the same value
//!   back, within 1e-5), and the raw difference is printed.
//! - Inverse LUT3D: OpenColorIO and amfx agree (to 1.2e-7 here) wherever the value lies inside
//!   the LUT's gamut (the image of the unit cube), which is where an inverse exists; where the
//!   LUT folds over itself (`lut3d_bizarre`) there are several exact preimages, and amfx's answer
//!   must be OpenColorIO's or another one. Outside the gamut both hold the value to [0, 1] and
//!   solve it on the LUT extended past its faces (ops/lut3d), and amfx's answer must be
//!   OpenColorIO's, except that (a) amfx first looks for an exact preimage of the value itself,
//!   which OpenColorIO's holding loses for values beyond [0, 1] whose LUT reaches them, and
//!   (b) on the LUTs that are not one-to-one (`NOT_ONE_TO_ONE`) the two may pick different
//!   preimages. Each case prints how many answers fell in each kind. Chains where
//!   such an answer feeds a further LUT are not compared.
//! - CTF files (`ocio-ctf/`): OpenColorIO reads them with its CTF reader; they are not CLF (a
//!   `version` attribute instead of `compCLFversion`, or no version at all) and are rejected.

mod common;

use common::{pixel_error, read_f32, TOLERANCE};
use std::path::{Path, PathBuf};

use amfx::clf::{self, ClfErrorKind as K};
use amfx::ops::OpError;
use amfx::pipeline::Pipeline;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    if dir.join("corpus/clf").is_dir() {
        return Some(dir.to_path_buf());
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{} is missing: the CLF corpus tests need it under CI",
            dir.display()
        );
    }
    eprintln!(
        "skipping: {} not found (the shared corpus lives beside the repo)",
        dir.display()
    );
    None
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/clf")
        .join(name)
}

/// Checks one golden case; returns the worst error within the half-float range.
/// How an inverse case is checked beyond the plain comparison (see the notes at the top).
enum Inverse<'a> {
    /// A LUT1D inverse: on a flat run, through this forward pipeline.
    Lut1d(&'a Pipeline),
    /// A LUT3D inverse: only in gamut, as judged through this forward pipeline.
    Lut3d(&'a Pipeline),
}

/// LUT3Ds that are not one-to-one (folded, or flat where they clip), extension included, so
/// that a value may have several preimages, and amfx and OpenColorIO (which search cells in
/// different orders) may give different ones (`tabulation_support` holds `lut3d_bizarre`'s
/// table).
const NOT_ONE_TO_ONE: [&str; 3] = [
    "lut3d_bizarre",
    "tabulation_support",
    "lut3d_preview_tier_test",
];

/// How the LUT3D inverse's answers outside the LUT's gamut compare with OpenColorIO's.
#[derive(Default, Debug)]
struct Outside {
    /// The same answer.
    agree: usize,
    /// amfx's answer maps back exactly (a value beyond [0, 1] that OpenColorIO clamps).
    exact: usize,
    /// Another answer, on a LUT that is not one-to-one.
    other: usize,
}

fn check(case: &str, set: &str, pipeline: &Pipeline, forward: Option<Inverse>) -> f32 {
    let inputs = read_f32(&golden(&format!("inputs/{set}.in.f32"))).expect("inputs");
    let path = golden(&format!("{case}.{set}.f32"));
    let expected = read_f32(&path)
        .unwrap_or_else(|| panic!("{} is missing (run scripts/golden-clf)", path.display()));
    assert_eq!(inputs.len(), expected.len(), "{case}.{set}: counts differ");
    let mut worst = 0.0f32;
    let mut worst_through_forward = 0.0f32;
    let mut out_of_gamut = 0;
    let mut outside = Outside::default();
    for (input, want) in inputs.iter().zip(&expected) {
        let got = pipeline.eval_rgb(*input);
        if let Some(Inverse::Lut3d(f)) = forward {
            // Only where OpenColorIO's answer is an exact preimage of the input.
            let maps_back = |x: [f32; 3]| {
                pixel_error(input, &f.eval_rgb(x), input).is_ok_and(|e| e <= TOLERANCE)
            };
            if !input.iter().all(|v| v.is_finite()) || !maps_back(*want) {
                out_of_gamut += 1;
                if !input.iter().all(|v| v.is_finite()) {
                    continue;
                }
                // Outside the gamut both extend the LUT alike; amfx may also find an exact
                // preimage of a value beyond [0, 1], which OpenColorIO holds to [0, 1] first.
                if pixel_error(input, &got, want).is_ok_and(|e| e <= TOLERANCE) {
                    outside.agree += 1;
                } else if maps_back(got) {
                    outside.exact += 1;
                } else {
                    assert!(
                        NOT_ONE_TO_ONE.iter().any(|n| case.contains(n)),
                        "{case}.{set}: {input:?} outside the LUT3D's gamut gave {got:?}, OpenColorIO {want:?}"
                    );
                    outside.other += 1;
                }
                continue;
            }
            if pixel_error(input, &got, want).is_err() && maps_back(got) {
                continue;
            }
        }
        match pixel_error(input, &got, want) {
            Ok(e) => worst = worst.max(e),
            Err(why) => {
                // An ill-conditioned inverse: both answers must map back to the same value.
                let back = match &forward {
                    Some(Inverse::Lut1d(f)) => {
                        let (g, w) = (f.eval_rgb(got), f.eval_rgb(*want));
                        Some((pixel_error(input, &g, &w), g, w))
                    }
                    _ => None,
                };
                match back {
                    Some((Ok(e), _, _)) => worst_through_forward = worst_through_forward.max(e),
                    _ => panic!(
                        "{case}.{set}: {input:?} gave {got:?}, OpenColorIO {want:?} ({why}; through the forward LUT: {back:?})"
                    ),
                }
            }
        }
    }
    eprintln!(
        "{case}.{set}: {} pixels{}, worst error {worst:.2e}{}",
        inputs.len(),
        if out_of_gamut > 0 {
            format!(
                " ({out_of_gamut} outside the LUT3D's gamut: {} as OpenColorIO, {} exact preimages of values it clamps, {} others on a LUT that is not one-to-one)",
                outside.agree, outside.exact, outside.other
            )
        } else {
            String::new()
        },
        if worst_through_forward > 0.0 {
            format!(
                " (flat-run pixels checked through the forward LUT: {worst_through_forward:.2e})"
            )
        } else {
            String::new()
        }
    );
    worst
}

/// What a rejected file must be rejected for.
fn expected_rejection(path: &str) -> Option<fn(&K) -> bool> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path.starts_with("ocio-ctf/") {
        return Some(|k| matches!(k, K::Ctf(_) | K::Version(_)));
    }
    Some(match name {
        "array_bad_dimension.clf" | "lut3d_unequal_size.clf" => {
            |k| matches!(k, K::BadDimensions(..))
        }
        "array_missing_values.clf"
        | "array_too_many_values.clf"
        | "cdl_bad_sat.clf"
        | "cdl_bad_slope.clf"
        | "lut1d_half_domain_missing_values.clf" => |k| matches!(k, K::ValueCount { .. }),
        "cdl_missing_offset.clf" | "cdl_missing_power.clf" => |k| matches!(k, K::MissingElement(_)),
        "exponent_bad_param.clf" => |k| matches!(k, K::BadAttribute { name: "offset", .. }),
        "exponent_bad_value.clf" => |k| matches!(k, K::Op(OpError::InvalidExponent(_))),
        "image_png.clf" => |k| matches!(k, K::NotText),
        "indexMap_test2.clf" | "indexMap_test4_clfv2.clf" => |k| matches!(k, K::IndexMap(_)),
        "log_bad_style.clf" => |k| matches!(k, K::BadAttribute { name: "style", .. }),
        "log_bad_version.clf"
        | "process_list_higher_version.clf"
        | "process_list_higher_ns_version.clf" => |k| matches!(k, K::Version(_)),
        "lut1d_half_domain_set_false.clf" => |k| {
            matches!(
                k,
                K::BadAttribute {
                    name: "halfDomain",
                    ..
                }
            )
        },
        "matrix_end_missing.clf"
        | "transform_corrupted_tag.clf"
        | "transform_element_end_missing.clf"
        | "transform_missing.clf" => |k| matches!(k, K::Xml(_)),
        "range_bad_noclamp.clf" | "range_bad_values.clf" | "range_nonmatching_clamp.clf" => {
            |k| matches!(k, K::Op(OpError::InvalidRange(_)))
        }
        "transform_bad_outdepth.clf" => |k| matches!(k, K::BadBitDepth(_)),
        "transform_id_empty.clf" => |k| matches!(k, K::EmptyAttribute { name: "id" }),
        "transform_missing_inbitdepth.clf" => |k| matches!(k, K::MissingAttribute("inBitDepth")),
        "transform_missing_outbitdepth.clf" => |k| matches!(k, K::MissingAttribute("outBitDepth")),
        _ => return None,
    })
}

fn corpus_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("clf" | "ctf")
            ) {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

#[test]
fn every_corpus_file_matches_opencolorio_or_is_rejected_for_its_fault() {
    let Some(shared) = shared() else { return };
    let root = shared.join("corpus/clf");
    let files = corpus_files(&root);
    assert!(
        files.len() >= 140,
        "only {} CLF/CTF files found",
        files.len()
    );
    let (mut evaluated, mut rejected, mut worst) = (0, 0, 0.0f32);
    for rel in &files {
        let result = clf::read_file(&root.join(rel));
        if let Some(fault) = expected_rejection(rel) {
            let err = match result {
                Ok(_) => panic!("{rel}: read, but must be rejected"),
                Err(e) => e,
            };
            assert!(
                fault(&err.kind),
                "{rel}: rejected for the wrong reason: {err}"
            );
            assert!(err.to_string().contains(rel.rsplit('/').next().unwrap()));
            eprintln!("{rel}: rejected: {err}");
            rejected += 1;
            continue;
        }
        let list = result.unwrap_or_else(|e| panic!("{rel}: {e}"));
        let name = rel.rsplit('/').next().unwrap().trim_end_matches(".clf");
        let forward = Pipeline::from_clf(&list, false).unwrap();
        for set in ["unit", "stops"] {
            worst = worst.max(check(name, set, &forward, None));
        }
        if golden(&format!("{name}.inv.unit.f32")).exists() {
            let inverse = Pipeline::from_clf(&list, true).unwrap();
            let ops = list.ops();
            let has = |lut3d: bool| {
                ops.iter().any(|op| match op {
                    amfx::ops::Op::Lut3d(_) => lut3d,
                    amfx::ops::Op::Lut1d(_) => !lut3d,
                    _ => false,
                })
            };
            let through = if has(true) {
                Some(Inverse::Lut3d(&forward))
            } else if has(false) {
                Some(Inverse::Lut1d(&forward))
            } else {
                None
            };
            worst = worst.max(check(&format!("{name}.inv"), "unit", &inverse, through));
        }
        evaluated += 1;
    }
    eprintln!(
        "{} files: {evaluated} evaluated (worst error {worst:.2e}), {rejected} rejected",
        files.len()
    );
    assert_eq!(evaluated + rejected, files.len());
}
