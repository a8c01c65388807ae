//! `amfx eval`: a CLF applied to raw float32 RGB from the command line, forward and inverse.

use std::process::Command;

fn floats(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn read_floats(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

#[test]
fn eval_applies_a_clf_and_its_inverse_to_raw_float32() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("amfx-clf-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let clf = dir.join("gamma.clf");
    std::fs::write(
        &clf,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ProcessList id="gamma" compCLFversion="3.0">
  <Range inBitDepth="10i" outBitDepth="32f"><minInValue>0</minInValue><maxInValue>1023</maxInValue><minOutValue>0</minOutValue><maxOutValue>2</maxOutValue></Range>
  <Exponent inBitDepth="32f" outBitDepth="32f" style="basicPassThruFwd"><ExponentParams exponent="2"/></Exponent>
</ProcessList>"#,
    )
    .unwrap();
    let input = dir.join("in.f32");
    std::fs::write(&input, floats(&[0.25, 0.5, 1.0, -1.0, 0.0, 2.0])).unwrap();
    let run = |inverse: bool, from: &std::path::Path, to: &std::path::Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_amfx"));
        cmd.arg("eval")
            .arg("--clf")
            .arg(&clf)
            .arg("--in")
            .arg(from)
            .arg("--out")
            .arg(to);
        if inverse {
            cmd.arg("--inverse");
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let forward = dir.join("fwd.f32");
    run(false, &input, &forward);
    // (2x clamped to [0, 2]) squared for x ≥ 0.
    assert_eq!(
        read_floats(&std::fs::read(&forward).unwrap()),
        [0.25, 1.0, 4.0, 0.0, 0.0, 4.0]
    );
    let back = dir.join("back.f32");
    run(true, &forward, &back);
    assert_eq!(
        read_floats(&std::fs::read(&back).unwrap()),
        [0.25, 0.5, 1.0, 0.0, 0.0, 1.0]
    );

    // A bad file: exit status 1 and a message naming the file, line and element.
    std::fs::write(
        &clf,
        "<ProcessList id=\"x\" compCLFversion=\"3.0\">\n<Matrix/>\n</ProcessList>",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_amfx"))
        .arg("eval")
        .arg("--clf")
        .arg(&clf)
        .arg("--in")
        .arg(&input)
        .arg("--out")
        .arg(&back)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("gamma.clf:2: <Matrix>: missing attribute `inBitDepth`"),
        "{message}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `amfx eval --amf` applies a whole recipe; its output is the pipeline's, pixel for pixel.
#[test]
fn eval_applies_a_whole_amf_recipe() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("amfx-amf-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let amf = data.join("data/pipeline/grade.amf");
    let input = data.join("golden/amf_grade_recipe.in.f32");
    let out = dir.join("out.f32");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_amfx"))
        .args(["eval", "--amf"])
        .arg(&amf)
        .arg("--in")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("amfx runs");
    assert!(status.success());
    let document = amfx::amf::read_file(&amf).unwrap();
    let pipeline = amfx::pipeline::build(&document.amf, &amf, &Default::default())
        .unwrap()
        .pipeline;
    let floats = |bytes: Vec<u8>| -> Vec<f32> {
        bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    };
    let (inputs, outputs) = (
        floats(std::fs::read(&input).unwrap()),
        floats(std::fs::read(&out).unwrap()),
    );
    assert_eq!(inputs.len(), outputs.len());
    for (i, o) in inputs.chunks_exact(3).zip(outputs.chunks_exact(3)) {
        let want = pipeline.eval_rgb([i[0], i[1], i[2]]);
        for c in 0..3 {
            assert!(
                o[c] == want[c] || (o[c].is_nan() && want[c].is_nan()),
                "{i:?}: {o:?} vs {want:?}"
            );
        }
    }
}
