//! `amfx eval --transform ID [--clf FILE]... [--inverse]`, driven as a user runs it: built-in
//! transforms by id against OpenColorIO's golden values, a chain in the order given, the same
//! chain as an AMF, and the messages for bad input.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = include_str!("../src/cli/sample.amf");
const ACESCCT_TO_ACES: &str = "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1";
const ACES_TO_ACESCCT: &str = "CSC.Academy.ACES_to_ACEScct.a2.v1";
const REC709: &str =
    "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("amfx-eval-{}-{name}", std::process::id()));
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

fn write_f32(path: &Path, pixels: &[[f32; 3]]) {
    let bytes: Vec<u8> = pixels
        .iter()
        .flatten()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    std::fs::write(path, bytes).unwrap();
}

/// Runs `amfx eval ARGS --in IN --out OUT` and reads OUT.
fn eval(dir: &Path, args: &[&str], pixels: &[[f32; 3]]) -> Vec<[f32; 3]> {
    let input = dir.join("in.f32");
    let output = dir.join("out.f32");
    write_f32(&input, pixels);
    let mut all: Vec<&str> = vec!["eval"];
    all.extend(args.iter().copied());
    let (i, o) = (input.to_str().unwrap(), output.to_str().unwrap());
    all.extend(["--in", i, "--out", o]);
    let run = amfx(&all);
    assert!(
        run.status.success(),
        "amfx eval {args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    common::read_f32(&output).unwrap()
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn probes() -> Vec<[f32; 3]> {
    (0..64)
        .map(|i| {
            let t = i as f32 / 63.0;
            [t, 1.0 - t, 0.5 * t + 0.2]
        })
        .collect()
}

#[test]
fn a_transform_by_id_matches_opencolorio_forward_and_inverse() {
    let dir = scratch("golden");
    for (case, args) in [
        (
            "camera_ARRI_LOGC4",
            vec!["--transform", "CSC.Arri.LogC4_to_ACES.a2.v1"],
        ),
        (
            "camera_ARRI_LOGC4_inverse",
            vec!["--transform", "CSC.Arri.LogC4_to_ACES.a2.v1", "--inverse"],
        ),
        ("acescct_to_aces", vec!["--transform", ACESCCT_TO_ACES]),
    ] {
        let inputs = common::read_f32(&golden(&format!("{case}.in.f32"))).unwrap();
        let got = eval(&dir, &args, &inputs);
        // check_pair walks the inputs in order: hand it amfx's outputs in the same order.
        let at = std::cell::Cell::new(0);
        common::check_pair(
            case,
            &golden(&format!("{case}.in.f32")),
            &golden(&format!("{case}.f32")),
            |input| {
                let k = at.get();
                at.set(k + 1);
                assert_eq!(input.map(f32::to_bits), inputs[k].map(f32::to_bits));
                got[k]
            },
        );
    }
}

#[test]
fn a_chain_applies_in_the_order_given_and_inverts_as_a_whole() {
    let dir = scratch("order");
    // A CLF that scales by 2: before or after the ACEScct encoding gives different results.
    let clf = dir.join("double.clf");
    std::fs::write(
        &clf,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ProcessList xmlns="urn:AMPAS:CLF:v3.0" compCLFversion="3.0" id="double">
  <Matrix inBitDepth="32f" outBitDepth="32f">
    <Array dim="3 3">2 0 0 0 2 0 0 0 2</Array>
  </Matrix>
</ProcessList>
"#,
    )
    .unwrap();
    let clf = clf.to_str().unwrap();
    let px = vec![[0.18f32, 0.18, 0.18], [1.0, 0.5, 0.25]];
    let log_then_double = eval(&dir, &["--transform", ACES_TO_ACESCCT, "--clf", clf], &px);
    let double_then_log = eval(&dir, &["--clf", clf, "--transform", ACES_TO_ACESCCT], &px);
    let log = eval(&dir, &["--transform", ACES_TO_ACESCCT], &px);
    let doubled: Vec<[f32; 3]> = px.iter().map(|p| p.map(|v| 2.0 * v)).collect();
    let log_of_doubled = eval(&dir, &["--transform", ACES_TO_ACESCCT], &doubled);
    for i in 0..px.len() {
        for c in 0..3 {
            assert!((log_then_double[i][c] - 2.0 * log[i][c]).abs() < 1e-6);
            assert!((double_then_log[i][c] - log_of_doubled[i][c]).abs() < 1e-6);
        }
    }
    // The whole chain inverted takes its output back.
    let chain = ["--clf", clf, "--transform", ACES_TO_ACESCCT];
    let forward = eval(&dir, &chain, &px);
    let mut inverse_args = chain.to_vec();
    inverse_args.push("--inverse");
    let back = eval(&dir, &inverse_args, &forward);
    for i in 0..px.len() {
        for c in 0..3 {
            assert!(
                (back[i][c] - px[i][c]).abs() < 1e-5,
                "{:?} -> {:?}",
                px[i],
                back[i]
            );
        }
    }
}

#[test]
fn a_transform_chain_matches_the_same_chain_as_an_amf() {
    let dir = scratch("amf");
    // The sample recipe with an ACEScct input transform and no look.
    let start = SAMPLE.find("<aces:lookTransform").unwrap();
    let end = SAMPLE.find("</aces:lookTransform>").unwrap() + "</aces:lookTransform>".len();
    let text = format!("{}{}", &SAMPLE[..start], &SAMPLE[end..])
        .replace(
            "<aces:inputTransform applied=\"true\">",
            "<aces:inputTransform applied=\"false\">",
        )
        .replace(
            "urn:ampas:aces:transformId:v2.0:CSC.Academy.Unity.a2.v1",
            ACESCCT_TO_ACES,
        );
    let amf = dir.join("chain.amf");
    std::fs::write(&amf, text).unwrap();
    let px = probes();
    let by_amf = eval(&dir, &["--amf", amf.to_str().unwrap()], &px);
    let by_ids = eval(
        &dir,
        &["--transform", ACESCCT_TO_ACES, "--transform", REC709],
        &px,
    );
    assert_eq!(by_amf.len(), px.len());
    for i in 0..px.len() {
        for c in 0..3 {
            assert!(
                (by_amf[i][c] - by_ids[i][c]).abs() < 1e-6,
                "{:?}: AMF {:?}, ids {:?}",
                px[i],
                by_amf[i],
                by_ids[i]
            );
        }
    }
    // And it is the display rendering, not an identity: mid grey in ACEScct is mid-tone.
    assert!(by_ids
        .iter()
        .all(|p| p.iter().all(|v| (0.0..=1.0).contains(v))));
}

#[test]
fn bad_input_names_what_is_wrong() {
    let dir = scratch("bad");
    let input = dir.join("in.f32");
    write_f32(&input, &[[0.1, 0.2, 0.3]]);
    let out = dir.join("out.f32");
    let (i, o) = (input.to_str().unwrap(), out.to_str().unwrap());
    for (args, needle) in [
        (
            vec!["--transform", "CSC.Nobody.Nothing.a2.v1"],
            "CSC.Nobody.Nothing.a2.v1",
        ),
        (
            vec!["--clf", "/nonexistent/look.clf"],
            "/nonexistent/look.clf",
        ),
        (
            vec!["--transform", ACES_TO_ACESCCT, "--amf", "x.amf"],
            "cannot be used with",
        ),
    ] {
        let mut all = vec!["eval"];
        all.extend(args.iter().copied());
        all.extend(["--in", i, "--out", o]);
        let run = amfx(&all);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

/// Input files that are FIFOs (a pipe with no writer) are refused at once, whether raw pixels
/// for eval or an image for apply, rather than waited on.
#[cfg(unix)]
#[test]
fn a_fifo_as_input_is_refused_not_waited_on() {
    use std::time::{Duration, Instant};
    let dir = scratch("fifo");
    let amf_path = dir.join("clip.amf");
    std::fs::write(&amf_path, SAMPLE).unwrap();
    for name in ["in.f32", "frame.exr", "frame.png"] {
        let fifo = dir.join(name);
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success(), "mkfifo");
        let fifo = fifo.to_str().unwrap();
        let out = dir.join(format!("out-{name}"));
        let out = out.to_str().unwrap();
        let args: Vec<&str> = if name.ends_with(".f32") {
            vec![
                "eval",
                "--transform",
                ACES_TO_ACESCCT,
                "--in",
                fifo,
                "--out",
                out,
            ]
        } else {
            vec![
                "apply",
                "--amf",
                amf_path.to_str().unwrap(),
                fifo,
                "-o",
                out,
            ]
        };
        let start = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_amfx"))
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(20) {
                child.kill().ok();
                panic!("{name}: amfx waited on a FIFO");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!status.success(), "{name}: a FIFO was accepted");
        assert!(stderr.contains("not a regular file"), "{name}: {stderr}");
    }
}
