//! A quick sRGB view of ACES2065-1 pixels for the demo's PNGs.
//!
//! This is not an ACES output transform (those arrive with the ACES library): it converts
//! ACES2065-1 to linear Rec.709 (Bradford D60 → D65), clips to 0..1 and applies the sRGB curve,
//! which is enough to see what a look does to a chart.

use std::path::Path;

use crate::aces::{rgb_to_rgb_adapted, AP0, REC709};
use crate::ops::Matrix;

fn srgb_encode(v: f32) -> f32 {
    let v = v.clamp(0.0, 1.0);
    if v <= 0.003_130_8 {
        12.92 * v
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// 8-bit sRGB of RGBA ACES2065-1 pixels.
pub fn aces_to_srgb8(rgba: &[f32]) -> Vec<u8> {
    let to_rec709 = Matrix::from_rows(rgb_to_rgb_adapted(&AP0, &REC709));
    rgba.chunks_exact(4)
        .flat_map(|px| {
            to_rec709
                .eval([px[0], px[1], px[2]])
                .map(|v| (srgb_encode(v) * 255.0).round() as u8)
        })
        .collect()
}

/// Writes 8-bit RGB rows (top to bottom) as a PNG.
/// 8-bit RGB of display code values (already encoded for the display): clipped and rounded.
pub fn code_values8(rgba: &[f32]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|px| {
            [px[0], px[1], px[2]].map(|v| {
                let v = if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) };
                (v * 255.0).round() as u8
            })
        })
        .collect()
}

pub fn write_png(path: &Path, width: usize, height: usize, rgb: &[u8]) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width as u32, height as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
    let mut writer = encoder
        .write_header()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    writer
        .write_image_data(rgb)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    writer
        .finish()
        .map_err(|e| format!("{}: {e}", path.display()))
}
