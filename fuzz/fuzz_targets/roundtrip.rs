//! Read, write, read: a conversion without loss reads back as the same job. The body is `tjspec_fuzz::roundtrip` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::roundtrip(data));
