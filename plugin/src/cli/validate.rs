//! `amfx validate FILE...`: strict QC of AMF (and CLF) files; exit code 1 if any is invalid.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::amf::{self, Severity, TransformCatalog, ValidationOptions};

#[derive(Args)]
pub struct ValidateArgs {
    /// AMF (.amf) or CLF (.clf) files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The official ACES registry (transforms.json): report transformIds it does not list.
    #[arg(long)]
    pub registry: Option<PathBuf>,
    /// Also print notes (e.g. transforms without a description).
    #[arg(long)]
    pub notes: bool,
}

/// transformIds listed in an ACES registry file (releases ≤ 1.2 list them without URN prefix).
pub struct RegistryIds(HashSet<String>);

#[derive(serde::Deserialize)]
struct RegistryFile {
    #[serde(rename = "transformsData")]
    releases: std::collections::BTreeMap<String, RegistryRelease>,
}

#[derive(serde::Deserialize)]
struct RegistryRelease {
    transforms: Vec<RegistryEntry>,
}

#[derive(serde::Deserialize)]
struct RegistryEntry {
    #[serde(rename = "transformId")]
    transform_id: String,
}

impl RegistryIds {
    pub fn load(path: &Path) -> Result<Self, String> {
        // The official registry is a few MB; 256 MB leaves room and stops a runaway file.
        let mut bytes = crate::amf::read_file_capped(path, 256 << 20)?;
        let file: RegistryFile = simd_json::serde::from_slice(&mut bytes)
            .map_err(|e| format!("{}: not an ACES registry: {e}", path.display()))?;
        let mut ids = HashSet::new();
        for entry in file.releases.values().flat_map(|r| &r.transforms) {
            if entry.transform_id.starts_with("urn:") {
                ids.insert(entry.transform_id.clone());
            } else {
                ids.insert(format!(
                    "urn:ampas:aces:transformId:v1.5:{}",
                    entry.transform_id
                ));
            }
        }
        Ok(RegistryIds(ids))
    }
}

impl TransformCatalog for RegistryIds {
    fn knows(&self, id: &str) -> bool {
        self.0.contains(id)
    }

    fn name(&self) -> &str {
        "the official ACES registry"
    }
}

fn is_clf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("clf"))
}

pub fn run(args: &ValidateArgs) -> Result<(), String> {
    let registry = args
        .registry
        .as_deref()
        .map(RegistryIds::load)
        .transpose()?;
    let catalog = registry.as_ref().map(|r| r as &dyn TransformCatalog);
    let mut invalid = 0usize;
    for path in &args.files {
        if is_clf(path) {
            match crate::clf::read_file(path) {
                Ok(_) => println!("{}: valid CLF", path.display()),
                Err(e) => {
                    eprintln!("{}: error: {e}", path.display());
                    invalid += 1;
                }
            }
            continue;
        }
        let document = match amf::read_file(path) {
            Ok(document) => document,
            Err(e) => {
                eprintln!("{e}");
                invalid += 1;
                continue;
            }
        };
        let report = amf::validate(&document, ValidationOptions::strict(catalog));
        for d in &report.diagnostics {
            if d.severity != Severity::Note || args.notes {
                eprintln!("{}:{d}", path.display());
            }
        }
        if report.has_errors() {
            invalid += 1;
        } else {
            let warnings = report.with_severity(Severity::Warning).count();
            println!(
                "{}: valid AMF {} ({warnings} warning(s))",
                path.display(),
                document.amf.version.label()
            );
        }
    }
    if invalid > 0 {
        Err(format!("{invalid} of {} file(s) invalid", args.files.len()))
    } else {
        Ok(())
    }
}
