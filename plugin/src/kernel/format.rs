//! Pixel formats: how one pixel is stored, read as f32 and written back.

/// The type of one channel sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
    U8,
    U16,
    /// IEEE half float (OFX `kOfxBitDepthHalf`).
    F16,
    F32,
}

impl Sample {
    pub fn bytes(self) -> usize {
        match self {
            Sample::U8 => 1,
            Sample::U16 | Sample::F16 => 2,
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

    /// Reads a run of consecutive pixels starting at `ptr` into planar RGBA (alpha 1 for RGB).
    /// One match per run, then a loop specialised for the format.
    pub(super) fn read_run(&self, ptr: *const u8, out: [&mut [f32]; 4]) {
        match (self.sample, self.channels) {
            (Sample::F32, 4) => read_f32_rgba(ptr, out),
            (Sample::F32, _) => read_run_typed::<f32, 3>(ptr, out),
            (Sample::F16, 4) => read_run_typed::<half::f16, 4>(ptr, out),
            (Sample::F16, _) => read_run_typed::<half::f16, 3>(ptr, out),
            (Sample::U16, 4) => read_run_typed::<u16, 4>(ptr, out),
            (Sample::U16, _) => read_run_typed::<u16, 3>(ptr, out),
            (Sample::U8, 4) => read_run_typed::<u8, 4>(ptr, out),
            (Sample::U8, _) => read_run_typed::<u8, 3>(ptr, out),
        }
    }

    /// Writes planar RGBA as a run of consecutive pixels starting at `ptr`; `stream` asks for
    /// stores that bypass the caches where the format has them (RGBA f32 on AVX2).
    pub(super) fn write_run(&self, ptr: *mut u8, values: [&[f32]; 4], stream: bool) {
        match (self.sample, self.channels) {
            (Sample::F32, 4) => write_f32_rgba(ptr, values, stream),
            (Sample::F32, _) => write_run_typed::<f32, 3>(ptr, values),
            (Sample::F16, 4) => write_run_typed::<half::f16, 4>(ptr, values),
            (Sample::F16, _) => write_run_typed::<half::f16, 3>(ptr, values),
            (Sample::U16, 4) => write_run_typed::<u16, 4>(ptr, values),
            (Sample::U16, _) => write_run_typed::<u16, 3>(ptr, values),
            (Sample::U8, 4) => write_run_typed::<u8, 4>(ptr, values),
            (Sample::U8, _) => write_run_typed::<u8, 3>(ptr, values),
        }
    }

    /// Reads one pixel as normalised RGBA (tests address pixels one by one).
    #[cfg(test)]
    pub(super) fn read(&self, ptr: *const u8) -> [f32; 4] {
        let mut px = [[0.0f32]; 4];
        let [r, g, b, a] = &mut px;
        self.read_run(ptr, [r, g, b, a]);
        px.map(|[v]| v)
    }

    /// Writes one pixel.
    #[cfg(test)]
    pub(super) fn write(&self, ptr: *mut u8, px: [f32; 4]) {
        self.write_run(ptr, [&px[0..1], &px[1..2], &px[2..3], &px[3..4]], false);
    }
}

/// RGBA f32 into planar channels: eight pixels at a time where AVX2 is there.
fn read_f32_rgba(ptr: *const u8, out: [&mut [f32]; 4]) {
    #[cfg(target_arch = "x86_64")]
    if crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
        // SAFETY: AVX2 is there (just checked); the caller passes a run of out[0].len() pixels
        // and four channels of that length (as `read_run` requires).
        unsafe { super::rgba_avx2::read(ptr.cast(), out) };
        return;
    }
    read_run_typed::<f32, 4>(ptr, out)
}

/// Planar channels into RGBA f32: eight pixels at a time where AVX2 is there.
fn write_f32_rgba(ptr: *mut u8, values: [&[f32]; 4], stream: bool) {
    #[cfg(target_arch = "x86_64")]
    if crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
        // SAFETY: as in `read_f32_rgba`, for writes.
        unsafe { super::rgba_avx2::write(ptr.cast(), values, stream) };
        return;
    }
    write_run_typed::<f32, 4>(ptr, values)
}

/// A channel sample type and its conversion to and from normalised f32.
trait SampleValue: Copy {
    fn to_f32(self) -> f32;
    /// Integer types round to the nearest code and clamp; NaN becomes 0.
    fn from_f32(value: f32) -> Self;
}

impl SampleValue for f32 {
    #[inline(always)]
    fn to_f32(self) -> f32 {
        self
    }
    #[inline(always)]
    fn from_f32(value: f32) -> Self {
        value
    }
}

impl SampleValue for half::f16 {
    #[inline(always)]
    fn to_f32(self) -> f32 {
        half::f16::to_f32(self)
    }
    /// Rounds to nearest; beyond ±65504 becomes ±infinity, NaN stays NaN (as float images do).
    #[inline(always)]
    fn from_f32(value: f32) -> Self {
        half::f16::from_f32(value)
    }
}

impl SampleValue for u16 {
    #[inline(always)]
    fn to_f32(self) -> f32 {
        self as f32 * (1.0 / 65535.0)
    }
    #[inline(always)]
    fn from_f32(value: f32) -> Self {
        (value * 65535.0).clamp(0.0, 65535.0).round() as u16
    }
}

impl SampleValue for u8 {
    #[inline(always)]
    fn to_f32(self) -> f32 {
        self as f32 * (1.0 / 255.0)
    }
    #[inline(always)]
    fn from_f32(value: f32) -> Self {
        (value * 255.0).clamp(0.0, 255.0).round() as u8
    }
}

fn read_run_typed<T: SampleValue, const C: usize>(ptr: *const u8, [r, g, b, a]: [&mut [f32]; 4]) {
    let ptr = ptr as *const T;
    for i in 0..r.len() {
        // SAFETY: the caller passes a run of r.len() pixels inside one row of the image; rows may
        // be misaligned in host memory, hence unaligned reads.
        unsafe {
            let px = ptr.add(i * C);
            r[i] = px.read_unaligned().to_f32();
            g[i] = px.add(1).read_unaligned().to_f32();
            b[i] = px.add(2).read_unaligned().to_f32();
            a[i] = if C == 4 {
                px.add(3).read_unaligned().to_f32()
            } else {
                1.0
            };
        }
    }
}

fn write_run_typed<T: SampleValue, const C: usize>(ptr: *mut u8, [r, g, b, a]: [&[f32]; 4]) {
    let ptr = ptr as *mut T;
    for i in 0..r.len() {
        // SAFETY: as in `read_run_typed`, for writes to the destination row.
        unsafe {
            let px = ptr.add(i * C);
            px.write_unaligned(T::from_f32(r[i]));
            px.add(1).write_unaligned(T::from_f32(g[i]));
            px.add(2).write_unaligned(T::from_f32(b[i]));
            if C == 4 {
                px.add(3).write_unaligned(T::from_f32(a[i]));
            }
        }
    }
}
