//! The suites this host gives plugins through `OfxHost::fetchSuite`.

pub(crate) mod image_effect;
pub(crate) mod memory;
pub(crate) mod message;
pub(crate) mod multithread;
pub(crate) mod parameter;
pub(crate) mod property;
pub(crate) mod variadic;

use std::ffi::{c_char, c_int, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use ofx_bindings::raw;

use crate::names::name;
use crate::property::PropertySet;
use crate::registry::resolve;
use crate::status::Status;

/// What a suite function body may return.
pub(crate) trait IntoStatus {
    fn into_status(self) -> Status;
}

impl IntoStatus for Status {
    fn into_status(self) -> Status {
        self
    }
}

impl IntoStatus for Result<(), Status> {
    fn into_status(self) -> Status {
        self.err().unwrap_or(Status::OK)
    }
}

/// Runs a suite function body; a host bug that panics becomes `kOfxStatErrFatal` instead of
/// unwinding into the plugin.
pub(crate) fn guard<S: IntoStatus>(body: impl FnOnce() -> S) -> raw::OfxStatus {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(status) => status.into_status().0,
        Err(_) => raw::kOfxStatErrFatal,
    }
}

/// A C string argument, `None` if NULL or not UTF-8.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn str_arg<'a>(text: *const c_char) -> Option<&'a str> {
    if text.is_null() {
        return None;
    }
    // SAFETY: guaranteed by the caller.
    unsafe { CStr::from_ptr(text) }.to_str().ok()
}

/// Writes an out-argument, failing with `kOfxStatErrValue` if the plugin passed NULL.
///
/// # Safety
/// `out` must be NULL or valid for a write of `T`.
pub(crate) unsafe fn write_out<T>(out: *mut T, value: T) -> Result<(), Status> {
    if out.is_null() {
        return Err(Status::ERR_VALUE);
    }
    // SAFETY: non-NULL and valid per the caller.
    unsafe { out.write(value) };
    Ok(())
}

/// Writes an optional out-argument: NULL means the plugin does not want it.
///
/// # Safety
/// `out` must be NULL or valid for a write of `T`.
pub(crate) unsafe fn write_optional<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: non-NULL and valid per the caller.
        unsafe { out.write(value) };
    }
}

/// `OfxHost::fetchSuite`: the suite, or NULL for suites this host lacks or withholds.
pub(crate) unsafe extern "C" fn fetch_suite(
    host: raw::OfxPropertySetHandle,
    suite: *const c_char,
    version: c_int,
) -> *const c_void {
    let lookup = || {
        let host = resolve::<PropertySet>(host as *const c_void)?;
        let shared = host.shared();
        // SAFETY: the plugin passes a suite name string.
        let suite = unsafe { str_arg(suite) }?;
        if shared.faults.withholds_suite(suite) {
            shared.note(format!(
                "fetchSuite({suite}, {version}): withheld on purpose (HostFaults)"
            ));
            return None;
        }
        let found = suite_table(suite, version, shared.faults.persistent_messages_missing());
        if found.is_none() {
            shared.note(format!(
                "fetchSuite({suite}, {version}): not provided by this host"
            ));
        }
        found
    };
    catch_unwind(AssertUnwindSafe(lookup))
        .ok()
        .flatten()
        .unwrap_or(ptr::null())
}

fn suite_table(suite: &str, version: c_int, persistent_missing: bool) -> Option<*const c_void> {
    fn erase<T>(table: &'static T) -> Option<*const c_void> {
        Some(table as *const T as *const c_void)
    }
    match (suite, version) {
        (s, 1) if s == name(raw::kOfxPropertySuite) => erase(&property::SUITE),
        (s, 1) if s == name(raw::kOfxParameterSuite) => erase(&parameter::SUITE),
        (s, 1) if s == name(raw::kOfxImageEffectSuite) => erase(&image_effect::SUITE),
        (s, 1) if s == name(raw::kOfxMessageSuite) => erase(&message::SUITE_V1),
        (s, 2) if s == name(raw::kOfxMessageSuite) && persistent_missing => {
            erase(&message::SUITE_V2_WITHOUT_PERSISTENT)
        }
        (s, 2) if s == name(raw::kOfxMessageSuite) => erase(&message::SUITE_V2),
        (s, 1) if s == name(raw::kOfxMultiThreadSuite) => erase(&multithread::SUITE),
        (s, 1) if s == name(raw::kOfxMemorySuite) => erase(&memory::SUITE),
        _ => None,
    }
}
