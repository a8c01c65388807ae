//! `OfxMemorySuiteV1`: plain allocations, tracked so that a bad free is reported, not fatal.

use std::ffi::c_void;

use ofx_bindings::raw;

use super::{guard, write_out};
use crate::buffer::AlignedBuffer;
use crate::owned::{self, Owned};
use crate::status::Status;

pub(crate) static SUITE: raw::OfxMemorySuiteV1 = raw::OfxMemorySuiteV1 {
    memoryAlloc: Some(alloc),
    memoryFree: Some(free),
};

unsafe extern "C" fn alloc(
    _handle: *mut c_void,
    bytes: usize,
    out: *mut *mut c_void,
) -> raw::OfxStatus {
    guard(|| {
        let buffer = AlignedBuffer::zeroed(bytes).ok_or(Status::ERR_MEMORY)?;
        let data = buffer.as_ptr() as *mut c_void;
        owned::adopt(data as usize, Owned::Allocation(buffer));
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(out, data) }
    })
}

unsafe extern "C" fn free(data: *mut c_void) -> raw::OfxStatus {
    guard(|| {
        owned::give_back(data as usize, |o| matches!(o, Owned::Allocation(_)))
            .map(drop)
            .ok_or(Status::ERR_BAD_HANDLE)
    })
}
