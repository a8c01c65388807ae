//! `OfxMessageSuiteV1` and `V2`: every message is recorded on its effect handle.

use std::ffi::{c_char, c_int, c_void};

use ofx_bindings::raw;

use super::variadic::{ofxhost_message, ofxhost_set_persistent_message};
use super::{guard, str_arg};
use crate::effect::Effect;
use crate::host;
use crate::message::{Message, MessageKind};
use crate::registry::resolve;
use crate::status::Status;

pub(crate) static SUITE_V1: raw::OfxMessageSuiteV1 = raw::OfxMessageSuiteV1 {
    message: Some(ofxhost_message),
};

pub(crate) static SUITE_V2: raw::OfxMessageSuiteV2 = raw::OfxMessageSuiteV2 {
    message: Some(ofxhost_message),
    setPersistentMessage: Some(ofxhost_set_persistent_message),
    clearPersistentMessage: Some(clear_persistent_message),
};

/// V2 as DaVinci Resolve 14 advertised it: no `setPersistentMessage`.
pub(crate) static SUITE_V2_WITHOUT_PERSISTENT: raw::OfxMessageSuiteV2 = raw::OfxMessageSuiteV2 {
    message: Some(ofxhost_message),
    setPersistentMessage: None,
    clearPersistentMessage: Some(clear_persistent_message),
};

/// Records a formatted message (called by `variadic.c`).
pub(crate) unsafe extern "C" fn post_message(
    handle: *mut c_void,
    message_type: *const c_char,
    message_id: *const c_char,
    text: *const c_char,
    persistent: c_int,
) -> raw::OfxStatus {
    guard(|| {
        // SAFETY: string arguments from the plugin (the text from variadic.c).
        let (kind, id, text) =
            unsafe { (str_arg(message_type), str_arg(message_id), str_arg(text)) };
        let kind = MessageKind::from_ofx(kind.unwrap_or(""));
        let reply = if kind == MessageKind::Question {
            Status::REPLY_YES
        } else {
            Status::OK
        };
        let message = Message {
            kind,
            id: id.filter(|id| !id.is_empty()).map(str::to_owned),
            text: text.unwrap_or("").to_owned(),
            persistent: persistent != 0,
        };
        match resolve::<Effect>(handle) {
            Some(effect) => effect.messages.post(message),
            // A persistent message needs an effect to stick to.
            None if message.persistent => return Status::ERR_BAD_HANDLE,
            None => match host::current() {
                Some(host) => host.unattributed_messages.post(message),
                None => eprintln!("ofx-host: message outside any action: {message}"),
            },
        }
        reply
    })
}

unsafe extern "C" fn clear_persistent_message(handle: *mut c_void) -> raw::OfxStatus {
    guard(|| {
        let effect = resolve::<Effect>(handle).ok_or(Status::ERR_BAD_HANDLE)?;
        effect.messages.clear_persistent();
        Ok(())
    })
}
