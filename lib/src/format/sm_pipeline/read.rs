//! Reading a pipeline definition: its Training steps, one document each.

use tjspec_model::bindings::aws::AWS;
use tjspec_model::ResourceId;
use tjspec_runtime::Code;
use tjspec_runtime::{Diagnostic, Node, NodeKind, ReadCx, Span, StrStyle};

use super::super::expression::{keep_expressions, Language};
use super::super::workflow::{self, Around, Workflow};
use super::super::{node_out, Envelope, FormatId, ReadDoc, ReadOptions};
use super::Parameters;
use crate::source::Source;
use crate::syntax::out_json;

/// The fields of a Training step other than `Name`, `Type` and
/// `Arguments`: carried back to `sm-pipeline` outputs as read.
const STEP_FIELDS: &[&str] = &[
    "DependsOn",
    "DisplayName",
    "Description",
    "CacheConfig",
    "RetryPolicies",
];

/// A Training step found in a definition.
struct Found {
    /// Its spelled path (`Steps[1]`, `Steps[2].Arguments.IfSteps[0]`).
    path: String,
    /// Where it is written.
    at: Span,
    step: Node,
    /// The resource its type runs.
    resource: ResourceId,
    /// Where it sits in the definition.
    workflow: Workflow,
}

/// A declared pipeline parameter: its `Type` and `DefaultValue`.
struct Declared<'a> {
    name: &'a str,
    ty: &'a str,
    default: Option<&'a Node>,
}

pub(super) fn read(source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
    let pipelines = match crate::format::sfn::parse_tree(&source.text) {
        Ok(p) => p,
        Err(e) => return vec![ReadDoc::syntax_error(0, e)],
    };
    let mut docs: Vec<ReadDoc> = Vec::new();
    let mut problems = Vec::new();
    let mut budget = substitution_budget(source.text.len());
    for (position, mut pipeline) in pipelines.into_iter().enumerate() {
        if !matches!(pipeline.kind, NodeKind::Map(_)) {
            problems.push(
                Diagnostic::error(
                    Code::Type,
                    format!(
                        "expected a pipeline definition object, found {}",
                        pipeline.kind_name()
                    ),
                )
                .with_span(pipeline.span),
            );
            continue;
        }
        // The steps are moved out (each job owns its step); the parameter
        // declarations stay and are borrowed.
        let steps = take_first(&mut pipeline, "Steps");
        let declared_node = pipeline.get("Parameters");
        let declared = declared_parameters(declared_node);
        for (name, _) in &options.pipeline_parameters.values {
            if !declared.iter().any(|p| p.name == name) {
                problems.push(Diagnostic::warning(
                    Code::PipelineParameter,
                    format!("--pipeline-parameter {name}: the pipeline has no parameter `{name}`"),
                ));
            }
        }
        let mut found = Vec::new();
        match steps {
            Some(steps) => collect(steps, "Steps", &[], &mut found),
            None => problems.push(
                Diagnostic::error(Code::NoJob, "not a pipeline definition: it has no `Steps`")
                    .with_span(pipeline.span),
            ),
        }
        let jobs: std::sync::Arc<std::collections::BTreeSet<String>> = std::sync::Arc::new(
            found
                .iter()
                .filter_map(|f| match f.step.get("Name").map(|n| &n.kind) {
                    Some(NodeKind::Str(name, _)) => Some(name.clone()),
                    _ => None,
                })
                .collect(),
        );
        let document = workflow::document(&source.name, position);
        for mut f in found {
            let index = docs.len();
            f.workflow.document.clone_from(&document);
            f.workflow.jobs = jobs.clone();
            docs.push(read_step(
                index,
                f,
                &declared,
                declared_node,
                &options.pipeline_parameters,
                options,
                &mut budget,
            ));
        }
    }
    if docs.is_empty() {
        if problems.is_empty() {
            problems.push(Diagnostic::error(
                Code::NoJob,
                format!(
                    "the pipeline has no step of {}",
                    super::STEP_TYPES
                        .iter()
                        .map(|(t, _)| format!("`Type: {t}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ));
        }
        let mut d = ReadDoc::failed(0, problems.remove(0));
        d.diagnostics.extend(problems);
        return vec![d];
    }
    docs[0].diagnostics.splice(0..0, problems);
    docs
}

fn declared_parameters(node: Option<&Node>) -> Vec<Declared<'_>> {
    let Some(NodeKind::Seq(items)) = node.map(|n| &n.kind) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|p| {
            let name = match &p.get("Name")?.kind {
                NodeKind::Str(s, _) => s.as_str(),
                _ => return None,
            };
            let ty = match p.get("Type").map(|t| &t.kind) {
                Some(NodeKind::Str(s, _)) => s.as_str(),
                _ => "String",
            };
            Some(Declared {
                name,
                ty,
                default: p.get("DefaultValue").filter(|d| !d.is_null()),
            })
        })
        .collect()
}

/// Takes the value of the first `key` entry out of a map node (a `Null`
/// stays in its place), as [`Node::get`] would find it.
fn take_first(node: &mut Node, key: &str) -> Option<Node> {
    let NodeKind::Map(entries) = &mut node.kind else {
        return None;
    };
    let (_, value) = entries.iter_mut().find(|(k, _)| k.name == key)?;
    Some(std::mem::replace(value, Node::synthetic(NodeKind::Null)))
}

/// Finds the Training steps in `steps` (a list at `path`, inside the
/// Condition branches `around`), descending into Condition steps. The
/// steps are moved into what is found, not copied.
fn collect(steps: Node, path: &str, around: &[Around], found: &mut Vec<Found>) {
    let NodeKind::Seq(items) = steps.kind else {
        return;
    };
    for (i, mut step) in items.into_iter().enumerate() {
        let step_path = format!("{path}[{i}]");
        let (runs, condition) = match step.get("Type").map(|t| &t.kind) {
            Some(NodeKind::Str(t, _)) => (
                super::STEP_TYPES
                    .iter()
                    .find(|(s, _)| *s == t)
                    .map(|(_, r)| *r),
                t == "Condition",
            ),
            _ => (None, false),
        };
        if let Some(resource) = runs {
            found.push(Found {
                path: step_path,
                at: step.span,
                step,
                resource,
                workflow: Workflow {
                    around: around.to_vec(),
                    ..Workflow::default()
                },
            });
        } else if condition {
            let name = match step.get("Name").map(|n| &n.kind) {
                Some(NodeKind::Str(n, _)) => format!("`{n}`"),
                _ => format!("at `{step_path}`"),
            };
            if let Some(mut args) = take_first(&mut step, "Arguments") {
                for branch in ["IfSteps", "ElseSteps"] {
                    if let Some(b) = take_first(&mut args, branch) {
                        let branch_path = format!("{step_path}.Arguments.{branch}");
                        let mut inner = around.to_vec();
                        inner.push(Around::new(
                            branch_path.clone(),
                            b.span,
                            format!(
                                "the Condition step {name} around this step is not carried; the step comes back as a step of its own, run whether or not the condition holds"
                            ),
                        ));
                        collect(b, &branch_path, &inner, found);
                    }
                }
            }
        }
    }
}

fn read_step(
    index: usize,
    found: Found,
    declared: &[Declared<'_>],
    declared_node: Option<&Node>,
    given: &Parameters,
    options: &ReadOptions,
    budget: &mut usize,
) -> ReadDoc {
    let mut diags = Vec::new();
    let mut envelope = Envelope {
        from: Some(FormatId::SmPipeline),
        workflow: Some(found.workflow),
        ..Envelope::default()
    };
    let mut request = None;
    if let NodeKind::Map(fields) = found.step.kind {
        for (k, v) in fields {
            let name = k.name.as_str();
            match name {
                "Arguments" => request = Some(v),
                "Type" => {}
                "Name" => match v.kind {
                    NodeKind::Str(s, _) => envelope.label = Some(s),
                    _ => diags.push(
                        Diagnostic::error(Code::Type, "a step's `Name` must be a string")
                            .with_path(format!("{}.Name", found.path))
                            .with_span(v.span),
                    ),
                },
                _ if STEP_FIELDS.contains(&name) => {
                    envelope.extras.push((format!("{}.{name}", found.path), v));
                }
                _ => diags.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        format!(
                            "`{name}` is not a field of a {} step",
                            super::step_type(found.resource)
                        ),
                    )
                    .with_path(format!("{}.{name}", found.path))
                    .with_span(k.span),
                ),
            }
        }
    }
    let prefix = format!("{}.Arguments", found.path);
    let mut root = request.unwrap_or(Node {
        kind: NodeKind::Map(Vec::new()),
        span: found.at,
    });
    let mut cx = Substitution {
        declared,
        given,
        budget,
        reported: false,
        marked: 0,
        diags: &mut diags,
    };
    cx.mark(&mut root);
    // Most requests hold no expression: nothing to resolve then.
    if cx.marked > 0 {
        envelope.expressions = keep_expressions(
            &mut root,
            found.resource.shape(),
            &prefix,
            Language::PipelineFunction,
            &mut diags,
        );
    }
    if let Some(p) = referenced_parameters(declared_node, &envelope.expressions) {
        envelope.implied.push(("Parameters".to_owned(), p));
    }
    let mut rcx = ReadCx::new(&AWS, options.members, &prefix);
    let job = match &root.kind {
        NodeKind::Map(_) => found.resource.read(&root, &mut rcx),
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    format!(
                        "`Arguments` must be the {} request object, found {}",
                        found.resource.meta().create,
                        root.kind_name()
                    ),
                )
                .with_path(prefix.clone())
                .with_span(root.span),
            );
            None
        }
    };
    diags.append(&mut rcx.diagnostics);
    ReadDoc {
        index,
        job,
        envelope,
        root: Some(crate::format::sfn::anchored(prefix, found.at, root)),
        diagnostics: diags,
        skipped: rcx.skipped,
    }
}

/// How many bytes of parameter values may be put in place of references:
/// a large default referenced many times must not make memory grow past
/// a multiple of the input.
fn substitution_budget(source_len: usize) -> usize {
    source_len.saturating_mul(4).max(1 << 20)
}

/// The declarations of the parameters the step's expressions still refer
/// to (an `sm-pipeline` output declares them again), found in one pass over
/// the expressions so a step keeps no more than it uses.
fn referenced_parameters(
    declared: Option<&Node>,
    expressions: &[crate::format::Expression],
) -> Option<Node> {
    let NodeKind::Seq(items) = &declared?.kind else {
        return None;
    };
    let mut names = std::collections::HashSet::new();
    for e in expressions {
        let mut rest = e.text.as_str();
        while let Some(at) = rest.find("\"Parameters.") {
            rest = &rest[at + "\"Parameters.".len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            names.insert(&rest[..end]);
            rest = &rest[end..];
        }
    }
    if names.is_empty() {
        return None;
    }
    let kept: Vec<Node> = items
        .iter()
        .filter(|p| {
            matches!(p.get("Name").map(|n| &n.kind), Some(NodeKind::Str(n, _)) if names.contains(n.as_str()))
        })
        .cloned()
        .collect();
    Some(Node {
        kind: NodeKind::Seq(kept),
        span: declared?.span,
    })
}

/// Whether `node` is a Pipelines function: an object of one member, `Get`
/// or `Std:…`.
fn function(node: &Node) -> Option<(&str, &Node)> {
    match &node.kind {
        NodeKind::Map(entries) if entries.len() == 1 => {
            let (k, v) = &entries[0];
            (k.name == "Get" || k.name.starts_with("Std:")).then_some((k.name.as_str(), v))
        }
        _ => None,
    }
}

/// Replaces the parameters given values and marks every other function as
/// an expression (its compact JSON as the text).
struct Substitution<'a, 'd> {
    declared: &'a [Declared<'a>],
    given: &'a Parameters,
    /// Bytes of values the input may still have put in (see [`substitution_budget`]).
    budget: &'a mut usize,
    /// Whether running out of it was reported.
    reported: bool,
    /// Expressions marked so far.
    marked: usize,
    diags: &'d mut Vec<Diagnostic>,
}

impl Substitution<'_, '_> {
    fn mark(&mut self, node: &mut Node) {
        if let Some((name, arg)) = function(node) {
            if name == "Get" {
                if let NodeKind::Str(reference, _) = &arg.kind {
                    if let Some(param) = reference.strip_prefix("Parameters.") {
                        if let Some(kind) = self.value(param, node.span) {
                            node.kind = kind;
                            return;
                        }
                    }
                }
            }
            let mut text = String::new();
            if let Some(out) = node_out(node, tjspec_runtime::Out::UserStr) {
                out_json::render(&out, true, out_json::pretty, &mut text);
            }
            node.kind = NodeKind::Expr(text.trim_end().to_owned());
            self.marked += 1;
            return;
        }
        match &mut node.kind {
            NodeKind::Map(entries) => {
                for (_, v) in entries {
                    self.mark(v);
                }
            }
            NodeKind::Seq(items) => {
                for item in items {
                    self.mark(item);
                }
            }
            _ => {}
        }
    }

    /// The value the parameter `name` is given, as a node of its `Type`.
    fn value(&mut self, name: &str, at: Span) -> Option<NodeKind> {
        let declared = self.declared.iter().find(|p| p.name == name)?;
        if let Some((_, raw)) = self.given.values.iter().rev().find(|(n, _)| n == name) {
            let kind = match declared.ty {
                "Integer" => raw.trim().parse::<i128>().ok().map(NodeKind::Int),
                "Float" => raw.trim().parse::<f64>().ok().map(NodeKind::Float),
                "Boolean" => match raw.trim() {
                    "true" => Some(NodeKind::Bool(true)),
                    "false" => Some(NodeKind::Bool(false)),
                    _ => None,
                },
                _ => Some(NodeKind::Str(raw.clone(), StrStyle::Quoted)),
            };
            if let Some(k) = &kind {
                if !self.spend(name, k, at) {
                    return None;
                }
            }
            if kind.is_none() {
                self.diags.push(
                    Diagnostic::error(
                        Code::PipelineParameter,
                        format!(
                            "--pipeline-parameter {name}={raw}: `{name}` is a parameter of type `{}`",
                            declared.ty
                        ),
                    )
                    .with_span(at),
                );
            }
            return kind;
        }
        if self.given.defaults {
            let default = declared.default?;
            return self
                .spend(name, &default.kind, at)
                .then(|| default.kind.clone());
        }
        None
    }

    /// Takes the size of `value` from the budget; past it, the reference
    /// stays an expression and one error says why.
    fn spend(&mut self, name: &str, value: &NodeKind, at: Span) -> bool {
        let size = match value {
            NodeKind::Str(s, _) => s.len(),
            _ => 8,
        };
        if size <= *self.budget {
            *self.budget -= size;
            return true;
        }
        if !self.reported {
            self.reported = true;
            self.diags.push(
                Diagnostic::error(
                    Code::PipelineParameter,
                    format!("the values of the pipeline's parameters (`{name}` and others) would make the step several times the size of its input; they are not put in"),
                )
                .with_span(at),
            );
        }
        false
    }
}
