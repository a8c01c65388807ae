//! Parameters: defining them in describeInContext, reading them in an instance.

use std::ffi::{c_int, c_void, CStr};

use crate::error::{Error, Result, Status};
use crate::names::{to_cstring, OfxName};
use crate::property::PropertySet;
use crate::raw;

/// The parameter types amfx defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Double,
    Rgb,
    Double3D,
    Integer,
    Boolean,
    Choice,
    String,
    PushButton,
    Group,
    Page,
}

impl ParamKind {
    fn type_name(self) -> &'static CStr {
        let bytes: &'static [u8] = match self {
            ParamKind::Double => raw::kOfxParamTypeDouble,
            ParamKind::Rgb => raw::kOfxParamTypeRGB,
            ParamKind::Double3D => raw::kOfxParamTypeDouble3D,
            ParamKind::Integer => raw::kOfxParamTypeInteger,
            ParamKind::Boolean => raw::kOfxParamTypeBoolean,
            ParamKind::Choice => raw::kOfxParamTypeChoice,
            ParamKind::String => raw::kOfxParamTypeString,
            ParamKind::PushButton => raw::kOfxParamTypePushButton,
            ParamKind::Group => raw::kOfxParamTypeGroup,
            ParamKind::Page => raw::kOfxParamTypePage,
        };
        CStr::from_bytes_with_nul(bytes).unwrap_or(c"")
    }

    /// How many numeric values the parameter holds (0 for non-numeric kinds).
    pub fn dimension(self) -> usize {
        match self {
            ParamKind::Double | ParamKind::Integer | ParamKind::Boolean | ParamKind::Choice => 1,
            ParamKind::Rgb | ParamKind::Double3D => 3,
            _ => 0,
        }
    }
}

macro_rules! param_fn {
    ($suite:expr, $f:ident) => {
        $suite.$f.ok_or(Error::MissingFunction {
            suite: "parameter",
            function: stringify!($f),
        })?
    };
}

/// The parameter set of an effect descriptor.
pub struct ParamSetDescriptor {
    handle: raw::OfxParamSetHandle,
    suite: &'static raw::OfxParameterSuiteV1,
}

impl ParamSetDescriptor {
    pub(crate) fn new(
        handle: raw::OfxParamSetHandle,
        suite: &'static raw::OfxParameterSuiteV1,
    ) -> Result<Self> {
        if handle.is_null() {
            return Err(Error::NullHandle("parameter set"));
        }
        Ok(ParamSetDescriptor { handle, suite })
    }

    /// Defines a parameter and returns its descriptor for the properties.
    pub fn define(&self, kind: ParamKind, name: &str) -> Result<ParamDescriptor> {
        let f = param_fn!(self.suite, paramDefine);
        let c_name = to_cstring(name);
        let mut props: raw::OfxPropertySetHandle = std::ptr::null_mut();
        // SAFETY: valid param set, type and name; the host copies the name.
        let status = unsafe {
            f(
                self.handle,
                kind.type_name().as_ptr(),
                c_name.as_ptr(),
                &mut props,
            )
        };
        Status(status).check("paramDefine", || name.to_string())?;
        Ok(ParamDescriptor {
            props: PropertySet::from_handle(props)?,
            kind,
        })
    }
}

/// A parameter's descriptor; each setter returns `self` so definitions read as one chain.
pub struct ParamDescriptor {
    props: PropertySet,
    kind: ParamKind,
}

impl ParamDescriptor {
    pub fn properties(&self) -> PropertySet {
        self.props
    }

    pub fn label(&self, label: &str) -> Result<&Self> {
        self.props.set_string(raw::kOfxPropLabel, 0, label)?;
        Ok(self)
    }

    pub fn hint(&self, hint: &str) -> Result<&Self> {
        self.props.set_string(raw::kOfxParamPropHint, 0, hint)?;
        Ok(self)
    }

    pub fn parent(&self, group: &str) -> Result<&Self> {
        self.props.set_string(raw::kOfxParamPropParent, 0, group)?;
        Ok(self)
    }

    pub fn default_doubles(&self, values: &[f64]) -> Result<&Self> {
        self.props.set_doubles(raw::kOfxParamPropDefault, values)?;
        Ok(self)
    }

    pub fn default_int(&self, value: i32) -> Result<&Self> {
        self.props.set_int(raw::kOfxParamPropDefault, 0, value)?;
        Ok(self)
    }

    pub fn default_string(&self, value: &str) -> Result<&Self> {
        self.props.set_string(raw::kOfxParamPropDefault, 0, value)?;
        Ok(self)
    }

    /// Sets the valid range and the slider range of every dimension. Both are set because
    /// Resolve clamps doubles to (-1, 1) when the display range is missing.
    pub fn range(&self, min: f64, max: f64, display_min: f64, display_max: f64) -> Result<&Self> {
        let n = self.kind.dimension().max(1);
        let props: [(&dyn OfxName, f64); 4] = [
            (raw::kOfxParamPropMin, min),
            (raw::kOfxParamPropMax, max),
            (raw::kOfxParamPropDisplayMin, display_min),
            (raw::kOfxParamPropDisplayMax, display_max),
        ];
        for (prop, value) in props {
            self.props.set_doubles(prop, &vec![value; n])?;
        }
        Ok(self)
    }

    /// Valid and slider range of an integer parameter (Resolve defaults integers to 0..0).
    pub fn int_range(&self, min: i32, max: i32) -> Result<&Self> {
        self.props.set_int(raw::kOfxParamPropMin, 0, min)?;
        self.props.set_int(raw::kOfxParamPropMax, 0, max)?;
        self.props.set_int(raw::kOfxParamPropDisplayMin, 0, min)?;
        self.props.set_int(raw::kOfxParamPropDisplayMax, 0, max)?;
        Ok(self)
    }

    /// Hides the parameter from the user (it still saves with the project).
    pub fn secret(&self) -> Result<&Self> {
        self.props.set_bool(raw::kOfxParamPropSecret, true)?;
        Ok(self)
    }

    pub fn increment(&self, step: f64, digits: i32) -> Result<&Self> {
        self.props
            .set_double(raw::kOfxParamPropIncrement, 0, step)?;
        self.props.set_int(raw::kOfxParamPropDigits, 0, digits)?;
        Ok(self)
    }

    pub fn choices(&self, options: &[&str]) -> Result<&Self> {
        for (index, option) in options.iter().enumerate() {
            self.props
                .set_string(raw::kOfxParamPropChoiceOption, index, option)?;
        }
        Ok(self)
    }

    pub fn animates(&self, animates: bool) -> Result<&Self> {
        self.props.set_bool(raw::kOfxParamPropAnimates, animates)?;
        Ok(self)
    }

    pub fn string_is_file_path(&self) -> Result<&Self> {
        self.props.set_name(
            raw::kOfxParamPropStringMode,
            0,
            raw::kOfxParamStringIsFilePath,
        )?;
        self.props
            .set_bool(raw::kOfxParamPropStringFilePathExists, true)?;
        Ok(self)
    }

    /// A multi-line text field (for read-only reports the plugin writes).
    pub fn multi_line(&self) -> Result<&Self> {
        self.props.set_name(
            raw::kOfxParamPropStringMode,
            0,
            raw::kOfxParamStringIsMultiLine,
        )?;
        Ok(self)
    }

    /// Greyed out: the user reads it, the plugin writes it.
    pub fn read_only(&self) -> Result<&Self> {
        self.props.set_bool(raw::kOfxParamPropEnabled, false)?;
        Ok(self)
    }

    /// Not saved with the project (values the plugin recomputes, such as a report).
    pub fn not_persistent(&self) -> Result<&Self> {
        self.props.set_bool(raw::kOfxParamPropPersistant, false)?;
        Ok(self)
    }
}

/// The parameter set of an effect instance.
#[derive(Clone, Copy)]
pub struct ParamSet {
    handle: raw::OfxParamSetHandle,
    suite: &'static raw::OfxParameterSuiteV1,
}

// SAFETY: a host parameter set may be read from render threads (OFX: paramGetValueAtTime).
unsafe impl Send for ParamSet {}
unsafe impl Sync for ParamSet {}

impl ParamSet {
    pub(crate) fn new(
        handle: raw::OfxParamSetHandle,
        suite: &'static raw::OfxParameterSuiteV1,
    ) -> Result<Self> {
        if handle.is_null() {
            return Err(Error::NullHandle("parameter set"));
        }
        Ok(ParamSet { handle, suite })
    }

    pub fn param(&self, name: &str) -> Result<Param> {
        let f = param_fn!(self.suite, paramGetHandle);
        let c_name = to_cstring(name);
        let mut handle: raw::OfxParamHandle = std::ptr::null_mut();
        let mut props: raw::OfxPropertySetHandle = std::ptr::null_mut();
        // SAFETY: valid param set and name; out pointers are ours.
        let status = unsafe { f(self.handle, c_name.as_ptr(), &mut handle, &mut props) };
        Status(status).check("paramGetHandle", || name.to_string())?;
        if handle.is_null() {
            return Err(Error::NullHandle("parameter handle"));
        }
        Ok(Param {
            handle,
            suite: self.suite,
            name: name.to_string(),
            props,
        })
    }
}

/// One parameter of an instance.
pub struct Param {
    handle: raw::OfxParamHandle,
    suite: &'static raw::OfxParameterSuiteV1,
    name: String,
    props: raw::OfxPropertySetHandle,
}

// SAFETY: see ParamSet.
unsafe impl Send for Param {}
unsafe impl Sync for Param {}

impl Param {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn properties(&self) -> Result<PropertySet> {
        PropertySet::from_handle(self.props)
    }

    /// Reads up to four values through the variadic `paramGetValueAtTime`; `N` must be the
    /// parameter's own dimension, since the host writes that many values.
    fn values_at<T: Copy, const N: usize>(&self, time: f64, init: T) -> Result<[T; N]> {
        let f = param_fn!(self.suite, paramGetValueAtTime);
        let mut v = [init; N];
        let p = v.as_mut_ptr();
        // SAFETY: the host writes exactly the parameter's dimension of values of its type into
        // the pointers; callers pick N and T from the kind they defined.
        let status = unsafe {
            match N {
                1 => f(self.handle, time, p),
                2 => f(self.handle, time, p, p.add(1)),
                3 => f(self.handle, time, p, p.add(1), p.add(2)),
                4 => f(self.handle, time, p, p.add(1), p.add(2), p.add(3)),
                _ => return Err(Error::plugin("a parameter has at most four values")),
            }
        };
        Status(status).check("paramGetValueAtTime", || self.name.clone())?;
        Ok(v)
    }

    pub fn double_at(&self, time: f64) -> Result<f64> {
        Ok(self.values_at::<f64, 1>(time, 0.0)?[0])
    }

    pub fn double3_at(&self, time: f64) -> Result<[f64; 3]> {
        self.values_at::<f64, 3>(time, 0.0)
    }

    pub fn int_at(&self, time: f64) -> Result<i32> {
        Ok(self.values_at::<c_int, 1>(time, 0)?[0])
    }

    pub fn bool_at(&self, time: f64) -> Result<bool> {
        Ok(self.int_at(time)? != 0)
    }

    pub fn string_at(&self, time: f64) -> Result<String> {
        let value = self.values_at::<*const std::ffi::c_char, 1>(time, std::ptr::null())?[0];
        if value.is_null() {
            return Ok(String::new());
        }
        // SAFETY: the host returns a NUL-terminated string it owns, valid until the next call.
        Ok(unsafe { CStr::from_ptr(value) }
            .to_string_lossy()
            .into_owned())
    }

    /// Sets an integer-like parameter (int, bool, choice): used for hidden cache-busting counters.
    pub fn set_int(&self, value: i32) -> Result<()> {
        let f = param_fn!(self.suite, paramSetValue);
        // SAFETY: an int parameter takes one int vararg.
        let status = unsafe { f(self.handle, value as c_int) };
        Status(status).check("paramSetValue", || self.name.clone())
    }

    /// Sets a string parameter (outside render: the plugin's reports).
    pub fn set_string(&self, value: &str) -> Result<()> {
        let f = param_fn!(self.suite, paramSetValue);
        let c_value = to_cstring(value);
        // SAFETY: a string parameter takes one `const char*` vararg, copied by the host.
        let status = unsafe { f(self.handle, c_value.as_ptr()) };
        Status(status).check("paramSetValue", || self.name.clone())
    }

    /// Sets a one-value double parameter.
    pub fn set_double(&self, value: f64) -> Result<()> {
        let f = param_fn!(self.suite, paramSetValue);
        // SAFETY: a double parameter takes one double vararg.
        let status = unsafe { f(self.handle, value) };
        Status(status).check("paramSetValue", || self.name.clone())
    }

    /// Sets a three-value double parameter (RGB, double3D).
    pub fn set_double3(&self, value: [f64; 3]) -> Result<()> {
        let f = param_fn!(self.suite, paramSetValue);
        // SAFETY: an RGB/double3D parameter takes three double varargs.
        let status = unsafe { f(self.handle, value[0], value[1], value[2]) };
        Status(status).check("paramSetValue", || self.name.clone())
    }

    /// Renames the parameter as the user sees it (per-slot labels that follow the AMF).
    pub fn set_label(&self, label: &str) -> Result<()> {
        self.properties()?.set_string(raw::kOfxPropLabel, 0, label)
    }

    pub fn set_enabled(&self, enabled: bool) -> Result<()> {
        self.properties()?
            .set_bool(raw::kOfxParamPropEnabled, enabled)
    }

    #[doc(hidden)]
    pub fn raw(&self) -> *mut c_void {
        self.handle as *mut c_void
    }
}

impl OfxName for ParamKind {
    fn as_cstr(&self) -> &CStr {
        self.type_name()
    }
}
