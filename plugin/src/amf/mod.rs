//! ACES Metadata Files: read (tolerant and strict), validate, resolve, write, match to clips.
//!
//! ```text
//! bytes ──xml::parse_tree──▶ Element tree ──schema::check_document──▶ schema findings
//!                                  └──────build::Builder──────────▶ Amf (model) + read findings
//! Amf ──validate::validate──▶ Report (level: strict for QC, tolerant for use)
//! Amf ──writer::write──▶ XML          Amf + clip ──clip_match──▶ which AMF, and why
//! ```

mod build;
pub mod clip_match;
pub mod diagnostic;
pub mod error;
pub mod index;
pub mod lexical;
pub mod model;
mod regular_file;
pub mod resolve;
mod schema;
pub mod validate;
pub mod writer;
pub mod xml;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Rule, Severity};
pub use error::AmfError;
pub use model::*;
#[cfg(feature = "cli")]
pub(crate) use regular_file::read_file_capped;
pub(crate) use regular_file::{open_regular, read_regular_file, Capped};
pub use validate::{validate, Level, Report, TransformCatalog, ValidationOptions};
pub use xml::Limits;

/// An AMF as read from a file: the model, and what reading found.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    pub amf: Amf,
    /// Breaches of the official XSD of the file's version (errors in strict validation).
    pub schema_findings: Vec<Diagnostic>,
    /// What the tolerant builder found unusable or assumed.
    pub read_findings: Vec<Diagnostic>,
}

/// Reads an AMF file (size-capped before it is read).
pub fn read_file(path: &Path) -> Result<Document, AmfError> {
    read_file_with_limits(path, Limits::default())
}

pub fn read_file_with_limits(path: &Path, limits: Limits) -> Result<Document, AmfError> {
    let io = |source| AmfError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = match read_regular_file(path, limits.max_file_bytes).map_err(io)? {
        Capped::Whole(bytes) => bytes,
        Capped::TooLarge(size) => {
            return Err(AmfError::TooLarge {
                path: path.to_path_buf(),
                size,
                limit: limits.max_file_bytes,
            })
        }
    };
    read_bytes(&bytes, path, limits)
}

/// Reads an AMF from memory; `path` names it in messages and anchors relative references.
pub fn read_bytes(bytes: &[u8], path: &Path, limits: Limits) -> Result<Document, AmfError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        AmfError::Xml {
            path: path.to_path_buf(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            element: "document".into(),
            message: "the file is not UTF-8 text".into(),
        }
    })?;
    read_str(text, path, limits)
}

pub fn read_str(text: &str, path: &Path, limits: Limits) -> Result<Document, AmfError> {
    let root = xml::parse_tree(text, path, limits)?;
    let not_amf = |message: String| AmfError::NotAmf {
        path: path.to_path_buf(),
        line: root.line,
        element: root.local_name.clone(),
        message,
    };
    if root.local_name != "acesMetadataFile" {
        return Err(not_amf(format!(
            "the root element is <{}>, not <aces:acesMetadataFile>: this is not an ACES Metadata File",
            root.local_name
        )));
    }
    let mut schema_findings = Vec::new();
    let version = match root
        .namespace
        .as_deref()
        .and_then(AmfVersion::from_namespace)
    {
        Some(version) => version,
        None => {
            // No (or an unknown) namespace: guess from the version attribute and say so.
            let version = match root.attribute("version").map(str::trim) {
                Some(v) if v.starts_with('1') => AmfVersion::V1,
                _ => AmfVersion::V2,
            };
            if let Some(ns) = root.namespace.as_deref() {
                if ns.starts_with("urn:ampas:aces:amf:") {
                    schema_findings.push(Diagnostic::new(
                        Severity::Error,
                        Rule::Schema,
                        root.line,
                        &root.local_name,
                        format!(
                            "unknown AMF namespace '{ns}'; read as AMF {}",
                            version.label()
                        ),
                    ));
                } else {
                    return Err(not_amf(format!(
                        "namespace '{ns}' is not an AMF namespace ({} or {})",
                        model::NAMESPACE_V1,
                        model::NAMESPACE_V2
                    )));
                }
            } else {
                schema_findings.push(Diagnostic::new(
                    Severity::Error,
                    Rule::Schema,
                    root.line,
                    &root.local_name,
                    format!(
                        "the root element has no namespace; read as AMF {} ({})",
                        version.label(),
                        version.namespace()
                    ),
                ));
            }
            version
        }
    };
    if schema_findings.is_empty() {
        schema_findings.extend(schema::check_document(&root, version));
    }
    let mut builder = build::Builder::new(version);
    let amf = builder
        .amf(&root)
        .map_err(|(line, message)| AmfError::NotAmf {
            path: path.to_path_buf(),
            line,
            element: "acesMetadataFile".into(),
            message,
        })?;
    Ok(Document {
        path: path.to_path_buf(),
        amf,
        schema_findings,
        read_findings: builder.diagnostics,
    })
}
