//! Pixel formats: bit depth, components, premultiplication.

use ofx_bindings::raw;

use crate::names::name;

/// A pixel depth this host can hand to a plugin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PixelDepth {
    /// `kOfxBitDepthByte`: u8.
    Byte,
    /// `kOfxBitDepthShort`: u16.
    Short,
    /// `kOfxBitDepthFloat`: f32.
    Float,
}

impl PixelDepth {
    pub const ALL: [PixelDepth; 3] = [PixelDepth::Float, PixelDepth::Short, PixelDepth::Byte];

    pub fn ofx_name(self) -> &'static str {
        match self {
            PixelDepth::Byte => name(raw::kOfxBitDepthByte),
            PixelDepth::Short => name(raw::kOfxBitDepthShort),
            PixelDepth::Float => name(raw::kOfxBitDepthFloat),
        }
    }

    pub fn from_ofx(text: &str) -> Option<PixelDepth> {
        PixelDepth::ALL.into_iter().find(|d| d.ofx_name() == text)
    }

    /// Bytes per channel.
    pub fn bytes(self) -> usize {
        match self {
            PixelDepth::Byte => 1,
            PixelDepth::Short => 2,
            PixelDepth::Float => 4,
        }
    }

    /// The largest integer code value, or `None` for float.
    pub fn max_code(self) -> Option<f64> {
        match self {
            PixelDepth::Byte => Some(255.0),
            PixelDepth::Short => Some(65535.0),
            PixelDepth::Float => None,
        }
    }
}

/// The channels of a pixel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Components {
    Rgba,
    Rgb,
    Alpha,
}

impl Components {
    pub const ALL: [Components; 3] = [Components::Rgba, Components::Rgb, Components::Alpha];

    pub fn ofx_name(self) -> &'static str {
        match self {
            Components::Rgba => name(raw::kOfxImageComponentRGBA),
            Components::Rgb => name(raw::kOfxImageComponentRGB),
            Components::Alpha => name(raw::kOfxImageComponentAlpha),
        }
    }

    pub fn from_ofx(text: &str) -> Option<Components> {
        Components::ALL.into_iter().find(|c| c.ofx_name() == text)
    }

    /// Channels per pixel.
    pub fn count(self) -> usize {
        match self {
            Components::Rgba => 4,
            Components::Rgb => 3,
            Components::Alpha => 1,
        }
    }
}

/// How colour relates to alpha in an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Premultiplication {
    Opaque,
    PreMultiplied,
    UnPreMultiplied,
}

impl Premultiplication {
    pub fn ofx_name(self) -> &'static str {
        match self {
            Premultiplication::Opaque => name(raw::kOfxImageOpaque),
            Premultiplication::PreMultiplied => name(raw::kOfxImagePreMultiplied),
            Premultiplication::UnPreMultiplied => name(raw::kOfxImageUnPreMultiplied),
        }
    }

    pub fn from_ofx(text: &str) -> Option<Premultiplication> {
        [
            Premultiplication::Opaque,
            Premultiplication::PreMultiplied,
            Premultiplication::UnPreMultiplied,
        ]
        .into_iter()
        .find(|p| p.ofx_name() == text)
    }

    /// What a host would assume for images with these components.
    pub fn default_for(components: Components) -> Premultiplication {
        match components {
            Components::Rgb => Premultiplication::Opaque,
            Components::Rgba | Components::Alpha => Premultiplication::PreMultiplied,
        }
    }
}
