//! Helpers of the round-trip properties: jobs from generated AWS trees, and
//! a job through a format's writer and reader.
#![allow(dead_code)]

use tjspec::format::{Doc, FormatId, ReadOptions, WriteOptions};
use tjspec::source::Source;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::TrainingJob;
use tjspec_runtime::{Node, Read, ReadCx};

/// The job a generated AWS tree reads as (it must read cleanly).
pub fn read_tree(tree: &Node) -> TrainingJob {
    let mut cx = ReadCx::new(&AWS, tjspec_runtime::ReadOptions::default(), "");
    let job = TrainingJob::read(tree, &mut cx);
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    job.unwrap()
}

/// The job of `resource` a generated AWS tree reads as (it must read cleanly).
pub fn read_resource_tree(resource: tjspec_model::ResourceId, tree: &Node) -> tjspec_model::Job {
    let mut cx = ReadCx::new(&AWS, tjspec_runtime::ReadOptions::default(), "");
    let job = resource.read(tree, &mut cx);
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    job.unwrap()
}

/// Writes `job` (status included) in `format`, reads the text back from a
/// file called `name` and returns the job read; any finding fails.
pub fn through(format: FormatId, job: &TrainingJob, name: &str) -> TrainingJob {
    match through_job(format, &job.clone().into(), name) {
        tjspec_model::Job::TrainingJob(j) => j,
        other => panic!("read back as another resource: {other:?}"),
    }
}

/// [`through`] for a job of any resource.
pub fn through_job(format: FormatId, job: &tjspec_model::Job, name: &str) -> tjspec_model::Job {
    let doc = Doc::new(job.clone());
    let options = WriteOptions::new().include_status(true);
    let bytes = tjspec::render(format, std::slice::from_ref(&doc), &options).unwrap();
    let text = String::from_utf8(bytes).expect("a text format");
    let mut docs = format
        .format()
        .read(&Source::new(name, text.clone()), &ReadOptions::default());
    assert_eq!(docs.len(), 1, "{text}");
    let doc = docs.remove(0);
    assert!(doc.diagnostics.is_empty(), "{:?}\n{text}", doc.diagnostics);
    doc.job.unwrap()
}
