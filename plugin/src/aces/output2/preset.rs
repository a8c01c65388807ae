//! The official ACES 2.0 output transforms as data: one row per `Output.Academy.*.a2.v1`
//! transformId (aces-output release 2025-04-04), each inverse being the same row run backwards.

use crate::aces::{Chromaticities, REC709};

use super::encoding::Eotf;

/// The ACES white ("~D60") that the D60-simulation presets keep on a D65 display.
const ACES_WHITE: [f64; 2] = [0.32168, 0.33767];
const D65_WHITE: [f64; 2] = [0.3127, 0.3290];

/// DCI-P3 primaries with a D65 white (P3-D65, Display P3's gamut).
pub const P3_D65: Chromaticities = Chromaticities {
    red: [0.680, 0.320],
    green: [0.265, 0.690],
    blue: [0.150, 0.060],
    white: D65_WHITE,
};

/// P3 primaries with the ACES white, the limiting gamut of P3 D60-simulation presets.
pub const P3_D60: Chromaticities = Chromaticities {
    white: ACES_WHITE,
    ..P3_D65
};

/// Rec.709 primaries with the ACES white.
pub const REC709_D60: Chromaticities = Chromaticities {
    white: ACES_WHITE,
    ..REC709
};

/// ITU-R BT.2020 / BT.2100 primaries, D65 white.
pub const REC2020: Chromaticities = Chromaticities {
    red: [0.708, 0.292],
    green: [0.170, 0.797],
    blue: [0.131, 0.046],
    white: D65_WHITE,
};

/// Rec.2020 primaries with the ACES white.
pub const REC2020_D60: Chromaticities = Chromaticities {
    white: ACES_WHITE,
    ..REC2020
};

/// CIE XYZ as an RGB space with an equal-energy white (the DCDM encoding).
pub const XYZ_E: Chromaticities = Chromaticities {
    red: [1.0, 0.0],
    green: [0.0, 1.0],
    blue: [0.0, 0.0],
    white: [1.0 / 3.0, 1.0 / 3.0],
};

/// Linear RGB to XYZ and between spaces without adaptation (ACES 2.0 keeps a limiting white that
/// differs from the display white: D60 simulation) are the shared ones of `aces::primaries`.
pub use crate::aces::{rgb_to_rgb, rgb_to_xyz};

/// The parameters of one ACES 2.0 output transform.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// The transformId between `Output.Academy.` and `.a2.v1`.
    pub name: &'static str,
    /// Luminance (cd/m²) the tonescale's highlight rolloff targets.
    pub peak: f64,
    /// The gamut (and white) the rendering is limited to.
    pub limiting: Chromaticities,
    /// The display's primaries and white (no chromatic adaptation from the limiting white).
    pub encoding: Chromaticities,
    pub eotf: Eotf,
    /// Scale so the limiting white's largest encoded channel is exactly 1 (D60 simulation).
    pub scale_white: bool,
    /// Display-linear multiplier before encoding (108/300-nit cinema presets, DCDM 48 nit).
    pub linear_scale: f64,
}

const fn preset(
    name: &'static str,
    peak: f64,
    limiting: Chromaticities,
    encoding: Chromaticities,
    eotf: Eotf,
    scale_white: bool,
    linear_scale: f64,
) -> Preset {
    Preset {
        name,
        peak,
        limiting,
        encoding,
        eotf,
        scale_white,
        linear_scale,
    }
}

/// The 48-nit DCDM scale: 48 cd/m² against the 52.37 cd/m² DCDM reference.
const DCDM_48: f64 = 48.0 / 52.37;

use Eotf::{Bt1886, Gamma22, Gamma26, Hlg, SrgbPiecewise, St2084};

/// Every official ACES 2.0 output transform (54).
pub const PRESETS: [Preset; 54] = [
    // D65 limiting white.
    preset(
        "Rec709-D65_100nit_in_Rec709-D65_BT1886",
        100.0,
        REC709,
        REC709,
        Bt1886,
        false,
        1.0,
    ),
    preset(
        "Rec709-D65_100nit_in_Rec709-D65_sRGB-Piecewise",
        100.0,
        REC709,
        REC709,
        SrgbPiecewise,
        false,
        1.0,
    ),
    preset(
        "Rec709-D65_100nit_in_Rec709-D65_Gamma2pt2",
        100.0,
        REC709,
        REC709,
        Gamma22,
        false,
        1.0,
    ),
    preset(
        "Rec709-D65_100nit_in_P3-D65_sRGB-Piecewise",
        100.0,
        REC709,
        P3_D65,
        SrgbPiecewise,
        false,
        1.0,
    ),
    preset(
        "Rec709-D65_100nit_in_P3-D65_ST2084",
        100.0,
        REC709,
        P3_D65,
        St2084,
        false,
        1.0,
    ),
    preset(
        "Rec709-D65_100nit_in_Rec2100-D65_ST2084",
        100.0,
        REC709,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "Rec709-D65_48nit_in_P3-D65_Gamma2pt6",
        100.0,
        REC709,
        P3_D65,
        Gamma26,
        false,
        1.0,
    ),
    preset(
        "P3-D65_100nit_in_P3-D65_sRGB-Piecewise",
        100.0,
        P3_D65,
        P3_D65,
        SrgbPiecewise,
        false,
        1.0,
    ),
    preset(
        "P3-D65_100nit_in_P3-D65_Gamma2pt2",
        100.0,
        P3_D65,
        P3_D65,
        Gamma22,
        false,
        1.0,
    ),
    preset(
        "P3-D65_48nit_in_P3-D65_Gamma2pt6",
        100.0,
        P3_D65,
        P3_D65,
        Gamma26,
        false,
        1.0,
    ),
    preset(
        "P3-D65_48nit_in_XYZ-E_Gamma2pt6",
        100.0,
        P3_D65,
        XYZ_E,
        Gamma26,
        false,
        DCDM_48,
    ),
    preset(
        "P3-D65_108nit_in_P3-D65_ST2084",
        225.0,
        P3_D65,
        P3_D65,
        St2084,
        false,
        0.48,
    ),
    preset(
        "P3-D65_300nit_in_XYZ-E_ST2084",
        625.0,
        P3_D65,
        XYZ_E,
        St2084,
        false,
        0.48,
    ),
    preset(
        "P3-D65_500nit_in_P3-D65_ST2084",
        500.0,
        P3_D65,
        P3_D65,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_1000nit_in_P3-D65_ST2084",
        1000.0,
        P3_D65,
        P3_D65,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_2000nit_in_P3-D65_ST2084",
        2000.0,
        P3_D65,
        P3_D65,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_4000nit_in_P3-D65_ST2084",
        4000.0,
        P3_D65,
        P3_D65,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_1000nit_in_P3-D65_sRGB-Piecewise",
        1000.0,
        P3_D65,
        P3_D65,
        SrgbPiecewise,
        false,
        1.0,
    ),
    preset(
        "P3-D65_500nit_in_Rec2100-D65_ST2084",
        500.0,
        P3_D65,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_1000nit_in_Rec2100-D65_ST2084",
        1000.0,
        P3_D65,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_2000nit_in_Rec2100-D65_ST2084",
        2000.0,
        P3_D65,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_4000nit_in_Rec2100-D65_ST2084",
        4000.0,
        P3_D65,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "P3-D65_1000nit_in_Rec2100-D65_HLG",
        1000.0,
        P3_D65,
        REC2020,
        Hlg,
        false,
        1.0,
    ),
    preset(
        "Rec2100-D65_500nit_in_Rec2100-D65_ST2084",
        500.0,
        REC2020,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "Rec2100-D65_1000nit_in_Rec2100-D65_ST2084",
        1000.0,
        REC2020,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "Rec2100-D65_2000nit_in_Rec2100-D65_ST2084",
        2000.0,
        REC2020,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    preset(
        "Rec2100-D65_4000nit_in_Rec2100-D65_ST2084",
        4000.0,
        REC2020,
        REC2020,
        St2084,
        false,
        1.0,
    ),
    // D60 limiting white, simulated on D65 (or XYZ-E) displays.
    preset(
        "Rec709-D60_100nit_in_Rec709-D65_BT1886",
        100.0,
        REC709_D60,
        REC709,
        Bt1886,
        true,
        1.0,
    ),
    preset(
        "Rec709-D60_100nit_in_Rec709-D65_sRGB-Piecewise",
        100.0,
        REC709_D60,
        REC709,
        SrgbPiecewise,
        true,
        1.0,
    ),
    preset(
        "Rec709-D60_100nit_in_Rec709-D65_Gamma2pt2",
        100.0,
        REC709_D60,
        REC709,
        Gamma22,
        true,
        1.0,
    ),
    preset(
        "Rec709-D60_100nit_in_P3-D65_sRGB-Piecewise",
        100.0,
        REC709_D60,
        P3_D65,
        SrgbPiecewise,
        true,
        1.0,
    ),
    preset(
        "Rec709-D60_100nit_in_P3-D65_ST2084",
        100.0,
        REC709_D60,
        P3_D65,
        St2084,
        true,
        1.0,
    ),
    preset(
        "Rec709-D60_100nit_in_Rec2100-D65_ST2084",
        100.0,
        REC709_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "Rec709-D60_48nit_in_P3-D65_Gamma2pt6",
        100.0,
        REC709_D60,
        P3_D65,
        Gamma26,
        true,
        1.0,
    ),
    preset(
        "P3-D60_100nit_in_P3-D65_sRGB-Piecewise",
        100.0,
        P3_D60,
        P3_D65,
        SrgbPiecewise,
        true,
        1.0,
    ),
    preset(
        "P3-D60_100nit_in_P3-D65_Gamma2pt2",
        100.0,
        P3_D60,
        P3_D65,
        Gamma22,
        true,
        1.0,
    ),
    preset(
        "P3-D60_48nit_in_P3-D65_Gamma2pt6",
        100.0,
        P3_D60,
        P3_D65,
        Gamma26,
        true,
        1.0,
    ),
    preset(
        "P3-D60_48nit_in_XYZ-E_Gamma2pt6",
        100.0,
        P3_D60,
        XYZ_E,
        Gamma26,
        false,
        DCDM_48,
    ),
    preset(
        "P3-D60_108nit_in_P3-D65_ST2084",
        225.0,
        P3_D60,
        P3_D65,
        St2084,
        true,
        0.48,
    ),
    preset(
        "P3-D60_300nit_in_XYZ-E_ST2084",
        625.0,
        P3_D60,
        XYZ_E,
        St2084,
        true,
        0.48,
    ),
    preset(
        "P3-D60_500nit_in_P3-D65_ST2084",
        500.0,
        P3_D60,
        P3_D65,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_1000nit_in_P3-D65_ST2084",
        1000.0,
        P3_D60,
        P3_D65,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_2000nit_in_P3-D65_ST2084",
        2000.0,
        P3_D60,
        P3_D65,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_4000nit_in_P3-D65_ST2084",
        4000.0,
        P3_D60,
        P3_D65,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_1000nit_in_P3-D65_sRGB-Piecewise",
        1000.0,
        P3_D60,
        P3_D65,
        SrgbPiecewise,
        true,
        1.0,
    ),
    preset(
        "P3-D60_500nit_in_Rec2100-D65_ST2084",
        500.0,
        P3_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_1000nit_in_Rec2100-D65_ST2084",
        1000.0,
        P3_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_2000nit_in_Rec2100-D65_ST2084",
        2000.0,
        P3_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_4000nit_in_Rec2100-D65_ST2084",
        4000.0,
        P3_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "P3-D60_1000nit_in_Rec2100-D65_HLG",
        1000.0,
        P3_D60,
        REC2020,
        Hlg,
        true,
        1.0,
    ),
    preset(
        "Rec2100-D60_500nit_in_Rec2100-D65_ST2084",
        500.0,
        REC2020_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "Rec2100-D60_1000nit_in_Rec2100-D65_ST2084",
        1000.0,
        REC2020_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "Rec2100-D60_2000nit_in_Rec2100-D65_ST2084",
        2000.0,
        REC2020_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
    preset(
        "Rec2100-D60_4000nit_in_Rec2100-D65_ST2084",
        4000.0,
        REC2020_D60,
        REC2020,
        St2084,
        true,
        1.0,
    ),
];

/// Which way a transformId runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `Output.*`: ACES2065-1 to display.
    Forward,
    /// `InvOutput.*`: display to ACES2065-1.
    Inverse,
}

impl Preset {
    /// The preset and direction of an ACES 2.0 output transformId, with or without the
    /// `urn:ampas:aces:transformId:v2.0:` prefix (matched case-insensitively).
    pub fn from_transform_id(id: &str) -> Option<(&'static Preset, Direction)> {
        let id = id.trim();
        let prefix = "urn:ampas:aces:transformid:v2.0:";
        let bare = match id.get(..prefix.len()) {
            Some(head) if head.eq_ignore_ascii_case(prefix) => &id[prefix.len()..],
            _ => id,
        };
        let (direction, rest) = if let Some(rest) = bare.strip_prefix("InvOutput.Academy.") {
            (Direction::Inverse, rest)
        } else {
            (Direction::Forward, bare.strip_prefix("Output.Academy.")?)
        };
        let name = rest.strip_suffix(".a2.v1")?;
        PRESETS
            .iter()
            .find(|p| p.name == name)
            .map(|p| (p, direction))
    }

    /// The forward transformId.
    pub fn transform_id(&self) -> String {
        format!(
            "urn:ampas:aces:transformId:v2.0:Output.Academy.{}.a2.v1",
            self.name
        )
    }

    /// The inverse transformId.
    pub fn inverse_transform_id(&self) -> String {
        format!(
            "urn:ampas:aces:transformId:v2.0:InvOutput.Academy.{}.a2.v1",
            self.name
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_official_id_resolves_both_ways() {
        for p in &PRESETS {
            assert_eq!(
                Preset::from_transform_id(&p.transform_id()),
                Some((p, Direction::Forward))
            );
            assert_eq!(
                Preset::from_transform_id(&p.inverse_transform_id()),
                Some((p, Direction::Inverse))
            );
        }
        let names: std::collections::HashSet<_> = PRESETS.iter().map(|p| p.name).collect();
        assert_eq!(names.len(), PRESETS.len(), "duplicate preset names");
    }

    #[test]
    fn bare_and_odd_ids() {
        let bare = "Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";
        assert!(Preset::from_transform_id(bare).is_some());
        let urn = "URN:AMPAS:ACES:TRANSFORMID:V2.0:InvOutput.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1";
        assert_eq!(
            Preset::from_transform_id(urn).map(|(p, d)| (p.peak, d)),
            Some((1000.0, Direction::Inverse))
        );
        for bad in [
            "",
            "Output.Academy.Nope.a2.v1",
            "urn:ampas:aces:transformId:v2.0:",
            "Output.Academy.Rec709",
        ] {
            assert!(Preset::from_transform_id(bad).is_none(), "{bad}");
        }
    }

    /// Every official id of the registry summary in research/transform_ids.md is here (the
    /// official registry itself is checked by the registry's own test).
    #[test]
    fn xyz_e_is_the_identity_and_matrices_match_the_shared_ones() {
        let m = rgb_to_xyz(&XYZ_E);
        for (i, row) in m.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                assert!((v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        let (ours, shared) = (rgb_to_xyz(&P3_D60), crate::aces::rgb_to_xyz(&P3_D60));
        for i in 0..3 {
            for j in 0..3 {
                assert!((ours[i][j] - shared[i][j]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn all_54_official_presets() {
        assert_eq!(PRESETS.len(), 54);
        assert_eq!(PRESETS.iter().filter(|p| p.scale_white).count(), 26);
    }
}
