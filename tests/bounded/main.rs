//! Hostile inputs: each run of `tjspec` ends in time, in bounded memory,
//! with a clear error. Peak memory is measured per run of `tjspec`
//! (`tests/common/limits.rs`).
//! The 100 MB inputs (`hostile_large`) are `#[ignore]`d: CI runs them through
//! the release binary (`cargo test --release --test bounded -- --ignored`).

#[path = "../common/mod.rs"]
mod common;

mod endless;
mod findings;
mod hcl_keys;
mod hostile;
mod hostile_large;
mod protobuf_budget;
mod sm_operator_pairs;
