//! Values written as expressions (`var.x`, `aws_iam_role.r.arn`): errors,
//! or, under `--keep-expressions`, placeholders in the job carried back to
//! HCL outputs.

use std::borrow::Cow;

use tjspec_model::SCHEMA;
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::Code;
use tjspec_runtime::{
    Binding, CanonPath, Diagnostic, Node, NodeKind, Out, Seg, ShapeId, Span, StrStyle,
};

use super::super::{Doc, Envelope, Expression};
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

pub(super) fn expression_error(text: &str, span: Span, path: &str) -> Diagnostic {
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

/// Finds expressions in a job tree: each becomes a placeholder of the
/// member's type, recorded (kept) or reported (rejected).
pub(super) struct Resolver<'d> {
    pub(super) dialect: Dialect,
    pub(super) keep: bool,
    pub(super) expressions: Vec<Expression>,
    pub(super) diags: &'d mut Vec<Diagnostic>,
}

/// The stand-in value of an expression for a member of shape `shape`.
pub(super) fn placeholder(shape: ShapeId, text: &str) -> NodeKind {
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

pub(super) fn placeholder_out(shape: ShapeId, text: &str) -> Out<'static> {
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
    pub(super) fn walk(&mut self, node: &mut Node, shape: ShapeId, canon: &mut Vec<Seg>) {
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

/// The shape of the value at `canon`.
pub(super) fn shape_at(canon: &[Seg]) -> Option<ShapeId> {
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
pub(super) fn slot<'o, 'a>(
    out: &'o mut Out<'a>,
    canon: &[Seg],
    binding: &Binding,
) -> Option<&'o mut Out<'a>> {
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
pub(super) fn restore_expressions<'a>(
    out: &mut Out<'a>,
    envelope: &'a Envelope,
    binding: &Binding,
) {
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
pub(super) fn tags_expression_across_dialects(job: &mut Out<'_>, doc: &Doc, dialect: Dialect) {
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
