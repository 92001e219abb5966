//! Terraform HCL, in the two shapes providers give a training job.
//!
//! - `tf-k8s`: the metio/k8s provider's ACK TrainingJob manifest, the data
//!   source `k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest`
//!   (written by default) or the older resource
//!   `k8s_sagemaker_services_k8s_aws_training_job_v1alpha1` (read both; write
//!   it with `--tf-k8s-kind resource`). The body is
//!   `metadata = { name, namespace, labels, annotations }` and `spec = { … }`,
//!   every nested structure an object attribute and every list of
//!   structures a list of objects.
//! - `tf-aws`: hashicorp/aws `resource "aws_sagemaker_training_job"`: the
//!   job's members as top-level arguments, nested structures as blocks,
//!   lists of structures as repeated blocks, `tags` as a map.
//!
//! A file may hold several training-job blocks: each is one document, in
//! file order; other blocks (providers, variables, outputs) are skipped
//! with a note. The block label is kept in the envelope and written back;
//! without one, the label derives from `metadata.name` or the job name.
//!
//! Values that are expressions (`var.x`, `aws_iam_role.r.arn`,
//! `"s3://${var.bucket}/out"`) cannot become JSON or YAML: each is an
//! error with its position, unless `--keep-expressions`, which carries them
//! verbatim to an HCL output (the job holds a placeholder meanwhile, which
//! validation leaves alone); `reshape` rewrites a `tags` expression for
//! the other dialect's shape. The provider's own arguments of the tf-aws
//! resource (`region`, `timeouts`, …) are kept beside the job (`provider`).

mod provider;
mod reshape;

use std::borrow::Cow;

use tjspec_model::bindings::tf_aws::TF_AWS;
use tjspec_model::bindings::tf_k8s::TF_K8S;
use tjspec_model::{TrainingJob, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{
    Binding, CanonPath, Diagnostic, Key, Node, NodeKind, Out, Read, ReadCx, Seg, ShapeId, Span,
    StrStyle, Write, WriteCx,
};

use super::{
    Doc, Envelope, Expression, Format, FormatId, Lost, ReadDoc, ReadOptions, WriteOptions,
};
use crate::source::Source;
use crate::syntax::hcl::{self, Block, Structure};
use crate::syntax::out_hcl::{self, Item};
use tjspec_runtime::Code;

/// The metio/k8s data source (current provider versions).
pub const K8S_DATA: &str = "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest";
/// The metio/k8s resource (provider versions before 2024.3.30).
pub const K8S_RESOURCE: &str = "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1";
/// The hashicorp/aws resource.
pub const AWS_RESOURCE: &str = "aws_sagemaker_training_job";

/// Which block `tf-k8s` output uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TfK8sKind {
    /// `data "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest"`.
    #[default]
    Data,
    /// `resource "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1"` (older providers).
    Resource,
}

/// The metio/k8s TrainingJob manifest.
pub struct TfK8s;

/// The hashicorp/aws `aws_sagemaker_training_job` resource.
pub struct TfAws;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    K8s,
    Aws,
}

/// Terraform's own arguments and blocks, valid in any resource or data
/// block; they are not part of the job (kept in the envelope, reported as
/// not carried).
const META_ARGUMENTS: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

impl Dialect {
    fn id(self) -> FormatId {
        match self {
            Dialect::K8s => FormatId::TfK8s,
            Dialect::Aws => FormatId::TfAws,
        }
    }

    fn binding(self) -> &'static Binding {
        match self {
            Dialect::K8s => &TF_K8S,
            Dialect::Aws => &TF_AWS,
        }
    }

    /// The spelled path of the job root in a document.
    fn prefix(self) -> &'static str {
        match self {
            Dialect::K8s => "spec",
            Dialect::Aws => "",
        }
    }

    fn is_job(self, kind: &str, ty: &str) -> bool {
        match self {
            Dialect::K8s => {
                (kind == "data" && ty == K8S_DATA) || (kind == "resource" && ty == K8S_RESOURCE)
            }
            Dialect::Aws => kind == "resource" && ty == AWS_RESOURCE,
        }
    }
}

/// Tells tf-k8s from tf-aws by the training-job blocks a file declares.
pub fn detect(text: &str) -> Result<FormatId, super::DetectError> {
    let (mut k8s, mut aws) = (false, false);
    for line in text.lines() {
        let t = line.trim_start();
        if !(t.starts_with("data") || t.starts_with("resource")) {
            continue;
        }
        k8s |= t.contains(&format!("\"{K8S_DATA}\"")) || t.contains(&format!("\"{K8S_RESOURCE}\""));
        aws |= t.contains(&format!("\"{AWS_RESOURCE}\""));
    }
    match (k8s, aws) {
        (true, false) => Ok(FormatId::TfK8s),
        (false, true) => Ok(FormatId::TfAws),
        (true, true) => Err(super::DetectError::BothTerraformDialects),
        (false, false) => Err(super::DetectError::NoTerraformBlock),
    }
}

// ---------------------------------------------------------------- reading

fn read(dialect: Dialect, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
    let (items, key_errors) = match hcl::parse(&source.text) {
        Ok(x) => x,
        Err(e) => {
            return vec![ReadDoc::failed(0, e.into_diagnostic())];
        }
    };
    let mut notes = Vec::new();
    let mut docs: Vec<ReadDoc> = Vec::new();
    let mut addresses = std::collections::HashSet::new();
    for (top, item) in items.into_iter().enumerate() {
        match item {
            Structure::Block(b)
                if b.labels.len() == 2 && dialect.is_job(&b.ident.name, &b.labels[0].name) =>
            {
                // Terraform's address: `type.name`, `data.type.name`.
                let address = match b.ident.name.as_str() {
                    "resource" => format!("{}.{}", b.labels[0].name, b.labels[1].name),
                    kind => format!("{kind}.{}.{}", b.labels[0].name, b.labels[1].name),
                };
                let label_span = b.labels[1].span;
                let repeated = !addresses.insert(address.clone());
                let mut doc = read_block(dialect, docs.len(), b, options);
                if repeated {
                    // Terraform refuses two blocks with one address.
                    doc.diagnostics.push(
                        Diagnostic::error(
                            Code::DuplicateKey,
                            format!("`{address}` is declared twice in the file"),
                        )
                        .with_span(label_span)
                        .with_hint("give each block a label of its own"),
                    );
                }
                for k in key_errors.iter().filter(|k| k.top == top) {
                    doc.diagnostics.push(
                        Diagnostic::error(
                            Code::Expression,
                            format!("object key `{}` is not a literal string", k.text),
                        )
                        .with_span(k.span)
                        .with_hint("write the key as a name or a quoted string"),
                    );
                }
                docs.push(doc);
            }
            Structure::Block(b) => {
                let what = std::iter::once(b.ident.name.as_str())
                    .chain(b.labels.iter().map(|l| l.name.as_str()))
                    .collect::<Vec<_>>()
                    .join(" ");
                let other = match dialect {
                    Dialect::K8s => Dialect::Aws,
                    Dialect::Aws => Dialect::K8s,
                };
                let mut d = Diagnostic::note(
                    Code::Skipped,
                    format!("`{what}` is not a {} training job; skipped", dialect.id()),
                )
                .with_span(b.ident.span);
                if b.labels.len() == 2 && other.is_job(&b.ident.name, &b.labels[0].name) {
                    d.hint = Some(format!("read it with --from {}", other.id()));
                }
                notes.push(d);
            }
            Structure::Attribute { key, .. } => notes.push(
                Diagnostic::note(
                    Code::Skipped,
                    format!(
                        "top-level attribute `{}` is not a training job; skipped",
                        key.name
                    ),
                )
                .with_span(key.span),
            ),
        }
    }
    if docs.is_empty() {
        let mut d = ReadDoc::failed(
            0,
            Diagnostic::error(
                Code::NoJob,
                match dialect {
                    Dialect::K8s => format!(
                        "no `data \"{K8S_DATA}\"` or `resource \"{K8S_RESOURCE}\"` block in the input"
                    ),
                    Dialect::Aws => {
                        format!("no `resource \"{AWS_RESOURCE}\"` block in the input")
                    }
                },
            ),
        );
        d.diagnostics.extend(notes);
        return vec![d];
    }
    let first = &mut docs[0].diagnostics;
    first.splice(0..0, notes);
    docs
}

fn read_block(dialect: Dialect, index: usize, block: Block, options: &ReadOptions) -> ReadDoc {
    let mut diags = Vec::new();
    let mut envelope = Envelope {
        from: Some(dialect.id()),
        label: block.labels.get(1).map(|l| l.name.clone()),
        ..Envelope::default()
    };
    // Where a member the block lacks is reported: its `resource` keyword.
    let block_at = block.ident.span;
    let mut root = match dialect {
        Dialect::K8s => k8s_body(block, &mut envelope, &mut diags),
        Dialect::Aws => {
            let mut body = aws_body(
                block.body,
                Some(SCHEMA.root),
                true,
                &mut envelope,
                &mut diags,
            );
            if !body.span.is_known() {
                body.span = block_at;
            }
            body
        }
    };
    if let Some(meta) = &mut envelope.metadata {
        metadata_expressions(meta, options.keep_expressions, &mut diags);
    }
    let mut canon = Vec::new();
    let mut resolver = Resolver {
        dialect,
        keep: options.keep_expressions,
        expressions: Vec::new(),
        diags: &mut diags,
    };
    resolver.walk(&mut root, SCHEMA.root, &mut canon);
    envelope.expressions = resolver.expressions;
    let mut cx = ReadCx::new(dialect.binding(), options.members, dialect.prefix());
    let job = if matches!(root.kind, NodeKind::Map(_)) {
        TrainingJob::read(&root, &mut cx)
    } else {
        None
    };
    for mut d in cx.diagnostics {
        if dialect == Dialect::Aws {
            if let Some(spelled) = aws_tag_spelled(&root, &d.path) {
                d.path = spelled;
            }
        }
        diags.push(d);
    }
    ReadDoc {
        index,
        job,
        envelope,
        root: Some(root),
        diagnostics: diags,
        skipped: cx.skipped,
    }
}

fn meta_extra(envelope: &mut Envelope, name: &str, span: Span) {
    envelope.extras.push((
        name.to_owned(),
        Node {
            kind: NodeKind::Null,
            span,
        },
    ));
}

/// The body of a tf-k8s block: `metadata` into the envelope, `spec` as the job.
fn k8s_body(block: Block, envelope: &mut Envelope, diags: &mut Vec<Diagnostic>) -> Node {
    let mut spec: Option<Node> = None;
    let mut seen_meta = false;
    for item in block.body {
        match item {
            Structure::Attribute { key, value } => match key.name.as_str() {
                "metadata" | "spec"
                    if (key.name == "spec" && spec.is_some())
                        || (key.name == "metadata" && seen_meta) =>
                {
                    diags.push(
                        Diagnostic::error(
                            Code::DuplicateKey,
                            format!("duplicate attribute `{}`", key.name),
                        )
                        .with_path(key.name.clone())
                        .with_span(key.span),
                    );
                }
                "metadata" => {
                    seen_meta = true;
                    check_metadata(&value, diags);
                    envelope.metadata = Some(value);
                }
                "spec" => {
                    if !matches!(value.kind, NodeKind::Map(_)) {
                        diags.push(
                            Diagnostic::error(
                                Code::Type,
                                format!(
                                    "expected `spec` to be an object, found {}",
                                    value.kind_name()
                                ),
                            )
                            .with_path("spec")
                            .with_span(value.span),
                        );
                    }
                    spec = Some(value);
                }
                name if META_ARGUMENTS.contains(&name) => meta_extra(envelope, name, key.span),
                name => {
                    let mut d = Diagnostic::error(
                        Code::UnknownField,
                        format!("unknown attribute `{name}` in the manifest; it has `metadata` and `spec`"),
                    )
                    .with_path(name.to_owned())
                    .with_span(key.span);
                    if let Some(s) = tjspec_runtime::suggest::closest(name, ["metadata", "spec"]) {
                        d.hint = Some(format!("did you mean `{s}`?"));
                    }
                    diags.push(d);
                }
            },
            Structure::Block(b) if META_BLOCKS.contains(&b.ident.name.as_str()) => {
                meta_extra(envelope, &b.ident.name, b.span);
            }
            Structure::Block(b) => {
                let name = b.ident.name.clone();
                diags.push(
                    Diagnostic::error(
                        Code::Block,
                        format!("unexpected block `{name}` in the manifest"),
                    )
                    .with_path(name.clone())
                    .with_span(b.ident.span)
                    .with_hint(format!(
                        "the manifest takes object attributes: write `{name} = {{ ... }}`"
                    )),
                );
                // Read what it holds all the same, so that one mistake is one error.
                match name.as_str() {
                    "spec" if spec.is_none() => spec = Some(block_node(b)),
                    "metadata" if !seen_meta => {
                        seen_meta = true;
                        let meta = block_node(b);
                        check_metadata(&meta, diags);
                        envelope.metadata = Some(meta);
                    }
                    _ => {}
                }
            }
        }
    }
    spec.unwrap_or(Node {
        kind: NodeKind::Map(Vec::new()),
        span: block.span,
    })
}

/// A block's body as an object (nested blocks as nested objects).
fn block_node(b: Block) -> Node {
    Node {
        span: b.span,
        kind: NodeKind::Map(
            b.body
                .into_iter()
                .map(|item| match item {
                    Structure::Attribute { key, value } => (key, value),
                    Structure::Block(inner) => (inner.ident.clone(), block_node(inner)),
                })
                .collect(),
        ),
    }
}

fn check_metadata(meta: &Node, diags: &mut Vec<Diagnostic>) {
    const KEYS: [&str; 4] = ["name", "namespace", "labels", "annotations"];
    let NodeKind::Map(entries) = &meta.kind else {
        if !matches!(meta.kind, NodeKind::Expr(_)) {
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    format!(
                        "expected `metadata` to be an object, found {}",
                        meta.kind_name()
                    ),
                )
                .with_path("metadata")
                .with_span(meta.span),
            );
        }
        return;
    };
    let mut seen = Vec::new();
    for (k, v) in entries {
        let path = format!("metadata.{}", k.name);
        if seen.contains(&k.name.as_str()) {
            diags.push(
                Diagnostic::error(Code::DuplicateKey, format!("duplicate key `{}`", k.name))
                    .with_path(path.clone())
                    .with_span(k.span),
            );
        }
        seen.push(k.name.as_str());
        let scalar = |n: &Node| {
            matches!(
                n.kind,
                NodeKind::Str(..) | NodeKind::Expr(_) | NodeKind::Null
            )
        };
        let ok = match k.name.as_str() {
            "name" | "namespace" => scalar(v),
            "labels" | "annotations" => match &v.kind {
                NodeKind::Map(e) => e
                    .iter()
                    .all(|(_, x)| matches!(x.kind, NodeKind::Str(..) | NodeKind::Expr(_))),
                NodeKind::Expr(_) | NodeKind::Null => true,
                _ => false,
            },
            other => {
                let mut d = Diagnostic::error(
                    Code::UnknownField,
                    format!("unknown field `{other}` in metadata; it has name, namespace, labels and annotations"),
                )
                .with_path(path.clone())
                .with_span(k.span);
                if let Some(s) = tjspec_runtime::suggest::closest(other, KEYS) {
                    d.hint = Some(format!("did you mean `{s}`?"));
                }
                diags.push(d);
                true
            }
        };
        if !ok {
            let expected = if matches!(k.name.as_str(), "name" | "namespace") {
                "a string"
            } else {
                "a map of strings"
            };
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    format!("expected {expected}, found {}", v.kind_name()),
                )
                .with_path(path)
                .with_span(v.span),
            );
        }
    }
}

/// Expressions in metadata stay in the envelope (HCL writers write them
/// back); without `--keep-expressions` they are errors.
fn metadata_expressions(node: &Node, keep: bool, diags: &mut Vec<Diagnostic>) {
    fn walk(node: &Node, path: &str, keep: bool, diags: &mut Vec<Diagnostic>) {
        match &node.kind {
            NodeKind::Expr(text) if !keep => diags.push(expression_error(text, node.span, path)),
            NodeKind::Map(entries) => {
                for (k, v) in entries {
                    let mut p = path.to_owned();
                    tjspec_runtime::path::push_key(&mut p, &k.name);
                    walk(v, &p, keep, diags);
                }
            }
            _ => {}
        }
    }
    walk(node, "metadata", keep, diags);
}

fn expression_error(text: &str, span: Span, path: &str) -> Diagnostic {
    let shown = if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text.to_owned()
    };
    Diagnostic::error(
        Code::Expression,
        format!("`{shown}` is an expression; only literal values convert"),
    )
    .with_path(path.to_owned())
    .with_span(span)
    .with_hint("write the value itself, or pass --keep-expressions to carry expressions to tf-k8s and tf-aws outputs")
}

/// How a member of a tf-aws structure is written.
enum AwsMember {
    /// A nested block (a structure).
    Block(ShapeId),
    /// Repeated blocks (a list of structures).
    Blocks(ShapeId),
    /// `tags = { key = "value" }` for the job's list of tags.
    Tags,
    /// An argument.
    Argument,
}

fn aws_member(shape: ShapeId, name: &str) -> Option<(u16, AwsMember)> {
    let i = TF_AWS.member(shape, name)?;
    let m = &SCHEMA.members(shape)[usize::from(i)];
    let kind = match &SCHEMA.shape(m.shape).kind {
        ShapeKind::Structure { .. } => AwsMember::Block(m.shape),
        ShapeKind::List { member, .. } if shape == SCHEMA.root && m.name == "Tags" => {
            let _ = member;
            AwsMember::Tags
        }
        ShapeKind::List { member, .. }
            if matches!(SCHEMA.shape(*member).kind, ShapeKind::Structure { .. }) =>
        {
            AwsMember::Blocks(*member)
        }
        _ => AwsMember::Argument,
    };
    Some((i, kind))
}

/// A tf-aws body as the job tree: blocks become objects (repeated ones a
/// list, at the first one's place), `tags` a list of key/value pairs.
fn aws_body(
    items: Vec<Structure>,
    shape: Option<ShapeId>,
    top: bool,
    envelope: &mut Envelope,
    diags: &mut Vec<Diagnostic>,
) -> Node {
    let mut entries: Vec<(Key, Node)> = Vec::new();
    for item in items {
        match item {
            Structure::Attribute { key, value } => {
                if top && META_ARGUMENTS.contains(&key.name.as_str()) {
                    meta_extra(envelope, &key.name, key.span);
                    continue;
                }
                if top && provider::read_attribute(&key, &value, envelope, diags) {
                    continue;
                }
                match shape.and_then(|s| aws_member(s, &key.name)) {
                    Some((_, AwsMember::Block(_) | AwsMember::Blocks(_))) => {
                        diags.push(
                            Diagnostic::error(
                                Code::Block,
                                format!("`{}` is a block in {AWS_RESOURCE}", key.name),
                            )
                            .with_path(key.name.clone())
                            .with_span(key.span)
                            .with_hint(format!("write `{} {{ ... }}`", key.name)),
                        );
                    }
                    Some((_, AwsMember::Tags)) => {
                        let value = match value.kind {
                            NodeKind::Map(tags) => Node {
                                kind: NodeKind::Seq(
                                    tags.into_iter()
                                        .map(|(k, v)| Node {
                                            span: k.span,
                                            kind: NodeKind::Map(vec![
                                                (
                                                    Key {
                                                        name: "key".into(),
                                                        span: k.span,
                                                    },
                                                    Node {
                                                        kind: NodeKind::Str(
                                                            k.name,
                                                            StrStyle::Quoted,
                                                        ),
                                                        span: k.span,
                                                    },
                                                ),
                                                (
                                                    Key {
                                                        name: "value".into(),
                                                        span: v.span,
                                                    },
                                                    v,
                                                ),
                                            ]),
                                        })
                                        .collect(),
                                ),
                                span: value.span,
                            },
                            NodeKind::Expr(_) | NodeKind::Null => value,
                            _ => {
                                diags.push(
                                    Diagnostic::error(
                                        Code::Type,
                                        format!("expected a map, found {}", value.kind_name()),
                                    )
                                    .with_path("tags")
                                    .with_span(value.span)
                                    .with_hint("write tags = { key = \"value\" }"),
                                );
                                continue;
                            }
                        };
                        entries.push((key, value));
                    }
                    _ => entries.push((key, value)),
                }
            }
            Structure::Block(b) => {
                let name = b.ident.name.clone();
                if top && META_BLOCKS.contains(&name.as_str()) {
                    meta_extra(envelope, &name, b.span);
                    continue;
                }
                if top && provider::read_block(&b, envelope, diags) {
                    continue;
                }
                if name == "dynamic" {
                    diags.push(
                        Diagnostic::error(Code::Expression, "`dynamic` blocks are not supported")
                            .with_span(b.ident.span)
                            .with_hint("write the blocks out one by one"),
                    );
                    continue;
                }
                if let Some(l) = b.labels.first() {
                    diags.push(
                        Diagnostic::error(Code::Block, format!("block `{name}` takes no labels"))
                            .with_path(name.clone())
                            .with_span(l.span),
                    );
                }
                let member = shape.and_then(|s| aws_member(s, &name));
                let (inner, list) = match &member {
                    Some((_, AwsMember::Block(s))) => (Some(*s), false),
                    Some((_, AwsMember::Blocks(s))) => (Some(*s), true),
                    Some((_, AwsMember::Argument | AwsMember::Tags)) => {
                        diags.push(
                            Diagnostic::error(
                                Code::Block,
                                format!("`{name}` is an argument in {AWS_RESOURCE}, not a block"),
                            )
                            .with_path(name.clone())
                            .with_span(b.ident.span)
                            .with_hint(format!("write `{name} = ...`")),
                        );
                        continue;
                    }
                    None => (None, false),
                };
                let node = aws_body(b.body, inner, false, envelope, diags);
                let node = Node {
                    kind: node.kind,
                    span: b.span,
                };
                if list {
                    if let Some((
                        _,
                        Node {
                            kind: NodeKind::Seq(items),
                            ..
                        },
                    )) = entries.iter_mut().find(|(k, _)| k.name == name)
                    {
                        items.push(node);
                        continue;
                    }
                    entries.push((
                        b.ident,
                        Node {
                            span: node.span,
                            kind: NodeKind::Seq(vec![node]),
                        },
                    ));
                } else {
                    entries.push((b.ident, node));
                }
            }
        }
    }
    Node {
        kind: NodeKind::Map(entries),
        span: Span::default(),
    }
}

/// Finds expressions in a job tree: each becomes a placeholder of the
/// member's type, recorded (kept) or reported (rejected).
struct Resolver<'d> {
    dialect: Dialect,
    keep: bool,
    expressions: Vec<Expression>,
    diags: &'d mut Vec<Diagnostic>,
}

/// The stand-in value of an expression for a member of shape `shape`.
fn placeholder(shape: ShapeId, text: &str) -> NodeKind {
    match &SCHEMA.shape(shape).kind {
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } => NodeKind::Map(Vec::new()),
        ShapeKind::List { .. } => NodeKind::Seq(Vec::new()),
        ShapeKind::Enum { .. } | ShapeKind::String { .. } => {
            NodeKind::Str(format!("${{{text}}}"), StrStyle::Quoted)
        }
        ShapeKind::Integer { .. } | ShapeKind::Long { .. } => NodeKind::Int(0),
        ShapeKind::Float | ShapeKind::Double => NodeKind::Float(0.0),
        ShapeKind::Boolean => NodeKind::Bool(false),
        ShapeKind::Timestamp => NodeKind::Str("1970-01-01T00:00:00Z".into(), StrStyle::Quoted),
    }
}

fn placeholder_out(shape: ShapeId, text: &str) -> Out<'static> {
    match placeholder(shape, text) {
        NodeKind::Map(_) => Out::Map(Vec::new()),
        NodeKind::Seq(_) => Out::Seq(Vec::new()),
        NodeKind::Str(s, _) => Out::Str(Cow::Owned(s)),
        NodeKind::Int(i) => Out::Int(i64::try_from(i).unwrap_or_default()),
        NodeKind::Float(f) => Out::Float(f),
        NodeKind::Bool(b) => Out::Bool(b),
        _ => Out::Map(Vec::new()),
    }
}

impl Resolver<'_> {
    fn walk(&mut self, node: &mut Node, shape: ShapeId, canon: &mut Vec<Seg>) {
        if let NodeKind::Expr(text) = &node.kind {
            let text = text.clone();
            let path = CanonPath(canon.clone());
            if self.keep {
                self.expressions.push(Expression {
                    canon: path,
                    text: text.clone(),
                    span: node.span,
                });
            } else {
                let mut spelled = self.dialect.prefix().to_owned();
                let rest = path.spell(self.dialect.binding());
                if !rest.is_empty() && !spelled.is_empty() && !rest.starts_with('[') {
                    spelled.push('.');
                }
                spelled.push_str(&rest);
                self.diags
                    .push(expression_error(&text, node.span, &spelled).with_canon(path));
            }
            node.kind = placeholder(shape, &text);
            return;
        }
        match (&mut node.kind, &SCHEMA.shape(shape).kind) {
            (NodeKind::Map(entries), ShapeKind::Structure { members }) => {
                for (k, v) in entries {
                    if let Some(i) = self.dialect.binding().member(shape, &k.name) {
                        canon.push(Seg::Member(shape, i));
                        self.walk(v, members[usize::from(i)].shape, canon);
                        canon.pop();
                    }
                }
            }
            (NodeKind::Map(entries), ShapeKind::Map { value, .. }) => {
                for (k, v) in entries {
                    canon.push(Seg::Key(k.name.clone()));
                    self.walk(v, *value, canon);
                    canon.pop();
                }
            }
            (NodeKind::Seq(items), ShapeKind::List { member, .. }) => {
                for (i, item) in items.iter_mut().enumerate() {
                    canon.push(Seg::Index(i));
                    self.walk(item, *member, canon);
                    canon.pop();
                }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------- writing

/// The shape of the value at `canon`.
fn shape_at(canon: &[Seg]) -> Option<ShapeId> {
    let mut cur = SCHEMA.root;
    for seg in canon {
        cur = match (seg, &SCHEMA.shape(cur).kind) {
            (Seg::Member(s, i), _) => SCHEMA.members(*s).get(usize::from(*i))?.shape,
            (Seg::Index(_), ShapeKind::List { member, .. }) => *member,
            (Seg::Key(_), ShapeKind::Map { value, .. }) => *value,
            _ => return None,
        };
    }
    Some(cur)
}

/// The output value at `canon`, spelled with `binding`.
fn slot<'o, 'a>(out: &'o mut Out<'a>, canon: &[Seg], binding: &Binding) -> Option<&'o mut Out<'a>> {
    let Some((first, rest)) = canon.split_first() else {
        return Some(out);
    };
    let next = match (first, out) {
        (Seg::Member(s, i), Out::Map(entries)) => {
            let name = binding.name(*s, *i)?;
            entries
                .iter_mut()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v)?
        }
        (Seg::Key(key), Out::Map(entries)) => {
            entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)?
        }
        (Seg::Index(i), Out::Seq(items)) => items.get_mut(*i)?,
        _ => return None,
    };
    slot(next, rest, binding)
}

/// Puts the kept expressions back where the job still holds their placeholder.
fn restore_expressions<'a>(out: &mut Out<'a>, envelope: &'a Envelope, binding: &Binding) {
    for e in &envelope.expressions {
        let Some(shape) = shape_at(&e.canon.0) else {
            continue;
        };
        if let Some(v) = slot(out, &e.canon.0, binding) {
            let matches = match (&*v, placeholder_out(shape, &e.text)) {
                (Out::Str(a) | Out::UserStr(a), Out::Str(b)) => *a == b,
                (a, b) => *a == b,
            };
            if matches {
                *v = Out::Expr(Cow::Borrowed(&e.text));
            }
        }
    }
}

/// The tags are a list of `{ key, value }` objects in tf-k8s and a map in
/// tf-aws: an expression for one dialect's tags is rewritten for the
/// other's (see [`reshape`]).
fn tags_expression_across_dialects(job: &mut Out<'_>, doc: &Doc, dialect: Dialect) {
    let Some(i) = SCHEMA
        .members(SCHEMA.root)
        .iter()
        .position(|m| m.name == "Tags")
    else {
        return;
    };
    let canon = CanonPath(vec![Seg::Member(SCHEMA.root, i as u16)]);
    if doc.envelope.from == Some(dialect.id()) {
        return;
    }
    let Some(e) = doc.envelope.expressions.iter().find(|e| e.canon == canon) else {
        return;
    };
    let Some(name) = dialect.binding().name(SCHEMA.root, i as u16) else {
        return;
    };
    let text = match dialect {
        Dialect::K8s => reshape::tags_map_to_list(&e.text),
        Dialect::Aws => reshape::tags_list_to_map(&e.text),
    };
    if let Out::Map(entries) = job {
        if let Some((_, v)) = entries.iter_mut().find(|(k, _)| k == name) {
            *v = Out::Expr(Cow::Owned(text));
        }
    }
}

/// tf-aws `tags`: the job's key/value list as a map. Entries a map cannot
/// hold (without a key or a value, a key that is an expression, a repeated
/// key) are lost.
fn tags_to_map(out: &mut Out<'_>, losses: &mut Vec<Lost>) {
    let Out::Map(entries) = out else { return };
    let Some(i) = TF_AWS.member(SCHEMA.root, "tags") else {
        return;
    };
    let Some((_, tags)) = entries.iter_mut().find(|(k, _)| k == "tags") else {
        return;
    };
    // An expression (written for tf-aws, so already a map) stays as it is.
    if !matches!(tags, Out::Seq(_)) {
        return;
    }
    let Out::Seq(items) = std::mem::replace(tags, Out::Map(Vec::new())) else {
        unreachable!("checked above")
    };
    let Out::Map(map) = tags else {
        unreachable!("just set")
    };
    let mut seen = std::collections::HashSet::new();
    for (n, item) in items.into_iter().enumerate() {
        let mut key = None;
        let mut value = None;
        if let Out::Map(pairs) = item {
            for (k, v) in pairs {
                match (k.as_ref(), v) {
                    ("key", Out::Str(s) | Out::UserStr(s)) => key = Some(s),
                    ("value", Out::Str(s) | Out::UserStr(s)) => value = Some(Out::UserStr(s)),
                    ("value", v @ Out::Expr(_)) => value = Some(v),
                    _ => {}
                }
            }
        }
        match (key, value) {
            (Some(k), Some(v)) if seen.insert(k.clone()) => map.push((k, v)),
            _ => losses.push(Lost::Field(CanonPath(vec![
                Seg::Member(SCHEMA.root, i),
                Seg::Index(n),
            ]))),
        }
    }
}

/// What tf-aws cannot write: an expression where a block belongs, an empty
/// list of blocks. Such values leave the output as losses.
fn aws_fixups(out: &mut Out<'_>, shape: ShapeId, canon: &mut Vec<Seg>, losses: &mut Vec<Lost>) {
    let Out::Map(entries) = out else { return };
    entries.retain_mut(|(k, v)| {
        let Some((i, kind)) = aws_member(shape, k) else {
            return true;
        };
        canon.push(Seg::Member(shape, i));
        let keep = match (kind, v) {
            (AwsMember::Block(s), v @ Out::Map(_)) => {
                aws_fixups(v, s, canon, losses);
                true
            }
            (AwsMember::Blocks(s), Out::Seq(items)) if !items.is_empty() => {
                let mut n = 0;
                items.retain_mut(|item| {
                    canon.push(Seg::Index(n));
                    n += 1;
                    let keep = matches!(item, Out::Map(_));
                    if keep {
                        aws_fixups(item, s, canon, losses);
                    } else {
                        losses.push(Lost::Field(CanonPath(canon.clone())));
                    }
                    canon.pop();
                    keep
                });
                !items.is_empty()
            }
            (AwsMember::Block(_) | AwsMember::Blocks(_), _) => {
                losses.push(Lost::Field(CanonPath(canon.clone())));
                false
            }
            _ => true,
        };
        canon.pop();
        keep
    });
}

/// Metadata keys a format writes back, and envelope parts it writes back
/// (`kept_extra`); the rest of the envelope is lost.
fn envelope_losses(
    envelope: &Envelope,
    kept: &[&str],
    kept_extra: fn(&str) -> bool,
    losses: &mut Vec<Lost>,
) {
    if let Some(NodeKind::Map(entries)) = envelope.metadata.as_ref().map(|m| &m.kind) {
        for (k, v) in entries {
            if kept.contains(&k.name.as_str()) || v.is_null() {
                continue;
            }
            losses.push(Lost::Envelope {
                path: format!("metadata.{}", k.name),
                span: Some(k.span).filter(|s| s.is_known()),
            });
        }
    }
    for (path, node) in &envelope.extras {
        if kept_extra(path) {
            continue;
        }
        losses.push(Lost::Envelope {
            path: path.clone(),
            span: Some(node.span).filter(|s| s.is_known()),
        });
    }
}

/// A Terraform block label: letters, digits, `_` and `-`, not starting
/// with a digit or `-`.
fn label_from(name: &str) -> Option<String> {
    if name.is_empty() || name.contains("${") {
        return None;
    }
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        s.insert(0, '_');
    }
    Some(s)
}

fn label(doc: &Doc) -> String {
    let meta_name = doc
        .envelope
        .metadata
        .as_ref()
        .and_then(|m| m.get("name"))
        .and_then(|n| match &n.kind {
            NodeKind::Str(s, _) => Some(s.as_str()),
            _ => None,
        });
    doc.envelope
        .label
        .as_deref()
        .and_then(label_from)
        .or_else(|| meta_name.and_then(label_from))
        .or_else(|| doc.job.training_job_name.as_deref().and_then(label_from))
        .unwrap_or_else(|| "training_job".to_owned())
}

/// A document value as an output value (metadata carried from the input):
/// its strings are user data, always quoted.
fn node_out(node: &Node) -> Option<Out<'_>> {
    super::node_out(node, Out::UserStr)
}

fn k8s_metadata<'a>(doc: &'a Doc, options: &WriteOptions, label: &str) -> Out<'a> {
    let meta = doc.envelope.metadata.as_ref();
    let get = |k: &str| meta.and_then(|m| m.get(k)).and_then(node_out);
    let name_canon = CanonPath(vec![Seg::Member(SCHEMA.root, 0)]);
    let name = get("name")
        .or_else(|| {
            doc.envelope
                .expressions
                .iter()
                .find(|e| e.canon == name_canon)
                .map(|e| Out::Expr(Cow::Borrowed(&e.text)))
        })
        .or_else(|| {
            doc.job
                .training_job_name
                .as_deref()
                .map(|n| Out::Str(Cow::Borrowed(n)))
        })
        .unwrap_or_else(|| Out::Str(Cow::Owned(label.to_owned())));
    let namespace = options
        .namespace
        .as_deref()
        .map(|n| Out::Str(Cow::Owned(n.to_owned())))
        .or_else(|| get("namespace"))
        .or_else(|| {
            // The data source requires a namespace; the resource does not.
            (options.tf_k8s_kind == TfK8sKind::Data).then_some(Out::Str(Cow::Borrowed("default")))
        });
    let mut entries = vec![(Cow::Borrowed("name"), name)];
    if let Some(ns) = namespace {
        entries.push((Cow::Borrowed("namespace"), ns));
    }
    for k in ["labels", "annotations"] {
        if let Some(v) = get(k) {
            entries.push((Cow::Borrowed(k), v));
        }
    }
    Out::Map(entries)
}

/// Writes one job as the Terraform JSON form of its block:
/// `{kind: {type: {label: body}}}`, which [`render`] prints as HCL.
fn write<'a>(
    dialect: Dialect,
    doc: &'a Doc,
    options: &WriteOptions,
    losses: &mut Vec<Lost>,
) -> Out<'a> {
    let binding = dialect.binding();
    let mut cx = WriteCx::new(binding, options.include_status);
    let mut job = doc.job.write(&mut cx);
    losses.extend(cx.losses.into_iter().map(Lost::Field));
    restore_expressions(&mut job, &doc.envelope, binding);
    tags_expression_across_dialects(&mut job, doc, dialect);
    let label = label(doc);
    let (kind, ty, body) = match dialect {
        Dialect::K8s => {
            envelope_losses(
                &doc.envelope,
                &["name", "namespace", "labels", "annotations"],
                |_| false,
                losses,
            );
            let (kind, ty) = match options.tf_k8s_kind {
                TfK8sKind::Data => ("data", K8S_DATA),
                TfK8sKind::Resource => ("resource", K8S_RESOURCE),
            };
            let meta = k8s_metadata(doc, options, &label);
            (
                kind,
                ty,
                Out::Map(vec![
                    (Cow::Borrowed("metadata"), meta),
                    (Cow::Borrowed("spec"), job),
                ]),
            )
        }
        Dialect::Aws => {
            // The provider's own arguments go back into a tf-aws resource.
            let same = doc.envelope.from == Some(FormatId::TfAws);
            envelope_losses(
                &doc.envelope,
                &["name"],
                if same {
                    provider::is_provider_argument
                } else {
                    |_| false
                },
                losses,
            );
            tags_to_map(&mut job, losses);
            aws_fixups(&mut job, SCHEMA.root, &mut Vec::new(), losses);
            if same {
                if let Out::Map(entries) = &mut job {
                    entries.extend(provider::write_back(&doc.envelope));
                }
            }
            ("resource", AWS_RESOURCE, job)
        }
    };
    Out::Map(vec![(
        Cow::Borrowed(kind),
        Out::Map(vec![(
            Cow::Borrowed(ty),
            Out::Map(vec![(Cow::Owned(label), body)]),
        )]),
    )])
}

/// Items of a body whose single-line attributes come first, and whose
/// multi-line attributes and blocks each stand after a blank line.
fn spaced<'o, 'a>(inline: Vec<Item<'o, 'a>>, rest: Vec<Item<'o, 'a>>) -> Vec<Item<'o, 'a>> {
    let mut items = inline;
    for item in rest {
        if !items.is_empty() {
            items.push(Item::Blank);
        }
        items.push(item);
    }
    items
}

fn aws_items<'o, 'a>(entries: &'o [(Cow<'a, str>, Out<'a>)], shape: ShapeId) -> Vec<Item<'o, 'a>> {
    let mut inline = Vec::new();
    let mut multi = Vec::new();
    let mut blocks = Vec::new();
    for (k, v) in entries {
        match (aws_member(shape, k).map(|(_, m)| m), v) {
            (Some(AwsMember::Block(s)), Out::Map(inner)) => {
                blocks.push(Item::Block(
                    out_hcl::key(k),
                    Vec::new(),
                    aws_items(inner, s),
                ));
            }
            (Some(AwsMember::Blocks(s)), Out::Seq(items)) => {
                for item in items {
                    if let Out::Map(inner) = item {
                        blocks.push(Item::Block(
                            out_hcl::key(k),
                            Vec::new(),
                            aws_items(inner, s),
                        ));
                    }
                }
            }
            (None, _) if shape == SCHEMA.root && provider::is_block(k) => {
                blocks.extend(provider::block_item(k, v));
            }
            _ if out_hcl::is_inline(v) => inline.push(Item::Attr(out_hcl::key(k), v)),
            _ => multi.push(Item::Attr(out_hcl::key(k), v)),
        }
    }
    multi.extend(blocks);
    spaced(inline, multi)
}

fn render(dialect: Dialect, out: &Out<'_>, first: bool, buf: &mut String) {
    // `{kind: {type: {label: body}}}`, as `write` makes it.
    let Out::Map(kinds) = out else { return };
    for (kind, types) in kinds {
        let Out::Map(types) = types else { continue };
        for (ty, labels) in types {
            let Out::Map(labels) = labels else { continue };
            for (label, body) in labels {
                let Out::Map(entries) = body else { continue };
                let items = match dialect {
                    Dialect::K8s => {
                        let mut items = Vec::new();
                        for (k, v) in entries {
                            let Out::Map(inner) = v else { continue };
                            let object = if k == "spec" {
                                let (inline, rest): (Vec<_>, Vec<_>) =
                                    out_hcl::object_items(inner).into_iter().partition(
                                        |i| matches!(i, Item::Attr(_, v) if out_hcl::is_inline(v)),
                                    );
                                spaced(inline, rest)
                            } else {
                                out_hcl::object_items(inner)
                            };
                            if !items.is_empty() {
                                items.push(Item::Blank);
                            }
                            items.push(Item::Object(out_hcl::key(k), object));
                        }
                        items
                    }
                    Dialect::Aws => aws_items(entries, SCHEMA.root),
                };
                if !first {
                    buf.push('\n');
                }
                out_hcl::body(
                    &[Item::Block(
                        Cow::Borrowed(kind.as_ref()),
                        vec![ty.to_string(), label.to_string()],
                        items,
                    )],
                    0,
                    buf,
                );
            }
        }
    }
}

/// Spells a member as the document does and finds it.
fn locate(dialect: Dialect, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
    let (spelled, span) = path.locate(root, dialect.binding(), dialect.prefix());
    match dialect {
        Dialect::Aws => (aws_tag_path(root, path).unwrap_or(spelled), span),
        Dialect::K8s => (spelled, span),
    }
}

/// A tf-aws tag by its key, as the file's map writes it (`tags.owner`,
/// `tags["bad key!"]`), not by its place in the job's list of tags.
fn aws_tag_path(root: &Node, path: &CanonPath) -> Option<String> {
    let [Seg::Member(shape, i), Seg::Index(n), ..] = path.0.as_slice() else {
        return None;
    };
    if *shape != SCHEMA.root || TF_AWS.name(*shape, *i) != Some("tags") {
        return None;
    }
    let NodeKind::Seq(items) = &root.get("tags")?.kind else {
        return None;
    };
    tag_by_key(items, *n)
}

/// The same for a path the reader spelled (`tags[2].value`).
fn aws_tag_spelled(root: &Node, path: &str) -> Option<String> {
    let rest = path.strip_prefix("tags[")?;
    let (n, _) = rest.split_once(']')?;
    let NodeKind::Seq(items) = &root.get("tags")?.kind else {
        return None;
    };
    tag_by_key(items, n.parse().ok()?)
}

fn tag_by_key(items: &[Node], n: usize) -> Option<String> {
    let NodeKind::Str(key, _) = &items.get(n)?.get("key")?.kind else {
        return None;
    };
    let mut spelled = "tags".to_owned();
    tjspec_runtime::path::push_key(&mut spelled, key);
    Some(spelled)
}

macro_rules! terraform_format {
    ($t:ty, $d:expr) => {
        impl Format for $t {
            fn id(&self) -> FormatId {
                $d.id()
            }

            fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
                read($d, source, options)
            }

            fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
                locate($d, root, path)
            }

            fn write<'a>(
                &self,
                doc: &'a Doc,
                options: &WriteOptions,
                losses: &mut Vec<Lost>,
            ) -> Out<'a> {
                write($d, doc, options, losses)
            }

            fn render(&self, out: &Out<'_>, _several: bool, first: bool, buf: &mut String) {
                render($d, out, first, buf)
            }

            fn extension(&self) -> &'static str {
                "tf"
            }

            fn separator(&self) -> &'static str {
                "\n"
            }

            fn check(&self, doc: &Doc, _options: &WriteOptions) -> Vec<Diagnostic> {
                // The k8s provider's manifest is an ACK manifest.
                match $d {
                    Dialect::K8s => super::ack::crd_required(doc),
                    Dialect::Aws => Vec::new(),
                }
            }
        }
    };
}

terraform_format!(TfK8s, Dialect::K8s);
terraform_format!(TfAws, Dialect::Aws);
