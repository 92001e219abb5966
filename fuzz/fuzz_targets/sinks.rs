//! The output sinks of `convert -o FILE` and `--out-dir DIR`. The body is `tjspec_fuzz::sinks` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::sinks(data));
