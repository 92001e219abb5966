//! Values written as expressions (`var.x`, `aws_iam_role.r.arn`): errors,
//! or, under `--keep-expressions`, placeholders in the job carried back to
//! HCL outputs.

use std::borrow::Cow;

use tjspec_model::SCHEMA;
use tjspec_runtime::{Binding, CanonPath, Diagnostic, Node, NodeKind, Out, Seg, Span};

use super::super::expression::{self, Language};
use super::super::{Doc, Envelope};
use super::{reshape, Dialect};

/// Expressions in metadata stay in the envelope (HCL writers write them
/// back); without `--keep-expressions` they are errors.
pub(super) fn metadata_expressions(node: &Node, keep: bool, diags: &mut Vec<Diagnostic>) {
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

/// The hint of a Terraform expression where a literal value must go.
pub(super) const HINT: &str =
    "write the value itself, or pass --keep-expressions to carry expressions to tf-k8s and tf-aws outputs";

pub(super) fn expression_error(text: &str, span: Span, path: &str) -> Diagnostic {
    expression::expression_error(text, span, path, HINT)
}

/// Puts the kept expressions back where the job still holds their placeholder.
pub(super) fn restore_expressions<'a>(
    out: &mut Out<'a>,
    envelope: &'a Envelope,
    binding: &Binding,
) {
    expression::restore(
        out,
        envelope,
        binding,
        |l| l == Language::Hcl,
        |v, e| *v = Out::Expr(Cow::Borrowed(&e.text)),
    );
}

/// The tags are a list of `{ key, value }` objects in tf-k8s and a map in
/// tf-aws: an expression for one dialect's tags is rewritten for the
/// other's (see [`reshape`]).
pub(super) fn tags_expression_across_dialects(job: &mut Out<'_>, doc: &Doc, dialect: Dialect) {
    let root = doc.job.shape();
    let Some(i) = SCHEMA.members(root).iter().position(|m| m.name == "Tags") else {
        return;
    };
    let canon = CanonPath(vec![Seg::Member(root, i as u16)]);
    if doc.envelope.from == Some(dialect.id()) {
        return;
    }
    let Some(e) = doc.envelope.expressions.iter().find(|e| e.canon == canon) else {
        return;
    };
    let Some(name) = dialect.binding().name(root, i as u16) else {
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
