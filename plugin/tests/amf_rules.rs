//! Hand-made AMFs, one broken per rule, give the intended message; clip matching, sidecars and
//! the clip index work on our own small files; hostile input is refused with a clear error.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use amfx::amf::clip_match::{self, ClipQuery, MatchKind};
use amfx::amf::{self, index, Limits, Rule, Severity, TransformCatalog, ValidationOptions};

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/amf")
        .join(relative)
}

/// The ids our test files use that a real catalog would know.
struct Known(HashSet<&'static str>);

impl TransformCatalog for Known {
    fn knows(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

fn catalog() -> Known {
    Known(HashSet::from([
        "urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1",
        "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACES_to_ACEScct.a2.v1",
        "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1",
        "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScc_to_ACES.a2.v1",
        "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1",
        "urn:ampas:aces:transformId:v2.0:Look.Academy.ReferenceGamutCompress.a2.v1",
        "urn:ampas:aces:transformId:v1.5:IDT.ARRI.ARRI-LogC4.a1.v1",
    ]))
}

fn strict(relative: &str) -> amf::Report {
    let known = catalog();
    let document = amf::read_file(&data(relative)).unwrap_or_else(|e| panic!("{e}"));
    amf::validate(&document, ValidationOptions::strict(Some(&known)))
}

#[test]
fn the_reference_file_is_valid() {
    let report = strict("valid_v2.amf");
    assert!(report.diagnostics.is_empty(), "{report}");
}

#[test]
fn each_broken_file_gives_its_message() {
    let cases: &[(&str, Rule, Severity, u32, &str)] = &[
        ("missing_amf_uuid.amf", Rule::Schema, Severity::Error, 3, "<amfInfo> is incomplete: a required child is missing; expected aces:uuid"),
        ("bad_uuid.amf", Rule::Schema, Severity::Error, 13, "'urn:uuid:1234' is not a uuid"),
        ("bad_email.amf", Rule::Schema, Severity::Error, 7, "'dit.example.com' is not an e-mail address"),
        ("bad_system_version.amf", Rule::Schema, Severity::Error, 28, "'10' is not a single digit 0-9"),
        ("missing_applied.amf", Rule::Schema, Severity::Error, 33, "the required attribute 'applied' is missing"),
        ("look_pattern.amf", Rule::Schema, Severity::Error, 56, "is not a valid look transform (LMT / Look) id for AMF 2.0"),
        ("element_order.amf", Rule::Schema, Severity::Error, 56, "<aces:description> is not allowed here after <aces:transformId>"),
        ("negative_power.amf", Rule::Schema, Severity::Error, 50, "Power value 0 must be > 0"),
        ("cdl_without_working_space.amf", Rule::Schema, Severity::Error, 40, "<cdl:SOPNode> is not allowed here after <aces:description>"),
        ("cdl_without_working_space.amf", Rule::CdlWorkingSpace, Severity::Warning, 37, "the CDL has no cdlWorkingSpace; amfx applies it in ACEScct"),
        ("applied_order.amf", Rule::AppliedOrder, Severity::Error, 37, "lookTransform #1 (\"grade\") is marked applied=\"true\" but comes after inputTransform (\"LogC4\")"),
        ("version_mix.amf", Rule::VersionMix, Severity::Error, 33, "is an ACES 1.x transform (v1.5 id) in an ACES 2 pipeline (pipelineInfo systemVersion 2.0.0)"),
        ("unknown_id_to_apply.amf", Rule::UnknownTransform, Severity::Error, 57, "unknown transformId 'urn:ampas:aces:transformId:v2.0:Output.Acme.Nonexistent.a2.v1' (not in the transform catalog) in a stage that must be applied"),
        ("working_space_mismatch.amf", Rule::CdlWorkingSpace, Severity::Error, 39, "toCdlWorkingSpace converts into ACEScct but fromCdlWorkingSpace converts out of ACEScc"),
        ("missing_file.amf", Rule::Reference, Severity::Error, 56, "referenced file 'luts%5Cshow_look.clf' not found; tried:"),
    ];
    for (file, rule, severity, line, text) in cases {
        let report = strict(&format!("broken/{file}"));
        assert!(
            report.diagnostics.iter().any(|d| d.rule == *rule && d.severity == *severity && d.line == *line && d.message.contains(text)),
            "{file}: expected {severity} {rule:?} at line {line} containing '{text}', got:\n{report}"
        );
        assert!(
            report.has_errors() || *severity != Severity::Error,
            "{file} must fail strict validation"
        );
    }
    // The missing file names every path tried, decoded (Windows separator, percent-encoding).
    let report = strict("broken/missing_file.amf");
    assert!(
        report.mentions(Rule::Reference, "luts/show_look.clf"),
        "{report}"
    );
}

#[test]
fn tolerant_reading_downgrades_schema_breaches_but_not_what_cannot_render() {
    let known = catalog();
    let broken = amf::read_file(&data("broken/missing_amf_uuid.amf")).expect("read");
    let report = amf::validate(&broken, ValidationOptions::tolerant(Some(&known)));
    assert!(!report.has_errors(), "{report}");
    assert!(
        report.mentions(Rule::Schema, "not valid against the AMF 2.0 schema"),
        "{report}"
    );
    let unknown = amf::read_file(&data("broken/unknown_id_to_apply.amf")).expect("read");
    let report = amf::validate(&unknown, ValidationOptions::tolerant(Some(&known)));
    assert!(
        report.has_errors(),
        "an unknown id in a stage to apply stays an error:\n{report}"
    );
}

#[test]
fn hostile_and_broken_xml_is_refused_with_file_line_and_element() {
    let error = amf::read_file(&data("broken/doctype_entity.amf"))
        .expect_err("DTD refused")
        .to_string();
    assert!(
        error.contains(
            "doctype_entity.amf:2: <document>: a DOCTYPE with declarations is not allowed"
        ),
        "{error}"
    );
    let error = amf::read_file(&data("broken/truncated.amf"))
        .expect_err("truncated")
        .to_string();
    assert!(
        error.contains("truncated.amf:23:") && error.contains("malformed XML"),
        "{error}"
    );

    let deep = format!("<a>{}{}</a>", "<b>".repeat(100), "</b>".repeat(100));
    let error = amf::read_str(&deep, Path::new("deep.amf"), Limits::default())
        .expect_err("too deep")
        .to_string();
    assert!(error.contains("nested deeper than 32 levels"), "{error}");

    let wide = format!("<a>{}</a>", "<b/>".repeat(300));
    let limits = Limits {
        max_elements: 100,
        ..Limits::default()
    };
    let error = amf::read_str(&wide, Path::new("wide.amf"), limits)
        .expect_err("too many")
        .to_string();
    assert!(error.contains("more than 100 elements"), "{error}");

    let entity = "<a>&ext;</a>";
    let error = amf::read_str(entity, Path::new("e.amf"), Limits::default())
        .expect_err("entity")
        .to_string();
    assert!(error.contains("entity '&ext;' is not allowed"), "{error}");

    let limits = Limits {
        max_file_bytes: 10,
        ..Limits::default()
    };
    let error = amf::read_file_with_limits(&data("valid_v2.amf"), limits)
        .expect_err("size cap")
        .to_string();
    assert!(error.contains("an AMF may be at most 10 bytes"), "{error}");

    let not_amf = "<ProcessList id=\"x\"/>";
    let error = amf::read_str(not_amf, Path::new("x.clf"), Limits::default())
        .expect_err("not AMF")
        .to_string();
    assert!(error.contains("not an ACES Metadata File"), "{error}");
}

#[test]
fn unknown_elements_survive_a_round_trip() {
    let text = std::fs::read_to_string(data("valid_v2.amf")).expect("read").replace(
        "</aces:clipId>",
        "<vendor:take xmlns:vendor=\"urn:example:vendor\" n=\"3\"><vendor:note>keep me</vendor:note></vendor:take></aces:clipId>",
    );
    let document = amf::read_str(&text, Path::new("ext.amf"), Limits::default()).expect("read");
    let clip = document.amf.clip_id.as_ref().expect("clip");
    assert_eq!(clip.extensions.len(), 1);
    let written = amf::writer::write(&document.amf);
    assert!(written.contains("keep me"), "{written}");
    let again =
        amf::read_str(&written, Path::new("ext.amf"), Limits::default()).expect("read back");
    assert_eq!(document.amf, again.amf);
}

fn temp_copy_of_clips() -> PathBuf {
    let folder = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("amfx-clips-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("temp folder");
    for name in ["A003C012.amf", "sequence.amf"] {
        std::fs::copy(data(&format!("clips/{name}")), folder.join(name)).expect("copy");
    }
    folder
}

#[test]
fn sidecars_are_found_beside_media() {
    let folder = temp_copy_of_clips();
    let media = folder.join("A003C012.mov");
    assert_eq!(
        clip_match::sidecar_for(&media),
        Some(folder.join("A003C012.amf"))
    );
    assert_eq!(
        clip_match::sidecar_for(&folder.join("A003C012.0101.exr")),
        Some(folder.join("A003C012.amf"))
    );
    assert_eq!(clip_match::sidecar_for(&folder.join("Z999.mov")), None);
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn the_clip_index_is_written_read_back_and_rebuilt_when_the_folder_changes() {
    let folder = temp_copy_of_clips();
    let (first, rebuilt) = index::load_or_rebuild(&folder).expect("index");
    assert!(rebuilt);
    assert_eq!(first.entries.len(), 2);
    let (second, rebuilt) = index::load_or_rebuild(&folder).expect("index");
    assert!(!rebuilt, "an unchanged folder reuses the index");
    assert_eq!(first, second);

    let query = ClipQuery {
        name_or_path: "/media/A003C012_240101_R1AB.mxf",
        frame: None,
    };
    let (path, why) = second.lookup(&folder, &query).expect("file match");
    assert_eq!(path, folder.join("A003C012.amf"));
    assert_eq!(why.kind, MatchKind::File);
    assert_eq!(why.reason, "matched file A003C012_240101_R1AB.mxf");

    let query = ClipQuery {
        name_or_path: "B001C002.086410.exr",
        frame: None,
    };
    let (path, why) = second.lookup(&folder, &query).expect("sequence match");
    assert_eq!(path, folder.join("sequence.amf"));
    assert_eq!(
        why.reason,
        "matched sequence B001C002.####.exr frame 86410 (range 86400-86520)"
    );
    assert!(second
        .lookup(
            &folder,
            &ClipQuery {
                name_or_path: "B001C002.000001.exr",
                frame: None
            }
        )
        .is_none());

    std::fs::copy(data("valid_v2.amf"), folder.join("third.amf")).expect("copy");
    let (third, rebuilt) = index::load_or_rebuild(&folder).expect("index");
    assert!(rebuilt, "a new AMF rebuilds the index");
    assert_eq!(third.entries.len(), 3);
    let _ = std::fs::remove_dir_all(&folder);
}
