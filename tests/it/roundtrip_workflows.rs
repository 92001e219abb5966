//! Property: any canonical job of either resource survives a Step Functions
//! state machine and a SageMaker Pipelines definition (write → read) as the
//! create request they carry (CreateTrainingJob,
//! CreateHyperParameterTuningJob): status members are left out (each named
//! as a loss), everything else comes back unchanged, in both query
//! languages.

use crate::common::arbitrary;
use crate::common::roundtrip::read_tree;

use proptest::prelude::*;
use tjspec::format::{Doc, FormatId, Lost, ReadOptions, WriteOptions};
use tjspec::overrides::to_node;
use tjspec::source::Source;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::{Job, ResourceId, TrainingJob};
use tjspec_runtime::{Write, WriteCx};

/// `job` written in `format` with `options`, read back; any finding fails.
fn through(
    format: FormatId,
    job: &TrainingJob,
    options: &WriteOptions,
) -> (TrainingJob, Vec<Lost>) {
    let (back, losses) = through_job(format, &job.clone().into(), options);
    (crate::common::training_job(Some(back)), losses)
}

/// [`through`] for a job of any resource.
fn through_job(format: FormatId, job: &Job, options: &WriteOptions) -> (Job, Vec<Lost>) {
    let doc = Doc::new(job.clone());
    let mut losses = Vec::new();
    let _ = format.format().write(&doc, options, &mut losses);
    let bytes = tjspec::render(format, std::slice::from_ref(&doc), options).unwrap();
    let text = String::from_utf8(bytes).expect("a text format");
    let mut docs = format.format().read(
        &Source::new("t.json", text.clone()),
        &ReadOptions::default(),
    );
    assert_eq!(docs.len(), 1, "{text}");
    let doc = docs.remove(0);
    assert!(doc.diagnostics.is_empty(), "{:?}\n{text}", doc.diagnostics);
    (doc.job.expect("a job"), losses)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn sfn_and_sm_pipeline_round_trip(tree in arbitrary::job_tree()) {
        let job = read_tree(&tree);
        let request = read_tree(&to_node(&job.write(&mut WriteCx::new(&AWS, false))));
        let status = request != job;
        for (format, language) in [
            (FormatId::Sfn, None),
            (FormatId::Sfn, Some(tjspec::format::sfn::QueryLanguage::Jsonata)),
            (FormatId::SmPipeline, None),
        ] {
            let options = WriteOptions::new()
                .include_status(true)
                .sfn_query_language(language);
            let (back, losses) = through(format, &job, &options);
            // A value the state's language would read otherwise (a map key
            // ending in `.$`, a string `{% … %}`) is named; all else
            // comes back unchanged.
            let (altered, left_out): (Vec<&Lost>, Vec<&Lost>) =
                losses.iter().partition(|l| matches!(l, Lost::Altered { .. }));
            if altered.is_empty() {
                prop_assert_eq!(&back, &request);
            } else {
                prop_assert_ne!(&back, &request);
            }
            // Each status member left out is named.
            prop_assert_eq!(!left_out.is_empty(), status);
        }
    }

    #[test]
    fn tuning_jobs_round_trip_through_sfn_and_sm_pipeline(
        tree in arbitrary::resource_tree(ResourceId::HyperParameterTuningJob),
    ) {
        let resource = ResourceId::HyperParameterTuningJob;
        let job = crate::common::roundtrip::read_resource_tree(resource, &tree);
        let request = crate::common::roundtrip::read_resource_tree(
            resource,
            &to_node(&job.write(&mut WriteCx::new(&AWS, false))),
        );
        let status = request != job;
        for (format, language) in [
            (FormatId::Sfn, None),
            (FormatId::Sfn, Some(tjspec::format::sfn::QueryLanguage::Jsonata)),
            (FormatId::SmPipeline, None),
        ] {
            let options = WriteOptions::new()
                .include_status(true)
                .sfn_query_language(language);
            let (back, losses) = through_job(format, &job, &options);
            prop_assert_eq!(back.resource(), resource);
            prop_assert_eq!(&back, &request);
            prop_assert_eq!(!losses.is_empty(), status);
        }
    }
}
