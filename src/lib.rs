//! tjspec: convert and check AWS SageMaker training job specifications in
//! every form they take — AWS API JSON (CreateTrainingJob /
//! DescribeTrainingJob) and its YAML twin, ACK manifests, Terraform (k8s and
//! AWS providers), flyteidl protobuf and Datadog resource rows.
//!
//! The data path: [`syntax`] parses text into positioned document trees;
//! [`format`](mod@format) reads jobs out of them (through the types and readers
//! generated into `tjspec-model`) and writes them back; [`pipeline`] runs
//! read → [`overrides`] → validate → write for each document;
//! [`diagnostics`] prints what was found; [`cli`] is the command line.
#![forbid(unsafe_code)]

pub mod batch;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod format;
pub mod inputs;
pub mod output;
pub mod overrides;
pub mod pipeline;
pub mod rules;
pub mod source;
pub mod stream;
pub mod syntax;

pub use tjspec_model as model;
