//! The CLF reader on hand-made files: what real files do that must be tolerated, and hostile or
//! broken input that must be refused with a message naming the line and element.

use amfx::clf::{read_str, ClfErrorKind as K};
use amfx::ops::{Op, OpError};

fn doc(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ProcessList id=\"t\" compCLFversion=\"3.0\">\n{body}\n</ProcessList>\n"
    )
}

const MATRIX: &str = r#"<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">1 0 0 0 1 0 0 0 1</Array></Matrix>"#;

fn kind(text: &str) -> K {
    read_str(text, "t.clf").expect_err("must be rejected").kind
}

#[test]
fn a_dtd_with_entities_is_refused_and_never_expanded() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n<ProcessList id=\"x\" compCLFversion=\"3\"><Description>&lol2;</Description></ProcessList>";
    let err = read_str(laughs, "lolz.clf").unwrap_err();
    assert!(matches!(err.kind, K::Dtd(_)), "{err}");
    assert_eq!(err.line, 2);
    let reference = doc(&format!("<Description>&custom;</Description>{MATRIX}"));
    assert_eq!(kind(&reference), K::Entity("custom".into()));
}

#[test]
fn claimed_sizes_beyond_the_caps_are_refused_before_reading_values() {
    let lut3d = doc(
        r#"<LUT3D inBitDepth="32f" outBitDepth="32f"><Array dim="200 200 200 3">0</Array></LUT3D>"#,
    );
    assert!(matches!(kind(&lut3d), K::TooLarge(_, 129)));
    let lut1d = doc(
        r#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="2000000 3">0</Array></LUT1D>"#,
    );
    assert!(matches!(kind(&lut1d), K::TooLarge(_, 1048576)));
    let absurd = doc(
        r#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="99999999999999999999999 1">0</Array></LUT1D>"#,
    );
    assert!(matches!(kind(&absurd), K::BadDimensions(..)));
}

#[test]
fn errors_name_the_file_line_and_element() {
    let text = doc(&format!(
        "{MATRIX}\n<Range inBitDepth=\"32f\" outBitDepth=\"32f\">\n<minInValue>0.5</minInValue>\n</Range>"
    ));
    let err = read_str(&text, "looks/grade.clf").unwrap_err();
    assert_eq!(
        (err.file.as_str(), err.line, err.element.as_str()),
        ("looks/grade.clf", 4, "Range")
    );
    assert!(matches!(err.kind, K::Op(OpError::InvalidRange(_))));
    let message = err.to_string();
    assert!(
        message.starts_with("looks/grade.clf:4: <Range>: invalid Range"),
        "{message}"
    );
}

#[test]
fn what_real_files_do_is_tolerated() {
    // A BOM, a prefixed SMPTE namespace without id or compCLFversion, an Id element,
    // descriptions between nodes, comments inside the Array, CRLF line ends and tabs.
    let text = "\u{feff}<?xml version=\"1.0\"?>\r\n<clf:ProcessList xmlns:clf=\"http://www.smpte-ra.org/ns/2136-1/2024\">\r\n<clf:Id>urn:uuid:5f0f2a7e-0000-4000-8000-000000000000</clf:Id>\r\n<clf:Matrix inBitDepth=\"10i\" outBitDepth=\"32f\"><clf:Array dim=\"3 4\">\t1 0 0 0.5\r\n<!-- row 2 -->0 1 0 0 0 0 1 0</clf:Array></clf:Matrix>\r\n<clf:Description>between nodes</clf:Description>\r\n<clf:Exponent inBitDepth=\"32f\" outBitDepth=\"32f\" style=\"basicFwd\"><clf:ExponentParams exponent=\"+2.\"/></clf:Exponent>\r\n</clf:ProcessList>";
    let list = read_str(text, "smpte.clf").unwrap();
    assert_eq!(
        list.id.as_deref(),
        Some("urn:uuid:5f0f2a7e-0000-4000-8000-000000000000")
    );
    assert_eq!(list.descriptions, ["between nodes"]);
    let Op::Matrix(m) = &list.nodes[0].op else {
        panic!("not a matrix")
    };
    // 10i in, 32f out: the coefficients carry 1023, the offset does not.
    assert_eq!(m.rows()[0], [1023.0, 0.0, 0.0]);
    assert_eq!(m.offset(), [0.5, 0.0, 0.0]);
    assert_eq!(list.nodes.len(), 2);
}

#[test]
fn half_domain_and_raw_halfs_read_bit_patterns() {
    let mut values = String::new();
    for bits in 0..=u16::MAX {
        // An identity curve stored as half patterns (NaN/Inf patterns included).
        values.push_str(&bits.to_string());
        values.push(' ');
    }
    let text = doc(&format!(
        r#"<LUT1D inBitDepth="16f" outBitDepth="16f" halfDomain="true" rawHalfs="true"><Array dim="65536 1">{values}</Array></LUT1D>"#
    ));
    let list = read_str(&text, "half.clf").unwrap();
    let out = list.nodes[0].op.eval([0.18, -2.0, 1000.0]);
    assert!(
        (out[0] - 0.18).abs() < 1e-6 && out[1] == -2.0 && out[2] == 1000.0,
        "{out:?}"
    );
}

#[test]
fn broken_files_are_refused_for_their_fault() {
    assert_eq!(kind(&doc("")), K::NoNodes);
    assert!(matches!(
        kind(&doc("<Gamma inBitDepth=\"32f\" outBitDepth=\"32f\"/>")),
        K::CtfOnlyNode(_)
    ));
    assert!(matches!(kind(&doc("<Foo/>")), K::UnknownElement(_)));
    let mismatch = doc(&format!(
        "{MATRIX}<Matrix inBitDepth=\"10i\" outBitDepth=\"32f\"><Array dim=\"3 3\">1 0 0 0 1 0 0 0 1</Array></Matrix>"
    ));
    assert!(matches!(kind(&mismatch), K::BitDepthMismatch { .. }));
    assert_eq!(
        kind(&doc(
            r#"<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">1 0 0 0 1 0 0 0 x</Array></Matrix>"#
        )),
        K::BadNumber("x".into())
    );
    assert_eq!(
        kind("<ProcessList compCLFversion=\"3\"><Matrix/></ProcessList>"),
        K::MissingAttribute("id")
    );
    assert!(matches!(
        kind("<ProcessList id=\"a\" compCLFversion=\"three\"/>"),
        K::Version(_)
    ));
    assert!(matches!(kind("<Foo/>"), K::NotProcessList(_)));
    assert!(matches!(
        kind(&doc(MATRIX).replace("</ProcessList>", "")),
        K::Xml(_)
    ));
    let deep = format!("{}{}", "<Info>".repeat(40), "</Info>".repeat(40));
    assert!(matches!(kind(&doc(&deep)), K::TooDeep(_)));
    let camera = doc(
        r#"<Log inBitDepth="32f" outBitDepth="32f" style="cameraLinToLog"><LogParams base="2"/></Log>"#,
    );
    assert!(matches!(kind(&camera), K::Op(OpError::InvalidLog(_))));
    let cdl = doc(r#"<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="v1.2_Fwd"/>"#);
    assert!(matches!(kind(&cdl), K::BadAttribute { name: "style", .. }));
    let power = doc(
        r#"<ASC_CDL inBitDepth="32f" outBitDepth="32f"><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset><Power>1 0 1</Power></SOPNode></ASC_CDL>"#,
    );
    assert!(matches!(kind(&power), K::Op(OpError::InvalidCdl(_))));
}

#[test]
fn nan_and_inf_table_values_are_loaded_as_opencolorio_does() {
    let text = doc(
        r#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="2 3">NaN -inf INFINITY 0 0 0</Array></LUT1D>"#,
    );
    let list = read_str(&text, "nan.clf").unwrap();
    assert_eq!(list.nodes[0].op.eval([0.0; 3]), [0.0, -f32::MAX, f32::MAX]);
}
