//! Writing one job as a Terraform block of either dialect.

use std::borrow::Cow;

use tjspec_runtime::{NodeKind, Out, Write, WriteCx};

use super::super::{Doc, Envelope, FormatId, Lost, WriteOptions};
use super::aws::{aws_fixups, tags_to_map};
use super::expressions::{restore_expressions, tags_expression_across_dialects};
use super::k8s::k8s_metadata;
use super::{k8s_block_type, provider, Dialect, TfK8sKind, AWS_RESOURCE};

use crate::format::kubernetes;

/// Metadata keys a format writes back, and envelope parts it writes back
/// (`kept_extra`); the rest of the envelope is lost.
pub(super) fn envelope_losses(
    envelope: &Envelope,
    kept: &[&str],
    kept_extra: fn(&str) -> bool,
    losses: &mut Vec<Lost>,
) {
    kubernetes::metadata_losses(envelope, kept, losses);
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
pub(super) fn label_from(name: &str) -> Option<String> {
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

pub(super) fn label(doc: &Doc) -> String {
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
        .or_else(|| doc.job.name().and_then(label_from))
        .unwrap_or_else(|| doc.job.resource().cli_name().replace('-', "_"))
}

/// Writes one job as the Terraform JSON form of its block:
/// `{kind: {type: {label: body}}}`, which [`render`] prints as HCL.
pub(super) fn write<'a>(
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
                kubernetes::MANIFEST_METADATA_FIELDS,
                |_| false,
                losses,
            );
            let kind = match options.tf_k8s_kind {
                TfK8sKind::Data => "data",
                TfK8sKind::Resource => "resource",
            };
            // The pipeline writes only the resources tf-k8s declares,
            // each of which ACK has.
            let ty = k8s_block_type(doc.job.resource(), options.tf_k8s_kind)
                .expect("tf-k8s carries only ACK resources");
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
            aws_fixups(&mut job, doc.job.shape(), &mut Vec::new(), losses);
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
