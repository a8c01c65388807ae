//! Any bytes through the CLF reader, its inverse and the writer (see amfx::fuzzing).
//! The body is a library function so that plugin/tests/fuzz_smoke.rs runs it too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = amfx::fuzzing::clf_read(data);
});
