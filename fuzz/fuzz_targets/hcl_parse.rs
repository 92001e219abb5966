//! The positioned HCL parser (with its nesting limit and key-path scan) on
//! arbitrary text: errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tjspec::syntax::hcl::parse(text);
    }
});
