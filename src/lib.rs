//! tjspec: convert and check AWS SageMaker training job specifications in
//! every form they take — AWS API JSON (CreateTrainingJob /
//! DescribeTrainingJob) and its YAML twin, and Datadog resource rows.
//!
//! The data path: [`syntax`] parses text into positioned document trees;
//! [`format`] reads jobs out of them (through the types and readers
//! generated into `tjspec-model`) and writes them back; [`pipeline`] runs
//! read → [`overrides`] → validate → write for each document;
//! [`diagnostics`] prints what was found; [`cli`] is the command line.
#![forbid(unsafe_code)]

pub mod cli;
pub mod diagnostics;
pub mod format;
pub mod output;
pub mod overrides;
pub mod pipeline;
pub mod source;
pub mod syntax;

pub use tjspec_model as model;
