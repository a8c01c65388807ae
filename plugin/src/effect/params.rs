//! The effect's parameters: names, labels and hints in one place, their definition, and reading
//! them into the settings a pipeline is built from.

use std::path::PathBuf;

use ofx_bindings::{EffectDescriptor, ParamKind, ParamSet, ParamSetDescriptor, Result};

use super::looks::{LookEdits, LOOK_SLOTS};
use super::outputs::{self, OutputChoice};
use crate::ops::{Cdl, CdlStyle};

pub const AMF_FILE: &str = "amfFile";
pub const CLIP_NAME: &str = "clipName";
pub const RELOAD: &str = "amfReload";
/// Hidden counter bumped by Reload, so the host drops the frames it cached.
pub const REVISION: &str = "amfRevision";
/// The read-only report: the recipe, which AMF matched and why, what was skipped.
pub const INFO: &str = "amfInfo";
pub const APPLY_INPUT: &str = "applyInput";
pub const APPLY_LOOKS: &str = "applyLooks";
pub const APPLY_OUTPUT: &str = "applyOutput";
pub const OUTPUT_TRANSFORM: &str = "outputTransform";
pub const DIRECTION: &str = "direction";
pub const QUALITY: &str = "quality";
pub const MIX: &str = "mix";
pub const UNPREMULTIPLY: &str = "unpremultiply";
pub const FALLBACK: &str = "fallback";
const AMF_GROUP: &str = "amfGroup";
const STAGES_GROUP: &str = "stagesGroup";
const RENDER_GROUP: &str = "renderGroup";

pub const SLOPE: &str = "cdlSlope";
pub const OFFSET: &str = "cdlOffset";
pub const POWER: &str = "cdlPower";
pub const SATURATION: &str = "cdlSaturation";
pub const STYLE: &str = "cdlStyle";
/// Which look the CDL parameters regrade (0: none, they are a trim after the looks).
pub const CDL_TARGET: &str = "cdlTarget";
pub const EXPORT: &str = "exportAmf";
const GROUP: &str = "cdlGroup";
const LOOKS_GROUP: &str = "looksGroup";

/// The bypass switch of look `k` (1-based).
pub fn bypass_name(k: usize) -> String {
    format!("bypassLook{k}")
}

/// Options of the style choice, in index order.
const STYLE_OPTIONS: [(&str, CdlStyle); 2] = [
    ("No clamp", CdlStyle::NoClamp),
    ("ASC v1.2 clamp", CdlStyle::Clamp),
];

/// Render quality: the analytic ops, or the chain baked into a 3D LUT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Quality {
    Exact,
    /// Fast while the host renders interactively, exact for final renders.
    #[default]
    Fast,
}

/// The quality hint says what fast does today: the host shows it as the parameter's tooltip.
const QUALITY_HINT: &str = if super::FAST_MODE_READY {
    "exact: every transform computed analytically. fast: the chain baked into a 3D LUT (within one 10-bit code value) while the host renders interactively; final renders are always exact."
} else {
    "exact: every transform computed analytically. fast: reserved for a baked 3D LUT preview in interactive renders; it is not yet faster than exact at one 10-bit code value, so for now fast renders exactly as exact does."
};
const QUALITY_OPTIONS: [(&str, Quality); 2] = [("exact", Quality::Exact), ("fast", Quality::Fast)];

/// What renders when no usable AMF is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Fallback {
    /// The source, untouched.
    #[default]
    Passthrough,
    /// The source as ACES2065-1 through the chosen (or default) output transform.
    OutputOnly,
}

const FALLBACK_OPTIONS: [(&str, Fallback); 2] = [
    ("passthrough", Fallback::Passthrough),
    ("outputOnly", Fallback::OutputOnly),
];

const DIRECTION_OPTIONS: [&str; 2] = ["Forward", "Inverse"];

/// Defines every parameter (describeInContext).
pub fn define(effect: &EffectDescriptor) -> Result<()> {
    let params = effect.params()?;
    define_source(&params)?;
    define_stages(&params)?;
    define_rendering(&params)?;
    define_looks(&params)?;
    define_trim(&params)
}

fn define_looks(params: &ParamSetDescriptor) -> Result<()> {
    params
        .define(ParamKind::Group, LOOKS_GROUP)?
        .label("Looks")?
        .hint("Leave out any of the AMF's first looks (the labels follow the AMF).")?;
    for k in 1..=LOOK_SLOTS {
        define_toggle(
            params,
            (
                &bypass_name(k),
                &format!("Bypass look {k}"),
                &format!("Leave the AMF's look {k} out of the chain."),
            ),
            LOOKS_GROUP,
            false,
        )?;
    }
    Ok(())
}

fn define_source(params: &ParamSetDescriptor) -> Result<()> {
    params
        .define(ParamKind::Group, AMF_GROUP)?
        .label("ACES Metadata File")?
        .hint("The AMF whose pipeline is applied, and how it was found.")?;
    params
        .define(ParamKind::String, AMF_FILE)?
        .label("AMF file or folder")?
        .hint("The clip's ACES Metadata File (.amf), or a folder of AMFs (the one whose clipId matches Clip name is used). Empty: only the trim grade (and a chosen output) is applied.")?
        .parent(AMF_GROUP)?
        .string_is_file_path()?
        .default_string("")?
        .animates(false)?;
    params
        .define(ParamKind::String, CLIP_NAME)?
        .label("Clip name / reel")?
        .hint("Picks the AMF whose clipId matches, when the AMF field names a folder: a clip name (A003C012), a media file name, a frame sequence (A001.####.exr) or a urn:uuid.")?
        .parent(AMF_GROUP)?
        .default_string("")?
        .animates(false)?;
    params
        .define(ParamKind::PushButton, RELOAD)?
        .label("Reload")?
        .hint("Read the AMF and the files it names again (amfx also notices changes on disk by itself).")?
        .parent(AMF_GROUP)?;
    params
        .define(ParamKind::Integer, REVISION)?
        .label("AMF revision")?
        .default_int(0)?
        .int_range(0, i32::MAX)?
        .animates(false)?
        .secret()?;
    params
        .define(ParamKind::String, INFO)?
        .label("Recipe")?
        .hint("What amfx applies: the AMF that matched and why, each stage and whether it is applied or skipped.")?
        .parent(AMF_GROUP)?
        .default_string("")?
        .multi_line()?
        .read_only()?
        .not_persistent()?
        .animates(false)?;
    Ok(())
}

fn define_toggle(
    params: &ParamSetDescriptor,
    (name, label, hint): (&str, &str, &str),
    parent: &str,
    default: bool,
) -> Result<()> {
    params
        .define(ParamKind::Boolean, name)?
        .label(label)?
        .hint(hint)?
        .parent(parent)?
        .default_int(default as i32)?
        // Resolve animates booleans unless told not to.
        .animates(false)?;
    Ok(())
}

fn define_choice(
    params: &ParamSetDescriptor,
    (name, label, hint): (&str, &str, &str),
    parent: &str,
    options: &[&str],
    default: i32,
) -> Result<()> {
    params
        .define(ParamKind::Choice, name)?
        .label(label)?
        .hint(hint)?
        .parent(parent)?
        .choices(options)?
        .default_int(default)?
        .animates(false)?;
    Ok(())
}

fn define_stages(params: &ParamSetDescriptor) -> Result<()> {
    params
        .define(ParamKind::Group, STAGES_GROUP)?
        .label("Stages")?
        .hint("Which parts of the recipe to apply, to which display, in which direction.")?;
    let toggles = [
        (APPLY_INPUT, "Input transform", "Apply the AMF's input transform (camera to ACES). Off: the source is ACES2065-1 already."),
        (APPLY_LOOKS, "Looks", "Apply the AMF's looks (CDLs and CLF LMTs), in order."),
        (APPLY_OUTPUT, "Output transform", "Apply the output transform (ACES to the display). Off: the result stays scene-linear ACES2065-1."),
    ];
    for toggle in toggles {
        define_toggle(params, toggle, STAGES_GROUP, true)?;
    }
    let labels = outputs::labels();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    define_choice(
        params,
        (OUTPUT_TRANSFORM, "Output", "The display to view on: the AMF's own output transform, any ACES output transform instead, or scene-linear ACES2065-1 / ACEScg."),
        STAGES_GROUP,
        &labels,
        0,
    )?;
    define_choice(
        params,
        (DIRECTION, "Direction", "Forward: camera to display. Inverse: display-referred material back to ACES (or the camera), through the inverse of every stage."),
        STAGES_GROUP,
        &DIRECTION_OPTIONS,
        0,
    )
}

fn define_rendering(params: &ParamSetDescriptor) -> Result<()> {
    params
        .define(ParamKind::Group, RENDER_GROUP)?
        .label("Rendering")?
        .hint("Quality, blending and what to show when the AMF cannot be used.")?;
    let options: Vec<&str> = QUALITY_OPTIONS.iter().map(|(label, _)| *label).collect();
    define_choice(
        params,
        (QUALITY, "Quality", QUALITY_HINT),
        RENDER_GROUP,
        &options,
        1,
    )?;
    params
        .define(ParamKind::Double, MIX)?
        .label("Mix")?
        .hint("Blends the result with the source: 1 is the full transform, 0 the source.")?
        .parent(RENDER_GROUP)?
        .default_doubles(&[1.0])?
        .range(0.0, 1.0, 0.0, 1.0)?
        .increment(0.01, 3)?;
    define_toggle(
        params,
        (UNPREMULTIPLY, "Unpremultiply", "Divide colour by alpha before the transform and multiply it back after, for premultiplied RGBA images (Nuke's are)."),
        RENDER_GROUP,
        false,
    )?;
    let options: Vec<&str> = FALLBACK_OPTIONS.iter().map(|(label, _)| *label).collect();
    define_choice(
        params,
        (FALLBACK, "Without a usable AMF", "passthrough: show the source untouched. outputOnly: show the source as ACES2065-1 through the chosen output (Rec.709 when the output comes from the AMF). A message on the node says why either way."),
        RENDER_GROUP,
        &options,
        0,
    )
}

fn define_trim(params: &ParamSetDescriptor) -> Result<()> {
    params
        .define(ParamKind::Group, GROUP)?
        .label("CDL grade (ASC CDL in ACEScct)")?
        .hint("A CDL graded in ACEScct: a trim after the AMF's looks and before its output transform, or the new values of one of the AMF's CDL looks.")?;
    let mut targets = vec!["Trim (after the looks)".to_string()];
    targets.extend((1..=LOOK_SLOTS).map(|k| format!("Look {k}")));
    let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
    define_choice(
        params,
        (CDL_TARGET, "Grades", "Trim: the CDL below is applied after the looks. Look k: the CDL below replaces look k's CDL (its values are loaded when you pick it)."),
        GROUP,
        &targets,
        0,
    )?;
    params
        .define(ParamKind::PushButton, EXPORT)?
        .label("Export AMF")?
        .hint("Write the adjusted recipe (bypassed looks left out, the regraded CDL, the trim as a last look; clipId kept, the original pipeline archived) beside the AMF as NAME.adjusted.amf. The original is never touched.")?
        .parent(GROUP)?;

    let rgb = |name: &str,
               label: &str,
               hint: &str,
               default: f64,
               min: f64,
               max: f64,
               display: (f64, f64)|
     -> Result<()> {
        params
            .define(ParamKind::Rgb, name)?
            .label(label)?
            .hint(hint)?
            .parent(GROUP)?
            .default_doubles(&[default; 3])?
            .range(min, max, display.0, display.1)?
            .increment(0.001, 4)?;
        Ok(())
    };
    rgb(
        SLOPE,
        "Slope",
        "Multiplies each channel (ASC slope, 0 or more).",
        1.0,
        0.0,
        1e6,
        (0.0, 4.0),
    )?;
    rgb(
        OFFSET,
        "Offset",
        "Adds to each channel after the slope (ASC offset).",
        0.0,
        -1e6,
        1e6,
        (-1.0, 1.0),
    )?;
    rgb(
        POWER,
        "Power",
        "Raises each channel to this power after slope and offset (above 0).",
        1.0,
        1e-6,
        1e6,
        (0.1, 4.0),
    )?;

    params
        .define(ParamKind::Double, SATURATION)?
        .label("Saturation")?
        .hint("Scales the distance from Rec.709 luma (ASC saturation, 0 or more).")?
        .parent(GROUP)?
        .default_doubles(&[1.0])?
        .range(0.0, 1e6, 0.0, 4.0)?
        .increment(0.001, 4)?;

    let options: Vec<&str> = STYLE_OPTIONS.iter().map(|(label, _)| *label).collect();
    params
        .define(ParamKind::Choice, STYLE)?
        .label("Clamping")?
        .hint("No clamp keeps ACEScct values above 1 (OpenColorIO's default); ASC v1.2 clamps to 0..1.")?
        .parent(GROUP)?
        .choices(&options)?
        .default_int(0)?
        .animates(false)?;
    Ok(())
}

/// Everything a pipeline is built from; two equal settings build the same pipeline (as long as the
/// files did not change, which the file watcher and Reload take care of).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub amf: Option<PathBuf>,
    pub clip_name: String,
    pub input: bool,
    pub looks: bool,
    pub output: bool,
    pub output_choice: OutputChoice,
    pub inverse: bool,
    pub fallback: Fallback,
    pub edits: LookEdits,
    pub revision: i32,
}

impl Settings {
    /// A key naming the pipeline these settings build (f64s make `Settings` unhashable; their
    /// exact debug text is a faithful key).
    pub fn cache_key(&self) -> String {
        format!("{self:?}")
    }

    /// True when every stage is off and no trim grade is set: the effect is a no-op.
    pub fn does_nothing(&self) -> bool {
        !self.input && !self.looks && !self.output && self.edits.trim().is_identity()
    }
}

/// How one render applies the pipeline (not part of the pipeline itself).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RenderChoices {
    pub quality: Quality,
    pub mix: f32,
    pub unpremultiply: bool,
}

fn choice<T: Copy + Default>(options: &[(&str, T)], index: i32) -> T {
    usize::try_from(index)
        .ok()
        .and_then(|i| options.get(i))
        .map(|(_, value)| *value)
        .unwrap_or_default()
}

/// Reads the settings the parameters hold at `time`.
pub fn read_settings(params: &ParamSet, time: f64) -> Result<Settings> {
    let path = params.param(AMF_FILE)?.string_at(time)?;
    let path = path.trim();
    Ok(Settings {
        amf: (!path.is_empty()).then(|| PathBuf::from(path)),
        clip_name: params.param(CLIP_NAME)?.string_at(time)?.trim().to_string(),
        input: params.param(APPLY_INPUT)?.bool_at(time)?,
        looks: params.param(APPLY_LOOKS)?.bool_at(time)?,
        output: params.param(APPLY_OUTPUT)?.bool_at(time)?,
        output_choice: outputs::choice_at(params.param(OUTPUT_TRANSFORM)?.int_at(time)?),
        inverse: params.param(DIRECTION)?.int_at(time)? == 1,
        fallback: choice(&FALLBACK_OPTIONS, params.param(FALLBACK)?.int_at(time)?),
        edits: LookEdits {
            bypass: read_bypass(params, time)?,
            target: usize::try_from(params.param(CDL_TARGET)?.int_at(time)?)
                .unwrap_or(0)
                .min(LOOK_SLOTS),
            cdl: read_cdl(params, time)?,
        },
        revision: params.param(REVISION)?.int_at(time)?,
    })
}

/// Reads how this render applies the pipeline.
pub fn read_render_choices(params: &ParamSet, time: f64) -> Result<RenderChoices> {
    let mix = params.param(MIX)?.double_at(time)?;
    Ok(RenderChoices {
        quality: choice(&QUALITY_OPTIONS, params.param(QUALITY)?.int_at(time)?),
        // A host that ignores the range cannot push the blend outside the two images.
        mix: if mix.is_finite() {
            mix.clamp(0.0, 1.0) as f32
        } else {
            1.0
        },
        unpremultiply: params.param(UNPREMULTIPLY)?.bool_at(time)?,
    })
}

fn read_bypass(params: &ParamSet, time: f64) -> Result<[bool; LOOK_SLOTS]> {
    let mut bypass = [false; LOOK_SLOTS];
    for (k, slot) in bypass.iter_mut().enumerate() {
        *slot = params.param(&bypass_name(k + 1))?.bool_at(time)?;
    }
    Ok(bypass)
}

/// Writes a CDL into the parameters (showing a look's grade).
pub fn write_cdl(params: &ParamSet, cdl: &Cdl) -> Result<()> {
    params.param(SLOPE)?.set_double3(cdl.slope)?;
    params.param(OFFSET)?.set_double3(cdl.offset)?;
    params.param(POWER)?.set_double3(cdl.power)?;
    params.param(SATURATION)?.set_double(cdl.saturation)
}

/// Reads the CDL the parameters hold at `time`.
pub fn read_cdl(params: &ParamSet, time: f64) -> Result<Cdl> {
    let style_index = params.param(STYLE)?.int_at(time)?;
    let style = usize::try_from(style_index)
        .ok()
        .and_then(|i| STYLE_OPTIONS.get(i))
        .map(|(_, style)| *style)
        .unwrap_or_default();
    Ok(Cdl {
        slope: params.param(SLOPE)?.double3_at(time)?,
        offset: params.param(OFFSET)?.double3_at(time)?,
        power: params.param(POWER)?.double3_at(time)?,
        saturation: params.param(SATURATION)?.double_at(time)?,
        style,
        reverse: false,
    })
}
