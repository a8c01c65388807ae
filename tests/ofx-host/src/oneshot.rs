//! One call that renders a whole image, the way a host renders one frame.

use std::path::Path;

use crate::bundle::Bundle;
use crate::context::Context;
use crate::error::HostError;
use crate::image::HostImage;
use crate::instance::{Identity, RenderArgs, SequenceArgs};
use crate::param::ParamValue;

/// Renders packed float RGBA pixels (rows top to bottom, `width × height × 4` values) through
/// the first plugin of `bundle`, in the filter context, with the given parameter values.
///
/// The host goes through what a real host does for one frame: load, describe, describe in
/// context, create an instance, set each parameter (with its instanceChanged sequence), clip
/// preferences, region of definition, isIdentity (copying the source when the plugin says it
/// is an identity), begin sequence, render, end sequence, destroy, unload.
///
/// A failing action comes back as [`HostError::Action`], carrying the status and the messages
/// the plugin posted.
pub fn render_rgba_f32(
    bundle: impl AsRef<Path>,
    width: usize,
    height: usize,
    pixels: &[f32],
    params: &[(&str, ParamValue)],
) -> Result<Vec<f32>, HostError> {
    let source = HostImage::from_rgba_f32_top_down(width, height, pixels).ok_or_else(|| {
        HostError::InvalidRequest(format!(
            "{} values do not make a {width}×{height} RGBA image",
            pixels.len()
        ))
    })?;
    let bundle = Bundle::load(bundle)?;
    let plugin = bundle.plugin_at(0)?;
    plugin.describe()?;
    let mut instance = plugin.create_instance(Context::Filter)?;
    for (name, value) in params {
        instance.set_param(name, value.clone())?;
    }
    instance.clip_preferences()?;
    let window = source.bounds();
    let time = 0.0;
    instance.region_of_definition(time, [1.0, 1.0])?;
    if let Identity::Clip { .. } = instance.is_identity(time, window, [1.0, 1.0])? {
        return Ok(source.to_rgba_f32_top_down());
    }
    let mut output = HostImage::new(source.depth(), source.components(), window);
    let sequence = SequenceArgs::frames(time, time);
    instance.begin_sequence_render(&sequence)?;
    let rendered = instance.render(&RenderArgs::new(time, window), &source, &mut output);
    let ended = instance.end_sequence_render(&sequence);
    rendered?;
    ended?;
    instance.destroy()?;
    plugin.unload()?;
    Ok(output.to_rgba_f32_top_down())
}
