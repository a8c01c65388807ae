//! Any bytes through the AMF reader, both validation levels and the writer: an error or a
//! document, never a panic, a hang or an allocation out of proportion to the input. What the
//! writer writes from a document the reader accepted must read back.
#![no_main]

use std::path::Path;

use amfx::amf::{self, Level, Limits, ValidationOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("/nonexistent/fuzz/input.amf");
    let Ok(document) = amf::read_bytes(data, path, Limits::default()) else {
        return;
    };
    for level in [Level::Strict, Level::Tolerant] {
        let options = ValidationOptions {
            level,
            catalog: None,
            check_references: false,
        };
        let _ = amf::validate(&document, options);
    }
    let written = amf::writer::write(&document.amf);
    if let Err(e) = amf::read_str(&written, path, Limits::default()) {
        panic!("the writer's output does not read back: {e}\n{written}");
    }
});
