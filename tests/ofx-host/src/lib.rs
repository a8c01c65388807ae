//! A small OpenFX host for testing and demonstrating OFX image-effect plugins.
//!
//! It loads a plugin bundle the way Nuke, Resolve or Natron do — open
//! `NAME.ofx.bundle/Contents/<arch>/NAME.ofx`, enumerate `OfxGetPlugin`, `setHost`, then drive
//! `mainEntry` through the actions — and implements the host side of the suites over real,
//! thread-safe host objects, so that a plugin can be exercised end to end without a
//! commercial host. [`HostFaults`] turns it into a badly behaved host on demand.
//!
//! ```no_run
//! use ofx_host::{Bundle, Context, HostImage, PixelDepth, Components, RectI, RenderArgs};
//!
//! let bundle = Bundle::load("target/bundle/amfx.ofx.bundle")?;
//! let plugin = bundle.plugin("io.amfx.AcesAmf")?;
//! let mut instance = plugin.create_instance(Context::Filter)?;
//! instance.set_param("cdlSaturation", 0.8)?;
//! let bounds = RectI::new(0, 0, 64, 32);
//! let source = HostImage::new(PixelDepth::Float, Components::Rgba, bounds);
//! let mut output = HostImage::new(PixelDepth::Float, Components::Rgba, bounds);
//! instance.render(&RenderArgs::new(0.0, bounds), &source, &mut output)?;
//! # Ok::<(), ofx_host::HostError>(())
//! ```
//!
//! # Coverage
//!
//! Actions the host sends:
//! - `OfxSetHost` (when exported), `setHost`, `kOfxActionLoad`, `kOfxActionDescribe`,
//!   `kOfxImageEffectActionDescribeInContext`, `kOfxActionCreateInstance`,
//!   `kOfxActionBeginInstanceChanged` / `kOfxActionInstanceChanged` /
//!   `kOfxActionEndInstanceChanged` (parameter changes, reason `kOfxChangeUserEdited`),
//!   `kOfxImageEffectActionGetRegionOfDefinition`, `kOfxImageEffectActionGetRegionsOfInterest`,
//!   `kOfxImageEffectActionGetClipPreferences`, `kOfxImageEffectActionIsIdentity`,
//!   `kOfxImageEffectActionBeginSequenceRender`, `kOfxImageEffectActionRender` (one window or
//!   tiles from several threads, honouring `kOfxImageEffectPluginRenderThreadSafety`),
//!   `kOfxImageEffectActionEndSequenceRender`, `kOfxActionPurgeCaches`,
//!   `kOfxActionSyncPrivateData`, `kOfxActionBeginInstanceEdit` / `kOfxActionEndInstanceEdit`,
//!   `kOfxActionDestroyInstance`, `kOfxActionUnload`.
//!
//! Suites: `OfxPropertySuite` V1 (all 18 functions), `OfxParameterSuite` V1 (all functions;
//! values do not animate), `OfxImageEffectSuite` V1 (all functions; `abort` always 0),
//! `OfxMessageSuite` V1 and V2, `OfxMultiThreadSuite` V1, `OfxMemorySuite` V1. Any other
//! suite is NULL from `fetchSuite`.
//!
//! Properties (each with its OFX type, dimension and default; anything else is
//! `kOfxStatErrUnknown` and lands in [`Bundle::diagnostics`]):
//! - host: API version, type, name `io.amfx.testhost`, label, version, OS handle,
//!   `IsBackground` 0, native origin bottom-left, overlays 0, multi-resolution 1, tiles 1,
//!   temporal access 0, components RGBA/RGB/Alpha, contexts filter/general, depths
//!   float/short/byte, multiple clip depths 0, multiple clip PARs 0, settable frame rate and
//!   fielding 0, sequential render 0, OpenGL/CUDA/Metal/OpenCL "false", draft 0, custom
//!   interacts 0, custom/string/choice/boolean/parametric animation 0, max parameters -1,
//!   max pages 10, page row/column count.
//! - effect descriptor and instance: every property of the OFX 1.4 descriptor list, plus
//!   the instance's context, instance data, interactive flag, project size/offset/extent/PAR
//!   (1920×1080), effect duration, sequential render, frame rate.
//! - clip descriptor and instance: every descriptor property, plus depth, components
//!   (mapped and unmapped), premultiplication, PAR, frame rate and range (mapped and
//!   unmapped), field order, connected, continuous samples.
//! - parameter descriptors and instances, per type: the common, value-holder, numeric
//!   (min/max/display min/max), double (increment, digits, double type, coordinate system,
//!   time marker), dimension labels, string mode, choice options, group open, page children
//!   and custom-interpolation properties; parameter set page order and needs-syncing.
//! - images: type, data, bounds, row bytes (negative for top-down images), depth,
//!   components, premultiplication, PAR, render scale, field, unique identifier, region of
//!   definition.
//! - action arguments: all the inArgs/outArgs properties of the actions above, including the
//!   per-clip `OfxImageClipPropRoI_`, `OfxImageClipPropComponents_`, `OfxImageClipPropDepth_`
//!   and `OfxImageClipPropPAR_` properties.
//!
//! Not covered yet:
//! - actions: `kOfxImageEffectActionGetTimeDomain`, `kOfxImageEffectActionGetFramesNeeded`,
//!   `kOfxActionInstanceChanged` for clips or for values the plugin sets itself
//!   (`kOfxChangePluginEdited`), interact actions, `kOfxActionDialog`, OpenGL context
//!   actions.
//! - suites: interact, progress, timeline, parametric parameter, dialog, OpenGL render, draw.
//! - parameter types: parametric, strict choice by string; animation and keyframes (values are
//!   constant over time), `kOfxParamPropIsAnimating` stays 0.
//! - images: half-float depth, fielded images, render scales other than what the caller
//!   passes, images at other times than the one bound to the clip (`clipGetImage` ignores
//!   time and region and returns the whole bound image), GPU (OpenGL/CUDA/Metal/OpenCL)
//!   rendering, frame threading by the host.

mod buffer;
mod bundle;
mod context;
mod dispatch;
mod effect;
mod error;
mod faults;
mod format;
mod geometry;
mod host;
mod image;
mod instance;
mod message;
mod names;
mod oneshot;
mod owned;
mod param;
mod plugin;
mod property;
mod registry;
mod schema;
mod status;
mod suites;
mod sync;

pub use bundle::{Bundle, PluginInfo, ARCH_DIR};
pub use context::Context;
pub use effect::ClipFormat;
pub use error::HostError;
pub use faults::{ClipImageFault, HostFaults};
pub use format::{Components, PixelDepth, Premultiplication};
pub use geometry::{RectD, RectI};
pub use image::{HostImage, RowLayout, RowOrder};
pub use instance::{
    ClipPreference, ClipPreferences, Identity, Instance, InstanceChanged, RegionOfDefinition,
    RegionsOfInterest, RenderArgs, SequenceArgs, OUTPUT_CLIP, SOURCE_CLIP,
};
pub use message::{Message, MessageKind};
pub use names::OfxName;
pub use oneshot::render_rgba_f32;
pub use param::{ParamType, ParamValue};
pub use plugin::{ClipDescription, ContextDescription, ParamDescription, Plugin};
pub use property::{Properties, PropertyValues};
pub use schema::HOST_NAME;
pub use status::Status;
