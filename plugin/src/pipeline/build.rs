//! From an AMF to one pipeline: input transform, looks in document order, output transform.
//!
//! Stages marked `applied="true"` are already in the pixels and are skipped; the caller can turn
//! stages off, swap the output transform for another display, or invert the whole chain. Every
//! stage's fate is reported so a colorist can see what was applied and why.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{InputDomain, Pipeline};
use crate::aces::registry::{registry, RegistryError};
use crate::amf::{
    self, Amf, AmfError, CdlWorkingSpace, EmbeddedCdl, InputKind, LookKind, OutputKind,
    ReferenceTransform, TransformRef,
};
use crate::clf::{self, ClfError};
use crate::ops::{Cdl, CdlStyle, Op, OpError};

/// What to build from the AMF.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildOptions {
    pub input: bool,
    pub looks: bool,
    pub output: bool,
    /// A transformId that replaces the AMF's output transform (another display).
    pub output_override: Option<String>,
    /// Invert the whole chain (display back to scene).
    pub inverse: bool,
    /// Ops put after the looks and before the output transform (the host's trim grade).
    pub trim: Vec<Op>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            input: true,
            looks: true,
            output: true,
            output_override: None,
            inverse: false,
            trim: Vec::new(),
        }
    }
}

/// What happened to one stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// `applied="true"`: the pixels already carry it.
    AlreadyInPixels,
    /// The caller turned this stage off.
    TurnedOff,
}

/// One stage of the recipe as built.
#[derive(Clone, Debug, PartialEq)]
pub struct StageReport {
    pub stage: String,
    pub what: String,
    pub outcome: Outcome,
}

impl fmt::Display for StageReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let outcome = match self.outcome {
            Outcome::Applied => "applied",
            Outcome::AlreadyInPixels => "skipped, already in the pixels (applied=\"true\")",
            Outcome::TurnedOff => "skipped, turned off",
        };
        write!(f, "{}: {} ({outcome})", self.stage, self.what)
    }
}

/// The pipeline and how it came about.
#[derive(Clone, Debug)]
pub struct Built {
    pub pipeline: Pipeline,
    pub stages: Vec<StageReport>,
    /// Every file read to build it (CLFs), so a cache can tell when to rebuild.
    pub files: Vec<PathBuf>,
    /// What takes the pipeline's input to ACES2065-1, for telling in-gamut input (fast mode's
    /// accuracy check): the input transform when it was applied, nothing (an empty pipeline)
    /// when the pixels are ACES already; None for an inverted chain (display code values in).
    pub to_aces: Option<Pipeline>,
}

impl Built {
    /// What the pipeline's first op reads, for baking fast mode: camera, ACEScct or display
    /// code values when the input transform (or, inverted, the output transform) was applied,
    /// scene-linear ACES otherwise. Read from the ops themselves (see
    /// [`InputDomain::of_ops`]), so CLF input transforms are placed too.
    pub fn input_domain(&self) -> InputDomain {
        InputDomain::of_ops(self.pipeline.ops())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{stage}: {source}")]
    Transform {
        stage: String,
        source: RegistryError,
    },
    #[error("{stage}: {source}")]
    File { stage: String, source: AmfError },
    #[error("{stage}: {source}")]
    Clf {
        stage: String,
        source: Box<ClfError>,
    },
    #[error("{stage}: {source}")]
    Op { stage: String, source: OpError },
    #[error("{stage}: {what}")]
    Unusable { stage: String, what: String },
}

/// Builds the pipeline an AMF describes; `amf_path` locates the files it refers to.
pub fn build(amf: &Amf, amf_path: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let mut builder = Builder {
        amf_path,
        ops: Vec::new(),
        stages: Vec::new(),
        files: Vec::new(),
    };
    let pipeline = &amf.pipeline;
    let mut to_aces = Pipeline::default();

    if let Some(input) = &pipeline.input {
        let stage = "input transform".to_string();
        let what = describe_input(&input.kind);
        if input.applied {
            builder.report(stage, what, Outcome::AlreadyInPixels);
        } else if !options.input {
            builder.report(stage, what, Outcome::TurnedOff);
        } else {
            builder.input(&stage, &input.kind)?;
            to_aces = Pipeline::new(builder.ops.clone());
            builder.report(stage, what, Outcome::Applied);
        }
    }

    for (index, look) in pipeline.looks().enumerate() {
        let stage = format!("look {}", index + 1);
        let what = describe_look(&look.kind, look.meta.description.as_deref());
        if look.applied {
            builder.report(stage, what, Outcome::AlreadyInPixels);
        } else if !options.looks {
            builder.report(stage, what, Outcome::TurnedOff);
        } else {
            builder.look(&stage, &look.kind)?;
            builder.report(stage, what, Outcome::Applied);
        }
    }

    builder.ops.extend(options.trim.iter().cloned());

    let stage = "output transform".to_string();
    match (&options.output_override, &pipeline.output) {
        (Some(id), _) if options.output => {
            builder.transform_id(&stage, id)?;
            builder.report(
                stage,
                format!("{id} (chosen in place of the AMF's)"),
                Outcome::Applied,
            );
        }
        (_, Some(output)) => {
            let what = describe_output(&output.kind);
            if output.is_applied() {
                builder.report(stage, what, Outcome::AlreadyInPixels);
            } else if !options.output {
                builder.report(stage, what, Outcome::TurnedOff);
            } else {
                builder.output(&stage, &output.kind)?;
                builder.report(stage, what, Outcome::Applied);
            }
        }
        _ => {}
    }

    let mut built = Pipeline::new(builder.ops);
    if options.inverse {
        built = built.inverse().map_err(|source| BuildError::Op {
            stage: "inverse of the whole chain".into(),
            source,
        })?;
    }
    Ok(Built {
        pipeline: built,
        stages: builder.stages,
        files: builder.files,
        to_aces: (!options.inverse).then_some(to_aces),
    })
}

struct Builder<'a> {
    amf_path: &'a Path,
    ops: Vec<Op>,
    stages: Vec<StageReport>,
    files: Vec<PathBuf>,
}

impl Builder<'_> {
    fn report(&mut self, stage: String, what: String, outcome: Outcome) {
        self.stages.push(StageReport {
            stage,
            what,
            outcome,
        });
    }

    fn input(&mut self, stage: &str, kind: &InputKind) -> Result<(), BuildError> {
        match kind {
            InputKind::Reference(target) => self.reference(stage, target),
            InputKind::InverseOutput(inverse) => self.reference(stage, &inverse.target),
            InputKind::InverseSplit {
                inverse_output_device,
                inverse_reference_rendering,
            } => {
                self.reference(stage, &inverse_output_device.target)?;
                self.reference(stage, &inverse_reference_rendering.target)
            }
            InputKind::Missing => Err(unusable(stage, "the input transform names no transform")),
        }
    }

    fn output(&mut self, stage: &str, kind: &OutputKind) -> Result<(), BuildError> {
        match kind {
            OutputKind::Reference(target) => self.reference(stage, target),
            OutputKind::Split {
                reference_rendering,
                output_device,
            } => {
                self.reference(stage, &reference_rendering.target)?;
                self.reference(stage, &output_device.target)
            }
            OutputKind::Missing => Err(unusable(stage, "the output transform names no transform")),
        }
    }

    fn look(&mut self, stage: &str, kind: &LookKind) -> Result<(), BuildError> {
        match kind {
            LookKind::Reference(target) => self.reference(stage, target),
            LookKind::Cdl(cdl) => self.embedded_cdl(stage, cdl),
            LookKind::CdlReference(reference) => Err(unusable(
                stage,
                &format!(
                    "a CDL by reference (ColorCorrection \"{}\" in {}) is not supported yet; embed the values in the AMF",
                    reference.color_correction_id,
                    reference.file.as_deref().unwrap_or("no file")
                ),
            )),
            LookKind::Missing => Err(unusable(stage, "the look names no transform")),
        }
    }

    /// ACES2065-1 → working space → CDL → back. A missing direction is the inverse of the other
    /// (the XSD makes `toCdlWorkingSpace` optional); with neither, the CDL applies to ACES2065-1.
    fn embedded_cdl(&mut self, stage: &str, cdl: &EmbeddedCdl) -> Result<(), BuildError> {
        let sop = cdl.effective_sop();
        // The AMF does not say how to clamp; like OpenColorIO, amfx does not clamp.
        let grade = Cdl {
            slope: sop.slope,
            offset: sop.offset,
            power: sop.power,
            saturation: cdl.effective_saturation(),
            style: CdlStyle::NoClamp,
            reverse: false,
        };
        grade.validate().map_err(|source| BuildError::Op {
            stage: stage.to_string(),
            source,
        })?;
        let space = cdl.working_space.clone().unwrap_or_default();
        let (to, from) = self.working_space(stage, &space)?;
        self.ops.extend(to);
        self.ops.push(Op::Cdl(grade));
        self.ops.extend(from);
        Ok(())
    }

    fn working_space(
        &mut self,
        stage: &str,
        space: &CdlWorkingSpace,
    ) -> Result<(Vec<Op>, Vec<Op>), BuildError> {
        let to = space
            .to_working_space
            .as_ref()
            .map(|t| self.ops_of(stage, &t.target))
            .transpose()?;
        let from = space
            .from_working_space
            .as_ref()
            .map(|t| self.ops_of(stage, &t.target))
            .transpose()?;
        let invert = |ops: &[Op]| -> Result<Vec<Op>, BuildError> {
            ops.iter()
                .rev()
                .map(Op::inverse)
                .collect::<Result<_, _>>()
                .map_err(|source| BuildError::Op {
                    stage: stage.to_string(),
                    source,
                })
        };
        Ok(match (to, from) {
            (Some(to), Some(from)) => (to, from),
            (None, Some(from)) => (invert(&from)?, from),
            (Some(to), None) => {
                let from = invert(&to)?;
                (to, from)
            }
            (None, None) => (Vec::new(), Vec::new()),
        })
    }

    fn reference(&mut self, stage: &str, target: &TransformRef) -> Result<(), BuildError> {
        let ops = self.ops_of(stage, target)?;
        self.ops.extend(ops);
        Ok(())
    }

    fn transform_id(&mut self, stage: &str, id: &str) -> Result<(), BuildError> {
        self.reference(stage, &TransformRef::TransformId(id.to_string()))
    }

    fn ops_of(&mut self, stage: &str, target: &TransformRef) -> Result<Vec<Op>, BuildError> {
        match target {
            TransformRef::TransformId(id) => {
                registry().ops(id).map_err(|source| BuildError::Transform {
                    stage: stage.to_string(),
                    source,
                })
            }
            TransformRef::File(reference) => {
                let resolved =
                    amf::resolve::resolve_file(self.amf_path, reference).map_err(|source| {
                        BuildError::File {
                            stage: stage.to_string(),
                            source,
                        }
                    })?;
                self.clf_ops(stage, resolved.path)
            }
            TransformRef::Uuid(uuid) => {
                let path =
                    amf::resolve::find_clf_by_uuid(self.amf_path, uuid).ok_or_else(|| {
                        unusable(stage, &format!("no CLF beside the AMF has the id {uuid}"))
                    })?;
                self.clf_ops(stage, path)
            }
        }
    }

    fn clf_ops(&mut self, stage: &str, path: PathBuf) -> Result<Vec<Op>, BuildError> {
        let list = clf::read_file(&path).map_err(|source| BuildError::Clf {
            stage: stage.to_string(),
            source: Box::new(source),
        })?;
        self.files.push(path);
        Ok(list.ops())
    }
}

fn unusable(stage: &str, what: &str) -> BuildError {
    BuildError::Unusable {
        stage: stage.to_string(),
        what: what.to_string(),
    }
}

fn describe_ref(target: &TransformRef) -> String {
    match target {
        TransformRef::TransformId(id) => registry()
            .lookup(id)
            .map_or_else(|| id.clone(), |t| format!("{} ({id})", t.name)),
        TransformRef::File(file) => format!("file {file}"),
        TransformRef::Uuid(uuid) => format!("CLF {uuid}"),
    }
}

fn describe_reference(r: &ReferenceTransform) -> String {
    describe_ref(&r.target)
}

fn describe_input(kind: &InputKind) -> String {
    match kind {
        InputKind::Reference(target) => describe_ref(target),
        InputKind::InverseOutput(r) => format!("inverse of {}", describe_reference(r)),
        InputKind::InverseSplit {
            inverse_output_device,
            inverse_reference_rendering,
        } => {
            format!(
                "{} then {}",
                describe_reference(inverse_output_device),
                describe_reference(inverse_reference_rendering)
            )
        }
        InputKind::Missing => "nothing".into(),
    }
}

fn describe_output(kind: &OutputKind) -> String {
    match kind {
        OutputKind::Reference(target) => describe_ref(target),
        OutputKind::Split {
            reference_rendering,
            output_device,
        } => {
            format!(
                "{} then {}",
                describe_reference(reference_rendering),
                describe_reference(output_device)
            )
        }
        OutputKind::Missing => "nothing".into(),
    }
}

fn describe_look(kind: &LookKind, description: Option<&str>) -> String {
    let body = match kind {
        LookKind::Reference(target) => describe_ref(target),
        LookKind::Cdl(cdl) => {
            let sop = cdl.effective_sop();
            format!(
                "ASC CDL slope {:?} offset {:?} power {:?} saturation {}",
                sop.slope,
                sop.offset,
                sop.power,
                cdl.effective_saturation()
            )
        }
        LookKind::CdlReference(r) => format!(
            "CDL {} in {}",
            r.color_correction_id,
            r.file.as_deref().unwrap_or("?")
        ),
        LookKind::Missing => "nothing".into(),
    };
    match description {
        Some(d) if !d.trim().is_empty() => format!("{} — {body}", d.trim()),
        _ => body,
    }
}
