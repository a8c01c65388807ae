//! Host-side images: owned pixel buffers laid out the way OFX describes them.
//!
//! OFX addresses an image through the pointer to pixel `(bounds.x1, bounds.y1)` — its
//! bottom-left pixel — and `rowBytes`, the signed distance from one row to the row above.
//! A `HostImage` can pad its rows and store them top-down (negative `rowBytes`), so that a
//! plugin that assumes tightly packed, bottom-up, origin-anchored images gets caught.

use std::ffi::c_void;

use crate::buffer::AlignedBuffer;
use crate::format::{Components, PixelDepth, Premultiplication};
use crate::geometry::RectI;

/// The byte written into row padding; [`HostImage::padding_intact`] checks it is still there.
const PADDING_BYTE: u8 = 0xA5;

/// The order in which rows are stored in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowOrder {
    /// The bottom row first: positive `rowBytes`.
    #[default]
    BottomUp,
    /// The top row first: negative `rowBytes`, the data pointer at the last row in memory.
    TopDown,
}

/// How rows are laid out in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowLayout {
    /// Extra bytes at the end of every row.
    pub padding: usize,
    pub order: RowOrder,
}

/// An image owned by the host, readable and writable by the test.
pub struct HostImage {
    depth: PixelDepth,
    components: Components,
    premultiplication: Premultiplication,
    bounds: RectI,
    row_bytes: isize,
    buffer: AlignedBuffer,
    /// Byte offset of pixel `(bounds.x1, bounds.y1)` in `buffer`.
    origin: usize,
}

impl HostImage {
    /// A zeroed image with tightly packed, bottom-up rows.
    pub fn new(depth: PixelDepth, components: Components, bounds: RectI) -> HostImage {
        HostImage::with_layout(depth, components, bounds, RowLayout::default())
    }

    /// A zeroed image with the given row layout; row padding is filled with a marker byte.
    pub fn with_layout(
        depth: PixelDepth,
        components: Components,
        bounds: RectI,
        layout: RowLayout,
    ) -> HostImage {
        let pixel_bytes = depth.bytes() * components.count();
        let stride = bounds.width() as usize * pixel_bytes + layout.padding;
        let rows = bounds.height() as usize;
        let mut buffer = AlignedBuffer::zeroed(stride * rows).expect("image allocation failed");
        let (row_bytes, origin) = match layout.order {
            RowOrder::BottomUp => (stride as isize, 0),
            RowOrder::TopDown => (-(stride as isize), stride * rows.saturating_sub(1)),
        };
        let row_content = bounds.width() as usize * pixel_bytes;
        for row in buffer.as_mut_slice().chunks_mut(stride.max(1)) {
            let content = row_content.min(row.len());
            row[content..].fill(PADDING_BYTE);
        }
        HostImage {
            depth,
            components,
            premultiplication: Premultiplication::default_for(components),
            bounds,
            row_bytes,
            buffer,
            origin,
        }
    }

    /// A float RGBA image from packed pixels whose rows run top to bottom, as image files store
    /// them; the bounds are `(0, 0, width, height)`. `None` if the length does not match.
    pub fn from_rgba_f32_top_down(
        width: usize,
        height: usize,
        pixels: &[f32],
    ) -> Option<HostImage> {
        if pixels.len() != width.checked_mul(height)?.checked_mul(4)? {
            return None;
        }
        let bounds = RectI::new(
            0,
            0,
            i32::try_from(width).ok()?,
            i32::try_from(height).ok()?,
        );
        let mut image = HostImage::new(PixelDepth::Float, Components::Rgba, bounds);
        for (row_index, row) in pixels.chunks(width * 4).enumerate() {
            let y = height as i32 - 1 - row_index as i32;
            for (x, pixel) in row.chunks(4).enumerate() {
                for (c, value) in pixel.iter().enumerate() {
                    image.set_channel(x as i32, y, c, f64::from(*value));
                }
            }
        }
        Some(image)
    }

    /// The pixels as packed float RGBA, rows top to bottom (the inverse of
    /// [`HostImage::from_rgba_f32_top_down`]); RGB images get alpha 1.
    pub fn to_rgba_f32_top_down(&self) -> Vec<f32> {
        let mut pixels =
            Vec::with_capacity(self.bounds.width() as usize * self.bounds.height() as usize * 4);
        for y in (self.bounds.y1..self.bounds.y2).rev() {
            for x in self.bounds.x1..self.bounds.x2 {
                let mut rgba = [0.0, 0.0, 0.0, 1.0];
                match self.components {
                    Components::Alpha => rgba[3] = self.normalized(x, y, 0),
                    _ => {
                        for (c, value) in rgba.iter_mut().enumerate().take(self.components.count())
                        {
                            *value = self.normalized(x, y, c);
                        }
                    }
                }
                pixels.extend_from_slice(&rgba);
            }
        }
        pixels
    }

    pub fn depth(&self) -> PixelDepth {
        self.depth
    }

    pub fn components(&self) -> Components {
        self.components
    }

    pub fn bounds(&self) -> RectI {
        self.bounds
    }

    /// The OFX `rowBytes`: negative when rows are stored top-down.
    pub fn row_bytes(&self) -> isize {
        self.row_bytes
    }

    pub fn premultiplication(&self) -> Premultiplication {
        self.premultiplication
    }

    pub fn set_premultiplication(&mut self, premultiplication: Premultiplication) {
        self.premultiplication = premultiplication;
    }

    /// One channel as stored: the float value, or the integer code value.
    ///
    /// Panics if `(x, y)` is outside the bounds or `channel` past the components.
    pub fn channel(&self, x: i32, y: i32, channel: usize) -> f64 {
        let bytes = &self.buffer.as_slice()[self.byte_range(x, y, channel)];
        match self.depth {
            PixelDepth::Byte => f64::from(bytes[0]),
            PixelDepth::Short => f64::from(u16::from_ne_bytes([bytes[0], bytes[1]])),
            PixelDepth::Float => {
                f64::from(f32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
            }
        }
    }

    /// Sets one channel: a float value, or an integer code value (rounded and clamped).
    ///
    /// Panics if `(x, y)` is outside the bounds or `channel` past the components.
    pub fn set_channel(&mut self, x: i32, y: i32, channel: usize, value: f64) {
        let range = self.byte_range(x, y, channel);
        let bytes = &mut self.buffer.as_mut_slice()[range];
        match self.depth {
            // `as` saturates, which is the clamp wanted here.
            PixelDepth::Byte => bytes[0] = value.round() as u8,
            PixelDepth::Short => bytes.copy_from_slice(&(value.round() as u16).to_ne_bytes()),
            PixelDepth::Float => bytes.copy_from_slice(&(value as f32).to_ne_bytes()),
        }
    }

    /// One channel scaled to 0..1 for integer depths (floats unchanged).
    pub fn normalized(&self, x: i32, y: i32, channel: usize) -> f32 {
        let value = self.channel(x, y, channel);
        (value / self.depth.max_code().unwrap_or(1.0)) as f32
    }

    /// All channels of a pixel, as stored.
    pub fn pixel(&self, x: i32, y: i32) -> Vec<f64> {
        (0..self.components.count())
            .map(|c| self.channel(x, y, c))
            .collect()
    }

    /// Sets the first `values.len()` channels of a pixel.
    pub fn set_pixel(&mut self, x: i32, y: i32, values: &[f64]) {
        for (c, value) in values.iter().enumerate().take(self.components.count()) {
            self.set_channel(x, y, c, *value);
        }
    }

    /// Sets every pixel from `f(x, y)`; only the first `components.count()` values are used.
    pub fn fill(&mut self, mut f: impl FnMut(i32, i32) -> [f64; 4]) {
        let bounds = self.bounds;
        for y in bounds.y1..bounds.y2 {
            for x in bounds.x1..bounds.x2 {
                let values = f(x, y);
                self.set_pixel(x, y, &values);
            }
        }
    }

    /// Whether every row's padding still holds the marker byte written at creation.
    pub fn padding_intact(&self) -> bool {
        let stride = self.row_bytes.unsigned_abs();
        let content = self.bounds.width() as usize * self.pixel_bytes();
        if stride == 0 {
            return true;
        }
        self.buffer.as_slice().chunks(stride).all(|row| {
            row[content.min(row.len())..]
                .iter()
                .all(|&b| b == PADDING_BYTE)
        })
    }

    /// Bytes per pixel.
    pub fn pixel_bytes(&self) -> usize {
        self.depth.bytes() * self.components.count()
    }

    /// The OFX data pointer: the address of pixel `(bounds.x1, bounds.y1)`.
    pub(crate) fn data_pointer(&self) -> *mut c_void {
        // SAFETY: `origin` lies within the buffer (or is 0 for an empty image).
        unsafe { self.buffer.as_ptr().add(self.origin) as *mut c_void }
    }

    fn byte_range(&self, x: i32, y: i32, channel: usize) -> std::ops::Range<usize> {
        assert!(
            self.bounds.contains(x, y),
            "pixel ({x}, {y}) is outside {:?}",
            self.bounds
        );
        assert!(
            channel < self.components.count(),
            "channel {channel} out of range"
        );
        let row = (y - self.bounds.y1) as isize * self.row_bytes;
        let column = (x - self.bounds.x1) as usize * self.pixel_bytes();
        let start = (self.origin as isize + row) as usize + column + channel * self.depth.bytes();
        start..start + self.depth.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_down_rows_put_the_data_pointer_on_the_last_row_in_memory() {
        let bounds = RectI::new(10, 20, 13, 22);
        let layout = RowLayout {
            padding: 4,
            order: RowOrder::TopDown,
        };
        let mut image = HostImage::with_layout(PixelDepth::Float, Components::Rgb, bounds, layout);
        assert_eq!(image.row_bytes(), -(3 * 12 + 4));
        image.set_pixel(10, 20, &[1.0, 2.0, 3.0]);
        image.set_pixel(12, 21, &[4.0, 5.0, 6.0]);
        // SAFETY: reads within the buffer, at the OFX addresses of the two pixels.
        unsafe {
            let data = image.data_pointer() as *const f32;
            assert_eq!(*data, 1.0);
            let top_right = (data as *const u8).offset(image.row_bytes() + 2 * 12) as *const f32;
            assert_eq!(*top_right.add(2), 6.0);
        }
        assert!(image.padding_intact());
    }

    #[test]
    fn integer_channels_round_and_clamp() {
        let mut image = HostImage::new(PixelDepth::Byte, Components::Rgba, RectI::new(0, 0, 1, 1));
        image.set_pixel(0, 0, &[-3.0, 12.6, 300.0, 255.0]);
        assert_eq!(image.pixel(0, 0), [0.0, 13.0, 255.0, 255.0]);
    }

    #[test]
    fn packed_top_down_round_trips() {
        let pixels: Vec<f32> = (0..2 * 3 * 4).map(|i| i as f32).collect();
        let image = HostImage::from_rgba_f32_top_down(2, 3, &pixels).unwrap();
        // The first packed row is the top row.
        assert_eq!(image.pixel(0, 2), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(image.to_rgba_f32_top_down(), pixels);
    }
}
