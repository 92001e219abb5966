//! `tjspec diff` between jobs. The body is `tjspec_fuzz::diff` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::diff(data));
