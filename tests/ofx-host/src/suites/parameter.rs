//! `OfxParameterSuiteV1`. Values do not animate: every time reads and writes the one value,
//! derivatives are zero and integrals are `value × (time2 − time1)`.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::slice;
use std::sync::Arc;

use ofx_bindings::raw;

use super::variadic::*;
use super::{guard, str_arg, write_optional, write_out};
use crate::param::{Param, ParamSet, ParamType, Stored, ValueKind};
use crate::registry::resolve;
use crate::status::Status;

pub(crate) static SUITE: raw::OfxParameterSuiteV1 = raw::OfxParameterSuiteV1 {
    paramDefine: Some(define),
    paramGetHandle: Some(get_handle),
    paramSetGetPropertySet: Some(set_get_property_set),
    paramGetPropertySet: Some(get_property_set),
    paramGetValue: Some(ofxhost_param_get_value),
    paramGetValueAtTime: Some(ofxhost_param_get_value_at_time),
    paramGetDerivative: Some(ofxhost_param_get_derivative),
    paramGetIntegral: Some(ofxhost_param_get_integral),
    paramSetValue: Some(ofxhost_param_set_value),
    paramSetValueAtTime: Some(ofxhost_param_set_value_at_time),
    paramGetNumKeys: Some(get_num_keys),
    paramGetKeyTime: Some(get_key_time),
    paramGetKeyIndex: Some(get_key_index),
    paramDeleteKey: Some(delete_key),
    paramDeleteAllKeys: Some(delete_all_keys),
    paramCopy: Some(copy),
    paramEditBegin: Some(edit_begin),
    paramEditEnd: Some(edit_end),
};

fn param_set(handle: raw::OfxParamSetHandle) -> Result<Arc<ParamSet>, Status> {
    resolve::<ParamSet>(handle as *const c_void).ok_or(Status::ERR_BAD_HANDLE)
}

fn param(handle: *const c_void) -> Result<Arc<Param>, Status> {
    resolve::<Param>(handle).ok_or(Status::ERR_BAD_HANDLE)
}

unsafe extern "C" fn define(
    set: raw::OfxParamSetHandle,
    param_type: *const c_char,
    name: *const c_char,
    props: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    guard(|| {
        let set = param_set(set)?;
        // SAFETY: string arguments from the plugin.
        let (type_name, name) = unsafe { (str_arg(param_type), str_arg(name)) };
        let name = name.ok_or(Status::ERR_VALUE)?;
        let Some(param_type) = type_name.and_then(ParamType::from_ofx) else {
            set.props.shared().note(format!(
                "paramDefine({name}): parameter type {type_name:?} is not supported by this host"
            ));
            return Err(Status::ERR_UNKNOWN);
        };
        let param = set.define(param_type, name)?;
        // SAFETY: NULL or a pointer for the descriptor's property set.
        unsafe { write_optional(props, param.props.handle()) };
        Ok(())
    })
}

unsafe extern "C" fn get_handle(
    set: raw::OfxParamSetHandle,
    name: *const c_char,
    out: *mut raw::OfxParamHandle,
    props: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    guard(|| {
        let set = param_set(set)?;
        // SAFETY: a string argument from the plugin.
        let name = unsafe { str_arg(name) }.ok_or(Status::ERR_UNKNOWN)?;
        let param = set.get(name).ok_or_else(|| {
            set.props
                .shared()
                .note(format!("paramGetHandle({name}): no such parameter"));
            Status::ERR_UNKNOWN
        })?;
        // SAFETY: out-arguments from the plugin; `props` may be NULL.
        unsafe {
            write_out(out, ParamSet::handle_of(&param))?;
            write_optional(props, param.props.handle());
        }
        Ok(())
    })
}

unsafe extern "C" fn set_get_property_set(
    set: raw::OfxParamSetHandle,
    out: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    guard(|| {
        let set = param_set(set)?;
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(out, set.props.handle()) }
    })
}

unsafe extern "C" fn get_property_set(
    param_handle: raw::OfxParamHandle,
    out: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    guard(|| {
        let param = param(param_handle as *const c_void)?;
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(out, param.props.handle()) }
    })
}

/// How a parameter's value travels through varargs (called by `variadic.c`).
pub(crate) unsafe extern "C" fn value_shape(
    param_handle: *mut c_void,
    kind: *mut c_int,
    count: *mut c_int,
) -> raw::OfxStatus {
    guard(|| {
        let param = param(param_handle)?;
        if !param.is_instance() {
            param.props.shared().note(format!(
                "value of parameter {} requested through its descriptor",
                param.name
            ));
            return Err(Status::ERR_BAD_HANDLE);
        }
        let (value_kind, values) = param.param_type.shape().ok_or(Status::ERR_UNSUPPORTED)?;
        let value_kind = match value_kind {
            ValueKind::Double => KIND_DOUBLE,
            ValueKind::Int => KIND_INT,
            ValueKind::String => KIND_STRING,
        };
        // SAFETY: out-arguments owned by variadic.c.
        unsafe {
            write_out(kind, value_kind)?;
            write_out(count, values as c_int)
        }
    })
}

/// Writes a value, derivative or integral through the plugin's pointers (called by
/// `variadic.c` with as many pointers as `value_shape` asked for).
pub(crate) unsafe extern "C" fn get_value(
    param_handle: *mut c_void,
    query: c_int,
    time1: f64,
    time2: f64,
    outputs: *mut *mut c_void,
    count: c_int,
) -> raw::OfxStatus {
    guard(|| {
        let param = param(param_handle)?;
        // SAFETY: variadic.c passes `count` pointers read from the varargs.
        let outputs = unsafe { slice::from_raw_parts(outputs, count.max(0) as usize) };
        if outputs.iter().any(|p| p.is_null()) {
            return Err(Status::ERR_VALUE);
        }
        param.with_stored(|stored| {
            let stored = stored.ok_or(Status::ERR_BAD_HANDLE)?;
            // SAFETY: each pointer is where the plugin wants one value of the parameter's kind.
            unsafe { write_query(stored, query, time2 - time1, outputs) }
        })
    })
}

/// # Safety
/// Each output must be valid for a write of the parameter's value kind.
unsafe fn write_query(
    stored: &Stored,
    query: c_int,
    span: f64,
    outputs: &[*mut c_void],
) -> Result<(), Status> {
    match (stored, query) {
        (Stored::Doubles(values), QUERY_VALUE | QUERY_DERIVATIVE | QUERY_INTEGRAL)
            if values.len() == outputs.len() =>
        {
            for (value, out) in values.iter().zip(outputs) {
                let result = match query {
                    QUERY_VALUE => *value,
                    QUERY_DERIVATIVE => 0.0,
                    _ => *value * span,
                };
                // SAFETY: per the function contract.
                unsafe { (*out as *mut f64).write(result) };
            }
            Ok(())
        }
        (Stored::Ints(values), QUERY_VALUE) if values.len() == outputs.len() => {
            for (value, out) in values.iter().zip(outputs) {
                // SAFETY: per the function contract.
                unsafe { (*out as *mut c_int).write(*value) };
            }
            Ok(())
        }
        (Stored::Text(text), QUERY_VALUE) if outputs.len() == 1 => {
            // The pointer stays valid until the value changes.
            // SAFETY: per the function contract.
            unsafe { (outputs[0] as *mut *const c_char).write(text.as_ptr()) };
            Ok(())
        }
        // Derivatives and integrals exist for double parameters only.
        _ => Err(Status::ERR_UNSUPPORTED),
    }
}

fn store(param_handle: *mut c_void, kind: ValueKind, value: Stored) -> Result<(), Status> {
    let param = param(param_handle)?;
    match param.param_type.shape() {
        Some((expected, _)) if expected == kind => param.store(value),
        _ => Err(Status::ERR_VALUE),
    }
}

pub(crate) unsafe extern "C" fn set_doubles(
    param_handle: *mut c_void,
    values: *const f64,
    count: c_int,
) -> raw::OfxStatus {
    guard(|| {
        // SAFETY: variadic.c passes `count` doubles.
        let values = unsafe { slice::from_raw_parts(values, count.max(0) as usize) };
        store(
            param_handle,
            ValueKind::Double,
            Stored::Doubles(values.to_vec()),
        )
    })
}

pub(crate) unsafe extern "C" fn set_ints(
    param_handle: *mut c_void,
    values: *const c_int,
    count: c_int,
) -> raw::OfxStatus {
    guard(|| {
        // SAFETY: variadic.c passes `count` ints.
        let values = unsafe { slice::from_raw_parts(values, count.max(0) as usize) };
        store(param_handle, ValueKind::Int, Stored::Ints(values.to_vec()))
    })
}

pub(crate) unsafe extern "C" fn set_string(
    param_handle: *mut c_void,
    value: *const c_char,
) -> raw::OfxStatus {
    guard(|| {
        if value.is_null() {
            return Err(Status::ERR_VALUE);
        }
        // SAFETY: a string argument from the plugin.
        let text = unsafe { CStr::from_ptr(value) }.to_owned();
        store(param_handle, ValueKind::String, Stored::Text(text))
    })
}

unsafe extern "C" fn get_num_keys(
    param_handle: raw::OfxParamHandle,
    count: *mut c_uint,
) -> raw::OfxStatus {
    guard(|| {
        param(param_handle as *const c_void)?;
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(count, 0) }
    })
}

unsafe extern "C" fn get_key_time(
    param_handle: raw::OfxParamHandle,
    _nth: c_uint,
    _time: *mut raw::OfxTime,
) -> raw::OfxStatus {
    guard(|| param(param_handle as *const c_void).and(Err(Status::ERR_BAD_INDEX)))
}

unsafe extern "C" fn get_key_index(
    param_handle: raw::OfxParamHandle,
    _time: raw::OfxTime,
    _direction: c_int,
    _index: *mut c_int,
) -> raw::OfxStatus {
    guard(|| param(param_handle as *const c_void).and(Err(Status::FAILED)))
}

unsafe extern "C" fn delete_key(
    param_handle: raw::OfxParamHandle,
    _time: raw::OfxTime,
) -> raw::OfxStatus {
    guard(|| param(param_handle as *const c_void).and(Err(Status::ERR_BAD_INDEX)))
}

unsafe extern "C" fn delete_all_keys(param_handle: raw::OfxParamHandle) -> raw::OfxStatus {
    guard(|| param(param_handle as *const c_void).map(drop))
}

unsafe extern "C" fn copy(
    to: raw::OfxParamHandle,
    from: raw::OfxParamHandle,
    _offset: raw::OfxTime,
    _range: *const raw::OfxRangeD,
) -> raw::OfxStatus {
    guard(|| {
        let (to, from) = (param(to as *const c_void)?, param(from as *const c_void)?);
        if to.param_type != from.param_type {
            return Err(Status::ERR_VALUE);
        }
        to.store(from.stored().ok_or(Status::ERR_BAD_HANDLE)?)
    })
}

unsafe extern "C" fn edit_begin(
    set: raw::OfxParamSetHandle,
    _name: *const c_char,
) -> raw::OfxStatus {
    guard(|| param_set(set).map(drop))
}

unsafe extern "C" fn edit_end(set: raw::OfxParamSetHandle) -> raw::OfxStatus {
    guard(|| param_set(set).map(drop))
}
