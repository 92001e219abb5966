//! The tf-aws dialect: hashicorp/aws `aws_sagemaker_training_job`, the
//! job's members as arguments and blocks, `tags` as a map.

use std::borrow::Cow;

use tjspec_model::bindings::tf_aws::TF_AWS;
use tjspec_model::SCHEMA;
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::Code;
use tjspec_runtime::{
    CanonPath, Diagnostic, Key, Node, NodeKind, Out, Seg, ShapeId, Span, StrStyle,
};

use super::super::{Envelope, Lost};
use super::read::meta_extra;
use super::render::spaced;
use super::{provider, AWS_RESOURCE, META_ARGUMENTS, META_BLOCKS};

use crate::syntax::hcl::Structure;
use crate::syntax::out_hcl::{self, Item};

/// How a member of a tf-aws structure is written.
pub(super) enum AwsMember {
    /// A nested block (a structure).
    Block(ShapeId),
    /// Repeated blocks (a list of structures).
    Blocks(ShapeId),
    /// `tags = { key = "value" }` for the job's list of tags.
    Tags,
    /// An argument.
    Argument,
}

pub(super) fn aws_member(shape: ShapeId, name: &str) -> Option<(u16, AwsMember)> {
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
pub(super) fn aws_body(
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

/// tf-aws `tags`: the job's key/value list as a map. Entries a map cannot
/// hold (without a key or a value, a key that is an expression, a repeated
/// key) are lost.
pub(super) fn tags_to_map(out: &mut Out<'_>, losses: &mut Vec<Lost>) {
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
pub(super) fn aws_fixups(
    out: &mut Out<'_>,
    shape: ShapeId,
    canon: &mut Vec<Seg>,
    losses: &mut Vec<Lost>,
) {
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

pub(super) fn aws_items<'o, 'a>(
    entries: &'o [(Cow<'a, str>, Out<'a>)],
    shape: ShapeId,
) -> Vec<Item<'o, 'a>> {
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

/// A tf-aws tag by its key, as the file's map writes it (`tags.owner`,
/// `tags["bad key!"]`), not by its place in the job's list of tags.
pub(super) fn aws_tag_path(root: &Node, path: &CanonPath) -> Option<String> {
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
pub(super) fn aws_tag_spelled(root: &Node, path: &str) -> Option<String> {
    let rest = path.strip_prefix("tags[")?;
    let (n, _) = rest.split_once(']')?;
    let NodeKind::Seq(items) = &root.get("tags")?.kind else {
        return None;
    };
    tag_by_key(items, n.parse().ok()?)
}

pub(super) fn tag_by_key(items: &[Node], n: usize) -> Option<String> {
    let NodeKind::Str(key, _) = &items.get(n)?.get("key")?.kind else {
        return None;
    };
    let mut spelled = "tags".to_owned();
    tjspec_runtime::path::push_key(&mut spelled, key);
    Some(spelled)
}
