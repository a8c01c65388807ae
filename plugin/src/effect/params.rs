//! The effect's parameters: names, labels and hints in one place, their definition, and reading
//! them into the settings a pipeline is built from.

use ofx_bindings::{EffectDescriptor, ParamKind, ParamSet, Result};

use crate::ops::{Cdl, CdlStyle};

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
        .define(ParamKind::Group, GROUP)?
        .label("ASC CDL (in ACEScct)")?
        .hint("A colour decision list graded in ACEScct on ACES2065-1 pixels.")?;

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
