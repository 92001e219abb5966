//! Writing a job as a pipeline definition with one Training step (several
//! jobs of one output are joined into one definition by `join`).

use std::borrow::Cow;

use tjspec_model::bindings::aws::AWS;
use tjspec_runtime::{Node, NodeKind, Out};

use super::super::expression::{self, Language};
use super::super::workflow::{around_losses, kept_items, Workflow};
use super::super::{envelope_losses, node_out, Doc, FormatId, Lost, WriteOptions};
use super::VERSION;

/// Step names are at most 64 characters.
pub(super) const MAX_STEP_NAME: usize = 64;

/// A document tree as an output value that owns its text.
fn owned(node: Node) -> Out<'static> {
    match node.kind {
        NodeKind::Null => Out::Map(Vec::new()),
        NodeKind::Bool(b) => Out::Bool(b),
        NodeKind::Int(i) => i64::try_from(i).map_or(Out::Float(i as f64), Out::Int),
        NodeKind::Float(f) => Out::Float(f),
        NodeKind::Str(s, _) | NodeKind::Expr(s) => Out::UserStr(Cow::Owned(s)),
        NodeKind::Seq(items) => Out::Seq(items.into_iter().map(owned).collect()),
        NodeKind::Map(entries) => Out::Map(
            entries
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (Cow::Owned(k.name), owned(v)))
                .collect(),
        ),
    }
}

/// A Pipelines function as its JSON object again (it was read from one).
fn function_out(text: &str) -> Out<'static> {
    match crate::syntax::json::parse_values(text) {
        Ok(mut values) if values.len() == 1 => owned(values.remove(0)),
        _ => Out::UserStr(Cow::Owned(text.to_owned())),
    }
}

/// The step's name: the label (a step or state name, a Terraform block
/// label), else the job name, else `Train`.
fn step_name(doc: &Doc) -> String {
    let name_is_expression = doc.envelope.expressions.iter().any(|e| {
        let r = doc.job.resource();
        r.name_member()
            .is_some_and(|i| e.canon.0 == [tjspec_runtime::Seg::Member(r.shape(), i)])
    });
    doc.envelope
        .label
        .clone()
        .or_else(|| {
            (!name_is_expression)
                .then(|| doc.job.name().map(str::to_owned))
                .flatten()
        })
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Train".to_owned())
        .chars()
        .take(MAX_STEP_NAME)
        .collect()
}

/// The step's dependencies (`DependsOn`, at `path`) that the output can
/// hold: one on a step that is not a job (a Processing step, passed over)
/// would name a step the output does not have, which the service refuses,
/// so it is left out and named as a loss. Dependencies on other jobs'
/// steps stay: joining rewrites them to the names the steps get.
fn depends_on<'a>(
    path: &str,
    node: &'a Node,
    workflow: &Workflow,
    losses: &mut Vec<Lost>,
) -> Option<Out<'a>> {
    kept_items(path, node, losses, |item| {
        match &item.kind {
        NodeKind::Str(name, _) if !workflow.is_job(name) => Some(format!(
            "the dependency on step `{name}` is not carried: it is not a Training or Tuning step, so the output does not have it"
        )),
        _ => None,
    }
    })
}

pub(super) fn write<'a>(doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
    let mut request = super::super::sfn::request(doc, options, losses);
    expression::restore(
        &mut request,
        &doc.envelope,
        &AWS,
        |l| l == Language::PipelineFunction,
        |v, e| *v = function_out(&e.text),
    );
    let from_pipeline = doc.envelope.from == Some(FormatId::SmPipeline);
    if !from_pipeline {
        envelope_losses(&doc.envelope, losses);
    }
    let mut step: Vec<(Cow<'a, str>, Out<'a>)> = vec![
        (
            Cow::Borrowed("Name"),
            Out::UserStr(Cow::Owned(step_name(doc))),
        ),
        (
            Cow::Borrowed("Type"),
            Out::Str(Cow::Borrowed(super::step_type(doc.job.resource()))),
        ),
        (Cow::Borrowed("Arguments"), request),
    ];
    let mut parameters = Out::Seq(Vec::new());
    if from_pipeline {
        around_losses(&doc.envelope, losses);
        for (path, node) in &doc.envelope.extras {
            let field = path.rsplit('.').next().unwrap_or(path);
            let value = match (field, &doc.envelope.workflow) {
                ("DependsOn", Some(workflow)) => depends_on(path, node, workflow, losses),
                _ => node_out(node, Out::UserStr),
            };
            if let Some(v) = value {
                step.push((Cow::Borrowed(field), v));
            }
        }
        if let Some(p) = doc
            .envelope
            .implied
            .iter()
            .find(|(k, _)| k == "Parameters")
            .and_then(|(_, v)| node_out(v, Out::UserStr))
        {
            parameters = p;
        }
    }
    Out::Map(vec![
        (Cow::Borrowed("Version"), Out::Str(Cow::Borrowed(VERSION))),
        (Cow::Borrowed("Metadata"), Out::Map(Vec::new())),
        (Cow::Borrowed("Parameters"), parameters),
        (Cow::Borrowed("Steps"), Out::Seq(vec![Out::Map(step)])),
    ])
}
