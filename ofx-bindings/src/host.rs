//! The host and the suites it lends the plugin.
//!
//! `setHost` hands the plugin an `OfxHost` before `kOfxActionLoad`; on load the suites are
//! fetched once and kept until unload. Every other part of this crate reaches the host through
//! [`suites`], which fails cleanly when the host has not been set or withheld a suite.

use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::RwLock;

use crate::error::{Error, Result};
use crate::names::OfxName;
use crate::property::PropertySet;
use crate::raw;

/// The suites amfx uses. The required ones are references; the others are optional because real
/// hosts differ (Resolve 14 gave a MessageSuiteV2 whose `setPersistentMessage` was null).
#[derive(Clone, Copy)]
pub struct Suites {
    pub property: &'static raw::OfxPropertySuiteV1,
    pub image_effect: &'static raw::OfxImageEffectSuiteV1,
    pub parameter: &'static raw::OfxParameterSuiteV1,
    pub message: Option<&'static raw::OfxMessageSuiteV1>,
    pub message_v2: Option<&'static raw::OfxMessageSuiteV2>,
    pub multi_thread: Option<&'static raw::OfxMultiThreadSuiteV1>,
    pub memory: Option<&'static raw::OfxMemorySuiteV1>,
    host_props: raw::OfxPropertySetHandle,
}

// SAFETY: suites are tables of host functions that the OFX standard requires to be callable from
// any thread (render runs on many); the host property set is only read.
unsafe impl Send for Suites {}
unsafe impl Sync for Suites {}

impl Suites {
    /// The host descriptor's properties (name, capabilities).
    pub fn host_properties(&self) -> Result<PropertySet> {
        PropertySet::new(self.host_props, self.property)
    }
}

static HOST: AtomicPtr<raw::OfxHost> = AtomicPtr::new(std::ptr::null_mut());
static SUITES: RwLock<Option<Suites>> = RwLock::new(None);

/// Called through `OfxPlugin::setHost`; only stores the pointer.
pub(crate) fn set_host(host: *mut raw::OfxHost) {
    HOST.store(host, Ordering::Release);
}

/// Fetches the suites (on `kOfxActionLoad`). Fails if a required one is missing.
pub(crate) fn load() -> Result<()> {
    let host = HOST.load(Ordering::Acquire);
    // SAFETY: the host pointer stays valid between setHost and unload (OFX standard).
    let host =
        unsafe { host.as_ref() }.ok_or(Error::NullHandle("host (setHost was not called)"))?;
    let fetch = host.fetchSuite.ok_or(Error::MissingFunction {
        suite: "host",
        function: "fetchSuite",
    })?;
    let get = |name: &[u8], version: i32| -> *const c_void {
        let name = std::ffi::CStr::from_bytes_with_nul(name).unwrap_or(c"");
        // SAFETY: fetchSuite takes the host's own property handle and a suite name.
        unsafe { fetch(host.host, name.as_ptr(), version) }
    };
    // SAFETY: a non-null suite pointer is a suite table of the named version for the life of the
    // plugin's load (OFX standard); `as_ref` maps null to None.
    let suites = unsafe {
        Suites {
            property: (get(raw::kOfxPropertySuite, 1) as *const raw::OfxPropertySuiteV1)
                .as_ref()
                .ok_or(Error::MissingSuite("property"))?,
            image_effect: (get(raw::kOfxImageEffectSuite, 1) as *const raw::OfxImageEffectSuiteV1)
                .as_ref()
                .ok_or(Error::MissingSuite("image effect"))?,
            parameter: (get(raw::kOfxParameterSuite, 1) as *const raw::OfxParameterSuiteV1)
                .as_ref()
                .ok_or(Error::MissingSuite("parameter"))?,
            message: (get(raw::kOfxMessageSuite, 1) as *const raw::OfxMessageSuiteV1).as_ref(),
            message_v2: (get(raw::kOfxMessageSuite, 2) as *const raw::OfxMessageSuiteV2).as_ref(),
            multi_thread: (get(raw::kOfxMultiThreadSuite, 1) as *const raw::OfxMultiThreadSuiteV1)
                .as_ref(),
            memory: (get(raw::kOfxMemorySuite, 1) as *const raw::OfxMemorySuiteV1).as_ref(),
            host_props: host.host,
        }
    };
    *SUITES
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(suites);
    Ok(())
}

/// Forgets the suites (on `kOfxActionUnload`).
pub(crate) fn unload() {
    *SUITES
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
}

/// The host's suites, once loaded.
pub fn suites() -> Result<Suites> {
    SUITES
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .ok_or(Error::NotLoaded)
}

/// The host's name, for messages and quirk handling ("" if the host does not say).
pub fn host_name() -> String {
    suites()
        .and_then(|s| s.host_properties())
        .and_then(|p| p.get_string(raw::kOfxPropName, 0))
        .unwrap_or_default()
}

/// Reads a host capability flag, treating a host that does not answer as "no".
pub fn host_supports(name: &impl OfxName) -> bool {
    suites()
        .and_then(|s| s.host_properties())
        .and_then(|p| p.get_int(name, 0))
        .map(|v| v != 0)
        .unwrap_or(false)
}
