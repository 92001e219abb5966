//! The streaming splitter the CLI reads long inputs with, chunk by chunk. The body is `tjspec_fuzz::stream` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::stream(data));
