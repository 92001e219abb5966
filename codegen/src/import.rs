//! `import-model`: updating the schema from a botocore service model.
//!
//! For every resource, in the index's order, the botocore shapes its create
//! request and describe response reach are compared with the schema's, shape
//! by shape, in the terms of [`audit`] ([`audit::botocore_facts`],
//! [`audit::model_facts`]). What botocore adds or changes becomes an edit of
//! the file that defines the shape (a new shape goes into the file of the
//! first resource that reaches it): new members and shapes with their facts
//! and no `doc` (`regenerate` refuses them until someone writes one), changed
//! constraints, required-ness and shapes, new enum values. Edits are made to
//! the text (the `text` module), so every line they do not touch stays as
//! written. What botocore no longer has is reported, never removed. The
//! result is audited again; what still differs is reported.

mod edit;
mod plan;
mod text;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::audit;
use crate::model::Model;
use crate::schema;
use edit::apply;
use plan::Plan;
use text::Text;

/// Why an import could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The schema does not load.
    #[error(transparent)]
    Schema(#[from] crate::Error),
    /// The input is not a botocore service model the schema's resources are in.
    #[error("not a botocore model of this schema: {0}")]
    NotBotocore(String),
    /// The model is of another API version.
    #[error("the botocore model is of API version {model}, the schema of {schema}")]
    ApiVersion {
        /// The model's `metadata.apiVersion`.
        model: String,
        /// The schema's `source.api_version`.
        schema: String,
    },
    /// A shape the resources reach has a type the schema cannot describe.
    #[error("botocore shape `{shape}` is of type `{ty}`, which the schema cannot describe")]
    Unsupported {
        /// The shape.
        shape: String,
        /// Its botocore type.
        ty: String,
    },
    /// A botocore name that cannot be written as a plain key of the schema.
    #[error("botocore name `{0}` is not a plain name (letters, digits, `_`)")]
    Name(String),
    /// The file is not laid out as the schema files are (block style, two
    /// spaces per level), so the edit has no place.
    #[error("{}: cannot find {what} (block-style YAML, two spaces per level, expected); edit it by hand", .path.display())]
    Layout {
        /// The file.
        path: PathBuf,
        /// What was looked for.
        what: String,
    },
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Import {
    /// The new text of each file that changed, in the index's order.
    pub files: Vec<(PathBuf, String)>,
    /// One line per change, prefixed with its file's name.
    pub changes: Vec<String>,
    /// What the import left for a maintainer: what botocore no longer has,
    /// changes of type, facts the schema cannot carry, and whatever the
    /// audit of the result still finds.
    pub notes: Vec<String>,
    /// The members and structures it added without a doc.
    pub undocumented: usize,
}

/// The files of a schema directory: the index first, then the resource
/// files in its order.
struct Files {
    paths: Vec<PathBuf>,
    names: Vec<String>,
    texts: Vec<Text>,
}

/// Imports the botocore model `botocore_json` into the schema in `dir`,
/// recording `botocore` (a release, `1.44.5`) as its source when given.
/// Nothing is written: the caller writes [`Import::files`].
pub fn import(
    dir: &Path,
    botocore_json: &str,
    botocore: Option<&str>,
) -> Result<Import, ImportError> {
    let (files, model) = read_files(dir)?;
    let doc: Value =
        serde_json::from_str(botocore_json).map_err(|e| ImportError::NotBotocore(e.to_string()))?;
    let shapes = doc
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or_else(|| ImportError::NotBotocore("no `shapes`".into()))?;
    if let Some(v) = doc.pointer("/metadata/apiVersion").and_then(Value::as_str) {
        if v != model.source.api_version {
            return Err(ImportError::ApiVersion {
                model: v.to_owned(),
                schema: model.source.api_version.clone(),
            });
        }
    }

    let mut plan = Plan::new(&model, shapes, &files.names);
    if let Some(v) = botocore.filter(|v| *v != model.source.botocore) {
        plan.source(v);
    }
    for (r, resource) in model.resources.iter().enumerate() {
        plan.resource(r, resource)?;
    }
    let (edits, mut notes, undocumented) = plan.finish();

    let mut texts = files.texts.clone();
    let mut changes = Vec::with_capacity(edits.len());
    for (file, edit, line) in edits {
        apply(&mut texts[file], &edit).map_err(|what| ImportError::Layout {
            path: files.paths[file].clone(),
            what,
        })?;
        changes.push(format!("{}: {line}", files.names[file]));
    }
    let rendered: Vec<String> = texts.iter().map(Text::render).collect();
    notes.extend(audit_again(&rendered, botocore_json));
    let files = files
        .paths
        .iter()
        .zip(files.texts.iter().zip(rendered))
        .filter(|(_, (old, new))| old.render() != *new)
        .map(|(path, (_, new))| (path.clone(), new))
        .collect();
    Ok(Import {
        files,
        changes,
        notes,
        undocumented,
    })
}

/// The schema's files and its model (resolved, not checked as a graph).
fn read_files(dir: &Path) -> Result<(Files, Model), ImportError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
            path: path.to_owned(),
            source,
        })
    };
    let index_path = dir.join(crate::INDEX);
    let index_text = read(&index_path)?;
    let index = schema::parse_index(&index_text).map_err(|message| crate::Error::Syntax {
        path: index_path.clone(),
        message,
    })?;
    let mut files = Files {
        paths: vec![index_path],
        names: vec![crate::INDEX.to_owned()],
        texts: vec![Text::new(&index_text)],
    };
    let mut parsed = Vec::with_capacity(index.resources.len());
    for name in &index.resources {
        let path = dir.join(name);
        let text = read(&path)?;
        parsed.push(
            schema::parse(&text).map_err(|message| crate::Error::Syntax {
                path: path.clone(),
                message,
            })?,
        );
        files.texts.push(Text::new(&text));
        files.paths.push(path);
        files.names.push(name.clone());
    }
    let model = Model::resolve(index.source, parsed).map_err(|problems| crate::Error::Invalid {
        path: files.paths[0].clone(),
        problems,
    })?;
    Ok((files, model))
}

/// The audit of the imported texts: whatever still differs (what botocore
/// no longer has, what the schema cannot carry) or why they do not load.
fn audit_again(texts: &[String], botocore_json: &str) -> Vec<String> {
    let built = schema::parse_index(&texts[0]).and_then(|index| {
        let files = texts[1..]
            .iter()
            .map(|t| schema::parse(t))
            .collect::<Result<Vec<_>, _>>()?;
        Model::build(index.source, files).map_err(|p| p.join("; "))
    });
    match built {
        Err(e) => vec![format!("the imported schema does not load: {e}")],
        Ok(model) => match audit::audit(&model, botocore_json) {
            Err(e) => vec![format!("the imported schema cannot be audited: {e}")],
            // What botocore no longer has is noted member by member already.
            Ok(report) => report
                .differences
                .into_iter()
                .filter(|d| !d.ends_with(": in the schema but not in the model"))
                .map(|d| format!("audit after import: {d}"))
                .collect(),
        },
    }
}
