//! One render action: fetch the images, hand them to the kernel.

use ofx_bindings::{BitDepth, Components, EffectInstance, Error, Image, RenderArgs, Result};

use super::params::RenderChoices;
use super::{OUTPUT_CLIP, SOURCE_CLIP};
use crate::kernel::{self, ImageView, Layout, Process, Rect, RenderOptions, Sample};

/// Unpremultiplying only applies to RGBA sources.
pub fn render<P: Process + ?Sized>(
    pipeline: &P,
    effect: &EffectInstance,
    args: &RenderArgs,
    choices: &RenderChoices,
) -> Result<()> {
    let output = effect.clip(OUTPUT_CLIP)?.image(args.time, None)?;
    let source = effect.clip(SOURCE_CLIP)?.image(args.time, None)?;
    let dst = view(&output, "output")?;
    let src = view(&source, "source")?;
    let window = Rect::new(
        args.window.x1,
        args.window.y1,
        args.window.x2,
        args.window.y2,
    );
    let options = RenderOptions {
        unpremultiply: choices.unpremultiply && source.components == Components::Rgba,
        mix: choices.mix,
    };
    kernel::render_with(pipeline, &src, &dst, window, options)
        .map_err(|e| Error::plugin(e.to_string()))
}

/// The kernel's view of a host image, refusing formats amfx does not process.
fn view(image: &Image, which: &str) -> Result<ImageView> {
    let sample = match image.depth {
        BitDepth::Byte => Sample::U8,
        BitDepth::Short => Sample::U16,
        BitDepth::Float => Sample::F32,
        BitDepth::Half => Sample::F16,
    };
    let channels = match image.components {
        Components::Rgba => 4,
        Components::Rgb => 3,
        Components::Alpha => {
            return Err(Error::plugin(format!(
                "the {which} image is alpha only; amfx needs RGB or RGBA"
            )))
        }
    };
    let b = image.bounds;
    // SAFETY: the host guarantees the image memory described by these properties for as long as
    // the image is held, and we hold it for the whole render.
    unsafe {
        ImageView::new(
            image.data as *mut u8,
            Rect::new(b.x1, b.y1, b.x2, b.y2),
            image.row_bytes,
            Layout::new(sample, channels),
        )
    }
    .map_err(|e| Error::plugin(format!("the {which} image: {e}")))
}
