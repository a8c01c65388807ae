//! Rendered pixels equal the scalar reference for every depth, component layout and row
//! layout, inside a render window smaller than the image, and nothing outside it changes.

mod common;

use common::{
    check_output, layouts, load_bundle, output_image, reference, set_cdl, source_image, test_cdl,
    PLUGIN_ID,
};
use ofx_host::{Components, Context, PixelDepth, RectI, RenderArgs};

/// Bounds away from the origin, with a negative corner, for both images.
const SOURCE_BOUNDS: RectI = RectI::new(-9, 5, 31, 27);
const OUTPUT_BOUNDS: RectI = RectI::new(-7, 7, 29, 25);
/// A strict sub-rectangle of the output bounds.
const WINDOW: RectI = RectI::new(-3, 10, 21, 22);

fn renders_like_the_reference(depth: PixelDepth, components: Components) {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    let cdl = test_cdl();
    set_cdl(&mut instance, &cdl);
    let pipeline = reference(&cdl);

    // Each source layout against each output layout: hosts mix them.
    for source_layout in layouts() {
        for output_layout in layouts() {
            let source = source_image(depth, components, SOURCE_BOUNDS, source_layout);
            let mut output = output_image(depth, components, OUTPUT_BOUNDS, output_layout);
            instance
                .render(&RenderArgs::new(0.0, WINDOW), &source, &mut output)
                .unwrap_or_else(|e| panic!("render {depth:?} {components:?}: {e}"));
            if let Err(problems) = check_output(&pipeline, &source, &output, WINDOW) {
                panic!(
                    "{depth:?} {components:?}, source {source_layout:?}, output {output_layout:?}: {problems}"
                );
            }
        }
    }
    assert_eq!(instance.outstanding_images(), 0);
}

#[test]
fn float_rgba_matches_reference() {
    renders_like_the_reference(PixelDepth::Float, Components::Rgba);
}

#[test]
fn float_rgb_matches_reference() {
    renders_like_the_reference(PixelDepth::Float, Components::Rgb);
}

#[test]
fn short_rgba_matches_reference() {
    renders_like_the_reference(PixelDepth::Short, Components::Rgba);
}

#[test]
fn short_rgb_matches_reference() {
    renders_like_the_reference(PixelDepth::Short, Components::Rgb);
}

#[test]
fn byte_rgba_matches_reference() {
    renders_like_the_reference(PixelDepth::Byte, Components::Rgba);
}

#[test]
fn byte_rgb_matches_reference() {
    renders_like_the_reference(PixelDepth::Byte, Components::Rgb);
}

#[test]
fn one_shot_render_matches_reference() {
    let (width, height) = (5, 3);
    let pixels: Vec<f32> = (0..width * height * 4)
        .map(|i| common::FLOAT_INPUTS[i % common::FLOAT_INPUTS.len()] as f32)
        .collect();
    let cdl = test_cdl();
    let params = [
        ("cdlSlope", cdl.slope.into()),
        ("cdlOffset", cdl.offset.into()),
        ("cdlPower", cdl.power.into()),
        ("cdlSaturation", cdl.saturation.into()),
    ];
    let output = ofx_host::render_rgba_f32(common::bundle_path(), width, height, &pixels, &params)
        .expect("one-shot render");
    let pipeline = reference(&cdl);
    for (input, rendered) in pixels.chunks(4).zip(output.chunks(4)) {
        let expected = pipeline.eval_rgb([input[0], input[1], input[2]]);
        for c in 0..3 {
            assert!(
                common::close_enough(
                    PixelDepth::Float,
                    f64::from(rendered[c]),
                    f64::from(expected[c]),
                    false
                ),
                "{input:?} -> {rendered:?}, expected {expected:?}"
            );
        }
        assert_eq!(rendered[3], input[3], "alpha passes through");
    }
}
