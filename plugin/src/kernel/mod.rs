//! Applies a pipeline to host images: any sample type, RGB or RGBA, any row stride (negative
//! too), any render window, on rayon workers, one block of pixels at a time.
//!
//! Rows of the window are shared out to workers; inside a row, pixels are de-interleaved into
//! planar f32 blocks so each op runs over whole blocks. A processor with a fused path for
//! interleaved RGBA f32 (fast mode's baked LUT) gets whole runs of the row instead, copied
//! straight from source to destination and processed in place there. The kernel knows pixels
//! and processors, nothing of OFX or AMF.

mod format;
#[cfg(target_arch = "x86_64")]
mod rgba_avx2;

pub use format::{Layout, Sample};

use rayon::prelude::*;

use crate::pipeline::{BakedPipeline, Pipeline};

/// Pixels per block: large enough to amortise per-op dispatch (and the register kernels'
/// constant set-up, 32 pixels a step), small enough to stay in L1 (4 KiB of planar pixels).
pub const BLOCK: usize = 256;

/// An integer rectangle (x1, y1 inclusive; x2, y2 exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Rect {
    pub x1: i32,
    pub y1: i32,
    pub x2: i32,
    pub y2: i32,
}

impl Rect {
    pub fn new(x1: i32, y1: i32, x2: i32, y2: i32) -> Rect {
        Rect { x1, y1, x2, y2 }
    }

    pub fn width(&self) -> usize {
        (self.x2 as i64 - self.x1 as i64).max(0) as usize
    }

    pub fn height(&self) -> usize {
        (self.y2 as i64 - self.y1 as i64).max(0) as usize
    }

    pub fn intersect(&self, other: &Rect) -> Rect {
        Rect {
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
            x2: self.x2.min(other.x2),
            y2: self.y2.min(other.y2),
        }
    }

    fn contains_row(&self, y: i32) -> bool {
        y >= self.y1 && y < self.y2
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KernelError {
    #[error("image rows of {row_bytes} bytes cannot hold {width} pixels of {pixel_bytes} bytes")]
    RowTooShort {
        row_bytes: isize,
        width: usize,
        pixel_bytes: usize,
    },
    #[error("the image has a null data pointer")]
    NullData,
    #[error("images of {0} channels are not supported (RGB or RGBA only)")]
    Channels(usize),
    #[error("the image bounds {0:?} are inverted")]
    BadBounds(Rect),
}

/// A view of pixel memory owned by someone else (the host).
#[derive(Clone, Copy, Debug)]
pub struct ImageView {
    data: *mut u8,
    bounds: Rect,
    row_bytes: isize,
    layout: Layout,
}

// SAFETY: the owner guarantees the memory outlives the view; the kernel writes each pixel of the
// destination from exactly one worker.
unsafe impl Send for ImageView {}
unsafe impl Sync for ImageView {}

impl ImageView {
    /// # Safety
    /// `data` must point at pixel (bounds.x1, bounds.y1) of memory holding `bounds.height()` rows
    /// of `row_bytes` each (rows going up in y; `row_bytes` < 0 for top-down storage), valid for
    /// reads (and writes, for a destination) while the view is used.
    pub unsafe fn new(
        data: *mut u8,
        bounds: Rect,
        row_bytes: isize,
        layout: Layout,
    ) -> Result<ImageView, KernelError> {
        if data.is_null() {
            return Err(KernelError::NullData);
        }
        // The pixel loops know RGB and RGBA only; anything else would read past the rows.
        if !matches!(layout.channels, 3 | 4) {
            return Err(KernelError::Channels(layout.channels));
        }
        if bounds.x2 < bounds.x1 || bounds.y2 < bounds.y1 {
            return Err(KernelError::BadBounds(bounds));
        }
        let pixel_bytes = layout.pixel_bytes();
        let needed = bounds.width().saturating_mul(pixel_bytes);
        if row_bytes.unsigned_abs() < needed {
            return Err(KernelError::RowTooShort {
                row_bytes,
                width: bounds.width(),
                pixel_bytes,
            });
        }
        Ok(ImageView {
            data,
            bounds,
            row_bytes,
            layout,
        })
    }

    pub fn bounds(&self) -> Rect {
        self.bounds
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Address of pixel (x, y), which must lie inside the bounds.
    fn pixel_ptr(&self, x: i32, y: i32) -> *mut u8 {
        let row = (y - self.bounds.y1) as isize * self.row_bytes;
        let col = (x - self.bounds.x1) as isize * self.layout.pixel_bytes() as isize;
        self.data.wrapping_offset(row + col)
    }
}

/// Windows that write at least this much stream their results past the caches (where the
/// format allows): that much output leaves the cache before the host reads it anyway, and
/// ordinary stores first read every destination line in. RGBA f32 UHD, chain c, 2 threads:
/// 83 -> 58 ms (Intel Xeon, 2 cores).
const STREAM_BYTES: usize = 4 << 20;

/// Pixels per run of the fused RGBA f32 path: 4 KiB of pixels, processed while in L1.
const FUSED_RUN: usize = 256;

/// What the kernel runs over pixels: an exact pipeline, or one baked for fast mode.
pub trait Process: Sync {
    /// Planar channels in place.
    fn apply_planar(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]);

    /// Whether [`Process::apply_rgba`] beats de-interleaving into planar blocks.
    fn has_fused_rgba(&self) -> bool {
        false
    }

    /// Interleaved RGBA f32 pixels in place, alpha untouched.
    fn apply_rgba(&self, pixels: &mut [f32]) {
        let mut block = Block::zeroed();
        for run in pixels.chunks_mut(4 * BLOCK) {
            let n = run.len() / 4;
            for (i, px) in run.chunks_exact(4).enumerate() {
                [block.r[i], block.g[i], block.b[i]] = [px[0], px[1], px[2]];
            }
            self.apply_planar(&mut block.r[..n], &mut block.g[..n], &mut block.b[..n]);
            for (i, px) in run.chunks_exact_mut(4).enumerate() {
                [px[0], px[1], px[2]] = [block.r[i], block.g[i], block.b[i]];
            }
        }
    }
}

impl Process for Pipeline {
    fn apply_planar(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.apply(r, g, b)
    }
}

impl Process for BakedPipeline {
    fn apply_planar(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.apply(r, g, b)
    }

    fn has_fused_rgba(&self) -> bool {
        true
    }

    fn apply_rgba(&self, pixels: &mut [f32]) {
        BakedPipeline::apply_rgba(self, pixels)
    }
}

/// Planar pixels of one block.
struct Block {
    r: [f32; BLOCK],
    g: [f32; BLOCK],
    b: [f32; BLOCK],
    a: [f32; BLOCK],
}

impl Block {
    fn zeroed() -> Block {
        Block {
            r: [0.0; BLOCK],
            g: [0.0; BLOCK],
            b: [0.0; BLOCK],
            a: [0.0; BLOCK],
        }
    }
}

/// Renders `window` of `dst` from `src` through `processor` (a [`Pipeline`] or a
/// [`BakedPipeline`]). Pixels of the window outside `src` read as transparent black (the OFX
/// convention); the window is cut to `dst`'s bounds.
pub fn render<P: Process + ?Sized>(
    processor: &P,
    src: &ImageView,
    dst: &ImageView,
    window: Rect,
) -> Result<(), KernelError> {
    render_with(processor, src, dst, window, RenderOptions::default())
}

/// How pixels are handed to the pipeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RenderOptions {
    /// Divide colour by alpha before the pipeline and multiply it back after (premultiplied
    /// images); pixels with no alpha pass through the pipeline as they are.
    pub unpremultiply: bool,
    /// Blend with the source: 1 is the result, 0 the source (values outside are clamped).
    pub mix: f32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            unpremultiply: false,
            mix: 1.0,
        }
    }
}

/// [`render`] with options.
pub fn render_with<P: Process + ?Sized>(
    processor: &P,
    src: &ImageView,
    dst: &ImageView,
    window: Rect,
    options: RenderOptions,
) -> Result<(), KernelError> {
    let window = window.intersect(&dst.bounds);
    if window.width() == 0 || window.height() == 0 {
        return Ok(());
    }
    // About 16k pixels per task: enough work to pay for the hand-off.
    let rows_per_task = (16_384 / window.width()).max(1);
    let written = window.width() * window.height() * dst.layout.pixel_bytes();
    let stream = written >= STREAM_BYTES;
    (window.y1..window.y2)
        .into_par_iter()
        .with_min_len(rows_per_task)
        .for_each(|y| render_row(processor, src, dst, window, y, options, stream));
    Ok(())
}

/// Row `y` of `window`.
fn render_row<P: Process + ?Sized>(
    processor: &P,
    src: &ImageView,
    dst: &ImageView,
    window: Rect,
    y: i32,
    options: RenderOptions,
    stream: bool,
) {
    let mix = if options.mix.is_nan() {
        1.0
    } else {
        options.mix.clamp(0.0, 1.0)
    };
    let (x1, x2) = (window.x1, window.x2);
    if !options.unpremultiply && mix == 1.0 && render_row_fused(processor, src, dst, x1, x2, y) {
        return;
    }
    let mut block = Block::zeroed();
    let mut source = [[0.0f32; BLOCK]; 3];
    let mut x = x1;
    while x < x2 {
        let n = ((x2 - x) as usize).min(BLOCK);
        load(src, x, y, n, &mut block);
        if mix < 1.0 {
            source[0][..n].copy_from_slice(&block.r[..n]);
            source[1][..n].copy_from_slice(&block.g[..n]);
            source[2][..n].copy_from_slice(&block.b[..n]);
        }
        if options.unpremultiply {
            scale_by_alpha(&mut block, n, |a| 1.0 / a);
        }
        processor.apply_planar(&mut block.r[..n], &mut block.g[..n], &mut block.b[..n]);
        if options.unpremultiply {
            scale_by_alpha(&mut block, n, |a| a);
        }
        if mix < 1.0 {
            // Both sides as stored (premultiplied when the image is), so the blend is too.
            for (out, from) in [&mut block.r, &mut block.g, &mut block.b]
                .into_iter()
                .zip(&source)
            {
                for (o, s) in out[..n].iter_mut().zip(&from[..n]) {
                    *o = s + mix * (*o - s);
                }
            }
        }
        store(dst, x, y, n, &block, stream);
        x += n as i32;
    }
}

/// The fused path: RGBA f32 on both sides, the whole run inside the source, an aligned
/// destination. Copies each run from source to destination (a memmove, so an in-place render
/// is fine) and processes it there. False when it does not apply.
fn render_row_fused<P: Process + ?Sized>(
    processor: &P,
    src: &ImageView,
    dst: &ImageView,
    x1: i32,
    x2: i32,
    y: i32,
) -> bool {
    let rgba = Layout::new(Sample::F32, 4);
    let inside = src.bounds.contains_row(y) && x1 >= src.bounds.x1 && x2 <= src.bounds.x2;
    if !processor.has_fused_rgba() || src.layout != rgba || dst.layout != rgba || !inside {
        return false;
    }
    let to = dst.pixel_ptr(x1, y);
    if !to.cast::<f32>().is_aligned() {
        return false;
    }
    let from = src.pixel_ptr(x1, y);
    let width = (x2 - x1) as usize;
    let mut done = 0;
    while done < width {
        let n = (width - done).min(FUSED_RUN);
        // SAFETY: both runs lie inside their images' rows (checked above and by the views'
        // contracts); `copy` allows overlap; the destination run is aligned for f32 and only
        // this worker touches it.
        unsafe {
            let (from, to) = (from.add(done * 16), to.add(done * 16));
            std::ptr::copy(from, to, n * 16);
            processor.apply_rgba(std::slice::from_raw_parts_mut(to.cast::<f32>(), n * 4));
        }
        done += n;
    }
    true
}

/// Multiplies colour by `factor(alpha)` where alpha is above 0 (un- and re-premultiplying).
fn scale_by_alpha(block: &mut Block, n: usize, factor: impl Fn(f32) -> f32) {
    for i in 0..n {
        let a = block.a[i];
        if a > 0.0 {
            let f = factor(a);
            block.r[i] *= f;
            block.g[i] *= f;
            block.b[i] *= f;
        }
    }
}

/// De-interleaves `n` pixels from (x, y) into the block; pixels outside the source are zero.
fn load(src: &ImageView, x: i32, y: i32, n: usize, block: &mut Block) {
    let (lo, hi) = (x.max(src.bounds.x1), (x + n as i32).min(src.bounds.x2));
    if !src.bounds.contains_row(y) || lo >= hi {
        for channel in [&mut block.r, &mut block.g, &mut block.b, &mut block.a] {
            channel[..n].fill(0.0);
        }
        return;
    }
    let (start, end) = ((lo - x) as usize, (hi - x) as usize);
    for channel in [&mut block.r, &mut block.g, &mut block.b, &mut block.a] {
        channel[..start].fill(0.0);
        channel[end..n].fill(0.0);
    }
    let [r, g, b, a] = [&mut block.r, &mut block.g, &mut block.b, &mut block.a];
    src.layout.read_run(
        src.pixel_ptr(lo, y),
        [
            &mut r[start..end],
            &mut g[start..end],
            &mut b[start..end],
            &mut a[start..end],
        ],
    );
}

/// Interleaves `n` pixels of the block into the destination at (x, y).
fn store(dst: &ImageView, x: i32, y: i32, n: usize, block: &Block, stream: bool) {
    dst.layout.write_run(
        dst.pixel_ptr(x, y),
        [&block.r[..n], &block.g[..n], &block.b[..n], &block.a[..n]],
        stream,
    );
}

#[cfg(test)]
mod tests;
