//! Criterion micro-benchmarks of tjspec (`benches/formats.rs`); no library code.
#![forbid(unsafe_code)]
