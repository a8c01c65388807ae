//! amfx's transformId registry against the official ACES registry: every official id (all
//! releases) is implemented, listed in not_yet.txt, or listed in not_transforms.txt (CTL library
//! modules and utilities an AMF cannot apply, each with its reason); the lists never overlap, and
//! the coverage per transform type is printed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use amfx::aces::registry::{normalize, registry};

fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing under CI",
        path.display()
    );
    eprintln!(
        "skipped: {} is missing (the shared test data sits beside the repo)",
        path.display()
    );
    None
}

fn not_yet() -> BTreeSet<String> {
    include_str!("../src/aces/not_yet.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The official ids that are not transforms an AMF can apply, each with its reason.
fn not_transforms() -> BTreeMap<String, String> {
    let mut reason = String::new();
    let mut ids = BTreeMap::new();
    for line in include_str!("../src/aces/not_transforms.txt")
        .lines()
        .map(str::trim)
    {
        if let Some(why) = line.strip_prefix("## ") {
            reason = why.to_string();
        } else if !line.is_empty() && !line.starts_with('#') {
            assert!(!reason.is_empty(), "{line} comes before any reason");
            ids.insert(line.to_string(), reason.clone());
        }
    }
    ids
}

/// Every official id (URN prefix removed) with its transform type (the first release that types it).
fn official_types(shared: &std::path::Path) -> BTreeMap<String, String> {
    let mut bytes =
        std::fs::read(shared.join("corpus/registry/transforms.json")).expect("official registry");
    let json: simd_json::OwnedValue =
        simd_json::to_owned_value(&mut bytes).expect("official registry is JSON");
    use simd_json::prelude::*;
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let releases = json
        .get("transformsData")
        .and_then(|v| v.as_object())
        .expect("transformsData");
    for release in releases.values() {
        for t in release
            .get("transforms")
            .and_then(|v| v.as_array())
            .expect("transforms")
        {
            let id = normalize(t.get("transformId").and_then(|v| v.as_str()).unwrap_or(""));
            let kind = t
                .get("transformType")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if id.is_empty() {
                continue;
            }
            let entry = types.entry(id.to_string()).or_default();
            if entry.is_empty() {
                *entry = kind.to_string();
            }
        }
    }
    types
}

fn official_ids(shared: &std::path::Path) -> BTreeSet<String> {
    let mut bytes =
        std::fs::read(shared.join("corpus/registry/transforms.json")).expect("official registry");
    let json: simd_json::OwnedValue =
        simd_json::to_owned_value(&mut bytes).expect("official registry is JSON");
    use simd_json::prelude::*;
    let mut ids = BTreeSet::new();
    let releases = json
        .get("transformsData")
        .and_then(|v| v.as_object())
        .expect("transformsData");
    for release in releases.values() {
        for t in release
            .get("transforms")
            .and_then(|v| v.as_array())
            .expect("transforms")
        {
            let id = t.get("transformId").and_then(|v| v.as_str()).unwrap_or("");
            if !normalize(id).is_empty() {
                ids.insert(normalize(id).to_string());
            }
        }
    }
    ids
}

#[test]
fn every_official_id_is_implemented_or_listed_as_not_yet() {
    let Some(shared) = shared() else { return };
    let pending = not_yet();
    let official = official_ids(&shared);
    let excluded = not_transforms();
    let unaccounted: Vec<_> = official
        .iter()
        .filter(|id| !registry().knows(id) && !pending.contains(*id) && !excluded.contains_key(*id))
        .collect();
    assert!(unaccounted.is_empty(), "official ids neither implemented nor in not_yet.txt nor in not_transforms.txt: {unaccounted:?} (run scripts/registry-not-yet)");
    let stale: Vec<_> = pending
        .iter()
        .chain(excluded.keys())
        .filter(|id| !official.contains(*id))
        .collect();
    assert!(
        stale.is_empty(),
        "not_yet.txt or not_transforms.txt lists ids the official registry does not have: {stale:?}"
    );
    let implemented = official.iter().filter(|id| registry().knows(id)).count();
    eprintln!(
        "official ids: {}, implemented: {implemented}, not yet: {}, not transforms: {}",
        official.len(),
        pending.len(),
        excluded.len()
    );
}

#[test]
fn coverage_per_transform_type() {
    let Some(shared) = shared() else { return };
    let pending = not_yet();
    let excluded = not_transforms();
    // Per type: implemented, not a transform, still missing (with the missing ids).
    let mut table: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for (id, kind) in official_types(&shared) {
        let row = table.entry(kind).or_default();
        if registry().knows(&id) {
            row.0 += 1;
        } else if excluded.contains_key(&id) {
            row.1 += 1;
        } else {
            assert!(pending.contains(&id), "{id} is unaccounted for");
            row.2.push(id);
        }
    }
    eprintln!(
        "{:<12} {:>11} {:>15} {:>8} {:>9}",
        "type", "implemented", "not a transform", "missing", "coverage"
    );
    let (mut done, mut applicable) = (0, 0);
    for (kind, (implemented, not_transform, missing)) in &table {
        let can_apply = implemented + missing.len();
        done += implemented;
        applicable += can_apply;
        let coverage = if can_apply == 0 {
            100.0
        } else {
            100.0 * *implemented as f64 / can_apply as f64
        };
        eprintln!(
            "{:<12} {implemented:>11} {not_transform:>15} {:>8} {coverage:>8.1}%",
            if kind.is_empty() { "(untyped)" } else { kind },
            missing.len()
        );
    }
    eprintln!(
        "all types: {done} of {applicable} applicable ids implemented ({:.1}%)",
        100.0 * done as f64 / applicable.max(1) as f64
    );
    for (kind, (_, _, missing)) in &table {
        for id in missing {
            eprintln!("missing {kind}: {id}");
        }
    }
    // Library modules (ACESlib.*_Common, Tonescales, Lib.Academy.*) never count as missing.
    let library = [
        "_Common.",
        ".Tonescales.",
        ".SSTS.",
        ".Utilities",
        ".OutputTransforms.",
    ];
    for (kind, (_, _, missing)) in &table {
        for id in missing {
            assert!(
                !id.starts_with("Lib.") && !library.iter().any(|l| id.contains(l)),
                "{kind} {id} is a CTL library module counted as missing"
            );
        }
    }
    assert!(excluded.values().all(|why| why.len() > 20));
    assert!(excluded.keys().any(|id| id.starts_with("Lib.Academy.")));
}

#[test]
fn nothing_implemented_is_also_listed_as_not_yet() {
    let both: Vec<_> = not_yet()
        .into_iter()
        .filter(|id| registry().knows(id))
        .collect();
    assert!(
        both.is_empty(),
        "implemented and listed as not yet: {both:?} (run scripts/registry-not-yet)"
    );
    let excluded: Vec<_> = not_transforms()
        .into_keys()
        .filter(|id| registry().knows(id) || not_yet().contains(id))
        .collect();
    assert!(
        excluded.is_empty(),
        "listed as not a transform but also implemented or not yet: {excluded:?}"
    );
}

/// Each recipe family (the recipe up to its `:`) and the tests that hold it to its reference
/// (OpenColorIO, or the CTL evaluated in float64): source file and test function.
const GOLDEN_TESTS: &[(&str, &str, &str)] = &[
    (
        "aces1_rrt",
        "aces1_golden.rs",
        "forward_matches_opencolorio_builtins",
    ),
    (
        "aces1_odt",
        "aces1_golden.rs",
        "forward_matches_opencolorio_builtins",
    ),
    (
        "aces1_rrtodt",
        "aces1_golden.rs",
        "forward_matches_opencolorio_builtins",
    ),
    (
        "aces1_inv_rrt",
        "aces1_golden.rs",
        "inverse_matches_opencolorio_builtins",
    ),
    (
        "aces1_inv_odt",
        "aces1_golden.rs",
        "inverse_matches_opencolorio_builtins",
    ),
    (
        "aces1_inv_rrtodt",
        "aces1_golden.rs",
        "inverse_matches_opencolorio_builtins",
    ),
    (
        "aces1_hdr_odt",
        "aces1_golden.rs",
        "hdr_odts_match_the_ctl_in_float64",
    ),
    (
        "aces1_inv_hdr_odt",
        "aces1_golden.rs",
        "hdr_inverse_odts_match_the_ctl_in_float64",
    ),
    (
        "aces1_util",
        "golden.rs",
        "pq_and_hlg_utilities_match_their_ctl",
    ),
    (
        "aces2_output",
        "aces2_golden.rs",
        "every_official_preset_matches_its_opencolorio_builtin",
    ),
    (
        "camera_to_aces",
        "golden.rs",
        "camera_input_transforms_match_opencolorio",
    ),
    (
        "camera_to_aces",
        "golden.rs",
        "cameras_without_a_builtin_match_their_ctl",
    ),
    (
        "aces_to_camera",
        "golden.rs",
        "camera_input_transforms_match_opencolorio",
    ),
    (
        "aces_to_acescc",
        "golden.rs",
        "acescc_matches_opencolorio_both_ways",
    ),
    (
        "acescc_to_aces",
        "golden.rs",
        "acescc_matches_opencolorio_both_ways",
    ),
    (
        "aces_to_acescct",
        "golden.rs",
        "aces_to_acescct_matches_opencolorio",
    ),
    (
        "acescct_to_aces",
        "golden.rs",
        "acescct_to_aces_matches_opencolorio",
    ),
    (
        "aces_to_acescg",
        "golden.rs",
        "acescg_and_unity_match_opencolorio",
    ),
    (
        "acescg_to_aces",
        "golden.rs",
        "acescg_and_unity_match_opencolorio",
    ),
    ("unity", "golden.rs", "acescg_and_unity_match_opencolorio"),
    (
        "acesproxy10i_to_aces",
        "golden.rs",
        "acesproxy_and_adx_match_opencolorio",
    ),
    (
        "aces_to_acesproxy10i",
        "golden.rs",
        "acesproxy_and_adx_match_opencolorio",
    ),
    (
        "acesproxy12i_to_aces",
        "../src/aces/acesproxy.rs",
        "whole_code_values_decode_as_the_ctl_does",
    ),
    (
        "aces_to_acesproxy12i",
        "../src/aces/acesproxy.rs",
        "the_twelve_bit_encoding_is_the_ten_bit_one_at_four_times_the_codes",
    ),
    (
        "adx10_to_aces",
        "golden.rs",
        "acesproxy_and_adx_match_opencolorio",
    ),
    (
        "adx16_to_aces",
        "golden.rs",
        "acesproxy_and_adx_match_opencolorio",
    ),
    (
        "reference_gamut_compress",
        "golden.rs",
        "academy_looks_match_opencolorio",
    ),
    (
        "reference_gamut_compress_inverse",
        "golden.rs",
        "academy_looks_match_opencolorio",
    ),
    (
        "blue_light_artifact_fix",
        "golden.rs",
        "academy_looks_match_opencolorio",
    ),
    (
        "v1_sdr_tonescale_match",
        "golden.rs",
        "tonescale_match_look_matches_its_published_table",
    ),
];

/// The source of a file GOLDEN_TESTS names.
fn test_source(file: &str) -> &'static str {
    match file {
        "golden.rs" => include_str!("golden.rs"),
        "aces1_golden.rs" => include_str!("aces1_golden.rs"),
        "aces2_golden.rs" => include_str!("aces2_golden.rs"),
        "../src/aces/acesproxy.rs" => include_str!("../src/aces/acesproxy.rs"),
        _ => "",
    }
}

fn family(recipe: &str) -> &str {
    recipe.split(':').next().unwrap_or(recipe)
}

/// Every registry entry is exercised: its family has a golden test (which exists), and the entry
/// itself builds and gives finite values on a small grid of scene values and code values.
#[test]
fn every_registry_entry_is_exercised() {
    let mut without_golden = Vec::new();
    for info in registry().transforms() {
        if !GOLDEN_TESTS
            .iter()
            .any(|(f, _, _)| *f == family(&info.recipe))
        {
            without_golden.push(format!("{} ({})", info.id, info.recipe));
        }
    }
    assert!(
        without_golden.is_empty(),
        "registry entries whose family has no golden test: {without_golden:#?}"
    );
    for (family, file, test) in GOLDEN_TESTS {
        assert!(
            test_source(file).contains(&format!("fn {test}(")),
            "{family}: {file} has no test {test}"
        );
        assert!(
            registry()
                .transforms()
                .iter()
                .any(|info| self::family(&info.recipe) == *family),
            "GOLDEN_TESTS lists {family}, which no registry entry uses"
        );
    }
    // Within [0, 1], where every entry's input is defined (code values beyond 1 are not: PQ
    // decodes codes above about 1.99 to NaN, as its CTL does).
    let grid: Vec<[f32; 3]> = [0.0f32, 0.002, 0.18, 0.5, 0.9, 1.0]
        .iter()
        .flat_map(|&a| [[a, a, a], [a, 0.5 * a, 0.1 * a], [0.05 * a, a, 0.6 * a]])
        .collect();
    let mut not_finite = Vec::new();
    for info in registry().transforms() {
        let ops = match registry().ops(&info.id) {
            Ok(ops) => ops,
            Err(e) => {
                not_finite.push(format!("{}: {e}", info.id));
                continue;
            }
        };
        let pipeline = amfx::pipeline::Pipeline::new(ops);
        if let Some(rgb) = grid
            .iter()
            .find(|rgb| !pipeline.eval_rgb(**rgb).iter().all(|v| v.is_finite()))
        {
            not_finite.push(format!(
                "{}: {rgb:?} -> {:?}",
                info.id,
                pipeline.eval_rgb(*rgb)
            ));
        }
    }
    assert!(
        not_finite.is_empty(),
        "registry entries that do not build or give non-finite values: {not_finite:#?}"
    );
    eprintln!(
        "{} registry entries built and run on {} pixels; {} families, each with a golden test",
        registry().transforms().len(),
        grid.len(),
        GOLDEN_TESTS.len()
    );
}
