//! Image files for the command line: OpenEXR (half and float, through the `exr` crate), TIFF
//! (16-bit and float) and PNG (8- and 16-bit) through the `image` crate, as RGBA f32 in memory;
//! numbered sequences (`A001.####.exr`, `A001.%04d.exr`).

use std::path::{Path, PathBuf};

use clap::ValueEnum;

/// An image in memory: RGBA f32, rows top to bottom.
pub struct Frame {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<f32>,
}

/// The sample depth a file is written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Depth {
    Half,
    Float,
    #[value(name = "8")]
    Eight,
    #[value(name = "16")]
    Sixteen,
}

/// Larger images are refused rather than allocated (a broken header can claim anything).
const MAX_PIXELS: usize = 1 << 28;

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

pub fn read(path: &Path) -> Result<Frame, String> {
    match extension(path).as_str() {
        "exr" => read_exr(path),
        "tif" | "tiff" | "png" | "jpg" | "jpeg" => read_image(path),
        other => Err(format!(
            "cannot read .{other} files (amfx reads EXR, TIFF, PNG and JPEG)"
        )),
    }
}

fn read_exr(path: &Path) -> Result<Frame, String> {
    use exr::prelude::*;
    // Opened as the readers open files: a FIFO or device is refused, never waited on.
    let file = crate::amf::open_regular(path).map_err(|e| e.to_string())?;
    let image = read()
        .no_deep_data()
        .largest_resolution_level()
        .rgba_channels(
            |resolution, _| {
                let (width, height) = (resolution.width(), resolution.height());
                let pixels = width.saturating_mul(height);
                // The closure cannot fail: an oversized image, or one whose buffer the system
                // refuses, gets no buffer and is refused below.
                let mut buffer = Vec::new();
                if pixels <= MAX_PIXELS && buffer.try_reserve_exact(pixels * 4).is_ok() {
                    buffer.resize(pixels * 4, 0f32);
                }
                (width, height, buffer)
            },
            |(width, _, pixels), position, (r, g, b, a): (f32, f32, f32, f32)| {
                let at = (position.y() * *width + position.x()) * 4;
                if let Some(px) = pixels.get_mut(at..at + 4) {
                    px.copy_from_slice(&[r, g, b, a]);
                }
            },
        )
        .first_valid_layer()
        .all_attributes()
        .from_buffered(std::io::BufReader::new(file))
        .map_err(|e| e.to_string())?;
    let (width, height, pixels) = image.layer_data.channel_data.pixels;
    if pixels.len() != width * height * 4 {
        return Err(format!(
            "{width}x{height} is larger than amfx renders here (or no memory for it)"
        ));
    }
    Ok(Frame {
        width,
        height,
        pixels,
    })
}

fn read_image(path: &Path) -> Result<Frame, String> {
    let file = crate::amf::open_regular(path).map_err(|e| e.to_string())?;
    let image = image::ImageReader::new(std::io::BufReader::new(file))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .decode()
        .map_err(|e| e.to_string())?;
    let (width, height) = (image.width() as usize, image.height() as usize);
    // Float samples take up to 4x what the decoder was allowed: hold them to the same cap as EXR.
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(format!("{width}x{height} is larger than amfx renders here"));
    }
    Ok(Frame {
        width,
        height,
        pixels: image.into_rgba32f().into_raw(),
    })
}

pub fn write(path: &Path, frame: &Frame, depth: Option<Depth>) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let ext = extension(path);
    let result = match (ext.as_str(), depth) {
        ("exr", None | Some(Depth::Half)) => write_exr(path, frame, true),
        ("exr", Some(Depth::Float)) => write_exr(path, frame, false),
        ("png", Some(Depth::Eight)) | ("jpg" | "jpeg", None | Some(Depth::Eight)) => {
            write_image(path, to_rgba8(frame))
        }
        ("png" | "tif" | "tiff", None | Some(Depth::Sixteen)) => {
            write_image(path, to_rgba16(frame))
        }
        ("tif" | "tiff", Some(Depth::Float)) => write_image(path, to_rgba32f(frame)),
        ("exr" | "png" | "tif" | "tiff" | "jpg" | "jpeg", Some(depth)) => {
            return Err(format!("{depth:?} samples cannot be written to .{ext}"))
        }
        _ => {
            return Err(format!(
                "cannot write .{ext} files (amfx writes EXR, TIFF, PNG and JPEG)"
            ))
        }
    };
    result.map_err(|e| format!("{}: {e}", path.display()))
}

fn write_exr(path: &Path, frame: &Frame, half: bool) -> Result<(), String> {
    use exr::prelude::*;
    let px = |x: usize, y: usize| {
        let at = (y * frame.width + x) * 4;
        let p = &frame.pixels[at..at + 4];
        (p[0], p[1], p[2], p[3])
    };
    if half {
        write_rgba_file(path, frame.width, frame.height, |x, y| {
            let (r, g, b, a) = px(x, y);
            (
                f16::from_f32(r),
                f16::from_f32(g),
                f16::from_f32(b),
                f16::from_f32(a),
            )
        })
    } else {
        write_rgba_file(path, frame.width, frame.height, px)
    }
    .map_err(|e| e.to_string())
}

fn code(v: f32, max: f32) -> f32 {
    // NaN → 0, the rest clamped to the code range.
    if v.is_nan() {
        0.0
    } else {
        (v.clamp(0.0, 1.0) * max).round()
    }
}

fn to_rgba8(frame: &Frame) -> image::DynamicImage {
    let raw = frame.pixels.iter().map(|&v| code(v, 255.0) as u8).collect();
    let buffer = image::RgbaImage::from_raw(frame.width as u32, frame.height as u32, raw);
    buffer
        .map(image::DynamicImage::ImageRgba8)
        .unwrap_or_default()
}

fn to_rgba16(frame: &Frame) -> image::DynamicImage {
    let raw = frame
        .pixels
        .iter()
        .map(|&v| code(v, 65535.0) as u16)
        .collect();
    let buffer = image::ImageBuffer::from_raw(frame.width as u32, frame.height as u32, raw);
    buffer
        .map(image::DynamicImage::ImageRgba16)
        .unwrap_or_default()
}

fn to_rgba32f(frame: &Frame) -> image::DynamicImage {
    let buffer = image::ImageBuffer::from_raw(
        frame.width as u32,
        frame.height as u32,
        frame.pixels.clone(),
    );
    buffer
        .map(image::DynamicImage::ImageRgba32F)
        .unwrap_or_default()
}

fn write_image(path: &Path, image: image::DynamicImage) -> Result<(), String> {
    let image = if extension(path).starts_with("jp") {
        image::DynamicImage::ImageRgb8(image.into_rgb8())
    } else {
        image
    };
    image.save(path).map_err(|e| e.to_string())
}

/// A numbered file name: the text around the frame number and its width.
#[derive(Debug, PartialEq)]
pub struct Pattern {
    folder: PathBuf,
    prefix: String,
    width: usize,
    suffix: String,
}

impl Pattern {
    /// `A001.####.exr` or `A001.%04d.exr`; None when the name has no placeholder.
    pub fn parse(path: &Path) -> Option<Pattern> {
        let name = path.file_name()?.to_string_lossy().into_owned();
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(start) = name.find('#') {
            let width = name[start..].chars().take_while(|&c| c == '#').count();
            return Some(Pattern {
                folder,
                prefix: name[..start].to_string(),
                width,
                suffix: name[start + width..].to_string(),
            });
        }
        let start = name.find('%')?;
        let rest = &name[start + 1..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = rest[digits.len()..].strip_prefix('d')?;
        Some(Pattern {
            folder,
            prefix: name[..start].to_string(),
            width: digits.parse().unwrap_or(1),
            suffix: after.to_string(),
        })
    }

    pub fn path(&self, frame: u64) -> PathBuf {
        self.folder.join(format!(
            "{}{frame:0width$}{}",
            self.prefix,
            self.suffix,
            width = self.width
        ))
    }

    /// The frame number of a file name of this pattern.
    fn frame_of(&self, name: &str) -> Option<u64> {
        let digits = name
            .strip_prefix(&self.prefix)?
            .strip_suffix(&self.suffix)?;
        let all_digits = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
        (all_digits && digits.len() >= self.width)
            .then(|| digits.parse().ok())
            .flatten()
    }
}

/// The frames of an input: a sequence pattern's existing files in frame order, or the file
/// itself.
pub fn expand(input: &Path) -> Result<Vec<(Option<u64>, PathBuf)>, String> {
    let Some(pattern) = Pattern::parse(input) else {
        if !input.exists() {
            return Err(format!("{}: no such file", input.display()));
        }
        if !input.is_file() {
            return Err(format!(
                "{}: not a regular file (a FIFO, device or folder): refused",
                input.display()
            ));
        }
        return Ok(vec![(None, input.to_path_buf())]);
    };
    let folder = if pattern.folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &pattern.folder
    };
    let mut frames: Vec<(Option<u64>, PathBuf)> = std::fs::read_dir(folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            pattern.frame_of(&name).map(|f| (Some(f), entry.path()))
        })
        .collect();
    frames.sort();
    if frames.is_empty() {
        return Err(format!("no frames of {} found", input.display()));
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_patterns_parse_both_spellings() {
        let hashes = Pattern::parse(Path::new("/shots/A001.####.exr")).unwrap();
        assert_eq!(hashes.path(86400), PathBuf::from("/shots/A001.86400.exr"));
        assert_eq!(hashes.path(7), PathBuf::from("/shots/A001.0007.exr"));
        let printf = Pattern::parse(Path::new("A001.%06d.png")).unwrap();
        assert_eq!(printf.path(12), PathBuf::from("A001.000012.png"));
        assert_eq!(hashes.frame_of("A001.0101.exr"), Some(101));
        assert_eq!(hashes.frame_of("A001.01.exr"), None);
        assert_eq!(hashes.frame_of("A001.x101.exr"), None);
        assert!(Pattern::parse(Path::new("plain.exr")).is_none());
    }
}
