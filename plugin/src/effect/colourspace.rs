//! OFX 1.5 colour management: which native colourspace the effect's output is in, so that a
//! colour-managed host tags it right (display code values as that display, scene-linear ACES as
//! ACES) instead of treating every output as the source's colourspace.
//!
//! Names are those of the OFX native config `ofx-native-v1.5_aces-v1.3_ocio-v2.3`; a display it
//! has no name for is reported as the generic SDR or HDR display, and under the Basic style
//! every answer is one of the five generic names.

/// What the rendered pixels are, as far as the recipe can tell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputSpace {
    /// Nothing changed the encoding (passthrough, or only a grade on the source).
    #[default]
    Source,
    /// Scene-linear ACES2065-1.
    Aces2065,
    /// Scene-linear ACEScg.
    AcesCg,
    /// Display code values.
    Display(Display),
    /// A space the native config has no name for (a camera encoding after an inverse, an
    /// output transform given as a file).
    Unknown,
}

/// A display as the native config names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Display {
    /// The native name, or None for a display the config does not list.
    pub name: Option<&'static str>,
    /// Whether the name is a core colourspace (usable under the Core style).
    pub core: bool,
    pub hdr: bool,
}

/// The colour management style in effect, as far as naming goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Basic,
    Core,
    /// Full or OCIO: any name of the native config.
    Full,
}

impl Style {
    /// The style from the instance's style property value.
    pub fn from_property(value: &str) -> Option<Style> {
        match value {
            "OfxImageEffectColourManagementBasic" => Some(Style::Basic),
            "OfxImageEffectColourManagementCore" => Some(Style::Core),
            "OfxImageEffectColourManagementFull" | "OfxImageEffectColourManagementOCIO" => {
                Some(Style::Full)
            }
            _ => None,
        }
    }
}

const SCENE_LINEAR: &str = "ofx_scene_linear";
const DISPLAY_SDR: &str = "ofx_display_sdr";
const DISPLAY_HDR: &str = "ofx_display_hdr";

impl OutputSpace {
    /// The name to give the host; `source_reference` is the cross-reference to the source clip.
    /// None: let the host decide (we cannot name it).
    pub fn native_name(&self, style: Style, source_reference: &str) -> Option<String> {
        let name = match (self, style) {
            (OutputSpace::Source, _) => return Some(source_reference.to_string()),
            (OutputSpace::Unknown, _) => return None,
            (OutputSpace::Aces2065 | OutputSpace::AcesCg, Style::Basic) => SCENE_LINEAR,
            (OutputSpace::Aces2065, _) => "ACES2065-1",
            (OutputSpace::AcesCg, _) => "ACEScg",
            (OutputSpace::Display(display), style) => match display.name {
                Some(name) if style == Style::Full || (style == Style::Core && display.core) => {
                    name
                }
                _ if display.hdr => DISPLAY_HDR,
                _ => DISPLAY_SDR,
            },
        };
        Some(name.to_string())
    }
}

/// The display an output transformId renders for (ACES 2.0 `Output.*`, ACES 1.x `ODT.*`,
/// `RRTODT.*` and their inverses name the same display); None for an id that names no display.
pub fn display_of(transform_id: &str) -> Option<Display> {
    let name = transform_id.rsplit(':').next().unwrap_or(transform_id);
    let (kind, rest) = name.split_once(".Academy.")?;
    let body = rest.split(".a").next().unwrap_or(rest);
    match kind.trim_start_matches("Inv") {
        "Output" => Some(aces2_display(body)),
        "ODT" | "RRTODT" => Some(aces1_display(body)),
        _ => None,
    }
}

/// `<limiting>_<nits>nit_in_<container>_<encoding>`.
fn aces2_display(body: &str) -> Display {
    let (limiting, display) = body.split_once("_in_").unwrap_or((body, ""));
    let nits: u32 = limiting
        .rsplit('_')
        .next()
        .and_then(|n| n.strip_suffix("nit"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let (container, encoding) = display.split_once('_').unwrap_or((display, ""));
    let hdr = nits > 100 || matches!(encoding, "ST2084" | "HLG");
    let name = match (container, encoding, hdr) {
        ("Rec709-D65", "BT1886", false) => Some("rec1886_rec709_display"),
        ("Rec709-D65", "sRGB-Piecewise", false) => Some("srgb_display"),
        ("P3-D65", "sRGB-Piecewise", false) => Some("displayp3_display"),
        ("P3-D65", "Gamma2pt6", false) => Some("p3d65_display"),
        ("P3-D65", "ST2084", true) => Some("st2084_p3d65_display"),
        ("Rec2100-D65", "ST2084", true) => Some("rec2100_pq_display"),
        ("Rec2100-D65", "HLG", true) => Some("rec2100_hlg_display"),
        _ => None,
    };
    Display {
        name,
        core: name.is_some(),
        hdr,
    }
}

/// ACES 1.x ODT names: the container comes first, D60/D65 simulations and limitings keep it.
fn aces1_display(body: &str) -> Display {
    // ACES 1.0.0 named its PQ outputs `*_PQ_*nits`, later ones ST2084 (misspelt ST2048 once).
    let hdr = ["ST2084", "ST2048", "HLG", "_PQ_"]
        .iter()
        .any(|tag| body.contains(tag));
    let starts = |prefix: &str| body.starts_with(prefix);
    let (name, core) = if hdr {
        if body.contains("HLG") {
            (Some("rec2100_hlg_display"), true)
        } else if starts("Rec2020_") {
            (Some("rec2100_pq_display"), true)
        } else if starts("P3D65_") {
            (Some("st2084_p3d65_display"), true)
        } else {
            (None, false)
        }
    } else if starts("Rec709_") {
        (Some("rec1886_rec709_display"), true)
    } else if starts("RGBmonitor_") {
        (Some("srgb_display"), true)
    } else if starts("DisplayP3_") {
        (Some("displayp3_display"), true)
    } else if starts("P3D65_") {
        (Some("p3d65_display"), true)
    } else if starts("Rec2020_") {
        (Some("rec1886_rec2020_display"), true)
    } else if starts("P3DCI_") {
        (Some("p3_dci_display"), false)
    } else if starts("P3D60_") {
        (Some("p3d60_display"), false)
    } else {
        (None, false)
    };
    Display { name, core, hdr }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str, style: Style) -> Option<String> {
        OutputSpace::Display(display_of(id).unwrap_or_else(|| panic!("{id}")))
            .native_name(style, "OfxColourspace_Source")
    }

    #[test]
    fn aces2_outputs_name_their_displays() {
        let cases = [
            (
                "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1",
                "rec1886_rec709_display",
            ),
            (
                "Output.Academy.Rec709-D60_100nit_in_Rec709-D65_sRGB-Piecewise.a2.v1",
                "srgb_display",
            ),
            (
                "Output.Academy.P3-D65_100nit_in_P3-D65_sRGB-Piecewise.a2.v1",
                "displayp3_display",
            ),
            (
                "Output.Academy.P3-D60_48nit_in_P3-D65_Gamma2pt6.a2.v1",
                "p3d65_display",
            ),
            (
                "Output.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1",
                "st2084_p3d65_display",
            ),
            (
                "InvOutput.Academy.P3-D65_1000nit_in_Rec2100-D65_ST2084.a2.v1",
                "rec2100_pq_display",
            ),
            (
                "Output.Academy.P3-D65_1000nit_in_Rec2100-D65_HLG.a2.v1",
                "rec2100_hlg_display",
            ),
            // No native name: the generic display of its range.
            (
                "Output.Academy.Rec709-D65_100nit_in_Rec709-D65_Gamma2pt2.a2.v1",
                "ofx_display_sdr",
            ),
            (
                "Output.Academy.P3-D65_48nit_in_XYZ-E_Gamma2pt6.a2.v1",
                "ofx_display_sdr",
            ),
            (
                "Output.Academy.P3-D65_1000nit_in_P3-D65_sRGB-Piecewise.a2.v1",
                "ofx_display_hdr",
            ),
        ];
        for (id, name) in cases {
            assert_eq!(named(id, Style::Core).as_deref(), Some(name), "{id}");
        }
    }

    #[test]
    fn aces1_outputs_name_their_displays() {
        let cases = [
            (
                "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec709_100nits_dim.a1.0.3",
                "rec1886_rec709_display",
            ),
            (
                "ODT.Academy.RGBmonitor_D60sim_100nits_dim.a1.0.3",
                "srgb_display",
            ),
            (
                "InvODT.Academy.Rec2020_Rec709limited_100nits_dim.a1.1.0",
                "rec1886_rec2020_display",
            ),
            (
                "RRTODT.Academy.P3D65_108nits_7point2nits_ST2084.a1.1.0",
                "st2084_p3d65_display",
            ),
            (
                "RRTODT.Academy.Rec2020_1000nits_15nits_HLG.a1.1.0",
                "rec2100_hlg_display",
            ),
            ("ODT.Academy.DCDM.a1.0.3", "ofx_display_sdr"),
            ("ODT.Academy.P3D60_PQ_1000nits.a1.0.0", "ofx_display_hdr"),
            (
                "InvODT.Academy.Rec2020_ST2048_1000nits.a1.0.1",
                "rec2100_pq_display",
            ),
        ];
        for (id, name) in cases {
            assert_eq!(named(id, Style::Core).as_deref(), Some(name), "{id}");
        }
    }

    #[test]
    fn names_follow_the_style() {
        let dci = "ODT.Academy.P3DCI_48nits.a1.0.3";
        assert_eq!(named(dci, Style::Full).as_deref(), Some("p3_dci_display"));
        // Not a core colourspace: the generic name under Core.
        assert_eq!(named(dci, Style::Core).as_deref(), Some("ofx_display_sdr"));
        let pq = "Output.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1";
        assert_eq!(named(pq, Style::Basic).as_deref(), Some("ofx_display_hdr"));
        let source = "OfxColourspace_Source";
        assert_eq!(
            OutputSpace::Aces2065.native_name(Style::Basic, source),
            Some(SCENE_LINEAR.into())
        );
        assert_eq!(
            OutputSpace::AcesCg.native_name(Style::Core, source),
            Some("ACEScg".into())
        );
        assert_eq!(
            OutputSpace::Source.native_name(Style::Full, source),
            Some(source.into())
        );
        assert_eq!(OutputSpace::Unknown.native_name(Style::Full, source), None);
    }

    #[test]
    fn ids_that_name_no_display_are_not_displays() {
        assert_eq!(display_of("IDT.ARRI.Alexa-v3-logC-EI800.a1.v2"), None);
        assert_eq!(display_of("RRT.a1.0.3"), None);
        assert_eq!(display_of("ACEScsc.Academy.ACES_to_ACEScg.a1.0.3"), None);
    }
}
