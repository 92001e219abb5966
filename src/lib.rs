//! tjspec: convert and check AWS SageMaker training job specifications.
#![forbid(unsafe_code)]

pub mod syntax;
