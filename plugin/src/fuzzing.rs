//! The bodies of the fuzz targets, shared by the cargo-fuzz binaries (`fuzz/`, libFuzzer,
//! coverage-guided, `scripts/fuzz`) and by the in-house mutation loop of
//! `plugin/tests/fuzz_smoke.rs` (not coverage-guided, runs in the normal test suite).
//!
//! Each body takes any bytes and must end in an error or a result: a panic, a hang or an
//! allocation out of proportion to the input is the bug being looked for. Each returns whether
//! the input got past its first parse (the in-house loop keeps such inputs to mutate further,
//! its only feedback); libFuzzer ignores the answer.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::amf::{self, Level, Limits, ValidationOptions};
use crate::clf;
use crate::kernel::{render_with, ImageView, Layout, Rect, RenderOptions, Sample};
use crate::pipeline::{self, BuildOptions, Pipeline};

/// A target's body: any bytes in, whether they got past the first parse out.
pub type Body = fn(&[u8]) -> bool;

/// The targets by name, as `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/` call them.
pub const TARGETS: [(&str, Body); 4] = [
    ("amf_read", amf_read),
    ("clf_read", clf_read),
    ("pipeline_build", pipeline_build),
    ("kernel", kernel),
];

/// Any bytes through the AMF reader, both validation levels and the writer. What the writer
/// writes from a document the reader accepted must read back.
pub fn amf_read(data: &[u8]) -> bool {
    let path = Path::new("/nonexistent/fuzz/input.amf");
    let Ok(document) = amf::read_bytes(data, path, Limits::default()) else {
        return false;
    };
    for level in [Level::Strict, Level::Tolerant] {
        let options = ValidationOptions {
            level,
            catalog: None,
            check_references: false,
        };
        let _ = amf::validate(&document, options);
    }
    let written = amf::writer::write(&document.amf);
    if let Err(e) = amf::read_str(&written, path, Limits::default()) {
        panic!("the writer's output does not read back: {e}\n{written}");
    }
    true
}

/// Any bytes through the CLF reader (as the file reader sees them: UTF-8, or lossily decoded
/// so that odd bytes still reach the XML layer), then every accepted list through its inverse
/// and the writer, whose output must read back.
pub fn clf_read(data: &[u8]) -> bool {
    let text = String::from_utf8_lossy(data);
    let Ok(list) = clf::read_str(&text, "fuzz.clf") else {
        return false;
    };
    let _ = list.inverse_ops();
    if let Ok(written) = clf::write(&list) {
        if let Err(e) = clf::read_str(&written, "fuzz-written.clf") {
            panic!("the writer's output does not read back: {e}\n{written}");
        }
    }
    true
}

/// Separates the AMF from the CLF in a `pipeline_build` input.
pub const CLF_SEPARATOR: &[u8] = b"\n--CLF--\n";
const DEFAULT_CLF: &[u8] = br#"<ProcessList id="fuzz" compCLFversion="3.0">
<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">1 0 0 0 1 0 0 0 1.5</Array></Matrix>
</ProcessList>"#;

/// An AMF and the CLF it names (`AMF bytes`, then optionally [`CLF_SEPARATOR`] and the bytes of
/// `look.clf`; a small valid CLF when there is no separator), written to a scratch folder and
/// built into a pipeline, forward and inverted, which then runs over a few pixels.
pub fn pipeline_build(data: &[u8]) -> bool {
    let (amf_bytes, clf_bytes) = match find(data, CLF_SEPARATOR) {
        Some(at) => (&data[..at], &data[at + CLF_SEPARATOR.len()..]),
        None => (data, DEFAULT_CLF),
    };
    let dir = scratch_folder();
    let amf_path = dir.join("input.amf");
    // A scratch folder that cannot be written is the machine's problem, not the input's.
    if std::fs::write(&amf_path, amf_bytes).is_err()
        || std::fs::write(dir.join("look.clf"), clf_bytes).is_err()
    {
        return false;
    }
    let Ok(document) = amf::read_file(&amf_path) else {
        return false;
    };
    for inverse in [false, true] {
        let options = BuildOptions {
            inverse,
            ..BuildOptions::default()
        };
        if let Ok(built) = pipeline::build(&document.amf, &amf_path, &options) {
            for rgb in [
                [0.18f32, 0.18, 0.18],
                [-1.0, 0.0, 65504.0],
                [f32::NAN, 1.0, 0.5],
            ] {
                let _ = built.pipeline.eval_rgb(rgb);
            }
            let (mut r, mut g, mut b) = (vec![0.5f32; 70], vec![-0.25f32; 70], vec![8.0f32; 70]);
            built.pipeline.apply(&mut r, &mut g, &mut b);
        }
    }
    true
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One scratch folder per process and thread (the test harness runs targets side by side).
fn scratch_folder() -> PathBuf {
    thread_local! {
        static FOLDER: PathBuf = {
            let thread = format!("{:?}", std::thread::current().id());
            let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
            let dir = std::env::temp_dir()
                .join(format!("amfx-fuzz-build-{}-{thread}", std::process::id()));
            let _ = std::fs::create_dir_all(&dir);
            dir
        };
    }
    FOLDER.with(PathBuf::clone)
}

const MAX_SIDE: i32 = 300;
const MAX_PIXELS: usize = 4096;
/// Bytes of a known pattern on both sides of each image: a write outside an image shows even
/// without a sanitizer.
const GUARD_BYTES: usize = 64;
const GUARD: u8 = 0xCD;

const KERNEL_LOOK: &str = r#"<ProcessList id="fuzz-kernel" compCLFversion="3.0">
<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 4">1.1 0.1 0 0.01 0 0.9 0.1 0 0.05 0 1 -0.01</Array></Matrix>
<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="Fwd"><SOPNode><Slope>1.2 1 0.8</Slope><Offset>0.01 0 -0.02</Offset><Power>1.1 1 0.9</Power></SOPNode><SatNode><Saturation>1.3</Saturation></SatNode></ASC_CDL>
<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="4 1">0 0.3 0.7 1</Array></LUT1D>
<LUT3D inBitDepth="32f" outBitDepth="32f"><Array dim="2 2 2 3">0 0 0 0 0 1 0 1 0 0 1 1 1 0 0 1 0 1 1 1 0 1 1 1</Array></LUT3D>
</ProcessList>"#;

/// A small fixed pipeline: a matrix, a CDL, a 1D and a 3D LUT.
fn kernel_pipeline() -> Option<&'static Pipeline> {
    static PIPELINE: OnceLock<Option<Pipeline>> = OnceLock::new();
    PIPELINE
        .get_or_init(|| {
            let list = clf::read_str(KERNEL_LOOK, "fuzz-kernel.clf").ok()?;
            Some(Pipeline::new(list.ops()))
        })
        .as_ref()
}

/// Reads the input front to back as numbers; past its end every number is the lowest allowed.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn int_in_range(&mut self, low: i32, high: i32) -> i32 {
        let span = (i64::from(high) - i64::from(low) + 1).max(1) as u64;
        let mut raw = 0u64;
        // As many bytes as the span needs (one for a choice, two for a coordinate).
        let needed = (64 - (span - 1).leading_zeros()).div_ceil(8);
        for _ in 0..needed {
            let Some((&byte, rest)) = self.0.split_first() else {
                break;
            };
            raw = raw << 8 | u64::from(byte);
            self.0 = rest;
        }
        (i64::from(low) + (raw % span) as i64) as i32
    }

    fn pick<T: Copy>(&mut self, choices: &[T]) -> T {
        let last = i32::try_from(choices.len().saturating_sub(1)).unwrap_or(0);
        choices[self.int_in_range(0, last) as usize]
    }

    fn flag(&mut self) -> bool {
        self.int_in_range(0, 1) == 1
    }

    fn rest(self) -> &'a [u8] {
        self.0
    }
}

/// An image's geometry, sample format and memory quirks.
#[derive(Debug)]
struct Image {
    bounds: Rect,
    layout: Layout,
    /// Bytes of padding after each row (so row_bytes may exceed the pixels).
    padding: usize,
    top_down: bool,
    /// Offset of the pixels from an aligned start (misaligned host memory).
    misalign: usize,
}

impl Image {
    fn read(bytes: &mut Bytes) -> Image {
        let x1 = bytes.int_in_range(-MAX_SIDE, MAX_SIDE);
        let y1 = bytes.int_in_range(-MAX_SIDE, MAX_SIDE);
        let w = bytes.int_in_range(0, MAX_SIDE);
        let h = bytes.int_in_range(0, MAX_SIDE);
        let (w, h) = if (w as usize) * (h as usize) > MAX_PIXELS {
            (w.min(64), h.min(64))
        } else {
            (w, h)
        };
        let sample = bytes.pick(&[Sample::U8, Sample::U16, Sample::F32]);
        let channels = bytes.pick(&[3usize, 4]);
        Image {
            bounds: Rect::new(x1, y1, x1 + w, y1 + h),
            layout: Layout::new(sample, channels),
            padding: bytes.int_in_range(0, 17) as usize,
            top_down: bytes.flag(),
            misalign: bytes.int_in_range(0, 3) as usize,
        }
    }

    fn row_bytes(&self) -> usize {
        self.bounds.width() * self.layout.pixel_bytes() + self.padding
    }

    fn pixel_bytes_total(&self) -> usize {
        self.row_bytes() * self.bounds.height()
    }
}

/// An image's memory, with guard bytes before and after, and the view over it.
struct Buffer {
    bytes: Vec<u8>,
    image: Image,
}

impl Buffer {
    fn new(image: Image, fill: &[u8]) -> Buffer {
        let start = GUARD_BYTES + image.misalign;
        let len = start + image.pixel_bytes_total() + GUARD_BYTES;
        let mut bytes = vec![GUARD; len];
        for (i, byte) in bytes[start..len - GUARD_BYTES].iter_mut().enumerate() {
            *byte = fill.get(i % fill.len().max(1)).copied().unwrap_or(0);
        }
        Buffer { bytes, image }
    }

    fn view(&mut self) -> Option<ImageView> {
        let image = &self.image;
        let row = image.row_bytes();
        let base = self
            .bytes
            .as_mut_ptr()
            .wrapping_add(GUARD_BYTES + image.misalign);
        let (start, row_bytes) = if image.top_down && image.bounds.height() > 0 {
            // The first row in memory is the top row (y2 - 1): the view starts at the last.
            (
                base.wrapping_add(row * (image.bounds.height() - 1)),
                -(row as isize),
            )
        } else {
            (base, row as isize)
        };
        // SAFETY: `bytes` holds height rows of `row` bytes from `base`; the view is used while
        // `self` lives.
        unsafe { ImageView::new(start, image.bounds, row_bytes, image.layout).ok() }
    }

    /// Whether the guard bytes on both sides are as written.
    fn guards_intact(&self) -> bool {
        let end = GUARD_BYTES + self.image.misalign + self.image.pixel_bytes_total();
        self.bytes[..GUARD_BYTES].iter().all(|&b| b == GUARD)
            && self.bytes[end..].iter().all(|&b| b == GUARD)
    }
}

/// Arbitrary image geometry, sample formats, strides, windows and pixel bytes through the
/// kernel with [`KERNEL_LOOK`]: no panic, no write outside either image.
pub fn kernel(data: &[u8]) -> bool {
    let Some(pipeline) = kernel_pipeline() else {
        panic!("the fixed kernel look does not read");
    };
    let mut bytes = Bytes(data);
    let src = Image::read(&mut bytes);
    let dst = Image::read(&mut bytes);
    let mut coord = || bytes.int_in_range(-MAX_SIDE, 2 * MAX_SIDE);
    let window = Rect::new(coord(), coord(), coord(), coord());
    let unpremultiply = bytes.flag();
    // Out-of-range and NaN mixes included: the kernel clamps them.
    let mix = bytes.pick(&[1.0f32, 0.0, 0.5, 0.25, -1.0, 2.0, f32::NAN]);
    let fill = bytes.rest();
    let mut src = Buffer::new(src, fill);
    let mut dst = Buffer::new(dst, &[0xAB]);
    let (Some(src_view), Some(dst_view)) = (src.view(), dst.view()) else {
        return false;
    };
    let rendered = render_with(
        pipeline,
        &src_view,
        &dst_view,
        window,
        RenderOptions { unpremultiply, mix },
    )
    .is_ok();
    assert!(
        src.guards_intact() && dst.guards_intact(),
        "the kernel wrote outside an image: src {:?}, dst {:?}, window {window:?}",
        src.image,
        dst.image
    );
    rendered
}
