//! The effect driven by an AMF file, through the plugin binary: the pipeline the AMF describes is
//! what renders, a broken AMF says what is wrong on the node, and Reload re-reads the files.

mod common;

use std::path::PathBuf;

use amfx::amf;
use amfx::pipeline::{build, BuildOptions, Pipeline};
use common::{check_output, load_bundle, output_image, source_image, PLUGIN_ID};
use ofx_host::{Components, Context, PixelDepth, RectI, RenderArgs, RowLayout};

const BOUNDS: RectI = RectI::new(0, 0, 24, 12);

fn recipe() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../plugin/tests/data/pipeline/grade.amf")
}

#[test]
fn the_amf_recipe_is_what_renders() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    instance
        .set_param("amfFile", recipe().to_string_lossy().as_ref())
        .unwrap();
    assert_eq!(
        instance.persistent_message(),
        None,
        "a good AMF leaves no message"
    );

    let document = amf::read_file(&recipe()).unwrap();
    let expected = build(&document.amf, &recipe(), &BuildOptions::default())
        .unwrap()
        .pipeline;
    for depth in [PixelDepth::Float, PixelDepth::Short] {
        let source = source_image(depth, Components::Rgba, BOUNDS, RowLayout::default());
        let mut output = output_image(depth, Components::Rgba, BOUNDS, RowLayout::default());
        instance
            .render(&RenderArgs::new(0.0, BOUNDS), &source, &mut output)
            .expect("renders");
        check_output(&expected, &source, &output, BOUNDS).unwrap();
    }
}

#[test]
fn turning_stages_off_changes_what_renders() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    instance
        .set_param("amfFile", recipe().to_string_lossy().as_ref())
        .unwrap();
    instance.set_param("applyLooks", false).unwrap();

    let document = amf::read_file(&recipe()).unwrap();
    let options = BuildOptions {
        looks: false,
        ..BuildOptions::default()
    };
    let expected = build(&document.amf, &recipe(), &options).unwrap().pipeline;
    let source = source_image(
        PixelDepth::Float,
        Components::Rgb,
        BOUNDS,
        RowLayout::default(),
    );
    let mut output = output_image(
        PixelDepth::Float,
        Components::Rgb,
        BOUNDS,
        RowLayout::default(),
    );
    instance
        .render(&RenderArgs::new(0.0, BOUNDS), &source, &mut output)
        .expect("renders");
    check_output(&expected, &source, &output, BOUNDS).unwrap();
}

#[test]
fn a_missing_amf_is_reported_on_the_node_and_the_source_passes_through() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    instance
        .set_param("amfFile", "/nowhere/A001C001.amf")
        .unwrap();
    let message = instance
        .persistent_message()
        .expect("the node shows an error at once");
    assert!(message.is_error(), "{message:?}");
    assert!(
        message.text.contains("/nowhere/A001C001.amf"),
        "{message:?}"
    );

    let source = source_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    let mut output = output_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    instance
        .render(&RenderArgs::new(0.0, BOUNDS), &source, &mut output)
        .expect("the fallback renders");
    check_output(&Pipeline::default(), &source, &output, BOUNDS).unwrap();

    // Clearing the path goes back to the trim grade alone, and clears the message.
    instance.set_param("amfFile", "").unwrap();
    assert_eq!(instance.persistent_message(), None);
    let mut output = output_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    instance
        .render(&RenderArgs::new(0.0, BOUNDS), &source, &mut output)
        .expect("renders again");
}

#[test]
fn reload_bumps_the_hidden_revision_so_hosts_drop_cached_frames() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    instance
        .set_param("amfFile", recipe().to_string_lossy().as_ref())
        .unwrap();
    let before = instance.param("amfRevision").expect("the revision param");
    instance.press_button("amfReload").unwrap();
    let after = instance.param("amfRevision").expect("the revision param");
    assert_ne!(before, after, "Reload must change the revision parameter");
}
