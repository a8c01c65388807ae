//! Shared by the integration tests: where the bundles are, the CDL under test, its scalar
//! reference, test images and pixel comparison.
#![allow(dead_code)] // each test crate uses its own subset

use std::path::{Path, PathBuf};

use amfx::amf;
use amfx::ops::{Cdl, CdlStyle};
use amfx::pipeline::{build, BuildOptions, Pipeline};
use ofx_host::{
    Bundle, Components, Context, HostFaults, HostImage, Instance, PixelDepth, Plugin, RectI,
    RenderArgs, RowLayout, RowOrder,
};

pub const PLUGIN_ID: &str = "io.amfx.AcesAmf";

/// A value no render produces, written outside the render window to prove it stays untouched.
pub const UNTOUCHED_FLOAT: f64 = -12345.0;
pub const UNTOUCHED_CODE: f64 = 77.0;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bundle_at(variable: &str, default: &str, build: &str) -> PathBuf {
    let path = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(default));
    assert!(
        Bundle::binary_in(&path).is_file(),
        "no plugin bundle at {} (set {variable} or build it with `{build}`)",
        path.display()
    );
    path
}

/// The release bundle: `AMFX_BUNDLE`, or `target/bundle/amfx.ofx.bundle`.
pub fn bundle_path() -> PathBuf {
    bundle_at(
        "AMFX_BUNDLE",
        "target/bundle/amfx.ofx.bundle",
        "scripts/bundle",
    )
}

/// The panic-probe bundle: `AMFX_PROBE_BUNDLE`, or `target/bundle-probe/amfx.ofx.bundle`.
pub fn probe_bundle_path() -> PathBuf {
    bundle_at(
        "AMFX_PROBE_BUNDLE",
        "target/bundle-probe/amfx.ofx.bundle",
        "scripts/bundle --probe",
    )
}

pub fn load_bundle() -> Bundle {
    load_bundle_with(HostFaults::default())
}

pub fn load_bundle_with(faults: HostFaults) -> Bundle {
    Bundle::load_with_faults(bundle_path(), faults).expect("the bundle loads")
}

/// The non-trivial grade of the test plan.
pub fn test_cdl() -> Cdl {
    Cdl {
        slope: [1.1, 0.95, 1.2],
        offset: [0.01, -0.02, 0.0],
        power: [0.9, 1.1, 1.0],
        saturation: 0.8,
        style: CdlStyle::NoClamp,
        ..Cdl::default()
    }
}

/// Sets the five CDL parameters of an instance.
pub fn set_cdl(instance: &mut Instance<'_>, cdl: &Cdl) {
    let style = match cdl.style {
        CdlStyle::NoClamp => 0,
        CdlStyle::Clamp => 1,
    };
    instance.set_param("cdlSlope", cdl.slope).expect("cdlSlope");
    instance
        .set_param("cdlOffset", cdl.offset)
        .expect("cdlOffset");
    instance.set_param("cdlPower", cdl.power).expect("cdlPower");
    instance
        .set_param("cdlSaturation", cdl.saturation)
        .expect("cdlSaturation");
    instance.set_param("cdlStyle", style).expect("cdlStyle");
}

pub fn reference(cdl: &Cdl) -> Pipeline {
    Pipeline::cdl_in_acescct(cdl)
}

/// Float inputs: negatives, zero, mid grey, one, and values well above one.
pub const FLOAT_INPUTS: [f64; 12] = [
    -0.5, -0.01, 0.0, 0.0001, 0.05, 0.18, 0.5, 1.0, 2.5, 16.0, 100.0, 1000.0,
];

/// A deterministic test pattern: channel `c` of pixel `(x, y)`, as stored in `depth`.
pub fn pattern(depth: PixelDepth, x: i32, y: i32, channel: usize) -> f64 {
    let i = (x * 7 + y * 13 + channel as i32 * 5).rem_euclid(997) as usize;
    match (depth.max_code(), channel) {
        // Alpha: a spread of coverage values, so pass-through is visible.
        (None, 3) => [0.0, 0.25, 0.5, 1.0, 0.75][i % 5],
        (None, _) => FLOAT_INPUTS[i % FLOAT_INPUTS.len()],
        (Some(max), _) => {
            // Both ends of the range plus a spread in between.
            let codes = [
                0.0,
                1.0,
                max / 7.0,
                max / 3.0,
                max / 2.0,
                max * 0.9,
                max - 1.0,
                max,
            ];
            (codes[i % codes.len()] + (i / codes.len()) as f64)
                .min(max)
                .round()
        }
    }
}

/// An image of the given format with bounds off the origin, filled with [`pattern`].
pub fn source_image(
    depth: PixelDepth,
    components: Components,
    bounds: RectI,
    layout: RowLayout,
) -> HostImage {
    let mut image = HostImage::with_layout(depth, components, bounds, layout);
    image.fill(|x, y| std::array::from_fn(|c| pattern(depth, x, y, c)));
    image
}

/// An output image pre-filled with the "untouched" marker.
pub fn output_image(
    depth: PixelDepth,
    components: Components,
    bounds: RectI,
    layout: RowLayout,
) -> HostImage {
    let mut image = HostImage::with_layout(depth, components, bounds, layout);
    let marker = if depth == PixelDepth::Float {
        UNTOUCHED_FLOAT
    } else {
        UNTOUCHED_CODE
    };
    image.fill(|_, _| [marker; 4]);
    image
}

/// The row layouts every pixel test runs through.
pub fn layouts() -> [RowLayout; 3] {
    [
        RowLayout {
            padding: 0,
            order: RowOrder::BottomUp,
        },
        RowLayout {
            padding: 24,
            order: RowOrder::BottomUp,
        },
        RowLayout {
            padding: 8,
            order: RowOrder::TopDown,
        },
    ]
}

/// What the plugin should write for one pixel, as stored in `depth`.
pub fn expected_pixel(pipeline: &Pipeline, source: &HostImage, x: i32, y: i32) -> Vec<f64> {
    let max = source.depth().max_code();
    let scale = max.unwrap_or(1.0);
    let input = source.pixel(x, y);
    let rgb = [0, 1, 2].map(|c| (input[c] / scale) as f32);
    let graded = pipeline.eval_rgb(rgb);
    let mut expected: Vec<f64> = graded
        .iter()
        .map(|&v| match max {
            None => f64::from(v),
            Some(max) => (f64::from(v) * max).round().clamp(0.0, max),
        })
        .collect();
    if source.components() == Components::Rgba {
        expected.push(input[3]);
    }
    expected
}

/// Whether a rendered channel is close enough to the reference.
pub fn close_enough(depth: PixelDepth, actual: f64, expected: f64, alpha: bool) -> bool {
    // Equal values (infinities included: extreme grades overflow) and NaN for NaN always match.
    if actual == expected || (actual.is_nan() && expected.is_nan()) {
        return true;
    }
    if alpha {
        // Alpha passes through untouched.
        return false;
    }
    match depth.max_code() {
        Some(_) => (actual - expected).abs() <= 1.0,
        None => (actual - expected).abs() <= 1e-5 * expected.abs().max(1.0),
    }
}

/// Checks every pixel of `output`: inside `window` against the reference, outside untouched;
/// and the row padding of both images intact. Returns a description of the first mismatches.
pub fn check_output(
    pipeline: &Pipeline,
    source: &HostImage,
    output: &HostImage,
    window: RectI,
) -> Result<(), String> {
    let depth = output.depth();
    let marker = if depth == PixelDepth::Float {
        UNTOUCHED_FLOAT
    } else {
        UNTOUCHED_CODE
    };
    let mut problems = Vec::new();
    let bounds = output.bounds();
    for y in bounds.y1..bounds.y2 {
        for x in bounds.x1..bounds.x2 {
            let actual = output.pixel(x, y);
            if window.contains(x, y) {
                let expected = expected_pixel(pipeline, source, x, y);
                let ok = actual
                    .iter()
                    .zip(&expected)
                    .enumerate()
                    .all(|(c, (a, e))| close_enough(depth, *a, *e, c == 3));
                if !ok {
                    problems.push(format!(
                        "({x}, {y}): got {actual:?}, expected {expected:?} from {:?}",
                        source.pixel(x, y)
                    ));
                }
            } else if actual.iter().any(|&v| v != marker) {
                problems.push(format!(
                    "({x}, {y}) outside the window was written: {actual:?}"
                ));
            }
        }
    }
    if !output.padding_intact() {
        problems.push("the output's row padding was overwritten".to_owned());
    }
    if !source.padding_intact() {
        problems.push("the source's row padding was overwritten".to_owned());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let count = problems.len();
        problems.truncate(8);
        Err(format!(
            "{count} problems, first ones:\n{}",
            problems.join("\n")
        ))
    }
}

/// A node of the effect with this AMF set, as a user sets it.
pub fn node<'a>(plugin: &'a Plugin, amf_path: &Path) -> Instance<'a> {
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    instance
        .set_param("amfFile", amf_path.to_string_lossy().as_ref())
        .unwrap();
    instance
}

/// What the library builds from this AMF with these options (the effect must render the same).
pub fn library_pipeline(path: &Path, options: &BuildOptions) -> Pipeline {
    let document = amf::read_file(path).unwrap();
    build(&document.amf, path, options).unwrap().pipeline
}

/// A float RGBA source image over `bounds`.
pub fn float_source(bounds: RectI) -> HostImage {
    source_image(
        PixelDepth::Float,
        Components::Rgba,
        bounds,
        RowLayout::default(),
    )
}

/// One full render of `bounds` at time 0 into a fresh float RGBA image.
pub fn render_float(instance: &mut Instance<'_>, source: &HostImage, bounds: RectI) -> HostImage {
    let mut output = output_image(
        PixelDepth::Float,
        Components::Rgba,
        bounds,
        RowLayout::default(),
    );
    instance
        .render(&RenderArgs::new(0.0, bounds), source, &mut output)
        .expect("renders");
    output
}
