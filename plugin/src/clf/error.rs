//! The CLF module's error: what went wrong, and where (file, line, element).

use std::fmt;

use crate::ops::OpError;

/// A rejected CLF file: the file, the line (1-based; 0 when unknown), the element, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ClfError {
    pub file: String,
    pub line: usize,
    pub element: String,
    pub kind: ClfErrorKind,
}

impl fmt::Display for ClfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if !self.element.is_empty() {
            write!(f, ": <{}>", self.element)?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for ClfError {}

/// Why a CLF file was rejected. Tests match on these variants.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClfErrorKind {
    #[error("cannot read the file: {0}")]
    Io(String),
    #[error("the file is {0} bytes, more than the {1} a CLF may have here")]
    FileTooLarge(u64, u64),
    #[error("not UTF-8 text (a CLF is an XML file)")]
    NotText,
    #[error("malformed XML: {0}")]
    Xml(String),
    #[error("DTDs and entity declarations are not allowed (never expanded): {0}")]
    Dtd(String),
    #[error("entity reference &{0}; is not allowed here")]
    Entity(String),
    #[error("the root element is <{0}>, not <ProcessList>")]
    NotProcessList(String),
    #[error("this is a CTF (Autodesk Color Transform Format) file, not CLF: {0}")]
    Ctf(String),
    #[error("unsupported CLF version: {0}")]
    Version(String),
    #[error("the ProcessList has no process node")]
    NoNodes,
    #[error("missing attribute `{0}`")]
    MissingAttribute(&'static str),
    #[error("attribute `{name}` must not be empty")]
    EmptyAttribute { name: &'static str },
    #[error("attribute `{name}`=\"{value}\" is not valid: {why}")]
    BadAttribute {
        name: &'static str,
        value: String,
        why: String,
    },
    #[error("unknown bit depth \"{0}\" (8i, 10i, 12i, 16i, 16f or 32f)")]
    BadBitDepth(String),
    #[error("inBitDepth {found} does not match the previous node's outBitDepth {expected}")]
    BitDepthMismatch { expected: String, found: String },
    #[error("unknown element <{0}>")]
    UnknownElement(String),
    #[error("<{0}> is a CTF-only node, not part of CLF")]
    CtfOnlyNode(String),
    #[error("missing element <{0}>")]
    MissingElement(&'static str),
    #[error("element <{0}> appears more than once")]
    DuplicateElement(String),
    #[error("Array dim \"{0}\" is not valid here: {1}")]
    BadDimensions(String, String),
    #[error("{what}: expected {expected} values, found {found}")]
    ValueCount {
        what: String,
        expected: usize,
        found: String,
    },
    #[error("\"{0}\" is not a number")]
    BadNumber(String),
    #[error("{0} must be finite numbers (not inf, NaN or beyond the float range)")]
    NotFinite(&'static str),
    #[error("{0} exceeds the cap of {1}")]
    TooLarge(String, usize),
    #[error("elements nested deeper than {0}")]
    TooDeep(usize),
    #[error("{0} (IndexMap existed only in CLF v2, with exactly 2 entries)")]
    IndexMap(String),
    #[error("{0}")]
    Op(#[from] OpError),
}
