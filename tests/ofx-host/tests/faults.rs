//! A badly behaved host: the plugin fails cleanly, says why, and never takes the host down.

mod common;

use common::{load_bundle_with, output_image, set_cdl, source_image, test_cdl, PLUGIN_ID};
use ofx_bindings::raw;
use ofx_host::{
    Bundle, ClipImageFault, Components, Context, HostError, HostFaults, MessageKind, PixelDepth,
    RectI, RenderArgs, RowLayout,
};

const BOUNDS: RectI = RectI::new(0, 0, 8, 4);

/// Renders one small float image with the test grade; returns the instance's render result.
fn render_once(bundle: &Bundle) -> (Result<(), HostError>, Vec<ofx_host::Message>, usize) {
    let plugin = bundle.plugin(PLUGIN_ID).expect("load");
    let mut instance = plugin
        .create_instance(Context::Filter)
        .expect("create instance");
    set_cdl(&mut instance, &test_cdl());
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
    let result = instance.render(&RenderArgs::new(0.0, BOUNDS), &source, &mut output);
    (result, instance.messages(), instance.outstanding_images())
}

/// The render failed with a non-OK status and an error message from the plugin.
fn assert_failed_with_error_message(
    result: Result<(), HostError>,
    outstanding: usize,
) -> HostError {
    let error = result.expect_err("the render should fail");
    let status = error
        .status()
        .unwrap_or_else(|| panic!("not an action failure: {error}"));
    assert!(!status.is_ok(), "{error}");
    assert!(
        error.messages().iter().any(|m| m.is_error()),
        "no error message posted during the failed render: {error}"
    );
    assert_eq!(
        outstanding, 0,
        "images fetched before the failure must still be released"
    );
    error
}

#[test]
fn withheld_parameter_suite_fails_load_or_describe() {
    let bundle = load_bundle_with(HostFaults::default().withhold_suite(raw::kOfxParameterSuite));
    let failure = match bundle.plugin(PLUGIN_ID) {
        Err(error) => error,
        Ok(plugin) => match plugin.describe() {
            Err(error) => error,
            Ok(_) => plugin.describe_in_context(Context::Filter).expect_err(
                "the plugin cannot describe its parameters without the parameter suite",
            ),
        },
    };
    let status = failure
        .status()
        .unwrap_or_else(|| panic!("not an action failure: {failure}"));
    assert!(!status.is_ok(), "{failure}");
    assert!(
        bundle
            .diagnostics()
            .iter()
            .any(|d| d.contains("OfxParameterSuite")),
        "the plugin never asked for the parameter suite: {:?}",
        bundle.diagnostics()
    );
}

#[test]
fn failing_row_bytes_property_fails_render_with_message() {
    let bundle = load_bundle_with(HostFaults::default().fail_property(raw::kOfxImagePropRowBytes));
    let (result, _, outstanding) = render_once(&bundle);
    assert_failed_with_error_message(result, outstanding);
}

#[test]
fn null_clip_image_fails_render_with_message() {
    let bundle = load_bundle_with(HostFaults::default().clip_image(ClipImageFault::NullImage));
    let (result, _, outstanding) = render_once(&bundle);
    assert_failed_with_error_message(result, outstanding);
}

#[test]
fn failed_clip_image_fails_render_with_message() {
    let bundle = load_bundle_with(HostFaults::default().clip_image(ClipImageFault::Failure));
    let (result, _, outstanding) = render_once(&bundle);
    assert_failed_with_error_message(result, outstanding);
}

#[test]
fn missing_set_persistent_message_falls_back_to_v1_message() {
    let faults = HostFaults::default()
        .without_persistent_messages()
        .clip_image(ClipImageFault::NullImage);
    let bundle = load_bundle_with(faults);
    let (result, messages, outstanding) = render_once(&bundle);
    let error = assert_failed_with_error_message(result, outstanding);
    assert!(
        messages
            .iter()
            .any(|m| m.kind == MessageKind::Error && !m.persistent),
        "the error should arrive through message(): {error}"
    );
    assert!(messages.iter().all(|m| !m.persistent), "{messages:?}");
}
