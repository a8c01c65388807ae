//! An AMF and the CLF it names, both fuzzed, written to a scratch folder and built into a
//! pipeline (forward and inverted), which then runs over a few pixels: errors, never panics.
//!
//! Input: `AMF bytes`, then optionally `\n--CLF--\n` and the bytes of `look.clf` (a small
//! valid CLF is written when there is no separator).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use amfx::amf;
use amfx::pipeline::{self, BuildOptions};
use libfuzzer_sys::fuzz_target;

const SEPARATOR: &[u8] = b"\n--CLF--\n";
const DEFAULT_CLF: &[u8] = br#"<ProcessList id="fuzz" compCLFversion="3.0">
<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">1 0 0 0 1 0 0 0 1.5</Array></Matrix>
</ProcessList>"#;

/// One scratch folder per fuzzing process.
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("amfx-fuzz-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    })
}

fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        Some(at) => (&data[..at], &data[at + SEPARATOR.len()..]),
        None => (data, DEFAULT_CLF),
    }
}

fuzz_target!(|data: &[u8]| {
    let (amf_bytes, clf_bytes) = split(data);
    let dir = folder();
    let amf_path = dir.join("input.amf");
    std::fs::write(&amf_path, amf_bytes).expect("write the AMF");
    std::fs::write(dir.join("look.clf"), clf_bytes).expect("write the CLF");
    let Ok(document) = amf::read_file(&amf_path) else {
        return;
    };
    for inverse in [false, true] {
        let options = BuildOptions {
            inverse,
            ..BuildOptions::default()
        };
        if let Ok(built) = pipeline::build(&document.amf, &amf_path, &options) {
            for rgb in [[0.18f32, 0.18, 0.18], [-1.0, 0.0, 65504.0], [f32::NAN, 1.0, 0.5]] {
                let _ = built.pipeline.eval_rgb(rgb);
            }
            let (mut r, mut g, mut b) = (vec![0.5f32; 70], vec![-0.25f32; 70], vec![8.0f32; 70]);
            built.pipeline.apply(&mut r, &mut g, &mut b);
        }
    }
});
