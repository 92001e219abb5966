//! Reading a manifest of the SageMaker operator: `spec` and `status`
//! flattened into one map in the binding's names (lists of pairs turned
//! into maps), `metadata`, the region and the operator's own fields kept
//! beside the job, the job's name taken from the object where the spec
//! has none.

use tjspec_model::bindings::sm_operator::SM_OPERATOR;
use tjspec_model::sm_operator::CustomResource;
use tjspec_runtime::read::Skipped;
use tjspec_runtime::Code;
use tjspec_runtime::{suggest, Diagnostic, Key, Node, NodeKind, ReadCx, ShapeId, Span};

use super::super::kubernetes::{self, join, str_value};
use super::super::{Envelope, FormatId, ReadDoc, ReadOptions, ResourceId};
use super::pairs;

/// Diagnostics and kept parts while taking a manifest apart.
struct Parts {
    /// The root structure of the resource read.
    job: ShapeId,
    /// The operator's custom resource of it.
    crd: &'static CustomResource,
    /// The flat key of the job's name (`spec.trainingJobName`).
    name_key: String,
    /// The API name of the job's name member (`TrainingJobName`).
    name_member: &'static str,
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<Skipped>,
    flat: Vec<(Key, Node)>,
    extras: Vec<(String, Node)>,
    /// `status.sageMakerTrainingJobName` (the resource's), the name the
    /// job has in SageMaker.
    sagemaker_name: Option<(Key, Node)>,
    allow_unknown: bool,
}

/// The names of the operator's own fields of `section` (`spec`, `status`)
/// at the top of it.
fn own_fields<'c>(crd: &'c CustomResource, section: &str) -> impl Iterator<Item = &'c str> + 'c {
    let fields = if section == "spec" {
        crd.spec_fields
    } else {
        crd.status_fields
    };
    fields
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !name.contains('.'))
}

impl Parts {
    fn error(&mut self, code: Code, message: impl Into<String>, path: &str, span: Span) {
        self.diagnostics.push(
            Diagnostic::error(code, message)
                .with_path(path)
                .with_span(span),
        );
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
        let (shape, crd) = (self.job, self.crd);
        let keys = || {
            SM_OPERATOR
                .keys(shape)
                .filter_map(|k| k.strip_prefix(prefix.as_str()))
                .chain(own_fields(crd, section))
        };
        let job = tjspec_model::SCHEMA.members(shape);
        let hint = if SM_OPERATOR.member(shape, &join(other, &key.name)).is_some() {
            format!("`{}` belongs in {other}", key.name)
        } else if let Some(s) = suggest::closest(&key.name, keys()) {
            format!("did you mean `{s}`?")
        } else if let Some(m) = job.iter().enumerate().find(|(i, m)| {
            m.name.eq_ignore_ascii_case(&key.name) && SM_OPERATOR.name(shape, *i as u16).is_none()
        }) {
            format!(
                "the SageMaker operator's CRD has no field for {}; convert to another format (ack) to keep it",
                m.1.name
            )
        } else {
            format!("known fields: {}", keys().collect::<Vec<_>>().join(", "))
        };
        self.diagnostics.push(
            Diagnostic::error(
                Code::UnknownField,
                format!("unknown field `{}` in {section}", key.name),
            )
            .with_path(path)
            .with_span(key.span)
            .with_hint(hint),
        );
    }

    /// An operator's own field (a string or an integer, as its CRD
    /// declares), kept beside the job.
    fn own(&mut self, path: String, ty: &str, value: &Node) {
        let (fits, expected) = match ty {
            "integer" => (matches!(value.kind, NodeKind::Int(_)), "an integer"),
            _ => (matches!(value.kind, NodeKind::Str(..)), "a string"),
        };
        if value.is_null() {
        } else if fits {
            self.extras.push((path, value.clone()));
        } else {
            self.error(
                Code::Type,
                format!("expected {expected}, found {}", value.kind_name()),
                &path,
                value.span,
            );
        }
    }

    /// `value` of the member at `path` without the fields the operator
    /// adds inside it (`status.trainingJobStatusCounters.totalError`),
    /// which are kept beside the job.
    fn take_nested_own(&mut self, path: &str, value: &Node) -> Option<Node> {
        let fields = if path.starts_with("spec.") {
            self.crd.spec_fields
        } else {
            self.crd.status_fields
        };
        let section = path.split_once('.').map_or(path, |(s, _)| s);
        let nested: Vec<(&str, &str)> = fields
            .iter()
            .filter_map(|(name, ty)| {
                let (member, field) = name.split_once('.')?;
                (join(section, member) == path).then_some((field, *ty))
            })
            .collect();
        let NodeKind::Map(entries) = &value.kind else {
            return None;
        };
        if nested.is_empty()
            || !entries
                .iter()
                .any(|(k, _)| nested.iter().any(|n| n.0 == k.name))
        {
            return None;
        }
        let mut kept = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match nested.iter().find(|n| n.0 == k.name) {
                Some((field, ty)) => self.own(join(path, field), ty, v),
                None => kept.push((k.clone(), v.clone())),
            }
        }
        Some(Node {
            kind: NodeKind::Map(kept),
            span: value.span,
        })
    }

    /// Adds the entries of `spec` or `status` to the flat job.
    fn section(&mut self, section: &str, entries: &[(Key, Node)]) {
        let entries = kubernetes::unique(section, entries, &mut self.diagnostics);
        for (key, value) in entries {
            let path = join(section, &key.name);
            if path == self.crd.sagemaker_name {
                match &value.kind {
                    NodeKind::Null => {}
                    NodeKind::Str(..) => self.sagemaker_name = Some((key.clone(), value.clone())),
                    _ => self.error(
                        Code::Type,
                        format!("expected a string, found {}", value.kind_name()),
                        &path,
                        value.span,
                    ),
                }
                continue;
            }
            let fields = if section == "spec" {
                self.crd.spec_fields
            } else {
                self.crd.status_fields
            };
            if let Some((_, ty)) = fields.iter().find(|(name, _)| *name == key.name) {
                self.own(path, ty, value);
                continue;
            }
            match SM_OPERATOR.member(self.job, &path) {
                Some(i) => {
                    let trimmed = self.take_nested_own(&path, value);
                    let value = trimmed.as_ref().unwrap_or(value);
                    let value = pairs::member_in(self.job, i, value, &path, &mut self.diagnostics);
                    self.flat.push((
                        Key {
                            name: path,
                            span: key.span,
                        },
                        value,
                    ));
                }
                None => self.unknown(section, key),
            }
        }
    }

    /// The job's name where the spec has none: the name SageMaker has
    /// (`status.sageMakerTrainingJobName`), or the object's, as the
    /// operator named jobs.
    fn name_the_job(&mut self, metadata: Option<&Node>) {
        let spec_name = self
            .flat
            .iter()
            .find(|(k, v)| k.name == self.name_key && !v.is_null())
            .map(|(_, v)| v.clone());
        let name_key = self.name_key.clone();
        let status_key = self.crd.sagemaker_name;
        match (spec_name, self.sagemaker_name.take()) {
            (Some(spec), Some((_, status))) => {
                if let (Some(a), Some(b)) = (str_value(&spec), str_value(&status)) {
                    if a != b {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                Code::NameMismatch,
                                format!("`{b}` is not {name_key} `{a}`"),
                            )
                            .with_path(status_key)
                            .with_span(status.span)
                            .with_hint(format!("{name_key} wins: output carries it")),
                        );
                    }
                }
            }
            (Some(_), None) => {}
            (None, Some((key, status))) => {
                self.flat.retain(|(k, _)| k.name != name_key);
                self.flat.push((
                    Key {
                        name: name_key.clone(),
                        span: key.span,
                    },
                    status,
                ));
            }
            (None, None) => {
                let Some(name) = metadata.and_then(|m| m.get("name")) else {
                    return;
                };
                let Some(text) = str_value(name) else { return };
                let member = self.name_member;
                self.diagnostics.push(
                    Diagnostic::note(
                        Code::DerivedName,
                        format!("{member} `{text}` is metadata.name: the manifest has no {name_key}"),
                    )
                    .with_path("metadata.name")
                    .with_span(name.span)
                    .with_hint(format!("the operator named such jobs after the object with a suffix of its own; set {name_key} (or --set {member}=…) to choose the name")),
                );
                self.flat.retain(|(k, _)| k.name != name_key);
                self.flat.push((
                    Key {
                        name: name_key.clone(),
                        span: name.span,
                    },
                    name.clone(),
                ));
            }
        }
    }
}

/// Reads one manifest of `resource` (a TrainingJob, a HyperparameterTuningJob).
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
    let crd = super::custom_resource(resource);
    let name_member = resource.name_member();
    let name_key = name_member
        .and_then(|i| SM_OPERATOR.name(job_shape, i))
        .unwrap_or_default()
        .to_owned();
    let mut parts = Parts {
        job: job_shape,
        crd,
        name_key,
        name_member: name_member.map_or("", |i| {
            tjspec_model::SCHEMA.members(job_shape)[usize::from(i)].name
        }),
        diagnostics: Vec::new(),
        skipped: Vec::new(),
        flat: Vec::new(),
        extras: Vec::new(),
        sagemaker_name: None,
        allow_unknown: options.members.allow_unknown,
    };
    let mut metadata = None;
    let mut spec_span = None;
    for (key, value) in kubernetes::unique("", entries, &mut parts.diagnostics) {
        match key.name.as_str() {
            "apiVersion" | "kind" => {}
            "metadata" => {
                metadata = kubernetes::read_metadata(
                    value,
                    &parts.name_key.clone(),
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
                        format!("unknown field `{other}` in a {} manifest", crd.kind),
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
    parts.name_the_job(metadata.as_ref());
    let flat = Node {
        kind: NodeKind::Map(parts.flat),
        span: spec_span.unwrap_or(root.span),
    };
    let mut cx = ReadCx::new(&SM_OPERATOR, options.members, "");
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
                "the CRD declares every integer int64, but SageMaker takes a 32-bit integer here; the operator would fail to create the job".to_owned(),
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
            from: Some(FormatId::SmOperator),
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
