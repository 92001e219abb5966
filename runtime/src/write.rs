//! Writing typed values into an output tree that a format's emitter prints.

use std::borrow::Cow;

use crate::binding::Binding;
use crate::meta::ShapeId;
use crate::path::{CanonPath, Seg};
use crate::timestamp::Timestamp;
use crate::Map;

/// A value ready to be printed by a format's emitter (JSON, YAML, HCL, ...).
#[derive(Clone, Debug, PartialEq)]
pub enum Out<'a> {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string from the schema's world (names, ARNs, enum values).
    Str(Cow<'a, str>),
    /// A string of user data (a hyperparameter or environment value):
    /// emitters that can quote always quote it.
    UserStr(Cow<'a, str>),
    /// A point in time; each format chooses how to print it.
    Timestamp(Timestamp),
    /// A list.
    Seq(Vec<Out<'a>>),
    /// Key/value pairs in order.
    Map(Vec<(Cow<'a, str>, Out<'a>)>),
    /// An expression carried through verbatim (HCL references).
    Expr(Cow<'a, str>),
}

/// A value that can be written to an output tree.
pub trait Write {
    /// Writes the value.
    fn write<'a>(&'a self, cx: &mut WriteCx<'_>) -> Out<'a>;
}

/// State while writing one document.
pub struct WriteCx<'b> {
    binding: &'b Binding,
    include_status: bool,
    path: Vec<Seg>,
    /// Members that had a value but that the target format cannot carry.
    pub losses: Vec<CanonPath>,
}

impl<'b> WriteCx<'b> {
    /// A context writing with `binding`'s names; `include_status` keeps the
    /// members only the describe response returns.
    pub fn new(binding: &'b Binding, include_status: bool) -> Self {
        WriteCx {
            binding,
            include_status,
            path: Vec::new(),
            losses: Vec::new(),
        }
    }

    /// The binding in use.
    pub fn binding(&self) -> &'b Binding {
        self.binding
    }

    /// Writes member `index` of `shape` into `map` when it has a value; a
    /// member the format cannot carry is recorded as a loss instead.
    pub fn field<'a, T: Write>(
        &mut self,
        map: &mut Vec<(Cow<'a, str>, Out<'a>)>,
        shape: ShapeId,
        index: u16,
        value: &'a Option<T>,
    ) {
        let Some(value) = value else { return };
        self.path.push(Seg::Member(shape, index));
        match self.binding.name(shape, index) {
            Some(name) => {
                let out = value.write(self);
                map.push((Cow::Borrowed(name), out));
            }
            None => self.losses.push(CanonPath(self.path.clone())),
        }
        self.path.pop();
    }

    /// Like [`WriteCx::field`] for a status member: skipped (not lost) when
    /// status is not wanted.
    pub fn status_field<'a, T: Write>(
        &mut self,
        map: &mut Vec<(Cow<'a, str>, Out<'a>)>,
        shape: ShapeId,
        index: u16,
        value: &'a Option<T>,
    ) {
        if self.include_status {
            self.field(map, shape, index, value);
        }
    }
}

impl Write for String {
    fn write<'a>(&'a self, _: &mut WriteCx<'_>) -> Out<'a> {
        Out::Str(Cow::Borrowed(self))
    }
}

impl Write for bool {
    fn write<'a>(&'a self, _: &mut WriteCx<'_>) -> Out<'a> {
        Out::Bool(*self)
    }
}

impl Write for i32 {
    fn write<'a>(&'a self, _: &mut WriteCx<'_>) -> Out<'a> {
        Out::Int(i64::from(*self))
    }
}

impl Write for i64 {
    fn write<'a>(&'a self, _: &mut WriteCx<'_>) -> Out<'a> {
        Out::Int(*self)
    }
}

impl Write for f64 {
    fn write<'a>(&'a self, _: &mut WriteCx<'_>) -> Out<'a> {
        Out::Float(*self)
    }
}

impl Write for Timestamp {
    fn write<'a>(&'a self, _: &mut WriteCx<'_>) -> Out<'a> {
        Out::Timestamp(*self)
    }
}

impl<T: Write> Write for Vec<T> {
    fn write<'a>(&'a self, cx: &mut WriteCx<'_>) -> Out<'a> {
        let mut out = Vec::with_capacity(self.len());
        for (i, v) in self.iter().enumerate() {
            cx.path.push(Seg::Index(i));
            out.push(v.write(cx));
            cx.path.pop();
        }
        Out::Seq(out)
    }
}

impl<V: Write> Write for Map<V> {
    fn write<'a>(&'a self, cx: &mut WriteCx<'_>) -> Out<'a> {
        let mut out = Vec::with_capacity(self.len());
        for (k, v) in self {
            // Map values are user data: mark strings so emitters quote them.
            let value = match v.write(cx) {
                Out::Str(s) => Out::UserStr(s),
                other => other,
            };
            out.push((Cow::Borrowed(k.as_str()), value));
        }
        Out::Map(out)
    }
}

impl serde::Serialize for Out<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Out::Bool(b) => s.serialize_bool(*b),
            Out::Int(i) => s.serialize_i64(*i),
            Out::Float(f) => s.serialize_f64(*f),
            Out::Str(v) | Out::UserStr(v) | Out::Expr(v) => s.serialize_str(v),
            Out::Timestamp(t) => s.collect_str(t),
            Out::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Out::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}
