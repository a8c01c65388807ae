//! The effect's parameters: names, labels and hints in one place, their definition, and reading
//! them into the settings a pipeline is built from.

use std::path::PathBuf;

use ofx_bindings::{EffectDescriptor, ParamKind, ParamSet, Result};

use crate::ops::{Cdl, CdlStyle};
use crate::pipeline::BuildOptions;

pub const AMF_FILE: &str = "amfFile";
pub const RELOAD: &str = "amfReload";
/// Hidden counter bumped by Reload, so the host drops the frames it cached.
pub const REVISION: &str = "amfRevision";
pub const APPLY_INPUT: &str = "applyInput";
pub const APPLY_LOOKS: &str = "applyLooks";
pub const APPLY_OUTPUT: &str = "applyOutput";
pub const INVERT: &str = "invert";
pub const UNPREMULTIPLY: &str = "unpremultiply";
const AMF_GROUP: &str = "amfGroup";

pub const SLOPE: &str = "cdlSlope";
pub const OFFSET: &str = "cdlOffset";
pub const POWER: &str = "cdlPower";
pub const SATURATION: &str = "cdlSaturation";
pub const STYLE: &str = "cdlStyle";
const GROUP: &str = "cdlGroup";

/// Options of the style choice, in index order.
const STYLE_OPTIONS: [(&str, CdlStyle); 2] = [
    ("No clamp", CdlStyle::NoClamp),
    ("ASC v1.2 clamp", CdlStyle::Clamp),
];

/// Defines every parameter (describeInContext).
pub fn define(effect: &EffectDescriptor) -> Result<()> {
    let params = effect.params()?;
    params
        .define(ParamKind::Group, AMF_GROUP)?
        .label("ACES Metadata File")?
        .hint("The AMF whose pipeline is applied, and which of its stages to apply.")?;
    params
        .define(ParamKind::String, AMF_FILE)?
        .label("AMF")?
        .hint("The clip's ACES Metadata File (.amf). Empty: only the CDL below is applied.")?
        .parent(AMF_GROUP)?
        .string_is_file_path()?
        .default_string("")?
        .animates(false)?;
    params
        .define(ParamKind::PushButton, RELOAD)?
        .label("Reload")?
        .hint("Read the AMF and the files it names again (after they changed on disk).")?
        .parent(AMF_GROUP)?;
    params
        .define(ParamKind::Integer, REVISION)?
        .label("AMF revision")?
        .default_int(0)?
        .int_range(0, i32::MAX)?
        .animates(false)?
        .secret()?;
    let toggle = |name: &str, label: &str, hint: &str, default: bool| -> Result<()> {
        params
            .define(ParamKind::Boolean, name)?
            .label(label)?
            .hint(hint)?
            .parent(AMF_GROUP)?
            .default_int(default as i32)?
            // Resolve animates booleans unless told not to.
            .animates(false)?;
        Ok(())
    };
    toggle(
        APPLY_INPUT,
        "Input transform",
        "Apply the AMF's input transform (camera to ACES).",
        true,
    )?;
    toggle(
        APPLY_LOOKS,
        "Looks",
        "Apply the AMF's looks (CDLs and CLF LMTs), in order.",
        true,
    )?;
    toggle(
        APPLY_OUTPUT,
        "Output transform",
        "Apply the AMF's output transform (ACES to the display).",
        true,
    )?;
    toggle(
        INVERT,
        "Invert",
        "Apply the whole chain backwards (display or camera back to ACES).",
        false,
    )?;
    params
        .define(ParamKind::Boolean, UNPREMULTIPLY)?
        .label("Unpremultiply")?
        .hint("Divide colour by alpha before the transform and multiply it back after, for premultiplied RGBA images (Nuke's are).")?
        .default_int(0)?
        .animates(false)?;

    params
        .define(ParamKind::Group, GROUP)?
        .label("Trim grade (ASC CDL in ACEScct)")?
        .hint("A CDL graded in ACEScct, applied after the AMF's looks and before its output transform (alone when no AMF is set).")?;

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
/// files did not change, which Reload takes care of).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub amf: Option<PathBuf>,
    pub options: BuildOptions,
    pub trim: Cdl,
    pub revision: i32,
}

/// Reads the settings the parameters hold at `time`.
pub fn read_settings(params: &ParamSet, time: f64) -> Result<Settings> {
    let path = params.param(AMF_FILE)?.string_at(time)?;
    let path = path.trim();
    Ok(Settings {
        amf: (!path.is_empty()).then(|| PathBuf::from(path)),
        options: BuildOptions {
            input: params.param(APPLY_INPUT)?.bool_at(time)?,
            looks: params.param(APPLY_LOOKS)?.bool_at(time)?,
            output: params.param(APPLY_OUTPUT)?.bool_at(time)?,
            output_override: None,
            inverse: params.param(INVERT)?.bool_at(time)?,
            trim: Vec::new(),
        },
        trim: read_cdl(params, time)?,
        revision: params.param(REVISION)?.int_at(time)?,
    })
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
