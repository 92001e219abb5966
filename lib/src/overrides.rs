//! `--set PATH=VALUE` and `--overlay FILE`: filling or replacing fields.
//!
//! Both work on the job in AWS naming: the job is written to a document
//! tree, the overlay is merged into it (see [`merge`]), each `--set` is applied, and the tree is read back — so an
//! override goes through exactly the checks an input does.

use std::borrow::Cow;

use tjspec_model::bindings::aws::AWS;
use tjspec_model::{Job, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{
    Diagnostic, Key, Node, NodeKind, Out, ReadCx, ReadOptions, ShapeId, StrStyle, Write, WriteCx,
};

use crate::syntax::yaml;
use tjspec_runtime::Code;

/// One step of a `--set` path.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A member or map key.
    Name(String),
    /// A quoted name (`["train"]`): a map key, or the list element with
    /// that name (`InputDataConfig["train"]`, `Tags["team"]`).
    Key(String),
    /// A list element.
    Index(usize),
}

/// A parsed `--set PATH=VALUE`.
#[derive(Clone, Debug)]
pub struct Set {
    /// The argument as given.
    pub raw: String,
    /// The path, in AWS member names.
    pub path: Vec<Step>,
    /// The value text.
    pub value: String,
}

/// A `--set` argument that cannot be parsed: the argument as given and
/// what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{raw}`: {problem}")]
pub struct ParseSetError {
    /// The argument as given.
    pub raw: String,
    /// What is wrong with it.
    pub problem: SetSyntax,
}

/// What is wrong with the syntax of a `--set` argument.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetSyntax {
    /// No `=` outside brackets.
    #[error("expected PATH=VALUE")]
    NoValue,
    /// A quoted name without its closing quote.
    #[error("unclosed `\"`")]
    UnclosedQuote,
    /// A quoted name that is not a JSON string.
    #[error("`{text}`: {reason}")]
    QuotedName {
        /// The quoted name as written.
        text: String,
        /// Why it is not a JSON string.
        reason: String,
    },
    /// A quoted name not followed by `]`.
    #[error("expected `]` after `{0}`")]
    ExpectedBracket(String),
    /// A `[` without its `]`.
    #[error("unclosed `[`")]
    UnclosedBracket,
    /// A list index too large to be one.
    #[error("index {0} is out of range")]
    IndexOutOfRange(String),
    /// Brackets holding neither an index nor a quoted name.
    #[error("`[{0}]` is neither a list index nor a quoted name (`[\"train\"]`)")]
    BadBracket(String),
    /// Two dots in a row, or a leading dot.
    #[error("empty path segment")]
    EmptySegment,
    /// Nothing before the `=`.
    #[error("empty path")]
    EmptyPath,
}

/// Parses `PATH=VALUE`: `ResourceConfig.InstanceCount=2`,
/// `InputDataConfig[0].ChannelName=train`, `HyperParameters["a.b"]=1`.
pub fn parse_set(raw: &str) -> Result<Set, ParseSetError> {
    let err = |problem| ParseSetError {
        raw: raw.to_owned(),
        problem,
    };
    let (path, value) = split_assignment(raw).ok_or_else(|| err(SetSyntax::NoValue))?;
    let mut steps = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            if r.starts_with('"') {
                // A quoted name, as `diff` prints it: a JSON string.
                let end = closing_quote(r).ok_or_else(|| err(SetSyntax::UnclosedQuote))?;
                let name: String = serde_json::from_str(&r[..=end]).map_err(|e| {
                    err(SetSyntax::QuotedName {
                        text: r[..=end].to_owned(),
                        reason: e.to_string(),
                    })
                })?;
                rest = r[end + 1..]
                    .strip_prefix(']')
                    .ok_or_else(|| err(SetSyntax::ExpectedBracket(r[..=end].to_owned())))?;
                steps.push(Step::Key(name));
                continue;
            }
            let end = r.find(']').ok_or_else(|| err(SetSyntax::UnclosedBracket))?;
            let inside = &r[..end];
            let i = match inside.parse() {
                Ok(i) => i,
                Err(_) if !inside.is_empty() && inside.bytes().all(|b| b.is_ascii_digit()) => {
                    return Err(err(SetSyntax::IndexOutOfRange(inside.to_owned())))
                }
                Err(_) => return Err(err(SetSyntax::BadBracket(inside.to_owned()))),
            };
            steps.push(Step::Index(i));
            rest = &r[end + 1..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return Err(err(SetSyntax::EmptySegment));
            }
            steps.push(Step::Name(r[..end].to_owned()));
            rest = &r[end..];
        }
    }
    if steps.is_empty() {
        return Err(err(SetSyntax::EmptyPath));
    }
    Ok(Set {
        raw: raw.to_owned(),
        path: steps,
        value: value.to_owned(),
    })
}

/// The byte offset of the quote that closes the JSON string `text` starts with.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

// The first `=` outside brackets (and the quoted names in them) separates
// path and value.
fn split_assignment(raw: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i..].chars().next()?;
        match c {
            '"' if depth > 0 => {
                i += closing_quote(&raw[i..])?;
            }
            '[' => depth += 1,
            ']' => depth -= 1,
            '=' if depth == 0 => return Some((&raw[..i], &raw[i + 1..])),
            _ => {}
        }
        i += c.len_utf8();
    }
    None
}

/// Overrides to apply to every document.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// A partial job merged over each document (of the same resource).
    pub overlay: Option<Job>,
    /// Assignments, applied in order after the overlay.
    pub sets: Vec<Set>,
}

impl Overrides {
    /// Whether there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.overlay.is_none() && self.sets.is_empty()
    }

    /// Applies the overrides: the job, with warnings about what the overlay
    /// replaced without keeping; problems are diagnostics naming the `--set`.
    pub fn apply(&self, job: &Job) -> Result<(Job, Vec<Diagnostic>), Vec<Diagnostic>> {
        let resource = job.resource();
        let root = resource.shape();
        let mut tree = to_node(&job.write(&mut WriteCx::new(&AWS, true)));
        let mut warnings = Vec::new();
        if let Some(overlay) = &self.overlay {
            if overlay.resource() != resource {
                return Err(vec![Diagnostic::error(
                    Code::Overlay,
                    format!(
                        "the overlay is a {} and the job a {}: an overlay applies to jobs of its own resource",
                        overlay.resource().name(),
                        resource.name()
                    ),
                )]);
            }
            let o = to_node(&overlay.write(&mut WriteCx::new(&AWS, true)));
            warnings = merge(&mut tree, o, root);
        }
        let mut problems = Vec::new();
        for set in &self.sets {
            // A path of another resource (a stream or a pipeline mixing
            // training and tuning jobs) is not this job's to take: it is
            // passed over with a warning, not an error.
            let elsewhere = || {
                tjspec_model::ResourceId::ALL
                    .iter()
                    .find(|r| **r != resource && target_shape(&set.path, r.shape()).is_ok())
            };
            if target_shape(&set.path, root).is_err() {
                if let Some(other) = elsewhere() {
                    warnings.push(
                        Diagnostic::warning(
                            Code::Set,
                            format!(
                                "not applied to this {}: the path is a {}'s",
                                resource.name(),
                                other.name()
                            ),
                        )
                        .with_path(format!("--set {}", set.raw)),
                    );
                    continue;
                }
            }
            if let Err(e) = assign(&mut tree, set, root) {
                problems.push(
                    Diagnostic::error(Code::Set, e.to_string())
                        .with_path(format!("--set {}", set.raw)),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut cx = ReadCx::new(&AWS, ReadOptions::default(), "");
        let out = resource.read(&tree, &mut cx);
        if cx.has_errors() {
            return Err(cx
                .diagnostics
                .into_iter()
                .map(|mut d| {
                    d.message = format!("after --set/--overlay: {}", d.message);
                    d.span = None;
                    d
                })
                .collect());
        }
        Ok((out.unwrap_or_else(|| resource.empty()), warnings))
    }
}

/// Converts a written tree back into a document tree (without positions).
pub fn to_node(out: &Out<'_>) -> Node {
    let kind = match out {
        Out::Bool(b) => NodeKind::Bool(*b),
        Out::Int(i) => NodeKind::Int(i128::from(*i)),
        Out::Float(f) => NodeKind::Float(*f),
        Out::Str(s) | Out::UserStr(s) => NodeKind::Str(s.to_string(), StrStyle::Quoted),
        Out::Expr(s) => NodeKind::Expr(s.to_string()),
        Out::Timestamp(t) => NodeKind::Str(t.to_string(), StrStyle::Quoted),
        Out::Seq(items) => NodeKind::Seq(items.iter().map(to_node).collect()),
        Out::Map(entries) => NodeKind::Map(
            entries
                .iter()
                .map(|(k, v): &(Cow<'_, str>, Out<'_>)| {
                    (
                        Key {
                            name: k.to_string(),
                            span: Default::default(),
                        },
                        to_node(v),
                    )
                })
                .collect(),
        ),
    };
    Node::synthetic(kind)
}

/// Merges `over` into `base` (both jobs of the resource whose root
/// structure is `root`, as AWS document trees): structures
/// and maps key by key; lists of named elements (channels, tags, rules:
/// every list whose elements have a name member) element by element by
/// name, an element both have merged member by member and one only the
/// overlay has appended; anything else replaced. A replaced list whose
/// elements the overlay does not all keep is named in a warning.
pub fn merge(base: &mut Node, over: Node, root: ShapeId) -> Vec<Diagnostic> {
    let mut dropped = Vec::new();
    merge_shaped(base, over, root, String::new(), &mut dropped);
    dropped
}

fn merge_shaped(
    base: &mut Node,
    over: Node,
    shape: ShapeId,
    path: String,
    dropped: &mut Vec<Diagnostic>,
) {
    match (&SCHEMA.shape(shape).kind, &mut base.kind, over.kind) {
        (
            ShapeKind::Structure { .. } | ShapeKind::Map { .. },
            NodeKind::Map(b),
            NodeKind::Map(o),
        ) => {
            for (k, v) in o {
                let child = match &SCHEMA.shape(shape).kind {
                    ShapeKind::Structure { members } => {
                        members.iter().find(|m| m.name == k.name).map(|m| m.shape)
                    }
                    ShapeKind::Map { value, .. } => Some(*value),
                    _ => None,
                };
                let mut p = path.clone();
                tjspec_runtime::path::push_key(&mut p, &k.name);
                match (b.iter_mut().find(|(bk, _)| bk.name == k.name), child) {
                    (Some((_, bv)), Some(child)) => merge_shaped(bv, v, child, p, dropped),
                    (Some((_, bv)), None) => *bv = v,
                    (None, _) => b.push((k, v)),
                }
            }
        }
        (ShapeKind::List { member, .. }, NodeKind::Seq(b), NodeKind::Seq(o)) => {
            let Some(key) = crate::diff::element_key(*member)
                .map(|k| SCHEMA.members(*member)[usize::from(k)].name)
            else {
                // Values without names: the overlay's list replaces the input's.
                let lost = b.iter().filter(|x| !o.iter().any(|y| same(x, y))).count();
                if lost > 0 {
                    dropped.push(
                        Diagnostic::warning(
                            Code::Overlay,
                            format!(
                                "--overlay replaces this list: {lost} of the input's {} element(s) are not kept",
                                b.len()
                            ),
                        )
                        .with_path(path),
                    );
                }
                *b = o;
                return;
            };
            let name = |n: &Node| match n.get(key).map(|v| &v.kind) {
                Some(NodeKind::Str(s, _)) => Some(s.clone()),
                _ => None,
            };
            for item in o {
                let found = name(&item).and_then(|n| {
                    b.iter()
                        .position(|x| name(x).as_deref() == Some(n.as_str()))
                });
                match found {
                    Some(i) => {
                        let label = name(&item).unwrap_or_default();
                        let p = format!(
                            "{path}[{}]",
                            serde_json::to_string(&label).unwrap_or_default()
                        );
                        merge_shaped(&mut b[i], item, *member, p, dropped);
                    }
                    None => b.push(item),
                }
            }
        }
        (_, _, over) => base.kind = over,
    }
}

/// Whether two trees hold the same value (positions aside).
fn same(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Seq(x), NodeKind::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (NodeKind::Map(x), NodeKind::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka.name == kb.name && same(a, b))
        }
        (NodeKind::Str(x, _), NodeKind::Str(y, _)) => x == y,
        (x, y) => x == y,
    }
}

/// Why a parsed `--set` cannot be applied to a job. Paths are in AWS
/// member names, as far as the `--set` got.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    /// A member the structure does not have.
    #[error("`{path}` is not a field of {shape}{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    NotAField {
        /// The path up to the unknown member.
        path: String,
        /// The structure's shape name.
        shape: &'static str,
        /// The nearest member name, when one is close.
        suggestion: Option<String>,
    },
    /// A name into a list whose elements have no name member.
    #[error("`{0}`: the elements of this list have no name; use an index such as [0]")]
    UnnamedElements(String),
    /// A step below a value that is not a structure, list or map.
    #[error("`{0}` goes below a value that has no fields")]
    BelowValue(String),
    /// A value text that does not parse.
    #[error("value `{value}`: {reason}")]
    Value {
        /// The value as given.
        value: String,
        /// Why it does not parse.
        reason: String,
    },
    /// A named element of a list that is not named.
    #[error("`{0}`: not a named list")]
    NotNamedList(String),
    /// An index more than one past the end of a list.
    #[error("`{path}`: index {index} is past the end of a list of {len}")]
    PastEnd {
        /// The path up to the index.
        path: String,
        /// The index given.
        index: usize,
        /// The list's length.
        len: usize,
    },
}

/// The shape a `--set` path from `root` ends at, if the path follows the
/// schema.
fn target_shape(path: &[Step], root: ShapeId) -> Result<ShapeId, SetError> {
    let mut shape = root;
    for (i, step) in path.iter().enumerate() {
        let here = || path_text(&path[..=i]);
        shape = match (&SCHEMA.shape(shape).kind, step) {
            (ShapeKind::Structure { members }, Step::Name(n) | Step::Key(n)) => {
                match members.iter().position(|m| m.name == *n) {
                    Some(p) => members[p].shape,
                    None => {
                        return Err(SetError::NotAField {
                            path: here(),
                            shape: SCHEMA.shape(shape).name,
                            suggestion: tjspec_runtime::suggest::closest(
                                n,
                                members.iter().map(|m| m.name),
                            )
                            .map(str::to_owned),
                        });
                    }
                }
            }
            (ShapeKind::List { member, .. }, Step::Index(_)) => *member,
            (ShapeKind::Map { value, .. }, Step::Name(_) | Step::Key(_)) => *value,
            (ShapeKind::List { member, .. }, Step::Name(_) | Step::Key(_)) => {
                if crate::diff::element_key(*member).is_none() {
                    return Err(SetError::UnnamedElements(here()));
                }
                *member
            }
            _ => return Err(SetError::BelowValue(here())),
        };
    }
    Ok(shape)
}

fn path_text(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Name(n) => tjspec_runtime::path::push_name(&mut s, n),
            Step::Key(k) => {
                s.push('[');
                s.push_str(&serde_json::to_string(k).unwrap_or_default());
                s.push(']');
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Parses a `--set` value: YAML flow syntax, except that a plain scalar
/// assigned to a string member stays a string (`--set HyperParameters.depth=5`).
fn value_node(set: &Set, shape: ShapeId) -> Result<Node, SetError> {
    let text = &set.value;
    let stringy = matches!(
        SCHEMA.shape(shape).kind,
        ShapeKind::String { .. } | ShapeKind::Enum { .. } | ShapeKind::Timestamp
    );
    // A timestamp is ISO-8601 text or epoch seconds, as in the AWS form.
    let timestamp = matches!(SCHEMA.shape(shape).kind, ShapeKind::Timestamp);
    let mut docs = yaml::documents(text);
    let node = match docs.next() {
        None => Node::synthetic(NodeKind::Null),
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            if stringy {
                return Ok(Node::synthetic(NodeKind::Str(
                    text.clone(),
                    StrStyle::Quoted,
                )));
            }
            return Err(SetError::Value {
                value: text.clone(),
                reason: e.message,
            });
        }
    };
    let plain_scalar = matches!(
        node.kind,
        NodeKind::Int(_)
            | NodeKind::Float(_)
            | NodeKind::Bool(_)
            | NodeKind::Str(_, StrStyle::Plain)
    );
    if timestamp && matches!(node.kind, NodeKind::Int(_) | NodeKind::Float(_)) {
        return Ok(node);
    }
    if stringy && plain_scalar {
        return Ok(Node::synthetic(NodeKind::Str(
            text.trim().to_owned(),
            StrStyle::Quoted,
        )));
    }
    Ok(node)
}

fn assign(tree: &mut Node, set: &Set, root: ShapeId) -> Result<(), SetError> {
    let shape = target_shape(&set.path, root)?;
    let value = value_node(set, shape)?;
    let mut node = tree;
    let mut shape = root;
    let last = set.path.len() - 1;
    for (i, step) in set.path.iter().enumerate() {
        let is_last = i == last;
        let container = shape;
        shape = match (&SCHEMA.shape(shape).kind, step) {
            (ShapeKind::Structure { members }, Step::Name(n) | Step::Key(n)) => members
                .iter()
                .find(|m| m.name == *n)
                .map_or(shape, |m| m.shape),
            (ShapeKind::List { member, .. }, _) => *member,
            (ShapeKind::Map { value, .. }, _) => *value,
            _ => shape,
        };
        node = match step {
            Step::Name(name) | Step::Key(name)
                if matches!(SCHEMA.shape(container).kind, ShapeKind::List { .. }) =>
            {
                // A named element (`InputDataConfig["train"]`): the one whose
                // name member holds `name`, or a new one holding it.
                let key = crate::diff::element_key(shape)
                    .map(|k| SCHEMA.members(shape)[usize::from(k)].name)
                    .ok_or_else(|| SetError::NotNamedList(path_text(&set.path[..=i])))?;
                if !matches!(node.kind, NodeKind::Seq(_)) {
                    node.kind = NodeKind::Seq(Vec::new());
                }
                let NodeKind::Seq(items) = &mut node.kind else {
                    unreachable!()
                };
                let pos = items.iter().position(|item| {
                    item.get(key)
                        .is_some_and(|n| matches!(&n.kind, NodeKind::Str(s, _) if s == name))
                });
                if is_last && value.is_null() {
                    if let Some(p) = pos {
                        items.remove(p);
                    }
                    return Ok(());
                }
                let pos = match pos {
                    Some(p) => p,
                    None => {
                        items.push(Node::synthetic(NodeKind::Map(vec![(
                            Key {
                                name: key.to_owned(),
                                span: Default::default(),
                            },
                            Node::synthetic(NodeKind::Str(name.clone(), StrStyle::Quoted)),
                        )])));
                        items.len() - 1
                    }
                };
                &mut items[pos]
            }
            Step::Name(name) | Step::Key(name) => {
                if !matches!(node.kind, NodeKind::Map(_)) {
                    node.kind = NodeKind::Map(Vec::new());
                }
                let NodeKind::Map(entries) = &mut node.kind else {
                    unreachable!()
                };
                if is_last && value.is_null() {
                    entries.retain(|(k, _)| k.name != *name);
                    return Ok(());
                }
                let pos = match entries.iter().position(|(k, _)| k.name == *name) {
                    Some(p) => p,
                    None => {
                        entries.push((
                            Key {
                                name: name.clone(),
                                span: Default::default(),
                            },
                            Node::synthetic(NodeKind::Null),
                        ));
                        entries.len() - 1
                    }
                };
                &mut entries[pos].1
            }
            Step::Index(idx) => {
                if !matches!(node.kind, NodeKind::Seq(_)) {
                    node.kind = NodeKind::Seq(Vec::new());
                }
                let NodeKind::Seq(items) = &mut node.kind else {
                    unreachable!()
                };
                if *idx > items.len() {
                    return Err(SetError::PastEnd {
                        path: path_text(&set.path[..=i]),
                        index: *idx,
                        len: items.len(),
                    });
                }
                if is_last && value.is_null() {
                    if *idx < items.len() {
                        items.remove(*idx);
                    }
                    return Ok(());
                }
                if *idx == items.len() {
                    items.push(Node::synthetic(NodeKind::Null));
                }
                &mut items[*idx]
            }
        };
    }
    *node = value;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse() {
        let s = parse_set("InputDataConfig[0].DataSource.S3DataSource.S3Uri=s3://b/k=v").unwrap();
        assert_eq!(s.path.len(), 5);
        assert_eq!(s.path[1], Step::Index(0));
        assert_eq!(s.value, "s3://b/k=v");
        let s = parse_set("HyperParameters[\"a.b=c\"]=1").unwrap();
        assert_eq!(s.path[1], Step::Key("a.b=c".into()));
        assert!(parse_set("NoEquals").is_err());
    }

    #[test]
    fn set_errors_say_what_is_wrong() {
        let e = parse_set("NoEquals").unwrap_err();
        assert_eq!(e.problem, SetSyntax::NoValue);
        assert_eq!(e.to_string(), "`NoEquals`: expected PATH=VALUE");
        let e = parse_set("Tags[x]=1").unwrap_err();
        assert_eq!(e.problem, SetSyntax::BadBracket("x".to_owned()));
        assert_eq!(
            e.to_string(),
            "`Tags[x]=1`: `[x]` is neither a list index nor a quoted name (`[\"train\"]`)"
        );
        let set = parse_set("ResourceConfig.InstanceCont=2").unwrap();
        let e = assign(
            &mut Node::synthetic(NodeKind::Map(Vec::new())),
            &set,
            SCHEMA.root,
        )
        .unwrap_err();
        assert_eq!(
            e,
            SetError::NotAField {
                path: "ResourceConfig.InstanceCont".to_owned(),
                shape: "ResourceConfig",
                suggestion: Some("InstanceCount".to_owned()),
            }
        );
        assert_eq!(
            e.to_string(),
            "`ResourceConfig.InstanceCont` is not a field of ResourceConfig; did you mean `InstanceCount`?"
        );
    }

    #[test]
    fn sets_fill_and_replace() {
        let job = Job::default();
        let o = Overrides {
            overlay: None,
            sets: vec![
                parse_set("TrainingJobName=job-1").unwrap(),
                parse_set("ResourceConfig.InstanceCount=2").unwrap(),
                parse_set("HyperParameters.max_depth=5").unwrap(),
                parse_set("InputDataConfig[0].ChannelName=train").unwrap(),
                parse_set("CreationTime=1793613600.5").unwrap(),
                parse_set("TrainingEndTime=2026-11-02T10:09:05Z").unwrap(),
            ],
        };
        let (j, _) = o.apply(&job).unwrap();
        let Job::TrainingJob(j) = j else {
            panic!("a training job")
        };
        assert_eq!(
            j.creation_time.map(|t| t.to_string()).as_deref(),
            Some("2026-11-02T10:00:00.500Z")
        );
        assert!(j.training_end_time.is_some());
        assert_eq!(j.training_job_name.as_deref(), Some("job-1"));
        assert_eq!(j.resource_config.unwrap().instance_count, Some(2));
        assert_eq!(j.hyper_parameters.unwrap()["max_depth"], "5");
        assert_eq!(
            j.input_data_config.unwrap()[0].channel_name.as_deref(),
            Some("train")
        );
    }

    #[test]
    fn bad_sets_are_explained() {
        let o = Overrides {
            overlay: None,
            sets: vec![parse_set("ResourceConfig.InstanceCont=2").unwrap()],
        };
        let e = o.apply(&Job::default()).unwrap_err();
        assert!(
            e[0].message.contains("did you mean `InstanceCount`"),
            "{}",
            e[0].message
        );
        let o = Overrides {
            overlay: None,
            sets: vec![parse_set("ResourceConfig.InstanceCount=two").unwrap()],
        };
        let e = o.apply(&Job::default()).unwrap_err();
        assert!(
            e[0].message.contains("expected an integer"),
            "{}",
            e[0].message
        );
    }
}
