//! OFX 1.5 colour management names (`ofxColour.h` of the OFX 1.5 standard).
//!
//! The openfx-sys headers we generate `raw` from predate colour management, so these names are
//! declared here by hand, in the same form bindgen gives string macros (NUL-terminated bytes),
//! so that they work with every property call of this crate.

/// Host/plugin descriptor and instance: the colour management style (string x 1).
pub const kOfxImageEffectPropColourManagementStyle: &[u8; 40] =
    b"OfxImageEffectPropColourManagementStyle\0";
/// Style value: no colour management.
pub const kOfxImageEffectColourManagementNone: &[u8; 35] = b"OfxImageEffectColourManagementNone\0";
/// Style value: only the basic colourspaces of the native config.
pub const kOfxImageEffectColourManagementBasic: &[u8; 36] =
    b"OfxImageEffectColourManagementBasic\0";
/// Style value: the core colourspaces of the native config.
pub const kOfxImageEffectColourManagementCore: &[u8; 35] = b"OfxImageEffectColourManagementCore\0";
/// Style value: every colourspace of the native config.
pub const kOfxImageEffectColourManagementFull: &[u8; 35] = b"OfxImageEffectColourManagementFull\0";
/// Style value: any OCIO config.
pub const kOfxImageEffectColourManagementOCIO: &[u8; 35] = b"OfxImageEffectColourManagementOCIO\0";
/// Host and plugin descriptors: the native configs each side knows (string x N).
pub const kOfxImageEffectPropColourManagementAvailableConfigs: &[u8; 51] =
    b"OfxImageEffectPropColourManagementAvailableConfigs\0";
/// Instance: the native config the host chose (string x 1).
pub const kOfxImageEffectPropColourManagementConfig: &[u8; 41] =
    b"OfxImageEffectPropColourManagementConfig\0";
/// The only native config of OFX 1.5.
pub const kOfxConfigIdentifier: &[u8; 36] = b"ofx-native-v1.5_aces-v1.3_ocio-v2.3\0";
/// Instance: path or `ocio://` URI of the OCIO config in use (string x 1).
pub const kOfxImageEffectPropOCIOConfig: &[u8; 29] = b"OfxImageEffectPropOCIOConfig\0";
/// Clip instance: the colourspace of the clip's images (string x 1).
pub const kOfxImageClipPropColourspace: &[u8; 28] = b"OfxImageClipPropColourspace\0";
/// Clip instance and getClipPreferences out args: ordered colourspace wishes (string x N).
pub const kOfxImageClipPropPreferredColourspaces: &[u8; 38] =
    b"OfxImageClipPropPreferredColourspaces\0";
/// Instance: the display colourspace of the host's viewer (native styles).
pub const kOfxImageEffectPropDisplayColourspace: &[u8; 37] =
    b"OfxImageEffectPropDisplayColourspace\0";
/// Instance: the OCIO display of the host's viewer.
pub const kOfxImageEffectPropOCIODisplay: &[u8; 30] = b"OfxImageEffectPropOCIODisplay\0";
/// Instance: the OCIO view of the host's viewer.
pub const kOfxImageEffectPropOCIOView: &[u8; 27] = b"OfxImageEffectPropOCIOView\0";
/// Action: the host asks which colourspace the output clip will be in.
pub const kOfxImageEffectActionGetOutputColourspace: &[u8; 41] =
    b"OfxImageEffectActionGetOutputColourspace\0";
/// Prefix of a cross-reference to another clip's colourspace (`OfxColourspace_Source`).
pub const kOfxColourspaceCrossReferencePrefix: &str = "OfxColourspace_";
