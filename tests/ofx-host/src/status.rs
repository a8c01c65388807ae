//! `OfxStatus` as a small Rust type that prints its OFX name.

use std::fmt;

use ofx_bindings::raw;

/// An `OfxStatus` returned by the plugin or by a suite function.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Status(pub i32);

impl Status {
    pub const OK: Status = Status(raw::kOfxStatOK);
    pub const FAILED: Status = Status(raw::kOfxStatFailed);
    pub const ERR_FATAL: Status = Status(raw::kOfxStatErrFatal);
    pub const ERR_UNKNOWN: Status = Status(raw::kOfxStatErrUnknown);
    pub const ERR_MISSING_HOST_FEATURE: Status = Status(raw::kOfxStatErrMissingHostFeature);
    pub const ERR_UNSUPPORTED: Status = Status(raw::kOfxStatErrUnsupported);
    pub const ERR_EXISTS: Status = Status(raw::kOfxStatErrExists);
    pub const ERR_FORMAT: Status = Status(raw::kOfxStatErrFormat);
    pub const ERR_MEMORY: Status = Status(raw::kOfxStatErrMemory);
    pub const ERR_BAD_HANDLE: Status = Status(raw::kOfxStatErrBadHandle);
    pub const ERR_BAD_INDEX: Status = Status(raw::kOfxStatErrBadIndex);
    pub const ERR_VALUE: Status = Status(raw::kOfxStatErrValue);
    pub const REPLY_YES: Status = Status(raw::kOfxStatReplyYes);
    pub const REPLY_NO: Status = Status(raw::kOfxStatReplyNo);
    pub const REPLY_DEFAULT: Status = Status(raw::kOfxStatReplyDefault);
    pub const ERR_IMAGE_FORMAT: Status = Status(raw::kOfxStatErrImageFormat);

    /// `kOfxStatOK`.
    pub fn is_ok(self) -> bool {
        self == Status::OK
    }

    /// `kOfxStatOK` or `kOfxStatReplyDefault`: the action succeeded, trapped or not.
    pub fn is_success(self) -> bool {
        self == Status::OK || self == Status::REPLY_DEFAULT
    }

    /// The OFX name of the status, e.g. `kOfxStatFailed`.
    pub fn name(self) -> &'static str {
        match self.0 {
            raw::kOfxStatOK => "kOfxStatOK",
            raw::kOfxStatFailed => "kOfxStatFailed",
            raw::kOfxStatErrFatal => "kOfxStatErrFatal",
            raw::kOfxStatErrUnknown => "kOfxStatErrUnknown",
            raw::kOfxStatErrMissingHostFeature => "kOfxStatErrMissingHostFeature",
            raw::kOfxStatErrUnsupported => "kOfxStatErrUnsupported",
            raw::kOfxStatErrExists => "kOfxStatErrExists",
            raw::kOfxStatErrFormat => "kOfxStatErrFormat",
            raw::kOfxStatErrMemory => "kOfxStatErrMemory",
            raw::kOfxStatErrBadHandle => "kOfxStatErrBadHandle",
            raw::kOfxStatErrBadIndex => "kOfxStatErrBadIndex",
            raw::kOfxStatErrValue => "kOfxStatErrValue",
            raw::kOfxStatReplyYes => "kOfxStatReplyYes",
            raw::kOfxStatReplyNo => "kOfxStatReplyNo",
            raw::kOfxStatReplyDefault => "kOfxStatReplyDefault",
            raw::kOfxStatErrImageFormat => "kOfxStatErrImageFormat",
            _ => "unknown OfxStatus",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.0)
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
