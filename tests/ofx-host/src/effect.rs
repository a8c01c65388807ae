//! Image effects (descriptors and instances) and their clips.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use ofx_bindings::raw;

use crate::context::Context;
use crate::format::{Components, PixelDepth, Premultiplication};
use crate::geometry::{RectD, RectI};
use crate::host::HostShared;
use crate::message::MessageLog;
use crate::names::name;
use crate::param::ParamSet;
use crate::property::{PropertySet, SetKind};
use crate::registry::Registered;
use crate::schema;
use crate::status::Status;
use crate::sync::{lock, read, write};

/// What an effect handle stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EffectRole {
    /// The handle passed to `kOfxActionDescribe`.
    PluginDescriptor,
    /// The handle passed to `kOfxImageEffectActionDescribeInContext`.
    ContextDescriptor,
    Instance,
}

pub(crate) struct Effect {
    pub(crate) role: EffectRole,
    pub(crate) props: Registered<PropertySet>,
    pub(crate) params: Registered<ParamSet>,
    clips: Mutex<Vec<Registered<Clip>>>,
    pub(crate) messages: MessageLog,
    pub(crate) shared: Arc<HostShared>,
}

impl Effect {
    pub(crate) fn plugin_descriptor(shared: &Arc<HostShared>, bundle_path: &str) -> Effect {
        Effect {
            role: EffectRole::PluginDescriptor,
            props: Registered::new(schema::effect_descriptor(shared, bundle_path)),
            params: Registered::new(ParamSet::descriptor(shared)),
            clips: Mutex::new(Vec::new()),
            messages: MessageLog::default(),
            shared: Arc::clone(shared),
        }
    }

    /// A fresh descriptor for one context, starting from what `kOfxActionDescribe` set.
    pub(crate) fn context_descriptor(plugin: &Effect) -> Effect {
        Effect {
            role: EffectRole::ContextDescriptor,
            props: Registered::new(plugin.props.duplicate(SetKind::EffectDescriptor)),
            params: Registered::new(ParamSet::descriptor(&plugin.shared)),
            clips: Mutex::new(Vec::new()),
            messages: MessageLog::default(),
            shared: Arc::clone(&plugin.shared),
        }
    }

    /// An instance built from a context descriptor: parameters at their defaults, clips
    /// connected and formatted as `clip_format` says.
    pub(crate) fn instance(
        descriptor: &Effect,
        context: Context,
        clip_format: &ClipFormat,
    ) -> Effect {
        let props = descriptor.props.duplicate(SetKind::EffectInstance);
        schema::add_instance_properties(&props, context);
        let clips = descriptor
            .clips()
            .iter()
            .map(|clip| Registered::new(Clip::instance(clip, clip_format)))
            .collect();
        Effect {
            role: EffectRole::Instance,
            props: Registered::new(props),
            params: Registered::new(ParamSet::instantiate(&descriptor.params)),
            clips: Mutex::new(clips),
            messages: MessageLog::default(),
            shared: Arc::clone(&descriptor.shared),
        }
    }

    /// `clipDefine`: only descriptors define clips, and each name once.
    pub(crate) fn define_clip(&self, clip_name: &str) -> Result<Arc<Clip>, Status> {
        if self.role == EffectRole::Instance {
            return Err(Status::ERR_UNSUPPORTED);
        }
        let mut clips = lock(&self.clips);
        if clips.iter().any(|c| c.name == clip_name) {
            return Err(Status::ERR_EXISTS);
        }
        let clip = Registered::new(Clip::descriptor(&self.shared, clip_name));
        let arc = Arc::clone(clip.arc());
        clips.push(clip);
        Ok(arc)
    }

    pub(crate) fn clip(&self, clip_name: &str) -> Option<Arc<Clip>> {
        lock(&self.clips)
            .iter()
            .find(|c| c.name == clip_name)
            .map(|c| Arc::clone(c.arc()))
    }

    /// All clips in definition order.
    pub(crate) fn clips(&self) -> Vec<Arc<Clip>> {
        lock(&self.clips)
            .iter()
            .map(|c| Arc::clone(c.arc()))
            .collect()
    }
}

/// How the host presents a clip: the format of the images it delivers on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClipFormat {
    pub depth: PixelDepth,
    pub components: Components,
    pub premultiplication: Premultiplication,
    pub pixel_aspect_ratio: f64,
    /// The clip's region of definition, in canonical coordinates.
    pub region_of_definition: RectD,
}

impl ClipFormat {
    /// Float RGBA over `region_of_definition`.
    pub fn float_rgba(region_of_definition: RectD) -> ClipFormat {
        ClipFormat {
            depth: PixelDepth::Float,
            components: Components::Rgba,
            premultiplication: Premultiplication::PreMultiplied,
            pixel_aspect_ratio: 1.0,
            region_of_definition,
        }
    }
}

/// The image a clip delivers during a render: the host's buffer, described for OFX.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ImageBinding {
    pub(crate) data: usize,
    pub(crate) bounds: RectI,
    pub(crate) row_bytes: isize,
    pub(crate) depth: PixelDepth,
    pub(crate) components: Components,
    pub(crate) premultiplication: Premultiplication,
    pub(crate) render_scale: [f64; 2],
}

pub(crate) struct Clip {
    pub(crate) name: String,
    pub(crate) props: Registered<PropertySet>,
    binding: RwLock<Option<ImageBinding>>,
    region_of_definition: Mutex<RectD>,
    /// Images fetched and not yet released.
    outstanding: AtomicUsize,
    pub(crate) shared: Arc<HostShared>,
}

impl Clip {
    fn descriptor(shared: &Arc<HostShared>, clip_name: &str) -> Clip {
        Clip {
            name: clip_name.to_owned(),
            props: Registered::new(schema::clip_descriptor(shared, clip_name)),
            binding: RwLock::new(None),
            region_of_definition: Mutex::new(RectD::new(0.0, 0.0, 0.0, 0.0)),
            outstanding: AtomicUsize::new(0),
            shared: Arc::clone(shared),
        }
    }

    fn instance(descriptor: &Clip, format: &ClipFormat) -> Clip {
        let props = descriptor.props.duplicate(SetKind::ClipInstance);
        schema::add_clip_instance_properties(&props);
        let clip = Clip {
            name: descriptor.name.clone(),
            props: Registered::new(props),
            binding: RwLock::new(None),
            region_of_definition: Mutex::new(format.region_of_definition),
            outstanding: AtomicUsize::new(0),
            shared: Arc::clone(&descriptor.shared),
        };
        clip.set_format(format);
        clip
    }

    /// Presents the clip with a new format (what a host does after clip preferences or when
    /// the input changes).
    pub(crate) fn set_format(&self, format: &ClipFormat) {
        let props = &self.props;
        for depth in [
            name(raw::kOfxImageEffectPropPixelDepth),
            name(raw::kOfxImageClipPropUnmappedPixelDepth),
        ] {
            props.set_string(depth, 0, format.depth.ofx_name());
        }
        for components in [
            name(raw::kOfxImageEffectPropComponents),
            name(raw::kOfxImageClipPropUnmappedComponents),
        ] {
            props.set_string(components, 0, format.components.ofx_name());
        }
        props.set_string(
            name(raw::kOfxImageEffectPropPreMultiplication),
            0,
            format.premultiplication.ofx_name(),
        );
        props.set_host(
            name(raw::kOfxImagePropPixelAspectRatio),
            vec![format.pixel_aspect_ratio],
        );
        *lock(&self.region_of_definition) = format.region_of_definition;
    }

    pub(crate) fn region_of_definition(&self) -> RectD {
        *lock(&self.region_of_definition)
    }

    pub(crate) fn bind(&self, binding: Option<ImageBinding>) {
        *write(&self.binding) = binding;
    }

    pub(crate) fn binding(&self) -> Option<ImageBinding> {
        *read(&self.binding)
    }

    pub(crate) fn image_fetched(&self) {
        self.outstanding.fetch_add(1, Ordering::SeqCst);
    }

    pub(crate) fn image_released(&self) {
        self.outstanding.fetch_sub(1, Ordering::SeqCst);
    }

    pub(crate) fn outstanding_images(&self) -> usize {
        self.outstanding.load(Ordering::SeqCst)
    }
}
