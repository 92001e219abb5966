//! The operator's spelling of maps and wrapped members, both ways.
//!
//! The SageMaker Operators for Kubernetes write every map of the API as a
//! list of `{name, value}` objects (their `KeyValuePair`), and hold
//! `ModelArtifacts` as its one member (`status.modelPath`). Reading turns
//! such a value into the map (or structure) the generated reader expects,
//! keeping every position, and checks the list as the operator would;
//! writing turns the generated writer's map back into the list. Both walk
//! the value guided by the schema, so any map the operator carries is
//! handled and nothing else is touched.

use std::borrow::Cow;
use std::collections::HashSet;

use tjspec_model::bindings::sm_operator::SM_OPERATOR;
use tjspec_model::sm_operator::{STRINGS, WRAPPED};
use tjspec_runtime::{
    CanonPath, Code, Diagnostic, Key, Node, NodeKind, Out, Seg, ShapeId, ShapeKind,
};

use super::super::kubernetes::join;

/// The schema the generated code describes.
fn schema() -> &'static tjspec_runtime::meta::Schema {
    tjspec_model::SCHEMA
}

/// The inner member of a wrapped member, if `member` of `shape` is one.
pub(super) fn wrapped(shape: ShapeId, member: u16) -> Option<u16> {
    WRAPPED
        .iter()
        .find(|w| w.0 == shape && w.1 == member)
        .map(|w| w.2)
}

/// The value of member `member` of `shape` as the generated reader expects
/// it: lists of pairs become maps, wrapped values their structure.
/// `path` spells the member in the input; problems go to `diagnostics`.
pub(super) fn member_in(
    shape: ShapeId,
    member: u16,
    node: &Node,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Node {
    let meta = &schema().members(shape)[usize::from(member)];
    if STRINGS.contains(&(shape, member)) {
        return number_in(node, path, diagnostics);
    }
    if let Some(inner) = wrapped(shape, member) {
        if node.is_null() {
            return node.clone();
        }
        let name = SM_OPERATOR.name(meta.shape, inner).unwrap_or_default();
        let value = value_in(
            schema().members(meta.shape)[usize::from(inner)].shape,
            node,
            path,
            diagnostics,
        );
        return Node {
            kind: NodeKind::Map(vec![(
                Key {
                    name: name.to_owned(),
                    span: node.span,
                },
                value,
            )]),
            span: node.span,
        };
    }
    value_in(meta.shape, node, path, diagnostics)
}

/// A number the operator holds as a string (`"0.93"`) as the number the
/// generated reader expects; anything else is reported, as the CRD would.
fn number_in(node: &Node, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Node {
    let problem = match &node.kind {
        NodeKind::Null => return node.clone(),
        NodeKind::Str(s, _) => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => {
                return Node {
                    kind: NodeKind::Float(f),
                    span: node.span,
                }
            }
            _ => format!("expected a number in the string, found `{s}`"),
        },
        _ => format!(
            "expected a string holding a number, found {}",
            node.kind_name()
        ),
    };
    diagnostics.push(
        Diagnostic::error(Code::Type, problem)
            .with_path(path)
            .with_span(node.span)
            .with_hint("the SageMaker operator's CRD holds this number as a string: write it quoted, like `\"0.93\"`"),
    );
    Node {
        kind: NodeKind::Null,
        span: node.span,
    }
}

/// A value of shape `shape` as the generated reader expects it.
fn value_in(shape: ShapeId, node: &Node, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Node {
    match (&schema().shape(shape).kind, &node.kind) {
        (ShapeKind::Structure { .. }, NodeKind::Map(entries)) => {
            let entries = entries
                .iter()
                .map(|(k, v)| match SM_OPERATOR.member(shape, &k.name) {
                    Some(i) => (
                        k.clone(),
                        member_in(shape, i, v, &join(path, &k.name), diagnostics),
                    ),
                    // Unknown keys are the generated reader's to report.
                    None => (k.clone(), v.clone()),
                })
                .collect();
            Node {
                kind: NodeKind::Map(entries),
                span: node.span,
            }
        }
        (ShapeKind::List { member, .. }, NodeKind::Seq(items)) => Node {
            kind: NodeKind::Seq(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| value_in(*member, item, &format!("{path}[{i}]"), diagnostics))
                    .collect(),
            ),
            span: node.span,
        },
        (ShapeKind::Map { .. }, NodeKind::Seq(items)) => pairs_in(items, node, path, diagnostics),
        (ShapeKind::Map { .. }, NodeKind::Map(_)) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::Type,
                    "expected a list of `{name, value}` objects, found a map",
                )
                .with_path(path)
                .with_span(node.span)
                .with_hint("the SageMaker operator writes each entry as `- name: …` with `value: …` below it"),
            );
            Node {
                kind: NodeKind::Null,
                span: node.span,
            }
        }
        // Other mismatches are the generated reader's to report.
        _ => node.clone(),
    }
}

/// A list of `{name, value}` objects as a map, checked as the operator's
/// CRD checks it (both keys strings, nothing else) and for repeated names.
fn pairs_in(items: &[Node], node: &Node, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Node {
    let mut seen = HashSet::new();
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let NodeKind::Map(fields) = &item.kind else {
            diagnostics.push(
                Diagnostic::error(
                    Code::Type,
                    format!(
                        "expected a `{{name, value}}` object, found {}",
                        item.kind_name()
                    ),
                )
                .with_path(at)
                .with_span(item.span),
            );
            continue;
        };
        let mut name: Option<(&str, &Node)> = None;
        let mut value: Option<&Node> = None;
        for (k, v) in super::super::kubernetes::unique(&at, fields, diagnostics) {
            match k.name.as_str() {
                "name" => match &v.kind {
                    NodeKind::Str(s, _) => name = Some((s, v)),
                    _ => diagnostics.push(
                        Diagnostic::error(
                            Code::Type,
                            format!("expected a string, found {}", v.kind_name()),
                        )
                        .with_path(join(&at, "name"))
                        .with_span(v.span),
                    ),
                },
                "value" => value = Some(v),
                other => diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        format!("unknown field `{other}` in a `{{name, value}}` entry"),
                    )
                    .with_path(join(&at, other))
                    .with_span(k.span)
                    .with_hint("each entry has `name` and `value` only"),
                ),
            }
        }
        let Some((name, name_node)) = name else {
            if !fields.iter().any(|(k, _)| k.name == "name") {
                diagnostics.push(
                    Diagnostic::error(Code::Required, "the entry has no `name`")
                        .with_path(at)
                        .with_span(item.span),
                );
            }
            continue;
        };
        if !seen.insert(name) {
            diagnostics.push(
                Diagnostic::error(Code::DuplicateKey, format!("`{name}` is named twice"))
                    .with_path(join(&at, "name"))
                    .with_span(name_node.span)
                    .with_hint("remove one of the two entries"),
            );
            continue;
        }
        // A missing value is an empty one to the operator (Go's zero value):
        // left absent here, so the job says what the manifest says.
        let Some(value) = value.filter(|v| !v.is_null()) else {
            diagnostics.push(
                Diagnostic::error(Code::Required, format!("`{name}` has no `value`"))
                    .with_path(at)
                    .with_span(item.span)
                    .with_hint("write `value: \"\"` for an empty value"),
            );
            continue;
        };
        entries.push((
            Key {
                name: name.to_owned(),
                span: name_node.span,
            },
            value.clone(),
        ));
    }
    Node {
        kind: NodeKind::Map(entries),
        span: node.span,
    }
}

/// The generated writer's value of member `member` of `shape` in the
/// operator's spelling: maps as lists of pairs, wrapped values unwrapped.
/// `at` is the member's canonical path; a wrapped member without its inner
/// member has no spelling in the operator and is `None`, named in `lost`.
pub(super) fn member_out<'a>(
    shape: ShapeId,
    member: u16,
    out: Out<'a>,
    at: &mut Vec<Seg>,
    lost: &mut Vec<CanonPath>,
) -> Option<Out<'a>> {
    let meta = &schema().members(shape)[usize::from(member)];
    if STRINGS.contains(&(shape, member)) {
        // The CRD's string of the number (Rust prints the shortest text
        // that reads back as the same number).
        return Some(match out {
            Out::Float(f) => Out::Str(Cow::Owned(f.to_string())),
            Out::Int(i) => Out::Str(Cow::Owned(i.to_string())),
            other => other,
        });
    }
    at.push(Seg::Member(shape, member));
    let written = match wrapped(shape, member) {
        Some(inner) => {
            let name = SM_OPERATOR.name(meta.shape, inner).unwrap_or_default();
            let value = match out {
                Out::Map(entries) => entries.into_iter().find(|(k, _)| k == name).map(|(_, v)| v),
                other => Some(other),
            };
            match value {
                Some(v) => {
                    at.push(Seg::Member(meta.shape, inner));
                    let v = value_out(
                        schema().members(meta.shape)[usize::from(inner)].shape,
                        v,
                        at,
                        lost,
                    );
                    at.pop();
                    Some(v)
                }
                None => {
                    lost.push(CanonPath(at.clone()));
                    None
                }
            }
        }
        None => Some(value_out(meta.shape, out, at, lost)),
    };
    at.pop();
    written
}

fn value_out<'a>(
    shape: ShapeId,
    out: Out<'a>,
    at: &mut Vec<Seg>,
    lost: &mut Vec<CanonPath>,
) -> Out<'a> {
    match (&schema().shape(shape).kind, out) {
        (ShapeKind::Structure { .. }, Out::Map(entries)) => Out::Map(
            entries
                .into_iter()
                .filter_map(|(k, v)| match SM_OPERATOR.member(shape, &k) {
                    Some(i) => member_out(shape, i, v, at, lost).map(|v| (k, v)),
                    None => Some((k, v)),
                })
                .collect(),
        ),
        (ShapeKind::List { member, .. }, Out::Seq(items)) => Out::Seq(
            items
                .into_iter()
                .enumerate()
                .map(|(n, item)| {
                    at.push(Seg::Index(n));
                    let v = value_out(*member, item, at, lost);
                    at.pop();
                    v
                })
                .collect(),
        ),
        (ShapeKind::Map { .. }, Out::Map(entries)) => Out::Seq(
            entries
                .into_iter()
                .map(|(k, v)| {
                    Out::Map(vec![
                        (Cow::Borrowed("name"), Out::Str(k)),
                        (Cow::Borrowed("value"), v),
                    ])
                })
                .collect(),
        ),
        (_, other) => other,
    }
}
