//! `amfx apply`, driven as a user runs it: files written, pixels equal to the library's exact
//! pipeline (whose transforms the golden tests hold against OpenColorIO), exit codes and
//! messages on bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use amfx::amf;
use amfx::pipeline::{build, BuildOptions, Pipeline};

const SAMPLE: &str = include_str!("../src/cli/sample.amf");
const REC709: &str =
    "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";
const W: usize = 24;
const H: usize = 10;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("amfx-apply-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn amfx(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_amfx"))
        .args(args)
        .output()
        .expect("amfx runs")
}

/// A scene-linear test image: ramps over several stops with saturated corners.
fn pixel(x: usize, y: usize, frame: usize) -> [f32; 4] {
    let t = x as f32 / (W - 1) as f32;
    let stop = 2f32.powf(y as f32 - 5.0) * 0.18;
    [
        stop * (0.2 + t),
        stop * (1.2 - t),
        stop * (0.5 + 0.1 * frame as f32),
        1.0,
    ]
}

fn write_exr(path: &Path, frame: usize) {
    exr::prelude::write_rgba_file(path, W, H, |x, y| {
        let p = pixel(x, y, frame);
        (p[0], p[1], p[2], p[3])
    })
    .unwrap();
}

fn read_exr(path: &Path) -> Vec<[f32; 4]> {
    let image = exr::prelude::read_first_rgba_layer_from_file(
        path,
        |r, _| vec![[0f32; 4]; r.width() * r.height()],
        |px: &mut Vec<[f32; 4]>, p, (r, g, b, a): (f32, f32, f32, f32)| {
            px[p.y() * W + p.x()] = [r, g, b, a];
        },
    )
    .unwrap();
    image.layer_data.channel_data.pixels
}

/// The pipeline's own block path (what exact mode renders) on one pixel; the golden tests hold
/// it against OpenColorIO, so here it stands for "the recipe".
fn eval(pipeline: &Pipeline, rgb: [f32; 3]) -> [f32; 3] {
    let (mut r, mut g, mut b) = ([rgb[0]], [rgb[1]], [rgb[2]]);
    pipeline.apply(&mut r, &mut g, &mut b);
    [r[0], g[0], b[0]]
}

fn pipeline(amf_path: &Path, options: &BuildOptions) -> Pipeline {
    let document = amf::read_file(amf_path).unwrap();
    build(&document.amf, amf_path, options).unwrap().pipeline
}

#[test]
fn an_exr_renders_through_the_recipe_and_the_chosen_display() {
    let dir = scratch("exr");
    let amf_path = dir.join("clip.amf");
    std::fs::write(&amf_path, SAMPLE).unwrap();
    let input = dir.join("in.exr");
    write_exr(&input, 0);
    let output = dir.join("out.exr");
    let run = amfx(&[
        "apply",
        "--amf",
        amf_path.to_str().unwrap(),
        "--display",
        REC709,
        "--depth",
        "float",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(summary.contains("1 of 1 frame(s) written"), "{summary}");

    let expected = pipeline(
        &amf_path,
        &BuildOptions {
            output_override: Some(REC709.into()),
            ..BuildOptions::default()
        },
    );
    for (i, got) in read_exr(&output).iter().enumerate() {
        let p = pixel(i % W, i / W, 0);
        let want = eval(&expected, [p[0], p[1], p[2]]);
        for c in 0..3 {
            assert!(
                (got[c] - want[c]).abs() <= 1e-6,
                "pixel {i}: {got:?} vs {want:?}"
            );
        }
        assert_eq!(got[3], 1.0, "alpha passes through");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sequence_goes_to_a_folder_as_16_bit_pngs_picking_the_amf_by_clip_id() {
    let dir = scratch("sequence");
    let amfs = dir.join("amfs");
    std::fs::create_dir_all(&amfs).unwrap();
    let recipe = |clip: &str, slope: &str| {
        SAMPLE.replace("AMFX_CHART", clip).replace(
            "<cdl:Slope>1.0 1.0 1.0</cdl:Slope>",
            &format!("<cdl:Slope>{slope}</cdl:Slope>"),
        )
    };
    std::fs::write(amfs.join("a.amf"), recipe("A001C001", "1.2 1.0 0.9")).unwrap();
    std::fs::write(amfs.join("b.amf"), recipe("B002C002", "0.8 1.0 1.1")).unwrap();
    for frame in 1..=3 {
        write_exr(&dir.join(format!("B002C002.{frame:04}.exr")), frame);
    }
    let out = dir.join("out");
    let run = amfx(&[
        "apply",
        "--amf",
        amfs.to_str().unwrap(),
        "--clip-id",
        "B002C002",
        "--display",
        REC709,
        "--format",
        "png",
        dir.join("B002C002.####.exr").to_str().unwrap(),
        "-o",
        &format!("{}/", out.display()),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let expected = pipeline(
        &amfs.join("b.amf"),
        &BuildOptions {
            output_override: Some(REC709.into()),
            ..BuildOptions::default()
        },
    );
    for frame in 1..=3 {
        let png = out.join(format!("B002C002.{frame:04}.png"));
        let image = image::open(&png).unwrap().into_rgba16();
        for (x, y, got) in image.enumerate_pixels() {
            let p = pixel(x as usize, y as usize, frame);
            let want = eval(&expected, [p[0], p[1], p[2]]);
            for c in 0..3 {
                let code = (want[c].clamp(0.0, 1.0) * 65535.0).round();
                assert!(
                    (f32::from(got[c]) - code).abs() <= 1.0,
                    "frame {frame} ({x}, {y}): {got:?} vs {want:?}"
                );
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_exits_with_a_message_that_names_it() {
    let dir = scratch("bad");
    let amf_path = dir.join("clip.amf");
    std::fs::write(&amf_path, SAMPLE).unwrap();
    let input = dir.join("in.exr");
    write_exr(&input, 0);
    let cases: [(&[&str], &str); 4] = [
        (
            &["--amf", amf_path.to_str().unwrap(), "/nowhere/x.exr"],
            "/nowhere/x.exr",
        ),
        (
            &["--amf", "/nowhere/clip.amf", input.to_str().unwrap()],
            "/nowhere/clip.amf",
        ),
        (
            &[
                "--amf",
                amf_path.to_str().unwrap(),
                "--display",
                "Output.Nobody.Nothing.a2.v1",
                input.to_str().unwrap(),
            ],
            "Output.Nobody.Nothing",
        ),
        (
            &[
                "--amf",
                amf_path.to_str().unwrap(),
                input.to_str().unwrap(),
                "--depth",
                "8",
            ],
            "Eight",
        ),
    ];
    for (args, named) in cases {
        let out = dir.join("out.exr");
        let mut all = vec!["apply"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["-o", out.to_str().unwrap()]);
        let run = amfx(&all);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{all:?}: {stderr}");
        assert!(stderr.contains(named), "{all:?}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
