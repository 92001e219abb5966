//! Reading typed values out of a [`Node`] tree.
//!
//! Readers never stop at the first problem: every error is recorded in the
//! [`ReadCx`] with its position and path, and reading goes on so that one
//! run reports everything wrong with a document.

use crate::binding::Binding;
use crate::diag::{Code, Diagnostic, NotKept, MAX_KEPT};
use crate::meta::ShapeId;
use crate::node::{Key, Node, NodeKind, StrStyle};
use crate::path::{push_key, push_name, CanonPath, Seg};
use crate::suggest;
use crate::timestamp::Timestamp;
use crate::Map;

/// Choices that change how strictly a document is read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    /// Record unknown fields as losses instead of errors (for responses of
    /// a newer API than the schema).
    pub allow_unknown: bool,
}

/// A field the reader did not know and skipped because unknown fields were allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// The field's path in the input's spelling.
    pub path: String,
    /// Where it is written.
    pub span: crate::node::Span,
}

/// State while reading one document.
pub struct ReadCx<'b> {
    binding: &'b Binding,
    options: ReadOptions,
    canon: Vec<Seg>,
    spelled: Vec<usize>,
    spelled_text: String,
    /// Everything found wrong so far: the first [`MAX_KEPT`], then one
    /// [`NotKept`] finding counting the rest.
    pub diagnostics: Vec<Diagnostic>,
    /// Unknown fields skipped under [`ReadOptions::allow_unknown`] (the
    /// first [`MAX_KEPT`]; the rest are counted in `diagnostics`).
    pub skipped: Vec<Skipped>,
    not_kept: NotKept,
    /// Where findings past the limit are written, and forgotten.
    overflow: Diagnostic,
}

/// A value that can be read from a document tree.
pub trait Read: Sized {
    /// Reads the value, or records why it cannot and returns `None`.
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self>;
}

impl<'b> ReadCx<'b> {
    /// A context for reading with `binding`'s names; `prefix` is the spelled
    /// path of the node the job is read from (`spec` in an ACK manifest).
    pub fn new(binding: &'b Binding, options: ReadOptions, prefix: &str) -> Self {
        ReadCx {
            binding,
            options,
            canon: Vec::new(),
            spelled: Vec::new(),
            spelled_text: prefix.to_owned(),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
            not_kept: NotKept::default(),
            overflow: Diagnostic::error(Code::NotKept, ""),
        }
    }

    /// Whether findings are only counted from now on.
    fn full(&self) -> bool {
        self.diagnostics.len() + self.skipped.len() >= MAX_KEPT
    }

    /// Counts a finding that is not kept, in the last finding.
    fn drop_finding(&mut self, severity: crate::diag::Severity) {
        if self.not_kept.count > 0 {
            self.diagnostics.pop();
        }
        self.not_kept.add(severity);
        self.diagnostics.push(self.not_kept.diagnostic());
    }

    /// Records a finding (or, past [`MAX_KEPT`], counts it).
    pub fn record(&mut self, d: Diagnostic) {
        if self.full() {
            self.drop_finding(d.severity);
        } else {
            self.diagnostics.push(d);
        }
    }

    /// The binding in use.
    pub fn binding(&self) -> &'b Binding {
        self.binding
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The current path in the input's spelling.
    pub fn path(&self) -> &str {
        &self.spelled_text
    }

    /// The current canonical path.
    pub fn canon(&self) -> CanonPath {
        CanonPath(self.canon.clone())
    }

    fn push(&mut self, seg: Seg, spelled: impl FnOnce(&mut String)) {
        self.spelled.push(self.spelled_text.len());
        spelled(&mut self.spelled_text);
        self.canon.push(seg);
    }

    fn pop(&mut self) {
        self.canon.pop();
        if let Some(len) = self.spelled.pop() {
            self.spelled_text.truncate(len);
        }
    }

    /// Records an error at `node`.
    pub fn error(
        &mut self,
        node_span: crate::node::Span,
        code: Code,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        if self.full() {
            self.drop_finding(crate::diag::Severity::Error);
            // The caller may still add a hint: to a finding no one sees.
            return &mut self.overflow;
        }
        let d = Diagnostic::error(code, message)
            .with_path(self.spelled_text.clone())
            .with_span(node_span)
            .with_canon(self.canon());
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Records a type mismatch: `node` is not what the member needs.
    pub fn type_error(&mut self, node: &Node, expected: &str) {
        let found = node.kind_name();
        let hint = match (&node.kind, expected) {
            (NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_), "a string") => {
                Some("quote the value to make it a string".to_owned())
            }
            (NodeKind::Str(s, _), "an integer" | "a number") if s.trim().parse::<f64>().is_ok() => {
                Some(format!("write the number without quotes: {}", s.trim()))
            }
            (NodeKind::Str(s, _), "a boolean") if matches!(s.as_str(), "true" | "false") => {
                Some(format!("write the boolean without quotes: {s}"))
            }
            _ => None,
        };
        let span = node.span;
        let d = self.error(
            span,
            Code::Type,
            format!("expected {expected}, found {found}"),
        );
        if let Some(h) = hint {
            d.hint = Some(h);
        }
    }

    /// The entries of a map node, or records a type error.
    pub fn expect_map<'n>(&mut self, node: &'n Node) -> Option<&'n [(Key, Node)]> {
        match &node.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => {
                self.type_error(node, "a map");
                None
            }
        }
    }

    /// Resolves `key` to a member of structure `shape`. Unknown keys and keys
    /// seen twice are recorded (`seen` has one flag per member) and give `None`.
    pub fn member(&mut self, shape: ShapeId, key: &Key, seen: &mut [bool]) -> Option<u16> {
        match self.binding.member(shape, &key.name) {
            Some(i) => {
                let slot = &mut seen[usize::from(i)];
                if *slot {
                    let at = self.child_path(&key.name);
                    self.record(
                        Diagnostic::error(
                            Code::DuplicateKey,
                            format!("duplicate key `{}`", key.name),
                        )
                        .with_path(at)
                        .with_span(key.span)
                        .with_hint("remove one of the two entries"),
                    );
                    return None;
                }
                *slot = true;
                Some(i)
            }
            None => {
                self.unknown_field(shape, key);
                None
            }
        }
    }

    fn child_path(&self, name: &str) -> String {
        let mut p = self.spelled_text.clone();
        push_name(&mut p, name);
        p
    }

    fn unknown_field(&mut self, shape: ShapeId, key: &Key) {
        if self.full() {
            let severity = if self.options.allow_unknown {
                crate::diag::Severity::Warning
            } else {
                crate::diag::Severity::Error
            };
            self.drop_finding(severity);
            return;
        }
        let path = self.child_path(&key.name);
        if self.options.allow_unknown {
            self.skipped.push(Skipped {
                path,
                span: key.span,
            });
            return;
        }
        let shape_name = self.binding.schema.shape(shape).name;
        let mut d = Diagnostic::error(
            Code::UnknownField,
            format!("unknown field `{}` in {shape_name}", key.name),
        )
        .with_path(path)
        .with_span(key.span);
        // By meaning first (`name` for `training_job_name`), then by spelling.
        let near = self
            .binding
            .alias(shape, &key.name)
            .or_else(|| suggest::closest(&key.name, self.binding.keys(shape)));
        d.detail = near.map(|s| crate::diag::Detail::Suggestion(s.to_owned()));
        d.hint = match near {
            Some(s) => Some(format!("did you mean `{s}`?")),
            None => Some(format!(
                "known fields: {}; use --allow-unknown to skip fields from a newer API",
                self.binding.keys(shape).collect::<Vec<_>>().join(", ")
            )),
        };
        self.record(d);
    }

    /// Reads member `index` of `shape` from `node`; an explicit null is an absent member.
    pub fn field<T: Read>(
        &mut self,
        shape: ShapeId,
        index: u16,
        key: &Key,
        node: &Node,
    ) -> Option<T> {
        if node.is_null() {
            return None;
        }
        let name = &key.name;
        self.push(Seg::Member(shape, index), |p| push_name(p, name));
        let v = T::read(node, self);
        self.pop();
        v
    }

    /// Reads a string, or records a type error.
    pub fn string(&mut self, node: &Node) -> Option<String> {
        match &node.kind {
            NodeKind::Str(s, style) => {
                if *style == StrStyle::Plain && is_yaml11_bool(s) {
                    let span = node.span;
                    self.error(
                        span,
                        Code::Yaml11Bool,
                        format!("`{s}` is a boolean to YAML 1.1 readers such as kubectl"),
                    )
                    .hint = Some(format!("quote it: \"{s}\""));
                    return None;
                }
                Some(s.clone())
            }
            _ => {
                self.type_error(node, "a string");
                None
            }
        }
    }
}

/// Whether a plain YAML scalar is a boolean in YAML 1.1 (but a string in 1.2).
pub fn is_yaml11_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

impl Read for String {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        cx.string(node)
    }
}

impl Read for bool {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        match &node.kind {
            NodeKind::Bool(b) => Some(*b),
            NodeKind::Str(s, StrStyle::Plain) if is_yaml11_bool(s) => {
                let span = node.span;
                cx.error(
                    span,
                    Code::Yaml11Bool,
                    format!("`{s}` is a YAML 1.1 boolean; YAML 1.2 readers see a string"),
                )
                .hint = Some("write true or false".to_owned());
                None
            }
            _ => {
                cx.type_error(node, "a boolean");
                None
            }
        }
    }
}

fn read_int(node: &Node, cx: &mut ReadCx<'_>, min: i128, max: i128, what: &str) -> Option<i128> {
    match &node.kind {
        NodeKind::Int(v) if (min..=max).contains(v) => Some(*v),
        NodeKind::Int(v) => {
            let span = node.span;
            cx.error(
                span,
                Code::OutOfRange,
                format!("{v} does not fit in {what} ({min} to {max})"),
            );
            None
        }
        NodeKind::Float(f) => {
            let span = node.span;
            if f.is_finite() && f.fract() == 0.0 && (*f < min as f64 || *f > max as f64) {
                cx.error(
                    span,
                    Code::OutOfRange,
                    if f.abs() >= 1e16 {
                        format!("{f:e} does not fit in {what} ({min} to {max})")
                    } else {
                        format!("{f} does not fit in {what} ({min} to {max})")
                    },
                );
            } else if f.is_finite() && f.fract() == 0.0 {
                cx.error(
                    span,
                    Code::Type,
                    format!("expected an integer, found the number {f:?}"),
                )
                .hint = Some(format!("write it without a fraction or exponent: {f}"));
            } else {
                cx.error(
                    span,
                    Code::Type,
                    format!("expected an integer, found the number {f}"),
                );
            }
            None
        }
        _ => {
            cx.type_error(node, "an integer");
            None
        }
    }
}

impl Read for i32 {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        read_int(
            node,
            cx,
            i32::MIN.into(),
            i32::MAX.into(),
            "a 32-bit integer",
        )
        .and_then(|v| i32::try_from(v).ok())
    }
}

impl Read for i64 {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        read_int(
            node,
            cx,
            i64::MIN.into(),
            i64::MAX.into(),
            "a 64-bit integer",
        )
        .and_then(|v| i64::try_from(v).ok())
    }
}

impl Read for f64 {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        let v = match &node.kind {
            NodeKind::Int(v) => *v as f64,
            NodeKind::Float(f) => *f,
            _ => {
                cx.type_error(node, "a number");
                return None;
            }
        };
        if !v.is_finite() {
            let span = node.span;
            cx.error(
                span,
                Code::NotFinite,
                "NaN and infinite numbers are not allowed (JSON and the AWS API cannot carry them)",
            );
            return None;
        }
        Some(v)
    }
}

impl Read for Timestamp {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        let r = match &node.kind {
            NodeKind::Str(s, _) => Timestamp::parse(s),
            NodeKind::Int(v) => Timestamp::from_epoch_i128(*v),
            NodeKind::Float(f) => Timestamp::from_epoch_f64(*f),
            _ => {
                cx.type_error(node, "a timestamp (ISO-8601 text or epoch seconds)");
                return None;
            }
        };
        match r {
            Ok(t) => Some(t),
            Err(e) => {
                let span = node.span;
                cx.error(span, Code::Timestamp, e.0);
                None
            }
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        let NodeKind::Seq(items) = &node.kind else {
            cx.type_error(node, "a list");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            cx.push(Seg::Index(i), |p| {
                use std::fmt::Write as _;
                let _ = write!(p, "[{i}]");
            });
            if item.is_null() {
                let span = item.span;
                cx.error(span, Code::Type, "list elements cannot be null");
                ok = false;
            } else {
                match T::read(item, cx) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
            }
            cx.pop();
        }
        ok.then_some(out)
    }
}

impl<V: Read> Read for Map<V> {
    fn read(node: &Node, cx: &mut ReadCx<'_>) -> Option<Self> {
        let entries = cx.expect_map(node)?;
        let mut out = Map::with_capacity(entries.len());
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        let mut ok = true;
        for (key, value) in entries {
            if !seen.insert(key.name.as_str()) {
                let mut path = cx.path().to_owned();
                push_key(&mut path, &key.name);
                cx.record(
                    Diagnostic::error(Code::DuplicateKey, format!("duplicate key `{}`", key.name))
                        .with_path(path)
                        .with_span(key.span)
                        .with_hint("remove one of the two entries"),
                );
                ok = false;
                continue;
            }
            let name = &key.name;
            cx.push(Seg::Key(name.clone()), |p| push_key(p, name));
            if value.is_null() {
                let span = value.span;
                cx.error(span, Code::Type, "map values cannot be null");
                ok = false;
            } else if let Some(v) = V::read(value, cx) {
                out.insert(key.name.clone(), v);
            } else {
                ok = false;
            }
            cx.pop();
        }
        ok.then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::is_yaml11_bool;

    #[test]
    fn yaml11_booleans() {
        assert!(is_yaml11_bool("yes") && is_yaml11_bool("Off"));
        assert!(!is_yaml11_bool("true") && !is_yaml11_bool("nope"));
    }
}
