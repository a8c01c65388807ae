//! OFX names (property, action, suite and value strings) as C strings.

use std::ffi::CStr;

/// Anything that names an OFX string: the NUL-terminated byte constants of [`crate::raw`] and
/// [`crate::colour`], or a `CStr`.
pub trait OfxName {
    fn as_cstr(&self) -> &CStr;

    /// For messages.
    fn display(&self) -> String {
        self.as_cstr().to_string_lossy().into_owned()
    }
}

impl<const N: usize> OfxName for [u8; N] {
    fn as_cstr(&self) -> &CStr {
        // The generated constants always end in their one NUL; an empty name never matches a
        // real property, so a malformed constant fails loudly in the host call instead.
        CStr::from_bytes_with_nul(self).unwrap_or(c"")
    }
}

impl OfxName for CStr {
    fn as_cstr(&self) -> &CStr {
        self
    }
}

impl<T: OfxName + ?Sized> OfxName for &T {
    fn as_cstr(&self) -> &CStr {
        (**self).as_cstr()
    }
}

/// Compares a C string from the host with an OFX name.
pub fn is(value: &CStr, name: &(impl OfxName + ?Sized)) -> bool {
    value == name.as_cstr()
}

/// A Rust string as a C string for the host; interior NULs (never in our own names) are cut.
pub fn to_cstring(text: &str) -> std::ffi::CString {
    let bytes: Vec<u8> = text.bytes().take_while(|&b| b != 0).collect();
    std::ffi::CString::new(bytes).unwrap_or_default()
}
