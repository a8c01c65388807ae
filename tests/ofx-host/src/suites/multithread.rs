//! `OfxMultiThreadSuiteV1` on std threads.

use std::cell::Cell;
use std::ffi::{c_int, c_uint, c_void};
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};

use ofx_bindings::raw;

use super::{guard, write_out};
use crate::host;
use crate::owned::{self, Owned};
use crate::registry::{resolve, Registered};
use crate::status::Status;
use crate::sync::lock;

pub(crate) static SUITE: raw::OfxMultiThreadSuiteV1 = raw::OfxMultiThreadSuiteV1 {
    multiThread: Some(multi_thread),
    multiThreadNumCPUs: Some(num_cpus),
    multiThreadIndex: Some(thread_index),
    multiThreadIsSpawnedThread: Some(is_spawned_thread),
    mutexCreate: Some(mutex_create),
    mutexDestroy: Some(mutex_destroy),
    mutexLock: Some(mutex_lock),
    mutexUnLock: Some(mutex_unlock),
    mutexTryLock: Some(mutex_try_lock),
};

thread_local! {
    /// The index `multiThread` gave this thread, if it spawned it.
    static SPAWNED_INDEX: Cell<Option<c_uint>> = const { Cell::new(None) };
}

/// The plugin's `customArg`, which it promises is safe to share with its own threads.
struct CustomArg(*mut c_void);

// SAFETY: multiThread exists to hand customArg to several threads; the plugin vouches for it.
unsafe impl Send for CustomArg {}

impl CustomArg {
    fn get(&self) -> *mut c_void {
        self.0
    }
}

fn cpu_count() -> c_uint {
    thread::available_parallelism().map_or(1, |n| n.get() as c_uint)
}

unsafe extern "C" fn multi_thread(
    func: raw::OfxThreadFunctionV1,
    threads: c_uint,
    custom_arg: *mut c_void,
) -> raw::OfxStatus {
    guard(|| {
        let func = func.ok_or(Status::FAILED)?;
        if SPAWNED_INDEX.get().is_some() {
            // The suite forbids recursion.
            return Err(Status::ERR_EXISTS);
        }
        let count = if threads == 0 { cpu_count() } else { threads };
        let caller = host::current();
        let mut launched = true;
        thread::scope(|scope| {
            for index in 0..count {
                let arg = CustomArg(custom_arg);
                let caller = caller.clone();
                let spawned = thread::Builder::new()
                    .name(format!("ofx-host multiThread {index}"))
                    .spawn_scoped(scope, move || {
                        SPAWNED_INDEX.set(Some(index));
                        let _host = caller.as_ref().map(host::enter);
                        // SAFETY: the plugin's own thread function and argument.
                        unsafe { func(index, count, arg.get()) };
                    });
                launched &= spawned.is_ok();
            }
        });
        if launched {
            Ok(())
        } else {
            Err(Status::FAILED)
        }
    })
}

unsafe extern "C" fn num_cpus(out: *mut c_uint) -> raw::OfxStatus {
    // SAFETY: an out-argument from the plugin.
    guard(|| unsafe { write_out(out, cpu_count()) })
}

unsafe extern "C" fn thread_index(out: *mut c_uint) -> raw::OfxStatus {
    // SAFETY: an out-argument from the plugin.
    guard(|| unsafe { write_out(out, SPAWNED_INDEX.get().unwrap_or(0)) })
}

unsafe extern "C" fn is_spawned_thread() -> c_int {
    c_int::from(SPAWNED_INDEX.get().is_some())
}

/// A recursive mutex, as the OFX mutex functions describe.
pub(crate) struct HostMutex {
    state: Mutex<Ownership>,
    released: Condvar,
}

#[derive(Default)]
struct Ownership {
    owner: Option<ThreadId>,
    count: u32,
}

impl HostMutex {
    fn new(initial_locks: c_int) -> HostMutex {
        let count = initial_locks.max(0) as u32;
        let owner = (count > 0).then(|| thread::current().id());
        HostMutex {
            state: Mutex::new(Ownership { owner, count }),
            released: Condvar::new(),
        }
    }

    fn try_lock(&self) -> bool {
        let me = thread::current().id();
        let mut state = lock(&self.state);
        match state.owner {
            Some(owner) if owner != me => false,
            _ => {
                state.owner = Some(me);
                state.count += 1;
                true
            }
        }
    }

    fn lock(&self) {
        let me = thread::current().id();
        let mut state = lock(&self.state);
        while state.owner.is_some_and(|owner| owner != me) {
            state = self
                .released
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        state.owner = Some(me);
        state.count += 1;
    }

    /// `false` if the calling thread does not hold the lock.
    fn unlock(&self) -> bool {
        let mut state = lock(&self.state);
        if state.owner != Some(thread::current().id()) {
            return false;
        }
        state.count -= 1;
        if state.count == 0 {
            state.owner = None;
            self.released.notify_one();
        }
        true
    }
}

fn mutex(handle: raw::OfxMutexHandle) -> Result<std::sync::Arc<HostMutex>, Status> {
    resolve::<HostMutex>(handle as *const c_void).ok_or(Status::ERR_BAD_HANDLE)
}

unsafe extern "C" fn mutex_create(
    out: *mut raw::OfxMutexHandle,
    lock_count: c_int,
) -> raw::OfxStatus {
    guard(|| {
        let mutex = Registered::new(HostMutex::new(lock_count));
        let handle = mutex.handle::<raw::OfxMutex>();
        owned::adopt(handle as usize, Owned::Mutex(mutex));
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(out, handle) }
    })
}

unsafe extern "C" fn mutex_destroy(handle: raw::OfxMutexHandle) -> raw::OfxStatus {
    guard(|| {
        owned::give_back(handle as usize, |o| matches!(o, Owned::Mutex(_)))
            .map(drop)
            .ok_or(Status::ERR_BAD_HANDLE)
    })
}

unsafe extern "C" fn mutex_lock(handle: raw::OfxMutexHandle) -> raw::OfxStatus {
    guard(|| mutex(handle).map(|m| m.lock()))
}

unsafe extern "C" fn mutex_unlock(handle: raw::OfxMutexHandle) -> raw::OfxStatus {
    guard(|| {
        if mutex(handle)?.unlock() {
            Ok(())
        } else {
            Err(Status::FAILED)
        }
    })
}

unsafe extern "C" fn mutex_try_lock(handle: raw::OfxMutexHandle) -> raw::OfxStatus {
    guard(|| {
        if mutex(handle)?.try_lock() {
            Ok(())
        } else {
            Err(Status::FAILED)
        }
    })
}
