//! The OFX effect "ACES AMF": describe, params, instances, render, messages.
//!
//! Parameters are read at every render (some hosts send no instanceChanged); the pipeline they
//! name comes from a cache shared by every node, built off the render path when the host gives
//! us the chance (instanceChanged) and otherwise once, on the first render that misses.

mod cache;
mod colourspace;
mod instance;
pub mod looks;
pub mod outputs;
pub mod params;
mod prepare;
mod render;

use std::ffi::CStr;

use crate::amf;
use ofx_bindings::{colour, raw};
use ofx_bindings::{
    BitDepth, ClipPreferences, Components, Context, EffectDescriptor, EffectInstance, Identity,
    IdentityArgs, ImageEffect, InstanceChange, MessageKind, RenderArgs, Reply, Result,
};

pub use instance::Instance;

use colourspace::{OutputSpace, Style};

pub const SOURCE_CLIP: &str = "Source";
/// ACES2065-1 as the OFX native colour config names it.
const ACES2065_1: &str = "ACES2065-1";
pub const OUTPUT_CLIP: &str = "Output";
/// Fast mode renders only once it is faster than exact at one 10-bit code value (its guard keeps
/// it that close, but near-neutral pictures then fall mostly in guarded cells: #9); until then
/// every render is exact, and the quality hint says so.
const FAST_MODE_READY: bool = false;

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
            "Applies the ACES pipeline an ACES Metadata File (AMF) describes: the camera input transform, the looks (ASC CDL and CLF) and the output transform for a display, ACES 1.x and 2.0; forward or inverse.",
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
                BitDepth::Half.name(),
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

    fn create_instance(effect: &EffectInstance) -> Result<Instance> {
        let instance = Instance::default();
        // A project reopened: show the recipe (and any problem) at once.
        if let Ok(settings) = params::read_settings(&effect.params()?, 0.0) {
            if settings.amf.is_some() {
                refresh(&instance, effect, &settings);
            }
        }
        Ok(instance)
    }

    fn instance_changed(
        instance: &Instance,
        effect: &EffectInstance,
        change: &InstanceChange,
    ) -> Result<()> {
        if !change.is_param || change.name == params::INFO {
            return Ok(());
        }
        // Nuke stops rendering a node that shows an error until the message is cleared.
        effect.clear_persistent_message();
        instance.message_cleared();
        let params = effect.params()?;
        if change.name == params::RELOAD {
            // Bumping the hidden revision changes the settings (so the cache rebuilds) and tells
            // the host that the frames it cached are stale.
            let revision = params.param(params::REVISION)?;
            revision.set_int(revision.int_at(change.time)?.wrapping_add(1) & i32::MAX)?;
            instance.purge();
        }
        let settings = params::read_settings(&params, change.time)?;
        if change.name == params::CDL_TARGET && settings.edits.target > 0 {
            show_look_cdl(instance, effect, &settings);
        }
        if change.name == params::EXPORT {
            export(instance, effect, &settings);
        }
        // Build now, off the render path, so a broken AMF shows its message at once (read
        // again: showing a look's CDL wrote parameters).
        let settings = params::read_settings(&params, change.time)?;
        refresh(instance, effect, &settings);
        Ok(())
    }

    fn render(instance: &Instance, effect: &EffectInstance, args: &RenderArgs) -> Result<()> {
        let params = effect.params()?;
        let settings = render_settings(effect, &params, args.time)?;
        #[cfg(feature = "panic-probe")]
        panic_probe(&settings.edits.cdl);
        let choices = params::read_render_choices(&params, args.time)?;
        let current = instance.current(&settings);
        show_message(instance, effect, &current.message);
        // Fast mode while the host renders interactively; final renders are always exact.
        let fast = choices.quality == params::Quality::Fast && args.interactive && FAST_MODE_READY;
        match fast.then(|| current.prepared.baked()).flatten() {
            Some(baked) => render::render(&*baked, effect, args, &choices),
            None => render::render(&*current.pipeline, effect, args, &choices),
        }
    }

    fn is_identity(
        instance: &Instance,
        effect: &EffectInstance,
        args: &IdentityArgs,
    ) -> Result<Option<Identity>> {
        let params = effect.params()?;
        let settings = render_settings(effect, &params, args.time)?;
        let choices = params::read_render_choices(&params, args.time)?;
        let identity = settings.does_nothing()
            || choices.mix == 0.0
            || instance.current(&settings).pipeline.is_identity();
        Ok(identity.then(|| Identity {
            clip: SOURCE_CLIP.to_string(),
            time: args.time,
        }))
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
        instance: &Instance,
        effect: &EffectInstance,
        _preferred: &[String],
    ) -> Result<Option<String>> {
        let source = format!(
            "{}{SOURCE_CLIP}",
            colour::kOfxColourspaceCrossReferencePrefix
        );
        let Some(style) = colour_style(effect) else {
            return Ok(Some(source));
        };
        // The action has no time: the settings at the start are the ones a non-animated node has.
        let settings = render_settings(effect, &effect.params()?, 0.0)?;
        let space = if settings.does_nothing() {
            OutputSpace::Source
        } else {
            instance.current(&settings).prepared.output_space
        };
        Ok(space.native_name(style, &source))
    }

    fn purge_caches(instance: &Instance) {
        instance.purge();
        cache::clear();
    }

    fn unload() {
        cache::shutdown();
    }
}

/// Builds (or finds) what the settings render, shows its problem on the node and its recipe in
/// the info panel.
fn refresh(instance: &Instance, effect: &EffectInstance, settings: &params::Settings) {
    let current = instance.current(settings);
    show_message(instance, effect, &current.message);
    label_looks(effect, &current.looks);
    if let Ok(info) = effect.params().and_then(|p| p.param(params::INFO)) {
        if info.string_at(0.0).ok().as_deref() != Some(current.report.as_str()) {
            // A host that refuses (some do outside instanceChanged) just keeps the old text.
            info.set_string(&current.report).ok();
        }
    }
}

/// Loads look k's CDL into the CDL parameters, so the colorist regrades from its values.
fn show_look_cdl(instance: &Instance, effect: &EffectInstance, settings: &params::Settings) {
    let current = instance.current(settings);
    let cdl = current
        .amf
        .as_deref()
        .ok_or_else(|| "no AMF is in use".to_string())
        .and_then(|path| amf::read_file(path).map_err(|e| e.to_string()))
        .and_then(|document| looks::look_cdl(&document.amf, settings.edits.target));
    let result = cdl.and_then(|cdl| {
        effect
            .params()
            .and_then(|p| params::write_cdl(&p, &cdl))
            .map_err(|e| e.to_string())
    });
    if let Err(problem) = result {
        effect.post_message(MessageKind::Warning, &format!("amfx: {problem}"));
    }
}

/// Writes the adjusted recipe beside the AMF in use.
fn export(instance: &Instance, effect: &EffectInstance, settings: &params::Settings) {
    let current = instance.current(settings);
    let result = current
        .amf
        .as_deref()
        .ok_or_else(|| "no AMF is in use: nothing to export".to_string())
        .and_then(|path| looks::export(path, &settings.edits));
    match result {
        Ok(path) => effect.post_message(
            MessageKind::Message,
            &format!("amfx: the adjusted recipe is in {}", path.display()),
        ),
        Err(problem) => effect.post_message(MessageKind::Error, &format!("amfx: {problem}")),
    }
}

/// Labels the bypass switches with the AMF's looks; the ones beyond its looks are disabled.
fn label_looks(effect: &EffectInstance, looks_in_amf: &[String]) {
    let Ok(params) = effect.params() else {
        return;
    };
    for k in 1..=looks::LOOK_SLOTS {
        if let Ok(param) = params.param(&params::bypass_name(k)) {
            let label = match looks_in_amf.get(k - 1) {
                Some(what) => format!("Bypass look {k}: {what}"),
                None => format!("Bypass look {k}"),
            };
            // Hosts that do not relabel at run time keep the generic label.
            param.set_label(&label).ok();
            param.set_enabled(k <= looks_in_amf.len()).ok();
        }
    }
}

/// Tells the host about a new message, or clears the old one; nothing when unchanged.
fn show_message(instance: &Instance, effect: &EffectInstance, message: &Option<String>) {
    if !instance.message_changed(message) {
        return;
    }
    match message {
        Some(text) => effect.set_persistent_message(MessageKind::Error, &format!("amfx: {text}")),
        None => effect.clear_persistent_message(),
    }
}

/// True when an OFX 1.5 colour-managed host hands us the source already in ACES2065-1, so the
/// AMF's input transform must not be applied again.
fn host_delivers_aces(effect: &EffectInstance) -> bool {
    if !colour_managed(effect) {
        return false;
    }
    effect
        .clip(SOURCE_CLIP)
        .and_then(|clip| {
            clip.properties()
                .get_string(colour::kOfxImageClipPropColourspace, 0)
        })
        .is_ok_and(|space| space == ACES2065_1)
}

/// True when the host negotiated an OFX 1.5 colour management style other than none.
fn colour_managed(effect: &EffectInstance) -> bool {
    colour_style(effect).is_some()
}

/// The OFX 1.5 colour management style the host negotiated, None when there is none.
fn colour_style(effect: &EffectInstance) -> Option<Style> {
    let style = effect
        .properties()
        .and_then(|p| p.get_string(colour::kOfxImageEffectPropColourManagementStyle, 0))
        .ok()?;
    Style::from_property(&style)
}

/// The settings a render uses: the parameters, less the input transform when a colour-managed
/// host already delivers ACES2065-1.
fn render_settings(
    effect: &EffectInstance,
    params: &ofx_bindings::ParamSet,
    time: f64,
) -> Result<params::Settings> {
    let mut settings = params::read_settings(params, time)?;
    if host_delivers_aces(effect) {
        settings.input = false;
    }
    Ok(settings)
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
