//! Property: any canonical job survives a Step Functions state machine and
//! a SageMaker Pipelines definition (write → read) unchanged.

use crate::common::arbitrary;
use crate::common::roundtrip::{read_tree, through};

use proptest::prelude::*;
use tjspec::format::FormatId;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn sfn_and_sm_pipeline_round_trip(tree in arbitrary::job_tree()) {
        let job = read_tree(&tree);
        prop_assert_eq!(&through(FormatId::Sfn, &job, "t.asl.json"), &job);
        prop_assert_eq!(&through(FormatId::SmPipeline, &job, "t.json"), &job);
    }
}
