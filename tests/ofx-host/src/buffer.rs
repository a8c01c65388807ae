//! Zeroed, 16-byte aligned heap memory with a stable address, for pixels and for the memory
//! suites.

use std::alloc::{self, Layout};
use std::ptr::NonNull;

pub(crate) struct AlignedBuffer {
    data: NonNull<u8>,
    layout: Layout,
}

// The buffer is plain bytes owned by this value; sharing it is as safe as sharing a Vec<u8>.
unsafe impl Send for AlignedBuffer {}
unsafe impl Sync for AlignedBuffer {}

impl AlignedBuffer {
    const ALIGN: usize = 16;

    /// `None` if the size does not fit a `Layout` or the allocation fails.
    pub(crate) fn zeroed(len: usize) -> Option<AlignedBuffer> {
        let layout = Layout::from_size_align(len.max(1), Self::ALIGN).ok()?;
        // SAFETY: the layout has a non-zero size.
        let data = NonNull::new(unsafe { alloc::alloc_zeroed(layout) })?;
        Some(AlignedBuffer { data, layout })
    }

    pub(crate) fn len(&self) -> usize {
        self.layout.size()
    }

    pub(crate) fn as_ptr(&self) -> *mut u8 {
        self.data.as_ptr()
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        // SAFETY: `data` points to `len` initialised bytes owned by self.
        unsafe { std::slice::from_raw_parts(self.data.as_ptr(), self.len()) }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as above, and `&mut self` makes the access exclusive.
        unsafe { std::slice::from_raw_parts_mut(self.data.as_ptr(), self.len()) }
    }
}

impl Drop for AlignedBuffer {
    fn drop(&mut self) {
        // SAFETY: allocated in `zeroed` with this layout.
        unsafe { alloc::dealloc(self.data.as_ptr(), self.layout) }
    }
}
