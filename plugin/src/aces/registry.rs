//! The transformIds amfx implements, and the ops each one stands for.
//!
//! The list is data (`registry/*.json`, one file per family, compiled in and parsed once with
//! simd-json); the recipes it names are the Rust builders below. Ids are matched in any of their official spellings: the ACES 2.0 URN,
//! the ACES 1.x URN (`urn:ampas:aces:transformId:v1.5:`) and the bare form of early registries.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::primaries::{rgb_to_rgb, AP0, AP1};
use crate::ops::{FixedFunction, Matrix, Op, Range};

const URN_PREFIXES: [&str; 2] = [
    "urn:ampas:aces:transformId:v2.0:",
    "urn:ampas:aces:transformId:v1.5:",
];

/// One implemented transform, as listed in `registry/*.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct TransformInfo {
    pub id: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub name: String,
    pub kind: String,
    pub recipe: String,
    #[serde(default)]
    pub inverse: Option<String>,
}

#[derive(Deserialize)]
struct RegistryFile {
    transforms: Vec<TransformInfo>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RegistryError {
    #[error("unknown ACES transformId \"{0}\": amfx does not implement it (yet); give the look or camera as a CLF file instead")]
    Unknown(String),
    #[error("the built-in registry names recipe \"{recipe}\" for {id}, which amfx does not have")]
    MissingRecipe { id: String, recipe: String },
}

/// The registry, keyed by every spelling of every id.
pub struct Registry {
    transforms: Vec<TransformInfo>,
    by_key: HashMap<String, usize>,
}

/// The registry's data files, one per family of transforms (name, JSON).
const SOURCES: &[(&str, &str)] = &[
    ("colour_spaces", include_str!("registry/colour_spaces.json")),
    ("cameras", include_str!("registry/cameras.json")),
    ("aces2_outputs", include_str!("registry/aces2_outputs.json")),
    ("aces1_outputs", include_str!("registry/aces1_outputs.json")),
    ("looks", include_str!("registry/looks.json")),
    ("utilities", include_str!("registry/utilities.json")),
];

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| Registry::parse(SOURCES));

/// The registry (parsed on first use).
pub fn registry() -> &'static Registry {
    &REGISTRY
}

/// The id without its URN prefix, so every official spelling of an id meets the same key.
pub fn normalize(id: &str) -> &str {
    let id = id.trim();
    URN_PREFIXES
        .iter()
        .find_map(|p| id.strip_prefix(p))
        .unwrap_or(id)
}

impl Registry {
    fn parse(sources: &[(&str, &str)]) -> Registry {
        // The files are ours and compiled in; a test parses each, so a broken edit fails there.
        let transforms: Vec<TransformInfo> = sources
            .iter()
            .filter_map(|(_, json)| parse_file(json).ok())
            .flat_map(|file| file.transforms)
            .collect();
        let mut by_key = HashMap::new();
        for (index, info) in transforms.iter().enumerate() {
            for spelling in std::iter::once(&info.id).chain(&info.aliases) {
                by_key.insert(normalize(spelling).to_string(), index);
            }
        }
        Registry { transforms, by_key }
    }

    pub fn transforms(&self) -> &[TransformInfo] {
        &self.transforms
    }

    pub fn lookup(&self, id: &str) -> Option<&TransformInfo> {
        self.by_key.get(normalize(id)).map(|&i| &self.transforms[i])
    }

    pub fn knows(&self, id: &str) -> bool {
        self.lookup(id).is_some()
    }

    /// The ops a transformId stands for.
    pub fn ops(&self, id: &str) -> Result<Vec<Op>, RegistryError> {
        let info = self
            .lookup(id)
            .ok_or_else(|| RegistryError::Unknown(id.trim().to_string()))?;
        build(&info.recipe, &info.id).ok_or_else(|| RegistryError::MissingRecipe {
            id: info.id.clone(),
            recipe: info.recipe.clone(),
        })
    }
}

fn parse_file(json: &str) -> Result<RegistryFile, simd_json::Error> {
    let mut bytes = json.as_bytes().to_vec();
    simd_json::serde::from_slice(&mut bytes)
}

impl crate::amf::TransformCatalog for Registry {
    fn knows(&self, id: &str) -> bool {
        Registry::knows(self, id)
    }

    fn name(&self) -> &str {
        "amfx's built-in transforms"
    }
}

/// The builders the registry's recipes name.
fn build(recipe: &str, id: &str) -> Option<Vec<Op>> {
    if recipe.starts_with("aces1_") {
        return super::output1::build(recipe);
    }
    if recipe == "aces2_output" {
        let (transform, direction) = super::output2::OutputTransform2::for_transform_id(id)?;
        let inverse = direction == super::output2::Direction::Inverse;
        return Some(vec![Op::AcesOutput2(super::output2::OutputOp {
            transform,
            inverse,
        })]);
    }
    if let Some(camera) = recipe.strip_prefix("camera_to_aces:") {
        return super::camera_to_aces(camera);
    }
    if let Some(camera) = recipe.strip_prefix("aces_to_camera:") {
        return super::aces_to_camera(camera);
    }
    match recipe {
        "acesproxy10i_to_aces" => return super::acesproxy_to_aces(super::ProxyDepth::Ten),
        "acesproxy12i_to_aces" => return super::acesproxy_to_aces(super::ProxyDepth::Twelve),
        "aces_to_acesproxy10i" => return super::aces_to_acesproxy(super::ProxyDepth::Ten),
        "aces_to_acesproxy12i" => return super::aces_to_acesproxy(super::ProxyDepth::Twelve),
        "adx10_to_aces" => return super::adx_to_aces(super::AdxDepth::Ten),
        "adx16_to_aces" => return super::adx_to_aces(super::AdxDepth::Sixteen),
        "v1_sdr_tonescale_match" => return super::v1_sdr_tonescale_match(),
        _ => {}
    }
    Some(match recipe {
        "acescct_to_aces" => super::acescct_to_aces(),
        "aces_to_acescct" => super::aces_to_acescct(),
        "acescg_to_aces" => vec![Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP1, &AP0)))],
        "aces_to_acescg" => vec![Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1)))],
        // OpenColorIO (the reference) keeps ACES2065-1 at or above 0 on both sides of ACEScc.
        "acescc_to_aces" => vec![
            Op::Fixed(FixedFunction::AcesCcDecode),
            Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP1, &AP0))),
            Op::Range(Range::new(Some(0.0), None, Some(0.0), None, true).ok()?),
        ],
        "aces_to_acescc" => vec![
            Op::Range(Range::new(Some(0.0), None, Some(0.0), None, true).ok()?),
            Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1))),
            Op::Fixed(FixedFunction::AcesCcEncode),
        ],
        "reference_gamut_compress" => super::reference_gamut_compress(false),
        "reference_gamut_compress_inverse" => super::reference_gamut_compress(true),
        // The CTL's matrix, transposed to act on column vectors.
        "blue_light_artifact_fix" => vec![Op::Matrix(Matrix::from_rows([
            [0.940_437_268_3, -0.018_306_878_7, 0.077_869_610_4],
            [0.008_378_696_9, 0.828_659_993_9, 0.162_961_309_2],
            [0.000_547_126_1, -0.000_883_374_6, 1.000_336_248_6],
        ]))],
        "unity" => Vec::new(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_registry_parses_and_every_recipe_exists() {
        for (name, json) in SOURCES {
            if let Err(e) = parse_file(json) {
                panic!("registry/{name}.json does not parse: {e}");
            }
        }
        let registry = registry();
        let mut ids = std::collections::HashSet::new();
        for info in registry.transforms() {
            for spelling in std::iter::once(&info.id).chain(&info.aliases) {
                assert!(
                    ids.insert(normalize(spelling)),
                    "{spelling} is listed twice"
                );
            }
        }
        for info in registry.transforms() {
            assert!(
                build(&info.recipe, &info.id).is_some(),
                "{} names missing recipe {}",
                info.id,
                info.recipe
            );
            if let Some(inverse) = &info.inverse {
                assert!(
                    registry.knows(inverse),
                    "{} names inverse {inverse}, which is not registered",
                    info.id
                );
            }
        }
    }

    #[test]
    fn every_spelling_of_an_id_finds_the_same_transform() {
        let r = registry();
        let v2 = r
            .lookup("urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1")
            .map(|t| &t.id);
        let v15 = r
            .lookup("urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACEScct_to_ACES.a1.0.3")
            .map(|t| &t.id);
        let bare = r.lookup("  ACEScsc.ACEScct_to_ACES.a1.0.3 ").map(|t| &t.id);
        assert!(v2.is_some());
        assert_eq!(v2, v15);
        assert_eq!(v2, bare);
    }

    #[test]
    fn early_acescc_spellings_keep_their_direction() {
        let r = registry();
        for (id, recipe) in [
            ("ACEScsc.ACES_to_ACEScc.a1.0.1", "aces_to_acescc"),
            ("ACEScsc.ACES_to_ACEScc.a1.0.0", "aces_to_acescc"),
            ("ACEScsc.ACEScc_to_ACES.a1.0.1", "acescc_to_aces"),
            ("ACEScsc.ACEScc_to_ACES.a1.0.0", "acescc_to_aces"),
        ] {
            assert_eq!(
                r.lookup(id).map(|i| i.recipe.as_str()),
                Some(recipe),
                "{id}"
            );
        }
    }

    #[test]
    fn an_unknown_id_is_named_in_the_error() {
        let err = registry()
            .ops("urn:ampas:aces:transformId:v2.0:CSC.Nobody.Nothing.a2.v1")
            .unwrap_err();
        assert!(err.to_string().contains("CSC.Nobody.Nothing"), "{err}");
    }

    #[test]
    fn inverse_pairs_undo_each_other() {
        let r = registry();
        for info in r.transforms() {
            // Output transforms are held to their round trip over the display cube in
            // tests/aces2_golden.rs and tests/aces1_golden.rs; a scene value far above white has no exact way back.
            let Some(inverse) = info
                .inverse
                .as_ref()
                .filter(|_| info.recipe != "aces2_output" && !info.recipe.starts_with("aces1_"))
            else {
                continue;
            };
            let mut ops = r.ops(&info.id).unwrap();
            ops.extend(r.ops(inverse).unwrap());
            let chain = crate::pipeline::Pipeline::new(ops);
            // Near-neutral values: saturated ones may leave a space's gamut, where some transforms
            // clamp. ACESproxy code values stop at CVmax (0.919), so 1.2 is not one of them.
            let top = if info.recipe.starts_with("acesproxy") {
                [0.9, 0.85, 0.8]
            } else {
                [1.2, 1.1, 1.0]
            };
            for rgb in [[0.18f32, 0.18, 0.18], [0.5, 0.45, 0.4], top] {
                let back = chain.eval_rgb(rgb);
                for c in 0..3 {
                    assert!(
                        (back[c] - rgb[c]).abs() <= 2e-6 * rgb[c].abs().max(1.0),
                        "{}: {rgb:?} -> {back:?}",
                        info.id
                    );
                }
            }
        }
    }
}
