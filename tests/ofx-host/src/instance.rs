//! An effect instance and the actions a host sends it.

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use ofx_bindings::raw;

use crate::context::Context;
use crate::dispatch::ActionArgs;
use crate::effect::{Clip, ClipFormat, Effect, ImageBinding};
use crate::error::HostError;
use crate::format::{Components, PixelDepth, Premultiplication};
use crate::geometry::{RectD, RectI};
use crate::image::HostImage;
use crate::message::Message;
use crate::names::name;
use crate::param::{ParamType, ParamValue};
use crate::plugin::{Plugin, RenderSafety};
use crate::property::{Properties, Values};
use crate::registry::Registered;
use crate::schema;
use crate::status::Status;
use crate::sync::lock;

/// The clip names of the filter context.
pub const SOURCE_CLIP: &str = "Source";
pub const OUTPUT_CLIP: &str = "Output";

// OFX 1.5 colour management (ofxColour.h), newer than the headers `raw` comes from.
const COLOUR_STYLE: &str = "OfxImageEffectPropColourManagementStyle";
const CLIP_COLOURSPACE: &str = "OfxImageClipPropColourspace";
const PREFERRED_COLOURSPACES: &str = "OfxImageClipPropPreferredColourspaces";
const GET_OUTPUT_COLOURSPACE: &[u8] = b"OfxImageEffectActionGetOutputColourspace\0";

/// The statuses of the three actions a parameter change sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstanceChanged {
    pub begin: Status,
    pub changed: Status,
    pub end: Status,
}

/// The answer to `kOfxImageEffectActionGetRegionOfDefinition`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegionOfDefinition {
    pub status: Status,
    /// What the plugin set, or the host's default if it did not trap the action.
    pub region: RectD,
}

/// The answer to `kOfxImageEffectActionGetRegionsOfInterest`.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionsOfInterest {
    pub status: Status,
    /// One region per input clip.
    pub regions: Vec<(String, RectD)>,
}

/// One clip's entry in the clip preferences.
#[derive(Clone, Debug, PartialEq)]
pub struct ClipPreference {
    pub clip: String,
    pub components: String,
    pub depth: String,
    pub pixel_aspect_ratio: f64,
}

/// The answer to `kOfxImageEffectActionGetClipPreferences`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClipPreferences {
    pub status: Status,
    pub clips: Vec<ClipPreference>,
    pub premultiplication: String,
    pub frame_rate: f64,
    pub field_order: String,
    pub continuous_samples: bool,
    pub frame_varying: bool,
}

/// The answer to `kOfxImageEffectActionIsIdentity`.
#[derive(Clone, Debug, PartialEq)]
pub enum Identity {
    /// `kOfxStatReplyDefault`: the host must render.
    NotIdentity,
    /// `kOfxStatOK`: the output is this clip at this time.
    Clip { clip: String, time: f64 },
}

/// The arguments of a render call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RenderArgs {
    pub time: f64,
    /// The pixels to render, inside the output image's bounds.
    pub window: RectI,
    pub render_scale: [f64; 2],
    pub sequential: bool,
    pub interactive: bool,
}

impl RenderArgs {
    /// A full-resolution, non-interactive render of `window` at `time`.
    pub fn new(time: f64, window: RectI) -> RenderArgs {
        RenderArgs {
            time,
            window,
            render_scale: [1.0, 1.0],
            sequential: false,
            interactive: false,
        }
    }
}

/// The arguments of `kOfxImageEffectActionBeginSequenceRender` / `EndSequenceRender`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SequenceArgs {
    pub frame_range: [f64; 2],
    pub frame_step: f64,
    pub render_scale: [f64; 2],
    pub sequential: bool,
    pub interactive: bool,
}

impl SequenceArgs {
    /// Frames `first..=last`, one step at a time, at full resolution.
    pub fn frames(first: f64, last: f64) -> SequenceArgs {
        SequenceArgs {
            frame_range: [first, last],
            frame_step: 1.0,
            render_scale: [1.0, 1.0],
            sequential: false,
            interactive: false,
        }
    }
}

/// An effect instance; `kOfxActionDestroyInstance` is sent by [`Instance::destroy`] or on drop.
pub struct Instance<'p> {
    plugin: &'p Plugin<'p>,
    context: Context,
    effect: Registered<Effect>,
    /// Serialises renders of an instance-safe plugin.
    render_lock: Mutex<()>,
    destroyed: bool,
}

impl<'p> Instance<'p> {
    pub(crate) fn create(
        plugin: &'p Plugin<'p>,
        descriptor: &Effect,
        context: Context,
    ) -> Result<Instance<'p>, HostError> {
        let project = RectD::new(0.0, 0.0, schema::PROJECT_SIZE[0], schema::PROJECT_SIZE[1]);
        let effect = Registered::new(Effect::instance(
            descriptor,
            context,
            &ClipFormat::float_rgba(project),
        ));
        let mut instance = Instance {
            plugin,
            context,
            effect,
            render_lock: Mutex::new(()),
            destroyed: false,
        };
        if let Err(error) = instance.run(raw::kOfxActionCreateInstance, None, None, true) {
            // A failed creation leaves nothing to destroy.
            instance.destroyed = true;
            return Err(error);
        }
        Ok(instance)
    }

    pub fn context(&self) -> Context {
        self.context
    }

    /// The instance's property set.
    pub fn properties(&self) -> Properties {
        self.effect.props.snapshot()
    }

    /// Parameter names in definition order.
    pub fn param_names(&self) -> Vec<String> {
        self.effect
            .params
            .all()
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    /// A parameter's current value.
    pub fn param(&self, param_name: &str) -> Option<ParamValue> {
        self.effect.params.get(param_name)?.value()
    }

    /// A parameter's property set.
    pub fn param_properties(&self, param_name: &str) -> Option<Properties> {
        Some(self.effect.params.get(param_name)?.props.snapshot())
    }

    /// A clip's property set.
    pub fn clip_properties(&self, clip_name: &str) -> Option<Properties> {
        Some(self.effect.clip(clip_name)?.props.snapshot())
    }

    /// Sets a parameter as a user would, then sends `kOfxActionBeginInstanceChanged`,
    /// `kOfxActionInstanceChanged` and `kOfxActionEndInstanceChanged` (reason
    /// `kOfxChangeUserEdited`, time 0).
    pub fn set_param(
        &mut self,
        param_name: &str,
        value: impl Into<ParamValue>,
    ) -> Result<InstanceChanged, HostError> {
        self.set_param_quietly(param_name, value)?;
        self.announce_change(param_name)
    }

    /// Stores a parameter value without telling the plugin, as hosts that send no
    /// instanceChanged do (the plugin sees the value at its next render).
    pub fn set_param_quietly(
        &mut self,
        param_name: &str,
        value: impl Into<ParamValue>,
    ) -> Result<(), HostError> {
        let value = value.into();
        let param = self
            .effect
            .params
            .get(param_name)
            .ok_or_else(|| HostError::NoSuchParam(param_name.to_owned()))?;
        let stored = param
            .param_type
            .encode(&value)
            .ok_or_else(|| HostError::ParamMismatch {
                name: param_name.to_owned(),
                param_type: param.param_type,
                value: value.clone(),
            })?;
        param
            .store(stored)
            .map_err(|_| HostError::NoSuchParam(param_name.to_owned()))
    }

    /// Presses a push button, as a user clicking it: the instanceChanged sequence for it.
    pub fn press_button(&mut self, param_name: &str) -> Result<InstanceChanged, HostError> {
        let param = self
            .effect
            .params
            .get(param_name)
            .ok_or_else(|| HostError::NoSuchParam(param_name.to_owned()))?;
        if param.param_type != ParamType::PushButton {
            return Err(HostError::InvalidRequest(format!(
                "{param_name} is not a push button"
            )));
        }
        self.announce_change(param_name)
    }

    /// The begin / changed / end instanceChanged sequence a host sends after a user edit.
    fn announce_change(&mut self, param_name: &str) -> Result<InstanceChanged, HostError> {
        let reason = name(raw::kOfxChangeUserEdited);
        let bracket = || self.args().string(raw::kOfxPropChangeReason, reason);
        let begin = self.run(
            raw::kOfxActionBeginInstanceChanged,
            Some(&bracket()),
            None,
            true,
        )?;
        let changed_args = self
            .args()
            .string(raw::kOfxPropType, name(raw::kOfxTypeParameter))
            .string(raw::kOfxPropName, param_name)
            .string(raw::kOfxPropChangeReason, reason)
            .double(raw::kOfxPropTime, 0.0)
            .doubles(raw::kOfxImageEffectPropRenderScale, vec![1.0, 1.0]);
        let changed = self.run(
            raw::kOfxActionInstanceChanged,
            Some(&changed_args),
            None,
            true,
        );
        // The bracket closes even when the change itself failed.
        let end = self.run(
            raw::kOfxActionEndInstanceChanged,
            Some(&bracket()),
            None,
            true,
        );
        // The change's own failure matters more than the bracket's.
        let changed = changed?;
        Ok(InstanceChanged {
            begin,
            changed,
            end: end?,
        })
    }

    /// Presents a clip with a new format, as a host does when an input changes.
    pub fn configure_clip(&self, clip_name: &str, format: &ClipFormat) -> Result<(), HostError> {
        let clip = self
            .effect
            .clip(clip_name)
            .ok_or_else(|| HostError::NoSuchClip(clip_name.to_owned()))?;
        clip.set_format(format);
        Ok(())
    }

    /// `kOfxImageEffectActionGetRegionOfDefinition`; the default is the Source clip's region.
    pub fn region_of_definition(
        &self,
        time: f64,
        render_scale: [f64; 2],
    ) -> Result<RegionOfDefinition, HostError> {
        let default = self.default_region();
        let in_args = self
            .args()
            .double(raw::kOfxPropTime, time)
            .doubles(raw::kOfxImageEffectPropRenderScale, render_scale.to_vec());
        let out_args = self.args().doubles(
            raw::kOfxImageEffectPropRegionOfDefinition,
            default.to_array(),
        );
        let status = self.run(
            raw::kOfxImageEffectActionGetRegionOfDefinition,
            Some(&in_args),
            Some(&out_args),
            true,
        )?;
        let region = out_args
            .props()
            .read(
                name(raw::kOfxImageEffectPropRegionOfDefinition),
                |v: &[f64]| RectD::from_slice(v),
            )
            .ok()
            .flatten()
            .unwrap_or(default);
        Ok(RegionOfDefinition { status, region })
    }

    /// `kOfxImageEffectActionGetRegionsOfInterest` for rendering `region`.
    pub fn regions_of_interest(
        &self,
        time: f64,
        render_scale: [f64; 2],
        region: RectD,
    ) -> Result<RegionsOfInterest, HostError> {
        let inputs: Vec<String> = self
            .effect
            .clips()
            .iter()
            .map(|c| c.name.clone())
            .filter(|n| n != OUTPUT_CLIP)
            .collect();
        let property = |clip: &str| format!("OfxImageClipPropRoI_{clip}");
        let in_args = self
            .args()
            .double(raw::kOfxPropTime, time)
            .doubles(raw::kOfxImageEffectPropRenderScale, render_scale.to_vec())
            .doubles(raw::kOfxImageEffectPropRegionOfInterest, region.to_array());
        let out_args = inputs.iter().fold(self.args(), |args, clip| {
            args.named_doubles(&property(clip), region.to_array())
        });
        let status = self.run(
            raw::kOfxImageEffectActionGetRegionsOfInterest,
            Some(&in_args),
            Some(&out_args),
            true,
        )?;
        let regions = inputs
            .into_iter()
            .map(|clip| {
                let roi = out_args
                    .props()
                    .read(&property(&clip), |v: &[f64]| RectD::from_slice(v))
                    .ok()
                    .flatten()
                    .unwrap_or(region);
                (clip, roi)
            })
            .collect();
        Ok(RegionsOfInterest { status, regions })
    }

    /// `kOfxImageEffectActionGetClipPreferences`; what the plugin asks for is applied to the
    /// clips when it names a depth and components this host supports.
    pub fn clip_preferences(&self) -> Result<ClipPreferences, HostError> {
        let clips = self.effect.clips();
        let key = |what: &str, clip: &str| format!("OfxImageClipProp{what}_{clip}");
        let mut out_args = self.args();
        for clip in &clips {
            let props = &clip.props;
            let text = |p: &'static [u8]| props.string(name(p)).unwrap_or_default();
            out_args = out_args
                .named_string(
                    &key("Components", &clip.name),
                    &text(raw::kOfxImageEffectPropComponents),
                )
                .named_string(
                    &key("Depth", &clip.name),
                    &text(raw::kOfxImageEffectPropPixelDepth),
                )
                .named_double(
                    &key("PAR", &clip.name),
                    props
                        .get(name(raw::kOfxImagePropPixelAspectRatio), 0)
                        .unwrap_or(1.0),
                );
        }
        let source_premultiplication = self
            .effect
            .clip(SOURCE_CLIP)
            .and_then(|c| {
                c.props
                    .string(name(raw::kOfxImageEffectPropPreMultiplication))
            })
            .unwrap_or_else(|| name(raw::kOfxImagePreMultiplied).to_owned());
        let out_args = out_args
            .string(
                raw::kOfxImageEffectPropPreMultiplication,
                &source_premultiplication,
            )
            .double(raw::kOfxImageEffectPropFrameRate, schema::FRAME_RATE)
            .string(
                raw::kOfxImageClipPropFieldOrder,
                name(raw::kOfxImageFieldNone),
            )
            .int(raw::kOfxImageClipPropContinuousSamples, 0)
            .int(raw::kOfxImageEffectFrameVarying, 0);
        let status = self.run(
            raw::kOfxImageEffectActionGetClipPreferences,
            None,
            Some(&out_args),
            true,
        )?;

        let props = out_args.props();
        let text = |p: &str| props.string(p).unwrap_or_default();
        let preferences = clips
            .iter()
            .map(|clip| ClipPreference {
                clip: clip.name.clone(),
                components: text(&key("Components", &clip.name)),
                depth: text(&key("Depth", &clip.name)),
                pixel_aspect_ratio: props.get(&key("PAR", &clip.name), 0).unwrap_or(1.0),
            })
            .collect::<Vec<_>>();
        for (clip, preference) in clips.iter().zip(&preferences) {
            if let (Some(depth), Some(components)) = (
                PixelDepth::from_ofx(&preference.depth),
                Components::from_ofx(&preference.components),
            ) {
                let premultiplication = clip
                    .props
                    .string(name(raw::kOfxImageEffectPropPreMultiplication))
                    .and_then(|p| Premultiplication::from_ofx(&p))
                    .unwrap_or(Premultiplication::default_for(components));
                clip.set_format(&ClipFormat {
                    depth,
                    components,
                    premultiplication,
                    pixel_aspect_ratio: preference.pixel_aspect_ratio,
                    region_of_definition: clip.region_of_definition(),
                });
            }
        }
        let flag = |p: &'static [u8]| props.get::<i32>(name(p), 0).unwrap_or(0) != 0;
        Ok(ClipPreferences {
            status,
            clips: preferences,
            premultiplication: text(name(raw::kOfxImageEffectPropPreMultiplication)),
            frame_rate: props
                .get(name(raw::kOfxImageEffectPropFrameRate), 0)
                .unwrap_or(schema::FRAME_RATE),
            field_order: text(name(raw::kOfxImageClipPropFieldOrder)),
            continuous_samples: flag(raw::kOfxImageClipPropContinuousSamples),
            frame_varying: flag(raw::kOfxImageEffectFrameVarying),
        })
    }

    /// `kOfxImageEffectActionIsIdentity` for rendering `window` at `time`.
    pub fn is_identity(
        &self,
        time: f64,
        window: RectI,
        render_scale: [f64; 2],
    ) -> Result<Identity, HostError> {
        let in_args = self
            .args()
            .double(raw::kOfxPropTime, time)
            .string(
                raw::kOfxImageEffectPropFieldToRender,
                name(raw::kOfxImageFieldNone),
            )
            .ints(raw::kOfxImageEffectPropRenderWindow, window.to_array())
            .doubles(raw::kOfxImageEffectPropRenderScale, render_scale.to_vec());
        let out_args = self
            .args()
            .string(raw::kOfxPropName, "")
            .double(raw::kOfxPropTime, time);
        let status = self.run(
            raw::kOfxImageEffectActionIsIdentity,
            Some(&in_args),
            Some(&out_args),
            true,
        )?;
        if status == Status::REPLY_DEFAULT {
            return Ok(Identity::NotIdentity);
        }
        let clip = out_args
            .props()
            .string(name(raw::kOfxPropName))
            .unwrap_or_default();
        if self.effect.clip(&clip).is_none() {
            return Err(HostError::BadReply {
                action: name(raw::kOfxImageEffectActionIsIdentity),
                detail: format!("trapped, but names no clip of this instance ({clip:?})"),
            });
        }
        let time = out_args
            .props()
            .get(name(raw::kOfxPropTime), 0)
            .unwrap_or(time);
        Ok(Identity::Clip { clip, time })
    }

    /// `kOfxImageEffectActionBeginSequenceRender`.
    pub fn begin_sequence_render(&self, args: &SequenceArgs) -> Result<Status, HostError> {
        let in_args = self.sequence_args(args);
        self.run(
            raw::kOfxImageEffectActionBeginSequenceRender,
            Some(&in_args),
            None,
            true,
        )
    }

    /// `kOfxImageEffectActionEndSequenceRender`.
    pub fn end_sequence_render(&self, args: &SequenceArgs) -> Result<Status, HostError> {
        let in_args = self.sequence_args(args);
        self.run(
            raw::kOfxImageEffectActionEndSequenceRender,
            Some(&in_args),
            None,
            true,
        )
    }

    /// `kOfxImageEffectActionRender` of `args.window` from `source` into `output`.
    ///
    /// The Source and Output clips take the images' formats, and `clipGetImage` hands out
    /// the images themselves for the duration of the call.
    pub fn render(
        &mut self,
        args: &RenderArgs,
        source: &HostImage,
        output: &mut HostImage,
    ) -> Result<(), HostError> {
        self.render_tiles(args, source, output, &[args.window], 1)
    }

    /// Renders each tile with its own `kOfxImageEffectActionRender` call, from `threads`
    /// threads at once (the tiles replace `args.window`).
    pub fn render_tiles(
        &mut self,
        args: &RenderArgs,
        source: &HostImage,
        output: &mut HostImage,
        tiles: &[RectI],
        threads: usize,
    ) -> Result<(), HostError> {
        self.check_render(source, output, tiles)?;
        let _bound = self.bind_images(args, source, output);
        let this = &*self;
        let next_tile = AtomicUsize::new(0);
        let failure = Mutex::new(None);
        thread::scope(|scope| {
            for _ in 0..threads.clamp(1, tiles.len().max(1)) {
                scope.spawn(|| {
                    while let Some(tile) = tiles.get(next_tile.fetch_add(1, Ordering::SeqCst)) {
                        let tile_args = RenderArgs {
                            window: *tile,
                            ..*args
                        };
                        if let Err(error) = this.render_action(&tile_args) {
                            lock(&failure).get_or_insert(error);
                            break;
                        }
                    }
                });
            }
        });
        match failure
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// `kOfxActionPurgeCaches`.
    pub fn purge_caches(&self) -> Result<Status, HostError> {
        self.run(raw::kOfxActionPurgeCaches, None, None, true)
    }

    /// `kOfxActionSyncPrivateData`.
    pub fn sync_private_data(&self) -> Result<Status, HostError> {
        self.run(raw::kOfxActionSyncPrivateData, None, None, true)
    }

    /// `kOfxActionBeginInstanceEdit` (the user opened the instance's controls).
    pub fn begin_instance_edit(&self) -> Result<Status, HostError> {
        self.run(raw::kOfxActionBeginInstanceEdit, None, None, true)
    }

    /// `kOfxActionEndInstanceEdit`.
    pub fn end_instance_edit(&self) -> Result<Status, HostError> {
        self.run(raw::kOfxActionEndInstanceEdit, None, None, true)
    }

    /// Every message posted on this instance, in order.
    pub fn messages(&self) -> Vec<Message> {
        self.effect.messages.all()
    }

    /// The persistent message currently set on this instance, if any.
    pub fn persistent_message(&self) -> Option<Message> {
        self.effect.messages.persistent()
    }

    /// Forgets the recorded messages, including the persistent one.
    pub fn clear_messages(&self) {
        self.effect.messages.clear();
    }

    /// Images fetched with `clipGetImage` and not released yet.
    pub fn outstanding_images(&self) -> usize {
        self.effect
            .clips()
            .iter()
            .map(|c| c.outstanding_images())
            .sum()
    }

    /// Sends `kOfxActionDestroyInstance`.
    pub fn destroy(mut self) -> Result<Status, HostError> {
        self.send_destroy()
    }

    fn send_destroy(&mut self) -> Result<Status, HostError> {
        self.destroyed = true;
        self.run(raw::kOfxActionDestroyInstance, None, None, true)
    }

    /// Sets the instance up as an OFX 1.5 colour-managed host does: the style both sides
    /// agreed on (`OfxImageEffectColourManagementCore`, ...) and the colourspace of the images
    /// the source clip delivers.
    pub fn manage_colour(&self, style: &str, source_colourspace: &str) -> Result<(), HostError> {
        self.effect
            .props
            .define_variable(COLOUR_STYLE, Values::string(style));
        let clip = self
            .effect
            .clip(SOURCE_CLIP)
            .ok_or_else(|| HostError::NoSuchClip(SOURCE_CLIP.to_string()))?;
        clip.props
            .define_variable(CLIP_COLOURSPACE, Values::string(source_colourspace));
        Ok(())
    }

    /// OFX 1.5 `OfxImageEffectActionGetOutputColourspace`: the colourspace the plugin says its
    /// output is in, None when it lets the host decide.
    pub fn output_colourspace(&self, preferred: &[&str]) -> Result<Option<String>, HostError> {
        let in_args = self.args().named_strings(PREFERRED_COLOURSPACES, preferred);
        let out_args = self.args().named_string(CLIP_COLOURSPACE, "");
        let status = self.run(
            GET_OUTPUT_COLOURSPACE,
            Some(&in_args),
            Some(&out_args),
            true,
        )?;
        if status == Status::REPLY_DEFAULT {
            return Ok(None);
        }
        Ok(out_args.props().string(CLIP_COLOURSPACE))
    }

    fn args(&self) -> ActionArgs {
        self.plugin.dispatch().args()
    }

    /// Calls an action on this instance; a failing status becomes `HostError::Action` with
    /// the messages posted meanwhile.
    fn run(
        &self,
        action: &'static [u8],
        in_args: Option<&ActionArgs>,
        out_args: Option<&ActionArgs>,
        default_allowed: bool,
    ) -> Result<Status, HostError> {
        let start = self.effect.messages.len();
        let status =
            self.plugin
                .dispatch()
                .call(action, self.effect.handle::<c_void>(), in_args, out_args);
        if status.is_ok() || (default_allowed && status == Status::REPLY_DEFAULT) {
            Ok(status)
        } else {
            Err(HostError::Action {
                action: name(action),
                status,
                messages: self.effect.messages.since(start),
            })
        }
    }

    fn render_action(&self, args: &RenderArgs) -> Result<(), HostError> {
        let safety = self.plugin.render_safety();
        let _plugin_turn =
            (safety == RenderSafety::Unsafe).then(|| lock(self.plugin.render_lock()));
        let _instance_turn =
            (safety == RenderSafety::InstanceSafe).then(|| lock(&self.render_lock));
        let in_args = self
            .args()
            .double(raw::kOfxPropTime, args.time)
            .string(
                raw::kOfxImageEffectPropFieldToRender,
                name(raw::kOfxImageFieldNone),
            )
            .ints(raw::kOfxImageEffectPropRenderWindow, args.window.to_array())
            .doubles(
                raw::kOfxImageEffectPropRenderScale,
                args.render_scale.to_vec(),
            )
            .int(
                raw::kOfxImageEffectPropSequentialRenderStatus,
                i32::from(args.sequential),
            )
            .int(
                raw::kOfxImageEffectPropInteractiveRenderStatus,
                i32::from(args.interactive),
            )
            .int(raw::kOfxImageEffectPropRenderQualityDraft, 0);
        self.run(
            raw::kOfxImageEffectActionRender,
            Some(&in_args),
            None,
            false,
        )
        .map(drop)
    }

    fn sequence_args(&self, args: &SequenceArgs) -> ActionArgs {
        self.args()
            .doubles(
                raw::kOfxImageEffectPropFrameRange,
                args.frame_range.to_vec(),
            )
            .double(raw::kOfxImageEffectPropFrameStep, args.frame_step)
            .int(raw::kOfxPropIsInteractive, i32::from(args.interactive))
            .doubles(
                raw::kOfxImageEffectPropRenderScale,
                args.render_scale.to_vec(),
            )
            .int(
                raw::kOfxImageEffectPropSequentialRenderStatus,
                i32::from(args.sequential),
            )
            .int(
                raw::kOfxImageEffectPropInteractiveRenderStatus,
                i32::from(args.interactive),
            )
    }

    fn default_region(&self) -> RectD {
        self.effect
            .clip(SOURCE_CLIP)
            .map(|clip| clip.region_of_definition())
            .unwrap_or(RectD::new(
                0.0,
                0.0,
                schema::PROJECT_SIZE[0],
                schema::PROJECT_SIZE[1],
            ))
    }

    fn check_render(
        &self,
        source: &HostImage,
        output: &HostImage,
        tiles: &[RectI],
    ) -> Result<(), HostError> {
        if let Some(tile) = tiles.iter().find(|t| !output.bounds().contains_rect(t)) {
            return Err(HostError::InvalidRequest(format!(
                "render window {tile:?} is not inside the output bounds {:?}",
                output.bounds()
            )));
        }
        // The host says kOfxImageEffectPropSupportsMultipleClipDepths = 0.
        if source.depth() != output.depth() {
            return Err(HostError::InvalidRequest(format!(
                "source is {:?} and output {:?}; this host gives all clips one depth",
                source.depth(),
                output.depth()
            )));
        }
        for clip in [SOURCE_CLIP, OUTPUT_CLIP] {
            if self.effect.clip(clip).is_none() {
                return Err(HostError::NoSuchClip(clip.to_owned()));
            }
        }
        Ok(())
    }

    /// Presents the images on the Source and Output clips until the guard is dropped.
    fn bind_images(
        &self,
        args: &RenderArgs,
        source: &HostImage,
        output: &mut HostImage,
    ) -> BoundImages {
        let clips = [(SOURCE_CLIP, source), (OUTPUT_CLIP, &*output)];
        let mut bound = Vec::new();
        for (clip_name, image) in clips {
            let clip = self
                .effect
                .clip(clip_name)
                .expect("checked by check_render");
            clip.set_format(&ClipFormat {
                depth: image.depth(),
                components: image.components(),
                premultiplication: image.premultiplication(),
                pixel_aspect_ratio: 1.0,
                region_of_definition: image.bounds().to_canonical(),
            });
            clip.bind(Some(ImageBinding {
                data: image.data_pointer() as usize,
                bounds: image.bounds(),
                row_bytes: image.row_bytes(),
                depth: image.depth(),
                components: image.components(),
                premultiplication: image.premultiplication(),
                render_scale: args.render_scale,
            }));
            bound.push(clip);
        }
        BoundImages { clips: bound }
    }
}

/// Unbinds the render images from their clips when dropped.
struct BoundImages {
    clips: Vec<Arc<Clip>>,
}

impl Drop for BoundImages {
    fn drop(&mut self) {
        for clip in &self.clips {
            clip.bind(None);
        }
    }
}

impl Drop for Instance<'_> {
    fn drop(&mut self) {
        if !self.destroyed {
            let _ = self.send_destroy();
        }
    }
}
