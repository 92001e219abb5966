//! Kubernetes objects: what every format whose job is a Kubernetes object
//! shares (ACK manifests, and the same manifest in the metio/k8s
//! Terraform provider).
//!
//! - Streams of objects: YAML documents or JSON values, `List`s read item
//!   by item, objects of other kinds skipped with a note, the kind's
//!   `apiVersion` checked ([`read_objects`]).
//! - `metadata`: every field of a Kubernetes `ObjectMeta` is accepted and
//!   kept beside the job (a real manifest has `uid`, `resourceVersion`,
//!   `finalizers`, …); what tjspec uses (`name`, `namespace`, `labels`,
//!   `annotations`) is checked as the API server checks it; a key that is
//!   no field of `ObjectMeta` is an unknown field ([`read_metadata`]).
//!   A writer that cannot carry a field names it as not carried
//!   ([`metadata_losses`]).
//! - Object names and namespaces ([`object_name`], [`namespace_problem`]).

use std::borrow::Cow;

use tjspec_runtime::read::{is_yaml11_bool, Skipped};
use tjspec_runtime::Code;
use tjspec_runtime::{
    suggest, CanonPath, Diagnostic, Key, Node, NodeKind, Out, Seg, Span, StrStyle,
};

use super::{Doc, Envelope, Lost, ReadDoc, ReadOptions, ResourceId, WriteOptions};
use crate::source::Source;
use crate::syntax::{json, yaml};

/// The fields of a Kubernetes object's `metadata` (`ObjectMeta`).
pub const METADATA_FIELDS: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

/// The `metadata` fields a manifest one applies holds: what a format that
/// carries only those (tf-k8s) writes back.
pub const MANIFEST_METADATA_FIELDS: &[&str] = &["name", "namespace", "labels", "annotations"];

/// Whether the text is a Kubernetes object: `apiVersion` and `kind` keys.
pub fn looks_like_object(text: &str) -> bool {
    super::registry::is_key(text, "apiVersion") && super::registry::is_key(text, "kind")
}

/// A Kubernetes object name (a DNS subdomain) derived from a training job
/// name: lower-cased, characters other than letters, digits, `-` and `.`
/// replaced by `-`, trimmed to start and end with a letter or digit.
pub fn object_name(job_name: &str) -> Option<String> {
    let mapped: String = job_name
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut name = mapped.trim_matches(['-', '.']).to_owned();
    name.truncate(253);
    let name = name.trim_end_matches(['-', '.']).to_owned();
    (!name.is_empty()).then_some(name)
}

/// Why `name` is not a Kubernetes object name (DNS subdomain), if it is not.
pub fn object_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 253 {
        Some("it is longer than 253 characters")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        Some("only lower-case letters, digits, `-` and `.` are allowed")
    } else if !name.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !name.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        Some("it must start and end with a letter or digit")
    } else {
        None
    }
}

/// Why `ns` is not a Kubernetes namespace (DNS label), if it is not.
pub fn namespace_problem(ns: &str) -> Option<&'static str> {
    if ns.len() > 63 {
        Some("it is longer than 63 characters")
    } else if !ns
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Some("only lower-case letters, digits and `-` are allowed")
    } else {
        object_name_problem(ns)
    }
}

pub(crate) fn str_value(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Str(s, _) => Some(s),
        _ => None,
    }
}

/// `prefix.name`, as paths are spelled.
pub(crate) fn join(prefix: &str, name: &str) -> String {
    let mut s = prefix.to_owned();
    tjspec_runtime::path::push_name(&mut s, name);
    s
}

/// Checks a map's keys for duplicates (each repeat is an error); returns
/// the entries seen first.
pub(crate) fn unique<'n>(
    prefix: &str,
    entries: &'n [(Key, Node)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<&'n (Key, Node)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if seen.insert(e.0.name.as_str()) {
            out.push(e);
        } else {
            diagnostics.push(
                Diagnostic::error(Code::DuplicateKey, format!("duplicate key `{}`", e.0.name))
                    .with_path(join(prefix, &e.0.name))
                    .with_span(e.0.span)
                    .with_hint("remove one of the two entries"),
            );
        }
    }
    out
}

/// The kind of object a format reads from a stream of Kubernetes objects.
pub struct ObjectType {
    /// Its `apiVersion` (`sagemaker.services.k8s.aws/v1alpha1`).
    pub api_version: &'static str,
    /// Its `kind` (`TrainingJob`).
    pub kind: &'static str,
    /// The kind of a list of such objects (`TrainingJobList`), read like `List`.
    pub list_kind: &'static str,
    /// Other `apiVersion`s of the same kind, by prefix, with what to say
    /// of them (another API's manifests).
    pub other_versions: &'static [(&'static str, &'static str)],
    /// What an object of this type is called in messages (`an ACK training job`).
    pub described: &'static str,
    /// Whose `apiVersion` it is (`the ACK SageMaker controller`).
    pub defined_by: &'static str,
    /// The resource its objects hold.
    pub resource: ResourceId,
    /// Reads one object of this type (a map with the right `kind` and
    /// `apiVersion`) as a job of `resource`.
    pub read: fn(ResourceId, usize, Node, &ReadOptions) -> ReadDoc,
}

/// Reads a stream of top-level documents.
struct Reader<'o> {
    options: &'o ReadOptions,
    /// The kinds of object read (one format may read several kinds of one
    /// API); the first names the format in messages.
    types: &'o [&'o ObjectType],
    docs: Vec<ReadDoc>,
    index: usize,
}

impl Reader<'_> {
    /// One top-level value: an object of the type, a List of objects, or something to skip.
    fn object(&mut self, root: Node, in_list: bool) {
        let types = self.types;
        let first = types[0];
        let index = self.index;
        let NodeKind::Map(entries) = &root.kind else {
            self.index += 1;
            self.docs.push(ReadDoc::failed(
                index,
                Diagnostic::error(
                    Code::Type,
                    format!(
                        "expected a Kubernetes object (a map), found {}",
                        root.kind_name()
                    ),
                )
                .with_span(root.span),
            ));
            return;
        };
        let get = |k: &str| entries.iter().find(|(key, _)| key.name == k);
        let kind = get("kind").and_then(|(_, v)| str_value(v));
        let api = get("apiVersion").and_then(|(_, v)| str_value(v));
        let of_kind = kind.and_then(|k| types.iter().copied().find(|t| t.kind == k));
        match (kind, api) {
            (Some(k), _) if !in_list && (k == "List" || types.iter().any(|t| t.list_kind == k)) => {
                match get("items").map(|(_, v)| v) {
                    Some(Node {
                        kind: NodeKind::Seq(items),
                        ..
                    }) => {
                        for item in items.clone() {
                            self.object(item, true);
                        }
                    }
                    Some(Node {
                        kind: NodeKind::Null,
                        ..
                    }) => {}
                    other => {
                        let span = other.map_or(root.span, |n| n.span);
                        self.index += 1;
                        self.docs.push(ReadDoc::failed(
                            index,
                            Diagnostic::error(Code::Type, format!("a {k} needs a list of `items`"))
                                .with_path("items")
                                .with_span(span),
                        ));
                    }
                }
            }
            (Some(_), Some(a)) if of_kind.is_some_and(|t| a == t.api_version) => {
                let ty = of_kind.expect("matched");
                self.index += 1;
                self.docs
                    .push((ty.read)(ty.resource, index, root, self.options));
            }
            (Some(_), api) if of_kind.is_some() => {
                let ty = of_kind.expect("matched");
                self.index += 1;
                let (span, found) = match get("apiVersion") {
                    Some((_, v)) => (v.span, format!("`{}`", api.unwrap_or("?"))),
                    None => (root.span, "none".to_owned()),
                };
                let mut d = Diagnostic::error(
                    Code::ApiVersion,
                    format!(
                        "a {} with apiVersion {found}; {}'s is `{}`",
                        ty.kind, ty.defined_by, ty.api_version
                    ),
                )
                .with_path("apiVersion")
                .with_span(span);
                let other = ty
                    .other_versions
                    .iter()
                    .find(|(prefix, _)| api.is_some_and(|a| a.starts_with(prefix)));
                if let Some((_, hint)) = other {
                    d = d.with_hint(*hint);
                } else {
                    d = d.with_hint(format!("write `apiVersion: {}`", ty.api_version));
                }
                self.docs.push(ReadDoc::failed(index, d));
            }
            (Some(k), api) => {
                self.index += 1;
                let span = get("kind").map_or(root.span, |(_, v)| v.span);
                let api = api.map(|a| format!(" ({a})")).unwrap_or_default();
                let kinds: Vec<&str> = types.iter().map(|t| t.kind).collect();
                self.docs.push(ReadDoc::failed(
                    index,
                    Diagnostic::note(
                        Code::Skipped,
                        format!(
                            "skipped a {k}{api}: only {} documents are converted",
                            kinds.join(" and ")
                        ),
                    )
                    .with_path("kind")
                    .with_span(span),
                ));
            }
            (None, _) => {
                self.index += 1;
                let d = match get("kind") {
                    Some((_, v)) => {
                        Diagnostic::error(Code::Type, format!("`kind` must be a string, found {}", v.kind_name()))
                            .with_path("kind")
                            .with_span(v.span)
                    }
                    None => Diagnostic::error(
                        Code::NotAManifest,
                        "not a Kubernetes object: it has no `kind`",
                    )
                    .with_span(Span { len: 1, ..root.span })
                    .with_hint(format!("{} starts with `apiVersion: {}` and `kind: {}`; for AWS API JSON or YAML use --from aws or --from aws-yaml", first.described, first.api_version, first.kind)),
                };
                self.docs.push(ReadDoc::failed(index, d));
            }
        }
    }
}

/// Reads the objects of type `ty` in a YAML stream or JSON (an object, an
/// array of objects, or several values); other documents are skipped or
/// reported.
pub fn read_objects(source: &Source, options: &ReadOptions, ty: &ObjectType) -> Vec<ReadDoc> {
    read_objects_of(source, options, &[ty])
}

/// Reads the objects of any of `types` (kinds of one API, each read by its
/// own function) in a YAML stream or JSON, in order; other documents are
/// skipped or reported.
///
/// # Panics
///
/// If `types` is empty.
pub fn read_objects_of(
    source: &Source,
    options: &ReadOptions,
    types: &[&ObjectType],
) -> Vec<ReadDoc> {
    assert!(!types.is_empty(), "at least one kind of object is read");
    let mut reader = Reader {
        options,
        types,
        docs: Vec::new(),
        index: 0,
    };
    let text = source.text.trim_start();
    if text.starts_with('{') || text.starts_with('[') {
        match json::parse_values(&source.text) {
            Ok(values) => {
                for v in values {
                    match v.kind {
                        // A JSON array of objects, like a List's items.
                        NodeKind::Seq(items) => {
                            for item in items {
                                reader.object(item, false);
                            }
                        }
                        _ => reader.object(v, false),
                    }
                }
            }
            Err(e) => reader.docs.push(ReadDoc::syntax_error(0, e)),
        }
    } else {
        for doc in yaml::documents(&source.text) {
            match doc {
                Ok(node) if node.is_null() => {}
                Ok(node) => reader.object(node, false),
                Err(e) => {
                    let index = reader.index;
                    reader.docs.push(ReadDoc::syntax_error(index, e));
                    break;
                }
            }
        }
    }
    reader.docs
}

/// Reads an object's `metadata`: checks what Kubernetes checks of the
/// fields tjspec uses, accepts the other fields of `ObjectMeta` as they
/// are, and reports keys that are no field of it (skipped, and named,
/// under `--allow-unknown`). Values that are expressions (HCL) are not
/// checked. `name_from` spells the member a missing name is derived from.
/// Returns the metadata to keep beside the job.
pub fn read_metadata(
    node: &Node,
    name_from: &str,
    allow_unknown: bool,
    diagnostics: &mut Vec<Diagnostic>,
    skipped: &mut Vec<Skipped>,
) -> Option<Node> {
    let mut found = Vec::new();
    let kept = check_metadata(node, name_from, allow_unknown, &mut found, skipped);
    // In the order the input has them.
    found.sort_by_key(|d| d.span.map(|s| (s.line, s.col)));
    diagnostics.append(&mut found);
    kept
}

fn check_metadata(
    node: &Node,
    name_from: &str,
    allow_unknown: bool,
    diagnostics: &mut Vec<Diagnostic>,
    skipped: &mut Vec<Skipped>,
) -> Option<Node> {
    let error =
        |diagnostics: &mut Vec<Diagnostic>, code: Code, message: String, path: &str, span| {
            diagnostics.push(
                Diagnostic::error(code, message)
                    .with_path(path)
                    .with_span(span),
            );
        };
    let entries = match &node.kind {
        NodeKind::Null => return None,
        // Written as one expression: carried as it is.
        NodeKind::Expr(_) => return Some(node.clone()),
        NodeKind::Map(entries) => entries,
        _ => {
            error(
                diagnostics,
                Code::Type,
                format!("expected a map, found {}", node.kind_name()),
                "metadata",
                node.span,
            );
            return None;
        }
    };
    let entries = unique("metadata", entries, diagnostics);
    let get = |k: &str| {
        entries
            .iter()
            .find(|(key, v)| key.name == k && !v.is_null())
            .map(|(_, v)| v)
    };
    match get("name") {
        Some(n) => match &n.kind {
            NodeKind::Str(s, _) => {
                if let Some(why) = object_name_problem(s) {
                    let mut d = Diagnostic::error(
                        Code::ObjectName,
                        format!("`{s}` is not a valid Kubernetes object name: {why}"),
                    )
                    .with_path("metadata.name")
                    .with_span(n.span);
                    if let Some(fixed) = object_name(s) {
                        d = d.with_hint(format!("for example `{fixed}`"));
                    }
                    diagnostics.push(d);
                }
            }
            NodeKind::Expr(_) => {}
            _ => error(
                diagnostics,
                Code::Type,
                format!("expected a string, found {}", n.kind_name()),
                "metadata.name",
                n.span,
            ),
        },
        None if get("generateName").is_none() => diagnostics.push(
            Diagnostic::warning(Code::ObjectName, "the manifest has no metadata.name")
                .with_path("metadata")
                .with_span(Span {
                    len: 1,
                    ..node.span
                })
                .with_hint(format!(
                    "Kubernetes needs one; output derives it from {name_from}"
                )),
        ),
        None => {}
    }
    if let Some(ns) = get("namespace") {
        match &ns.kind {
            NodeKind::Str(s, _) => {
                if let Some(why) = namespace_problem(s) {
                    error(
                        diagnostics,
                        Code::Namespace,
                        format!("`{s}` is not a valid namespace: {why}"),
                        "metadata.namespace",
                        ns.span,
                    );
                }
            }
            NodeKind::Expr(_) => {}
            _ => error(
                diagnostics,
                Code::Type,
                format!("expected a string, found {}", ns.kind_name()),
                "metadata.namespace",
                ns.span,
            ),
        }
    }
    for field in ["labels", "annotations"] {
        let Some(map) = get(field) else { continue };
        let at = format!("metadata.{field}");
        let items = match &map.kind {
            NodeKind::Map(items) => items,
            NodeKind::Expr(_) => continue,
            _ => {
                error(
                    diagnostics,
                    Code::Type,
                    format!("expected a map, found {}", map.kind_name()),
                    &at,
                    map.span,
                );
                continue;
            }
        };
        for (k, v) in unique(&at, items, diagnostics) {
            let path = join(&at, &k.name);
            match &v.kind {
                NodeKind::Str(s, StrStyle::Plain) if is_yaml11_bool(s) => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Yaml11Bool,
                            format!("`{s}` is a boolean to YAML 1.1 readers such as kubectl"),
                        )
                        .with_path(path)
                        .with_span(v.span)
                        .with_hint(format!("quote it: \"{s}\"")),
                    );
                }
                NodeKind::Str(..) | NodeKind::Expr(_) => {}
                _ => diagnostics.push(
                    Diagnostic::error(
                        Code::Type,
                        format!(
                            "{} values must be strings, found {}",
                            field.trim_end_matches('s'),
                            v.kind_name()
                        ),
                    )
                    .with_path(path)
                    .with_span(v.span)
                    .with_hint("quote the value"),
                ),
            }
        }
    }
    // Keys that are no field of ObjectMeta: a typo, or a field of another
    // part of the object written in the wrong place.
    let mut kept = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        if METADATA_FIELDS.contains(&key.name.as_str()) {
            kept.push((key.clone(), value.clone()));
            continue;
        }
        let path = join("metadata", &key.name);
        if allow_unknown {
            skipped.push(Skipped {
                path,
                span: key.span,
            });
            continue;
        }
        let hint = match suggest::closest(&key.name, METADATA_FIELDS.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known fields: {}", METADATA_FIELDS.join(", ")),
        };
        diagnostics.push(
            Diagnostic::error(
                Code::UnknownField,
                format!("unknown field `{}` in metadata", key.name),
            )
            .with_path(path)
            .with_span(key.span)
            .with_hint(hint),
        );
    }
    Some(Node {
        kind: NodeKind::Map(kept),
        span: node.span,
    })
}

/// Names, as not carried, each field of the envelope's `metadata` that a
/// format writing only the fields `carried` leaves behind.
pub fn metadata_losses(envelope: &Envelope, carried: &[&str], losses: &mut Vec<Lost>) {
    if let Some(NodeKind::Map(entries)) = envelope.metadata.as_ref().map(|m| &m.kind) {
        for (k, v) in entries {
            // A null means absent.
            if carried.contains(&k.name.as_str()) || v.is_null() {
                continue;
            }
            losses.push(Lost::Envelope {
                path: format!("metadata.{}", k.name),
                span: Some(k.span).filter(|s| s.is_known()),
            });
        }
    }
}

/// Whether the metadata names the object (`name`, or `generateName` for
/// the API server to complete).
pub fn metadata_has_name(meta: &Node) -> bool {
    ["name", "generateName"]
        .iter()
        .any(|k| meta.get(k).is_some_and(|v| !v.is_null()))
}

/// The name of the object derived from the job's name (TrainingJobName).
pub fn derived_name(doc: &Doc) -> Option<String> {
    doc.job.name().and_then(object_name)
}

/// The job's name member: its canonical path and its API name (a job has
/// a name only when its resource has such a member).
fn name_member(doc: &Doc) -> Option<(CanonPath, &'static str)> {
    let resource = doc.job.resource();
    let i = resource.name_member()?;
    let name = tjspec_model::SCHEMA.members(resource.shape())[usize::from(i)].name;
    Some((CanonPath(vec![Seg::Member(resource.shape(), i)]), name))
}

/// What writing `doc` as a Kubernetes object needs: a valid `--namespace`,
/// and an object name (the input's, or one derived from the job's name,
/// which a note shows when it differs).
pub fn check_object(doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(ns) = &options.namespace {
        if let Some(why) = namespace_problem(ns) {
            out.push(Diagnostic::error(
                Code::Namespace,
                format!("--namespace `{ns}` is not a valid Kubernetes namespace: {why}"),
            ));
        }
    }
    let has_name = doc
        .envelope
        .metadata
        .as_ref()
        .is_some_and(metadata_has_name);
    if let (false, Some(job_name), Some((canon, member))) =
        (has_name, doc.job.name(), name_member(doc))
    {
        match object_name(job_name) {
            Some(name) if name != job_name => out.push(
                Diagnostic::note(
                    Code::DerivedName,
                    format!("metadata.name `{name}` is derived from {member} `{job_name}`"),
                )
                .with_canon(canon),
            ),
            Some(_) => {}
            None => out.push(
                Diagnostic::error(
                    Code::ObjectName,
                    format!("no Kubernetes object name can be derived from {member} `{job_name}`"),
                )
                .with_canon(canon),
            ),
        }
    }
    out
}

type Entries<'a> = Vec<(Cow<'a, str>, Out<'a>)>;

/// Writes `metadata` whole: the input's when it has some, a derived name
/// otherwise; `--namespace` sets the namespace. `string` makes its strings.
pub fn write_metadata<'a>(
    doc: &'a Doc,
    options: &WriteOptions,
    string: fn(Cow<'a, str>) -> Out<'a>,
) -> Out<'a> {
    let mut map: Entries<'a> = Vec::new();
    let source = doc.envelope.metadata.as_ref();
    if !source.is_some_and(metadata_has_name) {
        if let Some(name) = derived_name(doc) {
            map.push((Cow::Borrowed("name"), Out::Str(Cow::Owned(name))));
        }
    }
    if let Some(Out::Map(entries)) = source.and_then(|m| super::node_out(m, string)) {
        map.extend(entries);
    }
    if let Some(ns) = &options.namespace {
        let value = Out::Str(Cow::Owned(ns.clone()));
        match map.iter().position(|(k, _)| k == "namespace") {
            Some(i) => map[i].1 = value,
            None => {
                let at = map
                    .iter()
                    .position(|(k, _)| k == "name")
                    .map_or(0, |i| i + 1);
                map.insert(at, (Cow::Borrowed("namespace"), value));
            }
        }
    }
    Out::Map(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_job_names() {
        assert_eq!(
            object_name("XGBoost-Churn-2024").as_deref(),
            Some("xgboost-churn-2024")
        );
        assert_eq!(object_name("my_job v2").as_deref(), Some("my-job-v2"));
        assert_eq!(object_name("--x--").as_deref(), Some("x"));
        assert_eq!(object_name("___"), None);
        assert_eq!(object_name(&"a".repeat(300)).map(|s| s.len()), Some(253));
    }

    /// Two kinds of one API in one stream: each object goes to its kind's
    /// reader, in order; other kinds are skipped naming both.
    #[test]
    fn several_kinds_are_read_each_by_its_own_reader() {
        type ReadFn = fn(ResourceId, usize, Node, &ReadOptions) -> ReadDoc;
        fn reader(kind: &'static str) -> ReadFn {
            fn first(_: ResourceId, index: usize, _: Node, _: &ReadOptions) -> ReadDoc {
                ReadDoc::failed(index, Diagnostic::note(Code::Skipped, "first"))
            }
            fn second(_: ResourceId, index: usize, _: Node, _: &ReadOptions) -> ReadDoc {
                ReadDoc::failed(index, Diagnostic::note(Code::Skipped, "second"))
            }
            if kind == "A" {
                first
            } else {
                second
            }
        }
        let ty = |kind: &'static str, list_kind: &'static str| ObjectType {
            api_version: "example.com/v1",
            kind,
            list_kind,
            other_versions: &[],
            described: "an example",
            defined_by: "the example",
            resource: ResourceId::TrainingJob,
            read: reader(kind),
        };
        let (a, b) = (ty("A", "AList"), ty("B", "BList"));
        let text = "apiVersion: example.com/v1\nkind: B\n---\napiVersion: v1\nkind: ConfigMap\n---\napiVersion: example.com/v1\nkind: AList\nitems:\n- {apiVersion: example.com/v1, kind: A}\n- {apiVersion: example.com/v2, kind: B}\n";
        let docs = read_objects_of(
            &Source::new("t.yaml", text.to_owned()),
            &ReadOptions::default(),
            &[&a, &b],
        );
        let messages: Vec<&str> = docs
            .iter()
            .map(|d| d.diagnostics[0].message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "second",
                "skipped a ConfigMap (v1): only A and B documents are converted",
                "first",
                "a B with apiVersion `example.com/v2`; the example's is `example.com/v1`",
            ]
        );
    }

    #[test]
    fn name_checks() {
        assert_eq!(object_name_problem("xgb-1.train"), None);
        assert!(object_name_problem("XGB").is_some());
        assert!(object_name_problem("-x").is_some());
        assert!(namespace_problem("ml.team").is_some());
        assert_eq!(namespace_problem("ml-team"), None);
    }
}
