//! tjspec: read, check, convert and compare AWS SageMaker training job
//! specifications in every form they take — AWS API JSON (CreateTrainingJob /
//! DescribeTrainingJob) and its YAML twin, ACK manifests, Terraform (k8s and
//! AWS providers), flyteidl protobuf and Datadog resource rows.
//!
//! The data path: [`syntax`] parses text into positioned document trees;
//! [`format`](mod@format) reads jobs out of them (through the types and readers
//! generated into `tjspec-model`) and writes them back; [`pipeline`] runs
//! read → [`overrides`] → validate → write for each document, and
//! [`report`] ties each finding to its input. The `tjspec` command
//! (the `tjspec-cli` crate) is built on this library.
#![forbid(unsafe_code)]

pub mod config;
pub mod diff;
pub mod format;
pub mod overrides;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod source;
pub mod stream;
pub mod suppress;
pub mod syntax;

pub use tjspec_model as model;
