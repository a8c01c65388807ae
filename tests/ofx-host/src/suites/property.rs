//! `OfxPropertySuiteV1` over the typed property store.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::slice;

use ofx_bindings::raw;
use raw::OfxPropertySetHandle as Handle;

use super::{guard, str_arg, write_out};
use crate::property::{PropertyError, PropertySet, Scalar};
use crate::registry::resolve;
use crate::status::Status;

pub(crate) static SUITE: raw::OfxPropertySuiteV1 = raw::OfxPropertySuiteV1 {
    propSetPointer: Some(set_pointer),
    propSetString: Some(set_string),
    propSetDouble: Some(set_double),
    propSetInt: Some(set_int),
    propSetPointerN: Some(set_pointer_n),
    propSetStringN: Some(set_string_n),
    propSetDoubleN: Some(set_double_n),
    propSetIntN: Some(set_int_n),
    propGetPointer: Some(get_pointer),
    propGetString: Some(get_string),
    propGetDouble: Some(get_double),
    propGetInt: Some(get_int),
    propGetPointerN: Some(get_pointer_n),
    propGetStringN: Some(get_string_n),
    propGetDoubleN: Some(get_double_n),
    propGetIntN: Some(get_int_n),
    propReset: Some(reset),
    propGetDimension: Some(get_dimension),
};

/// Resolves the set and property name, plays any property fault, runs `f`, and records a
/// diagnostic when the plugin's request fails.
///
/// # Safety
/// `property` must be NULL or a NUL-terminated string.
unsafe fn access<R>(
    handle: Handle,
    property: *const c_char,
    call: &str,
    f: impl FnOnce(&PropertySet, &str) -> Result<R, PropertyError>,
) -> Result<R, Status> {
    let set = resolve::<PropertySet>(handle as *const c_void).ok_or(Status::ERR_BAD_HANDLE)?;
    // SAFETY: guaranteed by the caller.
    let Some(property) = (unsafe { str_arg(property) }) else {
        set.shared().note(format!(
            "{call}: NULL or non-UTF-8 property name on {}",
            set.kind()
        ));
        return Err(Status::ERR_UNKNOWN);
    };
    let shared = set.shared();
    if shared.faults.fails_property(property) {
        shared.note(format!(
            "{call}({property}) on {}: failed on purpose (HostFaults)",
            set.kind()
        ));
        return Err(Status::ERR_UNKNOWN);
    }
    f(&set, property).map_err(|error| {
        shared.note(format!("{call}({property}) on {}: {error}", set.kind()));
        error.status()
    })
}

fn index(index: c_int) -> Result<usize, Status> {
    usize::try_from(index).map_err(|_| Status::ERR_BAD_INDEX)
}

/// Sets one value.
unsafe fn set_one<T: Scalar>(
    handle: Handle,
    property: *const c_char,
    at: c_int,
    value: T,
    call: &str,
) -> Result<(), Status> {
    let at = index(at)?;
    // SAFETY: forwarded from the suite call.
    unsafe { access(handle, property, call, |set, name| set.set(name, at, value)) }
}

/// Sets `count` values read from the plugin's array.
unsafe fn set_many<V, T: Scalar>(
    handle: Handle,
    property: *const c_char,
    count: c_int,
    values: *const V,
    convert: impl Fn(&V) -> T,
    call: &str,
) -> Result<(), Status> {
    let count = index(count)?;
    if values.is_null() && count > 0 {
        return Err(Status::ERR_VALUE);
    }
    let values = if count == 0 {
        Vec::new()
    } else {
        // SAFETY: the plugin passes `count` values.
        unsafe { slice::from_raw_parts(values, count) }
            .iter()
            .map(convert)
            .collect()
    };
    // SAFETY: forwarded from the suite call.
    unsafe {
        access(handle, property, call, |set, name| {
            set.set_all(name, values)
        })
    }
}

/// Gets one value through `out`.
unsafe fn get_one<T: Scalar, O>(
    handle: Handle,
    property: *const c_char,
    at: c_int,
    out: *mut O,
    convert: impl Fn(&T) -> O,
    call: &str,
) -> Result<(), Status> {
    let at = index(at)?;
    // SAFETY: forwarded from the suite call.
    let value = unsafe {
        access(handle, property, call, |set, name| {
            set.read(name, |values: &[T]| values.get(at).map(&convert))?
                .ok_or(PropertyError::BadIndex)
        })
    }?;
    // SAFETY: the plugin passes a pointer to one value.
    unsafe { write_out(out, value) }
}

/// Gets the first `count` values into the plugin's array.
unsafe fn get_many<T: Scalar, O>(
    handle: Handle,
    property: *const c_char,
    count: c_int,
    out: *mut O,
    convert: impl Fn(&T) -> O,
    call: &str,
) -> Result<(), Status> {
    let count = index(count)?;
    if out.is_null() && count > 0 {
        return Err(Status::ERR_VALUE);
    }
    // SAFETY: forwarded from the suite call.
    let values: Vec<O> = unsafe {
        access(handle, property, call, |set, name| {
            set.read(name, |values: &[T]| {
                (count <= values.len()).then(|| values[..count].iter().map(&convert).collect())
            })?
            .ok_or(PropertyError::BadIndex)
        })
    }?;
    for (i, value) in values.into_iter().enumerate() {
        // SAFETY: the plugin passes room for `count` values.
        unsafe { out.add(i).write(value) };
    }
    Ok(())
}

/// A string value from the plugin, copied into the store.
unsafe fn owned_string(text: *const c_char) -> CString {
    if text.is_null() {
        return CString::default();
    }
    // SAFETY: a non-NULL string argument from the plugin.
    unsafe { CStr::from_ptr(text) }.to_owned()
}

unsafe extern "C" fn set_pointer(
    h: Handle,
    p: *const c_char,
    i: c_int,
    v: *mut c_void,
) -> raw::OfxStatus {
    guard(|| unsafe { set_one(h, p, i, v as usize, "propSetPointer") })
}

unsafe extern "C" fn set_string(
    h: Handle,
    p: *const c_char,
    i: c_int,
    v: *const c_char,
) -> raw::OfxStatus {
    guard(|| unsafe {
        if v.is_null() {
            return Err(Status::ERR_VALUE);
        }
        set_one(h, p, i, owned_string(v), "propSetString")
    })
}

unsafe extern "C" fn set_double(h: Handle, p: *const c_char, i: c_int, v: f64) -> raw::OfxStatus {
    guard(|| unsafe { set_one(h, p, i, v, "propSetDouble") })
}

unsafe extern "C" fn set_int(h: Handle, p: *const c_char, i: c_int, v: c_int) -> raw::OfxStatus {
    guard(|| unsafe { set_one(h, p, i, v, "propSetInt") })
}

unsafe extern "C" fn set_pointer_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    v: *const *mut c_void,
) -> raw::OfxStatus {
    guard(|| unsafe { set_many(h, p, n, v, |v| *v as usize, "propSetPointerN") })
}

unsafe extern "C" fn set_string_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    v: *const *const c_char,
) -> raw::OfxStatus {
    guard(|| unsafe { set_many(h, p, n, v, |v| owned_string(*v), "propSetStringN") })
}

unsafe extern "C" fn set_double_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    v: *const f64,
) -> raw::OfxStatus {
    guard(|| unsafe { set_many(h, p, n, v, |v| *v, "propSetDoubleN") })
}

unsafe extern "C" fn set_int_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    v: *const c_int,
) -> raw::OfxStatus {
    guard(|| unsafe { set_many(h, p, n, v, |v| *v, "propSetIntN") })
}

unsafe extern "C" fn get_pointer(
    h: Handle,
    p: *const c_char,
    i: c_int,
    out: *mut *mut c_void,
) -> raw::OfxStatus {
    guard(|| unsafe {
        get_one(
            h,
            p,
            i,
            out,
            |v: &usize| *v as *mut c_void,
            "propGetPointer",
        )
    })
}

unsafe extern "C" fn get_string(
    h: Handle,
    p: *const c_char,
    i: c_int,
    out: *mut *mut c_char,
) -> raw::OfxStatus {
    // The pointer stays valid until the value changes: the CString's buffer does not move.
    guard(|| unsafe {
        get_one(
            h,
            p,
            i,
            out,
            |v: &CString| v.as_ptr() as *mut c_char,
            "propGetString",
        )
    })
}

unsafe extern "C" fn get_double(
    h: Handle,
    p: *const c_char,
    i: c_int,
    out: *mut f64,
) -> raw::OfxStatus {
    guard(|| unsafe { get_one(h, p, i, out, |v: &f64| *v, "propGetDouble") })
}

unsafe extern "C" fn get_int(
    h: Handle,
    p: *const c_char,
    i: c_int,
    out: *mut c_int,
) -> raw::OfxStatus {
    guard(|| unsafe { get_one(h, p, i, out, |v: &i32| *v, "propGetInt") })
}

unsafe extern "C" fn get_pointer_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    out: *mut *mut c_void,
) -> raw::OfxStatus {
    guard(|| unsafe {
        get_many(
            h,
            p,
            n,
            out,
            |v: &usize| *v as *mut c_void,
            "propGetPointerN",
        )
    })
}

unsafe extern "C" fn get_string_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    out: *mut *mut c_char,
) -> raw::OfxStatus {
    guard(|| unsafe {
        get_many(
            h,
            p,
            n,
            out,
            |v: &CString| v.as_ptr() as *mut c_char,
            "propGetStringN",
        )
    })
}

unsafe extern "C" fn get_double_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    out: *mut f64,
) -> raw::OfxStatus {
    guard(|| unsafe { get_many(h, p, n, out, |v: &f64| *v, "propGetDoubleN") })
}

unsafe extern "C" fn get_int_n(
    h: Handle,
    p: *const c_char,
    n: c_int,
    out: *mut c_int,
) -> raw::OfxStatus {
    guard(|| unsafe { get_many(h, p, n, out, |v: &i32| *v, "propGetIntN") })
}

unsafe extern "C" fn reset(h: Handle, p: *const c_char) -> raw::OfxStatus {
    guard(|| unsafe { access(h, p, "propReset", |set, name| set.reset(name)) })
}

unsafe extern "C" fn get_dimension(h: Handle, p: *const c_char, out: *mut c_int) -> raw::OfxStatus {
    guard(|| unsafe {
        let dimension = access(h, p, "propGetDimension", |set, name| set.dimension(name))?;
        write_out(out, dimension as c_int)
    })
}
