//! `amfx inspect FILE.amf [--json]`: the pipeline as a colorist reads it.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::amf::{self, model::*, Severity, TransformCatalog, ValidationOptions};

#[derive(Args)]
pub struct InspectArgs {
    pub file: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// The official ACES registry (transforms.json), to flag unofficial transformIds (default:
    /// flag the ones amfx does not implement).
    #[arg(long)]
    pub registry: Option<PathBuf>,
}

#[derive(Serialize)]
struct CdlView {
    slope: [f64; 3],
    offset: [f64; 3],
    power: [f64; 3],
    saturation: f64,
    working_space: String,
}

#[derive(Serialize)]
struct StageView {
    stage: String,
    applied: bool,
    description: Option<String>,
    /// What the stage does: an id, a file, a uuid or "CDL".
    transform: String,
    cdl: Option<CdlView>,
}

#[derive(Serialize)]
struct InspectView {
    file: String,
    amf_version: String,
    description: Option<String>,
    clip: Option<String>,
    aces_version: Option<String>,
    input: Option<StageView>,
    looks: Vec<StageView>,
    /// Index in `looks` before which the working location sits.
    working_location: Option<usize>,
    output: Option<StageView>,
    archived_pipelines: usize,
    warnings: Vec<String>,
    errors: Vec<String>,
}

fn target_text(target: &TransformRef) -> String {
    match target {
        TransformRef::TransformId(id) => id.clone(),
        TransformRef::File(file) => format!("file {file}"),
        TransformRef::Uuid(uuid) => format!("uuid {uuid}"),
    }
}

fn reference_text(r: &ReferenceTransform) -> String {
    target_text(&r.target)
}

fn working_space_text(ws: Option<&CdlWorkingSpace>) -> String {
    match ws {
        None => "not given (amfx uses ACEScct)".into(),
        Some(ws) => {
            let to = ws.to_working_space.as_ref().map(reference_text);
            let from = ws.from_working_space.as_ref().map(reference_text);
            match (to, from) {
                (Some(to), Some(from)) => format!("to {to}, from {from}"),
                (None, Some(from)) => format!("from {from} (inverse used on the way in)"),
                (Some(to), None) => format!("to {to} (inverse used on the way out)"),
                (None, None) => "empty".into(),
            }
        }
    }
}

fn clip_text(clip: &ClipId) -> String {
    match &clip.reference {
        Some(ClipReference::Sequence {
            pattern, min, max, ..
        }) => format!(
            "{} (sequence {pattern}, frames {min}-{max})",
            clip.clip_name
        ),
        Some(ClipReference::File(file)) => format!("{} (file {file})", clip.clip_name),
        Some(ClipReference::Uuid(uuid)) => format!("{} ({uuid})", clip.clip_name),
        None => clip.clip_name.clone(),
    }
}

fn view(document: &amf::Document, report: &amf::Report) -> InspectView {
    let amf = &document.amf;
    let pipeline = &amf.pipeline;
    let input = pipeline.input.as_ref().map(|input| StageView {
        stage: "input".into(),
        applied: input.applied,
        description: input.meta.description.clone(),
        transform: match &input.kind {
            InputKind::Reference(t) => target_text(t),
            InputKind::InverseOutput(r) => format!("inverse output {}", reference_text(r)),
            InputKind::InverseSplit {
                inverse_output_device,
                inverse_reference_rendering,
            } => {
                format!(
                    "{} then {}",
                    reference_text(inverse_output_device),
                    reference_text(inverse_reference_rendering)
                )
            }
            InputKind::Missing => "missing".into(),
        },
        cdl: None,
    });
    let mut looks = Vec::new();
    let mut working_location = None;
    for step in &pipeline.steps {
        match step {
            PipelineStep::WorkingLocation(_) => {
                working_location = working_location.or(Some(looks.len()))
            }
            PipelineStep::Look(look) => {
                let (transform, cdl) = match &look.kind {
                    LookKind::Reference(t) => (target_text(t), None),
                    LookKind::Cdl(c) => {
                        let sop = c.effective_sop();
                        (
                            "CDL".to_string(),
                            Some(CdlView {
                                slope: sop.slope,
                                offset: sop.offset,
                                power: sop.power,
                                saturation: c.effective_saturation(),
                                working_space: working_space_text(c.working_space.as_ref()),
                            }),
                        )
                    }
                    LookKind::CdlReference(c) => (
                        format!(
                            "CDL '{}' from {} (working space: {})",
                            c.color_correction_id,
                            c.file.as_deref().unwrap_or("an unnamed file"),
                            working_space_text(c.working_space.as_ref())
                        ),
                        None,
                    ),
                    LookKind::Missing => ("missing".into(), None),
                };
                looks.push(StageView {
                    stage: format!("look {}", looks.len() + 1),
                    applied: look.applied,
                    description: look.meta.description.clone(),
                    transform,
                    cdl,
                });
            }
        }
    }
    let output = pipeline.output.as_ref().map(|output| StageView {
        stage: "output".into(),
        applied: output.is_applied(),
        description: output.meta.description.clone(),
        transform: match &output.kind {
            OutputKind::Reference(t) => target_text(t),
            OutputKind::Split {
                reference_rendering,
                output_device,
            } => {
                format!(
                    "{} then {}",
                    reference_text(reference_rendering),
                    reference_text(output_device)
                )
            }
            OutputKind::Missing => "missing".into(),
        },
        cdl: None,
    });
    let messages = |severity: Severity| {
        report
            .with_severity(severity)
            .map(|d| format!("line {}: {}", d.line, d.message))
            .collect()
    };
    InspectView {
        file: document.path.display().to_string(),
        amf_version: amf.version.label().into(),
        description: amf.info.description.clone(),
        clip: amf.clip_id.as_ref().map(clip_text),
        aces_version: pipeline
            .info
            .system_version
            .map(|v| format!("{}.{}.{}", v.major, v.minor, v.patch)),
        input,
        looks,
        working_location,
        output,
        archived_pipelines: amf.archived_pipelines.len(),
        warnings: messages(Severity::Warning),
        errors: messages(Severity::Error),
    }
}

fn print_stage(stage: &StageView) {
    let applied = if stage.applied {
        "already applied"
    } else {
        "to apply"
    };
    let description = stage
        .description
        .as_deref()
        .map(|d| format!(" \"{}\"", d.trim()))
        .unwrap_or_default();
    println!("  {:<8} [{applied}]{description}", stage.stage);
    println!("           {}", stage.transform);
    if let Some(cdl) = &stage.cdl {
        println!(
            "           slope {:?}  offset {:?}  power {:?}  saturation {}",
            cdl.slope, cdl.offset, cdl.power, cdl.saturation
        );
        println!("           working space: {}", cdl.working_space);
    }
}

fn print_text(v: &InspectView) {
    println!("{} (AMF {})", v.file, v.amf_version);
    if let Some(d) = &v.description {
        println!("  {}", d.trim());
    }
    println!(
        "  clip:    {}",
        v.clip.as_deref().unwrap_or("any (no clipId)")
    );
    println!(
        "  ACES:    {}",
        v.aces_version.as_deref().unwrap_or("not stated")
    );
    match &v.input {
        Some(stage) => print_stage(stage),
        None => println!("  input    none: the pixels are taken as ACES2065-1"),
    }
    for (n, look) in v.looks.iter().enumerate() {
        if v.working_location == Some(n) {
            println!("  -------- working location (the grade sits here)");
        }
        print_stage(look);
    }
    if v.working_location.is_some_and(|w| w >= v.looks.len()) {
        println!("  -------- working location (the grade sits here)");
    }
    match &v.output {
        Some(stage) => print_stage(stage),
        None => println!("  output   none: the project's own output transform applies"),
    }
    if v.archived_pipelines > 0 {
        println!("  + {} archived pipeline(s)", v.archived_pipelines);
    }
    for e in &v.errors {
        println!("  error:   {e}");
    }
    for w in &v.warnings {
        println!("  warning: {w}");
    }
}

pub fn run(args: &InspectArgs) -> Result<(), String> {
    let registry = args
        .registry
        .as_deref()
        .map(super::validate::RegistryIds::load)
        .transpose()?;
    // Without an official registry, flag what amfx itself cannot apply.
    let catalog: &dyn TransformCatalog = match registry.as_ref() {
        Some(official) => official,
        None => crate::aces::registry::registry(),
    };
    let document = amf::read_file(&args.file).map_err(|e| e.to_string())?;
    let report = amf::validate(&document, ValidationOptions::tolerant(Some(catalog)));
    let v = view(&document, &report);
    if args.json {
        let json =
            simd_json::to_string_pretty(&v).map_err(|e| format!("cannot encode JSON: {e}"))?;
        println!("{json}");
    } else {
        print_text(&v);
    }
    Ok(())
}
