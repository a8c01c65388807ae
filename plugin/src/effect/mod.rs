//! The OFX effect "ACES AMF": describe, params, instances, render, messages.
//!
//! Until the AMF pipeline lands it applies an ASC CDL in ACEScct, so that parameters →
//! pipeline → tiled render run end to end through the real OFX interface.

mod instance;
pub mod params;
mod render;

use std::ffi::CStr;

use ofx_bindings::{colour, raw};
use ofx_bindings::{
    BitDepth, ClipPreferences, Components, Context, EffectDescriptor, EffectInstance, Identity,
    IdentityArgs, ImageEffect, InstanceChange, MessageKind, OfxName, RenderArgs, Reply, Result,
};

pub use instance::Instance;

pub const SOURCE_CLIP: &str = "Source";
/// ACES2065-1 as the OFX native colour config names it.
const ACES2065_1: &str = "ACES2065-1";
pub const OUTPUT_CLIP: &str = "Output";

/// The plugin type registered with the host.
pub struct AcesAmf;

impl ImageEffect for AcesAmf {
    const IDENTIFIER: &'static CStr = c"io.amfx.AcesAmf";
    const VERSION_MAJOR: u32 = 1;
    const VERSION_MINOR: u32 = 0;
    type Instance = Instance;

    fn describe(effect: &EffectDescriptor) -> Result<()> {
        let props = effect.properties()?;
        props.set_string(raw::kOfxPropLabel, 0, "ACES AMF")?;
        props.set_string(raw::kOfxImageEffectPluginPropGrouping, 0, "Color/ACES")?;
        props.set_string(
            raw::kOfxPropPluginDescription,
            0,
            "Applies the ACES pipeline an ACES Metadata File (AMF) describes. Currently: an ASC CDL graded in ACEScct.",
        )
        .ok(); // an OFX 1.2 property some hosts lack
        props.set_names(
            raw::kOfxImageEffectPropSupportedContexts,
            &[Context::Filter.name(), Context::General.name()],
        )?;
        props.set_names(
            raw::kOfxImageEffectPropSupportedPixelDepths,
            &[
                BitDepth::Float.name(),
                BitDepth::Short.name(),
                BitDepth::Byte.name(),
            ],
        )?;
        props.set_bool(raw::kOfxImageEffectPropSupportsTiles, true)?;
        props.set_bool(raw::kOfxImageEffectPropSupportsMultiResolution, true)?;
        props.set_bool(raw::kOfxImageEffectPropSupportsMultipleClipDepths, false)?;
        props.set_bool(raw::kOfxImageEffectPropTemporalClipAccess, false)?;
        props.set_name(
            raw::kOfxImageEffectPluginRenderThreadSafety,
            0,
            raw::kOfxImageEffectRenderFullySafe,
        )?;
        // amfx threads inside a render itself (rayon), so the host need not split frames for us.
        props.set_bool(raw::kOfxImageEffectPluginPropHostFrameThreading, false)?;
        // OFX 1.5 colour management: amfx can ask for ACES2065-1. Hosts before 1.5 do not know
        // these properties and may refuse them, which is fine.
        props
            .set_name(
                colour::kOfxImageEffectPropColourManagementStyle,
                0,
                colour::kOfxImageEffectColourManagementCore,
            )
            .ok();
        props
            .set_name(
                colour::kOfxImageEffectPropColourManagementAvailableConfigs,
                0,
                colour::kOfxConfigIdentifier,
            )
            .ok();
        Ok(())
    }

    fn describe_in_context(effect: &EffectDescriptor, _context: Context) -> Result<()> {
        for name in [SOURCE_CLIP, OUTPUT_CLIP] {
            effect
                .define_clip(name)?
                .components(&[Components::Rgba, Components::Rgb])?
                .supports_tiles(true)?;
        }
        params::define(effect)
    }

    fn create_instance(_effect: &EffectInstance) -> Result<Instance> {
        Ok(Instance::default())
    }

    fn instance_changed(
        instance: &Instance,
        effect: &EffectInstance,
        change: &InstanceChange,
    ) -> Result<()> {
        // Nuke stops rendering a node that shows an error until the message is cleared.
        effect.clear_persistent_message();
        if !change.is_param {
            return Ok(());
        }
        let params = effect.params()?;
        if change.name == params::RELOAD {
            // Bumping the hidden revision changes the settings (so our cache rebuilds) and tells
            // the host that the frames it cached are stale.
            let revision = params.param(params::REVISION)?;
            revision.set_int(revision.int_at(change.time)?.wrapping_add(1) & i32::MAX)?;
            instance.purge();
        }
        if change.name == params::AMF_FILE || change.name == params::RELOAD {
            // Build now, so that a broken AMF shows its message at once, not at the next render.
            let settings = params::read_settings(&params, change.time)?;
            if let Err(message) = instance.pipeline_for(&settings) {
                effect.set_persistent_message(MessageKind::Error, &format!("amfx: {message}"));
            }
        }
        Ok(())
    }

    fn render(instance: &Instance, effect: &EffectInstance, args: &RenderArgs) -> Result<()> {
        let settings = params::read_settings(&effect.params()?, args.time)?;
        #[cfg(feature = "panic-probe")]
        panic_probe(&settings.trim);
        let pipeline = instance
            .pipeline_for(&settings)
            .map_err(ofx_bindings::Error::plugin)?;
        let unpremultiply = effect
            .params()?
            .param(params::UNPREMULTIPLY)?
            .bool_at(args.time)?;
        render::render(&pipeline, effect, args, unpremultiply)
    }

    fn is_identity(
        instance: &Instance,
        effect: &EffectInstance,
        args: &IdentityArgs,
    ) -> Result<Option<Identity>> {
        let settings = params::read_settings(&effect.params()?, args.time)?;
        if instance
            .pipeline_for(&settings)
            .is_ok_and(|p| p.is_identity())
        {
            return Ok(Some(Identity {
                clip: SOURCE_CLIP.to_string(),
                time: args.time,
            }));
        }
        Ok(None)
    }

    fn clip_preferences(
        _instance: &Instance,
        effect: &EffectInstance,
        out: &ClipPreferences,
    ) -> Result<Reply> {
        if !colour_managed(effect) {
            return Ok(Reply::Default);
        }
        // AMF pipelines start from ACES2065-1; a host that can convert should hand us that.
        out.set_preferred_colourspaces(SOURCE_CLIP, &[ACES2065_1])?;
        Ok(Reply::Handled)
    }

    fn output_colourspace(
        _instance: &Instance,
        _effect: &EffectInstance,
        _preferred: &[String],
    ) -> Result<Option<String>> {
        // A look keeps the colourspace of its input.
        Ok(Some(format!(
            "{}{SOURCE_CLIP}",
            colour::kOfxColourspaceCrossReferencePrefix
        )))
    }

    fn purge_caches(instance: &Instance) {
        instance.purge();
    }
}

/// True when the host negotiated an OFX 1.5 colour management style other than none.
fn colour_managed(effect: &EffectInstance) -> bool {
    let style = effect
        .properties()
        .and_then(|p| p.get_string(colour::kOfxImageEffectPropColourManagementStyle, 0));
    matches!(style, Ok(s) if !s.is_empty() && s != colour::kOfxImageEffectColourManagementNone.display())
}

/// Test-only builds panic inside a render worker when saturation is negative, to prove that the
/// FFI guard turns a panic on any thread into a failed render.
#[cfg(feature = "panic-probe")]
fn panic_probe(cdl: &crate::ops::Cdl) {
    use rayon::prelude::*;
    if cdl.saturation < 0.0 {
        (0..4).into_par_iter().for_each(|i| {
            if i == 3 {
                panic!("panic probe: negative saturation");
            }
        });
    }
}
