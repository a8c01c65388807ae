//! The choices of the output transform parameter: the AMF's own, scene-linear ACES, or any
//! display the registry knows. Saved projects store the index, so the list only ever grows at
//! its end.

use crate::aces::registry::{registry, RegistryError};
use crate::ops::Op;

/// What the effect puts out after the looks.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OutputChoice {
    /// The AMF's output transform (none when the AMF has none).
    FromAmf,
    /// Scene-linear ACES2065-1: no output transform.
    Aces2065,
    /// Scene-linear ACEScg (AP1): no output transform, AP0 → AP1 at the end.
    AcesCg,
    /// A display: this output transformId instead of the AMF's.
    Display(&'static str),
}

const PREFIX: &str = "urn:ampas:aces:transformId:v2.0:";

/// ACES 2.0 displays, most used first. Append only: a project saved with index N must find
/// the same display there.
const DISPLAYS: [&str; 54] = [
    "Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1",
    "Output.Academy.Rec709-D65_100nit_in_Rec709-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.Rec709-D65_100nit_in_Rec709-D65_Gamma2pt2.a2.v1",
    "Output.Academy.P3-D65_100nit_in_P3-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.P3-D65_100nit_in_P3-D65_Gamma2pt2.a2.v1",
    "Output.Academy.P3-D65_48nit_in_P3-D65_Gamma2pt6.a2.v1",
    "Output.Academy.P3-D65_48nit_in_XYZ-E_Gamma2pt6.a2.v1",
    "Output.Academy.P3-D65_108nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_300nit_in_XYZ-E_ST2084.a2.v1",
    "Output.Academy.P3-D65_500nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_2000nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_4000nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_1000nit_in_P3-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.Rec2100-D65_500nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec2100-D65_1000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec2100-D65_2000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec2100-D65_4000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_500nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_1000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_2000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_4000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D65_1000nit_in_Rec2100-D65_HLG.a2.v1",
    "Output.Academy.Rec709-D65_100nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec709-D65_100nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.Rec709-D65_100nit_in_P3-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.Rec709-D65_48nit_in_P3-D65_Gamma2pt6.a2.v1",
    "Output.Academy.Rec709-D60_100nit_in_Rec709-D65_BT1886.a2.v1",
    "Output.Academy.Rec709-D60_100nit_in_Rec709-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.Rec709-D60_100nit_in_Rec709-D65_Gamma2pt2.a2.v1",
    "Output.Academy.Rec709-D60_100nit_in_P3-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.Rec709-D60_100nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.Rec709-D60_100nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec709-D60_48nit_in_P3-D65_Gamma2pt6.a2.v1",
    "Output.Academy.P3-D60_100nit_in_P3-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.P3-D60_100nit_in_P3-D65_Gamma2pt2.a2.v1",
    "Output.Academy.P3-D60_48nit_in_P3-D65_Gamma2pt6.a2.v1",
    "Output.Academy.P3-D60_48nit_in_XYZ-E_Gamma2pt6.a2.v1",
    "Output.Academy.P3-D60_108nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_300nit_in_XYZ-E_ST2084.a2.v1",
    "Output.Academy.P3-D60_500nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_1000nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_2000nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_4000nit_in_P3-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_1000nit_in_P3-D65_sRGB-Piecewise.a2.v1",
    "Output.Academy.P3-D60_500nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_1000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_2000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_4000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.P3-D60_1000nit_in_Rec2100-D65_HLG.a2.v1",
    "Output.Academy.Rec2100-D60_500nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec2100-D60_1000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec2100-D60_2000nit_in_Rec2100-D65_ST2084.a2.v1",
    "Output.Academy.Rec2100-D60_4000nit_in_Rec2100-D65_ST2084.a2.v1",
];

/// ACES 1.x displays (an ODT, applied after the RRT, or a single-stage RRTODT), after the
/// ACES 2.0 ones. Append only.
const ACES1_DISPLAYS: [&str; 26] = [
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec709_100nits_dim.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.RGBmonitor_100nits_dim.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.DisplayP3_dim.a1.0.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.P3D65_48nits.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.P3DCI_48nits.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.P3D60_48nits.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.DCDM.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec2020_100nits_dim.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.P3D65_1000nits_15nits_ST2084.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.P3D65_2000nits_15nits_ST2084.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.P3D65_4000nits_15nits_ST2084.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.Rec2020_1000nits_15nits_ST2084.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.Rec2020_2000nits_15nits_ST2084.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.Rec2020_4000nits_15nits_ST2084.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.Rec2020_1000nits_15nits_HLG.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:RRTODT.Academy.P3D65_108nits_7point2nits_ST2084.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec709_D60sim_100nits_dim.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.RGBmonitor_D60sim_100nits_dim.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.DisplayP3_D60sim_dim.a1.0.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.P3D65_D60sim_48nits.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.P3D65_Rec709limited_48nits.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.P3DCI_D65sim_48nits.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.DCDM_P3D60.a1.0.3",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.DCDM_P3D65limited.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec2020_P3D65limited_100nits_dim.a1.1.0",
    "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec2020_Rec709limited_100nits_dim.a1.1.0",
];

/// The reference rendering transform every ACES 1.x ODT follows.
const RRT: &str = "urn:ampas:aces:transformId:v1.5:RRT.a1.0.3";

/// The choices before the displays.
const FIXED: [(&str, OutputChoice); 3] = [
    ("From the AMF", OutputChoice::FromAmf),
    ("ACES2065-1 (scene-linear)", OutputChoice::Aces2065),
    ("ACEScg (scene-linear)", OutputChoice::AcesCg),
];

/// The choice at a parameter index (an index out of range, from a newer project, reads as the
/// AMF's own output).
pub fn choice_at(index: i32) -> OutputChoice {
    let Ok(index) = usize::try_from(index) else {
        return OutputChoice::FromAmf;
    };
    if let Some((_, choice)) = FIXED.get(index) {
        return choice.clone();
    }
    DISPLAYS
        .iter()
        .chain(ACES1_DISPLAYS.iter())
        .nth(index - FIXED.len())
        .map(|id| OutputChoice::Display(id))
        .unwrap_or(OutputChoice::FromAmf)
}

/// True for an ACES 1.x ODT, which needs the RRT before it (one transformId cannot say both).
pub fn needs_rrt(id: &str) -> bool {
    registry().lookup(id).is_some_and(|info| info.kind == "ODT")
}

/// The ops of a display: the transform itself, after the RRT for an ACES 1.x ODT.
pub fn display_ops(id: &str) -> Result<Vec<Op>, RegistryError> {
    let mut ops = Vec::new();
    if needs_rrt(id) {
        ops.extend(registry().ops(RRT)?);
    }
    ops.extend(registry().ops(id)?);
    Ok(ops)
}

/// Every option's label, in index order.
pub fn labels() -> Vec<String> {
    FIXED
        .iter()
        .map(|(label, _)| label.to_string())
        .chain(DISPLAYS.iter().map(|id| {
            let name = registry()
                .lookup(id)
                .map(|info| info.name.clone())
                .unwrap_or_else(|| id.to_string());
            format!("ACES 2.0: {name}")
        }))
        .chain(ACES1_DISPLAYS.iter().map(|id| {
            let name = registry()
                .lookup(id)
                .map(|info| {
                    info.name
                        .trim_start_matches("ACES 1.0 Output - ")
                        .to_string()
                })
                .unwrap_or_else(|| id.to_string());
            format!("ACES 1.x: {name}")
        }))
        .collect()
}

/// The full URN of a display id (as AMFs write it).
pub fn urn(id: &str) -> String {
    if id.starts_with("urn:") {
        id.to_string()
    } else {
        format!("{PREFIX}{id}")
    }
}

/// The default display for showing an image with no usable AMF.
pub const DEFAULT_DISPLAY: &str = DISPLAYS[0];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_display_is_a_registered_output() {
        for id in DISPLAYS {
            let info = registry().lookup(id).unwrap_or_else(|| panic!("{id}"));
            assert_eq!(info.kind, "Output", "{id}");
        }
        for id in ACES1_DISPLAYS {
            let info = registry().lookup(id).unwrap_or_else(|| panic!("{id}"));
            assert!(info.kind == "ODT" || info.kind == "RRTODT", "{id}");
            assert!(display_ops(id).is_ok(), "{id}");
        }
        assert!(needs_rrt(ACES1_DISPLAYS[0]) && !needs_rrt(ACES1_DISPLAYS[8]));
        let unique: std::collections::HashSet<_> =
            DISPLAYS.iter().chain(ACES1_DISPLAYS.iter()).collect();
        assert_eq!(unique.len(), DISPLAYS.len() + ACES1_DISPLAYS.len());
    }

    #[test]
    fn indices_are_stable() {
        assert_eq!(choice_at(0), OutputChoice::FromAmf);
        assert_eq!(choice_at(2), OutputChoice::AcesCg);
        assert_eq!(
            choice_at(3),
            OutputChoice::Display("Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1")
        );
        assert_eq!(choice_at(-1), OutputChoice::FromAmf);
        assert_eq!(choice_at(10_000), OutputChoice::FromAmf);
        assert_eq!(
            labels().len(),
            FIXED.len() + DISPLAYS.len() + ACES1_DISPLAYS.len()
        );
        assert_eq!(choice_at(57), OutputChoice::Display(ACES1_DISPLAYS[0]));
    }
}
