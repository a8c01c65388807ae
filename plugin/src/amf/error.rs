//! The one error type of the `amf` module: what went wrong, in which file, at which line and element.

use std::path::PathBuf;

/// Why an AMF (or a file it points to, or a clip index) could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AmfError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}: the file is {size} bytes; an AMF may be at most {limit} bytes", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    /// Broken XML, a refused construct (DTD, entity) or a limit exceeded, at a known place.
    #[error("{}:{line}: <{element}>: {message}", path.display())]
    Xml {
        path: PathBuf,
        line: u32,
        element: String,
        message: String,
    },

    /// Well-formed XML that cannot be read as an AMF at all (wrong root, no pipeline, ...).
    #[error("{}:{line}: <{element}>: {message}", path.display())]
    NotAmf {
        path: PathBuf,
        line: u32,
        element: String,
        message: String,
    },

    /// A `file` reference that exists nowhere we looked.
    #[error("{}: referenced file '{reference}' not found; tried: {}", amf.display(), list_paths(tried))]
    MissingReference {
        amf: PathBuf,
        reference: String,
        tried: Vec<PathBuf>,
    },

    /// A reference amfx will not follow (remote URL, empty name).
    #[error("{}: reference '{reference}' cannot be used: {reason}", amf.display())]
    UnusableReference {
        amf: PathBuf,
        reference: String,
        reason: String,
    },

    #[error("{}: clip index: {message}", path.display())]
    Index { path: PathBuf, message: String },
}

fn list_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
