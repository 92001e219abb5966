//! One format's naming of the members of every structure shape: the unit
//! the binding sources ([`crate::sources`]) produce and the emitters take.

use crate::model::ShapeId;

/// A format's naming of members: `names[shape][member]`, `None` where the
/// format cannot carry the member.
#[derive(Clone, Debug)]
pub struct BindingNames {
    /// Module and static name (`aws` → `bindings::aws::AWS`).
    pub format: &'static str,
    /// One line on what the format is.
    pub about: String,
    /// The names.
    pub names: Vec<Vec<Option<String>>>,
    /// Per resource (its root shape), the format's arguments that are not
    /// members (tf-aws: the provider's own), with the arguments of each
    /// block.
    pub provider: Vec<(ShapeId, ProviderArguments)>,
}

impl BindingNames {
    /// The name of member `index` of `shape`, if the format carries it.
    pub fn name(&self, shape: ShapeId, index: usize) -> Option<&str> {
        self.names.get(shape)?.get(index)?.as_deref()
    }
}

/// Arguments of a format that are not members of the resource (tf-aws: the
/// provider's own settings), with the arguments of each that is a block
/// (`None` for a plain argument).
pub type ProviderArguments = Vec<(String, Option<Vec<String>>)>;

/// The paths of a field list in `schema/bindings/` (one per line, `#`
/// comments and blank lines ignored).
pub fn listed_paths(text: &str) -> std::collections::BTreeSet<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}
