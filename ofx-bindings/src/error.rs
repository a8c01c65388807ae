//! Status codes and the one error type of the safe layer.

use std::fmt;

use crate::raw;

/// An OFX status code with a readable name.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Status(pub raw::OfxStatus);

impl Status {
    pub const OK: Status = Status(raw::kOfxStatOK);
    pub const FAILED: Status = Status(raw::kOfxStatFailed);
    pub const ERR_FATAL: Status = Status(raw::kOfxStatErrFatal);
    pub const ERR_UNKNOWN: Status = Status(raw::kOfxStatErrUnknown);
    pub const ERR_MISSING_HOST_FEATURE: Status = Status(raw::kOfxStatErrMissingHostFeature);
    pub const ERR_UNSUPPORTED: Status = Status(raw::kOfxStatErrUnsupported);
    pub const ERR_FORMAT: Status = Status(raw::kOfxStatErrFormat);
    pub const ERR_MEMORY: Status = Status(raw::kOfxStatErrMemory);
    pub const ERR_BAD_HANDLE: Status = Status(raw::kOfxStatErrBadHandle);
    pub const ERR_BAD_INDEX: Status = Status(raw::kOfxStatErrBadIndex);
    pub const ERR_VALUE: Status = Status(raw::kOfxStatErrValue);
    pub const REPLY_YES: Status = Status(raw::kOfxStatReplyYes);
    pub const REPLY_NO: Status = Status(raw::kOfxStatReplyNo);
    pub const REPLY_DEFAULT: Status = Status(raw::kOfxStatReplyDefault);

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
            _ => "unknown status",
        }
    }

    /// Turns a host call's status into a result, naming the call for the error message.
    pub fn check(self, call: &'static str, what: impl FnOnce() -> String) -> Result<()> {
        if self == Status::OK {
            Ok(())
        } else {
            Err(Error::HostCall {
                call,
                status: self,
                what: what(),
            })
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

/// Everything that can go wrong between the plugin and its host.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A host function returned a non-OK status.
    #[error("the host refused {call} ({what}): {status}")]
    HostCall {
        call: &'static str,
        status: Status,
        what: String,
    },
    /// The host did not give a suite the plugin needs.
    #[error("the host does not provide the {0} suite")]
    MissingSuite(&'static str),
    /// The host gave a suite whose function table has a hole where a function is needed.
    #[error("the host's {suite} suite has no {function} function")]
    MissingFunction {
        suite: &'static str,
        function: &'static str,
    },
    /// An action arrived before kOfxActionLoad (or after unload).
    #[error("the host called the plugin before loading it (kOfxActionLoad)")]
    NotLoaded,
    /// A handle or pointer the host passed (or returned) was null.
    #[error("the host passed a null {0}")]
    NullHandle(&'static str),
    /// The host gave a value this plugin cannot use.
    #[error("the host gave {what} = {value:?}, which amfx cannot use")]
    BadValue { what: String, value: String },
    /// An error of the plugin itself, already worded for the user.
    #[error("{0}")]
    Plugin(String),
    /// A panic caught at the FFI boundary.
    #[error("internal error (panic): {0}")]
    Panic(String),
}

impl Error {
    /// The status to return to the host for this error.
    pub fn status(&self) -> Status {
        match self {
            Error::HostCall { status, .. } if *status == Status::ERR_MEMORY => Status::ERR_MEMORY,
            Error::MissingSuite(_) | Error::MissingFunction { .. } => {
                Status::ERR_MISSING_HOST_FEATURE
            }
            _ => Status::FAILED,
        }
    }

    pub fn plugin(message: impl Into<String>) -> Self {
        Error::Plugin(message.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
