//! The writer: read → write → read gives the same process list, bit for bit, for every CLF in
//! the corpus that the reader accepts; and ops built in code write as valid CLF.

use std::path::Path;

use amfx::clf::{self, ProcessList, WriteError};
use amfx::ops::{
    Cdl, CdlStyle, Exponent, ExponentParams, ExponentStyle, Interpolation, Log, LogParams,
    LogStyle, Lut1d, Lut3d, Matrix, Op, Range,
};

fn corpus() -> Option<std::path::PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/clf"
    ));
    if dir.is_dir() {
        return Some(dir.to_path_buf());
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{} is missing: the CLF round-trip test needs it under CI",
            dir.display()
        );
    }
    eprintln!("skipping: {} not found", dir.display());
    None
}

fn assert_same(original: &ProcessList, again: &ProcessList, what: &str) {
    assert_eq!(
        original.nodes.len(),
        again.nodes.len(),
        "{what}: node count"
    );
    for (i, (a, b)) in original.nodes.iter().zip(&again.nodes).enumerate() {
        assert_eq!(a, b, "{what}: node {i} differs after the round trip");
    }
    assert_eq!(original.id, again.id, "{what}: id");
    assert_eq!(original.name, again.name, "{what}: name");
    assert_eq!(
        original.descriptions, again.descriptions,
        "{what}: descriptions"
    );
}

#[test]
fn every_readable_corpus_file_survives_write_and_read_exactly() {
    let Some(root) = corpus() else { return };
    let mut stack = vec![root.clone()];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(list) = clf::read_file(&path) else {
                continue;
            };
            let what = path.strip_prefix(&root).unwrap().display().to_string();
            let text = clf::write(&list).unwrap_or_else(|e| panic!("{what}: {e}"));
            // To check the written files with another reader (e.g. the OpenColorIO oracle).
            if let Ok(dump) = std::env::var("AMFX_CLF_DUMP") {
                let name = what.replace('/', "_");
                std::fs::write(Path::new(&dump).join(name), &text).unwrap();
            }
            let again = clf::read_str(&text, &what).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_same(&list, &again, &what);
            // Writing is deterministic: the second text is the first.
            assert_eq!(clf::write(&again).unwrap(), text, "{what}");
            checked += 1;
        }
    }
    assert!(checked >= 80, "only {checked} files round-tripped");
    eprintln!("{checked} corpus files: read → write → read exact");
}

#[test]
fn every_op_we_build_writes_as_clf() {
    let log = LogParams {
        base: 10.0,
        log_side_slope: 0.25,
        log_side_offset: 0.4,
        lin_side_slope: 5.0,
        lin_side_offset: 0.05,
        lin_side_break: Some(0.01),
        linear_slope: Some(6.6),
    };
    let per_channel = [
        ExponentParams {
            exponent: 2.4,
            offset: 0.055,
        },
        ExponentParams {
            exponent: 2.2,
            offset: 0.099,
        },
        ExponentParams::IDENTITY,
    ];
    let ops = vec![
        Op::Matrix(Matrix::new(
            [[1.1, -0.1, 1e-30], [0.0, 1.0, 0.0], [0.25, 0.5, 0.25]],
            [0.01, 0.0, -0.5],
        )),
        Op::LinToLog(amfx::ops::CameraLog::new(
            2.0,
            1.0 / 17.52,
            9.72 / 17.52,
            1.0,
            0.0,
            0.0078125,
        )),
        Op::Range(Range::new(Some(0.1), Some(0.9), Some(-0.5), Some(2.0), false).unwrap()),
        Op::Range(Range::new(None, Some(1.0), None, Some(1.0), true).unwrap()),
        Op::Log(Log::new(LogStyle::CameraLogToLin, [log; 3]).unwrap()),
        Op::Log(Log::new(LogStyle::AntiLog10, [LogParams::default(); 3]).unwrap()),
        Op::Exponent(Exponent::new(ExponentStyle::MonCurveMirror, per_channel, true).unwrap()),
        Op::Exponent(
            Exponent::new(
                ExponentStyle::BasicPassThru,
                [ExponentParams {
                    exponent: 2.2,
                    offset: 0.0,
                }; 3],
                false,
            )
            .unwrap(),
        ),
        Op::Cdl(Cdl {
            slope: [1.2, 1.0, 0.8],
            offset: [0.01, 0.0, -0.02],
            power: [1.1, 1.0, 0.9],
            saturation: 0.7,
            style: CdlStyle::Clamp,
            reverse: true,
        }),
        Op::Lut1d(Lut1d::new(vec![0.0, 0.1, 0.2, 0.5, 0.7, 1.5], 3, false).unwrap()),
        Op::Lut3d(
            Lut3d::new(
                2,
                (0..24).map(|i| i as f32 / 23.0 - 0.1).collect(),
                Interpolation::Tetrahedral,
            )
            .unwrap(),
        ),
    ];
    let list = ProcessList::from_ops("urn:uuid:00000000-0000-4000-8000-000000000000", ops);
    let text = clf::write(&list).unwrap();
    let again = clf::read_str(&text, "written.clf").unwrap_or_else(|e| panic!("{e}\n{text}"));
    // The camera log reads back as the general Log op: compare what it does instead.
    assert_eq!(again.nodes.len(), list.nodes.len());
    for (a, b) in list.nodes.iter().zip(&again.nodes) {
        for px in [[0.18f32, 0.5, 0.9], [-0.1, 1.2, 0.02]] {
            assert_eq!(a.op.eval(px), b.op.eval(px), "{:?}", a.op);
        }
    }
}

#[test]
fn inverse_luts_are_refused_by_name() {
    let lut = Lut1d::new(vec![0.0, 0.5, 1.0], 1, false).unwrap();
    let list = ProcessList::from_ops("x", vec![Op::Lut1d(lut.inverse().unwrap())]);
    assert!(matches!(
        clf::write(&list),
        Err(WriteError::NotRepresentable { index: 0, .. })
    ));
}
