//! Hostile inputs: each run of `tjspec` ends in time, in bounded memory,
//! with a clear error. A binary of its own because peak memory is read over
//! every process this binary started, so no other test's children may count.
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
