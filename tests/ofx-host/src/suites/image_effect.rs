//! `OfxImageEffectSuiteV1`: effects, clips, images and image memory.

use std::ffi::{c_char, c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use ofx_bindings::raw;

use super::{guard, str_arg, write_optional, write_out};
use crate::buffer::AlignedBuffer;
use crate::effect::{Clip, Effect};
use crate::faults::ClipImageFault;
use crate::owned::{self, Owned};
use crate::registry::{resolve, Registered};
use crate::schema;
use crate::status::Status;

pub(crate) static SUITE: raw::OfxImageEffectSuiteV1 = raw::OfxImageEffectSuiteV1 {
    getPropertySet: Some(get_property_set),
    getParamSet: Some(get_param_set),
    clipDefine: Some(clip_define),
    clipGetHandle: Some(clip_get_handle),
    clipGetPropertySet: Some(clip_get_property_set),
    clipGetImage: Some(clip_get_image),
    clipReleaseImage: Some(clip_release_image),
    clipGetRegionOfDefinition: Some(clip_get_region_of_definition),
    abort: Some(abort),
    imageMemoryAlloc: Some(image_memory_alloc),
    imageMemoryFree: Some(image_memory_free),
    imageMemoryLock: Some(image_memory_lock),
    imageMemoryUnlock: Some(image_memory_unlock),
};

/// Memory from `imageMemoryAlloc`: plugin-owned until `imageMemoryFree`.
pub(crate) struct ImageMemory {
    buffer: AlignedBuffer,
    locks: AtomicI32,
}

fn effect(handle: raw::OfxImageEffectHandle) -> Result<Arc<Effect>, Status> {
    resolve::<Effect>(handle as *const c_void).ok_or(Status::ERR_BAD_HANDLE)
}

fn clip(handle: raw::OfxImageClipHandle) -> Result<Arc<Clip>, Status> {
    resolve::<Clip>(handle as *const c_void).ok_or(Status::ERR_BAD_HANDLE)
}

unsafe extern "C" fn get_property_set(
    handle: raw::OfxImageEffectHandle,
    out: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    // SAFETY: an out-argument from the plugin.
    guard(|| unsafe { write_out(out, effect(handle)?.props.handle()) })
}

unsafe extern "C" fn get_param_set(
    handle: raw::OfxImageEffectHandle,
    out: *mut raw::OfxParamSetHandle,
) -> raw::OfxStatus {
    // SAFETY: an out-argument from the plugin.
    guard(|| unsafe { write_out(out, effect(handle)?.params.handle()) })
}

unsafe extern "C" fn clip_define(
    handle: raw::OfxImageEffectHandle,
    name: *const c_char,
    out: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    guard(|| {
        let effect = effect(handle)?;
        // SAFETY: a string argument from the plugin.
        let name = unsafe { str_arg(name) }.ok_or(Status::ERR_VALUE)?;
        let clip = effect.define_clip(name)?;
        // SAFETY: NULL or an out-argument from the plugin.
        unsafe { write_optional(out, clip.props.handle()) };
        Ok(())
    })
}

unsafe extern "C" fn clip_get_handle(
    handle: raw::OfxImageEffectHandle,
    name: *const c_char,
    out: *mut raw::OfxImageClipHandle,
    props: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    guard(|| {
        let effect = effect(handle)?;
        // SAFETY: a string argument from the plugin.
        let name = unsafe { str_arg(name) }.ok_or(Status::ERR_UNKNOWN)?;
        let clip = effect.clip(name).ok_or_else(|| {
            effect
                .shared
                .note(format!("clipGetHandle({name}): no such clip"));
            Status::ERR_UNKNOWN
        })?;
        // SAFETY: out-arguments from the plugin; `props` may be NULL.
        unsafe {
            write_out(out, Arc::as_ptr(&clip) as raw::OfxImageClipHandle)?;
            write_optional(props, clip.props.handle());
        }
        Ok(())
    })
}

unsafe extern "C" fn clip_get_property_set(
    handle: raw::OfxImageClipHandle,
    out: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    // SAFETY: an out-argument from the plugin.
    guard(|| unsafe { write_out(out, clip(handle)?.props.handle()) })
}

/// Hands out the image bound to the clip for the current render, whatever the time or region
/// asked for (the host's images always cover the whole region of definition).
unsafe extern "C" fn clip_get_image(
    handle: raw::OfxImageClipHandle,
    _time: raw::OfxTime,
    _region: *const raw::OfxRectD,
    out: *mut raw::OfxPropertySetHandle,
) -> raw::OfxStatus {
    guard(|| {
        let clip = clip(handle)?;
        // SAFETY: an out-argument from the plugin; cleared first so no path leaves garbage.
        unsafe { write_out(out, ptr::null_mut())? };
        match clip.shared.faults.clip_image_fault() {
            ClipImageFault::None => {}
            ClipImageFault::NullImage => {
                clip.shared.note(format!(
                    "clipGetImage({}): NULL image on purpose (HostFaults)",
                    clip.name
                ));
                return Ok(());
            }
            ClipImageFault::Failure => {
                clip.shared.note(format!(
                    "clipGetImage({}): failed on purpose (HostFaults)",
                    clip.name
                ));
                return Err(Status::FAILED);
            }
        }
        let binding = clip.binding().ok_or_else(|| {
            clip.shared.note(format!(
                "clipGetImage({}): no image outside a render",
                clip.name
            ));
            Status::FAILED
        })?;
        let props = Registered::new(schema::image(&clip.shared, &binding));
        let image = props.handle::<raw::OfxPropertySetStruct>();
        clip.image_fetched();
        owned::adopt(
            image as usize,
            Owned::Image {
                props,
                clip: Arc::clone(&clip),
            },
        );
        // SAFETY: as above.
        unsafe { write_out(out, image) }
    })
}

unsafe extern "C" fn clip_release_image(image: raw::OfxPropertySetHandle) -> raw::OfxStatus {
    guard(
        || match owned::give_back(image as usize, |o| matches!(o, Owned::Image { .. })) {
            Some(Owned::Image { clip, .. }) => {
                clip.image_released();
                Ok(())
            }
            _ => Err(Status::ERR_BAD_HANDLE),
        },
    )
}

unsafe extern "C" fn clip_get_region_of_definition(
    handle: raw::OfxImageClipHandle,
    _time: raw::OfxTime,
    out: *mut raw::OfxRectD,
) -> raw::OfxStatus {
    guard(|| {
        let rod = clip(handle)?.region_of_definition();
        let rect = raw::OfxRectD {
            x1: rod.x1,
            y1: rod.y1,
            x2: rod.x2,
            y2: rod.y2,
        };
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(out, rect) }
    })
}

/// Renders are never aborted by this host.
unsafe extern "C" fn abort(_handle: raw::OfxImageEffectHandle) -> c_int {
    0
}

unsafe extern "C" fn image_memory_alloc(
    _instance: raw::OfxImageEffectHandle,
    bytes: usize,
    out: *mut raw::OfxImageMemoryHandle,
) -> raw::OfxStatus {
    guard(|| {
        let buffer = AlignedBuffer::zeroed(bytes).ok_or(Status::ERR_MEMORY)?;
        let memory = Registered::new(ImageMemory {
            buffer,
            locks: AtomicI32::new(0),
        });
        let handle = memory.handle::<raw::OfxImageMemoryStruct>();
        owned::adopt(handle as usize, Owned::ImageMemory(memory));
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(out, handle) }
    })
}

unsafe extern "C" fn image_memory_free(handle: raw::OfxImageMemoryHandle) -> raw::OfxStatus {
    guard(|| {
        owned::give_back(handle as usize, |o| matches!(o, Owned::ImageMemory(_)))
            .map(drop)
            .ok_or(Status::ERR_BAD_HANDLE)
    })
}

unsafe extern "C" fn image_memory_lock(
    handle: raw::OfxImageMemoryHandle,
    out: *mut *mut c_void,
) -> raw::OfxStatus {
    guard(|| {
        let memory =
            resolve::<ImageMemory>(handle as *const c_void).ok_or(Status::ERR_BAD_HANDLE)?;
        memory.locks.fetch_add(1, Ordering::SeqCst);
        // SAFETY: an out-argument from the plugin.
        unsafe { write_out(out, memory.buffer.as_ptr() as *mut c_void) }
    })
}

unsafe extern "C" fn image_memory_unlock(handle: raw::OfxImageMemoryHandle) -> raw::OfxStatus {
    guard(|| {
        let memory =
            resolve::<ImageMemory>(handle as *const c_void).ok_or(Status::ERR_BAD_HANDLE)?;
        memory
            .locks
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n > 0).then(|| n - 1)
            })
            .map(drop)
            .map_err(|_| Status::ERR_BAD_HANDLE)
    })
}
