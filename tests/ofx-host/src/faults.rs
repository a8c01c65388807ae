//! A badly behaved host on demand: the ways real hosts have let plugins down.

use crate::names::OfxName;

/// What `clipGetImage` does wrong, if anything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClipImageFault {
    /// Images are delivered normally.
    #[default]
    None,
    /// `kOfxStatOK` with a NULL image handle.
    NullImage,
    /// `kOfxStatFailed` with a NULL image handle.
    Failure,
}

/// The faults a [`Bundle`](crate::Bundle) plays while hosting its plugins.
///
/// ```no_run
/// use ofx_host::{Bundle, ClipImageFault, HostFaults};
/// use ofx_bindings::raw;
///
/// let faults = HostFaults::default()
///     .withhold_suite(raw::kOfxParameterSuite)
///     .fail_property(raw::kOfxImagePropRowBytes)
///     .clip_image(ClipImageFault::NullImage)
///     .without_persistent_messages();
/// let bundle = Bundle::load_with_faults("amfx.ofx.bundle", faults)?;
/// # Ok::<(), ofx_host::HostError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostFaults {
    withheld_suites: Vec<String>,
    failing_properties: Vec<String>,
    clip_image: ClipImageFault,
    persistent_messages_missing: bool,
}

impl HostFaults {
    /// `fetchSuite` returns NULL for this suite name, whatever the version.
    pub fn withhold_suite(mut self, suite: &(impl OfxName + ?Sized)) -> Self {
        self.withheld_suites.push(suite.ofx_name().to_owned());
        self
    }

    /// Every property-suite call on this property name fails with `kOfxStatErrUnknown`.
    pub fn fail_property(mut self, property: &(impl OfxName + ?Sized)) -> Self {
        self.failing_properties.push(property.ofx_name().to_owned());
        self
    }

    /// How `clipGetImage` misbehaves.
    pub fn clip_image(mut self, fault: ClipImageFault) -> Self {
        self.clip_image = fault;
        self
    }

    /// Advertise `OfxMessageSuite` V2 with a NULL `setPersistentMessage` (as Resolve 14 did).
    pub fn without_persistent_messages(mut self) -> Self {
        self.persistent_messages_missing = true;
        self
    }

    pub(crate) fn withholds_suite(&self, suite: &str) -> bool {
        self.withheld_suites.iter().any(|s| s == suite)
    }

    pub(crate) fn fails_property(&self, property: &str) -> bool {
        self.failing_properties.iter().any(|p| p == property)
    }

    pub(crate) fn clip_image_fault(&self) -> ClipImageFault {
        self.clip_image
    }

    pub(crate) fn persistent_messages_missing(&self) -> bool {
        self.persistent_messages_missing
    }
}
