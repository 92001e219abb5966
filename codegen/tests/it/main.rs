//! The generator's integration tests, one binary (each file a module): one
//! link of the generator and its dependencies instead of one per file.

mod ack_binding;
mod fast_patterns;
mod import_model;
mod schema_errors;
mod second_resource;
mod sm_operator_binding;
