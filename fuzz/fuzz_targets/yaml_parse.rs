//! The YAML parser on any text. The body is `tjspec_fuzz::yaml_parse` (`fuzz/src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tjspec_fuzz::yaml_parse(data));
