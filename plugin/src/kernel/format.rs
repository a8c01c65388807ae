//! Pixel formats: how one pixel is stored, read as f32 and written back.

/// The type of one channel sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
    U8,
    U16,
    F32,
}

impl Sample {
    pub fn bytes(self) -> usize {
        match self {
            Sample::U8 => 1,
            Sample::U16 => 2,
            Sample::F32 => 4,
        }
    }
}

/// Sample type and channel count (3 = RGB, 4 = RGBA).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub sample: Sample,
    pub channels: usize,
}

impl Layout {
    pub fn new(sample: Sample, channels: usize) -> Layout {
        Layout { sample, channels }
    }

    pub fn pixel_bytes(&self) -> usize {
        self.sample.bytes() * self.channels
    }

    /// Reads one pixel as normalised RGBA; RGB reads with alpha 1.
    pub(super) fn read(&self, ptr: *const u8) -> [f32; 4] {
        let mut px = [0.0, 0.0, 0.0, 1.0];
        for (c, value) in px.iter_mut().enumerate().take(self.channels) {
            // SAFETY: the caller passes the address of a pixel inside the image; host rows may be
            // misaligned, hence unaligned reads.
            *value = unsafe {
                match self.sample {
                    Sample::U8 => *ptr.add(c) as f32 * (1.0 / 255.0),
                    Sample::U16 => {
                        (ptr.add(2 * c) as *const u16).read_unaligned() as f32 * (1.0 / 65535.0)
                    }
                    Sample::F32 => (ptr.add(4 * c) as *const f32).read_unaligned(),
                }
            };
        }
        px
    }

    /// Writes one pixel; integer samples are rounded and clamped (NaN becomes 0).
    pub(super) fn write(&self, ptr: *mut u8, px: [f32; 4]) {
        for (c, &value) in px.iter().enumerate().take(self.channels) {
            // SAFETY: as in `read`, for writes.
            unsafe {
                match self.sample {
                    Sample::U8 => *ptr.add(c) = (value * 255.0).clamp(0.0, 255.0).round() as u8,
                    Sample::U16 => (ptr.add(2 * c) as *mut u16)
                        .write_unaligned((value * 65535.0).clamp(0.0, 65535.0).round() as u16),
                    Sample::F32 => (ptr.add(4 * c) as *mut f32).write_unaligned(value),
                }
            }
        }
    }
}
