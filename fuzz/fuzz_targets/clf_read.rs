//! Any bytes through the CLF reader (as the file reader sees them: UTF-8 or refused), then
//! every accepted list through its inverse and the writer: errors, never panics.
#![no_main]

use amfx::clf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text.to_owned(),
        // Odd bytes still reach the XML layer this way, as replacement characters.
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let Ok(list) = clf::read_str(&text, "fuzz.clf") else {
        return;
    };
    let _ = list.inverse_ops();
    if let Ok(written) = clf::write(&list) {
        // A list the reader accepted and the writer wrote must read back.
        if let Err(e) = clf::read_str(&written, "fuzz-written.clf") {
            panic!("the writer's output does not read back: {e}\n{written}");
        }
    }
});
