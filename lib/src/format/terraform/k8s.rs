//! The tf-k8s dialect: the metio/k8s provider's ACK manifest of a job,
//! `metadata = { ... }` (the shared Kubernetes metadata) and `spec = { ... }`.

use std::borrow::Cow;

use tjspec_model::bindings::tf_k8s::TF_K8S;
use tjspec_model::ResourceId;
use tjspec_runtime::Code;
use tjspec_runtime::{CanonPath, Diagnostic, Node, NodeKind, Out, Seg};

use super::super::{Doc, Envelope, ReadOptions, WriteOptions};
use super::read::{block_node, meta_extra};
use super::{TfK8sKind, META_ARGUMENTS, META_BLOCKS};

use crate::format::kubernetes;
use crate::syntax::hcl::{Block, Structure};
use tjspec_runtime::read::Skipped;

/// The body of a tf-k8s block: `metadata` into the envelope, `spec` as the job.
pub(super) fn k8s_body(
    block: Block,
    resource: ResourceId,
    options: &ReadOptions,
    envelope: &mut Envelope,
    diags: &mut Vec<Diagnostic>,
    skipped: &mut Vec<Skipped>,
) -> Node {
    // The metadata Kubernetes objects share; a name missing there is derived.
    let name_from = resource
        .name_member()
        .and_then(|i| TF_K8S.name(resource.shape(), i))
        .map_or_else(|| "spec".to_owned(), |n| format!("spec.{n}"));
    let metadata = |node: &Node, diags: &mut Vec<Diagnostic>, skipped: &mut Vec<Skipped>| {
        kubernetes::read_metadata(
            node,
            &name_from,
            options.members.allow_unknown,
            diags,
            skipped,
        )
    };
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
                    envelope.metadata = metadata(&value, diags, skipped);
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
                        envelope.metadata = metadata(&meta, diags, skipped);
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

/// A document value as an output value (metadata carried from the input):
/// its strings are user data, always quoted.
pub(super) fn node_out(node: &Node) -> Option<Out<'_>> {
    super::super::node_out(node, Out::UserStr)
}

pub(super) fn k8s_metadata<'a>(doc: &'a Doc, options: &WriteOptions, label: &str) -> Out<'a> {
    let meta = doc.envelope.metadata.as_ref();
    let get = |k: &str| meta.and_then(|m| m.get(k)).and_then(node_out);
    let resource = doc.job.resource();
    let name_canon = resource
        .name_member()
        .map(|i| CanonPath(vec![Seg::Member(resource.shape(), i)]));
    let name = get("name")
        .or_else(|| {
            doc.envelope
                .expressions
                .iter()
                .find(|e| Some(&e.canon) == name_canon.as_ref())
                .map(|e| Out::Expr(Cow::Borrowed(&e.text)))
        })
        // A Kubernetes object name, derived as ACK output derives it.
        .or_else(|| kubernetes::derived_name(doc).map(|n| Out::Str(Cow::Owned(n))))
        .unwrap_or_else(|| {
            let name =
                kubernetes::object_name(label).unwrap_or_else(|| resource.cli_name().to_owned());
            Out::Str(Cow::Owned(name))
        });
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
