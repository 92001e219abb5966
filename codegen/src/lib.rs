//! The tjspec generator: canonical schema (`schema/`) → model → Rust code
//! (`generated/`).
//!
//! The stages are separate modules so each does one job:
//! [`schema`] loads the YAML as written, [`model`] checks it and resolves
//! references into a model, [`ident`] and [`pattern`] turn API names and
//! patterns into their Rust forms, and [`emit`] turns the model into token
//! streams, one emitter per concern, formatted with `prettyplease`.
//! Formats that name members by a rule have it in [`naming`]; their
//! exceptions live in `schema/bindings/` ([`ack`], [`terraform`]).
#![forbid(unsafe_code)]

pub mod ack;
pub mod aliases;
pub mod audit;
pub mod emit;
pub mod ident;
pub mod model;
pub mod naming;
pub mod pattern;
pub mod schema;
pub mod terraform;
pub mod xform;

use std::path::{Path, PathBuf};

pub use emit::GeneratedFile;
pub use model::Model;

/// Everything that can go wrong while generating.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The schema file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The schema file is not valid YAML or does not have the expected keys.
    #[error("{path}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// What the YAML reader said (with line and column).
        message: String,
    },
    /// The schema is well-formed but inconsistent.
    #[error("{path}: {}", .problems.join("\n  "))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<String>,
    },
}

/// The paths of a field list in `schema/bindings/` (one per line, `#`
/// comments and blank lines ignored).
pub fn listed_paths(text: &str) -> std::collections::BTreeSet<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

impl Error {
    /// A YAML reader's error about `path`: its snippet names the file, and
    /// a suggestion meant for the reader's API (not for a schema's author)
    /// is left out.
    fn syntax(path: &Path, message: &str) -> Self {
        let message = message
            .replace("<input>", &path.display().to_string())
            .replace(", set DuplicateKeyPolicy in Options if acceptable", "");
        Error::Syntax {
            path: path.to_owned(),
            message,
        }
    }
}

/// Loads and checks the schema at `path`, with the format bindings in
/// `bindings/` beside it.
pub fn load(path: &Path) -> Result<Model, Error> {
    let mut model = load_job(path)?;
    let ack_path = path.with_file_name("bindings").join("ack.yaml");
    let text = std::fs::read_to_string(&ack_path).map_err(|source| Error::Io {
        path: ack_path.clone(),
        source,
    })?;
    let raw = ack::parse(&text).map_err(|message| Error::syntax(&ack_path, &message))?;
    let built = ack::Ack::build(raw, &model).map_err(|problems| Error::Invalid {
        path: ack_path,
        problems,
    })?;
    // The CRD built from the schema must be the controller's, field for
    // field: a member AWS adds is classified, never written silently.
    let fields_path = path.with_file_name("bindings").join("ack-crd-fields.txt");
    let listed = std::fs::read_to_string(&fields_path).map_err(|source| Error::Io {
        path: fields_path.clone(),
        source,
    })?;
    ack::check_controller_fields(&model, &built, &listed).map_err(|problems| Error::Invalid {
        path: fields_path,
        problems,
    })?;
    model.ack = Some(built);
    let tf_path = path.with_file_name("bindings").join("tf-aws.yaml");
    let text = std::fs::read_to_string(&tf_path).map_err(|source| Error::Io {
        path: tf_path.clone(),
        source,
    })?;
    let raw = terraform::parse(&text).map_err(|message| Error::syntax(&tf_path, &message))?;
    let built = terraform::Terraform::build(raw, &model).map_err(|problems| Error::Invalid {
        path: tf_path,
        problems,
    })?;
    // Likewise the resource's arguments.
    let arguments_path = path.with_file_name("bindings").join("tf-aws-arguments.txt");
    let listed = std::fs::read_to_string(&arguments_path).map_err(|source| Error::Io {
        path: arguments_path.clone(),
        source,
    })?;
    built
        .check_aws_arguments(&model, &listed)
        .map_err(|problems| Error::Invalid {
            path: arguments_path,
            problems,
        })?;
    model.terraform = Some(built);
    let aliases_path = path.with_file_name("bindings").join("aliases.yaml");
    let text = std::fs::read_to_string(&aliases_path).map_err(|source| Error::Io {
        path: aliases_path.clone(),
        source,
    })?;
    let aliases =
        aliases::parse(&text).map_err(|message| Error::syntax(&aliases_path, &message))?;
    aliases::check(&model, &aliases).map_err(|problems| Error::Invalid {
        path: aliases_path,
        problems,
    })?;
    model.aliases = aliases;
    Ok(model)
}

/// Loads and checks the job schema at `path` alone.
fn load_job(path: &Path) -> Result<Model, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let raw = schema::parse(&text).map_err(|message| Error::syntax(path, &message))?;
    Model::build(raw).map_err(|problems| Error::Invalid {
        path: path.to_owned(),
        problems,
    })
}

/// Generates every file from the schema at `schema_path`: the code of the
/// `tjspec-model` crate (under `generated/`) and the exports (JSON Schemas,
/// field matrix); paths are relative to the workspace root.
pub fn generate(schema_path: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let model = load(schema_path)?;
    let mut files: Vec<GeneratedFile> = emit::all(&model)
        .into_iter()
        .map(|f| GeneratedFile {
            path: format!("generated/{}", f.path),
            contents: f.contents,
        })
        .collect();
    files.extend(emit::exports(&model));
    Ok(files)
}

/// The directories (relative to the workspace root) that hold generated
/// files; a generated file there that [`generate`] no longer makes is stale.
pub const GENERATED_DIRS: &[&str] = &["generated", "docs"];
