//! Writing a manifest of the SageMaker operator: the job's members nested
//! again under `spec` and `status` in the operator's spelling, the region
//! and the operator's own fields put in, `metadata` put back.

use std::borrow::Cow;

use tjspec_model::bindings::sm_operator::SM_OPERATOR;
use tjspec_runtime::{Out, Write, WriteCx};

use super::super::kubernetes;
use super::super::{Doc, FormatId, Lost, WriteOptions};
use super::{custom_resource, pairs, region, REGION};

type Entries<'a> = Vec<(Cow<'a, str>, Out<'a>)>;

/// Writes one job as a manifest; members and envelope parts the operator
/// cannot carry go to `losses`.
pub fn write_manifest<'a>(doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
    let crd = custom_resource(doc.job.resource());
    let job = doc.job.resource().shape();
    let mut cx = WriteCx::new(&SM_OPERATOR, options.include_status);
    let flat = doc.job.write(&mut cx);
    losses.extend(cx.losses.into_iter().map(Lost::Field));
    let Out::Map(flat) = flat else {
        unreachable!("a job writes as a map")
    };
    let mut spec: Entries<'a> = Vec::new();
    let mut status: Entries<'a> = Vec::new();
    if let Some(r) = region(doc, options) {
        spec.push((
            Cow::Borrowed("region"),
            Out::Str(Cow::Owned(r.region().to_owned())),
        ));
    }
    let mut lost = Vec::new();
    for (key, value) in flat {
        let value = match SM_OPERATOR.member(job, &key) {
            Some(i) => match pairs::member_out(job, i, value, &mut Vec::new(), &mut lost) {
                Some(v) => v,
                None => continue,
            },
            None => value,
        };
        let (section, name) = key
            .split_once('.')
            .expect("the binding puts job members under spec and status");
        let name = Cow::Owned(name.to_owned());
        match section {
            "spec" => spec.push((name, value)),
            _ => status.push((name, value)),
        }
    }
    losses.extend(lost.into_iter().map(Lost::Field));
    // The name SageMaker has the job under, beside its state.
    if !status.is_empty() {
        if let Some(name) = doc.job.name() {
            let field = crd.sagemaker_name.trim_start_matches("status.");
            status.push((Cow::Borrowed(field), Out::Str(Cow::Borrowed(name))));
        }
    }
    // Envelope parts: the operator's own come back, anything else is lost.
    let from_operator = doc.envelope.from == Some(FormatId::SmOperator);
    for (path, node) in &doc.envelope.extras {
        let span = Some(node.span).filter(|s| s.is_known());
        let kept = from_operator.then(|| path.split_once('.')).flatten();
        match kept {
            // Written above, from the region this output gets.
            Some(_) if path == REGION => {}
            Some(("spec", name)) => {
                if let Some(v) = super::super::node_out(node, Out::Str) {
                    spec.push((Cow::Borrowed(name), v));
                }
            }
            Some(("status", name)) => {
                if !options.include_status {
                    continue;
                }
                let Some(v) = super::super::node_out(node, Out::Str) else {
                    continue;
                };
                match name.split_once('.') {
                    // A field the operator adds inside a member's object:
                    // back in it when the job has that member.
                    Some((member, field)) => match status.iter_mut().find(|(k, _)| k == member) {
                        Some((_, Out::Map(inner))) => inner.push((Cow::Borrowed(field), v)),
                        _ => losses.push(Lost::Envelope {
                            path: path.clone(),
                            span,
                        }),
                    },
                    None => status.push((Cow::Borrowed(name), v)),
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
            Out::Str(Cow::Borrowed(crd.api_version)),
        ),
        (Cow::Borrowed("kind"), Out::Str(Cow::Borrowed(crd.kind))),
        (
            Cow::Borrowed("metadata"),
            kubernetes::write_metadata(doc, options, Out::Str),
        ),
        (Cow::Borrowed("spec"), Out::Map(spec)),
    ];
    if !status.is_empty() {
        out.push((Cow::Borrowed("status"), Out::Map(status)));
    }
    Out::Map(out)
}
