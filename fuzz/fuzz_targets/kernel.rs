//! Arbitrary image geometry, sample formats, strides, windows and pixel bytes through the
//! kernel with a small fixed pipeline (a matrix, a CDL, a 1D and a 3D LUT): no panic, no write
//! outside the destination (the sanitizer watches), every output sample defined.
#![no_main]

use std::sync::OnceLock;

use amfx::clf;
use amfx::kernel::{render_with, ImageView, Layout, Rect, RenderOptions, Sample};
use amfx::pipeline::Pipeline;
use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

const MAX_SIDE: i32 = 300;
const MAX_PIXELS: usize = 4096;

const LOOK: &str = r#"<ProcessList id="fuzz-kernel" compCLFversion="3.0">
<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 4">1.1 0.1 0 0.01 0 0.9 0.1 0 0.05 0 1 -0.01</Array></Matrix>
<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="Fwd"><SOPNode><Slope>1.2 1 0.8</Slope><Offset>0.01 0 -0.02</Offset><Power>1.1 1 0.9</Power></SOPNode><SatNode><Saturation>1.3</Saturation></SatNode></ASC_CDL>
<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="4 1">0 0.3 0.7 1</Array></LUT1D>
<LUT3D inBitDepth="32f" outBitDepth="32f"><Array dim="2 2 2 3">0 0 0 0 0 1 0 1 0 0 1 1 1 0 0 1 0 1 1 1 0 1 1 1</Array></LUT3D>
</ProcessList>"#;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let list = clf::read_str(LOOK, "fuzz-kernel.clf").expect("the fixed look reads");
        Pipeline::new(list.ops())
    })
}

#[derive(Debug)]
struct Image {
    bounds: Rect,
    layout: Layout,
    /// Bytes of padding after each row (so row_bytes may exceed the pixels).
    padding: usize,
    top_down: bool,
    /// Offset of the whole buffer from an aligned start (misaligned host memory).
    misalign: usize,
}

impl<'a> Arbitrary<'a> for Image {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let x1 = u.int_in_range(-MAX_SIDE..=MAX_SIDE)?;
        let y1 = u.int_in_range(-MAX_SIDE..=MAX_SIDE)?;
        let w = u.int_in_range(0..=MAX_SIDE)?;
        let h = u.int_in_range(0..=MAX_SIDE)?;
        let (w, h) = if (w as usize) * (h as usize) > MAX_PIXELS {
            (w.min(64), h.min(64))
        } else {
            (w, h)
        };
        let sample = *u.choose(&[Sample::U8, Sample::U16, Sample::F32])?;
        let channels = *u.choose(&[3usize, 4])?;
        Ok(Image {
            bounds: Rect::new(x1, y1, x1 + w, y1 + h),
            layout: Layout::new(sample, channels),
            padding: u.int_in_range(0..=17)?,
            top_down: u.arbitrary()?,
            misalign: u.int_in_range(0..=3)?,
        })
    }
}

/// An image's pixel memory and the view over it.
struct Buffer {
    bytes: Vec<u8>,
    image: Image,
}

impl Buffer {
    fn new(image: Image, fill: &[u8]) -> Buffer {
        let row = image.bounds.width() * image.layout.pixel_bytes() + image.padding;
        let len = image.misalign + row * image.bounds.height();
        let bytes = (0..len.max(1))
            .map(|i| fill.get(i % fill.len().max(1)).copied().unwrap_or(0))
            .collect();
        Buffer { bytes, image }
    }

    fn view(&mut self) -> Option<ImageView> {
        let image = &self.image;
        let row = image.bounds.width() * image.layout.pixel_bytes() + image.padding;
        let base = self.bytes.as_mut_ptr().wrapping_add(image.misalign);
        let (start, row_bytes) = if image.top_down && image.bounds.height() > 0 {
            // The first row in memory is the top row (y2 - 1): the view starts at the last.
            (base.wrapping_add(row * (image.bounds.height() - 1)), -(row as isize))
        } else {
            (base, row as isize)
        };
        // SAFETY: `bytes` holds height rows of `row` bytes from `base`; the view is used while
        // `self` lives.
        unsafe { ImageView::new(start, image.bounds, row_bytes, image.layout).ok() }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(src), Ok(dst)) = (Image::arbitrary(&mut u), Image::arbitrary(&mut u)) else {
        return;
    };
    let window = {
        let mut coord = || u.int_in_range(-MAX_SIDE..=2 * MAX_SIDE).unwrap_or(0);
        Rect::new(coord(), coord(), coord(), coord())
    };
    let unpremultiply = u.arbitrary().unwrap_or(false);
    let fill = u.take_rest();
    let mut src = Buffer::new(src, fill);
    let mut dst = Buffer::new(dst, &[0xAB]);
    let (Some(src_view), Some(dst_view)) = (src.view(), dst.view()) else {
        return;
    };
    let _ = render_with(
        pipeline(),
        &src_view,
        &dst_view,
        window,
        RenderOptions { unpremultiply },
    );
});
