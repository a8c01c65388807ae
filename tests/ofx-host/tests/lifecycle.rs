//! One instance through every action a host sends, in the order a host sends them.

mod common;

use common::{load_bundle, output_image, source_image, test_cdl, PLUGIN_ID};
use ofx_host::{
    Components, Context, Identity, ParamValue, PixelDepth, RectD, RectI, RenderArgs, RowLayout,
    SequenceArgs, Status, OUTPUT_CLIP, SOURCE_CLIP,
};

fn ok_or_default(status: Status) -> bool {
    status == Status::OK || status == Status::REPLY_DEFAULT
}

#[test]
fn full_host_lifecycle_returns_the_expected_statuses() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).expect("load");
    assert!(
        ok_or_default(plugin.load_status()),
        "load: {}",
        plugin.load_status()
    );
    plugin.describe().expect("describe");
    plugin
        .describe_in_context(Context::Filter)
        .expect("describe in context");
    let mut instance = plugin
        .create_instance(Context::Filter)
        .expect("create instance");

    // Defaults reach the instance.
    assert_eq!(
        instance.param("cdlSaturation"),
        Some(ParamValue::Double(1.0))
    );

    let bounds = RectI::new(0, 0, 16, 8);
    let source = source_image(
        PixelDepth::Float,
        Components::Rgba,
        bounds,
        RowLayout::default(),
    );
    let mut output = output_image(
        PixelDepth::Float,
        Components::Rgba,
        bounds,
        RowLayout::default(),
    );
    for clip in [SOURCE_CLIP, OUTPUT_CLIP] {
        instance
            .configure_clip(
                clip,
                &ofx_host::ClipFormat::float_rgba(bounds.to_canonical()),
            )
            .unwrap();
    }

    // Identity before any grade.
    match instance
        .is_identity(0.0, bounds, [1.0, 1.0])
        .expect("isIdentity")
    {
        Identity::Clip { clip, time } => {
            assert_eq!(clip, SOURCE_CLIP);
            assert_eq!(time, 0.0);
        }
        Identity::NotIdentity => panic!("an identity CDL should be reported as identity"),
    }

    let changed = instance
        .set_param("cdlSaturation", test_cdl().saturation)
        .expect("instanceChanged");
    for (what, status) in [
        ("begin", changed.begin),
        ("changed", changed.changed),
        ("end", changed.end),
    ] {
        assert!(ok_or_default(status), "{what} instance changed: {status}");
    }
    assert_eq!(
        instance.param("cdlSaturation"),
        Some(ParamValue::Double(0.8))
    );

    let rod = instance
        .region_of_definition(0.0, [1.0, 1.0])
        .expect("getRegionOfDefinition");
    assert!(ok_or_default(rod.status));
    assert_eq!(rod.region, bounds.to_canonical());

    let region = RectD::new(2.0, 2.0, 10.0, 6.0);
    let rois = instance
        .regions_of_interest(0.0, [1.0, 1.0], region)
        .expect("getRegionsOfInterest");
    assert!(ok_or_default(rois.status));
    assert_eq!(
        rois.regions,
        [(SOURCE_CLIP.to_owned(), region)],
        "a colour op needs exactly its window"
    );

    let preferences = instance.clip_preferences().expect("getClipPreferences");
    assert!(ok_or_default(preferences.status));
    for preference in &preferences.clips {
        assert_eq!(preference.depth, "OfxBitDepthFloat", "{preference:?}");
        assert_eq!(
            preference.components, "OfxImageComponentRGBA",
            "{preference:?}"
        );
    }

    assert_eq!(
        instance
            .is_identity(0.0, bounds, [1.0, 1.0])
            .expect("isIdentity"),
        Identity::NotIdentity
    );

    let sequence = SequenceArgs::frames(0.0, 0.0);
    assert!(ok_or_default(
        instance
            .begin_sequence_render(&sequence)
            .expect("beginSequenceRender")
    ));
    instance
        .render(&RenderArgs::new(0.0, bounds), &source, &mut output)
        .expect("render");
    assert_eq!(
        instance.outstanding_images(),
        0,
        "every fetched image is released"
    );
    assert!(ok_or_default(
        instance
            .end_sequence_render(&sequence)
            .expect("endSequenceRender")
    ));

    assert!(
        instance.messages().iter().all(|m| !m.is_error()),
        "{:?}",
        instance.messages()
    );
    assert!(ok_or_default(instance.destroy().expect("destroyInstance")));
    assert!(ok_or_default(plugin.unload().expect("unload")));
}
