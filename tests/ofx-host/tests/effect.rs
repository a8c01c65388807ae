//! The effect's parameters and host behaviours, through the plugin binary: each parameter
//! renders what the library builds for the same choice (the library's transforms are held
//! against OpenColorIO in the plugin crate's golden tests), folders of AMFs, fallbacks, edits on
//! disk while renders run, hosts that send no instanceChanged, and many nodes on many threads.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use amfx::aces::{registry::registry, rgb_to_rgb, AP0, AP1};
use amfx::ops::{Matrix, Op};
use amfx::pipeline::{BuildOptions, Pipeline};
use common::{
    check_output, library_pipeline, load_bundle, node, output_image, render_float, source_image,
    PLUGIN_ID,
};
use ofx_host::{
    Components, Context, HostImage, Identity, Instance, ParamValue, PixelDepth, RectI, RenderArgs,
    RowLayout,
};

const BOUNDS: RectI = RectI::new(0, 0, 32, 16);
const REC709: &str =
    "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";
const P3D65_1000_PQ: &str =
    "urn:ampas:aces:transformId:v2.0:Output.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1";

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("amfx-effect-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The built-in sample recipe with another clip name and CDL slope.
fn recipe_text(clip: &str, slope: f64) -> String {
    include_str!("../../../plugin/src/cli/sample.amf")
        .replace(
            "<aces:clipName>AMFX_CHART</aces:clipName>",
            &format!("<aces:clipName>{clip}</aces:clipName>"),
        )
        .replace(
            "<cdl:Slope>1.0 1.0 1.0</cdl:Slope>",
            &format!("<cdl:Slope>{slope} 1.0 1.0</cdl:Slope>"),
        )
}

fn write_recipe(path: &Path, clip: &str, slope: f64) {
    // Write then rename, as editors do, so a reader never sees half a file.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, recipe_text(clip, slope)).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn float_source() -> HostImage {
    common::float_source(BOUNDS)
}

fn render(instance: &mut Instance<'_>, source: &HostImage) -> HostImage {
    render_float(instance, source, BOUNDS)
}

fn identity(instance: &Instance<'_>) -> bool {
    match instance.is_identity(0.0, BOUNDS, [1.0, 1.0]).unwrap() {
        Identity::NotIdentity => false,
        Identity::Clip { clip, .. } => clip == "Source",
    }
}

fn text_param(instance: &Instance<'_>, name: &str) -> String {
    match instance.param(name) {
        Some(ParamValue::String(text)) => text,
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn output_direction_and_scene_linear_choices_render_what_the_library_builds() {
    let dir = scratch("choices");
    let amf_path = dir.join("clip.amf");
    write_recipe(&amf_path, "A001C001", 1.2);
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = node(&plugin, &amf_path);
    let source = float_source();

    // Index 3 is the first display (Rec.709 BT.1886): the list is append-only.
    instance.set_param("outputTransform", 3).unwrap();
    let rec709 = BuildOptions {
        output_override: Some(REC709.to_string()),
        ..BuildOptions::default()
    };
    let expected = library_pipeline(&amf_path, &rec709);
    assert!(
        expected
            .ops()
            .iter()
            .any(|op| matches!(op, Op::AcesOutput2(_))),
        "the override adds an output transform"
    );
    check_output(&expected, &source, &render(&mut instance, &source), BOUNDS).unwrap();

    // Index 13 is P3-D65 1000-nit PQ.
    instance.set_param("outputTransform", 13).unwrap();
    let pq = BuildOptions {
        output_override: Some(P3D65_1000_PQ.to_string()),
        ..BuildOptions::default()
    };
    let expected = library_pipeline(&amf_path, &pq);
    check_output(&expected, &source, &render(&mut instance, &source), BOUNDS).unwrap();

    // Index 57 is the first ACES 1.x display: the RRT, then the Rec.709 ODT.
    instance.set_param("outputTransform", 57).unwrap();
    let mut expected = library_pipeline(
        &amf_path,
        &BuildOptions {
            output: false,
            ..BuildOptions::default()
        },
    )
    .ops()
    .to_vec();
    for id in [
        "urn:ampas:aces:transformId:v1.5:RRT.a1.0.3",
        "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec709_100nits_dim.a1.0.3",
    ] {
        expected.extend(registry().ops(id).unwrap());
    }
    check_output(
        &Pipeline::new(expected),
        &source,
        &render(&mut instance, &source),
        BOUNDS,
    )
    .unwrap();
    assert!(text_param(&instance, "amfInfo").contains("RRT +"));

    // Inverse: display code values back to ACES through the inverse chain.
    instance.set_param("outputTransform", 3).unwrap();
    instance.set_param("direction", 1).unwrap();
    let expected = library_pipeline(
        &amf_path,
        &BuildOptions {
            inverse: true,
            ..rec709.clone()
        },
    );
    check_output(&expected, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    assert!(text_param(&instance, "amfInfo").contains("inverse"));

    // ACEScg: no output transform, the looks, then AP0 -> AP1.
    instance.set_param("direction", 0).unwrap();
    instance.set_param("outputTransform", 2).unwrap();
    let mut expected = library_pipeline(
        &amf_path,
        &BuildOptions {
            output: false,
            ..BuildOptions::default()
        },
    )
    .ops()
    .to_vec();
    expected.push(Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1))));
    check_output(
        &Pipeline::new(expected),
        &source,
        &render(&mut instance, &source),
        BOUNDS,
    )
    .unwrap();
    assert_eq!(instance.persistent_message(), None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_folder_of_amfs_picks_the_clip_by_name_and_says_how() {
    let dir = scratch("folder");
    write_recipe(&dir.join("first.amf"), "A001C001", 1.3);
    write_recipe(&dir.join("second.amf"), "B002C007", 0.7);
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    instance
        .set_param("amfFile", dir.to_string_lossy().as_ref())
        .unwrap();
    let message = instance
        .persistent_message()
        .expect("a folder without a clip name is reported");
    assert!(message.text.contains("clip name"), "{message:?}");

    instance.set_param("clipName", "B002C007").unwrap();
    assert_eq!(instance.persistent_message(), None);
    let source = float_source();
    let expected = library_pipeline(&dir.join("second.amf"), &BuildOptions::default());
    check_output(&expected, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    let info = text_param(&instance, "amfInfo");
    assert!(info.contains("second.amf"), "{info}");
    assert!(info.contains("B002C007"), "{info}");

    instance.set_param("clipName", "Z999").unwrap();
    let message = instance.persistent_message().expect("no match is reported");
    assert!(message.text.contains("Z999"), "{message:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn without_a_usable_amf_the_fallback_renders_and_the_node_says_why() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    let source = float_source();
    instance.set_param("amfFile", "/nowhere/clip.amf").unwrap();
    instance.set_param("fallback", 1).unwrap();
    let message = instance.persistent_message().expect("the node says why");
    assert!(message.text.contains("/nowhere/clip.amf"), "{message:?}");

    // outputOnly with the output from the AMF: the default display, Rec.709.
    let rec709 = Pipeline::new(registry().ops(REC709).unwrap());
    check_output(&rec709, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    // outputOnly with a chosen display: that display.
    instance.set_param("outputTransform", 13).unwrap();
    let pq = Pipeline::new(registry().ops(P3D65_1000_PQ).unwrap());
    check_output(&pq, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    assert!(text_param(&instance, "amfInfo").contains("outputOnly"));
    // passthrough: the source.
    instance.set_param("fallback", 0).unwrap();
    check_output(
        &Pipeline::default(),
        &source,
        &render(&mut instance, &source),
        BOUNDS,
    )
    .unwrap();
    assert!(instance.persistent_message().is_some());
}

#[test]
fn stages_off_make_the_effect_an_identity_and_mix_zero_too() {
    let dir = scratch("identity");
    let amf_path = dir.join("clip.amf");
    write_recipe(&amf_path, "A001C001", 1.2);
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = node(&plugin, &amf_path);
    assert!(!identity(&instance));
    for stage in ["applyInput", "applyLooks", "applyOutput"] {
        instance.set_param(stage, false).unwrap();
    }
    assert!(identity(&instance));
    instance.set_param("applyLooks", true).unwrap();
    assert!(!identity(&instance));
    instance.set_param("mix", 0.0).unwrap();
    assert!(identity(&instance));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_host_that_sends_no_instance_changed_still_renders_the_current_parameters() {
    let dir = scratch("quiet");
    let amf_path = dir.join("clip.amf");
    write_recipe(&amf_path, "A001C001", 1.2);
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    instance
        .set_param_quietly("amfFile", amf_path.to_string_lossy().as_ref())
        .unwrap();
    instance.set_param_quietly("outputTransform", 3).unwrap();
    let source = float_source();
    let expected = library_pipeline(
        &amf_path,
        &BuildOptions {
            output_override: Some(REC709.to_string()),
            ..BuildOptions::default()
        },
    );
    check_output(&expected, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    // A broken path set quietly is still reported, from the render.
    instance
        .set_param_quietly("amfFile", "/nowhere/quiet.amf")
        .unwrap();
    render(&mut instance, &source);
    let message = instance.persistent_message().expect("reported at render");
    assert!(message.text.contains("quiet.amf"), "{message:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_amf_edited_on_disk_while_renders_run_is_picked_up_and_a_broken_edit_keeps_the_last_good() {
    let dir = scratch("edit");
    let amf_path = dir.join("clip.amf");
    write_recipe(&amf_path, "A001C001", 1.2);
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = node(&plugin, &amf_path);
    let source = float_source();
    let before = library_pipeline(&amf_path, &BuildOptions::default());
    check_output(&before, &source, &render(&mut instance, &source), BOUNDS).unwrap();

    // Edited while renders go on: every render shows the old or the new recipe, never
    // anything else, and the new one arrives without Reload.
    write_recipe(&amf_path, "A001C001", 0.6);
    let after = library_pipeline(&amf_path, &BuildOptions::default());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let output = render(&mut instance, &source);
        if check_output(&after, &source, &output, BOUNDS).is_ok() {
            break;
        }
        check_output(&before, &source, &output, BOUNDS).unwrap();
        assert!(Instant::now() < deadline, "the edit was not noticed");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(instance.persistent_message(), None);

    // A broken edit: the last good recipe keeps rendering and the node says why.
    std::fs::write(&amf_path, "<aces:acesMetadataFile").unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while instance.persistent_message().is_none() {
        let output = render(&mut instance, &source);
        check_output(&after, &source, &output, BOUNDS).unwrap();
        assert!(Instant::now() < deadline, "the broken edit was not noticed");
        std::thread::sleep(Duration::from_millis(50));
    }
    let message = instance.persistent_message().unwrap();
    assert!(
        message.text.contains("last version that worked"),
        "{message:?}"
    );
    check_output(&after, &source, &render(&mut instance, &source), BOUNDS).unwrap();

    // Deleted: the same. Restored: the message goes.
    std::fs::remove_file(&amf_path).unwrap();
    instance.press_button("amfReload").unwrap();
    check_output(&after, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    write_recipe(&amf_path, "A001C001", 1.2);
    instance.press_button("amfReload").unwrap();
    check_output(&before, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    assert_eq!(instance.persistent_message(), None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn eight_nodes_on_four_host_threads_render_500_tiles_like_one_render_each() {
    let dir = scratch("many");
    let bounds = RectI::new(-8, -4, 120, 60);
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let source = source_image(
        PixelDepth::Float,
        Components::Rgba,
        bounds,
        RowLayout::default(),
    );
    let mut nodes: Vec<_> = (0..8)
        .map(|k| {
            let path = dir.join(format!("clip{k}.amf"));
            write_recipe(&path, &format!("A00{k}"), 0.6 + 0.1 * f64::from(k));
            let mut instance = plugin.create_instance(Context::Filter).unwrap();
            instance
                .set_param("amfFile", path.to_string_lossy().as_ref())
                .unwrap();
            instance.set_param("outputTransform", 3 + k % 3).unwrap();
            let mut whole = output_image(
                PixelDepth::Float,
                Components::Rgba,
                bounds,
                RowLayout::default(),
            );
            instance
                .render(&RenderArgs::new(0.0, bounds), &source, &mut whole)
                .unwrap();
            (instance, whole)
        })
        .collect();
    // 9 x 7 = 63 tiles per node, 504 in all, two nodes per host thread, each node's tiles on
    // two threads of its own.
    let tiles = bounds.tiles(9, 7);
    assert!(tiles.len() * nodes.len() >= 500);
    std::thread::scope(|scope| {
        for pair in nodes.chunks_mut(2) {
            let (source, tiles) = (&source, &tiles);
            scope.spawn(move || {
                for (instance, whole) in pair.iter_mut() {
                    let mut tiled = output_image(
                        PixelDepth::Float,
                        Components::Rgba,
                        bounds,
                        RowLayout::default(),
                    );
                    instance
                        .render_tiles(&RenderArgs::new(0.0, bounds), source, &mut tiled, tiles, 2)
                        .unwrap();
                    for y in bounds.y1..bounds.y2 {
                        for x in bounds.x1..bounds.x2 {
                            let (a, b) = (whole.pixel(x, y), tiled.pixel(x, y));
                            let same = a
                                .iter()
                                .zip(&b)
                                .all(|(a, b)| (*a as f32).to_bits() == (*b as f32).to_bits());
                            assert!(same, "({x}, {y}): whole {a:?}, tiled {b:?}");
                        }
                    }
                }
            });
        }
    });
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn looks_can_be_bypassed_regraded_and_exported_beside_the_original() {
    let dir = scratch("looks");
    let amf_path = dir.join("clip.amf");
    write_recipe(&amf_path, "A001C001", 1.0);
    let original_text = std::fs::read_to_string(&amf_path).unwrap();
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = node(&plugin, &amf_path);
    let source = float_source();
    let label = instance
        .param_properties("bypassLook1")
        .and_then(|p| p.string("OfxPropLabel").map(str::to_string));
    assert_eq!(label.as_deref(), Some("Bypass look 1: Warm dailies look"));

    // Bypassing the only look is the recipe without looks.
    instance.set_param("bypassLook1", true).unwrap();
    let no_looks = library_pipeline(
        &amf_path,
        &BuildOptions {
            looks: false,
            ..BuildOptions::default()
        },
    );
    check_output(&no_looks, &source, &render(&mut instance, &source), BOUNDS).unwrap();
    instance.set_param("bypassLook1", false).unwrap();

    // Picking look 1 shows its CDL; a new slope regrades it.
    instance.set_param("cdlTarget", 1).unwrap();
    assert_eq!(
        instance.param("cdlOffset"),
        Some(ParamValue::Double3([0.01, 0.0, -0.012]))
    );
    instance.set_param("cdlSlope", [1.3, 1.0, 1.0]).unwrap();
    let regraded_path = dir.join("regraded.amf");
    write_recipe(&regraded_path, "A001C001", 1.3);
    let regraded = library_pipeline(&regraded_path, &BuildOptions::default());
    check_output(&regraded, &source, &render(&mut instance, &source), BOUNDS).unwrap();

    // Export writes the regraded recipe beside the original and leaves the original alone.
    instance.press_button("exportAmf").unwrap();
    let exported = dir.join("clip.adjusted.amf");
    assert!(
        instance
            .messages()
            .iter()
            .any(|m| m.text.contains("clip.adjusted.amf")),
        "{:?}",
        instance.messages()
    );
    assert_eq!(std::fs::read_to_string(&amf_path).unwrap(), original_text);
    let from_export = library_pipeline(&exported, &BuildOptions::default());
    check_output(
        &from_export,
        &source,
        &render(&mut instance, &source),
        BOUNDS,
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn mix_blends_the_recipe_with_the_source() {
    let dir = scratch("mix");
    let amf_path = dir.join("clip.amf");
    write_recipe(&amf_path, "A001C001", 1.2);
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = node(&plugin, &amf_path);
    instance.set_param("mix", 0.25).unwrap();
    let source = float_source();
    let output = render(&mut instance, &source);
    let graded = library_pipeline(&amf_path, &BuildOptions::default());
    for y in BOUNDS.y1..BOUNDS.y2 {
        for x in BOUNDS.x1..BOUNDS.x2 {
            let (input, got) = (source.pixel(x, y), output.pixel(x, y));
            let full = graded.eval_rgb([0, 1, 2].map(|c| input[c] as f32));
            for c in 0..3 {
                let want = input[c] + 0.25 * (f64::from(full[c]) - input[c]);
                assert!(
                    (got[c] - want).abs() <= 2e-5 * want.abs().max(1.0),
                    "({x}, {y}): {got:?} vs {want}"
                );
            }
            assert_eq!(got[3], input[3]);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
