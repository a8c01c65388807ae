//! Validation a colorist understands: the schema findings of reading, plus semantic checks
//! (applied order, ACES versions, CDL working space and values, unknown ids, references).
//!
//! Two levels. [`Level::Strict`] (`amfx validate`, facility QC): anything that breaks the XSD
//! of the file's version, and anything incoherent, is an error. [`Level::Tolerant`] (reading
//! for use): schema breaches and incoherences are warnings; only what stops amfx from rendering
//! the pipeline as written (an unknown id or missing file in a stage that must be applied) is
//! an error.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Rule, Severity};
use super::lexical::{self, IdGeneration};
use super::model::*;
use super::resolve;
use super::Document;

/// Decides whether a transformId is one the ACES library implements or the registry lists.
pub trait TransformCatalog {
    fn knows(&self, id: &str) -> bool;

    /// How messages name the catalog ("the official ACES registry", "amfx's built-in transforms").
    fn name(&self) -> &str {
        "the transform catalog"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Strict,
    Tolerant,
}

#[derive(Clone, Copy)]
pub struct ValidationOptions<'a> {
    pub level: Level,
    /// Without a catalog, ids are not checked for being known.
    pub catalog: Option<&'a dyn TransformCatalog>,
    /// Look for referenced files on disk (relative to the AMF).
    pub check_references: bool,
}

impl<'a> ValidationOptions<'a> {
    pub fn strict(catalog: Option<&'a dyn TransformCatalog>) -> Self {
        ValidationOptions {
            level: Level::Strict,
            catalog,
            check_references: true,
        }
    }

    pub fn tolerant(catalog: Option<&'a dyn TransformCatalog>) -> Self {
        ValidationOptions {
            level: Level::Tolerant,
            catalog,
            check_references: true,
        }
    }
}

/// Everything validation found in one file, in line order.
#[derive(Debug, Clone)]
pub struct Report {
    pub path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.severity == severity)
    }

    /// Whether any message of `rule` contains `text` (for tests and tools).
    pub fn mentions(&self, rule: Rule, text: &str) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.rule == rule && d.message.contains(text))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{}:{d}", self.path.display())?;
        }
        Ok(())
    }
}

/// Validates a read document.
pub fn validate(document: &Document, options: ValidationOptions) -> Report {
    let mut diagnostics = Vec::new();
    for finding in &document.schema_findings {
        let mut d = finding.clone();
        if options.level == Level::Tolerant {
            d.severity = Severity::Warning;
            d.message = format!(
                "not valid against the AMF {} schema: {}",
                document.amf.version.label(),
                d.message
            );
        }
        diagnostics.push(d);
    }
    diagnostics.extend(document.read_findings.iter().cloned());
    let mut checks = Checks {
        options,
        path: &document.path,
        amf: &document.amf,
        found: Vec::new(),
    };
    checks.run();
    diagnostics.extend(checks.found);
    diagnostics.sort_by_key(|d| d.line);
    Report {
        path: document.path.clone(),
        diagnostics,
    }
}

/// One stage of the pipeline, as the checks see it.
struct Stage<'a> {
    name: StageName,
    element: &'static str,
    applied: bool,
    meta: &'a TransformMeta,
    line: u32,
    /// Every transform reference inside the stage, with its line.
    references: Vec<(&'a TransformRef, u32)>,
}

impl Stage<'_> {
    fn title(&self) -> String {
        match &self.meta.description {
            Some(d) if !d.trim().is_empty() => format!("{} (\"{}\")", self.name, d.trim()),
            _ => self.name.to_string(),
        }
    }
}

fn reference_of(r: &ReferenceTransform) -> (&TransformRef, u32) {
    (&r.target, r.line.0)
}

fn working_space_references(ws: &CdlWorkingSpace) -> Vec<(&TransformRef, u32)> {
    ws.to_working_space
        .iter()
        .chain(ws.from_working_space.iter())
        .map(reference_of)
        .collect()
}

fn stages(pipeline: &Pipeline) -> Vec<Stage<'_>> {
    let mut out = Vec::new();
    if let Some(input) = &pipeline.input {
        let references = match &input.kind {
            InputKind::Reference(r) => vec![(r, input.line.0)],
            InputKind::InverseOutput(r) => vec![reference_of(r)],
            InputKind::InverseSplit {
                inverse_output_device,
                inverse_reference_rendering,
            } => {
                vec![
                    reference_of(inverse_output_device),
                    reference_of(inverse_reference_rendering),
                ]
            }
            InputKind::Missing => vec![],
        };
        out.push(Stage {
            name: StageName::Input,
            element: "inputTransform",
            applied: input.applied,
            meta: &input.meta,
            line: input.line.0,
            references,
        });
    }
    for (n, look) in pipeline.looks().enumerate() {
        let references = match &look.kind {
            LookKind::Reference(r) => vec![(r, look.line.0)],
            LookKind::Cdl(cdl) => cdl
                .working_space
                .as_ref()
                .map(working_space_references)
                .unwrap_or_default(),
            LookKind::CdlReference(cdl) => cdl
                .working_space
                .as_ref()
                .map(working_space_references)
                .unwrap_or_default(),
            LookKind::Missing => vec![],
        };
        out.push(Stage {
            name: StageName::Look(n),
            element: "lookTransform",
            applied: look.applied,
            meta: &look.meta,
            line: look.line.0,
            references,
        });
    }
    if let Some(output) = &pipeline.output {
        let references = match &output.kind {
            OutputKind::Reference(r) => vec![(r, output.line.0)],
            OutputKind::Split {
                reference_rendering,
                output_device,
            } => {
                vec![
                    reference_of(reference_rendering),
                    reference_of(output_device),
                ]
            }
            OutputKind::Missing => vec![],
        };
        out.push(Stage {
            name: StageName::Output,
            element: "outputTransform",
            applied: output.is_applied(),
            meta: &output.meta,
            line: output.line.0,
            references,
        });
    }
    out
}

/// The colour space a CSC id converts to (`ACES_to_ACEScct` → `ACEScct`) or from.
fn csc_endpoints(id: &str) -> Option<(String, String)> {
    let (_, body) = lexical::id_type_and_body(id)?;
    body.split('.').find_map(|token| {
        token
            .split_once("_to_")
            .map(|(from, to)| (from.to_string(), to.to_string()))
    })
}

struct Checks<'a> {
    options: ValidationOptions<'a>,
    path: &'a Path,
    amf: &'a Amf,
    found: Vec<Diagnostic>,
}

impl Checks<'_> {
    /// Error when strict, warning when tolerant.
    fn incoherence(&self) -> Severity {
        match self.options.level {
            Level::Strict => Severity::Error,
            Level::Tolerant => Severity::Warning,
        }
    }

    fn push(&mut self, severity: Severity, rule: Rule, line: u32, element: &str, message: String) {
        self.found
            .push(Diagnostic::new(severity, rule, line, element, message));
    }

    fn run(&mut self) {
        let pipeline = &self.amf.pipeline;
        let stages = stages(pipeline);
        self.applied_order(&stages);
        self.versions(pipeline, &stages);
        self.descriptions(&stages);
        self.unknown_ids(&stages);
        self.looks(pipeline);
        self.working_locations(pipeline);
        self.hashes(&stages);
        self.uuids();
        self.clip_id();
        if self.options.check_references {
            self.references(pipeline, &stages);
        }
    }

    fn applied_order(&mut self, stages: &[Stage]) {
        let mut first_pending: Option<&Stage> = None;
        for stage in stages {
            match (stage.applied, first_pending) {
                (false, None) => first_pending = Some(stage),
                (true, Some(pending)) => {
                    let message = format!(
                        "{} is marked applied=\"true\" but comes after {}, which is not applied: a later stage cannot already be in the pixels while an earlier one is not (amfx applies only the stages marked applied=\"false\", in order)",
                        stage.title(),
                        pending.title()
                    );
                    // An applied output after pending looks is how some tools mark "display
                    // baked, alternatives archived": suspicious, not incoherent enough to fail QC.
                    let severity = if stage.name == StageName::Output {
                        Severity::Warning
                    } else {
                        self.incoherence()
                    };
                    self.push(
                        severity,
                        Rule::AppliedOrder,
                        stage.line,
                        stage.element,
                        message,
                    );
                }
                _ => {}
            }
        }
    }

    fn versions(&mut self, pipeline: &Pipeline, stages: &[Stage]) {
        let system_major = pipeline.info.system_version.map(|v| v.major);
        let mut seen: Vec<(IdGeneration, &str, u32)> = Vec::new();
        for stage in stages {
            for (reference, line) in &stage.references {
                if let TransformRef::TransformId(id) = reference {
                    let generation = lexical::id_generation(id);
                    let clash = match (system_major, generation) {
                        (Some(2..), IdGeneration::Aces1) => {
                            Some("an ACES 1.x transform (v1.5 id) in an ACES 2 pipeline")
                        }
                        (Some(1), IdGeneration::Aces2) => {
                            Some("an ACES 2.0 transform (v2.0 id) in an ACES 1.x pipeline")
                        }
                        _ => None,
                    };
                    if let (Some(clash), Some(v)) = (clash, pipeline.info.system_version) {
                        let message = format!(
                            "{}: '{id}' is {clash} (pipelineInfo systemVersion {}.{}.{}); ACES 1.x and 2.0 renderings differ, check which one the show uses",
                            stage.name, v.major, v.minor, v.patch
                        );
                        self.push(
                            self.incoherence(),
                            Rule::VersionMix,
                            *line,
                            "transformId",
                            message,
                        );
                    }
                    seen.push((generation, id, *line));
                }
            }
        }
        if system_major.is_none() {
            let has1 = seen.iter().find(|s| s.0 == IdGeneration::Aces1);
            let has2 = seen.iter().find(|s| s.0 == IdGeneration::Aces2);
            if let (Some(a), Some(b)) = (has1, has2) {
                let message = format!(
                    "the pipeline mixes ACES 1.x ('{}') and ACES 2.0 ('{}') transforms",
                    a.1, b.1
                );
                self.push(
                    Severity::Warning,
                    Rule::VersionMix,
                    b.2,
                    "transformId",
                    message,
                );
            }
        }
    }

    fn descriptions(&mut self, stages: &[Stage]) {
        for stage in stages {
            if stage
                .meta
                .description
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
            {
                let message = format!(
                    "{} has no description: people will see only its id or file name",
                    stage.name
                );
                self.push(
                    Severity::Note,
                    Rule::MissingDescription,
                    stage.line,
                    stage.element,
                    message,
                );
            }
        }
    }

    fn unknown_ids(&mut self, stages: &[Stage]) {
        let Some(catalog) = self.options.catalog else {
            return;
        };
        for stage in stages {
            for (reference, line) in &stage.references {
                let TransformRef::TransformId(id) = reference else {
                    continue;
                };
                if catalog.knows(id) {
                    continue;
                }
                let shown = if id.is_empty() {
                    "an empty transformId".to_string()
                } else {
                    format!("unknown transformId '{id}'")
                };
                if stage.applied {
                    let message = format!("{}: {shown} (not in {}); the stage is already applied, so nothing is rendered from it", stage.name, catalog.name());
                    self.push(
                        Severity::Warning,
                        Rule::UnknownTransform,
                        *line,
                        "transformId",
                        message,
                    );
                } else {
                    let message = format!("{}: {shown} (not in {}) in a stage that must be applied (applied=\"false\"): amfx cannot render it", stage.name, catalog.name());
                    self.push(
                        Severity::Error,
                        Rule::UnknownTransform,
                        *line,
                        "transformId",
                        message,
                    );
                }
            }
        }
    }

    fn looks(&mut self, pipeline: &Pipeline) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (n, look) in pipeline.looks().enumerate() {
            let name = StageName::Look(n);
            let line = look.line.0;
            let working_space = match &look.kind {
                LookKind::Cdl(cdl) => {
                    self.cdl_values(&name, line, cdl);
                    Some(&cdl.working_space)
                }
                LookKind::CdlReference(cdl) => Some(&cdl.working_space),
                _ => None,
            };
            if let Some(working_space) = working_space {
                self.working_space(&name, line, working_space.as_ref());
            }
            let key = match &look.kind {
                LookKind::Reference(TransformRef::TransformId(id)) => {
                    Some(format!("transformId {id}"))
                }
                LookKind::Reference(TransformRef::File(f)) => {
                    Some(format!("file {}", resolve::normalise_reference(f)))
                }
                LookKind::Reference(TransformRef::Uuid(u)) => {
                    Some(format!("uuid {}", u.to_ascii_lowercase()))
                }
                _ => None,
            };
            if let Some(key) = key {
                if let Some(first) = seen.get(&key) {
                    let message = format!(
                        "{name} repeats {} ({key}): it will be applied twice",
                        StageName::Look(*first)
                    );
                    self.push(
                        Severity::Warning,
                        Rule::DuplicateLook,
                        line,
                        "lookTransform",
                        message,
                    );
                } else {
                    seen.insert(key, n);
                }
            }
        }
    }

    fn working_space(
        &mut self,
        name: &StageName,
        line: u32,
        working_space: Option<&CdlWorkingSpace>,
    ) {
        let Some(ws) = working_space else {
            let message = format!("{name}: the CDL has no cdlWorkingSpace; amfx applies it in ACEScct (the usual grading space) — add one so every system grades in the same space");
            self.push(
                Severity::Warning,
                Rule::CdlWorkingSpace,
                line,
                "lookTransform",
                message,
            );
            return;
        };
        let id_of = |r: &Option<ReferenceTransform>| match r.as_ref().map(|r| &r.target) {
            Some(TransformRef::TransformId(id)) => Some(id.clone()),
            _ => None,
        };
        let (to, from) = (id_of(&ws.to_working_space), id_of(&ws.from_working_space));
        if ws.from_working_space.is_none() && ws.to_working_space.is_some() {
            let message = format!("{name}: cdlWorkingSpace has toCdlWorkingSpace but no fromCdlWorkingSpace; amfx returns to ACES with the inverse of toCdlWorkingSpace");
            self.push(
                Severity::Warning,
                Rule::CdlWorkingSpace,
                ws.line.0,
                "cdlWorkingSpace",
                message,
            );
        }
        if let (Some(to), Some(from)) = (to, from) {
            if let (Some((_, into)), Some((out_of, _))) = (csc_endpoints(&to), csc_endpoints(&from))
            {
                if into != out_of {
                    let message = format!(
                        "{name}: toCdlWorkingSpace converts into {into} but fromCdlWorkingSpace converts out of {out_of}: the CDL would be graded in one space and returned through another"
                    );
                    self.push(
                        self.incoherence(),
                        Rule::CdlWorkingSpace,
                        ws.line.0,
                        "cdlWorkingSpace",
                        message,
                    );
                }
            }
        }
    }

    fn cdl_values(&mut self, name: &StageName, line: u32, cdl: &EmbeddedCdl) {
        let sop = cdl.effective_sop();
        let sat = cdl.effective_saturation();
        let all: Vec<f64> = sop
            .slope
            .iter()
            .chain(&sop.offset)
            .chain(&sop.power)
            .copied()
            .chain([sat])
            .collect();
        if all.iter().any(|v| !v.is_finite()) {
            let message = format!(
                "{name}: the CDL holds a value that is not a finite number: it cannot be applied"
            );
            self.push(
                Severity::Error,
                Rule::CdlValues,
                line,
                "lookTransform",
                message,
            );
            return;
        }
        if sop.slope.iter().any(|&v| v < 0.0) || sop.power.iter().any(|&v| v <= 0.0) || sat < 0.0 {
            let message = format!("{name}: the CDL has a negative slope or saturation, or a power that is not positive (slope {:?}, power {:?}, saturation {sat})", sop.slope, sop.power);
            self.push(
                self.incoherence(),
                Rule::CdlValues,
                line,
                "lookTransform",
                message,
            );
        }
        let mut unusual = Vec::new();
        if sop.slope.iter().any(|&v| v > 4.0) {
            unusual.push(format!("slope {:?} above 4", sop.slope));
        }
        if sop.offset.iter().any(|&v| v.abs() > 1.0) {
            unusual.push(format!("offset {:?} beyond ±1", sop.offset));
        }
        if sop.power.iter().any(|&v| v > 4.0 || (v > 0.0 && v < 0.25)) {
            unusual.push(format!("power {:?} outside 0.25–4", sop.power));
        }
        if sat > 4.0 || (sat > 0.0 && sat < 0.1) {
            unusual.push(format!("saturation {sat} outside 0.1–4"));
        }
        if !unusual.is_empty() {
            let message = format!(
                "{name}: extreme CDL values ({}); check this is the intended grade",
                unusual.join(", ")
            );
            self.push(
                Severity::Warning,
                Rule::CdlValues,
                line,
                "lookTransform",
                message,
            );
        }
        if sop == Sop::default() && sat == 1.0 {
            let message = format!("{name}: the CDL is an identity (slope 1, offset 0, power 1, saturation 1): it changes nothing");
            self.push(
                Severity::Warning,
                Rule::CdlValues,
                line,
                "lookTransform",
                message,
            );
        }
    }

    fn working_locations(&mut self, pipeline: &Pipeline) {
        let lines: Vec<u32> = pipeline
            .steps
            .iter()
            .filter_map(|s| match s {
                PipelineStep::WorkingLocation(line) => Some(line.0),
                PipelineStep::Look(_) => None,
            })
            .collect();
        if let [_, extra @ ..] = lines.as_slice() {
            for line in extra {
                self.push(
                    Severity::Warning,
                    Rule::WorkingLocation,
                    *line,
                    "workingLocation",
                    "more than one workingLocation: only the first marks where the grade sits"
                        .to_string(),
                );
            }
        }
    }

    fn hashes(&mut self, stages: &[Stage]) {
        for stage in stages {
            let Some(hash) = &stage.meta.hash else {
                continue;
            };
            let expected = match hash.algorithm.trim() {
                "http://www.w3.org/2001/04/xmlenc#sha256" => ("SHA-256", 32),
                "http://www.w3.org/2000/09/xmldsig#sha1" => ("SHA-1", 20),
                "http://www.w3.org/2001/04/xmldsig-more#md5" => ("MD5", 16),
                _ => continue,
            };
            let value = hash.value.trim();
            // Many writers put hex digests where the schema says base64: accept both.
            let hex_length = (value.len().is_multiple_of(2)
                && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .then_some(value.len() / 2);
            let base64_length = lexical::decode_base64(value).map(|b| b.len());
            let fits = hex_length == Some(expected.1) || base64_length == Some(expected.1);
            if !fits {
                let found = hex_length
                    .or(base64_length)
                    .map_or("unreadable".to_string(), |n| format!("{n} bytes"));
                let message = format!(
                    "{}: hash '{}' cannot be a {} digest ({} bytes, hex or base64; found {found}): the file cannot be verified against it",
                    stage.name,
                    super::schema::short(value),
                    expected.0,
                    expected.1
                );
                self.push(Severity::Warning, Rule::Hash, stage.line, "hash", message);
            }
        }
    }

    fn uuids(&mut self) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut check = |uuid: Option<&String>,
                         owner: &'static str,
                         found: &mut Vec<Diagnostic>| {
            let Some(uuid) = uuid else { return };
            let key = uuid.trim().to_ascii_lowercase();
            if let Some(first) = seen.get(&key) {
                found.push(Diagnostic::new(Severity::Warning, Rule::DuplicateUuid, 0, owner, format!("{owner} uses uuid {uuid}, already used by {first}: uuids must identify one thing each")));
            } else {
                seen.insert(key, owner);
            }
        };
        let mut found = Vec::new();
        check(self.amf.info.uuid.as_ref(), "amfInfo", &mut found);
        if let Some(ClipId {
            reference: Some(ClipReference::Uuid(u)),
            ..
        }) = &self.amf.clip_id
        {
            check(Some(u), "clipId", &mut found);
        }
        check(
            self.amf.pipeline.info.info.uuid.as_ref(),
            "pipelineInfo",
            &mut found,
        );
        for archived in &self.amf.archived_pipelines {
            check(
                archived.info.info.uuid.as_ref(),
                "archivedPipeline",
                &mut found,
            );
        }
        self.found.extend(found);
    }

    fn clip_id(&mut self) {
        let Some(clip) = &self.amf.clip_id else {
            return;
        };
        if clip.clip_name.trim().is_empty() {
            self.push(
                Severity::Warning,
                Rule::ClipId,
                0,
                "clipName",
                "clipId has an empty clipName".to_string(),
            );
        }
        if let Some(ClipReference::Sequence {
            pattern,
            idx,
            min,
            max,
        }) = &clip.reference
        {
            if min > max {
                self.push(
                    self.incoherence(),
                    Rule::ClipId,
                    0,
                    "sequence",
                    format!("sequence min {min} is greater than max {max}: no frame can match"),
                );
            }
            if idx.is_empty() {
                self.push(
                    Severity::Warning,
                    Rule::ClipId,
                    0,
                    "sequence",
                    "sequence idx is empty: frame numbers cannot be located in the file pattern"
                        .to_string(),
                );
            } else if !pattern.is_empty()
                && !pattern.contains(idx.as_str())
                && !pattern.contains('%')
            {
                self.push(
                    Severity::Warning,
                    Rule::ClipId,
                    0,
                    "sequence",
                    format!("sequence pattern '{pattern}' does not contain its idx '{idx}'"),
                );
            }
        }
    }

    /// Files, uuids and ColorCorrection ids must exist for stages that must be applied.
    fn references(&mut self, pipeline: &Pipeline, stages: &[Stage]) {
        for stage in stages {
            let severity = if stage.applied {
                Severity::Warning
            } else {
                Severity::Error
            };
            for (reference, line) in &stage.references {
                match reference {
                    TransformRef::File(file) => {
                        self.file_reference(&stage.name, file, *line, severity);
                    }
                    TransformRef::Uuid(uuid) => {
                        if resolve::find_clf_by_uuid(self.path, uuid).is_none() {
                            let message = format!(
                                "{}: no CLF beside the AMF has ProcessList id {uuid}",
                                stage.name
                            );
                            self.push(severity, Rule::Reference, *line, "uuid", message);
                        }
                    }
                    TransformRef::TransformId(_) => {}
                }
            }
        }
        for (n, look) in pipeline.looks().enumerate() {
            let LookKind::CdlReference(cdl) = &look.kind else {
                continue;
            };
            let severity = if look.applied {
                Severity::Warning
            } else {
                Severity::Error
            };
            let name = StageName::Look(n);
            let id = &cdl.color_correction_id;
            let line = cdl.line.0;
            match &cdl.file {
                Some(file) => {
                    let Some(path) = self.file_reference(&name, file, line, severity) else {
                        continue;
                    };
                    match resolve::color_correction_ids(&path) {
                        Ok(ids) if ids.iter().any(|i| i == id) => {}
                        Ok(ids) => {
                            let message = format!(
                                "{name}: ColorCorrection id '{id}' is not in {} (it holds: {})",
                                path.display(),
                                ids.join(", ")
                            );
                            self.push(
                                severity,
                                Rule::Reference,
                                line,
                                "ColorCorrectionRef",
                                message,
                            );
                        }
                        Err(e) => self.push(
                            severity,
                            Rule::Reference,
                            line,
                            "ColorCorrectionRef",
                            format!("{name}: {e}"),
                        ),
                    }
                }
                None => {
                    let message = format!("{name}: ColorCorrectionRef '{id}' names no file (AMF 2.0 requires an aces:file after it): say which .cdl/.cc/.ccc holds it");
                    self.push(
                        Severity::Warning,
                        Rule::Reference,
                        line,
                        "ColorCorrectionRef",
                        message,
                    );
                }
            }
        }
    }

    fn file_reference(
        &mut self,
        name: &StageName,
        file: &str,
        line: u32,
        severity: Severity,
    ) -> Option<PathBuf> {
        let (absolute, outside) = resolve::portability(file);
        if absolute {
            let message = format!("{name}: '{file}' is an absolute path: it will not be found on another machine; keep referenced files beside the AMF");
            self.push(Severity::Warning, Rule::Reference, line, "file", message);
        } else if outside {
            let message = format!("{name}: '{file}' leaves the AMF's folder (..): keep referenced files beside the AMF or below it");
            self.push(Severity::Warning, Rule::Reference, line, "file", message);
        }
        match resolve::resolve_file(self.path, file) {
            Ok(resolved) => Some(resolved.path),
            Err(e) => {
                let consequence = if severity == Severity::Error {
                    "this stage must be applied and cannot be"
                } else {
                    "the stage is already applied"
                };
                self.push(
                    severity,
                    Rule::Reference,
                    line,
                    "file",
                    format!("{name}: {e} ({consequence})"),
                );
                None
            }
        }
    }
}
