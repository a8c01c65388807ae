//! The bridge to `variadic.c`: its variadic entry points, and the plain Rust callbacks it
//! forwards to once it has read the varargs.

use std::ffi::{c_char, c_int, c_void};
use std::sync::Once;

use ofx_bindings::raw;

use super::{message, parameter};

/// The callback table `variadic.c` calls; the layout mirrors `struct ofxhost_callbacks`.
#[repr(C)]
pub(crate) struct ShimCallbacks {
    value_shape: unsafe extern "C" fn(*mut c_void, *mut c_int, *mut c_int) -> raw::OfxStatus,
    get_value: unsafe extern "C" fn(
        *mut c_void,
        c_int,
        f64,
        f64,
        *mut *mut c_void,
        c_int,
    ) -> raw::OfxStatus,
    set_doubles: unsafe extern "C" fn(*mut c_void, *const f64, c_int) -> raw::OfxStatus,
    set_ints: unsafe extern "C" fn(*mut c_void, *const c_int, c_int) -> raw::OfxStatus,
    set_string: unsafe extern "C" fn(*mut c_void, *const c_char) -> raw::OfxStatus,
    post_message: unsafe extern "C" fn(
        *mut c_void,
        *const c_char,
        *const c_char,
        *const c_char,
        c_int,
    ) -> raw::OfxStatus,
}

/// `variadic.c`'s `enum value_kind`.
pub(crate) const KIND_DOUBLE: c_int = 0;
pub(crate) const KIND_INT: c_int = 1;
pub(crate) const KIND_STRING: c_int = 2;

/// `variadic.c`'s `enum value_query`.
pub(crate) const QUERY_VALUE: c_int = 0;
pub(crate) const QUERY_DERIVATIVE: c_int = 1;
pub(crate) const QUERY_INTEGRAL: c_int = 2;

static CALLBACKS: ShimCallbacks = ShimCallbacks {
    value_shape: parameter::value_shape,
    get_value: parameter::get_value,
    set_doubles: parameter::set_doubles,
    set_ints: parameter::set_ints,
    set_string: parameter::set_string,
    post_message: message::post_message,
};

unsafe extern "C" {
    fn ofxhost_install_callbacks(callbacks: *const ShimCallbacks);

    pub(crate) fn ofxhost_param_get_value(param: raw::OfxParamHandle, ...) -> raw::OfxStatus;
    pub(crate) fn ofxhost_param_get_value_at_time(
        param: raw::OfxParamHandle,
        time: raw::OfxTime,
        ...
    ) -> raw::OfxStatus;
    pub(crate) fn ofxhost_param_get_derivative(
        param: raw::OfxParamHandle,
        time: raw::OfxTime,
        ...
    ) -> raw::OfxStatus;
    pub(crate) fn ofxhost_param_get_integral(
        param: raw::OfxParamHandle,
        time1: raw::OfxTime,
        time2: raw::OfxTime,
        ...
    ) -> raw::OfxStatus;
    pub(crate) fn ofxhost_param_set_value(param: raw::OfxParamHandle, ...) -> raw::OfxStatus;
    pub(crate) fn ofxhost_param_set_value_at_time(
        param: raw::OfxParamHandle,
        time: raw::OfxTime,
        ...
    ) -> raw::OfxStatus;
    pub(crate) fn ofxhost_message(
        handle: *mut c_void,
        message_type: *const c_char,
        message_id: *const c_char,
        format: *const c_char,
        ...
    ) -> raw::OfxStatus;
    pub(crate) fn ofxhost_set_persistent_message(
        handle: *mut c_void,
        message_type: *const c_char,
        message_id: *const c_char,
        format: *const c_char,
        ...
    ) -> raw::OfxStatus;
}

/// Gives `variadic.c` its callbacks; must run before any suite is handed out.
pub(crate) fn install() {
    static INSTALL: Once = Once::new();
    // SAFETY: the table is a static that lives as long as the process.
    INSTALL.call_once(|| unsafe { ofxhost_install_callbacks(&CALLBACKS) });
}
