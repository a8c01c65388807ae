//! Every AMF of the shared corpus reads, validates tolerantly, round-trips through the writer,
//! and (when xmllint is installed) what the writer produces is valid against the official XSD.
//! The c-clark `invalid/` files give the message their name promises.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use amfx::amf::{self, Level, Rule, Severity, TransformCatalog, ValidationOptions};

fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    if path.join("corpus/amf").is_dir() {
        return Some(path);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "CI=true but the shared corpus is missing at {}",
            path.display()
        );
    }
    eprintln!("skipping: shared corpus not found at {}", path.display());
    None
}

/// The official ACES registry as a catalog (ids of releases ≤ 1.2 carry no URN prefix).
struct Registry(HashSet<String>);

#[derive(serde::Deserialize)]
struct RegistryFile {
    #[serde(rename = "transformsData")]
    releases: BTreeMap<String, Release>,
}

#[derive(serde::Deserialize)]
struct Release {
    transforms: Vec<Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    #[serde(rename = "transformId")]
    id: String,
}

impl Registry {
    fn load(shared: &Path) -> Registry {
        let mut bytes =
            std::fs::read(shared.join("corpus/registry/transforms.json")).expect("registry");
        let file: RegistryFile = simd_json::serde::from_slice(&mut bytes).expect("registry JSON");
        let mut ids = HashSet::new();
        for release in file.releases.values() {
            for entry in &release.transforms {
                if entry.id.starts_with("urn:") {
                    ids.insert(entry.id.clone());
                } else {
                    ids.insert(format!("urn:ampas:aces:transformId:v1.5:{}", entry.id));
                }
            }
        }
        Registry(ids)
    }
}

impl TransformCatalog for Registry {
    fn knows(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

fn amf_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "amf") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Whether xmllint runs; under CI it must (scripts/test installs it through scripts/xsd-check).
fn xmllint_available() -> bool {
    let available = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        available || std::env::var("CI").as_deref() != Ok("true"),
        "xmllint is missing under CI: scripts/xsd-check installs it"
    );
    available
}

/// A schema folder xmllint can use offline: the v1.0 XSD imports its siblings by URL.
fn offline_schema(shared: &Path, version: amf::AmfVersion) -> PathBuf {
    let source = shared.join(match version {
        amf::AmfVersion::V1 => "corpus/schema/amf-v1.0",
        amf::AmfVersion::V2 => "corpus/schema/amf-v2.0",
    });
    let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "amfx-xsd-{}-{}",
        version.label(),
        std::process::id()
    ));
    std::fs::create_dir_all(&target).expect("temp schema dir");
    for entry in std::fs::read_dir(&source).expect("schema dir").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("xsd");
        let text = text
            .replace("https://smpte-ra.org/sites/default/files/", "")
            .replace("https://www.w3.org/TR/2002/REC-xmldsig-core-20020212/", "");
        std::fs::write(target.join(entry.file_name()), text).expect("write xsd");
    }
    target.join("acesMetadataFile.xsd")
}

fn xmllint(schema: &Path, xml: &str, name: &str) -> Result<(), String> {
    let file = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("amfx-written-{}-{name}", std::process::id()));
    std::fs::write(&file, xml).map_err(|e| e.to_string())?;
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&file);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn every_corpus_amf_reads_validates_and_round_trips() {
    let Some(shared) = shared() else { return };
    let registry = Registry::load(&shared);
    let files = amf_files(&shared.join("corpus/amf"));
    assert!(files.len() >= 150, "corpus has {} AMFs", files.len());
    let lint = xmllint_available();
    if !lint {
        eprintln!("xmllint not installed: written AMFs are not checked against the XSD (scripts/xsd-check installs it)");
    }
    let schemas = lint.then(|| {
        (
            offline_schema(&shared, amf::AmfVersion::V1),
            offline_schema(&shared, amf::AmfVersion::V2),
        )
    });
    let mut linted = 0;
    for path in &files {
        let document = amf::read_file(path).unwrap_or_else(|e| panic!("{e}"));
        // Reading for use never fails on the corpus and gives a report.
        let _ = amf::validate(&document, ValidationOptions::tolerant(Some(&registry)));
        let written = amf::writer::write(&document.amf);
        let again = amf::read_str(&written, path, amf::Limits::default()).unwrap_or_else(|e| {
            panic!(
                "{}: written AMF does not read back: {e}\n{written}",
                path.display()
            )
        });
        assert_eq!(
            document.amf,
            again.amf,
            "{}: round trip changed the model",
            path.display()
        );
        assert_eq!(
            written,
            amf::writer::write(&again.amf),
            "{}: writing is not deterministic",
            path.display()
        );
        if document.schema_findings.is_empty() {
            assert!(
                again.schema_findings.is_empty(),
                "{}: written file breaks the schema: {:?}",
                path.display(),
                again.schema_findings
            );
            if let Some((v1, v2)) = &schemas {
                let schema = if document.amf.version == amf::AmfVersion::V1 {
                    v1
                } else {
                    v2
                };
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("x.amf");
                xmllint(schema, &written, name).unwrap_or_else(|e| {
                    panic!(
                        "{}: xmllint rejects the written AMF:\n{e}\n{written}",
                        path.display()
                    )
                });
                linted += 1;
            }
        }
    }
    eprintln!(
        "{} corpus AMFs read and round-tripped, {linted} written files validated with xmllint",
        files.len()
    );
}

/// Our strict schema check agrees with xmllint on every corpus file.
#[test]
fn strict_schema_check_agrees_with_xmllint() {
    let Some(shared) = shared() else { return };
    if !xmllint_available() {
        eprintln!("skipping: xmllint not installed");
        return;
    }
    let (v1, v2) = (
        offline_schema(&shared, amf::AmfVersion::V1),
        offline_schema(&shared, amf::AmfVersion::V2),
    );
    for path in amf_files(&shared.join("corpus/amf")) {
        let document = amf::read_file(&path).expect("read");
        let schema = if document.amf.version == amf::AmfVersion::V1 {
            &v1
        } else {
            &v2
        };
        let text = std::fs::read_to_string(&path).expect("text");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("x.amf");
        let xmllint_valid = xmllint(schema, &text, name).is_ok();
        assert_eq!(
            document.schema_findings.is_empty(),
            xmllint_valid,
            "{}: amfx schema findings {:?} but xmllint says valid={xmllint_valid}",
            path.display(),
            document.schema_findings
        );
    }
}

fn strict_report(shared: &Path, registry: &Registry, relative: &str) -> amf::Report {
    let path = shared.join("corpus/amf").join(relative);
    let document = amf::read_file(&path).unwrap_or_else(|e| panic!("{e}"));
    amf::validate(&document, ValidationOptions::strict(Some(registry)))
}

#[test]
fn official_and_valid_samples_pass_strict_validation() {
    let Some(shared) = shared() else { return };
    let mut dirs = vec![
        "aces-amf-v2/generated/aces1",
        "aces-amf-v2/generated/aces2",
        "c-clark-samples/valid",
    ];
    dirs.push("aces-dev-amf-v1");
    for dir in dirs {
        for path in amf_files(&shared.join("corpus/amf").join(dir)) {
            let document = amf::read_file(&path).expect("read");
            // No catalog here: the samples use invented vendor ids on purpose.
            let report = amf::validate(&document, ValidationOptions::strict(None));
            assert!(!report.has_errors(), "{}", report);
        }
    }
}

#[test]
fn invalid_samples_give_the_intended_message() {
    let Some(shared) = shared() else { return };
    let registry = Registry::load(&shared);
    let cases: &[(&str, Rule, Severity, &str)] = &[
        ("invalid_02_applied_non_applied_applied.amf", Rule::AppliedOrder, Severity::Error, "comes after lookTransform #3"),
        ("invalid_03_negative_cdl_slope.amf", Rule::Schema, Severity::Error, "Slope value -0.5 must be ≥ 0"),
        ("invalid_05_extreme_cdl_values.amf", Rule::CdlValues, Severity::Warning, "extreme CDL values"),
        ("invalid_06_missing_descriptions.amf", Rule::MissingDescription, Severity::Note, "lookTransform #1 has no description"),
        ("invalid_08_absolute_file_paths.amf", Rule::Reference, Severity::Warning, "is an absolute path"),
        ("invalid_09_parent_directory_references.amf", Rule::Reference, Severity::Warning, "leaves the AMF's folder"),
        ("invalid_11_empty_odt_transform_id.amf", Rule::Schema, Severity::Error, "an empty transformId is not a valid output device transform"),
        ("invalid_12_mismatched_working_space.amf", Rule::CdlWorkingSpace, Severity::Error, "converts into ACEScct but fromCdlWorkingSpace converts out of ACEScc"),
        ("invalid_14_aces_2_0_with_1_3_transforms.amf", Rule::UnknownTransform, Severity::Warning, "unknown transformId 'urn:ampas:aces:transformId:v2.0:Input.ARRI.Alexa-v3-logC-EI800.a1.v2'"),
        ("invalid_15_missing_system_version.amf", Rule::Schema, Severity::Error, "expected aces:systemVersion"),
        ("invalid_17_hash_mismatch.amf", Rule::Hash, Severity::Warning, "cannot be a SHA-256 digest"),
        ("invalid_20_duplicate_uuid_in_file.amf", Rule::DuplicateLook, Severity::Warning, "lookTransform #2 repeats lookTransform #1"),
        ("invalid_20_duplicate_uuid_in_file.amf", Rule::VersionMix, Severity::Error, "an ACES 1.x transform (v1.5 id) in an ACES 2 pipeline"),
        ("invalid_21_missing_cdl_id_in_ccc.amf", Rule::Reference, Severity::Warning, "ColorCorrection id 'NONEXISTENT_SHOT_ID' is not in"),
        ("invalid_23_identity_cdl_warning.amf", Rule::CdlValues, Severity::Warning, "is an identity"),
        ("invalid_24_missing_transform_description.amf", Rule::MissingDescription, Severity::Note, "outputTransform has no description"),
    ];
    for (file, rule, severity, text) in cases {
        let report = strict_report(
            &shared,
            &registry,
            &format!("c-clark-samples/invalid/{file}"),
        );
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.rule == *rule && d.severity == *severity && d.message.contains(text)),
            "{file}: expected {severity} {rule:?} containing '{text}', got:\n{report}"
        );
    }
}

#[test]
fn real_world_deviations_are_tolerated_with_warnings() {
    let Some(shared) = shared() else { return };
    let registry = Registry::load(&shared);
    for relative in [
        "ocio-pyocioamf/example.amf",
        "c-clark-samples/data/test_ASC_SOP_no_cdlworkingSpace.amf",
        "c-clark-samples/data/mixed_urns_no_equivalent_rgc.amf",
        "c-clark-samples/data/interleaved_working_location.amf",
    ] {
        let path = shared.join("corpus/amf").join(relative);
        let document = amf::read_file(&path).expect("read");
        let strict = amf::validate(&document, ValidationOptions::strict(Some(&registry)));
        assert!(
            strict.has_errors(),
            "{relative} should fail strict validation"
        );
        let tolerant = amf::validate(
            &document,
            ValidationOptions {
                level: Level::Tolerant,
                catalog: Some(&registry),
                check_references: false,
            },
        );
        assert!(
            tolerant.with_severity(Severity::Warning).count() > 0,
            "{relative}: tolerant reading should warn"
        );
        assert!(
            !tolerant
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error && d.rule == Rule::Schema),
            "{relative}: schema breaches must be warnings when reading for use:\n{tolerant}"
        );
    }
    let ocio = amf::read_file(&shared.join("corpus/amf/ocio-pyocioamf/example.amf")).expect("read");
    let strict = amf::validate(&ocio, ValidationOptions::strict(Some(&registry)));
    assert!(
        strict.mentions(Rule::Schema, "AMF 1.0 has no 'applied' on outputTransform"),
        "{strict}"
    );
    let no_ws = amf::read_file(
        &shared.join("corpus/amf/c-clark-samples/data/test_ASC_SOP_no_cdlworkingSpace.amf"),
    )
    .expect("read");
    let tolerant = amf::validate(&no_ws, ValidationOptions::tolerant(Some(&registry)));
    assert!(
        tolerant.mentions(Rule::CdlWorkingSpace, "has no cdlWorkingSpace"),
        "{tolerant}"
    );
}
