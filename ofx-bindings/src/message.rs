//! Messages to the user through the host's message suites.

use std::ffi::c_void;

use crate::host::suites;
use crate::names::{to_cstring, OfxName};
use crate::raw;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    Error,
    Warning,
    Message,
    Log,
}

impl MessageKind {
    fn name(self) -> &'static dyn OfxName {
        match self {
            MessageKind::Error => raw::kOfxMessageError,
            MessageKind::Warning => raw::kOfxMessageWarning,
            MessageKind::Message => raw::kOfxMessageMessage,
            MessageKind::Log => raw::kOfxMessageLog,
        }
    }
}

const MESSAGE_ID: &std::ffi::CStr = c"io.amfx";

/// Posts a one-off message (a dialog or log line, as the host sees fit). `handle` is an effect
/// instance handle, or null for messages outside an instance. Returns false if the host has no way
/// to show it.
pub(crate) fn post(handle: *mut c_void, kind: MessageKind, text: &str) -> bool {
    let Some(message) = suites()
        .ok()
        .and_then(|s| s.message)
        .and_then(|m| m.message)
    else {
        return false;
    };
    let text = to_cstring(text);
    // SAFETY: a printf-style call with a "%s" format and one C string argument.
    unsafe {
        message(
            handle,
            kind.name().as_cstr().as_ptr(),
            MESSAGE_ID.as_ptr(),
            c"%s".as_ptr(),
            text.as_ptr(),
        )
    };
    true
}

/// Sets the instance's persistent message (shown on the node until cleared); falls back to a
/// one-off message on hosts without MessageSuiteV2 or with a null `setPersistentMessage`.
pub(crate) fn set_persistent(handle: *mut c_void, kind: MessageKind, text: &str) -> bool {
    let persistent = suites()
        .ok()
        .and_then(|s| s.message_v2)
        .and_then(|m| m.setPersistentMessage);
    match persistent {
        Some(set) if !handle.is_null() => {
            let c_text = to_cstring(text);
            // SAFETY: as in `post`.
            unsafe {
                set(
                    handle,
                    kind.name().as_cstr().as_ptr(),
                    MESSAGE_ID.as_ptr(),
                    c"%s".as_ptr(),
                    c_text.as_ptr(),
                )
            };
            true
        }
        _ => post(handle, kind, text),
    }
}

/// Clears the persistent message. Nuke never renders a node again after an error unless the
/// message is cleared, so instances call this on every parameter change.
pub(crate) fn clear_persistent(handle: *mut c_void) {
    let clear = suites()
        .ok()
        .and_then(|s| s.message_v2)
        .and_then(|m| m.clearPersistentMessage);
    if let Some(clear) = clear {
        if !handle.is_null() {
            // SAFETY: a valid instance handle.
            unsafe { clear(handle) };
        }
    }
}
