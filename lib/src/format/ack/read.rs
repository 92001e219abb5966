//! Reading an ACK manifest: `spec` and `status` flattened into one map in
//! the binding's names, `metadata` and ACK-only parts kept beside the job.

use tjspec_model::bindings::ack::ACK;
use tjspec_runtime::read::Skipped;
use tjspec_runtime::Code;
use tjspec_runtime::{suggest, Diagnostic, Key, Node, NodeKind, ReadCx, ShapeId, Span};

use super::super::kubernetes::{self, join, str_value};
use super::super::{Envelope, FormatId, ReadDoc, ReadOptions, ResourceId};
use super::{arn_parts, ARN_KEY};

/// Diagnostics and kept parts while taking a manifest apart.
struct Parts {
    /// The root structure of the resource read.
    job: ShapeId,
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
        kubernetes::unique(prefix, entries, &mut self.diagnostics)
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
        let job_shape = self.job;
        let keys = || {
            ACK.keys(job_shape)
                .filter_map(|k| k.strip_prefix(prefix.as_str()))
        };
        let job = tjspec_model::SCHEMA.members(job_shape);
        let belongs = ACK.member(job_shape, &join(other, &key.name)).is_some();
        let near = suggest::closest(&key.name, keys()).filter(|_| !belongs);
        let hint = if belongs {
            format!("`{}` belongs in {other}", key.name)
        } else if let Some(s) = near {
            format!("did you mean `{s}`?")
        } else if let Some(m) = job
            .iter()
            .enumerate()
            .find(|(i, m)| {
                m.name.eq_ignore_ascii_case(&key.name) && ACK.name(job_shape, *i as u16).is_none()
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
            if ACK.member(self.job, &flat).is_some() {
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
}

/// Reads one manifest of `resource` (a TrainingJob, a HyperParameterTuningJob).
pub(super) fn read_manifest(
    resource: ResourceId,
    index: usize,
    root: Node,
    options: &ReadOptions,
) -> ReadDoc {
    let NodeKind::Map(entries) = &root.kind else {
        unreachable!("checked by the caller")
    };
    let job_shape = resource.shape();
    let name_path = resource
        .name_member()
        .and_then(|i| ACK.name(job_shape, i))
        .unwrap_or_default();
    let kind = tjspec_model::ack::of(resource).map_or(resource.name(), |c| c.kind);
    let mut parts = Parts {
        job: job_shape,
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
            "metadata" => {
                metadata = kubernetes::read_metadata(
                    value,
                    name_path,
                    parts.allow_unknown,
                    &mut parts.diagnostics,
                    &mut parts.skipped,
                );
            }
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
                        format!("unknown field `{other}` in a {kind} manifest"),
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
    let job = resource.read(&flat, &mut cx);
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
