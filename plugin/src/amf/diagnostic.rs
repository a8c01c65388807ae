//! Messages about an AMF: what is wrong, where, how bad, and which rule says so.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The file breaks the schema or cannot be rendered as written.
    Error,
    /// amfx can go on, but a person should look.
    Warning,
    /// Worth knowing, changes nothing.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Which check produced a message (stable, for tests and tools).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Breaks the official XSD of the file's version.
    Schema,
    /// An applied stage after a stage that is not applied.
    AppliedOrder,
    /// ACES 1.x ids in an ACES 2 pipeline or the reverse.
    VersionMix,
    /// CDL working space missing or inconsistent.
    CdlWorkingSpace,
    /// CDL values that are out of range, unusual or do nothing.
    CdlValues,
    /// A transformId the ACES catalog does not know.
    UnknownTransform,
    /// A transform that has no description.
    MissingDescription,
    /// The same look listed twice.
    DuplicateLook,
    /// The same uuid used for two things.
    DuplicateUuid,
    /// More than one workingLocation.
    WorkingLocation,
    /// A file/uuid/ColorCorrection reference that cannot be followed, or is not portable.
    Reference,
    /// A hash that cannot be the digest it claims to be.
    Hash,
    /// A clipId that cannot match anything.
    ClipId,
    /// A stage with nothing in it.
    EmptyStage,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub rule: Rule,
    pub line: u32,
    /// The element the message is about (local name).
    pub element: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        rule: Rule,
        line: u32,
        element: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            rule,
            line,
            element: element.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: <{}>: {}: {}",
            self.line, self.element, self.severity, self.message
        )
    }
}
