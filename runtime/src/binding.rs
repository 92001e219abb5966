//! Per-format member names.
//!
//! A format spells the members of the same shapes differently (`RoleArn`,
//! `roleARN`, `role_arn`). The generator emits one [`Binding`] per format:
//! a name table plus a fast lookup from a key back to the member.

use crate::meta::{Schema, ShapeId};

/// How one format names the members of every structure shape.
#[derive(Debug)]
pub struct Binding {
    /// The format's name (`aws`, `ack`, ...).
    pub format: &'static str,
    /// The schema the names belong to.
    pub schema: &'static Schema,
    /// `names[shape][member]`: the key of the member in this format, or
    /// `None` when the format cannot carry the member.
    pub names: &'static [&'static [Option<&'static str>]],
    /// Finds the member of `shape` that `key` names.
    pub lookup: fn(ShapeId, &str) -> Option<u16>,
}

impl Binding {
    /// The key of member `index` of `shape` in this format, if the format carries it.
    pub fn name(&self, shape: ShapeId, index: u16) -> Option<&'static str> {
        self.names
            .get(usize::from(shape))
            .and_then(|m| m.get(usize::from(index)))
            .copied()
            .flatten()
    }

    /// The member of `shape` that `key` names in this format.
    pub fn member(&self, shape: ShapeId, key: &str) -> Option<u16> {
        (self.lookup)(shape, key)
    }

    /// Every key this format accepts for `shape`, in schema order.
    pub fn keys(&self, shape: ShapeId) -> impl Iterator<Item = &'static str> + '_ {
        self.names
            .get(usize::from(shape))
            .into_iter()
            .flat_map(|m| m.iter().flatten().copied())
    }
}
