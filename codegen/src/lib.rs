//! The tjspec generator: canonical schema (`schema/`) → model → Rust code
//! (`generated/`).
//!
//! The stages are separate modules so each does one job:
//! [`schema`] loads the YAML as written (an index and one file per
//! resource), [`model`] checks it and resolves references into a model of
//! resources over one pool of shapes, [`ident`] and [`pattern`] turn API
//! names and patterns into their Rust forms, and [`emit`] turns the model
//! and the bindings into token streams, one emitter per concern, formatted
//! with `prettyplease`. The bindings ([`sources`]) are inputs beside the
//! model: formats that name members by a rule have it in [`naming`] and
//! [`xform`]; their exceptions live in `schema/bindings/` ([`ack`],
//! [`terraform`], [`aliases`]); [`crd`] builds an ACK custom resource.
#![forbid(unsafe_code)]

pub mod ack;
pub mod aliases;
pub mod audit;
pub mod binding;
pub mod crd;
pub mod emit;
pub mod ident;
pub mod import;
pub mod instance_families;
pub mod model;
pub mod naming;
pub mod pattern;
pub mod schema;
pub mod sm_operator;
pub mod sources;
pub mod terraform;
pub mod xform;

use std::path::{Path, PathBuf};

pub use emit::GeneratedFile;
pub use model::Model;
pub use sources::Bindings;

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
    /// Members or structures have no `doc` (as `import-model` adds them):
    /// each is named, so a member AWS added cannot pass unnoticed.
    #[error(
        "{} schema entries have no doc; give each a one-line `doc:` in your own words:\n  {}",
        .entries.len(),
        .entries.iter().map(|(path, what)| format!("{}: {what} is undocumented", path.display())).collect::<Vec<_>>().join("\n  ")
    )]
    Undocumented {
        /// Each entry: the file and what it is (`member `Shape.Member``).
        entries: Vec<(PathBuf, String)>,
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

pub use binding::listed_paths;

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

/// The checked schema and the binding sources read beside it.
#[derive(Debug)]
pub struct Schema {
    /// The resources and their shapes.
    pub model: Model,
    /// How the formats name them.
    pub bindings: Bindings,
}

/// The index file of a schema directory.
pub const INDEX: &str = "schema.yaml";

/// The schema directory `path` names: the directory itself, or the one
/// holding a file of it (`schema/trainingjob.yaml` names `schema/`).
fn schema_dir(path: &Path) -> &Path {
    if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new("."))
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

/// Loads and checks the schema in the directory `path` (or the directory of
/// the file `path`): the resources its index lists, with the format
/// bindings in `bindings/` beside them.
pub fn load(path: &Path) -> Result<Schema, Error> {
    let dir = schema_dir(path);
    let (index, files) = read_files(dir)?;
    let entries: Vec<(PathBuf, String)> = files
        .iter()
        .flat_map(|(path, file)| {
            file.undocumented()
                .into_iter()
                .map(move |what| (path.clone(), what))
        })
        .collect();
    if !entries.is_empty() {
        return Err(Error::Undocumented { entries });
    }
    let model = build_model(dir, index, files)?;
    let bindings_dir = dir.join("bindings");

    let ack_path = bindings_dir.join("ack.yaml");
    let raw =
        ack::parse(&read(&ack_path)?).map_err(|message| Error::syntax(&ack_path, &message))?;
    let ack = ack::Ack::build(raw, &model).map_err(|problems| Error::Invalid {
        path: ack_path,
        problems,
    })?;
    // Each CRD built from the schema must be the controller's, field for
    // field: a member AWS adds is classified, never written silently.
    for crd in &ack.crds {
        let fields_path = bindings_dir.join(&crd.fields);
        let listed = read(&fields_path)?;
        crd::check_controller_fields(&model, &ack, crd, &listed).map_err(|problems| {
            Error::Invalid {
                path: fields_path,
                problems,
            }
        })?;
    }

    let tf_path = bindings_dir.join("tf-aws.yaml");
    let raw =
        terraform::parse(&read(&tf_path)?).map_err(|message| Error::syntax(&tf_path, &message))?;
    let tf = terraform::Terraform::build(raw, &model, &ack).map_err(|problems| Error::Invalid {
        path: tf_path,
        problems,
    })?;
    // Likewise each provider resource's arguments.
    for r in &tf.resources {
        let arguments_path = bindings_dir.join(&r.arguments);
        let listed = read(&arguments_path)?;
        tf.check_aws_arguments(&model, r, &listed)
            .map_err(|problems| Error::Invalid {
                path: arguments_path,
                problems,
            })?;
    }

    let mut bindings = Bindings::new(&model, Some(ack), Some(tf));

    // The SageMaker Operators for Kubernetes: names decided by the CRD's
    // field list, and the CRD built from them checked against it.
    let op_path = bindings_dir.join("sm-operator.yaml");
    let raw = sm_operator::parse(&read(&op_path)?)
        .map_err(|message| Error::syntax(&op_path, &message))?;
    let mut read_fields = |name: &str| {
        let text = std::fs::read_to_string(bindings_dir.join(name))
            .map_err(|e| vec![format!("cannot read {name}: {e}")])?;
        sm_operator::parse_fields(&text)
            .map_err(|p| p.into_iter().map(|p| format!("{name}: {p}")).collect())
    };
    let op = sm_operator::SmOperator::build(raw, &model, &mut read_fields).map_err(|problems| {
        Error::Invalid {
            path: op_path.clone(),
            problems,
        }
    })?;
    for crd in &op.crds {
        sm_operator::check_fields(&model, &op, crd).map_err(|problems| Error::Invalid {
            path: bindings_dir.join(&crd.fields),
            problems,
        })?;
    }
    bindings.add_sm_operator(op);
    let aliases_path = bindings_dir.join("aliases.yaml");
    let aliases = aliases::parse(&read(&aliases_path)?)
        .map_err(|message| Error::syntax(&aliases_path, &message))?;
    aliases::check(&model, &bindings.formats, &aliases).map_err(|problems| Error::Invalid {
        path: aliases_path,
        problems,
    })?;
    bindings.aliases = aliases;
    Ok(Schema { model, bindings })
}

/// Loads and checks the resources of the schema in the directory `path`
/// (or the directory of the file `path`) alone, without bindings.
/// Members without a `doc` are accepted here (`audit-model` and
/// `import-model` read such a schema); [`load`] refuses them.
pub fn load_model(path: &Path) -> Result<Model, Error> {
    let dir = schema_dir(path);
    let (index, files) = read_files(dir)?;
    build_model(dir, index, files)
}

/// The index and the resource files it lists, each with its path.
type Files = (schema::IndexFile, Vec<(PathBuf, schema::ResourceFile)>);

fn read_files(dir: &Path) -> Result<Files, Error> {
    let index_path = dir.join(INDEX);
    let index = schema::parse_index(&read(&index_path)?)
        .map_err(|message| Error::syntax(&index_path, &message))?;
    let mut files = Vec::with_capacity(index.resources.len());
    for name in &index.resources {
        let path = dir.join(name);
        let file =
            schema::parse(&read(&path)?).map_err(|message| Error::syntax(&path, &message))?;
        files.push((path, file));
    }
    Ok((index, files))
}

fn build_model(
    dir: &Path,
    index: schema::IndexFile,
    files: Vec<(PathBuf, schema::ResourceFile)>,
) -> Result<Model, Error> {
    let files = files.into_iter().map(|(_, file)| file).collect();
    Model::build(index.source, files).map_err(|problems| Error::Invalid {
        path: dir.join(INDEX),
        problems,
    })
}

/// Generates every file from the schema in the directory `schema_path` (or
/// the directory of the file `schema_path`): the code of the `tjspec-model`
/// crate (under `generated/`) and the exports (JSON Schemas, field matrix);
/// paths are relative to the workspace root.
pub fn generate(schema_path: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let Schema { model, bindings } = load(schema_path)?;
    let mut files: Vec<GeneratedFile> = emit::all(&model, &bindings)
        .into_iter()
        .map(|f| GeneratedFile {
            path: format!("generated/{}", f.path),
            contents: f.contents,
        })
        .collect();
    files.extend(emit::exports(&model, &bindings));
    let dir = schema_dir(schema_path);
    let families_path = dir.join("instance_families.yaml");
    let families = instance_families::parse(&read(&families_path)?)
        .map_err(|message| Error::syntax(&families_path, &message))?;
    instance_families::check(&model, &families).map_err(|problems| Error::Invalid {
        path: families_path,
        problems,
    })?;
    let mut file = emit::rust_file(
        "src/instance_families.rs",
        instance_families::emit(&families),
    );
    file.path = format!("generated/{}", file.path);
    files.push(file);
    Ok(files)
}

/// The directories (relative to the workspace root) that hold generated
/// files; a generated file there that [`generate`] no longer makes is stale.
pub const GENERATED_DIRS: &[&str] = &["generated", "docs"];
