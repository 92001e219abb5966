//! The YAML stream reader on arbitrary text: every document ends in a tree
//! or an error, never a panic, and the iterator ends.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for doc in tjspec::syntax::yaml::documents(text).take(10_000) {
            let _ = doc;
        }
    }
});
