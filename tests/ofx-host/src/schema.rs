//! The properties each OFX object carries, with the types, dimensions and defaults of the OFX
//! 1.4 spec (ofxCore.h, ofxImageEffect.h, ofxParam.h).
//!
//! A property missing from here is unknown to this host: the plugin gets `kOfxStatErrUnknown`,
//! and the host records a diagnostic, exactly as with a strict real host.

use std::sync::Arc;

use ofx_bindings::raw;

use crate::context::Context;
use crate::effect::ImageBinding;
use crate::host::HostShared;
use crate::names::name;
use crate::param::ParamType;
use crate::property::{PropertySet, SetKind, Values};

/// The `kOfxPropName` this host reports.
pub const HOST_NAME: &str = "io.amfx.testhost";
/// The project every instance lives in.
pub(crate) const PROJECT_SIZE: [f64; 2] = [1920.0, 1080.0];
pub(crate) const FRAME_RATE: f64 = 24.0;
pub(crate) const FRAME_RANGE: [f64; 2] = [0.0, 100.0];

/// Declares properties on a set, naming them by their bindgen constants.
struct Declare<'a>(&'a PropertySet);

impl Declare<'_> {
    fn string(&self, property: &'static [u8], value: &str) -> &Self {
        self.0.define_fixed(name(property), Values::string(value));
        self
    }

    /// A string property of variable dimension.
    fn strings(&self, property: &'static [u8], values: &[&str]) -> &Self {
        self.0
            .define_variable(name(property), Values::strings(values));
        self
    }

    fn int(&self, property: &'static [u8], value: i32) -> &Self {
        self.0.define_fixed(name(property), Values::int(value));
        self
    }

    /// An int property with one fixed dimension per value.
    fn ints(&self, property: &'static [u8], values: &[i32]) -> &Self {
        self.0
            .define_fixed(name(property), Values::Int(values.to_vec()));
        self
    }

    /// An int property of variable dimension.
    fn int_list(&self, property: &'static [u8], values: &[i32]) -> &Self {
        self.0
            .define_variable(name(property), Values::Int(values.to_vec()));
        self
    }

    fn double(&self, property: &'static [u8], value: f64) -> &Self {
        self.0.define_fixed(name(property), Values::double(value));
        self
    }

    /// A double property with one fixed dimension per value.
    fn doubles(&self, property: &'static [u8], values: &[f64]) -> &Self {
        self.0
            .define_fixed(name(property), Values::Double(values.to_vec()));
        self
    }

    /// A pointer property, NULL by default.
    fn pointer(&self, property: &'static [u8]) -> &Self {
        self.0.define_fixed(name(property), Values::pointer(0));
        self
    }
}

/// The host's own properties (`OfxHost::host`): a capable host that renders on the CPU.
pub(crate) fn host(shared: &Arc<HostShared>) -> PropertySet {
    use raw::*;
    let set = PropertySet::new(SetKind::Host, shared);
    let all_components = [
        name(kOfxImageComponentRGBA),
        name(kOfxImageComponentRGB),
        name(kOfxImageComponentAlpha),
    ];
    let all_depths = [
        name(kOfxBitDepthFloat),
        name(kOfxBitDepthShort),
        name(kOfxBitDepthByte),
    ];
    Declare(&set)
        .int_list(kOfxPropAPIVersion, &[1, 4])
        .string(kOfxPropType, name(kOfxTypeImageEffectHost))
        .string(kOfxPropName, HOST_NAME)
        .string(kOfxPropLabel, "amfx OFX test host")
        .int_list(kOfxPropVersion, &[0, 1, 0])
        .string(kOfxPropVersionLabel, env!("CARGO_PKG_VERSION"))
        .pointer(kOfxPropHostOSHandle)
        .int(kOfxImageEffectHostPropIsBackground, 0)
        .string(
            kOfxImageEffectHostPropNativeOrigin,
            name(kOfxHostNativeOriginBottomLeft),
        )
        .int(kOfxImageEffectPropSupportsOverlays, 0)
        .int(kOfxImageEffectPropSupportsMultiResolution, 1)
        .int(kOfxImageEffectPropSupportsTiles, 1)
        .int(kOfxImageEffectPropTemporalClipAccess, 0)
        .strings(kOfxImageEffectPropSupportedComponents, &all_components)
        .strings(
            kOfxImageEffectPropSupportedContexts,
            &[
                name(kOfxImageEffectContextFilter),
                name(kOfxImageEffectContextGeneral),
            ],
        )
        .strings(kOfxImageEffectPropSupportedPixelDepths, &all_depths)
        .int(kOfxImageEffectPropSupportsMultipleClipDepths, 0)
        .int(kOfxImageEffectPropSupportsMultipleClipPARs, 0)
        .int(kOfxImageEffectPropSetableFrameRate, 0)
        .int(kOfxImageEffectPropSetableFielding, 0)
        .int(kOfxImageEffectInstancePropSequentialRender, 0)
        .string(kOfxImageEffectPropOpenGLRenderSupported, "false")
        .string(kOfxImageEffectPropCudaRenderSupported, "false")
        .string(kOfxImageEffectPropMetalRenderSupported, "false")
        .string(kOfxImageEffectPropOpenCLRenderSupported, "false")
        .int(kOfxImageEffectPropRenderQualityDraft, 0)
        .int(kOfxParamHostPropSupportsCustomInteract, 0)
        // Values never animate in this host.
        .int(kOfxParamHostPropSupportsCustomAnimation, 0)
        .int(kOfxParamHostPropSupportsStringAnimation, 0)
        .int(kOfxParamHostPropSupportsChoiceAnimation, 0)
        .int(kOfxParamHostPropSupportsBooleanAnimation, 0)
        .int(kOfxParamHostPropSupportsParametricAnimation, 0)
        .int(kOfxParamHostPropMaxParameters, -1)
        .int(kOfxParamHostPropMaxPages, 10)
        .ints(kOfxParamHostPropPageRowColumnCount, &[10, 2]);
    set
}

/// The plugin descriptor handed to `kOfxActionDescribe`.
pub(crate) fn effect_descriptor(shared: &Arc<HostShared>, bundle_path: &str) -> PropertySet {
    use raw::*;
    let set = PropertySet::new(SetKind::EffectDescriptor, shared);
    Declare(&set)
        .string(kOfxPropType, name(kOfxTypeImageEffect))
        .string(kOfxPropLabel, "")
        .string(kOfxPropShortLabel, "")
        .string(kOfxPropLongLabel, "")
        .int_list(kOfxPropVersion, &[])
        .string(kOfxPropVersionLabel, "")
        .string(kOfxPropPluginDescription, "")
        .strings(kOfxPropIcon, &["", ""])
        .string(kOfxPluginPropFilePath, bundle_path)
        .string(kOfxImageEffectPluginPropGrouping, "")
        .strings(kOfxImageEffectPropSupportedContexts, &[])
        .strings(kOfxImageEffectPropSupportedPixelDepths, &[])
        .int(kOfxImageEffectPluginPropSingleInstance, 0)
        .string(
            kOfxImageEffectPluginRenderThreadSafety,
            name(kOfxImageEffectRenderInstanceSafe),
        )
        .int(kOfxImageEffectPluginPropHostFrameThreading, 1)
        .pointer(kOfxImageEffectPluginPropOverlayInteractV1)
        .pointer(kOfxImageEffectPluginPropOverlayInteractV2)
        .int(kOfxImageEffectPropSupportsMultiResolution, 1)
        .int(kOfxImageEffectPropSupportsTiles, 1)
        .int(kOfxImageEffectPropTemporalClipAccess, 0)
        .int(kOfxImageEffectPluginPropFieldRenderTwiceAlways, 1)
        .int(kOfxImageEffectPropSupportsMultipleClipDepths, 0)
        .int(kOfxImageEffectPropSupportsMultipleClipPARs, 0)
        .strings(kOfxImageEffectPropClipPreferencesSlaveParam, &[])
        .string(kOfxImageEffectPropOpenGLRenderSupported, "false")
        .string(kOfxImageEffectPropCudaRenderSupported, "false")
        .string(kOfxImageEffectPropCudaStreamSupported, "false")
        .string(kOfxImageEffectPropMetalRenderSupported, "false")
        .string(kOfxImageEffectPropOpenCLRenderSupported, "false");
    set
}

/// What an instance adds to the properties its descriptor described.
pub(crate) fn add_instance_properties(set: &PropertySet, context: Context) {
    use raw::*;
    set.set_string(name(kOfxPropType), 0, name(kOfxTypeImageEffectInstance));
    Declare(set)
        .string(kOfxImageEffectPropContext, context.ofx_name())
        .pointer(kOfxPropInstanceData)
        .int(kOfxPropIsInteractive, 0)
        .doubles(kOfxImageEffectPropProjectSize, &PROJECT_SIZE)
        .doubles(kOfxImageEffectPropProjectOffset, &[0.0, 0.0])
        .doubles(kOfxImageEffectPropProjectExtent, &PROJECT_SIZE)
        .double(kOfxImageEffectPropProjectPixelAspectRatio, 1.0)
        .double(
            kOfxImageEffectInstancePropEffectDuration,
            FRAME_RANGE[1] - FRAME_RANGE[0],
        )
        .int(kOfxImageEffectInstancePropSequentialRender, 0)
        .double(kOfxImageEffectPropFrameRate, FRAME_RATE);
}

/// A clip descriptor handed back by `clipDefine`.
pub(crate) fn clip_descriptor(shared: &Arc<HostShared>, clip_name: &str) -> PropertySet {
    use raw::*;
    let set = PropertySet::new(SetKind::ClipDescriptor, shared);
    Declare(&set)
        .string(kOfxPropType, name(kOfxTypeClip))
        .string(kOfxPropName, clip_name)
        .string(kOfxPropLabel, clip_name)
        .string(kOfxPropShortLabel, clip_name)
        .string(kOfxPropLongLabel, clip_name)
        .strings(kOfxImageEffectPropSupportedComponents, &[])
        .int(kOfxImageEffectPropTemporalClipAccess, 0)
        .int(kOfxImageClipPropOptional, 0)
        .string(
            kOfxImageClipPropFieldExtraction,
            name(kOfxImageFieldDoubled),
        )
        .int(kOfxImageClipPropIsMask, 0)
        .int(kOfxImageEffectPropSupportsTiles, 1);
    set
}

/// What a clip instance adds to its descriptor's properties (values set by `Clip::set_format`).
pub(crate) fn add_clip_instance_properties(set: &PropertySet) {
    use raw::*;
    Declare(set)
        .string(kOfxImageEffectPropPixelDepth, name(kOfxBitDepthNone))
        .string(kOfxImageEffectPropComponents, name(kOfxImageComponentNone))
        .string(kOfxImageClipPropUnmappedPixelDepth, name(kOfxBitDepthNone))
        .string(
            kOfxImageClipPropUnmappedComponents,
            name(kOfxImageComponentNone),
        )
        .string(kOfxImageEffectPropPreMultiplication, name(kOfxImageOpaque))
        .double(kOfxImagePropPixelAspectRatio, 1.0)
        .double(kOfxImageEffectPropFrameRate, FRAME_RATE)
        .doubles(kOfxImageEffectPropFrameRange, &FRAME_RANGE)
        .string(kOfxImageClipPropFieldOrder, name(kOfxImageFieldNone))
        .int(kOfxImageClipPropConnected, 1)
        .doubles(kOfxImageEffectPropUnmappedFrameRange, &FRAME_RANGE)
        .double(kOfxImageEffectPropUnmappedFrameRate, FRAME_RATE)
        .int(kOfxImageClipPropContinuousSamples, 0);
}

/// The property set of a parameter set (`paramSetGetPropertySet`).
pub(crate) fn param_set(shared: &Arc<HostShared>) -> PropertySet {
    use raw::*;
    let set = PropertySet::new(SetKind::ParamSet, shared);
    Declare(&set)
        .strings(kOfxPluginPropParamPageOrder, &[])
        .int(kOfxPropParamSetNeedsSyncing, 0);
    set
}

/// A parameter descriptor handed back by `paramDefine`.
pub(crate) fn param_descriptor(
    shared: &Arc<HostShared>,
    param_type: ParamType,
    param_name: &str,
) -> PropertySet {
    use raw::*;
    let set = PropertySet::new(SetKind::ParamDescriptor, shared);
    let declare = Declare(&set);
    declare
        .string(kOfxPropType, name(kOfxTypeParameter))
        .string(kOfxPropName, param_name)
        .string(kOfxPropLabel, param_name)
        .string(kOfxPropShortLabel, param_name)
        .string(kOfxPropLongLabel, param_name)
        .string(kOfxParamPropType, param_type.ofx_name())
        .int(kOfxParamPropSecret, 0)
        .string(kOfxParamPropHint, "")
        .string(kOfxParamPropScriptName, param_name)
        .string(kOfxParamPropParent, "")
        .int(kOfxParamPropEnabled, 1)
        .pointer(kOfxParamPropDataPtr)
        .strings(kOfxPropIcon, &["", ""])
        .pointer(kOfxParamPropInteractV1)
        .doubles(kOfxParamPropInteractSize, &[0.0, 0.0])
        .double(kOfxParamPropInteractSizeAspect, 1.0)
        .ints(kOfxParamPropInteractMinimumSize, &[10, 10])
        .ints(kOfxParamPropInteractPreferedSize, &[10, 10])
        .int(kOfxParamPropHasHostOverlayHandle, 0)
        .int(kOfxParamPropUseHostOverlayHandle, 0);

    let Some((_, count)) = param_type.shape() else {
        match param_type {
            ParamType::Group => declare.int(kOfxParamPropGroupOpen, 1),
            ParamType::Page => declare.strings(kOfxParamPropPageChild, &[]),
            _ => &declare,
        };
        return set;
    };
    declare
        .int(kOfxParamPropAnimates, 1)
        .int(kOfxParamPropIsAnimating, 0)
        .int(kOfxParamPropIsAutoKeying, 0)
        .int(kOfxParamPropPersistant, 1)
        .int(kOfxParamPropEvaluateOnChange, 1)
        .int(kOfxParamPropPluginMayWrite, 0)
        .int(kOfxParamPropCanUndo, 1)
        .string(
            kOfxParamPropCacheInvalidation,
            name(kOfxParamInvalidateValueChange),
        );

    match param_type {
        ParamType::Double
        | ParamType::Double2D
        | ParamType::Double3D
        | ParamType::Rgb
        | ParamType::Rgba => {
            let zeros = vec![0.0; count];
            let lowest = vec![-f64::MAX; count];
            let highest = vec![f64::MAX; count];
            declare
                .doubles(kOfxParamPropDefault, &zeros)
                .doubles(kOfxParamPropMin, &lowest)
                .doubles(kOfxParamPropMax, &highest)
                .doubles(kOfxParamPropDisplayMin, &lowest)
                .doubles(kOfxParamPropDisplayMax, &highest)
                .double(kOfxParamPropIncrement, 1.0)
                .int(kOfxParamPropDigits, 2)
                .string(kOfxParamPropDoubleType, name(kOfxParamDoubleTypePlain))
                .string(
                    kOfxParamPropDefaultCoordinateSystem,
                    name(kOfxParamCoordinatesCanonical),
                )
                .int(kOfxParamPropShowTimeMarker, 0);
        }
        ParamType::Integer | ParamType::Integer2D | ParamType::Integer3D => {
            let lowest = vec![i32::MIN; count];
            let highest = vec![i32::MAX; count];
            declare
                .ints(kOfxParamPropDefault, &vec![0; count])
                .ints(kOfxParamPropMin, &lowest)
                .ints(kOfxParamPropMax, &highest)
                .ints(kOfxParamPropDisplayMin, &lowest)
                .ints(kOfxParamPropDisplayMax, &highest);
        }
        ParamType::Boolean => {
            declare.int(kOfxParamPropDefault, 0);
        }
        ParamType::Choice => {
            declare
                .int(kOfxParamPropDefault, 0)
                .strings(kOfxParamPropChoiceOption, &[]);
        }
        ParamType::String => {
            declare
                .string(kOfxParamPropDefault, "")
                .string(kOfxParamPropStringMode, name(kOfxParamStringIsSingleLine))
                .int(kOfxParamPropStringFilePathExists, 1);
        }
        ParamType::Custom => {
            declare
                .string(kOfxParamPropDefault, "")
                .pointer(kOfxParamPropCustomInterpCallbackV1);
        }
        ParamType::Group | ParamType::Page | ParamType::PushButton => {}
    }
    let dimension_labels: &[&str] = match param_type {
        ParamType::Double2D | ParamType::Integer2D => &["x", "y"],
        ParamType::Double3D | ParamType::Integer3D => &["x", "y", "z"],
        ParamType::Rgb => &["r", "g", "b"],
        ParamType::Rgba => &["r", "g", "b", "a"],
        _ => &[],
    };
    if !dimension_labels.is_empty() {
        declare.strings(kOfxParamPropDimensionLabel, dimension_labels);
    }
    set
}

/// The property set describing one image returned by `clipGetImage`.
pub(crate) fn image(shared: &Arc<HostShared>, binding: &ImageBinding) -> PropertySet {
    use raw::*;
    let set = PropertySet::new(SetKind::Image, shared);
    let unique_id = format!("{HOST_NAME}/image/{}", shared.next_image_id());
    Declare(&set)
        .string(kOfxPropType, name(kOfxTypeImage))
        .string(kOfxImageEffectPropPixelDepth, binding.depth.ofx_name())
        .string(kOfxImageEffectPropComponents, binding.components.ofx_name())
        .string(
            kOfxImageEffectPropPreMultiplication,
            binding.premultiplication.ofx_name(),
        )
        .doubles(kOfxImageEffectPropRenderScale, &binding.render_scale)
        .double(kOfxImagePropPixelAspectRatio, 1.0)
        .ints(kOfxImagePropBounds, &binding.bounds.to_array())
        .ints(kOfxImagePropRegionOfDefinition, &binding.bounds.to_array())
        .int(kOfxImagePropRowBytes, binding.row_bytes as i32)
        .string(kOfxImagePropField, name(kOfxImageFieldNone))
        .string(kOfxImagePropUniqueIdentifier, &unique_id);
    set.define_fixed(name(kOfxImagePropData), Values::pointer(binding.data));
    set
}

/// An empty argument set for one action call.
pub(crate) fn action_arguments(shared: &Arc<HostShared>) -> PropertySet {
    PropertySet::new(SetKind::ActionArguments, shared)
}
