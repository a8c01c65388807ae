//! OFX names (property, suite, action and type names) as Rust strings.
//!
//! bindgen gives OFX string constants as `&[u8; N]` with a trailing NUL; the public API accepts
//! those as well as plain `&str`, so callers can write `props.string(raw::kOfxPropLabel)` or
//! `props.string("OfxPropLabel")`.

use std::ffi::CStr;

/// Something that names an OFX object: a `&str`, or a bindgen string constant.
pub trait OfxName {
    /// The name without its trailing NUL.
    fn ofx_name(&self) -> &str;
}

impl OfxName for str {
    fn ofx_name(&self) -> &str {
        self
    }
}

impl OfxName for String {
    fn ofx_name(&self) -> &str {
        self
    }
}

impl<const N: usize> OfxName for [u8; N] {
    fn ofx_name(&self) -> &str {
        let bytes = self.strip_suffix(b"\0").unwrap_or(self);
        std::str::from_utf8(bytes).expect("OFX names are ASCII")
    }
}

/// A bindgen string constant as a `&'static str`.
pub(crate) fn name(constant: &'static [u8]) -> &'static str {
    cstr(constant).to_str().expect("OFX names are ASCII")
}

/// A bindgen string constant as a `&'static CStr`, ready to hand to the plugin.
pub(crate) fn cstr(constant: &'static [u8]) -> &'static CStr {
    CStr::from_bytes_with_nul(constant).expect("OFX constants end with a NUL")
}
