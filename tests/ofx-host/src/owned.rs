//! Objects the plugin owns until it gives them back: fetched images, image memory, mutexes
//! and memory-suite allocations.
//!
//! They are keyed by the handle or pointer the plugin holds, so that the release call (which
//! only carries that pointer) can find them, and so that releasing something twice, or
//! something never handed out, is `kOfxStatErrBadHandle` instead of a double free.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use crate::buffer::AlignedBuffer;
use crate::effect::Clip;
use crate::property::PropertySet;
use crate::registry::Registered;
use crate::suites::image_effect::ImageMemory;
use crate::suites::multithread::HostMutex;
use crate::sync::lock;

// Most payloads are never read: they are held so that dropping the entry frees them (and
// retires their handles).
#[allow(dead_code)]
pub(crate) enum Owned {
    Image {
        props: Registered<PropertySet>,
        clip: Arc<Clip>,
    },
    ImageMemory(Registered<ImageMemory>),
    Mutex(Registered<HostMutex>),
    Allocation(AlignedBuffer),
}

static OWNED: LazyLock<Mutex<HashMap<usize, Owned>>> = LazyLock::new(Default::default);

/// Hands `object` to the plugin under `key` (its handle or pointer).
pub(crate) fn adopt(key: usize, object: Owned) {
    lock(&OWNED).insert(key, object);
}

/// Takes back what the plugin held under `key`, if it is what `expected` accepts.
pub(crate) fn give_back(key: usize, expected: fn(&Owned) -> bool) -> Option<Owned> {
    let mut owned = lock(&OWNED);
    if owned.get(&key).is_some_and(expected) {
        owned.remove(&key)
    } else {
        None
    }
}
