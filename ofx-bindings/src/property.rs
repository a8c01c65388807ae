//! Typed access to OFX property sets.

use std::ffi::{c_char, c_int, c_void, CStr};

use crate::error::{Error, Result, Status};
use crate::names::{to_cstring, OfxName};
use crate::raw;

/// A property set owned by the host (a descriptor, an instance, a clip, an image, action args).
#[derive(Clone, Copy)]
pub struct PropertySet {
    handle: raw::OfxPropertySetHandle,
    suite: &'static raw::OfxPropertySuiteV1,
}

// SAFETY: property sets are host objects; the OFX standard makes the property suite callable from
// render threads, and we never hand out interior pointers past the call.
unsafe impl Send for PropertySet {}
unsafe impl Sync for PropertySet {}

macro_rules! suite_fn {
    ($self:ident, $f:ident) => {
        $self.suite.$f.ok_or(Error::MissingFunction {
            suite: "property",
            function: stringify!($f),
        })?
    };
}

impl PropertySet {
    pub fn new(
        handle: raw::OfxPropertySetHandle,
        suite: &'static raw::OfxPropertySuiteV1,
    ) -> Result<Self> {
        if handle.is_null() {
            return Err(Error::NullHandle("property set"));
        }
        Ok(PropertySet { handle, suite })
    }

    /// Wraps a handle with the loaded host's property suite.
    pub fn from_handle(handle: raw::OfxPropertySetHandle) -> Result<Self> {
        PropertySet::new(handle, crate::host::suites()?.property)
    }

    pub fn raw(&self) -> raw::OfxPropertySetHandle {
        self.handle
    }

    fn check(
        status: raw::OfxStatus,
        call: &'static str,
        name: &(impl OfxName + ?Sized),
    ) -> Result<()> {
        Status(status).check(call, || name.display())
    }

    pub fn get_string(&self, name: &(impl OfxName + ?Sized), index: usize) -> Result<String> {
        let f = suite_fn!(self, propGetString);
        let mut value: *mut c_char = std::ptr::null_mut();
        // SAFETY: valid handle and name; the host writes a string pointer it owns.
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                index as c_int,
                &mut value,
            )
        };
        Self::check(status, "propGetString", name)?;
        if value.is_null() {
            return Ok(String::new());
        }
        // SAFETY: the host returns a NUL-terminated string valid at least until the next call.
        Ok(unsafe { CStr::from_ptr(value) }
            .to_string_lossy()
            .into_owned())
    }

    pub fn get_int(&self, name: &(impl OfxName + ?Sized), index: usize) -> Result<i32> {
        let f = suite_fn!(self, propGetInt);
        let mut value: c_int = 0;
        // SAFETY: valid handle, name and out pointer.
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                index as c_int,
                &mut value,
            )
        };
        Self::check(status, "propGetInt", name)?;
        Ok(value)
    }

    pub fn get_double(&self, name: &(impl OfxName + ?Sized), index: usize) -> Result<f64> {
        let f = suite_fn!(self, propGetDouble);
        let mut value = 0.0f64;
        // SAFETY: valid handle, name and out pointer.
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                index as c_int,
                &mut value,
            )
        };
        Self::check(status, "propGetDouble", name)?;
        Ok(value)
    }

    pub fn get_pointer(&self, name: &(impl OfxName + ?Sized), index: usize) -> Result<*mut c_void> {
        let f = suite_fn!(self, propGetPointer);
        let mut value: *mut c_void = std::ptr::null_mut();
        // SAFETY: valid handle, name and out pointer.
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                index as c_int,
                &mut value,
            )
        };
        Self::check(status, "propGetPointer", name)?;
        Ok(value)
    }

    /// All N values of an int property (bounds, rectangles).
    pub fn get_ints<const N: usize>(&self, name: &(impl OfxName + ?Sized)) -> Result<[i32; N]> {
        let f = suite_fn!(self, propGetIntN);
        let mut values = [0 as c_int; N];
        // SAFETY: the out buffer holds exactly N ints.
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                N as c_int,
                values.as_mut_ptr(),
            )
        };
        Self::check(status, "propGetIntN", name)?;
        Ok(values)
    }

    /// All N values of a double property (render scale, rectangles).
    pub fn get_doubles<const N: usize>(&self, name: &(impl OfxName + ?Sized)) -> Result<[f64; N]> {
        let f = suite_fn!(self, propGetDoubleN);
        let mut values = [0.0f64; N];
        // SAFETY: the out buffer holds exactly N doubles.
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                N as c_int,
                values.as_mut_ptr(),
            )
        };
        Self::check(status, "propGetDoubleN", name)?;
        Ok(values)
    }

    pub fn dimension(&self, name: &(impl OfxName + ?Sized)) -> Result<usize> {
        let f = suite_fn!(self, propGetDimension);
        let mut count: c_int = 0;
        // SAFETY: valid handle, name and out pointer.
        let status = unsafe { f(self.handle, name.as_cstr().as_ptr(), &mut count) };
        Self::check(status, "propGetDimension", name)?;
        Ok(count.max(0) as usize)
    }

    /// Every value of a string property.
    pub fn get_strings(&self, name: &(impl OfxName + ?Sized)) -> Result<Vec<String>> {
        (0..self.dimension(name)?)
            .map(|i| self.get_string(name, i))
            .collect()
    }

    pub fn set_string(
        &self,
        name: &(impl OfxName + ?Sized),
        index: usize,
        value: &str,
    ) -> Result<()> {
        let f = suite_fn!(self, propSetString);
        let value = to_cstring(value);
        // SAFETY: the host copies the string before returning (OFX standard).
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                index as c_int,
                value.as_ptr(),
            )
        };
        Self::check(status, "propSetString", name)
    }

    /// Sets a string property from an OFX name constant (a value such as `kOfxBitDepthFloat`).
    pub fn set_name(
        &self,
        name: &(impl OfxName + ?Sized),
        index: usize,
        value: &(impl OfxName + ?Sized),
    ) -> Result<()> {
        let f = suite_fn!(self, propSetString);
        // SAFETY: both are NUL-terminated; the host copies the value.
        let status = unsafe {
            f(
                self.handle,
                name.as_cstr().as_ptr(),
                index as c_int,
                value.as_cstr().as_ptr(),
            )
        };
        Self::check(status, "propSetString", name)
    }

    /// Sets a multi-valued string property from name constants, one index each.
    pub fn set_names(&self, name: &(impl OfxName + ?Sized), values: &[&dyn OfxName]) -> Result<()> {
        for (index, value) in values.iter().enumerate() {
            self.set_name(name, index, value)?;
        }
        Ok(())
    }

    pub fn set_int(&self, name: &(impl OfxName + ?Sized), index: usize, value: i32) -> Result<()> {
        let f = suite_fn!(self, propSetInt);
        // SAFETY: valid handle and name.
        let status = unsafe { f(self.handle, name.as_cstr().as_ptr(), index as c_int, value) };
        Self::check(status, "propSetInt", name)
    }

    pub fn set_bool(&self, name: &(impl OfxName + ?Sized), value: bool) -> Result<()> {
        self.set_int(name, 0, value as i32)
    }

    pub fn set_double(
        &self,
        name: &(impl OfxName + ?Sized),
        index: usize,
        value: f64,
    ) -> Result<()> {
        let f = suite_fn!(self, propSetDouble);
        // SAFETY: valid handle and name.
        let status = unsafe { f(self.handle, name.as_cstr().as_ptr(), index as c_int, value) };
        Self::check(status, "propSetDouble", name)
    }

    pub fn set_doubles(&self, name: &(impl OfxName + ?Sized), values: &[f64]) -> Result<()> {
        for (index, &value) in values.iter().enumerate() {
            self.set_double(name, index, value)?;
        }
        Ok(())
    }

    pub fn set_ints(&self, name: &(impl OfxName + ?Sized), values: &[i32]) -> Result<()> {
        for (index, &value) in values.iter().enumerate() {
            self.set_int(name, index, value)?;
        }
        Ok(())
    }

    // The pointer is stored by the host as a value, never dereferenced here.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    pub fn set_pointer(
        &self,
        name: &(impl OfxName + ?Sized),
        index: usize,
        value: *mut c_void,
    ) -> Result<()> {
        let f = suite_fn!(self, propSetPointer);
        // SAFETY: valid handle and name; the host stores the pointer value only.
        let status = unsafe { f(self.handle, name.as_cstr().as_ptr(), index as c_int, value) };
        Self::check(status, "propSetPointer", name)
    }
}
