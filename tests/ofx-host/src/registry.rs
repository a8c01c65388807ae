//! Live handles: every pointer the host gives the plugin is looked up here before use.
//!
//! A handle is the address of a host object. Looking it up (instead of trusting it) turns a
//! stale or bogus handle from the plugin into `kOfxStatErrBadHandle` rather than a crash, and
//! the `Arc` the lookup returns keeps the object alive for the duration of the suite call even
//! if its owner lets go of it on another thread.

use std::collections::HashMap;
use std::ffi::c_void;
use std::ops::Deref;
use std::sync::{Arc, LazyLock, RwLock, Weak};

use crate::effect::{Clip, Effect};
use crate::param::{Param, ParamSet};
use crate::property::PropertySet;
use crate::suites::image_effect::ImageMemory;
use crate::suites::multithread::HostMutex;
use crate::sync::{read, write};

pub(crate) enum Entry {
    PropertySet(Weak<PropertySet>),
    ParamSet(Weak<ParamSet>),
    Param(Weak<Param>),
    Effect(Weak<Effect>),
    Clip(Weak<Clip>),
    ImageMemory(Weak<ImageMemory>),
    Mutex(Weak<HostMutex>),
}

/// A host object type that can be handed to the plugin as a handle.
pub(crate) trait Handled: Sized {
    fn entry(object: Weak<Self>) -> Entry;
    fn weak(entry: &Entry) -> Option<&Weak<Self>>;
}

macro_rules! handled {
    ($($type:ty => $variant:ident),* $(,)?) => {$(
        impl Handled for $type {
            fn entry(object: Weak<Self>) -> Entry {
                Entry::$variant(object)
            }
            fn weak(entry: &Entry) -> Option<&Weak<Self>> {
                match entry {
                    Entry::$variant(object) => Some(object),
                    _ => None,
                }
            }
        }
    )*};
}

handled! {
    PropertySet => PropertySet,
    ParamSet => ParamSet,
    Param => Param,
    Effect => Effect,
    Clip => Clip,
    ImageMemory => ImageMemory,
    HostMutex => Mutex,
}

static LIVE: LazyLock<RwLock<HashMap<usize, Entry>>> = LazyLock::new(Default::default);

/// An object the plugin may hold a handle to; the handle dies with this value.
pub(crate) struct Registered<T: Handled> {
    object: Arc<T>,
}

impl<T: Handled> Registered<T> {
    pub(crate) fn new(value: T) -> Registered<T> {
        let object = Arc::new(value);
        let address = Arc::as_ptr(&object) as usize;
        write(&LIVE).insert(address, T::entry(Arc::downgrade(&object)));
        Registered { object }
    }

    /// The handle to give the plugin, cast to whichever OFX handle type the call wants.
    pub(crate) fn handle<H>(&self) -> *mut H {
        Arc::as_ptr(&self.object) as *mut H
    }

    pub(crate) fn arc(&self) -> &Arc<T> {
        &self.object
    }
}

impl<T: Handled> Deref for Registered<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.object
    }
}

impl<T: Handled> Drop for Registered<T> {
    fn drop(&mut self) {
        write(&LIVE).remove(&(Arc::as_ptr(&self.object) as usize));
    }
}

/// The live object behind a handle, if the handle is live and of the expected type.
pub(crate) fn resolve<T: Handled>(handle: *const c_void) -> Option<Arc<T>> {
    if handle.is_null() {
        return None;
    }
    read(&LIVE)
        .get(&(handle as usize))
        .and_then(T::weak)
        .and_then(Weak::upgrade)
}
