//! `amfx bake`, driven as a user runs it: a corpus AMF baked to CLF and .cube, read back with
//! our readers and held to the exact chain (at the nodes, and between them within the error the
//! command prints), and the messages for bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use amfx::amf;
use amfx::ops::{Interpolation, Op};
use amfx::pipeline::export::{self, cube, Format, Shaper};
use amfx::pipeline::{build, BuildOptions, Built, Pipeline};

const SAMPLE: &str = include_str!("../src/cli/sample.amf");
const LOGC3_REC709: &str =
    "corpus/amf/aces-amf-v2/generated/aces2/idt_LogC3_to_ACES__odt_Rec709_D65_100nit_in_Rec709_D65_BT1886.amf";

fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared"));
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the shared corpus is missing at {}",
        path.display()
    );
    eprintln!("skipping: shared corpus not found at {}", path.display());
    None
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("amfx-bake-{}-{name}", std::process::id()));
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

/// Runs `amfx bake` and returns the max error it printed, in 10-bit code values.
fn bake(amf: &Path, out: &Path, size: usize) -> f32 {
    let size = size.to_string();
    let run = amfx(&[
        "bake",
        "--amf",
        amf.to_str().unwrap(),
        "--size",
        &size,
        "-o",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "bake: {}{stdout}",
        String::from_utf8_lossy(&run.stderr)
    );
    let figure = stdout
        .split("max ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.trim().parse::<f32>().ok())
        .unwrap_or_else(|| panic!("no max error printed: {stdout}"));
    assert!(figure.is_finite() && figure >= 0.0);
    figure
}

fn built(amf_path: &Path) -> Built {
    let document = amf::read_file(amf_path).unwrap();
    build(&document.amf, amf_path, &BuildOptions::default()).unwrap()
}

fn run(ops: &[Op], rgb: [f32; 3]) -> [f32; 3] {
    ops.iter().fold(rgb, |px, op| op.eval(px))
}

fn worst(a: [f32; 3], b: [f32; 3]) -> f32 {
    (0..3).map(|c| (a[c] - b[c]).abs()).fold(0.0, f32::max)
}

/// The file at its own nodes gives the exact chain's values (the lattice is the chain sampled
/// there, in the right order, behind the right shaper).
fn assert_exact_at_nodes(ops: &[Op], exact: &Pipeline, shaper: &Shaper, size: usize) {
    let mut checked = 0;
    for (i, j, k) in [
        (0, 0, 0),
        (1, 2, 3),
        (size / 2, size / 3, size - 2),
        (size - 1, 0, size / 2),
    ] {
        let rgb = [i, j, k].map(|n| shaper.from_unit(n as f64 / (size - 1) as f64) as f32);
        let want = exact.eval_rgb(rgb);
        if want.iter().any(|v| !v.is_finite()) {
            continue;
        }
        let got = run(ops, rgb);
        assert!(
            worst(got, want) < 2e-5,
            "node {rgb:?}: file {got:?}, exact {want:?}"
        );
        checked += 1;
    }
    assert!(checked >= 3);
}

#[test]
fn a_camera_amf_bakes_to_clf_and_cube_that_hold_the_printed_error() {
    let Some(shared) = shared() else { return };
    let amf_path = shared.join(LOGC3_REC709);
    let dir = scratch("logc3");
    let chain = built(&amf_path);
    let size = 33;
    for format in [Format::Clf, Format::Cube] {
        let out = dir.join(match format {
            Format::Clf => "logc3.clf",
            Format::Cube => "logc3.cube",
        });
        let printed = bake(&amf_path, &out, size);
        let ops = match format {
            Format::Clf => {
                let list = amfx::clf::read_file(&out).unwrap();
                let described = list.descriptions.join(" ");
                assert!(
                    described.contains(&format!("max {printed:.3}")),
                    "the CLF does not carry the printed figure: {described}"
                );
                list.ops()
            }
            Format::Cube => cube::read_file(&out)
                .unwrap()
                .ops(Interpolation::Trilinear)
                .unwrap(),
        };
        let shaper = Shaper::for_domain(chain.input_domain(), format);
        assert_exact_at_nodes(&ops, &chain.pipeline, &shaper, size);
        // Between the nodes: the same samples the command measured, through the file as read
        // back here, give the figure it printed.
        let file = Pipeline::new(ops.clone());
        let accuracy = export::measure(
            &chain.pipeline,
            &file,
            &shaper,
            chain.to_aces.as_ref(),
            true,
            40,
        );
        assert!(accuracy.samples > 1000, "{accuracy:?}");
        assert!(
            (accuracy.in_10bit_codes() - printed).abs() < 0.01,
            "{format:?}: printed {printed}, measured {accuracy:?}"
        );
        // Near-neutral mid tones are where a LUT is easy: a few code values at 33³.
        for i in 0..50 {
            let v = 0.25 + 0.4 * i as f32 / 49.0;
            let rgb = [v, v * 0.98 + 0.005, v * 1.01];
            let error = worst(run(&ops, rgb), chain.pipeline.eval_rgb(rgb)) * 1023.0;
            assert!(error <= printed.min(5.0), "{format:?} {rgb:?}: {error} CV");
        }
    }
}

#[test]
fn a_scene_linear_recipe_bakes_with_a_log_shaper() {
    let dir = scratch("scene");
    let amf_path = dir.join("sample.amf");
    std::fs::write(&amf_path, SAMPLE).unwrap();
    let chain = built(&amf_path);
    for (format, name) in [(Format::Clf, "s.clf"), (Format::Cube, "s.cube")] {
        let out = dir.join(name);
        let printed = bake(&amf_path, &out, 33);
        let ops = match format {
            Format::Clf => amfx::clf::read_file(&out).unwrap().ops(),
            Format::Cube => cube::read_file(&out)
                .unwrap()
                .ops(Interpolation::Trilinear)
                .unwrap(),
        };
        // A 1D shaper first: a half-domain LUT1D in CLF, Resolve's shaper in the cube.
        assert!(
            matches!(ops.first(), Some(Op::Lut1d(_)) | Some(Op::Range(_))),
            "{ops:?}"
        );
        assert!(matches!(ops.last(), Some(Op::Lut3d(_))));
        // Grey from deep shadow to highlights, across many stops.
        let mut checked = 0;
        for stop in -8..=6 {
            let v = 0.18 * 2f32.powi(stop);
            let want = chain.pipeline.eval_rgb([v; 3]);
            if want.iter().any(|c| !(0.0..1.0).contains(c)) {
                continue;
            }
            let error = worst(run(&ops, [v; 3]), want) * 1023.0;
            assert!(error <= printed.min(8.0), "{format:?} grey {v}: {error} CV");
            checked += 1;
        }
        assert!(checked >= 8);
    }
}

#[test]
fn bad_input_names_what_is_wrong() {
    let dir = scratch("bad");
    let amf_path = dir.join("sample.amf");
    std::fs::write(&amf_path, SAMPLE).unwrap();
    let amf = amf_path.to_str().unwrap();
    let out = dir.join("out.clf");
    let out = out.to_str().unwrap();
    for (args, needle) in [
        (
            vec!["--amf", "/nonexistent/clip.amf"],
            "/nonexistent/clip.amf",
        ),
        (vec!["--amf", amf, "--size", "1"], "--size 1"),
        (vec!["--amf", amf, "--size", "200"], "--size 200"),
        (
            vec!["--amf", amf, "--display", "Output.Nobody.Nothing.a2.v1"],
            "Output.Nobody.Nothing.a2.v1",
        ),
    ] {
        let mut all = vec!["bake", "-o", out];
        all.extend(args.iter().copied());
        let run = amfx(&all);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    assert!(!Path::new(out).exists(), "a failed bake wrote its output");
}
