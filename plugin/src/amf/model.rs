//! The AMF as plain Rust data: what the file says, nothing computed.
//!
//! Optional where a real-world file may omit something the XSD requires, so that tolerant
//! reading can represent it; validation says what is missing.

use super::xml::Element;

pub const NAMESPACE_V1: &str = "urn:ampas:aces:amf:v1.0";
pub const NAMESPACE_V2: &str = "urn:ampas:aces:amf:v2.0";
pub const NAMESPACE_CDL: &str = "urn:ASC:CDL:v1.01";
pub const NAMESPACE_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The AMF schema generation a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AmfVersion {
    /// `urn:ampas:aces:amf:v1.0`, the ACES 1.x era schema.
    V1,
    /// `urn:ampas:aces:amf:v2.0`.
    V2,
}

impl AmfVersion {
    pub fn namespace(self) -> &'static str {
        match self {
            AmfVersion::V1 => NAMESPACE_V1,
            AmfVersion::V2 => NAMESPACE_V2,
        }
    }

    pub fn from_namespace(namespace: &str) -> Option<Self> {
        match namespace {
            NAMESPACE_V1 => Some(AmfVersion::V1),
            NAMESPACE_V2 => Some(AmfVersion::V2),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AmfVersion::V1 => "1.0",
            AmfVersion::V2 => "2.0",
        }
    }
}

/// The line an element started on. Where a value came from is not part of what it is, so two
/// lines always compare equal: a model read back from written XML equals the original.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceLine(pub u32);

impl PartialEq for SourceLine {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

/// An element amfx does not interpret, kept so that writing the AMF back does not drop it.
#[derive(Debug, Clone)]
pub struct OpaqueElement(pub Element);

/// Same content: names, attributes, text (indentation aside) and children; lines are ignored.
fn same_content(a: &Element, b: &Element) -> bool {
    a.namespace == b.namespace
        && a.local_name == b.local_name
        && a.attributes == b.attributes
        && a.text.trim() == b.text.trim()
        && a.children.len() == b.children.len()
        && a.children
            .iter()
            .zip(&b.children)
            .all(|(x, y)| same_content(x, y))
}

impl PartialEq for OpaqueElement {
    fn eq(&self, other: &Self) -> bool {
        same_content(&self.0, &other.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Amf {
    pub version: AmfVersion,
    pub info: Info,
    pub clip_id: Option<ClipId>,
    pub pipeline: Pipeline,
    pub archived_pipelines: Vec<Pipeline>,
    /// Unknown children of `acesMetadataFile`.
    pub extensions: Vec<OpaqueElement>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Author {
    pub name: String,
    pub email_address: Option<String>,
}

/// Creation and modification times, kept as written (xs:dateTime lexical form).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DateTimes {
    pub creation: Option<String>,
    pub modification: Option<String>,
}

/// `amfInfo` (and the first part of `pipelineInfo`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Info {
    pub description: Option<String>,
    pub authors: Vec<Author>,
    pub date_time: Option<DateTimes>,
    pub uuid: Option<String>,
    pub extensions: Vec<OpaqueElement>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClipId {
    pub clip_name: String,
    pub reference: Option<ClipReference>,
    pub extensions: Vec<OpaqueElement>,
}

/// How a clip is identified besides its name.
#[derive(Debug, Clone, PartialEq)]
pub enum ClipReference {
    /// A frame sequence: `pattern` is the file name with `idx` marking the frame digits.
    Sequence {
        pattern: String,
        idx: String,
        min: u64,
        max: u64,
    },
    File(String),
    Uuid(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PipelineInfo {
    pub info: Info,
    pub system_version: Option<SystemVersion>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    pub info: PipelineInfo,
    pub input: Option<InputTransform>,
    /// Looks and working-location markers, in document order.
    pub steps: Vec<PipelineStep>,
    pub output: Option<OutputTransform>,
    pub extensions: Vec<OpaqueElement>,
    pub line: SourceLine,
}

impl Pipeline {
    pub fn looks(&self) -> impl Iterator<Item = &LookTransform> {
        self.steps.iter().filter_map(|step| match step {
            PipelineStep::Look(look) => Some(look),
            PipelineStep::WorkingLocation(_) => None,
        })
    }
}

// Looks dominate the steps; boxing them would only add indirection for the common case.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PipelineStep {
    Look(LookTransform),
    /// `workingLocation` (AMF 2.0): where in the look stack the grade sits.
    WorkingLocation(SourceLine),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hash {
    pub algorithm: String,
    pub value: String,
}

/// `description` and `hash`, common to every transform element.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TransformMeta {
    pub description: Option<String>,
    pub hash: Option<Hash>,
}

/// What a transform points at.
#[derive(Debug, Clone, PartialEq)]
pub enum TransformRef {
    TransformId(String),
    File(String),
    Uuid(String),
}

/// A transform element that holds just a reference (RRT, ODT, inverses, CDL working spaces).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceTransform {
    pub meta: TransformMeta,
    pub target: TransformRef,
    pub extensions: Vec<OpaqueElement>,
    pub line: SourceLine,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InputTransform {
    /// `applied="true"`: already in the pixels. A missing attribute is read as false.
    pub applied: bool,
    pub meta: TransformMeta,
    pub kind: InputKind,
    pub extensions: Vec<OpaqueElement>,
    pub line: SourceLine,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InputKind {
    Reference(TransformRef),
    InverseOutput(ReferenceTransform),
    /// ACES 1.x split form: inverse ODT first, then inverse RRT.
    InverseSplit {
        inverse_output_device: ReferenceTransform,
        inverse_reference_rendering: ReferenceTransform,
    },
    /// Nothing usable was found (tolerant reading only).
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutputTransform {
    /// AMF 1.0 has no `applied` on outputTransform: None there.
    pub applied: Option<bool>,
    pub meta: TransformMeta,
    pub kind: OutputKind,
    pub extensions: Vec<OpaqueElement>,
    pub line: SourceLine,
}

impl OutputTransform {
    /// Whether the output is already in the pixels (a v1 output never is).
    pub fn is_applied(&self) -> bool {
        self.applied.unwrap_or(false)
    }
}

// One per pipeline: the size difference costs nothing worth an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum OutputKind {
    Reference(TransformRef),
    /// ACES 1.x split form: RRT then ODT.
    Split {
        reference_rendering: ReferenceTransform,
        output_device: ReferenceTransform,
    },
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LookTransform {
    pub applied: bool,
    pub meta: TransformMeta,
    pub kind: LookKind,
    pub extensions: Vec<OpaqueElement>,
    pub line: SourceLine,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LookKind {
    Reference(TransformRef),
    Cdl(EmbeddedCdl),
    CdlReference(CdlReference),
    Missing,
}

/// The spaces a CDL is applied in: ACES2065-1 → to → CDL → from → ACES2065-1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CdlWorkingSpace {
    pub to_working_space: Option<ReferenceTransform>,
    pub from_working_space: Option<ReferenceTransform>,
    pub line: SourceLine,
}

/// Which element names the file used, so that writing keeps them (`SOPNode` or `ASC_SOP`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CdlSpelling {
    /// `cdl:SOPNode` / `cdl:SatNode` / `cdl:ColorCorrectionRef`
    #[default]
    Node,
    /// `cdl:ASC_SOP` / `cdl:ASC_SAT` / `cdl:ASC_CC_XML`
    Asc,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sop {
    pub slope: [f64; 3],
    pub offset: [f64; 3],
    pub power: [f64; 3],
}

impl Default for Sop {
    fn default() -> Self {
        Sop {
            slope: [1.0; 3],
            offset: [0.0; 3],
            power: [1.0; 3],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedCdl {
    pub working_space: Option<CdlWorkingSpace>,
    /// None when the file has no SOP node (identity is used).
    pub sop: Option<Sop>,
    pub sop_spelling: CdlSpelling,
    pub sop_descriptions: Vec<String>,
    /// None when the file has no Sat node (1.0 is used).
    pub saturation: Option<f64>,
    pub sat_spelling: CdlSpelling,
    pub sat_descriptions: Vec<String>,
}

impl EmbeddedCdl {
    pub fn effective_sop(&self) -> Sop {
        self.sop.unwrap_or_default()
    }

    pub fn effective_saturation(&self) -> f64 {
        self.saturation.unwrap_or(1.0)
    }
}

/// A CDL held in a .cdl/.cc/.ccc file, picked by its ColorCorrection id.
#[derive(Debug, Clone, PartialEq)]
pub struct CdlReference {
    pub working_space: Option<CdlWorkingSpace>,
    pub color_correction_id: String,
    pub spelling: CdlSpelling,
    /// Required in AMF 2.0, absent in many 1.0 files.
    pub file: Option<String>,
    pub line: SourceLine,
}

/// Which stage of a pipeline a message or a reference belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageName {
    Input,
    Look(usize),
    Output,
}

impl std::fmt::Display for StageName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StageName::Input => write!(f, "inputTransform"),
            StageName::Look(n) => write!(f, "lookTransform #{}", n + 1),
            StageName::Output => write!(f, "outputTransform"),
        }
    }
}
