//! Where a job sat in a workflow document that holds several jobs as its
//! parts (a Step Functions state machine, a SageMaker Pipelines
//! definition): what the reader records, so that writers of the same
//! format can name what they do not keep, and joining can rewrite
//! references between the jobs of one document.

use std::collections::BTreeSet;
use std::sync::Arc;

use tjspec_runtime::{Node, NodeKind, Out, Span};

use super::{node_out, Envelope, Lost};

/// Where a job sat in its workflow document.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Workflow {
    /// The input document the job was read from (its input's name and its
    /// position there, see [`document`]). Joining rewrites a reference
    /// only between jobs of one document: another document's state or
    /// step of the same name is another one.
    pub document: String,
    /// The parts of the workflow around the job, outermost first: a
    /// `Parallel` branch, a `Map` processor, a `Condition` branch.
    pub around: Vec<Around>,
    /// The names of the document's jobs (its training and tuning states or
    /// steps), shared by its jobs: what a reference from one job may name
    /// and still find in an output of the same format.
    pub jobs: Arc<BTreeSet<String>>,
}

/// A part of the workflow around a job.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Around {
    /// Its path in the input (`States.Fan.Branches[0]`,
    /// `Steps[2].Arguments.IfSteps`).
    pub path: String,
    /// Where the input has it.
    pub span: Option<Span>,
    /// What an output that sets the job at its top level does not keep,
    /// in one sentence.
    pub reason: String,
}

impl Around {
    /// A part at `path`, written at `span`: a finding points at where it
    /// begins (the whole would quote every line of it).
    pub fn new(path: String, span: Span, reason: String) -> Self {
        Around {
            path,
            span: Some(Span::new(span.line, span.col, span.len.min(1))).filter(|s| s.is_known()),
            reason,
        }
    }
}

impl Workflow {
    /// Whether `name` is one of the document's jobs.
    pub fn is_job(&self, name: &str) -> bool {
        self.jobs.contains(name)
    }
}

/// The identity of the document at `position` in the input `name`.
pub fn document(name: &str, position: usize) -> String {
    format!("{name}#{position}")
}

/// What a writer of the job's own workflow format does not keep of the
/// parts around it: each one a loss.
pub(crate) fn around_losses(envelope: &Envelope, losses: &mut Vec<Lost>) {
    for around in envelope.workflow.iter().flat_map(|w| &w.around) {
        losses.push(Lost::Workflow {
            path: around.path.clone(),
            span: around.span,
            reason: around.reason.clone(),
        });
    }
}

/// A list of a step's or state's own field (at `path`) as the output keeps
/// it: an item `left_out` gives a reason for (a reference to a part of the
/// workflow the output does not have) is named as a loss and dropped;
/// `None` when nothing is left. A value that is not a list is kept as it is.
pub(crate) fn kept_items<'a>(
    path: &str,
    node: &'a Node,
    losses: &mut Vec<Lost>,
    left_out: impl Fn(&Node) -> Option<String>,
) -> Option<Out<'a>> {
    let NodeKind::Seq(items) = &node.kind else {
        return node_out(node, Out::UserStr);
    };
    let mut kept = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match left_out(item) {
            Some(reason) => losses.push(Lost::Workflow {
                path: format!("{path}[{i}]"),
                span: Some(item.span).filter(|s| s.is_known()),
                reason,
            }),
            None => kept.extend(node_out(item, Out::UserStr)),
        }
    }
    (!kept.is_empty()).then_some(Out::Seq(kept))
}
