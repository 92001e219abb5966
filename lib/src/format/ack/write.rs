//! Writing an ACK manifest: the job's members nested again under `spec`
//! and `status`, `metadata` and ACK-only parts put back.

use std::borrow::Cow;

use tjspec_model::bindings::ack::ACK;
use tjspec_runtime::{Node, Out, Write, WriteCx};

use super::super::kubernetes;
use super::super::{Doc, FormatId, Lost, WriteOptions};
use super::arn_parts;

/// A document-tree value as output (nulls are absent everywhere).
fn node_out(node: &Node) -> Option<Out<'_>> {
    super::super::node_out(node, Out::Str)
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
    // The pipeline writes only resources the format declares it carries.
    let crd = tjspec_model::ack::of(doc.job.resource()).expect("ACK has the resource");
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
