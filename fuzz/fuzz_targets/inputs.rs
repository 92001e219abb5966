//! Input expansion: files, directories and glob patterns. The body is `tjspec_fuzz::inputs` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::inputs(data));
