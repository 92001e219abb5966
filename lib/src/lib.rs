//! tjspec: read, check, convert and compare AWS SageMaker training job
//! specifications in every form they take — AWS API JSON (CreateTrainingJob /
//! DescribeTrainingJob) and its YAML twin, ACK manifests, Terraform (k8s and
//! AWS providers), flyteidl protobuf and Datadog resource rows.
//!
//! The common cases are one call each: [`read()`], [`validate()`], [`convert()`]
//! (to bytes, with every finding and loss) and [`diff()`]. Each runs the same
//! pipeline as the `tjspec` command, so the findings are the ones it prints;
//! a [`Report`] prints itself on one line.
//!
//! ```
//! use tjspec::{FormatId, Input};
//!
//! let input = Input::new("job.json", br#"{
//!   "TrainingJobName": "churn",
//!   "RoleArn": "arn:aws:iam::111122223333:role/SageMaker",
//!   "AlgorithmSpecification": {"TrainingImage": "acme/churn:1", "TrainingInputMode": "File"},
//!   "OutputDataConfig": {"S3OutputPath": "s3://acme/out/"},
//!   "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
//!   "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
//! }"#.to_vec());
//! let conversion = tjspec::convert(&input, FormatId::Ack)?;
//! for finding in &conversion.reports {
//!     eprintln!("{finding}");
//! }
//! assert!(conversion.is_ok());
//! let manifest = String::from_utf8(conversion.output)?;
//! assert!(manifest.contains(r#"roleARN: "arn:aws:iam::111122223333:role/SageMaker""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! For more control, [`pipeline::process`] takes [`Settings`]
//! (`Settings::new().to(FormatId::Ack).strict(true)`); the jobs come back
//! typed ([`model::TrainingJob`], from the `tjspec-model` crate).
//!
//! The data path: the parsers turn text into positioned document trees;
//! [`format`](mod@format) reads jobs out of them (through the types and readers
//! generated into `tjspec-model`) and writes them back; [`pipeline`] runs
//! read → [`overrides`] → validate → write for each document, and
//! [`report`] ties each finding to its input. The `tjspec` command
//! (the `tjspec-cli` crate) is built on this library.
#![forbid(unsafe_code)]

pub mod config;
pub mod diff;
mod facade;
pub mod format;
mod options;
pub mod overrides;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod source;
pub mod stream;
pub mod suppress;
// The parsers and printers are the library's insides: their trees and
// budgets change with the formats. tjspec's own tests, fuzz targets and
// benches reach them through the `internals` feature, which is not an API.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod syntax;
#[cfg(not(feature = "internals"))]
mod syntax;

pub use facade::{convert, convert_with, diff, process, read, render, validate, Conversion, Input};
pub use format::flyteidl::images::DEFAULT_REGION;
pub use format::terraform::TfK8sKind;
pub use format::{Doc, Envelope, FormatId, ReadOptions, RenderError, WriteOptions};
pub use options::{check_namespace, InvalidNamespace};
pub use pipeline::{Outcome, Settings};
pub use report::Report;
pub use tjspec_model as model;
pub use tjspec_runtime::{Code, Diagnostic, RuleId, Severity};
