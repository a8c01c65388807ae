//! The bundle loads the way a host loads it, and describes itself as the plugin contract says.

mod common;

use common::{load_bundle, PLUGIN_ID};
use ofx_bindings::raw;
use ofx_host::{Context, ParamType, ParamValue};

#[test]
fn bundle_holds_one_image_effect_plugin() {
    let bundle = load_bundle();
    let plugins = bundle.plugins();
    assert_eq!(plugins.len(), 1, "{plugins:?}");
    let plugin = &plugins[0];
    assert_eq!(plugin.identifier, PLUGIN_ID);
    assert_eq!((plugin.version_major, plugin.version_minor), (1, 0));
    assert_eq!(plugin.api, "OfxImageEffectPluginAPI");
    assert_eq!(plugin.api_version, 1);
}

#[test]
fn describe_reports_label_grouping_and_capabilities() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).expect("kOfxActionLoad succeeds");
    let props = plugin.describe().expect("kOfxActionDescribe succeeds");

    assert_eq!(props.string(raw::kOfxPropLabel), Some("ACES AMF"));
    assert_eq!(
        props.string(raw::kOfxImageEffectPluginPropGrouping),
        Some("Color/ACES")
    );
    assert_eq!(
        plugin.supported_contexts().unwrap(),
        [Context::Filter, Context::General]
    );
    let mut depths = props
        .strings(raw::kOfxImageEffectPropSupportedPixelDepths)
        .unwrap();
    depths.sort_unstable();
    assert_eq!(
        depths,
        [
            "OfxBitDepthByte",
            "OfxBitDepthFloat",
            "OfxBitDepthHalf",
            "OfxBitDepthShort"
        ]
    );
    assert_eq!(props.int(raw::kOfxImageEffectPropSupportsTiles), Some(1));
    assert_eq!(
        props.int(raw::kOfxImageEffectPropSupportsMultiResolution),
        Some(1)
    );
    assert_eq!(
        props.string(raw::kOfxImageEffectPluginRenderThreadSafety),
        Some("OfxImageEffectRenderFullySafe")
    );
    assert_eq!(
        props.int(raw::kOfxImageEffectPluginPropHostFrameThreading),
        Some(0)
    );
}

#[test]
fn describe_in_filter_and_general_defines_clips_and_cdl_params() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    plugin.describe().unwrap();
    for context in [Context::Filter, Context::General] {
        let description = plugin
            .describe_in_context(context)
            .unwrap_or_else(|e| panic!("describe in {context}: {e}"));

        for clip in ["Source", "Output"] {
            let clip = description
                .clip(clip)
                .unwrap_or_else(|| panic!("{context}: no {clip} clip"));
            let mut components = clip
                .properties
                .strings(raw::kOfxImageEffectPropSupportedComponents)
                .unwrap();
            components.sort_unstable();
            assert_eq!(
                components,
                ["OfxImageComponentRGB", "OfxImageComponentRGBA"],
                "{context}: components of {}",
                clip.name
            );
        }

        let expect = |name: &str, param_type: ParamType, default: ParamValue| {
            let param = description
                .param(name)
                .unwrap_or_else(|| panic!("{context}: no parameter {name}"));
            assert_eq!(param.param_type, param_type, "{context}: type of {name}");
            assert_eq!(param.default, Some(default), "{context}: default of {name}");
        };
        expect("cdlSlope", ParamType::Rgb, ParamValue::Double3([1.0; 3]));
        expect("cdlOffset", ParamType::Rgb, ParamValue::Double3([0.0; 3]));
        expect("cdlPower", ParamType::Rgb, ParamValue::Double3([1.0; 3]));
        expect("cdlSaturation", ParamType::Double, ParamValue::Double(1.0));
        expect("cdlStyle", ParamType::Choice, ParamValue::Int(0));
        let options = description
            .param("cdlStyle")
            .unwrap()
            .properties
            .strings(raw::kOfxParamPropChoiceOption)
            .unwrap();
        assert_eq!(options.len(), 2, "{context}: cdlStyle options {options:?}");
    }
}

/// Resolve clamps a floating-point parameter to (-1, 1) unless both its range and its display
/// range are set, and defaults an integer's range to 0..0: every numeric parameter sets both,
/// wide enough for its default.
#[test]
fn every_numeric_param_sets_its_range_and_display_range() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    plugin.describe().unwrap();
    let description = plugin.describe_in_context(Context::Filter).unwrap();
    let mut checked = 0;
    for param in &description.params {
        let floating = matches!(
            param.param_type,
            ParamType::Double
                | ParamType::Double2D
                | ParamType::Double3D
                | ParamType::Rgb
                | ParamType::Rgba
        );
        let integer = param.param_type == ParamType::Integer;
        if !floating && !integer {
            continue;
        }
        let name = &param.name;
        let bound = |prop: &str| -> f64 {
            let props = &param.properties;
            let value = if floating {
                props.doubles(prop).and_then(|v| v.first().copied())
            } else {
                props
                    .ints(prop)
                    .and_then(|v| v.first().map(|&i| f64::from(i)))
            };
            value.unwrap_or_else(|| panic!("{name}: no {prop}"))
        };
        let (min, max) = (bound("OfxParamPropMin"), bound("OfxParamPropMax"));
        let (display_min, display_max) = (
            bound("OfxParamPropDisplayMin"),
            bound("OfxParamPropDisplayMax"),
        );
        // Unset, a host's defaults are the extremes of the type (or 0..0 in Resolve).
        for value in [min, max, display_min, display_max] {
            assert!(
                value.abs() < 1e300 && value.abs() < f64::from(i32::MAX) + 1.0,
                "{name}: range left at the host's default ({value})"
            );
        }
        assert!(
            min < max && display_min < display_max,
            "{name}: empty range"
        );
        assert!(
            min <= display_min && display_max <= max,
            "{name}: the slider goes outside the valid range"
        );
        if let Some(default) = &param.default {
            let values: Vec<f64> = match default {
                ParamValue::Double(v) => vec![*v],
                ParamValue::Double3(v) => v.to_vec(),
                ParamValue::Int(v) => vec![f64::from(*v)],
                _ => vec![],
            };
            for v in values {
                assert!((min..=max).contains(&v), "{name}: default {v} out of range");
            }
        }
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} numeric parameters found");
}
