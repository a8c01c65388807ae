//! Clips and the images fetched from them.

use std::ffi::c_void;

use crate::error::{Error, Result, Status};
use crate::names::{to_cstring, OfxName};
use crate::property::PropertySet;
use crate::raw;

/// An integer rectangle in pixel coordinates (x1, y1 inclusive; x2, y2 exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RectI {
    pub x1: i32,
    pub y1: i32,
    pub x2: i32,
    pub y2: i32,
}

impl RectI {
    pub fn from_array([x1, y1, x2, y2]: [i32; 4]) -> Self {
        RectI { x1, y1, x2, y2 }
    }

    pub fn width(&self) -> i32 {
        (self.x2 - self.x1).max(0)
    }

    pub fn height(&self) -> i32 {
        (self.y2 - self.y1).max(0)
    }

    pub fn is_empty(&self) -> bool {
        self.width() == 0 || self.height() == 0
    }

    pub fn intersect(&self, other: &RectI) -> RectI {
        RectI {
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
            x2: self.x2.min(other.x2),
            y2: self.y2.min(other.y2),
        }
    }
}

/// Bits per channel of an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitDepth {
    Byte,
    Short,
    Half,
    Float,
}

impl BitDepth {
    pub fn parse(value: &str) -> Option<BitDepth> {
        [
            BitDepth::Byte,
            BitDepth::Short,
            BitDepth::Half,
            BitDepth::Float,
        ]
        .into_iter()
        .find(|depth| depth.name().display() == value)
    }

    pub fn name(self) -> &'static dyn OfxName {
        match self {
            BitDepth::Byte => raw::kOfxBitDepthByte,
            BitDepth::Short => raw::kOfxBitDepthShort,
            BitDepth::Half => raw::kOfxBitDepthHalf,
            BitDepth::Float => raw::kOfxBitDepthFloat,
        }
    }

    pub fn bytes(self) -> usize {
        match self {
            BitDepth::Byte => 1,
            BitDepth::Short | BitDepth::Half => 2,
            BitDepth::Float => 4,
        }
    }
}

/// Channels of an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Components {
    Rgba,
    Rgb,
    Alpha,
}

impl Components {
    pub fn parse(value: &str) -> Option<Components> {
        [Components::Rgba, Components::Rgb, Components::Alpha]
            .into_iter()
            .find(|c| c.name().display() == value)
    }

    pub fn name(self) -> &'static dyn OfxName {
        match self {
            Components::Rgba => raw::kOfxImageComponentRGBA,
            Components::Rgb => raw::kOfxImageComponentRGB,
            Components::Alpha => raw::kOfxImageComponentAlpha,
        }
    }

    pub fn count(self) -> usize {
        match self {
            Components::Rgba => 4,
            Components::Rgb => 3,
            Components::Alpha => 1,
        }
    }
}

/// How colour relates to alpha in an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Premultiplication {
    Opaque,
    Premultiplied,
    Unpremultiplied,
}

impl Premultiplication {
    pub fn parse(value: &str) -> Option<Premultiplication> {
        [Self::Opaque, Self::Premultiplied, Self::Unpremultiplied]
            .into_iter()
            .find(|p| p.name().display() == value)
    }

    pub fn name(self) -> &'static dyn OfxName {
        match self {
            Premultiplication::Opaque => raw::kOfxImageOpaque,
            Premultiplication::Premultiplied => raw::kOfxImagePreMultiplied,
            Premultiplication::Unpremultiplied => raw::kOfxImageUnPreMultiplied,
        }
    }
}

/// A clip being described (describeInContext).
pub struct ClipDescriptor {
    props: PropertySet,
}

impl ClipDescriptor {
    pub(crate) fn new(props: PropertySet) -> Self {
        ClipDescriptor { props }
    }

    pub fn properties(&self) -> PropertySet {
        self.props
    }

    pub fn components(&self, components: &[Components]) -> Result<&Self> {
        for (index, c) in components.iter().enumerate() {
            self.props
                .set_name(raw::kOfxImageEffectPropSupportedComponents, index, c.name())?;
        }
        Ok(self)
    }

    pub fn supports_tiles(&self, tiles: bool) -> Result<&Self> {
        self.props
            .set_bool(raw::kOfxImageEffectPropSupportsTiles, tiles)?;
        Ok(self)
    }

    pub fn optional(&self, optional: bool) -> Result<&Self> {
        self.props
            .set_bool(raw::kOfxImageClipPropOptional, optional)?;
        Ok(self)
    }
}

/// A clip of an instance.
pub struct Clip {
    handle: raw::OfxImageClipHandle,
    props: PropertySet,
    suite: &'static raw::OfxImageEffectSuiteV1,
    name: String,
}

// SAFETY: clips are host objects that the OFX standard lets render threads use.
unsafe impl Send for Clip {}
unsafe impl Sync for Clip {}

impl Clip {
    pub(crate) fn get(
        effect: raw::OfxImageEffectHandle,
        suite: &'static raw::OfxImageEffectSuiteV1,
        name: &str,
    ) -> Result<Clip> {
        let f = suite.clipGetHandle.ok_or(Error::MissingFunction {
            suite: "image effect",
            function: "clipGetHandle",
        })?;
        let c_name = to_cstring(name);
        let mut handle: raw::OfxImageClipHandle = std::ptr::null_mut();
        let mut props: raw::OfxPropertySetHandle = std::ptr::null_mut();
        // SAFETY: valid effect handle and name; out pointers are ours.
        let status = unsafe { f(effect, c_name.as_ptr(), &mut handle, &mut props) };
        Status(status).check("clipGetHandle", || name.to_string())?;
        if handle.is_null() {
            return Err(Error::NullHandle("clip handle"));
        }
        Ok(Clip {
            handle,
            props: PropertySet::from_handle(props)?,
            suite,
            name: name.to_string(),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn properties(&self) -> PropertySet {
        self.props
    }

    pub fn is_connected(&self) -> Result<bool> {
        Ok(self.props.get_int(raw::kOfxImageClipPropConnected, 0)? != 0)
    }

    pub fn pixel_depth(&self) -> Result<BitDepth> {
        let value = self
            .props
            .get_string(raw::kOfxImageEffectPropPixelDepth, 0)?;
        BitDepth::parse(&value).ok_or(Error::BadValue {
            what: format!("{} pixel depth", self.name),
            value,
        })
    }

    pub fn components(&self) -> Result<Components> {
        let value = self
            .props
            .get_string(raw::kOfxImageEffectPropComponents, 0)?;
        Components::parse(&value).ok_or(Error::BadValue {
            what: format!("{} components", self.name),
            value,
        })
    }

    /// Fetches the clip's image at `time`; `region` limits what the host must supply.
    pub fn image(&self, time: f64, region: Option<RectD>) -> Result<Image> {
        let f = self.suite.clipGetImage.ok_or(Error::MissingFunction {
            suite: "image effect",
            function: "clipGetImage",
        })?;
        let region = region.map(|r| raw::OfxRectD {
            x1: r.x1,
            y1: r.y1,
            x2: r.x2,
            y2: r.y2,
        });
        let region_ptr = region
            .as_ref()
            .map_or(std::ptr::null(), |r| r as *const raw::OfxRectD);
        let mut props: raw::OfxPropertySetHandle = std::ptr::null_mut();
        // SAFETY: valid clip handle; region is null or points to a live rectangle.
        let status = unsafe { f(self.handle, time, region_ptr, &mut props) };
        Status(status).check("clipGetImage", || {
            format!("clip {} at time {time}", self.name)
        })?;
        if props.is_null() {
            return Err(Error::NullHandle("image (clipGetImage gave none)"));
        }
        let release = self.suite.clipReleaseImage;
        let props = PropertySet::from_handle(props)?;
        // From here on the image is released on drop, even if reading its properties fails.
        let guard = ImageRelease { props, release };
        Image::read(guard, &self.name)
    }
}

/// A double rectangle in canonical coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct RectD {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

struct ImageRelease {
    props: PropertySet,
    release: Option<unsafe extern "C" fn(raw::OfxPropertySetHandle) -> raw::OfxStatus>,
}

impl Drop for ImageRelease {
    fn drop(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: the property set is an image the host gave us and not yet released.
            unsafe { release(self.props.raw()) };
        }
    }
}

/// An image fetched from a clip; released back to the host when dropped.
pub struct Image {
    _release: ImageRelease,
    /// Address of pixel (bounds.x1, bounds.y1).
    pub data: *mut c_void,
    pub bounds: RectI,
    /// Bytes from one row to the next (upwards); negative for top-down memory.
    pub row_bytes: isize,
    pub depth: BitDepth,
    pub components: Components,
    pub premultiplication: Premultiplication,
    pub render_scale: [f64; 2],
}

// SAFETY: the pixel memory is owned by the host for the image's lifetime; rendering threads
// only touch disjoint rows of it.
unsafe impl Send for Image {}
unsafe impl Sync for Image {}

impl Image {
    fn read(guard: ImageRelease, clip: &str) -> Result<Image> {
        let props = guard.props;
        let data = props.get_pointer(raw::kOfxImagePropData, 0)?;
        if data.is_null() {
            return Err(Error::NullHandle("image data pointer"));
        }
        let bounds = RectI::from_array(props.get_ints::<4>(raw::kOfxImagePropBounds)?);
        let row_bytes = props.get_int(raw::kOfxImagePropRowBytes, 0)? as isize;
        let depth_name = props.get_string(raw::kOfxImageEffectPropPixelDepth, 0)?;
        let depth = BitDepth::parse(&depth_name).ok_or(Error::BadValue {
            what: format!("{clip} image pixel depth"),
            value: depth_name,
        })?;
        let comp_name = props.get_string(raw::kOfxImageEffectPropComponents, 0)?;
        let components = Components::parse(&comp_name).ok_or(Error::BadValue {
            what: format!("{clip} image components"),
            value: comp_name,
        })?;
        // Hosts that omit these get the OFX defaults rather than a failed render.
        let premultiplication = props
            .get_string(raw::kOfxImageEffectPropPreMultiplication, 0)
            .ok()
            .and_then(|p| Premultiplication::parse(&p))
            .unwrap_or(Premultiplication::Premultiplied);
        let render_scale = props
            .get_doubles::<2>(raw::kOfxImageEffectPropRenderScale)
            .unwrap_or([1.0, 1.0]);
        let min_row = bounds.width() as isize * (depth.bytes() * components.count()) as isize;
        if bounds.x2 < bounds.x1 || bounds.y2 < bounds.y1 || row_bytes.abs() < min_row {
            return Err(Error::BadValue {
                what: format!("{clip} image layout (bounds, row bytes)"),
                value: format!("{bounds:?}, {row_bytes}"),
            });
        }
        Ok(Image {
            _release: guard,
            data,
            bounds,
            row_bytes,
            depth,
            components,
            premultiplication,
            render_scale,
        })
    }
}
