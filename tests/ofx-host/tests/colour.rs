//! OFX 1.5 colour management through the plugin binary: the colourspace the effect says its
//! output is in for each choice of output, and the input transform skipped when the host already
//! delivers ACES2065-1 (and only then).

mod common;

use std::path::PathBuf;

use amfx::pipeline::BuildOptions;
use common::{
    check_output, float_source, library_pipeline, load_bundle, node, render_float, PLUGIN_ID,
};
use ofx_host::{HostImage, Instance, RectI};

const BOUNDS: RectI = RectI::new(0, 0, 16, 8);
const CORE: &str = "OfxImageEffectColourManagementCore";
const BASIC: &str = "OfxImageEffectColourManagementBasic";
const SOURCE: &str = "OfxColourspace_Source";

/// The built-in sample recipe (ACES 2.0 Rec.709 BT.1886 output) with a LogC3 input transform
/// still to apply.
fn logc3_recipe(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("amfx-colour-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let text = include_str!("../../../plugin/src/cli/sample.amf")
        .replace(
            "<aces:inputTransform applied=\"true\">",
            "<aces:inputTransform applied=\"false\">",
        )
        .replace(
            "urn:ampas:aces:transformId:v2.0:CSC.Academy.Unity.a2.v1",
            "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.LogC_EI800_AWG_to_ACES.a1.1.0",
        );
    let path = dir.join("clip.amf");
    std::fs::write(&path, text).unwrap();
    path
}

fn render(instance: &mut Instance<'_>, source: &HostImage) -> HostImage {
    render_float(instance, source, BOUNDS)
}

#[test]
fn the_output_is_tagged_with_the_display_or_scene_space_it_is_in() {
    let amf_path = logc3_recipe("tags");
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = node(&plugin, &amf_path);

    // A host without colour management hears that the output follows the source.
    assert_eq!(
        instance.output_colourspace(&[]).unwrap().as_deref(),
        Some(SOURCE)
    );

    instance.manage_colour(CORE, "ACEScct").unwrap();
    let tag = |instance: &Instance<'_>| instance.output_colourspace(&["ACEScg"]).unwrap();
    // The AMF's own output: ACES 2.0 Rec.709 BT.1886.
    assert_eq!(tag(&instance).as_deref(), Some("rec1886_rec709_display"));
    // Index 13: ACES 2.0 P3-D65 1000-nit PQ; index 57: ACES 1.x Rec.709 (RRT + ODT).
    instance.set_param("outputTransform", 13).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("st2084_p3d65_display"));
    instance.set_param("outputTransform", 57).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("rec1886_rec709_display"));
    // Index 9: ACES 2.0 P3-D65 48-nit in XYZ-E (DCDM), which the native config has no name for.
    instance.set_param("outputTransform", 9).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("ofx_display_sdr"));
    // Scene-linear choices.
    instance.set_param("outputTransform", 1).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("ACES2065-1"));
    instance.set_param("outputTransform", 2).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("ACEScg"));
    // The output stage off leaves scene-linear ACES.
    instance.set_param("outputTransform", 0).unwrap();
    instance.set_param("applyOutput", false).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("ACES2065-1"));
    instance.set_param("applyOutput", true).unwrap();
    // The inverse without the input transform ends in ACES; through it, in the camera's log,
    // which the native config cannot name here: the host decides.
    instance.set_param("direction", 1).unwrap();
    instance.set_param("applyInput", false).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("ACES2065-1"));
    instance.set_param("applyInput", true).unwrap();
    assert_eq!(tag(&instance), None);
    instance.set_param("direction", 0).unwrap();

    // Every stage off: the source's own colourspace.
    for stage in ["applyInput", "applyLooks", "applyOutput"] {
        instance.set_param(stage, false).unwrap();
    }
    assert_eq!(tag(&instance).as_deref(), Some(SOURCE));
    for stage in ["applyInput", "applyLooks", "applyOutput"] {
        instance.set_param(stage, true).unwrap();
    }

    // The Basic style knows only the generic names.
    instance.manage_colour(BASIC, "ACEScct").unwrap();
    instance.set_param("outputTransform", 13).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("ofx_display_hdr"));
    instance.set_param("outputTransform", 1).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("ofx_scene_linear"));

    // A missing AMF: the passthrough fallback keeps the source's colourspace; outputOnly shows
    // the chosen display.
    instance.manage_colour(CORE, "ACEScct").unwrap();
    instance.set_param("outputTransform", 3).unwrap();
    let missing = amf_path.with_file_name("missing.amf");
    instance
        .set_param("amfFile", missing.to_string_lossy().as_ref())
        .unwrap();
    instance.set_param("fallback", 0).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some(SOURCE));
    instance.set_param("fallback", 1).unwrap();
    assert_eq!(tag(&instance).as_deref(), Some("rec1886_rec709_display"));
}

#[test]
fn the_input_transform_is_skipped_only_when_the_host_delivers_aces() {
    let amf_path = logc3_recipe("input");
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = node(&plugin, &amf_path);
    let source = float_source(BOUNDS);
    let with_input = library_pipeline(&amf_path, &BuildOptions::default());
    let without_input = library_pipeline(
        &amf_path,
        &BuildOptions {
            input: false,
            ..BuildOptions::default()
        },
    );

    // A host in ACEScct: amfx applies the AMF's LogC3 input transform as usual.
    instance.manage_colour(CORE, "ACEScct").unwrap();
    check_output(
        &with_input,
        &source,
        &render(&mut instance, &source),
        BOUNDS,
    )
    .unwrap();
    // A host that converts the clip to ACES2065-1 itself: the input transform is not applied
    // a second time.
    instance.manage_colour(CORE, "ACES2065-1").unwrap();
    let output = render(&mut instance, &source);
    check_output(&without_input, &source, &output, BOUNDS).unwrap();
    assert!(
        check_output(&with_input, &source, &output, BOUNDS).is_err(),
        "the two recipes differ on this source"
    );
}
