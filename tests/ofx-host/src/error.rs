//! Errors of the host API.

use std::path::PathBuf;

use crate::context::Context;
use crate::message::Message;
use crate::param::{ParamType, ParamValue};
use crate::status::Status;

/// Why a host operation failed.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error("no OFX bundle at {0}")]
    BundleNotFound(PathBuf),

    #[error("bundle {bundle} has no binary for this platform (expected {expected})")]
    BinaryNotFound { bundle: PathBuf, expected: PathBuf },

    #[error("could not prepare {path} for loading: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("could not load {path}: {source}")]
    Library {
        path: PathBuf,
        #[source]
        source: libloading::Error,
    },

    #[error("{path} does not export {symbol}")]
    MissingSymbol { path: PathBuf, symbol: &'static str },

    #[error("OfxGetPlugin({index}) returned a plugin this host cannot read: {detail}")]
    BadPlugin { index: usize, detail: String },

    #[error("no plugin {0:?} in the bundle")]
    NoSuchPlugin(String),

    #[error(
        "plugin {0:?} was already loaded from this bundle; load the bundle again for a fresh copy"
    )]
    AlreadyLoaded(String),

    #[error("plugin {identifier:?} implements {api} version {version}; this host runs OfxImageEffectPluginAPI version 1")]
    UnsupportedApi {
        identifier: String,
        api: String,
        version: i32,
    },

    #[error("the plugin does not support the {0} context")]
    UnsupportedContext(Context),

    /// The plugin answered an action with a failing status.
    #[error("{action} returned {status}{}", describe_messages(.messages))]
    Action {
        action: &'static str,
        status: Status,
        /// What the plugin posted on the handle during the call.
        messages: Vec<Message>,
    },

    /// The plugin answered an action with something the host cannot use.
    #[error("{action}: {detail}")]
    BadReply {
        action: &'static str,
        detail: String,
    },

    #[error("no parameter named {0:?}")]
    NoSuchParam(String),

    #[error("parameter {name:?} is {param_type:?} and cannot take {value:?}")]
    ParamMismatch {
        name: String,
        param_type: ParamType,
        value: ParamValue,
    },

    #[error("no clip named {0:?}")]
    NoSuchClip(String),

    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl HostError {
    /// The status the plugin returned, for action failures.
    pub fn status(&self) -> Option<Status> {
        match self {
            HostError::Action { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The messages the plugin posted during a failed action (empty for other errors).
    pub fn messages(&self) -> &[Message] {
        match self {
            HostError::Action { messages, .. } => messages,
            _ => &[],
        }
    }
}

fn describe_messages(messages: &[Message]) -> String {
    messages
        .iter()
        .map(|m| format!("; plugin said {m}"))
        .collect()
}
