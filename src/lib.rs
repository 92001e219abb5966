//! The insides of the `tjspec` command, over the `tjspec` library: the
//! argument definitions and commands ([`cli`]), file discovery
//! ([`inputs`]), parallel batches ([`batch`]), safe output files
//! ([`output`]) and the printing of findings ([`diagnostics`]).
//!
//! Not a stable interface: it is a library only so the binary, the tests
//! and the fuzz targets share it. Depend on `tjspec` instead.
#![forbid(unsafe_code)]
#![doc(hidden)]

pub mod batch;
pub mod cli;
pub mod diagnostics;
pub mod inputs;
pub mod output;
pub mod sarif;

// The library's modules, under the paths the command's modules use.
pub(crate) use tjspec::{diff, format, overrides, pipeline, rules, source, stream};
