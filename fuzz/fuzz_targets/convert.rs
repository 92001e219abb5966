//! The whole pipeline for every reader and every writer, as the CLI runs it. The body is `tjspec_fuzz::convert` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::convert(data));
