//! Lexical checks of the XSD simple types the AMF schema uses, and the transformId patterns.
//!
//! The crate has no regex engine, and the XSD patterns are simple: literals, `\S+` and `\d+`.
//! They are written here as templates (`{S}` = `\S+`, `{D}` = `\d+`, everything else literal) and
//! matched whole, as XSD patterns are.

use super::model::AmfVersion;

/// Which XSD transformId type an element has (the pattern set depends on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRole {
    Input,
    Look,
    Output,
    InverseOutput,
    ColorSpaceConversion,
    ReferenceRendering,
    InverseReferenceRendering,
    OutputDevice,
    InverseOutputDevice,
}

impl IdRole {
    /// What a colorist calls a transform of this kind.
    pub fn label(self) -> &'static str {
        match self {
            IdRole::Input => "input transform (IDT / CSC)",
            IdRole::Look => "look transform (LMT / Look)",
            IdRole::Output => "output transform (RRTODT / Output)",
            IdRole::InverseOutput => "inverse output transform (InvRRTODT / InvOutput)",
            IdRole::ColorSpaceConversion => "colour space conversion (ACEScsc / CSC)",
            IdRole::ReferenceRendering => "reference rendering transform (RRT)",
            IdRole::InverseReferenceRendering => "inverse reference rendering transform (InvRRT)",
            IdRole::OutputDevice => "output device transform (ODT)",
            IdRole::InverseOutputDevice => "inverse output device transform (InvODT)",
        }
    }
}

const V15: &str = "urn:ampas:aces:transformId:v1.5:";
const V20: &str = "urn:ampas:aces:transformId:v2.0:";

/// The XSD patterns of one transformId type, as templates without the URN prefix.
fn id_templates(role: IdRole, version: AmfVersion) -> Vec<String> {
    let v15 = |t: &str| format!("{V15}{t}");
    let v20 = |t: &str| format!("{V20}{t}");
    let v2 = version == AmfVersion::V2;
    let mut out = Vec::new();
    match role {
        IdRole::Look => {
            out.push(v15("LMT.{S}.{S}.a{D}.v{D}"));
            out.push(v15("LMT.Academy.{S}.a{D}.{D}.{D}"));
            if v2 {
                out.push(v20("Look.{S}.{S}.a{D}.v{D}"));
            }
        }
        IdRole::Input => {
            out.push(v15("IDT.{S}.{S}.a{D}.v{D}"));
            if v2 {
                out.push(v15("ACEScsc.{S}.a{D}.{D}.{D}"));
                out.push(v20("Input.{S}.{S}.a{D}.v{D}"));
                out.push(v20("CSC.{S}.a{D}.v{D}"));
            }
        }
        IdRole::Output => {
            out.push(v15("RRTODT.{S}.{S}.a{D}.v{D}"));
            out.push(v15("RRTODT.Academy.{S}.a{D}.{D}.{D}"));
            if v2 {
                out.push(v20("Output.{S}.{S}.a{D}.v{D}"));
            }
        }
        IdRole::InverseOutput => {
            out.push(v15("InvRRTODT.{S}.{S}.a{D}.v{D}"));
            out.push(v15("InvRRTODT.Academy.{S}.a{D}.{D}.{D}"));
            if v2 {
                out.push(v20("InvOutput.{S}.{S}.a{D}.v{D}"));
            }
        }
        IdRole::ColorSpaceConversion => {
            out.push(v15("ACEScsc.{S}.{S}.a{D}.v{D}"));
            out.push(v15("ACEScsc.Academy.{S}.a{D}.{D}.{D}"));
            if v2 {
                out.push(v20("CSC.{S}.{S}.a{D}.v{D}"));
            }
        }
        IdRole::ReferenceRendering => out.push(v15("RRT.a{D}.{D}.{D}")),
        IdRole::InverseReferenceRendering => out.push(v15("InvRRT.a{D}.{D}.{D}")),
        IdRole::OutputDevice => {
            out.push(v15("ODT.{S}.{S}.a{D}.v{D}"));
            out.push(v15("ODT.Academy.{S}.a{D}.{D}.{D}"));
        }
        IdRole::InverseOutputDevice => {
            out.push(v15("InvODT.{S}.{S}.a{D}.v{D}"));
            out.push(v15("InvODT.Academy.{S}.a{D}.{D}.{D}"));
        }
    }
    out
}

/// Whether `id` is allowed by the XSD of `version` for an element of this role.
pub fn id_matches_schema(id: &str, role: IdRole, version: AmfVersion) -> bool {
    let text: Vec<char> = id.chars().collect();
    id_templates(role, version).iter().any(|template| {
        let pattern: Vec<char> = template.chars().collect();
        template_matches(&pattern, &text)
    })
}

/// The templates of a role, in XSD regex notation, for messages.
pub fn id_patterns_for_message(role: IdRole, version: AmfVersion) -> String {
    id_templates(role, version)
        .iter()
        .map(|t| {
            t.replace('.', "\\.")
                .replace("{S}", "\\S+")
                .replace("{D}", "\\d+")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn template_matches(pattern: &[char], text: &[char]) -> bool {
    match pattern {
        [] => text.is_empty(),
        ['{', class @ ('S' | 'D'), '}', rest @ ..] => {
            let accepts = |c: char| match class {
                'S' => !c.is_whitespace(),
                _ => c.is_ascii_digit(),
            };
            // One or more, then backtrack from the longest run.
            let run = text.iter().take_while(|&&c| accepts(c)).count();
            (1..=run).rev().any(|n| template_matches(rest, &text[n..]))
        }
        [literal, rest @ ..] => text.first() == Some(literal) && template_matches(rest, &text[1..]),
    }
}

/// The generation a transformId belongs to, read from its URN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdGeneration {
    /// `urn:ampas:aces:transformId:v1.5:` (ACES 1.x)
    Aces1,
    /// `urn:ampas:aces:transformId:v2.0:` (ACES 2.0)
    Aces2,
    Unknown,
}

pub fn id_generation(id: &str) -> IdGeneration {
    if id.starts_with(V15) {
        IdGeneration::Aces1
    } else if id.starts_with(V20) {
        IdGeneration::Aces2
    } else {
        IdGeneration::Unknown
    }
}

/// The transform type token (`IDT`, `CSC`, `Output`, ...) and the name tokens after it.
pub fn id_type_and_body(id: &str) -> Option<(&str, &str)> {
    let body = id.strip_prefix(V15).or_else(|| id.strip_prefix(V20))?;
    body.split_once('.')
}

/// `urn:uuid:` + 8-4-4-4-12 hex digits (SMPTE ST 433 UUIDType).
pub fn is_uuid(text: &str) -> bool {
    let Some(hex) = text.strip_prefix("urn:uuid:") else {
        return false;
    };
    let groups: Vec<&str> = hex.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// AMF 2.0 `[^@]+@[^@]+`; AMF 1.0 `[^@]+@[^\.]+\..+`.
pub fn is_email(text: &str, version: AmfVersion) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    if local.is_empty() {
        return false;
    }
    match version {
        AmfVersion::V2 => !domain.is_empty() && !domain.contains('@'),
        AmfVersion::V1 => match domain.split_once('.') {
            Some((host, rest)) => {
                !host.is_empty() && !rest.is_empty() && !rest.contains(['\n', '\r'])
            }
            None => false,
        },
    }
}

fn all_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// xs:dateTime: `-?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?`.
pub fn is_xs_datetime(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    let date_parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = date_parts.as_slice() else {
        return false;
    };
    if year.len() < 4
        || !year.bytes().all(|b| b.is_ascii_digit())
        || !all_digits(month, 2)
        || !all_digits(day, 2)
    {
        return false;
    }
    let month: u32 = month.parse().unwrap_or(0);
    let day: u32 = day.parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let (clock, zone) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, None)
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], Some(&time[i + 1..]))
    } else {
        (time, None)
    };
    if let Some(zone) = zone {
        let Some((h, m)) = zone.split_once(':') else {
            return false;
        };
        if !all_digits(h, 2) || !all_digits(m, 2) {
            return false;
        }
    }
    let (whole, fraction) = match clock.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (clock, None),
    };
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    let hms: Vec<&str> = whole.split(':').collect();
    let [h, m, s] = hms.as_slice() else {
        return false;
    };
    if !all_digits(h, 2) || !all_digits(m, 2) || !all_digits(s, 2) {
        return false;
    }
    let (h, m, s): (u32, u32, u32) = (
        h.parse().unwrap_or(99),
        m.parse().unwrap_or(99),
        s.parse().unwrap_or(99),
    );
    (h < 24 && m < 60 && s < 60) || (h == 24 && m == 0 && s == 0)
}

/// xs:base64Binary (whitespace allowed, padding only at the end).
pub fn is_base64(text: &str) -> bool {
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !compact.len().is_multiple_of(4) {
        return false;
    }
    let padding = compact.iter().rev().take_while(|&&b| b == b'=').count();
    padding <= 2
        && compact[..compact.len() - padding]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

/// Decodes base64 (for digest length checks). None if it is not base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    if !is_base64(text) {
        return None;
    }
    let value = |b: u8| -> u32 {
        match b {
            b'A'..=b'Z' => u32::from(b - b'A'),
            b'a'..=b'z' => u32::from(b - b'a') + 26,
            b'0'..=b'9' => u32::from(b - b'0') + 52,
            b'+' => 62,
            _ => 63,
        }
    };
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::new();
    for chunk in compact.chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&b| b != b'=').collect();
        let mut acc = 0u32;
        for (i, &b) in data.iter().enumerate() {
            acc |= value(b) << (18 - 6 * i as u32);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..data.len()]);
    }
    Some(out)
}

/// xs:boolean.
pub fn parse_boolean(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// xs:nonNegativeInteger (optional '+', leading zeros allowed).
pub fn parse_non_negative_integer(text: &str) -> Option<u64> {
    let digits = text.trim();
    let digits = digits.strip_prefix('+').unwrap_or(digits);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return Some(0);
    }
    significant.parse().ok()
}

/// xs:float lexical form (`INF`, `-INF`, `NaN` or a decimal with optional exponent).
pub fn parse_xs_float(text: &str) -> Option<f64> {
    match text {
        "INF" | "+INF" => return Some(f64::INFINITY),
        "-INF" => return Some(f64::NEG_INFINITY),
        "NaN" => return Some(f64::NAN),
        _ => {}
    }
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits_ok(int) || !digits_ok(frac) {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if e.is_empty() || !digits_ok(e) {
            return None;
        }
    }
    text.parse().ok()
}

/// Tolerant float reading for use: XSD forms plus what other readers accept (`inf`, `nan`, ...).
pub fn parse_float_tolerant(text: &str) -> Option<f64> {
    parse_xs_float(text).or_else(|| text.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transform_id_patterns_follow_the_xsd() {
        let v2 = AmfVersion::V2;
        assert!(id_matches_schema(
            "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1",
            IdRole::Output,
            v2
        ));
        assert!(id_matches_schema(
            "urn:ampas:aces:transformId:v1.5:RRT.a1.0.3",
            IdRole::ReferenceRendering,
            v2
        ));
        // The official 1.3 gamut compress id fails the LMT pattern (known schema bug).
        assert!(!id_matches_schema(
            "urn:ampas:aces:transformId:v1.5:LMT.Academy.ReferenceGamutCompress.a1.v1.0",
            IdRole::Look,
            v2
        ));
        assert!(!id_matches_schema("", IdRole::OutputDevice, v2));
        // AMF 1.0 knows no ACES 2.0 ids and no ACEScsc input.
        assert!(!id_matches_schema(
            "urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1",
            IdRole::Input,
            AmfVersion::V1
        ));
    }

    #[test]
    fn simple_types() {
        assert!(is_uuid("urn:uuid:be6Ec2ea-a6DC-6cBC-ff0D-AfCED5FF3Dd8"));
        assert!(!is_uuid("urn:uuid:be6Ec2ea-a6DC-6cBC-ff0D-AfCED5FF3Dd"));
        assert!(is_email("a@b", AmfVersion::V2));
        assert!(!is_email("a@b", AmfVersion::V1));
        assert!(is_email("a@b.com", AmfVersion::V1));
        assert!(is_xs_datetime("2019-09-19T13:20:00"));
        assert!(is_xs_datetime("2019-11-27T13:20:00.5+01:00"));
        assert!(!is_xs_datetime("2019-11-27 13:20:00"));
        assert!(is_base64(
            "1531ea6ef06c5b0a5bea80c94f60c7b68e3989e3c90b8ebd25c28aa4670c30f8"
        ));
        assert_eq!(decode_base64("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(decode_base64("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(parse_xs_float("1e3"), Some(1000.0));
        assert_eq!(parse_xs_float("inf"), None);
        assert_eq!(parse_non_negative_integer("007"), Some(7));
    }
}
