//! State machines inside CloudFormation and SAM templates.
//!
//! A template (JSON or YAML, its short-form tags read as their long form)
//! whose `Resources` hold an `AWS::StepFunctions::StateMachine` or an
//! `AWS::Serverless::StateMachine` with an inline `Properties.Definition`
//! is read as those state machines, paths spelled from the template's root
//! (`Resources.TrainFlow.Properties.Definition.States.Train…`). Intrinsic
//! functions (`{"Fn::GetAtt": …}`, `!Ref X`) and the `${Name}` placeholders
//! `DefinitionSubstitutions` defines are resolved only when the stack is
//! deployed: they are expressions ([`Language::CloudFormation`]), which no
//! output holds. A definition kept elsewhere (`DefinitionUri`,
//! `DefinitionString`) is not read.

use std::collections::HashSet;
use std::sync::Arc;

use tjspec_runtime::path::push_key;
use tjspec_runtime::{Code, Diagnostic, Node, NodeKind, Out};

use super::super::expression::Language;
use super::super::workflow::Around;
use super::super::{node_out, Expression};
use crate::syntax::{out_json, yaml, SyntaxError};

/// The resource types that hold a state machine.
const TYPES: &[&str] = &[
    "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::StateMachine",
];

/// Whether `text` looks like a template that may hold a state machine:
/// `Resources` at its top and a state machine's type, a template version
/// or SAM's transform.
pub(super) fn sniff(text: &str) -> bool {
    use super::super::registry::is_key;
    is_key(text, "Resources")
        && (TYPES.iter().any(|t| text.contains(t))
            || is_key(text, "AWSTemplateFormatVersion")
            || text.contains("AWS::Serverless-2016-10-31"))
}

/// The documents of a state machine input: a template's YAML is read with
/// CloudFormation's tags, any other input as before.
pub(super) fn parse(text: &str) -> Result<Vec<Node>, SyntaxError> {
    // JSON has no tags: only YAML is looked at for a template.
    if super::read::json_like(text) || !sniff(text) {
        return super::read::parse_tree(text);
    }
    super::read::parse_tree_with(text, yaml::cloudformation_documents)
}

/// What reading a state machine of a template needs to know of it.
#[derive(Debug)]
pub(super) struct Template {
    /// The names `DefinitionSubstitutions` defines.
    substitutions: HashSet<String>,
    /// The template around the state machine, which an output does not keep.
    pub(super) around: Around,
}

/// A state machine definition to read: a document, or a template's.
pub(super) struct Machine {
    pub(super) node: Node,
    /// Its path from the document's root (`Resources.TrainFlow.Properties.Definition`; empty: the root).
    pub(super) path: String,
    pub(super) template: Option<Arc<Template>>,
}

/// Whether `doc` is a template (and not a state machine).
fn is_template(doc: &Node) -> bool {
    if doc.get("States").is_some() {
        return false;
    }
    let Some(Node {
        kind: NodeKind::Map(resources),
        ..
    }) = doc.get("Resources")
    else {
        return false;
    };
    doc.get("AWSTemplateFormatVersion").is_some()
        || doc.get("Transform").is_some()
        || resources.iter().any(|(_, r)| resource_type(r).is_some())
}

fn resource_type(resource: &Node) -> Option<&str> {
    match resource.get("Type").map(|t| &t.kind) {
        Some(NodeKind::Str(t, _)) if TYPES.contains(&t.as_str()) => Some(t),
        _ => None,
    }
}

/// The state machines of one document: the document itself, or each
/// state machine of a template with its definition inline. A state machine
/// whose definition is elsewhere is named (an error when the template has
/// no inline one).
pub(super) fn machines(doc: Node, problems: &mut Vec<Diagnostic>) -> Vec<Machine> {
    if !is_template(&doc) {
        return vec![Machine {
            node: doc,
            path: String::new(),
            template: None,
        }];
    }
    let span = doc.span;
    let NodeKind::Map(top) = doc.kind else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut elsewhere = Vec::new();
    let mut any = false;
    for (key, resources) in top {
        if key.name != "Resources" {
            continue;
        }
        let NodeKind::Map(resources) = resources.kind else {
            continue;
        };
        for (name, resource) in resources {
            let Some(ty) = resource_type(&resource).map(str::to_owned) else {
                continue;
            };
            any = true;
            let mut path = "Resources".to_owned();
            push_key(&mut path, &name.name);
            let Some(NodeKind::Map(properties)) =
                resource.get("Properties").map(|p| p.kind.clone())
            else {
                elsewhere.push(
                    Diagnostic::error(
                        Code::NoJob,
                        format!("the {ty} `{}` has no `Properties.Definition`; tjspec reads a state machine's inline `Definition` only", name.name),
                    )
                    .with_path(path.clone())
                    .with_span(name.span),
                );
                continue;
            };
            let substitutions = properties
                .iter()
                .find(|(k, _)| k.name == "DefinitionSubstitutions")
                .map(|(_, v)| match &v.kind {
                    NodeKind::Map(entries) => entries.iter().map(|(k, _)| k.name.clone()).collect(),
                    _ => HashSet::new(),
                })
                .unwrap_or_default();
            let definition = properties.iter().find(|(k, _)| k.name == "Definition");
            match definition {
                Some((_, definition)) => out.push(Machine {
                    node: definition.clone(),
                    path: format!("{path}.Properties.Definition"),
                    template: Some(Arc::new(Template {
                        substitutions,
                        around: Around::new(
                            path.clone(),
                            name.span,
                            format!(
                                "the CloudFormation template around the state machine `{}` (the resource's other properties, the other resources) is not carried; the output is a state machine definition of its own",
                                name.name
                            ),
                        ),
                    })),
                }),
                None => {
                    let (field, at) = properties
                        .iter()
                        .find(|(k, _)| {
                            matches!(
                                k.name.as_str(),
                                "DefinitionUri" | "DefinitionS3Location" | "DefinitionString"
                            )
                        })
                        .map_or(("Definition", name.span), |(k, _)| (k.name.as_str(), k.span));
                    let why = match field {
                        "DefinitionString" => {
                            "holds its definition as a string (`DefinitionString`)".to_owned()
                        }
                        "Definition" => "has no `Definition`".to_owned(),
                        _ => format!("keeps its definition in a file tjspec does not fetch (`{field}`)"),
                    };
                    elsewhere.push(
                        Diagnostic::error(
                            Code::NoJob,
                            format!(
                                "the {ty} `{}` {why}: tjspec reads a state machine's inline `Definition` only",
                                name.name
                            ),
                        )
                        .with_path(format!("{path}.Properties.{field}"))
                        .with_span(at)
                        .with_hint("convert the definition file itself (a `.asl.json` or `.asl.yaml`), or write the definition inline under `Definition`"),
                    );
                }
            }
        }
    }
    if !any {
        problems.push(
            Diagnostic::error(
                Code::NoJob,
                format!(
                    "the template has no state machine (a resource of type {})",
                    TYPES.join(" or ")
                ),
            )
            .with_span(span),
        );
    }
    // Where other state machines are read, one kept elsewhere fails nothing.
    if !out.is_empty() {
        for d in &mut elsewhere {
            d.severity = tjspec_runtime::Severity::Warning;
        }
    }
    problems.extend(elsewhere);
    out
}

impl Template {
    /// Whether `text` holds one of the `${Name}` placeholders.
    fn has_placeholder(&self, text: &str) -> bool {
        let mut rest = text;
        while let Some(at) = rest.find("${") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find('}') else {
                return false;
            };
            // `${a${Name}`: the name is what follows the last `${`. Each
            // character is looked at a bounded number of times.
            let inner = &rest[..end];
            let name = inner.rfind("${").map_or(inner, |i| &inner[i + 2..]);
            if self.substitutions.contains(name) {
                return true;
            }
            rest = &rest[end..];
        }
        false
    }

    /// Whether `node` is (or holds) a CloudFormation value.
    pub(super) fn holds_value(&self, node: &Node) -> bool {
        if intrinsic(node) {
            return true;
        }
        match &node.kind {
            NodeKind::Str(s, _) | NodeKind::Expr(s) => self.has_placeholder(s),
            NodeKind::Map(entries) => entries.iter().any(|(_, v)| self.holds_value(v)),
            NodeKind::Seq(items) => items.iter().any(|v| self.holds_value(v)),
            _ => false,
        }
    }

    /// Marks every intrinsic function (as its compact JSON) and every
    /// string holding a placeholder in `node` as an expression, leaving
    /// alone the stand-ins of the state machine's own expressions
    /// (`stand_ins`), which [`Template::retag`] has seen to.
    pub(super) fn mark(&self, node: &mut Node, stand_ins: &HashSet<String>) {
        if intrinsic(node) {
            let mut text = String::new();
            if let Some(out) = node_out(node, Out::UserStr) {
                out_json::render(&out, true, out_json::pretty, &mut text);
            }
            node.kind = NodeKind::Expr(text.trim_end().to_owned());
            return;
        }
        match &mut node.kind {
            NodeKind::Str(s, _) if !stand_ins.contains(s.as_str()) && self.has_placeholder(s) => {
                node.kind = NodeKind::Expr(std::mem::take(s));
            }
            NodeKind::Map(entries) => entries
                .iter_mut()
                .for_each(|(_, v)| self.mark(v, stand_ins)),
            NodeKind::Seq(items) => items.iter_mut().for_each(|v| self.mark(v, stand_ins)),
            _ => {}
        }
    }

    /// A state machine expression holding a placeholder is known only once
    /// CloudFormation has put the value in: one of the template's.
    pub(super) fn retag(&self, expressions: &mut [Expression]) {
        for e in expressions {
            if self.has_placeholder(&e.text) {
                e.language = Language::CloudFormation;
            }
        }
    }
}

/// The integration ARN a state's `Resource` names as `{"Fn::Sub":
/// "arn:${AWS::Partition}:states:::…"}`, in the `aws` partition: the one
/// substitution a Task state's ARN takes from its template.
pub(super) fn partition_resource(node: &Node) -> Option<String> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    match entries.as_slice() {
        [(
            k,
            Node {
                kind: NodeKind::Str(arn, _),
                ..
            },
        )] if k.name == "Fn::Sub" => {
            let arn = arn.replace("${AWS::Partition}", "aws");
            (!arn.contains("${")).then_some(arn)
        }
        _ => None,
    }
}

/// An intrinsic function in its long form: an object of one member, `Ref`
/// or `Fn::…`.
pub(super) fn intrinsic(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::Map(entries) if entries.len() == 1
        && (entries[0].0.name == "Ref" || entries[0].0.name.starts_with("Fn::")))
}
