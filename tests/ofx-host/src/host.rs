//! State shared by everything one host hands to a plugin: its faults, its diagnostics, and the
//! messages posted without an effect handle.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::faults::HostFaults;
use crate::message::MessageLog;
use crate::sync::lock;

pub(crate) struct HostShared {
    pub(crate) faults: HostFaults,
    diagnostics: Mutex<Vec<String>>,
    next_image_id: AtomicU64,
    /// Messages posted with a NULL (or unknown) handle while this host was calling the plugin.
    pub(crate) unattributed_messages: MessageLog,
}

impl HostShared {
    pub(crate) fn new(faults: HostFaults) -> Arc<HostShared> {
        Arc::new(HostShared {
            faults,
            diagnostics: Mutex::new(Vec::new()),
            next_image_id: AtomicU64::new(1),
            unattributed_messages: MessageLog::default(),
        })
    }

    /// Records something the plugin did that a strict host would complain about.
    pub(crate) fn note(&self, text: String) {
        lock(&self.diagnostics).push(text);
    }

    pub(crate) fn diagnostics(&self) -> Vec<String> {
        lock(&self.diagnostics).clone()
    }

    /// A fresh value for `kOfxImagePropUniqueIdentifier`.
    pub(crate) fn next_image_id(&self) -> u64 {
        self.next_image_id.fetch_add(1, Ordering::Relaxed)
    }
}

thread_local! {
    /// The host whose action is running on this thread, so that a message posted with a NULL
    /// handle can still be attributed.
    static CURRENT_HOST: RefCell<Option<Arc<HostShared>>> = const { RefCell::new(None) };
}

/// Marks `host` as the caller on this thread until the guard is dropped.
pub(crate) fn enter(host: &Arc<HostShared>) -> CurrentHostGuard {
    let previous = CURRENT_HOST.with(|current| current.replace(Some(Arc::clone(host))));
    CurrentHostGuard { previous }
}

pub(crate) fn current() -> Option<Arc<HostShared>> {
    CURRENT_HOST.with(|current| current.borrow().clone())
}

pub(crate) struct CurrentHostGuard {
    previous: Option<Arc<HostShared>>,
}

impl Drop for CurrentHostGuard {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT_HOST.with(|current| *current.borrow_mut() = previous);
    }
}
