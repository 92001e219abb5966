//! The `aws_sagemaker_training_job` arguments that are not job members: the
//! provider's own settings (`region`, `delete_vpc_enis_on_destroy`, the
//! `timeouts` block), as `schema/bindings/tf-aws.yaml` lists them.
//!
//! They are read into the envelope with their values, written back as read
//! when the output is tf-aws too, and reported as not carried otherwise,
//! like Terraform's own `count` or `lifecycle`.

use std::borrow::Cow;

use tjspec_model::bindings::tf_aws::PROVIDER_ARGUMENTS;
use tjspec_runtime::{Code, Diagnostic, Node, NodeKind, Out};

use super::AWS_RESOURCE;
use crate::format::Envelope;
use crate::syntax::hcl::{Block, Structure};
use crate::syntax::out_hcl::{self, Item};

/// A provider argument: `None` for a plain argument, the arguments of a block.
fn lookup(name: &str) -> Option<Option<&'static [&'static str]>> {
    PROVIDER_ARGUMENTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, inner)| *inner)
}

/// Whether an envelope path is a provider argument.
pub(super) fn is_provider_argument(path: &str) -> bool {
    lookup(path).is_some()
}

/// The names of the provider's block arguments.
pub(super) fn is_block(name: &str) -> bool {
    matches!(lookup(name), Some(Some(_)))
}

/// Reads a top-level attribute of the resource if it is a provider
/// argument (into the envelope, or an error when it should be a block).
pub(super) fn read_attribute(
    key: &tjspec_runtime::Key,
    value: &Node,
    envelope: &mut Envelope,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    match lookup(&key.name) {
        None => false,
        Some(Some(_)) => {
            diags.push(
                Diagnostic::error(
                    Code::Block,
                    format!("`{}` is a block in {AWS_RESOURCE}", key.name),
                )
                .with_path(key.name.clone())
                .with_span(key.span)
                .with_hint(format!("write `{} {{ ... }}`", key.name)),
            );
            true
        }
        Some(None) => {
            envelope.extras.push((
                key.name.clone(),
                Node {
                    kind: value.kind.clone(),
                    span: key.span,
                },
            ));
            true
        }
    }
}

/// Reads a top-level block of the resource if it is a provider argument:
/// its arguments must be the provider's.
pub(super) fn read_block(b: &Block, envelope: &mut Envelope, diags: &mut Vec<Diagnostic>) -> bool {
    let name = b.ident.name.as_str();
    let inner = match lookup(name) {
        None => return false,
        Some(None) => {
            diags.push(
                Diagnostic::error(
                    Code::Block,
                    format!("`{name}` is an argument in {AWS_RESOURCE}, not a block"),
                )
                .with_path(name.to_owned())
                .with_span(b.ident.span)
                .with_hint(format!("write `{name} = ...`")),
            );
            return true;
        }
        Some(Some(inner)) => inner,
    };
    let mut entries = Vec::new();
    for item in &b.body {
        let (key, value) = match item {
            Structure::Attribute { key, value } if inner.contains(&key.name.as_str()) => {
                (key, value)
            }
            Structure::Attribute { key, .. } => {
                let mut d = Diagnostic::error(
                    Code::UnknownField,
                    format!(
                        "unknown argument `{}` in `{name}`; it takes {}",
                        key.name,
                        inner.join(", ")
                    ),
                )
                .with_path(format!("{name}.{}", key.name))
                .with_span(key.span);
                if let Some(s) = tjspec_runtime::suggest::closest(&key.name, inner.iter().copied())
                {
                    d.hint = Some(format!("did you mean `{s}`?"));
                }
                diags.push(d);
                continue;
            }
            Structure::Block(inner_block) => {
                diags.push(
                    Diagnostic::error(
                        Code::Block,
                        format!("unexpected block `{}` in `{name}`", inner_block.ident.name),
                    )
                    .with_path(format!("{name}.{}", inner_block.ident.name))
                    .with_span(inner_block.ident.span),
                );
                continue;
            }
        };
        entries.push((key.clone(), value.clone()));
    }
    envelope.extras.push((
        name.to_owned(),
        Node {
            kind: NodeKind::Map(entries),
            span: b.ident.span,
        },
    ));
    true
}

/// The provider arguments of a job read from tf-aws, as entries of the
/// resource body, in input order.
pub(super) fn write_back(envelope: &Envelope) -> Vec<(Cow<'_, str>, Out<'_>)> {
    envelope
        .extras
        .iter()
        .filter(|(path, _)| is_provider_argument(path))
        .filter_map(|(path, node)| {
            Some((
                Cow::Borrowed(path.as_str()),
                crate::format::node_out(node, Out::UserStr)?,
            ))
        })
        .collect()
}

/// A provider block as printed: `timeouts { create = "10m" }`.
pub(super) fn block_item<'o, 'a>(name: &'o str, out: &'o Out<'a>) -> Option<Item<'o, 'a>> {
    let Out::Map(entries) = out else {
        return None;
    };
    Some(Item::Block(
        out_hcl::key(name),
        Vec::new(),
        out_hcl::object_items(entries),
    ))
}
