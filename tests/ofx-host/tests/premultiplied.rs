//! The Unpremultiply option: a premultiplied RGBA image is graded on its colour, not on
//! colour·alpha, and alpha comes back as it was.

mod common;

use common::{load_bundle, reference, set_cdl, test_cdl, PLUGIN_ID};
use ofx_host::{Components, Context, HostImage, PixelDepth, RectI, RenderArgs};

const BOUNDS: RectI = RectI::new(0, 0, 8, 2);

#[test]
fn unpremultiply_grades_colour_and_keeps_alpha() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    let cdl = test_cdl();
    set_cdl(&mut instance, &cdl);
    instance.set_param("unpremultiply", true).unwrap();

    let colour = [0.4, 0.2, 0.1];
    let alpha = |x: i32| x as f64 / 7.0; // 0 (transparent) to 1 (opaque)
    let mut source = HostImage::new(PixelDepth::Float, Components::Rgba, BOUNDS);
    source.fill(|x, _| {
        [
            colour[0] * alpha(x),
            colour[1] * alpha(x),
            colour[2] * alpha(x),
            alpha(x),
        ]
    });
    let mut output = HostImage::new(PixelDepth::Float, Components::Rgba, BOUNDS);
    instance
        .render(&RenderArgs::new(0.0, BOUNDS), &source, &mut output)
        .expect("renders");

    let graded = reference(&cdl).eval_rgb(colour.map(|v| v as f32));
    for x in 1..8 {
        let px = output.pixel(x, 0);
        for c in 0..3 {
            let want = graded[c] as f64 * alpha(x);
            assert!(
                (px[c] - want).abs() < 1e-5,
                "x={x} c={c}: {} vs {want}",
                px[c]
            );
        }
        assert_eq!(px[3], alpha(x) as f32 as f64, "alpha changed at x={x}");
    }
}
