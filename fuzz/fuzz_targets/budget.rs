//! Inputs up to 1 MiB, a fuzzed input repeated: time and memory budgets. The body is `tjspec_fuzz::budget` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::budget(data));
