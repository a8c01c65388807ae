//! Messages the plugin posts through the message suites, kept per effect handle.

use std::fmt;
use std::sync::Mutex;

use ofx_bindings::raw;

use crate::names::name;
use crate::sync::lock;

/// The `messageType` of a posted message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageKind {
    Fatal,
    Error,
    Warning,
    Message,
    Log,
    Question,
    /// A type string that is not one of the `kOfxMessage*` constants.
    Other(String),
}

impl MessageKind {
    pub(crate) fn from_ofx(kind: &str) -> MessageKind {
        match kind {
            k if k == name(raw::kOfxMessageFatal) => MessageKind::Fatal,
            k if k == name(raw::kOfxMessageError) => MessageKind::Error,
            k if k == name(raw::kOfxMessageWarning) => MessageKind::Warning,
            k if k == name(raw::kOfxMessageMessage) => MessageKind::Message,
            k if k == name(raw::kOfxMessageLog) => MessageKind::Log,
            k if k == name(raw::kOfxMessageQuestion) => MessageKind::Question,
            other => MessageKind::Other(other.to_owned()),
        }
    }
}

/// One message posted by the plugin.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub kind: MessageKind,
    /// The plugin's `messageId`, if it gave a non-empty one.
    pub id: Option<String>,
    /// The formatted text.
    pub text: String,
    /// Posted with `setPersistentMessage` (V2) rather than `message`.
    pub persistent: bool,
}

impl Message {
    /// An error or fatal message.
    pub fn is_error(&self) -> bool {
        matches!(self.kind, MessageKind::Error | MessageKind::Fatal)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let persistent = if self.persistent { ", persistent" } else { "" };
        write!(f, "[{:?}{persistent}] {}", self.kind, self.text)
    }
}

/// Everything posted on one handle, plus its current persistent message.
#[derive(Default)]
pub(crate) struct MessageLog {
    posted: Mutex<Vec<Message>>,
    persistent: Mutex<Option<Message>>,
}

impl MessageLog {
    pub(crate) fn post(&self, message: Message) {
        if message.persistent {
            *lock(&self.persistent) = Some(message.clone());
        }
        lock(&self.posted).push(message);
    }

    pub(crate) fn clear_persistent(&self) {
        *lock(&self.persistent) = None;
    }

    pub(crate) fn persistent(&self) -> Option<Message> {
        lock(&self.persistent).clone()
    }

    pub(crate) fn all(&self) -> Vec<Message> {
        lock(&self.posted).clone()
    }

    pub(crate) fn len(&self) -> usize {
        lock(&self.posted).len()
    }

    /// Messages posted after the first `start`.
    pub(crate) fn since(&self, start: usize) -> Vec<Message> {
        lock(&self.posted).iter().skip(start).cloned().collect()
    }

    pub(crate) fn clear(&self) {
        lock(&self.posted).clear();
        self.clear_persistent();
    }
}
