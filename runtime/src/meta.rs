//! A static description of the schema, emitted by the generator next to the
//! types. Code that walks a job generically (path rendering, suggestions,
//! locating a field in the source, test generators, exports) reads it.

/// Index of a shape in [`Schema::shapes`].
pub type ShapeId = u16;

/// The whole schema: the resources and every shape they reach.
#[derive(Debug)]
pub struct Schema {
    /// All shapes, indexed by [`ShapeId`].
    pub shapes: &'static [ShapeMeta],
    /// The root structure of the first resource (of [`Schema::resources`]):
    /// code that knows one resource starts here.
    pub root: ShapeId,
    /// The resources, in the schema's order.
    pub resources: &'static [ResourceMeta],
}

/// A resource: a root structure and the API operations that carry it.
#[derive(Debug)]
pub struct ResourceMeta {
    /// The API name of the resource, also its root shape's name.
    pub name: &'static str,
    /// Its name on the command line and in messages (`training-job`).
    pub cli_name: &'static str,
    /// Its root structure.
    pub shape: ShapeId,
    /// The operation that creates one; its request carries the members that
    /// are not status.
    pub create: &'static str,
    /// The operation that describes one; its response adds the status members.
    pub describe: &'static str,
}

impl Schema {
    /// The shape with the given id.
    pub fn shape(&self, id: ShapeId) -> &'static ShapeMeta {
        &self.shapes[usize::from(id)]
    }

    /// The members of a structure shape (empty for other shapes).
    pub fn members(&self, id: ShapeId) -> &'static [MemberMeta] {
        match self.shape(id).kind {
            ShapeKind::Structure { members } => members,
            _ => &[],
        }
    }

    /// The resource whose root structure is `shape`, if it is one.
    pub fn resource_at(&self, shape: ShapeId) -> Option<&'static ResourceMeta> {
        self.resources.iter().find(|r| r.shape == shape)
    }

    /// Looks a shape up by its API name.
    pub fn find(&self, name: &str) -> Option<ShapeId> {
        self.shapes
            .iter()
            .position(|s| s.name == name)
            .and_then(|i| ShapeId::try_from(i).ok())
    }
}

/// One shape of the schema.
#[derive(Debug)]
pub struct ShapeMeta {
    /// The API name of the shape (`AlgorithmSpecification`).
    pub name: &'static str,
    /// One-line description (structures only; empty otherwise).
    pub doc: &'static str,
    /// What kind of value the shape is, with its constraints.
    pub kind: ShapeKind,
}

/// The kinds of shapes, with their constraints.
#[derive(Debug)]
pub enum ShapeKind {
    /// Named members.
    Structure {
        /// The members in schema order.
        members: &'static [MemberMeta],
    },
    /// A list of values of one shape.
    List {
        /// Shape of the elements.
        member: ShapeId,
        /// Fewest elements.
        min: Option<u64>,
        /// Most elements.
        max: Option<u64>,
    },
    /// A map from strings to values of one shape.
    Map {
        /// Shape of the keys (a string shape).
        key: ShapeId,
        /// Shape of the values.
        value: ShapeId,
        /// Fewest entries.
        min: Option<u64>,
        /// Most entries.
        max: Option<u64>,
    },
    /// A string from a list of known values.
    Enum {
        /// The known values.
        values: &'static [&'static str],
        /// Whether AWS adds values every release, so unknown ones are only warned about.
        open: bool,
    },
    /// A string.
    String {
        /// Shortest length in characters.
        min: Option<u64>,
        /// Longest length in characters.
        max: Option<u64>,
        /// Pattern the whole string must match, as the API writes it.
        pattern: Option<&'static str>,
    },
    /// A 32-bit integer.
    Integer {
        /// Smallest value.
        min: Option<i64>,
        /// Largest value.
        max: Option<i64>,
    },
    /// A 64-bit integer.
    Long {
        /// Smallest value.
        min: Option<i64>,
        /// Largest value.
        max: Option<i64>,
    },
    /// A floating-point number (carried as `f64`).
    Float,
    /// A double-precision number.
    Double,
    /// `true` or `false`.
    Boolean,
    /// A point in time.
    Timestamp,
}

/// One member of a structure.
#[derive(Debug)]
pub struct MemberMeta {
    /// The API name (`TrainingImage`).
    pub name: &'static str,
    /// Its shape.
    pub shape: ShapeId,
    /// Whether a resource's create request must carry it (nested
    /// structures: whether the structure requires it).
    pub required: bool,
    /// Whether only the resource's describe response returns it (a status
    /// member of the resource's root).
    pub status: bool,
    /// One-line description.
    pub doc: &'static str,
}
