//! Image effect handles: the descriptor seen in describe actions and the instance seen afterwards.

use std::ffi::c_void;

use crate::clip::{Clip, ClipDescriptor};
use crate::error::{Error, Result, Status};
use crate::host::{suites, Suites};
use crate::message::{self, MessageKind};
use crate::names::{to_cstring, OfxName};
use crate::param::{ParamSet, ParamSetDescriptor};
use crate::property::PropertySet;
use crate::raw;

/// The contexts an effect can be used in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Filter,
    General,
    Generator,
    Transition,
    Paint,
    Retimer,
}

impl Context {
    pub const ALL: [Context; 6] = [
        Context::Filter,
        Context::General,
        Context::Generator,
        Context::Transition,
        Context::Paint,
        Context::Retimer,
    ];

    pub fn name(self) -> &'static dyn OfxName {
        match self {
            Context::Filter => raw::kOfxImageEffectContextFilter,
            Context::General => raw::kOfxImageEffectContextGeneral,
            Context::Generator => raw::kOfxImageEffectContextGenerator,
            Context::Transition => raw::kOfxImageEffectContextTransition,
            Context::Paint => raw::kOfxImageEffectContextPaint,
            Context::Retimer => raw::kOfxImageEffectContextRetimer,
        }
    }

    pub fn parse(value: &str) -> Option<Context> {
        Context::ALL
            .into_iter()
            .find(|c| c.name().display() == value)
    }
}

/// What both the descriptor and the instance are: a handle plus the suites to reach it.
#[derive(Clone, Copy)]
struct EffectHandle {
    handle: raw::OfxImageEffectHandle,
    suites: Suites,
}

// SAFETY: effect handles are host objects the OFX standard lets render threads use.
unsafe impl Send for EffectHandle {}
unsafe impl Sync for EffectHandle {}

impl EffectHandle {
    fn new(handle: *const c_void) -> Result<Self> {
        if handle.is_null() {
            return Err(Error::NullHandle("image effect handle"));
        }
        Ok(EffectHandle {
            handle: handle as raw::OfxImageEffectHandle,
            suites: suites()?,
        })
    }

    fn properties(&self) -> Result<PropertySet> {
        let f = self
            .suites
            .image_effect
            .getPropertySet
            .ok_or(Error::MissingFunction {
                suite: "image effect",
                function: "getPropertySet",
            })?;
        let mut props: raw::OfxPropertySetHandle = std::ptr::null_mut();
        // SAFETY: valid effect handle and out pointer.
        let status = unsafe { f(self.handle, &mut props) };
        Status(status).check("getPropertySet", || "image effect".into())?;
        PropertySet::new(props, self.suites.property)
    }

    fn param_set(&self) -> Result<raw::OfxParamSetHandle> {
        let f = self
            .suites
            .image_effect
            .getParamSet
            .ok_or(Error::MissingFunction {
                suite: "image effect",
                function: "getParamSet",
            })?;
        let mut params: raw::OfxParamSetHandle = std::ptr::null_mut();
        // SAFETY: valid effect handle and out pointer.
        let status = unsafe { f(self.handle, &mut params) };
        Status(status).check("getParamSet", || "image effect".into())?;
        Ok(params)
    }
}

/// The plugin descriptor (describe) or the context descriptor (describeInContext).
pub struct EffectDescriptor(EffectHandle);

impl EffectDescriptor {
    pub(crate) fn new(handle: *const c_void) -> Result<Self> {
        Ok(EffectDescriptor(EffectHandle::new(handle)?))
    }

    pub fn properties(&self) -> Result<PropertySet> {
        self.0.properties()
    }

    pub fn params(&self) -> Result<ParamSetDescriptor> {
        ParamSetDescriptor::new(self.0.param_set()?, self.0.suites.parameter)
    }

    pub fn define_clip(&self, name: &str) -> Result<ClipDescriptor> {
        let f = self
            .0
            .suites
            .image_effect
            .clipDefine
            .ok_or(Error::MissingFunction {
                suite: "image effect",
                function: "clipDefine",
            })?;
        let c_name = to_cstring(name);
        let mut props: raw::OfxPropertySetHandle = std::ptr::null_mut();
        // SAFETY: valid descriptor handle and name; the host copies the name.
        let status = unsafe { f(self.0.handle, c_name.as_ptr(), &mut props) };
        Status(status).check("clipDefine", || name.to_string())?;
        Ok(ClipDescriptor::new(PropertySet::new(
            props,
            self.0.suites.property,
        )?))
    }
}

/// An effect instance, as seen in every action after createInstance.
#[derive(Clone, Copy)]
pub struct EffectInstance(EffectHandle);

impl EffectInstance {
    pub(crate) fn new(handle: *const c_void) -> Result<Self> {
        Ok(EffectInstance(EffectHandle::new(handle)?))
    }

    pub fn raw(&self) -> *mut c_void {
        self.0.handle as *mut c_void
    }

    pub fn properties(&self) -> Result<PropertySet> {
        self.0.properties()
    }

    pub fn params(&self) -> Result<ParamSet> {
        ParamSet::new(self.0.param_set()?, self.0.suites.parameter)
    }

    pub fn clip(&self, name: &str) -> Result<Clip> {
        Clip::get(self.0.handle, self.0.suites.image_effect, name)
    }

    pub fn context(&self) -> Result<Context> {
        let value = self
            .properties()?
            .get_string(raw::kOfxImageEffectPropContext, 0)?;
        Context::parse(&value).ok_or(Error::BadValue {
            what: "effect context".into(),
            value,
        })
    }

    /// True when the host wants the current render abandoned (the user moved on).
    pub fn aborted(&self) -> bool {
        match self.0.suites.image_effect.abort {
            // SAFETY: valid instance handle.
            Some(abort) => unsafe { abort(self.0.handle) != 0 },
            None => false,
        }
    }

    pub fn set_persistent_message(&self, kind: MessageKind, text: &str) {
        message::set_persistent(self.raw(), kind, text);
    }

    pub fn clear_persistent_message(&self) {
        message::clear_persistent(self.raw());
    }

    pub fn post_message(&self, kind: MessageKind, text: &str) {
        message::post(self.raw(), kind, text);
    }
}
