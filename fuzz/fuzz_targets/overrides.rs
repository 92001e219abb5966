//! `--set` and `--overlay` applied to a job. The body is `tjspec_fuzz::overrides` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::overrides(data));
