//! Resources: the root structures of the schema that API operations create
//! and describe. Code that works on any resource takes a type implementing
//! [`Resource`], which the generated code implements for each root.

use crate::meta::{MemberMeta, ResourceMeta, Schema, ShapeId};
use crate::{Read, Validate, Write};

/// A resource's root type (the generated struct of its root structure):
/// what it is in the schema, its operations and its status members, with
/// the traits every format reads, writes and checks it through.
pub trait Resource:
    Read + Write + Validate + Default + Clone + PartialEq + std::fmt::Debug + 'static
{
    /// The schema the type belongs to.
    const SCHEMA: &'static Schema;
    /// The resource's description in the schema.
    const META: &'static ResourceMeta;

    /// The id of the root structure.
    fn shape() -> ShapeId {
        Self::META.shape
    }

    /// The operation that creates one (its request's members are the spec).
    fn create_operation() -> &'static str {
        Self::META.create
    }

    /// The operation that describes one (its response adds the status).
    fn describe_operation() -> &'static str {
        Self::META.describe
    }

    /// The members of the root structure, in schema order.
    fn members() -> &'static [MemberMeta] {
        Self::SCHEMA.members(Self::META.shape)
    }

    /// The indices of the status members: those only the describe response
    /// carries.
    fn status_members() -> impl Iterator<Item = u16> {
        Self::members()
            .iter()
            .enumerate()
            .filter(|(_, m)| m.status)
            .filter_map(|(i, _)| u16::try_from(i).ok())
    }
}
