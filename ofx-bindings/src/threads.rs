//! The host's multithread and memory suites, for what amfx uses of them.
//!
//! amfx renders on its own rayon workers and uses Rust's locks (some hosts' mutex functions are
//! missing or broken), so from the multithread suite it only asks how many CPUs the host gives it.
//! Host memory is for large caches the host may want to account for (baked LUTs).

use std::ffi::c_void;

use crate::error::{Error, Result, Status};
use crate::host::suites;

/// How many CPUs the host lets plugins use, when it says (None otherwise).
pub fn host_cpu_count() -> Option<usize> {
    let f = suites().ok()?.multi_thread?.multiThreadNumCPUs?;
    let mut count: u32 = 0;
    // SAFETY: a plain out parameter.
    let status = unsafe { f(&mut count) };
    (Status(status) == Status::OK && count > 0).then_some(count as usize)
}

/// A block of host memory (memory suite), freed on drop.
pub struct HostMemory {
    ptr: *mut c_void,
    len: usize,
    free: unsafe extern "C" fn(*mut c_void) -> crate::raw::OfxStatus,
}

// SAFETY: host memory is plain bytes owned by this value.
unsafe impl Send for HostMemory {}
unsafe impl Sync for HostMemory {}

impl HostMemory {
    /// Asks the host for `len` bytes; a refusal is an error (kOfxStatErrMemory), never an abort.
    pub fn alloc(len: usize) -> Result<HostMemory> {
        let memory = suites()?.memory.ok_or(Error::MissingSuite("memory"))?;
        let alloc = memory.memoryAlloc.ok_or(Error::MissingFunction {
            suite: "memory",
            function: "memoryAlloc",
        })?;
        let free = memory.memoryFree.ok_or(Error::MissingFunction {
            suite: "memory",
            function: "memoryFree",
        })?;
        let mut ptr: *mut c_void = std::ptr::null_mut();
        // SAFETY: no instance handle (allowed by the standard); out pointer is ours.
        let status = unsafe { alloc(std::ptr::null_mut(), len, &mut ptr) };
        Status(status).check("memoryAlloc", || format!("{len} bytes"))?;
        if ptr.is_null() {
            return Err(Error::HostCall {
                call: "memoryAlloc",
                status: Status::ERR_MEMORY,
                what: format!("{len} bytes"),
            });
        }
        Ok(HostMemory { ptr, len, free })
    }

    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: the host gave `len` bytes at `ptr`, exclusively ours until drop.
        unsafe { std::slice::from_raw_parts_mut(self.ptr as *mut u8, self.len) }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for HostMemory {
    fn drop(&mut self) {
        // SAFETY: allocated by memoryAlloc and freed once.
        unsafe { (self.free)(self.ptr) };
    }
}
