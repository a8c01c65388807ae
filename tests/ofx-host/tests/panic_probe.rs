//! A panic inside render (the test-only probe build) becomes a failed status and a message,
//! and the host carries on.

mod common;

use common::{
    check_output, output_image, probe_bundle_path, reference, set_cdl, source_image, test_cdl,
    PLUGIN_ID,
};
use ofx_host::{Bundle, Components, Context, PixelDepth, RectI, RenderArgs, RowLayout};

const BOUNDS: RectI = RectI::new(0, 0, 16, 8);

#[test]
fn panic_in_render_fails_cleanly_and_the_next_render_succeeds() {
    let bundle = Bundle::load(probe_bundle_path()).expect("the probe bundle loads");
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    let cdl = test_cdl();
    set_cdl(&mut instance, &cdl);
    let source = source_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    let args = RenderArgs::new(0.0, BOUNDS);

    // The probe build panics inside render for a negative saturation.
    instance.set_param("cdlSaturation", -1.0).unwrap();
    let mut output = output_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    let error = instance
        .render(&args, &source, &mut output)
        .expect_err("the probe render should fail");
    assert!(
        !error.status().expect("an action failure").is_ok(),
        "{error}"
    );
    assert!(
        error
            .messages()
            .iter()
            .any(|m| m.is_error() && m.text.to_lowercase().contains("panic")),
        "the plugin should say it panicked: {error}"
    );
    assert_eq!(
        instance.outstanding_images(),
        0,
        "images are released after the panic"
    );

    // A valid change clears the error, and the host carries on rendering.
    instance.set_param("cdlSaturation", cdl.saturation).unwrap();
    assert_eq!(
        instance.persistent_message(),
        None,
        "instanceChanged clears the persistent error"
    );
    let mut output = output_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    instance
        .render(&args, &source, &mut output)
        .expect("the next render succeeds");
    check_output(&reference(&cdl), &source, &output, BOUNDS).unwrap();
}
