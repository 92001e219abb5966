//! ACK (AWS Controllers for Kubernetes) TrainingJob manifests:
//! `apiVersion: sagemaker.services.k8s.aws/v1alpha1`, `kind: TrainingJob`.
//!
//! The job is `spec` (the CreateTrainingJob request in ACK's names) plus
//! `status` (what DescribeTrainingJob returns, as far as the controller
//! copies it); the ARN lives in `status.ackResourceMetadata.arn`. The
//! generated ACK binding names job members by their path from the manifest
//! root (`spec.roleARN`), so reading flattens `spec` and `status` into one
//! map with those keys (keeping every position) and writing nests them
//! again.
//!
//! Beside the job an ACK manifest carries `metadata` (kept for ACK output,
//! reported as lost elsewhere) and `status.conditions` (ACK-only). Input is
//! a YAML stream or JSON; documents of other kinds are skipped with a note,
//! and `List`s are read item by item. Output is YAML that YAML 1.1 readers
//! such as kubectl read the same way.

use std::borrow::Cow;

use tjspec_model::bindings::ack::ACK;
use tjspec_model::TrainingJob;
use tjspec_runtime::read::{is_yaml11_bool, Skipped};
use tjspec_runtime::{
    suggest, CanonPath, Diagnostic, Key, Node, NodeKind, Out, Read, ReadCx, Seg, Span, StrStyle,
    Write, WriteCx,
};

use super::{Doc, Envelope, Format, FormatId, Lost, ReadDoc, ReadOptions, WriteOptions};
use crate::source::Source;
use crate::syntax::{json, out_yaml, yaml};
use tjspec_runtime::Code;

pub use tjspec_model::ack::{API_VERSION, KIND, LIST_KIND};

/// The job's shape id (the job is shape 0).
const JOB: tjspec_runtime::ShapeId = 0;

/// The key of the ARN in the flattened job.
const ARN_KEY: &str = "status.ackResourceMetadata.arn";

/// ACK TrainingJob manifests.
pub struct Ack;

/// Whether `text` looks like an ACK manifest: some `apiVersion` names the
/// ACK SageMaker API group, or a Kubernetes object says `kind: TrainingJob`
/// (so that manifests of other TrainingJob resources get a clear error).
pub fn looks_like_ack(text: &str) -> bool {
    let group = API_VERSION.split('/').next().unwrap_or(API_VERSION);
    let value_starts = |key: &str, prefix: &str| {
        text.match_indices(key).any(|(at, m)| {
            let rest = text[at + m.len()..].trim_start_matches(['"', '\'']);
            let Some(rest) = rest.trim_start().strip_prefix(':') else {
                return false;
            };
            rest.trim_start()
                .trim_start_matches(['"', '\''])
                .starts_with(prefix)
        })
    };
    value_starts("apiVersion", group)
        || (value_starts("apiVersion", "") && value_starts("kind", KIND))
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
fn object_name_problem(name: &str) -> Option<&'static str> {
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

/// The parts of a SageMaker ARN: partition, region, account.
fn arn_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let _service = parts.next()?;
    let region = parts.next()?;
    let account = parts.next()?;
    parts.next()?;
    (!partition.is_empty()).then_some((partition, region, account))
}

fn str_value(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Str(s, _) => Some(s),
        _ => None,
    }
}

/// Reads a stream of top-level documents.
struct Reader<'o> {
    options: &'o ReadOptions,
    docs: Vec<ReadDoc>,
    index: usize,
}

impl Reader<'_> {
    /// One top-level value: a TrainingJob, a List of objects, or something to skip.
    fn object(&mut self, root: Node, in_list: bool) {
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
        match (kind, api) {
            (Some(k), _) if !in_list && (k == "List" || k == LIST_KIND) => {
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
            (Some(k), Some(a)) if k == KIND && a == API_VERSION => {
                self.index += 1;
                self.docs.push(read_manifest(index, root, self.options));
            }
            (Some(k), api) if k == KIND => {
                self.index += 1;
                let (span, found) = match get("apiVersion") {
                    Some((_, v)) => (v.span, format!("`{}`", api.unwrap_or("?"))),
                    None => (root.span, "none".to_owned()),
                };
                let mut d = Diagnostic::error(
                    Code::ApiVersion,
                    format!("a TrainingJob with apiVersion {found}; the ACK SageMaker controller's is `{API_VERSION}`"),
                )
                .with_path("apiVersion")
                .with_span(span);
                if api.is_some_and(|a| a.starts_with("sagemaker.aws.amazon.com/")) {
                    d = d.with_hint("this is a manifest of the older SageMaker Operators for Kubernetes, whose spec differs; tjspec reads ACK manifests");
                } else {
                    d = d.with_hint(format!("write `apiVersion: {API_VERSION}`"));
                }
                self.docs.push(ReadDoc::failed(index, d));
            }
            (Some(k), api) => {
                self.index += 1;
                let span = get("kind").map_or(root.span, |(_, v)| v.span);
                let api = api.map(|a| format!(" ({a})")).unwrap_or_default();
                self.docs.push(ReadDoc::failed(
                    index,
                    Diagnostic::note(
                        Code::Skipped,
                        format!("skipped a {k}{api}: only TrainingJob documents are converted"),
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
                    .with_hint(format!("an ACK training job starts with `apiVersion: {API_VERSION}` and `kind: {KIND}`; for AWS API JSON or YAML use --from aws or --from aws-yaml")),
                };
                self.docs.push(ReadDoc::failed(index, d));
            }
        }
    }
}

/// Diagnostics and kept parts while taking a manifest apart.
struct Parts {
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<Skipped>,
    flat: Vec<(Key, Node)>,
    extras: Vec<(String, Node)>,
    allow_unknown: bool,
}

impl Parts {
    fn error(&mut self, code: Code, message: impl Into<String>, path: &str, span: Span) {
        self.diagnostics.push(
            Diagnostic::error(code, message)
                .with_path(path)
                .with_span(span),
        );
    }

    /// Checks a map's keys for duplicates; returns the entries seen first.
    fn unique<'n>(&mut self, prefix: &str, entries: &'n [(Key, Node)]) -> Vec<&'n (Key, Node)> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            if seen.insert(e.0.name.as_str()) {
                out.push(e);
            } else {
                self.diagnostics.push(
                    Diagnostic::error(Code::DuplicateKey, format!("duplicate key `{}`", e.0.name))
                        .with_path(join(prefix, &e.0.name))
                        .with_span(e.0.span)
                        .with_hint("remove one of the two entries"),
                );
            }
        }
        out
    }

    /// An unknown key of `spec` or `status`, with the most useful hint.
    fn unknown(&mut self, section: &str, key: &Key) {
        let path = join(section, &key.name);
        if self.allow_unknown {
            self.skipped.push(Skipped {
                path,
                span: key.span,
            });
            return;
        }
        let other = if section == "spec" { "status" } else { "spec" };
        let prefix = format!("{section}.");
        let keys = || {
            ACK.keys(JOB)
                .filter_map(|k| k.strip_prefix(prefix.as_str()))
        };
        let job = tjspec_model::SCHEMA.members(JOB);
        let belongs = ACK.member(JOB, &join(other, &key.name)).is_some();
        let near = suggest::closest(&key.name, keys()).filter(|_| !belongs);
        let hint = if belongs {
            format!("`{}` belongs in {other}", key.name)
        } else if let Some(s) = near {
            format!("did you mean `{s}`?")
        } else if let Some(m) = job
            .iter()
            .enumerate()
            .find(|(i, m)| {
                m.name.eq_ignore_ascii_case(&key.name) && ACK.name(JOB, *i as u16).is_none()
            })
            .map(|(_, m)| m)
        {
            format!(
                "the ACK CRD has no field for {}; convert to another format to keep it",
                m.name
            )
        } else {
            format!("known fields: {}", keys().collect::<Vec<_>>().join(", "))
        };
        let mut d = Diagnostic::error(
            Code::UnknownField,
            format!("unknown field `{}` in {section}", key.name),
        )
        .with_path(path)
        .with_span(key.span)
        .with_hint(hint);
        d.detail = near.map(|s| tjspec_runtime::Detail::Suggestion(s.to_owned()));
        self.diagnostics.push(d);
    }

    /// Adds the entries of `spec` or `status` to the flat job.
    fn section(&mut self, section: &str, entries: &[(Key, Node)]) {
        for (key, value) in self.unique(section, entries) {
            if section == "status" && key.name == "conditions" {
                if !value.is_null() {
                    if !matches!(value.kind, NodeKind::Seq(_)) {
                        self.error(
                            Code::Type,
                            format!("expected a list, found {}", value.kind_name()),
                            "status.conditions",
                            value.span,
                        );
                    }
                    self.extras
                        .push(("status.conditions".to_owned(), value.clone()));
                }
                continue;
            }
            if section == "status" && key.name == "ackResourceMetadata" {
                self.resource_metadata(value);
                continue;
            }
            let flat = join(section, &key.name);
            if ACK.member(JOB, &flat).is_some() {
                self.flat.push((
                    Key {
                        name: flat,
                        span: key.span,
                    },
                    value.clone(),
                ));
            } else {
                self.unknown(section, key);
            }
        }
    }

    /// `status.ackResourceMetadata`: the ARN is the job's; account, region
    /// and partition are derived from it (a disagreement is a warning).
    fn resource_metadata(&mut self, node: &Node) {
        const AT: &str = "status.ackResourceMetadata";
        let entries = match &node.kind {
            NodeKind::Null => return,
            NodeKind::Map(entries) => entries,
            _ => {
                self.error(
                    Code::Type,
                    format!("expected a map, found {}", node.kind_name()),
                    AT,
                    node.span,
                );
                return;
            }
        };
        let entries = self.unique(AT, entries);
        let arn = entries
            .iter()
            .find(|(k, v)| k.name == "arn" && !v.is_null());
        let parts = arn.and_then(|(_, v)| str_value(v)).and_then(arn_parts);
        for (key, value) in &entries {
            let derived = match key.name.as_str() {
                // Read (and type-checked) as the job's TrainingJobArn.
                "arn" => continue,
                "ownerAccountID" => parts.map(|p| p.2),
                "region" => parts.map(|p| p.1),
                "partition" => parts.map(|p| p.0),
                _ => {
                    let hint = match suggest::closest(
                        &key.name,
                        ["arn", "ownerAccountID", "partition", "region"],
                    ) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "known fields: arn, ownerAccountID, partition, region".to_owned(),
                    };
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::UnknownField,
                            format!("unknown field `{}` in ackResourceMetadata", key.name),
                        )
                        .with_path(join(AT, &key.name))
                        .with_span(key.span)
                        .with_hint(hint),
                    );
                    continue;
                }
            };
            let path = join(AT, &key.name);
            match (&value.kind, derived) {
                (NodeKind::Null, _) => {}
                (NodeKind::Str(s, _), Some(d)) if !s.is_empty() && s != d => {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::ArnMismatch,
                            format!("`{s}` does not match the ARN, which says `{d}`"),
                        )
                        .with_path(path)
                        .with_span(value.span)
                        .with_hint("the ARN wins: output carries the value from the ARN"),
                    );
                }
                (NodeKind::Str(..), _) => {}
                _ => self.error(
                    Code::Type,
                    format!("expected a string, found {}", value.kind_name()),
                    &path,
                    value.span,
                ),
            }
        }
        match arn {
            Some((arn_key, arn_node)) => self.flat.push((
                Key {
                    name: ARN_KEY.to_owned(),
                    span: arn_key.span,
                },
                arn_node.clone(),
            )),
            // No ARN yet (the controller has not created the job): only ACK can keep this.
            None if entries.iter().any(|(_, v)| !v.is_null()) => {
                self.extras.push((AT.to_owned(), node.clone()));
            }
            None => {}
        }
    }

    /// `metadata`: checks what Kubernetes checks of the fields tjspec uses.
    fn metadata(&mut self, node: &Node) -> Option<Node> {
        let entries = match &node.kind {
            NodeKind::Null => return None,
            NodeKind::Map(entries) => entries,
            _ => {
                self.error(
                    Code::Type,
                    format!("expected a map, found {}", node.kind_name()),
                    "metadata",
                    node.span,
                );
                return None;
            }
        };
        let entries = self.unique("metadata", entries);
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
                        self.diagnostics.push(d);
                    }
                }
                _ => self.error(
                    Code::Type,
                    format!("expected a string, found {}", n.kind_name()),
                    "metadata.name",
                    n.span,
                ),
            },
            None if get("generateName").is_none() => self.diagnostics.push(
                Diagnostic::warning(Code::ObjectName, "the manifest has no metadata.name")
                    .with_path("metadata")
                    .with_span(Span {
                        len: 1,
                        ..node.span
                    })
                    .with_hint("Kubernetes needs one; output derives it from spec.trainingJobName"),
            ),
            None => {}
        }
        if let Some(ns) = get("namespace") {
            match &ns.kind {
                NodeKind::Str(s, _) => {
                    if let Some(why) = namespace_problem(s) {
                        self.error(
                            Code::Namespace,
                            format!("`{s}` is not a valid namespace: {why}"),
                            "metadata.namespace",
                            ns.span,
                        );
                    }
                }
                _ => self.error(
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
            let NodeKind::Map(items) = &map.kind else {
                self.error(
                    Code::Type,
                    format!("expected a map, found {}", map.kind_name()),
                    &at,
                    map.span,
                );
                continue;
            };
            for (k, v) in self.unique(&at, items) {
                let path = join(&at, &k.name);
                match &v.kind {
                    NodeKind::Str(s, StrStyle::Plain) if is_yaml11_bool(s) => {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::Yaml11Bool,
                                format!("`{s}` is a boolean to YAML 1.1 readers such as kubectl"),
                            )
                            .with_path(path)
                            .with_span(v.span)
                            .with_hint(format!("quote it: \"{s}\"")),
                        );
                    }
                    NodeKind::Str(..) => {}
                    _ => self.diagnostics.push(
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
        Some(node.clone())
    }
}

fn join(prefix: &str, name: &str) -> String {
    let mut s = prefix.to_owned();
    tjspec_runtime::path::push_name(&mut s, name);
    s
}

/// Reads one TrainingJob manifest.
fn read_manifest(index: usize, root: Node, options: &ReadOptions) -> ReadDoc {
    let NodeKind::Map(entries) = &root.kind else {
        unreachable!("checked by the caller")
    };
    let mut parts = Parts {
        diagnostics: Vec::new(),
        skipped: Vec::new(),
        flat: Vec::new(),
        extras: Vec::new(),
        allow_unknown: options.members.allow_unknown,
    };
    let mut metadata = None;
    let mut spec_span = None;
    for (key, value) in parts.unique("", entries) {
        match key.name.as_str() {
            "apiVersion" | "kind" => {}
            "metadata" => metadata = parts.metadata(value),
            "spec" => match &value.kind {
                NodeKind::Map(e) => {
                    spec_span = Some(value.span);
                    parts.section("spec", e);
                }
                _ => parts.error(
                    Code::Type,
                    format!("expected a map, found {}", value.kind_name()),
                    "spec",
                    value.span,
                ),
            },
            "status" => match &value.kind {
                NodeKind::Map(e) => parts.section("status", e),
                NodeKind::Null => {}
                _ => parts.error(
                    Code::Type,
                    format!("expected a map, found {}", value.kind_name()),
                    "status",
                    value.span,
                ),
            },
            other if parts.allow_unknown => parts.skipped.push(Skipped {
                path: other.to_owned(),
                span: key.span,
            }),
            other => {
                let known = ["apiVersion", "kind", "metadata", "spec", "status"];
                let hint = match suggest::closest(other, known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known fields: {}", known.join(", ")),
                };
                parts.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        format!("unknown field `{other}` in a TrainingJob manifest"),
                    )
                    .with_path(other)
                    .with_span(key.span)
                    .with_hint(hint),
                );
            }
        }
    }
    if spec_span.is_none() && !parts.diagnostics.iter().any(|d| d.path == "spec") {
        parts.diagnostics.push(
            Diagnostic::error(Code::Required, "the manifest has no spec")
                .with_path("spec")
                .with_span(Span {
                    len: 1,
                    ..root.span
                }),
        );
    }
    let flat = Node {
        kind: NodeKind::Map(parts.flat),
        span: spec_span.unwrap_or(root.span),
    };
    let mut cx = ReadCx::new(&ACK, options.members, "");
    let job = TrainingJob::read(&flat, &mut cx);
    for d in &mut cx.diagnostics {
        let int32 = d
            .canon
            .as_ref()
            .and_then(|c| c.target(tjspec_model::SCHEMA))
            .is_some_and(|s| {
                matches!(
                    tjspec_model::SCHEMA.shape(s).kind,
                    tjspec_runtime::meta::ShapeKind::Integer { .. }
                )
            });
        if d.code == Code::OutOfRange && int32 {
            d.hint = Some(
                "the CRD declares every integer int64, but SageMaker takes a 32-bit integer here; the controller would reject the value too".to_owned(),
            );
        }
    }
    let mut diagnostics = parts.diagnostics;
    diagnostics.append(&mut cx.diagnostics);
    let mut skipped = parts.skipped;
    skipped.append(&mut cx.skipped);
    ReadDoc {
        index,
        job,
        envelope: Envelope {
            from: Some(FormatId::Ack),
            metadata,
            label: None,
            extras: parts.extras,
            ..Envelope::default()
        },
        root: Some(flat),
        diagnostics,
        skipped,
    }
}

/// A document-tree value as output (nulls are absent everywhere).
fn node_out(node: &Node) -> Option<Out<'_>> {
    super::node_out(node, Out::Str)
}

type Entries<'a> = Vec<(Cow<'a, str>, Out<'a>)>;

/// Puts `value` at the dotted `path` in `map`, creating maps on the way.
fn nest<'a>(map: &mut Entries<'a>, path: &str, value: Out<'a>) {
    match path.split_once('.') {
        None => map.push((Cow::Owned(path.to_owned()), value)),
        Some((first, rest)) => {
            let i = match map.iter().position(|(k, _)| k == first) {
                Some(i) => i,
                None => {
                    map.push((Cow::Owned(first.to_owned()), Out::Map(Vec::new())));
                    map.len() - 1
                }
            };
            if let Out::Map(inner) = &mut map[i].1 {
                nest(inner, rest, value);
            }
        }
    }
}

/// The name of the object: the input's, or one derived from TrainingJobName.
fn derived_name(doc: &Doc) -> Option<String> {
    doc.job.training_job_name.as_deref().and_then(object_name)
}

fn metadata_has_name(meta: &Node) -> bool {
    ["name", "generateName"]
        .iter()
        .any(|k| meta.get(k).is_some_and(|v| !v.is_null()))
}

/// Writes `metadata`: the input's when it has some, a derived name
/// otherwise; `--namespace` sets the namespace.
fn write_metadata<'a>(doc: &'a Doc, options: &WriteOptions) -> Out<'a> {
    let mut map: Entries<'a> = Vec::new();
    let source = doc.envelope.metadata.as_ref();
    if !source.is_some_and(metadata_has_name) {
        if let Some(name) = derived_name(doc) {
            map.push((Cow::Borrowed("name"), Out::Str(Cow::Owned(name))));
        }
    }
    if let Some(Out::Map(entries)) = source.and_then(node_out) {
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

/// Writes one job as a manifest; members and envelope parts ACK cannot
/// carry go to `losses`.
pub fn write_manifest<'a>(doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
    let mut cx = WriteCx::new(&ACK, options.include_status);
    let flat = doc.job.write(&mut cx);
    losses.extend(cx.losses.into_iter().map(Lost::Field));
    let Out::Map(flat) = flat else {
        unreachable!("a job writes as a map")
    };
    let mut root: Entries<'a> = Vec::new();
    for (key, value) in flat {
        nest(&mut root, &key, value);
    }
    let mut spec = Vec::new();
    let mut status = Vec::new();
    for (key, value) in root {
        match (key.as_ref(), value) {
            ("spec", Out::Map(m)) => spec = m,
            ("status", Out::Map(m)) => status = m,
            _ => unreachable!("the binding puts job members under spec and status"),
        }
    }
    // The resource metadata: account, region and partition come from the ARN.
    if let Some((_, Out::Map(meta))) = status.iter_mut().find(|(k, _)| k == "ackResourceMetadata") {
        let arn = meta.iter().find_map(|(k, v)| match (k.as_ref(), v) {
            ("arn", Out::Str(s)) => Some(s.clone()),
            _ => None,
        });
        let (partition, region, account) = match arn.as_deref().and_then(arn_parts) {
            Some((p, r, a)) => (Some(p.to_owned()), r.to_owned(), a.to_owned()),
            None => (None, String::new(), String::new()),
        };
        meta.push((
            Cow::Borrowed("ownerAccountID"),
            Out::Str(Cow::Owned(account)),
        ));
        if let Some(p) = partition {
            meta.push((Cow::Borrowed("partition"), Out::Str(Cow::Owned(p))));
        }
        meta.push((Cow::Borrowed("region"), Out::Str(Cow::Owned(region))));
    }
    // Envelope parts: ACK's own come back, anything else is lost.
    let from_ack = doc.envelope.from == Some(FormatId::Ack);
    for (path, node) in &doc.envelope.extras {
        let span = Some(node.span).filter(|s| s.is_known());
        match path.as_str() {
            "status.conditions" | "status.ackResourceMetadata" if from_ack => {
                if !options.include_status {
                    continue;
                }
                let name = &path["status.".len()..];
                if status.iter().any(|(k, _)| k == name) {
                    continue; // The job's ARN supersedes metadata kept without one.
                }
                if let Some(v) = node_out(node) {
                    // Resource metadata first, then conditions, then the job's status.
                    let at = status
                        .iter()
                        .position(|(k, _)| k == "ackResourceMetadata")
                        .map_or(0, |i| i + 1);
                    let at = if name == "ackResourceMetadata" { 0 } else { at };
                    status.insert(at, (Cow::Borrowed(name), v));
                }
            }
            _ => losses.push(Lost::Envelope {
                path: path.clone(),
                span,
            }),
        }
    }
    let mut out: Entries<'a> = vec![
        (
            Cow::Borrowed("apiVersion"),
            Out::Str(Cow::Borrowed(API_VERSION)),
        ),
        (Cow::Borrowed("kind"), Out::Str(Cow::Borrowed(KIND))),
        (Cow::Borrowed("metadata"), write_metadata(doc, options)),
        (Cow::Borrowed("spec"), Out::Map(spec)),
    ];
    if !status.is_empty() {
        out.push((Cow::Borrowed("status"), Out::Map(status)));
    }
    Out::Map(out)
}

/// The members the ACK CRD requires beyond the API's own (which validation
/// reports): an ACK manifest, or a tf-k8s one, without them would be refused
/// by the API server.
pub fn crd_required(doc: &Doc) -> Vec<Diagnostic> {
    let job = tjspec_model::SCHEMA.members(JOB);
    let written = super::aws::AwsJson::write_job(&doc.job);
    let present = |name: &str| matches!(&written, Out::Map(m) if m.iter().any(|(k, _)| k == name));
    tjspec_model::ack::REQUIRED
        .iter()
        .filter(|&&i| {
            let member = &job[usize::from(i)];
            !member.required && !present(member.name)
        })
        .map(|&i| {
            Diagnostic::error(
                Code::Required,
                format!(
                    "the ACK CRD requires {}; the API server would reject the manifest",
                    ACK.name(JOB, i).unwrap_or_default()
                ),
            )
            .with_canon(CanonPath(vec![Seg::Member(JOB, i)]))
        })
        .collect()
}

impl Format for Ack {
    fn id(&self) -> FormatId {
        FormatId::Ack
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        let mut reader = Reader {
            options,
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

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        path.locate(root, &ACK, "")
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write_manifest(doc, options, losses)
    }

    fn check(&self, doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
        let mut out = crd_required(doc);
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
        if let (false, Some(job_name)) = (has_name, &doc.job.training_job_name) {
            match object_name(job_name) {
                Some(name) if &name != job_name => out.push(
                    Diagnostic::note(
                        Code::DerivedName,
                        format!("metadata.name `{name}` is derived from TrainingJobName `{job_name}`"),
                    )
                    .with_canon(CanonPath(vec![Seg::Member(JOB, 0)])),
                ),
                Some(_) => {}
                None => out.push(
                    Diagnostic::error(
                        Code::ObjectName,
                        format!("no Kubernetes object name can be derived from TrainingJobName `{job_name}`"),
                    )
                    .with_canon(CanonPath(vec![Seg::Member(JOB, 0)])),
                ),
            }
        }
        out
    }

    fn render(&self, out: &Out<'_>, _several: bool, first: bool, buf: &mut String) {
        if !first {
            buf.push_str("---\n");
        }
        out_yaml::document(out, buf);
    }

    fn extension(&self) -> &'static str {
        "yaml"
    }

    fn split(&self, head: &str) -> crate::stream::Split {
        // A YAML stream converts document by document; JSON is read whole.
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('{') || head.starts_with('[') {
            crate::stream::Split::Whole
        } else {
            crate::stream::Split::YamlDocuments
        }
    }

    fn separator(&self) -> &'static str {
        "---\n"
    }
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

    #[test]
    fn name_checks() {
        assert_eq!(object_name_problem("xgb-1.train"), None);
        assert!(object_name_problem("XGB").is_some());
        assert!(object_name_problem("-x").is_some());
        assert!(namespace_problem("ml.team").is_some());
        assert_eq!(namespace_problem("ml-team"), None);
    }

    #[test]
    fn arns_split() {
        assert_eq!(
            arn_parts("arn:aws:sagemaker:us-west-2:111122223333:training-job/x"),
            Some(("aws", "us-west-2", "111122223333"))
        );
        assert_eq!(arn_parts("not an arn"), None);
    }

    #[test]
    fn detection() {
        assert!(looks_like_ack(
            "apiVersion: sagemaker.services.k8s.aws/v1alpha1\nkind: TrainingJob\n"
        ));
        assert!(looks_like_ack(
            "{\"apiVersion\": \"sagemaker.services.k8s.aws/v1alpha1\"}"
        ));
        assert!(looks_like_ack("apiVersion: v1\nkind: ConfigMap\n---\n'apiVersion': 'sagemaker.services.k8s.aws/v1alpha1'\n"));
        assert!(looks_like_ack(
            "apiVersion: sagemaker.aws.amazon.com/v1\nkind: TrainingJob\n"
        ));
        assert!(!looks_like_ack("{\"TrainingJobName\": \"apiVersion\"}"));
        assert!(!looks_like_ack("apiVersion: v1\nkind: ConfigMap\n"));
    }
}
