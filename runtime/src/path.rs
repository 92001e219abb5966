//! Paths to fields of a training job.
//!
//! A [`CanonPath`] names a field by schema position (shape and member
//! index), so one path can be spelled in any format's names: the same field
//! is `ResourceConfig.InstanceCount` in AWS JSON and
//! `spec.resourceConfig.instanceCount` in an ACK manifest.

use std::fmt::Write as _;

use crate::binding::Binding;
use crate::meta::{Schema, ShapeId};

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// Member `index` of structure `shape`.
    Member(ShapeId, u16),
    /// An element of a list.
    Index(usize),
    /// An entry of a map.
    Key(String),
}

/// A path from the job root to a field, by schema position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CanonPath(pub Vec<Seg>);

impl CanonPath {
    /// The shape of the value the path names: the member's, or the
    /// element's of a list or map it indexes into. `None` for the root, or
    /// a path that does not fit the schema.
    pub fn target(&self, schema: &Schema) -> Option<ShapeId> {
        let mut shape = None;
        for seg in &self.0 {
            shape = Some(match (seg, shape.map(|s| &schema.shape(s).kind)) {
                (Seg::Member(parent, index), _) => {
                    schema.members(*parent).get(usize::from(*index))?.shape
                }
                (Seg::Index(_), Some(crate::meta::ShapeKind::List { member, .. })) => *member,
                (Seg::Key(_), Some(crate::meta::ShapeKind::Map { value, .. })) => *value,
                _ => return None,
            });
        }
        shape
    }

    /// The path spelled with a format's member names; members the format
    /// cannot carry fall back to their API name.
    pub fn spell(&self, binding: &Binding) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Member(shape, index) => {
                    let name = binding.name(*shape, *index).unwrap_or_else(|| {
                        binding.schema.members(*shape)[usize::from(*index)].name
                    });
                    push_name(&mut out, name);
                }
                Seg::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Seg::Key(k) => push_key(&mut out, k),
            }
        }
        out
    }

    /// The path spelled with API member names (`ResourceConfig.InstanceCount`).
    pub fn spell_api(&self, schema: &Schema) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Member(shape, index) => {
                    push_name(&mut out, schema.members(*shape)[usize::from(*index)].name)
                }
                Seg::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Seg::Key(k) => push_key(&mut out, k),
            }
        }
        out
    }
}

/// Appends `.name` (or `name` at the start).
pub fn push_name(out: &mut String, name: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(name);
}

/// Appends a map key: `.key` when it is a plain identifier, `["k e y"]` otherwise.
pub fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        push_name(out, key);
    } else {
        out.push('[');
        out.push_str(&serde_json::to_string(key).unwrap_or_default());
        out.push(']');
    }
}

impl CanonPath {
    /// Finds the field in a document tree read with `binding`: returns the
    /// path in the document's spelling (after `prefix`) and the position of
    /// the deepest node that exists (the field itself, or the structure
    /// that lacks it).
    pub fn locate(
        &self,
        root: &crate::node::Node,
        binding: &Binding,
        prefix: &str,
    ) -> (String, Option<crate::node::Span>) {
        use crate::node::NodeKind;
        let mut spelled = prefix.to_owned();
        let mut current = Some(root);
        let mut span = root.span.is_known().then_some(root.span);
        for seg in &self.0 {
            match seg {
                Seg::Member(shape, index) => {
                    let name = binding.name(*shape, *index).unwrap_or_else(|| {
                        binding.schema.members(*shape)[usize::from(*index)].name
                    });
                    push_name(&mut spelled, name);
                    current = current.and_then(|n| n.get(name));
                }
                Seg::Index(i) => {
                    let _ = write!(spelled, "[{i}]");
                    current = current.and_then(|n| match &n.kind {
                        NodeKind::Seq(items) => items.get(*i),
                        _ => None,
                    });
                }
                Seg::Key(k) => {
                    push_key(&mut spelled, k);
                    current = current.and_then(|n| n.get(k));
                }
            }
            if let Some(n) = current {
                if n.span.is_known() {
                    span = Some(n.span);
                }
            }
        }
        let container =
            current.is_some_and(|n| matches!(n.kind, NodeKind::Map(_) | NodeKind::Seq(_)));
        if current.is_none() || container {
            // An absent field or a whole structure: point at where the
            // structure starts rather than underlining all of it.
            span = span.map(|s| crate::node::Span { len: 1, ..s });
        }
        (spelled, span)
    }
}
