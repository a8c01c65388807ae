//! From the node's settings to what its renders apply: find the AMF (a file, or the one in a
//! folder whose clipId matches), build its pipeline, and when that fails, the fallback with the
//! reason. Everything here may read files; renders only ever see the result.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use super::colourspace::{self, OutputSpace};
use super::looks;
use super::outputs::{self, OutputChoice};
use super::params::{Fallback, Settings};
use crate::aces::registry::registry;
use crate::aces::{rgb_to_rgb, AP0, AP1};
use crate::amf::model::{OutputKind, TransformRef};
use crate::amf::{self, clip_match::ClipQuery, index};
use crate::ops::{Matrix, Op};
use crate::pipeline::{
    build, BakedPipeline, BuildOptions, InputDomain, Outcome, Pipeline, StageReport,
};

/// A file (or folder) a pipeline was built from, as it was then.
#[derive(Clone, Debug, PartialEq)]
pub struct Watched {
    pub path: PathBuf,
    stamp: Option<(SystemTime, u64)>,
}

impl Watched {
    pub fn now(path: &Path) -> Watched {
        Watched {
            path: path.to_path_buf(),
            stamp: stamp_of(path),
        }
    }

    /// True when the file was changed, replaced, created or deleted since.
    pub fn changed(&self) -> bool {
        stamp_of(&self.path) != self.stamp
    }
}

fn stamp_of(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// What the renders of some settings apply.
#[derive(Debug)]
pub struct Prepared {
    pub pipeline: Arc<Pipeline>,
    /// The info panel: which AMF, matched how, and each stage's fate.
    pub report: String,
    /// Set when the AMF could not be used and the fallback renders instead: why.
    pub problem: Option<String>,
    /// Files whose change on disk makes this stale.
    pub watched: Vec<Watched>,
    /// The AMF used (for Export and showing a look's CDL), and its looks in a few words.
    pub amf: Option<PathBuf>,
    pub looks: Vec<String>,
    /// What the output pixels are (OFX 1.5 colour management tags the output with it).
    pub output_space: OutputSpace,
    /// The fast-mode bake of the pipeline, made on first use (None when it cannot be baked).
    baked: OnceLock<Option<Arc<BakedPipeline>>>,
    stale: AtomicBool,
}

impl Prepared {
    pub fn is_stale(&self) -> bool {
        self.stale.load(Ordering::Acquire)
    }

    pub fn mark_stale(&self) {
        self.stale.store(true, Ordering::Release);
    }

    /// The pipeline baked into a shaper and a 65³ LUT, guarded by the exact pipeline where the
    /// LUT is off by more than half a code value (once, by the first render that asks; threads
    /// asking at the same time wait for it).
    pub fn baked(&self) -> Option<Arc<BakedPipeline>> {
        self.baked
            .get_or_init(|| {
                let domain = InputDomain::of_ops(self.pipeline.ops());
                self.pipeline
                    .bake(domain, 65)
                    .ok()
                    .map(|baked| Arc::new(baked.guarded(&self.pipeline)))
            })
            .clone()
    }

    fn new(pipeline: Pipeline, report: String, problem: Option<String>, found: Found) -> Self {
        Prepared {
            pipeline: Arc::new(pipeline),
            report,
            problem,
            watched: found.watched,
            amf: found.amf,
            looks: found.looks,
            output_space: found.output_space,
            baked: OnceLock::new(),
            stale: AtomicBool::new(false),
        }
    }
}

/// What was found on the way, kept whether the build works or not.
#[derive(Default)]
struct Found {
    watched: Vec<Watched>,
    amf: Option<PathBuf>,
    looks: Vec<String>,
    output_space: OutputSpace,
}

/// Builds what `settings` render. Never fails: a problem yields the fallback and says why.
pub fn prepare(settings: &Settings) -> Prepared {
    let mut found = Found::default();
    match try_prepare(settings, &mut found) {
        Ok((pipeline, report)) => Prepared::new(pipeline, report, None, found),
        Err(problem) => {
            found.output_space = fallback_space(settings);
            let (pipeline, shown) = fallback(settings);
            let report = format!("Not applied: {problem}\nShowing: {shown}");
            Prepared::new(pipeline, report, Some(problem), found)
        }
    }
}

/// The pipeline and its report, or what stops the AMF from being used.
fn try_prepare(settings: &Settings, found: &mut Found) -> Result<(Pipeline, String), String> {
    settings
        .edits
        .cdl
        .validate()
        .map_err(|e| format!("the CDL grade is not valid: {e}"))?;
    let trim_cdl = if settings.amf.is_some() {
        settings.edits.trim()
    } else {
        settings.edits.cdl.clone()
    };
    let mut trim = Pipeline::cdl_in_acescct(&trim_cdl).ops().to_vec();
    if settings.output_choice == OutputChoice::AcesCg {
        trim.push(ap0_to_ap1());
    }
    let Some(source) = &settings.amf else {
        found.output_space = match (&settings.output_choice, settings.output) {
            (OutputChoice::Display(id), true) => displayed(settings, Some(id)),
            (OutputChoice::AcesCg, _) if !settings.inverse => OutputSpace::AcesCg,
            _ => OutputSpace::Source,
        };
        return without_amf(settings, trim);
    };

    let (path, matched) = find_amf(source, &settings.clip_name, &mut found.watched)?;
    found.watched.push(Watched::now(&path));
    found.amf = Some(path.clone());
    let mut document = amf::read_file(&path).map_err(|e| e.to_string())?;
    found.looks = document.amf.pipeline.looks().map(looks::describe).collect();
    let edited = looks::apply(&mut document.amf, &settings.edits)?;
    let (output, output_override) = match settings.output_choice {
        OutputChoice::FromAmf => (settings.output, None),
        OutputChoice::Aces2065 | OutputChoice::AcesCg => (false, None),
        // An ACES 1.x ODT is two transforms (RRT, ODT): they go last, in place of the output.
        OutputChoice::Display(id) if outputs::needs_rrt(id) => {
            if settings.output {
                trim.extend(outputs::display_ops(id).map_err(|e| e.to_string())?);
            }
            (false, None)
        }
        OutputChoice::Display(id) => (settings.output, Some(outputs::urn(id))),
    };
    let options = BuildOptions {
        input: settings.input,
        looks: settings.looks,
        output,
        output_override,
        inverse: settings.inverse,
        trim,
    };
    let built =
        build(&document.amf, &path, &options).map_err(|e| format!("{}: {e}", path.display()))?;
    found
        .watched
        .extend(built.files.iter().map(|f| Watched::now(f)));
    found.output_space = output_space(settings, &document.amf, &built.stages);

    let mut report = vec![format!("AMF: {}", path.display())];
    report.extend(matched);
    if let Some(description) = &document.amf.info.description {
        report.push(format!("Description: {description}"));
    }
    for stage in &built.stages {
        report.push(stage.to_string());
    }
    report.extend(edited);
    if built
        .stages
        .iter()
        .any(|s| s.outcome == Outcome::AlreadyInPixels)
    {
        report.push(
            "Stages marked applied=\"true\" are already in the pixels and were skipped.".into(),
        );
    }
    match settings.output_choice {
        OutputChoice::Aces2065 => report.push("Output: scene-linear ACES2065-1".into()),
        OutputChoice::AcesCg => report.push("Output: scene-linear ACEScg".into()),
        OutputChoice::Display(id) if settings.output && outputs::needs_rrt(id) => {
            report.push(format!(
                "Output: RRT + {} (chosen in place of the AMF's)",
                display_name(id)
            ))
        }
        _ => {}
    }
    if settings.inverse {
        report.push("Direction: inverse (display back to the scene)".into());
    }
    Ok((built.pipeline, report.join("\n")))
}

/// No AMF set: the trim grade, then the chosen display if one is chosen.
fn without_amf(settings: &Settings, trim: Vec<Op>) -> Result<(Pipeline, String), String> {
    let mut ops = trim;
    let mut report = vec!["No AMF set: only the trim grade is applied.".to_string()];
    if let (OutputChoice::Display(id), true) = (&settings.output_choice, settings.output) {
        ops.extend(outputs::display_ops(id).map_err(|e| e.to_string())?);
        report.push(format!("Output: {}", display_name(id)));
    }
    let pipeline = Pipeline::new(ops);
    let pipeline = if settings.inverse {
        pipeline.inverse().map_err(|e| e.to_string())?
    } else {
        pipeline
    };
    Ok((pipeline, report.join("\n")))
}

/// The AMF to use: the file itself, or the folder's AMF whose clipId matches the clip name.
/// Returns the path and, for a folder, how it matched.
fn find_amf(
    source: &Path,
    clip_name: &str,
    watched: &mut Vec<Watched>,
) -> Result<(PathBuf, Option<String>), String> {
    if !source.is_dir() {
        if !source.exists() {
            return Err(format!("{}: no such file", source.display()));
        }
        return Ok((source.to_path_buf(), None));
    }
    // Files added to or removed from the folder change its modification time.
    watched.push(Watched::now(source));
    if clip_name.is_empty() {
        return Err(format!(
            "{} is a folder: set the clip name (or reel) so amfx can pick the clip's AMF",
            source.display()
        ));
    }
    let clip_index = index::build(source).map_err(|e| e.to_string())?;
    let query = ClipQuery {
        name_or_path: clip_name,
        frame: None,
    };
    let (path, matched) = clip_index.lookup(source, &query).ok_or_else(|| {
        format!(
            "no AMF in {} has a clipId matching \"{clip_name}\" ({} AMFs looked at)",
            source.display(),
            clip_index.entries.len()
        )
    })?;
    Ok((
        path,
        Some(format!("Matched clip \"{clip_name}\": {}", matched.reason)),
    ))
}

/// What a built recipe puts out: the display of the output transform in effect, else the scene
/// space the chain ends in (forward), or ACES2065-1 unless the inverse went back through the
/// camera's input transform (inverse).
fn output_space(settings: &Settings, amf: &amf::Amf, stages: &[StageReport]) -> OutputSpace {
    let applied = |stage: &str| {
        stages
            .iter()
            .any(|s| s.stage == stage && s.outcome == Outcome::Applied)
    };
    if settings.inverse {
        return if applied("input transform") {
            OutputSpace::Unknown
        } else {
            OutputSpace::Aces2065
        };
    }
    let display = match settings.output_choice {
        OutputChoice::Display(id) if settings.output => Some(id.to_string()),
        OutputChoice::FromAmf if applied("output transform") => amf
            .pipeline
            .output
            .as_ref()
            .and_then(|o| output_id(&o.kind)),
        _ => None,
    };
    if let Some(id) = display {
        return displayed(settings, Some(&id));
    }
    if settings.output_choice == OutputChoice::FromAmf && applied("output transform") {
        // An output transform given as a file or a uuid: a display we cannot name.
        return OutputSpace::Unknown;
    }
    let anything = stages.iter().any(|s| s.outcome == Outcome::Applied)
        || !settings.edits.trim().is_identity();
    match settings.output_choice {
        OutputChoice::AcesCg => OutputSpace::AcesCg,
        _ if anything => OutputSpace::Aces2065,
        _ => OutputSpace::Source,
    }
}

/// The display a transformId renders for, or ACES2065-1 for an inverse.
fn displayed(settings: &Settings, id: Option<&str>) -> OutputSpace {
    if settings.inverse {
        return OutputSpace::Aces2065;
    }
    id.and_then(colourspace::display_of)
        .map_or(OutputSpace::Unknown, OutputSpace::Display)
}

/// The transformId of an AMF's output transform (its ODT in the split form).
fn output_id(kind: &OutputKind) -> Option<String> {
    let target = match kind {
        OutputKind::Reference(target) => target,
        OutputKind::Split { output_device, .. } => &output_device.target,
        OutputKind::Missing => return None,
    };
    match target {
        TransformRef::TransformId(id) => Some(id.clone()),
        _ => None,
    }
}

/// What the fallback puts out.
fn fallback_space(settings: &Settings) -> OutputSpace {
    if settings.fallback == Fallback::Passthrough {
        return OutputSpace::Source;
    }
    let id = match settings.output_choice {
        OutputChoice::Display(id) => id,
        _ => outputs::DEFAULT_DISPLAY,
    };
    displayed(settings, Some(id))
}

/// What renders when the AMF cannot be used, and its name for the report.
fn fallback(settings: &Settings) -> (Pipeline, String) {
    if settings.fallback == Fallback::Passthrough {
        return (
            Pipeline::default(),
            "the source, untouched (fallback: passthrough)".into(),
        );
    }
    let id = match settings.output_choice {
        OutputChoice::Display(id) => id,
        _ => outputs::DEFAULT_DISPLAY,
    };
    let display = outputs::display_ops(id).map(Pipeline::new);
    let display = if settings.inverse {
        display.ok().and_then(|p| p.inverse().ok())
    } else {
        display.ok()
    };
    match display {
        Some(pipeline) => (
            pipeline,
            format!(
                "the source as ACES2065-1 through {} (fallback: outputOnly)",
                display_name(id)
            ),
        ),
        None => (Pipeline::default(), "the source, untouched".into()),
    }
}

fn display_name(id: &str) -> String {
    registry()
        .lookup(id)
        .map(|info| info.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn ap0_to_ap1() -> Op {
    Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1)))
}
