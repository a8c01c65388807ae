//! Every ACES 1.x ODT and single-stage HDR output transform as data (from the ODT.Academy.*,
//! InvODT.Academy.* and RRTODT.Academy.* CTL of aces-dev v1.0 … v1.3.1).

use super::spline::HdrToneVersion;
use crate::aces::output2::{Eotf, P3_D60, P3_D65, REC2020, XYZ_E};
use crate::aces::{Chromaticities, REC709};

/// DCI-P3 primaries with the DCI white.
pub const P3_DCI: Chromaticities = Chromaticities {
    white: [0.314, 0.351],
    ..P3_D65
};

/// How display-linear values become code values: `eotf` inverse of `value · scale`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DisplayEncoding {
    pub eotf: Eotf,
    pub scale: f64,
}

const BT1886: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::Bt1886,
    scale: 1.0,
};
const SRGB: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::SrgbPiecewise,
    scale: 1.0,
};
const GAMMA26: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::Gamma26,
    scale: 1.0,
};
/// DCDM: X'Y'Z' = (XYZ · 48/52.37)^(1/2.6).
const DCDM: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::Gamma26,
    scale: 48.0 / 52.37,
};
const PQ: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::St2084,
    scale: 1.0,
};
const HLG: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::Hlg,
    scale: 1.0,
};

/// A 48-nit-tonescale ODT (applied to OCES, after the RRT). Display-linear values are relative to
/// the display's white (1.0 = white).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OdtPreset {
    /// Our name for it (the CTL file's, without `ODT.Academy.`).
    pub key: &'static str,
    /// DCI-white simulations first roll each channel off toward this white (width 0.5).
    pub roll_white: Option<f64>,
    /// White simulations then clamp each channel to `.0` and scale it by `.1`.
    pub white_scale: Option<(f64, f64)>,
    /// Video ODTs: dark-to-dim surround compensation and the 0.93 desaturation.
    pub dim_surround: bool,
    /// Bradford from the ACES white to D65 (the display shows D65 as white).
    pub adapt_to_d65: bool,
    /// Colours are first clipped to these primaries (`limit_to_primaries`).
    pub limiting: Option<Chromaticities>,
    /// The display's primaries (XYZ-E for DCDM).
    pub display: Chromaticities,
    /// Display values are clamped to [0, 1] (all but DCDM, which only clamps negatives).
    pub clamp_to_white: bool,
    pub encoding: DisplayEncoding,
}

const VIDEO: OdtPreset = OdtPreset {
    key: "",
    roll_white: None,
    white_scale: None,
    dim_surround: true,
    adapt_to_d65: true,
    limiting: None,
    display: REC709,
    clamp_to_white: true,
    encoding: BT1886,
};

const CINEMA: OdtPreset = OdtPreset {
    dim_surround: false,
    encoding: GAMMA26,
    display: P3_D65,
    ..VIDEO
};

pub const ODT_PRESETS: [OdtPreset; 18] = [
    OdtPreset {
        key: "Rec709_100nits_dim",
        ..VIDEO
    },
    OdtPreset {
        key: "Rec709_D60sim_100nits_dim",
        white_scale: Some((1.0, 0.955)),
        adapt_to_d65: false,
        ..VIDEO
    },
    OdtPreset {
        key: "sRGB_100nits_dim",
        encoding: SRGB,
        ..VIDEO
    },
    OdtPreset {
        key: "sRGB_D60sim_100nits_dim",
        white_scale: Some((1.0, 0.955)),
        adapt_to_d65: false,
        encoding: SRGB,
        ..VIDEO
    },
    OdtPreset {
        key: "DisplayP3_dim",
        display: P3_D65,
        encoding: SRGB,
        ..VIDEO
    },
    OdtPreset {
        key: "DisplayP3_D60sim_dim",
        white_scale: Some((1.0, 0.955)),
        adapt_to_d65: false,
        display: P3_D65,
        encoding: SRGB,
        ..VIDEO
    },
    OdtPreset {
        key: "Rec2020_100nits_dim",
        display: REC2020,
        ..VIDEO
    },
    OdtPreset {
        key: "Rec2020_P3D65limited_100nits_dim",
        display: REC2020,
        limiting: Some(P3_D65),
        ..VIDEO
    },
    OdtPreset {
        key: "Rec2020_Rec709limited_100nits_dim",
        display: REC2020,
        limiting: Some(REC709),
        ..VIDEO
    },
    OdtPreset {
        key: "P3D60_48nits",
        adapt_to_d65: false,
        display: P3_D60,
        ..CINEMA
    },
    OdtPreset {
        key: "P3D65_48nits",
        ..CINEMA
    },
    OdtPreset {
        key: "P3D65_D60sim_48nits",
        white_scale: Some((1.0, 0.964)),
        adapt_to_d65: false,
        ..CINEMA
    },
    OdtPreset {
        key: "P3D65_Rec709limited_48nits",
        limiting: Some(REC709),
        ..CINEMA
    },
    OdtPreset {
        key: "P3DCI_D60sim_48nits",
        roll_white: Some(0.918),
        white_scale: Some((0.918, 0.96)),
        adapt_to_d65: false,
        display: P3_DCI,
        ..CINEMA
    },
    OdtPreset {
        key: "P3DCI_D65sim_48nits",
        roll_white: Some(0.908),
        white_scale: Some((0.908, 0.9575)),
        display: P3_DCI,
        ..CINEMA
    },
    OdtPreset {
        key: "DCDM",
        adapt_to_d65: false,
        display: XYZ_E,
        clamp_to_white: false,
        encoding: DCDM,
        ..CINEMA
    },
    OdtPreset {
        key: "DCDM_P3D60limited",
        adapt_to_d65: false,
        limiting: Some(P3_D60),
        display: XYZ_E,
        clamp_to_white: false,
        encoding: DCDM,
        ..CINEMA
    },
    OdtPreset {
        key: "DCDM_P3D65limited",
        limiting: Some(P3_D65),
        display: XYZ_E,
        clamp_to_white: false,
        encoding: DCDM,
        ..CINEMA
    },
];

/// A single-stage (RRT included) HDR output transform. Display-linear values are absolute:
/// 1.0 = 100 cd/m² (black stretched to 0 cd/m²).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RrtOdtPreset {
    /// Our name for it (the CTL file's, without `RRTODT.Academy.`).
    pub key: &'static str,
    /// Black, 18 % grey and peak luminance, cd/m².
    pub y_min: f64,
    pub y_mid: f64,
    pub y_max: f64,
    pub limiting: Chromaticities,
    pub display: Chromaticities,
    pub encoding: DisplayEncoding,
}

const HDR: RrtOdtPreset = RrtOdtPreset {
    key: "",
    y_min: 0.0001,
    y_mid: 15.0,
    y_max: 1000.0,
    limiting: P3_D65,
    display: P3_D65,
    encoding: PQ,
};

pub const RRTODT_PRESETS: [RrtOdtPreset; 8] = [
    RrtOdtPreset {
        key: "P3D65_1000nits_15nits_ST2084",
        ..HDR
    },
    RrtOdtPreset {
        key: "P3D65_2000nits_15nits_ST2084",
        y_max: 2000.0,
        ..HDR
    },
    RrtOdtPreset {
        key: "P3D65_4000nits_15nits_ST2084",
        y_max: 4000.0,
        ..HDR
    },
    RrtOdtPreset {
        key: "P3D65_108nits_7.2nits_ST2084",
        y_mid: 7.2,
        y_max: 108.0,
        ..HDR
    },
    RrtOdtPreset {
        key: "Rec2020_1000nits_15nits_ST2084",
        limiting: REC2020,
        display: REC2020,
        ..HDR
    },
    RrtOdtPreset {
        key: "Rec2020_2000nits_15nits_ST2084",
        y_max: 2000.0,
        limiting: REC2020,
        display: REC2020,
        ..HDR
    },
    RrtOdtPreset {
        key: "Rec2020_4000nits_15nits_ST2084",
        y_max: 4000.0,
        limiting: REC2020,
        display: REC2020,
        ..HDR
    },
    RrtOdtPreset {
        key: "Rec2020_1000nits_15nits_HLG",
        limiting: REC2020,
        display: REC2020,
        encoding: HLG,
        ..HDR
    },
];

/// A 1.0.x HDR ODT (applied to OCES, after the RRT; PQ encoded). Display-linear values are
/// absolute: 1.0 = 100 cd/m².
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HdrOdtPreset {
    /// Our name for it (the CTL file's, without `ODT.Academy.` and the version).
    pub key: &'static str,
    /// Peak luminance, cd/m² (1000, 2000 or 4000: the tone scales the CTL has).
    pub peak: f64,
    pub tone: HdrToneVersion,
    pub display: Chromaticities,
    /// Bradford from the ACES white to D65 before the display primaries.
    pub adapt_to_d65: bool,
    /// The inverse undoes that adaptation: false only for the 1.0.1 Rec.2020 inverse, whose CTL
    /// left it out (fixed in 1.0.2), so that it is not quite the inverse of its forward.
    pub inverse_adapts: bool,
}

const HDR_ODT: HdrOdtPreset = HdrOdtPreset {
    key: "",
    peak: 1000.0,
    tone: HdrToneVersion::V1_0_1,
    display: P3_D60,
    adapt_to_d65: false,
    inverse_adapts: false,
};

pub const HDR_ODT_PRESETS: [HdrOdtPreset; 8] = [
    HdrOdtPreset {
        key: "P3D60_PQ_1000nits",
        tone: HdrToneVersion::V1_0_0,
        ..HDR_ODT
    },
    HdrOdtPreset {
        key: "P3D60_PQ_2000nits",
        peak: 2000.0,
        tone: HdrToneVersion::V1_0_0,
        ..HDR_ODT
    },
    HdrOdtPreset {
        key: "P3D60_PQ_4000nits",
        peak: 4000.0,
        tone: HdrToneVersion::V1_0_0,
        ..HDR_ODT
    },
    HdrOdtPreset {
        key: "P3D60_ST2084_1000nits",
        ..HDR_ODT
    },
    HdrOdtPreset {
        key: "P3D60_ST2084_2000nits",
        peak: 2000.0,
        ..HDR_ODT
    },
    HdrOdtPreset {
        key: "P3D60_ST2084_4000nits",
        peak: 4000.0,
        ..HDR_ODT
    },
    HdrOdtPreset {
        key: "Rec2020_ST2084_1000nits",
        display: REC2020,
        adapt_to_d65: true,
        inverse_adapts: true,
        ..HDR_ODT
    },
    HdrOdtPreset {
        key: "Rec2020_ST2048_1000nits_inverse_a1.0.1",
        display: REC2020,
        adapt_to_d65: true,
        inverse_adapts: false,
        ..HDR_ODT
    },
];

/// The display encoding of every 1.0.x HDR ODT.
pub const HDR_ODT_ENCODING: DisplayEncoding = PQ;

pub fn hdr_odt_preset(key: &str) -> Option<&'static HdrOdtPreset> {
    HDR_ODT_PRESETS.iter().find(|p| p.key == key)
}

pub fn odt_preset(key: &str) -> Option<&'static OdtPreset> {
    ODT_PRESETS.iter().find(|p| p.key == key)
}

pub fn rrtodt_preset(key: &str) -> Option<&'static RrtOdtPreset> {
    RRTODT_PRESETS.iter().find(|p| p.key == key)
}
