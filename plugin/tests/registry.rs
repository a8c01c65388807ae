//! amfx's transformId registry against the official ACES registry: every official id (all
//! releases) is implemented or listed in not_yet.txt, and the two lists never overlap.

use std::collections::BTreeSet;
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
    let unaccounted: Vec<_> = official
        .iter()
        .filter(|id| !registry().knows(id) && !pending.contains(*id))
        .collect();
    assert!(unaccounted.is_empty(), "official ids neither implemented nor in not_yet.txt: {unaccounted:?} (run scripts/registry-not-yet)");
    let stale: Vec<_> = pending
        .iter()
        .filter(|id| !official.contains(*id))
        .collect();
    assert!(
        stale.is_empty(),
        "not_yet.txt lists ids the official registry does not have: {stale:?}"
    );
    let implemented = official.iter().filter(|id| registry().knows(id)).count();
    eprintln!(
        "official ids: {}, implemented: {implemented}, not yet: {}",
        official.len(),
        pending.len()
    );
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
}
