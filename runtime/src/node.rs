//! A syntax-neutral document tree with source positions.
//!
//! Every reader (JSON, YAML, HCL, ...) parses its syntax into a [`Node`]
//! tree; the generated code then reads typed values out of it. Keeping the
//! positions here is what lets every later error point at `file:line:column`.

/// A position in the source text: 1-based line and column (in characters)
/// plus the length of the spanned text in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Line, starting at 1. Zero means "no position" (synthetic nodes).
    pub line: u32,
    /// Column in characters, starting at 1.
    pub col: u32,
    /// Length in characters (may be 0).
    pub len: u32,
}

impl Span {
    /// A span at `line`:`col` covering `len` characters.
    pub fn new(line: u32, col: u32, len: u32) -> Self {
        Span { line, col, len }
    }

    /// Whether this span points into real source text.
    pub fn is_known(&self) -> bool {
        self.line != 0
    }
}

/// How a string scalar was written, which matters for YAML: a plain `yes`
/// is a boolean to YAML 1.1 readers such as kubectl, a quoted one is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrStyle {
    /// Quoted, block or otherwise explicitly a string.
    Quoted,
    /// An unquoted YAML scalar that the YAML 1.2 core schema resolves to a string.
    Plain,
}

/// A map key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key text.
    pub name: String,
    /// Where the key is written.
    pub span: Span,
}

/// One value of a parsed document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where the value is written.
    pub span: Span,
}

/// The kinds of values every supported syntax can express.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// An explicit null; readers treat it as an absent member.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer literal (wider than any member type, so overflow is an error, not a wrap).
    Int(i128),
    /// A number with a fraction or exponent, or an integer too large for `Int`.
    Float(f64),
    /// A string.
    Str(String, StrStyle),
    /// A sequence of values.
    Seq(Vec<Node>),
    /// Key/value pairs in source order; duplicates are kept so readers can report them.
    Map(Vec<(Key, Node)>),
    /// An expression the syntax can hold but tjspec cannot evaluate (an HCL
    /// reference or template); the text is the expression as written.
    Expr(String),
}

impl Node {
    /// A node without a source position.
    pub fn synthetic(kind: NodeKind) -> Self {
        Node {
            kind,
            span: Span::default(),
        }
    }

    /// A short name of the value's kind, for messages ("a string", "a map").
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(..) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a map",
            NodeKind::Expr(_) => "an expression",
        }
    }

    /// The entry of a map node with the given key, if this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether this node is an explicit null.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }
}
