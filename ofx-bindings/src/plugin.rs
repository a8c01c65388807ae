//! The one safe trait a plugin implements, and the entry point that dispatches host actions to it.
//!
//! Every call from the host goes through [`main_entry`], which catches panics and turns them and
//! every error into a non-OK status plus a message to the user: nothing unwinds into the host.

use std::any::Any;
use std::ffi::{c_char, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::clip::{RectD, RectI};
use crate::effect::{Context, EffectDescriptor, EffectInstance};
use crate::error::{Error, Result, Status};
use crate::message::{self, MessageKind};
use crate::names::{is, OfxName};
use crate::property::PropertySet;
use crate::{colour, host, raw};

/// How an action that may defer to the host ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The plugin handled the action and wrote its out args.
    Handled,
    /// The host should do its default.
    Default,
}

/// Arguments of kOfxImageEffectActionRender.
#[derive(Clone, Debug)]
pub struct RenderArgs {
    pub time: f64,
    pub window: RectI,
    pub render_scale: [f64; 2],
    pub field: String,
    pub sequential: bool,
    pub interactive: bool,
    pub draft: bool,
}

/// Arguments of kOfxImageEffectActionIsIdentity.
#[derive(Clone, Copy, Debug)]
pub struct IdentityArgs {
    pub time: f64,
    pub window: RectI,
    pub render_scale: [f64; 2],
}

/// Which clip (and time) an identity effect passes through.
#[derive(Clone, Debug)]
pub struct Identity {
    pub clip: String,
    pub time: f64,
}

/// Arguments of kOfxActionInstanceChanged.
#[derive(Clone, Debug)]
pub struct InstanceChange {
    /// `true` for a parameter, `false` for a clip.
    pub is_param: bool,
    pub name: String,
    /// kOfxChangeUserEdited, kOfxChangePluginEdited or kOfxChangeTime.
    pub reason: String,
    pub time: f64,
}

/// The out args of kOfxImageEffectActionGetClipPreferences.
pub struct ClipPreferences(PropertySet);

impl ClipPreferences {
    pub fn properties(&self) -> PropertySet {
        self.0
    }

    /// Per-clip out args are named by a prefix with the clip's name appended.
    fn clip_prop(prefix: &str, clip: &str) -> std::ffi::CString {
        crate::names::to_cstring(&format!("{prefix}{clip}"))
    }

    pub fn set_components(&self, clip: &str, components: crate::clip::Components) -> Result<()> {
        self.0.set_name(
            &Self::clip_prop("OfxImageClipPropComponents_", clip),
            0,
            components.name(),
        )
    }

    pub fn set_depth(&self, clip: &str, depth: crate::clip::BitDepth) -> Result<()> {
        self.0.set_name(
            &Self::clip_prop("OfxImageClipPropDepth_", clip),
            0,
            depth.name(),
        )
    }

    /// Asks the host for images in these colourspaces, best first (OFX 1.5 colour management).
    pub fn set_preferred_colourspaces(&self, clip: &str, spaces: &[&str]) -> Result<()> {
        let prefix = colour::kOfxImageClipPropPreferredColourspaces.display();
        let name = Self::clip_prop(&format!("{prefix}_"), clip);
        for (index, space) in spaces.iter().enumerate() {
            self.0.set_string(&name, index, space)?;
        }
        Ok(())
    }
}

/// An OFX image effect. One type per plugin; its instances hold the per-node state.
pub trait ImageEffect: 'static {
    /// Reverse-domain identifier, e.g. `c"io.amfx.AcesAmf"`.
    const IDENTIFIER: &'static CStr;
    const VERSION_MAJOR: u32;
    const VERSION_MINOR: u32;

    /// Per-node state; shared between render threads.
    type Instance: Send + Sync + 'static;

    fn describe(effect: &EffectDescriptor) -> Result<()>;
    fn describe_in_context(effect: &EffectDescriptor, context: Context) -> Result<()>;
    fn create_instance(effect: &EffectInstance) -> Result<Self::Instance>;

    fn render(instance: &Self::Instance, effect: &EffectInstance, args: &RenderArgs) -> Result<()>;

    fn instance_changed(
        _instance: &Self::Instance,
        _effect: &EffectInstance,
        _change: &InstanceChange,
    ) -> Result<()> {
        Ok(())
    }

    fn is_identity(
        _instance: &Self::Instance,
        _effect: &EffectInstance,
        _args: &IdentityArgs,
    ) -> Result<Option<Identity>> {
        Ok(None)
    }

    fn region_of_definition(
        _instance: &Self::Instance,
        _effect: &EffectInstance,
        _time: f64,
    ) -> Result<Option<RectD>> {
        Ok(None)
    }

    /// Regions each input clip must supply for `region` of the output; `None` lets the host assume
    /// the same region (right for a pixel-wise colour effect).
    fn regions_of_interest(
        _instance: &Self::Instance,
        _effect: &EffectInstance,
        _time: f64,
        _region: RectD,
    ) -> Result<Option<Vec<(String, RectD)>>> {
        Ok(None)
    }

    fn clip_preferences(
        _instance: &Self::Instance,
        _effect: &EffectInstance,
        _out: &ClipPreferences,
    ) -> Result<Reply> {
        Ok(Reply::Default)
    }

    /// OFX 1.5: the colourspace of the output clip, given the host's preferences.
    fn output_colourspace(
        _instance: &Self::Instance,
        _effect: &EffectInstance,
        _preferred: &[String],
    ) -> Result<Option<String>> {
        Ok(None)
    }

    fn begin_sequence_render(_instance: &Self::Instance, _effect: &EffectInstance) -> Result<()> {
        Ok(())
    }

    fn end_sequence_render(_instance: &Self::Instance, _effect: &EffectInstance) -> Result<()> {
        Ok(())
    }

    /// Drop caches the host asks us to drop (kOfxActionPurgeCaches).
    fn purge_caches(_instance: &Self::Instance) {}

    /// The host is about to unload the binary (kOfxActionUnload): stop every thread the plugin
    /// started, since none may run code from an unloaded library.
    fn unload() {}
}

/// `OfxPlugin::setHost`.
pub extern "C" fn set_host(host: *mut raw::OfxHost) {
    host::set_host(host);
}

/// `OfxPlugin::mainEntry` for plugin `P`: the FFI guard around [`dispatch`].
///
/// # Safety
/// Called by the host with the arguments the OFX standard gives each action.
pub unsafe extern "C" fn main_entry<P: ImageEffect>(
    action: *const c_char,
    handle: *const c_void,
    in_args: raw::OfxPropertySetHandle,
    out_args: raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    if action.is_null() {
        return Status::ERR_BAD_HANDLE.0;
    }
    // SAFETY: the host passes a NUL-terminated action name.
    let action = unsafe { CStr::from_ptr(action) };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        dispatch::<P>(action, handle, in_args, out_args)
    }));
    let error = match outcome {
        Ok(Ok(status)) => return status.0,
        Ok(Err(error)) => error,
        Err(payload) => Error::Panic(panic_text(payload.as_ref())),
    };
    report(action, handle, &error);
    error.status().0
}

/// Tells the user what went wrong: on the node for instance actions, else as a one-off message.
fn report(action: &CStr, handle: *const c_void, error: &Error) {
    let text = format!("amfx: {error}");
    let on_instance = !handle.is_null()
        && !is(action, raw::kOfxActionLoad)
        && !is(action, raw::kOfxActionDescribe)
        && !is(action, raw::kOfxImageEffectActionDescribeInContext);
    // The report itself must not unwind into the host either.
    let _ = catch_unwind(|| {
        if on_instance {
            message::set_persistent(handle as *mut c_void, MessageKind::Error, &text);
        } else {
            message::post(std::ptr::null_mut(), MessageKind::Error, &text);
        }
    });
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

fn args(handle: raw::OfxPropertySetHandle, what: &'static str) -> Result<PropertySet> {
    if handle.is_null() {
        return Err(Error::NullHandle(what));
    }
    PropertySet::from_handle(handle)
}

/// The instance state stored in kOfxPropInstanceData.
fn instance_data<'a, P: ImageEffect>(effect: &EffectInstance) -> Result<&'a P::Instance> {
    let ptr = effect
        .properties()?
        .get_pointer(raw::kOfxPropInstanceData, 0)? as *const P::Instance;
    // SAFETY: the pointer was made by Box::into_raw in createInstance and lives until
    // destroyInstance; the host never runs other actions on an instance being destroyed.
    unsafe { ptr.as_ref() }.ok_or(Error::NullHandle(
        "instance data (createInstance did not succeed)",
    ))
}

fn dispatch<P: ImageEffect>(
    action: &CStr,
    handle: *const c_void,
    in_args: raw::OfxPropertySetHandle,
    out_args: raw::OfxPropertySetHandle,
) -> Result<Status> {
    if is(action, raw::kOfxActionLoad) {
        host::load()?;
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxActionUnload) {
        P::unload();
        host::unload();
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxActionDescribe) {
        P::describe(&EffectDescriptor::new(handle)?)?;
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxImageEffectActionDescribeInContext) {
        let name = args(in_args, "describeInContext in args")?
            .get_string(raw::kOfxImageEffectPropContext, 0)?;
        let context = Context::parse(&name).ok_or(Error::BadValue {
            what: "context".into(),
            value: name,
        })?;
        P::describe_in_context(&EffectDescriptor::new(handle)?, context)?;
        return Ok(Status::OK);
    }

    let effect = EffectInstance::new(handle)?;
    if is(action, raw::kOfxActionCreateInstance) {
        let state = Box::new(P::create_instance(&effect)?);
        let ptr = Box::into_raw(state);
        if let Err(error) = effect
            .properties()
            .and_then(|p| p.set_pointer(raw::kOfxPropInstanceData, 0, ptr as *mut c_void))
        {
            // SAFETY: the host did not take the pointer, so we still own it.
            drop(unsafe { Box::from_raw(ptr) });
            return Err(error);
        }
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxActionDestroyInstance) {
        let props = effect.properties()?;
        let ptr = props.get_pointer(raw::kOfxPropInstanceData, 0)? as *mut P::Instance;
        if !ptr.is_null() {
            props.set_pointer(raw::kOfxPropInstanceData, 0, std::ptr::null_mut())?;
            // SAFETY: made by Box::into_raw in createInstance; cleared above so it is freed once.
            drop(unsafe { Box::from_raw(ptr) });
        }
        return Ok(Status::OK);
    }

    let instance = instance_data::<P>(&effect)?;
    if is(action, raw::kOfxImageEffectActionRender) {
        let a = args(in_args, "render in args")?;
        let render = RenderArgs {
            time: a.get_double(raw::kOfxPropTime, 0)?,
            window: RectI::from_array(a.get_ints::<4>(raw::kOfxImageEffectPropRenderWindow)?),
            render_scale: a
                .get_doubles::<2>(raw::kOfxImageEffectPropRenderScale)
                .unwrap_or([1.0, 1.0]),
            field: a
                .get_string(raw::kOfxImageEffectPropFieldToRender, 0)
                .unwrap_or_default(),
            sequential: a
                .get_int(raw::kOfxImageEffectPropSequentialRenderStatus, 0)
                .unwrap_or(0)
                != 0,
            interactive: a
                .get_int(raw::kOfxImageEffectPropInteractiveRenderStatus, 0)
                .unwrap_or(0)
                != 0,
            draft: a
                .get_int(raw::kOfxImageEffectPropRenderQualityDraft, 0)
                .unwrap_or(0)
                != 0,
        };
        P::render(instance, &effect, &render)?;
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxImageEffectActionIsIdentity) {
        let a = args(in_args, "isIdentity in args")?;
        let identity_args = IdentityArgs {
            time: a.get_double(raw::kOfxPropTime, 0)?,
            window: RectI::from_array(a.get_ints::<4>(raw::kOfxImageEffectPropRenderWindow)?),
            render_scale: a
                .get_doubles::<2>(raw::kOfxImageEffectPropRenderScale)
                .unwrap_or([1.0, 1.0]),
        };
        return match P::is_identity(instance, &effect, &identity_args)? {
            Some(identity) => {
                let out = args(out_args, "isIdentity out args")?;
                out.set_string(raw::kOfxPropName, 0, &identity.clip)?;
                out.set_double(raw::kOfxPropTime, 0, identity.time)?;
                Ok(Status::OK)
            }
            None => Ok(Status::REPLY_DEFAULT),
        };
    }
    if is(action, raw::kOfxActionInstanceChanged) {
        let a = args(in_args, "instanceChanged in args")?;
        let change = InstanceChange {
            is_param: a.get_string(raw::kOfxPropType, 0)? == raw::kOfxTypeParameter.display(),
            name: a.get_string(raw::kOfxPropName, 0)?,
            reason: a
                .get_string(raw::kOfxPropChangeReason, 0)
                .unwrap_or_default(),
            time: a.get_double(raw::kOfxPropTime, 0).unwrap_or(0.0),
        };
        P::instance_changed(instance, &effect, &change)?;
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxImageEffectActionGetRegionOfDefinition) {
        let time =
            args(in_args, "getRegionOfDefinition in args")?.get_double(raw::kOfxPropTime, 0)?;
        return match P::region_of_definition(instance, &effect, time)? {
            Some(r) => {
                args(out_args, "getRegionOfDefinition out args")?.set_doubles(
                    raw::kOfxImageEffectPropRegionOfDefinition,
                    &[r.x1, r.y1, r.x2, r.y2],
                )?;
                Ok(Status::OK)
            }
            None => Ok(Status::REPLY_DEFAULT),
        };
    }
    if is(action, raw::kOfxImageEffectActionGetRegionsOfInterest) {
        let a = args(in_args, "getRegionsOfInterest in args")?;
        let [x1, y1, x2, y2] = a.get_doubles::<4>(raw::kOfxImageEffectPropRegionOfInterest)?;
        let time = a.get_double(raw::kOfxPropTime, 0)?;
        return match P::regions_of_interest(instance, &effect, time, RectD { x1, y1, x2, y2 })? {
            Some(regions) => {
                let out = args(out_args, "getRegionsOfInterest out args")?;
                for (clip, r) in regions {
                    let name = crate::names::to_cstring(&format!("OfxImageClipPropRoI_{clip}"));
                    out.set_doubles(&name, &[r.x1, r.y1, r.x2, r.y2])?;
                }
                Ok(Status::OK)
            }
            None => Ok(Status::REPLY_DEFAULT),
        };
    }
    if is(action, raw::kOfxImageEffectActionGetClipPreferences) {
        let out = ClipPreferences(args(out_args, "getClipPreferences out args")?);
        return Ok(match P::clip_preferences(instance, &effect, &out)? {
            Reply::Handled => Status::OK,
            Reply::Default => Status::REPLY_DEFAULT,
        });
    }
    if is(action, colour::kOfxImageEffectActionGetOutputColourspace) {
        let preferred = match PropertySet::from_handle(in_args) {
            Ok(a) => a
                .get_strings(colour::kOfxImageClipPropPreferredColourspaces)
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        return match P::output_colourspace(instance, &effect, &preferred)? {
            Some(space) => {
                args(out_args, "getOutputColourspace out args")?.set_string(
                    colour::kOfxImageClipPropColourspace,
                    0,
                    &space,
                )?;
                Ok(Status::OK)
            }
            None => Ok(Status::REPLY_DEFAULT),
        };
    }
    if is(action, raw::kOfxImageEffectActionBeginSequenceRender) {
        P::begin_sequence_render(instance, &effect)?;
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxImageEffectActionEndSequenceRender) {
        P::end_sequence_render(instance, &effect)?;
        return Ok(Status::OK);
    }
    if is(action, raw::kOfxActionPurgeCaches) {
        P::purge_caches(instance);
        return Ok(Status::OK);
    }
    Ok(Status::REPLY_DEFAULT)
}

/// A static `OfxPlugin` record. The host only reads it, so sharing it between threads is sound.
#[repr(transparent)]
pub struct PluginRecord(pub raw::OfxPlugin);

// SAFETY: the record holds pointers to static strings and functions and is never written.
unsafe impl Sync for PluginRecord {}

impl PluginRecord {
    pub const fn new<P: ImageEffect>() -> Self {
        PluginRecord(raw::OfxPlugin {
            pluginApi: raw::kOfxImageEffectPluginApi.as_ptr() as *const c_char,
            apiVersion: 1,
            pluginIdentifier: P::IDENTIFIER.as_ptr(),
            pluginVersionMajor: P::VERSION_MAJOR,
            pluginVersionMinor: P::VERSION_MINOR,
            setHost: Some(set_host),
            mainEntry: Some(main_entry::<P>),
        })
    }
}

/// Exports `OfxGetNumberOfPlugins` and `OfxGetPlugin` for the listed effects; use once per binary.
#[macro_export]
macro_rules! export_plugins {
    ($($plugin:ty),+ $(,)?) => {
        static OFX_PLUGIN_RECORDS: &[$crate::plugin::PluginRecord] =
            &[$($crate::plugin::PluginRecord::new::<$plugin>()),+];

        #[no_mangle]
        pub extern "C" fn OfxGetNumberOfPlugins() -> ::std::ffi::c_int {
            OFX_PLUGIN_RECORDS.len() as ::std::ffi::c_int
        }

        #[no_mangle]
        pub extern "C" fn OfxGetPlugin(nth: ::std::ffi::c_int) -> *mut $crate::raw::OfxPlugin {
            match usize::try_from(nth).ok().and_then(|i| OFX_PLUGIN_RECORDS.get(i)) {
                Some(record) => &record.0 as *const $crate::raw::OfxPlugin as *mut $crate::raw::OfxPlugin,
                None => ::std::ptr::null_mut(),
            }
        }
    };
}

impl OfxName for std::ffi::CString {
    fn as_cstr(&self) -> &CStr {
        self.as_c_str()
    }
}
