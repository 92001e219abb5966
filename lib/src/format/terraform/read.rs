//! Reading a Terraform file: its job blocks, one document each of the
//! block type's resource, through the dialect's body reader.

use tjspec_model::ResourceId;
use tjspec_runtime::Code;
use tjspec_runtime::{Diagnostic, Node, NodeKind, ReadCx, Span};

use super::super::expression::{Language, Resolver};
use super::super::{Envelope, ReadDoc, ReadOptions};
use super::aws::{aws_body, aws_tag_spelled};
use super::expressions::{metadata_expressions, HINT};
use super::k8s::k8s_body;
use super::Dialect;

use crate::source::Source;
use crate::syntax::hcl::{self, Block, Structure};

pub(super) fn read(dialect: Dialect, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
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
        let resource = match &item {
            Structure::Block(b) if b.labels.len() == 2 => {
                dialect.job_of(&b.ident.name, &b.labels[0].name)
            }
            _ => None,
        };
        match (item, resource) {
            (Structure::Block(b), Some(resource)) => {
                // Terraform's address: `type.name`, `data.type.name`.
                let address = match b.ident.name.as_str() {
                    "resource" => format!("{}.{}", b.labels[0].name, b.labels[1].name),
                    kind => format!("{kind}.{}.{}", b.labels[0].name, b.labels[1].name),
                };
                let label_span = b.labels[1].span;
                let repeated = !addresses.insert(address.clone());
                let mut doc = read_block(dialect, resource, docs.len(), b, options);
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
            (Structure::Block(b), None) => {
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
                    format!("`{what}` is not a {} job; skipped", dialect.id()),
                )
                .with_span(b.ident.span);
                if b.labels.len() == 2 && other.job_of(&b.ident.name, &b.labels[0].name).is_some() {
                    d.hint = Some(format!("read it with --from {}", other.id()));
                }
                notes.push(d);
            }
            (Structure::Attribute { key, .. }, _) => notes.push(
                Diagnostic::note(
                    Code::Skipped,
                    format!("top-level attribute `{}` is not a job; skipped", key.name),
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
                format!("no {} block in the input", dialect.blocks()),
            ),
        );
        d.diagnostics.extend(notes);
        return vec![d];
    }
    let first = &mut docs[0].diagnostics;
    first.splice(0..0, notes);
    docs
}

pub(super) fn read_block(
    dialect: Dialect,
    resource: ResourceId,
    index: usize,
    block: Block,
    options: &ReadOptions,
) -> ReadDoc {
    let mut diags = Vec::new();
    let mut skipped = Vec::new();
    let mut envelope = Envelope {
        from: Some(dialect.id()),
        label: block.labels.get(1).map(|l| l.name.clone()),
        ..Envelope::default()
    };
    // Where a member the block lacks is reported: its `resource` keyword.
    let block_at = block.ident.span;
    let mut root = match dialect {
        Dialect::K8s => k8s_body(
            block,
            resource,
            options,
            &mut envelope,
            &mut diags,
            &mut skipped,
        ),
        Dialect::Aws => {
            let mut body = aws_body(
                block.body,
                Some(resource.shape()),
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
        binding: dialect.binding(),
        prefix: dialect.prefix(),
        language: Language::Hcl,
        keep: options.keep_expressions,
        hint: HINT,
        expressions: Vec::new(),
        diags: &mut diags,
    };
    resolver.walk(&mut root, resource.shape(), &mut canon);
    envelope.expressions = resolver.expressions;
    let mut cx = ReadCx::new(dialect.binding(), options.members, dialect.prefix());
    let job = if matches!(root.kind, NodeKind::Map(_)) {
        resource.read(&root, &mut cx)
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
    skipped.append(&mut cx.skipped);
    ReadDoc {
        index,
        job,
        envelope,
        root: Some(root),
        diagnostics: diags,
        skipped,
    }
}

pub(super) fn meta_extra(envelope: &mut Envelope, name: &str, span: Span) {
    envelope.extras.push((
        name.to_owned(),
        Node {
            kind: NodeKind::Null,
            span,
        },
    ));
}

/// A block's body as an object (nested blocks as nested objects).
pub(super) fn block_node(b: Block) -> Node {
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
