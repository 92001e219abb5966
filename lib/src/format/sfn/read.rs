//! Reading a state machine: its training-job Task states, one document each.

use std::collections::BTreeSet;
use std::sync::Arc;

use tjspec_model::bindings::aws::AWS;
use tjspec_model::ResourceId;
use tjspec_runtime::path::push_key;
use tjspec_runtime::Code;
use tjspec_runtime::{Diagnostic, Node, NodeKind, ReadCx, Span, StrStyle};

use super::super::expression::{keep_expressions, Language};
use super::super::workflow::{self, Around, Workflow};
use super::super::{Envelope, FormatId, ReadDoc, ReadOptions};
use super::template::{self, Machine, Template};
use super::{anchored, QueryLanguage, TASK_FIELDS};
use crate::source::Source;
use crate::syntax::{json, yaml};

/// A training-job Task state found in a state machine.
struct Found {
    /// Its spelled path (`States.Train`, `States.Fan.Branches[0].States.Train`).
    path: String,
    /// Its name.
    name: String,
    /// Where its name is written.
    at: Span,
    /// The state.
    state: Node,
    /// The query language it inherits from the state machine.
    inherited: QueryLanguage,
    /// The resource the state creates.
    resource: ResourceId,
    /// Where it sits in the machine.
    workflow: Workflow,
    /// The template holding the machine, if one does.
    template: Option<Arc<Template>>,
}

/// The resource whose SageMaker integration `resource` calls
/// (`createTrainingJob`, `createHyperParameterTuningJob`), in any partition
/// (`arn:aws-us-gov:…`), waiting for the job or not.
pub(super) fn task_resource(resource: &str) -> Option<ResourceId> {
    let rest = resource.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let call = rest.strip_prefix("states:::sagemaker:")?;
    let call = call.strip_suffix(".sync").unwrap_or(call);
    if !partition.starts_with("aws") {
        return None;
    }
    super::CARRIED
        .iter()
        .map(|c| c.resource)
        .find(|r| super::integration(*r) == call)
}

/// The values of a JSON or YAML input (JSON when it starts as JSON does).
pub(crate) fn parse_tree(text: &str) -> Result<Vec<Node>, crate::syntax::SyntaxError> {
    parse_tree_with(text, yaml::documents)
}

/// Whether `text` is read as JSON: it starts with `{` or `[`.
pub(super) fn json_like(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '['])
}

/// [`parse_tree`], YAML read by `yaml_documents` (a template's with
/// CloudFormation's tags).
pub(super) fn parse_tree_with<'t>(
    text: &'t str,
    yaml_documents: fn(&'t str) -> yaml::Documents<'t>,
) -> Result<Vec<Node>, crate::syntax::SyntaxError> {
    if json_like(text) {
        return json::parse_values(text);
    }
    let mut out = Vec::new();
    for doc in yaml_documents(text) {
        let node = doc?;
        if !node.is_null() {
            out.push(node);
        }
    }
    Ok(out)
}

pub(super) fn read(source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
    let documents = match template::parse(&source.text) {
        Ok(m) => m,
        Err(e) => return vec![ReadDoc::syntax_error(0, e)],
    };
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut machines = Vec::new();
    for doc in documents {
        machines.extend(template::machines(doc, &mut problems));
    }
    for (
        position,
        Machine {
            node: machine,
            path,
            template,
        },
    ) in machines.into_iter().enumerate()
    {
        let first = found.len();
        let inherited = match query_language(&machine, QueryLanguage::JsonPath) {
            Ok(l) => l,
            Err(d) => {
                problems.push(*d);
                continue;
            }
        };
        let span = machine.span;
        let NodeKind::Map(entries) = machine.kind else {
            problems.push(
                Diagnostic::error(
                    Code::Type,
                    format!(
                        "expected a state machine object, found {}",
                        machine_kind_name(&machine.kind)
                    ),
                )
                .with_path(path)
                .with_span(span),
            );
            continue;
        };
        match entries.into_iter().find(|(k, _)| k.name == "States") {
            Some((_, states)) => {
                let states_path = match path.as_str() {
                    "" => "States".to_owned(),
                    _ => format!("{path}.States"),
                };
                let within = Within {
                    path: &states_path,
                    inherited,
                    around: &[],
                    in_template: template.is_some(),
                };
                collect(states, &within, &mut found, &mut problems);
            }
            None => problems.push(
                Diagnostic::error(Code::NoJob, "not a state machine: it has no `States`")
                    .with_path(path)
                    .with_span(span),
            ),
        }
        let machine = &mut found[first..];
        if let Some(t) = &template {
            for f in machine.iter_mut() {
                f.workflow.around.insert(0, t.around.clone());
                f.template = Some(t.clone());
            }
        }
        let jobs: Arc<BTreeSet<String>> =
            Arc::new(machine.iter().map(|f| f.name.clone()).collect());
        let document = workflow::document(&source.name, position);
        for f in machine {
            f.workflow.document.clone_from(&document);
            f.workflow.jobs = jobs.clone();
        }
    }
    let mut docs: Vec<ReadDoc> = found
        .into_iter()
        .enumerate()
        .map(|(i, f)| read_state(i, f, options))
        .collect();
    if docs.is_empty() {
        if !problems.iter().any(Diagnostic::is_error) {
            let calls: Vec<String> = super::CARRIED
                .iter()
                .map(|c| {
                    format!(
                        "`arn:aws:states:::sagemaker:{}`",
                        super::integration(c.resource)
                    )
                })
                .collect();
            problems.push(Diagnostic::error(
                Code::NoJob,
                format!(
                    "the state machine has no Task state calling {} (or `.sync`)",
                    calls.join(" or ")
                ),
            ));
        }
        let first = problems.iter().position(Diagnostic::is_error).unwrap_or(0);
        let mut d = ReadDoc::failed(0, problems.remove(first));
        d.diagnostics.extend(problems);
        return vec![d];
    }
    docs[0].diagnostics.splice(0..0, problems);
    docs
}

fn machine_kind_name(kind: &NodeKind) -> &'static str {
    Node::synthetic(kind.clone()).kind_name()
}

/// The `QueryLanguage` a state or state machine sets, else `inherited`.
fn query_language(node: &Node, inherited: QueryLanguage) -> Result<QueryLanguage, Box<Diagnostic>> {
    match node.get("QueryLanguage") {
        None => Ok(inherited),
        Some(Node {
            kind: NodeKind::Str(s, _),
            span,
        }) => QueryLanguage::from_spelled(s).ok_or_else(|| {
            Box::new(
                Diagnostic::error(
                    Code::Enum,
                    format!("unknown QueryLanguage `{s}`; expected `JSONPath` or `JSONata`"),
                )
                .with_span(*span),
            )
        }),
        Some(other) => Err(Box::new(
            Diagnostic::error(
                Code::Type,
                format!(
                    "QueryLanguage: expected a string, found {}",
                    other.kind_name()
                ),
            )
            .with_span(other.span),
        )),
    }
}

/// Where a `States` object sits: its spelled path, the query language its
/// states inherit, and the parts of the workflow around it.
struct Within<'a> {
    path: &'a str,
    inherited: QueryLanguage,
    around: &'a [Around],
    /// Whether the machine is a template's (its `Resource` may be an `Fn::Sub`).
    in_template: bool,
}

/// Finds the training-job Task states in `states` (a `States` object),
/// descending into Parallel branches and Map processors.
fn collect(
    states: Node,
    within: &Within<'_>,
    found: &mut Vec<Found>,
    problems: &mut Vec<Diagnostic>,
) {
    let path = within.path;
    let NodeKind::Map(entries) = states.kind else {
        problems.push(
            Diagnostic::error(Code::Type, "`States` must be an object of states")
                .with_path(path.to_owned())
                .with_span(states.span),
        );
        return;
    };
    for (key, state) in entries {
        let mut state_path = path.to_owned();
        push_key(&mut state_path, &key.name);
        let ty = match state.get("Type").map(|t| &t.kind) {
            Some(NodeKind::Str(t, _)) => t.clone(),
            _ => continue,
        };
        let language = match query_language(&state, within.inherited) {
            Ok(l) => l,
            Err(d) => {
                problems.push(d.with_path(format!("{state_path}.QueryLanguage")));
                continue;
            }
        };
        // The parts inside this state, with it around them.
        let inside = |part: String, at: Span, reason: String| {
            let mut around = within.around.to_vec();
            around.push(Around::new(part, at, reason));
            around
        };
        match ty.as_str() {
            "Task" => {
                let resource = match state.get("Resource") {
                    Some(Node {
                        kind: NodeKind::Str(r, _),
                        ..
                    }) => task_resource(r),
                    Some(r) if within.in_template => {
                        template::partition_resource(r).and_then(|r| task_resource(&r))
                    }
                    _ => None,
                };
                if let Some(resource) = resource {
                    found.push(Found {
                        path: state_path,
                        name: key.name,
                        at: key.span,
                        state,
                        inherited: within.inherited,
                        resource,
                        workflow: Workflow {
                            around: within.around.to_vec(),
                            ..Workflow::default()
                        },
                        template: None,
                    });
                }
            }
            "Parallel" => {
                let NodeKind::Map(fields) = state.kind else {
                    continue;
                };
                for (k, v) in fields {
                    if k.name != "Branches" {
                        continue;
                    }
                    if let NodeKind::Seq(branches) = v.kind {
                        for (i, branch) in branches.into_iter().enumerate() {
                            let branch_path = format!("{state_path}.Branches[{i}]");
                            let around = inside(
                                branch_path.clone(),
                                branch.span,
                                format!(
                                    "the Parallel state `{}` around this Task state is not carried; the state comes back at the top level, run in turn with the others rather than beside them",
                                    key.name
                                ),
                            );
                            let inner = Within {
                                path: &branch_path,
                                inherited: language,
                                around: &around,
                                in_template: within.in_template,
                            };
                            collect_nested(branch, &inner, found, problems);
                        }
                    }
                }
            }
            "Map" => {
                let NodeKind::Map(fields) = state.kind else {
                    continue;
                };
                for (k, v) in fields {
                    if k.name != "ItemProcessor" && k.name != "Iterator" {
                        continue;
                    }
                    let processor = k.name;
                    let processor_path = format!("{state_path}.{processor}");
                    let around = inside(
                        processor_path.clone(),
                        v.span,
                        format!(
                            "the Map state `{}` around this Task state is not carried; the state comes back at the top level and runs once, not once per item",
                            key.name
                        ),
                    );
                    let inner = Within {
                        path: &processor_path,
                        inherited: language,
                        around: &around,
                        in_template: within.in_template,
                    };
                    collect_nested(v, &inner, found, problems);
                }
            }
            _ => {}
        }
    }
}

/// Collects the states of a nested state machine (a Parallel branch, a Map
/// processor) at `within.path`: those of its `States`.
fn collect_nested(
    machine: Node,
    within: &Within<'_>,
    found: &mut Vec<Found>,
    problems: &mut Vec<Diagnostic>,
) {
    let NodeKind::Map(fields) = machine.kind else {
        return;
    };
    for (k, v) in fields {
        if k.name == "States" {
            let path = format!("{}.States", within.path);
            let inner = Within {
                path: &path,
                ..*within
            };
            collect(v, &inner, found, problems);
        }
    }
}

/// Reads one Task state as a job.
fn read_state(index: usize, found: Found, options: &ReadOptions) -> ReadDoc {
    let mut diags = Vec::new();
    let language = match query_language(&found.state, found.inherited) {
        Ok(l) => l,
        Err(d) => return ReadDoc::failed(index, *d),
    };
    let mut envelope = Envelope {
        from: Some(FormatId::Sfn),
        label: Some(found.name.clone()),
        workflow: Some(found.workflow),
        ..Envelope::default()
    };
    envelope.implied.push((
        "QueryLanguage".to_owned(),
        Node::synthetic(NodeKind::Str(
            language.spelled().to_owned(),
            StrStyle::Quoted,
        )),
    ));
    let payload = language.payload();
    let other = match language {
        QueryLanguage::JsonPath => QueryLanguage::Jsonata,
        QueryLanguage::Jsonata => QueryLanguage::JsonPath,
    };
    let mut request = None;
    if let NodeKind::Map(fields) = found.state.kind {
        for (k, v) in fields {
            let name = k.name.as_str();
            if name == payload {
                request = Some(v);
            } else if name == "Resource" {
                match template::partition_resource(&v).filter(|_| found.template.is_some()) {
                    // `!Sub arn:${AWS::Partition}:states:::…`: outside its
                    // template the partition must be written out.
                    Some(arn) => {
                        if let Some(w) = envelope.workflow.as_mut() {
                            w.around.push(Around::new(
                                format!("{}.Resource", found.path),
                                k.span,
                                format!("`Resource` takes the partition from CloudFormation (`${{AWS::Partition}}`); the output names the `aws` partition: `{arn}`"),
                            ));
                        }
                        let arn = NodeKind::Str(arn, StrStyle::Quoted);
                        envelope.implied.push((
                            "Resource".to_owned(),
                            Node {
                                kind: arn,
                                span: v.span,
                            },
                        ));
                    }
                    None => envelope.implied.push(("Resource".to_owned(), v)),
                }
            } else if matches!(name, "Type" | "Next" | "End" | "QueryLanguage") {
                // Written by the sfn writer itself (one state, the end).
            } else if name == other.payload() {
                diags.push(
                    Diagnostic::error(
                        Code::Value,
                        format!(
                            "`{name}` belongs to {} states; this state's query language is {}",
                            other.spelled(),
                            language.spelled()
                        ),
                    )
                    .with_path(format!("{}.{name}", found.path))
                    .with_span(k.span)
                    .with_hint(format!(
                        "write the request in `{payload}`, or set `\"QueryLanguage\": \"{}\"` on the state",
                        other.spelled()
                    )),
                );
            } else if TASK_FIELDS.contains(&name) {
                let path = format!("{}.{name}", found.path);
                match &found.template {
                    // Outside its template the value would not be resolved.
                    Some(t) if t.holds_value(&v) => {
                        if let Some(w) = envelope.workflow.as_mut() {
                            w.around.push(Around::new(
                                path,
                                k.span,
                                format!("`{name}` holds a CloudFormation value (an intrinsic function or a DefinitionSubstitutions placeholder), which a state machine outside its template cannot hold; it is not carried"),
                            ));
                        }
                    }
                    _ => envelope.extras.push((path, v)),
                }
            } else {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        format!("`{name}` is not a field of a Task state"),
                    )
                    .with_path(format!("{}.{name}", found.path))
                    .with_span(k.span),
                );
            }
        }
    }
    let prefix = format!("{}.{payload}", found.path);
    let mut root = request.unwrap_or(Node {
        kind: NodeKind::Map(Vec::new()),
        span: found.at,
    });
    let marked = match language {
        QueryLanguage::JsonPath => mark_paths(
            &mut root,
            &mut prefix.clone(),
            found.template.is_some(),
            &mut diags,
        ),
        QueryLanguage::Jsonata => mark_jsonata(&mut root),
    };
    // Most requests hold no expression: nothing to resolve then.
    if marked > 0 {
        envelope.expressions = keep_expressions(
            &mut root,
            found.resource.shape(),
            &prefix,
            language.expressions(),
            &mut diags,
        );
    }
    if let Some(t) = &found.template {
        t.retag(&mut envelope.expressions);
        let stand_ins = envelope
            .expressions
            .iter()
            .filter_map(|e| match super::super::expression::shape_at(&e.canon.0) {
                Some(shape) => match super::super::expression::placeholder(shape, &e.text) {
                    NodeKind::Str(s, _) => Some(s),
                    _ => None,
                },
                None => None,
            })
            .collect();
        t.mark(&mut root, &stand_ins);
        envelope.expressions.extend(keep_expressions(
            &mut root,
            found.resource.shape(),
            &prefix,
            Language::CloudFormation,
            &mut diags,
        ));
    }
    let mut cx = ReadCx::new(&AWS, options.members, &prefix);
    let job = match &root.kind {
        NodeKind::Map(_) => found.resource.read(&root, &mut cx),
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    format!(
                        "`{payload}` must be the {} request object, found {}",
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
    diags.append(&mut cx.diagnostics);
    ReadDoc {
        index,
        job,
        envelope,
        root: Some(anchored(prefix, found.at, root)),
        diagnostics: diags,
        skipped: cx.skipped,
    }
}

/// JSONPath: a key ending in `.$` holds a path or an intrinsic function for
/// the member named without it. `path` is where `node` is, spelled; it is
/// extended in place and restored, and copied only for an error. In a
/// template the path may itself be built by an intrinsic function
/// (`"S3OutputPath.$": !Sub "States.Format('s3://${Bucket}/{}', $.id)"`):
/// the member is then left to the template's own marking, a CloudFormation
/// value. Returns how many expressions it marked.
fn mark_paths(
    node: &mut Node,
    path: &mut String,
    in_template: bool,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let len = path.len();
    let mut marked = 0;
    match &mut node.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                if let Some(name) = k.name.strip_suffix(".$") {
                    match &v.kind {
                        NodeKind::Str(text, _) => {
                            v.kind = NodeKind::Expr(text.clone());
                            k.name = name.to_owned();
                            marked += 1;
                        }
                        _ if in_template && super::template::intrinsic(v) => {
                            k.name = name.to_owned();
                        }
                        _ => {
                            push_key(path, &k.name);
                            diags.push(
                                Diagnostic::error(
                                    Code::Type,
                                    format!(
                                        "`{}` must hold a path or an intrinsic function as a string, found {}",
                                        k.name,
                                        v.kind_name()
                                    ),
                                )
                                .with_path(path.clone())
                                .with_span(v.span),
                            );
                            path.truncate(len);
                            // Read as the member it names, so it is not also unknown.
                            k.name = name.to_owned();
                        }
                    }
                } else if matches!(v.kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
                    push_key(path, &k.name);
                    marked += mark_paths(v, path, in_template, diags);
                    path.truncate(len);
                }
            }
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                if matches!(item.kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
                    use std::fmt::Write as _;
                    let _ = write!(path, "[{i}]");
                    marked += mark_paths(item, path, in_template, diags);
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
    marked
}

/// JSONata: a string `{% … %}` is an expression. Returns how many it marked.
fn mark_jsonata(node: &mut Node) -> usize {
    match &mut node.kind {
        NodeKind::Str(s, _) => {
            let t = s.trim();
            if t == super::write::EMPTY_STRING {
                // The literal an empty string is written as: its value.
                s.clear();
            } else if super::is_jsonata(t) {
                node.kind = NodeKind::Expr(std::mem::take(s));
                return 1;
            }
            0
        }
        NodeKind::Map(entries) => entries.iter_mut().map(|(_, v)| mark_jsonata(v)).sum(),
        NodeKind::Seq(items) => items.iter_mut().map(mark_jsonata).sum(),
        _ => 0,
    }
}
