//! Runtime support for the code that `cargo xtask regenerate` writes into
//! `tjspec-model`.
//!
//! The generated types stay plain data; everything they share lives here:
//! a syntax-neutral document tree with source positions ([`node`]), paths and
//! diagnostics ([`path`], [`diag`]), per-format member names ([`binding`]),
//! and the traits the generated code implements to read ([`read`]), write
//! ([`write`](mod@write)) and check ([`validate`]) a value, and to describe
//! each resource of the schema ([`resource`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod binding;
pub mod diag;
pub mod fast_pattern;
pub mod meta;
pub mod node;
pub mod path;
pub mod read;
pub mod resource;
pub mod suggest;
pub mod timestamp;
pub mod validate;
pub mod write;

pub use binding::{Alias, Binding};
pub use diag::{Code, Detail, Diagnostic, NotKept, RuleId, Severity, Suppression, MAX_KEPT};
pub use meta::{MemberMeta, ResourceMeta, ShapeId, ShapeKind, ShapeMeta};
pub use node::{Key, Node, NodeKind, Span, StrStyle};
pub use path::{CanonPath, Seg};
pub use read::{Read, ReadCx, ReadOptions};
pub use resource::Resource;
pub use timestamp::Timestamp;
pub use validate::{Pattern, Validate, Validator};
pub use write::{Out, Write, WriteCx};

/// Ordered map used for the string-keyed maps of a resource
/// (hyperparameters, environment, ...): input order survives a round trip.
pub type Map<V> = indexmap::IndexMap<String, V>;
