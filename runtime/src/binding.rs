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
    /// Names people write for a member by meaning rather than by spelling
    /// (`name` for `training_job_name`), from `schema/bindings/aliases.yaml`:
    /// suggested when such a key is unknown.
    pub aliases: &'static [Alias],
}

/// A name people write for a member of a shape, and what to suggest instead.
#[derive(Debug)]
pub struct Alias {
    /// The structure the key appears in.
    pub shape: ShapeId,
    /// The key people write (`name`).
    pub key: &'static str,
    /// The member path to suggest, from `shape`, in the format's names
    /// (`training_job_name`, `algorithm_specification.training_image`).
    pub suggestion: &'static str,
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

    /// What to suggest for the unknown key `key` of `shape` by meaning (an
    /// alias), if anything; case is ignored.
    pub fn alias(&self, shape: ShapeId, key: &str) -> Option<&'static str> {
        self.aliases
            .iter()
            .find(|a| a.shape == shape && a.key.eq_ignore_ascii_case(key))
            .map(|a| a.suggestion)
    }

    /// Every key this format accepts for `shape`, in schema order.
    pub fn keys(&self, shape: ShapeId) -> impl Iterator<Item = &'static str> + '_ {
        self.names
            .get(usize::from(shape))
            .into_iter()
            .flat_map(|m| m.iter().flatten().copied())
    }
}
